"""Layers: located records → GeoDataFrames → RFC 7946 GeoJSON files.

One layer per geometry type and meaning:

``facilities``
    points: logistics hubs, terminals, ports, border crossings …
``corridors``
    lines: bridges, railways, roads, pipelines, named corridors.
``crossings``
    points where a corridor crosses an international border (Natural Earth 1:10m
    admin-0, :mod:`geo.borders`).
``places``
    points: the places a report names, with their role in the story.
``regions``
    polygons of the areas that places and records refer to (countries from Natural
    Earth; provinces and vaguer areas as their uncertainty circle).

Every layer is EPSG:4326 with [lon, lat] coordinates (RFC 7946), 6 decimals, flat
typed properties with units in the field names, and a fixed schema per layer
(:data:`SCHEMAS`, plus one ``capacity_<key>_<unit>`` field per capacity key found),
so every feature has the same fields and the fields stay the same across builds.
Each feature says how precisely it is located (``precision``, IATI code),
where the location came from (``location_source``) and, from precision 3 on,
``uncertainty_km``.

The room's modules, one concept each (import the names from here):

``_schema``
    the field contract: :data:`LAYER_NAMES`, :data:`SCHEMAS`, and the one row of a
    record (``record_row``).
``_locate``
    a record's location → a point: :func:`locate`, :class:`Located`.
``_build``
    :func:`build_layers` → :class:`LayerSet`, through ``_frame`` (typed columns).
``_write``
    :func:`write_layers` (GeoJSON, GeoPackage, GeoParquet, FlatGeobuf and the build
    report), :func:`write_geojson`, :func:`geojson_type_notes`.
``_routes``
    the drawn line of a route: GEM routes joined with waypoints (:func:`route_line`,
    :data:`GEM_CUT_KM`).
``_checks``
    geometry warnings: stated vs drawn length, countries, the river a bridge
    crosses, border crossings far from a border (:data:`LENGTH_TOLERANCE`,
    :data:`BORDER_CROSSING_MAX_KM`).
``_basemap``
    Natural Earth context tables of ``atlas.gpkg`` (:data:`BASEMAP_LAYERS`).
``_styles``
    QGIS styles: :func:`layer_qml`, :func:`basemap_qml`, :func:`write_gpkg_styles`,
    :data:`STYLES`.
``_dask``
    layers on Dask: :func:`write_layers_partitioned`, :func:`records_to_geoparquet`
    (needs the ``dask`` extra).

On Dask, each built layer is written as a partitioned GeoParquet folder with
``write_layers_partitioned(layerset.layers, "out/", client=client)`` (what ``geo build
--dask ADDRESS`` does), and a table of records is located on the workers with
``records_to_geoparquet(records, "out/")``.
"""

from __future__ import annotations

from geo.layers._basemap import BASEMAP_LAYERS, BASEMAP_PAD_DEG, basemap_layers
from geo.layers._build import LayerSet, build_layers
from geo.layers._checks import BORDER_CROSSING_MAX_KM, LENGTH_TOLERANCE
from geo.layers._dask import LOCATED_COLUMNS, records_to_geoparquet, write_layers_partitioned
from geo.layers._locate import NEAR_UNCERTAINTY_KM, Geocoder, Located, locate
from geo.layers._publish import (
    LOCK_NAME,
    MANIFEST_NAME,
    Staging,
    build_lock,
    publish,
    recover,
    verify_manifest,
)
from geo.layers._routes import BRANCH_GAP_KM, GEM_CUT_KM, RouteLine, gem_chain, route_line
from geo.layers._schema import DEFAULT_UNCERTAINTY_KM, LAYER_NAMES, SCHEMAS, check_field_name
from geo.layers._styles import (
    STYLES,
    LayerStyle,
    basemap_qml,
    default_style_rows,
    layer_qml,
    write_gpkg_styles,
    write_qml,
)
from geo.layers._write import (
    FORMATS,
    GPKG_NAME,
    RFC7946_OPTIONS,
    geojson_type_notes,
    parse_formats,
    write_geojson,
    write_layers,
)

__all__ = [
    "BASEMAP_LAYERS",
    "BASEMAP_PAD_DEG",
    "BORDER_CROSSING_MAX_KM",
    "BRANCH_GAP_KM",
    "DEFAULT_UNCERTAINTY_KM",
    "FORMATS",
    "GEM_CUT_KM",
    "GPKG_NAME",
    "LAYER_NAMES",
    "LENGTH_TOLERANCE",
    "LOCATED_COLUMNS",
    "LOCK_NAME",
    "MANIFEST_NAME",
    "NEAR_UNCERTAINTY_KM",
    "RFC7946_OPTIONS",
    "SCHEMAS",
    "STYLES",
    "Geocoder",
    "LayerSet",
    "LayerStyle",
    "Located",
    "RouteLine",
    "Staging",
    "basemap_layers",
    "basemap_qml",
    "build_layers",
    "build_lock",
    "check_field_name",
    "default_style_rows",
    "gem_chain",
    "geojson_type_notes",
    "layer_qml",
    "locate",
    "parse_formats",
    "publish",
    "records_to_geoparquet",
    "recover",
    "route_line",
    "verify_manifest",
    "write_geojson",
    "write_gpkg_styles",
    "write_layers",
    "write_layers_partitioned",
    "write_qml",
]
