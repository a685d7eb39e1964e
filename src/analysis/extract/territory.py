"""Territorial changes of a unit: the places its control cues name, who gained them, and the
event type that follows from that (codebook §3, "control_changes").

Who took the places is the side right after the verb (VSO), else the side just before it in
its clause (not a target), else the event's actor1 as a battle's sides are read. A unit whose
control cues name no place reports no change and is typed by its other cues.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from analysis.extract import control
from analysis.extract.actors import ActorHit
from analysis.extract.clauses import Piece
from analysis.extract.control import ControlPlace
from analysis.extract.roles import Roles
from analysis.extract.units import Unit
from analysis.taxonomy import GOVERNMENT_SIDE


def _piece_at(ps: list[Piece], i: int) -> Piece:
    return next((p for p in ps if p.start <= i < p.end), ps[-1])


def _subject(text: str, u: Unit, cue: control.ControlCue, piece: Piece, roles: Roles,
             actor1: ActorHit | None) -> str | None:
    """Who took the places: the side right after the verb (VSO), else just before it, else actor1."""
    obj = control.object_start(text, cue, piece.end)
    after = [h for h in u.actors if h.key and cue.end <= h.start < obj]
    before = [h for h in u.actors if h.key and piece.start <= h.start < cue.start and roles(h) != "patient"]
    if after:
        return after[0].key
    if before:
        return before[-1].key
    return actor1.key if actor1 else None


def changed_places(text: str, u: Unit, pieces: list[Piece], hint: frozenset[str], when: dt.date | None,
                   roles: Roles, actor1: ActorHit | None) -> list[ControlPlace]:
    """The places the unit's control cues say changed hands, each with the side that gained it
    ("استعادت … السيطرة على X": two cues, one place). `hint`: governorates the context names."""
    out: list[ControlPlace] = []
    seen = set()
    for cue in u.control_cues:
        subject = _subject(text, u, cue, _piece_at(pieces, cue.start), roles, actor1)
        for cp in control.places_after(text, cue, u.end, u.end, hint, when):
            if (cp.start, cp.end) not in seen:
                seen.add((cp.start, cp.end))
                out.append(replace(cp, gained_by=subject))
    return out


def territory_type(places: list[ControlPlace]) -> str:
    """The sub-event type of a unit whose places changed hands."""
    gained = next((c.gained_by for c in places if c.gained_by), None)
    changes = {c.cue.change for c in places}
    if changes <= {"withdrawal", "handover"}:
        return "non_violent_transfer_of_territory"
    if changes <= {"besieged"} or gained is None:
        return "armed_clash"
    if gained in GOVERNMENT_SIDE:
        return "government_regains_territory"
    return "non_state_actor_overtakes_territory"
