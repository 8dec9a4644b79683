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
from matplotlib.patches import Circle

from geo import _symbology as palette
from geo._symbology import is_missing as _missing
from geo.maps import layer_kind, uncertainty_points
from geo.stills._place import LabelRequest
from geo.stills._projection import Projection, scale_factor

#: Marker area (pt²) of the largest investment; area ∝ investment_usd.
_MAX_AREA_PT2 = 900.0
_MIN_AREA_PT2 = 30.0
#: Point layers larger than this are drawn rasterised (also inside an SVG), thinner.
_DENSE_POINTS = 20_000
#: Point layers larger than this get no name labels (they would cover the map).
_MAX_LABELLED = 2_000
#: Marker areas (pt²) of places and crossings.
_PLACE_PT2 = 10.0
_CROSSING_PT2 = 60.0

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
    #: The names to place (markers and corridor lines, in map coordinates).
    to_label: list[LabelRequest] = field(default_factory=list)


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


def _fill_polygons(ax: Any, geoms: Any, *, color: Any, zorder: float) -> None:
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
    lonlat: Mapping[str, gpd.GeoDataFrame],
    projection: Projection,
    view: View,
    max_usd: float,
    labels: bool,
) -> _Drawn:
    """Draw every layer (uncertainty circles first, under everything else).

    Parameters
    ----------
    ax : matplotlib Axes
        In the still's projected metres.
    layers : mapping of str to GeoDataFrame
        Non-empty layers in ``projection``.
    lonlat : mapping of str to GeoDataFrame, keyword-only
        The same layers in EPSG:4326 (for :func:`geo.maps.uncertainty_points`).
    projection : Projection, keyword-only
    view : (x0, y0, x1, y1), keyword-only
        The frame (metres): only what is inside it is named.
    max_usd : float, keyword-only
        Investment (US$) drawn at the largest circle.
    labels : bool, keyword-only
        Collect the names of facilities, crossings, corridors and places to place.

    Returns
    -------
    _Drawn
        What was drawn, for the legend and the labels.
    """
    drawn = _Drawn()
    drawn.uncertainty = _draw_uncertainty(ax, lonlat, projection, view)
    frame = shapely.box(*view)
    for name, g in layers.items():
        kind = layer_kind(name, g)
        keep = g.geometry.notna().to_numpy() & ~g.geometry.is_empty.to_numpy()
        # Only what shows in the frame is drawn, so the legend lists only that.
        keep &= shapely.intersects(g.geometry.values, frame)
        g = g[keep]
        if not len(g):
            continue
        if kind == "corridors":
            _draw_corridors(ax, g, drawn)
            if labels and len(g) <= _MAX_LABELLED:
                _collect_corridor_labels(g, view, drawn)
        elif kind == "polygons":
            _draw_areas(ax, g, drawn, view)
        else:
            xy, types, radii = _draw_points(ax, g, kind, drawn, max_usd=max_usd)
            # The crossings layer is named by its corridors' names, beside the lines.
            if labels and kind in ("facilities", "places") and len(g) <= _MAX_LABELLED:
                _collect_labels(g, xy, types, radii, view, drawn, kind=kind)
    return drawn


#: An uncertainty circle wider than this share of the frame is a vague extent: a faint
#: fill with no outline, so it never dominates the still.
_VAGUE_SHARE = 0.15


def _draw_uncertainty(
    ax: Any, layers: Mapping[str, gpd.GeoDataFrame], projection: Projection, view: View
) -> bool:
    """Circles of :func:`geo.maps.uncertainty_points` (radius in km on the ground, drawn
    in the conformal projection as circles); whether any was drawn."""
    colour = palette.UNCERTAINTY_COLOUR
    points = uncertainty_points(layers)
    if not points:
        return False
    centres = projection.to_map(np.array([(lon, lat) for lon, lat, _u in points]))
    width = view[2] - view[0]
    frame = shapely.box(*view)
    drawn = False
    for (x, y), (lon, lat, unc) in zip(centres, points, strict=True):
        r = unc * 1000.0 * scale_factor(projection, lon, lat)
        vague = 2 * r > _VAGUE_SHARE * width
        circle = shapely.Point(x, y).buffer(r, 16)
        # A circle holding the whole frame says nothing there; one outside it, nothing.
        if circle.contains(frame) or not circle.intersects(frame):
            continue
        drawn = True
        ax.add_patch(
            Circle(
                (x, y), r, fill=unc <= 50 or vague,
                facecolor=(*mpl.colors.to_rgb(colour), 0.04 if vague else 0.08),
                edgecolor="none" if vague else colour,
                linestyle=(0, (3, 3)), linewidth=0.6, zorder=2,
            )
        )  # fmt: skip
    return drawn


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


