"""`export`: write the extracted events in another dataset's layout (ACLED)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXPORT_HELP = """\
Write the events of a folder made by `extract` in ACLED's public CSV layout: one row per
real-world event (cluster), its most complete mention describing it, the most conservative
death toll its mentions state, every outlet that reported it in `source`, and the Arabic
sentence with its document id and character offsets in `notes`.

example:
  python -m analysis export data/processed --acled data/processed/acled.csv
"""


def run(a) -> int:
    from analysis.export import write_acled

    try:
        rows, mentions = write_acled(a.tables, a.acled)
    except FileNotFoundError as e:
        print(f"error: {e} (write the tables with `python -m analysis extract … --out {a.tables}`)",
              file=sys.stderr)
        return 2
    if not a.quiet:
        print(f"wrote {rows} events ({mentions} mentions) to {a.acled}")
    return 0


def register(sub) -> None:
    e = sub.add_parser("export", help="write the events in ACLED's layout",
                       description=EXPORT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    e.add_argument("tables", type=Path, metavar="TABLES_DIR", help="folder written by `extract`")
    e.add_argument("--acled", required=True, type=Path, metavar="OUT.csv", help="ACLED-layout CSV to write")
    e.add_argument("--quiet", action="store_true", help="no summary")
    e.set_defaults(func=run)
