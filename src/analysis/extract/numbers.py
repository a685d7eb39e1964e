"""Numbers as the press writes them (codebook §6), read into (low, best, high).

Digits with their thousands separators ("1,200", "1.500", "١٬٢٠٠", "1 200" with a narrow
no-break space) and decimals before a scale ("2.5 ألف"); number words and their compounds
("ثلاثة وعشرين", "147 ألف"); vague quantities ("عشرات"); ranges ("بين 10 و15", "10-15", "3
أو 4") and qualifiers ("أكثر من", "حوالي", "على الأقل"). The words live in
`data/numbers.yaml`; the separators and the arithmetic are here. A decimal that no scale
makes whole ("5.5") counts nobody.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.lexicon import load_lexicon
from analysis.text import arabic
from analysis.text.matcher import alternation
from analysis.text.normalize import normalize

Value = tuple[int | None, int | None, int | None]

# Digits as written, after normalisation (Arabic-Indic digits are 0-9, "٬" is "," and "٫" is
# "."): groups of three joined by one separator are one number; a "." before one or two digits
# is a decimal point.
_GROUPED = r"\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:\.\d{3})+(?![\d.])|\d{1,3}(?:[\u202f\u00a0]\d{3})+(?!\d)"
DIGITS = rf"(?:{_GROUPED}|\d+(?:\.\d+)?)"
_NUMBER_TOKEN = re.compile(rf"{DIGITS}|\w+")
_SEPARATORS = str.maketrans("", "", ",\u202f\u00a0")


_BLANKS = re.compile(r"[ \t\r\n\f\v]+")   # not the no-break spaces that group digits


def phrase(s: str) -> str:
    """A lexicon phrase as matching sees it: folded, single spaces."""
    return _BLANKS.sub(" ", normalize(s)).strip(" ")


def key(s: str) -> str:
    """A matched multiword phrase as the lexicon spells it (any run of spaces → one space)."""
    return " ".join(s.split())


def alt(words) -> str:
    """Any of `words` (a trie, longest first); a space matches any run of spaces."""
    return alternation(words, flexible_space=True)


def read_digits(s: str) -> int | float:
    """The value of a run of digits with its separators: "1,200" → 1200, "1.500" → 1500, "2.5" → 2.5."""
    s = s.translate(_SEPARATORS)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
        return int(s.replace(".", ""))
    return float(s) if "." in s else int(s)


@dataclass(frozen=True, slots=True)
class Numbers:
    quant: str              # regex of a quantity phrase (groups q_*)
    number: re.Pattern      # a whole number phrase with its trailing qualifier
    words: dict[str, int]   # number word → value
    scales: dict[str, int]
    vague: dict[str, int]


@lru_cache(maxsize=1)
def numbers() -> Numbers:
    """The quantity grammar of `data/numbers.yaml`, compiled once."""
    nx = load_lexicon("numbers")
    words = {phrase(f): int(v) for v, fs in nx["words"].items() for f in fs}
    scales = {phrase(f): int(v) for v, fs in nx["scales"].items() for f in fs}
    vague = {phrase(f): int(v) for v, fs in nx["vague"].items() for f in fs}
    scale = rf"(?:{alt(scales)})(?!\w)"
    term = rf"(?:{alt(set(words) | set(scales))})(?!\w)"
    first = rf"(?:{alt(set(words) | (set(scales) - set(vague)))})(?!\w)"   # "آلاف" alone is vague
    num = rf"(?:{DIGITS}(?:\s*{scale})?|{first}(?:\s+(?:{arabic.coordinator()}\s*)?{term})*)"
    openers, approximately, at_least = ([phrase(f) for f in nx[k]] for k in ("range_openers", "approximately", "at_least"))
    joiner = alt(map(phrase, nx["range_joiners"]))
    alts = alt(map(phrase, nx["alternatives"]))
    # Every quantity opens with a digit or with the first word of one of these phrases: one
    # look at the word rules out the branches below for nearly every word of a text.
    opening = {f.split()[0] for f in (*words, *scales, *vague, *openers, *approximately, *at_least)}
    quant = (rf"(?=\d|(?:{alt(opening)})(?!\w))"
             rf"(?:(?:{alt(openers)})\s+(?P<q_a1>{num})\s+(?:{joiner})\s*(?P<q_b1>{num})"
             rf"|(?P<q_a2>{DIGITS})\s*[-–]\s*(?P<q_b2>{DIGITS})"
             rf"|(?P<q_a3>{num})\s+(?:{alts})\s+(?P<q_b3>{num})"
             rf"|(?:(?P<q_app>{alt(approximately)})\s+"
             rf"|(?P<q_min>{alt(at_least)})\s+)?(?P<q_n>{num})"
             rf"|(?P<q_vague>{alt(vague)}))(?!\w)")
    after = (rf"\s+(?:(?P<aq_min>{alt(map(phrase, nx['at_least_after']))})"
             rf"|(?P<aq_app>{alt(map(phrase, nx['approximately_after']))}))")
    return Numbers(quant, re.compile(rf"\s*{quant}(?:{after})?\s*"), words, scales, vague)


def count(s: str, nums: Numbers) -> int | None:
    """Value of a number written in digits and/or words ("147 ألف", "ثلاثة وعشرين", "2.5 ألف");
    None when it is not a whole number."""
    total = cur = 0
    for w in _NUMBER_TOKEN.findall(s):
        if w[0].isdigit():
            cur += read_digits(w)
            continue
        if w not in nums.words and w not in nums.scales and w[0] == arabic.coordinator():
            w = w[1:]
        if w in nums.scales:
            if nums.scales[w] < 1000:
                cur = (cur or 1) * nums.scales[w]
            else:
                total += (cur or 1) * nums.scales[w]
                cur = 0
        elif w in nums.words:
            cur += nums.words[w]
    n = total + cur
    return int(n) if n == int(n) else None


def value(m: re.Match, nums: Numbers) -> Value | None:
    """(low, best, high) of a quantity match (codebook §6); None when a number in it is not whole."""
    if m.group("q_vague") is not None:
        v = nums.vague[key(m.group("q_vague"))]
        return v, v, None
    for a, b in (("q_a1", "q_b1"), ("q_a2", "q_b2"), ("q_a3", "q_b3")):
        if m.group(b) is not None:
            x, y = count(m.group(a), nums), count(m.group(b), nums)
            if x is None or y is None:
                return None
            return min(x, y), min(x, y), max(x, y)
    n = count(m.group("q_n"), nums)
    if n is None:
        return None
    return (n, n, None) if m.group("q_min") is not None else (n, n, n)


def parse_number(text: str) -> Value | None:
    """(low, best, high) of a number phrase such as "أكثر من 15" or "بين 10 و15", else None."""
    nums = numbers()
    m = nums.number.fullmatch(phrase(text))
    if m is None:
        return None
    v = value(m, nums)
    if v is None:
        return None
    low, best, high = v
    return (low, best, None) if m.group("aq_min") is not None else (low, best, high)
