"""ACLED export: one row per real-world event in ACLED's public column layout.

ACLED counts events, not reports. Each cluster (codebook §8) becomes one row, described by
the mention its death toll comes from (`clusters.event_id`, what it leaves out borrowed from
the cluster's other mentions, earliest first); deaths are the cluster's own figure (the
most conservative across outlets, the latest of a toll update), `source` names every outlet
that reported it, and the sides that other reports name are its associated actors. Only
events the extraction counts (`clusters.counted`: current, in Syria) are exported unless
asked for all; every row's country is the event's own. Labels, actor names and codes come
from the codebook (`data/codebook.yaml`, each code's `acled`), the layout and countries
from `data/acled.yaml`; `location` stays in Arabic as written.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis import taxonomy as tx
from analysis.lexicon import load_lexicon
from analysis.reports import counting
from analysis.store import formula_safe, read_table

_ORDER = ["doc_id", "char_start", "char_end", "event_id"]
INTEGERS = ("year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision", "fatalities",
            "timestamp")
# Digits of the number after the country code in `event_id_cnty` (a hash of the cluster id).
ID_DIGITS = 12


@lru_cache(maxsize=1)
def _acled() -> dict:
    """ACLED's layout (`acled.yaml`) and ACLED's names for codes (the codebook)."""
    return {**load_lexicon("acled"), **tx.acled_labels()}


def _actor(key, when: dt.date | None) -> tuple[str | None, int | None]:
    """ACLED name and inter code of an actor key on a date (the open-ended entry if undated)."""
    if key is None or pd.isna(key):
        return None, None
    entries = _acled()["actors"][key]
    if when is None:
        chosen = next((e for e in entries if not e.get("valid_to")), entries[-1])
    else:
        chosen = next((e for e in entries if (e.get("valid_from") or dt.date.min) <= when
                       < (e.get("valid_to") or dt.date.max)), entries[-1])
    return chosen["name"], chosen["inter"]


def _interaction(*codes) -> int | None:
    """ACLED's two-digit interaction: the lower inter code first; `X0` for one actor alone."""
    present = sorted(c for c in codes if c is not None)
    if not present:
        return None
    return present[0] * 10 + (present[1] if len(present) > 1 else 0)


def _ref(row) -> str:
    return f"{row.doc_id}:{row.char_start}-{row.char_end}"


def event_id_cnty(cluster_id: str, iso3: str) -> str:
    """ACLED-style id: the country's ISO alpha-3 code and a number that depends only on the
    cluster id (the same event keeps its id from run to run)."""
    digest = hashlib.sha1(str(cluster_id).encode("utf-8")).hexdigest()
    return f"{iso3}{int(digest, 16) % 10 ** ID_DIGITS}"


def _country(code) -> dict:
    """ACLED's name, numeric ISO code, alpha-3 code and region of a country (alpha-2 code);
    a country acled.yaml does not list keeps its code, an unknown one is empty."""
    if code is None or pd.isna(code):
        return {"name": None, "iso": None, "iso3": "XXX", "region": None}
    return _acled()["countries"].get(code, {"name": code, "iso": None, "iso3": code, "region": None})


def _associated(mentions: pd.DataFrame, column: str, chosen, when) -> str | None:
    """The sides other reports of the event name in `column`, as ACLED names (not the chosen one)."""
    keys = [k for k in dict.fromkeys(mentions[column].dropna()) if k not in (chosen, "unknown")]
    names = [_actor(k, when)[0] for k in keys]
    return _acled()["separator"].join(dict.fromkeys(names)) or None


def _timestamp(dates) -> int | None:
    """When the event's information was last updated: its latest publication date (Unix time, UTC)."""
    dates = [d for d in dates if isinstance(d, str)]
    if not dates:
        return None
    return int(dt.datetime.fromisoformat(max(dates)).replace(tzinfo=dt.timezone.utc).timestamp())


