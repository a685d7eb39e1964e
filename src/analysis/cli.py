"""Command line: `python -m analysis <command> …`; each command lives in `analysis.commands`."""
from __future__ import annotations

import argparse
import importlib

from analysis import __version__

# Modules under analysis.commands, in the order `--help` lists them.
COMMANDS = [
    "extract",
    "report",
    "export",
    "gazetteer",
    "bench",
]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m analysis",
                                description="Arabic conflict bulletins → tidy, sourced event tables.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        importlib.import_module(f"analysis.commands.{name}").register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
