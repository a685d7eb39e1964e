"""Casualty phrases and numbers (codebook §6): sentence → expected casualty rows.

Sentences are written in the bulletins' style for these tests; each table row is one
behaviour. Rows are (outcome, group, low, best, high), in text order.
"""
from __future__ import annotations

import pytest
import yaml

from analysis import lexicon
from analysis.extract.gate import scan
from analysis.extract.numbers import parse_number
from analysis.extract.quantities import (IMPLAUSIBLE, CasualtyMention, casualty_words, find_casualties, gate_words,
                                         hurt_forms)
from analysis.text.normalize import normalize

K, W, KW = "killed", "wounded", "killed_or_wounded"
CIV, CH, WO, CO, UN = "civilians", "children", "women", "combatants", "unknown"


def rows(sentence: str) -> list[tuple]:
    return [(m.outcome, m.group, m.low, m.best, m.high) for m in find_casualties(normalize(sentence))]


NUMBERS = [
    # digits and number words, compounds, gender and case forms
    ("استشهد 17 مدنيا جراء قصف مدفعي على بلدة كفرنبل", [(K, CIV, 17, 17, 17)]),
    ("استشهد ١٧ مدنيا جراء قصف مدفعي على بلدة كفرنبل", [(K, CIV, 17, 17, 17)]),
    ("قتل سبعة عشر عنصرا من قوات النظام في كمين على أطراف البلدة", [(K, CO, 17, 17, 17)]),
    ("أسفر القصف الجوي عن مقتل خمسة عشر مدنيا في سوق شعبي", [(K, CIV, 15, 15, 15)]),
    ("ارتفع عدد الضحايا بعد استشهاد ثلاثة وعشرين مدنيا في الغارات", [(K, CIV, 23, 23, 23)]),
    ("أعلنت الفصائل عن مقتل مئة عنصر من تنظيم الدولة خلال المعارك", [(K, CO, 100, 100, 100)]),
    ("وثق الناشطون مقتل مائتين من عناصر الميليشيات على جبهات المدينة", [(K, CO, 200, 200, 200)]),
    ("قتل ألف شخص خلال شهر واحد من الحملة العسكرية", [(K, CIV, 1000, 1000, 1000)]),
    ("استشهاد ثلاثة آلاف مدني منذ بداية الحملة", [(K, CIV, 3000, 3000, 3000)]),
    ("قتل عشرون عنصرا من الميليشيات الإيرانية", [(K, CO, 20, 20, 20)]),
    ("أصيب إحدى عشرة امرأة في قصف استهدف سوق البلدة", [(W, WO, 11, 11, 11)]),
    # duals, construct forms, singulars with a death or injury verb
    ("استشهد طفلان بقصف مدفعي على حي الوعر", [(K, CH, 2, 2, 2)]),
    ("تسبب القصف بسقوط شهيدين في البلدة", [(K, UN, 2, 2, 2)]),
    ("تمكن الثوار من قتل عنصرين من الفرقة الرابعة", [(K, CO, 2, 2, 2)]),
    ("سقوط قتيلين وجريحين جراء انفجار عبوة ناسفة", [(K, UN, 2, 2, 2), (W, UN, 2, 2, 2)]),
    ("أعلن الفيلق مقتل أربعة قياديين في صفوف الميليشيات", [(K, CO, 4, 4, 4)]),
    ("استشهد طفل برصاص قناص على الطريق الواصل بين المدينتين", [(K, CH, 1, 1, 1)]),
    ("قتل مدني بانفجار عبوة ناسفة في مدينة الباب", [(K, CIV, 1, 1, 1)]),
    ("أصيب شاب بجروح خطيرة برصاص قناص", [(W, CIV, 1, 1, 1)]),
    ("استشهد الطبيب محمد العلي جراء غارة على المشفى", [(K, CIV, 1, 1, 1)]),
    ("مقتل عسكري في انفجار قرب قاعدة حميميم", [(K, CO, 1, 1, 1)]),
    ("استشهدت امرأة وطفلها في قصف على الحي", [(K, WO, 1, 1, 1), (K, CH, 1, 1, 1)]),
    ("قتل شرطي وأصيب آخر بجروح في هجوم على الحاجز", [(K, CO, 1, 1, 1), (W, CO, 1, 1, 1)]),
    ("استشهد مسعف أثناء عمله في إسعاف الجرحى", [(K, CIV, 1, 1, 1)]),
    ("ما أودى بحياة مقاتل من الفصائل", [(K, CO, 1, 1, 1)]),
    ("قتلت قوات الأسد 5 مدنيين بينهم طفلان في البلدة", [(K, CIV, 5, 5, 5), (K, CH, 2, 2, 2)]),
    ("قتل عناصر الأسد 5 مدنيين في البلدة", [(K, CIV, 5, 5, 5)]),
    ("قتلوا اثنين من جنوده وأصابوا أربعة آخرين في تفجير", [(K, CO, 2, 2, 2), (W, CO, 4, 4, 4)]),
    ("إلا أنه استشهد فور وصوله إلى المشفى", [(K, UN, 1, 1, 1)]),
]

