"""The layers of a still on matplotlib axes: uncertainty, corridors, areas, points, names.

Colours, dashes and statuses come from :mod:`geo._symbology` and the kind of each
layer from :func:`geo.maps.layer_kind`, so the still follows the web map's rules.
Circle areas are proportional to ``investment_usd`` (the largest at
:data:`_MAX_AREA_PT2`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import matplotlib as mpl
import numpy as np
import shapely
from matplotlib.collections import LineCollection
from matplotlib.patches import Ellipse

from geo import _symbology as palette
from geo._symbology import is_missing as _missing
from geo.maps import layer_kind, uncertainty_points
from geo.stills._frame import _KM_PER_DEG

#: Marker area (pt²) of the largest investment; area ∝ investment_usd.
_MAX_AREA_PT2 = 900.0
_MIN_AREA_PT2 = 30.0
#: Point layers larger than this are drawn rasterised (also inside an SVG), thinner.
_DENSE_POINTS = 20_000
#: Point layers larger than this get no name labels (they would cover the map).
_MAX_LABELLED = 2_000

View = tuple[float, float, float, float]


@dataclass
class _Drawn:
    """What was drawn, for the legend: only categories present get an entry."""

    modes: set[str] = field(default_factory=set)
    statuses: set[Any] = field(default_factory=set)
    ftypes: set[str] = field(default_factory=set)
    crossings: bool = False
    uncertainty: bool = False
    #: ``geometry_source`` values of the corridors drawn ("gem", "waypoints").
    sources: set[str] = field(default_factory=set)
    #: (lon, lat, name) of the points to label.
    to_label: list[tuple[float, float, str]] = field(default_factory=list)


def _area_pt2(usd: Any, *, max_usd: float) -> float:
    """Marker area (pt²) of an investment: proportional to ``usd``, 36 when unknown."""
    if _missing(usd) or max_usd <= 0:
        return 36.0
    return max(_MIN_AREA_PT2, _MAX_AREA_PT2 * float(usd) / max_usd)


def _col(g: gpd.GeoDataFrame, field: str) -> list[Any]:
    """Column ``field`` as a list (``None`` for each row when the layer has none)."""
    return g[field].tolist() if field in g.columns else [None] * len(g)


def _rows(g: gpd.GeoDataFrame, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    cols = {f: _col(g, f) for f in fields}
    return [{f: cols[f][i] for f in fields} for i in range(len(g))]


def _line_parts(geom: Any) -> list[np.ndarray]:
    """(n, 2) arrays of every line (and polygon outline) in ``geom``."""
    out = []
    for part in shapely.get_parts(geom):
        if part.geom_type in ("LineString", "LinearRing"):
            out.append(np.asarray(part.coords)[:, :2])
        elif part.geom_type == "Polygon":
            out.append(np.asarray(part.exterior.coords)[:, :2])
    return out


def _draw_lines(ax: Any, geom: Any, **kw: Any) -> None:
    for part in shapely.get_parts(geom):
        if part.geom_type in ("LineString", "LinearRing"):
            xy = np.asarray(part.coords)
            ax.plot(xy[:, 0], xy[:, 1], **kw)
        elif part.geom_type == "Polygon":
            _draw_lines(ax, part.exterior, **kw)


def _fill_polygons(ax: Any, geoms: Any, *, color: str, zorder: float) -> None:
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MPath

    for geom in geoms:
        for poly in shapely.get_parts(geom):
            if poly.geom_type != "Polygon" or poly.is_empty:
                continue
            rings = [np.asarray(poly.exterior.coords)[:, :2]]
            rings += [np.asarray(r.coords)[:, :2] for r in poly.interiors]
            verts = np.concatenate(rings)
            codes = np.concatenate(
                [[MPath.MOVETO] + [MPath.LINETO] * (len(r) - 2) + [MPath.CLOSEPOLY] for r in rings]
            )
            ax.add_patch(
                PathPatch(MPath(verts, codes), facecolor=color, edgecolor="none", zorder=zorder)
            )


def _mpl_dash(dash: str | None) -> Any:
    """An SVG dash array (px) as a matplotlib line style (half the length, in points)."""
    if not dash:
        return "solid"
    on_off = tuple(float(v) / 2 for v in dash.split())
    return (0, on_off)


def _draw_layers(
    ax: Any,
    layers: Mapping[str, gpd.GeoDataFrame],
    *,
    view: View,
    max_usd: float,
    labels: bool,
) -> _Drawn:
    """Draw every layer (uncertainty circles first, under everything else).

    Parameters
    ----------
    ax : matplotlib Axes
        In lon/lat degrees (EPSG:4326).
    layers : mapping of str to GeoDataFrame
        Non-empty layers in EPSG:4326, in one band of longitudes.
    view : tuple of float, keyword-only
        (min_lon, min_lat, max_lon, max_lat): only names inside it are labelled.
    max_usd : float, keyword-only
        Investment (US$) drawn at the largest circle.
    labels : bool, keyword-only
        Collect the names of facilities and places to label.

    Returns
    -------
    _Drawn
        What was drawn, for the legend and the labels.
    """
    drawn = _Drawn()
    drawn.uncertainty = _draw_uncertainty(ax, layers)
    for name, g in layers.items():
        kind = layer_kind(name, g)
        keep = g.geometry.notna().to_numpy() & ~g.geometry.is_empty.to_numpy()
        g = g[keep]
        if not len(g):
            continue
        if kind == "corridors":
            _draw_corridors(ax, g, drawn)
        elif kind == "polygons":
            _draw_areas(ax, g, drawn)
        else:
            xy, types = _draw_points(ax, g, kind, drawn, max_usd=max_usd)
            if labels and kind in ("facilities", "places") and len(g) <= _MAX_LABELLED:
                _collect_labels(g, xy, types, view, drawn)
    return drawn


def _draw_uncertainty(ax: Any, layers: Mapping[str, gpd.GeoDataFrame]) -> bool:
    """Dashed circles of :func:`geo.maps.uncertainty_points`; whether any was drawn."""
    colour = palette.UNCERTAINTY_COLOUR
    points = uncertainty_points(layers)
    for lon, lat, unc in points:
        h = unc / _KM_PER_DEG
        w = h / max(math.cos(math.radians(lat)), 0.05)
        ax.add_patch(
            Ellipse(
                (lon, lat),
                2 * w,
                2 * h,
                fill=unc <= 50,
                facecolor=(*mpl.colors.to_rgb(colour), 0.08),
                edgecolor=colour,
                linestyle=(0, (3, 3)),
                linewidth=0.6,
                zorder=2,
            )
        )
    return bool(points)


def _corridor_alpha(status: Any, source: Any) -> float:
    """Opacity of a corridor: faint when drawn through waypoints, fainter when stopped."""
    if source == "waypoints":
        alpha = palette.WAYPOINT_OPACITY
    elif source == "gem":
        alpha = palette.TRACED_OPACITY
    else:  # a layer without the field (older layers, any GeoJSON)
        alpha = 0.95
    return alpha * 0.5 if status in palette.STOPPED_STATUSES else alpha


def _draw_corridors(ax: Any, g: gpd.GeoDataFrame, drawn: _Drawn) -> None:
    """One line collection: colour by mode, dashed by status, faint when not traced."""
    segs, colours, styles, widths = [], [], [], []
    for geom, mode, status, source in zip(
        g.geometry.values,
        [palette.corridor_mode(p) for p in _rows(g, ("mode", "type"))],
        _col(g, "status"),
        _col(g, "geometry_source"),
        strict=True,
    ):
        drawn.modes.add(mode)
        drawn.statuses.add(status)
        if source in palette.GEOMETRY_SOURCES:
            drawn.sources.add(source)
        rgb = mpl.colors.to_rgb(palette.CORRIDOR_COLOURS.get(mode, palette.DEFAULT_COLOUR))
        alpha = _corridor_alpha(status, source)
        for xy in _line_parts(geom):
            segs.append(xy)
            colours.append((*rgb, alpha))
            styles.append(_mpl_dash(palette.dash(status)))
            widths.append(2.2)
    if segs:
        coll = LineCollection(
            segs, colors=colours, linestyles=styles, linewidths=widths,
            capstyle="round", zorder=3,
        )  # fmt: skip
        # The labels keep off corridors by this id (geo.stills._labels).
        coll.set_gid("corridors")
        ax.add_collection(coll)


def _draw_areas(ax: Any, g: gpd.GeoDataFrame, drawn: _Drawn) -> None:
    """Uncertainty areas as dashed outlines, other areas filled."""
    for geom, area_kind in zip(g.geometry.values, _col(g, "area_kind"), strict=True):
        if str(area_kind or "").startswith("uncertainty"):
            drawn.uncertainty = True
            _draw_lines(
                ax, geom, color=palette.UNCERTAINTY_COLOUR, linewidth=0.6,
                linestyle=(0, (3, 3)), zorder=2,
            )  # fmt: skip
        else:
            _fill_polygons(ax, [geom], color="#9e9ac8", zorder=2.5)


def _draw_points(
    ax: Any, g: gpd.GeoDataFrame, kind: str, drawn: _Drawn, *, max_usd: float
) -> tuple[np.ndarray, np.ndarray]:
    """Places, crossings (diamonds) and facilities (circles sized by investment).

    Points are the first vertex of any geometry: one scatter call per layer and
    marker kind, rasterised when dense, so 150,000 points take seconds.  Returns the
    (n, 2) lon/lat array and the ``type`` of each feature as text.
    """
    xy = np.array([shapely.get_coordinates(geom)[0] for geom in g.geometry.values])
    types = np.array([str(v) for v in _col(g, "type")], dtype=object)
    dense = len(g) > _DENSE_POINTS
    is_cross = np.ones(len(g), bool) if kind == "crossings" else types == "border_crossing"
    if kind == "places":
        ax.scatter(
            xy[:, 0], xy[:, 1], s=10, c=palette.PLACE_COLOUR, zorder=5, linewidths=0,
            rasterized=dense,
        )  # fmt: skip
        return xy, types
    if is_cross.any():
        drawn.crossings = True
        ax.scatter(
            xy[is_cross, 0], xy[is_cross, 1], s=60, marker="D", c=palette.CROSSING_COLOUR,
            edgecolors="white", linewidths=0.8, zorder=6, rasterized=dense,
        )  # fmt: skip
    fac = ~is_cross
    if fac.any():
        usd = _col(g, "investment_usd")
        drawn.ftypes.update(types[fac])
        sizes = np.array([_area_pt2(usd[i], max_usd=max_usd) for i in np.flatnonzero(fac)])
        fills = [palette.FACILITY_COLOURS.get(t, palette.DEFAULT_COLOUR) for t in types[fac]]
        edges = ["#333" if _missing(usd[i]) else "white" for i in np.flatnonzero(fac)]
        # Big circles first so small ones stay visible on top.
        order = np.argsort(-sizes, kind="stable")
        ax.scatter(
            xy[fac, 0][order], xy[fac, 1][order], s=sizes[order],
            c=[fills[i] for i in order], edgecolors=[edges[i] for i in order],
            linewidths=0.3 if dense else 0.8, alpha=0.9, zorder=5,
            rasterized=dense,
        )  # fmt: skip
    return xy, types


def _collect_labels(
    g: gpd.GeoDataFrame, xy: np.ndarray, types: np.ndarray, view: View, drawn: _Drawn
) -> None:
    """Names of the points inside ``view`` (not crossings), cut to 36 characters."""
    x0, y0, x1, y1 = view
    for (lon, lat), t, nm in zip(xy, types, _col(g, "name"), strict=True):
        if t == "border_crossing" or _missing(nm):
            continue
        if not (x0 <= lon <= x1 and y0 <= lat <= y1):
            continue
        name_text = str(nm)
        if len(name_text) > 36:
            name_text = name_text[:35] + "…"
        drawn.to_label.append((float(lon), float(lat), name_text))
