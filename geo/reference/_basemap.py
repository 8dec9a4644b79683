"""Offline basemap: Natural Earth 1:10m country polygons, clipped and simplified for a view.

The web map and the stills draw countries (and so their borders) from the Natural
Earth admin-0 polygons that :func:`geo.reference.load_countries` loads from a PyPI package, so a
map shows where the borders are with no tile server.  Only the part around the view
is kept (the bounding box of the data, padded) and it is simplified with a stated
tolerance in degrees, chosen from the size of that box: a map of one bridge keeps
hundreds of metres of detail, a map of a continent a few kilometres.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.affinity
from shapely.geometry import box

__all__ = ["Basemap", "basemap_for", "view_bounds"]

#: What the stills and the web map say about the basemap.
ATTRIBUTION = "Borders: Natural Earth 1:10m admin-0 v5.1.1 (public domain)"

#: Simplification tolerance = box span / this, in degrees (≈ 1 px at 1500 px width).
_SPAN_DIVISOR = 1500.0
#: Never simplify below the data's own accuracy (1:10m ≈ 0.001° is finer than that).
_MIN_TOLERANCE_DEG = 0.0005


@dataclass(frozen=True)
class Basemap:
    """Country polygons for one view.

    Attributes
    ----------
    countries : GeoDataFrame
        EPSG:4326, columns ``iso_a2``, ``name``, ``geometry`` (polygons clipped to
        ``bounds``, simplified with ``tolerance_deg``): the land fill.
    borders : GeoDataFrame
        The same countries' outlines (land borders and coasts) as lines, clipped to
        ``bounds`` without the clip box's own edges.
    bounds : tuple of float
        ``(min_lon, min_lat, max_lon, max_lat)`` of the clip box, degrees.
    tolerance_deg : float
        Douglas–Peucker tolerance used (degrees; 0.01° ≈ 1.1 km of latitude).
    source : str
        Attribution line.
    """

    countries: gpd.GeoDataFrame
    borders: gpd.GeoDataFrame
    bounds: tuple[float, float, float, float]
    tolerance_deg: float
    source: str = ATTRIBUTION


def view_bounds(
    bounds: tuple[float, float, float, float] | np.ndarray,
    *,
    pad_ratio: float = 0.5,
    min_span_deg: float = 2.0,
) -> tuple[float, float, float, float]:
    """Pad data bounds into a clip box for the basemap.

    Parameters
    ----------
    bounds : (min_lon, min_lat, max_lon, max_lat)
        Degrees, EPSG:4326 (GeoPandas ``total_bounds`` order).
    pad_ratio : float, keyword-only
        Padding on each side, as a share of the larger span.
    min_span_deg : float, keyword-only
        The box is at least this wide and tall (degrees), so a single point gets
        its surroundings.

    Returns
    -------
    tuple of float
        ``(min_lon, min_lat, max_lon, max_lat)``, clamped to ±90° of latitude and to
        one 360° band of longitude: −180…180, or 0…360 when the box reaches east of
        180° (data across the antimeridian, drawn in one continuous band).
    """
    x0, y0, x1, y1 = (float(v) for v in bounds)
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)):
        return (-180.0, -90.0, 180.0, 90.0)
    span = max(x1 - x0, y1 - y0, min_span_deg)
    pad = span * pad_ratio
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_w = max((x1 - x0) / 2 + pad, min_span_deg / 2)
    half_h = max((y1 - y0) / 2 + pad, min_span_deg / 2)
    west = 0.0 if cx + half_w > 180.0 and cx >= 90.0 else -180.0
    return (
        max(west, cx - half_w),
        max(-90.0, cy - half_h),
        min(west + 360.0, cx + half_w),
        min(90.0, cy + half_h),
    )


def _admin0(bounds: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """Natural Earth countries in ``bounds``; a box east of 180° also gets the
    countries west of it, their parts moved by +360° (Chukotka, Alaska, Fiji)."""
    from geo.reference._naturalearth import load_countries

    x0, y0, x1, y1 = bounds
    if x1 <= 180.0:
        return load_countries(bbox=(max(x0, -180.0), y0, x1, y1))
    frames = []
    if x0 < 180.0:
        frames.append(load_countries(bbox=(max(x0, -180.0), y0, 180.0, y1)))
    frames.append(load_countries(bbox=(-180.0, y0, min(x1 - 360.0, 180.0), y1)))
    both = pd.concat(frames)
    key = [c for c in ("adm0_a3", "iso_a2", "name") if c in both.columns]
    both = both.drop_duplicates(subset=key).reset_index(drop=True)
    return both.set_geometry([_east_of(g, x0) for g in both.geometry.values], crs=both.crs)


def _east_of(geom: shapely.Geometry, x0: float) -> shapely.Geometry:
    """Parts of ``geom`` lying wholly west of ``x0`` moved by +360° of longitude."""
    parts = shapely.get_parts(geom)
    moved = [shapely.affinity.translate(p, xoff=360.0) if p.bounds[2] < x0 else p for p in parts]
    return shapely.union_all(moved) if len(moved) > 1 else moved[0]


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep the polygon parts of a clip result (which may hold edge lines and points)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def basemap_for(
    bounds: tuple[float, float, float, float] | np.ndarray,
    *,
    tolerance_deg: float | None = None,
    countries: gpd.GeoDataFrame | None = None,
) -> Basemap:
    """Country polygons clipped to ``bounds`` and simplified for display.

    Parameters
    ----------
    bounds : (min_lon, min_lat, max_lon, max_lat)
        Clip box in degrees, EPSG:4326 (see :func:`view_bounds`).
    tolerance_deg : float, optional, keyword-only
        Simplification tolerance in degrees; default: the box's larger span / 1500,
        at least 0.0005°.
    countries : GeoDataFrame, optional, keyword-only
        Polygons to use instead of Natural Earth admin-0 (EPSG:4326, ``iso_a2``,
        ``name``).

    Notes
    -----
    Islands smaller than 4·tolerance² square degrees are dropped (they would be
    under 2 × 2 tolerance cells, invisible at the scale the tolerance is for).

    Returns
    -------
    Basemap
        Deterministic: the same bounds give the same polygons, sorted by ``iso_a2``
        then ``name``.
    """
    x0, y0, x1, y1 = (float(v) for v in bounds)
    if tolerance_deg is None:
        tolerance_deg = max(max(x1 - x0, y1 - y0) / _SPAN_DIVISOR, _MIN_TOLERANCE_DEG)
        # Round to 2 significant digits so the stated tolerance reads cleanly.
        tolerance_deg = float(f"{tolerance_deg:.2g}")
    span = max(x1 - x0, y1 - y0)
    pad = 0.01 * span + 4 * tolerance_deg
    big = (x0 - pad, y0 - pad, x1 + pad, y1 + pad)
    src = _admin0(big) if countries is None else countries
    clip, big_box = box(x0, y0, x1, y1), box(*big)
    hits = src[src.geometry.intersects(clip)]
    # Clip to a slightly larger box, simplify, then cut fills and outlines to the
    # view: the outlines keep only real coasts and borders, not the clip edges.
    min_area = 4 * tolerance_deg**2
    geoms = [
        _drop_small(_polygonal(g), min_area)
        for g in shapely.intersection(hits.geometry.values, big_box)
    ]
    geoms = shapely.simplify(np.asarray(geoms, dtype=object), tolerance_deg, preserve_topology=True)
    grid = 10 ** math.floor(math.log10(tolerance_deg / 10))
    geoms = shapely.set_precision(geoms, grid)
    fills = np.asarray([_polygonal(g) for g in shapely.intersection(geoms, clip)], dtype=object)
    lines = shapely.intersection(shapely.boundary(geoms), clip)
    lines = np.asarray([_linear(g) for g in lines], dtype=object)
    attrs = {"iso_a2": hits["iso_a2"].to_numpy(), "name": hits["name"].to_numpy()}
    out = _frame(attrs, fills)
    outlines = _frame(attrs, lines)
    return Basemap(
        countries=out, borders=outlines, bounds=(x0, y0, x1, y1), tolerance_deg=tolerance_deg
    )


def _drop_small(geom: shapely.Geometry, min_area: float) -> shapely.Geometry:
    """Drop islands smaller than ``min_area`` square degrees (invisible at this scale)."""
    parts = shapely.get_parts(geom)
    keep = parts[shapely.area(parts) >= min_area]
    if len(keep) == len(parts):
        return geom
    return shapely.MultiPolygon(list(keep)) if len(keep) else shapely.Polygon()


def _linear(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep the line parts of a clip result, merged."""
    if geom.geom_type in ("LineString", "MultiLineString"):
        return shapely.line_merge(geom) if geom.geom_type == "MultiLineString" else geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("LineString", "MultiLineString")]
    return shapely.line_merge(shapely.union_all(parts)) if parts else shapely.LineString()


def _frame(attrs: dict[str, np.ndarray], geoms: np.ndarray) -> gpd.GeoDataFrame:
    out = gpd.GeoDataFrame(
        dict(attrs), geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"), crs="EPSG:4326"
    )
    out = out[~out.geometry.isna()]
    out = out[~out.geometry.is_empty]
    return out.sort_values(["iso_a2", "name"], kind="stable").reset_index(drop=True)
