"""Every side, named every way the press names it (codebook §4), tested as grids (CheckList,
Ribeiro et al. 2020): each state's forces by adjective, noun or genitive, with every vehicle,
in both genders and every number, with and without the article and proclitics, in every
spelling; coordinated sides; the names dated by the fall of the former regime; and the same
phrasings through the whole engine in several cue frames and place forms.

The surface forms are built here from parts (stem + suffix, article, proclitic) by the test's
own small rules, not by the engine's, so a wrong inflection in the engine fails a case.
"""
import datetime as dt
import itertools

import pytest

from analysis.extract import extract_document
from analysis.extract.actors import ActorMemory, actor_key, find_actors
from analysis.ingest import Document
from analysis.text.arabic import adjective, noun_dual
from analysis.text.normalize import normalize

WHEN = dt.date(2022, 3, 1)
AFTER_FALL = dt.date(2025, 3, 1)

# state → nisba stems as the press spells them (hamza and alif variants)
STEMS = {
    "russia": ["روسي"],
    "turkey": ["تركي"],
    "israel": ["إسرائيلي", "اسرائيلي", "صهيوني"],
    "coalition": ["أمريكي", "أميركي", "امريكي"],
    "iran": ["إيراني", "ايراني"],
    "iraq": ["عراقي"],
    "jordan": ["أردني", "اردني"],
}
# state → nouns that follow a vehicle as its genitive
NOUNS = {
    "russia": ["روسيا"], "turkey": ["تركيا"], "israel": ["إسرائيل", "اسرائيل"],
    "coalition": ["التحالف", "التحالف الدولي", "الولايات المتحدة"], "iran": ["إيران"],
    "iraq": ["العراق"], "jordan": ["الأردن"],
}
# The test's own agreement suffixes: (gender, number) → suffix of the adjective
SUFFIX = {("m", "sg"): "", ("f", "sg"): "ة", ("m", "du"): "ين", ("f", "du"): "تين",
          ("m", "du_nom"): "ان", ("f", "du_nom"): "تان"}

# vehicle: (indefinite form, definite form, agreement of its adjective, air)
# (a plural of things takes a feminine singular adjective; a dual a dual one)
VEHICLES = [
    ("طائرة", "الطائرة", ("f", "sg"), True),
    ("طائرات", "الطائرات", ("f", "sg"), True),
    ("طائرتين", "الطائرتين", ("f", "du"), True),
    ("طائرتان", "الطائرتان", ("f", "du_nom"), True),
    ("طائرة حربية", "الطائرة الحربية", ("f", "sg"), True),
    ("طائرات حربية", "الطائرات الحربية", ("f", "sg"), True),
    ("طائرة مسيرة", "الطائرة المسيرة", ("f", "sg"), True),
    ("طائرة مسيّرة", "الطائرة المسيّرة", ("f", "sg"), True),
    ("طائرات مسيرة", "الطائرات المسيرة", ("f", "sg"), True),
    ("طائرة بدون طيار", "الطائرة بدون طيار", ("f", "sg"), True),
    ("مسيرة", "المسيرة", ("f", "sg"), True),
    ("مسيّرة", "المسيّرة", ("f", "sg"), True),
    ("مسيرات", "المسيرات", ("f", "sg"), True),
    ("مسيرتين", "المسيرتين", ("f", "du"), True),
    ("طيران", "الطيران", ("m", "sg"), True),
    ("طيران حربي", "الطيران الحربي", ("m", "sg"), True),
    ("طيران مسير", "الطيران المسير", ("m", "sg"), True),
    ("مقاتلات", "المقاتلات", ("f", "sg"), True),
    ("مروحيات", "المروحيات", ("f", "sg"), True),
    ("بوارج", "البوارج", ("f", "sg"), True),
    ("سفن حربية", "السفن الحربية", ("f", "sg"), True),
    ("مدفعية", "المدفعية", ("f", "sg"), False),
    ("دبابات", "الدبابات", ("f", "sg"), False),
    ("جيش", "الجيش", ("m", "sg"), False),
    ("جيشين", "الجيشين", ("m", "du"), False),
    ("قوات", "القوات", ("f", "sg"), False),
    ("قوات خاصة", "القوات الخاصة", ("f", "sg"), False),
    ("قوات جوية", "القوات الجوية", ("f", "sg"), True),
]
PROCLITICS = ["", "و", "ب", "ل", "وب", "فل"]


