"""Load the language data under `data/` and validate it at load time (dateparser style).

Each lexicon file has a JSON-schema in `SCHEMAS` (the machine-checked half of the contract
in `data/README.md`) and, where structure is not enough, a semantic check. A broken file
fails with its name and the path of the bad key, never with a KeyError deep in the engine.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import jsonschema
import yaml

from analysis import config, taxonomy as tx


class LexiconError(ValueError):
    pass


_STR_LIST = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}

SCHEMAS: dict[str, dict] = {
    "dates": {
        "type": "object",
        "required": ["months", "weekdays", "relative_days", "day_parts", "not_after", "not_before",
                     "markers", "this", "period_parts", "units", "article", "fillers", "counts",
                     "vague_counts", "few", "ordinal_days", "month_context", "background_prefixes",
                     "during_prefixes", "conjunctions", "prepositions"],
        "properties": {
            "months": {"type": "object", "patternProperties": {"^(1[0-2]|[1-9])$": _STR_LIST},
                       "additionalProperties": False, "minProperties": 12},
            "weekdays": {"type": "object", "patternProperties": {"^[0-6]$": _STR_LIST},
                         "additionalProperties": False, "minProperties": 7},
            "relative_days": {"type": "object", "minProperties": 1, "additionalProperties":
                              {"type": "integer", "minimum": -7, "maximum": 7}},
            "day_parts": _STR_LIST, "not_after": _STR_LIST, "not_before": _STR_LIST,
            "markers": {"type": "object", "required": ["past", "current", "next"],
                        "additionalProperties": False,
                        "properties": {k: _STR_LIST for k in ("past", "current", "next")}},
            "this": _STR_LIST,
            "period_parts": {"type": "object", "required": ["start", "middle", "end"],
                             "additionalProperties": False,
                             "properties": {k: _STR_LIST for k in ("start", "middle", "end")}},
            "units": {"type": "object", "required": ["day", "week", "month", "year"],
                      "additionalProperties": False,
                      "properties": {k: {"type": "object", "required": ["one", "two", "many"],
                                         "additionalProperties": False,
                                         "properties": {f: _STR_LIST for f in ("one", "two", "many")}}
                                     for k in ("day", "week", "month", "year")}},
            "article": {"type": "string", "minLength": 1},
            "fillers": _STR_LIST,
            "counts": {"type": "object", "minProperties": 1,
                       "additionalProperties": {"type": "integer", "minimum": 1}},
            "vague_counts": _STR_LIST,
            "few": {"type": "integer", "minimum": 1},
            "ordinal_days": {"type": "object", "minProperties": 1, "additionalProperties":
                             {"type": "integer", "minimum": 1, "maximum": 31}},
            "month_context": _STR_LIST, "background_prefixes": _STR_LIST, "during_prefixes": _STR_LIST,
            "conjunctions": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 1}},
            "prepositions": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 1}},
        },
        "additionalProperties": False,
    },
}
SCHEMAS["layout"] = {
    "type": "object",
    "required": ["clutter_lines", "clutter_prefixes", "lead_verbs", "continuation_openers",
                 "header_scope_paragraphs", "max_title_chars"],
    "properties": {
        "clutter_lines": _STR_LIST, "clutter_prefixes": _STR_LIST, "lead_verbs": _STR_LIST,
        "continuation_openers": _STR_LIST,
        "header_scope_paragraphs": {"type": "integer", "minimum": 1},
        "max_title_chars": {"type": "integer", "minimum": 20},
    },
    "additionalProperties": False,
}
# Report labels: every codebook key a report can show needs both languages.
_LABEL = {"type": "object", "required": ["en", "ar"], "additionalProperties": False,
          "properties": {"en": {"type": "string", "minLength": 1}, "ar": {"type": "string", "minLength": 1}}}


def _labels_for(keys) -> dict:
    return {"type": "object", "required": list(keys), "additionalProperties": False,
            "properties": {k: _LABEL for k in keys}}


SCHEMAS["labels"] = {
    "type": "object",
    "required": ["actors", "facility_types", "victim_groups", "outcomes", "changes", "event_types",
                 "sub_event_types", "statuses", "dimensions", "ui"],
    "properties": {
        "actors": _labels_for(tx.ACTOR_KEYS), "facility_types": _labels_for(tx.FACILITY_TYPES),
        "victim_groups": _labels_for(tx.VICTIM_GROUPS), "outcomes": _labels_for(tx.OUTCOMES),
        "changes": _labels_for(tx.CONTROL_CHANGES), "event_types": _labels_for(tx.EVENT_TYPES),
        "sub_event_types": _labels_for(tx.SUB_EVENT_TYPES), "statuses": _labels_for(tx.DOCUMENT_STATUSES),
        "dimensions": _labels_for(["total", "perpetrator", "facility_type", "victim_group"]),
        "ui": {"type": "object", "additionalProperties": _LABEL},
    },
    "additionalProperties": False,
}
# ACLED export (data/acled.yaml): every codebook key needs its ACLED label.
_NAME = {"type": "string", "minLength": 1}
SCHEMAS["acled"] = {
    "type": "object", "additionalProperties": False,
    "required": ["columns", "country", "separator", "time_precision", "event_types", "sub_event_types",
                 "actors", "admin1", "civilian_targeting", "weapon_tags"],
    "properties": {
        "columns": _STR_LIST,
        "country": {"type": "object", "required": ["name", "iso"], "additionalProperties": False,
                    "properties": {"name": _NAME, "iso": {"type": "integer"}}},
        "separator": _NAME,
        "time_precision": {"type": "object", "required": ["day", "week", "month", "year"],
                           "additionalProperties": False,
                           "properties": {k: {"enum": [1, 2, 3]} for k in ("day", "week", "month", "year")}},
        "event_types": {"type": "object", "required": list(tx.EVENT_TYPES), "additionalProperties": False,
                        "properties": {k: _NAME for k in tx.EVENT_TYPES}},
        "sub_event_types": {  # [ACLED label, disorder type]
            "type": "object", "required": list(tx.SUB_EVENT_TYPES), "additionalProperties": False,
            "properties": {k: {"type": "array", "prefixItems": [_NAME, _NAME], "minItems": 2, "maxItems": 2}
                           for k in tx.SUB_EVENT_TYPES}},
        "actors": {"type": "object", "required": list(tx.ACTOR_KEYS), "additionalProperties": False,
                   "properties": {k: {"type": "array", "minItems": 1, "items": {
                       "type": "object", "required": ["name", "inter"], "additionalProperties": False,
                       "properties": {"name": _NAME, "inter": {"type": "integer", "minimum": 1, "maximum": 8},
                                      "valid_from": {}, "valid_to": {}}}} for k in tx.ACTOR_KEYS}},
        "admin1": {"type": "object", "required": list(tx.ADMIN1), "additionalProperties": False,
                   "properties": {k: _NAME for k in tx.ADMIN1}},
        "civilian_targeting": _NAME,
        "weapon_tags": {"type": "object", "required": list(tx.WEAPONS), "additionalProperties": False,
                        "properties": {k: _NAME for k in tx.WEAPONS}},
    },
}
CHECKS: dict[str, Callable[[dict], list[str]]] = {}


def _date(s) -> dt.date | None:
    return None if s in (None, "") else (s if isinstance(s, dt.date) else dt.date.fromisoformat(str(s)))


def check_date_range(entry: dict, where: str) -> list[str]:
    """Errors for an entry's optional `valid_from`/`valid_to` (ISO dates, in order)."""
    try:
        a, b = _date(entry.get("valid_from")), _date(entry.get("valid_to"))
    except ValueError as e:
        return [f"{where}: bad date ({e})"]
    return [f"{where}: valid_from {a} is after valid_to {b}"] if a and b and a > b else []


