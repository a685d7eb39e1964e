"""Run a report notebook with papermill and export it as one self-contained HTML page.

The notebooks ship inside the package (`analysis/reports/notebooks`, a link to the checkout's
`notebooks/`), so `report` works from an installed package as from a checkout. Outputs are named by their parameters
(`casualties_by_region__lang-en__gov-SY-HM__2017-09.html`, its data in the folder of the
same name) so that a grid of runs (`reports.yml`) fills one folder without collisions.
Paths a user gives (`tables`, `inputs`, `--out`) are the caller's: they are resolved
against the working directory the command runs in, and the kernel runs there too.
"""
from __future__ import annotations

import ast
import calendar
import itertools
from pathlib import Path

import jsonschema
import papermill
import yaml

from analysis import taxonomy as tx
from analysis.reports import LANGS, REPORTS, exporter, load, page

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"
# The kernel's own log (a warning about its local TCP channels, the interrupt that ends it) is
# noise on the command line; failures in the notebook still surface as papermill errors.
KERNEL_QUIET = ["--IPKernelApp.log_level=CRITICAL"]
# Parameters that name files: resolved against the caller's working directory.
PATH_PARAMS = ("tables", "inputs", "out_dir")
_CODES = {"enum": list(tx.ADMIN1)}
GRID_SCHEMA = {
    "type": "object", "required": ["runs"], "additionalProperties": False,
    "properties": {"runs": {"type": "array", "minItems": 1, "items": {
        "type": "object", "required": ["reports"], "additionalProperties": False,
        "properties": {
            "reports": {"oneOf": [{"const": "all"},
                                  {"type": "array", "minItems": 1, "items": {"enum": list(REPORTS)}}]},
            "lang": {"type": "array", "minItems": 1, "items": {"enum": list(LANGS)}},
            "per_governorate": {"type": "array", "minItems": 1, "items": {
                "oneOf": [_CODES, {"type": "array", "minItems": 1, "items": _CODES}]}},
            "per_month": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": r"^\d{4}-\d{2}$"}},
            "params": {"type": "object", "propertyNames": {"not": {"enum": ["out_dir", "lang"]}}},
        }}}},
}


def notebook(name: str) -> Path:
    if name not in REPORTS:
        raise ValueError(f"unknown report {name!r}; choose from {', '.join(REPORTS)}")
    return NOTEBOOKS / f"{name}.ipynb"


def defaults(name: str) -> dict:
    """The `parameters` cell of a report: name → default value."""
    params = papermill.inspect_notebook(str(notebook(name)))
    return {k: ast.literal_eval(v["default"]) for k, v in params.items()}


def _yaml(raw: str, what: str):
    """A value written in YAML, plain data only (safe_load: no tags, no objects)."""
    try:
        return yaml.safe_load(raw)
    except yaml.YAMLError as e:
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ValueError(f"{what}: not plain YAML data ({problem})") from None


def coerce(name: str, key: str, raw: str):
    """A `-p KEY VALUE` string typed like the parameter's default (bool, list or str)."""
    known = defaults(name)
    if key not in known:
        raise ValueError(f"{name} has no parameter {key!r}; it has {', '.join(known)}")
    if key == "out_dir":
        raise ValueError("out_dir is set by --out: the page and its data folder go there together")
    default = known[key]
    if isinstance(default, bool):
        value = _yaml(raw, f"-p {key}")
        if not isinstance(value, bool):
            raise ValueError(f"-p {key} must be true or false, not {raw!r}")
        return value
    if isinstance(default, list):
        value = _yaml(raw, f"-p {key}") if raw.strip().startswith("[") else raw.replace(",", " ").split()
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            raise ValueError(f"-p {key} must be a list of words, e.g. SY-HM,SY-ID, not {raw!r}")
        return [str(v) for v in value]
    return raw


def resolve(params: dict, cwd: Path) -> dict:
    """`params` with the paths they name made absolute against `cwd` (the caller's)."""
    out = dict(params)
    for key in PATH_PARAMS:
        value = out.get(key)
        if isinstance(value, (str, Path)) and str(value):
            out[key] = str((Path(cwd) / Path(value).expanduser()).resolve())
        elif isinstance(value, list):
            out[key] = [str((Path(cwd) / Path(v).expanduser()).resolve()) for v in value]
    return out


def check(name: str, params: dict) -> dict:
    """Every parameter of the run, checked before a kernel starts (clear errors, no traceback)."""
    known = defaults(name)
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise ValueError(f"{name} has no parameter {', '.join(map(repr, unknown))}; it has {', '.join(known)}")
    p = {**known, **params}
    p["governorates"] = load.governorate_codes(p["governorates"])
    load.iso_date(p["start"], "start")
    load.iso_date(p["end"], "end")
    if p["lang"] not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {p['lang']!r}")
    if not isinstance(p["collapse_duplicates"], bool):
        raise ValueError(f"collapse_duplicates must be true or false, not {p['collapse_duplicates']!r}")
    return p


def output_stem(name: str, params: dict) -> str:
    """The file name (without extension) that says which parameters made the report."""
    return page.stem(name, check(name, params))


def run(name: str, params: dict, out: Path, cwd: Path | None = None) -> Path:
    """Execute report `name` with `params` and write `<out>/<stem>.html` (its data in `<out>/<stem>/`).

    Relative paths in `params` and `out` are taken from `cwd` (default: the working directory),
    where the kernel also runs.
    """
    cwd = Path.cwd() if cwd is None else Path(cwd)
    out = Path(resolve({"out_dir": str(out)}, cwd)["out_dir"])
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out {out} is a file, not a folder")
    params = resolve({**params, "out_dir": str(out)}, cwd)
    check(name, params)
    out.mkdir(parents=True, exist_ok=True)
    nb = papermill.execute_notebook(str(notebook(name)), None, parameters=params, progress_bar=False,
                                    cwd=str(cwd), extra_arguments=KERNEL_QUIET)
    text, identity = exporter.page(nb)
    target = out / f"{identity['stem']}.html"
    target.write_text(text, encoding="utf-8")
    return target


def _month_bounds(month: str) -> dict:
    y, m = map(int, month.split("-"))
    return {"start": f"{month}-01", "end": f"{month}-{calendar.monthrange(y, m)[1]:02d}"}


def grid(path: Path) -> list[tuple[str, dict]]:
    """The runs a grid file schedules: each entry's reports × languages × governorates × months."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ValueError(f"{path}: cannot read the grid file ({e})") from None
    spec = _yaml(text, str(path))
    try:
        jsonschema.validate(spec, GRID_SCHEMA)
    except jsonschema.ValidationError as e:
        where = "/".join(map(str, e.absolute_path)) or "<root>"
        raise ValueError(f"{path}: {where}: {e.message}") from None
    runs = []
    for entry in spec["runs"]:
        names = REPORTS if entry["reports"] == "all" else entry["reports"]
        govs = [[g] if isinstance(g, str) else g for g in entry.get("per_governorate", [[]])]
        months = [_month_bounds(m) for m in entry.get("per_month", [])] or [{}]
        for name, lang, gov, month in itertools.product(names, entry.get("lang", LANGS), govs, months):
            params = {**entry.get("params", {}), "lang": lang, **month}
            if gov:
                params["governorates"] = gov
            runs.append((name, params))
    return runs
