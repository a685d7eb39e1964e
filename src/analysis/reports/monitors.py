"""Monitors' own figures (the `statistics` table) beside the counts of our tables.

A figure is comparable only when it names its period: then our count is what our facts
(counted events only) give for that period and category. A monitor's breakdown names some
categories and lumps the rest (e.g. SNHR's "other parties"); for a category outside the
codebook's vocabulary our count is everything the monitor does not name for that period and
dimension. A figure without a period keeps an empty "our count" and its publication date.
"""
from __future__ import annotations

import re

import pandas as pd

from analysis import taxonomy as tx

# Which column of our facts a monitor's dimension breaks down by, and that column's keys.
DIMENSIONS = {"perpetrator": ("actor1", tx.ACTOR_KEYS),
              "facility_type": ("facility_type", tx.FACILITY_TYPES),
              "victim_group": ("group", tx.VICTIM_GROUPS)}
COLUMNS = ["reporter", "period", "published", "source", "dimension", "category", "reported", "ours",
           "doc_id", "char_start", "char_end"]
_PERIOD = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def period_of(period, dimension: str, category) -> str | None:
    """The period a figure covers: stated, or a total's category when that is a period."""
    if not pd.isna(period) and str(period):
        return str(period)
    if dimension == "total" and not pd.isna(category) and _PERIOD.match(str(category)):
        return str(category)
    return None


def _our_count(facts: pd.DataFrame, period: str, dimension: str, category, named: set) -> int:
    f = facts[facts["event_date"].fillna("").str.startswith(period)]
    if dimension in DIMENSIONS:
        column, keys = DIMENSIONS[dimension]
        if category in keys:
            f = f[f[column] == category]
        else:
            f = f[~f[column].isin(named).fillna(False).astype(bool)]
    return int(f["value"].sum())


def compare(data: dict[str, pd.DataFrame], facts: pd.DataFrame, metrics, measure: str | None = None) -> pd.DataFrame:
    """Each figure a monitor states for `metrics`, with our count where its period is known.

    `measure` picks one measure (killed or wounded) of casualty facts.
    """
    metrics = [metrics] if isinstance(metrics, str) else list(metrics)
    st = data["statistics"]
    st = st[st["metric"].isin(metrics)].reset_index(drop=True)
    if measure is not None:
        facts = facts[facts["measure"] == measure]
    periods = [period_of(p, d, c) for p, d, c in zip(st["period"], st["dimension"], st["category"])]
    named: dict[tuple, set] = {}
    for key, category in zip(zip(st["reporter"], periods, st["dimension"]), st["category"]):
        named.setdefault(key, set()).add(category)
    ours = [None if p is None else _our_count(facts, p, d, c, named[(r, p, d)])
            for r, p, d, c in zip(st["reporter"], periods, st["dimension"], st["category"])]
    docs = data["documents"].set_index("doc_id")
    out = st.assign(period=pd.array(periods, dtype="string"), reported=st["value"],
                    ours=pd.array(ours, dtype="Int64"),
                    published=st["doc_id"].map(docs["published"]).astype("string"),
                    source=st["doc_id"].map(docs["source"]).astype("string"))
    return out[COLUMNS].sort_values(["published", "doc_id", "char_start"], na_position="last",
                                    kind="mergesort").reset_index(drop=True)
