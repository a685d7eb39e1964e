"""An executed report notebook as one self-contained HTML page (nbconvert exporter `report`).

`python -m analysis report` and `jupyter nbconvert --to report executed.ipynb` both use
this exporter, so a plain papermill run gives the same page as the command. The page is
the notebook's outputs in order, without code, stderr or prompts, in the language and
direction of the report (named by the output `page.IDENTITY`), with the reports' own
style sheet and the small inline script that sorts and filters tables: nothing is fetched
when it opens. nbconvert names the file after the report's parameters (`<stem>.html`), so
that it lands beside the folder its CSV links point into.
"""
from __future__ import annotations

from importlib import resources as importlib_resources

from markupsafe import Markup
from nbconvert.exporters import Exporter

from analysis.reports.page import IDENTITY

ASSETS = importlib_resources.files("analysis.reports") / "assets"


def _identity(nb) -> dict:
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            meta = out.get("metadata", {})  # IPython files a repr's metadata under its mimetype
            found = meta.get(IDENTITY) or meta.get("text/html", {}).get(IDENTITY)
            if found:
                return dict(found)
    raise ValueError("this notebook is not an executed report: none of its outputs names the report "
                     "(run it with papermill or `python -m analysis report` first)")


def _piece(out) -> Markup:
    """One output as page HTML: the package's HTML as is; an image embedded; text escaped."""
    data = out.get("data", {})
    if "text/html" in data:
        value = data["text/html"]
        return Markup(value if isinstance(value, str) else "".join(value))
    if "image/png" in data:
        return Markup('<img src="data:image/png;base64,{}" alt="">').format(data["image/png"].strip())
    if "text/plain" in data:
        return Markup("<pre>{}</pre>").format(data["text/plain"])
    return Markup("")


def page(nb) -> tuple[str, dict]:
    """The page of an executed report notebook, and the report's identity (name, lang, stem, title)."""
    identity = _identity(nb)
    lang = identity["lang"]
    body = Markup("\n").join(
        _piece(out) for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])
        if out.get("output_type") in ("display_data", "execute_result"))
    css = (ASSETS / "report.css").read_text(encoding="utf-8")
    script = (ASSETS / "report.js").read_text(encoding="utf-8")
    html = Markup(
        '<!DOCTYPE html>\n<html lang="{lang}" dir="{dir}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
        '<style>\n{css}</style>\n</head>\n<body>\n<main class="report">\n{body}\n</main>\n'
        '<script>\n{script}</script>\n</body>\n</html>\n').format(
        lang=lang, dir="rtl" if lang == "ar" else "ltr", title=identity["title"], css=Markup(css), body=body,
        script=Markup(script))
    return str(html), identity


class ReportExporter(Exporter):
    """`jupyter nbconvert --to report NOTEBOOK`: the page `python -m analysis report` writes."""

    export_from_notebook = "Report page (HTML)"
    output_mimetype = "text/html"

    def _file_extension_default(self):
        return ".html"

    def from_notebook_node(self, nb, resources=None, **kw):
        nb, resources = super().from_notebook_node(nb, resources, **kw)
        text, identity = page(nb)
        resources["unique_key"] = identity["stem"]
        resources["output_extension"] = ".html"
        return text, resources

