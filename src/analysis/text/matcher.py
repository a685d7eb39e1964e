"""Find lexicon phrases in normalised Arabic text in one Aho-Corasick pass.

Arabic writes conjunctions, prepositions and the article onto the word: "وبقوات",
"لقصف", "للطيران" (ل + ال). Each phrase is expanded once into its proclitic forms, the
automaton finds every form, and a match counts only on word boundaries (a letter may not
touch either side), so "حلب" never matches inside "حلبون". Overlaps are resolved
longest-first, left to right.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import ahocorasick
import regex

from analysis.text import arabic
from analysis.text.normalize import normalize

# Up to this many stems, str's substring search tells a text holds no phrase sooner than the
# automaton does (most texts a matcher is asked about hold none of its phrases).
STEM_TESTS = 10


@dataclass(slots=True)  # not frozen: docs/coding_rules.md, "Time and size"
class Hit:
    start: int        # start of the whole token run, proclitics included
    end: int
    core_start: int   # start of the phrase itself (proclitics excluded)
    phrase: str       # the lexicon phrase (normalised)
    payload: Any


def _forms(phrase: str, article: bool) -> set[tuple[str, int]]:
    """(surface form, proclitic length) for every proclitic combination."""
    out = set()
    art = arabic.article()
    contracted = arabic.contracted_article()
    bases = [phrase]
    if article and not phrase.startswith(art):
        bases.append(art + phrase)
    for base in bases:
        has_al = base.startswith(art)
        for c in ("", *arabic.conjunctions()):
            for p in ("", *arabic.prepositions()):
                if has_al and p == contracted[0]:
                    # ل + ال is written لل: the proclitic merges into the article.
                    out.add((c + contracted + base[len(art):], len(c)))
                    continue
                out.add((c + p + base, len(c) + len(p)))
    return out


def alternation(words: Iterable[str], flexible_space: bool = False) -> str:
    """A regex matching any of `words` literally, longest first, written as a trie: where no
    word can start, the engine gives up after a character or two, not after every word.
    With `flexible_space`, a space in a word matches any run of blanks."""
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [(r"\s+" if ch == " " and flexible_space else regex.escape(ch)) + emit(sub)
                for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body}|)" if "" in node else body   # "(?:x|)", not "(?:x)?": no repeat context

    return emit(trie)


class WordGate:
    """Which tags' words stand in a text as words: no letter after the word and, before it,
    no letter or (where a word allows them) one or two glued proclitics. One Aho-Corasick pass;
    a quick necessary test that lets most texts skip matchers which would find nothing.

    `words` are (word, tag, proclitics allowed) triples. `riders` are PhraseMatchers whose
    automata ride along: `scan` returns each one's raw hits, for its `find` to take."""

    def __init__(self, words: Iterable[tuple[str, str, bool]], riders: Iterable[PhraseMatcher] = ()):
        self.riders = tuple(riders)
        # containers made only for a new form (tens of thousands of forms, few of them shared)
        rules: dict[str, set] = {}
        for word, tag, clitics in words:
            if word in rules:
                rules[word].add((tag, clitics))
            else:
                rules[word] = {(tag, clitics)}
        self.words = tuple(sorted(rules))
        self.tags = frozenset(t for got in rules.values() for t, _ in got)
        rides: dict[str, list] = {}
        for i, rider in enumerate(self.riders):
            for form, value in rider.items():
                if form in rides:
                    rides[form].append((i, value))
                else:
                    rides[form] = [(i, value)]
        # Each word is added reversed and the text is scanned reversed: the proclitic forms of a
        # word then share its path, and the automaton is a quarter the size (it stays in cache).
        self._auto = ahocorasick.Automaton()
        # a word's value: its length, the tags it gives as a word, those it gives with glued
        # proclitics, and its riders' values
        for w in [*rules, *(f for f in rides if f not in rules)]:
            got = rules.get(w, ())
            self._auto.add_word(w[::-1], (len(w), frozenset(t for t, _ in got),
                                          frozenset(t for t, clitics in got if clitics), tuple(rides.get(w, ()))))
        self.empty = not (rules or rides)
        if not self.empty:
            self._auto.make_automaton()
        self._clitics = arabic.proclitic_letters()

    def scan(self, text: str) -> tuple[frozenset[str], tuple[list, ...]]:
        """The tags of the words that stand in `text`, and each rider's raw automaton hits of
        it (to hand to that rider's `find`, so it does not scan the text again); hits inside a
        word, which `find` drops, are left out here already."""
        out: set[str] = set()
        hits: tuple[list, ...] = tuple([[] for _ in self.riders])
        if self.empty:
            return frozenset(out), hits
        n, cl = len(text), self._clitics
        for r, (length, tags, glued_tags, rides) in self._auto.iter(text[::-1]):
            s = n - 1 - r        # where the word starts in `text`
            alone = not s or not text[s - 1].isalpha()
            if rides and alone:
                last = s + length - 1
                for i, value in rides:
                    hits[i].append((last, value))
            if not tags or (s + length < n and text[s + length].isalpha()):
                continue
            if alone:
                out |= tags
            elif glued_tags and text[s - 1] in cl and (s == 1 or not text[s - 2].isalpha() or (
                    text[s - 2] in cl and (s == 2 or not text[s - 3].isalpha()))):
                out |= glued_tags   # one or two proclitic letters glued on
            if not self.riders and len(out) == len(self.tags):
                break
        return frozenset(out), hits

    def found(self, text: str) -> frozenset[str]:
        """The tags of the words that stand in `text`."""
        return self.scan(text)[0]


