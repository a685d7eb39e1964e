"""Territorial control: which places changed hands, one row per place (data/control.yaml).

A capture, siege or withdrawal word is followed by the places it concerns ("السيطرة على
قريتي أم صاج وخربة السبعة", "فك الحصار عن مطار ديرالزور العسكري وحيي هرابش والطحطوح"):
the list runs until a direction, a preposition or punctuation. The side that lost comes
from "بعد انسحاب X منها" or "من X" after the places. A purpose ("للسيطرة"), a hedge
("قاب قوسين أو أدنى من فك الحصار") or an announcement ("بدء معركة السيطرة") is no change.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.extract import cues
from analysis.extract.actors import actor_key
from analysis.lexicon import load_lexicon
from analysis.places import context
from analysis.places.gazetteer import load_gazetteer
from analysis.text import arabic
from analysis.text.matcher import PhraseMatcher, alternation
from analysis.text.normalize import normalize

_QUOTE = r"\s*(?:[\"'«»“”]\s*)?"
_ENDS = frozenset("،,.؛;:(")   # punctuation that ends a list of places


@dataclass(frozen=True, slots=True)
class ControlCue:
    start: int
    end: int
    change: str


@dataclass(frozen=True, slots=True)
class ControlPlace:
    start: int      # span of the place name in the sentence
    end: int
    cue: ControlCue
    lost_by: str | None
    place_id: str | None
    admin1: str | None
    gained_by: str | None = None   # set by the caller from the verb's subject


@lru_cache(maxsize=1)
def _lex():
    lx = load_lexicon("control")
    return {
        "cues": PhraseMatcher([(w, ch) for ch, ws in lx["changes"].items() for w in ws]),
        "lost": PhraseMatcher([(w, None) for w in lx["lost_by_markers"]]),
        "stop": {normalize(w) for w in lx["stop_words"]},
        "not_places": tuple(normalize(w) for w in lx["not_places"]),
        "not_changes": {normalize(w) for w in lx["not_changes"]},
        "objects": tuple(normalize(w) for w in lx["object_markers"]),
        # the places open after على/عن ("انسحبت … من" for a withdrawal)
        "object": re.compile(rf"{_QUOTE}(?:{alternation(normalize(w) for w in lx['object_markers'])})\s"),
        "from": re.compile(rf"{_QUOTE}(?:{alternation(normalize(w) for w in lx['from_markers'])})\s"),
    }


def cue_matcher() -> PhraseMatcher:
    """The automaton of every control cue (a `WordGate` may ride it along)."""
    return _lex()["cues"]


def find_cues(text: str, floor_of, raw: list | None = None) -> list[ControlCue]:
    """Control cues that report a change that happened; `raw`: the cue automaton's hits of
    `text` from a gate pass."""
    lx = _lex()
    out = []
    for h in lx["cues"].find(text, raw):
        clitic = text[h.start:h.core_start]
        contracted = h.phrase.startswith(arabic.article()) and text.startswith(arabic.contracted_article(), h.core_start)
        if arabic.lam() in clitic or contracted:  # للسيطرة: a purpose, not a change
            continue
        floor = floor_of(h.start)
        before = arabic.words_before(text, h.start, 3, floor)
        if any(t.removeprefix(arabic.coordinator()) in lx["not_changes"] or t in lx["not_changes"] for t in before):
            continue
        if cues.hedged(text, h.start, floor):
            continue
        out.append(ControlCue(h.start, h.end, h.payload))
    return out


def object_start(text: str, cue: ControlCue, limit: int) -> int:
    """Where the cue's places begin: after على/عن (من for a withdrawal) if it follows within a
    few words."""
    lx = _lex()
    if text[cue.start:cue.end].endswith(lx["objects"]):
        return cue.end
    # the subject and a date may stand between verb and object: "سيطرت قسد، يوم أمس الجمعة، على …"
    window = text[cue.end:min(limit, cue.end + 80)]
    m = (lx["from"] if cue.change == "withdrawal" else lx["object"]).search(" " + window)
    return cue.end + m.end() - 1 if m and m.start() <= 70 else cue.end


def _region_end(text: str, start: int, limit: int, names: list[tuple[int, int]]) -> int:
    """End of the place list: the first stop word or punctuation outside a place name."""
    stop = _lex()["stop"]
    for m in arabic.TOKEN.finditer(text, start, limit):
        if any(a <= m.start() < b for a, b in names):
            continue
        tok = m.group()
        if tok in _ENDS:
            return m.start()
        if tok in stop or arabic.unglued(tok, keep=1) in stop:
            return m.start()
    return limit


def places_after(text: str, cue: ControlCue, limit: int, tail: int, hint: frozenset, when: dt.date | None):
    """The places a control cue concerns (before `limit`), with the side that lost them (before `tail`)."""
    gaz = load_gazetteer()
    obj = object_start(text, cue, limit)
    seg = text[obj:limit]
    phrases = [(p.name_start + obj, p.name_end + obj, p.start + obj) for p in context.place_phrases(seg, gaz)]
    matches = [(m.start + obj, m.end + obj, m) for m in gaz.find(seg)]
    names = [(a, b) for a, b, _ in phrases] + [(a, b) for a, b, _ in matches]
    full = [(s, b) for a, b, s in phrases] + names
    end = _region_end(text, obj, limit, full)
    items: list[tuple[int, int]] = []
    for a, b in sorted(set(names)):
        if a >= end or any(x <= a and b <= y and (x, y) != (a, b) for x, y in names):
            continue
        if text[a:b].strip("\"'«» ").startswith(_lex()["not_places"]):
            continue
        if not items or a >= items[-1][1]:
            items.append((a, b))
    lost = _lost_by(text, end, tail, when)
    out = []
    for a, b in items:
        m = next((mm for x, y, mm in matches if x <= a and b <= y), None)
        place = gaz.resolve(m, hint) if m else None
        out.append(ControlPlace(a, b, cue, lost, place.id if place else None, place.admin1 if place else None))
    return out


def _lost_by(text: str, start: int, limit: int, when) -> str | None:
    """"بعد انسحاب X منها" or "من X" right after the places."""
    tail = text[start:limit]
    for h in _lex()["lost"].find(tail):
        key = actor_key(tail[h.end:h.end + 40], when)
        if key:
            return key
    m = _lex()["from"].match(tail)
    if m:
        return actor_key(tail[m.end():m.end() + 40], when)
    return None
