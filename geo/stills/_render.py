"""Stills for reports: the web map's content as a PNG or SVG, drawn with matplotlib.

:func:`render_still` frames the view (:mod:`geo.stills._frame`), draws the layers
(:mod:`geo.stills._draw`) and the legend (:mod:`geo.stills._legend`), and writes the
file atomically and deterministically (no dates or software versions inside).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import matplotlib as mpl
from matplotlib.figure import Figure

from geo import _symbology as palette
from geo._io import atomic_path
from geo.errors import LayerError
from geo.maps import display_layers, layer_max_usd
from geo.reference import GEM_ATTRIBUTION
from geo.stills._basemap import draw_basemap
from geo.stills._draw import _draw_layers
from geo.stills._frame import (
    _decorate,
    _extent,
    _font_family,
    _lon_label,
)
from geo.stills._labels import LabelCounts, place_labels
from geo.stills._legend import _add_legends

__all__ = ["Still", "draw_still", "render_still"]

_FORMATS = ("png", "svg")
#: The map's axes in the figure (left, bottom, width, height): the legend to the right,
#: the title above, tick labels and two lines of credits below.
_AXES = (0.06, 0.10, 0.62, 0.82)


@dataclass
class Still:
    """A still drawn but not yet written (:func:`draw_still`).

    Attributes
    ----------
    figure : matplotlib Figure
        Its artists carry ids for what they show: ``basemap-land``, ``basemap-rivers``,
        ``basemap-city`` / ``-river`` / ``-lake`` / ``-sea`` (names), ``label``
        (infrastructure names), ``corridors``, ``credits``.
    attribution : list of str
        The credit lines of the data sources drawn (Natural Earth, GEM when a traced
        route is drawn).
    labels : LabelCounts
        Names written and names left out because they would cover another, by kind.
    zoom : float
        The web map zoom whose detail the still shows (:func:`geo.stills._basemap.still_zoom`).
    """

    figure: Figure
    attribution: list[str]
    labels: LabelCounts
    zoom: float | None


def draw_still(
    layers: Mapping[str, gpd.GeoDataFrame],
    *,
    title: str = "Cross-border infrastructure",
    dpi: int = 300,
    width_in: float = 8.0,
    basemap: bool = True,
    labels: bool = True,
) -> Still:
    """Draw ``layers`` as a still without writing it (see :func:`render_still`).

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        As for :func:`geo.maps.make_map` (any CRS; drawn in lon/lat, EPSG:4326).
    title, dpi, width_in, basemap, labels
        As for :func:`render_still`.

    Returns
    -------
    Still

    Raises
    ------
    geo.errors.LayerError
        When every layer is empty.
    """
    # Data across ±180° in one continuous band of longitudes, as on the web.
    present, _west = display_layers(layers)
    view = _extent(present)
    x0, y0, x1, y1 = view
    mid_lat = (y0 + y1) / 2
    aspect = 1 / max(math.cos(math.radians(mid_lat)), 0.05)
    height_in = width_in * _AXES[2] * (y1 - y0) * aspect / (x1 - x0) / _AXES[3]

    with mpl.rc_context(_rc_params()):
        fig = Figure(figsize=(width_in, height_in), dpi=dpi)
        ax = _map_axes(fig, view, aspect=aspect)
        base = draw_basemap(ax, view, axes_width_in=width_in * _AXES[2]) if basemap else None
        attribution = list(base.attribution) if base else []
        max_usd = max((layer_max_usd(g) for g in present.values()), default=0.0)
        drawn = _draw_layers(ax, present, view=view, max_usd=max_usd, labels=labels)
        if "gem" in drawn.sources:
            attribution.append(GEM_ATTRIBUTION)
        _add_legends(ax, drawn, max_usd=max_usd, places="places" in present)
        # Scale bar and north arrow first, so names keep off them.
        _decorate(fig, ax, view, title=title, attribution=attribution)
        counts = place_labels(ax, fig, drawn.to_label, base.labels if (base and labels) else [])
    return Still(fig, attribution, counts, base.zoom if base else None)


def render_still(
    layers: Mapping[str, gpd.GeoDataFrame],
    path: Path | str,
    *,
    title: str = "Cross-border infrastructure",
    dpi: int = 300,
    width_in: float = 8.0,
    basemap: bool = True,
    labels: bool = True,
) -> Path:
    """Draw ``layers`` as a print-ready still and write it atomically.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        As for :func:`geo.maps.make_map` (any CRS; drawn in lon/lat, EPSG:4326).
    path : Path or str
        Target file; ``.png`` (raster, ``dpi``) or ``.svg`` (vector).
    title : str, keyword-only
        Printed above the map.
    dpi : int, keyword-only
        Resolution of a PNG (300 = print).
    width_in : float, keyword-only
        Figure width in inches (8 in × 300 dpi = 2,400 px).
    basemap : bool, keyword-only
        Draw the Natural Earth basemap: land, sea, country and admin-1 borders,
        rivers and lakes, and the names of cities, rivers, lakes and seas that fit.
    labels : bool, keyword-only
        Write the names of facilities and places in view, and the basemap's names.

    Returns
    -------
    Path

    Raises
    ------
    geo.errors.LayerError
        When ``path`` has another suffix or every layer is empty.
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in _FORMATS:
        raise LayerError(f"{path}: a still is .png or .svg, not {path.suffix!r}")
    still = draw_still(
        layers, title=title, dpi=dpi, width_in=width_in, basemap=basemap, labels=labels
    )
    # No date or software version inside, so equal input gives equal bytes.
    metadata: dict[str, Any] = (
        {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
    )
    with mpl.rc_context(_rc_params()), atomic_path(path) as tmp:
        still.figure.savefig(tmp, format=fmt, dpi=dpi, metadata=metadata)
    return path


def _rc_params() -> dict[str, Any]:
    """matplotlib settings of every still: fixed SVG ids, fonts with CJK fallback."""
    return {
        "svg.hashsalt": "geo-still",
        # A list of families (not the "sans-serif" alias) so glyphs fall back.
        "font.family": _font_family(),
        "font.size": 8,
        "svg.fonttype": "none",
        "path.simplify": True,
        # Names are data: a "$" in a name must not switch to math mode.
        "text.parse_math": False,
    }


def _map_axes(fig: Figure, view: tuple[float, float, float, float], *, aspect: float) -> Any:
    """Axes on the left 62 % of ``fig`` (the legend to its right hides no data)."""
    x0, y0, x1, y1 = view
    ax = fig.add_axes(_AXES)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(aspect)
    ax.set_facecolor(palette.BASEMAP_SEA)
    ax.tick_params(labelsize=6, length=2)
    ax.xaxis.set_major_formatter(lambda v, _p: _lon_label(v))
    ax.yaxis.set_major_formatter(lambda v, _p: f"{v:g}°N" if v >= 0 else f"{-v:g}°S")
    ax.grid(color="#ffffff", linewidth=0.3, alpha=0.6, zorder=0.5)
    return ax
