"""Event units: the pieces of a sentence grouped into the clauses that may each report one event.

A `new` piece with a cue, a control cue or a stated casualty opens a unit; elaborations,
subordinates and cue-less pieces join their neighbour (pieces before the first unit join
it). Each unit holds the hits of every finder that fall inside it. After typing and
placing, `merge` folds a unit into the one before when it adds no new side and no new place
to an event of the same family ("كما تمكن الفيلق أيضا من عطب دبابة" continues the ambush).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from analysis.extract.actors import ActorHit
from analysis.extract.clauses import Piece
from analysis.extract.control import ControlCue, ControlPlace
from analysis.extract.cues import Cue, Weapon
from analysis.extract.quantities import CasualtyMention
from analysis.places.locate import Located
from analysis.taxonomy import SUB_EVENT_TYPES

VIOLENT = {"battles", "explosions_remote_violence", "violence_against_civilians"}


def family(sub_event_type: str | None) -> str | None:
    """The ACLED event type of a sub-event type (None for None)."""
    return SUB_EVENT_TYPES.get(sub_event_type) if sub_event_type else None


@dataclass(slots=True)  # not frozen: docs/coding_rules.md, "Time and size"
class Hits:
    """Everything the finders found in one sentence."""
    cues: list[Cue]
    control_cues: list[ControlCue]
    weapons: list[Weapon]
    actors: list[ActorHit]
    casualties: list[CasualtyMention]


@dataclass
class Unit:
    """One clause group and what the stages decide about it (each field set by one stage)."""
    pieces: list[Piece]
    main: list[Piece]
    cues: list[Cue] = field(default_factory=list)
    weapons: list[Weapon] = field(default_factory=list)
    actors: list[ActorHit] = field(default_factory=list)
    casualties: list[CasualtyMention] = field(default_factory=list)
    control_cues: list[ControlCue] = field(default_factory=list)
    type: str | None = None                                           # event_type stage
    actor1: ActorHit | None = None                                    # roles stage
    actor2: ActorHit | None = None
    where: Located | None = None                                      # place stage
    control: list[ControlPlace] = field(default_factory=list)         # control stage
    scope: str = "current"                                            # scope stage

    @property
    def start(self) -> int:
        return self.pieces[0].start

    @property
    def end(self) -> int:
        return self.pieces[-1].end

    def inside(self, a: int, b: int) -> bool:
        return self.start <= a and b <= self.end

    def in_main(self, a: int) -> bool:
        for p in self.main:
            if p.start <= a < p.end:
                return True
        return False

    def main_spans(self) -> list[tuple[int, int]]:
        return [(p.start, p.end) for p in self.main]


def group(pieces: list[Piece], hits: Hits) -> list[Unit]:
    """The units of one sentence, each holding the hits inside it."""
    counted = [c.start for c in hits.casualties if (c.best or 0) > 0 and not c.subset]
    cued = [c.start for c in hits.cues] + [c.start for c in hits.control_cues]
    stated = [_starts_in(p, counted) for p in pieces]
    opens = [s or _starts_in(p, cued) for p, s in zip(pieces, stated)]
    units: list[Unit] = []
    prefix: list[Piece] = []
    # a sentence whose main clauses report nothing may report its event in a subordinate one
    # ("تطلق نداء للتبرع بالدم بعد سقوط عدد كبير من الضحايا بالقصف"): its victims open it
    reports = any([o and p.relation == "new" for p, o in zip(pieces, opens)])
    for p, o, s in zip(pieces, opens, stated):
        if o and (p.relation == "new" or (not reports and s)):
            units.append(Unit(prefix + [p], main=[x for x in prefix if x.relation == "new"] + [p]))
            prefix = []
        elif units:
            units[-1].pieces.append(p)
        else:
            prefix.append(p)
    for u in units:
        u.cues = [c for c in hits.cues if u.inside(c.start, c.end)]
        u.weapons = [w for w in hits.weapons if u.inside(w.start, w.end)]
        u.actors = [a for a in hits.actors if u.inside(a.start, a.end)]
        # the victims of an earlier event a piece recalls are not this unit's
        told = [(p.start, p.end) for p in u.pieces if p.recalled and p not in u.main]
        u.casualties = [c for c in hits.casualties if u.inside(c.start, c.end)
                        and not any(a <= c.start < b for a, b in told)]
        u.control_cues = [c for c in hits.control_cues if u.inside(c.start, c.end)]
    return units


def _starts_in(p: Piece, starts: list[int]) -> bool:
    """One of `starts` lies in piece `p` (a loop: this runs for every piece of every sentence)."""
    for i in starts:
        if p.start <= i < p.end:
            return True
    return False


def merge(units: list[Unit], place: Callable[[Unit], Located]) -> list[Unit]:
    """Fold a unit into the one before when it adds no new side and no new place; the folded
    unit, which spans both and what lay between them, is placed anew by `place`."""
    out: list[Unit] = []
    for u in units:
        if out:
            prev = out[-1]
            same_family = family(u.type) == family(prev.type) or (
                family(u.type) in VIOLENT and family(prev.type) in VIOLENT and u.type == "armed_clash")
            same_side = u.actor1 is None or prev.actor1 is None or u.actor1.key == prev.actor1.key
            # a new place makes a new event; a place where the first had none completes it
            here = u.where.place_keys if u.where else set()
            there = prev.where.place_keys if prev.where else set()
            new_place = bool(here and there and here - there)
            if same_family and same_side and not new_place:
                # a stronger cue of the same family retypes the event ("معارك … حيث … عربة مفخخة")
                if (max((c.priority for c in u.cues), default=-1) > max((c.priority for c in prev.cues), default=-1)
                        and family(u.type) == family(prev.type)):
                    prev.type = u.type
                prev.pieces.extend(u.pieces)
                prev.cues += u.cues
                prev.weapons += u.weapons
                prev.actors += u.actors
                prev.casualties += u.casualties
                prev.control += u.control
                prev.main += u.main
                prev.where = place(prev)
                continue
        out.append(u)
    return out
