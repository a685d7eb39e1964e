"""Arabic inflection for names the engine composes ("الطائرات الروسية", "طائرتين روسيتين").

A lexicon lists a nationality once, as the base of its nisba adjective (روسي), and a
noun once, by its singular and broken plurals; the forms that agree with each other are
built here from the affixes of `data/morphology.yaml`, so no affix is written in Python.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from analysis.lexicon import load_lexicon

GENDERS = ("m", "f")
NUMBERS = ("sg", "du", "pl")


@dataclass(frozen=True, slots=True)
class Morphology:
    article: str
    coordinator: str
    adjective: dict            # gender → number → suffixes (nominative first)
    dual: tuple[str, ...]
    feminine_ending: str
    feminine_bound: str


@lru_cache(maxsize=1)
def morphology() -> Morphology:
    """The affixes of `data/morphology.yaml`."""
    m = load_lexicon("morphology")
    adjective = {g: {n: tuple(s) for n, s in by_number.items()} for g, by_number in m["adjective"].items()}
    return Morphology(m["article"], m["coordinator"], adjective, tuple(m["dual"]),
                      m["feminine_ending"], m["feminine_bound"])


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