def acled_table(data: dict[str, pd.DataFrame], include_all: bool = False) -> pd.DataFrame:
    """Events (one row per mention) as ACLED rows (one per cluster): the counted clusters, or all."""
    m = _acled()
    sep = m["separator"]
    clusters = counting.view(data)
    if not include_all:
        clusters = counting.counted(clusters)
    if clusters.empty:
        return pd.DataFrame(columns=m["columns"])
    docs = data["documents"].set_index("doc_id")
    outlets = docs["source"].dropna()
    mentions_of = {c: g.sort_values(_ORDER) for c, g in data["events"].groupby("cluster_id", sort=False)}
    weapon_order = list(m["weapon_tags"])
    rows = []
    for rep in clusters.itertuples(index=False):
        mentions = mentions_of[rep.cluster_id]
        date = rep.event_date if pd.notna(rep.event_date) else rep.published
        when = dt.date.fromisoformat(date) if isinstance(date, str) else None
        actor1, inter1 = _actor(rep.actor1, when)
        actor2, inter2 = _actor(rep.actor2, when)
        label, disorder = m["sub_event_types"][rep.sub_event_type]
        dated = pd.notna(rep.event_date) and rep.date_precision in m["time_precision"]
        weapons = {w for ws in mentions["weapon"].dropna() for w in ws.split(";") if w}
        others = [_ref(r) for r in mentions.itertuples(index=False) if r.event_id != rep.event_id]
        notes = " ".join(str(rep.text).split()) + f" [{_ref(rep)}]"
        if others:
            notes += f" [also: {sep.join(others)}]"
        country = _country(rep.country)
        rows.append({
            "event_id_cnty": event_id_cnty(rep.cluster_id, country["iso3"]),
            "event_date": rep.event_date if dated else None,
            "year": int(rep.event_date[:4]) if dated else None,
            "time_precision": m["time_precision"][rep.date_precision] if dated else None,
            "disorder_type": disorder,
            "event_type": m["event_types"][rep.event_type],
            "sub_event_type": label,
            "actor1": actor1, "assoc_actor_1": _associated(mentions, "actor1", rep.actor1, when), "inter1": inter1,
            "actor2": actor2, "assoc_actor_2": _associated(mentions, "actor2", rep.actor2, when), "inter2": inter2,
            "interaction": _interaction(inter1, inter2),
            "civilian_targeting": m["civilian_targeting"] if mentions["civilian_targeting"].any() else None,
            "iso": country["iso"], "region": country["region"], "country": country["name"],
            "admin1": m["admin1"].get(rep.admin1) if pd.notna(rep.admin1) else None,
            "admin2": None, "admin3": None,
            "location": rep.location if pd.notna(rep.location) else None,
            "latitude": rep.latitude, "longitude": rep.longitude,
            "geo_precision": rep.geo_precision,
            "source": sep.join(sorted({outlets[d] for d in mentions["doc_id"] if d in outlets})) or None,
            "source_scale": None,
            "notes": notes,
            "fatalities": int(rep.killed) if pd.notna(rep.killed) else 0,
            "tags": sep.join(m["weapon_tags"][w] for w in weapon_order if w in weapons) or None,
            "timestamp": _timestamp([docs["published"].get(d) for d in mentions["doc_id"]]),
            "_cluster": rep.cluster_id,
        })
    out = pd.DataFrame(rows).sort_values(["event_date", "_cluster"], na_position="last", kind="mergesort")
    if out["event_id_cnty"].duplicated().any():  # 12 digits: a clash is a one-in-a-billion event
        raise ValueError("two events share an event_id_cnty; raise export.ID_DIGITS")
    dtypes = {c: "Int64" for c in INTEGERS}
    dtypes.update(latitude="Float64", longitude="Float64")
    return out.astype(dtypes)[m["columns"]].reset_index(drop=True)


def write_acled(tables: Path, out: Path, include_all: bool = False) -> tuple[int, int]:
    """Write `tables`' real-world events as an ACLED CSV (UTF-8): the counted ones, or all.

    Returns (rows written, events left out because they do not count).
    """
    tables = Path(tables)
    if not tables.is_dir():
        raise FileNotFoundError(f"tables folder {tables} does not exist")
    data = {t: read_table(tables, t) for t in ("events", "documents", "clusters")}
    table = acled_table(data, include_all)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    formula_safe(table).to_csv(out, index=False, encoding="utf-8", lineterminator="\n")
    return len(table), len(data["clusters"]) - len(table)