def _draw_areas(ax: Any, g: gpd.GeoDataFrame, drawn: _Drawn, view: View) -> None:
    """Vague regions as faint extents (a light fill, a thin dotted edge), other areas filled."""
    frame = shapely.box(*view)
    for geom, area_kind in zip(g.geometry.values, _col(g, "area_kind"), strict=True):
        if str(area_kind or "").startswith("uncertainty"):
            if geom.contains(frame):
                continue
            drawn.uncertainty = True
            part = geom.intersection(frame)
            rgb = mpl.colors.to_rgb(palette.UNCERTAINTY_COLOUR)
            _fill_polygons(ax, [part], color=(*rgb, 0.03), zorder=1.9)  # type: ignore[arg-type]
            _draw_lines(
                ax, part, color=(*rgb, 0.35), linewidth=0.4, linestyle=(0, (1, 2)), zorder=2,
            )  # fmt: skip
        else:
            _fill_polygons(ax, [geom], color="#9e9ac8", zorder=2.5)


def _draw_points(
    ax: Any, g: gpd.GeoDataFrame, kind: str, drawn: _Drawn, *, max_usd: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Places, crossings (diamonds) and facilities (circles sized by investment).

    Points are the first vertex of any geometry: one scatter call per layer and
    marker kind, rasterised when dense, so 150,000 points take seconds.  Returns the
    (n, 2) coordinates, the ``type`` of each feature as text, and each marker's
    radius in points.
    """
    xy = np.array([shapely.get_coordinates(geom)[0] for geom in g.geometry.values])
    types = np.array([str(v) for v in _col(g, "type")], dtype=object)
    radii = np.zeros(len(g))
    dense = len(g) > _DENSE_POINTS
    is_cross = np.ones(len(g), bool) if kind == "crossings" else types == "border_crossing"
    if kind == "places":
        ax.scatter(
            xy[:, 0], xy[:, 1], s=_PLACE_PT2, c=palette.PLACE_COLOUR, zorder=5, linewidths=0,
            rasterized=dense,
        )  # fmt: skip
        return xy, types, radii + math.sqrt(_PLACE_PT2) / 2
    if is_cross.any():
        drawn.crossings = True
        ax.scatter(
            xy[is_cross, 0], xy[is_cross, 1], s=_CROSSING_PT2, marker="D",
            c=palette.CROSSING_COLOUR, edgecolors="white", linewidths=0.8, zorder=6,
            rasterized=dense,
        )  # fmt: skip
        radii[is_cross] = math.sqrt(_CROSSING_PT2) / 2
    fac = ~is_cross
    if fac.any():
        usd = _col(g, "investment_usd")
        drawn.ftypes.update(types[fac])
        sizes = np.array([_area_pt2(usd[i], max_usd=max_usd) for i in np.flatnonzero(fac)])
        radii[fac] = np.sqrt(sizes) / 2
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
    return xy, types, radii


def _in_view(view: View, x: float, y: float) -> bool:
    return view[0] <= x <= view[2] and view[1] <= y <= view[3]


def _collect_labels(
    g: gpd.GeoDataFrame, xy: np.ndarray, types: np.ndarray, radii: np.ndarray, view: View,
    drawn: _Drawn, *, kind: str,
) -> None:  # fmt: skip
    """Names of the facilities (border crossings among them) and places inside ``view``."""
    for (x, y), t, r, nm in zip(xy, types, radii, _col(g, "name"), strict=True):
        if _missing(nm) or not _in_view(view, x, y):
            continue
        what = "place" if kind == "places" else "crossing" if t == "border_crossing" else "facility"
        drawn.to_label.append(LabelRequest(str(nm), what, np.array([[x, y]]), float(r)))


def _collect_corridor_labels(g: gpd.GeoDataFrame, view: View, drawn: _Drawn) -> None:
    """Each corridor's name, to sit beside its line (or its crossing) in ``view``."""
    frame = shapely.box(*view)
    for geom, nm in zip(g.geometry.values, _col(g, "name"), strict=True):
        if _missing(nm):
            continue
        parts = [
            p
            for p in shapely.get_parts(geom.intersection(frame))
            if p.geom_type == "LineString" and not p.is_empty
        ]
        if not parts:
            continue
        longest = max(parts, key=lambda p: p.length)
        drawn.to_label.append(LabelRequest(str(nm), "corridor", np.asarray(longest.coords)[:, :2]))
