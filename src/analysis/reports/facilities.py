"""Civilian facilities hit (SNHR categories): by type, perpetrator, governorate and month.

A facility row takes its governorate and perpetrator from its event mention when it names
none itself. With `collapse=True` a facility type counts once per real-world event (cluster),
however many mentions report it.
"""
from __future__ import annotations

import pandas as pd

from analysis.reports.load import with_sources

FACT_COLUMNS = ["unit", "event_id", "facility_type", "facility_text", "location", "admin1", "actor1",
                "event_date", "month", "text", "doc_id", "char_start", "char_end", "value"]


def facts(data: dict[str, pd.DataFrame], collapse: bool = True) -> pd.DataFrame:
    """One row per facility hit (value 1), with the sentence that reports it."""
    fa = data["facility_attacks"]
    ev = data["events"][["event_id", "cluster_id", "event_date", "admin1", "actor1", "location", "text"]]
    df = fa.merge(ev, on="event_id", how="left", suffixes=("", "_event"))
    for c in ("admin1", "actor1", "location"):
        df[c] = df[c].fillna(df[f"{c}_event"])
    if collapse:
        df = df.sort_values(["event_id", "char_start"]).drop_duplicates(["cluster_id", "facility_type"])
    df = df.assign(unit=df["cluster_id"] if collapse else df["event_id"],
                   month=df["event_date"].str.slice(0, 7), value=pd.array([1] * len(df), dtype="Int64"))
    return df[FACT_COLUMNS].sort_values(["event_date", "event_id"]).reset_index(drop=True)


def totals(facts: pd.DataFrame) -> dict[str, int]:
    return {"n": int(facts["value"].sum()), "units": int(facts["unit"].nunique())}


def by_governorate(facts: pd.DataFrame) -> pd.Series:
    """Facilities hit per governorate (ISO code; null = none)."""
    return facts.groupby("admin1", dropna=False)["value"].sum()


def type_by_actor(facts: pd.DataFrame) -> pd.DataFrame:
    """SNHR's table: facility type × perpetrator, with totals both ways."""
    wide = (facts.groupby(["facility_type", "actor1"], dropna=False)["value"].sum()
            .unstack("actor1", fill_value=0))
    wide["total"] = wide.sum(axis=1)
    wide = wide.sort_values("total", ascending=False)
    wide.loc["total"] = wide.sum()
    return wide.astype("Int64")


def by_region_month(facts: pd.DataFrame) -> pd.DataFrame:
    """Governorate × month counts, with a total column."""
    wide = (facts.groupby(["admin1", "month"], dropna=False)["value"].sum()
            .unstack("month", fill_value=0).sort_index(axis=1))
    wide["total"] = wide.sum(axis=1)
    return wide.sort_values("total", ascending=False).astype("Int64")


def incidents(data: dict[str, pd.DataFrame], facts: pd.DataFrame) -> pd.DataFrame:
    """Each facility hit with what was hit, where, by whom, and the sentence that says so."""
    df = with_sources(facts, data)
    return df[["event_date", "admin1", "location", "facility_type", "facility_text", "actor1", "text",
               "source", "doc_id", "char_start", "char_end"]]
