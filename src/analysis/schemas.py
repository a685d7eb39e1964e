"""One definition per column, one pandera schema per codebook table (PUDL style).

`FIELDS` says what a column holds; `TABLES` lists each table's columns in order. Tables are
built with `frame()` and checked with `validate()` where they are produced, so a malformed
row fails loudly at its source instead of in a report.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa

from analysis import taxonomy as tx

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


@dataclass(frozen=True)
class Field:
    dtype: str  # pandas dtype: "string", "Int64", "Float64", "boolean"
    description: str
    nullable: bool = True
    allowed: tuple | None = None
    regex: str | None = None
    checks: tuple = field(default=())
    codes: str | None = None  # the codebook table its values come from


def _f(dtype, description, nullable=True, allowed=None, regex=None, checks=()):
    """One column; `allowed` is a tuple of values or the name of a codebook table."""
    if isinstance(allowed, str):
        return Field(dtype, description, nullable, tuple(tx.codes(allowed)), regex, checks, allowed)
    return Field(dtype, description, nullable, tuple(allowed) if allowed else None, regex, checks)


FIELDS: dict[str, Field] = {
    # provenance
    "doc_id": _f("string", "Unique document id: file stem, record id, or `<file stem>:<line>`.", False),
    "char_start": _f("Int64", "Start of the supporting text, a Python str index into the decoded document.",
                     False, checks=(pa.Check.ge(0),)),
    "char_end": _f("Int64", "End (exclusive) of the supporting text.", False, checks=(pa.Check.ge(0),)),
    "text": _f("string", "The supporting text, exactly as written.", False),
    # documents
    "source": _f("string", "Outlet, if known."),
    "published": _f("string", "Publication date (ISO), null if unknown.", regex=ISO_DATE),
    "published_basis": _f("string", "Where `published` came from.", False, "published_bases"),
    "title": _f("string", "Title as given in metadata."),
    "url": _f("string", "URL as given in metadata."),
    "path": _f("string", "Input file (and record line for .jsonl/.csv)."),
    "n_chars": _f("Int64", "Length of the decoded text (0 when it could not be decoded)."),
    "status": _f("string", "`ok` or why the document was not read.", False, "document_statuses"),
    "error": _f("string", "Human-readable reason when status is not `ok`."),
    "decode_warning": _f("string", "What decoding replaced or repaired (e.g. `3 invalid UTF-8 bytes "
                                   "replaced`), null when the text decoded cleanly."),
    # events
    "event_id": _f("string", "Stable id: `<doc_id>:<char_start>-<char_end>`.", False),
    "section": _f("string", "Bulletin region header in force, as written (e.g. the header of an Aleppo section)."),
    "event_date": _f("string", "Date of the event (ISO), resolved against `published`.", regex=ISO_DATE),
    "date_precision": _f("string", "How precise `event_date` is.", False, "date_precisions"),
    "event_type": _f("string", "ACLED event type.", False, "event_types"),
    "sub_event_type": _f("string", "ACLED sub-event type.", False, "sub_event_types"),
    "actor1": _f("string", "Canonical key of the initiator / perpetrator.", allowed="actors"),
    "actor2": _f("string", "Canonical key of the target.", allowed="actors"),
    "actor1_text": _f("string", "Arabic words actor1 came from."),
    "actor2_text": _f("string", "Arabic words actor2 came from."),
    "admin1": _f("string", "ISO 3166-2:SY governorate code.", allowed="governorates"),
    "location": _f("string", "Most specific place named, as written."),
    "location_id": _f("string", "Gazetteer id of `location`."),
    "latitude": _f("Float64", "WGS84 latitude of `location_id`.", checks=(pa.Check.in_range(-90, 90),)),
    "longitude": _f("Float64", "WGS84 longitude of `location_id`.", checks=(pa.Check.in_range(-180, 180),)),
    "geo_precision": _f("Int64", "1 named place, 2 near a place / district, 3 governorate or wider.",
                        allowed=(1, 2, 3)),
    "killed": _f("Int64", "Deaths (best): sum of killed/executed casualty rows.", checks=(pa.Check.ge(0),)),
    "killed_low": _f("Int64", "Deaths, low estimate.", checks=(pa.Check.ge(0),)),
    "killed_high": _f("Int64", "Deaths, high estimate (null = open-ended).", checks=(pa.Check.ge(0),)),
    "wounded": _f("Int64", "Injuries (best).", checks=(pa.Check.ge(0),)),
    "wounded_low": _f("Int64", "Injuries, low estimate.", checks=(pa.Check.ge(0),)),
    "wounded_high": _f("Int64", "Injuries, high estimate (null = open-ended).", checks=(pa.Check.ge(0),)),
    "civilian_targeting": _f("boolean", "Civilians are the direct target or the victims.", False),
    "weapon": _f("string", "`;`-separated weapon tags."),
    "munitions": _f("string", "Numbers of rockets, shells or bombs the mention states (\"15 rockets\"), `;`-separated, "
                    "ascending: mentions of one event that state other numbers disagree.", regex=r"^\d+(;\d+)*$"),
    "claimed_by": _f("string", "Who the text attributes the report or claim to, as written."),
    "cluster_id": _f("string", "Real-world event this mention belongs to (codebook §8).", False),
    "count_conflict": _f("boolean", "Mentions of this cluster state different numbers.", False),
    "scope": _f("string", "When the event happened relative to the story: `current` (at the time the document "
                "reports), `past` (recalled from before) or `period_total` (a count over a period).", False,
                "scopes"),
    "country": _f("string", "ISO 3166-1 alpha-2 code of the country where the event happened, when the place "
                  "or the text says it.", regex=r"^[A-Z]{2}$"),
    "admin1_basis": _f("string", "How `admin1` was found, strongest clue first: the place in the gazetteer, a "
                       "governorate named in the text (ريف X، محافظة X), the bulletin's region header, a "
                       "nearby town the text names, or none.", False, "admin1_bases"),
    "toll_update": _f("boolean", "The mention raises an earlier toll (ارتفعت حصيلة … إلى): the latest word of "
                      "its outlet on that event.", False),
    # clusters
    "n_mentions": _f("Int64", "Event mentions in the cluster.", False, checks=(pa.Check.ge(1),)),
    "n_sources": _f("Int64", "Distinct outlets that report the cluster (`documents.source`; a document "
                    "without one counts as its own outlet).", False, checks=(pa.Check.ge(1),)),
    "counted": _f("boolean", "The cluster counts in totals: every mention of it is scope `current` and country "
                  "`SY` (a story one outlet places abroad or in the past is not counted).", False),
    "killed_estimate": _f("boolean", "The cluster's death count is an estimate (a range or open-ended), not an "
                          "exact figure; null when no deaths are stated."),
    "wounded_event_id": _f("string", "The mention the cluster's injury figure comes from."),
    # casualties
    "group": _f("string", "Victim group.", False, "victim_groups"),
    "party": _f("string", "Actor key whose members the victims are (combatants).", allowed="actors"),
    "outcome": _f("string", "What happened to them.", False, "outcomes"),
    "low": _f("Int64", "Low estimate.", checks=(pa.Check.ge(0),)),
    "best": _f("Int64", "Best (conservative) estimate.", checks=(pa.Check.ge(0),)),
    "high": _f("Int64", "High estimate; null when open-ended.", checks=(pa.Check.ge(0),)),
    "quantity_text": _f("string", "The words the number came from."),
    "implausible": _f("boolean", "The text states more than one event can count (over a million): the words "
                      "are kept, the numbers are null and count in no total.", False),
    # facility attacks
    "facility_type": _f("string", "SNHR facility category.", False, "facility_types"),
    "facility_text": _f("string", "The facility's words, as written.", False),
    # control changes
    "gained_by": _f("string", "Actor that took control.", allowed="actors"),
    "lost_by": _f("string", "Actor that lost control.", allowed="actors"),
    "change": _f("string", "Kind of control change.", False, "control_changes"),
    # statistics
    "reporter": _f("string", "Monitor or body that states the figure (e.g. `snhr`).", False),
    "period": _f("string", "Period the figure covers (ISO 8601 year, month, date, or start/end interval), if stated."),
    "metric": _f("string", "What is counted (e.g. `facility_attacks`, `killed`).", False),
    "dimension": _f("string", "How the figure breaks the total down.", False, "dimensions"),
    "category": _f("string", "Category within the dimension (period for totals).", False),
    "value": _f("Int64", "The figure.", False, checks=(pa.Check.ge(0),)),
    # unresolved places
    "phrase": _f("string", "Place phrase as written.", False),
    "count": _f("Int64", "How often it occurred.", False),
    "admin1_guess": _f("string", "Governorate the context suggests.", allowed="governorates"),
}

TABLES: dict[str, list[str]] = {
    "documents": ["doc_id", "source", "published", "published_basis", "title", "url", "path",
                  "n_chars", "status", "error", "decode_warning"],
    "events": ["event_id", "doc_id", "char_start", "char_end", "text", "section", "event_date",
               "date_precision", "event_type", "sub_event_type", "actor1", "actor2", "actor1_text",
               "actor2_text", "admin1", "location", "location_id", "latitude", "longitude",
               "geo_precision", "killed", "killed_low", "killed_high", "wounded", "wounded_low",
               "wounded_high", "civilian_targeting", "weapon", "munitions", "claimed_by", "scope", "country",
               "admin1_basis", "toll_update", "cluster_id", "count_conflict"],
    "clusters": ["cluster_id", "event_id", "n_mentions", "n_sources", "scope", "country", "counted",
                 "killed", "killed_low", "killed_high", "killed_estimate", "wounded", "wounded_low",
                 "wounded_high", "wounded_event_id", "count_conflict"],
    "casualties": ["event_id", "doc_id", "char_start", "char_end", "group", "party", "outcome",
                   "low", "best", "high", "quantity_text", "implausible"],
    "facility_attacks": ["event_id", "doc_id", "char_start", "char_end", "facility_type",
                         "facility_text", "location", "admin1", "actor1"],
    "control_changes": ["event_id", "doc_id", "char_start", "char_end", "location", "location_id",
                        "admin1", "gained_by", "lost_by", "change", "claimed_by"],
    "statistics": ["doc_id", "char_start", "char_end", "reporter", "period", "metric", "dimension",
                   "category", "value"],
    "unresolved_places": ["phrase", "count", "doc_id", "char_start", "char_end", "admin1_guess"],
}
# The tables every run writes, in order.
TABLE_NAMES = list(TABLES)
UNIQUE = {"documents": ["doc_id"], "events": ["event_id"], "clusters": ["cluster_id"],
          "unresolved_places": ["phrase"]}


def _column(name: str) -> pa.Column:
    f = FIELDS[name]
    checks = list(f.checks)
    if f.allowed is not None:
        checks.append(pa.Check.isin(list(f.allowed)))
    if f.regex is not None:
        checks.append(pa.Check.str_matches(f.regex))
    return pa.Column(f.dtype, checks=checks, nullable=f.nullable, description=f.description)


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    t: pa.DataFrameSchema({c: _column(c) for c in cols}, strict=True, ordered=True,
                          unique=UNIQUE.get(t), name=t)
    for t, cols in TABLES.items()
}


def frame(table: str, rows: list[dict] | None = None) -> pd.DataFrame:
    """Build a table from row dicts with the schema's columns and dtypes (empty is fine)."""
    cols = TABLES[table]
    df = pd.DataFrame.from_records(rows or [], columns=cols)
    return df.astype({c: FIELDS[c].dtype for c in cols})


def validate(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Check a table against its schema; raises pandera's SchemaError with the bad rows."""
    return SCHEMAS[table].validate(df, lazy=True)


def describe(table: str) -> pd.DataFrame:
    """The data dictionary of one table (for the README and the reports); `describe_codes` explains its codes."""
    return pd.DataFrame([
        {"column": c, "dtype": FIELDS[c].dtype, "nullable": FIELDS[c].nullable,
         "allowed": ", ".join(map(str, FIELDS[c].allowed)) if FIELDS[c].allowed else "",
         "meaning": FIELDS[c].description}
        for c in TABLES[table]
    ])


def describe_codes(table: str) -> pd.DataFrame:
    """The codes a table's columns may hold, with their names and descriptions from the codebook."""
    return pd.DataFrame([
        {"column": c, "code": code, "en": tx.label(FIELDS[c].codes, code, "en"),
         "ar": tx.label(FIELDS[c].codes, code, "ar"), "meaning": tx.entry(FIELDS[c].codes, code)["description"]}
        for c in TABLES[table] if FIELDS[c].codes for code in FIELDS[c].allowed
    ], columns=["column", "code", "en", "ar", "meaning"])
