"""Figures a monitor states about a period (codebook §2 `statistics`, data/statistics.yaml).

An article that names a monitor (SNHR, SOHR …) and then gives counts ("وثق التقرير 594
حادثة … منذ مطلع عام 2017", "توزعت إلى 21 حادثة على يد قوات الأسد، و5 على يد القوات
الروسية", "17 من البنى التحتية") yields one row per figure: totals by period, and the
breakdowns by perpetrator and by facility type.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import regex

from analysis.dates import month_number
from analysis.extract.actors import actor_key
from analysis.extract.facilities import facility_type_of
from analysis.extract.numbers import DIGITS, read_digits
from analysis.lexicon import load_lexicon
from analysis.text.matcher import PhraseMatcher, alternation, shortest_cover
from analysis.text.normalize import normalize
from analysis.text.segment import Structure


def _alt(words) -> str:
    return alternation(normalize(w) for w in words)


@lru_cache(maxsize=1)
def _lex():
    lx = load_lexicon("statistics")
    units = {normalize(w): m for m, ws in lx["metrics"].items() for w in ws}
    reporters = PhraseMatcher([(w, k) for k, ws in lx["reporters"].items() for w in ws])
    return {
        "reporters": reporters,
        # every written form of a monitor's name holds one of these: a document with none
        # names no monitor, and has no figures of one
        "reporter_forms": shortest_cover(reporters.forms()),
        "report_words": PhraseMatcher([(w, None) for w in lx["report_words"]]),
        "facility_context": PhraseMatcher([(w, None) for w in lx["facility_context"]]),
        "total": regex.compile(rf"(?<![\d.])({DIGITS})\s+({_alt(units)})(?!\p{{L}})"),
        "units": units,
        "perp": regex.compile(rf"(?<![\d.])({DIGITS})\s+(?:(?:{_alt(units)})\s+)?(?:{_alt(lx['perpetrator_marker'])})\s+"),
        "other": PhraseMatcher([(w, None) for w in lx["other_perpetrator"]]),
        "of": regex.compile(rf"(?<![\d.])({DIGITS})\s+(?:{_alt(lx['of'])})\s+"),
        "since_year": regex.compile(rf"(?:{_alt(lx['period']['since_year'])})\s+(\d{{4}})"),
        "month": regex.compile(rf"(?:{_alt(lx['period']['month'])})\s+(\p{{L}}+(?:\s+\p{{L}}+)?)"),
        "this_year": PhraseMatcher([(w, None) for w in lx["period"]["this_year"]]),
        "this_month": PhraseMatcher([(w, None) for w in lx["period"]["this_month"]]),
        "since": regex.compile(rf"(?:{_alt(lx['period']['since'])})\s+(\d{{4}})"),
    }


def _period(text: str, start: int, published: dt.date | None) -> str | None:
    """The period right after a figure: "منذ مطلع عام 2017" → 2017, "في آب" → 2017-08."""
    return period(text[start:start + 60], published)


def period(window: str, published: dt.date | None) -> str | None:
    """The period a text gives a count (ISO 8601): "منذ مطلع عام 2017" → 2017, "في آب" →
    2017-08, "منذ بداية العام" → the year published, "منذ 2011" → 2011/<published>."""
    lx = _lex()
    m = lx["since_year"].search(window)
    if m:
        return m[1]
    if published is not None:
        if lx["this_month"].find(window):
            return f"{published.year:04d}-{published.month:02d}"
        if lx["this_year"].find(window):
            return f"{published.year:04d}"
        m = lx["since"].search(window)
        if m and int(m[1]) <= published.year:
            return f"{m[1]}/{published.isoformat()}"
    m = lx["month"].search(window)
    if m:
        for words in (m[1], m[1].split()[0]):
            month = month_number(words)
            if month and published:
                year = published.year if month <= published.month else published.year - 1
                return f"{year:04d}-{month:02d}"
    return None


def reporter(text: str) -> str | None:
    """The monitor a text names (data/statistics.yaml reporters), if any."""
    named = _lex()["reporters"].find(text)
    return named[0].payload if named else None


def find_statistics(doc, structure: Structure, published: dt.date | None) -> list[dict]:
    lx = _lex()
    rows: list[dict] = []
    if not any(f in structure.norm.text for f in lx["reporter_forms"]):
        return rows
    reporter, article, facility_ctx = None, None, False
    for para in structure.paragraphs:
        if para.kind != "body":
            continue
        if para.article != article:
            reporter, article, facility_ctx = None, para.article, False
        t = structure.norm.folded(para.start, para.end)
        named = lx["reporters"].find(t)
        if named:
            reporter = named[0].payload
        if reporter is None or not (named or lx["report_words"].find(t)):
            continue
        nt = structure.norm.slice(para.start, para.end)     # its offset map: only for a paragraph with figures
        facility_ctx = facility_ctx or bool(lx["facility_context"].find(t))

        def add(a, b, metric, dimension, category, figure, period):
            value = read_digits(figure)
            if value != int(value):
                return      # "2.5 حادثة" is no count
            rows.append({"doc_id": doc.doc_id, "char_start": para.start + nt.start(a),
                         "char_end": para.start + nt.end(b), "reporter": reporter, "period": period,
                         "metric": metric, "dimension": dimension, "category": category, "value": int(value)})

        taken: list[tuple[int, int]] = []
        period = None
        for m in lx["perp"].finditer(t):
            tail = t[m.end():m.end() + 50]
            key = "other" if lx["other"].find(tail[:20]) else actor_key(tail, published)
            if key:
                taken.append((m.start(), m.end()))
                add(m.start(), m.end() + len(tail.split("،")[0]), "facility_attacks" if facility_ctx else "incidents",
                    "perpetrator", key, m[1], period)
        for m in lx["of"].finditer(t):
            ftype = facility_type_of(t[m.end():m.end() + 40])
            if ftype and not any(a <= m.start() < b for a, b in taken):
                taken.append((m.start(), m.end()))
                add(m.start(), m.end() + len(t[m.end():m.end() + 40].split("،")[0]), "facility_attacks",
                    "facility_type", ftype, m[1], period)
        for m in lx["total"].finditer(t):
            if any(a <= m.start() < b for a, b in taken):
                continue
            metric = lx["units"][m[2]]
            if metric == "incidents" and facility_ctx:
                metric = "facility_attacks"
            p = _period(t, m.end(), published)
            add(m.start(), m.end(), metric, "total", p or "all", m[1], p)
    return rows
