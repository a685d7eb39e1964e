"""The Arabic text layer every stage reads words through: one tokenizer, word windows, the
proclitics and suffixes, and the inflection of the names the lexicons compose.

Arabic writes conjunctions, prepositions and the article onto the word ("وبقوات", "للطيران")
and pronouns after it ("مقتله"); a nationality is listed once, as the base of its nisba
adjective (روسي), and agrees with its noun by rule ("الطائرات الروسية"). Every affix comes
from `data/morphology.yaml`; no affix or word is written in Python. Texts passed in are
already folded (`analysis.text.normalize.normalize`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from analysis.lexicon import load_lexicon
from analysis.text.normalize import normalize

# A word: letters and digits ([^\W_] is what str.isalnum() accepts). A token: a word, a line
# break, or any other single character that is not a space (punctuation, quotes, dashes).
WORD = re.compile(r"[^\W_]+")
TOKEN = re.compile(r"[^\W_]+|\n|\S")

GENDERS = ("m", "f")
NUMBERS = ("sg", "du", "pl")


@dataclass(frozen=True, slots=True)
class Morphology:
    article: str
    coordinator: str
    conjunctions: tuple[str, ...]
    prepositions: tuple[str, ...]
    contracted_article: str
    possessive_plural_only: tuple[str, ...]
    possessive: tuple[str, ...]
    sound_plural: tuple[str, ...]
    accusative: str
    adjective: dict            # gender → number → suffixes (nominative first)
    dual: tuple[str, ...]
    feminine_ending: str
    feminine_bound: str
    pronoun_suffixes: dict     # one | two | many → suffixes


@lru_cache(maxsize=1)
def morphology() -> Morphology:
    """The affixes of `data/morphology.yaml`."""
    m = load_lexicon("morphology")
    adjective = {g: {n: tuple(s) for n, s in by_number.items()} for g, by_number in m["adjective"].items()}
    return Morphology(m["article"], m["coordinator"], tuple(m["conjunctions"]), tuple(m["prepositions"]),
                      m["contracted_article"], tuple(m["possessive_suffixes"]["plurals_only"]),
                      tuple(m["possessive_suffixes"]["any"]), tuple(m["sound_plural"]), m["accusative"],
                      adjective, tuple(m["dual"]),
                      m["feminine_ending"], m["feminine_bound"],
                      {n: tuple(s) for n, s in m["pronoun_suffixes"].items()})


def definite(word: str, morph: Morphology | None = None) -> str:
    """`word` with the article (unchanged when it has it already)."""
    art = (morph or morphology()).article
    return word if word.startswith(art) else art + word


def adjective(base: str, gender: str, number: str, is_definite: bool,
              morph: Morphology | None = None) -> tuple[str, ...]:
    """Every form of the adjective `base` (its masculine singular without the article: روسي)
    that agrees with a noun of `gender` ("m"/"f") and `number` ("sg"/"du"/"pl"), one per case
    ending, with the article when `is_definite`: ("روسي", "f", "du", True) →
    ("الروسيتان", "الروسيتين"). A pure function of its arguments and the affix table.
    (Agreement itself is the caller's: a plural of things takes a feminine singular
    adjective, "الطائرات الروسية".)"""
    morph = morph or morphology()
    forms = tuple(base + suffix for suffix in morph.adjective[gender][number])
    return tuple(definite(f, morph) for f in forms) if is_definite else forms


def noun_dual(singular: str, morph: Morphology | None = None) -> tuple[str, ...]:
    """The sound dual of a singular noun, nominative first: جيش → (جيشان, جيشين),
    طائرة → (طائرتان, طائرتين)."""
    morph = morph or morphology()
    stem = singular
    if stem.endswith(morph.feminine_ending):
        stem = stem[:-len(morph.feminine_ending)] + morph.feminine_bound
    return tuple(stem + s for s in morph.dual)


def with_pronoun(word: str, morph: Morphology | None = None) -> dict[str, tuple[str, ...]]:
    """`word` with each pronoun suffix, by how many people the pronoun stands for: مقتل →
    {one: (مقتله, مقتلها), two: (مقتلهما,), many: (مقتلهم, مقتلهن)}; إصابة → إصابته …"""
    morph = morph or morphology()
    stem = word
    if stem.endswith(morph.feminine_ending):
        stem = stem[:-len(morph.feminine_ending)] + morph.feminine_bound
    return {n: tuple(stem + s for s in sfx) for n, sfx in morph.pronoun_suffixes.items()}


# --- words and windows --------------------------------------------------------------------

# Every letter (str.isalpha), and the few numerals that are no decimal digit ("²").
_LETTER_OR_NUMERAL = re.compile(r"[^\W\d_]")


def has_letter(s: str) -> bool:
    """Some character of `s` is a letter (str.isalpha): found in C, checked in Python only
    from the first character that may be one."""
    if s[:1].isalpha():
        return True
    m = _LETTER_OR_NUMERAL.search(s)
    return m is not None and (m.group().isalpha() or any(ch.isalpha() for ch in s[m.end():]))


def words(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """The words of text[start:end], in order."""
    return WORD.findall(text, start, len(text) if end is None else end)


def _last_words(text: str, pos: int, n: int, floor: int, find=WORD.findall) -> list:
    """What `find` gives for the last `n` words before `pos` (WORD.findall: the words; `_matches`:
    their matches), not reaching before `floor`: found in a window of about n + 1 words that
    widens ×4 until it holds more than n words (its first may be cut, and is never one of
    them), so the cost follows the words asked for, not the distance back to `floor`."""
    width = 8 * (n + 1)
    while True:
        lo = max(floor, pos - width)
        found = find(text, lo, pos)
        if lo == floor or len(found) > n:
            return found[-n:] if n else []
        width *= 4


def _matches(text: str, start: int, end: int) -> list[re.Match]:
    """The word matches of text[start:end]."""
    return list(WORD.finditer(text, start, end))


def words_before(text: str, pos: int, n: int, floor: int = 0) -> list[str]:
    """The last `n` words before `pos`, not reaching before `floor`."""
    return _last_words(text, pos, n, floor)


def window_start(text: str, pos: int, n: int, floor: int = 0) -> int:
    """Where the `n` words before `pos` begin (at least `floor`): the span of "the few words
    before"."""
    if n <= 0:
        return pos
    found = _last_words(text, pos, n, floor, _matches)
    return found[0].start() if len(found) == n else floor


