"""Killed and wounded by governorate, victim group, perpetrator and time (codebook §6, §8).

Totals are the extraction's: the deaths and injuries of each counted cluster (`clusters`),
never re-derived here. Victim groups come from the `casualties` rows of the mention each
figure is taken from (`event_id` for deaths, `wounded_event_id` for injuries); what those
rows do not break down is "unknown". With `collapse=False` every report (mention) of a
counted event counts with its own numbers, to show what clustering changes.
"""
from __future__ import annotations

import pandas as pd

from analysis import taxonomy as tx
from analysis.reports import counting, timeaxis

MEASURES = {"killed": ("killed", "executed"), "wounded": ("wounded",)}
OUTCOME_MEASURE = {o: m for m, outcomes in MEASURES.items() for o in outcomes}
FIGURE_FROM = {"killed": "event_id", "wounded": "wounded_event_id"}
CIVILIANS = ("civilians", "children", "women")
FACT_COLUMNS = ["unit", "cluster_id", "event_id", "measure", "group", "admin1", "actor1", "event_date",
                "estimate", "value"]
EVENT_COLUMNS = ["event_date", "admin1", "location", "location_id", "actor1", "sub_event_type", "killed",
                 "killed_low", "killed_high", "killed_estimate", "wounded", "wounded_low", "wounded_high",
                 "n_sources", "n_mentions", "text", "url", "source", "published", "doc_id", "char_start",
                 "char_end", "cluster_id"]


