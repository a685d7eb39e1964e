"""The unit's ACLED sub-event type: its strongest cue decides (codebook §3).

Generic cues ("استهدف", "قصف", "مجزرة", "انفجار") take their type from the weapons named,
else from an air side, and count only with a weapon, an armed side or victims present. With
no cue, victims and a weapon give the weapon's type ("قتلى القذائف التي سقطت على دمشق").
"""
from __future__ import annotations

from analysis.extract import cues
from analysis.extract.roles import words as role_words
from analysis.extract.units import Unit

CIVILIAN_GROUPS = {"civilians", "children", "women"}
# Which weapon types a clause by its weapons, strongest first.
WEAPON_ORDER = ("chemical_weapon", "suicide_bomb", "remote_explosive_landmine_ied", "air_drone_strike",
                "shelling_artillery_missile_attack", "attack", "armed_clash")
# A unit's control cue stands as a cue of this type, above every other, until the places it
# names say who gained them (or that none changed hands).
TERRITORY = "government_regains_territory"
TERRITORY_PRIORITY = 100


def territory_cue(unit: Unit) -> cues.Cue | None:
    """The cue a unit's first control cue stands as."""
    first = unit.control_cues[0] if unit.control_cues else None
    return None if first is None else cues.Cue(first.start, first.end, TERRITORY, TERRITORY_PRIORITY, None, False)


def civilian_victims(unit: Unit, text: str) -> bool:
    if any(c.group in CIVILIAN_GROUPS and not c.subset for c in unit.casualties):
        return True
    if any(h.key == "civilians" for h in unit.actors):
        return True
    span = text[unit.start:unit.end]
    for w in role_words()["civilian_words"]:
        if w in span:
            return True
    return False


def event_type(unit: Unit, text: str) -> str | None:
    """The strongest cue decides; generic cues take the weapons' or the air actor's type."""
    weapon_types = {w.type for w in unit.weapons}
    air_actor = any(h.air for h in unit.actors)
    best, best_prio, decided = None, -1, None
    armed = any(h.key not in (None, "civilians", "protesters") for h in unit.actors)
    counted = any((c.best or 0) > 0 for c in unit.casualties)
    others = {id(c) for c in unit.cues if c.alone}
    for c in unit.cues:
        typ, prio = c.type, c.priority
        if c.generic and not (weapon_types or armed or counted):
            continue  # "انفجر الوضع", "مجزرة بحق الحقيقة": no weapon, no side, no victims
        if not c.alone and not (counted or others - {id(c)}):
            continue  # "منطقة الألغام": a weapon named, nothing happened
        if c.generic:
            for wt in WEAPON_ORDER:
                if wt in weapon_types:
                    typ = wt
                    break
            else:
                if air_actor:
                    typ = "air_drone_strike"
            if typ == "attack" and "attack" in weapon_types and not civilian_victims(unit, text):
                typ = "armed_clash"
        if prio > best_prio:
            best, best_prio, decided = typ, prio, c
    if best is None and unit.casualties:
        outcomes = {c.outcome for c in unit.casualties if not c.subset and (c.best or 0) > 0}
        if outcomes & {"killed", "wounded", "killed_or_wounded", "executed"}:
            # victims and a weapon, no cue: "قتلى القذائف التي سقطت على دمشق" is shelling
            best = next((wt for wt in WEAPON_ORDER if wt in weapon_types and wt != "attack"), None) or \
                ("attack" if civilian_victims(unit, text) else "armed_clash")
            decided = next((w for w in unit.weapons if w.type == best), None)
    if best == "armed_clash" and decided is not None and decided.one_sided and _on_civilians(unit, text):
        best = "attack"
    if best == "attack" and cues.own_members(text[unit.start:unit.end]):
        best = "other"
    return best


def _on_civilians(unit: Unit, text: str) -> bool:
    """Shooting whose victims are civilians, no combatant among them, and at most one armed side
    named: violence against civilians, not a battle (a battle needs two armed sides)."""
    armed = {h.key for h in unit.actors if h.key not in (None, "civilians", "protesters")}
    fighters = any(c.group == "combatants" or c.party_start is not None for c in unit.casualties)
    return len(armed) <= 1 and not fighters and civilian_victims(unit, text)
