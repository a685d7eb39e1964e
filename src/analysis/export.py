"""ACLED export: one row per real-world event in ACLED's public column layout.

ACLED counts events, not reports. Each cluster (codebook §8) becomes one row, described by
its most complete mention; deaths are the most conservative count any mention states
(ACLED's fatality rule) and `source` names every outlet that reported it. Labels, actor
names and codes come from the codebook (`data/codebook.yaml`, each code's `acled`), the layout
from `data/acled.yaml`; `location` stays in Arabic as written.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis import taxonomy as tx
from analysis.lexicon import load_lexicon
from analysis.store import formula_safe, read_table

# A mention is more complete the more of these it has; ties go to the earliest text.
_COMPLETE = ["location", "event_date", "actor1"]
_ORDER = ["doc_id", "char_start", "char_end", "event_id"]


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


def acled_table(events: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The `events` table (one row per mention) as ACLED rows (one per cluster)."""
    m = _acled()
    sep = m["separator"]
    if events.empty:
        return pd.DataFrame(columns=m["columns"])
    ev = events.assign(_score=events[_COMPLETE].notna().sum(axis=1))
    ev = ev.sort_values(["cluster_id", "_score", *_ORDER], ascending=[True, False, True, True, True, True],
                        kind="mergesort")
    outlets = documents.set_index("doc_id")["source"].dropna()
    published = documents.set_index("doc_id")["published"].dropna()
    weapon_order = list(m["weapon_tags"])
    rows = []
    for cluster_id, mentions in ev.groupby("cluster_id", sort=True):
        rep = next(mentions.itertuples(index=False))
        date = rep.event_date if pd.notna(rep.event_date) else published.get(rep.doc_id)
        when = dt.date.fromisoformat(date) if isinstance(date, str) else None
        actor1, inter1 = _actor(rep.actor1, when)
        actor2, inter2 = _actor(rep.actor2, when)
        label, disorder = m["sub_event_types"][rep.sub_event_type]
        dated = pd.notna(rep.event_date) and rep.date_precision in m["time_precision"]
        weapons = {w for ws in mentions["weapon"].dropna() for w in ws.split(";") if w}
        others = [_ref(r) for r in mentions.iloc[1:].sort_values(_ORDER).itertuples(index=False)]
        notes = " ".join(str(rep.text).split()) + f" [{_ref(rep)}]"
        if others:
            notes += f" [also: {sep.join(others)}]"
        killed = mentions["killed"].dropna()
        rows.append({
            "event_date": rep.event_date if dated else None,
            "year": int(rep.event_date[:4]) if dated else None,
            "time_precision": m["time_precision"][rep.date_precision] if dated else None,
            "disorder_type": disorder,
            "event_type": m["event_types"][rep.event_type],
            "sub_event_type": label,
            "actor1": actor1, "inter1": inter1, "actor2": actor2, "inter2": inter2,
            "interaction": _interaction(inter1, inter2),
            "civilian_targeting": m["civilian_targeting"] if mentions["civilian_targeting"].any() else None,
            "iso": m["country"]["iso"],
            "country": m["country"]["name"],
            "admin1": m["admin1"].get(rep.admin1) if pd.notna(rep.admin1) else None,
            "location": rep.location if pd.notna(rep.location) else None,
            "latitude": rep.latitude, "longitude": rep.longitude,
            "geo_precision": rep.geo_precision,
            "source": sep.join(sorted({outlets[d] for d in mentions["doc_id"] if d in outlets})) or None,
            "notes": notes,
            "fatalities": int(killed.min()) if len(killed) else 0,
            "tags": sep.join(m["weapon_tags"][w] for w in weapon_order if w in weapons) or None,
            "_cluster": cluster_id,
        })
    out = pd.DataFrame(rows).sort_values(["event_date", "_cluster"], na_position="last", kind="mergesort")
    dtypes = {c: "Int64" for c in ("year", "time_precision", "inter1", "inter2", "interaction", "iso",
                                   "geo_precision", "fatalities")}
    dtypes.update(latitude="Float64", longitude="Float64")
    return out.astype(dtypes)[m["columns"]].reset_index(drop=True)


def write_acled(tables: Path, out: Path) -> tuple[int, int]:
    """Write `tables`' events as an ACLED CSV (UTF-8); returns (rows written, mentions read)."""
    tables = Path(tables)
    if not tables.is_dir():
        raise FileNotFoundError(f"tables folder {tables} does not exist")
    events = read_table(tables, "events")
    documents = read_table(tables, "documents")
    table = acled_table(events, documents)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    formula_safe(table).to_csv(out, index=False, encoding="utf-8", lineterminator="\n")
    return len(table), len(events)
