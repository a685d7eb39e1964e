"""What a lexicon's schema cannot say: clashes, date ranges, coordinates, codebook families.

Each check takes a file's data (already valid against its schema) and the codebook, and
returns one line per problem: the key at fault and the value. A word is compared after
`analysis.text.normalize.normalize` with its spaces collapsed, as the engine matches it.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

SYRIA_BBOX = {"lat": (32.3, 37.4), "lon": (35.6, 42.4)}


def _norm(word: str) -> str:
    from analysis.text.normalize import normalize

    return " ".join(normalize(word).split())


def _codes(cb: dict, table: str) -> dict:
    return cb[table]["codes"]


def clashes(entries: Iterable[tuple[str, Iterable[str]]], what: str = "") -> list[str]:
    """Errors for a word listed under two different meanings: `entries` are (meaning, words)."""
    seen: dict[str, str] = {}
    errors = []
    for meaning, words in entries:
        for w in words:
            first = seen.setdefault(_norm(w), meaning)
            if first != meaning:
                errors.append(f"{meaning}: {what}{w!r} is listed under both {first} and {meaning}")
    return errors


def _date(s) -> dt.date | None:
    return None if s in (None, "") else (s if isinstance(s, dt.date) else dt.date.fromisoformat(str(s)))


def check_date_range(entry: dict, where: str) -> list[str]:
    """Errors for an entry's optional `valid_from`/`valid_to` (ISO dates, in order)."""
    try:
        a, b = _date(entry.get("valid_from")), _date(entry.get("valid_to"))
    except ValueError as e:
        return [f"{where}: bad date ({e})"]
    return [f"{where}: valid_from {a} is after valid_to {b}"] if a and b and a > b else []


# --- the codebook itself ------------------------------------------------------------------
def _check_codebook(data: dict, cb: dict) -> list[str]:
    """A codebook (`data`; `cb` is the same) checked against its own tables."""
    errs = []
    for name, table in data.items():
        family = table.get("family")
        if family is not None and family not in data:
            errs.append(f"{name}/family: {family!r} is not a table of the codebook")
        for code, entry in table["codes"].items():
            where = f"{name}/codes/{code}"
            if family in data and entry.get("family") not in data[family]["codes"]:
                errs.append(f"{where}/family: {entry.get('family')!r} is not a code of the codebook's {family}")
            if family is None and "family" in entry:
                errs.append(f"{where}/family: the table {name} has no families")
        for lang in ("en", "ar"):
            errs += clashes([(f"{name}/codes/{c}/{lang}", [e[lang]]) for c, e in table["codes"].items()], "label ")
    for code, entry in data["sub_event_types"]["codes"].items():
        if entry["disorder"] not in data["disorder_types"]["codes"]:
            errs.append(f"sub_event_types/codes/{code}/disorder: {entry['disorder']!r} is not a code of the "
                        f"codebook's disorder_types")
    for code, entry in data["actors"]["codes"].items():
        errs += _tiles(entry["acled"], f"actors/codes/{code}/acled")
    return errs


def _tiles(periods: list[dict], where: str) -> list[str]:
    """Dated names follow one another without gap or overlap: open start, open end, each
    `valid_to` (exclusive) the next one's `valid_from`."""
    errs = [e for i, p in enumerate(periods) for e in check_date_range(p, f"{where}/{i}")]
    if errs:
        return errs
    if periods[0].get("valid_from") is not None or periods[-1].get("valid_to") is not None:
        errs.append(f"{where}: the first period must have no valid_from and the last no valid_to")
    errs += [f"{where}/{i + 1}: valid_from {b.get('valid_from')} is not valid_to {a.get('valid_to')} of the period before"
             for i, (a, b) in enumerate(zip(periods, periods[1:])) if a.get("valid_to") != b.get("valid_from")]
    return errs


# --- event engine -----------------------------------------------------------------------
def _overlap(a: dict, b: dict) -> bool:
    """Two entries' inclusive validity ranges share a day (missing ends are open)."""
    lo = max(_date(a.get("valid_from")) or dt.date.min, _date(b.get("valid_from")) or dt.date.min)
    hi = min(_date(a.get("valid_to")) or dt.date.max, _date(b.get("valid_to")) or dt.date.max)
    return lo <= hi


