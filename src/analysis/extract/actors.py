"""Actors: canonical keys for the words that name a side, dated and back-referenced.

Names map to keys through `data/actors.yaml`, whose entries may hold only before or after
a date (the same "الجيش السوري" is the former regime's army until 2024-12-08 and the
transitional government's after). Words like "التنظيم" or "الأخير" name no one by
themselves and take the actor last named in the article (`ActorMemory`).

A state's forces are not listed phrase by phrase. The lexicon gives each state once (its
nisba adjective, its nouns) and each vehicle once (aircraft, artillery, army …, with its
gender, plurals and whether it strikes from the air), and `_grammar` builds from them:
- every form of every vehicle phrase ("الطائرات الحربية", "طائرتين", "مسيرة"), which go into
  the one automaton with the listed names, so a text is still scanned once;
- for each agreement class (vehicle, gender, number, definiteness), the adjectives that
  agree with it and the side each names ("الروسية" → russia; "الوطني" after "الجيش" →
  opposition, read off the listed name "الجيش الوطني").
A side is then read where a vehicle phrase is found (`_side`), by three rules:
- vehicle + agreeing adjective: "الطائرات الحربية الروسية", "طائرتين روسيتين" (after a word for
  the attack itself, which stays the event's cue, the adjective alone: "القصف الروسي");
- vehicle + genitive (its construct form before a state's noun or an owner's phrase):
  "طائرات روسيا", "مدفعية الجيش التركي", "طيران التحالف";
- coordinated adjectives: "الجيشين التركي والوطني", "القوات الروسية والسورية" name two sides,
  each hit covering its own words.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from analysis.lexicon import load_lexicon
from analysis.text.arabic import Morphology, adjective, definite, morphology, noun_dual
from analysis.text.matcher import PhraseMatcher
from analysis.text.normalize import normalize


@dataclass(slots=True)  # not frozen: docs/coding_rules.md, "Time and size"
class ActorHit:
    start: int
    end: int
    core_start: int
    key: str | None   # None: a back-reference that found nobody
    text: str         # the words as they stand in the (normalised) text
    air: bool         # aircraft, warships or missiles of that side
    backref: bool
    joined: bool = False  # coordinated with the side just before it ("التركي والوطني")


@dataclass(frozen=True, slots=True)
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


def _sense(entry: dict, air: bool) -> _Sense:
    return _Sense(entry["key"], air, _date(entry.get("valid_from")), _date(entry.get("valid_to")))


# --- the grammar of composed names ------------------------------------------------------------
Agreement = tuple[str, str, bool]          # (gender, number, definite) of an adjective
# a vehicle, the agreement of its adjectives, and whether its noun is plural: "القوات السورية"
# lends "السورية" to "القوات", not to "القوة" (a plural of things agrees like a feminine singular)
Slot = tuple[int, str, str, bool, bool]


@dataclass(frozen=True, slots=True)
class _Phrase:
    """One surface form of a vehicle's noun phrase ("الطائرات الحربية")."""
    text: str
    head: str              # its noun as written here ("الطائرات")
    vehicle: int
    number: str            # sg, du, pl
    definite: bool
    air: bool | None       # None: a neutral fire word; the state's `strikes` decides
    modified: bool


@dataclass(eq=False, slots=True)
class _Entry:
    """What one form of the automaton is: a listed name, a back-reference, a vehicle phrase
    (a form may be several: "القوات" is a vehicle and a back-reference)."""
    senses: list[_Sense] = field(default_factory=list)
    genitive: list[_Sense] = field(default_factory=list)   # what it names after a vehicle only
    back: dict | None = None
    airback: bool = False
    phrase: _Phrase | None = None
    owner: bool = False          # may follow a vehicle as its genitive ("طائرات روسيا")
    slot: Slot | None = None     # a listed vehicle + adjectives ("الجيش الوطني"): coordination goes on


@dataclass(slots=True)
class _Grammar:
    vehicles: list[dict]
    # agreement → first word → [(adjective words, senses)], longest first: a state's nisba forms
    nisbas: dict[Agreement, dict[str, list[tuple[str, list[_Sense]]]]]
    # slot → the same, for the adjectives of listed names ("الجيش الوطني" → الوطني)
    listed: dict[Slot, dict[str, list[tuple[str, list[_Sense]]]]]
    tails: dict[int, dict[str, list[tuple[str, list[_Sense]]]]]   # vehicle → words after the nationality
    strikes: dict[str, bool]     # state key → its neutral fire words strike from the air
    coordinator: str


