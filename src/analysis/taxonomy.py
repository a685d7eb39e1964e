"""The codebook's closed lists for Python code, read from `data/codebook.yaml` (never spelled here).

The codebook is the contract: each code with its family, English and Arabic labels, ACLED's
label and a description. The Arabic words that map onto codes live in the lexicon files.
"""
from __future__ import annotations

from analysis.lexicon import codebook

_CB = codebook()


def codes(table: str) -> list[str]:
    """The codes of a codebook table, in order (`codes("actors")`)."""
    return list(_CB[table]["codes"])


def entry(table: str, code) -> dict:
    """One code's codebook entry: labels, ACLED label, description, attributes."""
    return _CB[table]["codes"][code]


def label(table: str, code, lang: str) -> str:
    """A code's name in `lang` (`en` or `ar`)."""
    return _CB[table]["codes"][code][lang]


def _with(table: str, attribute: str) -> list[str]:
    return [c for c, e in _CB[table]["codes"].items() if e.get(attribute)]


# sub-event type → its event type (its family)
SUB_EVENT_TYPES: dict[str, str] = {c: e["family"] for c, e in _CB["sub_event_types"]["codes"].items()}
EVENT_TYPES = codes("event_types")
ACTOR_KEYS = codes("actors")
# Sides that count as the government when they gain territory (codebook §3).
GOVERNMENT_SIDE = set(_with("actors", "government_side"))
# ISO 3166-2:SY code → (English, Arabic) name
ADMIN1: dict[str, tuple[str, str]] = {c: (e["en"], e["ar"]) for c, e in _CB["governorates"]["codes"].items()}
FACILITY_TYPES = codes("facility_types")
VICTIM_GROUPS = codes("victim_groups")
OUTCOMES = codes("outcomes")
CONTROL_CHANGES = codes("control_changes")
DATE_PRECISIONS = codes("date_precisions")
# When an event happened relative to the story that reports it.
SCOPES = codes("scopes")
# How an event's governorate was found, strongest clue first (codebook §5).
ADMIN1_BASES = codes("admin1_bases")
WEAPONS = codes("weapons")
DOCUMENT_STATUSES = codes("document_statuses")
# Statuses whose text is extracted.
EXTRACTED_STATUSES = set(_with("document_statuses", "extracted"))
# Place features in the default order among namesakes, and how specific each is (0 a site … 4 a country).
PLACE_FEATURES = codes("place_features")
FEATURE_SPECIFICITY: dict[str, int] = {c: e["specificity"] for c, e in _CB["place_features"]["codes"].items()}
ADMIN_LEVELS = tuple(_with("place_features", "admin_level"))
MULTI_ADMIN1_FEATURES = set(_with("place_features", "multi_admin1"))


def acled_labels() -> dict:
    """The codebook's ACLED names, keyed as the ACLED export reads them."""
    def acled(table: str) -> dict:
        return {c: e["acled"] for c, e in _CB[table]["codes"].items() if "acled" in e}

    disorder = acled("disorder_types")
    return {
        "event_types": acled("event_types"),
        "sub_event_types": {c: [e["acled"], disorder[e["disorder"]]] for c, e in _CB["sub_event_types"]["codes"].items()},
        "actors": acled("actors"),
        "admin1": acled("governorates"),
        "time_precision": acled("date_precisions"),
        "weapon_tags": acled("weapons"),
    }
