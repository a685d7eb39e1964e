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
from analysis.text.normalize import normalize

# Smaller is more specific.
RANK = {"neighbourhood": 0, "village": 0, "camp": 0, "airport": 0, "military_base": 0, "oil_field": 0,
        "field": 0, "road": 0, "crossing": 0, "dam": 0, "mountain": 0, "hill": 0, "checkpoint": 0,
        "facility": 0, "building": 0, "town": 1, "city": 1, "subdistrict": 2, "district": 2, "region": 2,
        "governorate": 3, "country": 4}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place the event's clauses name: a gazetteer place or an unresolved phrase."""
    aside: bool            # outside the event's main clauses
    rank: int              # specificity: smaller is more specific (RANK)
    start: int
    end: int
    place: Place | None
    name: str
    near: bool             # "قرب X", "محيط X": near the place, not in it

    @property
    def order(self) -> tuple:
        return self.aside, self.rank, self.start


@dataclass
class Located:
    location: str | None = None            # normalised place phrase (the caller maps it back)
    span: tuple[int, int] | None = None    # its span in the sentence text
    place: Place | None = None
    admin1: str | None = None
    basis: str = "none"                    # how admin1 was found (taxonomy.ADMIN1_BASES)
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

    cands: list[Candidate] = []
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
        cands.append(Candidate(not in_main(a), rank, a, b, p, text[a:b], _near(text, a)))
    unresolved = []
    for ph in phrases:
        a, b = ph.name_start + start, ph.name_end + start
        if b <= a or any(x < b and a < y for x, y in matched):
            continue
        name = text[a:b].strip("\"'«»“” ")
        if not name:
            continue
        unresolved.append((a, b, name))
        cands.append(Candidate(not in_main(a), _rank(None, ph.feature_word), a, b, None, name, _near(text, a)))
    return choose(cands, [(i, a, in_main(i)) for i, a in clues], header, unresolved)


def _precision(c: Candidate) -> int:
    return 2 if (c.near or c.rank == 2) else (3 if c.rank >= 3 else 1)


def choose(cands: list[Candidate], clues: list[tuple[int, str, bool]], header: frozenset[str],
           unresolved: list[tuple[int, int, str]]) -> Located:
    """Codebook §5's order of clue strength over an event's candidates and clues (position,
    governorate, in a main clause)."""
    out = Located(unresolved=unresolved)
    abroad = min((c for c in cands if c.place is not None and c.place.country != "SY"), key=lambda c: c.order,
                 default=None)
    if abroad is not None and abroad.order < min((c.order for c in cands if c is not abroad), default=(True, 9, 0)):
        # the event's own place is abroad ("فجر نفسه في سروج"): not a Syrian event, admin1 null
        out.location, out.span, out.place = abroad.name, (abroad.start, abroad.end), abroad.place
        out.geo_precision = _precision(abroad)
        return out
    syrian = [c for c in cands if c.place is None or c.place.admin1 is not None]
    out.place_keys = {c.place.id if c.place else c.name for c in syrian}
    out.admin1s = {c.place.admin1 for c in syrian if c.place is not None and not c.aside} | \
        {a for _, a, main in clues if main}
    if syrian:
        best = min(syrian, key=lambda c: c.order)
        out.location, out.span, out.place = best.name, (best.start, best.end), best.place
        if best.place is not None and best.place.admin1:
            out.admin1, out.basis = best.place.admin1, "gazetteer"
        out.geo_precision = _precision(best)
    if out.admin1 is None:
        resolved = sorted((c for c in syrian if c.place is not None and c.place.admin1), key=lambda c: c.order)
        main_clues = [a for _, a, main in clues if main] or [a for _, a, _ in clues]
        if resolved:
            out.admin1, out.basis = resolved[0].place.admin1, "gazetteer"
        elif main_clues:
            out.admin1, out.basis = main_clues[0], "text"
        elif len(header) == 1:
            out.admin1, out.basis = next(iter(header)), "header"
        if out.admin1 and out.location is None:
            out.geo_precision = 3
    return out


def elsewhere(text: str, governorates: frozenset[str]) -> bool:
    """`text` (normalised) names Syrian places or governorates, and none of them can lie in
    `governorates`: a paragraph under a bulletin's region header that is about another region."""
    gaz = load_gazetteer()
    named = [{c.admin1} for c in context.admin1_clues(text)]
    named += [{p.admin1 for p in m.candidates if p.country == "SY" and p.admin1} for m in gaz.find(text)]
    named = [n for n in named if n]
    return bool(named) and not any(n & governorates for n in named)
