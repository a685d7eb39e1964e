"""Event extraction tables: an Arabic bulletin sentence → the rows a careful coder writes.

Sentences are written for these tests in the style of the bulletins, from the codebook's
rules (§3 taxonomy, §4 actors, §5 places, §6 numbers, §7 dates, §9 non-events).
"""
import pytest

from analysis.extract import extract_document
from analysis.extract.actors import ActorHit
from analysis.extract.clauses import Piece
from analysis.extract.cues import Cue
from analysis.extract.quantities import CasualtyMention
from analysis.extract.scope import SPREAD, is_event, may_be_event
from analysis.extract.units import Unit
from analysis.ingest import Document
from analysis.places.locate import Located


def run(text, published="2017-09-09", doc_id="t"):
    return extract_document(Document(doc_id=doc_id, text=text, published=published,
                                     published_basis="metadata" if published else "none"))


def events(text, **kw):
    return run(text, **kw).events


# sentence → (sub_event_type, actor1, admin1, killed, wounded)
ONE_EVENT = [
    ("شن الطيران الحربي الروسي غارات جوية على بلدة كفرنبل بريف إدلب الجنوبي، ما أدى لسقوط ثلاثة شهداء من المدنيين.",
     ("air_drone_strike", "russia", "SY-ID", 3, None)),
    ("تعرضت مدينة اللطامنة بريف حماة الشمالي لقصف مدفعي من قبل قوات الأسد دون تسجيل أي إصابات.",
     ("shelling_artillery_missile_attack", "government", "SY-HM", 0, 0)),
    ("اندلعت اشتباكات عنيفة بين الثوار وقوات الأسد على جبهة حي جوبر الدمشقي، وتمكن الثوار من قتل خمسة عناصر من قوات الأسد.",
     ("armed_clash", "opposition", "SY-DI", 5, None)),
    ("انفجرت عبوة ناسفة بسيارة مدنية في مدينة الباب بريف حلب الشرقي، ما أسفر عن مقتل مدنيين اثنين.",
     ("remote_explosive_landmine_ied", "unknown", "SY-HL", 2, None)),
    ("فجر انتحاري نفسه بحزام ناسف في سوق شعبي بمدينة إعزاز في ريف حلب الشمالي، ما أدى لمقتل 12 مدنيا بينهم 4 أطفال.",
     ("suicide_bomb", "unknown", "SY-HL", 12, None)),
    ("شنت قوات الأسد حملة دهم واعتقالات في بلدة التل بريف دمشق بحثا عن مطلوبين للخدمة العسكرية.",
     ("arrests", "government", "SY-RD", None, None)),
    ("خرجت مظاهرة حاشدة في مدينة معرة النعمان بريف إدلب الجنوبي طالبت بإسقاط النظام.",
     ("peaceful_protest", "protesters", "SY-ID", None, None)),
    ("استشهد طفل برصاص قناص تابع لقوات الأسد في حي الوعر بمدينة حمص.",
     ("attack", "government", "SY-HI", 1, None)),
    ("أصيب ثلاثة مدنيين بجروح جراء سقوط قذائف هاون أطلقتها قوات النظام على مدينة دوما في الغوطة الشرقية.",
     ("shelling_artillery_missile_attack", "government", "SY-RD", None, 3)),
    ("اغتال مسلحون مجهولون قياديا في فصائل المعارضة بإطلاق النار عليه في مدينة درعا.",
     ("attack", "unknown", "SY-DR", 1, None)),
    ("قصف الطيران الحربي التابع للتحالف الدولي مواقع لتنظيم الدولة في مدينة البوكمال بريف دير الزور، ما أدى لمقتل عشرة عناصر من التنظيم.",
     ("air_drone_strike", "coalition", "SY-DY", 10, None)),
    ("هز انفجار قوي مبنى نقابة المهندسين في مدينة اللاذقية مما أسفر عن خسائر مادية كبيرة.",
     ("remote_explosive_landmine_ied", "unknown", "SY-LA", None, None)),
    ("نفذ أكثر من ألف شخص اعتصاما عند دوار الزراعة في مدينة اللاذقية.",
     ("peaceful_protest", "protesters", "SY-LA", None, None)),
    ("ألقى تنظيم داعش القبض على شخصين في مدينة الرقة.", ("arrests", "isis", "SY-RA", None, None)),
    ("أمطرت فصائل المعارضة بلدتي الفوعة وكفريا بريف إدلب بالقذائف الصاروخية.",
     ("shelling_artillery_missile_attack", "opposition", "SY-ID", None, None)),
    ("كبدت الفصائل قوات النظام خسائر فادحة في حي جوبر الدمشقي.", ("armed_clash", "opposition", "SY-DI", None, None)),
    ("قتل تسعة عناصر من قوات النظام في هجوم شنه مسلحو تنظيم داعش على حاجز في ريف حمص.",
     ("armed_clash", "isis", "SY-HI", 9, None)),
    ("من جهة أخرى، كثف الجيش السوري غاراته الجوية على مواقع المعارضة في جبل الأكراد بريف اللاذقية.",
     ("air_drone_strike", "government", "SY-LA", None, None)),
    # "بعد منتصف ليل أمس" is a time of day, not a subordinate clause
    ("بعد منتصف ليل أمس قصفت قوات النظام بلدة كفرنبل بريف إدلب.",
     ("shelling_artillery_missile_attack", "government", "SY-ID", None, None)),
    # a toll that rose is one event's, not a summary; victims and a weapon, no cue: the weapon types it
    ("ارتفعت حصيلة قتلى القذائف الصاروخية التي سقطت على أحياء عدة في دمشق إلى 11 قتيلا.",
     ("shelling_artillery_missile_attack", None, "SY-DI", 11, None)),
    # the gazetteer's الغارية is in As-Suwayda; "بريف درعا" right after it says this one is not
    ("ارتفعت حصيلة غارات الطيران الحربي السوري على بلدة الغارية الغربية بريف درعا الشرقي إلى 15 قتيلا.",
     ("air_drone_strike", "government", "SY-DR", 15, None)),
]


