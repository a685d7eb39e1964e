"""Arabic normalisation for matching only; offsets always go back to the text as written.

The character classes come from pyarabic (hamza/alef forms, harakat, tatweel); what we
add is an offset map, so a match found in the normalised text points at the original
characters. Folding: أ إ آ ٱ → ا, ى → ي, ة → ه, Arabic-Indic and Persian digits → 0-9;
Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF, as PDFs and old web pages give
them) → their letters, by NFKC, then folded the same way: one form may become several
letters (the lam-alef ligature ﻻ is لا), and each of them maps back to it. Removed:
harakat, superscript alef, tatweel, soft hyphens, zero-width, joiner and bidi marks
(embeddings, overrides, isolates), variation selectors, and U+FFFD (a byte that could not
be decoded must not split the word it fell into).

Web text: a hashtag's sign is removed and the underscore that joins its words is a space
("بلدة #البارة" reads "بلدة البارة", "#ريف_دمشق" reads "ريف دمشق"), and a link
("https://t.me/…", "pic.twitter.com/…", even glued to the word before it) is blanked with
as many spaces, so that it neither joins nor hides the words around it. Both keep every
offset in place.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import numpy as np
import regex
from pyarabic import araby

_FOLD = {araby.ALEF_HAMZA_ABOVE: araby.ALEF, araby.ALEF_HAMZA_BELOW: araby.ALEF,
         araby.ALEF_MADDA: araby.ALEF, araby.ALEF_WASLA: araby.ALEF,
         araby.ALEF_MAKSURA: araby.YEH, araby.TEH_MARBUTA: araby.HEH,
         "\u066b": ".", "\u066c": ",", "\u060c": "،", "_": " "}
_FOLD.update({chr(0x0660 + i): str(i) for i in range(10)})
_FOLD.update({chr(0x06F0 + i): str(i) for i in range(10)})
_DELETE = set(araby.TASHKEEL) | {araby.TATWEEL, "\u0670", "\u0656", "\u0657", "\u0658",
                                 "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c",
                                 "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\ufeff",
                                 "\u00ad", "\u034f", "\u180e", "\ufffd", "#"}
_DELETE |= {chr(c) for c in range(0x064B, 0x0660)}
_DELETE |= {chr(c) for c in [*range(0x2060, 0x2065), *range(0x2066, 0x2070), *range(0xFE00, 0xFE10)]}
_BASE = str.maketrans({**_FOLD, **{c: None for c in _DELETE}})
# Presentation forms: NFKC, then the folding above ("ﻷ" → "لأ" → "لا").
_FORMS = {}
for _c in map(chr, [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)]):
    _nf = unicodedata.normalize("NFKC", _c)
    if _nf != _c and _c not in _DELETE:
        _FORMS[_c] = _nf.translate(_BASE)
_TABLE = str.maketrans({**_FORMS, **_FOLD, **{c: None for c in _DELETE}})

# The same table as a lookup array over the Basic Multilingual Plane (every folded or deleted
# character lies there): a whole document is folded in a few vectorised steps, not a
# dictionary lookup per character as `str.translate` does with non-Latin text. A character
# that becomes several is marked `_MANY`, and spelled out in a slower pass that only
# documents holding one take.
_GONE = 0xFFFFFFFF
_MANY = 0xFFFFFFFE
_LUT = np.arange(0x10000, dtype=np.uint32)
_SPELLED: dict[int, np.ndarray] = {}
for _k, _v in _TABLE.items():
    if _v is None or _v == "":
        _LUT[_k] = _GONE
    elif len(_v) == 1:
        _LUT[_k] = ord(_v)
    else:
        _LUT[_k] = _MANY
        _SPELLED[_k] = np.frombuffer(_v.encode("utf-32-le"), dtype=np.uint32)

# A link: a scheme, "www." or a known short host, then printable ASCII up to a space or a letter
# of another script.
_LINK = regex.compile(r"(?:https?://|www\.|pic\.twitter\.com/|t\.co/|t\.me/|bit\.ly/|youtu\.be/)[!-~]*",
                      regex.IGNORECASE)
_LETTER = regex.compile(r"\p{L}")
_ARABIC_LETTER = regex.compile(r"[\p{Script=Arabic}&&\p{L}]", regex.V1)
_NON_LETTERS = regex.compile(r"[^\p{L}]+")
_NON_ARABIC_LETTERS = regex.compile(r"[^\p{Script=Arabic}&&\p{L}]+", regex.V1)


def _unlinked(s: str) -> str:
    """`s` with each link blanked by as many spaces."""
    return _LINK.sub(lambda m: " " * len(m.group()), s) if "/" in s or "www" in s or "WWW" in s else s


def normalize(s: str) -> str:
    """Fold a string for matching (lexicon entries and text alike)."""
    return _unlinked(s.translate(_TABLE))


def _decode32(codes: np.ndarray) -> str:
    return codes.astype(np.uint32, copy=False).tobytes().decode("utf-32-le", "surrogatepass")


def _fold(orig: str) -> tuple[str, np.ndarray | None]:
    """`normalize(orig)` and the original index of each of its characters (None: unchanged)."""
    codes = np.frombuffer(orig.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    folded = _LUT[np.minimum(codes, 0xFFFF)]
    if codes.size and codes.max() > 0xFFFF:
        folded = np.where(codes > 0xFFFF, codes, folded)
    special = folded >= _MANY           # deleted, or spelled out
    if not special.any():
        return _decode32(folded), None
    if not (folded[special] == _MANY).any():
        keep = ~special
        return _decode32(folded[keep]), np.flatnonzero(keep)
    many = np.flatnonzero(folded == _MANY)
    lengths = (folded != _GONE).astype(np.int64)
    spelled = [_SPELLED[int(c)] for c in codes[many]]
    lengths[many] = [len(x) for x in spelled]
    out = np.repeat(folded, lengths)
    at = np.cumsum(lengths) - lengths
    for i, x in zip(at[many].tolist(), spelled):
        out[i:i + len(x)] = x
    return _decode32(out), np.repeat(np.arange(len(codes)), lengths)


class NormText:
    """A normalised copy of `orig` with a map from its indices back to `orig`'s.

    The map never decreases; a character that folded into several maps each of them to
    itself, so a span inside it maps back to the whole character."""

    __slots__ = ("orig", "text", "_map")

    def __init__(self, orig: str):
        self.orig = orig
        text, self._map = _fold(orig)
        self.text = _unlinked(text)

    def slice(self, a: int, b: int) -> NormText:
        """`NormText(orig[a:b])`, cut out of this one: a document is folded once, not once per
        line, sentence and paragraph."""
        out = NormText.__new__(NormText)
        out.orig = self.orig[a:b]
        i, j = self._bounds(a, b)
        out.text = self.text[i:j]
        if self._map is None:
            out._map = None
        else:
            m = self._map[i:j] - a
            # the same length and no character spelled out: every character kept, in place
            same = j - i == b - a and (j == i or (m[0] == 0 and m[-1] == j - i - 1 and bool(np.all(m[1:] > m[:-1]))))
            out._map = None if same else m
        return out

    def folded(self, a: int, b: int) -> str:
        """`normalize(orig[a:b])`, cut out of this one."""
        i, j = self._bounds(a, b)
        return self.text[i:j]

    def _bounds(self, a: int, b: int) -> tuple[int, int]:
        """The normalised span of the original span a:b."""
        if self._map is None:
            return a, b
        i, j = self._map.searchsorted((a, b)).tolist()
        return i, j

    def start(self, i: int) -> int:
        """Original index of normalised index `i` (a span start)."""
        if self._map is None:
            return i
        return int(self._map[i]) if i < len(self._map) else len(self.orig)

    def end(self, j: int) -> int:
        """Original end (exclusive) of a normalised span ending at `j`."""
        if self._map is None:
            return j
        return int(self._map[j - 1]) + 1 if j > 0 else 0
@lru_cache(maxsize=1)
def _letter_kinds() -> np.ndarray:
    """For every character of the Basic Multilingual Plane: 0 not a letter, 1 a letter, 2 an
    Arabic letter. Read off the regexes themselves, so a lookup agrees with them character
    for character."""
    bmp = "".join(map(chr, range(0x10000)))
    kinds = np.zeros(0x10000, dtype=np.uint8)
    for others in (_NON_LETTERS, _NON_ARABIC_LETTERS):   # blank out everything else
        kept = others.sub(lambda m: "\0" * len(m.group()), bmp)
        kinds += np.frombuffer(kept.encode("utf-32-le", "surrogatepass"), dtype=np.uint32) != 0
    return kinds


def arabic_share(text: str, sample: int = 20000) -> float:
    """Share of letters that are Arabic (0 when there are no letters)."""
    s = text[:sample]
    codes = np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if codes.size and codes.max() > 0xFFFF:     # beyond the table: ask the regexes
        letters = len(_LETTER.findall(s))
        return len(_ARABIC_LETTER.findall(s)) / letters if letters else 0.0
    _, other, arabic = np.bincount(_letter_kinds()[codes], minlength=3).tolist()
    return arabic / (other + arabic) if other + arabic else 0.0
