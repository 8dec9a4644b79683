"""Web maps: layers → a self-contained folium/Leaflet HTML page that works offline.

Every script and stylesheet is inlined from PyPI packages (:mod:`geo._offline`), no
tile layer is requested unless the user switches one on, and every string from the
data reaches the page as JSON data rendered with ``textContent`` — never as HTML.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
from branca.element import Element, MacroElement
from folium.template import Template

from geo._io import write_text_atomic
from geo._offline import _walk, inline_assets

__all__ = ["CORRIDOR_COLOURS", "FACILITY_COLOURS", "make_map", "safe_json", "write_map"]

#: Line colour by corridor mode.
CORRIDOR_COLOURS: dict[str, str] = {
    "rail": "#b2182b",
    "road": "#4d4d4d",
    "oil_pipeline": "#1a1a1a",
    "gas_pipeline": "#2166ac",
    "multimodal": "#762a83",
    "power_line": "#e08214",
}
#: Marker fill colour by facility type.
FACILITY_COLOURS: dict[str, str] = {
    "logistics_hub": "#d95f02",
    "terminal": "#7570b3",
    "port": "#1b9e77",
    "border_crossing": "#e7298a",
    "industrial_park": "#66a61e",
    "island": "#a6761d",
}
_PLACE_COLOUR = "#555555"
_DEFAULT_COLOUR = "#666666"
_SWATCH = '<svg class="sw" height="8" width="18"><line x1="0" y1="4" x2="18" y2="4" stroke="{c}" {extra}/></svg>'


#: Field labels and how to format them in popups; unlisted fields use their name.
_LABELS: dict[str, str] = {
    "type": "Type",
    "mode": "Mode",
    "status": "Status",
    "countries": "Countries",
    "parties": "Parties",
    "role": "Role in the story",
    "investment_usd": "Investment (USD)",
    "investment_amount": "Investment (as reported)",
    "length_km": "Length",
    "precision": "Location precision (IATI)",
    "uncertainty_km": "Uncertainty radius",
    "route_accuracy": "Route accuracy (GEM)",
    "feature_code": "GeoNames feature code",
    "gazetteer_id": "Gazetteer id",
    "date_opening": "Opening",
    "date_signed": "Signed",
    "summary": "Summary",
    "sources": "Sources",
}
_HIDDEN = {
    "id",
    "name",
    "name_ru",
    "name_zh",
    "source_urls",
    "investment_currency",
    "investment_usd_rate",
    "investment_usd_rate_date",
    "investment_date",
    "investment_stated_usd",
    "location_method",
    "length_geodesic_km",
    "gazetteer_source",
    "gazetteer_name",
    "score",
    "admin1",
    "country_code",
}


def safe_json(data: Any) -> str:
    """Serialise ``data`` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>``, ``&`` and the JS line separators U+2028/U+2029 are written as
    ``\\uXXXX`` escapes, so no string can close the script or open a comment.
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


def _fmt_number(x: float) -> str:
    if abs(x) >= 1e9:
        return f"{x / 1e9:,.2f} billion"
    if abs(x) >= 1e6:
        return f"{x / 1e6:,.2f} million"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.4g}"


_SUFFIX_UNITS = {
    "t_per_yr": "t/yr",
    "t": "t",
    "m3_per_yr": "m³/yr",
    "m3": "m³",
    "teu_per_yr": "TEU/yr",
    "teu": "TEU",
    "m2": "m²",
    "m": "m",
    "w": "W",
}


def _capacity_label(field: str) -> tuple[str, str]:
    body = field[len("capacity_") :]
    for suffix in sorted(_SUFFIX_UNITS, key=len, reverse=True):
        if body.endswith("_" + suffix):
            commodity = body[: -len(suffix) - 1].replace("_", " ")
            return f"Capacity: {commodity}", _SUFFIX_UNITS[suffix]
    return f"Capacity: {body}", ""


