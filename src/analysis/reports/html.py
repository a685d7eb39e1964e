"""Escaped output: document text is untrusted and must never be rendered as HTML or Markdown.

Tables go through `DataFrame.to_html(escape=True)`; sentences built from templates escape
every field for Markdown (backslashes for its punctuation, entities for `&<>`). The page
wrapper gives Arabic reports `dir="rtl"`.
"""
from __future__ import annotations

import html as _html
import re
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Markdown

from analysis.reports import labels

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:])")
CSS = """
body { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", "Segoe UI", Tahoma, sans-serif;
       max-width: 1150px; margin: 0 auto; padding: 0 1.5em; line-height: 1.55; }
.jp-RenderedHTMLCommon table.report-table { border-collapse: collapse; margin: 0.6em 0 1.4em; font-size: 0.88em; }
.jp-RenderedHTMLCommon table.report-table th, .jp-RenderedHTMLCommon table.report-table td {
       border: 1px solid #d0d0d0; padding: 4px 8px; text-align: start; vertical-align: top;
       unicode-bidi: plaintext; }
.jp-RenderedHTMLCommon table.report-table thead th { background: #f3f3f3; }
.jp-RenderedHTMLCommon p, .jp-RenderedHTMLCommon li { text-align: start; }
.report-note { color: #555; font-size: 0.88em; }
[dir="rtl"] .jp-RenderedHTMLCommon ul, [dir="rtl"] .jp-RenderedHTMLCommon ol { padding-right: 2em; padding-left: 0; }
"""

# Columns (by heading) that must not wrap, or need room to read.
_COLUMN_CSS = {"event_date": "white-space: nowrap;", "ref": "overflow-wrap: anywhere;",
               "text": "min-width: 18em;"}
COLUMN_CSS = {lang: {labels.heading(c, lang): css for c, css in _COLUMN_CSS.items()} for lang in labels.LANGS}


def escape_markdown(text) -> str:
    """`text` as literal Markdown: no markup, no HTML, no links."""
    return _html.escape(_MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text)), quote=False)


def sentence(key: str, lang: str, **fields) -> Markdown:
    """A templated sentence of the report (labels `ui`), its fields escaped."""
    return Markdown(labels.ui(key, lang, **{k: escape_markdown(v) for k, v in fields.items()}))


def table(df: pd.DataFrame, lang: str, limit: int | None = 50, index: bool = False, out_dir="",
          name: str = "table") -> HTML:
    """`df` with names in `lang`, every cell and heading HTML-escaped, cut at `limit` rows.

    With `out_dir` the whole table (keys, not names) is also saved as `out_dir/name.csv`.
    """
    if out_dir:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        df.to_csv(Path(out_dir) / f"{name}.csv", index=index)
    if df.empty:
        return HTML(f'<p class="report-note">{_html.escape(labels.ui("nothing_listed", lang))}</p>')
    shown = labels.present(df if limit is None else df.head(limit), lang)
    styles = []
    for j, (col, dtype) in enumerate(shown.dtypes.items()):
        if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
            styles.append({"selector": f"td.col{j}", "props": "text-align: right; direction: ltr; unicode-bidi: isolate; font-variant-numeric: tabular-nums;"})
        elif col in COLUMN_CSS.get(lang, {}):
            styles.append({"selector": f"td.col{j}", "props": COLUMN_CSS[lang][col]})
    styler = (shown.style.format(escape="html", na_rep="—", thousands=",", precision=0)
              .format_index(escape="html", axis=0).format_index(escape="html", axis=1)
              .set_table_styles(styles).set_table_attributes('class="report-table"'))
    if not index:
        styler = styler.hide(axis="index")
    out = styler.to_html()
    if limit is not None and len(df) > limit:
        note = labels.ui("shown_of", lang, shown=limit, total=len(df))
        out += f'<p class="report-note">{_html.escape(note)}</p>'
    return HTML(out)


def scope(data: dict[str, pd.DataFrame], start: str, end: str, governorates, collapse: bool,
          lang: str) -> Markdown:
    """What the report covers: period, governorates, counting unit, and the corpus behind it."""
    period = f"{start or '…'} – {end or '…'}" if (start or end) else labels.ui("whole_corpus", lang)
    sep = "، " if lang == "ar" else ", "
    names = (sep.join(labels.name("governorates", g, lang) for g in governorates) if governorates
             else labels.ui("all_governorates", lang))
    docs, ev = data["documents"], data["events"]
    fields = {"period": period, "governorates": names,
              "unit": labels.ui("unit_clusters" if collapse else "unit_mentions", lang)}
    counts = {"docs": len(docs), "failed": int((docs["status"] != "ok").sum()), "mentions": len(ev),
              "clusters": ev["cluster_id"].nunique()}
    text = labels.ui("scope", lang, **{k: escape_markdown(v) for k, v in fields.items()})
    return Markdown(text + "\n\n" + labels.ui("corpus", lang, **counts))


def page(document: str, lang: str) -> str:
    """An exported report page: language and direction on <html>, the report's own styles."""
    direction = "rtl" if lang == "ar" else "ltr"
    document = re.sub(r"<html[^>]*>", f'<html lang="{lang}" dir="{direction}">', document, count=1)
    return document.replace("</head>", f"<style>{CSS}</style>\n</head>", 1)