# "أودى بحياة": the subject may part the idiom ("أودى انفجار … بحياة 5 أشخاص").
@pytest.mark.parametrize("verb", ["أودى", "أودت"])
@pytest.mark.parametrize("subject", ["", "انفجار سيارة مفخخة", "الغارة الجوية على البلدة", "القصف"])
@pytest.mark.parametrize("victims, row", [("5 أشخاص", (K, CIV, 5, 5, 5)), ("ثلاثة مدنيين", (K, CIV, 3, 3, 3)),
                                          ("طفلين", (K, CH, 2, 2, 2))])
def test_a_subject_inside_the_idiom(verb, subject, victims, row):
    assert rows(" ".join(w for w in (verb, subject, "بحياة", victims) if w)) == [row]


QUALIFIERS = [
    ("أسفرت الغارات عن سقوط قرابة 30 قتيلا", [(K, UN, 30, 30, 30)]),
    ("ما أدى لإصابة ما يقارب 50 مدنيا بجروح", [(W, CIV, 50, 50, 50)]),
    ("سقوط حوالي 40 قتيلا من قوات الأسد", [(K, CO, 40, 40, 40)]),
    ("مقتل نحو عشرين عنصرا من التنظيم", [(K, CO, 20, 20, 20)]),
    ("تمكن الفيلق من قتل أكثر من 15 عنصرا من الفرقة الرابعة", [(K, CO, 15, 15, None)]),
    ("أدى القصف لاستشهاد ما يزيد عن 100 مدني", [(K, CIV, 100, 100, None)]),
    ("قتل أزيد من 40 مسلحا في الاشتباكات", [(K, CO, 40, 40, None)]),
    ("استشهد ما لا يقل عن 12 طفلا في المجزرة", [(K, CH, 12, 12, None)]),
    ("قتل 19 عنصرا على الأقل من قوات النظام", [(K, CO, 19, 19, None)]),
    ("مقتل بين 10 و15 عنصرا من الميليشيات", [(K, CO, 10, 10, 15)]),
    ("سقوط 10-15 قتيلا في صفوف قوات النظام", [(K, CO, 10, 10, 15)]),
    ("إصابة 3 أو 4 مدنيين بجروح طفيفة", [(W, CIV, 3, 3, 4)]),
]

