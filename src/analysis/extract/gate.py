"""Which sentences can be left to the actor matcher alone, decided in one Aho-Corasick pass.

A sentence without a word that opens an event unit — an event cue, a control cue or a word
that states casualties — reports no event; nor does a summary of a period ("منذ بداية الشهر
…", `cues.is_background`) that states no casualties (one that does gives period totals). Both
only update the actors named so far, which later sentences read.
Most sentences of a news corpus are of one kind or the other. The automata of the actor,
cue, control and weapon matchers ride along in the same pass, and the `Scan` hands each its
hits, so a sentence is scanned once, not once per matcher.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from analysis.extract import actors, control, cues, quantities
from analysis.text.matcher import WordGate

RIDERS = ("actors", "cues", "control", "weapons")


@dataclass(slots=True)  # not frozen: docs/coding_rules.md, "Time and size"
class Scan:
    """What one pass over a normalised sentence found: the gate's tags and each rider's raw hits."""
    text: str
    tags: frozenset[str]
    raw: dict[str, list]

    @property
    def summary(self) -> bool:
        """The sentence sums up a period or gives background ("منذ بداية الشهر …", "حصيلة")."""
        return "background" in self.tags and cues.is_background(self.text)

    @property
    def actors_only(self) -> bool:
        """No word that can open an event, or a summary that states no casualties."""
        return "event" not in self.tags or (self.summary and not self.hurt)

    @property
    def hurt(self) -> bool:
        """The sentence holds a word that states casualties (the casualty reader's own gate)."""
        return "hurt" in self.tags


@lru_cache(maxsize=1)
def _gate() -> WordGate:
    # the matchers' own automata: their forms carry their proclitics, so none may be glued on
    background = cues.background_matcher()
    openers = [cues.cue_matcher(), control.cue_matcher()]
    assert not any(m.suffixes for m in [background, *openers]), "a form must end its word"
    return WordGate([*((f, "background", False) for f in background.forms()),
                     *((f, "event", False) for m in openers for f in m.forms()),
                     *((w, tag, True) for w in quantities.casualty_words() for tag in ("event", "hurt"))],
                    riders=[actors.matcher(), *openers, cues.weapon_matcher()])


def scan(text: str) -> Scan:
    """One pass of the gate over a normalised sentence."""
    tags, raw = _gate().scan(text)
    return Scan(text, tags, dict(zip(RIDERS, raw)))
