"""The vocabulary of place matching (`place_words.yaml`, `admin_codes.yaml`), normalised once.

Every string is folded with `analysis.text.normalize.normalize` and its spaces collapsed, so
lookups compare like with like whatever spelling the YAML or the text used.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.lexicon import load_lexicon
from analysis.text import arabic
from analysis.taxonomy import PLACE_FEATURES
from analysis.text.normalize import normalize

_SPACES = re.compile(r"\s+")


def norm(s: str) -> str:
    """Normalised form of a name or word: folded letters, single spaces, no edge spaces."""
    return _SPACES.sub(" ", normalize(s)).strip()


@dataclass(frozen=True)
class FeatureForm:
    word: str        # canonical singular (normalised): "قريه"
    feature: str     # "village"
    number: str      # "one" | "two" | "many"
    not_after: frozenset[str]


@dataclass(frozen=True)
class Words:
    plain_clitics: frozenset[str]
    article_clitics: frozenset[str]
    max_clitic: int
    join_prefixes: frozenset[str]
    common: frozenset[str]
    weak: frozenset[str]
    weak_after: frozenset[str]
    not_places: tuple[str, ...]
    feature_forms: dict[str, FeatureForm]
    dash_features: frozenset[str]
    facility_features: frozenset[str]
    stops: frozenset[str]
    not_names: frozenset[str]
    qualifiers: frozenset[str]
    name_prefixes: frozenset[str]
    directions: frozenset[str]
    near_words: frozenset[str]           # "غربي X", "قرب X": the place is a landmark near the event
    admin1_names: dict[str, str]        # governorate name → ISO code
    adjectives: dict[str, str]          # "الحموي" → SY-HM
    rif: dict[str, str]                 # code → code of its countryside (SY-DI → SY-RD)
    clue_forms: dict[str, tuple[str, bool]]  # cue word → (kind, introduces a list)
    rif_pronouns: frozenset[str]
    countries: dict[str, str]            # country name as a place → ISO code
    origin_before: frozenset[str]        # "انتحاري من": where someone comes from
    border_words: frozenset[str]         # "الحدود مع": the country after them is the other side
    relative_before: frozenset[str]      # "الذين ينشطون في سوريا": the country describes someone
    qualify_before: frozenset[str]       # "X بريف حلب", "X في ريف حلب": what joins a place to its clue
    country_adjectives: dict[str, str]   # "التركية" → TR, after a word of adjective_after
    adjective_after: frozenset[str]
    locatives: frozenset[str]
    locative_clitics: frozenset[str]
    seat_words: frozenset[str]           # "المدينة" in "ريف المدينة": the governorate's seat
    rif_suffixes: frozenset[str]         # "ريفها": the countryside of the place just named
    header_regions: dict[str, frozenset[str]]
    feature_rank: dict[str, int]
    min_geonames_letters: int
    geonames_city_population: int
    same_place_degrees: float
    geonames_admin1: dict[str, str]
    ocha_pcode: dict[str, str]
    admin1_by_name: dict[str, str]      # Arabic and lower-cased English governorate names → code


def _set(items) -> frozenset[str]:
    return frozenset(norm(w) for w in items)


@lru_cache(maxsize=1)
def words() -> Words:
    w = load_lexicon("place_words")
    codes = load_lexicon("admin_codes")
    forms: dict[str, FeatureForm] = {}
    for f in w["feature_words"]:
        word, blockers = norm(f["word"]), _set(f.get("not_after", []))
        for number, items in (("one", [f["word"]]), ("two", f.get("dual", [])), ("many", f.get("plural", []))):
            for item in items:
                forms[norm(item)] = FeatureForm(word, f["feature"], number, blockers)
    clue_forms = {norm(x): (kind, many) for kind, c in w["clue_words"].items()
                  for many, key in ((False, "one"), (True, "many")) for x in c[key]}
    admin1_names = {norm(n): code for code, a in w["admin1"].items() for n in a["names"]}
    by_name = dict(admin1_names)
    for code, names in codes["names"].items():
        for n in names:
            by_name[norm(n).lower()] = code
    return Words(
        plain_clitics=frozenset(arabic.proclitics()),
        article_clitics=frozenset(arabic.article_proclitics()),
        max_clitic=max(map(len, arabic.proclitics() + arabic.article_proclitics())),
        join_prefixes=_set(w["join_prefixes"]),
        common=_set(w["common_words"]),
        weak=_set(w["weak_names"]),
        weak_after=_set(w["weak_after"]),
        not_places=tuple(sorted(_set(w["not_places"]))),
        feature_forms=forms,
        dash_features=frozenset(w["dash_features"]),
        facility_features=frozenset(w["facility_features"]),
        stops=_set(w["name_stops"]),
        not_names=_set(w["not_names"]),
        qualifiers=_set(w["qualifiers"]),
        name_prefixes=_set(w["name_prefixes"]),
        directions=_set(w["directions"]),
        near_words=_set(w["near_words"]),
        admin1_names=admin1_names,
        adjectives={norm(adj): code for code, a in w["admin1"].items() for adj in a["adjectives"]},
        rif={code: a.get("rif", code) for code, a in w["admin1"].items()},
        clue_forms=clue_forms,
        rif_pronouns=_set(w["rif_pronouns"]),
        countries={norm(n): code for code, names in w["countries"].items() for n in names},
        origin_before=_set(w["origin_before"]),
        border_words=_set(w["border_words"]),
        qualify_before=_set(w["qualify_before"]),
        relative_before=_set(w["relative_before"]),
        country_adjectives={norm(n): code for code, names in w["country_adjectives"].items() for n in names},
        adjective_after=_set(w["adjective_after"]),
        locatives=_set(w["locatives"]),
        locative_clitics=_set(w["locative_clitics"]),
        seat_words=_set(w["seat_words"]),
        rif_suffixes=_set(w["rif_suffixes"]),
        header_regions={norm(k): frozenset(v) for k, v in w["header_regions"].items()},
        feature_rank={f: i for i, f in enumerate(PLACE_FEATURES)},
        min_geonames_letters=w["min_geonames_letters"],
        geonames_city_population=w["geonames_city_population"],
        same_place_degrees=w["same_place_degrees"],
        geonames_admin1={str(k): v for k, v in codes["geonames_admin1"].items()},
        ocha_pcode=dict(codes["ocha_pcode"]),
        admin1_by_name=by_name,
    )