VAGUE = [
    ("أسفرت المعارك عن مقتل عدد من عناصر قوات الأسد", [(K, CO, 3, 3, None)]),
    ("أدى القصف إلى إصابة عدة مدنيين بجروح", [(W, CIV, 3, 3, None)]),
    ("استشهاد بعض الأهالي جراء القصف", [(K, CIV, 3, 3, None)]),
    ("تمكن الثوار من قتل العديد من المسلحين", [(K, CO, 3, 3, None)]),
    ("خلفت الغارات عشرات القتلى في المدينة", [(K, UN, 10, 10, None)]),
    ("وصل مئات الجرحى إلى المشافي الميدانية", [(W, UN, 100, 100, None)]),
    ("أسفرت الاشتباكات بين الطرفين عن مقتل العشرات.", [(K, UN, 10, 10, None)]),
    ("وأضاف المرصد أن عشرات أصيبوا.", [(W, UN, 10, 10, None)]),
    ("شنت الطائرات غارة على السوق ما أدى لسقوط شهداء", [(K, UN, 1, 1, None)]),
    ("ما أسفر عن وقوع جرحى في صفوف المدنيين", [(W, CIV, 1, 1, None)]),
    ("ما أسفر عن وقوع إصابات بين المدنيين", [(W, CIV, 1, 1, None)]),
]

ZERO = [(K, UN, 0, 0, 0), (W, UN, 0, 0, 0)]
ZEROES = [
    ("سقط صاروخ قرب قرية باريسا دون تسجيل أي إصابات", ZERO),
    ("انفجرت عبوة ناسفة بسيارة القيادي حيث لم تقع أي إصابات", ZERO),
    ("تعرضت البلدة لقصف مدفعي دون وقوع إصابات", ZERO),
    ("استهدف الطيران أطراف القرية ولم ترد أنباء عن إصابات", ZERO),
    ("سقطت قذيفة هاون على الحي ولم يصب أحد بأذى", ZERO),
    ("تعرضت القرى لقصف مدفعي دون تسجيل أي إصابات بين المدنيين",
     [(K, CIV, 0, 0, 0), (W, CIV, 0, 0, 0)]),
]

MIXED = [
    # one number for killed and wounded together
    ("تمكن التنظيم من قتل وجرح العشرات من قوات الأسد خلال المعارك", [(KW, CO, 10, 10, None)]),
    ("ارتكب الطيران مجزرة راح ضحيتها عشرات الشهداء والجرحى", [(KW, UN, 10, 10, None)]),
    ("أسفر الانفجار عن مقتل وإصابة 12 شخصا", [(KW, CIV, 12, 12, 12)]),
    ("سقوط 20 ضحية بين قتيل وجريح في التفجير", [(KW, UN, 20, 20, 20)]),
    ("ما أسفر عن مقتل وجرح عدد من جنود النظام", [(KW, CO, 3, 3, None)]),
    # no number at all: one open row for each outcome
    ("أغار الطيران على منطقة الجسر ما أدى لسقوط شهداء وجرحى", [(K, UN, 1, 1, None), (W, UN, 1, 1, None)]),
    ("وأوقعوا قتلى وجرحى في صفوف «داعش»", [(K, CO, 1, 1, None), (W, CO, 1, 1, None)]),
    # separate counts for separate outcomes
    ("ما أدى لسقوط شهيد وعدد من الجرحى في صفوف المدنيين", [(K, CIV, 1, 1, 1), (W, CIV, 3, 3, None)]),
    ("مقتل 5 عناصر وإصابة 8 آخرين بانفجار لغم", [(K, CO, 5, 5, 5), (W, CO, 8, 8, 8)]),
    ("إن 9 أشخاص لقوا حتفهم، وأصيب 81 آخرون", [(K, CIV, 9, 9, 9), (W, CIV, 81, 81, 81)]),
    # coordinated counts of one group and outcome are one row
    ("ما أسفر عن مقتل أربعة قياديين و40 عنصراً آخرين", [(K, CO, 44, 44, 44)]),
    ("وأعلن التنظيم إعدام 13 قياديًا وعنصرًا بتهمة التخابر", [("executed", CO, 13, 13, 13)]),
    # a cue after its victims stays with them; the next cue starts a new count
    ("قال المرصد إن 18 شخصا قتلوا وأصيب 50 آخرون جراء سقوط صاروخ", [(K, CIV, 18, 18, 18), (W, CIV, 50, 50, 50)]),
    ("أفاد مصدر أن جنديا قتل عندما فتح مسلحون النار على الحاجز", [(K, CO, 1, 1, 1)]),
    ("هاجم مسلحون الحاجز وقتلوا عنصرا من الشرطة", [(K, CO, 1, 1, 1)]),
    ("ارتكب التنظيم مجزرة راح ضحيتها 12 قتيلا و30 جريحا", [(K, UN, 12, 12, 12), (W, UN, 30, 30, 30)]),
    ("أدى الانفجار إلى مقتل ضابط وإصابة عسكريين آخرين اثنين", [(K, CO, 1, 1, 1), (W, CO, 2, 2, 2)]),
    ("أسفر القصف عن مقتل شخص واحد وإصابة اثنين آخرين", [(K, CIV, 1, 1, 1), (W, CIV, 2, 2, 2)]),
    ("استشهاد 3 أطفال وامرأة في القصف", [(K, CH, 3, 3, 3), (K, WO, 1, 1, 1)]),
    ("استشهد 5 مدنيين و3 أطفال في الغارة", [(K, CIV, 5, 5, 5), (K, CH, 3, 3, 3)]),
]

