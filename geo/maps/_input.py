"""Layers given to a map: read them, refuse coordinates that cannot be drawn, name the skipped."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geo._symbology import is_missing as _missing
from geo.errors import LayerError
from geo.maps._geometry import _to4326

__all__ = ["check_coordinates", "map_layers", "skipped_features"]


def map_layers(paths: Sequence[Path | str]) -> dict[str, gpd.GeoDataFrame]:
    """Read GeoJSON (or any OGR-readable) layers for :func:`make_map`, keyed by file stem.

    Raises
    ------
    geo.errors.LayerError
        When a file is missing or unreadable, naming it.
    """
    out: dict[str, gpd.GeoDataFrame] = {}
    for p in paths:
        path = Path(p)
        if not path.is_file():
            raise LayerError(
                f"{path}: no such file; give a GeoJSON layer such as layers/facilities.geojson"
            )
        try:
            gdf = gpd.read_file(path)
        except Exception as exc:  # pyogrio raises several types
            raise LayerError(f"{path}: cannot read as a vector layer ({exc})") from exc
        check_coordinates(gdf, source=str(path))
        out[path.stem] = gdf
    return out


def check_coordinates(gdf: gpd.GeoDataFrame, *, source: str) -> None:
    """Refuse coordinates that cannot be drawn, naming the file, the feature and the fix.

    Checked after reprojecting to EPSG:4326: every coordinate finite, latitude within
    −90…90 and longitude within −360…360 (beyond ±180 only as written by tools that
    unwrap lines across the antimeridian).  A latitude beyond ±90 whose longitude
    would be a valid latitude is reported as swapped axes (GeoJSON is [lon, lat]).
    Features without geometry are not errors: :func:`make_map` skips and
    reports them (:func:`skipped_features`).

    Raises
    ------
    geo.errors.LayerError
        On the first bad feature, e.g. ``layers/x.geojson: feature #0 (name swapped):
        latitude 132.67 is impossible …; write [132.67, 47.95]``.
    """
    if not len(gdf):
        return
    raw = gdf.geometry.values
    with np.errstate(all="ignore"):
        try:
            g4326 = _to4326(gdf).geometry.values
        except Exception as exc:  # pyproj errors on absurd input
            raise LayerError(f"{source}: cannot reproject to EPSG:4326 ({exc})") from exc
    for i, (geom, orig) in enumerate(zip(g4326, raw, strict=True)):
        if geom is None or geom.is_empty:
            continue
        xy = shapely.get_coordinates(geom)
        which = _which(gdf, i)
        bad = ~np.isfinite(xy).all(axis=1)
        if bad.any() or (np.abs(xy) > 1e7).any():
            k = int(np.flatnonzero(bad | (np.abs(xy) > 1e7).any(axis=1))[0])
            value = shapely.get_coordinates(orig)[k].tolist()
            raise LayerError(
                f"{source}: feature {which}: coordinate {value} is not a finite position "
                f"in degrees (NaN, infinite or far out of range); fix or remove that "
                f"vertex (GeoJSON positions are [lon, lat] in WGS 84 degrees)"
            )
        lon, lat = xy[:, 0], xy[:, 1]
        if (np.abs(lat) > 90).any():
            k = int(np.flatnonzero(np.abs(lat) > 90)[0])
            x, y = float(lon[k]), float(lat[k])
            if abs(x) <= 90:
                raise LayerError(
                    f"{source}: feature {which}: latitude {y:g} is impossible (|lat| <= 90) "
                    f"but longitude {x:g} would be a valid latitude: lon and lat look "
                    f"swapped (GeoJSON is [lon, lat]); write [{y:g}, {x:g}]"
                )
            raise LayerError(
                f"{source}: feature {which}: latitude {y:g} (in [{x:g}, {y:g}]) is outside "
                f"-90 … 90; give WGS 84 degrees as [lon, lat], or declare the layer's CRS"
            )
        if (np.abs(lon) > 360).any():
            k = int(np.flatnonzero(np.abs(lon) > 360)[0])
            x, y = float(lon[k]), float(lat[k])
            raise LayerError(
                f"{source}: feature {which}: longitude {x:g} (in [{x:g}, {y:g}]) is outside "
                f"-180 … 180; give WGS 84 degrees as [lon, lat], or declare the layer's CRS"
            )


def skipped_features(gdf: gpd.GeoDataFrame) -> list[tuple[str, str]]:
    """Features of a layer that cannot be drawn: ``(which, why)`` pairs.

    ``which`` names the feature by its 0-based index in the layer and its ``id`` or
    ``name`` when it has one, e.g. ``"#3 (id am-null)"``; ``why`` is ``"no geometry"``
    or ``"empty geometry"``.
    """
    out = []
    geoms = gdf.geometry.values
    missing = np.asarray([g is None for g in geoms], dtype=bool)
    empty = ~missing & np.asarray(shapely.is_empty(geoms), dtype=bool)
    for i in np.flatnonzero(missing | empty):
        out.append((_which(gdf, int(i)), "no geometry" if missing[i] else "empty geometry"))
    return out


def _which(gdf: gpd.GeoDataFrame, i: int) -> str:
    """``#i (id X)`` / ``#i (name X)`` / ``#i``: a feature named for an error message."""
    for field in ("id", "name"):
        if field in gdf.columns and not _missing(gdf[field].iloc[i]):
            return f"#{i} ({field} {gdf[field].iloc[i]!s})"
    return f"#{i}"
