"""The web page: layers → a self-contained folium/Leaflet HTML page that works offline.

Every script and stylesheet is inlined from PyPI packages (:mod:`geo.maps._offline`)
or from this package (``geo/maps/_assets/map.js``, ``map.css``); the basemap is
Natural Earth country polygons drawn as vectors (:mod:`geo.reference`); online tile
layers are offered in the layer control but switched off, so opening the file
requests nothing.  Every string from the data reaches the page as JSON data
(:func:`safe_json`) and is put into the DOM with ``textContent`` — never as HTML.
"""

from __future__ import annotations

import copy
import html
import json
import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import IO, Any

import folium
import geopandas as gpd
import xyzservices.providers as xyz
from branca.element import Element, Figure, MacroElement
from folium.map import Layer
from folium.template import Template

from geo import _symbology as palette
from geo._io import write_text_atomic
from geo.maps._basemap import BASE_TITLES, basemap_frames, basemap_payloads
from geo.maps._facets import analyst_config, feature_countries, with_corridor_dates
from geo.maps._geometry import total_bounds
from geo.maps._input import skipped_features
from geo.maps._legend import legend_items
from geo.maps._offline import _walk, check_offline, inline_assets, stale_asset_names
from geo.maps._payload import (
    _uncertainty_payload,
    core_layers,
    display_layers,
    layer_kind,
    layer_max_usd,
    layer_payload,
    view_layers,
)

__all__ = [
    "ONLINE_TILES",
    "GeoLayer",
    "GeoMap",
    "make_map",
    "render_fragment",
    "render_html",
    "safe_json",
    "write_map",
]


def safe_json(data: Any) -> str:
    """Serialise ``data`` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>``, ``&`` and the JS line separators U+2028/U+2029 are written as
    ``\\uXXXX`` escapes, so no string can close the script or open a comment;
    backticks and ``${`` stay inside JSON string literals, which JavaScript never
    interpolates.  Non-ASCII text (Cyrillic, Chinese) is kept as UTF-8.

    Raises
    ------
    ValueError
        On ``NaN``/``inf`` (not JSON).
    """
    text = json.dumps(
        data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )
    for ch, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


@cache
def _asset(name: str) -> str:
    return files("geo.maps").joinpath("_assets", name).read_text(encoding="utf-8")


class GeoLayer(Layer):
    """A Leaflet overlay built in the page from a :func:`layer_payload`.

    Text is set with ``textContent`` only; popups are attribute tables and links
    are made only for http(s) targets.  The number of drawn features is recorded in
    ``window.GEO_LAYERS[<title>]`` for tests and size reports.
    """

    # The payload travels in a <script type="application/json"> block and is read with
    # JSON.parse: V8 parses JSON text about twice as fast as the same object literal in
    # code, which is most of the opening time of a 100,000-point page.
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = GEO.{{ this.func }}({{ this._parent.get_name() }},
            JSON.parse(document.getElementById("{{ this.get_name() }}_data").textContent));
        {% endmacro %}
        """
    )

    func = "layer"

    def render(self, **kwargs: Any) -> None:
        """Write the payload's JSON block into the page body, then the call that reads it."""
        block = (
            f'<script type="application/json" id="{self.get_name()}_data">{self.payload}</script>'
        )
        self.get_root().html.add_child(Element(block), name=self.get_name() + "_data")
        super().render(**kwargs)

    def __init__(self, payload: dict[str, Any], *, name: str, show: bool = True):
        # Leaflet's layer control writes names with innerHTML: escape them here.
        super().__init__(name=html.escape(name), overlay=True, control=True, show=show)
        self._name = "GeoLayer"
        self.payload = safe_json(payload)
        self.payload_bytes = len(self.payload.encode("utf-8"))


class _BaseLayer(GeoLayer):
    """A layer of the reference basemap (``GEO.base``) or its names (``GEO.labels``)."""

    def __init__(self, payload: dict[str, Any], *, name: str, func: str):
        super().__init__(payload, name=name)
        self.func = func


