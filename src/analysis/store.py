"""Write a run's tables beside one another and switch them in as one set.

Layout of an output folder DIR (`--out`):

    DIR/<table>.parquet|csv   the current tables: what users, notebooks and score.py read
    DIR/tables.json           the manifest of the current set (format, each table's file,
                              size and rows, a generation digest); written last
    DIR/.lock                 held by the run writing into DIR (a second run is refused)
    DIR/.partial-XXXX/        a run in progress; once its manifest is there, it is committed

A run writes every table into its partial folder, in row groups of up to `FLUSH_ROWS`
rows, so memory stays flat. Then it commits: it writes the manifest into the partial
folder (one atomic rename), moves the tables into DIR, removes the tables of the other
format, and moves the manifest last. A run interrupted before the commit leaves DIR as it
was; one interrupted after it is finished by the next run into DIR, and `read_table` reads
a committed set from wherever each table is meanwhile, so no reader sees two runs' tables
mixed. Partial folders that were never committed are removed by the next run.

CSV tables are safe to open in a spreadsheet: a text cell that starts like a formula is
prefixed with `'` (`formula_safe`), and `read_table` takes the prefix off again.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis import config, schemas

FORMATS = ("parquet", "csv")
# Rows buffered per table before one validation and one row group: large enough that the
# schema check's fixed cost (~20 ms a call) is paid rarely, small enough to stay flat.
FLUSH_ROWS = 5000
MANIFEST = config.TABLES_MANIFEST
LOCK = ".lock"
PARTIAL = ".partial-"
# A text cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV
# injection"); quotes already in front are counted, so that the prefix can be taken off.
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_ESCAPED_FORMULA = re.compile(r"^'+[=+\-@\t\r]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class OutputError(RuntimeError):
    """The output folder cannot be used (a file, locked by another run, unwritable)."""


def formula_safe(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with every text cell that a spreadsheet would run as a formula prefixed by `'`.
    Only text cells are touched: numbers (-3) stay numbers. Every CSV writer calls this."""
    out = df
    for c in df.columns:
        col = df[c]
        if not (pd.api.types.is_string_dtype(col) or col.dtype == object):
            continue
        values = col.tolist()
        safe = ["'" + v if isinstance(v, str) and _FORMULA.match(v) else v for v in values]
        if safe != values:
            if out is df:
                out = df.copy()
            out[c] = pd.array(safe, dtype=col.dtype)
    return out


def _formula_unsafe(col: pd.Series) -> pd.Series:
    """Undo `formula_safe` on a column read back from CSV."""
    hit = col.str.match(_ESCAPED_FORMULA.pattern).fillna(False).astype(bool)
    return col.mask(hit, col.str.slice(1)) if hit.any() else col


@lru_cache(maxsize=None)
def _row_checks(table: str) -> tuple:
    """What `check_rows` tests, per column, read off the schema's field definitions."""
    out = []
    for c in schemas.TABLES[table]:
        f = schemas.FIELDS[c]
        lo = hi = None
        for check in f.checks:
            stats = getattr(check, "statistics", {}) or {}
            if check.name in ("greater_than_or_equal_to", "in_range"):
                lo = stats.get("min_value", lo)
                hi = stats.get("max_value", hi)
            else:
                raise NotImplementedError(f"no row check for {check.name} ({table}.{c})")
        out.append((c, f.dtype, f.nullable, frozenset(f.allowed) if f.allowed else None,
                     re.compile(f.regex) if f.regex else None, lo, hi))
    return tuple(out)


