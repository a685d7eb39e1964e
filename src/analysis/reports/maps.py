"""Maps of Syria's governorates with matplotlib alone (no GIS stack).

Polygons: `data/syria_admin1.geojson`, Natural Earth admin-1 keyed by ISO 3166-2:SY (see
data/README.md). Coordinates are plain lon/lat, drawn with the aspect ratio of latitude 35°N.
A place known only by its governorate is never drawn as a point (it would look like a real
place): it shades its governorate instead.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache

import numpy as np
import pandas as pd
from matplotlib import colormaps, patheffects
from matplotlib.cm import ScalarMappable
from matplotlib.collections import PatchCollection
from matplotlib.colors import Normalize
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.ticker import MaxNLocator

from analysis import config
from analysis.reports import charts, labels

GEOJSON = config.LEXICON_DIR / "syria_admin1.geojson"
ASPECT = 1 / math.cos(math.radians(35))
# Where a label would not fit inside its governorate: (lon, lat) to write it at instead.
SIZE = (9, 7.2)  # inches: 900 px wide on screen, drawn at print resolution
LABEL_AT = {"SY-DI": (35.55, 33.75), "SY-QU": (35.35, 33.05), "SY-TA": (35.45, 34.95),
            "SY-LA": (35.3, 35.75)}


@lru_cache(maxsize=None)
def features() -> tuple[tuple[str | None, MplPath], ...]:
    """(ISO code or None for the UNDOF zone, outline with holes) per GeoJSON feature."""
    gj = json.loads(GEOJSON.read_text(encoding="utf-8"))
    out = []
    for f in gj["features"]:
        geom = f["geometry"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        rings = [np.asarray(r, dtype=float) for poly in polys for r in poly]
        codes = [c for r in rings for c in [MplPath.MOVETO] + [MplPath.LINETO] * (len(r) - 2) + [MplPath.CLOSEPOLY]]
        out.append((f["properties"]["iso_3166_2"], MplPath(np.concatenate(rings), codes)))
    return tuple(out)


def _outer_centroid(path: MplPath) -> tuple[float, float]:
    starts = np.flatnonzero(path.codes == MplPath.MOVETO)
    ring = path.vertices[: starts[1] if len(starts) > 1 else len(path.vertices)]
    x, y = ring[:, 0], ring[:, 1]
    cross = x[:-1] * y[1:] - x[1:] * y[:-1]
    area = cross.sum() / 2
    return (float(((x[:-1] + x[1:]) * cross).sum() / (6 * area)),
            float(((y[:-1] + y[1:]) * cross).sum() / (6 * area)))


@lru_cache(maxsize=None)
def centroids() -> dict[str, tuple[float, float]]:
    """(lon, lat) of each governorate's centre, where its name is written."""
    return {code: _outer_centroid(path) for code, path in features() if code}


def _base(ax, values: dict | None = None, cmap=None, norm=None) -> PatchCollection:
    """All governorates; with `values` (ISO code → number) shaded by them through `cmap`."""
    codes = [code for code, _ in features()]
    coll = PatchCollection([PathPatch(path) for _, path in features()], edgecolor="#666666",
                           linewidth=0.6, facecolor="#f2f2f2", cmap=cmap, norm=norm)
    coll.set_gid(",".join(c or "" for c in codes))
    if values is not None:
        coll.set_array(np.ma.masked_invalid([values.get(c, 0.0) if c else np.nan for c in codes]))
    ax.add_collection(coll)
    ax.set_xlim(34.9, 42.5)  # room on the sea side for the names of the coastal governorates
    ax.set_ylim(32.2, 37.45)
    ax.set_aspect(ASPECT)
    ax.set_axis_off()
    return coll


def _label(ax, code: str, text: str) -> None:
    """A governorate's name (and number), readable on any shade thanks to a white halo."""
    cx, cy = centroids()[code]
    style = {"fontsize": 7.5, "family": charts.FONT, "ha": "center", "va": "center", "zorder": 4,
             "path_effects": [patheffects.withStroke(linewidth=2.5, foreground="white")]}
    if code in LABEL_AT:
        ax.annotate(charts.shaped(text), (cx, cy), xytext=LABEL_AT[code],
                    arrowprops={"arrowstyle": "-", "color": "#666666", "lw": 0.5}, **style)
    else:
        ax.text(cx, cy, charts.shaped(text), **style)


