"""Event mentions: one per clause that reports an event, typed, placed, dated, counted.

For each body sentence: cut it into pieces (`clauses`), group pieces into units (a `new`
piece with a cue or a casualty opens a unit; elaborations, subordinates and cue-less
pieces join their neighbour), type each unit by its strongest cue, then merge a unit into
the previous one when it adds no new side and no new place to an event of the same
family ("كما تمكن الفيلق أيضا من عطب دبابة" continues the ambush). What survives, and
names a place or a count, is an event mention.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import lru_cache

import regex

from analysis.dates import find_dates
from analysis.extract import clauses, control, cues
from analysis.extract.actors import ActorHit, ActorMemory, actor_key, find_actors
from analysis.extract.gate import actors_only, may_hurt
from analysis.extract.quantities import CasualtyMention, find_casualties
from analysis.places.locate import Located, locate
from analysis.places.context import header_admin1
from analysis.places.words import words as place_words
from analysis.taxonomy import GOVERNMENT_SIDE, SUB_EVENT_TYPES
from analysis.lexicon import load_lexicon
from analysis.text.matcher import alternation
from analysis.text.normalize import normalize

VIOLENT = {"battles", "explosions_remote_violence", "violence_against_civilians"}
CIVILIAN_GROUPS = {"civilians", "children", "women"}
# With no side named, these are done by unidentified perpetrators (ACLED's "unidentified armed group").
UNATTRIBUTED = {"remote_explosive_landmine_ied", "suicide_bomb", "grenade", "attack", "abduction_forced_disappearance"}


@lru_cache(maxsize=1)
def _words() -> dict[str, tuple[str, ...]]:
    """The role words of data/events.yaml (and its date spans), normalised."""
    lx = load_lexicon("events")
    out = {k: tuple(normalize(w) for w in ws) for k, ws in lx["roles"].items()}
    out["spans"] = tuple(normalize(w) for w in lx["spans"])
    out["spread_words"] = tuple(normalize(w) for w in lx["spread_words"])
    return out


@dataclass
class Unit:
    pieces: list[clauses.Piece]
    main: list[clauses.Piece]
    cues: list[cues.Cue] = field(default_factory=list)
    weapons: list[cues.Weapon] = field(default_factory=list)
    actors: list[ActorHit] = field(default_factory=list)
    casualties: list[CasualtyMention] = field(default_factory=list)
    type: str | None = None
    actor1: ActorHit | None = None
    actor2: ActorHit | None = None
    where: Located | None = None
    control_cues: list[control.ControlCue] = field(default_factory=list)
    control: list[control.ControlPlace] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.pieces[0].start

    @property
    def end(self) -> int:
        return self.pieces[-1].end

    def inside(self, a: int, b: int) -> bool:
        return self.start <= a and b <= self.end

    def in_main(self, a: int) -> bool:
        return any(p.start <= a < p.end for p in self.main)


def announcing_words() -> tuple[str, ...]:
    """Verbs by which a side announces its own gain ("أعلنت قوات الأسد عن تمكنها من السيطرة")."""
    return _words()["announce"]


def _prev_token(text: str, pos: int) -> str:
    head = text[max(0, pos - 25):pos].split()
    return head[-1] if head else ""


def _backs(text: str, start: int) -> bool:
    """The side named at `start` follows a support word ("قسد المدعومة من قبل التحالف"): it
    backs another side and is not a party to the event."""
    words = _words()
    for token in reversed(text[max(0, start - 40):start].split()[-4:]):
        if token in words["support"]:
            return True
        if token not in words["support_fillers"]:
            return False
    return False


def _before_in(text: str, start: int, key: str) -> bool:
    """One or two words right before a side are a phrase of the role list `key`
    ("الخاضعة لسيطرة", "يسيطر عليها" for holders; "الحدودية مع" for borders)."""
    toks = text[max(0, start - 40):start].split()[-2:]
    held = _words()[key]
    last = toks[-1:] and toks[-1]
    bare = last[1:] if last and last[:1] in ("ل", "ب", "و") and len(last) > 3 else last
    return bool(last) and (last in held or bare in held or " ".join(toks) in held)


def _role(text: str, hit: ActorHit, unit: Unit) -> str:
    """agent, patient, neutral, owner or ally, from the words before the actor and the
    casualties around it."""
    for c in unit.casualties:
        if c.party_start is not None and c.party_start <= hit.start < (c.party_end or c.end):
            return "patient"
    words = _words()
    if _backs(text, hit.start):
        return "ally"
    prev = _prev_token(text, hit.start)
    if prev in words["affiliation"]:
        # the side of whoever it belongs to: "قائد لواء الحق التابع لجبهة…" is on the target side
        tab = text.rfind(prev, 0, hit.start)
        owned = next((h for h in unit.actors if 0 <= tab - h.end <= 2), None)
        return "owner" if owned is None else _role(text, owned, unit)
    if _before_in(text, hit.start, "border_before"):
        return "ally"  # "الحدودية مع تركيا": a border named, not a side of the event
    holder = _before_in(text, hit.start, "holder_before")
    if holder:
        return "agent" if text[hit.end:hit.end + 8].split()[:1] in (["على"], ["علي"]) else "patient"
    if text[hit.start:hit.core_start] in ("ل", "ول", "فل"):
        # "مواقع لتنظيم الدولة": the target; "قصف مدفعي لقوات الأسد", "قصف لطيران النظام": who fired
        fired = _prev_token(text, hit.start).lstrip("وب") in words["fire_before"]
        return "agent" if hit.air or fired else "patient"
    bare = prev[1:] if prev[:1] in ("و", "ب", "ف", "ل") and len(prev) > 3 else prev
    if prev in words["agent_before"] or bare in words["agent_before"]:
        return "agent"
    if prev in words["object_verbs"] or bare in words["object_verbs"]:
        return "patient" if _has_subject(text, unit, text.rfind(prev, 0, hit.start)) else "agent"
    if prev in words["object_nouns"] or bare in words["object_nouns"]:
        return "agent" if hit.air or _object_follows(text, hit.end) else "patient"
    if prev in words["target_before"] or bare in words["target_before"]:
        return "patient"
    return "neutral"


def _object_follows(text: str, end: int) -> bool:
    """The word after a side's name opens an object: ل + noun, a place word ("قرية", "مناطق")
    or a target word ("مواقع", "حاجز")."""
    after = text[end:end + 30].split()[:1]
    if not after:
        return False
    w = after[0].strip("،,.:؛")
    return (w[:1] == "ل" and len(w) > 3) or w in place_words().feature_forms or w in _words()["target_before"]


def _has_subject(text: str, unit: Unit, verb: int) -> bool:
    """A side, a cue or a weapon stands before the verb at `verb` in its clause, or a subject
    noun right before it (SVO, or a relative clause: "حملة استهدفت"); a verb that opens its
    clause is followed by its subject (VSO)."""
    start = max((p.start for p in unit.pieces if p.start <= verb), default=unit.start)
    if any(start <= x.start and x.end <= verb for x in [*unit.actors, *unit.cues, *unit.weapons]):
        return True
    before = text[start:verb].split()[-2:]
    return any(w in _words()["verb_subjects"] or w[1:] in _words()["verb_subjects"] for w in before)


def _assign_actors(text: str, unit: Unit, main_only: bool) -> None:
    """actor1: the first agent (else neutral) side, main clause first; actor2: the target side.
    In a protest the crowd is actor1."""
    protest = unit.type and SUB_EVENT_TYPES[unit.type] == "protests"
    hits = [h for h in unit.actors if h.key and (protest or h.key != "protesters")
            and (not main_only or unit.in_main(h.start))]
    memo: dict[int, str] = {}

    def role(h: ActorHit) -> str:  # each side's role is read once per call
        if id(h) not in memo:
            memo[id(h)] = _role(text, h, unit)
        return memo[id(h)]
    roles = [(h, role(h)) for h in hits]
    ordered = sorted(roles, key=lambda hr: (not unit.in_main(hr[0].start), hr[0].start))
    a1 = next((h for h, r in ordered if r == "agent"), None) or \
        next((h for h, r in ordered if r in ("neutral", "owner") and h.key != "civilians"), None)
    if a1 is not None and a1.key == "unknown":
        # "الطيران الحربي التابع للتحالف": the generic aircraft belong to the side named after them.
        owner = next((h for h, _ in roles if h.start > a1.start and h.start - a1.end < 15
                      and _prev_token(text, h.start) in _words()["affiliation"]), None)
        if owner is not None:
            a1 = ActorHit(owner.start, owner.end, owner.core_start, owner.key, owner.text, a1.air, False)
    if a1 is None and protest:
        a1 = next((h for h in unit.actors if h.key == "protesters"), None)
    unit.actor1 = a1
    rest = [(h, r) for h, r in roles if a1 is None or h.key != a1.key] if main_only else []
    rest = rest or [(h, role(h)) for h in unit.actors if h.key and (a1 is None or h.key != a1.key)]
    unit.actor2 = next((h for h, r in rest if r == "patient"), None) or next((h for h, r in rest if r != "ally"), None)
    if protest and unit.type != "excessive_force_against_protesters":
        # the crowd protests; a side named with it is what it protests against or who intervened
        crowd = next((h for h in unit.actors if h.key == "protesters"), None) or \
            ActorHit(unit.start, unit.start, unit.start, "protesters", "", False, True)
        other = next((h for h in (unit.actor1, unit.actor2) if h is not None and h.key != "protesters"), None)
        unit.actor1, unit.actor2 = crowd, other
    sides = _two_sides(text, unit, role)
    if sides is not None and any(sides):
        first, second = sides
        unit.actor1 = first[0] if first else second[0]
        unit.actor2 = (second[0] if second else None) if first else None


@lru_cache(maxsize=1)
def _side_marks() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    w = _words()

    def words(key: str) -> regex.Pattern:
        return regex.compile(rf"(?<!\w)(?:{alternation(w[key])})(?!\w)")
    return words("between"), words("side_first"), words("side_second")


def _two_sides(text: str, unit: Unit, role) -> tuple[list[ActorHit], list[ActorHit]] | None:
    """The sides of "بين X وY من جهة، وZ من جهة أخرى" (or "… من جهة وبين Z") in the clause of a
    battle's cue: those named between "بين" and the first marker, and those after it up to the
    second marker (or, after "وبين", up to the clause's end); backers left out. None without
    that pattern."""
    between, first, second = _side_marks()
    seconds = [m.span() for m in second.finditer(text, unit.start, unit.end)]
    mark = next((m for m in first.finditer(text, unit.start, seconds[0][0] if seconds else unit.end)
                 if not any(a <= m.start() < b for a, b in seconds)), None)
    opener = None if mark is None else [m for m in between.finditer(text, unit.start, mark.start())]
    # only when the unit reports the fight: a battle, "بين" after its first cue with no new
    # clause between them
    cue = min((c.start for c in unit.cues), default=None)
    if not opener or cue is None or _family(unit.type) != "battles" or cue > opener[-1].start():
        return None
    if any(p.relation == "new" and cue < p.start <= opener[-1].start() for p in unit.pieces):
        return None
    if seconds:
        start2, end2 = mark.end(), seconds[0][0]
    else:
        again = between.search(text, mark.end(), min(unit.end, mark.end() + 12))
        if again is None:
            return None
        start2 = again.end()
        end2 = next((m.start() for m in _PUNCT.finditer(text, start2, unit.end)), unit.end)

    def named(a: int, b: int) -> list[ActorHit]:
        return [h for h in unit.actors if h.key and a <= h.start < b and role(h) != "ally"]
    return named(opener[-1].end(), mark.start()), named(start2, end2)


_PUNCT = regex.compile(r"[،,؛;.:]")


# Which weapon types a clause by its weapons, strongest first.
WEAPON_ORDER = ("chemical_weapon", "suicide_bomb", "remote_explosive_landmine_ied", "air_drone_strike",
                "shelling_artillery_missile_attack", "attack", "armed_clash")


def _type(unit: Unit, text: str) -> str | None:
    """The strongest cue decides; generic cues take the weapons' or the air actor's type."""
    weapon_types = {w.type for w in unit.weapons}
    air_actor = any(h.air for h in unit.actors)
    best, best_prio = None, -1
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
            best, best_prio = typ, prio
    if best is None and unit.casualties:
        outcomes = {c.outcome for c in unit.casualties if not c.subset and (c.best or 0) > 0}
        if outcomes & {"killed", "wounded", "killed_or_wounded", "executed"}:
            # victims and a weapon, no cue: "قتلى القذائف التي سقطت على دمشق" is shelling
            best = next((wt for wt in WEAPON_ORDER if wt in weapon_types and wt != "attack"), None) or \
                ("attack" if civilian_victims(unit, text) else "armed_clash")
    if best == "attack" and cues.own_members(text[unit.start:unit.end]):
        best = "other"
    return best


def civilian_victims(unit: Unit, text: str) -> bool:
    if any(c.group in CIVILIAN_GROUPS and not c.subset for c in unit.casualties):
        return True
    return any(h.key == "civilians" for h in unit.actors) or any(
        w in text[unit.start:unit.end] for w in _words()["civilian_words"])


def _group(sentence: list[clauses.Piece], has_event) -> list[Unit]:
    units: list[Unit] = []
    prefix: list[clauses.Piece] = []
    for p in sentence:
        if p.relation == "new" and has_event(p):
            u = Unit(prefix + [p], main=[x for x in prefix if x.relation == "new"] + [p])
            prefix = []
            units.append(u)
        elif units:
            units[-1].pieces.append(p)
        else:
            prefix.append(p)
    return units


def _carried(hit: ActorHit | None, u: Unit, same_sentence: bool) -> ActorHit | None:
    """An actor taken over from the event before; from another sentence its words are not here."""
    if hit is None or same_sentence:
        return hit
    return ActorHit(u.start, u.start, u.start, hit.key, "", hit.air, True)


def _piece_at(ps: list[clauses.Piece], i: int) -> clauses.Piece:
    return next((p for p in ps if p.start <= i < p.end), ps[-1])


def _family(t: str | None) -> str | None:
    return SUB_EVENT_TYPES.get(t) if t else None


def _merge(units: list[Unit], text: str, section) -> list[Unit]:
    """Fold a unit into the one before when it adds no new side and no new place."""
    out: list[Unit] = []
    for u in units:
        if out:
            prev = out[-1]
            same_family = _family(u.type) == _family(prev.type) or (
                _family(u.type) in VIOLENT and _family(prev.type) in VIOLENT and u.type == "armed_clash")
            same_side = u.actor1 is None or prev.actor1 is None or u.actor1.key == prev.actor1.key
            # a new place makes a new event; a place where the first had none completes it
            here = u.where.place_keys if u.where else set()
            there = prev.where.place_keys if prev.where else set()
            new_place = bool(here and there and here - there)
            if same_family and same_side and not new_place:
                # a stronger cue of the same family retypes the event ("معارك … حيث … عربة مفخخة")
                if (max((c.priority for c in u.cues), default=-1) > max((c.priority for c in prev.cues), default=-1)
                        and _family(u.type) == _family(prev.type)):
                    prev.type = u.type
                prev.pieces.extend(u.pieces)
                prev.cues += u.cues
                prev.weapons += u.weapons
                prev.actors += u.actors
                prev.casualties += u.casualties
                prev.control += u.control
                prev.main += u.main
                prev.where = locate(text, prev.start, prev.end, [(p.start, p.end) for p in prev.main], section)
                continue
        out.append(u)
    return out


def sentence_events(text: str, published: dt.date | None, section: str | None, memory: ActorMemory,
                    prev_event: list) -> list[Unit]:
    """Event units of one normalised sentence (`prev_event` holds the article's last unit)."""
    if actors_only(text):  # background, or no word that opens an event
        find_actors(text, published, memory)
        return []
    ps = clauses.pieces(text)
    if not ps:
        return []
    floors = [p.start for p in ps]

    def floor_of(i: int) -> int:
        return max((f for f in floors if f <= i), default=0)

    actors = find_actors(text, published, memory)
    # a cue word inside a side's name ("هيئة تحرير الشام", "غرفة عمليات فتح حلب") reports nothing;
    # an air side's name is its strike ("غارة جوية روسية")
    names = [(a.start, a.end) for a in actors if a.end > a.start and not a.air]

    def free(c) -> bool:
        return not any(a <= c.start and c.end <= b for a, b in names)
    all_cues = [c for c in cues.find_cues(text, floor_of) if free(c)]
    # "بعد انسحاب X منها" is background to a capture, not a change of its own.
    ctl_cues = [c for c in control.find_cues(text, floor_of)
                if free(c) and _piece_at(ps, c.start).relation != "subordinate"]
    all_cas = find_casualties(text, may_hurt(text))
    weapons = cues.find_weapons(text)

    def has_event(p):
        return any(p.start <= c.start < p.end for c in all_cues + ctl_cues) or any(
            p.start <= c.start < p.end and (c.best or 0) > 0 and not c.subset for c in all_cas)

    units = _group(ps, has_event)
    for u in units:
        u.cues = [c for c in all_cues if u.inside(c.start, c.end)]
        u.weapons = [w for w in weapons if u.inside(w.start, w.end)]
        u.actors = [a for a in actors if u.inside(a.start, a.end)]
        u.casualties = [c for c in all_cas if u.inside(c.start, c.end)]
        u.control_cues = [c for c in ctl_cues if u.inside(c.start, c.end)]
        if u.control_cues:
            u.cues.append(cues.Cue(u.control_cues[0].start, u.control_cues[0].end, TERRITORY, 100, None, False))
        u.type = _type(u, text)
        _assign_actors(text, u, main_only=True)
        if u.type:  # an untyped unit is dropped below: no place to look up
            u.where = locate(text, u.start, u.end, [(p.start, p.end) for p in u.main], section)
    units = [u for u in units if u.type]
    for i, u in enumerate(units):
        # No side in its own clause: "مماثل", "كما أعلنت أيضا", "بين الطرفين" continue the event before.
        before = units[i - 1] if i else (prev_event[0] if prev_event else None)
        if u.actor1 is None and before is not None:
            both = any(w in text[u.start:u.end] for w in _words()["both_sides"])
            if both or (i and _family(before.type) == _family(u.type)):
                u.actor1 = _carried(before.actor1, u, same_sentence=bool(i))
                u.actor2 = u.actor2 or (_carried(before.actor2, u, bool(i)) if both else None)
        if u.actor1 is None:
            _assign_actors(text, u, main_only=False)
        if u.type == "other" and u.actor1 is not None and cues.own_members(text[u.start:u.end]):
            u.actor2 = u.actor1
    units = [u for u in units if _resolve_control(text, u, ps, section, published)]
    mentions = find_dates(text, published) if units else []  # no unit, no date to check
    units = [u for u in _merge(units, text, section) if not _background(text, u, mentions, published)]
    for u in units:
        if u.actor1 is None and u.type in UNATTRIBUTED:
            u.actor1 = ActorHit(u.start, u.start, u.start, "unknown", "", False, True)
        elif u.actor1 is None and _family(u.type) == "protests":
            u.actor1 = ActorHit(u.start, u.start, u.start, "protesters", "", False, True)
    kept = [u for u in units if _is_event(u, text)]
    if kept:
        prev_event[:] = [kept[-1]]
    return kept


TERRITORY = "government_regains_territory"  # placeholder until the gaining side is known


def _subject(text: str, u: Unit, cue, piece: clauses.Piece) -> str | None:
    """Who took the places: the side right after the verb (VSO), else just before it, else actor1."""
    obj = control.object_start(text, cue, piece.end)
    after = [h for h in u.actors if h.key and cue.end <= h.start < obj]
    before = [h for h in u.actors if h.key and piece.start <= h.start < cue.start and _role(text, h, u) != "patient"]
    if after:
        return after[0].key
    if before:
        return before[-1].key
    return u.actor1.key if u.actor1 else None


def _resolve_control(text: str, u: Unit, ps: list[clauses.Piece], section, when) -> bool:
    """Rows for the places that changed hands; the unit's type follows who gained them."""
    if not u.control_cues:
        return True
    hint = frozenset(header_admin1(section)) | ({u.where.admin1} if u.where and u.where.admin1 else set())
    seen = set()
    for cue in u.control_cues:
        piece = _piece_at(ps, cue.start)
        subject = _subject(text, u, cue, piece)
        for cp in control.places_after(text, cue, u.end, u.end, hint, when):
            if (cp.start, cp.end) not in seen:  # "استعادت … السيطرة على X": two cues, one place
                seen.add((cp.start, cp.end))
                u.control.append(replace(cp, gained_by=subject))
    if not u.control:
        u.cues = [c for c in u.cues if c.type != TERRITORY or c.priority != 100]
        u.type = _type(u, text)
        if _family(u.type) in ("protests", "battles"):  # whose sides its type decides
            _assign_actors(text, u, main_only=True)
        return u.type is not None
    if u.type != TERRITORY:
        return True
    gained = next((c.gained_by for c in u.control if c.gained_by), None)
    changes = {c.cue.change for c in u.control}
    if changes <= {"withdrawal", "handover"}:
        u.type = "non_violent_transfer_of_territory"
    elif changes <= {"besieged"} or gained is None:
        u.type = "armed_clash"
    elif gained in GOVERNMENT_SIDE:
        u.type = "government_regains_territory"
    else:
        u.type = "non_state_actor_overtakes_territory"
    return True


# A count this large with no place is a toll over a period, not one event.
TOLL = 500
# A main clause naming places in this many governorates, with a spread word ("محافظات"),
# sums up a period or a campaign: no one event.
SPREAD = 3


def _is_event(u: Unit, text: str) -> bool:
    """An event needs a place or a stated count; a count with no cue word also needs a place
    or a side that did it ("قتل 173 مدنيا خلال هذه الفترة" is a toll, not an event); places
    in `SPREAD` governorates or more, listed as governorates, are a summary; an event whose
    own place is abroad is not coded."""
    if u.where is not None and len(u.where.admin1s) >= SPREAD and any(
            w in text[p.start:p.end].split() for p in u.main for w in _words()["spread_words"]):
        return False
    counts = [c.best for c in u.casualties if (c.best or 0) > 0 and not c.subset]
    if u.where is not None and u.where.place is not None and u.where.place.country != "SY":
        return False  # it happened abroad: outside a Syrian dataset (codebook §5)
    placed = u.where is not None and (u.where.admin1 is not None or u.where.location is not None)
    if u.cues:
        return placed or bool(counts)
    agent = u.actor1 is not None and u.actor1.end > u.actor1.start
    return bool(counts) and (placed or (agent and max(counts) < TOLL))


# An event dated this long before publication is recalled as background, not reported.
RECALLED = dt.timedelta(days=60)


def _background(text: str, u: Unit, mentions, published: dt.date | None) -> bool:
    """A summary of a period ("منذ بداية الشهر", "خلال الأسابيع الماضية") or an old event
    recalled ("في عام 2012", "في 16 مايو الماضي" two months on) is not a new event."""
    if published is None:
        return False
    for m in mentions:
        if not m.date or not u.in_main(m.start):
            continue
        day = dt.date.fromisoformat(m.date)
        if m.kind == "background" and text[m.start:m.end].startswith(_words()["spans"]) and day < published - dt.timedelta(days=1):
            return True
        if m.kind == "point" and day < published - RECALLED:
            return True
    return False


def party_key(text: str, c: CasualtyMention, when: dt.date | None) -> str | None:
    if c.party_start is None:
        return None
    return actor_key(text[c.party_start:c.party_end], when)


def event_date(text: str, u: Unit, published: dt.date | None) -> tuple[str | None, str]:
    """The date words nearest the event (its unit, then its sentence), else `published`."""
    mentions = find_dates(text, published)
    points = [m for m in mentions if m.kind == "point" and m.date]
    inside = [m for m in points if u.start <= m.start < u.end]
    for group in (inside, points):
        if group:
            return group[0].date, group[0].precision
    # "الأسبوع الماضي" in the event's own clause dates it; "منذ ثلاث سنوات" is only background.
    background = [m for m in mentions if m.kind == "background" and m.date and u.in_main(m.start)
                  and not text[m.start:m.end].startswith(_words()["spans"])]
    if background:
        return background[0].date, background[0].precision
    if published is None:
        return None, "none"
    return published.isoformat(), "day"