@pytest.mark.parametrize("text, expected", ONE_EVENT, ids=[f"event-{i}" for i in range(len(ONE_EVENT))])
def test_one_event(text, expected):
    evs = events(text)
    assert len(evs) == 1, [e["text"] for e in evs]
    e = evs[0]
    assert (e["sub_event_type"], e["actor1"], e["admin1"], e["killed"], e["wounded"]) == expected
    assert text[e["char_start"]:e["char_end"]] == e["text"]


@pytest.mark.parametrize("text", [
    "قال وزير الخارجية الفرنسي إن رحيل الأسد ليس شرطا لاستئناف العملية السياسية في سوريا.",
    "توفي رجل مسن إثر مرض عضال في مدينة حمص.",
    "طالب مجلس الأمن بتطبيق القرار 2139 الخاص بإدخال المساعدات إلى سوريا.",
    "تسعى قوات النظام للسيطرة على مدينة دير الزور خلال الأيام القادمة.",
    "والجدير بالذكر أن ريف حماة يشهد خلال الأسابيع الأخيرة معارك ضارية بين الطرفين.",
    "نشر التحالف الدولي بيانا أكد فيه أن طائراته راقبت الحافلات الـ 11 دون أن تستهدفها.",
    "يسيطر تنظيم الدولة على معظم مناطق ريف دير الزور الشرقي.",
    "يحفر الجنود خندقا في منطقة الألغام المتاخمة للحدود شمال مدينة حلب.",
    "يجري الجيش تدريبات على العمليات الهجومية في بادية حمص.",
    "أعلنت المفوضية فشل الوزراء في التوصل إلى اتفاق حول توزيع اللاجئين.",
    "وقصفت قوات النظام مدينة حمص بالبراميل المتفجرة في 16 مايو الماضي.",
    "قامت الفرق الهندسية بنزع الألغام من الطريق الواصل إلى مدينة تدمر.",
    "تشهد المدينة منذ أسابيع اشتباكات متقطعة بين الفصائل في ريف درعا.",
    "وإذا انتزعت فصائل الجبهة الجنوبية السيطرة على مدينة درعا فإن ذلك سيعجل بتقدمها صوب دمشق.",
    "ولو قصفت قوات النظام بلدة كفرنبل بريف إدلب لردت الفصائل على الفور.",
    # "فجر الأحد" is Sunday's dawn, not "blew up"
    "حاول عناصر الأمن فجر الأحد دخول مدينة داريا بريف دمشق.",
    "ولفت إلى مقتل 2927 من تنظيم داعش جراء غارات التحالف على مقار التنظيم في محافظات حماة وحلب وحمص والرقة.",
])
def test_not_an_event(text):
    assert events(text) == []


