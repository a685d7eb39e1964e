"""What a reader must know before trusting the numbers: what was not read or not placed.

Every report ends with these lists: documents that failed, place names not in the
gazetteer, event mentions without a governorate (left out of regional totals), and events
whose mentions disagree on a count (codebook §8: shown, not hidden).
"""
from __future__ import annotations

import pandas as pd

from analysis.reports.casualties import mention_counts
from analysis.reports.labels import PROVENANCE
from analysis.reports.load import with_sources

def has_provenance(df: pd.DataFrame) -> bool:
    """Every row points to its document and characters."""
    cols = list(PROVENANCE)
    return all(c in df.columns for c in cols) and bool(df[cols].notna().all().all())


def failed_documents(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    docs = data["documents"]
    return docs.loc[docs["status"] != "ok", ["doc_id", "path", "status", "error"]].reset_index(drop=True)


def unresolved_places(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    un = data["unresolved_places"]
    cols = ["phrase", "count", "admin1_guess", "doc_id", "char_start", "char_end"]
    return un.sort_values(["count", "phrase"], ascending=[False, True])[cols].reset_index(drop=True)


def without_governorate(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    ev = data["events"]
    df = with_sources(ev[ev["admin1"].isna()], data)
    return df[["event_date", "location", "sub_event_type", "text", "source", "doc_id", "char_start",
               "char_end"]].reset_index(drop=True)


def conflicting_mentions(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every mention of each event flagged `count_conflict`, with the numbers it gives."""
    ev = data["events"]
    flagged = ev.loc[ev["count_conflict"].fillna(False).astype(bool), "cluster_id"].unique()
    df = ev[ev["cluster_id"].isin(flagged)].drop(columns=["killed", "wounded"])
    df = with_sources(df.merge(mention_counts(data), on="event_id", how="left"), data)
    df = df.sort_values(["cluster_id", "event_date", "doc_id", "char_start"])
    return df[["cluster_id", "event_date", "admin1", "location", "killed", "wounded", "text", "source",
               "doc_id", "char_start", "char_end"]].reset_index(drop=True)


def conflicting_clusters(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per event with conflicting counts: how many mentions, the lowest and highest."""
    m = conflicting_mentions(data)
    return (m.groupby("cluster_id", dropna=False)
            .agg(event_date=("event_date", "min"), admin1=("admin1", "first"),
                 location=("location", "first"), mentions=("text", "size"),
                 killed_low=("killed", "min"), killed_high=("killed", "max"),
                 wounded_low=("wounded", "min"), wounded_high=("wounded", "max"))
            .reset_index())


def summary(data: dict[str, pd.DataFrame]) -> dict[str, int]:
    return {"failed": len(failed_documents(data)), "unresolved": len(data["unresolved_places"]),
            "nogov": int(data["events"]["admin1"].isna().sum()),
            "conflicts": len(conflicting_clusters(data))}
