"""Read every supported input into `Document`s; a bad file or record yields a row, never a crash.

Inputs: `.txt` (one document, id = file stem), `.jsonl` and `.csv` (one document per record,
text in `text`/`content`), `.html`/`.htm` (visible text), and folders walked for those types.
Ids of records without an `id` are `<file stem>:<line>`; a repeated id is renamed `<id>~N`
and flagged `duplicate_id` (its text is still read).
"""
from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from analysis import config
from analysis.dates import infer_published
from analysis.ingest.documents import Document
from analysis.ingest.encoding import DecodeError, decode
from analysis.ingest.html import html_to_text
from analysis.ingest.metadata import META_FIELDS, clean, parse_date
from analysis.text.normalize import arabic_share

TEXT_KEYS = ("text", "content")
ID_KEYS = ("id", "doc_id")
DATE_KEYS = ("published", "date", "date_extracted")

csv.field_size_limit(sys.maxsize)


def _check_text(doc: Document) -> Document:
    """Set the status of a decoded document from its text."""
    if not doc.text.strip():
        return doc.failed("empty", "no text after decoding")
    if len(doc.text.encode("utf-8", "surrogatepass")) > config.MAX_DOCUMENT_BYTES:
        n = len(doc.text)
        return doc.failed("too_large", f"{n:,} characters: over the {config.MAX_DOCUMENT_BYTES:,}-byte limit")
    share = arabic_share(doc.text)
    if share < config.MIN_ARABIC_SHARE:
        return doc.failed("not_arabic", f"only {share:.0%} of letters are Arabic")
    return doc


def _record_doc(rec: dict, default_id: str, where: str) -> Document:
    rid = next((clean(rec[k]) for k in ID_KEYS if k in rec and clean(rec[k])), None)
    doc = Document(doc_id=rid or default_id, path=where)
    for k in ("source", "title", "url"):
        setattr(doc, k, clean(rec.get(k)))
    raw_date = next((rec[k] for k in DATE_KEYS if clean(rec.get(k))), None)
    if raw_date is not None:
        doc.published = parse_date(raw_date)
        doc.published_basis = "metadata" if doc.published else "none"
    text = next((rec[k] for k in TEXT_KEYS if k in rec), None)
    if text is None:
        return doc.failed("parse_error", f"record has no `text` or `content` field (fields: {sorted(rec)})")
    if not isinstance(text, str):
        return doc.failed("parse_error", f"`text` is a {type(text).__name__}, not a string")
    doc.text = text
    return _check_text(doc)


def _read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size > config.MAX_DOCUMENT_BYTES:
        raise DecodeError("too_large", f"{size:,} bytes: over the {config.MAX_DOCUMENT_BYTES:,}-byte limit")
    return path.read_bytes()


def _read_txt(path: Path) -> Iterator[Document]:
    doc = Document(doc_id=path.stem, path=str(path))
    try:
        doc.text, _ = decode(_read_bytes(path))
    except DecodeError as e:
        yield doc.failed(e.status, str(e))
        return
    yield _check_text(doc)


def _read_html(path: Path) -> Iterator[Document]:
    doc = Document(doc_id=path.stem, path=str(path))
    try:
        markup, _ = decode(_read_bytes(path))
    except DecodeError as e:
        yield doc.failed(e.status, str(e))
        return
    doc.text, doc.title = html_to_text(markup)
    yield _check_text(doc)


