"""Real-world events as the reports count them: the `clusters` table with its mention's facts.

The extraction decides what counts (`clusters.counted`: happened at the time reported, in
Syria, once per cluster) and which mention each figure comes from (`event_id` for deaths,
`wounded_event_id` for injuries); reports never re-derive either. This module only gives
each cluster the date, place, perpetrator and sentence of its mention (borrowing what that
mention leaves out from the cluster's other mentions, earliest first), the outlet, URL and
publication date of its document, and, for clusters that do not count, why.
"""
from __future__ import annotations

import pandas as pd

# Attributes a cluster takes from its mention, in groups borrowed together when missing.
BORROWED = (("event_date", "date_precision"), ("admin1", "admin1_basis"),
            ("location", "location_id", "latitude", "longitude", "geo_precision"),
            ("actor1",), ("actor2",))
MENTION = ("doc_id", "char_start", "char_end", "text", "event_type", "sub_event_type",
           "civilian_targeting", "weapon", "claimed_by")
DOCUMENT = ("source", "published", "url")
REASONS = ("past", "period_total", "abroad", "unknown_country", "mixed")
CLUSTER_COLUMNS = ["cluster_id", "event_id", "n_mentions", "n_sources", "scope", "country", "counted",
                   "killed", "killed_low", "killed_high", "killed_estimate", "wounded", "wounded_low",
                   "wounded_high", "wounded_event_id", "count_conflict"]
VIEW_COLUMNS = [*CLUSTER_COLUMNS, *[c for g in BORROWED for c in g], *MENTION, *DOCUMENT, "reason"]


class MissingClusters(ValueError):
    """Tables written before the extraction decided what counts."""


def reason(row) -> str | None:
    """Why a cluster is left out of the totals (None when it counts)."""
    if bool(row.counted):
        return None
    if not pd.isna(row.scope) and row.scope != "current":
        return row.scope if row.scope in REASONS else "mixed"
    if pd.isna(row.country):
        return "unknown_country"
    # its own mention is current and in Syria: another report of it says otherwise
    return "abroad" if row.country != "SY" else "mixed"


def view(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per cluster (real-world event) with its mention's attributes and `reason`."""
    clusters = data.get("clusters")
    if clusters is None or (clusters.empty and not data["events"].empty):
        raise MissingClusters("these tables have no `clusters` table (what counts in the totals): "
                              "extract them again with this version of the package")
    ev = data["events"]
    keep = [c for g in BORROWED for c in g] + list(MENTION)
    out = clusters[CLUSTER_COLUMNS].merge(ev[["event_id", *keep]], on="event_id", how="left")
    if len(out):
        order = ev.sort_values(["event_date", "event_id"], na_position="last", kind="mergesort")
        for group in BORROWED:
            lead = group[0]
            first = order[order[lead].notna()].drop_duplicates("cluster_id").set_index("cluster_id")
            gap = out[lead].isna() & out["cluster_id"].isin(first.index)
            for c in group:
                out.loc[gap, c] = first.loc[out.loc[gap, "cluster_id"], c].to_numpy()
    docs = data["documents"].set_index("doc_id")
    for c in DOCUMENT:
        out[c] = out["doc_id"].map(docs[c]).astype("string")
    out["actor1"] = out["actor1"].fillna("unknown")
    out["reason"] = pd.array([reason(r) for r in out.itertuples(index=False)], dtype="string")
    return out[VIEW_COLUMNS].reset_index(drop=True)


def counted(clusters: pd.DataFrame) -> pd.DataFrame:
    return clusters[clusters["counted"].fillna(False).astype(bool)].reset_index(drop=True)


def not_counted(clusters: pd.DataFrame) -> pd.DataFrame:
    return clusters[~clusters["counted"].fillna(False).astype(bool)].reset_index(drop=True)


def also_mentioned(clusters: pd.DataFrame, ids=None) -> pd.DataFrame:
    """Clusters left out of the totals, by reason: how many, with the deaths and injuries they state.

    `ids` restricts them to clusters a report is about (e.g. those with a facility hit).
    """
    left = not_counted(clusters)
    if ids is not None:
        left = left[left["cluster_id"].isin(set(ids))]
    out = (left.groupby("reason")
           .agg(events=("cluster_id", "size"), killed=("killed", "sum"), wounded=("wounded", "sum"))
           .reindex([r for r in REASONS if r in set(left["reason"])]))
    out.index.name = "reason"
    return out.astype("Int64")
