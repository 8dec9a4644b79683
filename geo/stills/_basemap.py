"""The still's reference basemap: land on sea, borders, rivers, lakes and the names to place.

Everything comes from :func:`geo.reference.load_layer` (Natural Earth 1:10m, public
domain): the detail files inside :data:`geo.reference.DETAIL_BOX` (so river borders
such as the Tumen at Khasan stay on land), the world overview outside it.  What is
drawn and named depends on the still's scale (:func:`still_zoom`), like the web map
at a zoom level, and every colour is a ``BASEMAP_*`` of :mod:`geo._symbology`: faint,
so the infrastructure stands out.  Names are only collected here; where they go (or
whether they fit) is decided in :mod:`geo.stills._labels`, after the infrastructure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.collections import LineCollection
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MPath

from geo import _symbology as palette
from geo.reference import DETAIL_BOX, NE_ATTRIBUTION, load_layer
from geo.stills._projection import Projection

View = tuple[float, float, float, float]

#: The still's zoom is the web map's zoom showing the same frame at the still's printed
#: pixel width (300 dpi) plus this: a still cannot be zoomed into, and its 5–6 pt labels
#: are placed with collision checks, so it carries two web zoom steps more detail.
_ZOOM_BONUS = 2.0
_PRINT_DPI = 300
#: Seas and lakes are named when their Natural Earth ``scalerank`` is at most the zoom
#: minus this (lakes are drawn from their ``min_zoom``, named only when this big).
_SEA_RANK_OFFSET = 2.0
_LAKE_RANK_OFFSET = 3.0
#: Line width (pt) of a river by ``scalerank`` (big rivers 1–3, small ones 8–10).
_RIVER_WIDTH_PT = {3: 0.7, 6: 0.5, 8: 0.35}


@dataclass
class BasemapLabel:
    """A name the basemap would like written, placed later if it fits.

    Attributes
    ----------
    kind : {"city", "river", "lake", "sea"}
    text : str
        Natural Earth's English name (e.g. ``"Mudangiang"``, its spelling of Mudanjiang).
    rank : float
        Lower is placed first (bigger cities, longer rivers).
    lonlat : (n, 2) array
        A city's or lake's or sea's anchor (one row), or a river's longest line in view.
    """

    kind: str
    text: str
    rank: float
    lonlat: np.ndarray


@dataclass
class DrawnBasemap:
    """What the basemap drew: its credit lines and the names it wants placed."""

    attribution: list[str] = field(default_factory=list)
    labels: list[BasemapLabel] = field(default_factory=list)
    zoom: float = 0.0
    city_min_pop: int = 0


def still_zoom(view: View, *, axes_width_in: float) -> float:
    """The web map zoom level whose detail the still shows, from its frame and size.

    Parameters
    ----------
    view : (min_lon, min_lat, max_lon, max_lat)
        The frame, degrees.
    axes_width_in : float, keyword-only
        Printed width of the map (inches).

    Returns
    -------
    float
        ``log2(px · 360 / (256 · span_lon)) + 2`` with ``px`` the map's width at
        300 dpi: about 6.4 for the seed still (100° wide, 5 in), 9.7 for 10°.
    """
    span = max(view[2] - view[0], 1e-6)
    px = axes_width_in * _PRINT_DPI
    return math.log2(px * 360.0 / (256.0 * span)) + _ZOOM_BONUS


def city_min_population(zoom: float) -> int:
    """Smallest population labelled at ``zoom``: :data:`CITY_MIN_POP_BY_ZOOM`, clamped."""
    table = palette.CITY_MIN_POP_BY_ZOOM
    z = min(max(math.floor(zoom), min(table)), max(table))
    return table[z]


def draw_basemap(
    ax: Any, view: View, *, frame: View, projection: Projection, axes_width_in: float
) -> DrawnBasemap:
    """Draw sea, land, admin-1 and country borders, lakes and rivers under ``frame``.

    Parameters
    ----------
    ax : matplotlib Axes
        In ``projection``'s metres; its face is painted :data:`BASEMAP_SEA`.
    view : (min_lon, min_lat, max_lon, max_lat)
        The lon/lat bounds of the frame, in one band of longitudes (may pass ±180°).
    frame : (x0, y0, x1, y1), keyword-only
        The frame in metres: everything is clipped to it.
    projection : Projection, keyword-only
    axes_width_in : float, keyword-only
        Printed width of the map (inches), for :func:`still_zoom`.

    Returns
    -------
    DrawnBasemap
        The Natural Earth credit line and the names to place (map coordinates).
    """
    zoom = still_zoom(view, axes_width_in=axes_width_in)
    out = DrawnBasemap(attribution=[NE_ATTRIBUTION], zoom=zoom)
    ax.set_facecolor(palette.BASEMAP_SEA)
    # Half a printed pixel at 300 dpi: finer detail is invisible and only swells an SVG.
    tol = (frame[2] - frame[0]) / (axes_width_in * _PRINT_DPI) / 2
    clip = shapely.box(*frame).buffer((frame[2] - frame[0]) * 0.02)

    def proj(geoms: Any) -> Any:
        moved = shapely.transform(np.asarray(geoms), projection.to_map)
        return shapely.simplify(shapely.intersection(moved, clip), tol)

    admin0 = _scaled("admin0", view)
    # One union before simplifying, so neighbouring countries leave no sliver of sea.
    land = shapely.union_all([g for part in admin0 for g in part.geometry.values])
    _fill(ax, [proj([land])[0]], palette.BASEMAP_LAND, gid="basemap-land", zorder=1)
    lakes = _by_zoom(_concat(_scaled("lakes", view)), zoom)
    lakes = lakes.set_geometry(proj(lakes.geometry.values), crs=None) if len(lakes) else lakes
    _fill(ax, lakes.geometry.values, palette.BASEMAP_LAKE, gid="basemap-lakes", zorder=1.1)
    admin1 = [proj(_borders(p, 0.0)) for p in _scaled("admin1", view)]
    _stroke(ax, admin1, palette.BASEMAP_ADMIN1_BORDER, width_pt=0.35, gid="basemap-admin1",
            zorder=1.2)  # fmt: skip
    rivers = _by_zoom(_concat(_scaled("rivers", view)), zoom)
    if len(rivers):
        rivers = rivers.set_geometry(proj(rivers.geometry.values), crs=None)
    _draw_rivers(ax, rivers)
    _stroke(ax, [proj(_borders(p, 0.0)) for p in admin0], palette.BASEMAP_COUNTRY_BORDER,
            width_pt=0.6, gid="basemap-admin0", zorder=1.4)  # fmt: skip
    out.city_min_pop = city_min_population(zoom)
    seas = _seas(view, zoom)
    if len(seas):
        seas = seas.set_geometry(proj(seas.geometry.values), crs=None)
    out.labels = [
        *_city_labels(view, out.city_min_pop, projection, frame),
        *_river_labels(rivers, frame),
        *_area_labels(_ranked(lakes, zoom - _LAKE_RANK_OFFSET), frame, "lake"),
        *_area_labels(seas, frame, "sea"),
    ]
    return out


# --- loading: detail inside the NE Asia box, overview outside it, any band of longitude ---


def _load(name: str, view: View, *, detail: str) -> gpd.GeoDataFrame:
    """``name`` around ``view``; parts of the view past ±180° read shifted by 360°."""
    frames = []
    for shift in (-360.0, 0.0, 360.0):
        x0, x1 = max(view[0] - shift, -180.0), min(view[2] - shift, 180.0)
        if x0 >= x1:
            continue
        g = load_layer(name, bbox=(x0, view[1], x1, view[3]), detail=detail)
        if shift and len(g):
            g = g.set_geometry(
                shapely.transform(g.geometry.values, lambda xy, s=shift: xy + np.array([s, 0.0]))
            )
        frames.append(g)
    return _concat(frames)


def _concat(frames: list[gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return gpd.GeoDataFrame({"name": []}, geometry=[], crs=4326)
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=4326)


def _scaled(name: str, view: View) -> list[gpd.GeoDataFrame]:
    """``name`` as one frame per scale: detail inside DETAIL_BOX, overview outside.

    Kept apart so borders are found within one scale (their edges coincide there);
    each part is cut at the box edge so the two never overlap.
    """
    box = shapely.box(*DETAIL_BOX)
    frame = shapely.box(*view)
    inside = frame.intersection(box)
    if inside.equals(frame):
        return [_load(name, view, detail="detail")]
    parts = [_load(name, view, detail="overview")]
    parts[0] = _clip(parts[0], frame.difference(box))
    if inside.area > 0:
        parts.append(_clip(_load(name, inside.bounds, detail="detail"), inside))
    return parts


def _clip(g: gpd.GeoDataFrame, area: Any) -> gpd.GeoDataFrame:
    if not len(g):
        return g
    geoms = shapely.intersection(g.geometry.values, area)
    keep = ~shapely.is_empty(geoms)
    return g[keep].set_geometry(geoms[keep])


def _by_zoom(g: gpd.GeoDataFrame, zoom: float) -> gpd.GeoDataFrame:
    """Features Natural Earth shows at ``zoom`` (its ``min_zoom``; all when absent)."""
    if "min_zoom" not in g.columns or not len(g):
        return g
    return g[g["min_zoom"].fillna(0).to_numpy() <= zoom]


def _borders(g: gpd.GeoDataFrame, tol: float) -> list[Any]:
    """The lines two polygons of ``g`` share (land borders, not coasts), simplified
    by ``tol`` degrees once found (the shared edges are exact only before)."""
    geoms = g.geometry.values
    if len(geoms) < 2:
        return []
    i, j = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pair = i < j
    if "adm0_a3" in g.columns and "iso_3166_2" not in g.columns:
        # Two pieces of one country (cut at the detail box) share no border.
        codes = g["adm0_a3"].to_numpy()
        pair &= codes[i] != codes[j]
    shared = shapely.intersection(
        shapely.boundary(geoms[i[pair]]), shapely.boundary(geoms[j[pair]])
    )
    lines = [p for p in shapely.get_parts(shared) if p.geom_type == "LineString"]
    return [shapely.simplify(p, tol) for p in lines] if tol else lines


# --- drawing ---


def _fill(ax: Any, geoms: Any, colour: str, *, gid: str, zorder: float) -> None:
    """All polygons of ``geoms`` as one patch (rings oriented, so holes stay holes)."""
    verts, codes = [], []
    for geom in geoms:
        for poly in shapely.get_parts(geom):
            if poly.geom_type != "Polygon" or poly.is_empty:
                continue
            poly = shapely.geometry.polygon.orient(poly, 1.0)
            for ring in (poly.exterior, *poly.interiors):
                xy = np.asarray(ring.coords)[:, :2]
                verts.append(xy)
                codes.append([MPath.MOVETO] + [MPath.LINETO] * (len(xy) - 2) + [MPath.CLOSEPOLY])
    if not verts:
        return
    path = MPath(np.concatenate(verts), np.concatenate(codes))
    patch = PathPatch(path, facecolor=colour, edgecolor="none", zorder=zorder)
    patch.set_gid(gid)
    ax.add_patch(patch)


def _stroke(
    ax: Any, lines: list[list[Any]], colour: str, *, width_pt: float, gid: str, zorder: float
) -> None:
    """All ``lines`` as one unfilled path: one SVG element, not one per border piece."""
    parts = [
        np.asarray(piece.coords)[:, :2]
        for part in lines
        for line in part
        for piece in shapely.get_parts(line)
        if piece.geom_type == "LineString"
    ]
    parts = [xy for xy in parts if len(xy) >= 2]
    if not parts:
        return
    codes = [[MPath.MOVETO] + [MPath.LINETO] * (len(xy) - 1) for xy in parts]
    path = MPath(np.concatenate(parts), np.concatenate(codes))
    patch = PathPatch(path, facecolor="none", edgecolor=colour, linewidth=width_pt,
                      capstyle="round", joinstyle="round", zorder=zorder)  # fmt: skip
    patch.set_gid(gid)
    ax.add_patch(patch)


def _draw_rivers(ax: Any, rivers: gpd.GeoDataFrame) -> None:
    """Rivers thinner as they get smaller (Natural Earth ``scalerank``)."""
    segs, widths = [], []
    ranks = rivers["scalerank"].fillna(10).to_numpy() if len(rivers) else []
    for geom, rank in zip(rivers.geometry.values, ranks, strict=True):
        width = next((w for r, w in sorted(_RIVER_WIDTH_PT.items()) if rank <= r), 0.3)
        for part in shapely.get_parts(geom):
            if part.geom_type == "LineString":
                segs.append(np.asarray(part.coords)[:, :2])
                widths.append(width)
    if segs:
        coll = LineCollection(segs, colors=palette.BASEMAP_RIVER, linewidths=widths, zorder=1.3)
        coll.set_gid("basemap-rivers")
        ax.add_collection(coll)


# --- names to place ---


def _inside(view: View, lon: float, lat: float) -> bool:
    return view[0] <= lon <= view[2] and view[1] <= lat <= view[3]


#: Natural Earth spellings that differ from the romanisation readers know.
_SPELLING = {"Mudangiang": "Mudanjiang"}


def _city_labels(
    view: View, min_pop: int, projection: Projection, frame: View
) -> list[BasemapLabel]:
    """Populated places of at least ``min_pop`` inhabitants in the frame, biggest first."""
    places = _load("places", view, detail="auto")
    if not len(places):  # open sea, or a test frame with no town
        return []
    xy = projection.to_map(shapely.get_coordinates(places.geometry.values))
    out = []
    for (x, y), name, pop in zip(xy, places["name"], places["pop_max"], strict=True):
        pop = 0 if pd.isna(pop) else int(pop)
        if pd.isna(name) or pop < min_pop or not _inside(frame, x, y):
            continue
        text = _SPELLING.get(str(name), str(name))
        out.append(BasemapLabel("city", text, -pop, np.array([[x, y]])))
    return out


def _river_labels(rivers: gpd.GeoDataFrame, view: View) -> list[BasemapLabel]:
    """One name per river: along its longest stretch in view (all parts of that name)."""
    if not len(rivers):
        return []
    frame = shapely.box(*view)
    out = []
    for name, group in rivers.groupby("name", sort=True):
        merged = shapely.line_merge(shapely.union_all(group.geometry.values))
        parts = [p for p in shapely.get_parts(merged.intersection(frame))
                 if p.geom_type == "LineString"]  # fmt: skip
        if not parts:
            continue
        longest = max(parts, key=lambda p: p.length)
        rank = float(group["scalerank"].min()) * 1000 - longest.length
        out.append(BasemapLabel("river", str(name), rank, np.asarray(longest.coords)[:, :2]))
    return out


def _area_labels(g: gpd.GeoDataFrame, view: View, kind: str) -> list[BasemapLabel]:
    """Named lakes or seas: at a point inside their part in view, biggest first."""
    frame = shapely.box(*view)
    out = []
    for geom, name in zip(g.geometry.values, g["name"] if len(g) else [], strict=True):
        if pd.isna(name):
            continue
        part = geom.intersection(frame)
        if part.is_empty or part.area <= 0:
            continue
        pt = part.representative_point() if kind == "lake" else _widest_point(part)
        out.append(BasemapLabel(kind, str(name), -part.area, np.array([[pt.x, pt.y]])))
    return out


def _widest_point(area: Any) -> Any:
    """A point deep inside the largest piece of ``area`` (a sea name sits in open water)."""
    from shapely.ops import polylabel

    piece = max(shapely.get_parts(area), key=lambda p: p.area)
    return polylabel(piece, tolerance=max(piece.length / 1000, 1e-4))


def _ranked(g: gpd.GeoDataFrame, max_rank: float) -> gpd.GeoDataFrame:
    if not len(g):
        return g
    return g[g["scalerank"].fillna(99).to_numpy() <= max_rank]


def _seas(view: View, zoom: float) -> gpd.GeoDataFrame:
    return _ranked(_load("seas", view, detail="auto"), zoom - _SEA_RANK_OFFSET)
