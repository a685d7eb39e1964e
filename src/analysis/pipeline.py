"""The extract run: documents in, seven tables out, nothing lost on the way.

Documents stream through in batches: each batch is extracted — in this process, on N local
processes, or on a dask.distributed cluster, order kept in every case — and its rows are
appended to the tables, so memory does not grow with the corpus. Events need every mention
for cross-document clustering (codebook §8): they are spooled to disk as they come, only
what clustering compares stays in memory, and at the end they are written in their final
order with their cluster ids. The same batches in the same order give byte-identical tables
whichever engine extracted them.

One document never costs the run: an exception while extracting it, rows that do not type
(`store.check_rows`: a count beyond Int64, a value outside the codebook) or that clustering
cannot compare make it an `extract_error` without rows, and a document that takes longer
than its time budget (`budget.py`) gets status `timeout`. Workers die with the run.
"""
from __future__ import annotations

import json
import os
import sys
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path

from tqdm import tqdm

from analysis import config
from analysis.budget import Overrun, budget
from analysis.clusters import Mention, cluster, mention
from analysis.extract import DocResult, extract_document
from analysis.ingest import Document, iter_documents
from analysis.ingest.metadata import load_sidecar
from analysis.places.gazetteer import load_gazetteer
from analysis.places.unresolved import UnresolvedPlaces
from analysis.store import TableStore, check_rows

BATCH = 256      # documents per batch
CHUNK = 16       # documents per task sent to a worker
AHEAD = 2        # batches in flight while the one before is written
SPOOL_ROWS = 64  # events per spooled chunk: what the final merge holds per batch
ENGINES = ("local", "dask")
ROW_TABLES = ("casualties", "facility_attacks", "control_changes", "statistics")


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


def _timed(doc: Document, seconds: float | None) -> tuple[str | None, DocResult]:
    """(status override, result) of one document extracted within its time budget."""
    try:
        with budget(seconds, config.WARM_UP_SECONDS):
            return None, extract_document(doc)
    except Exception as e:  # noqa: BLE001 — extract_document reports its own; this is the net under it
        return None, DocResult(error=f"extraction failed: {type(e).__name__}: {e}")
    except Overrun:
        return "timeout", DocResult(error=f"extraction took more than {seconds:g} s, the time budget of "
                                          "one document (extract --budget)")


def extract_chunk(docs: list[Document], seconds: float | None = None) -> list[tuple[str | None, DocResult]]:
    """One worker task: a few documents, so each round trip carries enough work."""
    return [_timed(d, seconds) for d in docs]


def _die_with_parent(parent: int) -> None:
    """Worker initializer: end this worker when the run that started it ends, even by kill -9
    (Linux: the kernel's parent-death signal; elsewhere: a thread that watches the parent)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, 9) != 0:   # PR_SET_PDEATHSIG, SIGKILL
            raise OSError(ctypes.get_errno(), "prctl")
    except (OSError, AttributeError):
        def watch() -> None:
            while os.getppid() == parent:
                threading.Event().wait(1.0)
            os._exit(1)

        threading.Thread(target=watch, name="analysis-parent-watch", daemon=True).start()
    if os.getppid() != parent:       # the parent died before the signal was armed
        os._exit(1)


def _extracted(batches: Iterable[list[Document]], submit: Callable | None,
               task: Callable = extract_chunk) -> Iterator[tuple[list, list]]:
    """(batch, its results) in input order; with workers, AHEAD more batches are in flight."""
    if submit is None:
        for batch in batches:
            yield batch, task(batch)
        return
    pending: deque = deque()

    def gather():
        batch, futures = pending.popleft()
        return batch, [r for f in futures for r in f.result()]

    for batch in batches:
        pending.append((batch, submit(task, [batch[i:i + CHUNK] for i in range(0, len(batch), CHUNK)])))
        if len(pending) > AHEAD:
            yield gather()
    while pending:
        yield gather()


@contextmanager
def workers(engine: str = "local", jobs: int | None = None, scheduler: str | None = None):
    """`submit(fn, args) -> futures`, one task per argument, for the engine; or None to
    extract in this process.

    local: N processes (`jobs` > 1). dask: the cluster at `scheduler`, else a LocalCluster of
    `jobs` single-threaded worker processes (one per core when `jobs` is not given)."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    if engine == "dask":
        from dask.distributed import Client, LocalCluster

        cluster_ = None if scheduler else LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                                        dashboard_address=None)
        client = Client(scheduler or cluster_)

        def submit(fn, args):
            # Scattered to the workers first: a task that carried its documents would leave
            # a copy of them with the scheduler, and memory would grow with the corpus.
            return [client.submit(fn, data, pure=False) for data in client.scatter(args, hash=False)]

        try:
            yield submit
        finally:
            client.close()
            if cluster_ is not None:
                cluster_.close()
    elif jobs and jobs > 1:
        pool = ProcessPoolExecutor(jobs, initializer=_die_with_parent, initargs=(os.getpid(),))
        try:
            yield lambda fn, args: [pool.submit(fn, a) for a in args]
        finally:
            pool.shutdown(cancel_futures=True)
    else:
        yield None