def _jsonl_lines(path: Path) -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, decoded line or None, error) without loading a large file at once."""
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) == 4 and head.count(0) == 2):
        try:
            text, _ = decode(path.read_bytes())
        except DecodeError as e:
            yield 1, None, str(e)
            return
        for i, line in enumerate(text.splitlines(), start=1):
            yield i, line, None
        return
    with open(path, "rb") as fh:
        for i, raw in enumerate(fh, start=1):
            if i == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if len(raw) > config.MAX_DOCUMENT_BYTES:
                yield i, None, f"too_large: line of {len(raw):,} bytes"
                continue
            try:
                line, _ = decode(raw)
            except DecodeError as e:
                yield i, None, f"{e.status}: {e}"
                continue
            yield i, line, None


def _read_jsonl(path: Path) -> Iterator[Document]:
    for i, line, err in _jsonl_lines(path):
        default_id, where = f"{path.stem}:{i}", f"{path}:{i}"
        if err is not None:
            status = err.split(":", 1)[0] if err.split(":", 1)[0] in {"too_large", "binary", "decode_error"} \
                else "decode_error"
            yield Document(doc_id=default_id, path=where).failed(status, err)
            continue
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield Document(doc_id=default_id, path=where).failed("parse_error", f"not JSON: {e}")
            continue
        if not isinstance(rec, dict):
            yield Document(doc_id=default_id, path=where).failed(
                "parse_error", f"a JSON {type(rec).__name__}, not an object")
            continue
        yield _record_doc(rec, default_id, where)


def _read_csv(path: Path) -> Iterator[Document]:
    try:
        text, _ = decode(path.read_bytes())
    except DecodeError as e:
        yield Document(doc_id=path.stem, path=str(path)).failed(e.status, str(e))
        return
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = reader.fieldnames or []
    if not any(k in fields for k in TEXT_KEYS):
        yield Document(doc_id=path.stem, path=str(path)).failed(
            "no_text_column", f"CSV has no `text` or `content` column (columns: {fields})")
        return
    try:
        for row in reader:
            line = reader.line_num
            yield _record_doc({k: v for k, v in row.items() if k is not None}, f"{path.stem}:{line}",
                              f"{path}:{line}")
    except csv.Error as e:
        yield Document(doc_id=f"{path.stem}:{reader.line_num}", path=f"{path}:{reader.line_num}").failed(
            "parse_error", f"CSV error: {e}; the rest of the file was not read")


READERS = {".txt": _read_txt, ".jsonl": _read_jsonl, ".csv": _read_csv, ".html": _read_html,
           ".htm": _read_html}


def expand(paths: Iterable[str | Path], exclude: set[Path] = frozenset()) -> Iterator[Path]:
    """Files to read, in a stable order: explicit files as given, folders walked sorted."""
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in READERS and f.resolve() not in exclude:
                    yield f
        else:
            if p.resolve() not in exclude:
                yield p


def _read_file(path: Path) -> Iterator[Document]:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        yield Document(doc_id=path.stem, path=str(path)).failed(
            "unsupported_type", f"cannot read `{path.suffix or 'no extension'}` files; "
                                f"use {', '.join(READERS)}")
        return
    try:
        yield from reader(path)
    except (OSError, MemoryError) as e:
        yield Document(doc_id=path.stem, path=str(path)).failed("read_error", f"{type(e).__name__}: {e}")


def iter_documents(paths: Iterable[str | Path], metadata: dict[str, dict] | None = None,
                   source: str | None = None, published: str | None = None,
                   exclude: set[Path] = frozenset()) -> Iterator[Document]:
    """Every document of the inputs, with metadata applied and unique ids."""
    metadata = metadata or {}
    seen: dict[str, int] = {}
    for path in expand(paths, exclude):
        for doc in _read_file(path):
            meta = metadata.get(doc.doc_id, {})
            for k in META_FIELDS:
                if meta.get(k):
                    setattr(doc, k, meta[k])
            if meta.get("published"):
                doc.published_basis = "metadata"
            doc.source = doc.source or source
            if doc.published is None and published:
                doc.published, doc.published_basis = published, "metadata"
            if doc.published is None and doc.status == "ok":
                inferred = infer_published(doc.text)
                if inferred:
                    doc.published, doc.published_basis = inferred, "text"
            n = seen.get(doc.doc_id, 0) + 1
            seen[doc.doc_id] = n
            if n > 1:
                original = doc.doc_id
                doc.doc_id = f"{original}~{n}"
                while doc.doc_id in seen:
                    n += 1
                    doc.doc_id = f"{original}~{n}"
                seen[doc.doc_id] = 1
                if doc.status == "ok":
                    doc.status = "duplicate_id"
                    doc.error = f"doc_id {original!r} was already used; read as {doc.doc_id!r}"
            yield doc
