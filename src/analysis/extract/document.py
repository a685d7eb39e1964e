"""From one decoded document to its rows in every codebook table.

The document is segmented once (articles, region headers, sentences) and folded once; each
article's sentences run through the sentence stage with the article's running context, each
event is coded, then written as rows. Monitors' statistics are read per article.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import regex

from analysis.extract.coding import code
from analysis.extract.rows import DocResult, SentenceSpans, add_rows
from analysis.extract.sentence import Article, Sentence, sentence_events
from analysis.extract.statistics import find_statistics
from analysis.ingest import Document
from analysis.places.context import header_admin1
from analysis.places.gazetteer import load_gazetteer
from analysis.places.locate import elsewhere
from analysis.taxonomy import EXTRACTED_STATUSES
from analysis.text.matcher import alternation
from analysis.text.segment import Structure, segment

_YEAR = regex.compile(r"(?<![\d/])(19[89]\d|20\d\d)(?![\d/])")


@lru_cache(maxsize=64)
def _later_years(year: int) -> re.Pattern:
    """Every year `_YEAR` reads that is later than `year`, as one literal trie ("20(?:1(?:6|…"):
    `re` skips in C to its common digits, so a text in which none stands needs no paragraph
    read for one, after one fast pass. A match that `_YEAR` would not take (a digit touching
    it) only sends the text to the paragraph reading. No year left: a pattern that never matches."""
    return re.compile(alternation(str(y) for y in range(max(year + 1, 1980), 2100)) or "(?!)")


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


def _article_dates(doc: Document, structure: Structure, published: dt.date | None) -> dict[int, dt.date | None]:
    """The publication date that holds for each article of the document.

    An article that names a later year than the document's date was not published then (a
    file that glues a 2024 statement to a 2018 article): its relative dates are not resolved.
    """
    out: dict[int, dt.date | None] = {}
    if published is not None and not _later_years(published.year).search(doc.text):
        return {p.article: published for p in structure.paragraphs if p.kind == "body"}
    for p in structure.paragraphs:
        if p.kind == "body" and out.get(p.article, published) is not None and published is not None:
            later = [int(y) for y in _YEAR.findall(doc.text, p.start, p.end) if int(y) > published.year]
            out[p.article] = None if later else out.get(p.article, published)
    return out


def _sections(structure: Structure) -> dict[int, str | None]:
    """The region header in force for each body paragraph. A header governs its paragraphs
    until the next header or article, unless one of them is about another region (every
    place it names lies outside the header's governorates: the bulletin has ended, or moved
    on): from there on, the header governs nothing."""
    out: dict[int, str | None] = {}
    gaz = load_gazetteer()
    ended: str | None = None   # the header whose section ended
    for i, p in enumerate(structure.paragraphs):
        if p.kind == "header" or p.section is None:
            ended = None
        if p.kind != "body" or p.section is None:
            continue
        covers = header_admin1(p.section, gaz)
        if ended is None and covers and elsewhere(structure.norm.folded(p.start, p.end), covers):
            ended = p.section
        out[i] = None if ended is not None else p.section
    return out


def _extract(doc: Document) -> DocResult:
    res = DocResult()
    structure = segment(doc.text, doc.title)
    doc_date = dt.date.fromisoformat(doc.published) if doc.published else None
    dates = _article_dates(doc, structure, doc_date)
    sections = _sections(structure)
    article, current = None, None
    articles: list[int] = []     # the article of each event row
    for sent in structure.sentences:
        section = sections.get(sent.paragraph)
        if article is None or sent.article != current:
            article, current = Article(dates.get(sent.article, doc_date)), sent.article
        text = sent.text
        units = sentence_events(Sentence(text, section), article)
        if not units:   # most sentences: their map back to the document is never needed
            continue
        spans = SentenceSpans(doc, sent.start, structure.norm.slice(sent.start, sent.end))
        for u in units:
            add_rows(doc, spans, code(text, u, article.published), section, res)
            articles.append(current)
    _countries_in_context(res.events, articles)
    stated = find_statistics(doc, structure, doc_date)
    # a monitor's figure read both ways is one row: the monitor reading's
    seen = {(r["metric"], r["value"], r["period"]) for r in stated}
    res.statistics = stated + [r for r in res.statistics if (r["metric"], r["value"], r["period"]) not in seen]
    return res


def _countries_in_context(events: list[dict], articles: list[int]) -> None:
    """An event whose own words name no country happened in the article's country, when every
    event of the article that names one names the same (a Syrian report's unplaced clash is
    Syria's; an article about two countries leaves it unknown)."""
    known: dict[int, set[str]] = {}
    for e, a in zip(events, articles):
        if e["country"]:
            known.setdefault(a, set()).add(e["country"])
    for e, a in zip(events, articles):
        if e["country"] is None and len(known.get(a, ())) == 1:
            e["country"] = next(iter(known[a]))
