"""Read every supported input into `Document`s; a bad file or record yields a row, never a crash.

Inputs: `.txt` (one document, id = file stem), `.jsonl` and `.csv` (one document per record,
text in `text`/`content`), `.html`/`.htm` (visible text), and folders walked for those types
(hidden files and folders, and the tables of extract runs, are not inputs). Ids of records without an `id` are `<file stem>:<line>`; a repeated id is
renamed `<id>~N` and flagged `duplicate_id` (its text is still read). JSONL and CSV files
are streamed: memory holds one record, never more than `config.MAX_DOCUMENT_BYTES` of it.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from analysis import config
from analysis.dates import infer_published
from analysis.ingest.csvfile import LineReader, open_text, records
from analysis.ingest.documents import Document
from analysis.ingest.encoding import DecodeError, decode, repair_mojibake, warning
from analysis.ingest.html import html_to_text
from analysis.ingest.metadata import META_FIELDS, clean, parse_date
from analysis.text.normalize import arabic_share

TEXT_KEYS = ("text", "content")
ID_KEYS = ("id", "doc_id")
DATE_KEYS = ("published", "date", "date_extracted")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _check_text(doc: Document) -> Document:
    """Set the status of a decoded document from its text."""
    if not doc.text.strip():
        return doc.failed("empty", "no text after decoding")
    # a character takes at most four bytes: most texts are measured without encoding them
    if len(doc.text) * 4 > config.MAX_DOCUMENT_BYTES and \
            len(doc.text.encode("utf-8", "surrogatepass")) > config.MAX_DOCUMENT_BYTES:
        n = len(doc.text)
        return doc.failed("too_large", f"{n:,} characters: over the {config.MAX_DOCUMENT_BYTES:,}-byte limit")
    try:
        doc.text, note = repair_mojibake(doc.text)
    except DecodeError as e:
        return doc.failed(e.status, str(e))
    doc.warn(note)
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
    text = next((rec[k] for k in TEXT_KEYS if rec.get(k) is not None), None)
    if text is None:
        return doc.failed("parse_error", f"record has no `text` or `content` value (fields: {sorted(rec)})")
    if not isinstance(text, str):
        return doc.failed("parse_error", f"`text` is a {type(text).__name__}, not a string")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:   # "\udc80" escapes in JSON: not characters, and no table can store them
        lone = len(_SURROGATE.findall(text))
        text = _SURROGATE.sub("\ufffd", text)
        doc.warn(f"{lone:,} lone surrogate escape{'s' * (lone != 1)} replaced")
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
        doc.text, _, note = decode(_read_bytes(path))
    except DecodeError as e:
        yield doc.failed(e.status, str(e))
        return
    doc.warn(note)
    yield _check_text(doc)


def _read_html(path: Path) -> Iterator[Document]:
    doc = Document(doc_id=path.stem, path=str(path))
    try:
        markup, _, note = decode(_read_bytes(path))
    except DecodeError as e:
        yield doc.failed(e.status, str(e))
        return
    doc.warn(note)
    doc.text, doc.title = html_to_text(markup)
    yield _check_text(doc)


def _utf16(path: Path) -> bool:
    with open(path, "rb") as fh:
        head = fh.read(4)
    return head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) == 4 and head.count(0) == 2)


def _jsonl_lines(path: Path) -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, decoded line or None, error), one line in memory at a time. Lines end at
    a line feed only: U+2028 and U+0085 are characters inside a record, not line ends."""
    limit = config.MAX_DOCUMENT_BYTES
    if _utf16(path):
        try:
            fh, _ = open_text(path)
        except DecodeError as e:
            yield 1, None, f"{e.status}: {e}"
            return
        with fh:
            lines = LineReader(fh, limit)
            while piece := lines.next():
                n, text, ends = piece
                if not ends:
                    while piece and not piece[2]:
                        piece = lines.next()
                    yield n, None, f"too_large: line of more than {limit:,} characters"
                    continue
                yield n, text, None
        return
    with open(path, "rb") as fh:
        i = 0
        while raw := fh.readline(limit + 1):
            i += 1
            if i == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if len(raw) > limit:
                size = len(raw)
                while not raw.endswith(b"\n") and (raw := fh.readline(1 << 20)):
                    size += len(raw)
                yield i, None, f"too_large: line of {size:,} bytes"
                continue
            try:
                line, _, note = decode(raw)
            except DecodeError as e:
                yield i, None, f"{e.status}: {e}"
                continue
            yield i, line, note


_STATUSES_OF_LINES = {"too_large", "binary", "decode_error"}


