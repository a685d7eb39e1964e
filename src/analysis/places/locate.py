"""Where an event happened: its most specific place, governorate and precision (codebook §5).

Clues in order of strength: a gazetteer place named in the event's own clause; "ريف X",
"محافظة X", "بادية X", "مدينة X"; then the bulletin's region header. Places in the
event's main clause come before places in its elaborations ("متوجها إلى ديرالزور" does
not move a rocket that fell in Idlib). Place phrases the gazetteer does not know keep the
event's location as written and are reported as unresolved.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from analysis.places import context
from analysis.places.gazetteer import Place, load_gazetteer
from analysis.places.words import words as place_words
from analysis.text import arabic
from analysis.taxonomy import FEATURE_SPECIFICITY

# Smaller is more specific (the codebook's place features).
RANK = FEATURE_SPECIFICITY


@dataclass(slots=True)  # not frozen: docs/coding_rules.md, "Time and size"
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
    country: str | None = None             # ISO 3166-1 alpha-2 of where it happened, if known


def _rank(p: Place | None, feature_word: str | None = None) -> int:
    if p is not None:
        return RANK.get(p.feature, 1)
    return 0 if feature_word else 1


@lru_cache(maxsize=1)
def _near_words() -> frozenset[str]:
    """Every word `x` whose `bare(x, keep=1)` is a near word or one stripped so: the near words
    with and without their proclitics, so that one set lookup tests the word before a place."""
    near = place_words().near_words
    near = near | {arabic.bare(n, keep=1) for n in near}
    written = {c + n for c in ("", *arabic.proclitics()) for n in near}
    return frozenset(x for x in written if arabic.bare(x, keep=1) in near)


def _near(text: str, start: int) -> bool:
    return arabic.word_before(text, start) in _near_words()


def _contradicted(text: str, p: Place | None, end: int, clues: list[tuple[int, str]]) -> bool:
    """The governorate that qualifies the place ("الغارية الغربية بريف درعا", "X في ريف حلب":
    only direction words between) is not the place's own: the gazetteer knows another place
    of that name."""
    if p is None or p.admin1 is None:
        return False
    for at, admin1 in clues:
        if at < end:
            continue
        return _qualifies(text, end, at) and admin1 != p.admin1
    return False


def _qualifies(text: str, end: int, at: int) -> bool:
    """The clue at `at` qualifies the place ending at `end`: only direction words and a
    preposition between them ("X الشمالي بريف حلب", "X في الريف الغربي")."""
    w = place_words()
    gap = arabic.words(text, end, at)
    return bool(gap) and gap[-1] in w.qualify_before and len(gap) <= 3 and all(
        g in w.directions or g in w.qualifiers for g in gap[:-1])


def locate(text: str, start: int, end: int, main: list[tuple[int, int]], section: str | None,
           sides: list[tuple[int, int]] = ()) -> Located:
    """Place of the event spanning text[start:end]; `main` are its main-clause spans, `sides` the
    spans of the sides it names (a country named as a side, "قصفت تركيا", is no place)."""
    gaz = load_gazetteer()
    seg = text[start:end]
    header = context.header_admin1(section, gaz)
    found = context.admin1_clues(seg, header)
    clues = [(c.start + start, c.admin1) for c in found]
    # "بريف حمص", "لمحافظة ديرالزور": the name inside such a clue is the governorate, not the city;
    # such a clue (or "بالريف الغربي") right after a place of another governorate says the
    # gazetteer's place of that name is not this one.
    wide_clues = [c for c in found if c.kind in ("rif", "muhafaza", "badia", "relative")]
    wide = [(c.start + start, c.end + start) for c in wide_clues]
    wide_clues = [(c.start + start, c.admin1) for c in wide_clues]
    phrases = context.place_phrases(seg, gaz)
    local = {(ph.name_start + start, ph.name_end + start) for ph in phrases}
    hint = frozenset({a for _, a in clues} | header)

    def in_main(i: int) -> bool:
        for a, b in main:
            if a <= i < b:
                return True
        return False

    cands: list[Candidate] = []
    matched: list[tuple[int, int]] = []
    for m in gaz.find(seg):
        p = gaz.resolve(m, hint)
        a, b = m.start + start, m.end + start
        if context.origin(text, a):
            continue  # where someone comes from, not where it happened
        in_wide = any(x <= a and b <= y for x, y in wide)
        if not in_wide and _contradicted(text, p, b, wide_clues):
            continue  # another place of that name: the phrase stays as written
        matched.append((a, b))
        rank = _rank(p)
        if in_wide and p.feature != "region":
            rank = RANK["governorate"]
        elif p.feature == "region" and (a, b) in local:
            rank = RANK["town"]  # "منطقة حميمة": a named area, not a wide region
        cands.append(Candidate(not in_main(a), rank, a, b, p, text[a:b], _near(text, a)))
    unresolved = []
    for ph in phrases:
        a, b = ph.name_start + start, ph.name_end + start
        if b <= a or any(x < b and a < y for x, y in matched) or context.origin(text, ph.start + start):
            continue
        name = text[a:b].strip("\"'«»“” ")
        if not name:
            continue
        unresolved.append((a, b, name))
        cands.append(Candidate(not in_main(a), _rank(None, ph.feature_word), a, b, None, name, _near(text, a)))
    def country() -> str | None:
        # a country name the actor matcher reads as a side ("قصفت تركيا") is a side, unless it
        # stands where a place does ("جنوب شرق تركيا", "في تركيا")
        # a main clause's country first, one named as a place ("في سوريا", "بلدة تركية") before a
        # bare name, one outside a relative clause before one within, then the first
        first = min((c for c in context.country_clues(seg)
                     if c.locative or not any(x <= c.start + start < y for x, y in sides)),
                    key=lambda c: (not in_main(c.start + start), c.relative, not c.locative, c.start), default=None)
        return first.code if first else None
    return choose(text, cands, country, [Clue(c.start + start, c.admin1, c.kind, in_main(c.start + start)) for c in found],
                  header, unresolved)


def _precision(c: Candidate) -> int:
    return 2 if (c.near or c.rank == 2) else (3 if c.rank >= 3 else 1)


@dataclass(frozen=True, slots=True)
class Clue:
    """A governorate the event's words name without naming a place (context.admin1_clues)."""
    at: int
    admin1: str
    kind: str
    main: bool             # in one of the event's main clauses

    @property
    def basis(self) -> str:
        """"بالريف الغربي" takes its governorate from the header; "بريف حلب" from the text."""
        return "header" if self.kind == "relative" else "text"


