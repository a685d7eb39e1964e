"""One event, many mentions (codebook §8): group mentions into real-world events.

Two mentions are the same event when their dates are at most a day apart, their
governorates agree (where both are known), their places overlap (one name contains the
other, or the same gazetteer id), their sides agree (actor1 equal or unknown), and their
types are compatible (the same family, or both violent: one outlet's "clashes" is
another's "car bomb"). Mentions are joined transitively. A cluster whose mentions state
different numbers — of dead, of wounded, or of rockets and shells — is flagged.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from functools import lru_cache

import pandas as pd
import regex

from analysis.lexicon import load_lexicon
from analysis.taxonomy import SUB_EVENT_TYPES
from analysis.text.normalize import normalize

VIOLENT = {"battles", "explosions_remote_violence", "violence_against_civilians"}
MUNITION_TAGS = ("rocket", "artillery", "mortar", "airstrike", "barrel_bomb", "guided_missile")


@lru_cache(maxsize=1)
def _munitions() -> regex.Pattern:
    weapons = load_lexicon("events")["weapons"]
    words = {normalize(w) for t in MUNITION_TAGS for w in weapons[t]["words"]}
    alt = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    return regex.compile(rf"(\d+)\s+(?:{alt})")


def _cid(event_id: str) -> str:
    return "C" + hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:12]


def _place(s) -> str:
    return "" if s is None or pd.isna(s) else regex.sub(r"[\s\"'«»“”()\-–]", "", normalize(str(s)))


def _compatible(a: dict, b: dict) -> bool:
    fa, fb = SUB_EVENT_TYPES[a["sub_event_type"]], SUB_EVENT_TYPES[b["sub_event_type"]]
    if fa != fb and not (fa in VIOLENT and fb in VIOLENT):
        return False
    if a["actor1"] and b["actor1"] and a["actor1"] != b["actor1"]:
        return False
    if a["admin1"] and b["admin1"] and a["admin1"] != b["admin1"]:
        return False
    if a["location_id"] and b["location_id"]:
        return a["location_id"] == b["location_id"]
    pa, pb = a["place"], b["place"]
    if pa and pb:
        # one spelling inside the other ("حقل التيم" / "حقل التيم النفطي"), but not a place
        # inside a wider one the gazetteer tells apart ("مطار ديرالزور العسكري" / "ديرالزور")
        return pa in pb or pb in pa
    return not pa and not pb and a["sub_event_type"] == b["sub_event_type"] and bool(a["admin1"] or b["admin1"])


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _counts(row) -> tuple:
    munitions = tuple(sorted(int(m[1]) for m in _munitions().finditer(normalize(row["text"]))))
    return (row["killed"], row["killed_high"], row["wounded"], row["wounded_high"]), munitions


def assign_clusters(events: pd.DataFrame) -> pd.DataFrame:
    """Fill `cluster_id` and `count_conflict`; ids derive from each cluster's first mention."""
    ev = events.sort_values(["doc_id", "char_start", "char_end"], kind="stable").reset_index(drop=True)
    n = len(ev)
    recs = [{
        "sub_event_type": r.sub_event_type, "actor1": None if pd.isna(r.actor1) else r.actor1,
        "admin1": None if pd.isna(r.admin1) else r.admin1,
        "location_id": None if pd.isna(r.location_id) else r.location_id, "place": _place(r.location),
        "date": None if pd.isna(r.event_date) else dt.date.fromisoformat(r.event_date),
    } for r in ev.itertuples()]
    by_date: dict = defaultdict(list)
    for i, r in enumerate(recs):
        by_date[r["date"]].append(i)
    parent = list(range(n))
    for d, idx in by_date.items():
        later = by_date.get(d + dt.timedelta(days=1), []) if d is not None else []
        for k, x in enumerate(idx):
            for y in idx[k + 1:] + later:
                if _compatible(recs[x], recs[y]):
                    parent[_find(parent, x)] = _find(parent, y)
    roots = [_find(parent, i) for i in range(n)]
    first: dict[int, str] = {}
    for i, root in enumerate(roots):
        first.setdefault(root, ev.at[i, "event_id"])
    ev["cluster_id"] = pd.array([_cid(first[r]) for r in roots], dtype="string")
    members: dict = defaultdict(list)
    for i, root in enumerate(roots):
        members[root].append(i)
    conflict = [False] * n
    for idx in members.values():
        if len(idx) < 2:
            continue
        stated = [_counts(ev.loc[i]) for i in idx]
        numbers = {tuple(x for x in c if not pd.isna(x)) for c, _ in stated if any(not pd.isna(x) for x in c)}
        munitions = {m for _, m in stated if m}
        if len(numbers) > 1 or len(munitions) > 1:
            for i in idx:
                conflict[i] = True
    ev["count_conflict"] = pd.array(conflict, dtype="boolean")
    return ev
