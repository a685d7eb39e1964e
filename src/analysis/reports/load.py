"""Open the tables a report reads (extracting raw inputs first when asked) and filter them.

A report's default is the bundled sample corpus, extracted on the fly, so that every
notebook runs as committed (nbval in CI, a first `papermill` run) without any setup.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd

from analysis import config, schemas, store, taxonomy as tx

# Tables whose rows belong to one event mention (and go when it is filtered out).
EVENT_CHILDREN = ("casualties", "facility_attacks", "control_changes")


def _paths(value) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, (str, Path)) else [str(v) for v in value]


def read_tables(folder) -> dict[str, pd.DataFrame]:
    """Every codebook table in `folder`, typed by the schema."""
    return {t: store.read_table(Path(folder), t) for t in schemas.TABLE_NAMES}


def open_tables(tables="", inputs=()) -> dict[str, pd.DataFrame]:
    """Tables from the folder `tables`; `inputs` are extracted into it first.

    With `inputs` and no folder they are extracted into a temporary folder; with neither,
    the bundled sample corpus `data/raw` is (with its metadata `seeds.csv`).
    """
    inputs = _paths(inputs)
    if tables and not inputs:
        return read_tables(tables)
    from analysis.pipeline import run_extract  # the engine, only when there is something to extract

    metadata = None
    if not inputs:
        inputs, metadata = [config.DATA_RAW], config.SAMPLE_METADATA
    if tables:
        run_extract(inputs, tables, metadata=metadata, progress=False)
        return read_tables(tables)
    with tempfile.TemporaryDirectory(prefix="analysis-report-") as tmp:
        run_extract(inputs, tmp, metadata=metadata, progress=False)
        return read_tables(tmp)


def iso_date(value, what: str) -> str:
    """`value` if it is an ISO date or empty; else a ValueError naming the parameter."""
    value = "" if value is None else str(value)
    if value:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{what} must be an ISO date like 2017-09-01, not {value!r}") from None
    return value


def governorate_codes(governorates) -> list[str]:
    """ISO codes from a list or a comma/space separated string (as `papermill -p` gives)."""
    if not governorates:
        return []
    if isinstance(governorates, str):
        governorates = governorates.replace(",", " ").split()
    codes = [str(g).strip().upper() for g in governorates]
    bad = [c for c in codes if c not in tx.ADMIN1]
    if bad:
        raise ValueError(f"unknown governorate code(s) {bad}; use ISO 3166-2:SY codes like SY-HM")
    return codes


def select(data: dict[str, pd.DataFrame], start="", end="", governorates=()) -> dict[str, pd.DataFrame]:
    """The tables restricted to event dates in [start, end] and to some governorates.

    Events without a date are dropped only when a date bound is set, events without a
    governorate only when governorates are chosen. Casualties, facilities and control
    changes follow their events (facilities and places also by their own governorate);
    monitors' statistics are kept when their period overlaps the dates.
    """
    start, end = iso_date(start, "start"), iso_date(end, "end")
    codes = governorate_codes(governorates)
    ev = data["events"]
    keep = pd.Series(True, index=ev.index)
    if start:
        keep &= ev["event_date"].notna() & (ev["event_date"] >= start)
    if end:
        keep &= ev["event_date"].notna() & (ev["event_date"] <= end)
    if codes:
        keep &= ev["admin1"].isin(codes).fillna(False)
    out = dict(data, events=ev[keep.astype(bool)].reset_index(drop=True))
    ids = set(out["events"]["event_id"])
    for t in EVENT_CHILDREN:
        df = data[t]
        mask = df["event_id"].isin(ids)
        if codes and "admin1" in df:
            mask &= df["admin1"].isna() | df["admin1"].isin(codes)
        out[t] = df[mask.astype(bool)].reset_index(drop=True)
    st = data["statistics"]
    period = st["period"].fillna("")
    overlaps = [(not p) or ((not start or p >= start[:len(p)]) and (not end or p <= end[:len(p)]))
                for p in period]
    out["statistics"] = st[pd.Series(overlaps, index=st.index, dtype=bool)].reset_index(drop=True)
    return out


def with_sources(df: pd.DataFrame, data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """`df` with the outlet of its document as `source`."""
    src = data["documents"][["doc_id", "source"]]
    return df.drop(columns=["source"], errors="ignore").merge(src, on="doc_id", how="left")
