"""Document metadata: the sidecar CSV (doc_id,source,published,title,url) and date values."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import regex

from analysis import config
from analysis.ingest.csvfile import records
from analysis.ingest.encoding import DecodeError

# A date, or a date and time (ISO 8601 or "YYYY-MM-DD HH:MM[:SS]"), and nothing else.
_ISO = regex.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
                     r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?\s*$")
_DMY = regex.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s*$")
META_FIELDS = ("source", "published", "title", "url")


class MetadataError(ValueError):
    pass


def parse_date(value) -> str | None:
    """ISO date from an ISO date/datetime or D/M/YYYY string; None when blank, unparseable,
    followed by anything else ("2017-9-9 garbage"), or outside `config.PUBLISHED_YEARS`."""
    if value is None:
        return None
    s = str(value).strip()
    if not s or s.lower() in {"nan", "none", "null"}:
        return None
    m = _ISO.match(s) or _DMY.match(s)
    if not m:
        return None
    y, mo, d = (m[1], m[2], m[3]) if m.re is _ISO else (m[3], m[2], m[1])
    lo, hi = config.PUBLISHED_YEARS
    if not lo <= int(y) <= hi:
        return None
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
        recs = records(Path(path), config.MAX_DOCUMENT_BYTES)
        header = next(recs, None)
        fields = header.fields if header else None
        if not fields or "doc_id" not in fields:
            raise MetadataError(f"metadata file {path} needs a `doc_id` column "
                                f"(columns found: {fields})")
        out: dict[str, dict] = {}
        for rec in recs:
            if rec.fields is None:
                raise MetadataError(f"{path}:{rec.first}: {rec.error}")
            if len(rec.fields) > len(fields):
                raise MetadataError(f"{path}:{rec.first}: {len(rec.fields)} fields where the header has "
                                    f"{len(fields)} (a comma outside quotes?)")
            row = dict(zip(fields, rec.fields))
            line = rec.first
            doc_id = clean(row.get("doc_id"))
            if not doc_id:
                raise MetadataError(f"{path}:{line}: empty doc_id")
            raw = clean(row.get("published"))
            published = parse_date(raw)
            if raw and published is None:
                lo, hi = config.PUBLISHED_YEARS
                raise MetadataError(f"{path}:{line}: published date {raw!r} is not a date YYYY-MM-DD "
                                    f"between {lo} and {hi}")
            out[doc_id] = {"source": clean(row.get("source")), "published": published,
                           "title": clean(row.get("title")), "url": clean(row.get("url"))}
    except OSError as e:
        raise MetadataError(f"cannot read metadata file {path}: {e}") from e
    except DecodeError as e:
        raise MetadataError(f"cannot decode metadata file {path}: {e}") from e
    return out