# Counts over a period and recalled events stay in the table, apart from the totals: scope,
# and a date that is never the publication date. Published 2017-09-09 (see `run`).
SCOPED = [
    ("وأكد المرصد أن 173 مدنيا قتلوا جراء هذه الغارات خلال هذه الفترة.", "period_total"),
    ("وثقت الشبكة مقتل 4844 مدنيا بغارات الطيران منذ بداية العام.", "period_total"),
    ("قتل 210 مدنيين خلال شهر آب في محافظة إدلب.", "period_total"),
    ("قتل أكثر من 250 ألف شخص منذ 2011 في سوريا.", "period_total"),
    ("وفي عام 2012 قتل أكثر من 40 ألف شخص في الصراع.", "past"),
    ("وكانت قوات النظام قتلت 40 مدنيا في حزيران الماضي في بلدة كفرنبل بريف إدلب.", "past"),
    ("في ذكرى مجزرة الحولة التي راح ضحيتها 108 مدنيين في ريف حمص.", "past"),
]


@pytest.mark.parametrize("text, scope", SCOPED)
def test_counts_over_a_period_and_recalled_events_are_kept_apart(text, scope):
    (e,) = events(text)
    assert e["scope"] == scope
    assert e["event_date"] != "2017-09-09"


def test_clauses_of_one_sentence_are_separate_events():
    text = ("شن الطيران الحربي غارات على مدينة خان شيخون بريف إدلب الجنوبي، في حين تعرضت بلدة التمانعة "
            "لقصف مدفعي من قبل قوات الأسد، ورد الثوار باستهداف مواقع قوات الأسد في قرية أبو دالي بقذائف الهاون.")
    got = [(e["sub_event_type"], e["actor1"]) for e in events(text)]
    assert got == [("air_drone_strike", "unknown"), ("shelling_artillery_missile_attack", "government"),
                   ("shelling_artillery_missile_attack", "opposition")]


def test_continuation_with_same_side_and_place_is_one_event():
    text = ("أعلن جيش الإسلام عن قتل ثمانية عناصر من قوات الأسد في كمين على جبهة بلدة حوش الضواهرة، "
            "كما تمكن الجيش أيضا من تدمير دبابة أثناء محاولتها التقدم.")
    evs = events(text)
    assert len(evs) == 1 and evs[0]["killed"] == 8 and evs[0]["actor1"] == "opposition"


@pytest.mark.parametrize("text, published, date, precision", [
    ("قصفت قوات الأسد أمس بلدة كفرنبل بقذائف الهاون.", "2017-09-09", "2017-09-08", "day"),
    ("قصفت قوات الأسد اليوم بلدة كفرنبل بقذائف الهاون.", "2017-09-09", "2017-09-09", "day"),
    ("قصفت قوات الأسد بلدة كفرنبل بقذائف الهاون.", "2017-09-09", "2017-09-09", "day"),
    ("قصفت قوات الأسد بلدة كفرنبل بقذائف الهاون.", None, None, "none"),
])
def test_event_date(text, published, date, precision):
    (e,) = events(text, published=published)
    assert (e["event_date"], e["date_precision"]) == (date, precision)