def check_actor_keys(values, where: str) -> list[str]:
    return [f"{where}: unknown actor key {v!r}" for v in values if v not in tx.ACTOR_KEYS]


def validate_lexicon(name: str, data) -> None:
    """Raise LexiconError listing every problem of one lexicon's data."""
    if name not in SCHEMAS:
        raise LexiconError(f"no schema registered for lexicon {name!r}")
    v = jsonschema.Draft202012Validator(SCHEMAS[name])
    errors = [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in v.iter_errors(data)]
    if not errors and name in CHECKS:
        errors = CHECKS[name](data)
    if errors:
        raise LexiconError(f"lexicon {name!r} is invalid:\n  " + "\n  ".join(errors[:20]))


@lru_cache(maxsize=None)
def load_lexicon(name: str, directory: Path = config.LEXICON_DIR):
    """Parsed and validated `data/<name>.yaml` (cached)."""
    path = Path(directory) / f"{name}.yaml"
    try:
        # libyaml's parser when present: the same data as safe_load, ten times faster
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except FileNotFoundError as e:
        raise LexiconError(f"lexicon file {path} is missing") from e
    except yaml.YAMLError as e:
        raise LexiconError(f"lexicon file {path} is not valid YAML: {e}") from e
    try:
        validate_lexicon(name, data)
    except LexiconError as e:
        raise LexiconError(f"{path}: {e}") from None
    return data


