"""Every path and project-wide constant in one place (never the working directory)."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
LEXICON_DIR = PACKAGE_DIR / "data"
# The checkout root when installed in development mode (src layout); falls back to the
# current directory only for data folders a user passes explicitly.
PROJECT_ROOT = PACKAGE_DIR.parent.parent
DATA_RAW = PROJECT_ROOT / "data" / "raw"
DATA_PROCESSED = PROJECT_ROOT / "data" / "processed"
REPORTS = PROJECT_ROOT / "reports"
SAMPLE_METADATA = DATA_RAW / "seeds.csv"

# User gazetteers imported with `analysis gazetteer import` live outside the package.
USER_DATA = Path(os.environ.get("ANALYSIS_HOME", Path.home() / ".local" / "share" / "syria-bulletins"))

# Fall of the former regime: actor lexicons switch meaning on this day (codebook §4).
REGIME_FALL = dt.date(2024, 12, 8)

# Documents larger than this many bytes are refused with status `too_large`.
MAX_DOCUMENT_BYTES = 5_000_000
# Share of letters that must be Arabic for a document to be read (else `not_arabic`).
MIN_ARABIC_SHARE = 0.3

INPUT_SUFFIXES = (".txt", ".jsonl", ".csv", ".html", ".htm")

# The manifest every extract run writes beside its tables (store.py); folders holding one
# are never read as input.
TABLES_MANIFEST = "tables.json"
# Seconds one document may take to extract before it gets status `timeout` (0: no limit).
DOCUMENT_BUDGET_SECONDS = 60.0
# ... and the first document of a process this much more: it loads the lexicons.
WARM_UP_SECONDS = 30.0
# Publication dates outside these years are not dates a bulletin was published on.
PUBLISHED_YEARS = (1900, 2100)