OUTCOMES = [
    ("لقي ثلاثة مدنيين حتفهم بانفجار لغم أرضي", [(K, CIV, 3, 3, 3)]),
    ("ثلاثة عناصر من الفصائل لقوا مصرعهم في الاشتباكات", [(K, CO, 3, 3, 3)]),
    ("ارتكب الطيران مجزرة راح ضحيتها 7 مدنيين", [(K, CIV, 7, 7, 7)]),
    ("توفي شاب متأثرا بجراحه التي أصيب بها أمس", [(K, CIV, 1, 1, 1)]),
    ("وفي درعا توفي متأثرا بجراحه أحد الجرحى", [(K, UN, 1, 1, 1)]),
    ("اعتقلت قوات الأسد 20 شابا في حملة دهم", [("captured", CIV, 20, 20, 20)]),
    ("تمكن الثوار من أسر عنصرين من الميليشيات", [("captured", CO, 2, 2, 2)]),
    ("اختطاف 4 مدنيين على يد مجهولين", [("captured", CIV, 4, 4, 4)]),
    ("خلفية اعتقال الهيئة لأحد المدنيين", [("captured", CIV, 1, 1, 1)]),
    ("أعدم التنظيم 5 مدنيين بتهمة التخابر", [("executed", CIV, 5, 5, 5)]),
    ("قام التنظيم بسلسلة إعدامات بحق 17 عنصرا تابعين له", [("executed", CO, 17, 17, 17)]),
    ("فقدان 6 أطفال بعد القصف", [("missing", CH, 6, 6, 6)]),
    ("تم تسجيل 4 مفقودين تحت الأنقاض", [("missing", UN, 4, 4, 4)]),
    ("وما يزال 4 أشخاص مفقودين تحت الأنقاض", [("missing", CIV, 4, 4, 4)]),
]

GROUPS = [
    ("قال ناشطون إن المجزرة راح ضحيتها عشرات الشهداء والجرحى، والشهداء كلهم مدنيون",
     [(KW, CIV, 10, 10, None)]),
    ("استشهد صحفي وممرضة في القصف", [(K, CIV, 2, 2, 2)]),
    ("مقتل انغماسي من التنظيم", [(K, CO, 1, 1, 1)]),
    ("سقوط 5 قتلى في صفوف الفصائل", [(K, CO, 5, 5, 5)]),
    ("سقوط 5 قتلى من المدنيين", [(K, CIV, 5, 5, 5)]),
    ("سقوط 5 قتلى", [(K, UN, 5, 5, 5)]),
    ("تحدثت مصادر عن سقوط ضحايا مدنيين جراء الغارات", [(K, CIV, 1, 1, None)]),
    ("التفجير الذي استشهد فيه عدد من رجال الأمن", [(K, CO, 3, 3, None)]),
    ("قتل اثنان من عناصرنا في الهجوم على الحاجز", [(K, CO, 2, 2, 2)]),
]