def _missing(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def check_rows(table: str, rows: list[dict]) -> str | None:
    """Why `rows` would not make a valid batch of `table` (the schema's types, nullability,
    allowed values, patterns and bounds, one key per row), or None. Cheap enough to run on
    every document's rows before they join a batch, so a bad row costs its document only:
    each column is proved valid in a few C-level passes, and only a column that fails them
    is read again row by row, to name the first problem."""
    if not rows:
        return None
    keys = schemas.UNIQUE.get(table)
    if all(_column_valid(rows, *check) for check in _row_checks(table)) and (
            not keys or len({tuple(row.get(k) for k in keys) for row in rows}) == len(rows)):
        return None
    return _first_problem(table, rows)


# The exact types a column's values are proved against on the quick path (a subclass, such as
# numpy's float64, takes the row-by-row path, which accepts what isinstance accepts).
_EXACT = {"string": (str,), "Int64": (int,), "Float64": (int, float), "boolean": (bool,)}


def _column_valid(rows: list[dict], c: str, dtype: str, nullable: bool, allowed, pattern, lo, hi) -> bool:
    """True when every value of column `c` passes its checks; False when one may not."""
    values = [row.get(c) for row in rows]
    present = [v for v in values if v is not None]
    if len(present) < len(values) and not nullable:
        return False
    if not present:
        return True
    types = _EXACT[dtype]
    if not all(type(v) in types for v in present):
        return False
    if dtype == "string" and _SURROGATE.search("".join(present)):
        return False
    if dtype == "Float64" and not all(map(math.isfinite, present)):
        return False   # a NaN is missing, not invalid: the row-by-row path decides
    if allowed is not None and not allowed.issuperset(present):
        return False
    if pattern is not None and not all(map(pattern.match, present)):
        return False
    if dtype == "Int64" and not -(1 << 63) <= min(present) <= max(present) < 1 << 63:
        return False
    return (lo is None or min(present) >= lo) and (hi is None or max(present) <= hi)


def _first_problem(table: str, rows: list[dict]) -> str | None:
    """The first problem of `rows`, row by row and column by column (None if there is none)."""
    checks = _row_checks(table)
    keys = schemas.UNIQUE.get(table)
    seen = set()
    for row in rows:
        for c, dtype, nullable, allowed, pattern, lo, hi in checks:
            v = row.get(c)
            if _missing(v):
                if not nullable:
                    return f"{table}.{c} is missing"
                continue
            if dtype == "string":
                ok = isinstance(v, str) and not _SURROGATE.search(v)   # no file format can store one
            elif dtype == "Int64":
                ok = isinstance(v, int) and not isinstance(v, bool) and -(1 << 63) <= v < (1 << 63)
            elif dtype == "Float64":
                ok = isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
            else:
                ok = isinstance(v, bool)
            if not ok:
                return f"{table}.{c} = {str(v)[:40]!r} is not a valid {dtype}"
            if (allowed is not None and v not in allowed) or (pattern is not None and not pattern.match(v)) \
                    or (lo is not None and v < lo) or (hi is not None and v > hi):
                return f"{table}.{c} = {str(v)[:40]!r} is outside what the codebook allows"
        if keys:
            key = tuple(row.get(k) for k in keys)
            if key in seen:
                return f"{table}: {', '.join(keys)} {key} is not unique"
            seen.add(key)
    return None


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _committed(out: Path) -> list[Path]:
    """Partial folders of `out` whose run committed (their manifest is written), oldest name first."""
    return sorted(p for p in out.glob(PARTIAL + "*") if (p / MANIFEST).is_file())


def _switch(out: Path, partial: Path) -> None:
    """Move a committed set from `partial` into `out` (again, if a crash stopped it halfway)."""
    manifest = json.loads((partial / MANIFEST).read_text(encoding="utf-8"))
    fmt = manifest["format"]
    for table, entry in manifest["tables"].items():
        src = partial / entry["file"]
        if src.exists():
            os.replace(src, out / entry["file"])
    for table in schemas.TABLE_NAMES:   # tables of the other format are stale, never preferred
        for ext in FORMATS:
            if ext != fmt:
                (out / f"{table}.{ext}").unlink(missing_ok=True)
    os.replace(partial / MANIFEST, out / MANIFEST)
    _fsync(out)
    shutil.rmtree(partial, ignore_errors=True)


class _Lock:
    """An exclusive lock on `out/.lock`, released when the process ends however it ends."""

    def __init__(self, out: Path):
        self.fh = None
        try:
            import fcntl
        except ImportError:      # not POSIX: no lock (documented in the README)
            return
        self.fh = open(out / LOCK, "a")  # noqa: SIM115 — closed by release()
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.fh.close()
            self.fh = None
            raise OutputError(f"another extract run is writing into {out} (it holds {out / LOCK}); "
                              "wait for it to finish, or choose another --out") from None
        except OSError:          # a file system without locks (some network mounts): go on unlocked
            self.fh.close()
            self.fh = None

    def release(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None


class TableStore:
    def __init__(self, out: Path, fmt: str = "parquet"):
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
        self.out, self.fmt = Path(out), fmt
        if self.out.exists() and not self.out.is_dir():
            raise OutputError(f"--out {self.out} is a file, not a folder")
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise OutputError(f"cannot create the output folder {self.out}: {e.strerror or e}") from None
        self._lock = _Lock(self.out)
        try:
            self._recover()
            self.tmp = Path(tempfile.mkdtemp(prefix=PARTIAL, dir=self.out))
        except OSError as e:
            self._lock.release()
            raise OutputError(f"cannot write into the output folder {self.out}: {e.strerror or e}") from None
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._started: set[str] = set()
        self._rows: dict[str, list[dict]] = {}
        self._counts: dict[str, int] = {}

    def _recover(self) -> None:
        """Finish a committed switch an earlier run left halfway; drop uncommitted partials."""
        for partial in _committed(self.out):
            _switch(self.out, partial)
        for partial in self.out.glob(PARTIAL + "*"):
            shutil.rmtree(partial, ignore_errors=True)

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
        self._counts[table] = self._counts.get(table, 0) + len(df)
        if self.fmt == "csv":
            # RFC 4180 line ends: the csv writer then quotes every field holding \r or \n
            formula_safe(df).to_csv(self.path(table, False), mode="a" if table in self._started else "w",
                                    header=table not in self._started, index=False, lineterminator="\r\n")
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
        """Close every table (empty ones get their columns) and switch the set into `out/`."""
        for table in schemas.TABLE_NAMES:
            self._flush(table)
            if table not in self._started:
                self.append(table, schemas.frame(table))
        for w in self._writers.values():
            w.close()
        self._writers = {}
        generation = hashlib.sha256()
        tables = {}
        for table in schemas.TABLE_NAMES:
            p = self.path(table, False)
            _fsync(p)
            generation.update(hashlib.sha256(p.read_bytes()).digest())
            tables[table] = {"file": p.name, "bytes": p.stat().st_size, "rows": self._counts.get(table, 0)}
        manifest = {"format": self.fmt, "generation": generation.hexdigest(), "tables": tables}
        staged = self.tmp / (MANIFEST + ".tmp")
        staged.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        _fsync(staged)
        os.replace(staged, self.tmp / MANIFEST)      # the commit: from here on the new set wins
        _switch(self.out, self.tmp)
        self._lock.release()
        return {t: self.path(t) for t in schemas.TABLE_NAMES}

    def abort(self) -> None:
        for w in self._writers.values():
            w.close()
        self._writers = {}
        if not (self.tmp / MANIFEST).exists():
            shutil.rmtree(self.tmp, ignore_errors=True)
        self._lock.release()


def _locate(folder: Path, table: str) -> Path:
    """The file of `table` in the current set of `folder` (see the module docstring)."""
    committed = _committed(folder)
    if committed:       # a switch stopped halfway: the committed set is the current one
        manifest = json.loads((committed[-1] / MANIFEST).read_text(encoding="utf-8"))
        name = manifest["tables"][table]["file"]
        return committed[-1] / name if (committed[-1] / name).exists() else folder / name
    if (folder / MANIFEST).is_file():
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        entry = manifest["tables"].get(table)
        if entry is None:
            raise FileNotFoundError(f"{folder / MANIFEST} lists no table {table!r}")
        f = folder / entry["file"]
        if not f.exists() or f.stat().st_size != entry["bytes"]:
            raise FileNotFoundError(f"{f} is not the file {folder / MANIFEST} lists (missing, or changed "
                                    "since the run that wrote it): run extract again")
        return f
    for ext in FORMATS:      # a folder written before manifests, or by hand
        f = folder / f"{table}.{ext}"
        if f.exists():
            return f
    raise FileNotFoundError(f"no {table}.parquet or {table}.csv in {folder}")


def read_table(folder: Path, table: str) -> pd.DataFrame:
    """A table written by `TableStore` (Parquet or CSV), with the schema's dtypes."""
    f = _locate(Path(folder), table)
    if f.suffix == ".parquet":
        df = pd.read_parquet(f)
    else:
        # only an empty field is null: "NA", "None" and "null" are words a text may hold
        df = pd.read_csv(f, dtype=str, keep_default_na=False, na_values=[""])
        df = df.apply(lambda col: _formula_unsafe(col) if col.notna().any() else col)
    return _coerce(table, df)


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