def _agreement(v: dict, number: str) -> tuple[str, str]:
    """(gender, number) of an adjective agreeing with the vehicle's noun in `number`: a plural
    of things takes the feminine singular ("الطائرات الروسية")."""
    return ("f", "sg") if number == "pl" else (v["gender"], number)


def _slot(p: _Phrase, v: dict, coordinated: bool = True) -> Slot:
    """Where an adjective after `p` stands. A coordinated one after a dual is singular, as each
    of two adjectives is ("الجيشين التركي والوطني"); otherwise it agrees with `p`."""
    g, n = (v["gender"], "sg") if p.number == "du" and coordinated else _agreement(v, p.number)
    return p.vehicle, g, n, p.definite, p.number == "pl"


def _phrases(i: int, v: dict, morph: Morphology) -> list[_Phrase]:
    """Every form of vehicle `i`: each number (a dual by rule unless a mass noun), with and
    without the article, bare (and closed by its `after` words) and with each modifier."""
    nouns = [("sg", v["noun"])]
    if v.get("count", True):
        nouns += [("du", d) for d in noun_dual(v["noun"], morph)] + [("pl", p) for p in v.get("plural", [])]
    out = []
    for number, noun in nouns:
        for is_def in ((True,) if v.get("definite") else (False, True)):
            head = definite(noun, morph) if is_def and not v.get("definite") else noun
            if v.get("bare", True):
                out += [_Phrase(text, head, i, number, is_def, v.get("air"), False)
                        for text in [head, *(f"{head} {t}" for t in v.get("after", []))]]
            for m in v.get("modifiers", []):
                out += [_Phrase(f"{head} {form}", head, i, number, is_def, m.get("air", v.get("air")), True)
                        for form in adjective(m["word"], *_agreement(v, number), is_def, morph)]
    return out


def _table(pairs) -> dict[str, list[tuple[str, list[_Sense]]]]:
    """(words, sense) pairs as a lookup by first word, longest words first, senses merged."""
    merged: dict[str, list[_Sense]] = {}
    for words, sense in pairs:
        have = merged.setdefault(normalize(words), [])
        if sense not in have:
            have.append(sense)
    out: dict[str, list[tuple[str, list[_Sense]]]] = {}
    for words in sorted(merged, key=len, reverse=True):
        out.setdefault(words.split()[0], []).append((words, merged[words]))
    return out


def _split(name: str, heads: dict[str, _Phrase], article: str) -> tuple[_Phrase | None, str]:
    """A listed name as a definite vehicle phrase and the adjectives after it ("الجيش الوطني"
    → الجيش + الوطني), longest phrase first; (None, "") when it is not one."""
    words = name.split()
    for k in range(len(words) - 1, 0, -1):
        head = heads.get(" ".join(words[:k]))
        if head is not None and all(w.startswith(article) for w in words[k:]):
            return head, " ".join(words[k:])
    return None, ""


