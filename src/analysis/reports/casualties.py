"""Killed and wounded by governorate, victim group, perpetrator and time (codebook §6, §8).

Numbers come from the `casualties` table (`best`, the conservative estimate): `killed`
counts outcomes killed and executed, `wounded` outcome wounded; `killed_or_wounded` rows
count in neither. With `collapse=True` a real-world event (cluster) counts once, with the
lowest figure any of its mentions gives, measure by measure.
"""
from __future__ import annotations

import pandas as pd

from analysis import taxonomy as tx
from analysis.reports.load import with_sources

MEASURES = {"killed": ("killed", "executed"), "wounded": ("wounded",)}
OUTCOME_MEASURE = {o: m for m, outcomes in MEASURES.items() for o in outcomes}
FACT_COLUMNS = ["unit", "event_id", "measure", "group", "admin1", "actor1", "event_date", "value"]
# Spans of time the over-time chart groups by, by how many days the data cover.
PERIODS = ((45, "D"), (200, "W"), (None, "M"))


def _rows(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    cas = data["casualties"]
    cas = cas[cas["outcome"].isin(list(OUTCOME_MEASURE))]
    return cas.assign(measure=cas["outcome"].map(OUTCOME_MEASURE), best=cas["best"].fillna(0))


def mention_counts(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Killed and wounded stated by each event mention (null when it states none)."""
    per = _rows(data).groupby(["event_id", "measure"])["best"].sum().unstack("measure")
    per = per.reindex(columns=list(MEASURES)).astype("Int64")
    return data["events"][["event_id"]].merge(per, left_on="event_id", right_index=True, how="left")


def facts(data: dict[str, pd.DataFrame], collapse: bool = True) -> pd.DataFrame:
    """One row per counting unit × measure × victim group, with governorate, perpetrator, date.

    `unit` is the cluster (collapse) or the mention; `event_id` is the mention the number
    comes from, so every figure can be traced to its sentence.
    """
    ev = data["events"]
    rows = _rows(data).merge(ev[["event_id", "cluster_id"]], on="event_id")
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype="Int64" if c == "value" else "string")
                             for c in FACT_COLUMNS})
    totals = rows.groupby(["cluster_id", "event_id", "measure"], as_index=False)["best"].sum()
    if collapse:
        chosen = (totals.sort_values(["best", "event_id"])
                  .drop_duplicates(["cluster_id", "measure"])[["event_id", "measure"]])
        rows = rows.merge(chosen, on=["event_id", "measure"])
    out = (rows.groupby(["cluster_id", "event_id", "measure", "group"], as_index=False)["best"].sum()
           .rename(columns={"best": "value"}))
    attrs = ev[["event_id", "cluster_id", "admin1", "actor1", "event_date"]]
    out = out.merge(attrs.drop(columns="cluster_id"), on="event_id", how="left")
    if collapse:  # a mention that omits the place, actor or date borrows it from its cluster
        cluster = attrs.sort_values(["event_date", "event_id"]).groupby("cluster_id")[
            ["admin1", "actor1", "event_date"]].first()
        filled = cluster.reindex(out["cluster_id"]).set_axis(out.index)
        for c in ("admin1", "actor1", "event_date"):
            out[c] = out[c].fillna(filled[c])
    out["unit"] = out["cluster_id"] if collapse else out["event_id"]
    out["value"] = out["value"].astype("Int64")
    return out[FACT_COLUMNS].sort_values(["unit", "measure", "group"]).reset_index(drop=True)


def totals(facts: pd.DataFrame) -> dict[str, int]:
    """Killed, wounded and the number of events with casualties."""
    by = facts.groupby("measure")["value"].sum()
    return {"killed": int(by.get("killed", 0)), "wounded": int(by.get("wounded", 0)),
            "units": int(facts["unit"].nunique())}


def by(facts: pd.DataFrame, *dims: str) -> pd.DataFrame:
    """Sums by `dims` (null kept as its own category), one column per measure."""
    wide = (facts.groupby(list(dims) + ["measure"], dropna=False)["value"].sum()
            .unstack("measure").reindex(columns=list(MEASURES)).fillna(0).astype("Int64"))
    return wide.sort_values(list(MEASURES), ascending=False)


def region_table(facts: pd.DataFrame) -> pd.DataFrame:
    """Governorate × perpetrator rows, measure × victim group columns, each measure with a total."""
    wide = (facts.groupby(["admin1", "actor1", "measure", "group"], dropna=False)["value"].sum()
            .unstack(["measure", "group"], fill_value=0))
    parts = {m: wide[m][[g for g in tx.VICTIM_GROUPS if g in wide[m].columns]].assign(total=lambda d: d.sum(axis=1))
             for m in MEASURES if m in wide.columns.get_level_values("measure")}
    if not parts:
        return pd.DataFrame(index=pd.MultiIndex.from_arrays([[], []], names=["admin1", "actor1"]))
    out = pd.concat(parts, axis=1, names=["measure"]).astype("Int64")
    return out.sort_values((next(iter(parts)), "total"), ascending=False)


def period_code(facts: pd.DataFrame) -> str:
    """Day, week or month, so that the over-time chart has a readable number of bars."""
    dates = pd.to_datetime(facts["event_date"].dropna())
    span = (dates.max() - dates.min()).days if len(dates) else 0
    return next(code for days, code in PERIODS if days is None or span <= days)


def with_period(facts: pd.DataFrame) -> pd.DataFrame:
    """Dated facts with the start of their day, week or month as `period` (undated ones go)."""
    dated = facts[facts["event_date"].notna()]
    code = period_code(dated)
    period = pd.to_datetime(dated["event_date"]).dt.to_period(code).dt.start_time.dt.strftime(
        "%Y-%m" if code == "M" else "%Y-%m-%d")
    return dated.assign(period=period.to_numpy())


def over_time(facts: pd.DataFrame) -> pd.DataFrame:
    """Killed and wounded per day, week or month (undated figures are left out)."""
    return by(with_period(facts), "period").sort_index()


def top_events(data: dict[str, pd.DataFrame], facts: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    """The events behind the biggest numbers, each with the sentence its killed figure comes from."""
    if facts.empty:
        cols = ["event_date", "admin1", "location", "actor1", "sub_event_type", "killed", "wounded",
                "mentions", "count_conflict", "text", "source", "doc_id", "char_start", "char_end"]
        return pd.DataFrame(columns=cols)
    per = facts.groupby(["unit", "measure"])["value"].sum().unstack("measure").reindex(
        columns=list(MEASURES)).astype("Int64")
    # the sentence behind the killed figure, else behind the wounded one
    source = facts.sort_values("measure").drop_duplicates("unit").set_index("unit")["event_id"]
    ev = data["events"]
    mentions = ev.groupby("cluster_id")["event_id"].count()
    top = per.assign(event_id=source).sort_values(list(MEASURES), ascending=False).head(n)
    top = top.reset_index().merge(ev.drop(columns=list(MEASURES)), on="event_id", how="left")
    top["mentions"] = top["cluster_id"].map(mentions).astype("Int64")
    top = with_sources(top, data)
    return top[["event_date", "admin1", "location", "actor1", "sub_event_type", "killed", "wounded",
                "mentions", "count_conflict", "text", "source", "doc_id", "char_start", "char_end"]]
