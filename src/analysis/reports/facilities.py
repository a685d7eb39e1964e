"""Civilian facilities hit: by type (SNHR's categories, the rest apart), perpetrator, governorate, month.

Only facilities of counted real-world events count (`clusters.counted`). A facility row takes
its governorate, place and perpetrator from its mention, then its event, when it names none
itself; a perpetrator nobody names is "unknown". With `collapse=True` a facility type counts
once per real-world event, however many mentions report it.
"""
from __future__ import annotations

import pandas as pd

from analysis import taxonomy as tx
from analysis.reports import counting

# SNHR's categories of vital civilian facilities; homes, prisons and anything else are shown
# apart, under their own names (SNHR does not count them as vital facilities).
SNHR_TYPES = ("medical", "educational", "religious", "infrastructure", "market", "camp", "civil_defense",
              "cultural", "humanitarian")
FACT_COLUMNS = ["unit", "cluster_id", "event_id", "facility_type", "snhr", "facility_text", "location",
                "location_id", "admin1", "actor1", "event_date", "month", "text", "doc_id", "char_start",
                "char_end", "source", "published", "url", "n_sources", "value"]
INCIDENT_COLUMNS = ["event_date", "admin1", "location", "location_id", "facility_type", "facility_text",
                    "actor1", "n_sources", "text", "url", "source", "published", "doc_id", "char_start",
                    "char_end", "cluster_id"]


def facts(data: dict[str, pd.DataFrame], collapse: bool = True) -> pd.DataFrame:
    """One row per facility hit (value 1), with the sentence that reports it."""
    clusters = counting.counted(data["clusters"]).set_index("cluster_id")
    ev = data["events"]
    ev = ev[ev["cluster_id"].isin(clusters.index)][["event_id", "cluster_id", "admin1", "actor1", "location",
                                                     "location_id", "text"]]
    df = data["facility_attacks"].merge(ev, on="event_id", suffixes=("", "_mention"))
    event = clusters.reindex(df["cluster_id"]).set_axis(df.index)
    for c in ("admin1", "actor1", "location"):
        df[c] = df[c].fillna(df[f"{c}_mention"]).fillna(event[c])
    own_place = df["location"].notna() & (df["location"] == df["location_mention"])
    df["location_id"] = df["location_id"].where(own_place).fillna(event["location_id"].where(df["location"] == event["location"]))
    df["actor1"] = df["actor1"].fillna("unknown")
    for c in ("event_date", "source", "published", "url", "n_sources"):
        df[c] = event[c]
    if collapse:
        df = df.sort_values(["event_id", "char_start"], kind="mergesort").drop_duplicates(["cluster_id", "facility_type"])
    df = df.assign(unit=df["cluster_id"] if collapse else df["event_id"], snhr=df["facility_type"].isin(SNHR_TYPES),
                   month=df["event_date"].str.slice(0, 7), value=pd.array([1] * len(df), dtype="Int64"))
    return df[FACT_COLUMNS].sort_values(["event_date", "event_id"], kind="mergesort").reset_index(drop=True)


def totals(facts: pd.DataFrame) -> dict[str, int]:
    snhr = int(facts.loc[facts["snhr"].astype(bool), "value"].sum())
    n = int(facts["value"].sum())
    return {"n": n, "units": int(facts["unit"].nunique()), "snhr": snhr, "apart": n - snhr}


def by_governorate(facts: pd.DataFrame) -> pd.Series:
    """Facilities hit per governorate (ISO code; null = unknown)."""
    return facts.groupby("admin1", dropna=False)["value"].sum()


def type_by_actor(facts: pd.DataFrame, snhr: bool | None = True) -> pd.DataFrame:
    """SNHR's table: facility type × perpetrator, with totals both ways (`snhr=False`: the
    places outside SNHR's categories; None: every type)."""
    f = facts if snhr is None else facts[facts["snhr"].astype(bool) == snhr]
    if f.empty:
        return pd.DataFrame({"total": pd.array([0], dtype="Int64")}, index=pd.Index(["total"], name="facility_type"))
    wide = f.groupby(["facility_type", "actor1"])["value"].sum().unstack("actor1", fill_value=0)
    wide = wide[[a for a in tx.ACTOR_KEYS if a in wide.columns]]
    wide["total"] = wide.sum(axis=1)
    wide = wide.sort_values("total", ascending=False, kind="mergesort")
    wide.loc["total"] = wide.sum()
    return wide.astype("Int64")


def by_month_region(facts: pd.DataFrame) -> pd.DataFrame:
    """Month × governorate counts (dated facilities; governorates that have any), with totals."""
    dated = facts[facts["month"].notna()].assign(admin1=lambda d: d["admin1"].fillna("unknown"))
    if dated.empty:
        return pd.DataFrame({"total": pd.array([], dtype="Int64")}, index=pd.Index([], name="month"))
    wide = dated.groupby(["month", "admin1"])["value"].sum().unstack("admin1", fill_value=0).sort_index()
    wide = wide[[g for g in [*tx.ADMIN1, "unknown"] if g in wide.columns]]
    wide["total"] = wide.sum(axis=1)
    wide.loc["total"] = wide.sum()
    return wide.astype("Int64")


def incidents(facts: pd.DataFrame) -> pd.DataFrame:
    """Each facility hit with what was hit, where, by whom, and the sentence that says so."""
    return facts[INCIDENT_COLUMNS].reset_index(drop=True)


def clusters_with_facilities(data: dict[str, pd.DataFrame]) -> set:
    """Real-world events (counted or not) of the selection that hit a facility."""
    ev = data["events"]
    return set(ev.loc[ev["event_id"].isin(set(data["facility_attacks"]["event_id"])), "cluster_id"])