def test_elaboration_place_does_not_move_the_event():
    text = ("سقط صاروخ أرض أرض أطلقته البوارج الروسية قرب قرية باريسا بريف إدلب الشرقي دون إصابات، "
            "حيث يعتقد أن الصاروخ كان متوجها إلى دير الزور.")
    (e,) = events(text)
    assert e["admin1"] == "SY-ID" and e["actor1"] == "russia"


# "استهدف": the side right after the verb is its subject when the verb opens its clause (VSO),
# its target after a subject (SVO) or in a relative clause after a noun; a backer is no party.
@pytest.mark.parametrize("text, actor1, actor2", [
    ("وبالمقابل استهدفت الفصائل بعدة قذائف مواقع لقوات النظام في منطقة الزلاقيات بريف حماة.",
     "opposition", "government"),
    ("استهدف الطيران الحربي الروسي مواقع لتنظيم الدولة في مدينة البوكمال بريف دير الزور.", "russia", "isis"),
    ("وفي ريف الحسكة الغربي، استهدف تنظيم داعش بدراجة نارية مفخخة حاجزا لقوات النظام في مدينة رأس العين.",
     "isis", "government"),
    ("قوات الأسد استهدفت الثوار بالرشاشات الثقيلة في حي جوبر الدمشقي.", "government", "opposition"),
    ("انفجرت عبوة ناسفة استهدفت قوات النظام في مدينة درعا.", "unknown", "government"),
    ("شنت قوات الأسد حملة استهدفت الثوار في مدينة درعا.", "government", "opposition"),
    # a side named after "المدعومة من قبل", "بدعم من" backs another: not a party
    ("تدور اشتباكات عنيفة في محيط قرية الباغوز بريف دير الزور، بين قوات سوريا الديمقراطية المدعمة من قبل "
     "التحالف الدولي من جهة، وبين عناصر من تنظيم داعش من جهة أخرى.", "sdf", "isis"),
    ("اندلعت اشتباكات بين قوات النظام المدعومة بالميليشيات الإيرانية وفصائل المعارضة في ريف حماة الشمالي.",
     "government", "opposition"),
    ("اندلعت اشتباكات بين فصائل المعارضة المدعومة من تركيا وقوات سوريا الديمقراطية في ريف حلب الشمالي.",
     "opposition", "sdf"),
    ("قصفت قوات النظام بمساندة الميليشيات الإيرانية بلدة كفرنبل بريف إدلب.", "government", None),
    # "بين X وY من جهة، وZ من جهة أخرى": X is actor1, Z actor2; Y is on X's side
    ("دارت اشتباكات عنيفة بين قوات النظام وحزب الله من طرف، والفصائل المقاتلة من طرف آخر في محيط بلدة عقرب "
     "بريف حماة.", "government", "opposition"),
    ("تدور اشتباكات بين الفصائل الإسلامية من جهة، وقوات النظام والمسلحين الموالين لها من جهة أخرى في حي جوبر "
     "الدمشقي.", "opposition", "government"),
    ("استمرت الاشتباكات بين مقاتلين محليين من جهة، وقوات النظام وحزب الله من جهة أخرى في مدينة الزبداني.",
     "government", None),
    ("استمرت الاشتباكات بين قوات النظام وحزب الله من جهة وبين فصائل معارضة بينها جبهة النصرة في مدينة الزبداني.",
     "government", "opposition"),
    # after a fire word, ل + a side names who fired; elsewhere whose target it is
    ("ارتقى ثلاثة شهداء مدنيين جراء قصف مدفعي لقوات الأسد على مدينة اللطامنة بريف حماة.", "government", "civilians"),
    ("استشهد شاب برصاص قناص لقوات الأسد في حي جوبر الدمشقي.", "government", None),
    ("تمكن الثوار من تدمير دبابة لقوات الأسد بصاروخ تاو على جبهة الزلاقيات بريف حماة.", "opposition", "government"),
    ("قضى طفلان جراء غارة جوية روسية على بلدة كفرنبل بريف إدلب الجنوبي.", "russia", None),
    # a country named as a border is a place, not a side
    ("فجر انتحاري نفسه بسيارة مفخخة على حاجز للوحدات الكردية جنوب مدينة كوباني الحدودية مع تركيا.", "unknown", "sdf"),
    # in a protest the crowd is actor1, whoever else is named is actor2
    ("تظاهر العشرات في مدينة سلقين بريف إدلب احتجاجا على قصف قوات النظام للمدينة.", "protesters", "government"),
    # a cue word inside a side's name ("تحرير") reports no capture
    ("خرجت مظاهرة في مدينة إدلب ضد ممارسات هيئة تحرير الشام.", "protesters", "hts"),
    ("اعتقلت هيئة تحرير الشام ناشطا إعلاميا في مدينة سرمدا بريف إدلب.", "hts", None),
    # "استهداف X": X did it when an object follows, else X was hit
    ("قتل طفلان جراء استهداف قوات الأسد قرية المكرمية شرق مدينة تلبيسة بقذائف الهاون.", "government", None),
    ("قتل ثلاثة عناصر جراء استهداف قوات النظام بعبوة ناسفة في مدينة درعا.", "unknown", "government"),
    # the side that holds the place hit is on the target side
    ("هز انفجار ضخم مدينة الميادين الخاضعة لسيطرة قوات النظام في ريف دير الزور الشرقي.", "unknown", "government"),
    ("قصفت الدبابات التركية قرية تسيطر عليها الوحدات الكردية في ريف حلب الشمالي.", "turkey", "sdf"),
    # "ردا على …" is the reason, not the event
    ("أعلنت فصائل المعارضة استهداف مقرات النظام في مدينة درعا ردا على استهداف قوات الأسد للمدنيين.",
     "opposition", "government"),
])
def test_roles_of_the_sides(text, actor1, actor2):
    (e,) = events(text)
    assert (e["actor1"], e["actor2"]) == (actor1, actor2)