SUBSETS = [
    ("قتل 12 مدنيا بينهم 5 أطفال في الغارة", [(K, CIV, 12, 12, 12), (K, CH, 5, 5, 5)]),
    ("استشهد 9 مدنيين، بينهم طفلان وامرأة", [(K, CIV, 9, 9, 9), (K, CH, 2, 2, 2), (K, WO, 1, 1, 1)]),
    ("وقتل 17 عنصرا بينهم أمير لتنظيم الدولة", [(K, CO, 17, 17, 17), (K, CO, 1, 1, 1)]),
    ("وقتل 17 بينهم أمير لتنظيم الدولة", [(K, CO, 17, 17, 17), (K, CO, 1, 1, 1)]),
    ("أصيب 10 أشخاص منهم 3 نساء", [(W, CIV, 10, 10, 10), (W, WO, 3, 3, 3)]),
]

NOT_CASUALTIES = [
    # weapons, vehicles
    "استهدفت قوات الأسد حي جوبر بـ 15 صاروخ فيل شديد التدمير",
    "بالإضافة لعشرات القذائف والصواريخ على الأحياء السكنية",
    "استهدفت قوات النظام البلدة بأكثر من 10 صواريخ فيل",
    "قالت تقارير إن أكثر من 40 صاروخاً جرى إطلاقها من القاعدة",
    "مرت قوات النظام قرب 11 حافلة تابعة للتنظيم",
    "دمر التحالف 40 آلية عسكرية",
    "تمكن الثوار من تدمير دبابة وعربة همر",
    # durations, resolutions, dates, incident counts
    "بعد حصار دام حوالي 3 سنوات",
    "طالب مجلس الأمن بتطبيق القرار 2139",
    "طالب بتطبيق القرار رقم 2139 والمادة 21 من القرار 2118",
    "دخل الاتفاق حيز التنفيذ في 6/ أيار/ 2017",
    "بعد اتفاق مع التنظيم في 29 أغسطس الماضي",
    "سجل التقرير 48 حادثة اعتداء على مراكز حيوية في آب",
    "ثبتت مسؤولية النظام عن 27 هجوما ضد المدنيين",
    "قتل في عام 2015",
    # attackers and materiel without an outcome
    "اقتحم التنظيم المنطقة بعربة مفخخة تلاها هجوم عدد من الانغماسيين",
    "تمكن التنظيم من اغتنام عدد من الذخائر والأسلحة",
    # distances, population, ages, percentages, money
    "وسعت قوات النظام الطريق إلى نحو عشرة كيلومترات",
    "تشمل المنطقة 84 مدينة وبلدة يتجاوز تعداد سكانها 147 ألف شخص",
    "طفل يبلغ من العمر 12 عاما",
    "تراجعت نسبة الهجمات بنسبة 30 في المئة",
    "دفع الأهالي فدية بقيمة 500 ألف ليرة",
    "عشرات المدنيين بينهم نساء وأطفال تمكنوا من الفرار",
    # deaths that are not conflict casualties, and attempts
    "وتوفي والده حزنا عليه",
    "توفي الرجل إثر مرض عضال",
    "توفي الرجل في منزله",
    "مقتل 3 أشخاص في حادث سير على الطريق الدولي",
    "قبل أن يفارق الحياة حزنا على ولده",
    "حاول مجهولون اغتيال قائد لواء الحق",
    "نجا القيادي من محاولة اغتيال بعبوة ناسفة",
    "أحكام بالإعدام بحق المعارضين",
    "أطلق سراح جميع المعتقلين",
    "نفت الوزارة مقتل 5 جنود في الهجوم",
    "تصرف مكافأة لمن يتزوج أرملة أحد شهداء الجيش",
    "عبر عدد من أسر الشهداء عن امتنانهم",
    "اتفق مع أحد السائقين على قتل زوجته",
    "دون ورود أنباء عن حجم الخسائر",
]

