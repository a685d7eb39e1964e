"""Dates: the date phrases of a text, resolved against its publication date (codebook §7).

One compiled regex finds every candidate (the words come from `data/dates.yaml`); the
arithmetic is ours. dateparser is not used: it misses the forms bulletins actually write
("8 ديسمبر (كانون الأول)", "29 أغسطس/آب الماضي", "الأول من مارس", "أول أمس", "الجمعة
الماضي"), reads a bare weekday on that same weekday as a week earlier, and resolves
"الشهر الماضي" to a day; once the regex has matched, day, month and year are integers.

Conventions beyond the codebook:
- "X الماضي" (weekday) published on an X means the X a week earlier; a bare weekday is the
  latest such day not after publication (the day itself).
- A day and month with no year: the latest such date not after publication; with a past
  marker ("31 تموز الماضي") strictly before it.
- Coarse precisions carry a representative day: week → published ± 7 days; month → its
  1st (15th, last day with منتصف / نهاية); year → 1 January (1 July, 31 December).
- Spans ("منذ ثلاث سنوات", "قبل أيام", "خلال الأسابيع الأخيرة") reach back N units from
  publication (N = `few` when unstated); precision is the unit when N is stated, else the
  next coarser unit.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from analysis.lexicon import LexiconError, load_lexicon
from analysis.text import arabic
from analysis.text.matcher import alternation
from analysis.text.normalize import normalize

_Y = r"(?:19|20)\d\d"
_D = r"(?:[12]\d|3[01]|0?[1-9])"
_M = r"(?:1[0-2]|0?[1-9])"
_COARSER = {"day": "week", "week": "month", "month": "year", "year": "year"}
_POINT_BRANCHES = ("iso", "num", "ex", "yr", "mo", "rel", "wd")
# How far before its anchor a candidate can start ("منذ صباح يوم الأربعاء (6 أيلول": prefix,
# day parts, weekday before the month name).
_REACH = 64
_WORD_START = re.compile(r"(?<![^\W_])(?=[^\W_])")  # [^\W_]: what str.isalnum() accepts


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    date: str | None
    precision: str
    kind: str


def _key(s: str) -> str:
    return " ".join(normalize(s).split())


def _index(pairs, what: str) -> dict:
    """Normalised word → value; a word with two different values is a lexicon error."""
    out: dict = {}
    for word, value in pairs:
        k = _key(word)
        if out.setdefault(k, value) != value:
            raise LexiconError(f"dates.yaml: {what} {word!r} is listed as both {out[k]!r} and {value!r}")
    return out


def _alt(words) -> str:
    """Alternation of normalised words (a trie, longest first); a space matches any run of blanks."""
    return "(?:" + alternation({_key(w) for w in words}, flexible_space=True) + ")"


class _Grammar:
    """The lexicon compiled once: the candidate regex and the word → value tables."""

    def __init__(self, lx: dict):
        self.months = _index(((n, int(m)) for m, ns in lx["months"].items() for n in ns), "month")
        self.weekdays = _index(((n, int(d)) for d, ns in lx["weekdays"].items() for n in ns), "weekday")
        self.relative = _index(lx["relative_days"].items(), "relative day")
        self.markers = _index(((w, k) for k, ws in lx["markers"].items() for w in ws), "marker")
        self.parts = _index(((w, k) for k, ws in lx["period_parts"].items() for w in ws), "period part")
        self.units = _index(((w, (u, form)) for u, forms in lx["units"].items()
                             for form, ws in forms.items() for w in ws), "unit")
        self.counts = _index(lx["counts"].items(), "count")
        self.vague = {_key(w) for w in lx["vague_counts"]}
        self.few = lx["few"]
        self.ordinals = _index(lx["ordinal_days"].items(), "ordinal")
        self.background = {_key(w) for w in lx["background_prefixes"]}
        art = regex.escape(arabic.article())

        def unit_words(form: str, *units: str) -> str:
            return _alt(w for w, (u, f) in self.units.items() if f == form and u in units)

        mon, wd, mk, part = _alt(self.months), _alt(self.weekdays), _alt(self.markers), _alt(self.parts)
        day_parts = rf"(?:{_alt(lx['day_parts'])}\s+){{0,2}}"
        year_word = rf"(?:{art})?{unit_words('one', 'year')}"
        month_word = unit_words("one", "month")
        period = unit_words("one", "week", "month", "year")  # "اليوم السابق" is no period
        alt_month = rf"(?:\s*[/(]\s*{mon}\s*\)?)?"
        nb = rf"(?!\s+{_alt(lx['not_before'])}(?![\p{{L}}\p{{N}}]))"
        edge = r"(?:^|[^\p{L}\p{N}])"
        conj, prep = arabic.char_class(arabic.conjunctions()), arabic.char_class(arabic.prepositions())
        self.glued = frozenset(arabic.conjunctions() + arabic.prepositions())  # may open a candidate's word
        branches = [
            rf"(?P<iso>(?P<iy>{_Y})-(?P<im>\d\d)-(?P<id>\d\d))",
            rf"(?P<num>(?P<nd>{_D})[/.\-](?P<nm>{_M})[/.\-](?P<ny>{_Y}))",
            # a weekday before an explicit date is absorbed: the date decides
            rf"(?P<ex>(?:{day_parts}{wd}\s*[،,]?\s*(?P<po>\()?\s*)?"
            rf"(?:(?P<xd>{_D})|(?P<xo>{_alt(self.ordinals)})\s+)[/\-]?\s*(?:{month_word}\s+)?"
            rf"(?P<xm>{mon}){alt_month}(?:\s*[/\-]?\s*(?:{year_word}\s*)?(?P<xy>{_Y}))?"
            rf"(?:\s+(?P<xk>{mk}))?(?(po)\s*\)))",
            rf"(?P<yr>(?:(?P<yp>{part})\s+)?{year_word}\s*(?P<yy>{_Y}))",
            rf"(?P<mo>(?:(?P<mp>{part})\s+)?(?:(?P<mw>{month_word})\s+)?(?P<mm>{mon}){alt_month}"
            rf"(?:\s*[/\-]?\s*(?P<my>{_Y})|\s+(?P<mk>{mk}))?)",
            rf"(?P<rel>(?<!{_alt(lx['not_after'])}\s+){day_parts}(?P<rw>{_alt(self.relative)}){nb}"
            rf"(?:\s*[،,]?\s*{wd})?)",
            rf"(?P<wd>{day_parts}(?P<ww>{wd}){nb}(?:\s+(?P<wk>{mk}))?)",
            rf"(?P<per>(?:(?P<pp>{part})\s+)?"
            rf"(?:{_alt(lx['this'])}\s+{art}(?P<pu>{period})|{art}(?P<pu>{period})\s+(?P<pk>{mk})))",
            rf"(?P<pl>{art}(?P<lu>{unit_words('many', *lx['units'])})(?:\s+{_alt(lx['fillers'])})?"
            rf"\s+(?P<lk>{mk}))",
            # a bare count of units is a duration, a date only after منذ / قبل / خلال …
            rf"(?P<cnt>(?(sp)(?:(?P<cn>\d{{1,3}}|{_alt([*self.counts, *self.vague])})\s+)?"
            rf"(?P<cu>{_alt(self.units)})(?!\s+{wd})|(?!)))",
        ]
        prefixes = _alt([*lx["background_prefixes"], *lx["during_prefixes"]])
        self.pattern = regex.compile(
            rf"(?:(?<={edge}{conj}?)|(?<={edge}{conj}?{prep})(?={art}))"
            rf"(?:(?P<sp>{prefixes})\s+)?(?:{'|'.join(branches)})(?![\p{{L}}\p{{N}}])")
        # Every candidate holds an anchor (a month, weekday, relative day or unit word, or
        # digit-separator-digit): one search for an anchor settles most sentences. Stdlib `re`
        # scans this trie of literals about three times faster than `regex`.
        anchors = _alt([*self.months, *self.weekdays, *self.relative, *self.units])
        # An anchor starts its word (after clitics and the article): "العام" in "الأمين العام"
        # is one, the "عام" ending "نظام" is not.
        clitics = arabic.char_class(arabic.conjunctions() + arabic.prepositions())
        articles = f"{re.escape(arabic.article())}|{re.escape(arabic.contracted_article())}"
        # "(?:{articles}|)", not "(?:…)?": the same match, without a repeat context per word
        self.trigger = re.compile(rf"(?:\d\s*[/.\-]\s*\d|(?<![^\W\d_]){clitics}{{0,2}}(?:{articles}|)(?:{anchors}))"
                                  rf"(?![^\W\d_])")
        # Every candidate opens with a digit or with the first word of one of these (the unit
        # words with or without the article): the grammar is tried only where one stands.
        # Stdlib `re`: a cheap test where `regex` would run the whole grammar to fail.
        opening = [*lx["background_prefixes"], *lx["during_prefixes"], *lx["day_parts"], *lx["this"],
                   *self.weekdays, *self.ordinals, *self.months, *self.parts, *self.relative]
        firsts = {_key(w).split()[0] for w in opening}
        firsts |= {f + _key(w).split()[0] for w in self.units for f in ("", arabic.article())}
        self.opening = re.compile(rf"\d|{_alt(firsts)}")
        self.month_context = regex.compile(rf"{edge}{conj}?{_alt(lx['month_context'])}\s+$")


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    return _Grammar(load_lexicon("dates"))


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    last = calendar.monthrange(d.year + y, m + 1)[1]
    return d.replace(year=d.year + y, month=m + 1, day=min(d.day, last))


def _minus(pub: dt.date, n: int, unit: str) -> dt.date:
    if unit in ("day", "week"):
        return pub - dt.timedelta(days=n * (7 if unit == "week" else 1))
    return _add_months(pub, -n * (12 if unit == "year" else 1))


def _in_period(y: int, m: int | None, part: str | None) -> dt.date:
    """The representative day of a month (m given) or a year."""
    if m is None:
        return dt.date(y, *{"middle": (7, 1), "end": (12, 31)}.get(part, (1, 1)))
    return dt.date(y, m, {"middle": 15, "end": calendar.monthrange(y, m)[1]}.get(part, 1))


def _pick(cands, pub, marker: str | None, key=lambda c: c):
    """The candidate the marker points at: latest not after `pub`, latest before, or next after."""
    if marker == "next":
        after = [c for c in cands if key(c) > pub]
        return min(after, key=key) if after else None
    before = [c for c in cands if (key(c) < pub if marker == "past" else key(c) <= pub)]
    return max(before, key=key) if before else None


def _day_month(pub, month: int, day: int, year: int | None, marker: str | None) -> dt.date | None:
    if year is not None:
        return _date(year, month, day)
    if pub is None:
        return None
    if marker == "current":
        return _date(pub.year, month, day)
    cands = [d for y in range(pub.year - 4, pub.year + 5) if (d := _date(y, month, day))]
    return _pick(cands, pub, marker)


def _month(pub, month: int, year: int | None, marker: str | None) -> int | None:
    """Year of a month named without one (None when there is no publication date)."""
    if year is not None:
        return year
    if pub is None:
        return None
    if marker == "current":
        return pub.year
    years = range(pub.year - 1, pub.year + 2)
    return _pick(years, (pub.year, pub.month), marker, key=lambda y: (y, month))


def _weekday(pub: dt.date, wd: int, marker: str | None) -> dt.date:
    back = (pub.weekday() - wd) % 7
    if marker == "next":
        return pub + dt.timedelta(days=(wd - pub.weekday()) % 7 or 7)
    return pub - dt.timedelta(days=back or (7 if marker == "past" else 0))


def _period(pub: dt.date, unit: str, marker: str | None, part: str | None) -> dt.date:
    """Representative day of "الأسبوع الماضي", "هذا الشهر", "نهاية العام الماضي" …"""
    step = {"past": -1, "next": 1}.get(marker, 0)
    if unit == "week":
        return pub + dt.timedelta(days=7 * step)
    shifted = _add_months(pub, step * (12 if unit == "year" else 1))
    return _in_period(shifted.year, shifted.month if unit == "month" else None, part)


def _resolve(m, g: _Grammar, pub: dt.date | None):
    """(date or None, precision, kind) of one candidate, or None when it is no date."""
    def word(group: str, table: dict):
        return table[_key(m[group])] if m[group] else None

    branch = next(b for b in ("iso", "num", "ex", "yr", "mo", "rel", "wd", "per", "pl", "cnt") if m[b])
    kind = "point" if branch in _POINT_BRANCHES else "background"
    if m["sp"] and _key(m["sp"]) in g.background:
        kind = "background"
    if branch == "iso":
        d = _date(int(m["iy"]), int(m["im"]), int(m["id"]))
        return (d, "day", kind) if d else None
    if branch == "num":
        d = _date(int(m["ny"]), int(m["nm"]), int(m["nd"]))
        return (d, "day", kind) if d else None
    if branch == "ex":
        month, day = word("xm", g.months), int(m["xd"]) if m["xd"] else word("xo", g.ordinals)
        if day > calendar.monthrange(2000, month)[1]:
            return None
        year = int(m["xy"]) if m["xy"] else None
        d = _day_month(pub, month, day, year, word("xk", g.markers))
        return None if year and not d else (d, "day", kind)
    if branch == "yr":
        return _in_period(int(m["yy"]), None, word("yp", g.parts)), "year", kind
    if branch == "mo":
        if not (m["sp"] or m["mp"] or m["mw"] or m["my"] or m["mk"]
                or g.month_context.search(m.string, max(0, m.start() - 12), m.start())):
            return None
        month = word("mm", g.months)
        year = _month(pub, month, int(m["my"]) if m["my"] else None, word("mk", g.markers))
        return (_in_period(year, month, word("mp", g.parts)) if year else None), "month", kind
    if branch == "rel":
        precision, when = "day", lambda p: p + dt.timedelta(days=word("rw", g.relative))
    elif branch == "wd":
        precision, when = "day", lambda p: _weekday(p, word("ww", g.weekdays), word("wk", g.markers))
    elif branch == "per":
        precision = word("pu", g.units)[0]
        when = lambda p: _period(p, precision, word("pk", g.markers), word("pp", g.parts))
    elif branch == "pl":
        unit, ahead = word("lu", g.units)[0], {"past": -1, "next": 1}.get(word("lk", g.markers), 0)
        precision, when = _COARSER[unit], lambda p: _minus(p, -ahead * g.few, unit)
    else:
        n, unit, precision = _span(m, g)
        when = lambda p: _minus(p, n, unit)
    return (when(pub) if pub else None), precision, kind


def _span(m, g: _Grammar) -> tuple[int, str, str]:
    """(count, unit, precision) of a span such as "منذ ثلاث سنوات" or "قبل أيام"."""
    unit, form = g.units[_key(m["cu"])]
    cn = _key(m["cn"]) if m["cn"] else None
    if cn is None:
        n, exact = {"one": 1, "two": 2}.get(form, g.few), form != "many"
    elif cn.isdigit():
        n, exact = int(cn), True
    else:
        n, exact = g.counts.get(cn, g.few), cn in g.counts
    return n, unit, unit if exact else _COARSER[unit]


@lru_cache(maxsize=32768)
def month_number(name: str) -> int | None:
    """Month number of a month name in either calendar ("آب", "أغسطس" → 8), else None.
    Cached: a scope check asks it of every word of a sentence, and words come back."""
    return _grammar().months.get(_key(name))


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """Every date phrase of `text` (already normalised), in text order, resolved against `published`."""
    return list(_find_dates(text, published))


@lru_cache(maxsize=256)
def _find_dates(text: str, published: dt.date | None) -> tuple[DateMention, ...]:
    """Cached: a sentence's dates are asked for again for each event it holds."""
    g = _grammar()
    out = []
    for m in _matches(text, g):
        got = _resolve(m, g, published)
        if got:
            d, precision, kind = got
            out.append(DateMention(m.start(), m.end(), d.isoformat() if d else None, precision, kind))
    return tuple(out)