def attach(proclitic: str, phrase: str) -> str:
    """A proclitic on a phrase's first word: ل before the article is written لل."""
    if proclitic.endswith("ل") and phrase.startswith("ال"):
        return proclitic + phrase[1:]
    return proclitic + phrase


def glued(proclitic: str, phrase: str) -> int:
    """How many proclitic letters stand before the name's own words (a hit's core_start): the
    ل merged into the article (لل) counts as the name's."""
    return len(proclitic) - (proclitic.endswith("ل") and phrase.startswith("ال"))


def nisba(stem: str, agreement: tuple[str, str], definite: bool) -> str:
    return ("ال" if definite else "") + stem + SUFFIX[agreement]


def hits_of(text: str, when=WHEN):
    t = normalize(text)
    return t, [h for h in find_actors(t, when, ActorMemory()) if h.key]


# --- inflection (text/inflect.py) -----------------------------------------------------------------
@pytest.mark.parametrize("base, gender, number, definite, expected", [
    ("روسي", "m", "sg", False, ("روسي",)),
    ("روسي", "f", "sg", True, ("الروسية",)),
    ("روسي", "m", "du", True, ("الروسيان", "الروسيين")),
    ("روسي", "f", "du", False, ("روسيتان", "روسيتين")),
    ("تركي", "m", "pl", True, ("التركيون", "التركيين")),
    ("تركي", "f", "pl", False, ("تركيات",)),
    ("أمريكي", "f", "sg", True, ("الأمريكية",)),
    ("مسير", "f", "du", True, ("المسيرتان", "المسيرتين")),
    ("حربي", "f", "sg", False, ("حربية",)),
])
def test_adjective_agrees(base, gender, number, definite, expected):
    assert adjective(base, gender, number, definite) == expected


@pytest.mark.parametrize("singular, expected", [
    ("طائرة", ("طائرتان", "طائرتين")), ("جيش", ("جيشان", "جيشين")),
    ("مسيرة", ("مسيرتان", "مسيرتين")), ("بارجة", ("بارجتان", "بارجتين")),
])
def test_noun_dual(singular, expected):
    assert noun_dual(singular) == expected


# --- every state × every vehicle × agreement × article × proclitic × spelling ---------------------
def _adjective_cases():
    for (key, stems), (indef, defn, agreement, air), definite, proclitic in itertools.product(
            STEMS.items(), VEHICLES, (False, True), PROCLITICS):
        for stem in stems:
            phrase = f"{defn if definite else indef} {nisba(stem, agreement, definite)}"
            yield attach(proclitic, phrase), glued(proclitic, phrase), key, air


ADJECTIVE_CASES = list(_adjective_cases())


@pytest.mark.parametrize("phrase, proclitic, key, air", ADJECTIVE_CASES,
                         ids=[f"adj-{i}" for i in range(len(ADJECTIVE_CASES))])
def test_vehicle_with_nationality(phrase, proclitic, key, air):
    sentence = f"قصفت {phrase} قرية في الريف الغربي"
    t, hits = hits_of(sentence)
    start = len(normalize("قصفت "))
    end = start + len(normalize(phrase))
    assert [(h.key, h.air, h.start, h.core_start, h.end) for h in hits] == [(key, air, start, start + proclitic, end)]


# a state's noun after a vehicle in its construct form, and "vehicle + its army/forces"
OWNED = [("طائرات", True), ("طيران", True), ("مسيرات", True), ("مقاتلات", True), ("بوارج", True),
         ("مدفعية", False), ("دبابات", False), ("قوات", False), ("جيش", False)]


