"""`report`: render the parameterised report notebooks to self-contained HTML pages."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPORT_HELP = """\
Run report notebooks (papermill) on extracted tables and export each as one self-contained
HTML page, named by its parameters, into OUT; the CSV behind every chart and table goes into
the folder of the same name beside it.

Reports: casualties_by_region, civilian_facilities, territorial_control. Parameters (-p):
lang (ar|en), start and end (ISO dates), governorates (ISO codes, e.g. SY-HM,SY-ID),
collapse_duplicates (true: count real-world events, false: count every report of them),
inputs (raw files to extract first). Without --tables the bundled sample corpus is
extracted first. Relative paths are taken from the current directory.

examples:
  python -m analysis report casualties_by_region -p lang en -p governorates SY-HM --out reports/
  python -m analysis report --all --tables data/processed --out reports/
  python -m analysis report --grid reports.yml --tables data/processed --out reports/
"""


def _runs(a) -> list[tuple[str, dict]]:
    from analysis.reports import LANGS, REPORTS, render

    if a.grid:
        runs = render.grid(a.grid)
    elif a.all:
        given = dict(a.param)
        langs = [given["lang"]] if "lang" in given else list(LANGS)
        runs = [(n, {"lang": lang}) for n in REPORTS for lang in langs]
    else:
        runs = [(a.name, {})]
    typed = []
    for name, params in runs:
        params = {**params, **{k: render.coerce(name, k, v) for k, v in a.param}}
        render.check(name, params)
        typed.append((name, params))
    return typed


def _why(e: Exception) -> str:
    """One line: a notebook's own error (papermill), else the exception."""
    name, value = getattr(e, "ename", None), getattr(e, "evalue", None)
    text = f"{name}: {value}" if name else f"{type(e).__name__}: {e}"
    return " ".join(text.split())


def _render(render, name: str, params: dict, tables, out: Path) -> tuple[str, bool]:
    """One report: its page's path on stdout, or one line naming it and its error on stderr."""
    if tables is not None:
        params = {"tables": str(tables), **params}
    t0 = time.perf_counter()
    try:
        path = render.run(name, params, out)
    except Exception as e:  # one failed report must not stop the others
        shown = {k: v for k, v in params.items() if k != "tables"}
        print(f"FAILED {name} {shown}: {_why(e)}", file=sys.stderr, flush=True)
        return name, False
    print(f"{path}  ({time.perf_counter() - t0:.1f} s)", flush=True)
    return name, True


def run(a) -> int:
    from analysis.reports import render

    if bool(a.name) + a.all + bool(a.grid) != 1:
        print("error: give one report NAME, --all, or --grid FILE", file=sys.stderr)
        return 2
    if a.out.exists() and not a.out.is_dir():
        print(f"error: --out {a.out} is a file, not a folder", file=sys.stderr)
        return 2
    try:
        runs = _runs(a)
    except (ValueError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="analysis-report-") as tmp:
        tables = a.tables
        if tables is None and not any("inputs" in p for _, p in runs):
            # the sample corpus, extracted once for every run instead of once per notebook
            from analysis import config
            from analysis.pipeline import run_extract
            if not config.DATA_RAW.is_dir():
                print(f"error: no --tables given, and the sample corpus {config.DATA_RAW} is only in a checkout "
                      "of the project: give --tables DIR (a folder written by `extract`)", file=sys.stderr)
                return 2
            run_extract([config.DATA_RAW], tmp, metadata=config.SAMPLE_METADATA, progress=False)
            tables = Path(tmp)
        jobs = max(1, min(a.jobs or os.cpu_count() or 1, len(runs)))
        with ThreadPoolExecutor(jobs) as pool:  # each run has its own kernel process
            done = pool.map(lambda run: _render(render, *run, tables, a.out), runs)
            failed = [name for name, ok in done if not ok]
    if failed:
        print(f"{len(failed)} of {len(runs)} reports failed", file=sys.stderr)
    return 1 if failed else 0


def register(sub) -> None:
    from analysis.reports import REPORTS

    r = sub.add_parser("report", help="render report notebooks to HTML",
                       description=REPORT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    r.add_argument("name", nargs="?", choices=REPORTS, metavar="NAME", help="one report to render")
    r.add_argument("--all", action="store_true", help="every report, in Arabic and English")
    r.add_argument("--grid", type=Path, metavar="YAML", help="the runs listed in a grid file (reports.yml)")
    r.add_argument("-p", "--param", nargs=2, action="append", default=[], metavar=("KEY", "VALUE"),
                   help="a notebook parameter (repeatable)")
    r.add_argument("--tables", type=Path, metavar="DIR", help="folder of extracted tables")
    r.add_argument("--out", required=True, type=Path, help="folder for the HTML pages (created if missing)")
    r.add_argument("--jobs", type=int, default=0, metavar="N",
                   help="reports rendered at once, each in its own kernel (default: one per CPU)")
    r.set_defaults(func=run)
