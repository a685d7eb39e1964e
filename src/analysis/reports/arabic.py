"""Arabic in matplotlib: shape and reorder text only when the text engine does not.

matplotlib ≥ 3.11 lays text out with libraqm, which joins Arabic letters and orders them
right to left by itself; feeding it text already reshaped by arabic-reshaper and reordered
by python-bidi would reverse it again. Older versions draw code points one by one, left to
right, and need both. Which applies is measured once per process, by rendering.
"""
from __future__ import annotations

from functools import lru_cache

import arabic_reshaper
import numpy as np
import regex
from bidi.algorithm import get_display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

# Three code points that join on both sides (seen, beh, teh), so a shaping engine must change
# their forms: a glyph sample, not a word, hence written as escapes.
PROBE = "\u0633\u0628\u062a"
_ARABIC = regex.compile(r"\p{Arabic}")


def _render(text: str, font: str) -> np.ndarray:
    fig = Figure(figsize=(1.5, 0.5), dpi=72)
    FigureCanvasAgg(fig)
    fig.text(0.1, 0.3, text, fontsize=14, family=font)
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


@lru_cache(maxsize=None)
def engine_shapes(font: str = "DejaVu Sans") -> bool:
    """True when matplotlib joins Arabic letters itself (then it also applies the bidi order).

    A shaping engine draws the plain letters exactly like their contextual presentation
    forms; one that does not draws isolated letters instead.
    """
    return bool(np.array_equal(_render(PROBE, font), _render(arabic_reshaper.reshape(PROBE), font)))


def for_chart(text, font: str = "DejaVu Sans") -> str:
    """Text as it must be handed to matplotlib to read correctly, Arabic or not."""
    text = "" if text is None else str(text)
    if not _ARABIC.search(text) or engine_shapes(font):
        return text
    return get_display(arabic_reshaper.reshape(text))
