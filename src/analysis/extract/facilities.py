"""Civilian facilities hit (SNHR categories, data/facilities.yaml).

A facility counts when the event strikes it or explodes in it: it stands after an attack
cue in the same clause piece ("بعد استهداف سجن", "انفجار لغم ... في مدرسة") or is what
"تعرض" says was hit. A facility that is only near ("محيط المشفى", "المجاورة للمشفى"),
captured, or where a casualty was taken ("إسعافه إلى المشفى") is not.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from analysis.lexicon import load_lexicon
from analysis.taxonomy import SUB_EVENT_TYPES
from analysis.text import arabic
from analysis.text.matcher import PhraseMatcher, alternation
from analysis.text.normalize import normalize

# Event families whose cues can hit a facility.
STRIKING = {"explosions_remote_violence", "violence_against_civilians"}
STRIKING_TYPES = {"looting_property_destruction"}


@dataclass(frozen=True, slots=True)
class FacilityHit:
    start: int
    end: int
    type: str


@lru_cache(maxsize=1)
def _lex():
    lx = load_lexicon("facilities")
    return (PhraseMatcher([(w, t) for t, ws in lx["types"].items() for w in ws], article=True),
            {normalize(w) for w in lx["near"]},
            # the facility's name stops at a preposition or a relative ("مدرسة الفاروق في …")
            regex.compile(rf"^(?:{alternation(normalize(w) for w in lx['name_stops'])})"),
            tuple(normalize(w) for w in load_lexicon("events")["roles"]["exposed"]))


def _near(text: str, start: int, floor: int) -> bool:
    near = _lex()[1]
    return any(t in near or arabic.bare(t, keep=1) in near for t in arabic.words_before(text, start, 2, floor))


def _phrase_end(text: str, end: int, limit: int) -> int:
    """The facility's name: up to three words after the facility word, until a preposition
    or punctuation."""
    out = end
    for i, m in enumerate(arabic.WORD.finditer(text, end, limit)):
        if i >= 3 or _lex()[2].match(m.group()) or not text[out:m.start()].isspace():
            break
        out = m.end()
    return out


def facility_attacks(text: str, event_type: str, pieces, cue_starts: list[int]) -> list[FacilityHit]:
    """Facilities the event (of `event_type`, with cues at `cue_starts`) struck."""
    if SUB_EVENT_TYPES.get(event_type) not in STRIKING and event_type not in STRIKING_TYPES:
        return []
    matcher, _, _, exposed = _lex()
    out, seen = [], set()
    for p in pieces:
        piece_cues = [c for c in cue_starts if p.start <= c < p.end]
        piece = text[p.start:p.end]
        struck_by_passive = any(w in piece for w in exposed)
        for h in matcher.find(piece):
            a, b = h.start + p.start, h.end + p.start
            if not (struck_by_passive or any(c < a for c in piece_cues)):
                continue
            if _near(text, a, p.start):
                continue
            key = (h.payload, h.phrase.removeprefix(arabic.article()))
            if key in seen:
                continue
            seen.add(key)
            out.append(FacilityHit(a, _phrase_end(text, b, p.end), h.payload))
    return out


def facility_type_of(text: str) -> str | None:
    """Facility type named at the start of `text` ("البنى التحتية، 10 من …" → infrastructure)."""
    hits = _lex()[0].find(text)
    return hits[0].payload if hits and hits[0].start <= 2 else None