def word_before(text: str, pos: int, floor: int = 0) -> str:
    """The word right before `pos` ("" when none), not reaching before `floor`. A loop over
    the few characters back (str.isalnum is the class `WORD` matches): three times faster
    than a regex over a window, and asked for tens of thousands of times per corpus."""
    j = pos
    while j > floor and not text[j - 1].isalnum():
        j -= 1
    i = j
    while i > floor and text[i - 1].isalnum():
        i -= 1
    return text[i:j]


def word_after(text: str, pos: int, limit: int | None = None) -> str:
    """The word right after `pos` ("" when none)."""
    got = words_after(text, pos, 1, limit)
    return got[0] if got else ""


def words_after(text: str, pos: int, n: int, limit: int | None = None) -> list[str]:
    """The first `n` words from `pos`, not reaching past `limit`."""
    out = []
    for m in WORD.finditer(text, pos, len(text) if limit is None else limit):
        out.append(m.group())
        if len(out) == n:
            break
    return out


# --- proclitics -----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def proclitics() -> tuple[str, ...]:
    """Every proclitic run a word may open with, longest first: و، ف، ب، ل، ك، وب، فل …"""
    m = morphology()
    runs = {c + p for c, p in product(("", *m.conjunctions), ("", *m.prepositions))} - {""}
    return tuple(sorted(runs, key=len, reverse=True))


@lru_cache(maxsize=1)
def article_proclitics() -> tuple[str, ...]:
    """Every way a word may open with the article and its proclitics: ال، وال، بال، لل، ولل …"""
    m = morphology()
    art, contracted = normalize(m.article), normalize(m.contracted_article)
    out = set()
    for c, p in product(("", *m.conjunctions), ("", *m.prepositions)):
        out.add(c + (contracted if p == contracted[0] else p + art))
    return tuple(sorted(out, key=len, reverse=True))


def bare(word: str, keep: int = 3) -> str:
    """`word` without the proclitic run it opens with, when at least `keep` letters remain
    ("وبقوات" → "قوات"); else `word` itself."""
    for run in proclitics():
        if word.startswith(run) and len(word) - len(run) >= keep:
            return word[len(run):]
    return word


def unglued(word: str, keep: int = 3) -> str:
    """`word` without one proclitic letter it opens with ("وقصف" → "قصف", "لسيطرة" →
    "سيطرة"), when at least `keep` letters remain."""
    if word[:1] in proclitic_letters() and len(word) - 1 >= keep:
        return word[1:]
    return word


@lru_cache(maxsize=1)
def proclitic_letters() -> frozenset[str]:
    """The one-letter proclitics, conjunctions and prepositions (و، ف، ب، ل، ك)."""
    m = morphology()
    return frozenset(m.conjunctions + m.prepositions)


@lru_cache(maxsize=1)
def lam() -> str:
    """The preposition ل, of possession and purpose ("مواقع لتنظيم الدولة", "للسيطرة")."""
    return contracted_article()[0]


def opens_with_lam(proclitics_run: str) -> bool:
    """The proclitics glued on a word end with ل ("ل", "ول", "فل")."""
    return proclitics_run[-1:] == lam()


def lam_before(text: str, start: int, core_start: int) -> bool:
    """The word at `start` (its phrase proper at `core_start`) carries ل: glued before it
    ("لقوات", "ولقوات") or merged into its article ("للتحالف" = ل + التحالف)."""
    return opens_with_lam(text[start:core_start]) or text.startswith(contracted_article(), core_start)


def conjunctions() -> tuple[str, ...]:
    return morphology().conjunctions


def prepositions() -> tuple[str, ...]:
    return morphology().prepositions


@lru_cache(maxsize=1)
def article() -> str:
    return normalize(morphology().article)


@lru_cache(maxsize=1)
def contracted_article() -> str:
    """ل + the article, as written (لل)."""
    return normalize(morphology().contracted_article)


def coordinator() -> str:
    return morphology().coordinator


def char_class(letters) -> str:
    """A regex character class of one-letter affixes: [وف]."""
    return "[" + "".join(re.escape(x) for x in letters) + "]"


def definite_prefix() -> str:
    """A regex for the article with its proclitics: [وف]?(?:[بك]?ال|لل)."""
    m = morphology()
    contracted = contracted_article()
    plain = [p for p in m.prepositions if p != contracted[0]]
    return (rf"{char_class(m.conjunctions)}?(?:{char_class(plain)}?{re.escape(article())}"
            rf"|{re.escape(contracted)})")


def possessive_suffixes(plural: bool) -> tuple[str, ...]:
    """Possessive suffixes a noun may carry: on a singular only those that are never its own
    ending."""
    m = morphology()
    return (*m.possessive_plural_only, *m.possessive) if plural else m.possessive


def sound_plural() -> tuple[str, ...]:
    return morphology().sound_plural


def accusative() -> str:
    return morphology().accusative


@lru_cache(maxsize=1)
def feminine_ending() -> str:
    """The feminine ending as matching sees it (ة folded to ه)."""
    return normalize(morphology().feminine_ending)