# --- event engine lexicons -------------------------------------------------------------
_WORDS = {"type": "object", "required": ["words"], "properties": {"words": _STR_LIST}}
_DATE: dict = {}  # YAML gives dates as date objects; check_date_range validates them

SCHEMAS.update({
    "actors": {
        "type": "object", "required": ["actors", "vehicles", "back_references", "air_back_references"],
        "additionalProperties": False,
        "properties": {
            "actors": {"type": "array", "minItems": 1, "items": {
                "type": "object", "required": ["key"], "additionalProperties": False,
                "anyOf": [{"required": ["names"]}, {"required": ["adjectives"]}, {"required": ["genitives"]}],
                "properties": {"key": {"type": "string"}, "names": _STR_LIST, "air": _STR_LIST,
                               "adjectives": _STR_LIST, "genitives": _STR_LIST,
                               "strikes": {"enum": ["air", "ground"]},
                               "valid_from": _DATE, "valid_to": _DATE}}},
            "vehicles": {"type": "array", "minItems": 1, "items": {
                "type": "object", "required": ["noun", "gender"], "additionalProperties": False,
                "properties": {"noun": {"type": "string", "minLength": 1}, "plural": _STR_LIST,
                               "gender": {"enum": ["m", "f"]}, "count": {"type": "boolean"},
                               "definite": {"type": "boolean"}, "air": {"type": "boolean"},
                               "bare": {"type": "boolean"}, "owner": {"type": "boolean"},
                               "fire": {"type": "boolean"}, "after": _STR_LIST,
                               "modifiers": {"type": "array", "items": {
                                   "type": "object", "required": ["word"], "additionalProperties": False,
                                   "properties": {"word": {"type": "string", "minLength": 1},
                                                  "air": {"type": "boolean"}}}}}}},
            "back_references": {"type": "array", "items": {
                "type": "object", "required": ["word"], "additionalProperties": False,
                "properties": {"word": {"type": "string"}, "prefer": {"type": "array"},
                               "default": {"type": "string"}}}},
            "air_back_references": _STR_LIST,
        },
    },
    "events": {
        "type": "object", "additionalProperties": False,
        "required": ["cues", "generic", "weapons", "clause", "not_followed_by", "demonstratives", "blockers", "hedges",
                     "conditionals",
                     "background", "background_updates", "own_members", "roles", "spans", "spread_words",
                     "claims"],
        "properties": {
            "cues": {"type": "array", "items": {
                "type": "object", "required": ["type", "priority", "words"], "additionalProperties": False,
                "properties": {"type": {"type": "string"}, "priority": {"type": "integer"},
                               "weapon": {"type": "string"}, "alone": {"type": "boolean"},
                               "words": _STR_LIST}}},
            "generic": {"type": "array", "items": {
                "type": "object", "required": ["type", "priority", "words"], "additionalProperties": False,
                "properties": {"type": {"type": "string"}, "priority": {"type": "integer"},
                               "needs": _STR_LIST, "words": _STR_LIST}}},
            "weapons": {"type": "object", "additionalProperties": {
                "type": "object", "required": ["type", "words"], "additionalProperties": False,
                "properties": {"type": {"type": "string"}, "words": _STR_LIST}}},
            "clause": {"type": "object", "required": ["split_before", "times_of_day", "elaboration", "subordinate"],
                       "additionalProperties": False,
                       "properties": {"split_before": _STR_LIST, "times_of_day": _STR_LIST,
                                      "elaboration": _STR_LIST, "subordinate": _STR_LIST}},
            "not_followed_by": {"type": "object", "additionalProperties": _STR_LIST},
            "demonstratives": _STR_LIST, "blockers": _STR_LIST, "hedges": _STR_LIST, "conditionals": _STR_LIST,
            "background": _STR_LIST, "background_updates": _STR_LIST,
            "own_members": _STR_LIST, "spans": _STR_LIST, "spread_words": _STR_LIST,
            "roles": {"type": "object", "additionalProperties": False,
                      "required": ["target_before", "holder_before", "border_before", "fire_before", "object_verbs", "object_nouns", "verb_subjects", "agent_before", "support",
                                   "support_fillers", "between", "side_first", "side_second", "affiliation",
                                   "both_sides", "announce", "exposed", "civilian_words"],
                      "properties": {k: _STR_LIST for k in ("target_before", "holder_before", "border_before", "fire_before", "object_verbs", "object_nouns",
                                                            "verb_subjects", "agent_before",
                                                            "support", "support_fillers", "between",
                                                            "side_first", "side_second",
                                                            "affiliation", "both_sides", "announce", "exposed",
                                                            "civilian_words")}},
            "claims": {"type": "object", "required": ["verbs", "sources"], "additionalProperties": False,
                       "properties": {"verbs": _STR_LIST, "sources": _STR_LIST}},
        },
    },
    "facilities": {
        "type": "object", "required": ["types", "near"], "additionalProperties": False,
        "properties": {"types": {"type": "object", "additionalProperties": _STR_LIST}, "near": _STR_LIST},
    },
    "control": {
        "type": "object", "additionalProperties": False,
        "required": ["changes", "lost_by_markers", "stop_words", "not_places", "not_changes"],
        "properties": {"changes": {"type": "object", "additionalProperties": _STR_LIST},
                       "lost_by_markers": _STR_LIST, "stop_words": _STR_LIST, "not_places": _STR_LIST,
                       "not_changes": _STR_LIST},
    },
    "statistics": {
        "type": "object", "additionalProperties": False,
        "required": ["reporters", "report_words", "metrics", "facility_context", "perpetrator_marker",
                     "other_perpetrator", "of", "period"],
        "properties": {"reporters": {"type": "object", "additionalProperties": _STR_LIST},
                       "of": _STR_LIST,
                       "report_words": _STR_LIST, "facility_context": _STR_LIST,
                       "metrics": {"type": "object", "additionalProperties": _STR_LIST},
                       "perpetrator_marker": _STR_LIST, "other_perpetrator": _STR_LIST,
                       "period": {"type": "object", "required": ["since_year", "month"],
                                  "properties": {"since_year": _STR_LIST, "month": _STR_LIST}}},
    },
})