class PhraseMatcher:
    """Match phrases (with payloads) allowing proclitics; `suffixes` may follow a phrase."""

    def __init__(self, entries: Iterable[tuple[str, Any]], article: bool = False,
                 suffixes: Iterable[str] = ()):
        self._auto = ahocorasick.Automaton()
        self.suffixes = tuple(sorted((normalize(s) for s in suffixes), key=len, reverse=True))
        keys: dict[str, tuple] = {}
        art = arabic.article()
        stems = set()
        for phrase, payload in entries:
            p = normalize(phrase).strip()
            if not p:
                continue
            stems.add(p[len(art):] if p.startswith(art) else p)
            for form, plen in _forms(p, article):
                # An explicit phrase wins over a proclitic reading of another phrase.
                if form not in keys or plen < keys[form][1]:
                    keys[form] = (p, plen, payload)
        for form, (p, plen, payload) in keys.items():
            core = form[plen:]
            self._auto.add_word(form, (len(form), plen, p, payload, core))
        self.empty = not keys
        if not self.empty:
            self._auto.make_automaton()
        self._stems = _few_stems(stems)

    def forms(self) -> list[str]:
        """Every surface form the automaton holds (phrases with their proclitics)."""
        return list(self._auto.keys()) if not self.empty else []

    def items(self) -> list[tuple[str, tuple]]:
        """(form, automaton value) pairs: what a WordGate needs to scan for this matcher."""
        return list(self._auto.items()) if not self.empty else []

    def find(self, text: str, raw: list | None = None) -> list[Hit]:
        """The phrases in `text`, longest first where they overlap; `raw` are this matcher's
        automaton hits of `text` when a `WordGate` pass already has them."""
        if self.empty or raw == [] or (raw is None and not self._may_hold(text)):
            return []   # no phrase, none in a gate's pass, or none of the stems
        # candidates as plain tuples, (start, -length, order): sorting them is the stable sort by
        # start and length, and only the hits kept are built
        cands = []
        n = len(text)
        for end_idx, value in (self._auto.iter(text) if raw is None else raw):
            start, end = end_idx + 1 - value[0], end_idx + 1
            if start and text[start - 1].isalpha():
                continue
            if end < n and text[end].isalpha():
                end = self._suffixed(text, end)
                if end is None:
                    continue
            cands.append((start, start - end, len(cands), end, value))
        if not cands:
            return []
        cands.sort()
        out, last = [], -1
        for start, _, _, end, (_, plen, phrase, payload, _) in cands:
            if start >= last:
                out.append(Hit(start, end, start + plen, phrase, payload))
                last = end
        return out

    def _may_hold(self, text: str) -> bool:
        """False when `text` holds none of the few stems, so no phrase (every form of a phrase
        holds its stem, the phrase without its article)."""
        if self._stems is None:
            return True
        for stem in self._stems:
            if stem in text:
                return True
        return False

    def _suffixed(self, text: str, end: int) -> int | None:
        """Where the word at `end` ends when it is one of the suffixes (longest first); None
        when the phrase ends inside a longer word."""
        n = len(text)
        for s in self.suffixes:
            if text.startswith(s, end) and (end + len(s) >= n or not text[end + len(s)].isalpha()):
                return end + len(s)
        return None


def _few_stems(stems: set[str]) -> tuple[str, ...] | None:
    """The stems a text must hold one of to hold a phrase; None when there are more than
    `STEM_TESTS`."""
    kept = shortest_cover(stems)
    return None if len(kept) > STEM_TESTS else kept


def shortest_cover(strings: Iterable[str]) -> tuple[str, ...]:
    """The strings that hold no shorter one of them: a text holds one of `strings` only if it
    holds one of these."""
    kept: list[str] = []
    for x in sorted(set(strings), key=lambda x: (len(x), x)):
        if not any(k in x for k in kept):
            kept.append(x)
    return tuple(kept)
