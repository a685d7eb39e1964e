"""`bench`: throughput and peak memory of `extract` on a corpus, against reading alone."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.commands.extract import positive_int, seconds_arg

BENCH_HELP = """\
Run `extract` on CORPUS and report its throughput (MB/s, documents/s), the throughput of
reading and decoding alone (the ceiling no extraction can pass), the ratio of the two, and
the peak memory (RSS) of each. Every configuration runs in a fresh process.

--repeat K writes the corpus K times over under new ids into a temporary JSONL: memory
should stay about the same while time grows K-fold. On a shared machine, --runs R keeps
the fastest of R runs of each configuration.

--scaling takes no corpus: it times reading and extracting adversarial inputs (the
generator in tests/adversarial/, so a checkout is needed) at sizes that double, and prints
how the time grows per doubling: ×2 is linear. A size whose documents run over --budget
seconds stops that input.

examples:
  python -m analysis bench corpus.jsonl
  python -m analysis bench corpus.jsonl --repeat 10 --runs 3
  python -m analysis bench corpus.jsonl --jobs 2
  python -m analysis bench --scaling --doublings 6
"""


def run(a) -> int:
    from analysis.bench import run_bench, run_scaling

    if a.scaling:
        try:
            print(run_scaling(a.doublings, a.runs, a.budget or None, a.only))
        except ValueError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        return 0
    if not a.corpus:
        print("error: give a CORPUS, or --scaling", file=sys.stderr)
        return 2
    missing = [p for p in a.corpus if not Path(p).exists()]
    if missing:
        print(f"error: corpus not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    try:
        print(run_bench(a.corpus, repeat=a.repeat, jobs=a.jobs, engine=a.engine, runs=a.runs))
    except (ValueError, RuntimeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


def register(sub) -> None:
    b = sub.add_parser("bench", help="measure extract's throughput and memory on a corpus",
                       description=BENCH_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("corpus", nargs="*", type=Path, metavar="CORPUS", help="files or folders to read")
    b.add_argument("--repeat", type=positive_int, default=1, metavar="K",
                   help="use the corpus K times over (JSONL inputs; default: 1)")
    b.add_argument("--jobs", type=positive_int, metavar="N", help="extract on N processes (default: 1)")
    b.add_argument("--runs", type=positive_int, default=1, metavar="R",
                   help="run each configuration R times and keep the fastest (default: 1)")
    b.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="as for extract (dask: a local cluster of --jobs workers)")
    b.add_argument("--scaling", action="store_true",
                   help="time adversarial inputs of doubling sizes instead of a corpus (needs a checkout)")
    b.add_argument("--doublings", type=positive_int, default=6, metavar="K",
                   help="with --scaling: sizes per input (default: 6)")
    b.add_argument("--only", metavar="TEXT", help="with --scaling: only the inputs whose name holds TEXT")
    b.add_argument("--budget", type=seconds_arg, default=60.0, metavar="SECONDS",
                   help="with --scaling: time budget of one document (default: 60)")
    b.set_defaults(func=run)