def _read_jsonl(path: Path) -> Iterator[Document]:
    for i, line, note in _jsonl_lines(path):
        default_id, where = f"{path.stem}:{i}", f"{path}:{i}"
        if line is None:
            status = note.split(":", 1)[0]
            yield Document(doc_id=default_id, path=where).failed(
                status if status in _STATUSES_OF_LINES else "decode_error", note)
            continue
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except RecursionError:
            yield Document(doc_id=default_id, path=where).failed("parse_error", "not JSON we can read: nested too deeply")
            continue
        except ValueError as e:
            yield Document(doc_id=default_id, path=where).failed("parse_error", f"not JSON: {e}")
            continue
        if not isinstance(rec, dict):
            yield Document(doc_id=default_id, path=where).failed(
                "parse_error", f"a JSON {type(rec).__name__}, not an object")
            continue
        doc = _record_doc(rec, default_id, where)
        doc.warn(note)
        yield doc


def _read_csv(path: Path) -> Iterator[Document]:
    try:
        recs = records(path, config.MAX_DOCUMENT_BYTES)
        header = next(recs, None)
    except DecodeError as e:
        yield Document(doc_id=path.stem, path=str(path)).failed(e.status, str(e))
        return
    if header is not None and header.fields is None:
        yield Document(doc_id=path.stem, path=str(path)).failed(
            "parse_error", f"the header (line {header.first}) cannot be read: {header.error}")
        return
    fields = header.fields if header else []
    if not any(k in fields for k in TEXT_KEYS):
        yield Document(doc_id=path.stem, path=str(path)).failed(
            "no_text_column", f"CSV has no `text` or `content` column (columns: {fields})")
        return
    for rec in recs:
        if rec.fields is None:
            yield Document(doc_id=f"{path.stem}:{rec.first}", path=f"{path}:{rec.first}").failed(rec.status, rec.error)
        elif len(rec.fields) > len(fields):
            yield Document(doc_id=f"{path.stem}:{rec.first}", path=f"{path}:{rec.first}").failed(
                "parse_error", f"{len(rec.fields)} fields where the header has {len(fields)} "
                               "(a comma outside quotes?)")
        else:
            doc = _record_doc(dict(zip(fields, rec.fields)), f"{path.stem}:{rec.last}", f"{path}:{rec.last}")
            doc.warn(warning(rec.replaced, rec.cp1256))
            yield doc


READERS = {".txt": _read_txt, ".jsonl": _read_jsonl, ".csv": _read_csv, ".html": _read_html,
           ".htm": _read_html}


def _is_table(f: Path, out: Path | None, folders: dict[Path, bool]) -> bool:
    """`f` is a table an extract run wrote: a table file in the output folder, or in a
    folder holding a tables manifest."""
    if f.suffix.lower() not in (".csv", ".parquet"):
        return False
    d = f.parent.resolve()
    if d != out and d not in folders:
        folders[d] = (d / config.TABLES_MANIFEST).is_file()
    if d != out and not folders[d]:
        return False
    from analysis import schemas   # pandas and pandera: only where a CSV may be a table

    return f.stem in schemas.TABLES


def expand(paths: Iterable[str | Path], exclude: Iterable[Path] = frozenset(),
           out: Path | None = None) -> Iterator[Path]:
    """Files to read, in a stable order: explicit files as given, folders walked sorted.

    A walk skips hidden files and folders, the paths in `exclude` (the metadata file) and
    the tables of extract runs: those in the output folder `out`, and those beside a tables
    manifest (`config.TABLES_MANIFEST`)."""
    exclude = {Path(x).resolve() for x in exclude}
    out = Path(out).resolve() if out is not None else None
    folders: dict[Path, bool] = {}
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if (f.is_file() and f.suffix.lower() in READERS
                        and not any(x.startswith(".") for x in f.relative_to(p).parts)
                        and f.resolve() not in exclude and not _is_table(f, out, folders)):
                    yield f
        elif p.resolve() not in exclude:
            yield p


def _read_file(path: Path, out: Path | None) -> Iterator[Document]:
    reader = READERS.get(path.suffix.lower())
    if out is not None and _is_table(path, out.resolve(), {}):
        yield Document(doc_id=path.stem, path=str(path)).failed(
            "read_error", "a table an extract run wrote: tables are never read back as input")
        return
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
                   exclude: Iterable[Path] = frozenset(), out: Path | None = None) -> Iterator[Document]:
    """Every document of the inputs, with metadata applied and unique ids; the tables in
    `out` (the run's output folder) are never read."""
    metadata = metadata or {}
    seen: dict[str, int] = {}
    for path in expand(paths, exclude, out):
        for doc in _read_file(path, out):
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
