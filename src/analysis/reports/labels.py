"""Arabic and English names for every key a report shows, and the reports' own wording.

Codes (`government`, `medical`, `SY-HM` …) are named by the codebook (`data/codebook.yaml`);
headings and short sentences (`ui`) are in `data/labels.yaml`; the pages' prose and the
names of monitors, countries and reasons not to count an event in `data/report_text.yaml`.
Tables keep keys until the last step: `present()` turns keys into names and column names
into headings in the report's language. A key with no value (no perpetrator, no place, no
date) is "Unknown" everywhere.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from analysis import taxonomy as tx
from analysis.lexicon import load_lexicon
from analysis.reports import LANGS

# Which section names the values of a column (or an index/column level) of that name.
COLUMN_KINDS = {
    "admin1": "governorates", "admin1_guess": "governorates", "actor1": "actors",
    "actor2": "actors", "gained_by": "actors", "lost_by": "actors", "controller": "actors",
    "party": "actors", "group": "victim_groups", "measure": "outcomes", "outcome": "outcomes",
    "facility_type": "facility_types", "change": "changes", "event_type": "event_types",
    "sub_event_type": "sub_event_types", "status": "statuses", "dimension": "dimensions",
    "scope": "scopes", "admin1_basis": "admin1_bases", "date_precision": "date_precisions",
    "reporter": "reporters", "country": "countries", "reason": "reasons",
}
# The codebook table that names the codes of each kind (the other kinds: report_text.yaml).
KIND_TABLES = {
    "governorates": "governorates", "actors": "actors", "victim_groups": "victim_groups",
    "outcomes": "outcomes", "facility_types": "facility_types", "changes": "control_changes",
    "event_types": "event_types", "sub_event_types": "sub_event_types", "statuses": "document_statuses",
    "dimensions": "dimensions", "scopes": "scopes", "admin1_bases": "admin1_bases",
    "date_precisions": "date_precisions",
}
# Numbers joined by a dash or slash (dates, ranges): drawn in pieces in Arabic unless isolated.
_NUMBER_RANGE = re.compile(r"\d\s?[-–/]\s?\d")
# Kinds searched, in order, for a `category` of the monitors' statistics.
CATEGORY_KINDS = ("actors", "facility_types", "victim_groups")
PROVENANCE = ("doc_id", "char_start", "char_end")


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    return lang


def text() -> dict:
    """`data/report_text.yaml` (prose, monitors, countries, reasons), validated at load."""
    return load_lexicon("report_text")


def _labels() -> dict:
    return load_lexicon("labels")


def missing(key) -> bool:
    return key is None or key is pd.NA or (isinstance(key, float) and pd.isna(key)) or key == ""


@lru_cache(maxsize=None)
def _names(kind: str) -> dict:
    """code → {en, ar} for one kind: the codebook's, else report_text.yaml's section."""
    table = KIND_TABLES.get(kind)
    if table:
        return {c: {lang: tx.label(table, c, lang) for lang in LANGS} for c in tx.codes(table)}
    return text().get(kind, {})


def isolate(value, lang: str) -> str:
    """`value` as one unit in the page's reading order: in Arabic, a date such as 2015-07-21 set
    among Arabic words would otherwise be drawn in pieces (21-07-2015). Plain numbers need no
    isolating (and Markdown emphasis around one would not open after the isolate mark)."""
    value = str(value)
    return f"\u2068{value}\u2069" if lang == "ar" and _NUMBER_RANGE.search(value) else value


def ui(key: str, lang: str, **fields) -> str:
    """A heading or sentence of the report; `fields` fill its `{name}` slots (each isolated)."""
    check_lang(lang)
    entry = _labels()["ui"][key]
    return entry[lang].format(**{k: isolate(v, lang) for k, v in fields.items()}) if fields else entry[lang]


def prose(key: str, lang: str) -> str:
    """A heading and its paragraphs (Markdown) of a report page."""
    return text()["prose"][key][check_lang(lang)]


def name(kind: str, key, lang: str) -> str:
    """The name of one key of `kind`; a missing key is "Unknown"."""
    check_lang(lang)
    if missing(key):
        return ui("unknown", lang)
    if kind == "governorates":  # anything but an ISO code (e.g. "unknown") is unknown
        return _names(kind)[key][lang] if key in _names(kind) else ui("unknown", lang)
    kinds = CATEGORY_KINDS if kind == "category" else (kind,)
    for k in kinds:
        if key in _names(k):
            return _names(k)[key][lang]
    return ui(key, lang) if key in _labels()["ui"] else str(key)


def heading(column, lang: str) -> str:
    if not isinstance(column, str):
        return column
    return ui(column, lang) if column in _labels()["ui"] else column


@lru_cache(maxsize=1)
def gazetteer():
    """The gazetteer of this process (place names and coordinates by id)."""
    from analysis.places.gazetteer import load_gazetteer

    return load_gazetteer()


def english_place(location_id) -> str | None:
    """The gazetteer's English name of a place id, if it has one."""
    if missing(location_id):
        return None
    try:
        return gazetteer().by_id(str(location_id)).name_en or None
    except KeyError:
        return None


def places(locations: pd.Series, ids: pd.Series, lang: str) -> list[str]:
    """Place names to show: English where the gazetteer has one (English pages), else as written."""
    check_lang(lang)
    out = []
    for loc, pid in zip(locations, ids):
        shown = (english_place(pid) if lang == "en" else None) or (None if missing(loc) else str(loc))
        out.append(shown or ui("unknown", lang))
    return out


def _kind(column) -> str | None:
    if not isinstance(column, str):
        return None
    return "category" if column == "category" else COLUMN_KINDS.get(column)


def _rename_index(index: pd.Index, lang: str) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        levels = [_rename_index(index.get_level_values(i), lang) for i in range(index.nlevels)]
        return pd.MultiIndex.from_arrays(levels)
    kind = _kind(index.name)
    values = [name(kind, v, lang) if kind and not (isinstance(v, str) and v == "total") else heading(v, lang)
              for v in index]
    return pd.Index(values, name=heading(index.name, lang) if index.name else None)


def presented_columns(columns) -> list:
    """The columns `present()` keeps, in its order, by their original names."""
    columns = list(columns)
    provenance = all(c in columns for c in PROVENANCE)
    kept = [c for c in columns if not (provenance and c in PROVENANCE)
            and not (c == "location_id" and "location" in columns)]
    return kept + (["ref"] if provenance else [])


def present(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A copy for reading: keys → names, columns → headings, provenance → one `ref` column.

    Places (`location` with `location_id`) are named in the page's language where the
    gazetteer can; `location_id` itself is not shown.
    """
    out = df.copy()
    if all(c in out.columns for c in PROVENANCE):
        ref = (out["doc_id"].astype("string") + " [" + out["char_start"].astype("string") + "–"
               + out["char_end"].astype("string") + "]")
        out = out.drop(columns=list(PROVENANCE)).assign(ref=ref)
    if "location" in out.columns:
        ids = out.pop("location_id") if "location_id" in out.columns else pd.Series([None] * len(out))
        out["location"] = places(out["location"], ids, lang)
    for col in out.columns:
        kind = _kind(col)
        if kind:
            out[col] = [name(kind, v, lang) for v in out[col]]
        elif out[col].dtype == "boolean":
            out[col] = out[col].map({True: "✔", False: ""}).astype("string")
    out.index = _rename_index(out.index, lang)
    out.columns = _rename_index(out.columns, lang)
    return out
