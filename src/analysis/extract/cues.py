"""Event cues, weapons, claims and the words that cancel a cue (data/events.yaml).

A cue reports an event of one ACLED sub-event type. It does not count when a blocker
stands right before it ("على خلفية اعتقال", "هذا الكمين": a cause or a known event), when a
hedge precedes it in its clause ("في محاولة", "لم", "ستطلق": not or not yet happened),
or when it needs a light verb that is missing ("هجوما" only after "شن/نفذ").
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from analysis.lexicon import load_lexicon
from analysis.text import arabic
from analysis.text.matcher import PhraseMatcher, alternation
from analysis.text.normalize import normalize



@dataclass(slots=True)  # not frozen: docs/coding_rules.md, "Time and size"
class Cue:
    start: int
    end: int
    type: str
    priority: int
    weapon: str | None
    generic: bool
    alone: bool = True  # False: reports an event only beside another cue or victims
    one_sided: bool = False  # shooting: an attack when civilians are its only victims


@dataclass(slots=True)  # not frozen: docs/coding_rules.md, "Time and size"
class Weapon:
    start: int
    end: int
    tag: str
    type: str
    one_sided: bool = False


@lru_cache(maxsize=1)
def _lex():
    lx = load_lexicon("events")
    cue_entries = [(w, (c["type"], c["priority"], c.get("weapon"), False, (), c.get("alone", True),
                        c.get("one_sided", False))) for c in lx["cues"] for w in c["words"]]
    cue_entries += [(w, (g["type"], g["priority"], None, True, tuple(normalize(x) for x in g.get("needs", ())),
                         True, g.get("one_sided", False))) for g in lx["generic"] for w in g["words"]]
    return {
        "cues": PhraseMatcher(cue_entries, article=True),
        "weapons": PhraseMatcher([(w, (tag, d["type"], d.get("one_sided", False))) for tag, d in lx["weapons"].items()
                                  for w in d["words"]], article=True),
        # one-word blockers are looked up among the words before a cue, phrases in their run
        "blocker_words": frozenset(normalize(b) for b in lx["blockers"] if " " not in normalize(b)),
        "blocker_phrases": tuple(f" {normalize(b)} " for b in lx["blockers"] if " " in normalize(b)),
        "demonstratives": {normalize(d) for d in lx["demonstratives"]},
        "hedges": PhraseMatcher([(h, None) for h in lx["hedges"]]),
        "not_followed_by": {normalize(k): frozenset(normalize(w) for w in ws) for k, ws in lx["not_followed_by"].items()},
        "conditional": regex.compile(rf"\W*{arabic.char_class(arabic.conjunctions())}?"
                                     rf"(?:{alternation(normalize(w) for w in lx['conditionals'])})(?!\w)"),
        "background": PhraseMatcher([(b, None) for b in lx["background"]]),
        "updates": frozenset(normalize(w) for w in lx["background_updates"]),
        "own": PhraseMatcher([(o, None) for o in lx["own_members"]]),
        # "تعرضت البلدة لقصف": the only verb after which a cue may carry ل; elsewhere ل is a purpose
        "exposed": regex.compile("|".join(regex.escape(normalize(w)) for w in lx["roles"]["exposed"])),
        "claim_verbs": PhraseMatcher([(v, None) for v in lx["claims"]["verbs"]]),
        "claim_sources": PhraseMatcher([(s, None) for s in lx["claims"]["sources"]]),
    }


def cue_matcher() -> PhraseMatcher:
    """The automaton of every event cue (a `WordGate` may ride it along)."""
    return _lex()["cues"]


def weapon_matcher() -> PhraseMatcher:
    return _lex()["weapons"]


def background_matcher() -> PhraseMatcher:
    return _lex()["background"]


def _blocked(text: str, start: int, floor: int) -> bool:
    """A blocker among the two words before the cue ("هذا الكمين", "بوقف عمليات الاعتقال")."""
    toks = arabic.words_before(text, start, 3, floor)
    if toks and toks[-1] in _lex()["demonstratives"]:
        return True
    if not _lex()["blocker_words"].isdisjoint(toks[-2:]):
        return True
    tail = " " + " ".join(toks) + " "
    for b in _lex()["blocker_phrases"]:
        if b in tail:
            return True
    return False


def hedged(text: str, start: int, floor: int, window: int = 6) -> bool:
    """A hedge ("لم", "في محاولة", "ستطلق" …) among the few words before `start` in its clause,
    or a clause opened by a condition ("وإذا …")."""
    if _lex()["conditional"].match(text, floor, start):
        return True
    return bool(_lex()["hedges"].find(text[arabic.window_start(text, start, window, floor):start]))


def find_cues(text: str, floor_of=lambda i: 0, raw: list | None = None) -> list[Cue]:
    """Valid cues in normalised `text`; `floor_of(i)` is where the clause holding i starts;
    `raw`: the cue automaton's hits of `text` from a gate pass."""
    out = []
    for h in _lex()["cues"].find(text, raw):
        typ, prio, weapon, generic, needs, alone, one_sided = h.payload
        floor = floor_of(h.start)
        if _blocked(text, h.start, floor) or hedged(text, h.start, floor):
            continue
        unless = _lex()["not_followed_by"].get(h.phrase)
        if unless and arabic.word_after(text, h.end) in unless:
            continue  # "فجر الأحد": a time, not a cue
        purpose = arabic.lam() in text[h.start:h.core_start] or (
            h.phrase.startswith(arabic.article()) and text.startswith(arabic.contracted_article(), h.core_start))
        if purpose and not _lex()["exposed"].search(text, floor, h.start):
            continue
        if needs and not any(t in needs for t in [*arabic.words_before(text, h.start, 4, floor),
                                                  arabic.word_after(text, h.end)]):
            continue
        out.append(Cue(h.start, h.end, typ, prio, weapon, generic, alone, one_sided))
    return out


def find_weapons(text: str, raw: list | None = None) -> list[Weapon]:
    return [Weapon(h.start, h.end, *h.payload) for h in _lex()["weapons"].find(text, raw)]


def is_background(text: str) -> bool:
    """The sentence summarises a period or gives background (no events of its own); a toll
    that "rose" ("ارتفعت حصيلة …") is one event's."""
    updates = _lex()["updates"]
    return any(arabic.word_before(text, h.start) not in updates
               for h in _lex()["background"].find(text))


def own_members(text: str) -> bool:
    """Victims are the perpetrator's own members ("بحق 17 عنصر تابع له")."""
    return bool(_lex()["own"].find(text))


def claimed_by(text: str) -> tuple[int, int] | None:
    """Span of the source a reporting verb attributes the sentence to, if any."""
    sources = _lex()["claim_sources"].find(text)
    if not sources:  # most sentences name no source: their verbs need no scan
        return None
    for v in _lex()["claim_verbs"].find(text):
        for s in sources:
            if s.start >= v.end and len(arabic.words(text, v.end, s.start)) <= 2:
                return s.core_start, s.end
    return None
