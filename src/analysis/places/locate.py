"""Where an event happened: its most specific place, governorate and precision (codebook §5).

Clues in order of strength: a gazetteer place named in the event's own clause; "ريف X",
"محافظة X", "بادية X", "مدينة X"; then the bulletin's region header. Places in the
event's main clause come before places in its elaborations ("متوجها إلى ديرالزور" does
not move a rocket that fell in Idlib). Place phrases the gazetteer does not know keep the
event's location as written and are reported as unresolved.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from analysis.lexicon import load_lexicon
from analysis.places import context
from analysis.places.gazetteer import Place, load_gazetteer
from analysis.places.words import words as place_words
from analysis.taxonomy import FEATURE_SPECIFICITY
from analysis.text.normalize import normalize

# Smaller is more specific (the codebook's place features).
RANK = FEATURE_SPECIFICITY


@dataclass
class Located:
    location: str | None = None            # normalised place phrase (the caller maps it back)
    span: tuple[int, int] | None = None    # its span in the sentence text
    place: Place | None = None
    admin1: str | None = None
    geo_precision: int | None = None
    place_keys: set[str] = field(default_factory=set)
    admin1s: set[str] = field(default_factory=set)    # governorates of the places in the main clause
    unresolved: list[tuple[int, int, str]] = field(default_factory=list)


def _rank(p: Place | None, feature_word: str | None = None) -> int:
    if p is not None:
        return RANK.get(p.feature, 1)
    return 0 if feature_word else 1


@lru_cache(maxsize=1)
def _near_words() -> frozenset[str]:
    near = {normalize(w) for w in load_lexicon("place_words")["near_words"]}
    return frozenset(near | {n.lstrip("وب") for n in near})


def _near(text: str, start: int) -> bool:
    head = text[max(0, start - 20):start].split()
    return bool(head) and head[-1].lstrip("وب") in _near_words()


def _contradicted(text: str, p: Place | None, end: int, clues: list[tuple[int, str]]) -> bool:
    """The governorate that qualifies the place ("الغارية الغربية بريف درعا", "X في ريف حلب":
    only direction words between) is not the place's own: the gazetteer knows another place
    of that name."""
    if p is None or p.admin1 is None:
        return False
    w = place_words()
    for at, admin1 in clues:
        if at < end:
            continue
        gap = text[end:at].split()
        joined = bool(gap) and gap[-1] in ("ب", "في") and len(gap) <= 3 and all(
            g in w.directions or g in w.qualifiers for g in gap[:-1])
        return joined and admin1 != p.admin1
    return False


def locate(text: str, start: int, end: int, main: list[tuple[int, int]], section: str | None) -> Located:
    """Place of the event spanning text[start:end]; `main` are its main-clause spans."""
    gaz = load_gazetteer()
    seg = text[start:end]
    found = context.admin1_clues(seg)
    clues = [(c.start + start, c.admin1) for c in found]
    # "بريف حمص", "لمحافظة ديرالزور": the name inside such a clue is the governorate, not the city.
    wide_clues = [c for c in found if c.kind in ("rif", "muhafaza", "badia")]
    wide = [(c.start + start, c.end + start) for c in wide_clues]
    wide_clues = [(c.start + start, c.admin1) for c in wide_clues]
    phrases = context.place_phrases(seg)
    local = {(ph.name_start + start, ph.name_end + start) for ph in phrases}
    header = context.header_admin1(section)
    hint = {a for _, a in clues} | set(header)

    def in_main(i: int) -> bool:
        return any(a <= i < b for a, b in main)

    cands = []  # (not in main, rank, start, end, place, name)
    matched: list[tuple[int, int]] = []
    for m in gaz.find(seg):
        p = gaz.resolve(m, frozenset(hint))
        a, b = m.start + start, m.end + start
        if not any(x <= a and b <= y for x, y in wide) and _contradicted(text, p, b, wide_clues):
            continue  # another place of that name: the phrase stays as written
        matched.append((a, b))
        rank = _rank(p)
        if any(x <= a and b <= y for x, y in wide) and p.feature != "region":
            rank = RANK["governorate"]
        elif p.feature == "region" and (a, b) in local:
            rank = RANK["town"]  # "منطقة حميمة": a named area, not a wide region
        cands.append((not in_main(a), rank, a, b, p, text[a:b]))
    out = Located()
    for ph in phrases:
        a, b = ph.name_start + start, ph.name_end + start
        if b <= a or any(x < b and a < y for x, y in matched):
            continue
        name = text[a:b].strip("\"'«»“” ")
        if not name:
            continue
        out.unresolved.append((a, b, name))
        cands.append((not in_main(a), _rank(None, ph.feature_word), a, b, None, name))
    abroad = min((c for c in cands if c[4] is not None and c[4].country != "SY"), key=lambda c: c[:3], default=None)
    if abroad is not None and abroad[:3] < min((c[:3] for c in cands if c is not abroad), default=(True, 9, 0)):
        # the event's own place is abroad ("فجر نفسه في سروج"): not a Syrian event, admin1 null
        _, rank, a, b, place, name = abroad
        out.location, out.span, out.place = name, (a, b), place
        out.geo_precision = 2 if (_near(text, a) or rank == 2) else (3 if rank >= 3 else 1)
        return out
    syrian = [c for c in cands if c[4] is None or c[4].admin1 is not None]
    out.place_keys = {c[4].id if c[4] else c[5] for c in syrian}
    out.admin1s = {c[4].admin1 for c in syrian if c[4] is not None and not c[0]} | \
        {a for i, a in clues if in_main(i)}
    if syrian:
        best = min(syrian, key=lambda c: c[:3])
        _, rank, a, b, place, name = best
        out.location, out.span, out.place = name, (a, b), place
        if place is not None and place.admin1:
            out.admin1 = place.admin1
        out.geo_precision = 2 if (_near(text, a) or rank == 2) else (3 if rank >= 3 else 1)
    if out.admin1 is None:
        resolved = sorted((c for c in syrian if c[4] is not None and c[4].admin1), key=lambda c: c[:3])
        main_clues = [a for i, a in clues if in_main(i)] or [a for _, a in clues]
        if resolved:
            out.admin1 = resolved[0][4].admin1
        elif main_clues:
            out.admin1 = main_clues[0]
        elif len(header) == 1:
            out.admin1 = next(iter(header))
        if out.admin1 and out.location is None:
            out.geo_precision = 3
    return out
