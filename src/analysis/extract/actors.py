"""Actors: canonical keys for the words that name a side, dated and back-referenced.

Names map to keys through `data/actors.yaml`, whose entries may hold only before or after
a date (the same "الجيش السوري" is the former regime's army until 2024-12-08 and the
transitional government's after). Words like "التنظيم" or "الأخير" name no one by
themselves and take the actor last named in the article (`ActorMemory`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from analysis.lexicon import load_lexicon
from analysis.text.matcher import PhraseMatcher
from analysis.text.normalize import normalize


@dataclass(frozen=True, slots=True)
class ActorHit:
    start: int
    end: int
    core_start: int
    key: str | None   # None: a back-reference that found nobody
    text: str         # the words as they stand in the (normalised) text
    air: bool         # aircraft, warships or missiles of that side
    backref: bool


@dataclass(slots=True)
class _Sense:
    key: str
    air: bool
    valid_from: dt.date | None
    valid_to: dt.date | None

    def holds(self, when: dt.date | None) -> bool:
        if when is None:
            return self.valid_from is None
        return (self.valid_from is None or when >= self.valid_from) and (self.valid_to is None or when <= self.valid_to)


@dataclass
class ActorMemory:
    """Actors named so far in one article, most recent last."""
    named: list[tuple[str, str]] = field(default_factory=list)  # (key, text)

    def last(self, prefer=(), besides: str | None = None) -> str | None:
        for key, _ in reversed(self.named):
            if (not prefer or key in prefer) and key != besides:
                return key
        return None


def _date(v):
    return None if v is None else (v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)))


@lru_cache(maxsize=1)
def _matchers():
    lx = load_lexicon("actors")
    senses: dict[str, list[_Sense]] = {}
    for a in lx["actors"]:
        for names, air in ((a["names"], False), (a.get("air", []), True)):
            for n in names:
                senses.setdefault(normalize(n), []).append(
                    _Sense(a["key"], air, _date(a.get("valid_from")), _date(a.get("valid_to"))))
    entries = [(n, ("name", s)) for n, s in senses.items()]
    entries += [(b["word"], ("back", b)) for b in lx["back_references"]]
    entries += [(w, ("airback", None)) for w in lx["air_back_references"]]
    return PhraseMatcher(entries)


def _pick(senses: list[_Sense], when: dt.date | None) -> _Sense | None:
    for s in senses:
        if s.holds(when):
            return s
    # Undated text: the undated sense, else the most recent one.
    return None if when is not None else max(senses, key=lambda s: s.valid_from or dt.date.min)


def matcher() -> PhraseMatcher:
    """The automaton of every actor name (a `WordGate` may ride it along)."""
    return _matchers()


def find_actors(text: str, when: dt.date | None, memory: ActorMemory, raw: list | None = None) -> list[ActorHit]:
    """Actors named in `text` (normalised), back-references resolved; memory is updated.
    `raw`: the actor automaton's hits of `text` from a gate pass."""
    out = []
    for h in _matchers().find(text, raw):
        kind, data = h.payload
        surface = text[h.core_start:h.end]
        if kind == "name":
            s = _pick(data, when)
            if s is None:
                continue
            out.append(ActorHit(h.start, h.end, h.core_start, s.key, surface, s.air, False))
            if s.key not in ("civilians", "protesters"):
                memory.named.append((s.key, surface))
        elif kind == "back":
            key = memory.last(data.get("prefer", ())) or data.get("default")
            if key is None and not data.get("prefer"):
                # "الأخير" is the latter: not the side just named in this sentence.
                key = memory.last(besides=out[-1].key if out else None)
            out.append(ActorHit(h.start, h.end, h.core_start, key, surface, False, True))
        else:
            out.append(ActorHit(h.start, h.end, h.core_start, memory.last(), surface, True, True))
    return out


def actor_key(text: str, when: dt.date | None) -> str | None:
    """The first actor named in a short phrase (e.g. a casualty's party), without memory."""
    hits = [h for h in find_actors(text, when, ActorMemory()) if h.key]
    return hits[0].key if hits else None