def _genitive_cases():
    for key in STEMS:
        owners = list(NOUNS[key])
        for stem in STEMS[key]:
            owners += [f"الجيش ال{stem}", f"القوات ال{stem}ة", f"الاحتلال ال{stem}"]
        for (vehicle, air), owner, proclitic in itertools.product(OWNED, owners, ("", "و", "ب")):
            yield attach(proclitic, f"{vehicle} {owner}"), glued(proclitic, vehicle), key, air


GENITIVE_CASES = list(_genitive_cases())


@pytest.mark.parametrize("phrase, proclitic, key, air", GENITIVE_CASES,
                         ids=[f"gen-{i}" for i in range(len(GENITIVE_CASES))])
def test_vehicle_before_genitive(phrase, proclitic, key, air):
    t, hits = hits_of(f"{phrase} على مواقع في المنطقة")
    assert [(h.key, h.air, h.start, h.core_start, h.end) for h in hits] == \
        [(key, air, 0, proclitic, len(normalize(phrase)))]


# a word for the attack itself stays the event's cue: the side is its adjective alone
FIRE = [("قصف", "m", None), ("القصف", "m", None), ("قصف مدفعي", "m", False), ("القصف الجوي", "m", True),
        ("غارة", "f", True), ("غارات جوية", "f", True), ("الغارات", "f", True), ("ضربة جوية", "f", True)]
STRIKES_FROM_AIR = {"russia", "israel", "coalition", "jordan"}


@pytest.mark.parametrize("fire, gender, air, key, stem", [
    (f, g, a, k, s) for (f, g, a), (k, stems) in itertools.product(FIRE, STEMS.items()) for s in stems[:1]])
def test_fire_word_keeps_its_cue(fire, gender, air, key, stem):
    adj = nisba(stem, (gender, "sg"), fire.startswith("ال"))
    t, hits = hits_of(f"جراء {fire} {adj} على البلدة")
    start = len(normalize(f"جراء {fire} "))
    flies = key in STRIKES_FROM_AIR if air is None else air
    assert [(h.key, h.air, h.start, h.end) for h in hits] == [(key, flies, start, start + len(normalize(adj)))]


# --- coordinated sides: one hit each, the second joined to the first ---------------------------------
COORDINATED = [
    # (phrase, [(key, words of the side)])
    ("الجيشين {a} والوطني", "m", [("{a}",), ("opposition", "الوطني")]),
    ("الجيشين الوطني و{a}", "m", [("opposition", "الجيشين الوطني"), ("{a}",)]),
    ("الجيش {a} والوطني السوري", "m", [("{a}",), ("opposition", "الوطني السوري")]),
    ("مدفعية الجيش {a} والوطني", "m", [("{a}",), ("opposition", "الوطني")]),
    ("القوات {a} والسورية", "f", [("{a}",), ("government", "السورية")]),
    ("الطائرات {a} والسورية", "f", [("{a}",), ("government", "السورية")]),
    ("الطائرات الحربية {a} والروسية", "f", [("{a}",), ("russia", "الروسية")]),
]


def _coordinated_cases():
    for (pattern, gender, sides), (key, stems) in itertools.product(COORDINATED, STEMS.items()):
        if key == "russia" and "والروسية" in pattern:
            continue
        adj = nisba(stems[0], (gender, "sg"), True)
        phrase = pattern.format(a=adj)
        expected = []
        for side in sides:
            if side == ("{a}",):
                expected.append((key, None))
            else:
                expected.append((side[0], side[1]))
        yield phrase, expected, adj