def _check_actors(data) -> list[str]:
    errs = []
    for i, a in enumerate(data["actors"]):
        errs += check_actor_keys([a["key"]], f"actors/{i}")
        errs += check_date_range(a, f"actors/{i} ({a['key']})")
        if ("adjectives" in a) != ("strikes" in a):
            errs.append(f"actors/{i} ({a['key']}): a state with `adjectives` needs `strikes`, and only it")
    errs += [f"vehicles/{i} ({v['noun']}): a mass noun (count: false) has no plural"
             for i, v in enumerate(data["vehicles"]) if v.get("count") is False and "plural" in v]
    for i, b in enumerate(data["back_references"]):
        errs += check_actor_keys(b.get("prefer", []) + ([b["default"]] if "default" in b else []),
                                 f"back_references/{i}")
    return errs


def _check_events(data) -> list[str]:
    types = set(tx.SUB_EVENT_TYPES)
    errs = [f"cues/{i}: unknown sub_event_type {c['type']!r}" for i, c in enumerate(data["cues"])
            if c["type"] not in types]
    errs += [f"generic/{i}: unknown sub_event_type {c['type']!r}" for i, c in enumerate(data["generic"])
             if c["type"] not in types]
    errs += [f"weapons/{k}: unknown tag or type" for k, w in data["weapons"].items()
             if k not in tx.WEAPONS or w["type"] not in types]
    errs += [f"cues/{i}: unknown weapon tag {c['weapon']!r}" for i, c in enumerate(data["cues"])
             if c.get("weapon") and c["weapon"] not in tx.WEAPONS]
    return errs


def _check_facilities(data) -> list[str]:
    return [f"types/{k}: not an SNHR facility type" for k in data["types"] if k not in tx.FACILITY_TYPES]


def _check_control(data) -> list[str]:
    return [f"changes/{k}: not a control change" for k in data["changes"] if k not in tx.CONTROL_CHANGES]


def _check_statistics(data) -> list[str]:
    return [f"metrics/{k}: not a metric name" for k in data["metrics"] if not k.isidentifier()]


CHECKS.update({"actors": _check_actors, "events": _check_events, "facilities": _check_facilities,
               "control": _check_control, "statistics": _check_statistics})


