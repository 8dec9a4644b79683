"""Stills for reports: :func:`draw_still`, :func:`render_still` and :func:`render_stills`.

A still is drawn at its print size (:mod:`geo.stills._layout`) in a projection chosen
from its extent (:mod:`geo.stills._projection`): the basemap (:mod:`geo.stills._basemap`),
the layers (:mod:`geo.stills._draw`), the legend (:mod:`geo.stills._legend`), the names
(:mod:`geo.stills._labels`), then scale bar, north arrow and credits
(:mod:`geo.stills._frame`).  Where markers crowd (:mod:`geo.stills._detail`) the overview
marks a lettered detail frame and :func:`render_stills` draws that frame as a detail
still with a locator inset.  Files are written atomically and deterministically (no
dates or software versions inside).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import geopandas as gpd
import matplotlib as mpl
import numpy as np
import shapely
from matplotlib.figure import Figure

from geo import _symbology as palette
from geo._io import atomic_path
from geo.errors import LayerError
from geo.maps import display_layers, layer_max_usd, url_items, view_layers
from geo.reference import GEM_ATTRIBUTION
from geo.stills._basemap import draw_basemap
from geo.stills._detail import DetailFrame, draw_detail_marks, draw_locator, find_details
from geo.stills._draw import _draw_layers
from geo.stills._frame import _decorate, _font_family
from geo.stills._labels import place_labels
from geo.stills._layout import MIN_FONT_PT, Layout, layout
from geo.stills._legend import _add_legends
from geo.stills._place import LabelResult
from geo.stills._projection import (
    Bounds,
    Projection,
    choose_projection,
    fit_frame,
    frame_lonlat,
)

__all__ = ["Still", "draw_still", "render_still", "render_stills"]

_FORMATS = ("png", "svg", "pdf")
#: The most source domains named in the credits (the rest are counted).
_MAX_SOURCES = 8
#: Levels of detail stills (a detail of a detail at most).
_MAX_DEPTH = 2


@dataclass
class Still:
    """A still drawn but not yet written (:func:`draw_still`).

    Attributes
    ----------
    figure : matplotlib Figure
        At print size. Its artists carry ids: ``basemap-land``, ``basemap-rivers``,
        ``basemap-city`` / ``-river`` / ``-lake`` / ``-sea`` (names), ``label`` and
        ``label-key`` (infrastructure names and key numbers), ``leader``,
        ``corridors``, ``scale-bar``, ``credits``, ``detail-frame``, ``locator``.
    attribution : list of str
        The credit lines: Natural Earth, GEM when a traced route is drawn, the records'
        sources; the projection's name follows them on the still.
    labels : LabelResult
        The names placed (with their artists), the key, the names left to a detail.
    zoom : float or None
        The web map zoom whose basemap detail the still shows.
    projection : Projection
    frame : (x0, y0, x1, y1)
        The map's frame in projected metres.
    details : list of DetailFrame
        The detail frames marked on this still (empty on a detail still).
    """

    figure: Figure
    attribution: list[str]
    labels: LabelResult
    zoom: float | None
    projection: Projection
    frame: Bounds
    details: list[DetailFrame] = field(default_factory=list)


def _frame_for(
    lay: Layout, *, extent: Bounds | None, layers: Mapping[str, gpd.GeoDataFrame]
) -> tuple[Projection, Bounds]:
    """The projection and frame (metres) of a still: of ``extent``, or of the layers'
    features that matter (:func:`geo.maps.view_layers`)."""
    if extent is not None:
        x0, y0, x1, y1 = extent
        if not (x0 < x1 and y0 < y1 and y0 >= -90 and y1 <= 90):
            raise ValueError(f"extent {extent!r} is not (min_lon, min_lat, max_lon, max_lat)")
        projection = choose_projection(extent)
        t = np.linspace(0, 1, 32)
        outline = np.concatenate([
            np.column_stack([x0 + (x1 - x0) * t, np.full(32, y0)]),
            np.column_stack([x0 + (x1 - x0) * t, np.full(32, y1)]),
            np.column_stack([np.full(32, x0), y0 + (y1 - y0) * t]),
            np.column_stack([np.full(32, x1), y0 + (y1 - y0) * t]),
        ])  # fmt: skip
        return projection, fit_frame([projection.to_map(outline)], aspect=lay.map_aspect, pad=0.0)
    xy = _lonlat(view_layers(layers))
    if not len(xy):
        # the first-view layers may hold only missing geometries where others are drawn
        xy = _lonlat(layers.values())
    if not len(xy):
        raise LayerError(
            f"nothing to draw: no feature of {', '.join(sorted(layers))} has a geometry "
            "(give each feature a geometry to draw it)"
        )
    bounds = (*xy.min(axis=0), *xy.max(axis=0))
    projection = choose_projection(bounds)  # type: ignore[arg-type]
    return projection, fit_frame([projection.to_map(xy)], aspect=lay.map_aspect)


def _lonlat(gdfs: Iterable[gpd.GeoDataFrame]) -> np.ndarray:
    """The finite vertices of ``gdfs`` (already EPSG:4326: :func:`geo.maps.display_layers`)."""
    coords = [shapely.get_coordinates(g.geometry.values) for g in gdfs]
    xy = np.concatenate(coords) if coords else np.empty((0, 2))
    return xy[np.isfinite(xy).all(axis=1)]


def draw_still(
    layers: Mapping[str, gpd.GeoDataFrame],
    *,
    title: str = "Cross-border infrastructure",
    size: str = "a4-landscape",
    extent: Bounds | None = None,
    dpi: int = 300,
    basemap: bool = True,
    labels: bool = True,
    details: bool = False,
    locator: tuple[Projection, Bounds, Bounds] | None = None,
    prefix: str = "",
) -> Still:
    """Draw ``layers`` as a still at print size without writing it.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        As for :func:`geo.maps.make_map` (any CRS).
    title, size, extent, dpi, basemap, labels
        As for :func:`render_still`.
    details : bool, keyword-only
        Find crowded clusters (:func:`geo.stills._detail.find_details`), mark each
        with a lettered frame and leave its names to a detail still.
    locator : (Projection, frame, detail outline) or None, keyword-only
        Draw a locator inset: the overview's projection and frame (metres) and this
        still's outline in lon/lat bounds.
    prefix : str, keyword-only
        Put before the letters of this still's detail frames (``"A"`` → A1, A2).

    Returns
    -------
    Still

    Raises
    ------
    geo.errors.LayerError
        When every layer is empty or no feature has a geometry.
    ValueError
        When ``size`` or ``extent`` is not valid.
    """
    lay = layout(size)
    present, _west = display_layers(layers)
    if not present:
        raise LayerError("nothing to draw: every layer given to the still is empty")
    projection, frame = _frame_for(lay, extent=extent, layers=present)
    projected = {n: g.to_crs(projection.crs) for n, g in present.items()}
    view = frame_lonlat(projection, frame)
    with mpl.rc_context(_rc_params()):
        fig = Figure(figsize=lay.fig_in, dpi=dpi)
        ax = _map_axes(fig, lay, frame)
        map_w_in = lay.map_mm[2] / 25.4
        base = (
            draw_basemap(ax, view, frame=frame, projection=projection, axes_width_in=map_w_in)
            if basemap
            else None
        )
        attribution = list(base.attribution) if base else []
        max_usd = max((layer_max_usd(g) for g in present.values()), default=0.0)
        drawn = _draw_layers(
            ax, projected, lonlat=present, projection=projection, view=frame,
            max_usd=max_usd, labels=labels,
        )  # fmt: skip
        if "gem" in drawn.sources:
            attribution.append(GEM_ATTRIBUTION)
        attribution.extend(_record_sources(present))
        marks = (
            find_details(ax, drawn.to_label, lay, projection, prefix=prefix)
            if details and labels
            else []
        )
        defer = draw_detail_marks(ax, marks, projection)
        if locator is not None:
            draw_locator(fig, ax, lay, locator, drawn.to_label)
        _decorate(
            fig, ax, projection=projection, frame=frame, title=title, title_pt=lay.title_pt,
            credits=attribution, credits_chars=lay.credits_chars,
        )  # fmt: skip
        result = place_labels(
            ax, fig, drawn.to_label, base.labels if (base and labels) else [], defer=defer
        )
        _add_legends(fig, ax, drawn, lay, max_usd=max_usd, places="places" in present,
                     key=result.key, deferred=result.deferred, marks=marks)  # fmt: skip
    return Still(fig, attribution, result, base.zoom if base else None, projection, frame, marks)


def _record_sources(layers: Mapping[str, gpd.GeoDataFrame]) -> list[str]:
    """One credit line naming the web sites the records cite, most cited first."""
    hosts: Counter[str] = Counter()
    for g in layers.values():
        if "source_urls" not in g.columns:
            continue
        for value in g["source_urls"]:
            for url in url_items(value):  # the popup's reader: lists, JSON text, bad JSON
                host = urlsplit(str(url)).hostname or ""
                if host:
                    hosts[host.removeprefix("www.")] += 1
    if not hosts:
        return []
    top = [h for h, _n in sorted(hosts.items(), key=lambda kv: (-kv[1], kv[0]))[:_MAX_SOURCES]]
    more = len(hosts) - len(top)
    tail = f" and {more} more" if more else ""
    return [
        f"Records: sourced project records citing {', '.join(top)}{tail} "
        "(each feature's source_urls in the layers)"
    ]


def render_still(
    layers: Mapping[str, gpd.GeoDataFrame],
    path: Path | str,
    *,
    title: str = "Cross-border infrastructure",
    size: str = "a4-landscape",
    extent: Bounds | None = None,
    dpi: int = 300,
    basemap: bool = True,
    labels: bool = True,
) -> Path:
    """Draw ``layers`` as one print-ready still (no detail frames) and write it atomically.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        As for :func:`geo.maps.make_map` (any CRS).
    path : Path or str
        Target file: ``.png`` (raster at ``dpi``), ``.svg`` (vector, text kept as
        text) or ``.pdf`` (vector).
    title : str, keyword-only
        Printed above the map.
    size : {"a4-landscape", "a4-portrait", "column"}, keyword-only
        Print size: A4 less 10 mm margins, or one 85 mm journal column.
    extent : (min_lon, min_lat, max_lon, max_lat) or None, keyword-only
        The area to show (degrees); None: the features that matter.
    dpi : int, keyword-only
        Resolution of a PNG (300 = print).
    basemap : bool, keyword-only
        Draw the Natural Earth basemap and name its cities, rivers, lakes and seas.
    labels : bool, keyword-only
        Write the names of facilities, crossings, corridors and places.

    Returns
    -------
    Path

    Raises
    ------
    geo.errors.LayerError
        When ``path`` has another suffix or every layer is empty.
    ValueError
        When ``size`` or ``extent`` is not valid.
    """
    path = Path(path)
    _format(path)
    still = draw_still(layers, title=title, size=size, extent=extent, dpi=dpi,
                       basemap=basemap, labels=labels)  # fmt: skip
    _save(still, path, dpi=dpi)
    return path


def render_stills(
    layers: Mapping[str, gpd.GeoDataFrame],
    paths: Sequence[Path | str],
    *,
    title: str = "Cross-border infrastructure",
    size: str = "a4-landscape",
    extent: Bounds | None = None,
    dpi: int = 300,
    detail_formats: Sequence[str] = ("png",),
) -> list[Path]:
    """The overview still (one file per path, drawn once) and a detail still per cluster.

    Crowded clusters of markers are marked on the overview with a lettered frame
    and drawn on their own: ``<stem>-detail-<letter>.<fmt>`` beside the first path,
    with a locator inset showing where they lie on the overview.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
    paths : sequence of Path or str
        The overview's files (``.png``, ``.svg``, ``.pdf``), e.g. ``maps/index.png``.
    title, size, extent, dpi
        As for :func:`render_still`.
    detail_formats : sequence of str, keyword-only
        Formats written of each detail still.

    Returns
    -------
    list of Path
        The overview's files, then the details'.
    """
    paths = [Path(p) for p in paths]
    for p in paths:
        _format(p)
    for fmt in detail_formats:
        _format(Path(f"x.{fmt}"))
    overview = draw_still(layers, title=title, size=size, extent=extent, dpi=dpi, details=True)
    for p in paths:
        _save(overview, p, dpi=dpi)
    out = list(paths)
    # A detail may itself be crowded at its scale (a journal column): it gets details
    # of its own, lettered A1, A2, down to _MAX_DEPTH levels.
    todo = [(overview, mark, 1) for mark in overview.details]
    while todo:
        parent, mark, depth = todo.pop(0)
        detail = draw_still(
            layers, title=f"{title}: detail {mark.letter}", size=size, extent=mark.bounds,
            dpi=dpi, details=depth < _MAX_DEPTH, prefix=mark.letter,
            locator=(parent.projection, parent.frame, mark.bounds),
        )  # fmt: skip
        todo += [(detail, sub, depth + 1) for sub in detail.details]
        for fmt in detail_formats:
            target = paths[0].with_name(f"{paths[0].stem}-detail-{mark.letter.lower()}.{fmt}")
            _save(detail, target, dpi=dpi)
            out.append(target)
    return out


def _format(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in _FORMATS:
        raise LayerError(f"{path}: a still is .png, .svg or .pdf, not {path.suffix!r}")
    return fmt


def _save(still: Still, path: Path, *, dpi: int) -> None:
    """Write ``still`` atomically; no date or software version inside (equal bytes)."""
    fmt = _format(path)
    metadata: dict[str, Any] = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "Creator": None, "Producer": None},
    }[fmt]
    with mpl.rc_context(_rc_params()), atomic_path(path) as tmp:
        still.figure.savefig(tmp, format=fmt, dpi=dpi, metadata=metadata)


def _rc_params() -> dict[str, Any]:
    """matplotlib settings of every still: fixed SVG ids, fonts with CJK fallback."""
    return {
        "svg.hashsalt": "geo-still",
        # A list of families (not the "sans-serif" alias) so glyphs fall back.
        "font.family": _font_family(),
        "font.size": MIN_FONT_PT,
        "svg.fonttype": "none",
        # Text in a PDF as text (TrueType), so it can be searched and edited.
        "pdf.fonttype": 42,
        "path.simplify": True,
        # Names are data: a "$" in a name must not switch to math mode.
        "text.parse_math": False,
    }


def _map_axes(fig: Figure, lay: Layout, frame: Bounds) -> Any:
    """The map's axes at its place on the page, in projected metres, no ticks."""
    x0, y0, x1, y1 = frame
    ax = fig.add_axes(lay.fig_fraction(lay.map_mm))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_facecolor(palette.BASEMAP_SEA)
    ax.set_xticks([])
    ax.set_yticks([])
    return ax