def choose(text: str, cands: list[Candidate], country: Callable[[], str | None], clues: list[Clue],
           header: frozenset[str], unresolved: list[tuple[int, int, str]]) -> Located:
    """Codebook §5's order of clue strength: the event's own place in the gazetteer; the
    governorate that qualifies that place ("قرية X بريف حلب", "X بالريف الغربي" under a
    header); a town it is said to lie near ("قرية X غربي الطبقة"); a governorate its words
    name, main clauses first; another place it names; the bulletin's header. The country is
    the place's, else Syria's when a governorate is known, else that of another place it
    names, else the likeliest one the text names as a place (`country`, called only when it
    comes to that)."""
    out = _choose(text, cands, clues, header, unresolved)
    placed = min((c for c in cands if c.place is not None), key=lambda c: c.order, default=None)
    if out.place is not None:
        out.country = out.place.country
    elif out.admin1 is not None:
        out.country = "SY"
    elif placed is not None:
        out.country = placed.place.country     # an unknown village near a town it names
    else:
        out.country = country()
    return out


def _choose(text: str, cands: list[Candidate], clues: list[Clue], header: frozenset[str],
            unresolved: list[tuple[int, int, str]]) -> Located:
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
        {c.admin1 for c in clues if c.main}
    if syrian:
        best = min(syrian, key=lambda c: c.order)
        out.location, out.span, out.place = best.name, (best.start, best.end), best.place
        if best.place is not None and best.place.admin1:
            out.admin1, out.basis = best.place.admin1, "gazetteer"
        out.geo_precision = _precision(best)
    if out.admin1 is None:
        end = out.span[1] if out.span else None
        qualifying = [c for c in clues if end is not None and c.at >= end and _qualifies(text, end, c.at)]
        others = sorted((c for c in syrian if c.place is not None and c.place.admin1), key=lambda c: c.order)
        landmarks = [c for c in others if c.near]
        named = [c for c in clues if c.main] or clues
        # else the governorate or place named nearest the event's place ("حاجز مطل على بلدة
        # بلودان", "في مدن خان أرنبة والبعث"), a governorate first when none is placed
        pool = [(c.at, 0, c.admin1, c.basis) for c in named] + \
            [(c.start, 1, c.place.admin1, "nearby_town") for c in others]
        if out.span is not None:
            a, b = out.span
            pool.sort(key=lambda x: (a - x[0] if x[0] < a else x[0] - b, x[1]))
        if qualifying:
            out.admin1, out.basis = qualifying[0].admin1, qualifying[0].basis
        elif landmarks:
            out.admin1, out.basis = landmarks[0].place.admin1, "nearby_town"
        elif pool:
            _, _, out.admin1, out.basis = pool[0]
        elif len(header) == 1:
            out.admin1, out.basis = next(iter(header)), "header"
        if out.admin1 and out.location is None:
            out.geo_precision = 3
    return out


def elsewhere(text: str, governorates: frozenset[str]) -> bool:
    """`text` (normalised) names Syrian places or governorates, and none of them can lie in
    `governorates`: a paragraph under a bulletin's region header that is about another region."""
    gaz = load_gazetteer()
    named = [{c.admin1} for c in context.admin1_clues(text, governorates)]
    named += [{p.admin1 for p in m.candidates if p.country == "SY" and p.admin1} for m in gaz.find(text)]
    named = [n for n in named if n]
    return bool(named) and not any(n & governorates for n in named)
