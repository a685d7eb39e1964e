"""Whether a unit reports one event that happened here and now (codebook §9).

A summary of a period ("منذ بداية الشهر", "خلال الأسابيع الماضية"), an old event recalled
("في عام 2012", "في 16 مايو الماضي" two months on), a toll over a period with no place, a
campaign listed across governorates and an event abroad are not one event of the story.
"""
from __future__ import annotations

import datetime as dt

from analysis.dates import DateMention
from analysis.extract.roles import words as role_words
from analysis.extract.units import Unit

# A count this large with no place is a toll over a period, not one event.
TOLL = 500
# A main clause naming places in this many governorates, with a spread word ("محافظات"),
# sums up a period or a campaign: no one event.
SPREAD = 3
# An event dated this long before publication is recalled as background, not reported.
RECALLED = dt.timedelta(days=60)


def background(text: str, u: Unit, mentions: list[DateMention], published: dt.date | None) -> bool:
    """A summary of a period or an old event recalled, by the date words of its main clause."""
    if published is None:
        return False
    for m in mentions:
        if not m.date or not u.in_main(m.start):
            continue
        day = dt.date.fromisoformat(m.date)
        if m.kind == "background" and text[m.start:m.end].startswith(role_words()["spans"]) and \
                day < published - dt.timedelta(days=1):
            return True
        if m.kind == "point" and day < published - RECALLED:
            return True
    return False


def is_event(u: Unit, text: str) -> bool:
    """An event needs a place or a stated count; a count with no cue word also needs a place
    or a side that did it ("قتل 173 مدنيا خلال هذه الفترة" is a toll, not an event); places
    in `SPREAD` governorates or more, listed as governorates, are a summary; an event whose
    own place is abroad is not coded."""
    if u.where is not None and len(u.where.admin1s) >= SPREAD and any(
            w in text[p.start:p.end].split() for p in u.main for w in role_words()["spread_words"]):
        return False
    counts = [c.best for c in u.casualties if (c.best or 0) > 0 and not c.subset]
    if u.where is not None and u.where.place is not None and u.where.place.country != "SY":
        return False  # it happened abroad: outside a Syrian dataset (codebook §5)
    placed = u.where is not None and (u.where.admin1 is not None or u.where.location is not None)
    if u.cues:
        return placed or bool(counts)
    agent = u.actor1 is not None and u.actor1.end > u.actor1.start
    return bool(counts) and (placed or (agent and max(counts) < TOLL))