def _matches(text: str, g: _Grammar) -> Iterator[regex.Match]:
    """What `g.pattern.finditer(text)` yields, tried only near anchors.

    Every candidate holds an anchor and starts at most `_REACH` before it (an anchor that
    the trigger's own scan skipped overlaps one it found). So the grammar is tried only in
    those windows, and only where its opening look-behind can hold: at a word's start or
    after one or two conjunction/preposition letters that open the word. Same matches, in
    the same order, without running the grammar over whole sentences."""
    pos = 0
    for anchor in g.trigger.finditer(text):
        lo, hi = max(pos, anchor.start() - _REACH), anchor.end()
        for w in _WORD_START.finditer(text, max(0, lo - 2), hi):
            s = w.start()
            for i in (s, s + 1, s + 2):
                if i > s and text[i - 1] not in g.glued:
                    break
                if lo <= i < hi and g.opening.match(text, i) and (m := g.pattern.match(text, i)) is not None:
                    yield m
                    lo = m.end()
                    break
            if lo >= hi:
                break
        pos = max(pos, lo, hi)


def infer_published(text: str, head: int = 300) -> str | None:
    """ISO date of the first full date (day, month, year) in the document's first lines, if any."""
    for mention in find_dates(normalize(text[:head]), None):
        if mention.date and mention.precision == "day":
            return mention.date
    return None
