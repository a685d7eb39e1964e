"""From one decoded document to its rows in every codebook table."""
from __future__ import annotations

from dataclasses import dataclass, field

from analysis.ingest import Document
from analysis.taxonomy import EXTRACTED_STATUSES
from analysis.text.segment import segment


@dataclass
class DocResult:
    events: list[dict] = field(default_factory=list)
    casualties: list[dict] = field(default_factory=list)
    facility_attacks: list[dict] = field(default_factory=list)
    control_changes: list[dict] = field(default_factory=list)
    statistics: list[dict] = field(default_factory=list)
    unresolved: list[tuple] = field(default_factory=list)  # (phrase, doc_id, start, end, admin1 guess)


def extract_document(doc: Document) -> DocResult:
    """Every row one document yields; documents that were not read yield none."""
    if doc.status not in EXTRACTED_STATUSES:
        return DocResult()
    segment(doc.text, doc.title)
    return DocResult()
