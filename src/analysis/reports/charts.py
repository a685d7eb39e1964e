"""The reports' charts (matplotlib, object API: no global pyplot state in a kernel).

Every label goes through `arabic.for_chart`, and Arabic charts mirror horizontal bars so they
read from the right. The font is matplotlib's bundled DejaVu Sans, which has Arabic glyphs
(the basic block and both presentation-form blocks), so no system font is needed.
"""
from __future__ import annotations

import io
from pathlib import Path

import matplotlib
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from analysis import taxonomy as tx
from analysis.reports import arabic, casualties, labels

FONT = "DejaVu Sans"
DPI = 100
_TAB20 = matplotlib.colormaps["tab20"].colors
ACTOR_COLORS = dict(zip(tx.ACTOR_KEYS, [
    "#b2182b", "#ef8a62", "#762a83", "#1b7837", "#252525", "#8c510a", "#2166ac", "#e7b416",
    "#35978f", "#d6604d", "#4393c3", "#80cdc1", "#bf812d", "#5aae61", "#999999", "#c2a5cf", "#f4a582"]))
GROUP_COLORS = dict(zip(tx.VICTIM_GROUPS, ["#d6604d", "#f4a582", "#b2abd2", "#4d4d4d", "#bababa"]))
FACILITY_COLORS = dict(zip(tx.FACILITY_TYPES, _TAB20[::2] + _TAB20[1::2]))
MISSING_COLOR = "#cccccc"
KIND_COLORS = {"actors": ACTOR_COLORS, "victim_groups": GROUP_COLORS, "facility_types": FACILITY_COLORS}


def _t(text) -> str:
    return arabic.for_chart(text, FONT)


def name(kind: str, key, lang: str) -> str:
    """A key's name, ready to draw."""
    return _t(labels.name(kind, key, lang))


def color(kind: str, key) -> str:
    return KIND_COLORS.get(kind, {}).get(key, MISSING_COLOR) if pd.notna(key) else MISSING_COLOR


def figure(width: float, height: float, ncols: int = 1) -> tuple[Figure, list]:
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, ncols, squeeze=False)[0]
    for ax in axes:
        ax.spines[["top", "right"]].set_visible(False)
    fig.set_facecolor("white")
    return fig, list(axes)


def title(fig: Figure, text: str) -> None:
    """The figure's title, drawn shaped and kept as written as its label (the page's alt text)."""
    fig.suptitle(_t(text), family=FONT, fontsize=13)
    fig.set_label(text)


def no_data(ax, lang: str) -> None:
    ax.set_axis_off()
    ax.text(0.5, 0.5, _t(labels.ui("no_data", lang)), ha="center", va="center", family=FONT,
            fontsize=12, color="#666666", transform=ax.transAxes)


def legend(fig: Figure, kind: str, keys, lang: str) -> None:
    """One legend for the whole figure, under it, in reading order."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return
    handles = [Patch(color=color(kind, k), label=name(kind, k, lang)) for k in keys]
    fig.legend(handles=handles[::-1] if lang == "ar" else handles, loc="outside lower center",
               ncols=min(len(handles), 6), frameon=False, prop={"family": FONT, "size": 9},
               markerfirst=lang != "ar")


def stacked_bars(ax, wide: pd.DataFrame, index_kind: str, series_kind: str, lang: str,
                 horizontal: bool = True) -> None:
    """Bars for the rows of `wide`, stacked by its columns, with each bar's total at its end."""
    if wide.empty or not wide.to_numpy().sum():
        no_data(ax, lang)
        return
    wide = wide.fillna(0).astype(float)
    ticks = [name(index_kind, k, lang) if index_kind else _t(k) for k in wide.index]
    pos = list(range(len(wide)))
    base = [0.0] * len(wide)
    for col in wide.columns:
        vals = wide[col].tolist()
        if horizontal:
            ax.barh(pos, vals, left=base, color=color(series_kind, col))
        else:
            ax.bar(pos, vals, bottom=base, color=color(series_kind, col))
        base = [b + v for b, v in zip(base, vals)]
    rtl = horizontal and lang == "ar"  # Arabic reads from the right: bars grow leftwards
    for p, total in zip(pos, base):
        if total:
            ax.annotate(f"{total:,.0f}", (total, p) if horizontal else (p, total),
                        xytext=((-3 if rtl else 3), 0) if horizontal else (0, 3), textcoords="offset points",
                        va="center" if horizontal else "bottom",
                        ha=("right" if rtl else "left") if horizontal else "center", fontsize=8, family=FONT)
    value_axis = ax.xaxis if horizontal else ax.yaxis
    value_axis.set_major_locator(MaxNLocator(integer=True))
    (ax.set_xlim if horizontal else ax.set_ylim)(0, max(base) * 1.15)
    if horizontal:
        ax.set_yticks(pos, ticks, family=FONT)
        ax.invert_yaxis()
        if rtl:
            ax.invert_xaxis()
            ax.yaxis.tick_right()
            ax.spines[["left"]].set_visible(False)
            ax.spines[["right"]].set_visible(True)
    else:
        crowded = len(ticks) > 4
        ax.set_xticks(pos, ticks, family=FONT, rotation=45 if crowded else 0,
                      ha="right" if crowded else "center", rotation_mode="anchor")


