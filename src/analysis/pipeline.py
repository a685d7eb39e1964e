"""The extract run: documents in, seven tables out, nothing lost on the way.

Documents stream through in batches: each batch is extracted (serially or on N processes,
order kept) and appended to the tables, so memory does not grow with the corpus. Events
wait for the end, when cross-document clustering (codebook §8) sees all mentions.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from tqdm import tqdm

from analysis import schemas
from analysis.clusters import assign_clusters
from analysis.extract import DocResult, extract_document
from analysis.ingest import Document, iter_documents
from analysis.ingest.metadata import load_sidecar
from analysis.places.unresolved import UnresolvedPlaces
from analysis.store import TableStore

BATCH = 256


@dataclass
class RunSummary:
    out: Path
    documents: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        st = ", ".join(f"{k} {v}" for k, v in sorted(self.statuses.items()))
        rows = ", ".join(f"{k} {v}" for k, v in self.rows.items())
        return f"{self.documents} documents ({st}) → {self.out}\n  rows: {rows}"


def _batches(it: Iterable, n: int) -> Iterator[list]:
    it = iter(it)
    while batch := list(islice(it, n)):
        yield batch


def _map(docs: list[Document], pool: ProcessPoolExecutor | None) -> list[DocResult]:
    if pool is None:
        return [extract_document(d) for d in docs]
    return list(pool.map(extract_document, docs, chunksize=8))


def run_extract(inputs: list[str | Path], out: str | Path, metadata: str | Path | None = None,
                source: str | None = None, published: str | None = None, fmt: str = "parquet",
                jobs: int = 1, progress: bool | None = None) -> RunSummary:
    """Extract every table from `inputs` into `out` (see README, "Tables")."""
    meta = load_sidecar(Path(metadata)) if metadata else {}
    exclude = {Path(metadata).resolve()} if metadata else set()
    docs = iter_documents(inputs, meta, source=source, published=published, exclude=exclude)
    store = TableStore(Path(out), fmt)
    summary = RunSummary(Path(out))
    events: list[dict] = []
    unresolved = UnresolvedPlaces()
    show = sys.stderr.isatty() if progress is None else progress
    pool = ProcessPoolExecutor(jobs) if jobs > 1 else None
    try:
        with tqdm(desc="documents", unit="doc", disable=not show, file=sys.stderr) as bar:
            for batch in _batches(docs, BATCH):
                results = _map(batch, pool)
                rows: dict[str, list] = {t: [] for t in ("documents", "casualties", "facility_attacks",
                                                        "control_changes", "statistics")}
                for doc, res in zip(batch, results):
                    if res.error:
                        doc.status, doc.error = "extract_error", res.error
                    rows["documents"].append(doc.row())
                    summary.statuses[doc.status] = summary.statuses.get(doc.status, 0) + 1
                    for t in ("casualties", "facility_attacks", "control_changes", "statistics"):
                        rows[t].extend(getattr(res, t))
                    events.extend(res.events)
                    unresolved.add(res.unresolved)
                for t, r in rows.items():
                    store.append(t, schemas.frame(t, r))
                    summary.rows[t] = summary.rows.get(t, 0) + len(r)
                summary.documents += len(batch)
                bar.update(len(batch))
        ev = assign_clusters(schemas.frame("events", events))
        store.append("events", ev)
        summary.rows["events"] = len(ev)
        un = unresolved.table()
        store.append("unresolved_places", un)
        summary.rows["unresolved_places"] = len(un)
        store.finish()
    except BaseException:
        store.abort()
        raise
    finally:
        if pool is not None:
            pool.shutdown()
    return summary
