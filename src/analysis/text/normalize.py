"""Arabic normalisation for matching only; offsets always go back to the text as written.

The character classes come from pyarabic (hamza/alef forms, harakat, tatweel); what we
add is an offset map, so a match found in the normalised text points at the original
characters. Folding: أ إ آ ٱ → ا, ى → ي, ة → ه, Arabic-Indic and Persian digits → 0-9;
removed: harakat, superscript alef, tatweel, zero-width and bidi marks.
"""
from __future__ import annotations

import numpy as np
import regex
from pyarabic import araby

_FOLD = {araby.ALEF_HAMZA_ABOVE: araby.ALEF, araby.ALEF_HAMZA_BELOW: araby.ALEF,
         araby.ALEF_MADDA: araby.ALEF, araby.ALEF_WASLA: araby.ALEF,
         araby.ALEF_MAKSURA: araby.YEH, araby.TEH_MARBUTA: araby.HEH,
         "\u066b": ".", "\u066c": ",", "\u060c": "،"}
_FOLD.update({chr(0x0660 + i): str(i) for i in range(10)})
_FOLD.update({chr(0x06F0 + i): str(i) for i in range(10)})
_DELETE = set(araby.TASHKEEL) | {araby.TATWEEL, "\u0670", "\u0656", "\u0657", "\u0658",
                                 "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c",
                                 "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\ufeff"}
_DELETE |= {chr(c) for c in range(0x064B, 0x0660)}
_TABLE = str.maketrans({**_FOLD, **{c: None for c in _DELETE}})
_DELETE_CODES = np.array(sorted(ord(c) for c in _DELETE), dtype=np.uint32)
_HAS_DELETE = regex.compile("[" + "".join(regex.escape(c) for c in sorted(_DELETE)) + "]")

_ARABIC_LETTER = regex.compile(r"[\p{Script=Arabic}&&\p{L}]", regex.V1)
_LETTER = regex.compile(r"\p{L}")


def normalize(s: str) -> str:
    """Fold a string for matching (lexicon entries and text alike)."""
    return s.translate(_TABLE)


class NormText:
    """A normalised copy of `orig` with a map from its indices back to `orig`'s."""

    __slots__ = ("orig", "text", "_map")

    def __init__(self, orig: str):
        self.orig = orig
        self.text = orig.translate(_TABLE)
        if len(self.text) == len(orig) and not _HAS_DELETE.search(orig):
            self._map = None
        else:
            codes = np.frombuffer(orig.encode("utf-32-le"), dtype=np.uint32)
            self._map = np.flatnonzero(~np.isin(codes, _DELETE_CODES))

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


def arabic_share(text: str, sample: int = 20000) -> float:
    """Share of letters that are Arabic (0 when there are no letters)."""
    s = text[:sample]
    letters = len(_LETTER.findall(s))
    return len(_ARABIC_LETTER.findall(s)) / letters if letters else 0.0