def _measure_panels(frames: dict[str, pd.DataFrame], heading: str, index_kind: str, lang: str,
                    horizontal: bool) -> Figure:
    n = max((len(f) for f in frames.values()), default=0)
    size = (10, 1.6 + 0.38 * max(n, 3)) if horizontal else (10, 4.2)
    fig, axes = figure(*size, ncols=len(frames))
    measures = list(frames)[::-1] if lang == "ar" else list(frames)
    for ax, m in zip(axes, measures):
        stacked_bars(ax, frames[m], index_kind, "victim_groups", lang, horizontal)
        ax.set_title(_t(labels.ui(m, lang)), family=FONT, fontsize=11)
    title(fig, heading)
    legend(fig, "victim_groups", [g for g in tx.VICTIM_GROUPS
                                  if any(g in f.columns for f in frames.values())], lang)
    return fig


def _by_group(facts: pd.DataFrame, dim: str) -> dict[str, pd.DataFrame]:
    frames = {}
    for m in casualties.MEASURES:
        f = facts[facts["measure"] == m]
        wide = (f.groupby([dim, "group"], dropna=False)["value"].sum().unstack("group", fill_value=0)
                if len(f) else pd.DataFrame())
        if len(wide):
            wide = wide.loc[wide.sum(axis=1).sort_values(ascending=False).index]
            wide = wide[[g for g in tx.VICTIM_GROUPS if g in wide.columns]]
        frames[m] = wide
    return frames


def casualties_by(facts: pd.DataFrame, dim: str, lang: str) -> Figure:
    """Killed and wounded per governorate (`admin1`) or perpetrator (`actor1`), by victim group."""
    heading = labels.ui("chart_by_region" if dim == "admin1" else "chart_by_actor", lang)
    kind = labels.COLUMN_KINDS[dim]
    frames = _by_group(facts, dim)
    # both panels list the same rows in the same order
    rows = pd.Index([])
    for f in frames.values():
        rows = rows.append(f.index.difference(rows, sort=False)) if len(f) else rows
    frames = {m: f.reindex(rows, fill_value=0) if len(f) else f for m, f in frames.items()}
    return _measure_panels(frames, heading, kind, lang, horizontal=True)


def casualties_over_time(facts: pd.DataFrame, lang: str) -> Figure:
    """Killed and wounded per day, week or month, by victim group."""
    dated = casualties.with_period(facts)
    frames = _by_group(dated, "period")
    periods = sorted(set(dated["period"]))
    frames = {m: f.reindex(periods, fill_value=0) if len(f) else f for m, f in frames.items()}
    return _measure_panels(frames, labels.ui("chart_over_time", lang), "", lang, horizontal=False)


def facilities_by_actor(facts: pd.DataFrame, lang: str) -> Figure:
    """Facilities hit per type, stacked by perpetrator."""
    wide = (facts.groupby(["facility_type", "actor1"], dropna=False)["value"].sum()
            .unstack("actor1", fill_value=0)) if len(facts) else pd.DataFrame()
    if len(wide):
        wide = wide.loc[wide.sum(axis=1).sort_values(ascending=False).index]
    fig, (ax,) = figure(10, 1.6 + 0.4 * max(len(wide), 3))
    stacked_bars(ax, wide, "facility_types", "actors", lang)
    title(fig, labels.ui("chart_facility_actor", lang))
    legend(fig, "actors", list(wide.columns), lang)
    return fig


