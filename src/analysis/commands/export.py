"""`export`: write the extracted events in another dataset's layout (ACLED)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXPORT_HELP = """\
Write the real-world events of a folder made by `extract` in ACLED's CSV layout (ACLED's own
columns): one row per event (cluster), with an event_id_cnty-style id (SYR + a number that
stays the same from run to run), the sentence its death toll comes from, the cluster's
death toll (the most conservative across outlets, the latest of a toll update), every outlet
that reported it in `source`, the sides other reports name as associated actors, and the
document id and character offsets in `notes`.

Only events that count are written by default: those that happened in Syria at the time the
document reports them. --all-events adds the rest (recalled from the past, tolls over a
period, events abroad or in no known country), each with its own country.

example:
  python -m analysis export data/processed --acled data/processed/acled.csv
"""


def run(a) -> int:
    from analysis.export import write_acled

    try:
        rows, left_out = write_acled(a.tables, a.acled, include_all=a.all_events)
    except FileNotFoundError as e:
        print(f"error: {e} (write the tables with `python -m analysis extract … --out {a.tables}`)",
              file=sys.stderr)
        return 2
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if not a.quiet:
        rest = f"; {left_out} events that do not count left out (--all-events adds them)" if left_out else ""
        print(f"wrote {rows} events to {a.acled}{rest}")
    return 0


def register(sub) -> None:
    e = sub.add_parser("export", help="write the events in ACLED's layout",
                       description=EXPORT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    e.add_argument("tables", type=Path, metavar="TABLES_DIR", help="folder written by `extract`")
    e.add_argument("--acled", required=True, type=Path, metavar="OUT.csv", help="ACLED-layout CSV to write")
    e.add_argument("--all-events", action="store_true",
                   help="also the events that do not count (past, period totals, abroad, country unknown)")
    e.add_argument("--quiet", action="store_true", help="no summary")
    e.set_defaults(func=run)
