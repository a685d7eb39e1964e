"""Write tables batch by batch into a temporary folder, then move them into place.

An interrupted run leaves the previous tables untouched: nothing appears in `out/` until
every table is complete. Rows are validated and written in row groups of up to `FLUSH_ROWS`,
so memory stays flat however large the corpus.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis import schemas

FORMATS = ("parquet", "csv")
# Rows buffered per table before one validation and one row group: large enough that the
# schema check's fixed cost (~20 ms a call) is paid rarely, small enough to stay flat.
FLUSH_ROWS = 5000


class TableStore:
    def __init__(self, out: Path, fmt: str = "parquet"):
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
        self.out, self.fmt = Path(out), fmt
        self.out.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=".partial-", dir=self.out))
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._started: set[str] = set()
        self._rows: dict[str, list[dict]] = {}

    def scratch(self, name: str) -> Path:
        """A path for a run's working file, removed with the temporary folder."""
        return self.tmp / name

    def path(self, table: str, final: bool = True) -> Path:
        return (self.out if final else self.tmp) / f"{table}.{self.fmt}"

    def add(self, table: str, rows: list[dict]) -> None:
        """Buffer rows of a table; they are validated and written once `FLUSH_ROWS` have come."""
        buf = self._rows.setdefault(table, [])
        buf.extend(rows)
        if len(buf) >= FLUSH_ROWS:
            self._flush(table)

    def _flush(self, table: str) -> None:
        rows = self._rows.pop(table, None)
        if rows:
            self.append(table, schemas.frame(table, rows))

    def append(self, table: str, df: pd.DataFrame) -> None:
        """Validate one batch of a table and add it."""
        df = schemas.validate(table, df) if len(df) else df
        if self.fmt == "csv":
            df.to_csv(self.path(table, False), mode="a" if table in self._started else "w",
                      header=table not in self._started, index=False)
        else:
            # Plain Arrow types without pandas metadata: any reader (pandas, R, DuckDB, the
            # scorer) gets ordinary nulls, not pandas' nullable dtypes; read_table restores them.
            arrow = pa.Table.from_pandas(df, preserve_index=False).replace_schema_metadata(None)
            w = self._writers.get(table)
            if w is None:
                w = self._writers[table] = pq.ParquetWriter(self.path(table, False), arrow.schema)
            w.write_table(arrow, row_group_size=max(len(df), 1))
        self._started.add(table)

    def finish(self) -> dict[str, Path]:
        """Close every table (empty ones get their columns) and move them into `out/`."""
        for table in schemas.TABLE_NAMES:
            self._flush(table)
            if table not in self._started:
                self.append(table, schemas.frame(table))
        for w in self._writers.values():
            w.close()
        done = {}
        for table in schemas.TABLE_NAMES:
            os.replace(self.path(table, False), self.path(table))
            done[table] = self.path(table)
        shutil.rmtree(self.tmp, ignore_errors=True)
        return done

    def abort(self) -> None:
        for w in self._writers.values():
            w.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def read_table(folder: Path, table: str) -> pd.DataFrame:
    """A table written by `TableStore` (Parquet or CSV), with the schema's dtypes."""
    folder = Path(folder)
    for ext in FORMATS:
        f = folder / f"{table}.{ext}"
        if f.exists():
            df = pd.read_parquet(f) if ext == "parquet" else pd.read_csv(f, dtype=str, keep_default_na=True)
            return _coerce(table, df)
    raise FileNotFoundError(f"no {table}.parquet or {table}.csv in {folder}")


_BOOLEANS = {"True": True, "False": False, "true": True, "false": False}


def _coerce(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """CSV gives strings: restore the schema's dtypes (Parquet already has them)."""
    out = df.copy()
    for c in schemas.TABLES[table]:
        dtype = schemas.FIELDS[c].dtype
        if c not in out:
            out[c] = pd.Series([pd.NA] * len(out))
        col = out[c]
        if dtype == "boolean" and not pd.api.types.is_bool_dtype(col):
            # CSV gives strings; Parquet gives Python bools where the column has nulls
            out[c] = col.map(lambda v: _BOOLEANS.get(v, v) if isinstance(v, str) else v, na_action="ignore")
        elif dtype in ("Int64", "Float64") and not pd.api.types.is_numeric_dtype(col):
            out[c] = pd.to_numeric(col)
        out[c] = out[c].astype(dtype)
    return out[schemas.TABLES[table]]
