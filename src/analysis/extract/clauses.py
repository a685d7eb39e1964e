"""Cut a sentence into pieces and say how each joins its neighbours.

Pieces are cut at ، ؛ : and before clause openers (في حين، فيما، حيث، بعد …). A piece
is `new` (may report an event of its own), `elaboration` (adds detail to the event before
it: "ما أدى لسقوط …", "حيث …") or `subordinate` (its background: "بعد انسحاب …", "على
خلفية …"). Elaborations and subordinates never open an event; their words still count
for the event they join.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.lexicon import load_lexicon
from analysis.text import arabic
from analysis.text.matcher import alternation
from analysis.text.normalize import normalize


@dataclass(slots=True)  # not frozen: docs/coding_rules.md, "Time and size"
class Piece:
    start: int
    end: int
    relation: str  # new | elaboration | subordinate
    recalled: bool = False  # a subordinate piece that tells an earlier event ("بعد هجوم أودى بـ…")


@lru_cache(maxsize=1)
def _grammar():
    g = load_lexicon("events")["clause"]

    def alt(words):
        return alternation(normalize(w) for w in words)

    # stdlib `re`, about twice as fast as `regex` here; [^\W\d_] is a letter. A punctuation mark,
    # or a blank before an opener: one class first, so the engine skips to the candidates in C
    cut = re.compile(rf"[،,؛;:\s](?:(?<!\s)|(?=(?:{re.escape(arabic.coordinator())})?(?:{alt(g['split_before'])})"
                     rf"(?![^\W\d_])(?!\s+(?:{alt(g['times_of_day'])})(?![^\W\d_]))))")
    lead = r"^[\s\"'«»“”()\-–]*"
    lx = load_lexicon("events")
    heads = {w.split()[0] for c in lx["cues"] for w in c["words"]} | \
        {w.split()[0] for wp in lx["weapons"].values() for w in wp["words"]}
    means = [*g["means"], *(g["means_proclitic"] + h for h in heads)]
    elab = re.compile(rf"{lead}(?:{alt([*g['elaboration'], *means])})(?![^\W\d_])")
    sub = re.compile(rf"{lead}(?:{alt(g['subordinate'])})(?![^\W\d_])(?!\s+(?:{alt(g['times_of_day'])})(?![^\W\d_]))")
    recall = re.compile(rf"{lead}(?:{alt(g['recalling'])})(?![^\W\d_])")
    return cut, elab, sub, recall, frozenset(normalize(w) for w in g["no_cut_after"])


def pieces(text: str) -> list[Piece]:
    """The pieces of one normalised sentence, in order, covering its words."""
    cut, elab, sub, recall, keep = _grammar()
    # no cut after a preposition: "في وسط مدينة حلب" names a place, "وسط قصف …" opens a clause
    cuts = [m for m in cut.finditer(text) if not (text[m.start()].isspace() and arabic.word_before(text, m.start()) in keep)]
    bounds = [0] + [m.end() if m.end() > m.start() else m.start() for m in cuts] + [len(text)]
    out = []
    for a, b in zip(bounds, bounds[1:]):
        seg = text[a:b]
        if not arabic.has_letter(seg):
            continue
        while a < b and not text[a].isalpha() and not text[a].isdigit():
            a += 1
        rel = "subordinate" if sub.match(seg) else "elaboration" if elab.match(seg) else "new"
        out.append(Piece(a, b, rel, rel == "subordinate" and bool(recall.match(seg))))
    return out