def _check_actors(data: dict, cb: dict) -> list[str]:
    actors = data["actors"]
    errs = [e for i, a in enumerate(actors) for e in check_date_range(a, f"actors/{i} ({a['key']})")]
    if errs:
        return errs
    # a name may change key on a date (2024-12-08), never mean two sides on the same day
    names = [{_norm(w): w for w in a.get("names", []) + a.get("air", []) + a.get("genitives", [])} for a in actors]
    for i, a in enumerate(actors):
        for j in range(i):
            b = actors[j]
            if a["key"] != b["key"] and _overlap(a, b):
                errs += [f"actors/{i} ({a['key']}): name {w!r} is also actors/{j} ({b['key']}) on the same dates"
                         for n, w in names[i].items() if n in names[j]]
        if ("adjectives" in a) != ("strikes" in a):
            errs.append(f"actors/{i} ({a['key']}): a state's `adjectives` and `strikes` come together")
    errs += [f"vehicles/{i} ({v['noun']}): a mass noun (count: false) has no plural"
             for i, v in enumerate(data["vehicles"]) if v.get("count") is False and "plural" in v]
    return errs


def _check_events(data: dict, cb: dict) -> list[str]:
    errs = clashes([(f"cues/{i} ({c['type']})", c["words"]) for i, c in enumerate(data["cues"])]
                   + [(f"generic/{i} ({c['type']})", c["words"]) for i, c in enumerate(data["generic"])], "cue ")
    errs += clashes([(f"weapons/{k}", w["words"]) for k, w in data["weapons"].items()], "weapon word ")
    return errs


def _check_facilities(data: dict, cb: dict) -> list[str]:
    return clashes([(f"types/{k}", ws) for k, ws in data["types"].items()])


def _check_control(data: dict, cb: dict) -> list[str]:
    return clashes([(f"changes/{k}", ws) for k, ws in data["changes"].items()])


def _check_statistics(data: dict, cb: dict) -> list[str]:
    errs = clashes([(f"reporters/{k}", ws) for k, ws in data["reporters"].items()])
    return errs + clashes([(f"metrics/{k}", ws) for k, ws in data["metrics"].items()])


# --- numbers / casualties -----------------------------------------------------------------
def _check_numbers(data: dict, cb: dict) -> list[str]:
    return clashes([(f"words/{v}", ws) for v, ws in data["words"].items()]
                   + [(f"scales/{v}", ws) for v, ws in data["scales"].items()]) \
        + clashes([(f"vague/{v}", ws) for v, ws in data["vague"].items()])


# Made by the engine from a killed and a wounded cue side by side; no word names it.
_COMBINED_OUTCOME = "killed_or_wounded"


def _check_casualties(data: dict, cb: dict) -> list[str]:
    nouns = [(f"victims/{g}/{n}", ws) for g, d in data["victims"].items() for n, ws in d.items()]
    nouns += [(f"outcome_nouns/{o}/{n}", ws) for o, d in data["outcome_nouns"].items() for n, ws in d.items()]
    nouns += [(f"others/{n}", ws) for n, ws in data["others"].items()]
    cues = [(f"cues/{o}", [w for ws in d.values() for w in ws]) for o, d in data["cues"].items()]
    party = data["party"]
    errors = [f"{k}/{_COMBINED_OUTCOME}: made from a killed and a wounded cue side by side, not listed"
              for k in ("outcome_nouns", "cues") if _COMBINED_OUTCOME in data[k]]
    errors += clashes(nouns) + clashes(cues, "cue ")
    errors += [f"party/partitive: {w!r} is not in party/links" for w in party["partitive"] if w not in party["links"]]
    return errors


