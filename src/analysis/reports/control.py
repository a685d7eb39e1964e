"""Territorial control: which places changed hands, when, to whom (codebook §2 control_changes).

Captures, withdrawals and handovers move a place from one side to another and count in the
net balance; sieges begun or lifted are listed and mapped but move nothing. With
`collapse=True` a place counts once per real-world event (cluster).
"""
from __future__ import annotations

import pandas as pd

from analysis.reports.load import with_sources

MOVES = ("captured", "withdrawal", "handover")
FACT_COLUMNS = ["unit", "event_id", "event_date", "location", "location_id", "admin1", "change",
                "gained_by", "lost_by", "claimed_by", "latitude", "longitude", "text", "doc_id",
                "char_start", "char_end"]


def facts(data: dict[str, pd.DataFrame], collapse: bool = True) -> pd.DataFrame:
    """One row per place and change, with the event's coordinates where they are this place's."""
    cc = data["control_changes"]
    ev = data["events"][["event_id", "cluster_id", "event_date", "admin1", "location", "location_id",
                         "latitude", "longitude", "text"]]
    df = cc.merge(ev, on="event_id", how="left", suffixes=("", "_event"))
    df["admin1"] = df["admin1"].fillna(df["admin1_event"])
    same_id = df["location_id"].notna() & (df["location_id"] == df["location_id_event"])
    same_name = df["location_id"].isna() & df["location_id_event"].isna() & (df["location"] == df["location_event"])
    here = (same_id.fillna(False) | same_name.fillna(False)).astype(bool)
    for c in ("latitude", "longitude"):
        df[c] = df[c].where(here)
    if collapse:
        place = df["location_id"].fillna(df["location"]).fillna("")
        df = df.assign(place=place).sort_values(["event_id", "char_start"]).drop_duplicates(
            ["cluster_id", "place", "change"])
    df = df.assign(unit=df["cluster_id"] if collapse else df["event_id"])
    return df[FACT_COLUMNS].sort_values(["event_date", "event_id"]).reset_index(drop=True)


def totals(facts: pd.DataFrame) -> dict[str, int]:
    return {"n": len(facts), "units": int(facts["unit"].nunique())}


def net(facts: pd.DataFrame) -> pd.DataFrame:
    """Places gained, lost and net per actor (captures, withdrawals and handovers only)."""
    moves = facts[facts["change"].isin(MOVES)]
    gained = moves["gained_by"].dropna().value_counts()
    lost = moves["lost_by"].dropna().value_counts()
    out = pd.DataFrame({"gained": gained, "lost": lost}).fillna(0).astype("Int64")
    out["net"] = out["gained"] - out["lost"]
    out.index.name = "controller"
    return out.sort_values(["net", "gained"], ascending=False)


def places(data: dict[str, pd.DataFrame], facts: pd.DataFrame) -> pd.DataFrame:
    """The list: date, place, change, who gained and lost it, who claims it, and the sentence."""
    df = with_sources(facts, data)
    return df[["event_date", "admin1", "location", "change", "gained_by", "lost_by", "claimed_by",
               "text", "source", "doc_id", "char_start", "char_end"]]