@pytest.mark.parametrize("phrase, expected, adj", list(_coordinated_cases()))
def test_coordinated_sides(phrase, expected, adj):
    t, hits = hits_of(f"قصفت {phrase} مواقع قسد")
    sides = hits[:-1]
    assert hits[-1].key == "sdf"
    assert [h.key for h in sides] == [k for k, _ in expected]
    first, second = sides
    assert t[first.start:first.end].endswith(normalize(expected[0][1] or adj))
    assert t[second.core_start:second.end] == normalize(expected[1][1] or adj)
    assert first.end < second.start and (second.joined, first.joined) == (True, False)


@pytest.mark.parametrize("text, keys", [
    ("قوات النظام والميليشيات الإيرانية", ["government", "pro_government_militias"]),
    ("قوات الأسد والميليشيات الشيعية", ["government", "pro_government_militias"]),
    ("الجيش التركي والجيش الوطني", ["turkey", "opposition"]),
    ("القوات الروسية والتركية والإيرانية", ["russia", "turkey", "iran"]),
])
def test_sides_named_together(text, keys):
    assert [h.key for h in hits_of(text)[1]] == keys


# --- names dated by 2024-12-08 -----------------------------------------------------------------------
@pytest.mark.parametrize("name, before, after", [
    ("الأمن العام", None, "transitional_government"),
    ("إدارة الأمن العام", None, "transitional_government"),
    ("جهاز الأمن العام", None, "transitional_government"),
    ("عناصر الأمن العام", None, "transitional_government"),
    ("وزارة الدفاع", None, "transitional_government"),
    ("وزارة الدفاع السورية", "government", "transitional_government"),
    ("فصائل وزارة الدفاع", None, "transitional_government"),
    ("ألوية وزارة الدفاع", None, "transitional_government"),
    ("فرق الجيش السوري", None, "transitional_government"),
    ("قوات الحكومة السورية", None, "transitional_government"),
    ("الجيش السوري الجديد", None, "transitional_government"),
    ("الجيش السوري", "government", "transitional_government"),
    ("قوات الجيش السوري", "government", "transitional_government"),
    ("مدفعية الجيش السوري", "government", "transitional_government"),
    ("الجيش العربي السوري", "government", "transitional_government"),
    ("إدارة العمليات العسكرية", None, "transitional_government"),
    ("السلطات السورية الجديدة", None, "transitional_government"),
    ("فلول النظام", None, "pro_government_militias"),
    ("فلول النظام البائد", None, "pro_government_militias"),
    ("بقايا النظام السابق", None, "pro_government_militias"),
    ("قوات النظام", "government", None),
    ("الجيش الوطني", "opposition", "opposition"),
    ("الجيش الوطني السوري", "opposition", "opposition"),
    ("الحكومة السورية المؤقتة", "opposition", "opposition"),
    ("الطيران الروسي", "russia", "russia"),
    ("طائرة مسيرة أردنية", "jordan", "jordan"),
])
@pytest.mark.parametrize("proclitic", ["", "و", "ل"])
def test_dated_names(name, before, after, proclitic):
    phrase = attach(proclitic, name)
    assert actor_key(normalize(phrase), dt.date(2019, 5, 1)) == before
    assert actor_key(normalize(phrase), AFTER_FALL) == after


# --- what names no side ------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "العراق", "الأردن", "في العراق وسوريا", "الحدود التركية", "الليرة التركية", "الخارجية الروسية",
    "مسيرة احتجاجية", "مسيرة حاشدة", "السفن التركية", "طائرات", "جيش الاحتلال", "القوة السورية الجديدة",
    "الأراضي الأردنية", "الجيشين",
])
def test_no_side(text):
    assert hits_of(f"وصلت {text} أمس")[1] == []