@pytest.mark.parametrize("published, actor1, actor2", [
    ("2017-03-07", "government", None),
    ("2025-03-07", "transitional_government", "pro_government_militias"),
])
def test_actor_lexicon_is_dated(published, actor1, actor2):
    text = "اندلعت اشتباكات بين الجيش السوري وفلول النظام في مدينة جبلة بريف اللاذقية."
    (e,) = events(text, published=published)
    assert (e["actor1"], e["actor2"]) == (actor1, actor2)


def test_back_reference_takes_the_actor_last_named():
    text = ("شن تنظيم الدولة هجوما على مواقع قوات النظام في مدينة السخنة بريف حمص الشرقي.\n"
            "وتمكن التنظيم من تدمير دبابة في محيط المدينة وقتل أربعة عناصر.")
    evs = events(text)
    assert [e["actor1"] for e in evs] == ["isis", "isis"]


# sentence → [(facility_type)] facilities hit
@pytest.mark.parametrize("text, types", [
    ("استهدف الطيران الحربي مشفى الأمل في بلدة كفرزيتا بريف حماة الشمالي، ما أدى لخروجه عن الخدمة.", ["medical"]),
    ("ألقت مروحيات النظام براميل متفجرة على مدرسة في بلدة الهبيط بريف إدلب.", ["educational"]),
    ("دارت اشتباكات عنيفة بين الثوار وقوات الأسد في محيط المشفى الوطني بمدينة درعا.", []),
    ("سقطت قذائف هاون قرب مسجد في حي الميدان بدمشق دون إصابات.", []),
    ("سيطرت قوات سوريا الديمقراطية على مشفى الطب الحديث في مدينة الرقة بعد معارك مع التنظيم.", []),
    ("انفجر لغم أرضي في مدرسة بقرية الكبر بريف دير الزور أثناء عمل الأهالي على ترميمها.", ["educational"]),
])
def test_facility_attacks(text, types):
    assert [f["facility_type"] for f in run(text).facility_attacks] == types


