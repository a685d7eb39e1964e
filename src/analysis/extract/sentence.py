"""The event mentions of one sentence: the stages in order, over an explicit context.

gate → pieces → finders (actors, cues, control cues, casualties, weapons) → units → type →
sides → place → territory → dates and scope → merge → what counts as an event. Each stage is
a function of its module; this one only runs them. What one sentence hands the next lives in
`Article`: the sides named so far and the last event (for "مماثل", "بين الطرفين").
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field

from analysis.dates import find_dates
from analysis.extract import clauses, control, cues
from analysis.extract.actors import ActorHit, ActorMemory, find_actors
from analysis.extract.event_type import event_type, territory_cue
from analysis.extract.gate import scan
from analysis.extract.quantities import find_casualties
from analysis.extract.roles import Roles, assign, carried, words as role_words
from analysis.extract.scope import continues, is_event, may_be_event, scope
from analysis.extract.territory import changed_places, territory_type
from analysis.extract.units import Hits, Unit, family, group, merge
from analysis.places.context import header_admin1
from analysis.places.gazetteer import load_gazetteer
from analysis.places.locate import locate

# With no side named, these are done by unidentified perpetrators (ACLED's "unidentified armed group").
UNATTRIBUTED = {"remote_explosive_landmine_ied", "suicide_bomb", "grenade", "attack", "abduction_forced_disappearance"}


@dataclass
class Article:
    """What the sentences of one article hand on: its date, the sides named so far, its last event."""
    published: dt.date | None
    memory: ActorMemory = field(default_factory=ActorMemory)
    last: Unit | None = None


@dataclass(slots=True)  # not frozen: docs/coding_rules.md, "Time and size"
class Sentence:
    text: str                  # normalised
    section: str | None        # the bulletin's region header in force


def _hits(s: Sentence, article: Article, pieces: list[clauses.Piece], raw: dict) -> Hits:
    text = s.text
    floors = [p.start for p in pieces]   # in order

    def floor_of(i: int) -> int:
        k = bisect_right(floors, i)
        return floors[k - 1] if k else 0

    actors = find_actors(text, article.published, article.memory, raw["actors"])
    # a cue word inside a side's name ("هيئة تحرير الشام", "غرفة عمليات فتح حلب") reports nothing;
    # an air side's name is its strike ("غارة جوية روسية")
    names = [(a.start, a.end) for a in actors if a.end > a.start and not a.air]

    def free(c) -> bool:
        return not any(a <= c.start and c.end <= b for a, b in names)

    def piece_at(i: int) -> clauses.Piece:
        return next((p for p in pieces if p.start <= i < p.end), pieces[-1])
    # "بعد انسحاب X منها" is background to a capture, not a change of its own.
    ctl = [c for c in control.find_cues(text, floor_of, raw["control"])
           if free(c) and piece_at(c.start).relation != "subordinate"]
    return Hits([c for c in cues.find_cues(text, floor_of, raw["cues"]) if free(c)], ctl,
                cues.find_weapons(text, raw["weapons"]), actors, [])


def sentence_events(s: Sentence, article: Article) -> list[Unit]:
    """Event units of one normalised sentence; `article` is updated with its sides and last event."""
    text = s.text
    gate = scan(text)
    if gate.actors_only:  # background, or no word that opens an event
        find_actors(text, article.published, article.memory, gate.raw["actors"])
        return []
    pieces = clauses.pieces(text)
    if not pieces:
        return []
    hits = _hits(s, article, pieces, gate.raw)
    hits = Hits(hits.cues, hits.control_cues, hits.weapons, hits.actors, find_casualties(text, gate.hurt))
    units = group(pieces, hits)

    def place(u: Unit):
        return locate(text, u.start, u.end, u.main_spans(), s.section, [(a.start, a.end) for a in u.actors])
    roles = {}
    for u in units:
        if (cue := territory_cue(u)) is not None:
            u.cues.append(cue)
        u.type = event_type(u, text)
        if u.type:  # an untyped unit is dropped below: no sides to tell apart, no place to look up
            roles[id(u)] = Roles(text, u)
            u.actor1, u.actor2 = assign(text, u, u.type, roles[id(u)], main_only=True)
            u.where = place(u)
    units = [u for u in units if u.type]
    for i, u in enumerate(units):
        # No side in its own clause: "مماثل", "كما أعلنت أيضا", "بين الطرفين" continue the event before.
        before = units[i - 1] if i else article.last
        if u.actor1 is None and before is not None:
            both = any(w in text[u.start:u.end] for w in role_words()["both_sides"])
            if both or (i and family(before.type) == family(u.type)):
                u.actor1 = carried(before.actor1, u, same_sentence=bool(i))
                u.actor2 = u.actor2 or (carried(before.actor2, u, bool(i)) if both else None)
        if u.actor1 is None:
            u.actor1, u.actor2 = assign(text, u, u.type, roles[id(u)], main_only=False)
        if u.type == "other" and u.actor1 is not None and cues.own_members(text[u.start:u.end]):
            u.actor2 = u.actor1
    units = [u for u in units if _territory(text, u, pieces, s.section, article.published, roles[id(u)])]
    units = [u for u in merge(units, place) if may_be_event(u)]
    mentions = find_dates(text, article.published) if units else []  # no unit, no date to check
    for u in units:
        u.scope = scope(text, u, mentions, article.published, gate.summary, _goes_on(text, article))
        if u.actor1 is None and u.type in UNATTRIBUTED:
            u.actor1 = ActorHit(u.start, u.start, u.start, "unknown", "", False, True)
        elif u.actor1 is None and family(u.type) == "protests":
            u.actor1 = ActorHit(u.start, u.start, u.start, "protesters", "", False, True)
    kept = [u for u in units if is_event(u, text, u.scope)]
    if kept:
        article.last = kept[-1]
    return kept


def _goes_on(text: str, article: Article) -> bool:
    """The sentence goes on with a count over a period the one before gave ("… مقتل 3042 في
    10 أشهر. كما لقي 115 مسلحا حتفهم …"): it sums up the same period."""
    last = article.last
    return last is not None and last.scope == "period_total" and continues(text)


def _territory(text: str, u: Unit, pieces: list[clauses.Piece], section: str | None, when: dt.date | None,
               roles: Roles) -> bool:
    """The territory stage: the places the unit's control cues name, and the type they give. A
    unit whose control cues name no place is read again without them (its other cues type it,
    and a battle's or a protest's sides follow that type); False when nothing is left of it."""
    if not u.control_cues:
        return True
    hint = frozenset(header_admin1(section, load_gazetteer())) | ({u.where.admin1} if u.where and u.where.admin1 else set())
    u.control = changed_places(text, u, pieces, hint, when, roles, u.actor1)
    if u.control:
        u.type = territory_type(u.control)
        return True
    u.cues = [c for c in u.cues if c != territory_cue(u)]
    u.type = event_type(u, text)
    if family(u.type) in ("protests", "battles"):  # whose sides its type decides
        u.actor1, u.actor2 = assign(text, u, u.type, Roles(text, u), main_only=True)
    return u.type is not None
