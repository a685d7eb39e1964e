"""The reports' charts (matplotlib, object API: no global pyplot state in a kernel).

Every label goes through `arabic.for_chart`, and Arabic charts mirror horizontal bars so they
read from the right. The font is matplotlib's bundled DejaVu Sans, which has Arabic glyphs
(the basic block and both presentation-form blocks), so no system font is needed. Value
axes have a few whole-number ticks with thousands separators; time axes are real dates
(bars as wide as their day, week or month) with day-level ticks at the finest.
"""
from __future__ import annotations

import matplotlib
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis import taxonomy as tx
from analysis.reports import arabic, casualties, control, labels, timeaxis

FONT = "DejaVu Sans"
DPI = 100
_TAB20 = matplotlib.colormaps["tab20"].colors
ACTOR_COLORS = dict(zip(tx.ACTOR_KEYS, [
    "#b2182b", "#ef8a62", "#762a83", "#1b7837", "#252525", "#8c510a", "#2166ac", "#e7b416",
    "#35978f", "#d6604d", "#4393c3", "#80cdc1", "#bf812d", "#5aae61", "#999999", "#c2a5cf", "#f4a582"]))
GROUP_COLORS = dict(zip(tx.VICTIM_GROUPS, ["#d6604d", "#f4a582", "#b2abd2", "#4d4d4d", "#bababa"]))
CIVILIAN_COLORS = {"children": GROUP_COLORS["children"], "women": GROUP_COLORS["women"],
                   "other_civilians": GROUP_COLORS["civilians"]}
FACILITY_COLORS = dict(zip(tx.FACILITY_TYPES, _TAB20[::2] + _TAB20[1::2]))
MISSING_COLOR = "#cccccc"
KIND_COLORS = {"actors": ACTOR_COLORS, "victim_groups": GROUP_COLORS, "facility_types": FACILITY_COLORS,
               "civilian_groups": CIVILIAN_COLORS}
# Bar widths (days) of each period code, and the least span a time axis shows (no hour ticks).
PERIOD_DAYS = {"D": 1, "W": 7, "M": 30}
MIN_SPAN_DAYS = 10
THOUSANDS = FuncFormatter(lambda v, _: f"{v:,.0f}")


def shaped(text) -> str:
    """Text as matplotlib must be handed it to draw Arabic right (see `arabic`)."""
    return arabic.for_chart(text, FONT)


def name(kind: str, key, lang: str) -> str:
    """A key's name, ready to draw."""
    if kind == "civilian_groups":
        return shaped(labels.ui(key, lang))
    return shaped(labels.name(kind, key, lang))


def color(kind: str, key) -> str:
    return KIND_COLORS.get(kind, {}).get(key, MISSING_COLOR) if not labels.missing(key) else MISSING_COLOR


def figure(width: float, height: float, nrows: int = 1, ncols: int = 1, **kw) -> tuple[Figure, list]:
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, squeeze=False, **kw).ravel()
    for ax in axes:
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(labelsize=9)
    fig.set_facecolor("white")
    return fig, list(axes)


def title(fig: Figure, text: str) -> None:
    """The figure's title, drawn shaped and kept as written as its label (the page's alt text)."""
    fig.suptitle(shaped(text), family=FONT, fontsize=13)
    fig.set_label(text)


def no_data(ax, lang: str) -> None:
    ax.set_axis_off()
    ax.text(0.5, 0.5, shaped(labels.ui("no_data", lang)), ha="center", va="center", family=FONT,
            fontsize=12, color="#666666", transform=ax.transAxes)