def _row(field: str, value: Any, props: Mapping[str, Any]) -> list[Any] | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return None
    if field in _HIDDEN:
        return None
    if field == "investment_usd":
        rate_date = props.get("investment_usd_rate_date")
        return [
            _LABELS[field],
            f"US$ {_fmt_number(value)}" + (f" (ECB rate of {rate_date})" if rate_date else ""),
            None,
        ]
    if field == "investment_amount":
        cur = props.get("investment_currency") or ""
        date = props.get("investment_date")
        return [
            _LABELS[field],
            f"{cur} {_fmt_number(value)}" + (f", as of {date}" if date else ""),
            None,
        ]
    if field.startswith("capacity_") and field != "capacity_conflict":
        label, unit = _capacity_label(field)
        return [label, f"{_fmt_number(value)} {unit}".strip(), None]
    if field == "capacity_conflict":
        return ["Sources disagree", "yes: see the record", None] if value else None
    if field in ("length_km", "uncertainty_km"):
        return [_LABELS[field], f"{_fmt_number(value)} km", None]
    if isinstance(value, bool | np.bool_):
        value = "yes" if value else "no"
    if isinstance(value, float | np.floating):
        value = _fmt_number(float(value))
    return [_LABELS.get(field, field.replace("_", " ").capitalize()), str(value), None]


def _link_rows(props: Mapping[str, Any]) -> list[list[Any]]:
    urls = props.get("source_urls")
    if not urls:
        return []
    rows = []
    for url in str(urls).split("; "):
        href = url if url.lower().startswith(("http://", "https://")) else None
        rows.append(["Source link", url, href])
    return rows


def _radius_px(usd: Any, *, max_usd: float) -> float:
    if usd is None or (isinstance(usd, float) and math.isnan(usd)) or max_usd <= 0:
        return 6.0
    # Circle area proportional to value: r = r_max * sqrt(v / v_max).
    return round(max(5.0, 24.0 * math.sqrt(float(usd) / max_usd)), 2)


