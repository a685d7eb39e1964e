"""Run a report notebook with papermill and export it as one self-contained HTML page.

Outputs are named by their parameters (`casualties_by_region__lang-en__gov-SY-HM__2017-09.html`)
so that a grid of runs (`reports.yml`) fills one folder without collisions. Readers are
researchers: the page shows markdown and outputs only, in the report's language.
"""
from __future__ import annotations

import ast
import calendar
import copy
import datetime as dt
import itertools
from pathlib import Path

import jinja2
import jsonschema
import papermill
import yaml
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

from analysis import config, taxonomy as tx
from analysis.reports import LANGS, REPORTS, html, labels, load

# The lab template without its CDN scripts (require.js, MathJax, mermaid): the page must open
# offline, and reports hold no math, diagrams or widgets. Charts carry their title as alt text.
TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block data_png scoped -%}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
 alt="{{ ((output | get_metadata('alt', 'image/png')) or '') | escape_html }}">
</div>
{%- endblock data_png -%}
"""
# The kernel's own log (a warning about its local TCP channels, the interrupt that ends it) is
# noise on the command line; failures in the notebook still surface as papermill errors.
KERNEL_QUIET = ["--IPKernelApp.log_level=CRITICAL"]
TITLES = {"casualties_by_region": "casualties_title", "civilian_facilities": "facilities_title",
          "territorial_control": "control_title"}
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
            "params": {"type": "object"},
        }}}},
}


def notebook(name: str) -> Path:
    if name not in REPORTS:
        raise ValueError(f"unknown report {name!r}; choose from {', '.join(REPORTS)}")
    return config.NOTEBOOKS / f"{name}.ipynb"


def defaults(name: str) -> dict:
    """The `parameters` cell of a report: name → default value."""
    params = papermill.inspect_notebook(str(notebook(name)))
    return {k: ast.literal_eval(v["default"]) for k, v in params.items()}


def coerce(name: str, key: str, raw: str):
    """A `-p KEY VALUE` string typed like the parameter's default (bool, list or str)."""
    known = defaults(name)
    if key not in known:
        raise ValueError(f"{name} has no parameter {key!r}; it has {', '.join(known)}")
    default = known[key]
    if isinstance(default, bool):
        value = yaml.safe_load(raw)
        if not isinstance(value, bool):
            raise ValueError(f"{key} must be true or false, not {raw!r}")
        return value
    if isinstance(default, list):
        value = yaml.safe_load(raw) if raw.strip().startswith("[") else raw.replace(",", " ").split()
        return [str(v) for v in value]
    return raw


def _month(start: str, end: str) -> str | None:
    try:
        a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    except ValueError:
        return None
    last = calendar.monthrange(a.year, a.month)[1]
    return f"{a:%Y-%m}" if (a.day, b) == (1, a.replace(day=last)) else None


def output_stem(name: str, params: dict) -> str:
    """The file name (without extension) that says which parameters made the report."""
    p = {**defaults(name), **params}
    parts = [name, f"lang-{p['lang']}"]
    govs = p.get("governorates") or []
    if govs:
        parts.append("gov-" + "+".join(sorted(govs if isinstance(govs, list) else str(govs).split(","))))
    start, end = p.get("start") or "", p.get("end") or ""
    if start and end:
        parts.append(_month(start, end) or (start if start == end else f"{start}_{end}"))
    elif start or end:
        parts.append(f"from-{start}" if start else f"to-{end}")
    if not p.get("collapse_duplicates", True):
        parts.append("mentions")
    return "__".join(parts)


def export(nb, lang: str, title: str) -> str:
    """One HTML page: outputs and the markdown of `lang` only, images embedded, no code."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:  # warnings and logs are for developers, not readers
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]
    other = [f"lang-{x}" for x in LANGS if x != lang]
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            embed_images=True, language_code=lang, template_file="report.html.j2",
                            extra_loaders=[jinja2.DictLoader({"report.html.j2": TEMPLATE})])
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=set(other), enabled=True), enabled=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return html.page(body, lang)


def check(name: str, params: dict) -> str:
    """Fail before starting a kernel on a parameter the notebook would reject; returns the language."""
    p = {**defaults(name), **params}
    load.governorate_codes(p["governorates"])
    load.iso_date(p["start"], "start")
    load.iso_date(p["end"], "end")
    return labels.check_lang(p["lang"])


def run(name: str, params: dict, out: Path) -> Path:
    """Execute report `name` with `params` and write `<out>/<stem>.html` (its data in `<out>/<stem>/`)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    params = dict(params)
    lang = check(name, params)
    stem = output_stem(name, params)
    params.setdefault("out_dir", str((out / stem).resolve()))
    nb = papermill.execute_notebook(str(notebook(name)), None, parameters=params, progress_bar=False,
                                    cwd=str(config.NOTEBOOKS), extra_arguments=KERNEL_QUIET)
    target = out / f"{stem}.html"
    target.write_text(export(nb, lang, labels.ui(TITLES[name], lang)), encoding="utf-8")
    return target


def _month_bounds(month: str) -> dict:
    y, m = map(int, month.split("-"))
    return {"start": f"{month}-01", "end": f"{month}-{calendar.monthrange(y, m)[1]:02d}"}


def grid(path: Path) -> list[tuple[str, dict]]:
    """The runs a grid file schedules: each entry's reports × languages × governorates × months."""
    spec = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
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