# --- numbers / casualties (analysis.extract.quantities) -----------------------------------
_VALUE_LISTS = {"type": "object", "patternProperties": {"^[1-9][0-9]*$": _STR_LIST},
                "additionalProperties": False, "minProperties": 1}
SCHEMAS["numbers"] = {
    "type": "object",
    "required": ["words", "scales", "vague", "approximately", "at_least", "approximately_after",
                 "at_least_after", "range_openers", "range_joiners", "alternatives"],
    "properties": {
        "words": _VALUE_LISTS, "scales": _VALUE_LISTS, "vague": _VALUE_LISTS,
        "approximately": _STR_LIST, "at_least": _STR_LIST, "approximately_after": _STR_LIST,
        "at_least_after": _STR_LIST, "range_openers": _STR_LIST, "range_joiners": _STR_LIST,
        "alternatives": _STR_LIST,
    },
    "additionalProperties": False,
}
_NOUN_FORMS = {"type": "object", "properties": {k: _STR_LIST for k in ("one", "two", "many")},
               "additionalProperties": False, "minProperties": 1}
_CUE_ROLES = {"type": "object", "properties": {k: _STR_LIST for k in ("lead", "trail", "one", "some")},
              "additionalProperties": False, "minProperties": 1}
SCHEMAS["casualties"] = {
    "type": "object",
    "required": ["victims", "outcome_nouns", "others", "cues", "zero", "both_outcomes",
                 "group_assertion", "subset_markers", "party", "count_followers", "clause_breaks",
                 "unrealised", "prepositions", "non_conflict"],
    "properties": {
        "victims": {"type": "object", "propertyNames": {"enum": tx.VICTIM_GROUPS},
                    "additionalProperties": _NOUN_FORMS, "minProperties": 1},
        "outcome_nouns": {"type": "object",
                          "propertyNames": {"enum": [o for o in tx.OUTCOMES if o != "killed_or_wounded"]},
                          "additionalProperties": _NOUN_FORMS, "required": ["killed", "wounded"]},
        "others": _NOUN_FORMS,
        "cues": {"type": "object",
                 "propertyNames": {"enum": [o for o in tx.OUTCOMES if o != "killed_or_wounded"] + ["neutral"]},
                 "additionalProperties": _CUE_ROLES, "required": ["killed", "wounded", "neutral"]},
        "zero": {"type": "object", "required": ["negators", "fillers", "nouns"],
                 "properties": {k: _STR_LIST for k in ("negators", "fillers", "nouns", "phrases")},
                 "additionalProperties": False},
        "party": {"type": "object", "required": ["links", "partitive", "heads", "name_words", "stop_words"],
                  "properties": {k: _STR_LIST for k in ("links", "partitive", "heads", "name_words", "stop_words")},
                  "additionalProperties": False},
        **{k: _STR_LIST for k in ("both_outcomes", "group_assertion", "subset_markers", "count_followers",
                                  "clause_breaks", "unrealised", "prepositions", "non_conflict")},
    },
    "additionalProperties": False,
}


def _clashes(entries, where: str) -> list[str]:
    """Errors for a (normalised) word listed under two different meanings."""
    from analysis.text.normalize import normalize

    seen: dict[str, str] = {}
    errors = []
    for meaning, words in entries:
        for w in words:
            n = " ".join(normalize(w).split())
            if seen.setdefault(n, meaning) != meaning:
                errors.append(f"{where}: {w!r} is listed under both {seen[n]} and {meaning}")
    return errors


def _check_numbers(data: dict) -> list[str]:
    return _clashes([(f"words/{v}", ws) for v, ws in data["words"].items()]
                    + [(f"scales/{v}", ws) for v, ws in data["scales"].items()], "numbers") \
        + _clashes([(f"vague/{v}", ws) for v, ws in data["vague"].items()], "numbers")


def _check_casualties(data: dict) -> list[str]:
    nouns = [(f"victims/{g}/{n}", ws) for g, d in data["victims"].items() for n, ws in d.items()]
    nouns += [(f"outcome_nouns/{o}/{n}", ws) for o, d in data["outcome_nouns"].items() for n, ws in d.items()]
    nouns += [(f"others/{n}", ws) for n, ws in data["others"].items()]
    cues = [(f"cues/{o}", [w for ws in d.values() for w in ws]) for o, d in data["cues"].items()]
    party = data["party"]
    errors = _clashes(nouns, "casualties") + _clashes(cues, "casualties")
    errors += [f"casualties: party/partitive {w!r} is not in party/links"
               for w in party["partitive"] if w not in party["links"]]
    return errors


