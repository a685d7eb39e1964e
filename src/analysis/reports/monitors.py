"""Monitors' own figures (the `statistics` table) beside the counts of our tables.

A monitor's breakdown names some categories and lumps the rest (e.g. SNHR's "other
parties"); for a category outside the codebook's vocabulary our count is everything the
monitor does not name for that period and dimension.
"""
from __future__ import annotations

import pandas as pd

from analysis import taxonomy as tx

# Which column of our facts a monitor's dimension breaks down by, and that column's keys.
DIMENSIONS = {"perpetrator": ("actor1", tx.ACTOR_KEYS),
              "facility_type": ("facility_type", tx.FACILITY_TYPES),
              "victim_group": ("group", tx.VICTIM_GROUPS)}
COLUMNS = ["reporter", "period", "dimension", "category", "reported", "ours", "doc_id",
           "char_start", "char_end"]


def _period(row) -> str:
    if pd.notna(row["period"]):
        return str(row["period"])
    return str(row["category"]) if row["dimension"] == "total" else ""


def _our_count(facts: pd.DataFrame, row, named: set) -> int:
    f = facts[facts["event_date"].fillna("").str.startswith(_period(row))]
    if row["dimension"] in DIMENSIONS:
        column, keys = DIMENSIONS[row["dimension"]]
        if row["category"] in keys:
            f = f[f[column] == row["category"]]
        else:
            f = f[~f[column].isin(named).fillna(False).astype(bool)]
    return int(f["value"].sum())


def compare(data: dict[str, pd.DataFrame], facts: pd.DataFrame, metric: str,
            measure: str | None = None) -> pd.DataFrame:
    """Each figure a monitor states for `metric`, with our count for the same period and category.

    `measure` picks one measure (killed or wounded) of casualty facts.
    """
    st = data["statistics"]
    st = st[st["metric"] == metric].reset_index(drop=True)
    if measure is not None:
        facts = facts[facts["measure"] == measure]
    key = list(zip(st["reporter"], st["period"].fillna(""), st["dimension"]))
    named: dict[tuple, set] = {}
    for k, category in zip(key, st["category"]):
        named.setdefault(k, set()).add(category)
    ours = [_our_count(facts, row, named[k]) for k, (_, row) in zip(key, st.iterrows())]
    return st.assign(reported=st["value"], ours=pd.array(ours, dtype="Int64"))[COLUMNS]
