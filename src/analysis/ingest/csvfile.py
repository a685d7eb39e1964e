"""CSV records streamed with the physical lines they span, so that none is lost in silence.

Python's csv module reads an unclosed quote to the end of the file, swallowing every row
after it, and holds a whole field in memory however large. Here a small scanner cuts the
stream into records (it follows the csv module's quoting: a quote opens a field only at
its start, `""` inside a quoted field is a quote), holding at most `limit` characters;
the csv module then parses each record strictly. Every physical line belongs to exactly
one reported record:
- a record that is still inside quotes at the end of the file, or that spans several
  lines and does not parse, is a runaway field: it is reported (`parse_error`) with its
  first line, and the lines after that one are read again as records;
- a record longer than `limit` characters is skipped without being held (`too_large`).
"""
from __future__ import annotations

import csv
import io
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from analysis.ingest.encoding import SNIFF_BYTES, choose, resolve_escapes

_START, _UNQUOTED, _QUOTED, _QUOTE = range(4)
_DELIM = re.compile(r"[,\r\n]")


@dataclass
class Record:
    first: int                  # first physical line (1-based)
    last: int                   # last physical line
    fields: list[str] | None    # None when the record could not be read
    error: str | None = None
    status: str = "ok"          # ok | parse_error | too_large
    replaced: int = 0           # invalid UTF-8 bytes replaced in its fields
    cp1256: int = 0             # bytes read as Windows-1256 inside UTF-8


def _scan(state: int, s: str) -> tuple[int, bool]:
    """The quoting state after `s` (one physical line, or a piece of a long one), and whether
    a record ends at its end."""
    i, n = 0, len(s)
    while i < n:
        if state == _QUOTED:
            j = s.find('"', i)
            if j < 0:
                return _QUOTED, False
            state, i = _QUOTE, j + 1
        elif state == _QUOTE:
            c = s[i]
            if c == '"':
                state, i = _QUOTED, i + 1
            elif c == ",":
                state, i = _START, i + 1
            elif c in "\r\n":
                return _START, True
            else:
                state = _UNQUOTED    # the csv module's leniency: text after a closing quote
        elif state == _START and s[i] == '"':
            state, i = _QUOTED, i + 1
        else:
            m = _DELIM.search(s, i)
            if m is None:
                return _UNQUOTED, False
            if m.group() != ",":
                return _START, True
            state, i = _START, m.end()
    return state, False


class LineReader:
    """Physical lines of a text stream, numbered from 1, with push-back; a line longer than
    `limit` characters is returned in pieces, each flagged as not ending its line."""

    def __init__(self, fh, limit: int, skip: int = 0):
        self.fh, self.limit, self.n = fh, limit, 0
        self.back: deque[tuple[int, str, bool]] = deque()
        for _ in range(skip):
            while True:
                piece = self.next()
                if piece is None or piece[2]:
                    break

    def next(self) -> tuple[int, str, bool] | None:
        """(line number, text, whether it ends the line) or None at the end."""
        if self.back:
            return self.back.popleft()
        text = self.fh.readline(self.limit)
        if not text:
            return None
        ends = text.endswith(("\n", "\r"))
        if ends or len(text) < self.limit:
            self.n += 1
            return self.n, text, True
        return self.n + 1, text, False


def open_text(path: Path) -> tuple[io.TextIOWrapper, str]:
    """A text stream of `path` in the codec its first `SNIFF_BYTES` show (raises DecodeError).
    Invalid UTF-8 bytes are kept escaped, for `resolve_escapes`."""
    raw = open(path, "rb")  # noqa: SIM115 — closed with the wrapper
    try:
        enc = choose(raw.read(SNIFF_BYTES))
        raw.seek(0)
    except BaseException:
        raw.close()
        raise
    errors = "surrogateescape" if enc in ("utf-8", "utf-8-sig") else "replace"
    return io.TextIOWrapper(raw, encoding=enc, errors=errors, newline=""), enc


def records(path: Path, limit: int) -> Iterator[Record]:
    """Every record of a CSV file (the header first), see the module docstring."""
    skip = 0
    while skip is not None:
        fh, _ = open_text(path)
        with fh:
            skip = yield from _records(LineReader(fh, limit, skip), limit)


def _records(lines: LineReader, limit: int) -> Iterator[Record]:
    """Records from `lines`; returns the line after which to read the file again (a runaway
    field too long to hold was found), or None at the end."""
    while True:
        piece = lines.next()
        if piece is None:
            return None
        first = piece[0]
        held: list[tuple[int, str, bool]] | None = []
        size, state, last = 0, _START, first
        while True:
            n, text, ends = piece
            state, done = _scan(state, text)
            last = n
            if held is not None and size + len(text) <= limit:
                held.append(piece)
                size += len(text)
            else:
                held = None         # too large to hold: only its end is looked for
            if done:
                break
            piece = lines.next()
            if piece is None:
                break
        if held is not None and not "".join(t for _, t, _ in held).strip():
            continue                # blank lines are not records
        if piece is None and state in (_QUOTED, _QUOTE) and not done:
            yield Record(first, first, None, f"a quoted field opened on line {first} is never closed "
                                             f"(lines {first + 1}–{last} are read again as records)", "parse_error")
            if held is None:
                return first
            lines.back.extendleft(reversed(held[1:]))
            continue
        if held is None:
            yield Record(first, last, None, f"a record of more than {limit:,} characters "
                                            f"(lines {first}–{last})", "too_large")
            continue
        rec = _parse(held, first, last)
        if rec.status == "parse_error" and last > first:
            rec = Record(first, first, None, f"{rec.error}: a quoted field opened on line {first} runs over "
                                             f"into lines {first + 1}–{last}, which are read again as records",
                         "parse_error")
            lines.back.extendleft(reversed(held[1:]))
        yield rec


def _parse(held: list[tuple[int, str, bool]], first: int, last: int) -> Record:
    text = "".join(t for _, t, _ in held)
    try:
        (fields,) = csv.reader([text], strict=True)
    except (csv.Error, ValueError) as e:
        if last > first:
            return Record(first, last, None, f"CSV error: {e}", "parse_error")
        try:
            (fields,) = csv.reader([text])       # one line: the csv module's lenient reading
        except (csv.Error, ValueError) as e2:
            return Record(first, last, None, f"CSV error: {e2}", "parse_error")
    replaced = cp1256 = 0
    out = []
    for f in fields:
        f, r, c = resolve_escapes(f)
        out.append(f)
        replaced, cp1256 = replaced + r, cp1256 + c
    return Record(first, last, out, replaced=replaced, cp1256=cp1256)
