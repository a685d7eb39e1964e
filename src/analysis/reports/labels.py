"""Arabic and English names for every key a report shows (codes: `data/codebook.yaml`; the rest:
`data/labels.yaml`).

Tables keep codebook keys (`government`, `SY-HM`) until the last step: `present()` turns
keys into names and column names into headings in the report's language.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from analysis import taxonomy as tx
from analysis.lexicon import load_lexicon
from analysis.reports import LANGS

# Which label section names the values of a column (or an index/column level) of that name.
COLUMN_KINDS = {
    "admin1": "governorates", "admin1_guess": "governorates", "actor1": "actors",
    "actor2": "actors", "gained_by": "actors", "lost_by": "actors", "controller": "actors",
    "party": "actors", "group": "victim_groups", "measure": "outcomes", "outcome": "outcomes",
    "facility_type": "facility_types", "change": "changes", "event_type": "event_types",
    "sub_event_type": "sub_event_types", "status": "statuses", "dimension": "dimensions",
    "scope": "scopes", "admin1_basis": "admin1_bases", "date_precision": "date_precisions",
}
# The codebook table that names the codes of each kind.
KIND_TABLES = {
    "governorates": "governorates", "actors": "actors", "victim_groups": "victim_groups",
    "outcomes": "outcomes", "facility_types": "facility_types", "changes": "control_changes",
    "event_types": "event_types", "sub_event_types": "sub_event_types", "statuses": "document_statuses",
    "dimensions": "dimensions", "scopes": "scopes", "admin1_bases": "admin1_bases",
    "date_precisions": "date_precisions",
}
# Kinds searched, in order, for a `category` of the monitors' statistics.
CATEGORY_KINDS = ("actors", "facility_types", "victim_groups")
PROVENANCE = ("doc_id", "char_start", "char_end")


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    return lang


def _data() -> dict:
    return load_lexicon("labels")


@lru_cache(maxsize=None)
def _names(kind: str) -> dict:
    """code → {en, ar} for one kind, from the codebook."""
    table = KIND_TABLES.get(kind)
    return {c: {lang: tx.label(table, c, lang) for lang in LANGS} for c in tx.codes(table)} if table else {}


def ui(key: str, lang: str, **fields) -> str:
    """A heading or sentence of the report; `fields` fill its `{name}` slots."""
    text = _data()["ui"][key][check_lang(lang)]
    return text.format(**fields) if fields else text


def name(kind: str, key, lang: str) -> str:
    """The name of one codebook key; missing keys read 'not stated' (no governorate for admin1)."""
    check_lang(lang)
    if key is None or key is pd.NA or (isinstance(key, float) and pd.isna(key)):
        return ui("no_governorate" if kind == "governorates" else "none_stated", lang)
    if kind == "governorates":
        return _names(kind)[key][lang] if key in _names(kind) else key
    kinds = CATEGORY_KINDS if kind == "category" else (kind,)
    for k in kinds:
        if key in _names(k):
            return _names(k)[key][lang]
    return ui(key, lang) if key in _data()["ui"] else str(key)


def heading(column: str, lang: str) -> str:
    return ui(column, lang) if column in _data()["ui"] else column


def _kind(column) -> str | None:
    return "category" if column == "category" else COLUMN_KINDS.get(column)


def _rename_index(index: pd.Index, lang: str) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        levels = [_rename_index(index.get_level_values(i), lang) for i in range(index.nlevels)]
        return pd.MultiIndex.from_arrays(levels)
    kind = _kind(index.name)
    values = [name(kind, v, lang) if kind else (heading(v, lang) if isinstance(v, str) else v)
              for v in index]
    return pd.Index(values, name=heading(index.name, lang) if index.name else None)


def present(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A copy for reading: keys → names, columns → headings, provenance → one `ref` column."""
    out = df.copy()
    if all(c in out.columns for c in PROVENANCE):
        ref = (out["doc_id"].astype("string") + " [" + out["char_start"].astype("string") + "–"
               + out["char_end"].astype("string") + "]")
        out = out.drop(columns=list(PROVENANCE)).assign(ref=ref)
    for col in out.columns:
        kind = _kind(col)
        if kind:
            out[col] = [name(kind, v, lang) for v in out[col]]
        elif out[col].dtype == "boolean":
            out[col] = out[col].map({True: "✔", False: ""}).astype("string")
    out.index = _rename_index(out.index, lang)
    out.columns = _rename_index(out.columns, lang)
    return out
