"""What the words around place names say: governorate clues, bulletin headers, place phrases.

All functions take text already normalised with `analysis.text.normalize.normalize` and
return spans into it. The words they use live in `data/place_words.yaml`.

- `admin1_clues`: "ريف X" / "بريف X الشرقي" / "ريفي حلب وإدلب" (one clue per governorate),
  "محافظة X", "بادية X", "مدينة X" for governorate names X, and governorate adjectives:
  "الريف الشمالي الحموي" (kind rif), "حي جوبر الدمشقي" (kind place: the adjective says where
  the place before it is; it also follows people's names, so it is the weakest clue).
  The countryside of Damascus is Rif Dimashq: "ريف دمشق", "الريف الدمشقي" → SY-RD.
- `header_admin1`: the governorates a bulletin region header covers.
- `place_phrases`: a feature word and the name(s) it introduces, one phrase per name.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
import re
from typing import TYPE_CHECKING

import ahocorasick
import regex

from analysis.lexicon import load_lexicon
from analysis.places.words import FeatureForm, Words, norm, words
from analysis.text.normalize import normalize
from analysis.text import arabic
from analysis.text.matcher import PhraseMatcher, WordGate, alternation as _alt

if TYPE_CHECKING:
    from analysis.places.gazetteer import Gazetteer

# Stdlib `re` scans these alternations of literals about three times faster than `regex`;
# [^\W_] is what str.isalnum() accepts: a letter or a digit.
_B = r"(?![^\W_])"       # no letter or digit follows
_A = r"(?<![^\W_])"      # no letter or digit precedes
QUOTES = frozenset('"“”«»')
DASHES = frozenset("-–—")
# A name ends at this many words (qualifiers and quoted names aside).
MAX_NAME_WORDS = 4
# How far ahead of a feature word a phrase may reach, in tokens.
LOOKAHEAD = 48


@dataclass(frozen=True, slots=True)
class Clue:
    start: int
    end: int
    admin1: str
    kind: str  # "rif" | "muhafaza" | "badia" | "city" | "place"


@dataclass(slots=True)  # not frozen: docs/coding_rules.md, "Time and size"
class PlacePhrase:
    start: int         # the feature word (the first name of a list) or the name
    end: int           # end of the name and its qualifiers ("العسكري", "النفطي")
    feature_word: str  # canonical singular, normalised: "قريه" for "قريتي"
    name_start: int
    name_end: int


@lru_cache(maxsize=1)
def _clue_patterns():
    w = words()
    pre, names, dirs = _alt(w.plain_clitics), _alt(w.admin1_names), _alt(w.directions)
    wa, art = re.escape(arabic.coordinator()), re.escape(arabic.article())
    rif = _alt(f for f, (kind, many) in w.clue_forms.items() if kind == "rif" and not many)
    tail = rf"((?:\s+(?:{dirs}){_B})*)"
    return (re.compile(rf"\s+({names}){_B}{tail}"),
            re.compile(rf"\s*(?:[،,]\s*)?(?:{wa}\s*)?({names}){_B}{tail}"),
            re.compile(rf"{_A}(?:{pre})?((?:{art})?{rif})(?:\s+(?:{dirs}))*\s+$"),
            # "بالريف الغربي", "ريف المدينة الشمالي", "ريفها الجنوبي": the countryside of the
            # governorate the context names
            re.compile(rf"{_A}(?:{pre})?((?:{art})?{rif})(?:(?=\s+(?:{dirs}){_B})|\s+(?:{_alt(w.seat_words)}){_B}"
                       rf"|(?:{_alt(w.rif_suffixes)}){_B}){tail}"))


def admin1_clues(text: str, header: frozenset[str] = frozenset()) -> list[Clue]:
    """Governorate clues in `text`, in order. A list ("ريفي حلب وإدلب") gives one clue per
    governorate: the first spans cue to name, the others their name. A countryside named
    with no governorate ("بالريف الغربي", "ريف المدينة") is the countryside of the one
    governorate `header` (the bulletin's region header) names: kind relative."""
    w = words()
    cues, adjectives = _cue_words(text)
    name_re, more_re, rif_before, relative = _clue_patterns()
    out: list[Clue] = []
    last = 0
    home = _home(header)
    for start, end, cue in cues:
        if start < last:
            continue
        kind, many = w.clue_forms[cue]
        nm = name_re.match(text, end)
        if not nm:
            continue
        code = w.admin1_names[nm.group(1)]
        out.append(Clue(start, nm.end(), w.rif[code] if kind == "rif" else code, kind))
        last = nm.end()
        while many and (mm := more_re.match(text, last)):
            code = w.admin1_names[mm.group(1)]
            out.append(Clue(mm.start(1), mm.end(), w.rif[code] if kind == "rif" else code, kind))
            last = mm.end()
    if home:
        named = [(c.start, c.end) for c in out]
        out += [Clue(m.start(1), m.end(), home, "relative") for m in relative.finditer(text)
                if not any(a < m.end() and m.start(1) < b for a, b in named)]
    for start, end, adjective in adjectives:
        code = w.adjectives[adjective]
        lo = max(0, start - 60)
        rb = rif_before.search(text, lo, start)
        if rb:
            out.append(Clue(rb.start(1), end, w.rif[code], "rif"))
        else:
            out.append(Clue(start, end, code, "place"))
    out.sort(key=lambda c: (c.start, c.end))
    return out


def _cue_words(text: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """(start, end, word) of the cue words ("بريف", "محافظة") and of the governorate adjectives
    ("والحموي") in `text`, whole words, from one automaton pass."""
    cues, adjectives = [], []
    for start, end, (_, cue, adjective) in _whole_words(_clue_words(), text, 0, len(text)):
        if cue is not None:
            cues.append((start + cue, end, text[start + cue:end]))
        if adjective is not None:
            adjectives.append((start + adjective, end, text[start + adjective:end]))
    return cues, adjectives


@lru_cache(maxsize=1)
def _clue_words() -> ahocorasick.Automaton:
    """Every cue word, a proclitic glued on or not ("بريف"), and every governorate adjective,
    و glued on or not ("والحموي"), as written → (its length, where the cue word proper starts
    in it, where the adjective does; None for what it is not)."""
    w = words()
    cues = _glued(w.clue_forms, w.plain_clitics)
    adjectives = _glued(w.adjectives, (arabic.coordinator(),))
    return _automaton({word: (len(word), cues.get(word), adjectives.get(word)) for word in cues.keys() | adjectives.keys()})


def _glued(forms: Iterable[str], clitics: Iterable[str]) -> dict[str, int]:
    """Each form as written with each proclitic glued on, or none → the proclitic's length; a
    word that reads both ways takes the longer proclitic."""
    out: dict[str, int] = {}
    for clitic in sorted(("", *clitics), key=len):
        for form in forms:
            out[clitic + form] = len(clitic)
    return out


def _automaton(values: dict[str, tuple]) -> ahocorasick.Automaton:
    """An automaton of `values`' words; each value opens with its word's length."""
    auto = ahocorasick.Automaton()
    for word, value in values.items():
        auto.add_word(word, value)
    auto.make_automaton()
    return auto


def _whole_words(auto: ahocorasick.Automaton, text: str, lo: int, hi: int) -> Iterator[tuple[int, int, tuple]]:
    """(start, end, value) of each hit of `auto` in text[lo:hi] that is a whole word (text[hi:]
    is not looked at); an automaton finds them about twice as fast as a regex."""
    for last, value in auto.iter(text, lo, hi):
        start, end = last + 1 - value[0], last + 1
        if (start > 0 and text[start - 1].isalnum()) or (end < hi and text[end].isalnum()):
            continue
        yield start, end, value


def _home(header: frozenset[str]) -> str | None:
    """The countryside a bulletin section's "الريف" means: its one governorate's, or the
    countryside of a header that names a city and its countryside ("دمشق وريفها")."""
    rif = {words().rif.get(code, code) for code in header}
    return next(iter(rif)) if len(rif) == 1 else None


@lru_cache(maxsize=4096)
def header_admin1(section: str | None, gaz: Gazetteer) -> frozenset[str]:
    """Governorates a bulletin header names: "دمشق وريفها" → {SY-DI, SY-RD}; a part that is
    a place of one governorate counts too ("الغوطة الشرقية" → SY-RD); a region that spans
    the country ("البادية السورية") or an unknown header → empty; `gaz` looks up a part that
    names no governorate. Cached: headers repeat; `gazetteer.clear_cache` clears it too."""
    if not section:
        return frozenset()
    w = words()
    h = norm(section).strip(" :.،,-–—")
    if h in w.header_regions:
        return w.header_regions[h]
    codes: set[str] = set()
    last = None
    wa = arabic.coordinator()
    for part in regex.split(rf"\s*[،,/]\s*|\s+[-–—]\s+|\s+(?={wa})", h):
        if part in w.rif_pronouns:
            if last:
                codes.add(w.rif[last])
            continue
        if part.startswith(wa) and _header_part(part[1:], w, gaz) is not None:
            part = part[1:]
        found = _header_part(part, w, gaz)
        if found:
            codes |= found
            last = next(iter(found)) if len(found) == 1 else None
    return frozenset(codes)


def _header_part(part: str, w: Words, gaz: Gazetteer) -> frozenset[str] | None:
    """Governorates of one header part, or None when it names nothing known."""
    if part in w.admin1_names:
        return frozenset({w.admin1_names[part]})
    if part in w.header_regions:
        return w.header_regions[part]
    head, _, rest = part.partition(" ")
    if head in w.clue_forms and rest in w.admin1_names:
        code = w.admin1_names[rest]
        return frozenset({w.rif[code] if w.clue_forms[head][0] == "rif" else code})
    admins = {p.admin1 for p in gaz.lookup(part)}
    return frozenset(admins) if len(admins) == 1 and None not in admins else None


@lru_cache(maxsize=1)
def _countries() -> tuple[PhraseMatcher, PhraseMatcher, WordGate]:
    """The country names, the country adjectives, and a gate both ride: one pass over a text."""
    w = words()
    names, adjectives = PhraseMatcher(w.countries.items()), PhraseMatcher(w.country_adjectives.items())
    return names, adjectives, WordGate((), (names, adjectives))


@dataclass(slots=True)  # not frozen: docs/coding_rules.md, "Time and size"
class CountryClue:
    start: int
    end: int
    code: str
    locative: bool     # after في، جنوب، داخل … or ب: a place even where the word names a side
    relative: bool = False  # within a relative clause ("الذين ينشطون في سوريا"): describes someone


def country_clues(text: str) -> list[CountryClue]:
    """Each country `text` names as a place ("في العراق", "بتركيا", "في بلدة تركية"); a country
    named as the other side of a border ("الحدود مع سوريا") is not where it happened."""
    w = words()
    names, adjectives, gate = _countries()
    raw_names, raw_adjectives = gate.scan(text)[1]
    out = []
    for h in names.find(text, raw_names):
        before = arabic.words_before(text, h.start, 2)
        if _ends_with(before, w.border_words):
            continue
        glued = h.start < h.core_start and any(c in text[h.start:h.core_start] for c in w.locative_clitics)  # "بتركيا"
        out.append(CountryClue(h.core_start, h.end, h.payload, glued or bool(before) and before[-1] in w.locatives,
                               _relative(text, h.start, w)))
    for h in adjectives.find(text, raw_adjectives):
        if arabic.word_before(text, h.start) in w.adjective_after:
            out.append(CountryClue(h.core_start, h.end, h.payload, True, _relative(text, h.start, w)))
    return sorted(out, key=lambda c: c.start)


def _relative(text: str, start: int, w: Words) -> bool:
    """A relative pronoun within the three words before `start`, in the same clause."""
    floor = -1
    for p in "،,.؛;:":
        floor = max(floor, text.rfind(p, 0, start))
    return not _relatives().isdisjoint(arabic.words_before(text, start, 4, floor + 1))


@lru_cache(maxsize=1)
def _relatives() -> frozenset[str]:
    """The relative pronouns as they may be written, a proclitic glued on or not: each word
    `x` with `unglued(x)` or `x` a relative pronoun, so that one set lookup tests a word."""
    rel = words().relative_before
    glued = {c + r for c in (*arabic.conjunctions(), *arabic.prepositions()) for r in rel}
    return frozenset(x for x in rel | glued if arabic.unglued(x) in rel or x in rel)


def origin(text: str, start: int) -> bool:
    """The place at `start` is named as where someone comes from ("انتحاري من الرقة", "المنحدر
    من بلدة خضر"), a feature word between allowed."""
    w = words()
    head = arabic.words_before(text, start, 4)
    if head and head[-1] in w.feature_forms:
        head = head[:-1]
    return _ends_with(head[-3:], w.origin_before)


def _ends_with(words_: list[str], phrases: frozenset[str]) -> bool:
    """`words_` end with one of `phrases` (whole words): a set lookup per ending, not a test
    of every phrase."""
    for i in range(len(words_)):
        if " ".join(words_[i:]) in phrases:
            return True
    return False


def feature_of(feature_word: str) -> str | None:
    """The feature a feature word names: "قريتي" → "village"."""
    form = words().feature_forms.get(norm(feature_word))
    return form.feature if form else None


@lru_cache(maxsize=1)
def _feature_words() -> ahocorasick.Automaton:
    """Every feature word as written, a proclitic glued on or not ("وقرية"), → (its length,
    the proclitic's)."""
    w = words()
    return _automaton({word: (len(word), clitic) for word, clitic in _glued(w.feature_forms, w.plain_clitics).items()})


def _feature_hits(text: str, lo: int, hi: int) -> Iterator[tuple[int, int, int]]:
    """(start, start of the feature word proper, end) of each whole word of text[lo:hi] that is
    a feature word, a proclitic glued on or not (text[hi:] is not looked at)."""
    for start, end, (_, clitic) in _whole_words(_feature_words(), text, lo, hi):
        yield start, start + clitic, end


def _boundary(word: str, w: Words) -> bool:
    """`word` (maybe with a glued proclitic) ends a name: a stop, feature or clue word,
    governorate adjective, qualifier, direction or number."""
    if word.isdigit():
        return True
    ends, clitics = _name_ends()
    for c in clitics:
        if word.startswith(c) and word[len(c):] in ends:
            return True
    return False


@lru_cache(maxsize=1)
def _name_ends() -> tuple[frozenset[str], tuple[str, ...]]:
    """The words that end a name (`_boundary`) in one set, and the proclitics they may carry
    ("" first): one lookup per proclitic, not six."""
    w = words()
    ends = w.stops | w.feature_forms.keys() | w.clue_forms.keys() | w.adjectives.keys() | w.qualifiers | w.directions
    return frozenset(ends), ("", *w.plain_clitics)


@dataclass(frozen=True, slots=True)
class _Affixes:
    """The affixes name reading tests on every word, looked up once."""
    coordinator: str       # و
    article: str           # ال
    contracted: str        # لل
    lam: str               # ل
    no_part: frozenset[str]  # a next word glued to one of these opens no name's part


@lru_cache(maxsize=1)
def _affixes() -> _Affixes:
    wa = arabic.coordinator()
    return _Affixes(wa, arabic.article(), arabic.contracted_article(), arabic.lam(),
                    frozenset(arabic.prepositions()) | (frozenset(arabic.conjunctions()) - {wa}))


class _Tokens:
    """The LOOKAHEAD tokens after a feature word as (start, end, text), read only as far as
    a phrase needs them (most phrases end after a word or two)."""

    __slots__ = ("_it", "_toks")

    def __init__(self, text: str, pos: int):
        self._it = islice(arabic.TOKEN.finditer(text, pos), LOOKAHEAD)
        self._toks: list[tuple[int, int, str]] = []

    def has(self, j: int) -> bool:
        """Whether there is a token j (reading up to it)."""
        while len(self._toks) <= j:
            t = next(self._it, None)
            if t is None:
                return False
            self._toks.append((t.start(), t.end(), t.group()))
        return True

    def __getitem__(self, j: int) -> tuple[int, int, str]:
        self.has(j)
        return self._toks[j]


@lru_cache(maxsize=1)
def _actor_heads() -> frozenset[str]:
    """First words of the actor lexicon's names ("قوات", "النظام", "تنظيم")."""
    lx = load_lexicon("actors")
    names = [n for a in lx["actors"] for n in [*a.get("names", []), *a.get("air", [])]] + [b["word"] for b in lx["back_references"]]
    return frozenset(normalize(n).split()[0] for n in names)


def _owner(word: str) -> bool:
    """"حاجز للنظام", "مقر لتنظيم داعش": ل + a side's name says whose it is; it names no place."""
    heads, a = _actor_heads(), _affixes()
    return word[:1] == a.lam and (word[1:] in heads or (word.startswith(a.contracted) and a.article + word[2:] in heads))


def _read_name(toks: _Tokens, j: int, skip: int, form: FeatureForm, gaz: Gazetteer, w: Words, dash: bool = True):
    """(name_start, name_end, phrase_end, next token) of the name at toks[j], or None."""
    s, e, t = toks[j]
    if t in QUOTES:
        for k in range(j + 1, j + 12):
            if not toks.has(k):
                break
            if toks[k][2] == "\n":
                return None
            if toks[k][2] in QUOTES:
                if k == j + 1:
                    return None
                return _qualified(toks, toks[j + 1][0], toks[k - 1][1], toks[k][1], k + 1, w)
        return None
    word = t[skip:]
    if len(word) < 2 or not word[0].isalpha() or _boundary(word, w) or word in w.not_names or _owner(word):
        return None
    parts, ns, ne, k = [word], s + skip, e, j + 1
    a = _affixes()
    while toks.has(k) and len(parts) < MAX_NAME_WORDS:
        nxt = toks[k][2]
        if not nxt[0].isalpha() or nxt.startswith(a.coordinator) or _boundary(nxt, w):
            break
        cur = " ".join(parts)
        if parts[-1] not in w.name_prefixes:
            longer = f"{cur} {nxt}"
            if nxt.startswith(a.article):
                if gaz.is_known(cur) and not (gaz.is_known(longer) or gaz.is_prefix(longer)):
                    break
            elif nxt[0] in a.no_part or gaz.is_known(cur):
                break
        parts.append(nxt)
        ne, k = toks[k][1], k + 1
    if dash and form.feature in w.dash_features and toks.has(k + 1) and toks[k][2] in DASHES:
        second = _read_name(toks, k + 1, 0, form, gaz, w, dash=False)
        if second:
            return ns, second[1], second[2], second[3]
    return _qualified(toks, ns, ne, ne, k, w)


def _qualified(toks: _Tokens, ns: int, ne: int, pe: int, k: int, w: Words):
    while toks.has(k) and toks[k][2] in w.qualifiers:
        pe, k = toks[k][1], k + 1
    return ns, ne, pe, k


def _phrases(text: str, gaz: Gazetteer, lo: int = 0, hi: int | None = None) -> list[PlacePhrase]:
    """Place phrases whose feature word starts in text[lo:hi]."""
    w = words()
    out: list[PlacePhrase] = []
    pos = lo
    for start, word_start, end in _feature_hits(text, lo, len(text) if hi is None else min(hi, len(text))):
        if start < pos:
            continue
        form = w.feature_forms[text[word_start:end]]
        if form.not_after:
            if arabic.word_before(text, start) in form.not_after:
                continue
        toks = _Tokens(text, end)
        limit = {"one": 1, "two": 2}.get(form.number, LOOKAHEAD)
        j, skip, n = 0, 0, 0
        while n < limit and toks.has(j):
            r = _read_name(toks, j, skip, form, gaz, w)
            if r is None:
                break
            ns, ne, pe, j = r
            out.append(PlacePhrase(word_start if n == 0 else ns, pe, form.word, ns, ne))
            n, skip = n + 1, 0
            if n >= limit or not toks.has(j):
                break
            t = toks[j][2]
            wa = _affixes().coordinator
            if t in "،,":
                j += 1
                if toks.has(j) and toks[j][2] == wa:
                    j += 1
            elif t == wa:
                j += 1
            elif t.startswith(wa) and len(t) > 2:
                skip = 1
            else:
                break
        if n:
            pos = toks[j][0] if toks.has(j) else len(text)
    return out


def place_phrases(text: str, gaz: Gazetteer) -> list[PlacePhrase]:
    """Feature word + name phrases in `text`: "قرية دير سمعان", "مطار ديرالزور العسكري";
    a dual or plural feature word gives one phrase per listed name ("قرى طلف وحربنفسه")."""
    return _phrases(text, gaz)


def phrase_name_spans(text: str, gaz: Gazetteer, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Name spans of the place phrases around `spans` that may name a place (not "حاجز X"):
    the gazetteer's test for names that are also common words. Only the stretch a phrase
    could reach back from each span is parsed."""
    w = words()
    reach = LOOKAHEAD * 8
    windows: list[list[int]] = []
    for a, b in sorted(spans):
        if windows and a - reach <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
        else:
            windows.append([max(0, a - reach), b])
    return [(p.name_start, p.name_end) for lo, hi in windows for p in _phrases(text, gaz, lo, hi)
            if w.feature_forms[p.feature_word].feature not in w.facility_features]
