"""Reference geography: the base layers every map, still, layer and the gazetteer share.

One loading API for data that is not ours to survey: Natural Earth country polygons
(:func:`load_countries`) and the box a map keeps in detail (:func:`view_bounds`);
Natural Earth admin-1, populated places,
rivers, lakes, seas and regions at world overview and North/East Asia detail scale
(:func:`load_layer`, :data:`LAYERS`); Global Energy Monitor pipeline routes
(:func:`gem_routes`, :data:`GEM_ATTRIBUTION`); named rivers, lakes, seas, landforms
and the curated macro-regions and unions (:data:`MACRO_REGIONS`) with their extents,
the gazetteer's natural features (:func:`load_features`, :func:`extent`); what each
shipped file is and where it came from (:func:`manifest`, :func:`attributions`).
Everything is read from files shipped by PyPI packages or with this package; nothing
is fetched at run time.

Positions are WGS 84 (EPSG:4326) longitude/latitude, as in the files.
"""

from __future__ import annotations

from geo.reference._features import FEATURE_CODES, extent, load_features
from geo.reference._gem import gem_routes
from geo.reference._layers import (
    DETAIL_BOX,
    GEM_ATTRIBUTION,
    LAYERS,
    NE_ATTRIBUTION,
    attributions,
    load_layer,
    manifest,
)
from geo.reference._naturalearth import NE_CITATION, NE_VERSION, countries_path, load_countries
from geo.reference._regions import MACRO_REGIONS, MacroRegion
from geo.reference._view import view_bounds

__all__ = [
    "DETAIL_BOX",
    "FEATURE_CODES",
    "GEM_ATTRIBUTION",
    "LAYERS",
    "MACRO_REGIONS",
    "NE_ATTRIBUTION",
    "NE_CITATION",
    "NE_VERSION",
    "MacroRegion",
    "attributions",
    "countries_path",
    "extent",
    "gem_routes",
    "load_countries",
    "load_features",
    "load_layer",
    "manifest",
    "view_bounds",
]
