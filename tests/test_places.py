"""Gazetteer matching, resolution by context, governorate clues, headers and place phrases."""
from __future__ import annotations

import pytest

from analysis.lexicon import LexiconError, load_lexicon, validate_lexicon
from analysis.places import context
from analysis.places.gazetteer import load_gazetteer
from analysis.text.normalize import normalize


@pytest.fixture(scope="module", autouse=True)
def no_user_gazetteers(tmp_path_factory):
    """The built-in gazetteer only: a developer's own imports must not change these tables."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANALYSIS_HOME", str(tmp_path_factory.mktemp("home")))
        yield


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def matches(gaz, sentence):
    t = normalize(sentence)
    return t, gaz.find(t)


# sentence, the name as it stands in the text (normalised, clitics excluded), expected place id
FOUND = [
    ("استهدفت قوات الأسد حي جوبر الدمشقي", "جوبر", "sy-di-jobar"),
    ("استهدفت قوات الأسد بلدة عين ترما بـ 15 صاروخ", "عين ترما", "sy-rd-ain-tarma"),
    ("قصف على عينترما", "عينترما", "sy-rd-ain-tarma"),
    ("سقطت قذائف بدرعا", "درعا", "sy-dr-daraa"),
    ("تعرضت قرى طلف وحربنفسه لقصف", "حربنفسه", "sy-hm-harbnafsa"),
    ("بمحيط قرية حربنفسة", "حربنفسه", "sy-hm-harbnafsa"),
    ("وصلت قافلة لدوما", "دوما", "sy-rd-douma"),
    ("اشتباكات بالرقة", "الرقه", "sy-ra-raqqa"),
    ("وصلت التعزيزات للرقة", "لرقه", "sy-ra-raqqa"),
    ("انفجار ضخم هز مدينة الميادين", "الميادين", "sy-dy-mayadin"),
    ("حصار أحياء ديرالزور", "ديرالزور", "sy-dy-deir-ez-zor"),
    ("مدينة دير الزّور", "دير الزور", "sy-dy-deir-ez-zor"),
    ("فك الحصار عن مطار ديرالزور العسكري", "مطار ديرالزور العسكري", "sy-dy-airport"),
    ("انتزاع حقل التيم النفطي", "حقل التيم النفطي", "sy-dy-taym"),
    ("قرية باريسا غرب أبو الظهور", "ابو الظهور", "sy-id-abu-al-duhur"),
    ("قرية باريسا غرب أبو الظهور", "باريسا", "sy-id-barisa"),
    ("غرب أبوالظهور", "ابوالظهور", "sy-id-abu-al-duhur"),
    ("مظاهرة في مدينة كفرنبل", "كفرنبل", "sy-id-kafranbel"),
    ("مظاهرة في كفر نبل", "كفر نبل", "sy-id-kafranbel"),
    ("قصف على معرة النعمان وخان شيخون", "خان شيخون", "sy-id-khan-shaykhun"),
    ("غارات على بسراقب", "سراقب", "sy-id-saraqib"),
    ("في تلبيسة والرستن", "الرستن", "sy-hi-rastan"),
    ("مدينة السخنة", "السخنه", "sy-hi-sukhnah"),
    ("سيطرت قوات النظام على قرية الشولا", "الشولا", "sy-dy-shula"),
    ("سجن وسط مدينة البوكمال", "البوكمال", "sy-dy-bukamal"),
    ("محيط بلدة هجين", "هجين", "sy-dy-hajin"),
    ("قرية الباغوز التحتاني الواقعة", "الباغوز التحتاني", "sy-dy-baghuz-tahtani"),
    ("بناحية الشدادي جنوب الحسكة", "الشدادي", "sy-ha-shaddadi"),
    ("بين بلدة عين عيسى وقاعدة", "عين عيسي", "sy-ra-ain-issa"),
    ("تعرضت قرية دير سمعان قرب مدينة دارة عزة", "دير سمعان", "sy-hl-deir-semaan"),
    ("تعرضت قرية دير سمعان قرب مدينة دارة عزة", "داره عزه", "sy-hl-darat-izza"),
    ("في مدينة دركوش بريف إدلب الغربي", "دركوش", "sy-id-darkush"),
    ("مدينتي اللطامنة ومورك وبلدة لطمين", "لطمين", "sy-hm-latmin"),
    ("بمنطقة السطحيات بالريف الجنوبي", "السطحيات", "sy-hm-sutayhat"),
    ("بناحية عقيربات", "عقيربات", "sy-hm-uqayribat"),
    ("قريتي سنيسل والمحطة بالريف الشمالي", "سنيسل", "sy-hi-sunaysil"),
    ("قريتي سنيسل والمحطة بالريف الشمالي", "المحطه", "sy-hi-mahatta"),
    ("في محيط لواء التأمين", "لواء التامين", "sy-dy-liwa-al-tamin"),
    ("في مخيم اليرموك", "مخيم اليرموك", "sy-di-yarmouk"),
    ("قصف على حي التضامن", "التضامن", "sy-di-tadamon"),
    ("معركة مدينة الباب", "الباب", "sy-hl-al-bab"),
    ("بالغوطة الشرقية بريف دمشق", "ريف دمشق", "sy-rd"),
    ("بالغوطة الشرقية بريف دمشق", "الغوطه الشرقيه", "sy-rd-eastern-ghouta"),
    ("الحملة الأمنية في حي برزة الدمشقي", "برزه", "sy-di-barzeh"),
    ("في حي الوعر", "الوعر", "sy-hi-waer"),
    ("في أحياء الشيخ ياسين وكنامات", "الشيخ ياسين", "sy-dy-sheikh-yassin"),
    ("وحيي هرابش والطحطوح", "الطحطوح", "sy-dy-tahtouh"),
    ("معارك في حي المشلب", "المشلب", "sy-ra-mashlab"),
    ("عند القاعدة الروسية في حميميم", "حميميم", "sy-la-hmeimim"),
    ("نزح إلى بلدة عرسال", "عرسال", "lb-arsal"),
    ("رأس العين", "راس العين", "sy-ha-ras-al-ayn"),
    ("عين العرب (كوباني)", "كوباني", "sy-hl-ain-al-arab"),
    ("حوض اليرموك", "حوض اليرموك", "sy-dr-yarmouk-basin"),
    # weak names need support: a preposition, a phrase or a neighbouring place
    ("الطريق بين حرستا ودوما", "دوما", "sy-rd-douma"),
    ("سيطر التنظيم على تدمر", "تدمر", "sy-hi-palmyra"),
    ("وفي القصير", "القصير", "sy-hi-qusayr"),
]

# Near misses: the name must not be found in these sentences.
NOT_FOUND = [
    ("مدينة حلبون في القلمون", "حلب"),
    ("قال أبو محمد الحلبي", "حلب"),
    ("مطعم حمصي", "حمص"),
    ("اخترقت الدروع", "درعا"),
    ("فتح الباب أمام الحوار", "الباب"),
    ("أعلن التضامن مع الشعب", "التضامن"),
    ("نقلت قناة الميادين", "الميادين"),
    ("صوت مجلس الدوما الروسي", "دوما"),
    ("رئيس الدوما", "دوما"),
    ("مباراة كرة القدم", "القدم"),
    ("نجحت الثورة", "الثوره"),
    ("في حاجز المحطة بمحيط القرية", "المحطه"),
    ("الطبقة السياسية", "الطبقه"),
    ("هيئة تحرير الشام", "الشام"),
    ("الحلوة الدمشقية", "دمشق"),
    ("وطنه يرعاه ويحتضنه دوما.", "دوما"),
    ("القذائف التي تدمر المنازل", "تدمر"),
    ("قال محمد القصير", "القصير"),
    ("الدكتورة فاطمة", "اطمه"),
    ("جمعته صداقة حميمة بالكتاب", "حميمه"),
    ("إنها بصدد التثبت", "صدد"),
    ("في سبيل كسب التأييد", "كسب"),
]


@pytest.mark.parametrize("sentence, surface, place_id", FOUND)
def test_find(gaz, sentence, surface, place_id):
    t, ms = matches(gaz, sentence)
    found = {t[m.start:m.end]: gaz.resolve(m).id for m in ms}
    assert found.get(surface) == place_id, found


@pytest.mark.parametrize("sentence, name", NOT_FOUND)
def test_not_found(gaz, sentence, name):
    t, ms = matches(gaz, sentence)
    assert all(name not in t[m.start:m.end] for m in ms), [t[m.start:m.end] for m in ms]


def test_spans_exclude_clitics_and_do_not_overlap(gaz):
    t = normalize("وبدرعا وبالرقة وللرقة ووحلب ومطار ديرالزور العسكري")
    spans = [(t[m.start:m.end], m.start, m.end) for m in gaz.find(t)]
    assert [s for s, _, _ in spans] == ["درعا", "الرقه", "لرقه", "مطار ديرالزور العسكري"]
    assert all(a[2] <= b[1] for a, b in zip(spans, spans[1:]))


# name, hint, expected governorate of the resolved candidate
AMBIGUOUS = [
    ("حي الحميدية", {"SY-DY"}, "SY-DY"),
    ("حي الحميدية", {"SY-HI"}, "SY-HI"),
    ("قرية الحميدية", {"SY-QU"}, "SY-QU"),
    ("حي القصور", {"SY-DY"}, "SY-DY"),
    ("حي القصور", {"SY-HI"}, "SY-HI"),
    ("حي الخالدية", {"SY-HL"}, "SY-HL"),
    ("حي الخالدية", {"SY-HI"}, "SY-HI"),
    ("حي الزهراء", {"SY-HI"}, "SY-HI"),
    ("بلدة الزهراء", {"SY-HL"}, "SY-HL"),
    ("بلدة صوران", {"SY-HL"}, "SY-HL"),
    ("بلدة صوران", {"SY-HM"}, "SY-HM"),
    ("حي الفردوس", {"SY-RA"}, "SY-RA"),
]


@pytest.mark.parametrize("sentence, hint, admin1", AMBIGUOUS)
def test_ambiguous_names_resolved_by_hint(gaz, sentence, hint, admin1):
    _, ms = matches(gaz, sentence)
    assert len(ms) == 1 and len({p.admin1 for p in ms[0].candidates}) > 1
    assert gaz.resolve(ms[0], frozenset(hint)).admin1 == admin1


def test_resolve_without_a_matching_hint_takes_the_default(gaz):
    _, ms = matches(gaz, "مدينة حمص")
    assert gaz.resolve(ms[0], {"SY-RA"}).id == gaz.resolve(ms[0]).id == "sy-hi-homs"
    assert {p.feature for p in ms[0].candidates} >= {"city", "governorate"}


def test_by_id(gaz):
    assert gaz.by_id("sy-di-jobar").admin1 == "SY-DI"
    assert gaz.by_id("sy-di-jobar").source == "lexicon"
    with pytest.raises(KeyError, match="no place"):
        gaz.by_id("sy-nowhere")


def test_geonames_places_with_arabic_names(gaz):
    counts = gaz.counts()
    assert counts["lexicon"] >= 400
    assert counts["geonames"] >= 250
    geo = [p for p in gaz.places() if p.source == "geonames"]
    assert all(p.admin1 and p.id.startswith("gn-") and p.lat is not None for p in geo)
    # GeoNames' Qabasin near al-Bab is the lexicon's town (same name, governorate, close by) and
    # is folded into it; a namesake 50 km east stays a separate candidate.
    qabasin = gaz.lookup("قباسين")
    assert [p.source for p in qabasin] == ["lexicon", "geonames"]
    assert qabasin[1].lon > 38


# sentence, [(clue text, admin1, kind)]
CLUES = [
    ("المعارك الجارية في منطقة حميمة بريف حمص الشرقي", [("ريف حمص الشرقي", "SY-HI", "rif")]),
    ("في ريف ديرالزور الشرقي", [("ريف ديرالزور الشرقي", "SY-DY", "rif")]),
    ("بريفي إدلب الجنوبي والجنوبي الشرقي", [("ريفي ادلب الجنوبي والجنوبي الشرقي", "SY-ID", "rif")]),
    ("ريفي حلب وإدلب", [("ريفي حلب", "SY-HL", "rif"), ("ادلب", "SY-ID", "rif")]),
    ("محافظتي دير الزور والحسكة", [("محافظتي دير الزور", "SY-DY", "muhafaza"), ("الحسكه", "SY-HA", "muhafaza")]),
    ("السيطرة على محافظة دير الزور شرقي سوريا", [("محافظه دير الزور", "SY-DY", "muhafaza")]),
    ("بالرشاشات الثقيلة في بادية السويداء", [("باديه السويداء", "SY-SU", "badia")]),
    ("بادية ديرالزور وباديتي حمص وحماة", [("باديه ديرالزور", "SY-DY", "badia"), ("باديتي حمص", "SY-HI", "badia"),
                                           ("حماه", "SY-HM", "badia")]),
    ("تحرير مدينة دمشق", [("مدينه دمشق", "SY-DI", "city")]),
    ("جبهات حي جوبر الدمشقي", [("الدمشقي", "SY-DI", "place")]),
    ("قرية الصخر وأطرافها بالريف الشمالي الحموي", [("الريف الشمالي الحموي", "SY-HM", "rif")]),
    ("في الريف الدمشقي", [("الريف الدمشقي", "SY-RD", "rif")]),
    ("بالغوطة الشرقية بريف دمشق", [("ريف دمشق", "SY-RD", "rif")]),
    ("محافظة ريف دمشق", [("محافظه ريف دمشق", "SY-RD", "muhafaza")]),
    ("في ريف حماه الشمالي", [("ريف حماه الشمالي", "SY-HM", "rif")]),
    ("بريف الرقة الجنوبي", [("ريف الرقه الجنوبي", "SY-RA", "rif")]),
    ("بادية الشام", []),
    ("مدينة الميادين", []),
    ("حلب الشهباء", []),
]


@pytest.mark.parametrize("sentence, expected", CLUES)
def test_admin1_clues(sentence, expected):
    t = normalize(sentence)
    assert [(t[c.start:c.end], c.admin1, c.kind) for c in context.admin1_clues(t)] == expected


HEADERS = [
    ("دمشق وريفها", {"SY-DI", "SY-RD"}),
    ("دمشق وريفها::", {"SY-DI", "SY-RD"}),
    ("ديرالزور", {"SY-DY"}),
    ("دير الزور", {"SY-DY"}),
    ("البادية السورية", set()),
    ("حلب", {"SY-HL"}),
    ("حلب وريفها", {"SY-HL"}),
    ("ادلب", {"SY-ID"}),
    ("إدلب", {"SY-ID"}),
    ("حماة", {"SY-HM"}),
    ("حمص", {"SY-HI"}),
    ("درعا", {"SY-DR"}),
    ("الرقة", {"SY-RA"}),
    ("القنيطرة", {"SY-QU"}),
    ("ريف دمشق", {"SY-RD"}),
    ("درعا والقنيطرة", {"SY-DR", "SY-QU"}),
    ("الساحل السوري", {"SY-LA", "SY-TA"}),
    ("الغوطة الشرقية", {"SY-RD"}),
    ("أخبار متفرقة", set()),
    ("", set()),
    (None, set()),
]


@pytest.mark.parametrize("header, expected", HEADERS)
def test_header_admin1(header, expected):
    assert context.header_admin1(header, load_gazetteer()) == frozenset(expected)


# sentence, [(feature word, name)] one per place
PHRASES = [
    ("تعرضت قرية دير سمعان قرب مدينة دارة عزة بالريف الشمالي",
     [("قريه", "دير سمعان"), ("مدينه", "داره عزه")]),
    ("استهدفت قوات الأسد حي جوبر وبلدة عين ترما بـ 15 صاروخ", [("حي", "جوبر"), ("بلده", "عين ترما")]),
    ("السيطرة على قريتي أم صاج وخربة السبعة عند سلسلة جبال الشومرية",
     [("قريه", "ام صاج"), ("قريه", "خربه السبعه"), ("جبل", "الشومريه")]),
    ("تمكنت قسد من السيطرة على منطقتي الرويشد والزراب.", [("منطقه", "الرويشد"), ("منطقه", "الزراب")]),
    ("فك الحصار عن مطار ديرالزور العسكري وحيي هرابش والطحطوح المتصلين به",
     [("مطار", "ديرالزور"), ("حي", "هرابش"), ("حي", "الطحطوح")]),
    ('تعرضت قرى طلف وحربنفسه و"زور تقسيس" بالريف الجنوبي',
     [("قريه", "طلف"), ("قريه", "حربنفسه"), ("قريه", "زور تقسيس")]),
    ("تعرضت أحياء الشيخ ياسين وكنامات والحميدية قصف مدفعي",
     [("حي", "الشيخ ياسين"), ("حي", "كنامات"), ("حي", "الحميديه")]),
    ("تعرضت مدينتي اللطامنة ومورك وبلدة لطمين لقصف مدفعي",
     [("مدينه", "اللطامنه"), ("مدينه", "مورك"), ("بلده", "لطمين")]),
    ("سقط صاروخ بالقرب قرية باريسا غرب أبو الظهور", [("قريه", "باريسا")]),
    ("في حاجز المحطة بمحيط قرية حربنفسة بقذائف الهاون", [("حاجز", "المحطه"), ("قريه", "حربنفسه")]),
    ("سيطرتها على تلة الربيعات ونقطة خيم الدفاع غرب لواء التأمين",
     [("تله", "الربيعات"), ("نقطه", "خيم الدفاع")]),
    ('على مشفى "الطب الحديث" في مدينة الرقة', [("مشفي", "الطب الحديث"), ("مدينه", "الرقه")]),
    ("على طريق حرستا - دوما القديم", [("طريق", "حرستا - دوما")]),
    ('برصاص القناصة على طريق "حرستا – دوما" القديم', [("طريق", "حرستا – دوما")]),
    ("حملة دهم في أحياء مدينة حمص بحثا عن مطلوبين", [("مدينه", "حمص")]),
    ("السيطرة على حقل التيم جنوب شرق مدينة ديرالزور", [("حقل", "التيم"), ("مدينه", "ديرالزور")]),
    ("قرب قرية حمادة عمر بناحية عقيربات", [("قريه", "حماده عمر"), ("ناحيه", "عقيربات")]),
    ("مناطق في قرى وبلدات الخوين والشعرة بريفي إدلب", [("بلده", "الخوين"), ("بلده", "الشعره")]),
    ("أحياء الأمين والثكنة والمنصور ومحيط مشفى الرقة الوطني",
     [("حي", "الامين"), ("حي", "الثكنه"), ("حي", "المنصور"), ("مشفي", "الرقه")]),
    ("في منطقة حميمة في بادية حمص", [("منطقه", "حميمه"), ("باديه", "حمص")]),
    ("تم ذلك عن طريق الحوار", []),
    ("في منطقة صحراوية", []),
    # ل + a side's name says whose it is
    ("تمت عملية الخطف على حاجز لجبهة النصرة عند مفرق سجو", []),
    ("هاجم الثوار حاجزا للنظام ومقرا لتنظيم الدولة", []),
]


@pytest.mark.parametrize("sentence, expected", PHRASES)
def test_place_phrases(sentence, expected):
    t = normalize(sentence)
    got = context.place_phrases(t, load_gazetteer())
    assert [(p.feature_word, t[p.name_start:p.name_end]) for p in got] == expected
    assert all(p.start <= p.name_start < p.name_end <= p.end for p in got)


def test_phrase_covers_qualifiers_but_name_does_not():
    t = normalize("فك الحصار عن مطار ديرالزور العسكري")
    (p,) = context.place_phrases(t, load_gazetteer())
    assert t[p.start:p.end] == "مطار ديرالزور العسكري" and t[p.name_start:p.name_end] == "ديرالزور"
    assert context.feature_of(p.feature_word) == "airport"
    t = normalize("على طريق حرستا - دوما القديم")
    (p,) = context.place_phrases(t, load_gazetteer())
    assert t[p.start:p.end] == "طريق حرستا - دوما القديم" and t[p.name_start:p.name_end] == "حرستا - دوما"
    assert context.feature_of("قريتي") == "village"


def test_lexicons_are_valid():
    places = load_lexicon("places")["places"]
    assert len(places) >= 400
    assert len({p["id"] for p in places}) == len(places)
    for name in ("place_words", "admin_codes"):
        load_lexicon(name)


@pytest.mark.parametrize("change, message", [
    ({"admin1": "SY-XX"}, "unknown admin1"),
    ({"lat": 40.0}, "outside Syria"),
    ({"lon": None}, "both lat and lon"),
    ({"variants": ["ـــ"]}, "empty name"),
    ({"name": "Jobar"}, "no Arabic letter"),
    ({"admin1": None}, "admin1 is missing"),
])
def test_places_lexicon_checks(change, message):
    entry = {"id": "sy-di-test", "name": "اختبار", "admin1": "SY-DI", "feature": "village",
             "lat": 33.5, "lon": 36.3, **change}
    with pytest.raises(LexiconError, match=message):
        validate_lexicon("places", {"places": [entry]})


def test_duplicate_ids_are_refused():
    entry = {"id": "sy-di-test", "name": "اختبار", "admin1": "SY-DI", "feature": "village", "lat": None, "lon": None}
    with pytest.raises(LexiconError, match="duplicate id"):
        validate_lexicon("places", {"places": [entry, dict(entry)]})