def _grammar(lx: dict, morph: Morphology) -> tuple[dict[str, _Entry], _Grammar]:
    """The automaton's forms and the tables the composition rules read (module docstring)."""
    entries: dict[str, _Entry] = {}

    def entry(form: str) -> _Entry:
        return entries.setdefault(normalize(form), _Entry())

    listed = []
    for a in lx["actors"]:
        for words, air in ((a.get("names", []), False), (a.get("air", []), True)):
            for n in words:
                e, s = entry(n), _sense(a, air)
                if s not in e.senses:
                    e.senses.append(s)
                listed.append((normalize(n), s))
        for n in a.get("genitives", []):
            e, s = entry(n), _sense(a, False)
            e.owner = True
            if s not in e.genitive:
                e.genitive.append(s)
    for b in lx["back_references"]:
        entry(b["word"]).back = b
    for w in lx["air_back_references"]:
        entry(w).airback = True

    vehicles = lx["vehicles"]
    phrases = [p for i, v in enumerate(vehicles) for p in _phrases(i, v, morph)]
    for p in phrases:
        e = entry(p.text)
        e.phrase = e.phrase or p
        # with no nationality, "القوات الخاصة" points back as "القوات" does
        e.back = e.back or entries.get(normalize(p.head), _Entry()).back
    # the adjectives of each agreement class: every state's nisba, neutral as to air
    states = [a for a in lx["actors"] if "adjectives" in a]
    agreements = {_slot(p, vehicles[p.vehicle], c)[1:4] for p in phrases for c in (False, True)}
    nisba_pairs: dict[Agreement, list] = {k: [] for k in agreements}
    for g, n, d in agreements:
        for s in states:
            nisba_pairs[(g, n, d)] += [(f, _sense(s, False)) for base in s["adjectives"]
                                       for f in adjective(base, g, n, d, morph)]
    # listed names made of a definite vehicle phrase and adjectives lend those adjectives
    heads = {normalize(p.text): p for p in phrases if p.definite}
    article = normalize(morph.article)
    listed_pairs: dict[Slot, list] = {}
    owner_heads = {normalize(p.text).split()[0] for p in phrases
                   if vehicles[p.vehicle].get("owner") and not p.modified and p.number != "du"}
    for name, s in listed:
        head, rest = _split(name, heads, article)
        if head is not None:
            slot = _slot(head, vehicles[head.vehicle])
            listed_pairs.setdefault(slot, []).append((rest, s))
            entries[name].slot = slot
        if name.split()[0] in owner_heads:   # "قوات الأسد", "الجيش الوطني": "مدفعية قوات الأسد"
            entries[name].owner = True
    tails = {i: _table((t, None) for t in v["after"]) for i, v in enumerate(vehicles) if v.get("after")}
    grammar = _Grammar(vehicles, {k: _table(v) for k, v in nisba_pairs.items()},
                       {k: _table(v) for k, v in listed_pairs.items()}, tails,
                       {s["key"]: s["strikes"] == "air" for s in states}, normalize(morph.coordinator))
    return entries, grammar


@lru_cache(maxsize=1)
def _lexicon() -> tuple[PhraseMatcher, _Grammar]:
    entries, grammar = _grammar(load_lexicon("actors"), morphology())
    return PhraseMatcher(entries.items()), grammar


def matcher() -> PhraseMatcher:
    """The one automaton of every actor form (a `WordGate` may ride it along)."""
    return _lexicon()[0]


# --- reading sides -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Side:
    """A side read off one or more hits: its span, who it may be, and how it goes on."""
    start: int
    core_start: int
    end: int
    senses: list[_Sense]
    air: bool | None          # the vehicle's; None: the listed name's own, or (neutral) the state's
    neutral: bool             # a neutral fire word ("قصف"): the state's `strikes` decides
    slot: Slot | None         # where a coordinated adjective would stand
    owner: bool
    used: int                 # hits read


def _read(text: str, at: int, tables) -> tuple[int, list[_Sense]] | None:
    """The longest words of `tables` starting at `at` and ending a word: (end, senses)."""
    e = at
    while e < len(text) and text[e].isalpha():
        e += 1
    best = None
    for table in tables:
        for words, senses in table.get(text[at:e], ()):
            end = at + len(words)
            if text.startswith(words, at) and (end == len(text) or not text[end].isalpha()):
                if best is None or end > best[0]:
                    best = (end, senses)
                break
    return best


def _after_blank(text: str, at: int) -> int | None:
    """Where the next word starts after the blanks at `at` (None: no blank, or a line break)."""
    k = at
    while k < len(text) and text[k] in " \t\u00a0":
        k += 1
    return k if k > at and k < len(text) else None


def _adjectives(g: _Grammar, slot: Slot) -> list[dict]:
    return [g.nisbas.get(slot[1:4], {}), g.listed.get(slot, {})]


def _side(text: str, hits: list, i: int, g: _Grammar, genitive: bool = False) -> _Side | None:
    """The side that starts at hits[i]: a vehicle phrase with its adjective or genitive, else
    the hit's listed name (or, as a `genitive` after a vehicle, its genitive noun)."""
    h = hits[i]
    e: _Entry = h.payload
    p = e.phrase
    if p is not None:
        v = g.vehicles[p.vehicle]
        slot = _slot(p, v)
        at = _after_blank(text, h.end)
        classes = {_slot(p, v, coordinated=False), slot}
        found = None if at is None else max(
            (r for c in classes if (r := _read(text, at, _adjectives(g, c))) is not None),
            key=lambda r: r[0], default=None)
        if found is not None:
            end, senses = found
            tail = _after_blank(text, end)
            closed = None if tail is None or p.vehicle not in g.tails else _read(text, tail, [g.tails[p.vehicle]])
            owner = bool(v.get("owner")) and p.definite and not p.modified and p.number != "du"
            # a fire word stays the event's cue: the side is its adjective ("قصف مدفعي تركي")
            start, core = (at, at) if v.get("fire") else (h.start, h.core_start)
            return _Side(start, core, closed[0] if closed else end, senses, p.air, p.air is None, slot, owner, 1)
        construct = not (p.definite or p.modified or p.number == "du" or v.get("definite") or v.get("fire"))
        nxt = hits[i + 1] if i + 1 < len(hits) else None
        if construct and nxt is not None and nxt.start == nxt.core_start and _after_blank(text, h.end) == nxt.start:
            sub = _side(text, hits, i + 1, g, genitive=True)
            if sub is not None and sub.owner:
                return _Side(h.start, h.core_start, sub.end, sub.senses, p.air, p.air is None, sub.slot,
                             bool(v.get("owner")), 1 + sub.used)
    senses = e.senses or (e.genitive if genitive else [])
    if senses:
        return _Side(h.start, h.core_start, h.end, senses, None, False, e.slot, e.owner, 1)
    return None