# sentence → [(place, gained_by, lost_by, change)]
@pytest.mark.parametrize("text, rows", [
    ("سيطرت هيئة تحرير الشام على بلدتي كفرنبودة والهبيط بريف حماة الشمالي بعد انسحاب قوات الأسد منهما.",
     [("كفرنبودة", "hts", "government", "captured"), ("الهبيط", "hts", "government", "captured")]),
    ("استعادت قوات النظام السيطرة على قرية الشولا بريف دير الزور الغربي.",
     [("الشولا", "government", None, "captured")]),
    ("أعلنت قوات النظام عن فك الحصار عن مطار كويرس العسكري بريف حلب الشرقي.",
     [("مطار كويرس العسكري", "government", None, "siege_lifted")]),
    ("أطلقت قوات سوريا الديمقراطية معركة للسيطرة على مدينة الرقة.", []),
    ("باتت قوات النظام قاب قوسين أو أدنى من فك الحصار عن مدينة دير الزور.", []),
    ("أعلنت قوات سوريا الديمقراطية سيطرتها الكاملة على بلدة الشدادي جنوب الحسكة.",
     [("الشدادي", "sdf", None, "captured")]),
    ("انسحبت فصائل المعارضة من بلدة الهبيط بريف إدلب الجنوبي.", [("الهبيط", None, "opposition", "withdrawal")]),
    ("أحكمت قوات الأسد حصارها على مدينة داريا بريف دمشق الغربي.", [("داريا", "government", None, "besieged")]),
    ("وانسحب هذا المشهد على ريف إدلب حيث نفذ الطيران الحربي غارات عدة.", []),
])
def test_control_changes(text, rows):
    got = [(r["location"], r["gained_by"], r["lost_by"], r["change"]) for r in run(text).control_changes]
    assert got == rows


def test_every_row_points_back_to_its_text():
    text = ("حماة::\nشن الطيران الحربي غارتين على قرية الجمالية بالريف الجنوبي، في حين تعرضت قرى طلف "
            "وحربنفسه لقصف مدفعي من قبل قوات الأسد، ما أدى لسقوط شهيد وعدد من الجرحى في صفوف المدنيين.")
    res = run(text)
    assert len(res.events) == 2
    for e in res.events:
        assert text[e["char_start"]:e["char_end"]] == e["text"] and e["section"] == "حماة"
    for c in res.casualties:
        assert text[c["char_start"]:c["char_end"]] == c["quantity_text"]
    assert res.events[1]["killed"] == 1 and res.events[1]["wounded"] == 3


def test_article_naming_a_later_year_is_not_dated_by_the_file():
    text = ("قصفت قوات الأسد بلدة كفرنبل بقذائف الهاون أمس.\n\n\n\n"
            "بيان منسوب للرئيس المخلوع\n\n"
            "أعلنت المعارضة يوم الأحد أنها سيطرت على مدينة حماة، وشكلت حكومة مؤقتة حتى مارس 2025.\n")
    evs = events(text, published="2018-05-02")
    assert [(e["event_date"], e["date_precision"]) for e in evs] == [("2018-05-01", "day"), (None, "none")]


@pytest.mark.parametrize("text, country", [
    ("فجر انتحاري نفسه في حديقة المركز الثقافي في سوروتش وسط حشد من الشباب أرادوا المشاركة في إعادة إعمار كوباني، ما أدى لمقتل 32 شخصا.", "TR"),
    ("قصفت قوات النظام بلدة عرسال اللبنانية بقذائف المدفعية.", "LB"),
    ("انفجرت سيارة مفخخة في مدينة الموصل شمال العراق، ما أدى لمقتل 12 شخصا.", "IQ"),
    ("قتل 5 أشخاص بتفجير انتحاري استهدف مسجدا في الكويت.", "KW"),
    ("قتل 27 شخصا بانفجار هز بلدة سروج بجنوب شرق تركيا قرب الحدود مع سوريا.", "TR"),
    ("شنت مقاتلات تركية غارات على مواقع لحزب العمال في شمال العراق، ما أدى لمقتل 30 مسلحا.", "IQ"),
    ("قتل 4 أشخاص بتفجير في بلدة تركية قرب الحدود السورية.", "TR"),
])
def test_an_event_abroad_says_its_country_and_keeps_admin1_null(text, country):
    """Its own place is abroad (codebook §5), even when a Syrian town is named too: it stays in
    the table with its country, and admin1 null, so no Syrian total counts it."""
    (e,) = events(text)
    assert (e["country"], e["admin1"]) == (country, None)


