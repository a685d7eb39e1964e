"""When a unit happened relative to its story, and whether it is an event at all (codebook §9).

Scope (events.scope):
- `period_total`: a count over a period: the sentence sums up a period ("منذ بداية العام",
  "خلال شهر تموز", "حصيلة"), the unit's main clause opens a span of time reaching back more
  than a day ("خلال الأسبوع الماضي", "منذ 2011"), or a large toll with no place or side.
- `past`: recalled from before: a date more than two months before publication ("في حزيران
  الماضي" seen from August, "في عام 2013"), an anniversary ("في ذكرى مجزرة"), a span of
  time with no count.
- `current`: the rest.
A campaign listed across governorates is no one event; nor is a clause with no place, count
or cue.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from analysis.dates import DateMention, month_number
from analysis.extract.roles import words as role_words
from analysis.extract.units import Unit
from analysis.lexicon import load_lexicon
from analysis.text import arabic
from analysis.text.matcher import PhraseMatcher, WordGate, alternation
from analysis.text.normalize import normalize

# A count this large with no place and no cue is a toll over a period, not one event.
TOLL = 500
# A main clause naming places in this many governorates, with a spread word ("محافظات"),
# sums up a period or a campaign: no one event.
SPREAD = 3
# An event dated this long before publication is recalled, not reported.
RECALLED = dt.timedelta(days=60)
# A year: 1800–2099 standing apart from other digits. Its first digit comes first in the
# pattern (the look-behind after it), so stdlib `re` skips in C to the 1s and 2s.
_YEAR = re.compile(r"(1(?<![\d/.]1)[89]\d\d|2(?<![\d/.]2)0\d\d)(?![\d/.])")


@lru_cache(maxsize=1)
def _words() -> tuple[PhraseMatcher, PhraseMatcher, PhraseMatcher, frozenset[str], PhraseMatcher]:
    lx = load_lexicon("events")
    return (PhraseMatcher([(w, None) for w in lx["period_words"]]),
            PhraseMatcher([(w, None) for w in lx["past_words"]]),
            PhraseMatcher([(w, None) for w in lx["tally_words"]]),
            frozenset(normalize(w) for w in lx["background_updates"]),
            PhraseMatcher([(w, None) for w in lx["toll_words"]]))


@lru_cache(maxsize=1)
def _gate() -> WordGate:
    """The period, past and tally words ride one automaton: one pass over a main clause."""
    period, past, tally, _, _ = _words()
    return WordGate((), (period, past, tally))


def toll_update(text: str, u: Unit) -> bool:
    """The unit raises an earlier toll ("ارتفعت حصيلة …", "ارتفاع عدد قتلى …"): its outlet's
    latest word on that event."""
    updates, tolls = _words()[3], _words()[4]
    return any(arabic.word_before(text, h.start, u.start) in updates for h in tolls.find(text[:u.end])
               if h.start >= u.start)


def _counts(u: Unit) -> list[int]:
    return [c.best for c in u.casualties if (c.best or 0) > 0 and not c.subset]


def scope(text: str, u: Unit, mentions: list[DateMention], published: dt.date | None, summary: bool,
          goes_on: bool = False) -> str:
    """current, past or period_total (see the module's docstring); `summary`: the sentence sums
    up a period; `goes_on`: it goes on with a count over a period the sentence before gave
    (then its own count, not dated to a day, is over that period too)."""
    period, past, tally, updates, _ = _words()
    main = [text[p.start:p.end] for p in u.main]
    raw = [_gate().scan(t)[1] for t in main]    # each main clause's period, past and tally hits
    counted = bool(_counts(u))
    own = [m for m in mentions if m.date and u.in_main(m.start)]
    dated = any(m.kind == "point" and m.precision == "day" for m in own)
    if summary or any(_spans(period, t, updates, r[0]) for t, r in zip(main, raw)) or (
            any(tally.find(t, r[2]) for t, r in zip(main, raw)) and not (dated and _specific(u))):
        return "period_total" if counted else "past"
    if goes_on and counted and not dated:
        return "period_total"
    if any(past.find(t, r[1]) for t, r in zip(main, raw)):
        return "past"
    if published is not None:
        for m in own:
            day = dt.date.fromisoformat(m.date)
            if m.kind == "background" and text[m.start:m.end].startswith(role_words()["spans"]) and \
                    day < published - dt.timedelta(days=1):
                return "period_total" if counted else "past"
            if m.kind == "point" and (day < published - RECALLED or (
                    m.precision != "day" and (day.year, day.month) < (published.year, published.month))):
                return "past"   # "في حزيران الماضي" seen from August; a month before the story's
        if any(int(y) < published.year for t in main for y in _YEAR.findall(t)):
            return "past"
        if not dated and any(_earlier_month(t, published) for t in main):
            return "past"       # "في الأسبوع الأخير من حزيران" seen from July
    if counted and max(_counts(u)) >= TOLL and not (dated and _specific(u)):
        return "period_total"    # "مقتل 4844 مدنيا" with no village and day: a toll, not an event
    return "current"


def continues(text: str) -> bool:
    """The sentence opens with a word that goes on with the one before ("كما", "كذلك")."""
    head = " ".join(arabic.words(text[:60])[:3])
    return any(head == w or head.startswith(w + " ") for w in _continuations())


@lru_cache(maxsize=1)
def _continuations() -> tuple[str, ...]:
    return tuple(normalize(w) for w in load_lexicon("events")["continuations"])


def _earlier_month(text: str, published: dt.date) -> bool:
    """`text` names a month as a time ("من حزيران", "في شهر أيار"), and the latest such month
    not after publication is an earlier one."""
    return any(month_number(m.group(1)) not in (None, published.month) for m in _after_month_word().finditer(text))


@lru_cache(maxsize=1)
def _after_month_word() -> re.Pattern:
    """The word right after each word a month name follows as a time ("من", "شهر"): one scan,
    and a month looked up only where one may stand."""
    ahead = alternation(role_words()["month_before"])
    return re.compile(rf"(?<![^\W_])(?:{ahead})(?![^\W_])(?=[\W_]+([^\W_]+))")


def _spans(period: PhraseMatcher, text: str, updates: frozenset[str], raw: list) -> bool:
    """A period word, not the updated toll of one event ("ارتفع عدد القتلى إلى 11"); `raw`: the
    period matcher's automaton hits of `text`."""
    for h in period.find(text, raw):
        if arabic.word_before(text, h.start) not in updates:
            return True
    return False


def _specific(u: Unit) -> bool:
    """The unit names a place smaller than a district (a village, town, neighbourhood…)."""
    return u.where is not None and u.where.location is not None and u.where.geo_precision == 1


def _placed(u: Unit) -> bool:
    return u.where is not None and (u.where.admin1 is not None or u.where.location is not None)


def may_be_event(u: Unit) -> bool:
    """What `is_event` asks of a unit whatever its time: a stated count or a place. A unit
    without either is dropped before its time is worked out."""
    return bool(_counts(u)) or _placed(u)


def is_event(u: Unit, text: str, scope_: str) -> bool:
    """An event needs a place or a stated count; a count with no cue word also needs a place or
    a side that did it; a past event or a period's total needs a count (it is kept, apart from
    the totals, so that no recalled toll is mistaken for today's); places in `SPREAD`
    governorates or more, listed as governorates, are a summary of a campaign."""
    if u.where is not None and len(u.where.admin1s) >= SPREAD and any(
            w in arabic.words(text, p.start, p.end) for p in u.main for w in role_words()["spread_words"]):
        return False
    counted = bool(_counts(u))
    if scope_ != "current":
        return counted     # background with no count is skipped (codebook §9); a count is kept apart
    if u.cues:
        return _placed(u) or counted
    agent = u.actor1 is not None and u.actor1.end > u.actor1.start
    return counted and (_placed(u) or agent)