SECTIONS = {"numbers": NUMBERS, "qualifiers": QUALIFIERS, "vague": VAGUE, "zero": ZEROES, "mixed": MIXED,
            "outcomes": OUTCOMES, "groups": GROUPS, "subsets": SUBSETS}
TABLE = [pytest.param(s, e, id=f"{name}-{i}") for name, rows_ in SECTIONS.items() for i, (s, e) in enumerate(rows_)]


def ids(prefix: str, table) -> list[str]:
    """Readable test ids (pytest escapes Arabic into \\u sequences)."""
    return [f"{prefix}-{i}" for i in range(len(table))]


@pytest.mark.parametrize("sentence, expected", TABLE)
def test_casualty_rows(sentence, expected):
    assert rows(sentence) == expected


@pytest.mark.parametrize("sentence", NOT_CASUALTIES, ids=ids("not", NOT_CASUALTIES))
def test_not_casualties(sentence):
    assert rows(sentence) == []


PARTIES = [
    ("تمكن التنظيم من قتل وجرح العشرات من قوات الأسد والميليشيات الشيعية المساندة لها", ["قوات الاسد"]),
    ("قتل 15 عنصرا من قوات الأسد خلال المعارك", ["قوات الاسد"]),
    ("وقتل 17 عنصرا بينهم أمير لتنظيم الدولة، كما", ["تنظيم الدوله", "تنظيم الدوله"]),
    ("سقوط 5 قتلى في صفوف الفصائل", ["الفصائل"]),
    ("قتل وجرح العديد من عناصر الأسد في حي جوبر", ["الاسد"]),
    ("مقتل 7 عناصر من «قوات سوريا الديمقراطية» في الهجوم", ["قوات سوريا الديمقراطيه"]),
    ("مقتل 3 جنود للنظام في كمين", ["نظام"]),
    ("قتل 30 من مسلحي الفصائل في المعارك", ["الفصائل"]),
    ("استشهد 5 مدنيين بقصف لقوات الأسد", [None]),
    ("قتلت قوات الأسد 5 مدنيين", [None]),
]


@pytest.mark.parametrize("sentence, parties", PARTIES, ids=ids("party", PARTIES))
def test_party_spans(sentence, parties):
    text = normalize(sentence)
    got = [text[m.party_start:m.party_end] if m.party_start is not None else None
           for m in find_casualties(text)]
    assert got == parties


SPANS = [
    ("ما أسفر عن مقتل أربعة قياديين و40 عنصراً آخرين.", ["مقتل اربعه قياديين و40 عنصرا اخرين"]),
    ("ما أسفر عن سقوط حوالي 40 قتيلا من قوات الأسد", ["حوالي 40 قتيلا"]),
    ("قتل 12 مدنيا بينهم 5 أطفال", ["قتل 12 مدنيا", "5 اطفال"]),
    ("إلا أنه استشهد فور وصوله", ["استشهد"]),
]


@pytest.mark.parametrize("sentence, quoted", SPANS, ids=ids("span", SPANS))
def test_quantity_text(sentence, quoted):
    assert [m.quantity_text for m in find_casualties(normalize(sentence))] == quoted


def test_subset_flags_and_mention_contract():
    text = normalize("قال ناشطون إن 9 أشخاص بينهم 5 أطفال لقوا حتفهم، وأصيب 81 آخرون بجروح")
    ms = find_casualties(text)
    assert [m.subset for m in ms] == [False, True, False]
    assert [m.start for m in ms] == sorted(m.start for m in ms)
    for m in ms:
        assert isinstance(m, CasualtyMention)
        assert m.quantity_text == text[m.start:m.end]
    with pytest.raises(AttributeError):
        ms[0].best = 3


