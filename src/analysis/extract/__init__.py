"""From one decoded document to its rows in every codebook table.

Matching runs on normalised text (`NormText`), sentence by sentence; every span is mapped
back to the document as written, so `text[char_start:char_end]` is always the source.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import regex

from analysis.extract import cues
from analysis.extract.actors import ActorMemory
from analysis.extract.events import (Unit, announcing_words, civilian_victims, event_date, party_key,
                                     sentence_events)
from analysis.extract.facilities import facility_attacks
from analysis.extract.statistics import find_statistics
from analysis.ingest import Document
from analysis.taxonomy import EXTRACTED_STATUSES, SUB_EVENT_TYPES
from analysis.text.normalize import NormText
from analysis.text.segment import segment

_TRIM = " \t،,؛;:.-–\"'«»“”"


@dataclass
class DocResult:
    events: list[dict] = field(default_factory=list)
    casualties: list[dict] = field(default_factory=list)
    facility_attacks: list[dict] = field(default_factory=list)
    control_changes: list[dict] = field(default_factory=list)
    statistics: list[dict] = field(default_factory=list)
    unresolved: list[tuple] = field(default_factory=list)  # (phrase, doc_id, start, end, admin1 guess)
    error: str | None = None  # set when extraction failed on this document


def _sum(rows: list[dict], outcomes: set[str]) -> tuple[int | None, int | None, int | None]:
    sel = [r for r in rows if r["outcome"] in outcomes]
    if not sel:
        return None, None, None
    high = None if any(r["high"] is None for r in sel) else sum(r["high"] for r in sel)
    return sum(r["best"] or 0 for r in sel), sum(r["low"] or 0 for r in sel), high


class _Doc:
    """One sentence's text with the mapping of its spans back to the document."""

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


def _country(w) -> str | None:
    """Where the event happened: its place's country, else Syria when a governorate is known."""
    if w is not None and w.place is not None and w.place.country != "SY":
        return w.place.country
    return "SY" if w is not None and w.admin1 else None


def _rows(doc: Document, sd: _Doc, u: Unit, section, published: dt.date | None, res: DocResult) -> None:
    t = sd.nt.text
    start, end = sd.span(u.start, u.end)
    event_id = f"{doc.doc_id}:{start}-{end}"
    when = published
    cas = []
    for c in u.casualties:
        if c.subset:
            continue
        a, b = sd.span(c.start, c.end)
        cas.append({"event_id": event_id, "doc_id": doc.doc_id, "char_start": a, "char_end": b,
                    "group": c.group, "party": party_key(t, c, when), "outcome": c.outcome,
                    "low": c.low, "best": c.best, "high": c.high, "quantity_text": doc.text[a:b]})
    killed = _sum(cas, {"killed", "executed"})
    wounded = _sum(cas, {"wounded"})
    date, precision = event_date(t, u, published)
    claim = cues.claimed_by(t)
    w = u.where
    place = w.place if w else None
    location = sd.words(*w.span) if w and w.span else None
    a1, a2 = u.actor1, u.actor2
    weapons = sorted({x.tag for x in u.weapons} | {c.weapon for c in u.cues if c.weapon})
    civ = civilian_victims(u, t) or (u.type in {"attack", "abduction_forced_disappearance", "sexual_violence"}
                                     and (a2 is None or a2.key == "civilians"))
    res.events.append({
        "event_id": event_id, "doc_id": doc.doc_id, "char_start": start, "char_end": end,
        "text": doc.text[start:end], "section": section, "event_date": date, "date_precision": precision,
        "event_type": SUB_EVENT_TYPES[u.type], "sub_event_type": u.type,
        "actor1": a1.key if a1 else None, "actor2": a2.key if a2 and a2.key else None,
        "actor1_text": (sd.words(a1.core_start, a1.end) or None) if a1 else None,
        "actor2_text": sd.words(a2.core_start, a2.end) if a2 else None,
        "admin1": w.admin1 if w else None, "location": location,
        "location_id": place.id if place else None,
        "latitude": place.lat if place else None, "longitude": place.lon if place else None,
        "geo_precision": w.geo_precision if w else None,
        "killed": killed[0], "killed_low": killed[1], "killed_high": killed[2],
        "wounded": wounded[0], "wounded_low": wounded[1], "wounded_high": wounded[2],
        "civilian_targeting": bool(civ), "weapon": ";".join(weapons) or None,
        "claimed_by": sd.words(*claim) if claim else None,
        "scope": "current", "country": _country(w), "admin1_basis": w.basis if w else "none",
        "toll_update": False, "cluster_id": "", "count_conflict": False,
    })
    res.casualties.extend(cas)
    for f in facility_attacks(t, u.type, u.pieces, [c.start for c in u.cues]):
        a, b = sd.span(f.start, f.end)
        res.facility_attacks.append({"event_id": event_id, "doc_id": doc.doc_id, "char_start": a, "char_end": b,
                                     "facility_type": f.type, "facility_text": doc.text[a:b],
                                     "location": location, "admin1": w.admin1 if w else None,
                                     "actor1": a1.key if a1 else None})
    announced = any(tok in announcing_words() for tok in t[u.start:u.end].split()[:12])
    for cp in u.control:
        a, b = sd.span(cp.start, cp.end)
        withdrawal = cp.cue.change == "withdrawal"
        gained = None if withdrawal else cp.gained_by
        lost = (cp.gained_by if withdrawal else cp.lost_by) or (
            a2.key if a2 and a2.key not in (None, gained, "civilians", "protesters") else None)
        res.control_changes.append({
            "event_id": event_id, "doc_id": doc.doc_id, "char_start": a, "char_end": b,
            "location": doc.text[a:b], "location_id": cp.place_id, "admin1": cp.admin1 or (w.admin1 if w else None),
            "gained_by": gained, "lost_by": lost if lost != gained else None, "change": cp.cue.change,
            "claimed_by": (sd.words(a1.core_start, a1.end) if announced and a1 else
                           (sd.words(*claim) if claim else None)),
        })
    if w:
        for a, b, _name in w.unresolved:
            s, e = sd.span(a, b)
            res.unresolved.append((doc.text[s:e], doc.doc_id, s, e, w.admin1))


