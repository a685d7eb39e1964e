"""`extract`: read documents and write every codebook table."""
from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

from analysis import config
from analysis.ingest.metadata import MetadataError, parse_date

EXTRACT_HELP = """\
Read Arabic news bulletins and write the codebook's tables (documents, events, casualties,
facility_attacks, control_changes, statistics, unresolved_places) into OUT.

Inputs may be .txt files (one document each; its id is the file name without .txt),
.jsonl or .csv files (one document per record: a `text` or `content` field, optional
`id`, `source`, `published`/`date`, `title`, `url`), .html pages, or folders holding any
of these. Encodings (UTF-8, UTF-16, Windows-1256) are detected for you.

Every input document gets a row in `documents`, with `status` saying whether it was read
and `error` saying why not; a document that takes longer than --budget seconds to extract
gets status `timeout`. Running the same command twice gives identical tables, and so does
running it on N processes (--jobs N) or on a dask cluster (--engine dask). Tables are
written to a temporary folder inside OUT and switched in as one set only when all are
complete (OUT/tables.json lists them); one run at a time may write into OUT. Nothing
inside OUT is ever read as input.

examples:
  python -m analysis extract data/raw --metadata data/raw/seeds.csv --out data/processed
  python -m analysis extract corpus.jsonl --out tables --jobs 4
  python -m analysis extract corpus.jsonl --out tables --engine dask --scheduler tcp://host:8786
"""


def _date_arg(value: str) -> str:
    d = parse_date(value)
    if d is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2017-09-09")
    return d


def positive_int(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive number")
    return int(value)


def seconds_arg(value: str) -> float:
    try:
        s = float(value)
    except ValueError:
        s = -1
    if not s >= 0 or s == float("inf"):
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds (0: no budget)")
    return s


def run(a) -> int:
    from analysis.pipeline import run_extract
    from analysis.places.imports import GazetteerError
    from analysis.store import OutputError

    if a.scheduler and a.engine != "dask":
        print("error: --scheduler needs --engine dask", file=sys.stderr)
        return 2
    if a.engine == "dask" and importlib.util.find_spec("distributed") is None:
        print("error: --engine dask needs dask.distributed: pip install '.[dask]'", file=sys.stderr)
        return 2
    missing = [p for p in a.inputs if not Path(p).exists()]
    if missing:
        print(f"error: input not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    if a.out.exists() and not a.out.is_dir():
        print(f"error: --out {a.out} is a file, not a folder", file=sys.stderr)
        return 2
    try:
        summary = run_extract(a.inputs, a.out, metadata=a.metadata, source=a.source,
                              published=a.published, fmt=a.format, jobs=a.jobs,
                              progress=False if a.quiet else None, engine=a.engine,
                              scheduler=a.scheduler, seconds=a.budget)
    except (MetadataError, GazetteerError, OutputError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except (OSError, TimeoutError) as e:
        if a.engine != "dask":
            raise
        where = a.scheduler or "a local cluster"
        print(f"error: cannot use the dask scheduler at {where}: {type(e).__name__}: {e}", file=sys.stderr)
        return 2
    if not a.quiet:
        print(summary)
    return 0


def register(sub) -> None:
    e = sub.add_parser("extract", help="read documents and write all tables",
                       description=EXTRACT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    e.add_argument("inputs", nargs="+", metavar="PATH", help="files or folders to read")
    e.add_argument("--out", required=True, type=Path, help="folder for the tables (created if missing)")
    e.add_argument("--metadata", type=Path, metavar="CSV",
                   help="sidecar CSV with columns doc_id,source,published,title,url")
    e.add_argument("--source", help="outlet name for documents that do not state one")
    e.add_argument("--published", type=_date_arg, metavar="DATE",
                   help="publication date (YYYY-MM-DD) for documents that do not state one")
    e.add_argument("--format", choices=("parquet", "csv"), default="parquet",
                   help="table file format (default: parquet)")
    e.add_argument("--jobs", type=positive_int, metavar="N",
                   help="worker processes (default: 1; with --engine dask and no --scheduler: one per core)")
    e.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: this machine's processes; dask: a dask.distributed cluster, whose "
                        "workers need this package installed (pip install '.[dask]')")
    e.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: the scheduler to use (default: a local cluster)")
    e.add_argument("--budget", type=seconds_arg, default=config.DOCUMENT_BUDGET_SECONDS, metavar="SECONDS",
                   help="time one document may take to extract before it gets status `timeout` "
                        f"(default: {config.DOCUMENT_BUDGET_SECONDS:g}; 0: no limit)")
    e.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    e.set_defaults(func=run)
