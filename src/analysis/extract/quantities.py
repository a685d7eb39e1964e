"""Casualty phrases and number phrases (codebook §2 "casualties", §6 "Numbers").

One regular expression, compiled once from `data/numbers.yaml` and `data/casualties.yaml`,
scans the normalised text for the few words that matter (quantities, victim nouns, outcome
cues, party names, links, clause breaks). A small parser then works over those tokens only,
a handful per sentence and never every word: it builds victim phrases ("حوالي 40 قتيلا من
قوات الأسد"), joins coordinated ones ("أربعة قياديين و40 عنصرا آخرين"), and ties each to
the cue that says what happened to the victims ("مقتل", "لقوا حتفهم", "سقوط"). Numbers
follow the codebook's low/best/high rules. Every word list lives in the YAML; only
morphology is written here (the clitics و ف ب ك ل, the article, possessive suffixes).

The scan uses the standard library's `re`, not `regex`: on this pattern (thousands of
words in one trie) it is about six times faster, and the scan is most of the cost.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from analysis.extract.numbers import Numbers, Value, alt as _alt, key as _key, numbers, phrase as _w, value
from analysis.lexicon import load_lexicon
from analysis.text import arabic
from analysis.text.arabic import with_pronoun
from analysis.text.matcher import WordGate


@dataclass(frozen=True, slots=True)
class CasualtyMention:
    start: int            # span in the text passed in (quantity + victim/outcome words)
    end: int
    outcome: str          # killed | wounded | killed_or_wounded | captured | executed | missing
    group: str            # civilians | children | women | combatants | unknown
    low: int | None
    best: int | None
    high: int | None      # None = open-ended
    quantity_text: str    # text[start:end]
    party_start: int | None   # span of the words naming whose members the victims are
    party_end: int | None
    subset: bool          # a sub-count ("بينهم 5 أطفال") that must not be added to totals
    implausible: bool = False  # the text states more than `IMPLAUSIBLE`: kept as written, not counted


# No one event kills, wounds or takes more people than this (the whole war's toll is smaller):
# a larger figure is a typo, a total of another kind or no count at all. Its row keeps the words
# and says so, with no number.
IMPLAUSIBLE = 1_000_000
_QUOTES = "\"'«»“”„"
_ADJACENT = re.compile(rf"[\s{_QUOTES}]*")
_WORD = re.compile(r"\w+")
_SENTENCE_END = set(".!?؟\n")
_ARMED = ("combatants", "unknown")
_NAME_OPEN = r"[\"«“]"
_NAME = rf"{_NAME_OPEN}[^\"«»“”\n]{{2,40}}[\"»”]"


@dataclass(frozen=True, slots=True)
class _Noun:
    group: str | None       # None for outcome nouns and "others"
    outcome: str | None
    num: str                # one | two | many
    inherit: bool           # "آخرين": the group of the victims named before
    tanween: bool           # accusative singular after a numeral ("عنصرا")


@dataclass(slots=True)  # not frozen: docs/coding_rules.md, "Time and size"
class _CueWord:
    outcome: str            # killed | wounded | killed_or_wounded | … | neutral
    roles: frozenset[str]   # lead, trail (where its victims stand), one, some (victims implied)
    word_start: int         # where the word starts, after its proclitics
    verbal_noun: bool       # after ب or ل: a verbal noun ("بمقتل"), it trails nothing


@dataclass(slots=True)  # not frozen: docs/coding_rules.md, "Time and size"
class _NounWord:
    noun: _Noun
    definite: bool


@dataclass(frozen=True, slots=True)
class _Party:
    """The words naming whose members the victims are: a head and its tail ("قوات الأسد")."""
    start: int
    end: int


@dataclass(slots=True)
class _Tok:
    """A word that matters to the parser, with what it says (one payload per kind)."""
    kind: str
    s: int
    e: int
    conj: bool = False              # opens with the conjunction و
    value: Value | None = None      # quant: the count it states
    cue: _CueWord | None = None     # cue
    noun: _NounWord | None = None   # noun
    party: _Party | None = None     # party
    group: str | None = None        # assert: the group the victims are said to be ("كلهم مدنيون")
    at_least: bool = False          # aq: "على الأقل" (else "تقريبا")
    partitive: bool = False         # link: "من" ("عنصرين من قوات الأسد")


@dataclass(slots=True)
class _Lex:
    scan: re.Pattern
    nums: Numbers
    follow: re.Pattern          # what may follow a number standing alone
    not_people: re.Pattern      # a unit after a number that counts no one ("في المائة", "عاما")
    tail: re.Pattern            # the rest of a party name after its head
    preposition: re.Pattern     # ends with a preposition: the cue after it is a verbal noun
    kinds: dict                 # surface form → (token kind, lexicon form)
    nouns: dict
    cues: dict
    partitive: set
    contracted: set             # party heads written after the clitic ل ("للنظام")
    definite: re.Pattern        # the article with its proclitics, where a word opens
    hurt: tuple[str, ...]       # forms without which no text reports a casualty (`_hurt_words`)
    gate: WordGate              # one word of each of them (`gate_words`)


def _noun_table(cx: dict) -> dict[str, _Noun]:
    """Every written form of a victim noun (with article and accusative variants) → its meaning."""
    table: dict[str, _Noun] = {}
    sources = [(g, None, False, d) for g, d in cx["victims"].items()]
    sources += [(None, o, False, d) for o, d in cx["outcome_nouns"].items()]
    sources.append((None, None, True, cx["others"]))
    art, plural, acc = arabic.article(), arabic.sound_plural(), arabic.accusative()
    lam = arabic.contracted_article()[0]
    for group, outcome, inherit, forms in sources:
        for num, ws in forms.items():
            for f in map(_w, ws):
                for v in (f, art + f, lam + f):
                    table.setdefault(v, _Noun(group, outcome, num, inherit, False))
                if num == "many" and f.endswith(plural):      # construct: "مقاتلي الفصائل"
                    table.setdefault(f[:-1], _Noun(group, outcome, num, inherit, False))
                if num == "one" and not f.endswith((arabic.feminine_ending(), acc)):
                    table.setdefault(f + acc, _Noun(group, outcome, num, inherit, True))
    return table


# How many victims a pronoun suffix stands for → the cue role that counts them.
_PRONOUN_ROLES = {"one": "one", "two": "two", "many": "some"}


def _cue_table(cx: dict) -> dict[str, tuple[str, frozenset]]:
    """Cue form → (outcome or "neutral", roles); a verbal noun with a pronoun suffix counts the
    victims the pronoun stands for ("لمقتله": one killed)."""
    roles: dict[str, tuple[str, set]] = {}
    for outcome, by_role in cx["cues"].items():
        for role, ws in by_role.items():
            for f in map(_w, ws):
                roles.setdefault(f, (outcome, set()))[1].add(role)
    for outcome, nouns in cx["verbal_nouns"].items():
        for noun in nouns:
            for number, forms in with_pronoun(noun).items():
                for f in map(_w, forms):
                    roles.setdefault(f, (outcome, set()))[1].update((_PRONOUN_ROLES[number], "pronoun"))
    return {f: (o, frozenset(r)) for f, (o, r) in roles.items()}


def _hurt_words(kinds: dict, nouns: dict, zero: dict) -> list[str]:
    """The forms a text needs for a casualty row: cues, outcome nouns, "zero" nouns and phrases.

    Each is scanned as a word (proclitics aside) and holds each of its words verbatim, so
    `WordGate` over one word of each (`gate_words`) rules out, in one pass, most texts that have none."""
    hurt = [f for f, (kind, base) in kinds.items() if kind == "cue" or (kind == "noun" and nouns[base].outcome)]
    return [*hurt, *map(_w, zero["nouns"]), *map(_w, zero.get("phrases") or ())]


def gate_words(forms: Iterable[str]) -> set[str]:
    """One word of each form, which a text holding the form holds as a word: for a phrase, a
    word another form needs already where it has one ("دون أن يصب أحد" asks for "يصب", which
    "لم يصب أحد" needs, not "دون", which every other text holds), else its longest (the first
    of equally long ones)."""
    out: set[str] = set()
    for f in sorted(set(forms), key=lambda f: (len(f.split()), f)):
        words = f.split()
        if not any(w in out for w in words):
            out.add(max(words, key=len))
    return out


@lru_cache(maxsize=1)
def _lexicon() -> _Lex:
    cx = load_lexicon("casualties")
    nums = numbers()
    nouns, cues = _noun_table(cx), _cue_table(cx)
    party = cx["party"]
    heads = {_w(h) for h in party["heads"]}
    art, lam_al = arabic.article(), arabic.contracted_article()
    # "للنظام" = ل + النظام: the scan reads the first ل as a proclitic, the rest as "لنظام"
    contracted = {lam_al[0] + h[len(art):] for h in heads if h.startswith(art)} - heads
    listed = lambda key: map(_w, cx[key])  # noqa: E731
    excl = set(listed("non_conflict"))
    # Every plain word list shares one trie (each word start is tried once, not once per
    # list); the surface form found says which list it came from, the first listed wins.
    kinds: dict[str, tuple[str, str]] = {}
    for kind, forms in (("subset", listed("subset_markers")), ("cue", cues), ("noun", nouns),
                        ("aq_min", map(_w, load_lexicon("numbers")["at_least_after"])),
                        ("aq_app", map(_w, load_lexicon("numbers")["approximately_after"])),
                        ("party", heads | contracted), ("link", map(_w, party["links"])),
                        ("excl", excl | {art + x for x in excl}), ("unreal", listed("unrealised")),
                        ("brkw", listed("clause_breaks"))):
        for f in forms:
            kinds.setdefault(f, (kind, f))
            if kind == "noun" and not nouns[f].tanween and not f.startswith(art) and not f.endswith(arabic.sound_plural()):
                for sfx in arabic.possessive_suffixes(nouns[f].num == "many"):
                    kinds.setdefault(f + sfx, (kind, f))
    z = cx["zero"]
    conj, prep = arabic.char_class(arabic.conjunctions()), arabic.char_class(arabic.prepositions())
    zero = (rf"{conj}??(?:{_alt(map(_w, z['negators']))})(?:\s+(?:{_alt(map(_w, z['fillers']))})(?!\w)){{0,4}}"
            rf"\s+(?:{_alt(map(_w, z['nouns']))})")
    if z.get("phrases"):
        zero = rf"{conj}??(?:{_alt(map(_w, z['phrases']))})|{zero}"
    hurt = tuple(_hurt_words(kinds, nouns, z))
    gate = WordGate((w, "hurt", True) for w in gate_words(hurt))
    group_nouns = [f for f, n in nouns.items() if n.group and not n.tanween]
    partitive = set(map(_w, party["partitive"]))
    # "أطفاله الثلاثة": a definite number word from three to ten after a plural counts it
    counted = {f for f, v in nums.words.items() if 3 <= v <= 10}
    scan = re.compile(
        r"(?<!\w)(?:"
        rf"(?P<zero>{zero})"
        rf"|(?P<both>{_alt(listed('both_outcomes'))})"
        rf"|(?P<defnum>{art}(?P<defnum_w>{_alt(counted)}))"
        # "مقتل كل من "أحمد الخلف" و"محمود العلي"": as many victims as quoted names
        rf"|(?P<names>(?:{_alt(listed('named_list'))})\s+(?:{_NAME}(?:\s*(?:[،,]\s*)?(?:{re.escape(arabic.coordinator())}\s*)?"
        rf"(?={_NAME_OPEN}))?)+)"
        rf"|(?P<assert>{conj}??(?:{_alt(listed('group_assertion'))})\s+(?:(?:{_alt(partitive)})\s+)?"
        rf"(?P<assert_w>{_alt(group_nouns)}))"
        rf"|(?P<quant>{conj}??{prep}??(?P<q_core>{nums.quant}))"
        # lazy: "واحد" is a word before it is و + احد; ل may stand apart ("لـ مقتل"), tried
        # second: "(?:|ل\s+)" is "(?:ل\s+)??" without a repeat context per word
        rf"|(?:|{lam_al[0]}\s+){conj}??{prep}??(?P<w>{_alt(kinds)})"
        r")(?!\w)|(?P<brk>[.،,؛;:!?؟()\[\]\n])")
    stops = _alt({_w(x) for x in party["stop_words"] + party["links"]})
    names = _alt(map(_w, party["name_words"]))
    return _Lex(
        scan=scan,
        nums=nums,
        follow=re.compile(rf"\s*(?:$|[.،,؛;:!?؟)\]]|(?:{_alt(listed('count_followers'))})(?!\w))"),
        not_people=re.compile(rf"\s*(?:{_alt(listed('not_people'))})(?!\w)"),
        tail=re.compile(rf"(?:\s+[{_QUOTES}]?(?!(?:{stops})(?!\w))(?:{art}\w+|{names})(?!\w)){{0,3}}"),
        preposition=re.compile(rf"(?<!\w)(?:{_alt(listed('prepositions'))})\s+$"),
        kinds=kinds, nouns=nouns, cues=cues,
        partitive=partitive, contracted=contracted, definite=re.compile(arabic.definite_prefix()), hurt=hurt,
        gate=gate)


# ---------------------------------------------------------------------------- tokens

_BARRIERS = ("brk", "brkw")
# Victims a cue counts by itself when none are named: "استشهد" one, "مقتلهما" two, "استشهدوا"
# an open plural.
_IMPLIED = {"one": (1, 1, 1), "two": (2, 2, 2), "some": (1, 1, None)}


def _tokens(text: str, lx: _Lex) -> list[_Tok]:
    """The words that matter, in order. A party name's tail ("قوات الأسد") is not re-read as
    a party of its own, and it ends where another token of interest begins."""
    toks: list[_Tok] = []
    party: _Tok | None = None   # the last party token: its tail ends where another token begins
    for m in lx.scan.finditer(text):
        kind, word = m.lastgroup, None     # the branch that matched: its group closes last
        if kind == "w":
            word = m.group("w")
            kind, word = lx.kinds.get(word) or lx.kinds[_key(word)]
        if party is not None and m.start() < party.party.end:
            if kind in ("party", "link"):
                continue
            party.party = _Party(party.party.start, len(text[:m.start()].rstrip(" " + _QUOTES)))
        t = _Tok(kind, m.start(), m.end())
        if kind == "quant":
            t.value = value(m, lx.nums)
            if t.value is None or lx.not_people.match(text, m.end()):
                # a decimal that no scale makes whole ("5.5"), a percentage, an age, a sum of
                # money counts nobody, and the words around it are not counted without it either
                t.kind = "brkw"
            t.conj = m.start("q_core") > t.s and text[t.s] == arabic.coordinator()
        elif kind == "names":
            n = len(re.findall(_NAME, m.group("names")))
            t.kind, t.value = "quant", (n, n, n)
        elif kind == "defnum":
            n = lx.nums.words[_key(m.group("defnum_w"))]
            t.value = (n, n, n)
        elif kind == "assert":
            t.group = lx.nouns[_key(m.group("assert_w"))].group
        elif word is not None:
            clitics = text[t.s:m.start("w")]
            t.conj = clitics[:1] == arabic.coordinator()
            if kind == "cue":
                outcome, roles = lx.cues[word]
                t.cue = _CueWord(outcome, roles, m.start("w"), any(p in clitics for p in arabic.prepositions()))
            elif kind == "noun":
                t.noun = _NounWord(lx.nouns[word], bool(lx.definite.match(text, t.s)))
            elif kind in ("aq_min", "aq_app"):
                t.kind, t.at_least = "aq", kind == "aq_min"
            elif kind == "link":
                t.partitive = word in lx.partitive
            elif kind == "party":
                t.party = _Party(m.start("w") + (word in lx.contracted), lx.tail.match(text, t.e).end())
                party = t
        toks.append(t)
    return toks


# ---------------------------------------------------------------------------- parser

@dataclass(slots=True)
class _VP:
    """A victim phrase: a quantity and/or a victim noun, with what is attached to it."""
    s: int
    e: int
    val: Value | None = None     # the count the text states
    num: str = "bare"            # one | two | many (noun number) | bare (a number alone)
    group: str | None = None     # from the victim noun
    outcomes: tuple = ()         # from outcome nouns ("الشهداء والجرحى" gives two)
    definite: bool = False
    inherit: bool = False
    tanween: bool = False
    ctx: str | None = None       # group named by the context ("في صفوف المدنيين")
    party: _Party | None = None

    @property
    def explicit(self) -> bool:
        return self.val is not None or self.num == "two"


@dataclass(slots=True)
class _Chain:
    """Coordinated victim phrases ("شهيد وعدد من الجرحى") and their sub-counts."""
    vps: list
    i: int                       # first token
    j: int                       # first token after the chain and its attachments
    end: int                     # text offset where the chain (with attachments) ends
    both: bool = False           # "بين قتيل وجريح"
    subsets: list = field(default_factory=list)

    @property
    def explicit(self) -> bool:
        return any(vp.explicit for vp in self.vps)

    @property
    def bare(self) -> bool:
        """A number with no noun ("مقتل 17 بينهم"): it must stand right next to its cue."""
        return self.vps[0].num == "bare" and self.vps[0].party is None


@dataclass(slots=True)
class _Cue:
    """A run of adjacent cues ("قتل وجرح", "أسفر عن مقتل") and the outcome they name together."""
    i: int                       # first and last token of the run
    j: int
    s: int
    e: int
    outcome: str
    roles: frozenset
    os: int | None = None        # start of the first cue that names an outcome (span start)
    blocked: bool = False
    used: bool = False


class _Parser:
    """Ties victim phrases to cues within one text (a clause or a sentence)."""

    def __init__(self, text: str, toks: list[_Tok], lx: _Lex):
        self.t, self.k, self.lx, self.n = text, toks, lx, len(toks)
        self.clause, self.sentence = [], []
        c = s = 0
        for tok in toks:
            self.clause.append(c)
            self.sentence.append(s)
            if tok.kind in _BARRIERS:
                c += 1
                s += tok.kind == "brk" and text[tok.s] in _SENTENCE_END
        self.excluded = {self.clause[i] for i, tok in enumerate(toks) if tok.kind == "excl"}

    # -- helpers
    def _adj(self, pos: int, j: int) -> _Tok | None:
        """Token j if nothing but spaces and quotes lies between `pos` and it."""
        if j < self.n and _ADJACENT.fullmatch(self.t, pos, self.k[j].s):
            return self.k[j]
        return None

    def _words(self, a: int, b: int) -> int:
        return len(_WORD.findall(self.t, a, b))

    def _barrier(self, i: int, j: int) -> bool:
        return any(self.k[x].kind in _BARRIERS for x in range(i, j))

    # -- victim phrases
    def _attach(self, vp: _VP, j: int, pos: int, noun: bool) -> tuple[int, int]:
        """Words after a victim phrase: "آخرين", "اثنين", "على الأقل", a party, a context group."""
        while (nxt := self._adj(pos, j)) is not None:
            if nxt.kind == "noun" and nxt.noun.noun.inherit and noun:
                vp.e = pos = nxt.e
            elif nxt.kind == "quant" and noun and vp.val is None and not nxt.conj and pos == vp.e \
                    and not self.t[nxt.s].isdigit():
                vp.val, vp.e, pos = nxt.value, nxt.e, nxt.e              # "شخص واحد", "عسكريين آخرين اثنين"
            elif nxt.kind == "defnum" and noun and vp.val is None and vp.num == "many" and pos == vp.e:
                vp.val, vp.e, pos = nxt.value, nxt.e, nxt.e              # "أطفاله الثلاثة"
            elif nxt.kind == "noun" and nxt.noun.noun.outcome and noun and not nxt.conj and not vp.outcomes:
                vp.outcomes, vp.e = (nxt.noun.noun.outcome,), nxt.e      # "4 أشخاص مفقودين"
                pos = nxt.e
            elif nxt.kind == "noun" and nxt.noun.noun.group and vp.outcomes and not vp.group and not nxt.conj:
                vp.ctx, vp.e = nxt.noun.noun.group, nxt.e                 # "ضحايا مدنيين"
                pos = nxt.e
            elif nxt.kind == "aq":
                if nxt.at_least and vp.val is not None:
                    vp.val = (vp.val[0], vp.val[1], None)
                vp.e = pos = nxt.e
            elif nxt.kind == "party" and noun and vp.party is None:
                vp.party, pos = nxt.party, nxt.party.end
            elif nxt.kind == "link" and (after := self._adj(nxt.e, j + 1)) is not None:
                if after.kind == "party" and vp.party is None:
                    vp.party, pos = after.party, after.party.end
                elif after.kind == "noun" and after.noun.noun.group and vp.ctx is None:
                    vp.ctx, pos, noun = after.noun.noun.group, after.e, True
                else:
                    break
                j += 1
            else:
                break
            j += 1
        return j, pos

    def _take_noun(self, vp: _VP, tok: _Tok) -> None:
        noun, definite = tok.noun.noun, tok.noun.definite
        vp.e, vp.num, vp.group, vp.definite = tok.e, noun.num, noun.group, definite
        vp.outcomes = (noun.outcome,) if noun.outcome else ()
        vp.inherit, vp.tanween = noun.inherit, noun.tanween

    def _phrase(self, i: int) -> tuple[_VP, int, int] | None:
        tok = self.k[i]
        vp = _VP(tok.s, tok.e)
        j, noun = i + 1, False
        if tok.kind == "quant":
            vp.val = tok.value
            nxt = self._adj(tok.e, j)
            after = self._adj(nxt.e, j + 1) if nxt is not None and nxt.kind == "link" and nxt.partitive else None
            if nxt is not None and nxt.kind == "noun":
                self._take_noun(vp, nxt)
                j, noun = j + 1, True
            elif after is not None and after.kind == "noun":
                self._take_noun(vp, after)
                j, noun = j + 2, True
            elif after is not None and after.kind == "party":
                vp.party = after.party
                return vp, j + 2, after.party.end
            elif not self._alone_ok(tok.e, j):
                return None
        elif tok.kind == "noun":
            self._take_noun(vp, tok)
            noun = True
        else:
            return None
        j, pos = self._attach(vp, j, vp.e, noun)
        return vp, j, pos

    def _alone_ok(self, pos: int, j: int) -> bool:
        """A number with no noun counts people only before a clause end, a cue, a sub-count…"""
        nxt = self._adj(pos, j)
        if nxt is not None and nxt.kind in ("cue", "subset", "aq", "link", "brk", "brkw", "both"):
            return True
        return self.lx.follow.match(self.t, pos) is not None

    def _chain(self, i: int) -> _Chain | None:
        first = self._phrase(i)
        if first is None:
            return None
        vp, j, pos = first
        vps = [vp]
        while j < self.n and self.k[j].kind in ("quant", "noun") and self.k[j].conj \
                and self._adj(pos, j) is not None and (nxt := self._phrase(j)) is not None:
            vp2, j, pos = nxt
            last = vps[-1]
            if vp2.val is None and vp2.num == "one" and vp2.tanween and last.val and last.tanween:
                last.e = vp2.e              # "13 قياديا وعنصرا": one numeral, two nouns
            elif (not vp2.explicit and vp2.num == last.num == "many" and vp2.outcomes and last.outcomes
                  and vp2.outcomes != last.outcomes and len(last.outcomes) == 1):
                last.outcomes += vp2.outcomes    # "الشهداء والجرحى": one count for both
                last.e = vp2.e
                last.ctx, last.party = last.ctx or vp2.ctx, last.party or vp2.party
            else:
                vps.append(vp2)
        for vp in vps[:-1]:             # "شهيد وعدد من الجرحى في صفوف المدنيين"
            vp.ctx = vp.ctx or vps[-1].ctx
            vp.party = vp.party or vps[-1].party
        chain = _Chain(vps, i, j, pos)
        if (nxt := self._adj(pos, j)) is not None and nxt.kind == "both":
            chain.both, chain.j, chain.end = True, j + 1, nxt.e
        self._subsets(chain)
        return chain

    def _subsets(self, chain: _Chain) -> None:
        j = chain.j
        if j < self.n and self.k[j].kind == "brk" and self.t[self.k[j].s] in ",،":
            j += 1
        if j + 1 >= self.n or self.k[j].kind != "subset" or self._words(chain.end, self.k[j].s):
            return
        sub = self._adj(self.k[j].e, j + 1) and self._chain(j + 1)
        if not sub:
            return
        chain.subsets = sub.vps + sub.subsets
        chain.j, chain.end = sub.j, sub.end
        party = next((vp.party for vp in chain.subsets if vp.party), None)
        for vp in chain.vps:            # "قتل 17 عنصرا بينهم أمير لتنظيم الدولة"
            if vp.party is None and party and (vp.group or "unknown") in _ARMED:
                vp.party = party

    # -- cues
    def _cues(self, chains: list[_Chain]) -> list[_Cue]:
        """Runs of adjacent cues ("قتل وجرح", "أسفر عن مقتل") with their joint outcome. A cue
        that trails its victims stays alone: "18 شخصا قتلوا وأصيب 50 آخرون"; so does one whose
        pronoun is its victim: "لإصابته ومقتل اثنين" is one wounded and two killed."""
        runs: list[_Cue] = []
        for i, tok in enumerate(self.k):
            if tok.kind != "cue":
                continue
            own = runs and "pronoun" in runs[-1].roles | tok.cue.roles and tok.cue.outcome != "neutral" \
                and any(self.k[x].cue.outcome != "neutral" for x in range(runs[-1].i, runs[-1].j + 1))
            if runs and runs[-1].j == i - 1 and _ADJACENT.fullmatch(self.t, runs[-1].e, tok.s) and not own \
                    and not (runs[-1].i == runs[-1].j and self._before(runs[-1], chains) is not None):
                run = runs[-1]
                run.j, run.e = i, tok.e
            else:
                run = _Cue(i, i, tok.s, tok.e, "neutral", frozenset())
                runs.append(run)
            run.roles |= tok.cue.roles
        for run in runs:
            outs = [self.k[x].cue.outcome for x in range(run.i, run.j + 1) if self.k[x].cue.outcome != "neutral"]
            run.os = next((self.k[x].cue.word_start for x in range(run.i, run.j + 1) if self.k[x].cue.outcome != "neutral"),
                          None)
            if "killed" in outs and "wounded" in outs:
                run.outcome = "killed_or_wounded"
            elif outs:
                run.outcome = outs[0]
            x = run.i - 1
            while x >= 0 and self.k[x].kind not in _BARRIERS and self._words(self.k[x].e, run.s) <= 3:
                if self.k[x].kind == "unreal":
                    run.blocked = True
                x -= 1
        return runs

    # -- rows
    def run(self) -> list[CasualtyMention]:
        chains, i = [], 0
        while i < self.n:
            chain = self._chain(i) if self.k[i].kind in ("quant", "noun") else None
            if chain is None:
                i += 1
                continue
            chains.append(chain)
            i = max(chain.j, i + 1)
        runs = self._cues(chains)
        rows: list[dict] = []
        claimed: set[int] = set()
        for run in runs:                    # in text order: a cue trails or leads its victims
            prev = self._before(run, chains)
            if prev is not None and prev not in claimed:
                pick, lead = prev, False
            elif "lead" in run.roles:
                pick, lead = self._claim(run, chains, claimed), True
            else:
                continue
            if pick is not None:
                claimed.add(pick)
                run.used = True
                rows += self._rows(chains[pick], run, lead)
        for c, chain in enumerate(chains):
            if c not in claimed:
                rows += self._rows(chain, None, lead=False)
        stated = {(r["outcome"], self.sentence[r["tok"]]) for r in rows}
        for run in runs:
            # "ننعى الشاب … الذي ارتقى": a cue with no victims of its own, where the sentence
            # already counts some of that outcome, speaks of them
            implied = next((v for role, v in _IMPLIED.items() if role in run.roles), None)
            if not run.used and not run.blocked and run.outcome != "neutral" and implied \
                    and self.clause[run.i] not in self.excluded and (run.outcome, self.sentence[run.i]) not in stated:
                group = self._antecedent(run.i) if "pronoun" in run.roles else "unknown"
                rows.append(self._row(run.s, run.e, run.outcome, group, implied, None, False, run.i))
        for i, tok in enumerate(self.k):
            if tok.kind == "zero":
                rows += self._zero(i)
        return self._finish(rows)

    def _antecedent(self, i: int) -> str:
        """The group of the victim noun a pronoun refers back to ("النار على شاب، ما أدى
        لمقتله": a civilian): the nearest before token i in its sentence."""
        for x in range(i - 1, -1, -1):
            tok = self.k[x]
            if self.sentence[x] != self.sentence[i]:
                break
            if tok.kind == "noun" and tok.noun.noun.group:
                return tok.noun.noun.group
        return "unknown"

    def _claim(self, run: _Cue, chains: list[_Chain], claimed: set[int]) -> int | None:
        """The victims a leading cue governs: the first counted phrase within three words."""
        cands = []
        for c, chain in enumerate(chains):
            if chain.i <= run.j:
                continue
            if self._words(run.e, self.k[chain.i].s) > 3 or self._barrier(run.j + 1, chain.i) \
                    or any(self.k[x].kind == "cue" for x in range(run.j + 1, chain.i)):
                break
            if c not in claimed and not (chains[c].bare and self._words(run.e, self.k[chain.i].s)):
                cands.append(c)
        explicit = [c for c in cands if chains[c].explicit]
        return (explicit or cands or [None])[0]

    def _before(self, run: _Cue, chains: list[_Chain]) -> int | None:
        """The victims a cue trails ("ثلاثة مدنيين لقوا حتفهم"): the phrase ending at most two
        words before it, when no phrase follows the cue at once (else it leads: "مسلحون قتلوا طفلا")."""
        if "trail" not in run.roles or self.k[run.i].cue.verbal_noun \
                or self.lx.preposition.search(self.t, max(0, run.s - 12), run.s):
            return None
        prev = next((c for c in range(len(chains) - 1, -1, -1) if chains[c].j <= run.i), None)
        if prev is None:
            return None
        chain = chains[prev]
        if self._words(chain.end, run.s) > (0 if chain.bare else 2) or self._barrier(chain.j, run.i):
            return None
        if "lead" in run.roles and any(ch.i == run.j + 1 and self._adj(run.e, ch.i) for ch in chains):
            return None
        return prev

    @staticmethod
    def _outcome(vp: _VP, chain: _Chain, cue: str | None, roles: frozenset) -> str | None:
        if cue in ("captured", "executed", "missing"):
            return None if "killed" in vp.outcomes else cue     # "أسر الشهداء" are families
        if chain.both:
            return "killed_or_wounded"
        if vp.outcomes == ("wounded",) and cue == "killed" and roles & {"one", "some"}:
            return cue                  # "توفي متأثرا بجراحه أحد الجرحى"
        if vp.outcomes:
            return "killed_or_wounded" if len(vp.outcomes) > 1 else vp.outcomes[0]
        return cue if cue in ("killed", "wounded", "killed_or_wounded") else None

    def _rows(self, chain: _Chain, run: _Cue | None, lead: bool) -> list[dict]:
        if run is not None and run.blocked:
            return []
        lo = min(chain.i, run.i) if run is not None else chain.i
        hi = chain.j if run is None else max(chain.j, run.j + 1)
        if any(self.clause[x] in self.excluded for x in range(lo, min(hi, self.n))):
            return []
        cue, roles = (run.outcome, run.roles) if run is not None else (None, frozenset())
        if cue is None and not chain.explicit:
            return []
        out = self._vp_rows(chain.vps, chain, cue, roles, subset=False)
        if out and chain.subsets:
            out += self._vp_rows(chain.subsets, chain, out[0]["outcome"], frozenset(), subset=True)
        if out and run is not None and run.os is not None and _ADJACENT.fullmatch(
                self.t, *((run.e, chain.vps[0].s) if lead else (chain.vps[-1].e, run.s))):
            edge = chain.vps[0].s if lead else chain.vps[-1].e
            for r in out:                   # the outcome word belongs to the quoted phrase
                if lead and r["start"] == edge:
                    r["start"] = run.os
                elif not lead and r["end"] == edge and not r["subset"]:
                    r["end"] = run.e
        return out

    def _vp_rows(self, vps, chain: _Chain, cue, roles: frozenset, subset: bool) -> list[dict]:
        """Rows of coordinated phrases, summed per (outcome, group, party). Without a cue a
        phrase counts only when it is numbered and names the outcome itself ("40 قتيلا")."""
        merged: dict[tuple, dict] = {}
        for vp in vps:
            outcome = self._outcome(vp, chain, cue, roles)
            if outcome is None or (cue is None and not (vp.explicit and vp.outcomes and vp.val != (1, 1, 1))):
                continue            # "أرملة أحد شهداء الجيش" names a victim, it reports no death
            if vp.inherit:
                group = None
            elif vp.group and vp.group != "unknown":
                group = vp.group
            else:
                group = vp.ctx or ("combatants" if vp.party else "unknown")
            party = vp.party if group in _ARMED or group is None else None
            if outcome == "killed_or_wounded" and not vp.explicit and not subset:
                parts = [("killed", self._implied(vp)), ("wounded", self._implied(vp))]
            else:
                parts = [(outcome, vp.val or self._implied(vp))]
            for out, val in parts:
                if val is None:
                    continue
                key = (out, group, party, subset)
                if key in merged:
                    merged[key] = self._add(merged[key], vp, val)
                else:
                    merged[key] = self._row(vp.s, vp.e, out, group, val, party, subset, chain.i)
        return list(merged.values())

    @staticmethod
    def _implied(vp: _VP) -> Value | None:
        if vp.num == "one":
            return 1, 1, 1
        if vp.num == "two":
            return 2, 2, 2
        return None if vp.definite or vp.num == "bare" else (1, 1, None)

    @staticmethod
    def _add(row: dict, vp: _VP, val: Value) -> dict:
        row["start"], row["end"] = min(row["start"], vp.s), max(row["end"], vp.e)
        row["low"] += val[0]
        row["best"] += val[1]
        row["high"] = None if row["high"] is None or val[2] is None else row["high"] + val[2]
        return row

    @staticmethod
    def _row(s, e, outcome, group, val, party, subset, tok) -> dict:
        return {"start": s, "end": e, "outcome": outcome, "group": group, "low": val[0],
                "best": val[1], "high": val[2], "party": party, "subset": subset, "tok": tok}

    def _zero(self, i: int) -> list[dict]:
        """"دون تسجيل أي إصابات": no one killed, no one wounded (of the group named after)."""
        tok = self.k[i]
        vp = _VP(tok.s, tok.e)
        self._attach(vp, i + 1, tok.e, noun=True)
        group = vp.ctx or ("combatants" if vp.party else "unknown")
        party = vp.party if group in _ARMED else None
        return [self._row(tok.s, tok.e, o, group, (0, 0, 0), party, False, i) for o in ("killed", "wounded")]

    def _finish(self, rows: list[dict]) -> list[CasualtyMention]:
        rows.sort(key=lambda r: r["start"])
        asserts = [(i, t) for i, t in enumerate(self.k) if t.kind == "assert" and t.group]
        last = "unknown"
        out = []
        for r in rows:
            if r["group"] is None:          # "وأصيب 10 آخرون": the group named before
                r["group"] = last
            elif not r["subset"]:
                last = r["group"]
            for i, tok in asserts:          # "والشهداء كلهم مدنيون"
                if r["group"] == "unknown" and r["start"] < tok.s and r["party"] is None \
                        and self.sentence[i] == self.sentence[r["tok"]] and r["best"]:
                    r["group"] = tok.group
            p = r["party"] or _Party(None, None)
            implausible = any((v or 0) > IMPLAUSIBLE for v in (r["low"], r["best"], r["high"]))
            low, best, high = (None, None, None) if implausible else (r["low"], r["best"], r["high"])
            out.append(CasualtyMention(r["start"], r["end"], r["outcome"], r["group"], low, best, high,
                                       self.t[r["start"]:r["end"]], p.start, p.end, r["subset"], implausible))
        return out


def casualty_words() -> tuple[str, ...]:
    """Words one of which a text must hold, as a word, to yield a casualty (see `_hurt_words`)."""
    return _lexicon().gate.words


def hurt_forms() -> tuple[str, ...]:
    """The forms (cues, outcome nouns, "zero" phrases) one of which a text must hold to yield a casualty."""
    return _lexicon().hurt


def find_casualties(text: str, hurt: bool | None = None) -> list[CasualtyMention]:
    """Every casualty count in an already normalised text, sorted by start. `hurt`: whether
    the text holds a casualty word, when a caller's own pass already knows (None: look)."""
    lx = _lexicon()
    if not (lx.gate.found(text) if hurt is None else hurt):
        return []
    toks = _tokens(text, lx)
    if not _says_hurt(toks):
        return []                   # nothing says anyone was hurt: no casualty whatever the numbers
    return _Parser(text, toks, lx).run()


def _says_hurt(toks: list[_Tok]) -> bool:
    """A token says someone was hurt: a cue, a "zero" phrase or an outcome noun."""
    for t in toks:
        if t.kind in ("cue", "zero") or (t.kind == "noun" and t.noun.noun.outcome):
            return True
    return False
