"""One event, many mentions (codebook §8): group mentions into real-world events.

Two mentions are the same event when their dates are at most a day apart, their
governorates agree (where both are known), their places overlap (one name contains the
other, or the same gazetteer id), their sides agree (actor1 equal or unknown), and their
types are compatible (the same family, or both violent: one outlet's "clashes" is
another's "car bomb"). A mention that names no place is the same event as a compatible one
in the same country that states the same toll of at least `SHARED_TOLL` dead, in the same
words (three outlets' "25 fighters killed in the attack on the Division 30 headquarters",
one of them naming Azaz): a toll that size, the same day, is a better sign of one event
than a missing place is of two. Mentions in different countries are never one event. Mentions are joined transitively. A cluster whose mentions state
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

import pandas as pd
import regex

from analysis import schemas
from analysis.taxonomy import SUB_EVENT_TYPES
from analysis.text.normalize import normalize

VIOLENT = {"battles", "explosions_remote_violence", "violence_against_civilians"}
COUNTS = ("killed", "killed_low", "killed_high", "wounded", "wounded_low", "wounded_high")
# The event columns a Mention is made of.
COLUMNS = ("event_id", "doc_id", "char_start", "char_end", "text", "event_date", "sub_event_type",
           "actor1", "admin1", "location_id", "location", "munitions", "scope", "country", "toll_update", *COUNTS)
# A stated toll at least this large, the same on the same day, joins a mention that names no
# place to a compatible one; smaller tolls ("a civilian killed") are too common to say so.
SHARED_TOLL = 5
# What a mention states of each measure: (best, low, high) in `Mention.counts`.
MEASURES = {"killed": slice(0, 3), "wounded": slice(3, 6)}


def _cid(event_id: str) -> str:
    return "C" + hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:12]


def _value(v):
    """None for every kind of missing value (None, pd.NA, NaN)."""
    return None if v is None or v is pd.NA or v != v else v


_PLACE_MARKS = regex.compile(r"[\s\"'«»“”()\-–]")


def _place(s) -> str:
    return "" if s is None else _PLACE_MARKS.sub("", normalize(str(s)))


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
    counts: tuple            # the COUNTS columns (None: not stated)
    munitions: tuple         # numbers of rockets and shells the mention states (its `munitions`)
    outlet: str              # the document's source, else the document itself
    scope: str
    country: str | None
    toll_update: bool

    @property
    def node(self) -> tuple:
        """Everything `_compatible` looks at: equal nodes are compatible with the same mentions."""
        return (self.sub_event_type, self.actor1, self.admin1, self.location_id, self.place, self.date,
                self.country, self.counts[:3])


def mention(row: dict, source: str | None = None) -> Mention:
    """The Mention of one event row (a dict of the `events` columns; missing values in any form),
    reported by the outlet `source` (None: unknown, the document counts as its own outlet)."""
    r = {c: _value(row.get(c)) for c in COLUMNS}
    return Mention(
        (r["doc_id"], r["char_start"], r["char_end"]), r["event_id"], r["sub_event_type"], r["actor1"],
        r["admin1"], r["location_id"], _place(r["location"]),
        None if r["event_date"] is None else dt.date.fromisoformat(r["event_date"]),
        tuple(r[c] for c in COUNTS),
        tuple(int(n) for n in r["munitions"].split(";")) if r["munitions"] else (),
        source or f"doc:{r['doc_id']}", r["scope"] or "current", r["country"], bool(r["toll_update"]))


def _family_class(sub_event_type: str) -> str:
    f = SUB_EVENT_TYPES[sub_event_type]
    return "violent" if f in VIOLENT else f


def _compatible(a: tuple, b: tuple) -> bool:
    """Two nodes (see Mention.node) may be the same event; the date is checked by the caller."""
    ta, a1, adm_a, id_a, pa, date_a, country_a, dead_a = a
    tb, b1, adm_b, id_b, pb, date_b, country_b, dead_b = b
    fa, fb = SUB_EVENT_TYPES[ta], SUB_EVENT_TYPES[tb]
    if fa != fb and not (fa in VIOLENT and fb in VIOLENT):
        return False
    if a1 and b1 and a1 != b1:
        return False
    if country_a and country_b and country_a != country_b:
        return False
    if adm_a and adm_b and adm_a != adm_b:
        return False
    if id_a and id_b:
        return id_a == id_b
    if pa and pb:
        # one spelling inside the other ("حقل التيم" / "حقل التيم النفطي"), but not a place
        # inside a wider one the gazetteer tells apart ("مطار ديرالزور العسكري" / "ديرالزور")
        return pa in pb or pb in pa
    if dead_a == dead_b and country_a == country_b and _tolled(a) and _tolled(b):
        return True     # one names no place: the same toll, the same day, the same country
    return not pa and not pb and ta == tb and bool(adm_a or adm_b)


def _tolled(node: tuple) -> bool:
    """The node states a toll that can tell its event: `SHARED_TOLL` dead or more, a date, a country."""
    *_, date, country, dead = node
    return (dead[0] or 0) >= SHARED_TOLL and date is not None and country is not None


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _join(nodes: list[tuple]) -> tuple[list[int], list[bool]]:
    """Union-find over nodes: each node's root, and whether it is compatible with any other.

    Only pairs that can be compatible are tried: within a day and its next, a type family and
    a governorate (or an unknown one), and within those the same side or an unknown one
    (most pairs of a busy day name two sides). The partition does not depend on the order in
    which pairs are joined."""
    parent = list(range(len(nodes)))
    linked = [False] * len(nodes)
    # (date, family class) → admin1 → side → nodes (None: no governorate, no side named)
    blocks: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for i, (typ, actor1, admin1, _, _, date, _, _) in enumerate(nodes):
        blocks[date, _family_class(typ)][admin1 or None][actor1 or None].append(i)

    def link(x: int, ys) -> None:
        a = nodes[x]
        country = a[6]
        for y in ys:
            b = nodes[y]
            # `_compatible`'s own country test, inline: the call costs more than the test
            if country and b[6] and country != b[6]:
                continue
            if _compatible(a, b):
                linked[x] = linked[y] = True
                parent[_find(parent, x)] = _find(parent, y)

    def within(cell: dict) -> None:
        for side, xs in cell.items():
            for k, x in enumerate(xs):
                link(x, xs[k + 1:])
                if side is None:      # no side named: may match any side
                    for other, ys in cell.items():
                        if other is not None:
                            link(x, ys)

    def across(cell: dict, other: dict) -> None:
        for side, xs in cell.items():
            ys = [y for g in other.values() for y in g] if side is None else \
                [*other.get(side, ()), *other.get(None, ())]
            for x in xs:
                link(x, ys)

    for (date, fam), same in blocks.items():
        nxt = blocks.get((date + dt.timedelta(days=1), fam), {}) if date not in (None, dt.date.max) else {}
        for admin1, cell in same.items():
            within(cell)
            if admin1 is None:       # an unknown governorate may match any
                for other, ys in same.items():
                    if other is not None:
                        across(cell, ys)
                for ys in nxt.values():
                    across(cell, ys)
            else:                    # pairs with unknown governorates are made from their side
                across(cell, nxt.get(admin1, {}))
                across(cell, nxt.get(None, {}))
    return [_find(parent, i) for i in range(len(nodes))], linked


def cluster(mentions: list[Mention]) -> tuple[list[str], list[bool], list[dict]]:
    """`cluster_id` and `count_conflict` of each mention, in the order given, and the rows of
    the `clusters` table in the order of their first mentions."""
    index: dict[tuple, int] = {}
    node_of = [index.setdefault(m.node, len(index)) for m in mentions]
    nodes = list(index)
    roots, linked = _join(nodes)
    first: dict = {}
    members: dict = defaultdict(list)
    for i in sorted(range(len(mentions)), key=lambda i: mentions[i].order):
        n = node_of[i]
        _, _, admin1, location_id, place, *_ = nodes[n]
        # equal mentions are one event when they are compatible with each other, or all with a third
        together = bool(location_id or place or admin1) or linked[n] or _tolled(nodes[n])
        root = ("node", roots[n]) if together else ("mention", i)
        first.setdefault(root, mentions[i].event_id)
        members[root].append(i)
    ids = [""] * len(mentions)
    conflict = [False] * len(mentions)
    rows = []
    for root, idx in members.items():
        cid = _cid(first[root])
        group = [mentions[i] for i in idx]
        for i in idx:
            ids[i] = cid
        numbers = [{m.counts[MEASURES[k]] for m in group if m.counts[MEASURES[k]][0] is not None} for k in MEASURES]
        munitions = {m.munitions for m in group if m.munitions}
        clash = any(len({c[0] for c in n}) > 1 for n in numbers) or len(munitions) > 1
        for i in idx:
            conflict[i] = clash
        rows.append(_summary(cid, group, clash))
    return ids, conflict, rows


def _figure(group: list[Mention], measure: str) -> Mention | None:
    """The mention whose figure of `measure` the cluster takes. Each outlet's word is its latest
    toll (the highest of its figures once it has updated a toll, ارتفعت حصيلة …), else its most
    conservative; between outlets the most conservative word holds (codebook §8)."""
    part = MEASURES[measure]
    stated = [m for m in group if m.counts[part][0] is not None]
    by_outlet: dict[str, list[Mention]] = defaultdict(list)
    for m in stated:
        by_outlet[m.outlet].append(m)
    words = []
    for ms in by_outlet.values():
        latest = any(m.toll_update for m in ms)
        words.append(max(ms, key=lambda m: (m.counts[part][0], m.order)) if latest
                     else min(ms, key=lambda m: (m.counts[part][0], m.order)))
    return min(words, key=lambda m: (m.counts[part][0], m.order), default=None)


def _summary(cid: str, group: list[Mention], clash: bool) -> dict:
    """One row of the `clusters` table (codebook §8): the figures it takes and how sure they are."""
    killed, wounded = _figure(group, "killed"), _figure(group, "wounded")
    lead = killed or min(group, key=lambda m: m.order)
    k = killed.counts[MEASURES["killed"]] if killed else (None, None, None)
    w = wounded.counts[MEASURES["wounded"]] if wounded else (None, None, None)
    return {"cluster_id": cid, "event_id": lead.event_id, "n_mentions": len(group),
            "n_sources": len({m.outlet for m in group}), "scope": lead.scope, "country": lead.country,
            "counted": all(m.scope == "current" and m.country == "SY" for m in group),
            "killed": k[0], "killed_low": k[1], "killed_high": k[2],
            "killed_estimate": None if k[0] is None else not (k[1] == k[0] == k[2]),
            "wounded": w[0], "wounded_low": w[1], "wounded_high": w[2],
            "wounded_event_id": wounded.event_id if wounded else None, "count_conflict": clash}


def assign_clusters(events: pd.DataFrame, sources: dict[str, str | None] | None = None
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The events with `cluster_id` and `count_conflict` filled (ids derive from each cluster's
    first mention), and the `clusters` table. `sources` maps doc_id to its outlet."""
    ev = events.sort_values(["doc_id", "char_start", "char_end"], kind="stable").reset_index(drop=True)
    cols = {c: ev[c].tolist() for c in COLUMNS}
    sources = sources or {}
    ids, conflict, rows = cluster([mention({c: cols[c][i] for c in COLUMNS}, sources.get(cols["doc_id"][i]))
                                for i in range(len(ev))])
    ev["cluster_id"] = pd.array(ids, dtype="string")
    ev["count_conflict"] = pd.array(conflict, dtype="boolean")
    return ev, schemas.frame("clusters", rows)