@pytest.mark.parametrize("text", [
    "انتحاري من الرقة فجر نفسه في مدينة سروج التركية، ما أدى لمقتل 32 شخصا.",
    "قتل شاب ينحدر من بلدة خضر بانفجار في مدينة الريحانية التركية.",
])
def test_a_syrian_place_named_as_an_origin_is_not_where_it_happened(text):
    (e,) = events(text)
    assert (e["country"], e["admin1"]) == ("TR", None)


# A country named inside a relative clause describes someone ("المسلحين الذين ينشطون في سوريا");
# the country the event's own words name as a place wins, whichever comes first.
RELATIVES = ["الذين ينشطون في {}", "التي تقاتل في {}", "الذي يعمل في {}"]
PLACED = [("في بلدة تركية", "TR"), ("في مدينة لبنانية", "LB"), ("شمال العراق", "IQ")]
DESCRIBED = [("سوريا", "SY"), ("الأردن", "JO")]


@pytest.mark.parametrize("relative", RELATIVES)
@pytest.mark.parametrize("placed, country", PLACED)
@pytest.mark.parametrize("described, other", DESCRIBED)
@pytest.mark.parametrize("order", ["before", "after"])
def test_a_country_in_a_relative_clause_yields(relative, placed, country, described, other, order):
    who = "تتهم الحكومة المسلحين " + relative.format(described)
    what = f"بتفجير انتحاري أودى بحياة 12 شخصا {placed}"
    text = f"{who} {what}." if order == "before" else f"أودى تفجير انتحاري بحياة 12 شخصا {placed}، واتهمت الحكومة المسلحين {relative.format(described)}."
    (e,) = events(text)
    assert e["country"] == country and other != country


# The numbers of rockets, shells and bombs a mention states, whatever the weapon word's form.
MUNITIONS = [("بـ 15 صاروخ فيل", "15"), ("بأكثر من 10 صواريخ", "10"), ("بـ 5 قذائف هاون", "5"),
             ("بـ 12 قذيفة مدفعية", "12"), ("بـ 4 براميل متفجرة", "4"), ("بقذائف الهاون", None)]


@pytest.mark.parametrize("weapons, numbers", MUNITIONS)
@pytest.mark.parametrize("frame", ["استهدفت قوات الأسد حي جوبر {}.", "قصفت قوات النظام مدينة دوما {} صباح اليوم."])
def test_munitions_are_read_at_extraction(frame, weapons, numbers):
    (e,) = events(frame.format(weapons))
    assert e["munitions"] == numbers


# Victims named first, a time set off by commas, then the means: one event, whatever the
# means opener, the cue and the victims.
VICTIMS = [("قتل أربعة مدنيين", 4), ("استشهد طفلان", 2), ("قضى ثلاثة أشخاص", 3)]
TIMES = ["، اليوم الأربعاء،", "، صباح اليوم،", "،"]
MEANS = [("بقصف مدفعي لقوات النظام", "shelling_artillery_missile_attack", "government"),
         ("جراء غارة جوية روسية", "air_drone_strike", "russia"),
         ("نتيجة قصف صاروخي لقوات الأسد", "shelling_artillery_missile_attack", "government"),
         ("بانفجار عبوة ناسفة", "remote_explosive_landmine_ied", "unknown")]


