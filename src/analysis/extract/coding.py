"""Codebook decisions about one event unit, made once, before any row is written.

Its date, the weapons it names, whether civilians were its target, who the text credits
with the report, its casualty groups with their sides, the facilities it struck, and for
each place that changed hands who gained, who lost and who claimed it. Spans are in the
normalised sentence; `rows` maps them back to the document.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from analysis.dates import find_dates
from analysis.extract import cues, statistics
from analysis.extract.actors import ActorHit
from analysis.extract.control import ControlPlace
from analysis.extract.event_type import civilian_victims
from analysis.extract.facilities import FacilityHit, facility_attacks
from analysis.extract.quantities import CasualtyMention
from analysis.extract.roles import party_key, words as role_words
from analysis.extract.scope import toll_update
from analysis.extract.units import Unit
from analysis.text import arabic

# Sub-event types whose victims are civilians unless a side is named as the target.
AGAINST_CIVILIANS = {"attack", "abduction_forced_disappearance", "sexual_violence"}
# Weapons whose stated number ("15 صاروخ فيل") tells reports of one event apart.
MUNITION_TAGS = ("rocket", "artillery", "mortar", "airstrike", "barrel_bomb", "guided_missile")
_COUNT_BEFORE = re.compile(r"(\d+)\s+$")


@dataclass(frozen=True, slots=True)
class Casualty:
    mention: CasualtyMention
    party: str | None


@dataclass(frozen=True, slots=True)
class Change:
    place: ControlPlace
    gained_by: str | None
    lost_by: str | None
    claimed_by: tuple[int, int] | None   # span of the words that claim it


@dataclass(frozen=True, slots=True)
class Coded:
    """A unit with every codebook decision made."""
    unit: Unit
    event_date: str | None
    date_precision: str
    weapons: tuple[str, ...]
    munitions: tuple[int, ...]           # numbers of rockets, shells or bombs stated ("15 صاروخ")
    civilian_targeting: bool
    claim: tuple[int, int] | None
    casualties: tuple[Casualty, ...]
    facilities: tuple[FacilityHit, ...]
    changes: tuple[Change, ...]
    period: str | None                   # a period total's period, when the text gives one
    toll_update: bool                    # the mention raises an earlier toll
    reporter: str | None                 # the monitor the sentence names, if any


def event_date(text: str, u: Unit, published: dt.date | None) -> tuple[str | None, str]:
    """The date words nearest the event (its unit, then its sentence), else `published`."""
    mentions = find_dates(text, published)
    points = [m for m in mentions if m.kind == "point" and m.date]
    inside = [m for m in points if u.start <= m.start < u.end]
    for group in (inside, points):
        if group:
            return group[0].date, group[0].precision
    # "الأسبوع الماضي" in the event's own clause dates it; "منذ ثلاث سنوات" is only background.
    spans = role_words()["spans"]
    kept = [m for m in mentions if m.kind == "background" and m.date and u.in_main(m.start)
            and not text[m.start:m.end].startswith(spans)]
    if kept:
        return kept[0].date, kept[0].precision
    if published is None:
        return None, "none"
    return published.isoformat(), "day"


def _changes(text: str, u: Unit, claim: tuple[int, int] | None) -> tuple[Change, ...]:
    """Gained, lost and claimed for each place: a withdrawal's side lost it; with no side named
    as the loser, the event's target side did; a side that announces its own gain claims it."""
    a1, a2 = u.actor1, u.actor2
    announced = not set(arabic.words_after(text, u.start, 12, u.end)).isdisjoint(role_words()["announce"])
    out = []
    for cp in u.control:
        withdrawal = cp.cue.change == "withdrawal"
        gained = None if withdrawal else cp.gained_by
        lost = (cp.gained_by if withdrawal else cp.lost_by) or (
            a2.key if a2 and a2.key not in (None, gained, "civilians", "protesters") else None)
        claimed = (a1.core_start, a1.end) if announced and a1 else claim
        out.append(Change(cp, gained, lost if lost != gained else None, claimed))
    return tuple(out)


def code(text: str, u: Unit, published: dt.date | None) -> Coded:
    """Every codebook decision about the unit `u` of the normalised sentence `text`."""
    date, precision = event_date(text, u, published)
    if u.scope != "current" and published is not None and date == published.isoformat():
        date, precision = None, "none"    # a past event or a period's total is never dated by publication
    claim = cues.claimed_by(text)
    a2: ActorHit | None = u.actor2
    civ = civilian_victims(u, text) or (u.type in AGAINST_CIVILIANS and (a2 is None or a2.key == "civilians"))
    return Coded(
        unit=u, event_date=date, date_precision=precision,
        weapons=tuple(sorted({x.tag for x in u.weapons} | {c.weapon for c in u.cues if c.weapon})),
        munitions=tuple(sorted(int(m[1]) for w in u.weapons if w.tag in MUNITION_TAGS
                               if (m := _COUNT_BEFORE.search(text, max(0, w.start - 16), w.start)))),
        civilian_targeting=bool(civ), claim=claim,
        casualties=tuple(Casualty(c, party_key(text, c, published)) for c in u.casualties if not c.subset),
        facilities=tuple(facility_attacks(text, u.type, u.pieces, [c.start for c in u.cues])),
        changes=_changes(text, u, claim),
        period=statistics.period(" ".join(text[p.start:p.end] for p in u.main), published)
        if u.scope == "period_total" else None,
        reporter=statistics.reporter(text),
        toll_update=toll_update(text, u),
    )