# --- places ---------------------------------------------------------------------------------
def check_place(p: dict, where: str, cb: dict) -> list[str]:
    """Semantic errors of one place record (structure is the place schema's job)."""
    errs = []
    admin1 = _codes(cb, "governorates")
    syrian = p.get("country", "SY") == "SY"
    if p["admin1"] is not None and p["admin1"] not in admin1:
        errs.append(f"{where}: unknown admin1 {p['admin1']!r} (expected one of {', '.join(admin1)})")
    if p["admin1"] is not None and not syrian:
        errs.append(f"{where}: a place outside Syria has admin1 null")
    feature = _codes(cb, "place_features").get(p["feature"], {})
    if p["admin1"] is None and syrian and not feature.get("multi_admin1"):
        errs.append(f"{where}: admin1 is missing")
    if (p["lat"] is None) != (p["lon"] is None):
        errs.append(f"{where}: give both lat and lon or neither")
    elif p["lat"] is not None and syrian:
        (a, b), (c, d) = SYRIA_BBOX["lat"], SYRIA_BBOX["lon"]
        if not (a <= p["lat"] <= b and c <= p["lon"] <= d):
            errs.append(f"{where}: lat/lon {p['lat']}, {p['lon']} is outside Syria ({a}–{b} N, {c}–{d} E)")
    for n in [p["name"], *p.get("variants", [])]:
        folded = _norm(n)
        if not folded:
            errs.append(f"{where}: empty name or variant {n!r}")
        elif not any("\u0621" <= ch <= "\u064a" for ch in folded):
            errs.append(f"{where}: name or variant {n!r} has no Arabic letter")
    return errs


def _check_places(data: dict, cb: dict) -> list[str]:
    errs, seen = [], set()
    for i, p in enumerate(data["places"]):
        if p["id"] in seen:
            errs.append(f"places/{i}: duplicate id {p['id']!r}")
        seen.add(p["id"])
        errs += check_place(p, f"places/{i} ({p['id']})", cb)
    return errs


def _check_place_words(data: dict, cb: dict) -> list[str]:
    forms = [(f"feature_words/{i} ({f['feature']})", [f["word"], *f.get("dual", []), *f.get("plural", [])])
             for i, f in enumerate(data["feature_words"])]
    errs = clashes(forms, "feature word ")
    errs += clashes([(f"admin1/{c}/names", a["names"]) for c, a in data["admin1"].items()], "governorate name ")
    errs += clashes([(f"admin1/{c}/adjectives", a["adjectives"]) for c, a in data["admin1"].items()], "adjective ")
    errs += [f"admin1/{c}/names: the codebook's name {e['ar']!r} is not listed"
             for c, e in _codes(cb, "governorates").items()
             if _norm(e["ar"]) not in {_norm(w) for w in data["admin1"][c]["names"]}]
    return errs


def _check_admin_codes(data: dict, cb: dict) -> list[str]:
    errs = [f"{table}: no entry for {c}" for table in ("geonames_admin1", "ocha_pcode")
            for c in _codes(cb, "governorates") if c not in set(data[table].values())]
    return errs + clashes([(f"names/{c}", ws) for c, ws in data["names"].items()], "name ")


def _governorate_names_across(place_words: dict, admin_codes: dict) -> list[str]:
    """The gazetteer import reads governorate names from both files as one table."""
    return clashes([(f"place_words.yaml admin1/{c}/names", a["names"]) for c, a in place_words["admin1"].items()]
                   + [(f"admin_codes.yaml names/{c}", ws) for c, ws in admin_codes["names"].items()],
                   "governorate name ")


CHECKS: dict[str, Callable[[dict, dict], list[str]]] = {
    "codebook": _check_codebook, "actors": _check_actors, "events": _check_events,
    "facilities": _check_facilities, "control": _check_control, "statistics": _check_statistics,
    "numbers": _check_numbers, "casualties": _check_casualties, "places": _check_places,
    "place_words": _check_place_words, "admin_codes": _check_admin_codes,
}
# Checks across two files: file → [(other file, check(data, other's data))].
ACROSS: dict[str, list[tuple[str, Callable[[dict, dict], list[str]]]]] = {
    "place_words": [("admin_codes", _governorate_names_across)],
    "admin_codes": [("place_words", lambda codes, words: _governorate_names_across(words, codes))],
}
