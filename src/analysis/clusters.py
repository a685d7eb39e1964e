"""One event, many mentions (codebook §8): group mentions into real-world events.

Two mentions are the same event when their dates are at most a day apart, their
governorates agree (where both are known), their places overlap (one name contains the
other, or the same gazetteer id), their sides agree (actor1 equal or unknown), and their
types are compatible (the same family, or both violent: one outlet's "clashes" is
another's "car bomb"). Mentions are joined transitively. A cluster whose mentions state
different numbers — of dead, of wounded, or of rockets and shells — is flagged.

Clustering keeps only a small `Mention` per event, so a run can spool the events themselves
to disk. Pairs are compared only within a day and its next, a type family and a governorate
(or an unknown one): the only pairs that can be compatible. Mentions that agree on everything
compared are one node (a story told by ten outlets costs one comparison, not a hundred).
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import regex

from analysis.lexicon import load_lexicon
from analysis.taxonomy import SUB_EVENT_TYPES
from analysis.text.normalize import normalize

VIOLENT = {"battles", "explosions_remote_violence", "violence_against_civilians"}
MUNITION_TAGS = ("rocket", "artillery", "mortar", "airstrike", "barrel_bomb", "guided_missile")
COUNTS = ("killed", "killed_high", "wounded", "wounded_high")
# The event columns a Mention is made of.
COLUMNS = ("event_id", "doc_id", "char_start", "char_end", "text", "event_date", "sub_event_type",
           "actor1", "admin1", "location_id", "location", *COUNTS)


@lru_cache(maxsize=1)
def _munitions() -> regex.Pattern:
    weapons = load_lexicon("events")["weapons"]
    words = {normalize(w) for t in MUNITION_TAGS for w in weapons[t]["words"]}
    alt = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    return regex.compile(rf"(\d+)\s+(?:{alt})")


def _cid(event_id: str) -> str:
    return "C" + hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:12]


def _value(v):
    """None for every kind of missing value (None, pd.NA, NaN)."""
    return None if v is None or v is pd.NA or v != v else v


def _place(s) -> str:
    return "" if s is None else regex.sub(r"[\s\"'«»“”()\-–]", "", normalize(str(s)))


@dataclass(frozen=True, slots=True)
class Mention:
    """What clustering needs of one event row."""
    order: tuple             # (doc_id, char_start, char_end): first mentions name clusters
    event_id: str
    sub_event_type: str
    actor1: str | None
    admin1: str | None
    location_id: str | None
    place: str               # the location without spaces, quotes or dashes ("" if none)
    date: dt.date | None
    counts: tuple            # killed, killed_high, wounded, wounded_high (None: not stated)
    munitions: tuple         # numbers of rockets and shells the text states, sorted

    @property
    def node(self) -> tuple:
        """Everything `_compatible` looks at: equal nodes are compatible with the same mentions."""
        return (self.sub_event_type, self.actor1, self.admin1, self.location_id, self.place, self.date)


def mention(row: dict) -> Mention:
    """The Mention of one event row (a dict of the `events` columns; missing values in any form)."""
    r = {c: _value(row.get(c)) for c in COLUMNS}
    return Mention(
        (r["doc_id"], r["char_start"], r["char_end"]), r["event_id"], r["sub_event_type"], r["actor1"],
        r["admin1"], r["location_id"], _place(r["location"]),
        None if r["event_date"] is None else dt.date.fromisoformat(r["event_date"]),
        tuple(r[c] for c in COUNTS),
        tuple(sorted(int(m[1]) for m in _munitions().finditer(normalize(r["text"])))))


def _family_class(sub_event_type: str) -> str:
    f = SUB_EVENT_TYPES[sub_event_type]
    return "violent" if f in VIOLENT else f


def _compatible(a: tuple, b: tuple) -> bool:
    """Two nodes (see Mention.node) may be the same event; the date is checked by the caller."""
    ta, a1, adm_a, id_a, pa, _ = a
    tb, b1, adm_b, id_b, pb, _ = b
    fa, fb = SUB_EVENT_TYPES[ta], SUB_EVENT_TYPES[tb]
    if fa != fb and not (fa in VIOLENT and fb in VIOLENT):
        return False
    if a1 and b1 and a1 != b1:
        return False
    if adm_a and adm_b and adm_a != adm_b:
        return False
    if id_a and id_b:
        return id_a == id_b
    if pa and pb:
        # one spelling inside the other ("حقل التيم" / "حقل التيم النفطي"), but not a place
        # inside a wider one the gazetteer tells apart ("مطار ديرالزور العسكري" / "ديرالزور")
        return pa in pb or pb in pa
    return not pa and not pb and ta == tb and bool(adm_a or adm_b)


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _join(nodes: list[tuple]) -> tuple[list[int], list[bool]]:
    """Union-find over nodes: each node's root, and whether it is compatible with any other."""
    parent = list(range(len(nodes)))
    linked = [False] * len(nodes)
    blocks: dict = defaultdict(lambda: defaultdict(list))  # (date, family class) → admin1 → nodes
    for i, (typ, _, admin1, _, _, date) in enumerate(nodes):
        blocks[date, _family_class(typ)][admin1 or None].append(i)

    def link(x: int, ys) -> None:
        for y in ys:
            if _compatible(nodes[x], nodes[y]):
                linked[x] = linked[y] = True
                parent[_find(parent, x)] = _find(parent, y)

    for (date, fam), same in blocks.items():
        nxt = blocks.get((date + dt.timedelta(days=1), fam), {}) if date not in (None, dt.date.max) else {}
        for admin1, xs in same.items():
            for k, x in enumerate(xs):
                if admin1 is None:       # an unknown governorate may match any
                    link(x, xs[k + 1:])
                    for other, ys in same.items():
                        if other is not None:
                            link(x, ys)
                    for ys in nxt.values():
                        link(x, ys)
                else:                    # pairs with unknown governorates are made from their side
                    link(x, xs[k + 1:])
                    link(x, nxt.get(admin1, []))
                    link(x, nxt.get(None, []))
    return [_find(parent, i) for i in range(len(nodes))], linked