def legend(fig: Figure, kind: str, keys, lang: str) -> None:
    """One legend for the whole figure, under it, in reading order."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return
    handles = [Patch(color=color(kind, k), label=name(kind, k, lang)) for k in keys]
    fig.legend(handles=handles[::-1] if lang == "ar" else handles, loc="outside lower center",
               ncols=min(len(handles), 5), frameon=False, prop={"family": FONT, "size": 9},
               markerfirst=lang != "ar")


def value_axis(axis, label: str = "") -> None:
    """A few whole-number ticks with thousands separators (never 0.5 of a person)."""
    axis.set_major_locator(MaxNLocator(nbins=4, integer=True, min_n_ticks=2))
    axis.set_major_formatter(THOUSANDS)
    if label:
        axis.set_label_text(shaped(label), family=FONT, fontsize=9)


def stacked_bars(ax, wide: pd.DataFrame, index_kind: str, series_kind: str, lang: str, label: str = "") -> None:
    """Horizontal bars for the rows of `wide`, stacked by its columns, each total at its end."""
    if wide.empty or not wide.to_numpy().sum():
        no_data(ax, lang)
        return
    wide = wide.fillna(0).astype(float)
    ticks = [name(index_kind, k, lang) if index_kind else shaped(k) for k in wide.index]
    pos = list(range(len(wide)))
    base = [0.0] * len(wide)
    for col in wide.columns:
        vals = wide[col].tolist()
        ax.barh(pos, vals, left=base, color=color(series_kind, col), label=str(col))
        base = [b + v for b, v in zip(base, vals)]
    rtl = lang == "ar"  # Arabic reads from the right: bars grow leftwards
    for p, total in zip(pos, base):
        if total:
            ax.annotate(f"{total:,.0f}", (total, p), xytext=((-3 if rtl else 3), 0), textcoords="offset points",
                        va="center", ha="right" if rtl else "left", fontsize=8, family=FONT)
    value_axis(ax.xaxis, label)
    ax.set_xlim(0, max(base) * 1.18)
    ax.set_yticks(pos, ticks, family=FONT)
    ax.invert_yaxis()
    if rtl:
        ax.invert_xaxis()
        ax.yaxis.tick_right()
        ax.spines[["left"]].set_visible(False)
        ax.spines[["right"]].set_visible(True)


def _panels(frames: dict[str, pd.DataFrame], heading: str, index_kind: str, lang: str) -> Figure:
    """Killed and wounded side by side (mirrored for Arabic), the same rows in the same order."""
    rows = pd.Index([])
    for f in frames.values():
        rows = rows.append(f.index.difference(rows, sort=False)) if len(f) else rows
    frames = {m: f.reindex(rows, fill_value=0) if len(f) else f for m, f in frames.items()}
    fig, axes = figure(10, 1.7 + 0.36 * max(len(rows), 3), ncols=len(frames))
    measures = list(frames)[::-1] if lang == "ar" else list(frames)
    for ax, m in zip(axes, measures):
        stacked_bars(ax, frames[m], index_kind, "victim_groups", lang, labels.ui("axis_people", lang))
        ax.set_title(shaped(labels.ui(m, lang)), family=FONT, fontsize=11)
    title(fig, heading)
    legend(fig, "victim_groups", [g for g in tx.VICTIM_GROUPS if any(g in f.columns for f in frames.values())], lang)
    return fig


def casualties_by(facts: pd.DataFrame, dim: str, lang: str) -> Figure:
    """Killed and wounded per governorate (`admin1`) or perpetrator (`actor1`), by victim group."""
    heading = labels.ui("chart_by_region" if dim == "admin1" else "chart_by_actor", lang)
    frames = {m: casualties.by_group(facts, dim, m) for m in casualties.MEASURES}
    return _panels(frames, heading, labels.COLUMN_KINDS[dim], lang)


def civilians(table: pd.DataFrame, lang: str) -> Figure:
    """Civilians killed per perpetrator: children, women and other civilians (SNHR's view)."""
    rows = table.drop(index="total", errors="ignore")
    wide = pd.DataFrame({"children": rows["children"], "women": rows["women"],
                         "other_civilians": rows["civilians_total"] - rows["children"] - rows["women"]},
                        index=rows.index).astype(float)
    fig, (ax,) = figure(10, 1.7 + 0.36 * max(len(wide), 3))
    stacked_bars(ax, wide, "actors", "civilian_groups", lang, labels.ui("axis_people", lang))
    title(fig, labels.ui("chart_civilians", lang))
    legend(fig, "civilian_groups", list(wide.columns) if len(wide) else [], lang)
    return fig


def time_axis(ax, periods: pd.DatetimeIndex, lang: str) -> None:
    """Real dates, at least MIN_SPAN_DAYS wide, ticks at days, months or years (never hours)."""
    lo, hi = periods.min(), periods.max()
    pad = max(pd.Timedelta(days=MIN_SPAN_DAYS) - (hi - lo), pd.Timedelta(0)) / 2 + pd.Timedelta(days=2)
    ax.set_xlim(lo - pad, hi + pad + pd.Timedelta(days=1))
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    locator.intervald[mdates.HOURLY] = []
    locator.intervald[mdates.MINUTELY] = []
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(  # numeric: no English month names
        locator, formats=["%Y", "%Y-%m", "%m-%d", "%m-%d", "%m-%d", "%m-%d"],
        zero_formats=["", "%Y", "%Y-%m", "%m-%d", "%m-%d", "%m-%d"], offset_formats=[""] * 6))
    if lang == "ar":
        ax.invert_xaxis()
        ax.yaxis.tick_right()
        ax.yaxis.set_label_position("right")
        ax.spines[["left"]].set_visible(False)
        ax.spines[["right"]].set_visible(True)


def _time_bars(ax, wide: pd.DataFrame, code: str, kind: str, lang: str, label: str, periods=None) -> None:
    """`wide` (period start × series) as stacked bars, each as wide as its period, on the time
    axis of `periods` (default: its own); an empty frame keeps the axis and says so."""
    periods = pd.DatetimeIndex(wide.index if periods is None else periods)
    width = PERIOD_DAYS[code] * 0.85
    base = pd.Series(0.0, index=wide.index)
    for col in wide.columns:
        ax.bar(wide.index, wide[col].astype(float), width=width, bottom=base, align="edge",
               color=color(kind, col), label=str(col))
        base = base + wide[col].astype(float)
    value_axis(ax.yaxis, label)
    ax.set_ylim(0, max(float(base.max()) if len(base) else 0, 1) * 1.1)
    if wide.empty:
        ax.text(0.5, 0.5, shaped(labels.ui("no_data", lang)), ha="center", va="center", family=FONT,
                fontsize=10, color="#666666", transform=ax.transAxes)
    time_axis(ax, periods, lang)