PARSE = [
    ("17", (17, 17, 17)), ("١٧", (17, 17, 17)), ("سبعة عشر", (17, 17, 17)),
    ("خمسة عشر", (15, 15, 15)), ("ثلاثة وعشرين", (23, 23, 23)), ("مئة", (100, 100, 100)),
    ("مائتين", (200, 200, 200)), ("ألف", (1000, 1000, 1000)), ("147 ألف", (147000, 147000, 147000)),
    ("ثلاثة آلاف وخمسمئة", (3500, 3500, 3500)), ("ثلاث مئة", (300, 300, 300)),
    ("أحد عشر", (11, 11, 11)), ("حوالي 40", (40, 40, 40)), ("ما يقارب 40", (40, 40, 40)),
    ("أكثر من 15", (15, 15, None)), ("ما يزيد عن 15", (15, 15, None)),
    ("15 على الأقل", (15, 15, None)), ("بين 10 و15", (10, 10, 15)), ("10-15", (10, 10, 15)),
    ("عدد من", (3, 3, None)), ("العديد من", (3, 3, None)), ("عشرات", (10, 10, None)),
    ("مئات", (100, 100, None)), ("آلاف", (1000, 1000, None)),
    ("صاروخ", None), ("", None), ("قتل 5", None),
]


@pytest.mark.parametrize("phrase, value", PARSE, ids=ids("parse", PARSE))
def test_parse_number(phrase, value):
    assert parse_number(phrase) == value


# Digits with separators, written every way the press writes them: (digits, value); None: no count.
SEPARATED = [("1,200", 1200), ("1.500", 1500), ("١٬٢٠٠", 1200), ("1\u202f200", 1200), ("1\u00a0200", 1200),
             ("250,000", 250000), ("1,250,000", 1250000), ("١٢٠٠", 1200), ("۱۲۰۰", 1200),
             ("2.5 ألف", 2500), ("١٫٥ ألف", 1500), ("1.25 مليون", 1250000), ("3 آلاف", 3000),
             ("5.5", None), ("10.30", None), ("٥٫٥", None)]
QUALIFIED = [("{}", lambda v: (v, v, v)), ("أكثر من {}", lambda v: (v, v, None)), ("حوالي {}", lambda v: (v, v, v)),
             ("{} على الأقل", lambda v: (v, v, None))]


@pytest.mark.parametrize("digits, value", SEPARATED, ids=[d for d, _ in SEPARATED])
@pytest.mark.parametrize("frame, expect", QUALIFIED, ids=[f for f, _ in QUALIFIED])
def test_numbers_with_separators(digits, value, frame, expect):
    assert parse_number(frame.format(digits)) == (None if value is None else expect(value))


@pytest.mark.parametrize("a, b, low, high", [("1,000", "1,500", 1000, 1500), ("1.000", "2.000", 1000, 2000),
                                             ("١٬٠٠٠", "١٬٥٠٠", 1000, 1500)])
def test_ranges_with_separators(a, b, low, high):
    assert parse_number(f"بين {a} و{b}") == (low, low, high)


# A casualty count with separators, in every cue frame; an unreadable number counts nobody.
DEATH_FRAMES = ["قتل {} شخص في القصف", "مقتل {} مدنيا", "بلغ عدد القتلى {} قتيل", "أسفر القصف عن مقتل {} شخصا"]


COUNTABLE = [(d, v) for d, v in SEPARATED if v is None or v <= IMPLAUSIBLE]


@pytest.mark.parametrize("digits, value", COUNTABLE, ids=[d for d, _ in COUNTABLE])
@pytest.mark.parametrize("frame", DEATH_FRAMES)
def test_casualty_counts_with_separators(digits, value, frame):
    rows = [c for c in find_casualties(normalize(frame.format(digits))) if c.outcome == "killed" and not c.subset]
    assert [c.best for c in rows] == ([] if value is None else [value])


