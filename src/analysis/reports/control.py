"""Territorial control: which places changed hands, when, to whom (codebook §2 control_changes).

Only changes of counted real-world events count (`clusters.counted`). Captures, withdrawals
and handovers move a place from one side to another and count in the net balance; sieges
begun or lifted are listed and mapped but move nothing. A place is drawn at its gazetteer
coordinates; one known only by its governorate shades that governorate. With
`collapse=True` a place counts once per real-world event.
"""
from __future__ import annotations

import pandas as pd

from analysis.reports import counting, labels, timeaxis

MOVES = ("captured", "withdrawal", "handover")
FACT_COLUMNS = ["unit", "cluster_id", "event_id", "event_date", "location", "location_id", "admin1", "change",
                "gained_by", "lost_by", "claimed_by", "latitude", "longitude", "text", "doc_id", "char_start",
                "char_end", "source", "published", "url", "n_sources"]
PLACE_COLUMNS = ["event_date", "admin1", "location", "location_id", "change", "gained_by", "lost_by", "claimed_by",
                 "n_sources", "text", "url", "source", "published", "doc_id", "char_start", "char_end", "cluster_id"]


def _coordinates(ids: pd.Series) -> pd.DataFrame:
    """Gazetteer latitude and longitude of each place id (null when unknown)."""
    gaz = labels.gazetteer()
    out = []
    for pid in ids:
        try:
            place = None if labels.missing(pid) else gaz.by_id(str(pid))
        except KeyError:
            place = None
        out.append((place.lat, place.lon) if place is not None else (None, None))
    return pd.DataFrame(out, columns=["latitude", "longitude"], index=ids.index, dtype="Float64")


def facts(data: dict[str, pd.DataFrame], collapse: bool = True) -> pd.DataFrame:
    """One row per place and change, with its coordinates where the gazetteer knows the place."""
    clusters = counting.counted(data["clusters"]).set_index("cluster_id")
    ev = data["events"]
    ev = ev[ev["cluster_id"].isin(clusters.index)][["event_id", "cluster_id", "admin1", "text"]]
    df = data["control_changes"].merge(ev, on="event_id", suffixes=("", "_mention"))
    event = clusters.reindex(df["cluster_id"]).set_axis(df.index)
    df["admin1"] = df["admin1"].fillna(df["admin1_mention"]).fillna(event["admin1"].where(df["location"].isna()))
    for c in ("event_date", "source", "published", "url", "n_sources"):
        df[c] = event[c]
    df[["latitude", "longitude"]] = _coordinates(df["location_id"])
    if collapse:
        place = df["location_id"].fillna(df["location"]).fillna("")
        df = (df.assign(place=place).sort_values(["event_id", "char_start"], kind="mergesort")
              .drop_duplicates(["cluster_id", "place", "change"]))
    df = df.assign(unit=df["cluster_id"] if collapse else df["event_id"])
    return df[FACT_COLUMNS].sort_values(["event_date", "event_id"], kind="mergesort").reset_index(drop=True)


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
    return out.sort_values(["net", "gained"], ascending=False, kind="mergesort")


def by_period(facts: pd.DataFrame) -> pd.DataFrame:
    """Changes on the time axis (`timeaxis`) per day, week or month (index: its first day) × the
    side that gained the place ("unknown" when none is named)."""
    shown = timeaxis.with_period(facts)
    return (shown.assign(gained_by=shown["gained_by"].fillna("unknown"))
            .groupby(["period", "gained_by"]).size().unstack("gained_by", fill_value=0))


def places(facts: pd.DataFrame) -> pd.DataFrame:
    """The list: date, place, change, who gained and lost it, who claims it, and the sentence."""
    return facts[PLACE_COLUMNS].reset_index(drop=True)


def clusters_with_changes(data: dict[str, pd.DataFrame]) -> set:
    """Real-world events (counted or not) of the selection that changed control of a place."""
    ev = data["events"]
    return set(ev.loc[ev["event_id"].isin(set(data["control_changes"]["event_id"])), "cluster_id"])
