"""Document metadata: the sidecar CSV (doc_id,source,published,title,url) and date values."""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import regex

from analysis.ingest.encoding import decode

_ISO = regex.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = regex.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s*$")
META_FIELDS = ("source", "published", "title", "url")


class MetadataError(ValueError):
    pass


def parse_date(value) -> str | None:
    """ISO date from an ISO date/datetime or D/M/YYYY string; None when blank or unparseable."""
    if value is None:
        return None
    s = str(value).strip()
    if not s or s.lower() in {"nan", "none", "null"}:
        return None
    m = _ISO.match(s) or _DMY.match(s)
    if not m:
        return None
    y, mo, d = (m[1], m[2], m[3]) if m.re is _ISO else (m[3], m[2], m[1])
    try:
        return dt.date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return None


def clean(value) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def load_sidecar(path: Path) -> dict[str, dict]:
    """doc_id → {source, published, title, url}; a clear error naming the file and line."""
    try:
        text, _ = decode(Path(path).read_bytes())
    except OSError as e:
        raise MetadataError(f"cannot read metadata file {path}: {e}") from e
    except ValueError as e:
        raise MetadataError(f"cannot decode metadata file {path}: {e}") from e
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "doc_id" not in reader.fieldnames:
        raise MetadataError(f"metadata file {path} needs a `doc_id` column "
                            f"(columns found: {reader.fieldnames})")
    out: dict[str, dict] = {}
    for line, row in enumerate(reader, start=2):
        doc_id = clean(row.get("doc_id"))
        if not doc_id:
            raise MetadataError(f"{path}:{line}: empty doc_id")
        raw = clean(row.get("published"))
        published = parse_date(raw)
        if raw and published is None:
            raise MetadataError(f"{path}:{line}: published date {raw!r} is not YYYY-MM-DD")
        out[doc_id] = {"source": clean(row.get("source")), "published": published,
                       "title": clean(row.get("title")), "url": clean(row.get("url"))}
    return out