@pytest.mark.parametrize("victims, killed", VICTIMS)
@pytest.mark.parametrize("time", TIMES)
@pytest.mark.parametrize("means, sub_event_type, actor1", MEANS)
def test_victims_then_the_means_are_one_event(victims, killed, time, means, sub_event_type, actor1):
    (e,) = events(f"{victims}{time} {means} على بلدة كفرنبل بريف إدلب الجنوبي.")
    assert (e["sub_event_type"], e["actor1"], e["location"], e["killed"]) == (sub_event_type, actor1, "كفرنبل", killed)


# A sentence that goes on ("كما …") after a count over a period sums up the same period, unless
# it dates itself to a day; a sentence that does not go on is read on its own.
TOTALS = ["وثق المرصد مقتل 3042 عنصرا من داعش والنصرة جراء غارات التحالف خلال 10 أشهر.",
          "قتل 210 مدنيين خلال شهر آب في محافظة إدلب."]
NEXT = [("كما لقي 115 مسلحا من جبهة النصرة حتفهم جراء غارات التحالف على ريف حلب الغربي.", "period_total"),
        ("كذلك قتل 40 عنصرا من التنظيم بغارات التحالف على ريف الرقة.", "period_total"),
        ("كما قتل 5 عناصر من التنظيم بغارة للتحالف على بلدة الباب يوم الأحد 9 آب.", "current"),
        ("وقتل 5 عناصر من التنظيم بغارة للتحالف على بلدة الباب.", "current")]


@pytest.mark.parametrize("total", TOTALS)
@pytest.mark.parametrize("sentence, scope", NEXT)
def test_a_sentence_that_goes_on_after_a_total(total, sentence, scope):
    evs = events(total + " " + sentence, published="2015-08-10")
    assert evs[0]["scope"] == "period_total" and evs[-1]["scope"] == scope


# --- may_be_event: the necessary condition the sentence stage filters on before a unit's time ---

UNIT_TEXT = "قصف على مدينة في محافظات الشمال والجنوب ثم"   # a spread word inside the unit's 40 characters


def _unit(count, where, cue, agent, spread):
    """A unit over UNIT_TEXT[:40] (one main piece) with the given parts."""
    piece = Piece(0, 40, "new")
    u = Unit([piece], [piece])
    if count is not None:
        best, subset = count
        u.casualties = [CasualtyMention(0, 5, "killed", "civilians", best, best, best, "", None, None, subset)]
    if where is not None:
        admin1s = {f"SY{i:02d}" for i in range(SPREAD if spread else 1)}
        u.where = Located(location=where[0], admin1=where[1], admin1s=admin1s)
    if cue:
        u.cues = [Cue(10, 14, "air_drone_strike", 1, None, False)]
    if agent:
        u.actor1 = ActorHit(20, 25, 20, "government", "الجيش", False, False)
    return u


GRID = [(count, where, cue, agent, spread, scope_)
        for count in (None, (0, False), (7, True), (7, False))
        for where in (None, (None, None), ("قرية", None), (None, "SY02"), ("قرية", "SY02"))
        for cue in (False, True) for agent in (False, True) for spread in (False, True)
        for scope_ in ("current", "past", "period_total")]


@pytest.mark.parametrize("count,where,cue,agent,spread,scope_", GRID)
def test_is_event_needs_what_may_be_event_asks(count, where, cue, agent, spread, scope_):
    u = _unit(count, where, cue, agent, spread)
    if is_event(u, UNIT_TEXT, scope_):
        assert may_be_event(u)


def test_the_grid_holds_events_and_units_filtered_out():
    """The grid above can fail: some of its units are events, some are filtered out."""
    units = [(_unit(*g[:5]), g[5]) for g in GRID]
    assert any(is_event(u, UNIT_TEXT, s) for u, s in units)
    assert any(not may_be_event(u) for u, _ in units)
    assert any(may_be_event(u) and not is_event(u, UNIT_TEXT, s) for u, s in units)