def _rows(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Casualty rows that count: killed, executed or wounded, and not flagged implausible."""
    cas = data["casualties"]
    cas = cas[cas["outcome"].isin(list(OUTCOME_MEASURE)) & ~cas["implausible"].fillna(False).astype(bool)]
    return cas.assign(measure=cas["outcome"].map(OUTCOME_MEASURE), best=cas["best"].fillna(0))


def is_estimate(low: pd.Series, high: pd.Series, best: pd.Series) -> pd.Series:
    """A figure given as a range or open-ended (null high) is an estimate."""
    return (best.notna() & (high.isna() | (low.fillna(best) != high))).fillna(False).astype(bool)


def _reconcile(rows: pd.DataFrame, totals: pd.Series) -> pd.DataFrame:
    """Victim groups of each unit made to add up to its figure: a shortfall is "unknown"; a
    breakdown larger than the figure gives way to one "unknown" row of the figure."""
    if rows.empty:
        stated = pd.Series(0, index=totals.index)
    else:
        stated = rows.groupby("unit")["value"].sum().reindex(totals.index, fill_value=0)
    over = stated[stated > totals].index
    rows = rows[~rows["unit"].isin(over)]
    gap = totals - stated.where(~stated.index.isin(over), 0)
    extra = pd.DataFrame({"unit": gap.index, "group": "unknown", "value": gap.to_numpy()})
    out = pd.concat([rows, extra[extra["value"] > 0]], ignore_index=True)
    return out.groupby(["unit", "group"], as_index=False)["value"].sum()


def facts(data: dict[str, pd.DataFrame], collapse: bool = True) -> pd.DataFrame:
    """One row per counting unit × measure × victim group, with governorate, perpetrator and date.

    `unit` is the cluster (collapse) or the mention; `event_id` is the mention the figure
    comes from, so every number can be traced to its sentence.
    """
    clusters = counting.counted(data["clusters"]).set_index("cluster_id", drop=False)
    rows = _rows(data)
    parts = []
    for measure, source in FIGURE_FROM.items():
        mine = rows[rows["measure"] == measure].groupby(["event_id", "group"], as_index=False)["best"].sum()
        if collapse:
            units = clusters[clusters[measure].notna()]
            est = (units["killed_estimate"].fillna(False).astype(bool) if measure == "killed" else
                   is_estimate(units["wounded_low"], units["wounded_high"], units["wounded"]))
            link = pd.DataFrame({"unit": units["cluster_id"], "event_id": units[source],
                                 "cluster_id": units["cluster_id"]})
        else:
            units = data["events"]
            units = units[units["cluster_id"].isin(clusters.index) & units[measure].notna()]
            est = is_estimate(units[f"{measure}_low"], units[f"{measure}_high"], units[measure])
            link = pd.DataFrame({"unit": units["event_id"], "event_id": units["event_id"],
                                 "cluster_id": units["cluster_id"]})
        link = link.assign(estimate=est.to_numpy()).reset_index(drop=True)
        total = pd.Series(units[measure].astype("int64").to_numpy(), index=link["unit"].to_numpy())
        stated = link.merge(mine, on="event_id")[["unit", "group", "best"]].rename(columns={"best": "value"})
        groups = _reconcile(stated, total)
        parts.append(groups.merge(link, on="unit").assign(measure=measure))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=FACT_COLUMNS)
    attrs = clusters[["admin1", "actor1", "event_date"]]
    if not collapse and len(out):  # a mention's own place, perpetrator and date, else its event's
        own = data["events"].set_index("event_id")[["admin1", "actor1", "event_date"]]
        mention = own.reindex(out["event_id"]).set_axis(out.index)
        event = attrs.reindex(out["cluster_id"]).set_axis(out.index)
        for c in attrs.columns:
            out[c] = mention[c].fillna(event[c])
    else:
        out = out.join(attrs, on="cluster_id")
    out["actor1"] = out["actor1"].fillna("unknown")
    out = out[out["value"] > 0] if len(out) else out
    out = out.astype({"value": "Int64", "estimate": "boolean"})
    for c in ("unit", "cluster_id", "event_id", "measure", "group", "admin1", "actor1", "event_date"):
        out[c] = out[c].astype("string")
    return out[FACT_COLUMNS].sort_values(["unit", "measure", "group"]).reset_index(drop=True)


def totals(facts: pd.DataFrame) -> dict[str, int]:
    """Killed, wounded, the number of events with casualties, and the killed from estimates."""
    by = facts.groupby("measure")["value"].sum()
    estimated = facts.loc[(facts["measure"] == "killed") & facts["estimate"].fillna(False), "value"].sum()
    return {"killed": int(by.get("killed", 0)), "wounded": int(by.get("wounded", 0)),
            "units": int(facts["unit"].nunique()), "estimated": int(estimated)}


def by(facts: pd.DataFrame, *dims: str) -> pd.DataFrame:
    """Sums by `dims` (null kept as its own category), one column per measure."""
    wide = (facts.groupby(list(dims) + ["measure"], dropna=False)["value"].sum()
            .unstack("measure").reindex(columns=list(MEASURES)).fillna(0).astype("Int64"))
    return wide.sort_values(list(MEASURES), ascending=False)


def by_group(facts: pd.DataFrame, dim: str, measure: str) -> pd.DataFrame:
    """`dim` × victim group for one measure, largest rows first (null `dim` kept)."""
    f = facts[facts["measure"] == measure]
    if f.empty:
        return pd.DataFrame(columns=[], index=pd.Index([], name=dim), dtype="Int64")
    wide = f.groupby([dim, "group"], dropna=False)["value"].sum().unstack("group", fill_value=0)
    wide = wide[[g for g in tx.VICTIM_GROUPS if g in wide.columns]]
    return wide.loc[wide.sum(axis=1).sort_values(ascending=False, kind="mergesort").index].astype("Int64")


def region_table(facts: pd.DataFrame) -> pd.DataFrame:
    """Governorate × perpetrator rows, measure × victim group columns, each measure with a total."""
    wide = (facts.groupby(["admin1", "actor1", "measure", "group"], dropna=False)["value"].sum()
            .unstack(["measure", "group"], fill_value=0))
    parts = {m: wide[m][[g for g in tx.VICTIM_GROUPS if g in wide[m].columns]].assign(total=lambda d: d.sum(axis=1))
             for m in MEASURES if m in wide.columns.get_level_values("measure")}
    if not parts:
        return pd.DataFrame(index=pd.MultiIndex.from_arrays([[], []], names=["admin1", "actor1"]))
    out = pd.concat(parts, axis=1, names=["measure"]).fillna(0).astype("Int64")
    return out.sort_values((next(iter(parts)), "total"), ascending=False)


def civilians(facts: pd.DataFrame) -> pd.DataFrame:
    """SNHR's view: civilians killed by perpetrator, children and women broken out, with a total row."""
    f = facts[(facts["measure"] == "killed") & facts["group"].isin(CIVILIANS)]
    wide = f.groupby(["actor1", "group"])["value"].sum().unstack("group").reindex(columns=list(CIVILIANS))
    wide = wide.fillna(0).astype("int64")
    out = pd.DataFrame({"civilians_total": wide.sum(axis=1), "children": wide["children"],
                        "women": wide["women"]}, index=wide.index)
    out = out.sort_values("civilians_total", ascending=False, kind="mergesort")
    out.loc["total"] = out.sum()
    out.index.name = "actor1"
    return out.astype("Int64")


def monthly(facts: pd.DataFrame) -> pd.DataFrame:
    """Month by month (dated figures only): killed, civilians among them, children, women, wounded."""
    dated = facts[facts["event_date"].notna()]
    month = dated["event_date"].str.slice(0, 7)
    killed = dated["measure"] == "killed"

    def col(mask) -> pd.Series:
        return dated[mask].groupby(month[mask])["value"].sum()

    out = pd.DataFrame({"killed_total": col(killed),
                        "civilians_total": col(killed & dated["group"].isin(CIVILIANS)),
                        "children": col(killed & (dated["group"] == "children")),
                        "women": col(killed & (dated["group"] == "women")),
                        "wounded_total": col(dated["measure"] == "wounded")})
    out = out.fillna(0).sort_index()
    out.index.name = "month"
    if len(out):
        out.loc["total"] = out.sum()
    return out.astype("Int64")


def over_time(facts: pd.DataFrame) -> pd.DataFrame:
    """Killed and wounded per day, week or month: the over-time chart's bars (`timeaxis`)."""
    return by(timeaxis.with_period(facts), "period").sort_index()


def clusters_with_figures(data: dict[str, pd.DataFrame]) -> set:
    """Real-world events (counted or not) of the selection that state deaths or injuries."""
    cl = data["clusters"]
    return set(cl.loc[cl["killed"].notna() | cl["wounded"].notna(), "cluster_id"])


def events(data: dict[str, pd.DataFrame], facts: pd.DataFrame) -> pd.DataFrame:
    """Every counted event with a casualty figure, largest death toll first, with its sentence."""
    clusters = data["clusters"]
    ev = clusters[clusters["cluster_id"].isin(set(facts["cluster_id"]))]
    ev = ev.sort_values(["killed", "wounded", "event_date", "cluster_id"], ascending=[False, False, True, True],
                        na_position="last", kind="mergesort")
    return ev[EVENT_COLUMNS].reset_index(drop=True)
