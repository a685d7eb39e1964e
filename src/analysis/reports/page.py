"""A report page as its notebook builds it: parameters, the tables it reads, the pieces it shows.

`open_report` is the one call every notebook starts with; each later cell asks the report
for one piece (a section's prose, a chart, a table, an event list) and displays it. Every
piece is one language's HTML in a `dir`-aware block, so a notebook shows one language in
JupyterLab too, and the exported page (`exporter`) is just these pieces in order. Every
chart and table writes its data as CSV into `<out_dir>/<stem>/`, beside the page
`<out_dir>/<stem>.html`, and links to it; `<stem>` names the report and its parameters.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from analysis.reports import LANGS, counting, html, labels, load, quality
from analysis.store import formula_safe

# Output metadata that names the page: the exporter reads its language, title and file name.
IDENTITY = "analysis_report"
# The file (and page anchor) of each report's full event list.
EVENTS = "events"
TITLES = {"casualties_by_region": "casualties_title", "civilian_facilities": "facilities_title",
          "territorial_control": "control_title"}


def _month(start: str, end: str) -> str | None:
    try:
        a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    except ValueError:
        return None
    last = calendar.monthrange(a.year, a.month)[1]
    return f"{a:%Y-%m}" if (a.day, b) == (1, a.replace(day=last)) else None


def stem(name: str, params: dict) -> str:
    """The file name (without extension) that says which parameters made the report."""
    parts = [name, f"lang-{params['lang']}"]
    govs = load.governorate_codes(params.get("governorates"))
    if govs:
        parts.append("gov-" + "+".join(sorted(govs)))
    start, end = params.get("start") or "", params.get("end") or ""
    if start and end:
        parts.append(_month(start, end) or (start if start == end else f"{start}_{end}"))
    elif start or end:
        parts.append(f"from-{start}" if start else f"to-{end}")
    if not params.get("collapse_duplicates", True):
        parts.append("mentions")
    return "__".join(parts)


class Part:
    """One displayed piece of a page: HTML in the page's language and direction."""

    def __init__(self, body: Markup, lang: str, identity: dict | None = None):
        self.html = Markup('<div class="report-part" lang="{}" dir="{}">{}</div>').format(
            lang, "rtl" if lang == "ar" else "ltr", body)
        self.identity = identity

    def _repr_html_(self):
        return (str(self.html), {IDENTITY: self.identity}) if self.identity else str(self.html)


