"""Dates: the publication date a document states about itself."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import regex

from analysis.lexicon import load_lexicon
from analysis.text.normalize import normalize


@lru_cache(maxsize=1)
def _month_pattern():
    months = load_lexicon("dates")["months"]
    names = {normalize(n): int(m) for m, ns in months.items() for n in ns}
    alt = "|".join(sorted(map(regex.escape, names), key=len, reverse=True))
    full = regex.compile(rf"(?<!\d)(\d{{1,2}})\s*[/\-]?\s*({alt})\s*(?:\([^)]{{0,20}}\))?\s*[/\-]?\s*(\d{{4}})(?!\d)")
    return full, names


_ISO = regex.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def infer_published(text: str, head: int = 300) -> str | None:
    """ISO date of a full date (day, month, year) in the document's first lines, if any."""
    s = normalize(text[:head])
    m = _ISO.search(s)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            pass
    full, names = _month_pattern()
    m = full.search(s)
    if m:
        try:
            return dt.date(int(m[3]), names[m[2]], int(m[1])).isoformat()
        except ValueError:
            return None
    return None
