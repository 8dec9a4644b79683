"""Reference geography: the base layers every map, still, layer and the gazetteer share.

One loading API for data that is not ours to survey: Natural Earth country polygons
(:func:`load_countries`) and the offline vector basemap cut to a view
(:func:`basemap_for`, :func:`view_bounds`).  Everything is read from files shipped by
PyPI packages or with this package; nothing is fetched at run time.

Positions are WGS 84 (EPSG:4326) longitude/latitude, as in the files.
"""

from __future__ import annotations

from geo.reference._basemap import ATTRIBUTION, Basemap, basemap_for, view_bounds
from geo.reference._naturalearth import NE_CITATION, NE_VERSION, countries_path, load_countries

__all__ = [
    "ATTRIBUTION",
    "NE_CITATION",
    "NE_VERSION",
    "Basemap",
    "basemap_for",
    "countries_path",
    "load_countries",
    "view_bounds",
]
