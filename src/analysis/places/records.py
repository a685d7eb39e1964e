"""Place records: a place, the entry the gazetteer indexes it by, and how a record from
places.yaml or a user gazetteer becomes one. Their own module, so that the gazetteer, the
user-gazetteer import and the place readers depend on them and not on each other.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from analysis.places.words import Words, norm, words

# Source precedence: a higher number overrides a lower one.
PRECEDENCE = {"geonames": 0, "lexicon": 1, "user": 2}


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    name_en: str | None
    admin1: str | None
    feature: str
    lat: float | None
    lon: float | None
    source: str  # "lexicon" | "geonames" | "user:<name>"
    country: str = "SY"  # ISO 3166-1 alpha-2: places abroad have admin1 null


@dataclass(frozen=True, slots=True)
class Entry:
    """A place with its normalised name keys, population (for ranking) and precedence."""
    place: Place
    names: frozenset[str]
    population: int
    rank: int


def spellings(names: Iterable[str], w: Words) -> frozenset[str]:
    """Normalised keys for names, with compounds joined and split ("دير الزور"/"ديرالزور")."""
    out = set()
    for raw in names:
        name = norm(raw)
        if not name:
            continue
        out.add(name)
        parts = name.split(" ")
        joins = [i for i, p in enumerate(parts[:-1]) if p in w.join_prefixes]
        for i in joins:
            out.add(" ".join(parts[:i] + [parts[i] + parts[i + 1]] + parts[i + 2:]))
        for i, p in enumerate(parts):
            for pre in w.join_prefixes:
                if p.startswith(pre) and len(p) - len(pre) >= 3:
                    out.add(" ".join(parts[:i] + [pre, p[len(pre):]] + parts[i + 1:]))
    return frozenset(out)


def entry_from_record(rec: dict, source: str, rank: int) -> Entry:
    """An Entry from a place record (places.yaml / user gazetteer layout)."""
    w = words()
    place = Place(rec["id"], rec["name"], rec.get("name_en"), rec["admin1"], rec["feature"],
                  rec["lat"], rec["lon"], source, rec.get("country", "SY"))
    return Entry(place, spellings([rec["name"], *rec.get("variants", [])], w),
                 rec.get("population") or 0, rank)
