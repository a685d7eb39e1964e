"""The pieces of a report page as HTML; document text is untrusted and always escaped.

Every cell, heading and sentence field goes through `markupsafe.escape` (Markdown fields
first through `escape_markdown`, so that they render as written); only the reports' own
prose is read as Markdown. Tables are plain `<table>`s that the page's small inline script
(`assets/report.js`) makes sortable and filterable; long ones scroll inside a box with their
header kept in view. Charts are PNGs embedded in the page, drawn at twice their display
size so that they stay sharp in print.
"""
from __future__ import annotations

import base64
import io
import re
from urllib.parse import urlsplit

import mistune
import pandas as pd
from markupsafe import Markup, escape

from analysis.reports import labels

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:<>&])")
_MARKDOWN = mistune.create_markdown(escape=True)
# Rows beyond which a table scrolls inside its box.
SCROLL_ROWS = 12
SCROLL_STYLE = "max-height: 34em; overflow: auto;"
# Charts are drawn at this many pixels per inch and shown at 100 per inch.
PRINT_DPI = 200
SCREEN_DPI = 100
NUMBER_CLASSES = ("Int64", "int64", "Float64", "float64")
# Columns shown with a class of their own (see assets/report.css).
COLUMN_CLASSES = {"killed": "num", "wounded": "num", "event_date": "date", "published": "date", "month": "date", "period": "date",
                  "ref": "ref", "cluster_id": "id", "doc_id": "id", "text": "text", "phrase": "text", "error": "text"}


def escape_markdown(text) -> str:
    """`text` as literal Markdown: no markup, no HTML, no links."""
    return _MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


def markdown(text: str) -> Markup:
    """The reports' own Markdown (prose, templated sentences) as HTML; raw HTML is escaped."""
    return Markup(_MARKDOWN(text))


def sentence(key: str, lang: str, **fields) -> Markup:
    """A templated sentence of the report (`ui`), its fields escaped."""
    return markdown(labels.ui(key, lang, **{k: escape_markdown(v) for k, v in fields.items()}))


def number(value) -> str:
    return "—" if value is None or pd.isna(value) else f"{int(value):,}"


def safe_url(url) -> str | None:
    """An http(s) address from a document's metadata, else None (no javascript: or file: links)."""
    if labels.missing(url):
        return None
    url = str(url).strip()
    return url if urlsplit(url).scheme in ("http", "https") else None


def link(href: str, text: str, download: bool = False) -> Markup:
    extra = Markup(" download") if download else Markup("")
    return Markup('<a href="{}"{}>{}</a>').format(href, extra, text)


def with_links(key: str, lang: str, **links: Markup) -> Markup:
    """A `ui` sentence whose slots are links (or other markup), the rest escaped."""
    marks = {k: f"\0{i}\0" for i, k in enumerate(links)}
    out = Markup(escape(labels.ui(key, lang, **marks)))
    for k, mark in marks.items():
        out = out.replace(mark, links[k])
    return out


def csv_link(href: str | None, lang: str) -> Markup:
    """"Data: name.csv" under a chart or table (nothing when no files are written)."""
    if not href:
        return Markup("")
    name = href.rsplit("/", 1)[-1]
    return Markup('<span class="data-link">{}</span>').format(
        with_links("data_link", lang, link=link(href, name, download=True)))


def _cell(value, kind: str) -> Markup:
    css = Markup(' class="{}"').format(kind) if kind else Markup("")
    if isinstance(value, Markup):
        return Markup("<td{}>{}</td>").format(css, value)
    if kind == "num" and not isinstance(value, str):
        sort = "" if value is None or pd.isna(value) else str(value)
        return Markup('<td class="num" data-v="{}">{}</td>').format(sort, number(value))
    shown = "" if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)) else value
    return Markup("<td{}>{}</td>").format(css, shown)


def _header(columns: pd.Index, names: list[str]) -> Markup:
    """One header row, or two when columns have two levels (groups span their columns)."""
    if not isinstance(columns, pd.MultiIndex):
        return Markup("<tr>{}</tr>").format(Markup("").join(
            Markup('<th scope="col">{}</th>').format(n) for n in [*names, *columns]))
    top = [Markup('<th scope="col"></th>')] * len(names)
    groups = columns.get_level_values(0)
    i = 0
    while i < len(groups):
        j = i
        while j < len(groups) and groups[j] == groups[i]:
            j += 1
        top.append(Markup('<th scope="colgroup" colspan="{}">{}</th>').format(j - i, groups[i]))
        i = j
    low = [Markup('<th scope="col">{}</th>').format(n) for n in [*names, *columns.get_level_values(-1)]]
    return Markup("<tr>{}</tr><tr>{}</tr>").format(Markup("").join(top), Markup("").join(low))