def choropleth(values: pd.Series, title: str, legend: str, lang: str, cmap: str = "Reds"):
    """Governorates shaded by `values` (indexed by ISO code), each named with its number; `title`
    and the colour bar's `legend` are label keys; the bar has whole-number ticks."""
    values = values[values.index.notna()].groupby(level=0).sum().astype(float)
    fig, (ax,) = charts.figure(*SIZE)
    top = float(values.max()) if len(values) and values.max() > 0 else 1.0
    norm, cm = Normalize(0, top), colormaps[cmap].with_extremes(bad="#e0e0e0")
    _base(ax, values.to_dict(), cm, norm)
    for code in centroids():
        v = values.get(code, 0)
        _label(ax, code, f"{labels.name('governorates', code, lang)}\n{v:,.0f}" if v else
               labels.name("governorates", code, lang))
    bar = fig.colorbar(ScalarMappable(norm, cm), ax=ax, shrink=0.6, location="left" if lang == "ar" else "right")
    bar.locator = MaxNLocator(nbins=5, integer=True)
    bar.formatter = charts.THOUSANDS
    bar.update_ticks()
    bar.set_label(charts.shaped(labels.ui(legend, lang)), family=charts.FONT, fontsize=10)
    charts.title(fig, labels.ui(title, lang))
    return fig


def drawn_values(fig) -> dict[str, float]:
    """The number behind each governorate's shade, as drawn."""
    out = {}
    for ax in fig.axes:
        for coll in ax.collections:
            if isinstance(coll, PatchCollection) and coll.get_array() is not None:
                arr = np.ma.filled(coll.get_array().astype(float), np.nan)
                out.update({c: float(v) for c, v in zip(coll.get_gid().split(","), arr) if c})
    return out


def drawn_points(fig) -> int:
    """How many places the scatter plots of a figure hold."""
    return sum(len(c.get_offsets()) for ax in fig.axes for c in ax.collections
               if not isinstance(c, PatchCollection))


def control_map(facts: pd.DataFrame, lang: str):
    """Places whose control changed: points at their coordinates, coloured by the new controller
    (the side besieging, for sieges); places known only by governorate shade it, with their number."""
    fig, (ax,) = charts.figure(SIZE[0] + 2.5, SIZE[1])  # the legend beside the map
    pts = facts.assign(controller=facts["gained_by"].fillna(facts["lost_by"].where(facts["change"].isin(
        ["besieged", "siege_lifted"]))).fillna("unknown"))
    exact = pts["latitude"].notna() & pts["longitude"].notna()
    by_gov = pts[~exact & pts["admin1"].notna()].groupby("admin1").size().astype(float)
    if len(by_gov):  # light to mid grey: the coloured points stay the eye's first stop
        _base(ax, by_gov.to_dict(), colormaps["Greys"], Normalize(0, float(by_gov.max()) * 2.5))
    else:
        _base(ax)
    for code in centroids():
        n = int(by_gov.get(code, 0))
        text = labels.name("governorates", code, lang)
        _label(ax, code, f"{text} ({n})" if n else text)
    handles = {}
    placed = pts[exact]
    for controller, grp in placed.groupby("controller", sort=False):
        c = charts.color("actors", controller)
        ax.scatter(grp["longitude"].astype(float), grp["latitude"].astype(float), s=45, marker="o", zorder=3,
                   facecolor=c, edgecolor="#333333", linewidths=0.6, alpha=0.9)
        handles[controller] = Line2D([], [], ls="", marker="o", color=c, markeredgecolor="#333333",
                                     label=charts.name("actors", controller, lang))
    if len(by_gov):
        handles["~governorate"] = Patch(facecolor="#bdbdbd", edgecolor="#666666",
                                        label=charts.shaped(labels.ui("governorate_only", lang)))
    if handles:  # beside the map, on the side the page reads towards
        fig.legend(handles=list(handles.values()), prop={"family": charts.FONT, "size": 9}, frameon=False,
                   loc="outside left lower" if lang == "ar" else "outside right lower", markerfirst=lang != "ar")
    charts.title(fig, labels.ui("map_control", lang))
    return fig
