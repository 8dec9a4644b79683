"""Web maps: layers → a self-contained folium/Leaflet HTML page that works offline.

Every script and stylesheet is inlined from PyPI packages (:mod:`geo.maps._offline`)
or from this package (``geo/maps/_assets/map.js``, ``map.css``); the basemap is
Natural Earth country polygons drawn as vectors (:mod:`geo.reference`); online tile
layers are offered in the layer control but switched off, so opening the file
requests nothing.  Every string from the data reaches the page as JSON data
(:func:`safe_json`) and is put into the DOM with ``textContent`` — never as HTML.

Layers are sent to the page in a compact, column-wise form (:func:`layer_payload`):
coordinates as one flat [lon, lat, …] array, repeated values and styles stored once.
Point and line layers above :data:`CANVAS_THRESHOLD` features are drawn on a canvas.
``_assets/analyst.js`` adds the filter panel, time control, search, picking, the
permalink and ``window.GEO.api`` (README, "Maps").

The rooms of this package:

- ``_geometry``: one band of longitudes across ±180° and GeoJSON for Leaflet;
- ``_popup``: the popup text of a feature;
- ``_payload``: layers → the JSON payload ``map.js`` draws (styles, columns,
  uncertainty circles, basemap), and the payload facts the still draws from;
- ``_facets``: what the page filters and searches by (status, type, mode, countries,
  milestone years, other spellings folded with :func:`geo.gazetteer.fold`);
- ``_legend``: the legend as data;
- ``_input``: reading layer files and refusing coordinates that cannot be drawn;
- ``_page``: the folium page (:func:`make_map`, :func:`render_html`, :func:`write_map`);
- ``_offline``: inlining every asset, so a written page fetches nothing.
"""

from __future__ import annotations

from geo._symbology import (
    MAX_RADIUS_PX,
    MIN_RADIUS_PX,
    PLANNED_STATUSES,
    STOPPED_STATUSES,
    corridor_mode,
)
from geo.maps._geometry import WEB_MAX_VERTICES, lon_window, shift_layer, total_bounds
from geo.maps._input import check_coordinates, map_layers, skipped_features
from geo.maps._legend import legend_items
from geo.maps._popup import url_items
from geo.maps._page import (
    ONLINE_TILES,
    GeoLayer,
    GeoMap,
    make_map,
    render_fragment,
    render_html,
    safe_json,
    write_map,
)
from geo.maps._payload import (
    CANVAS_THRESHOLD,
    CORE_KINDS,
    CORRIDOR_COLOURS,
    FACILITY_COLOURS,
    core_layers,
    display_layers,
    layer_kind,
    layer_max_usd,
    layer_payload,
    uncertainty_points,
    view_layers,
)

__all__ = [
    "CANVAS_THRESHOLD",
    "CORE_KINDS",
    "CORRIDOR_COLOURS",
    "FACILITY_COLOURS",
    "MAX_RADIUS_PX",
    "MIN_RADIUS_PX",
    "ONLINE_TILES",
    "PLANNED_STATUSES",
    "STOPPED_STATUSES",
    "WEB_MAX_VERTICES",
    "GeoLayer",
    "GeoMap",
    "check_coordinates",
    "core_layers",
    "corridor_mode",
    "display_layers",
    "layer_kind",
    "layer_max_usd",
    "layer_payload",
    "legend_items",
    "lon_window",
    "make_map",
    "map_layers",
    "render_fragment",
    "render_html",
    "safe_json",
    "shift_layer",
    "skipped_features",
    "total_bounds",
    "url_items",
    "uncertainty_points",
    "view_layers",
    "write_map",
]
