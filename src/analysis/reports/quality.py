"""What a reader must know before trusting the numbers: what was not read, placed or reconciled.

Every report ends with these lists: documents that failed, place names not in the
gazetteer, counted events without a governorate, how each governorate was found, and
events whose reports state different numbers of dead or wounded (codebook §8: shown, not
hidden; a toll that only updates an earlier one is no conflict, the extraction decides).
"""
from __future__ import annotations

import pandas as pd

from analysis.reports import counting
from analysis.reports.labels import PROVENANCE

EVENT_COLUMNS = ["event_date", "location", "location_id", "sub_event_type", "actor1", "n_sources", "text",
                 "url", "source", "published", "doc_id", "char_start", "char_end", "cluster_id"]
CONFLICT_COLUMNS = ["cluster_id", "event_date", "admin1", "location", "location_id", "killed", "killed_low",
                    "killed_high", "wounded", "wounded_low", "wounded_high", "toll_update", "text", "url", "source", "published", "doc_id", "char_start", "char_end"]


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
    return un.sort_values(["count", "phrase"], ascending=[False, True], kind="mergesort")[cols].reset_index(drop=True)


def without_governorate(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Counted events (in Syria) whose governorate is unknown."""
    cl = counting.counted(data["clusters"])
    return cl.loc[cl["admin1"].isna(), EVENT_COLUMNS].reset_index(drop=True)


def governorate_basis(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Counted events by how their governorate was found."""
    cl = counting.counted(data["clusters"])
    out = cl["admin1_basis"].fillna("none").value_counts().rename("events").to_frame()
    out.index.name = "admin1_basis"
    return out.astype("Int64")


def conflicting_mentions(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every mention of each counted event, flagged by the extraction, whose mentions state
    different numbers of dead or wounded."""
    ev = data["events"]
    cl = counting.counted(data["clusters"])
    flagged = set(cl.loc[cl["count_conflict"].fillna(False).astype(bool), "cluster_id"])
    ev = ev[ev["cluster_id"].isin(flagged)]
    differ = ev.groupby("cluster_id")[["killed", "wounded"]].nunique().max(axis=1) > 1
    ev = ev[ev["cluster_id"].isin(set(differ[differ].index))]
    docs = data["documents"].set_index("doc_id")
    ev = ev.assign(**{c: ev["doc_id"].map(docs[c]).astype("string") for c in ("url", "source", "published")})
    ev = ev.sort_values(["cluster_id", "published", "doc_id", "char_start"], kind="mergesort")
    return ev[CONFLICT_COLUMNS].reset_index(drop=True)


def summary(data: dict[str, pd.DataFrame]) -> dict[str, int]:
    return {"failed": len(failed_documents(data)), "unresolved": len(data["unresolved_places"]),
            "nogov": len(without_governorate(data)),
            "conflicts": int(conflicting_mentions(data)["cluster_id"].nunique())}