def _order(row: dict) -> tuple:
    return row["doc_id"], row["char_start"], row["char_end"]


class _EventSpool:
    """Events on disk until every mention is known, then written clustered, in table order.

    Each batch's events are sorted and written in chunks of SPOOL_ROWS, one JSON line per
    chunk (data, never code: the output folder may be shared); the final order is a merge of
    those sorted runs, so the rewrite holds about one chunk per batch, not the table."""

    def __init__(self, path: Path):
        self.fh = open(path, "w+b")  # noqa: SIM115 — closed by write() or close()
        self.offsets: list[int] = []           # file offset of each chunk
        self.mentions: list[Mention] = []
        self.where: list[tuple[int, int]] = []  # (chunk, row in chunk) of each mention

    def add(self, rows: list[dict], mentions: dict[str, Mention]) -> None:
        """Spool a batch's event rows; `mentions` holds each row's Mention by event_id."""
        rows = sorted(rows, key=_order)
        for k in range(0, len(rows), SPOOL_ROWS):
            part = rows[k:k + SPOOL_ROWS]
            self.offsets.append(self.fh.tell())
            self.fh.write(json.dumps(part, ensure_ascii=False).encode("utf-8") + b"\n")
            self.where += [(len(self.offsets) - 1, j) for j in range(len(part))]
            self.mentions += (mentions[r["event_id"]] for r in part)

    def write(self, store: TableStore) -> int:
        """Cluster the mentions and append the events and clusters to `store`; returns the
        number of events."""
        # the schema checks uniqueness per row group; this is the check over the whole table
        dupes = [k for k, n in Counter(m.event_id for m in self.mentions).items() if n > 1]
        if dupes:
            raise ValueError(f"events: event_id is not unique: {sorted(dupes)[:5]}")
        ids, conflict, clusters = cluster(self.mentions)
        store.add("clusters", clusters)
        left = [0] * len(self.offsets)
        for c, _ in self.where:
            left[c] += 1
        loaded: dict[int, list[dict]] = {}
        for i in sorted(range(len(self.mentions)), key=lambda i: self.mentions[i].order):
            c, j = self.where[i]
            if c not in loaded:
                self.fh.seek(self.offsets[c])
                loaded[c] = json.loads(self.fh.readline())
            row = loaded[c][j]
            left[c] -= 1
            if not left[c]:
                del loaded[c]
            row["cluster_id"], row["count_conflict"] = ids[i], conflict[i]
            store.add("events", [row])
        self.close()
        return len(self.mentions)

    def close(self) -> None:
        self.fh.close()


def _unfit(results: list[DocResult]) -> list[str | None]:
    """Why each document's rows cannot join the tables (None if they can): every row typed as
    its table's schema says. A batch's rows are proved valid together; only a table with a
    problem somewhere is checked again document by document, to find whose it is."""
    out: list[str | None] = [None] * len(results)
    for t in ("events", *ROW_TABLES):
        if _problem(t, [row for res in results for row in getattr(res, t)]) is None:
            continue
        for i, res in enumerate(results):
            out[i] = out[i] or _problem(t, getattr(res, t))
    return out