@dataclass
class Report:
    """What a report's cells share: who it is, what it reads, where its data files go."""
    name: str
    lang: str
    params: dict
    data: dict = field(repr=False)     # every table, clusters as `counting.view`
    period: dict = field(repr=False)   # the selected period, every governorate
    sel: dict = field(repr=False)      # the selected period and governorates
    files: Path | None = None          # where CSV and PNG files go (None: nowhere)

    @property
    def stem(self) -> str:
        return stem(self.name, self.params)

    @property
    def collapse(self) -> bool:
        return bool(self.params["collapse_duplicates"])

    def part(self, body: Markup, identity: dict | None = None) -> Part:
        return Part(body, self.lang, identity)

    def sentence(self, key: str, **fields) -> Markup:
        return html.sentence(key, self.lang, **{k: f"{v:,}" if isinstance(v, int) else v for k, v in fields.items()})

    def _write(self, file: str, df: pd.DataFrame, index: bool) -> str | None:
        """Save `df` as `<files>/<file>.csv`; its link relative to the page (None: no files).
        Text a spreadsheet would run as a formula is defused (store.formula_safe), index too."""
        if self.files is None:
            return None
        self.files.mkdir(parents=True, exist_ok=True)
        table = formula_safe(df.reset_index() if index else df)
        table.to_csv(self.files / f"{file}.csv", index=False, encoding="utf-8", lineterminator="\n")
        return f"{self.files.name}/{file}.csv"

    # --- what a page says about itself ------------------------------------------------------
    def _period(self) -> str:
        start, end = self.params["start"], self.params["end"]
        if start and end:
            return labels.ui("period_range", self.lang, start=start, end=end)
        if start or end:
            return labels.ui("period_from" if start else "period_to", self.lang, start=start, end=end)
        return labels.ui("whole_corpus", self.lang)

    def _governorates(self) -> str:
        codes = load.governorate_codes(self.params["governorates"])
        sep = "، " if self.lang == "ar" else ", "
        return sep.join(labels.name("governorates", g, self.lang) for g in codes) if codes else \
            labels.ui("all_governorates", self.lang)

    def _rule(self) -> str:
        cl = self.sel["clusters"]
        counted = counting.counted(cl)
        if self.collapse:
            return labels.ui("rule_clusters", self.lang, counted=f"{len(counted):,}", clusters=f"{len(cl):,}")
        mentions = self.sel["events"]["cluster_id"].isin(set(counted["cluster_id"])).sum()
        return labels.ui("rule_mentions", self.lang, mentions=f"{mentions:,}", counted=f"{len(counted):,}")

    def source_line(self) -> str:
        """Where a figure comes from: corpus, period, governorates and counting rule."""
        docs = self.data["documents"]
        ok = docs[docs["status"] == "ok"]
        outlets = ok["source"].fillna(ok["doc_id"]).nunique()
        published = ok["published"].dropna()
        corpus = (labels.ui("corpus_line", self.lang, docs=f"{len(docs):,}", outlets=f"{outlets:,}",
                            first=published.min(), last=published.max()) if len(published) else
                  labels.ui("corpus_undated", self.lang, docs=f"{len(docs):,}", outlets=f"{outlets:,}"))
        return labels.ui("source_line", self.lang, corpus=corpus, period=self._period(),
                         governorates=self._governorates(), rule=self._rule())

    def header(self, totals: Markup) -> Part:
        """Title and introduction, what the page covers, and its totals; names the page."""
        docs, cl = self.sel["documents"], self.sel["clusters"]
        counted = len(counting.counted(cl))
        scope = self.sentence("scope_line", period=self._period(), governorates=self._governorates(),
                              rule=self._rule())
        corpus = self.sentence("corpus_summary", docs=len(docs), failed=int((docs["status"] != "ok").sum()),
                               mentions=len(self.sel["events"]), clusters=len(cl), counted=counted,
                               also=len(cl) - counted)
        events = html.link("#events", labels.ui("event_list", self.lang))
        if self.files is not None:
            csv = html.link(f"{self.files.name}/{EVENTS}.csv", f"{EVENTS}.csv", download=True)
            events = html.with_links("all_events_link", self.lang, list=events, csv=csv)
        body = Markup("").join([html.markdown(labels.prose(f"{self.name}.intro", self.lang)), scope, corpus,
                                Markup('<div class="totals">{}</div><p class="report-note">{}</p>').format(
                                    totals, events)])
        identity = {"name": self.name, "lang": self.lang, "stem": self.stem,
                    "title": labels.ui(TITLES[self.name], self.lang)}
        return self.part(body, identity)

    # --- pieces -----------------------------------------------------------------------------
    def section(self, key: str) -> Part:
        """A heading and its paragraphs (`<report>.<key>`, or a shared `quality.<key>`)."""
        full = key if "." in key else f"{self.name}.{key}"
        return self.part(html.markdown(labels.prose(full, self.lang)))

    def figure(self, fig, file: str, data: pd.DataFrame, index: bool = True, off_axis: dict | None = None) -> Part:
        """A chart with its source line and the CSV of the numbers drawn; a time chart says how
        many events its axis leaves off (`timeaxis.off_axis`)."""
        href = self._write(file, data, index)
        if self.files is not None:
            (self.files / f"{file}.png").write_bytes(html.png(fig))
        notes = []
        if off_axis and off_axis["undated"]:
            notes.append(labels.ui("undated_note", self.lang, n=f"{off_axis['undated']:,}"))
        if off_axis and off_axis["outside"]:
            notes.append(labels.ui("outside_note", self.lang, n=f"{off_axis['outside']:,}", first=off_axis["first"],
                                   last=off_axis["last"]))
        return self.part(html.figure(fig, " ".join([*notes, self.source_line()]), href, self.lang))

    def table(self, df: pd.DataFrame, file: str, index: bool = False, na: dict | None = None) -> Part:
        """A sortable, filterable table with its CSV (the keys, not the names)."""
        href = self._write(file, df, index)
        return self.part(html.table(df, self.lang, index=index, csv=href, na=na))

    def events(self, df: pd.DataFrame, columns: list[str]) -> Part:
        """The report's full event list (counts, outlets, quotes), which the header links to; its
        CSV (`events.csv`) has every column."""
        href = self._write(EVENTS, df, False)
        return self.part(Markup('<div id="events"></div>') + html.event_list(df, self.lang, columns, csv=href))

    def monitors(self, df: pd.DataFrame, file: str) -> Part:
        """Monitors' figures beside our counts (`monitors.compare`), periods not stated said so."""
        href = self._write(file, df, False)
        body = html.table(df, self.lang, csv=href, na={"period": labels.ui("period_not_stated", self.lang)})
        return self.part(body + Markup('<p class="report-note">{}</p>').format(labels.ui("monitor_note", self.lang)))

    def also(self, ids=None) -> Part:
        """Real-world events mentioned but not counted, by reason, with all of them as CSV."""
        cl = counting.not_counted(self.sel["clusters"])
        if ids is not None:
            cl = cl[cl["cluster_id"].isin(set(ids))]
        href = self._write("not_counted", cl, False)
        summary = counting.also_mentioned(self.sel["clusters"], ids)
        body = Markup("").join([html.markdown(labels.prose(f"{self.name}.also", self.lang)),
                                html.table(summary, self.lang, index=True),
                                Markup('<p class="report-note">{}</p>').format(html.csv_link(href, self.lang))])
        return self.part(body)

    def quality(self) -> Part:
        """The data-quality section every report ends with (shared by the three notebooks)."""
        period, lang = self.period, self.lang
        body = [html.markdown(labels.prose("quality.intro", lang)),
                self.sentence("quality_summary", **quality.summary(period))]
        for key, df, file, index in (("failed", quality.failed_documents(period), "failed_documents", False),
                                     ("unresolved", quality.unresolved_places(period), "unresolved_places", False),
                                     ("basis", quality.governorate_basis(period), "governorate_basis", True)):
            body += [html.markdown(labels.prose(f"quality.{key}", lang)),
                     html.table(df, lang, index=index, csv=self._write(file, df, index))]
        for key, df, file, columns in (
                ("nogov", quality.without_governorate(period), "without_governorate",
                 ["event_date", "location", "actor1", "sub_event_type", "n_sources"]),
                ("conflicts", quality.conflicting_mentions(period), "conflicting_counts",
                 ["cluster_id", "event_date", "admin1", "location", "killed", "wounded"])):
            body += [html.markdown(labels.prose(f"quality.{key}", lang)),
                     html.event_list(df, lang, columns, csv=self._write(file, df, False))]
        return self.part(Markup("").join(body))


def open_report(name: str, tables="", inputs=(), start="", end="", governorates=(), lang="en",
                collapse_duplicates=True, out_dir="reports") -> Report:
    """Read (or extract) the tables, select the period and governorates, and say where files go.

    Relative paths are the caller's (the kernel's working directory).
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    params = {"start": load.iso_date(start, "start"), "end": load.iso_date(end, "end"),
              "governorates": load.governorate_codes(governorates), "lang": lang,
              "collapse_duplicates": bool(collapse_duplicates)}
    data = load.prepare(load.open_tables(tables, inputs))
    period = load.select(data, start=start, end=end)
    sel = load.select(period, governorates=governorates)
    files = Path(out_dir) / stem(name, params) if out_dir else None
    return Report(name, lang, params, data, period, sel, files)
