"""Which sentences can be left to the actor matcher alone, decided in one Aho-Corasick pass.

A background sentence ("منذ بداية الشهر …", `cues.is_background`) reports no event. Nor does
one without a word that opens an event unit — an event cue, a control cue or a word that
states casualties (`events._group`). Both only update the actors named so far, which later
sentences read. Most sentences of a news corpus are of one kind or the other. The automata
of the actor, cue, control and weapon matchers ride along in the same pass, so a sentence is
scanned once, not once per matcher.
"""
from __future__ import annotations

from functools import lru_cache

from analysis.extract import actors, control, cues, quantities
from analysis.text.matcher import WordGate


@lru_cache(maxsize=1)
def _gate() -> WordGate:
    # the matchers' own automata: their forms carry their proclitics, so none may be glued on
    background = cues._lex()["background"]  # noqa: SLF001
    openers = [cues._lex()["cues"], control._lex()["cues"]]  # noqa: SLF001
    assert not any(m.suffixes for m in [background, *openers]), "a form must end its word"
    return WordGate([*((f, "background", False) for f in background.forms()),
                     *((f, "event", False) for m in openers for f in m.forms()),
                     *((w, tag, True) for w in quantities.casualty_words() for tag in ("event", "hurt"))],
                    riders=[actors._matchers(), *openers, cues._lex()["weapons"]])  # noqa: SLF001


_last: list = [None, frozenset()]  # the text last gated and the tags found in it


def actors_only(text: str) -> bool:
    """`text` (normalised) is background or holds no word that can open an event."""
    found = _gate().found(text)
    _last[:] = [text, found]
    return "event" not in found or ("background" in found and cues.is_background(text))


def may_hurt(text: str) -> bool | None:
    """Whether the text just gated holds a word that states casualties (the casualty reader's
    own gate, read off the same pass); None for another text."""
    return "hurt" in _last[1] if _last[0] is text else None