def casualties_over_time(facts: pd.DataFrame, lang: str) -> Figure:
    """Killed (top) and wounded (bottom) per day, week or month on a real time axis, by victim group."""
    dated = timeaxis.with_period(facts)
    fig, axes = figure(10, 5.6, nrows=2, sharex=True)
    if dated.empty:
        for ax in axes:
            no_data(ax, lang)
    else:
        code = timeaxis.period_code(facts)
        periods = sorted(set(dated["period"]))
        for ax, m in zip(axes, casualties.MEASURES):
            wide = casualties.by_group(dated, "period", m).sort_index()
            _time_bars(ax, wide, code, "victim_groups", lang, labels.ui("axis_people", lang), periods)
            ax.set_title(shaped(labels.ui(m, lang)), family=FONT, fontsize=11)
    title(fig, labels.ui("chart_over_time", lang))
    legend(fig, "victim_groups", [g for g in tx.VICTIM_GROUPS if g in set(dated["group"])], lang)
    return fig


def facilities_by_actor(facts: pd.DataFrame, lang: str) -> Figure:
    """Facilities hit per type, stacked by perpetrator."""
    wide = (facts.groupby(["facility_type", "actor1"])["value"].sum().unstack("actor1", fill_value=0)
            if len(facts) else pd.DataFrame())
    if len(wide):
        wide = wide.loc[wide.sum(axis=1).sort_values(ascending=False, kind="mergesort").index]
        wide = wide[[a for a in tx.ACTOR_KEYS if a in wide.columns]]
    fig, (ax,) = figure(10, 1.7 + 0.36 * max(len(wide), 3))
    stacked_bars(ax, wide, "facility_types", "actors", lang, labels.ui("axis_facilities", lang))
    title(fig, labels.ui("chart_facility_actor", lang))
    legend(fig, "actors", list(wide.columns), lang)
    return fig


def control_net(net: pd.DataFrame, lang: str) -> Figure:
    """Places gained (right) and lost (left, hatched) per actor, with the net balance written out."""
    fig, (ax,) = figure(10, 1.7 + 0.36 * max(len(net), 3))
    if net.empty:
        no_data(ax, lang)
    else:
        pos = list(range(len(net)))
        colors = [color("actors", k) for k in net.index]
        ax.barh(pos, net["gained"].astype(float).tolist(), color=colors)
        ax.barh(pos, (-net["lost"].astype(float)).tolist(), color=colors, alpha=0.45, hatch="//")
        ax.axvline(0, color="#333333", lw=0.8)
        for p, (gained, n) in zip(pos, net[["gained", "net"]].itertuples(index=False)):
            ax.annotate(f"{n:+d}", (max(gained, 0), p), xytext=(4, 0), textcoords="offset points",
                        va="center", fontsize=9, family=FONT, weight="bold")
        ax.set_yticks(pos, [name("actors", k, lang) for k in net.index], family=FONT)
        value_axis(ax.xaxis, labels.ui("axis_places", lang))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):,.0f}"))
        ax.invert_yaxis()
        ax.margins(x=0.15)
        fig.legend(handles=[Patch(color="#777777", label=shaped(labels.ui("gained", lang))),
                            Patch(facecolor="#777777", alpha=0.45, hatch="//", label=shaped(labels.ui("lost", lang)))],
                   loc="outside lower center", ncols=2, frameon=False, prop={"family": FONT, "size": 9},
                   markerfirst=lang != "ar")
    title(fig, labels.ui("chart_net", lang))
    return fig


def control_timeline(facts: pd.DataFrame, lang: str) -> Figure:
    """Changes of control per day, week or month on a real time axis, by the side that gained the place."""
    fig, (ax,) = figure(10, 3.6)
    counts = control.by_period(facts)
    code = timeaxis.period_code(facts)
    if counts.empty:
        no_data(ax, lang)
    else:
        counts = counts[[a for a in tx.ACTOR_KEYS if a in counts.columns]]
        _time_bars(ax, counts, code, "actors", lang, labels.ui("axis_places", lang))
        legend(fig, "actors", list(counts.columns), lang)
    title(fig, labels.ui("chart_timeline", lang))
    return fig


def drawn_total(fig: Figure) -> float:
    """Sum of every bar drawn (negative bars count negatively): checks charts against tables."""
    return float(sum(sum(c.datavalues) for ax in fig.axes for c in ax.containers
                     if isinstance(c, BarContainer)))