class _Call(MacroElement):
    """One call into the page runtime with JSON arguments, e.g. ``GEO.legend``."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        GEO.{{ this.func }}({{ this._parent.get_name() }}
            {%- for a in this.args %}, {{ a }}{% endfor %});
        {% endmacro %}
        """
    )

    def __init__(self, func: str, *args: Any):
        super().__init__()
        self._name = f"Geo_{func}"
        self.func = func
        self.args = [safe_json(a) for a in args]


#: The pane each kind of data layer draws in: one pane per kind, stacked areas < lines
#: < points, so switching a layer off and on in the layer control cannot change the
#: drawing order (Leaflet #7587: a layer re-added to a shared pane lands on top).
PANES: dict[str, str] = {
    "polygons": "geoAreas",
    "corridors": "geoLines",
    "facilities": "geoPoints",
    "crossings": "geoCrossings",
    "places": "geoPlaces",
}
_PANE_Z = {
    "geoAreas": 360,
    "geoLines": 410,
    "geoAreaMarks": 415,
    "geoPoints": 420,
    "geoCrossings": 430,
    "geoPlaces": 440,
}


class _Panes(MacroElement):
    """Map panes: the vector basemap under the tile pane, uncertainty under overlays,
    then one pane per kind of data layer (:data:`PANES`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.createPane("geoBase").style.zIndex = 150;
        {{ this._parent.get_name() }}.createPane("geoUncertainty").style.zIndex = 350;
        {{ this._parent.get_name() }}.createPane("geoAreas").style.zIndex = 360;
        {%- for name, z in this.panes %}
        {{ this._parent.get_name() }}.createPane("{{ name }}").style.zIndex = {{ z }};
        {%- endfor %}
        {{ this._parent.get_name() }}.createPane("geoLabels").style.zIndex = 390;
        {{ this._parent.get_name() }}.getPane("geoLabels").style.pointerEvents = "none";
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "GeoPanes"
        self.panes = [(n, z) for n, z in _PANE_Z.items() if n != "geoAreas"]


#: Online tile layers offered (off) in the layer control; they stay blank offline.
ONLINE_TILES: tuple[str, ...] = ("OpenStreetMap.Mapnik", "OpenTopoMap", "Esri.WorldImagery")


_LAYER_TITLES = {
    "corridors": "Corridors",
    "facilities": "Facilities",
    "crossings": "Border crossings",
    "places": "Places",
    "regions": "Regions",
}
_ORDER = ("regions", "corridors", "facilities", "crossings", "places")


class GeoMap(folium.Map):
    """The folium map :func:`make_map` returns: every way of showing it is the offline page.

    folium's own notebook view and ``save()`` would link Leaflet, Bootstrap and Font
    Awesome from CDN addresses (blank without a network) and leave those links in the
    figure, so a later :func:`write_map` refused the map.  Here ``_repr_html_`` is
    :func:`render_fragment` and ``save`` is :func:`write_map`; both render a copy, so
    the map is never changed and the order of the calls does not matter.
    """

    def _repr_html_(self, **kwargs: Any) -> str:
        """The notebook view: the offline page in a sandboxed ``<iframe srcdoc>``."""
        return render_fragment(self)

    def save(
        self, outfile: str | bytes | Path | IO[bytes], close_file: bool = True, **kwargs: Any
    ) -> None:
        """Write the offline page (as :func:`write_map`) to a path or a binary file object.

        Parameters
        ----------
        outfile : str, bytes, Path or binary file object
            A path is written atomically; a file object gets the UTF-8 bytes.
        close_file : bool
            Close a file object after writing (folium's default); paths are always closed.
        """
        if isinstance(outfile, (str, bytes, Path)):
            target = Path(outfile.decode() if isinstance(outfile, bytes) else outfile)
            write_map(self, target)
            return
        outfile.write(render_html(self).encode("utf-8"))
        if close_file:
            outfile.close()


def make_map(
    layers: Mapping[str, gpd.GeoDataFrame],
    *,
    title: str = "Cross-border infrastructure",
    basemap: bool = True,
    online_tiles: Sequence[str] = ONLINE_TILES,
) -> folium.Map:
    """Compose a folium map of ``layers``, ready to write offline.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        Layer name → layer (any CRS, drawn in EPSG:4326).  ``corridors``,
        ``facilities``, ``crossings`` and ``places`` get their own styles; other
        names are styled by geometry type (lines as corridors, polygons plain,
        points as facilities).
    title : str, keyword-only
        Shown at the top right and as the page title (as text, never as HTML).
    basemap : bool, keyword-only
        Draw the Natural Earth reference basemap under the data: land on a sea
        background, country and province borders, rivers and lakes, and the names of
        cities, rivers and lakes, thinning with zoom (and the minimap).
    online_tiles : sequence of str, keyword-only
        xyzservices provider names offered in the layer control, switched off:
        they request tiles only when a user switches them on.

    Returns
    -------
    GeoMap
        A :class:`folium.Map` whose page requests nothing when opened, whether shown in
        a notebook (``_repr_html_``), saved with ``m.save(path)`` or written with
        :func:`write_map`, in any order.  ``m.geo_report`` holds per layer:
        ``features``, ``bytes`` of its data, ``renderer`` and ``simplified_deg``;
        ``m.geo_legend`` the legend items, ``m.geo_basemap`` the basemap used
        (:class:`~geo.maps._basemap.MapBase`) and ``m.geo_attribution`` the attribution
        lines shown.
    """
    m = _empty_page(title)
    present, west = display_layers(layers)
    present = with_corridor_dates(present)
    m.geo_lon_west = west
    core_bounds = total_bounds(core_layers(present))
    report: dict[str, dict[str, Any]] = {}
    m.geo_basemap = None
    mini_payload = None
    if basemap:
        mini_payload = _add_basemap(
            m, report, core_bounds=core_bounds, data_bounds=total_bounds(present.values())
        )

    unc = _uncertainty_payload(present, title="Location uncertainty")
    if unc is not None:
        report["Location uncertainty"] = _add_layer(m, unc, name="Location uncertainty")

    max_usd = max((layer_max_usd(g) for g in present.values()), default=0.0)
    _add_data_layers(m, report, present, max_usd=max_usd)
    _add_online_tiles(m, online_tiles)

    m.geo_legend = legend_items(present, max_usd=max_usd, uncertainty=unc is not None)
    m.geo_attribution = _attributions(present, basemap=basemap)
    for line in m.geo_attribution:
        _Call("attribution", line).add_to(m)
    _add_controls(m, legend=m.geo_legend, title=title, minimap=mini_payload)
    view_bounds = total_bounds(view_layers(present))
    if view_bounds is not None:
        x0, y0, x1, y1 = view_bounds
        # Not folium's fit_bounds: it animates (a search or a click made during that
        # animation is undone when it ends), and it knows nothing of the legend, which
        # GEO.fit keeps clear of: it runs after the controls are on the map.
        _Call("fit", [[y0, x0], [y1, x1]], {"padding": [30, 30], "maxZoom": 11}).add_to(m)
    # Filters, time control, picking, permalink and GEO.api: after the first view, so a
    # view in the URL hash wins over it.
    _Call("analyst", _analyst_config(present)).add_to(m)
    m.geo_report = report
    m.geo_title = title
    return m


def _add_controls(
    m: folium.Map, *, legend: list[dict[str, Any]], title: str, minimap: dict[str, Any] | None
) -> None:
    """The legend, title, search, fullscreen switch, minimap and layer control."""
    _Call("legend", legend, "Legend").add_to(m)
    _Call("title", title).add_to(m)
    _Call("fullscreen").add_to(m)
    if minimap is not None:
        _Call("minimap", minimap).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)


def _empty_page(title: str) -> GeoMap:
    """A map with the page's title, viewport, runtime (``map.js``, ``map.css``) and panes."""
    m = GeoMap(tiles=None, control_scale=True, zoom_control=True, world_copy_jump=False)
    # Nothing on our pages uses jQuery (folium declares it for plugins): 87 kB saved.
    m.default_js = [(n, u) for n, u in m.default_js if n != "jquery"]
    root = m.get_root()
    root.header.add_child(Element(f"<title>{html.escape(title)}</title>"), name="geo_title_tag")
    root.header.add_child(
        Element('<meta name="viewport" content="width=device-width, initial-scale=1">'),
        name="geo_viewport",
    )
    root.header.add_child(Element("<style>" + _asset("map.css") + "</style>"), name="geo_css")
    # The sea is the page behind the land polygons (the shared colour, not a tile).
    root.header.add_child(
        Element(f"<style>:root {{--geo-sea: {palette.BASEMAP_SEA};}}</style>"), name="geo_sea"
    )
    js = (_asset("map.js") + _asset("analyst.js")).replace("</script", "<\\/script")
    root.header.add_child(Element("<script>" + js + "</script>"), name="geo_js")
    _Panes().add_to(m)
    return m


def _add_layer(
    m: folium.Map, payload: dict[str, Any], *, name: str, renderer: str = "svg"
) -> dict[str, Any]:
    """Add one :class:`GeoLayer` to ``m``; returns its entry of ``m.geo_report``."""
    layer = GeoLayer(payload, name=name)
    layer.add_to(m)
    return {
        "features": payload["n"],
        "bytes": layer.payload_bytes,
        "renderer": renderer,
        "simplified_deg": payload["simplified_deg"],
    }


def _add_basemap(
    m: folium.Map,
    report: dict[str, dict[str, Any]],
    *,
    core_bounds: tuple[float, float, float, float] | None,
    data_bounds: tuple[float, float, float, float] | None,
) -> dict[str, Any]:
    """Add the reference basemap (:mod:`geo.maps._basemap`) and the names over it.

    Sets ``m.geo_basemap`` (a :class:`~geo.maps._basemap.MapBase`) and adds each basemap
    layer to ``report``; returns the payload of the minimap.
    """
    base = basemap_frames(core_bounds, data_bounds=data_bounds)
    m.geo_basemap = base
    payloads = basemap_payloads(base)
    keys = list(BASE_TITLES)
    for key, payload in zip(keys, payloads["layers"], strict=True):
        tol = payload["simplified_deg"]
        fine = base.grid_deg[key]
        detail = f"{fine:g}°" if fine == tol else f"{fine:g}° in NE Asia, {tol:g}° beyond"
        name = f"{payload['title']} (Natural Earth 1:10m, simplified {detail})"
        layer = _BaseLayer(payload, name=name, func="base")
        layer.add_to(m)
        report[payload["title"]] = {
            "features": payload["n"],
            "bytes": layer.payload_bytes,
            "renderer": "canvas",
            "simplified_deg": tol,
        }
    labels = payloads["labels"]
    layer = _BaseLayer(labels, name=labels["title"], func="labels")
    layer.add_to(m)
    report[labels["title"]] = {
        "features": len(labels["cities"]["names"]) + len(labels["water"]["names"]),
        "bytes": layer.payload_bytes,
        "renderer": "dom",
        "simplified_deg": None,
    }
    return payloads["minimap"]


def _analyst_config(present: Mapping[str, gpd.GeoDataFrame]) -> dict[str, Any]:
    """The filter panel's vocabulary: the status words and countries of the layers."""
    statuses: set[str] = set()
    countries: set[str] = set()
    for gdf in present.values():
        props = gdf.drop(columns=gdf.geometry.name)
        if "status" in props:
            statuses |= {str(v) for v in props["status"].dropna().unique()}
        fields = [
            c for c in ("countries", "from_country", "to_country", "country_code") if c in props
        ]
        if fields:
            for row in props[fields].drop_duplicates().to_dict("records"):
                codes = feature_countries(row)
                if codes:
                    countries |= set(codes.split(","))
    return analyst_config(statuses, countries)


def _attributions(present: Mapping[str, gpd.GeoDataFrame], *, basemap: bool) -> list[str]:
    """Every data source drawn: Natural Earth under a basemap, GEM where a route is GEM's."""
    from geo.reference import GEM_ATTRIBUTION, NE_ATTRIBUTION

    lines = [NE_ATTRIBUTION] if basemap else []
    gem = any(
        "geometry_source" in g and (g["geometry_source"] == "gem").any() for g in present.values()
    )
    if gem:
        lines.append(GEM_ATTRIBUTION)
    return lines


def _add_data_layers(
    m: folium.Map,
    report: dict[str, dict[str, Any]],
    present: Mapping[str, gpd.GeoDataFrame],
    *,
    max_usd: float,
) -> None:
    """Add the data layers in drawing order (areas under lines under points)."""
    order = [n for n in _ORDER if n in present] + [n for n in present if n not in _ORDER]
    for name in order:
        gdf = present[name]
        ltitle = _LAYER_TITLES.get(name, name)
        kind = layer_kind(name, gdf)
        payload = layer_payload(gdf, kind, title=ltitle, max_usd=max_usd)
        payload["pane"] = PANES[kind]
        label = ltitle
        if payload["simplified_deg"]:
            label += f" (simplified {payload['simplified_deg']:g}° for the web)"
        renderer = "canvas" if payload["canvas"] else "svg"
        report[ltitle] = {
            **_add_layer(m, payload, name=label, renderer=renderer),
            "input": len(gdf),
            "skipped": skipped_features(gdf),
        }


def _add_online_tiles(m: folium.Map, online_tiles: Sequence[str]) -> None:
    """Offer the xyzservices ``online_tiles`` in the layer control, switched off."""
    for provider_name in online_tiles:
        provider = xyz.query_name(provider_name)
        folium.TileLayer(
            tiles=provider,
            name=html.escape(f"{provider_name} (online tiles)"),
            show=False,
            overlay=False,
            control=True,
            max_zoom=min(int(provider.get("max_zoom", 18)), 19),
        ).add_to(m)


#: The key under which branca's render files an element's script or data block: the
#: element's name, a camel-case class name and folium's 32-hex random id.
_RENDERED_KEY = re.compile(r"[a-z0-9_]+_[0-9a-f]{32}(?:_data)?")


def _render_copy(m: folium.Map) -> Figure:
    """A copy of ``m``'s figure to inline and render, so ``m`` itself is never changed.

    What an earlier render of ``m`` by folium left in the figure (CDN links; scripts
    and data blocks filed under the rendering element's name, not their own; layers'
    ``_add`` calls) is dropped from the copy; the copy's elements render them afresh.
    Elements a user added to the figure (filed under their own name) stay.
    """
    # The geo_* facts (frames, reports) are read, never rendered: share, do not copy.
    memo = {id(v): v for k, v in vars(m).items() if k.startswith("geo_")}
    clone = copy.deepcopy(m, memo)
    figure = clone.get_root()
    if not isinstance(figure, Figure):
        figure = Figure()
        clone.add_to(figure)
    for key in stale_asset_names() & set(figure.header._children):
        del figure.header._children[key]
    for part in (figure.header, figure.html, figure.script):
        for key, child in list(part._children.items()):
            if key != child.get_name() and _RENDERED_KEY.fullmatch(key):
                del part._children[key]
    for el in list(_walk(figure)):
        # folium's Layer.render adds the "add me to the map" call as a child of the layer.
        el._children.pop(el.get_name() + "_add", None)
    return figure


def render_html(m: folium.Map) -> str:
    """Render ``m`` to a self-contained HTML string (assets inlined, deterministic).

    ``m`` is left unchanged (a copy is rendered), so it can be rendered again, shown
    in a notebook or saved, in any order, with the same result.
    """
    figure = inline_assets(_render_copy(m))
    # branca names elements with random ids; number them so equal input gives equal HTML.
    for i, el in enumerate(_walk(figure)):
        el._id = f"{i:08x}"
    return check_offline(figure.render())


def render_fragment(m: folium.Map, *, height_px: int = 520) -> str:
    """An embeddable HTML fragment: the whole page in a sandboxed ``<iframe srcdoc>``.

    The map's scripts and styles stay inside the frame, so the host page's CSS and
    JS cannot clash with them; the frame may run scripts but not reach its host
    (no ``allow-same-origin``).
    """
    page = render_html(m)
    return (
        f'<iframe class="geo-map" title="{html.escape(getattr(m, "geo_title", "map"))}" '
        f'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
        f'style="width:100%;height:{int(height_px)}px;border:0" '
        f'srcdoc="{html.escape(page, quote=True)}"></iframe>\n'
    )


def write_map(m: folium.Map, path: Path | str) -> Path:
    """Write ``m`` as one self-contained HTML file, atomically.

    Parameters
    ----------
    m : folium.Map
    path : Path or str
        Target ``.html`` file; its directory is created if missing.

    Returns
    -------
    Path
    """
    return write_text_atomic(render_html(m), path)
