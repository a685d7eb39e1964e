"""Rows of the codebook tables from coded units: spans mapped back to the document as written.

Matching runs on normalised text, sentence by sentence; every span is mapped back, so
`text[char_start:char_end]` is always the source. No decision is made here (see `coding`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from analysis.extract.coding import Coded
from analysis.ingest import Document
from analysis.taxonomy import SUB_EVENT_TYPES
from analysis.text.normalize import NormText

_TRIM = " \t،,؛;:.-–\"'«»“”"
# The reporter of a period's total whose sentence names no monitor.
UNATTRIBUTED = "unattributed"


@dataclass
class DocResult:
    events: list[dict] = field(default_factory=list)
    casualties: list[dict] = field(default_factory=list)
    facility_attacks: list[dict] = field(default_factory=list)
    control_changes: list[dict] = field(default_factory=list)
    statistics: list[dict] = field(default_factory=list)
    unresolved: list[tuple] = field(default_factory=list)  # (phrase, doc_id, start, end, admin1 guess)
    error: str | None = None  # set when extraction failed on this document


class SentenceSpans:
    """One sentence's normalised text with the mapping of its spans back to the document."""

    def __init__(self, doc: Document, start: int, nt: NormText):
        self.doc, self.base, self.nt = doc, start, nt

    def span(self, a: int, b: int) -> tuple[int, int]:
        t = self.nt.text
        while a < b and t[a] in _TRIM:
            a += 1
        while b > a and t[b - 1] in _TRIM:
            b -= 1
        return self.base + self.nt.start(a), self.base + self.nt.end(b)

    def words(self, a: int, b: int) -> str:
        s, e = self.span(a, b)
        return self.doc.text[s:e]


def _sum(rows: list[dict], outcomes: set[str]) -> tuple[int | None, int | None, int | None]:
    """best, low and high over the rows of some outcomes (rows with no number count in none)."""
    sel = [r for r in rows if r["outcome"] in outcomes and not r["implausible"]]
    if not sel:
        return None, None, None
    high = None if any(r["high"] is None for r in sel) else sum(r["high"] for r in sel)
    return sum(r["best"] or 0 for r in sel), sum(r["low"] or 0 for r in sel), high


def add_rows(doc: Document, sd: SentenceSpans, ev: Coded, section: str | None, res: DocResult) -> None:
    """Append the rows of one coded event to `res`."""
    u = ev.unit
    start, end = sd.span(u.start, u.end)
    event_id = f"{doc.doc_id}:{start}-{end}"
    cas = []
    for c in ev.casualties:
        a, b = sd.span(c.mention.start, c.mention.end)
        m = c.mention
        cas.append({"event_id": event_id, "doc_id": doc.doc_id, "char_start": a, "char_end": b,
                    "group": m.group, "party": c.party, "outcome": m.outcome,
                    "low": m.low, "best": m.best, "high": m.high, "quantity_text": doc.text[a:b],
                    "implausible": m.implausible})
    killed = _sum(cas, {"killed", "executed"})
    wounded = _sum(cas, {"wounded"})
    w = u.where
    place = w.place if w else None
    location = sd.words(*w.span) if w and w.span else None
    a1, a2 = u.actor1, u.actor2
    admin1 = w.admin1 if w else None
    res.events.append({
        "event_id": event_id, "doc_id": doc.doc_id, "char_start": start, "char_end": end,
        "text": doc.text[start:end], "section": section, "event_date": ev.event_date,
        "date_precision": ev.date_precision,
        "event_type": SUB_EVENT_TYPES[u.type], "sub_event_type": u.type,
        "actor1": a1.key if a1 else None, "actor2": a2.key if a2 and a2.key else None,
        "actor1_text": (sd.words(a1.core_start, a1.end) or None) if a1 else None,
        "actor2_text": sd.words(a2.core_start, a2.end) if a2 else None,
        "admin1": admin1, "location": location,
        "location_id": place.id if place else None,
        "latitude": place.lat if place else None, "longitude": place.lon if place else None,
        "geo_precision": w.geo_precision if w else None,
        "killed": killed[0], "killed_low": killed[1], "killed_high": killed[2],
        "wounded": wounded[0], "wounded_low": wounded[1], "wounded_high": wounded[2],
        "civilian_targeting": ev.civilian_targeting, "weapon": ";".join(ev.weapons) or None,
        "munitions": ";".join(map(str, ev.munitions)) or None,
        "claimed_by": sd.words(*ev.claim) if ev.claim else None,
        "scope": u.scope, "country": w.country if w else None, "admin1_basis": w.basis if w else "none",
        "toll_update": ev.toll_update, "cluster_id": "", "count_conflict": False,
    })
    res.casualties.extend(cas)
    for f in ev.facilities:
        a, b = sd.span(f.start, f.end)
        res.facility_attacks.append({"event_id": event_id, "doc_id": doc.doc_id, "char_start": a, "char_end": b,
                                     "facility_type": f.type, "facility_text": doc.text[a:b],
                                     "location": location, "admin1": admin1,
                                     "actor1": a1.key if a1 else None})
    for ch in ev.changes:
        cp = ch.place
        a, b = sd.span(cp.start, cp.end)
        res.control_changes.append({
            "event_id": event_id, "doc_id": doc.doc_id, "char_start": a, "char_end": b,
            "location": doc.text[a:b], "location_id": cp.place_id, "admin1": cp.admin1 or admin1,
            "gained_by": ch.gained_by, "lost_by": ch.lost_by, "change": cp.cue.change,
            "claimed_by": sd.words(*ch.claimed_by) if ch.claimed_by else None,
        })
    if ev.period is not None:
        # a count over a period is also a figure about that period (codebook §2 statistics)
        for metric, total in (("killed", killed), ("wounded", wounded)):
            if total[0]:
                res.statistics.append({"doc_id": doc.doc_id, "char_start": start, "char_end": end,
                                       "reporter": ev.reporter or UNATTRIBUTED, "period": ev.period,
                                       "metric": metric, "dimension": "total", "category": ev.period,
                                       "value": total[0]})
    if w:
        for a, b, _name in w.unresolved:
            s, e = sd.span(a, b)
            res.unresolved.append((doc.text[s:e], doc.doc_id, s, e, w.admin1))