def cluster(mentions: list[Mention]) -> tuple[list[str], list[bool]]:
    """`cluster_id` and `count_conflict` of each mention, in the order given."""
    index: dict[tuple, int] = {}
    node_of = [index.setdefault(m.node, len(index)) for m in mentions]
    nodes = list(index)
    roots, linked = _join(nodes)
    first: dict = {}
    members: dict = defaultdict(list)
    for i in sorted(range(len(mentions)), key=lambda i: mentions[i].order):
        n = node_of[i]
        _, _, admin1, location_id, place, _ = nodes[n]
        # equal mentions are one event when they are compatible with each other, or all with a third
        together = bool(location_id or place or admin1) or linked[n]
        root = ("node", roots[n]) if together else ("mention", i)
        first.setdefault(root, mentions[i].event_id)
        members[root].append(i)
    ids = [""] * len(mentions)
    conflict = [False] * len(mentions)
    for root, idx in members.items():
        cid = _cid(first[root])
        for i in idx:
            ids[i] = cid
        if len(idx) < 2:
            continue
        numbers = {tuple(x for x in c if x is not None) for c in (mentions[i].counts for i in idx)
                   if any(x is not None for x in c)}
        munitions = {mentions[i].munitions for i in idx if mentions[i].munitions}
        if len(numbers) > 1 or len(munitions) > 1:
            for i in idx:
                conflict[i] = True
    return ids, conflict


def assign_clusters(events: pd.DataFrame) -> pd.DataFrame:
    """Fill `cluster_id` and `count_conflict`; ids derive from each cluster's first mention."""
    ev = events.sort_values(["doc_id", "char_start", "char_end"], kind="stable").reset_index(drop=True)
    cols = {c: ev[c].tolist() for c in COLUMNS}
    ids, conflict = cluster([mention({c: cols[c][i] for c in COLUMNS}) for i in range(len(ev))])
    ev["cluster_id"] = pd.array(ids, dtype="string")
    ev["count_conflict"] = pd.array(conflict, dtype="boolean")
    return ev