@pytest.mark.parametrize("digits", ["12345678901234567890", "5,000,000", "2 مليون", "٣٠٠٠٠٠٠", "1.25 مليون"])
@pytest.mark.parametrize("frame", DEATH_FRAMES)
def test_implausible_counts_are_flagged_not_counted(digits, frame):
    rows = [c for c in find_casualties(normalize(frame.format(digits))) if c.outcome == "killed"]
    assert rows and all(c.implausible and c.best is None and c.low is None and c.high is None for c in rows)


def test_lexicons_validate():
    for name in ("numbers", "casualties"):
        lexicon.validate_lexicon(name, lexicon.load_lexicon(name))


@pytest.mark.parametrize("name, breakage, message", [
    ("casualties", lambda d: d["victims"].update(soldiers={"one": ["جندي"]}), "victims"),
    ("casualties", lambda d: d["cues"]["killed"].update(lead="قتل"), "cues/killed/lead"),
    ("casualties", lambda d: d["victims"]["children"]["one"].append("مدني"), "listed under both"),
    ("casualties", lambda d: d["party"].update(partitive=["ضمن"]), "partitive"),
    ("numbers", lambda d: d["words"].update({"x": ["كذا"]}), "words"),
    ("numbers", lambda d: d.pop("vague"), "vague"),
])
def test_broken_lexicon_is_rejected(tmp_path, name, breakage, message):
    data = yaml.safe_load((lexicon.config.LEXICON_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    breakage(data)
    (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(lexicon.LexiconError, match=message):
        lexicon.load_lexicon(name, tmp_path)


# Named victims: as many as the quoted names after "كل من", in every quote style and joiner.
NAMES = ['"أحمد الخلف"', "«محمود العلي»", "“علي الحسن”"]
JOINERS = [" و", "، ", " ، و"]


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("joiner", JOINERS)
@pytest.mark.parametrize("cue", ["مقتل", "قتل", "استشهاد"])
def test_named_victims_are_counted(n, joiner, cue):
    text = normalize(f"{cue} كل من {joiner.join(NAMES[:n])} برصاص مجهولين في بلدة ذيبان")
    assert [(c.outcome, c.best) for c in find_casualties(text)] == [("killed", n)]


# The casualty gate is a necessary test: every form that can state a casualty, with each
# proclitic its first word may carry, anywhere in a sentence, opens the sentence gate.
SURROUNDINGS = ["{}", "قال ناشطون إن {} اليوم", "{}، بحسب المرصد"]


@pytest.mark.parametrize("around", SURROUNDINGS)
@pytest.mark.parametrize("clitic", ["", "و", "ف", "وب"])
def test_every_casualty_form_passes_the_gate(around, clitic):
    missed = [f for f in hurt_forms() if not scan(around.format(clitic + f)).hurt]
    assert not missed and len(hurt_forms()) > 100


# One word of each form, and for a phrase not a particle every other text holds: a word another
# form needs already where it has one, else its longest.
@pytest.mark.parametrize("forms, words", [
    (["لم يصب احد", "دون ان يصب احد"], {"يصب"}),
    (["متاثرا بجراحه", "فارق الحياه متاثرا بجراحه"], {"متاثرا"}),
    (["توفي", "توفي تحت التعذيب"], {"توفي"}),
    (["لقي حتفه", "لقوا حتفهم"], {"حتفه", "حتفهم"}),
    (["خسائر بشريه"], {"خسائر"}),
])
def test_gate_words_are_shared_or_longest(forms, words):
    assert gate_words(forms) == words


@pytest.mark.parametrize("particle", ["دون", "ان", "لم", "احد", "الحياه"])
def test_a_particle_of_a_casualty_phrase_is_no_gate_word(particle):
    assert particle not in casualty_words()