def _style(kind: str, props: Mapping[str, Any], *, max_usd: float) -> dict[str, Any]:
    status = props.get("status")
    if kind == "corridors":
        return {
            "color": CORRIDOR_COLOURS.get(str(props.get("mode")), _DEFAULT_COLOUR),
            "weight": 4,
            "opacity": 0.9,
            "dashArray": "8 6" if status in ("proposed", "announced", "construction") else None,
        }
    colour = (
        _PLACE_COLOUR
        if kind == "places"
        else FACILITY_COLOURS.get(str(props.get("type")), _DEFAULT_COLOUR)
    )
    return {
        "radius": 4.0
        if kind == "places"
        else _radius_px(props.get("investment_usd"), max_usd=max_usd),
        "color": "#ffffff" if kind != "places" else colour,
        "weight": 1.5,
        "fillColor": colour,
        "fillOpacity": 0.85 if kind != "places" else 0.6,
        "dashArray": "3 3" if status in ("proposed", "announced") else None,
    }


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def layer_payload(gdf: gpd.GeoDataFrame, kind: str) -> dict[str, Any]:
    """Turn a layer into the JSON the page draws: geometry, style and popup rows.

    Parameters
    ----------
    gdf : GeoDataFrame
        A layer in EPSG:4326.
    kind : {"facilities", "corridors", "places"}
        Selects the styling rules.

    Returns
    -------
    dict
        A GeoJSON FeatureCollection ([lon, lat]) whose properties hold only ``id``,
        ``name``, ``_style`` and ``_rows`` ([label, text, href or null] triples).
    """
    gdf = gdf.to_crs(4326) if gdf.crs is not None and gdf.crs.to_epsg() != 4326 else gdf
    usd = gdf.get("investment_usd", None)
    max_usd = float(np.nanmax(usd.astype(float))) if usd is not None and usd.notna().any() else 0.0
    features = []
    geo = json.loads(gdf.geometry.to_json(drop_id=True))["features"] if len(gdf) else []
    for (_, row), feat in zip(gdf.drop(columns=gdf.geometry.name).iterrows(), geo, strict=True):
        props = {k: _clean(v) for k, v in row.items()}
        rows = [r for f, v in props.items() if (r := _row(f, v, props))]
        rows += _link_rows(props)
        features.append(
            {
                "type": "Feature",
                "geometry": feat["geometry"],
                "properties": {
                    "id": props.get("id"),
                    "name": props.get("name"),
                    "_style": _style(kind, props, max_usd=max_usd),
                    "_rows": rows,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


class SafeGeoJson(MacroElement):
    """A Leaflet GeoJSON layer whose text is set with ``textContent`` only.

    Points are drawn as circle markers, lines and polygons with per-feature styles.
    Popups are tables built from the ``_rows`` of :func:`layer_payload`; links are
    made only for http(s) targets.  The number of drawn features is recorded in
    ``window.GEO_LAYERS[<layer title>]`` for tests and size reports.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var data = {{ this.payload }};
            var title = {{ this.title_json }};
            function popup(feature) {
                var box = document.createElement("div");
                box.className = "geo-popup";
                var h = document.createElement("h4");
                h.textContent = feature.properties.name || feature.properties.id || "";
                box.appendChild(h);
                var table = document.createElement("table");
                (feature.properties._rows || []).forEach(function (r) {
                    var tr = document.createElement("tr");
                    var th = document.createElement("th");
                    th.textContent = r[0];
                    var td = document.createElement("td");
                    if (r[2] && /^https?:\\/\\//i.test(r[2])) {
                        var a = document.createElement("a");
                        a.href = r[2]; a.textContent = r[1];
                        a.target = "_blank"; a.rel = "noopener noreferrer";
                        td.appendChild(a);
                    } else {
                        td.textContent = r[1];
                    }
                    tr.appendChild(th); tr.appendChild(td); table.appendChild(tr);
                });
                box.appendChild(table);
                return box;
            }
            function tip(feature) {
                var s = document.createElement("span");
                s.textContent = feature.properties.name || "";
                return s;
            }
            var layer = L.geoJSON(data, {
                style: function (f) { return f.properties._style; },
                pointToLayer: function (f, latlng) {
                    return L.circleMarker(latlng, f.properties._style);
                },
                onEachFeature: function (f, l) {
                    l.bindPopup(function () { return popup(f); }, {maxWidth: 420});
                    l.bindTooltip(tip(f), {sticky: true});
                }
            });
            layer.addTo({{ this._parent.get_name() }});
            window.GEO_LAYERS = window.GEO_LAYERS || {};
            window.GEO_LAYERS[title] = layer.getLayers().length;
            return layer;
        })();
        {% endmacro %}
        """
    )

    def __init__(self, payload: dict[str, Any], *, title: str):
        super().__init__()
        self._name = "SafeGeoJson"
        self.payload = safe_json(payload)
        self.title_json = safe_json(title)
        self.layer_name = title
        self.overlay = True
        self.control = True
        self.show = True


class _Legend(MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "geo-legend");
                div.innerHTML = {{ this.html_json }};
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html_text: str):
        super().__init__()
        self._name = "Legend"
        self.html_json = safe_json(html_text)


_CSS = """
<style>
html, body {width: 100%; height: 100%; margin: 0; padding: 0;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;}
.leaflet-container {background: #dfe9f3;}
.geo-legend {background: rgba(255,255,255,0.92); padding: 8px 10px; border-radius: 4px;
  font-size: 12px; line-height: 1.5; box-shadow: 0 1px 4px rgba(0,0,0,0.3); max-width: 260px;}
.geo-legend h4 {margin: 0 0 4px 0; font-size: 13px;}
.geo-legend .sw {display: inline-block; width: 18px; margin-right: 6px; vertical-align: middle;}
.geo-legend .dot {display: inline-block; width: 12px; height: 12px; border-radius: 50%;
  margin: 0 9px 0 3px; vertical-align: middle;}
.geo-popup h4 {margin: 0 0 6px 0; font-size: 14px;}
.geo-popup table {border-collapse: collapse; font-size: 12px;}
.geo-popup th {text-align: left; padding: 2px 8px 2px 0; vertical-align: top; color: #444;
  font-weight: 600;}
.geo-popup td {padding: 2px 0; vertical-align: top;}
.geo-title {background: rgba(255,255,255,0.92); padding: 6px 10px; font-size: 15px;
  font-weight: 600; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3);}
</style>
"""


def _legend_html(layers: Mapping[str, gpd.GeoDataFrame]) -> str:
    esc = html.escape
    parts = ["<h4>Legend</h4>"]
    corridors = layers.get("corridors")
    if corridors is not None and len(corridors):
        for mode in sorted({str(m) for m in corridors.get("mode", []) if m is not None}):
            colour = CORRIDOR_COLOURS.get(mode, _DEFAULT_COLOUR)
            swatch = _SWATCH.format(c=esc(colour), extra='stroke-width="4"')
            parts.append(f"<div>{swatch}{esc(mode.replace('_', ' '))}</div>")
        dashed = _SWATCH.format(c="#555", extra='stroke-width="3" stroke-dasharray="5 3"')
        parts.append(f"<div>{dashed}proposed / under construction</div>")
    facilities = layers.get("facilities")
    if facilities is not None and len(facilities):
        for ftype in sorted({str(t) for t in facilities.get("type", []) if t is not None}):
            colour = FACILITY_COLOURS.get(ftype, _DEFAULT_COLOUR)
            parts.append(
                f'<div><span class="dot" style="background:{esc(colour)}"></span>'
                f"{esc(ftype.replace('_', ' '))}</div>"
            )
        parts.append("<div>circle area ∝ investment (USD)</div>")
    places = layers.get("places")
    if places is not None and len(places):
        parts.append(
            f'<div><span class="dot" style="background:{_PLACE_COLOUR};width:8px;height:8px">'
            "</span>place named in the report</div>"
        )
    return "".join(parts)


def make_map(
    layers: Mapping[str, gpd.GeoDataFrame],
    *,
    title: str = "Cross-border infrastructure",
) -> folium.Map:
    """Compose a folium map of ``layers``, ready to write offline.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        Layer name → layer (EPSG:4326). ``corridors`` are drawn under
        ``facilities`` and ``places``; other names are drawn as generic layers.
    title : str, optional
        Shown at the top left (escaped).

    Returns
    -------
    folium.Map
        With no tile layer: the page makes no network request when opened.
    """
    m = folium.Map(tiles=None, control_scale=True, prefer_canvas=False)
    root = m.get_root()
    root.header.add_child(Element(_CSS), name="geo_css")
    root.header.add_child(Element(f"<title>{html.escape(title)}</title>"), name="geo_title_tag")
    order = [n for n in ("corridors", "facilities", "places") if n in layers]
    order += [n for n in layers if n not in order]
    bounds = []
    for name in order:
        gdf = layers[name]
        if gdf is None or not len(gdf):
            continue
        kind = (
            name
            if name in ("corridors", "facilities", "places")
            else (
                "corridors"
                if gdf.geom_type.isin(["LineString", "MultiLineString"]).all()
                else "facilities"
            )
        )
        SafeGeoJson(layer_payload(gdf, kind), title=name.capitalize()).add_to(m)
        b = gdf.to_crs(4326).total_bounds
        bounds.append(b)
    if bounds:
        arr = np.array(bounds)
        m.fit_bounds(
            [[arr[:, 1].min(), arr[:, 0].min()], [arr[:, 3].max(), arr[:, 2].max()]],
            padding=(20, 20),
        )
    _Legend(_legend_html(layers)).add_to(m)
    _Title(title).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    return m


class _Title(MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var c = L.control({position: "topright"});
            c.onAdd = function () {
                var div = L.DomUtil.create("div", "geo-title");
                div.textContent = {{ this.title_json }};
                return div;
            };
            c.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, title: str):
        super().__init__()
        self._name = "Title"
        self.title_json = safe_json(title)


def render_html(m: folium.Map) -> str:
    """Render ``m`` to a self-contained HTML string (assets inlined)."""
    figure = inline_assets(m)
    # branca names elements with random ids; number them so equal input gives equal HTML.
    for i, el in enumerate(_walk(figure)):
        el._id = f"{i:08x}"
    return figure.render()


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


def map_layers(paths: Sequence[Path | str]) -> dict[str, gpd.GeoDataFrame]:
    """Read GeoJSON (or any OGR-readable) layers for :func:`make_map`, keyed by file stem."""
    return {Path(p).stem: gpd.read_file(p) for p in paths}