# --- end to end: every state's phrasings × cue frames × place forms ----------------------------------
def _phrasings(key: str, stem: str):
    """(words, verb suffix for its gender, air) — by adjective, by genitive, dual."""
    m, f = stem, stem + "ة"
    noun = NOUNS[key][0]
    return [
        (f"الطيران الحربي ال{m}", "", True), (f"طائرة مسيرة {f}", "ت", True), (f"طائرات {f}", "ت", True),
        (f"الطائرات ال{f}", "ت", True), (f"البوارج ال{f}", "ت", True), (f"مسيرتين {stem}تين", "ت", True),
        (f"طائرات {noun}", "ت", True), (f"المدفعية ال{f}", "ت", False), (f"القوات ال{f}", "ت", False),
        (f"الجيش ال{m}", "", False), (f"مدفعية الجيش ال{m}", "ت", False),
        (f"طائرة {f} بدون طيار", "ت", True), (f"طيران {noun}", "", True), (f"الدبابات ال{f}", "ت", False),
        (f"مقاتلات {f}", "ت", True), (f"قوات الاحتلال ال{m}", "ت", False),
    ]


FRAMES = [  # (sentence, the strike is from the air whatever fired)
    ("شن{t} {x} غارات جوية على {p}.", True),
    ("قصف{t} {x} {p}.", False),
    ("استهدف{t} {x} {p}.", False),
    ("تعرضت {p} لقصف من {x}.", False),
    ("تعرضت {p} لقصف من قبل {x}.", False),
    ("تعرضت {p} لغارات جوية من {x}.", True),
    ("قتل مدنيان بقصف من {x} على {p}.", False),
    ("قتل مدنيان بغارات جوية شنتها {x} على {p}.", True),
    ("أسفر قصف {x} على {p} عن مقتل مدنيين.", False),
    ("قتل مدنيان في استهداف {x} {p}.", False),
    ("استهدف{t} {x} مواقع قسد في {p}.", False),
]
PLACES = [("قرية كفرنبل بريف إدلب الجنوبي", "SY-ID"), ("بلدة الأتارب في ريف حلب الغربي", "SY-HL")]


def _e2e_cases():
    """Each state in its first spelling (the spellings are crossed with every vehicle above)."""
    for key, stems in STEMS.items():
        for stem in stems[:1]:
            for (x, t, air), (frame, from_air), (place, admin1) in itertools.product(
                    _phrasings(key, stem), FRAMES, PLACES):
                kind = "air_drone_strike" if air or from_air else "shelling_artillery_missile_attack"
                yield frame.format(t=t, x=x, p=place), (key, kind, admin1)


E2E = list(_e2e_cases())


@pytest.mark.parametrize("text, expected", E2E, ids=[f"e2e-{i}" for i in range(len(E2E))])
def test_state_sides_end_to_end(text, expected):
    evs = extract_document(Document(doc_id="t", text=text, published=WHEN.isoformat(),
                                    published_basis="metadata")).events
    assert [(e["actor1"], e["sub_event_type"], e["admin1"]) for e in evs] == [expected]


def _allies():
    """Two coordinated sides built from parts: [a vehicle of] an army or the forces, a state's
    adjective, and the adjective of another side."""
    for key, stems in STEMS.items():
        m, f = nisba(stems[0], ("m", "sg"), True), nisba(stems[0], ("f", "sg"), True)
        for owned, head, other in itertools.product(["", "مدفعية ", "دبابات "], ["الجيش", "الجيشين"],
                                                    ["الوطني", "الوطني السوري"]):
            yield f"{owned}{head} {m} و{other}", key
        yield f"القوات {f} والسورية", key


@pytest.mark.parametrize("side, actor1", list(_allies()))
@pytest.mark.parametrize("target", ["مواقع قسد", "مواقع ميليشيات قسد", "مواقع عناصر قسد"])
@pytest.mark.parametrize("place", [p for p, _ in PLACES])
def test_coordinated_allies_are_not_the_target(side, actor1, target, place):
    """The second of two coordinated sides fights with the first: neither actor2 nor actor1."""
    text = f"قصفت {side} {target} في {place}."
    evs = extract_document(Document(doc_id="t", text=text, published=WHEN.isoformat(),
                                    published_basis="metadata")).events
    assert [(e["actor1"], e["actor2"]) for e in evs] == [(actor1, "sdf")]