def _conjuncts(text: str, side: _Side, g: _Grammar) -> list[tuple[int, int, list[_Sense]]]:
    """Adjectives coordinated after a side ("… التركي والوطني السوري"), each making a name with
    the side's vehicle: (start of the conjunction, end, senses), chained."""
    out: list[tuple[int, int, list[_Sense]]] = []
    end = side.end
    while side.slot is not None:
        at = _after_blank(text, end)
        if at is None or not text.startswith(g.coordinator, at):
            return out
        found = _read(text, at + len(g.coordinator), _adjectives(g, side.slot))
        if found is None:
            return out
        end = found[0]
        out.append((at, end, found[1]))
    return out


def _pick(senses: list[_Sense], when: dt.date | None) -> _Sense | None:
    for s in senses:
        if s.holds(when):
            return s
    # Undated text: the undated sense, else the most recent one.
    return None if when is not None else max(senses, key=lambda s: s.valid_from or dt.date.min)


def find_actors(text: str, when: dt.date | None, memory: ActorMemory, raw: list | None = None) -> list[ActorHit]:
    """Actors named in `text` (normalised), back-references resolved; memory is updated.
    `raw`: the actor automaton's hits of `text` from a gate pass. Coordinated sides give one
    hit each ("الجيشين التركي والوطني": turkey, then opposition)."""
    out: list[ActorHit] = []
    automaton, g = _lexicon()
    hits = automaton.find(text, raw)
    taken, i = 0, 0

    def name(start: int, core: int, end: int, senses: list[_Sense], side: _Side | None, joined: bool = False):
        s = _pick(senses, when)
        if s is None:
            return
        if side is None or (side.air is None and not side.neutral):
            flies = s.air
        else:
            flies = g.strikes.get(s.key, s.air) if side.neutral else side.air
        out.append(ActorHit(start, end, core, s.key, text[core:end], flies, False, joined))
        if s.key not in ("civilians", "protesters"):
            memory.named.append((s.key, text[core:end]))

    while i < len(hits):
        h = hits[i]
        i += 1
        if h.start < taken:
            continue
        e: _Entry = h.payload
        if e.phrase is None and e.slot is None:
            if e.senses:   # a listed name, as most hits are: no grammar to read
                name(h.start, h.core_start, h.end, e.senses, None)
                continue
        else:
            side = _side(text, hits, i - 1, g)
            if side is not None:
                name(side.start, side.core_start, side.end, side.senses, side)
                taken = side.end
                for start, end, senses in _conjuncts(text, side, g):
                    name(start, start + len(g.coordinator), end, senses, side, joined=True)
                    taken = end
                i += side.used - 1
                continue
        surface = text[h.core_start:h.end]
        if e.back is not None:
            key = memory.last(e.back.get("prefer", ())) or e.back.get("default")
            if key is None and not e.back.get("prefer"):
                # "الأخير" is the latter: not the side just named in this sentence.
                key = memory.last(besides=out[-1].key if out else None)
            out.append(ActorHit(h.start, h.end, h.core_start, key, surface, False, True))
        elif e.airback:
            out.append(ActorHit(h.start, h.end, h.core_start, memory.last(), surface, True, True))
    return out


def actor_key(text: str, when: dt.date | None) -> str | None:
    """The first actor named in a short phrase (e.g. a casualty's party), without memory."""
    hits = [h for h in find_actors(text, when, ActorMemory()) if h.key]
    return hits[0].key if hits else None
