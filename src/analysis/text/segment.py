"""Document structure with offsets: paragraphs, region headers, clutter, articles, sentences.

A bulletin is a sequence of lines. Each non-blank line is a paragraph of one kind:
`header` (`حلب::`), `clutter` (page furniture, view counters, repeated captions/titles),
`caption` (photo line with a credit in brackets), `title` (short unpunctuated lines that open
an article) or `body`. Only body paragraphs are read for events. Articles inside one file
are told apart by blank-line gaps, a repeated region header, and a lead paragraph
("أكد ناشطون اليوم …") after a finished one. A header governs the paragraphs after it until
the next header or a new article, however its paragraphs are separated; after
`header_scope_paragraphs` of them a lead paragraph may open a new article. A header may stand
on its own line or open a paragraph ("حلب::تعرضت قرية …").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from analysis.lexicon import load_lexicon
from analysis.text.arabic import has_letter
from analysis.text.normalize import NormText, normalize

_LINE = re.compile(r"[^\n]*")
_HEADER = re.compile(r"^\s*(?:([^\d:.،؛!?؟#|]{2,40}?)\s*::+\s*\|?|#([^\d\s:.،؛!?؟#|]{2,40})\s*\|)\s*$")
# A header that opens its paragraph ("حلب::تعرضت قرية …", or a post's tag "#ديرالزور| مقتل …"):
# the name, then the body
_OPENING_HEADER = re.compile(r"[^\S\n]*(?:([^\d:.،؛!?؟#|\n]{2,40}?)[^\S\n]*::+|#([^\d\s:.،؛!?؟#|]{2,40})[^\S\n]*\|)"
                             r"[^\S\n]*(?=[^\s:|])")
# Page furniture laid out on one line between runs of spaces ("الرئيسية  سياسة  سوريا  …").
# Patterns searched over whole texts open with a one-character class, not a repeat: stdlib
# `re` then skips in C to the places where that class holds.
_GAP = re.compile(r"[^\S\n][^\S\n]+")
_ARABIC = re.compile(r"[\u0621-\u064a]")
_TRAILING_MARKS = ".…!?؟,،"
_CAPTION = re.compile(r"\([^()]{1,40}\)\s*$")
_TERMINAL = re.compile(r"[.!?؟:]\s*[\"»”']*\s*$")
_NUMERIC = re.compile(r"^[\d\s.,:٬٫/|+\-]*$")
_SENTENCE_END = re.compile(r"[.!?؟][.!?؟]*[\"»”'\)]*(?=\s|$)")


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int
    kind: str  # body | header | title | caption | clutter
    article: int
    section: str | None = None


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    article: int
    section: str | None
    text: str            # normalised: `Structure.norm.folded(start, end)`


@dataclass
class Structure:
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    norm: NormText | None = field(default=None, compare=False, repr=False)  # the text folded once

    @property
    def n_articles(self) -> int:
        return len({p.article for p in self.paragraphs})


@lru_cache(maxsize=1)
def _layout():
    lx = load_lexicon("layout")
    lines = {normalize(x) for x in lx["clutter_lines"]}
    prefixes = tuple(normalize(x) for x in lx["clutter_prefixes"])
    leads = "|".join(re.escape(normalize(x)) for x in lx["lead_verbs"])
    conts = sorted((normalize(x) for x in lx["continuation_openers"]), key=len, reverse=True)
    lead = re.compile(rf"^(?:{leads})\s")
    cont = re.compile(r"^(?:" + "|".join(re.escape(c) + (r"(?=\S)" if len(c) == 1 else r"\b")
                                            for c in conts) + ")")
    return (lines, prefixes, lead, cont, lx["header_scope_paragraphs"], lx["max_title_chars"],
            tuple(normalize(w) for w in lx["lead_words"]))


def _may_hold_header(line: str) -> bool:
    """A header holds "::" or "#": substring tests rule out most lines before a header regex."""
    return "::" in line or "#" in line


def _lines(text: str, norm: NormText, menu: frozenset[str]):
    """(start, end) of each line; a header that opens a line is a line of its own, and so is
    each stretch of a line that sets page furniture apart by runs of spaces ("الرئيسية  سياسة
    سوريا  مقتل …  أخبار ذات صلة  شارك  قُتل …")."""
    for m in _LINE.finditer(text):
        line = m.group()
        h = _OPENING_HEADER.match(text, m.start(), m.end()) if _may_hold_header(line) else None
        if h:
            yield m.start(), h.end()
            a = h.end()
        else:
            a = m.start()
        # a run of blanks is two spaces or holds a blank other than a space, which
        # str.isprintable rejects: most lines are ruled out without the regex
        if not (("  " in line or not line.isprintable()) and _GAP.search(text, a, m.end())):
            yield a, m.end()
            continue
        cuts = [g.span() for g in _GAP.finditer(text, a, m.end())]
        bounds = [a] + [x for span in cuts for x in span] + [m.end()]
        parts = list(zip(bounds[::2], bounds[1::2]))
        if len(parts) > 1 and any(norm.folded(x, y).strip() in menu for x, y in parts):
            yield from parts
        else:
            yield a, m.end()


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_clutter(line: str, norm: str) -> bool:
    """Page furniture: a furniture line or menu word, a number, a line with no letter, a
    short line that opens with a furniture prefix or has no Arabic letter ("12 Retweets",
    "Copy link to Tweet")."""
    lines, prefixes, *_ = _layout()
    if norm in lines or _NUMERIC.match(line) or not has_letter(line):
        return True
    return len(line) <= 80 and (norm.startswith(prefixes) or not _ARABIC.search(norm))


def segment(text: str, title: str | None = None) -> Structure:
    """The structure of a document; offsets index `text` exactly as given."""
    lines, _, lead, cont, scope, max_title, today = _layout()
    title_norm = normalize(title).strip(" .") if title else None
    out = Structure(norm=NormText(text))
    article, gap, section, since_header = 0, 0, None, 0
    seen_short: set[str] = set()
    headers_in_article: set[str] = set()
    at_article_start = True
    last_kind = None
    for a, b in _lines(text, out.norm, lines):
        start, end = _strip(text, a, b)
        if start == end:
            if a != b or b < len(text):
                gap += 1
            continue
        line = text[start:end]
        norm = out.norm.folded(start, end)
        new_article = False
        h = _HEADER.match(line) if _may_hold_header(line) else None
        short = len(line) <= max_title and not _TERMINAL.search(line)
        if gap >= 3 and out.paragraphs and short:
            new_article = True
        if h:
            name = normalize(h[1] or h[2]).strip()
            if name in headers_in_article:
                new_article = True
            kind = "header"
        elif _is_clutter(line, norm):
            kind = "clutter"
        elif short and _CAPTION.search(line):
            kind = "caption"
        elif (title_norm and norm.strip(" .") == title_norm) or (short and norm in seen_short):
            kind = "title" if norm not in seen_short else "clutter"
        elif short and (at_article_start or gap >= 2 or new_article):
            kind = "title"
        else:
            kind = "body"
            if ((section is None or since_header >= scope) and last_kind == "body" and not cont.match(norm)
                    and (lead.match(norm) or any(w in norm[:40] for w in today))):
                new_article = True
        if new_article and out.paragraphs:
            article += 1
            section, headers_in_article = None, set()
        if kind == "header":
            section, since_header = (h[1] or h[2]).strip(), 0
            headers_in_article.add(normalize(h[1] or h[2]).strip())
        if kind == "body" and section is not None:
            since_header += 1
        if short:
            seen_short.add(norm)
        at_article_start = kind in {"title", "clutter", "caption"} and (at_article_start or new_article)
        if new_article and kind in {"title", "caption", "clutter"}:
            at_article_start = True
        out.paragraphs.append(Paragraph(start, end, kind, article, section if kind != "header" else None))
        last_kind = kind if kind in {"body", "header", "title"} else last_kind
        gap = 0
    # a post or a one-line report with no full stop is all title-like: it is its own body
    bodied = {p.article for p in out.paragraphs if p.kind == "body"}
    for i, p in enumerate(out.paragraphs):
        if p.kind == "title" and p.article not in bodied:
            p.kind = "body"
        if p.kind == "body":
            _sentences(text, p.start, p.end, i, p.article, p.section, out.sentences, out.norm)
    return out


def _sentences(text: str, start: int, end: int, para: int, article: int, section, out: list,
               norm: NormText) -> None:
    """The sentences of one body paragraph; a post the scraper repeated in it is read once."""
    seen: list[str] = []
    cuts = [m.end() for m in _SENTENCE_END.finditer(text, start, end)]
    cuts.append(end)
    a = start
    for b in cuts:
        s, e = _strip(text, a, b)
        a = b
        if e <= s or not has_letter(text[s:e]):
            continue
        folded = norm.folded(s, e)
        said = _unpunctuated(folded)
        if seen and len(said) >= REPEAT_CHARS and _repeats(said, seen):
            continue
        seen.append(said)
        out.append(Sentence(s, e, para, article, section, folded))


def _repeats(said: str, seen: list[str]) -> bool:
    """`said` starts like a sentence seen before, or is how one starts."""
    for x in seen:
        if said.startswith(x) or x.startswith(said):
            return True
    return False


# A sentence this long that repeats one said before in its paragraph (or its start) is the
# same post again.
REPEAT_CHARS = 40


def _unpunctuated(s: str) -> str:
    """`s` without the spaces and stops it ends with (a loop from the end: a regex anchored at
    `$` is tried at every space of the sentence)."""
    end = len(s)
    while end and (s[end - 1].isspace() or s[end - 1] in _TRAILING_MARKS):
        end -= 1
    return s[:end]