CHECKS["numbers"] = _check_numbers
CHECKS["casualties"] = _check_casualties


# --- places: built-in gazetteer, place words, governorate code tables -------------------
# One place record, the same for `places.yaml` and for imported user gazetteers.
PLACE_SCHEMA = {
    "type": "object", "required": ["id", "name", "admin1", "feature", "lat", "lon"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9._:+-]*$"},
        "name": {"type": "string", "minLength": 1},
        "name_en": {"type": ["string", "null"]},
        "variants": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "admin1": {"type": ["string", "null"]},
        "feature": {"type": "string", "pattern": "^[a-z_]+$"},
        "lat": {"type": ["number", "null"]}, "lon": {"type": ["number", "null"]},
        "coords": {"enum": ["geonames", "estimate", "city", "seat", "import"]},
        "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "population": {"type": ["integer", "null"], "minimum": 0},
        "note": {"type": "string"},
    },
}
SYRIA_BBOX = {"lat": (32.3, 37.4), "lon": (35.6, 42.4)}
# Places without a governorate that are still in Syria span several governorates.
MULTI_ADMIN1_FEATURES = {"region", "mountain"}
_ADMIN1_LIST = {"type": "array", "items": {"enum": list(tx.ADMIN1)}}


def check_place(p: dict, where: str) -> list[str]:
    """Semantic errors of one place record (structure is PLACE_SCHEMA's job)."""
    from analysis.text.normalize import normalize

    errs = []
    syrian = p.get("country", "SY") == "SY"
    if p["admin1"] is not None and p["admin1"] not in tx.ADMIN1:
        errs.append(f"{where}: unknown admin1 {p['admin1']!r} (expected one of {', '.join(tx.ADMIN1)})")
    if p["admin1"] is not None and not syrian:
        errs.append(f"{where}: a place outside Syria has admin1 null")
    if p["admin1"] is None and syrian and p["feature"] not in MULTI_ADMIN1_FEATURES:
        errs.append(f"{where}: admin1 is missing")
    if (p["lat"] is None) != (p["lon"] is None):
        errs.append(f"{where}: give both lat and lon or neither")
    elif p["lat"] is not None and syrian:
        (a, b), (c, d) = SYRIA_BBOX["lat"], SYRIA_BBOX["lon"]
        if not (a <= p["lat"] <= b and c <= p["lon"] <= d):
            errs.append(f"{where}: lat/lon {p['lat']}, {p['lon']} is outside Syria ({a}–{b} N, {c}–{d} E)")
    for n in [p["name"], *p.get("variants", [])]:
        folded = normalize(n).strip()
        if not folded:
            errs.append(f"{where}: empty name or variant {n!r}")
        elif not any("\u0621" <= ch <= "\u064a" for ch in folded):
            errs.append(f"{where}: name or variant {n!r} has no Arabic letter")
    return errs


def _check_places(data) -> list[str]:
    errs, seen = [], set()
    for i, p in enumerate(data["places"]):
        if p["id"] in seen:
            errs.append(f"places/{i}: duplicate id {p['id']!r}")
        seen.add(p["id"])
        errs += check_place(p, f"places/{i} ({p['id']})")
    return errs


def _check_place_words(data) -> list[str]:
    errs = [f"admin1: missing {c}" for c in tx.ADMIN1 if c not in data["admin1"]]
    errs += [f"admin1/{c}: unknown code" for c in data["admin1"] if c not in tx.ADMIN1]
    errs += [f"admin1/{c}/rif: unknown code {a['rif']!r}" for c, a in data["admin1"].items()
             if a.get("rif", c) not in tx.ADMIN1]
    if len(set(data["feature_rank"])) != len(data["feature_rank"]):
        errs.append("feature_rank: a feature is listed twice")
    return errs


def _check_admin_codes(data) -> list[str]:
    errs = []
    for table in ("geonames_admin1", "ocha_pcode", "names"):
        codes = set(data[table].values()) if table != "names" else set(data[table])
        errs += [f"{table}: no entry for {c}" for c in tx.ADMIN1 if c not in codes]
    return errs


