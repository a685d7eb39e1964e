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

from analysis.text.normalize import normalize

CONJ = ("", "و", "ف")
PREP = ("", "ب", "ل", "ك")


@dataclass(frozen=True, slots=True)
class Hit:
    start: int        # start of the whole token run, proclitics included
    end: int
    core_start: int   # start of the phrase itself (proclitics excluded)
    phrase: str       # the lexicon phrase (normalised)
    payload: Any


def _forms(phrase: str, article: bool) -> set[tuple[str, int]]:
    """(surface form, proclitic length) for every proclitic combination."""
    out = set()
    bases = [phrase]
    if article and not phrase.startswith("ال"):
        bases.append("ال" + phrase)
    for base in bases:
        has_al = base.startswith("ال")
        for c in CONJ:
            for p in PREP:
                if p == "ل" and has_al:
                    # ل + ال is written لل: the proclitic merges into the article.
                    out.add((c + "ل" + base[1:], len(c)))
                    continue
                out.add((c + p + base, len(c) + len(p)))
    return out


class PhraseMatcher:
    """Match phrases (with payloads) allowing proclitics; `suffixes` may follow a phrase."""

    def __init__(self, entries: Iterable[tuple[str, Any]], article: bool = False,
                 suffixes: Iterable[str] = ()):
        self._auto = ahocorasick.Automaton()
        self.suffixes = tuple(sorted((normalize(s) for s in suffixes), key=len, reverse=True))
        keys: dict[str, tuple] = {}
        for phrase, payload in entries:
            p = normalize(phrase).strip()
            if not p:
                continue
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

    def find(self, text: str) -> list[Hit]:
        if self.empty:
            return []
        cands = []
        n = len(text)
        for end_idx, (length, plen, phrase, payload, _core) in self._auto.iter(text):
            start, end = end_idx - length + 1, end_idx + 1
            if start > 0 and text[start - 1].isalpha():
                continue
            if end < n and text[end].isalpha():
                for s in self.suffixes:
                    if text.startswith(s, end) and (end + len(s) >= n or not text[end + len(s)].isalpha()):
                        end += len(s)
                        break
                else:
                    continue
            cands.append(Hit(start, end, start + plen, phrase, payload))
        cands.sort(key=lambda h: (h.start, -(h.end - h.start)))
        out, last = [], -1
        for h in cands:
            if h.start >= last:
                out.append(h)
                last = h.end
        return out