def _problem(table: str, rows: list[dict]) -> str | None:
    """Why `rows` cannot join `table`, or None; a row that cannot even be checked is a problem."""
    try:
        problem = check_rows(table, rows)
    except Exception as e:  # noqa: BLE001 — whatever a row holds, it costs its document only
        return f"its rows cannot be compared for clustering: {type(e).__name__}: {e}"
    return problem and f"a row does not fit its table: {problem}"


def _mentions(doc: Document, res: DocResult) -> tuple[str | None, dict[str, Mention]]:
    """The Mention of each event of a document, or why its events cannot be compared."""
    try:
        return None, {e["event_id"]: mention(e, doc.source) for e in res.events}
    except Exception as e:  # noqa: BLE001 — whatever a row holds, it costs its document only
        return f"its rows cannot be compared for clustering: {type(e).__name__}: {e}", {}


def run_extract(inputs: list[str | Path], out: str | Path, metadata: str | Path | None = None,
                source: str | None = None, published: str | None = None, fmt: str = "parquet",
                jobs: int | None = 1, progress: bool | None = None, engine: str = "local",
                scheduler: str | None = None,
                seconds: float | None = config.DOCUMENT_BUDGET_SECONDS) -> RunSummary:
    """Extract every table from `inputs` into `out` (see README, "Tables").

    `engine` "local" runs on `jobs` processes; "dask" on the dask.distributed cluster at
    `scheduler` (a local one when None). The tables are the same whichever runs them, as
    long as no document runs over its time budget of `seconds` (None or 0: no budget).
    Raises before reading any document when the metadata, the imported gazetteers or the
    output folder cannot be used."""
    meta = load_sidecar(Path(metadata)) if metadata else {}
    load_gazetteer()   # a broken imported gazetteer stops the run here, not in every document
    exclude = {Path(metadata).resolve()} if metadata else set()
    store = TableStore(Path(out), fmt)
    docs = iter_documents(inputs, meta, source=source, published=published, exclude=exclude, out=Path(out))
    summary = RunSummary(Path(out))
    events = _EventSpool(store.scratch("events.spool"))
    unresolved = UnresolvedPlaces()
    show = sys.stderr.isatty() if progress is None else progress
    try:
        with workers(engine, jobs, scheduler) as submit, \
                tqdm(desc="documents", unit="doc", disable=not show, file=sys.stderr) as bar:
            task = partial(extract_chunk, seconds=seconds)
            for batch, results in _extracted(_batches(docs, BATCH), submit, task):
                rows: dict[str, list] = {t: [] for t in ("documents", *ROW_TABLES)}
                batch_events: list[dict] = []
                batch_mentions: dict[str, Mention] = {}
                unfit = _unfit([DocResult() if res.error else res for _, res in results])
                for doc, (status, res), bad in zip(batch, results, unfit):
                    problem, mentions = res.error or bad, {}
                    if not problem:
                        problem, mentions = _mentions(doc, res)
                    if problem:
                        doc.status, doc.error = status or "extract_error", problem
                        res = DocResult()
                    rows["documents"].append(doc.row())
                    summary.statuses[doc.status] = summary.statuses.get(doc.status, 0) + 1
                    for t in ROW_TABLES:
                        rows[t].extend(getattr(res, t))
                    batch_events.extend(res.events)
                    batch_mentions.update(mentions)
                    unresolved.add(res.unresolved)
                for t, r in rows.items():
                    store.add(t, r)
                    summary.rows[t] = summary.rows.get(t, 0) + len(r)
                events.add(batch_events, batch_mentions)
                summary.documents += len(batch)
                bar.update(len(batch))
        summary.rows["events"] = events.write(store)
        un = unresolved.table()
        store.append("unresolved_places", un)
        summary.rows["unresolved_places"] = len(un)
        store.finish()
    except BaseException:
        events.close()
        store.abort()
        raise
    return summary