def control_net(net: pd.DataFrame, lang: str) -> Figure:
    """Places gained (right) and lost (left, hatched) per actor, with the net balance written out."""
    fig, (ax,) = figure(10, 1.6 + 0.4 * max(len(net), 3))
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
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.invert_yaxis()
        ax.margins(x=0.15)
        fig.legend(handles=[Patch(color="#777777", label=_t(labels.ui("gained", lang))),
                            Patch(facecolor="#777777", alpha=0.45, hatch="//", label=_t(labels.ui("lost", lang)))],
                   loc="outside lower center", ncols=2, frameon=False, prop={"family": FONT, "size": 9},
                   markerfirst=lang != "ar")
    title(fig, labels.ui("chart_net", lang))
    return fig


CHANGE_MARKERS = {"captured": "o", "withdrawal": "v", "handover": "s", "besieged": "X", "siege_lifted": "P"}


def control_timeline(facts: pd.DataFrame, lang: str) -> Figure:
    """Each change on a time line, in the row of its new controller; marker shape = kind of change."""
    dated = facts[facts["event_date"].notna()]
    who = dated["gained_by"].fillna("")
    rows = list(dict.fromkeys(who))
    fig, (ax,) = figure(10, 1.8 + 0.45 * max(len(rows), 3))
    if dated.empty:
        no_data(ax, lang)
    else:
        x = pd.to_datetime(dated["event_date"]).to_numpy()
        y = [rows.index(k) for k in who]
        colors = [color("actors", k or None) for k in who]
        for change, marker in CHANGE_MARKERS.items():
            sel = (dated["change"] == change).to_numpy()
            if sel.any():
                ax.scatter(x[sel], [v for v, s in zip(y, sel) if s], marker=marker, s=70, zorder=3,
                           c=[c for c, s in zip(colors, sel) if s], edgecolors="#333333", linewidths=0.5,
                           label=change)
        # changes on the same day and row share a marker: say how many
        for (day, row), n in pd.Series(1, index=pd.MultiIndex.from_arrays([x, y])).groupby(level=[0, 1]).sum().items():
            if n > 1:
                ax.annotate(f"×{n}", (day, row), xytext=(7, 5), textcoords="offset points", fontsize=8,
                            family=FONT, weight="bold")
        ax.set_yticks(range(len(rows)), [name("actors", k or None, lang) for k in rows], family=FONT)
        ax.set_ylim(len(rows) - 0.3, -0.7)
        ax.grid(axis="y", color="#eeeeee")
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(  # numeric: no English month names
            ax.xaxis.get_major_locator(), formats=["%Y", "%Y-%m", "%d", "%H:%M", "%H:%M", "%S"],
            offset_formats=["", "%Y", "%Y-%m", "%Y-%m-%d", "%Y-%m-%d", "%Y-%m-%d"]))
        ax.margins(x=0.08)
        handles = [Line2D([], [], ls="", marker=m, markerfacecolor="white", markeredgecolor="#333333",
                          markersize=8, label=name("changes", c, lang))
                   for c, m in CHANGE_MARKERS.items() if (dated["change"] == c).any()]
        fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False,
                   prop={"family": FONT, "size": 9}, markerfirst=lang != "ar")
    title(fig, labels.ui("chart_timeline", lang))
    return fig


def drawn_total(fig: Figure) -> float:
    """Sum of every bar drawn (negative bars count negatively): checks charts against tables."""
    return float(sum(sum(c.datavalues) for ax in fig.axes for c in ax.containers
                     if isinstance(c, BarContainer)))


def drawn_points(fig: Figure) -> int:
    """How many markers the scatter plots of a figure hold."""
    return sum(len(c.get_offsets()) for ax in fig.axes for c in ax.collections
               if c.get_label() and not c.get_label().startswith("_"))


def show(fig: Figure, out_dir="", name: str = "chart"):
    """The figure as a PNG for the notebook (and saved as `out_dir/name.png` when out_dir is set).

    Its title, as written (not as drawn), becomes the image's alt text.
    """
    from IPython.display import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, facecolor="white")
    if out_dir:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        (Path(out_dir) / f"{name}.png").write_bytes(buf.getvalue())
    return Image(data=buf.getvalue(), format="png", alt=fig.get_label())