def extract_document(doc: Document) -> DocResult:
    """Every row one document yields; a document that was not read, or that fails, yields none.

    A failure is reported in the result (and so in the documents table), never raised: one
    document must not sink a run over a whole corpus.
    """
    if doc.status not in EXTRACTED_STATUSES:
        return DocResult()
    try:
        return _extract(doc)
    except Exception as e:  # noqa: BLE001 — any bug in a rule must cost one document, not the run
        return DocResult(error=f"extraction failed: {type(e).__name__}: {e}")


_YEAR = regex.compile(r"(?<![\d/])(19[89]\d|20\d\d)(?![\d/])")


def _article_dates(doc: Document, structure, published: dt.date | None) -> dict[int, dt.date | None]:
    """The publication date that holds for each article of the document.

    An article that names a later year than the document's date was not published then (a
    file that glues a 2024 statement to a 2018 article): its relative dates are not resolved.
    """
    out: dict[int, dt.date | None] = {}
    for p in structure.paragraphs:
        if p.kind == "body" and out.get(p.article, published) is not None and published is not None:
            later = [int(y) for y in _YEAR.findall(doc.text, p.start, p.end) if int(y) > published.year]
            out[p.article] = None if later else out.get(p.article, published)
    return out


def _extract(doc: Document) -> DocResult:
    res = DocResult()
    structure = segment(doc.text, doc.title)
    doc_date = dt.date.fromisoformat(doc.published) if doc.published else None
    dates = _article_dates(doc, structure, doc_date)
    memory, prev_event, article, published = ActorMemory(), [], None, doc_date
    for sent in structure.sentences:
        if sent.article != article:
            memory, prev_event, article = ActorMemory(), [], sent.article
            published = dates.get(article, doc_date)
        nt = structure.norm.slice(sent.start, sent.end)
        sd = _Doc(doc, sent.start, nt)
        for u in sentence_events(nt.text, published, sent.section, memory, prev_event):
            _rows(doc, sd, u, sent.section, published, res)
    res.statistics = find_statistics(doc, structure, doc_date)
    return res