def table(df: pd.DataFrame, lang: str, index: bool = False, csv: str | None = None,
          na: dict | None = None, totals: tuple = ("total",), css: str = "") -> Markup:
    """`df` with names in `lang`, every cell and heading escaped, sortable and filterable.

    Index levels become the first columns (`index=True`); rows whose index is in `totals`
    stay at the foot when the table is sorted or filtered. `na` gives the text of an empty
    cell by column. `csv` links the whole table's data (written by the caller).
    """
    note = csv_link(csv, lang)
    if df.empty:
        return Markup('<div class="table-block"><p class="report-note">{} {}</p></div>').format(
            labels.ui("nothing_listed", lang), note)
    raw = df if index else df.reset_index(drop=True)
    kind = {c: "num" if str(t) in NUMBER_CLASSES else COLUMN_CLASSES.get(c if isinstance(c, str) else c[-1], "")
            for c, t in raw.dtypes.items()}
    kinds = [kind.get(c, COLUMN_CLASSES.get(c, "")) for c in labels.presented_columns(raw.columns)]
    shown = labels.present(raw, lang)
    for col, text in (na or {}).items():
        heading = labels.heading(col, lang)
        if heading in shown.columns:
            shown[heading] = shown[heading].astype("object").where(shown[heading].notna(), text)
    names = [n or "" for n in shown.index.names] if index else []
    body, foot = [], []
    is_total = [index and any(str(v) in totals for v in (k if isinstance(k, tuple) else (k,))) for k in raw.index]
    for keys, values, total in zip(shown.index, shown.itertuples(index=False), is_total):
        keys = keys if isinstance(keys, tuple) else (keys,)
        heads = [Markup('<th scope="row">{}</th>').format(k) for k in keys] if index else []
        cells = Markup("").join([*heads, *(_cell(v, k) for v, k in zip(values, kinds))])
        (foot if total else body).append(Markup('<tr>{}</tr>').format(cells))
    rows = len(body)
    scroll = Markup(' style="{}"').format(SCROLL_STYLE) if rows > SCROLL_ROWS else Markup("")
    tfoot = Markup("<tfoot>{}</tfoot>").format(Markup("").join(foot)) if foot else Markup("")
    tools = Markup('<div class="table-tools" data-filter="{}" data-rows="{}"><span class="rows">{}</span> {}</div>').format(
        labels.ui("filter", lang), labels.ui("rows", lang, n="{n}"), labels.ui("rows", lang, n=f"{rows:,}"), note)
    extra = f" {css}" if css else ""
    return Markup('<div class="table-block">{}<div class="table-scroll{}"{}><table class="report-table{}">'
                  '<thead>{}</thead><tbody>{}</tbody>{}</table></div></div>').format(
        tools, extra, scroll, extra, _header(shown.columns, names), Markup("").join(body), tfoot)


def figure_text(best, low, high, estimate: bool) -> Markup:
    """A count as shown in event lists: "≈12" and its range "10–15" (or "≥12") when estimated."""
    if best is None or pd.isna(best):
        return Markup('<span data-v="">—</span>')
    if not estimate:
        return Markup("{}").format(number(best))
    rng = f"≥{number(low if not pd.isna(low) else best)}" if high is None or pd.isna(high) else \
        f"{number(low if not pd.isna(low) else best)}–{number(high)}"
    return Markup('≈{}<br><span class="range">{}</span>').format(number(best), rng)


def quote(row, lang: str) -> Markup:
    """The sentence, then its outlet (linked to the article when the URL is known), publication
    date, and document id with the character span the sentence stands at."""
    url = safe_url(getattr(row, "url", None))
    source = labels.ui("unknown", lang) if labels.missing(row.source) else str(row.source)
    outlet = Markup('<a href="{}" rel="noopener noreferrer" target="_blank">{} ↗</a>').format(url, source) \
        if url else escape(source)
    published = labels.ui("unknown", lang) if labels.missing(row.published) else row.published
    return Markup('<blockquote dir="rtl" lang="ar">{}</blockquote><div class="meta">{} · {} · '
                  '<span class="ref">{} [{}–{}]</span></div>').format(
        " ".join(str(row.text).split()), outlet, published, row.doc_id, row.char_start, row.char_end)


def event_list(df: pd.DataFrame, lang: str, columns: list[str], csv: str | None = None) -> Markup:
    """Events as a table: `columns` (keys, named in `lang`), counts with their estimates, how
    many outlets report each, and the quote with its provenance in the last column."""
    if df.empty:
        return table(df, lang, csv=csv)
    out = pd.DataFrame(index=df.index)
    for c in columns:
        if c in ("killed", "wounded"):
            est = df["killed_estimate"].fillna(False) if c == "killed" and "killed_estimate" in df else \
                (df[c].notna() & (df[f"{c}_high"].isna() | (df[f"{c}_low"] != df[f"{c}_high"]))).fillna(False)
            out[c] = pd.Series([Markup('<span data-v="{}">{}</span>').format("" if pd.isna(b) else b,
                                                                               figure_text(b, lo, hi, e))
                                for b, lo, hi, e in zip(df[c], df[f"{c}_low"], df[f"{c}_high"], est)],
                               index=df.index, dtype=object)
        elif c == "location":
            out["location"] = df["location"]
            out["location_id"] = df["location_id"]
        elif c == "n_sources":
            out["outlets"] = df[c]
        else:
            out[c] = df[c]
    out["quote"] = pd.Series([quote(r, lang) for r in df.itertuples(index=False)], index=df.index, dtype=object)
    return table(out, lang, csv=csv, css="events")


def figure(fig, source: str, csv: str | None, lang: str) -> Markup:
    """A chart: sharp PNG (alt text = its title), the source line under it and its data link."""
    width = round(fig.get_figwidth() * SCREEN_DPI)
    data = base64.b64encode(png(fig)).decode("ascii")
    return Markup('<figure class="chart"><img src="data:image/png;base64,{}" width="{}" alt="{}">'
                  '<figcaption class="report-note">{} · {}</figcaption></figure>').format(
        data, width, fig.get_label(), source, csv_link(csv, lang))


def png(fig) -> bytes:
    """The chart as PNG, at print resolution."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=PRINT_DPI, facecolor="white")
    return buf.getvalue()
