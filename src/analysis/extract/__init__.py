"""The event engine: from one decoded document to its rows in every codebook table.

Stages, each a module: `gate` (one pass that lets most sentences skip the rest), `clauses`,
the finders (`actors`, `cues`, `control`, `quantities`, `facilities`), `units`, `event_type`,
`roles`, the place stage (`analysis.places.locate`), `territory`, `scope`, `coding` (codebook
decisions) and `rows`; `sentence` runs them for one sentence, `document` for a document.
"""
from analysis.extract.document import extract_document
from analysis.extract.rows import DocResult

__all__ = ["DocResult", "extract_document"]
