"""Reference layers shipped with the package: Natural Earth 1:10m and GEM pipeline routes.

The files under ``geo/reference/data/`` are derived by ``scripts/build_reference.py``
from ``../shared/data`` (Natural Earth 1:10m, public domain; Global Energy Monitor's
pipeline routes, CC BY 4.0) and described, file by file, in ``manifest.json`` (source,
version, licence, attribution, feature count, bbox, simplification).  Nothing is
downloaded at run time; the files are found with :mod:`importlib.resources`, so a
wheel install works.

Scales
------
Each polygon and line layer has a world *overview* (tolerance 0.02°, ~2 km) and a
*detail* file for North and East Asia (:data:`DETAIL_BOX`, lon 60–150 E, lat 30–72 N;
tolerance 0.002°, measured deviation under 0.005° ≈ 500 m, so river borders such as
the Tumen at Khasan stay on land).  Detail files are cut at :data:`DETAIL_BOX`, so
:func:`load_layer` picks them only for a view inside it.  Countries (``admin0``) are
dissolved from the admin-1 polygons of the same file and simplification, so country
and province borders line up.

Format
------
GeoParquet (WKB, zstd level 9), chosen by measuring each layer with
``python scripts/build_reference.py --compare-formats`` (size on disk in kB / best of
three load times in ms with geopandas 1.2, pyarrow 26, GDAL 3.12, 2 cores):

=====================  ========  ===============  ============  ============
file                   features  GeoParquet zstd  FlatGeobuf    GeoJSON.gz
=====================  ========  ===============  ============  ============
admin0_overview             252       1,418 / 30     3,354 / 8   1,359 / 163
admin1_overview           4,596       2,900 / 37    8,116 / 32   2,818 / 326
admin0_detail                18         269 / 16       629 / 2      293 / 34
admin1_detail               252         832 / 19     2,299 / 5   1,024 / 114
places_world              7,343         588 / 21    1,792 / 22      380 / 84
rivers_overview           1,454         442 / 18       994 / 5      377 / 40
rivers_detail               225         313 / 16       647 / 2      304 / 30
lakes_overview            1,354         291 / 17       741 / 4      226 / 27
lakes_detail                285         146 / 15       287 / 2      113 / 12
seas_overview               307         281 / 16       599 / 3      256 / 28
regions_overview          1,034         498 / 19     1,466 / 6      586 / 67
gem_routes_world          1,199         395 / 17     1,270 / 5      406 / 61
total                                   8,374 kB     22,193 kB      8,142 kB
=====================  ========  ===============  ============  ============

FlatGeobuf loads fastest but is uncompressed: 2.6 times the size (22 MB, near the
25 MB budget).  Gzipped GeoJSON is as small as GeoParquet but 3–10 times slower to
load (text parsing).  GeoParquet is as small and loads every layer in under 40 ms.
GeoParquet with GeoArrow coordinates instead of WKB was 20 % larger (admin-1 overview
3.5 MB against 2.8 MB).  Times were taken on a shared machine under load.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from geo.errors import LayerError

__all__ = [
    "DETAIL_BOX",
    "GEM_ATTRIBUTION",
    "LAYERS",
    "NE_ATTRIBUTION",
    "attributions",
    "load_layer",
    "manifest",
]

#: Names accepted by :func:`load_layer`.
LAYERS: tuple[str, ...] = ("admin0", "admin1", "places", "rivers", "lakes", "seas", "regions")
#: Layers with a detail file; the others have one world file used at every scale.
_SCALED = frozenset({"admin0", "admin1", "rivers", "lakes"})
#: North and East Asia, the extent of the detail files and of the GEM routes:
#: ``(min_lon, min_lat, max_lon, max_lat)``, degrees.
DETAIL_BOX: tuple[float, float, float, float] = (60.0, 30.0, 150.0, 72.0)
#: Credit line for the Natural Earth layers (public domain; the credit is asked for).
NE_ATTRIBUTION = "Made with Natural Earth: 1:10m reference layers, public domain"
#: The attribution line Global Energy Monitor's licence (CC BY 4.0) requires on every
#: map, still, layer and file that shows its routes, as its README gives it.
GEM_ATTRIBUTION = (
    "Pipeline routes: Global Energy Monitor, Global Gas Infrastructure Tracker and "
    "Global Oil Infrastructure Tracker, CC BY 4.0"
)
_DETAIL_CHOICES = ("auto", "detail", "overview")


def file_name(layer: str, scale: str) -> str:
    """Name of a data file: ``admin1_detail.parquet``, ``places_world.parquet`` …"""
    return f"{layer}_{scale}.parquet"


def _data_file(name: str):
    return resources.files("geo.reference").joinpath("data", name)


@functools.cache
def manifest() -> dict[str, Any]:
    """What ``scripts/build_reference.py`` recorded about each shipped file.

    Returns
    -------
    dict
        ``files`` (one entry per file: ``file``, ``layer``, ``scale``, ``feature_count``,
        ``bbox``, ``sources``, ``licence``, ``attribution``, ``simplification`` …),
        ``attributions``, ``detail_box``, ``command``.  Shared: do not modify it.

    Raises
    ------
    LayerError
        When the data files are not installed.
    """
    path = _data_file("manifest.json")
    if not path.is_file():
        raise LayerError(
            f"{path} is missing: reinstall geo, or rebuild the reference data with "
            "'python scripts/build_reference.py'"
        )
    return json.loads(path.read_text(encoding="utf-8"))


def attributions(layers: tuple[str, ...] | list[str] | None = None) -> list[str]:
    """Attribution lines for the reference layers a map or still shows.

    Parameters
    ----------
    layers : sequence of str, optional
        Layer names (:data:`LAYERS` or ``"gem_routes"``); default all.

    Returns
    -------
    list of str
        Distinct lines, Natural Earth first, in a stable order.
    """
    wanted = None if layers is None else set(layers)
    lines: list[str] = []
    for entry in manifest()["files"]:
        if (wanted is None or entry["layer"] in wanted) and entry["attribution"] not in lines:
            lines.append(entry["attribution"])
    return lines


def _check_name(name: str) -> None:
    if name not in LAYERS:
        raise LayerError(
            f"unknown reference layer {name!r}: use one of {', '.join(LAYERS)} "
            "(GEM pipeline routes: geo.reference.gem_routes)"
        )


def _scale_for(name: str, bbox: tuple[float, ...] | None, detail: str) -> str:
    if detail not in _DETAIL_CHOICES:
        raise LayerError(f"detail={detail!r}: use one of {', '.join(map(repr, _DETAIL_CHOICES))}")
    if name not in _SCALED:
        return "world"
    if detail != "auto":
        return detail
    if bbox is None:
        return "overview"
    x0, y0, x1, y1 = DETAIL_BOX
    inside = bbox[0] >= x0 and bbox[1] >= y0 and bbox[2] <= x1 and bbox[3] <= y1
    return "detail" if inside else "overview"


@functools.cache
def _read(file: str) -> gpd.GeoDataFrame:
    path = _data_file(file)
    if not path.is_file():
        raise LayerError(
            f"reference data file {file!r} is missing: reinstall geo, or rebuild it with "
            "'python scripts/build_reference.py'"
        )
    with resources.as_file(path) as local:
        gdf = gpd.read_parquet(local)
    # The bbox covering columns serve row filtering in other readers; not an attribute.
    return gdf.drop(columns=[c for c in gdf.columns if c == "bbox"])


def _bbox_tuple(bbox: Any) -> tuple[float, float, float, float]:
    try:
        x0, y0, x1, y1 = (float(v) for v in bbox)
    except (TypeError, ValueError):
        raise LayerError(
            f"bbox={bbox!r}: give (min_lon, min_lat, max_lon, max_lat) in degrees"
        ) from None
    if not (x0 <= x1 and y0 <= y1):
        raise LayerError(f"bbox={bbox!r}: min_lon ≤ max_lon and min_lat ≤ max_lat are needed")
    return (x0, y0, x1, y1)


def load_layer(
    name: str,
    *,
    bbox: tuple[float, float, float, float] | None = None,
    detail: str = "auto",
) -> gpd.GeoDataFrame:
    """One reference layer, whole or the features that intersect ``bbox``.

    Parameters
    ----------
    name : str
        One of :data:`LAYERS`: ``"admin0"`` (countries dissolved from admin-1:
        ``iso_a2``, ``adm0_a3``, ``name``), ``"admin1"`` (``iso_3166_2``, ``iso_a2``,
        ``adm0_a3``, ``country``, ``name``, ``name_en``, ``name_ru``, ``name_zh``,
        ``type_en``, ``gn_id`` = GeoNames id), ``"places"`` (populated places:
        ``name``, ``name_en``, ``name_ru``, ``name_zh``, ``geonameid``, ``pop_max``,
        ``scalerank``, ``labelrank``, ``adm0cap``, ``featurecla``, ``min_zoom``,
        ``iso_a2``), ``"rivers"`` (rivers and lake centre-lines: ``name``,
        ``name_alt``, ``featurecla``, ``scalerank``, ``min_zoom``), ``"lakes"``
        (``name``, ``name_alt``, ``scalerank``, ``min_zoom``), ``"seas"`` (oceans,
        seas, bays, straits: ``name``, ``name_alt``, ``featurecla``, ``scalerank``),
        ``"regions"`` (mountain ranges, plains, deserts …: ``name``, ``name_alt``,
        ``featurecla``, ``region``, ``subregion``, ``scalerank``).  Natural Earth's
        spelling: e.g. ``"Songhua"``, ``"Lake Khanka"``, ``"Mudangiang"``.
    bbox : (min_lon, min_lat, max_lon, max_lat), optional, keyword-only
        Keep the features that intersect this box (degrees); geometries are not cut.
    detail : {"auto", "detail", "overview"}, keyword-only
        ``"auto"``: the detail file when ``bbox`` lies inside :data:`DETAIL_BOX`, else
        the world overview.  ``"detail"`` gives only what lies in :data:`DETAIL_BOX`.
        Ignored for ``places``, ``seas`` and ``regions`` (one file each).

    Returns
    -------
    GeoDataFrame
        EPSG:4326, [lon, lat]; rows in the file's order.  A copy: callers may modify it.

    Raises
    ------
    LayerError
        For an unknown ``name`` or ``detail``, a malformed ``bbox``, or missing files.

    Examples
    --------
    >>> rivers = load_layer("rivers", bbox=(120, 40, 140, 55))   # detail
    >>> world = load_layer("admin0")                             # overview
    """
    _check_name(name)
    box = None if bbox is None else _bbox_tuple(bbox)
    gdf = _read(file_name(name, _scale_for(name, box, detail)))
    if box is not None:
        idx = gdf.sindex.query(shapely.box(*box), predicate="intersects")
        gdf = gdf.iloc[np.sort(idx)]
    return gdf.copy()
