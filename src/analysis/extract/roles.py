"""Who did what to whom: each side's role in its unit, and the unit's actor1 and actor2.

A side's role (agent, patient, neutral, owner, ally) is read from the words right before its
name and from the casualties around it (`data/events.yaml`, `roles`). actor1 is the first
agent (else neutral) side, main clause first; actor2 the target side. In a protest the crowd
is actor1; in "بين X وY من جهة، وZ من جهة أخرى" the two sides are the two lists.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import regex

from analysis.extract.actors import ActorHit, actor_key
from analysis.extract.quantities import CasualtyMention
from analysis.extract.units import Unit, family
from analysis.lexicon import load_lexicon
from analysis.places.words import words as place_words
from analysis.text import arabic
from analysis.text.matcher import alternation
from analysis.text.normalize import normalize

_PUNCT = regex.compile(r"[،,؛;.:]")
# A device or a mine has no agent unless the text names one ("زرعها", "فجرها", "تبنى", "من قبل"):
# a side named with it otherwise is what it hit ("بسيارة عسكرية تابعة لقسد", "بعناصر من قسد").
AGENT_NAMED_ONLY = {"remote_explosive_landmine_ied"}


@lru_cache(maxsize=1)
def words() -> dict[str, tuple[str, ...]]:
    """The role words of data/events.yaml (and its date spans), normalised."""
    lx = load_lexicon("events")
    out = {k: tuple(normalize(w) for w in ws) for k, ws in lx["roles"].items()}
    out["spans"] = tuple(normalize(w) for w in lx["spans"])
    out["spread_words"] = tuple(normalize(w) for w in lx["spread_words"])
    return out


def _backs(before: list[str]) -> bool:
    """The side whose last words before it are `before` follows a support word ("قسد المدعومة
    من قبل التحالف"): it backs another side and is not a party to the event."""
    w = words()
    for token in reversed(before):
        if token in w["support"]:
            return True
        if token not in w["support_fillers"]:
            return False
    return False


def _before_in(before: list[str], key: str) -> bool:
    """One or two words right before a side (the last of `before`) are a phrase of the role
    list `key` ("الخاضعة لسيطرة", "يسيطر عليها" for holders; "الحدودية مع" for borders)."""
    toks = before[-2:]
    held = words()[key]
    last = toks[-1:] and toks[-1]
    return bool(last) and (last in held or arabic.unglued(last) in held or " ".join(toks) in held)


def role(text: str, hit: ActorHit, unit: Unit) -> str:
    """agent, patient, neutral, owner or ally, from the words before the actor and the
    casualties around it."""
    if hit.joined:
        # "الجيشين التركي والوطني": the second side shares the first's role, as its ally when it acts
        first = next((h for h in reversed(unit.actors) if h.end <= hit.start), None)
        if first is not None:
            r = role(text, first, unit)
            return "ally" if r in ("agent", "neutral", "owner") else r
    for c in unit.casualties:
        if c.party_start is not None and c.party_start <= hit.start < (c.party_end or c.end):
            return "patient"
    w = words()
    before = arabic.words_before(text, hit.start, 4)  # read once: every rule below looks at them
    if _backs(before):
        return "ally"
    prev = before[-1] if before else ""
    if prev in w["affiliation"]:
        # the side of whoever it belongs to: "قائد لواء الحق التابع لجبهة…" is on the target side
        tab = text.rfind(prev, 0, hit.start)
        owned = next((h for h in unit.actors if 0 <= tab - h.end <= 2), None)
        return "owner" if owned is None else role(text, owned, unit)
    if _before_in(before, "border_before"):
        return "ally"  # "الحدودية مع تركيا": a border named, not a side of the event
    holder = _before_in(before, "holder_before")
    if holder:
        # "التي تسيطر عليها X": X holds it; "سيطرة X على …": X took it
        after = arabic.words_after(text, hit.end, 1, hit.end + 8)
        return "agent" if after and after[0] in w["holder_takes"] else "patient"
    if arabic.lam_before(text, hit.start, hit.core_start):
        # "مواقع لتنظيم الدولة": the target; "قصف مدفعي لقوات الأسد", "قصف لطيران النظام": who fired
        fired = arabic.bare(prev) in w["fire_before"]
        return "agent" if hit.air or fired else "patient"
    bare = arabic.unglued(prev)
    if prev in w["agent_before"] or bare in w["agent_before"]:
        return "agent"
    if prev in w["object_verbs"] or bare in w["object_verbs"]:
        return "patient" if _has_subject(text, unit, text.rfind(prev, 0, hit.start)) else "agent"
    if prev in w["object_nouns"] or bare in w["object_nouns"]:
        return "agent" if hit.air or _object_follows(text, hit.end) else "patient"
    if prev in w["target_before"] or bare in w["target_before"]:
        return "patient"
    return "neutral"


def _object_follows(text: str, end: int) -> bool:
    """The word after a side's name opens an object: ل + noun, a place word ("قرية", "مناطق")
    or a target word ("مواقع", "حاجز")."""
    w = arabic.word_after(text, end)
    if not w:
        return False
    return arabic.unglued(w) != w and w[:1] == arabic.lam() or w in place_words().feature_forms \
        or w in words()["target_before"]


def _has_subject(text: str, unit: Unit, verb: int) -> bool:
    """A side, a cue or a weapon stands before the verb at `verb` in its clause, or a subject
    noun right before it (SVO, or a relative clause: "حملة استهدفت"); a verb that opens its
    clause is followed by its subject (VSO)."""
    start = max((p.start for p in unit.pieces if p.start <= verb), default=unit.start)
    if any(start <= x.start and x.end <= verb for x in [*unit.actors, *unit.cues, *unit.weapons]):
        return True
    before = arabic.words_before(text, verb, 2, start)
    return any(w in words()["verb_subjects"] or w[1:] in words()["verb_subjects"] for w in before)


class Roles:
    """Each side's role in one unit, read once."""

    def __init__(self, text: str, unit: Unit):
        self.text, self.unit = text, unit
        self._memo: dict[int, str] = {}

    def __call__(self, h: ActorHit) -> str:
        got = self._memo.get(id(h))
        if got is None:
            got = self._memo[id(h)] = role(self.text, h, self.unit)
        return got


def assign(text: str, unit: Unit, sub_event_type: str | None, roles: Roles,
           main_only: bool) -> tuple[ActorHit | None, ActorHit | None]:
    """actor1: the first agent (else neutral) side, main clause first; actor2: the target side.
    In a protest the crowd is actor1."""
    protest = family(sub_event_type) == "protests"
    hits = [h for h in unit.actors if h.key and (protest or h.key != "protesters")
            and (not main_only or unit.in_main(h.start))]
    ranked = [(h, roles(h)) for h in hits]
    ordered = sorted(ranked, key=lambda hr: (not unit.in_main(hr[0].start), hr[0].start))
    a1 = next((h for h, r in ordered if r == "agent"), None)
    if a1 is None and sub_event_type not in AGENT_NAMED_ONLY:
        a1 = next((h for h, r in ordered if r in ("neutral", "owner") and h.key != "civilians"), None)
    if a1 is not None and a1.key == "unknown":
        # "الطيران الحربي التابع للتحالف": the generic aircraft belong to the side named after them.
        owner = next((h for h, _ in ranked if h.start > a1.start and h.start - a1.end < 15
                      and arabic.word_before(text, h.start) in words()["affiliation"]), None)
        if owner is not None:
            a1 = ActorHit(owner.start, owner.end, owner.core_start, owner.key, owner.text, a1.air, False)
    if a1 is None and protest:
        a1 = next((h for h in unit.actors if h.key == "protesters"), None)
    rest = [(h, r) for h, r in ranked if a1 is None or h.key != a1.key] if main_only else []
    rest = rest or [(h, roles(h)) for h in unit.actors if h.key and (a1 is None or h.key != a1.key)]
    a2 = next((h for h, r in rest if r == "patient"), None) or next((h for h, r in rest if r != "ally"), None)
    if protest and sub_event_type != "excessive_force_against_protesters":
        # the crowd protests; a side named with it is what it protests against or who intervened
        crowd = next((h for h in unit.actors if h.key == "protesters"), None) or \
            ActorHit(unit.start, unit.start, unit.start, "protesters", "", False, True)
        other = next((h for h in (a1, a2) if h is not None and h.key != "protesters"), None)
        a1, a2 = crowd, other
    sides = _two_sides(text, unit, sub_event_type, roles)
    if sides is not None and any(sides):
        first, second = sides
        a1 = first[0] if first else second[0]
        a2 = (second[0] if second else None) if first else None
    return a1, a2


@lru_cache(maxsize=1)
def _side_marks() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    w = words()

    def pattern(key: str) -> regex.Pattern:
        return regex.compile(rf"(?<!\w)(?:{alternation(w[key])})(?!\w)")
    return pattern("between"), pattern("side_first"), pattern("side_second")


def _two_sides(text: str, unit: Unit, sub_event_type: str | None,
               roles: Roles) -> tuple[list[ActorHit], list[ActorHit]] | None:
    """The sides of "بين X وY من جهة، وZ من جهة أخرى" (or "… من جهة وبين Z") in the clause of a
    battle's cue: those named between "بين" and the first marker, and those after it up to the
    second marker (or, after "وبين", up to the clause's end); backers left out. None without
    that pattern."""
    # only when the unit reports the fight: a battle (asked first, before any search), "بين"
    # after its first cue with no new clause between them
    cue = min((c.start for c in unit.cues), default=None)
    if cue is None or family(sub_event_type) != "battles":
        return None
    between, first, second = _side_marks()
    seconds = [m.span() for m in second.finditer(text, unit.start, unit.end)]
    mark = next((m for m in first.finditer(text, unit.start, seconds[0][0] if seconds else unit.end)
                 if not any(a <= m.start() < b for a, b in seconds)), None)
    opener = None if mark is None else [m for m in between.finditer(text, unit.start, mark.start())]
    if not opener or cue > opener[-1].start():
        return None
    if any(p.relation == "new" and cue < p.start <= opener[-1].start() for p in unit.pieces):
        return None
    if seconds:
        start2, end2 = mark.end(), seconds[0][0]
    else:
        again = between.search(text, mark.end(), min(unit.end, mark.end() + 12))
        if again is None:
            return None
        start2 = again.end()
        end2 = next((m.start() for m in _PUNCT.finditer(text, start2, unit.end)), unit.end)

    def named(a: int, b: int) -> list[ActorHit]:
        return [h for h in unit.actors if h.key and a <= h.start < b and roles(h) != "ally"]
    return named(opener[-1].end(), mark.start()), named(start2, end2)


def carried(hit: ActorHit | None, u: Unit, same_sentence: bool) -> ActorHit | None:
    """An actor taken over from the event before; from another sentence its words are not here."""
    if hit is None or same_sentence:
        return hit
    return ActorHit(u.start, u.start, u.start, hit.key, "", hit.air, True)


def party_key(text: str, c: CasualtyMention, when: dt.date | None) -> str | None:
    """The side whose members a casualty row counts."""
    if c.party_start is None:
        return None
    return actor_key(text[c.party_start:c.party_end], when)