SCHEMAS["places"] = {
    "type": "object", "required": ["places"], "additionalProperties": False,
    "properties": {"places": {"type": "array", "minItems": 1, "items": PLACE_SCHEMA}},
}
SCHEMAS["place_words"] = {
    "type": "object", "additionalProperties": False,
    "required": ["clitics", "join_prefixes", "common_words", "weak_names", "weak_after", "not_places",
                 "feature_words",
                 "dash_features", "facility_features", "name_stops", "not_names", "qualifiers",
                 "name_prefixes",
                 "directions", "near_words", "admin1", "clue_words", "rif_pronouns", "header_regions",
                 "feature_rank", "min_geonames_letters", "geonames_city_population",
                 "same_place_degrees"],
    "properties": {
        "clitics": {"type": "object", "required": ["plain", "article"], "additionalProperties": False,
                    "properties": {"plain": _STR_LIST, "article": _STR_LIST}},
        "join_prefixes": _STR_LIST, "common_words": _STR_LIST, "not_places": _STR_LIST,
        "weak_names": _STR_LIST, "weak_after": _STR_LIST,
        "feature_words": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["word", "feature"], "additionalProperties": False,
            "properties": {"word": {"type": "string", "minLength": 1},
                           "feature": {"type": "string", "pattern": "^[a-z_]+$"},
                           "dual": _STR_LIST, "plural": _STR_LIST, "not_after": _STR_LIST}}},
        "dash_features": _STR_LIST, "facility_features": _STR_LIST, "name_stops": _STR_LIST,
        "not_names": _STR_LIST, "qualifiers": _STR_LIST, "name_prefixes": _STR_LIST, "directions": _STR_LIST,
        "near_words": _STR_LIST,
        "admin1": {"type": "object", "additionalProperties": {
            "type": "object", "required": ["names", "adjectives"], "additionalProperties": False,
            "properties": {"names": _STR_LIST,
                           "adjectives": {"type": "array", "items": {"type": "string", "minLength": 1}},
                           "rif": {"type": "string"}}}},
        "clue_words": {"type": "object", "additionalProperties": False,
                       "required": ["rif", "muhafaza", "badia", "city"],
                       "properties": {k: {"type": "object", "required": ["one", "many"],
                                          "additionalProperties": False,
                                          "properties": {"one": _STR_LIST, "many": _STR_LIST}}
                                      for k in ("rif", "muhafaza", "badia", "city")}},
        "rif_pronouns": _STR_LIST,
        "header_regions": {"type": "object", "additionalProperties": _ADMIN1_LIST},
        "feature_rank": _STR_LIST,
        "min_geonames_letters": {"type": "integer", "minimum": 2},
        "geonames_city_population": {"type": "integer", "minimum": 0},
        "same_place_degrees": {"type": "number", "exclusiveMinimum": 0, "maximum": 2},
    },
}
SCHEMAS["admin_codes"] = {
    "type": "object", "required": ["geonames_admin1", "ocha_pcode", "names"], "additionalProperties": False,
    "properties": {
        "geonames_admin1": {"type": "object", "propertyNames": {"pattern": r"^\d\d$"},
                            "additionalProperties": {"enum": list(tx.ADMIN1)}},
        "ocha_pcode": {"type": "object", "propertyNames": {"pattern": r"^SY\d\d$"},
                       "additionalProperties": {"enum": list(tx.ADMIN1)}},
        "names": {"type": "object", "propertyNames": {"enum": list(tx.ADMIN1)}, "additionalProperties": _STR_LIST},
    },
}
CHECKS.update({"places": _check_places, "place_words": _check_place_words, "admin_codes": _check_admin_codes})


# --- morphology (analysis.text.inflect) ----------------------------------------------------
_SUFFIXES = {"type": "array", "items": {"type": "string"}, "minItems": 1}
SCHEMAS["morphology"] = {
    "type": "object", "additionalProperties": False,
    "required": ["article", "coordinator", "adjective", "dual", "feminine_ending", "feminine_bound"],
    "properties": {
        "article": _NAME, "coordinator": _NAME, "feminine_ending": _NAME, "feminine_bound": _NAME,
        "dual": _STR_LIST,
        "adjective": {"type": "object", "required": ["m", "f"], "additionalProperties": False,
                      "properties": {g: {"type": "object", "required": ["sg", "du", "pl"], "additionalProperties": False,
                                         "properties": {n: _SUFFIXES for n in ("sg", "du", "pl")}}
                                     for g in ("m", "f")}},
    },
}
