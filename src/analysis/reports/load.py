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
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"tables folder {folder} does not exist")
    try:
        return {t: store.read_table(folder, t) for t in schemas.TABLE_NAMES}
    except FileNotFoundError as e:
        raise FileNotFoundError(f"{e}: write the tables with `python -m analysis extract … --out {folder}` "
                                "(tables from an older version lack some)") from None


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
        if not config.DATA_RAW.is_dir():
            raise FileNotFoundError(f"the sample corpus {config.DATA_RAW} is only in a checkout of the "
                                    "project: give `tables` (a folder written by `extract`) or `inputs`")
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


def prepare(data: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables with `clusters` as reports read it: one row per real-world event with its
    mention's date, place, perpetrator, sentence and document (`counting.view`)."""
    from analysis.reports import counting

    return dict(data, clusters=counting.view(data))


def select(data: dict[str, pd.DataFrame], start="", end="", governorates=()) -> dict[str, pd.DataFrame]:
    """Prepared tables restricted to real-world events dated in [start, end] and in some governorates.

    A cluster is selected by its own date and governorate (`prepare`); its mentions and their
    casualties, facilities and control changes follow it (facilities and places also by their
    own governorate when they name one). Clusters without a date go only when a date bound is
    set, those without a governorate only when governorates are chosen. Monitors' statistics
    are kept when their period overlaps the dates (or names none).
    """
    start, end = iso_date(start, "start"), iso_date(end, "end")
    codes = governorate_codes(governorates)
    cl = data["clusters"]
    keep = pd.Series(True, index=cl.index)
    if start:
        keep &= cl["event_date"].notna() & (cl["event_date"] >= start)
    if end:
        keep &= cl["event_date"].notna() & (cl["event_date"] <= end)
    if codes:
        keep &= cl["admin1"].isin(codes).fillna(False)
    out = dict(data, clusters=cl[keep.fillna(False).astype(bool)].reset_index(drop=True))
    ev = data["events"]
    out["events"] = ev[ev["cluster_id"].isin(set(out["clusters"]["cluster_id"]))].reset_index(drop=True)
    ids = set(out["events"]["event_id"])
    for t in EVENT_CHILDREN:
        df = data[t]
        mask = df["event_id"].isin(ids)
        if codes and "admin1" in df:
            mask &= df["admin1"].isna() | df["admin1"].isin(codes)
        out[t] = df[mask.fillna(False).astype(bool)].reset_index(drop=True)
    st = data["statistics"]
    period = st["period"].fillna("")
    overlaps = [(not p) or ((not start or p >= start[:len(p)]) and (not end or p <= end[:len(p)]))
                for p in period]
    out["statistics"] = st[pd.Series(overlaps, index=st.index, dtype=bool)].reset_index(drop=True)
    return out
