"""QGIS styles for the layers: ``.qml`` sidecars and the GeoPackage ``layer_styles`` table.

QGIS applies ``<name>.qml`` when it opens ``<name>.geojson`` from the same folder, and
the row of ``layer_styles`` with ``useAsDefault = 1`` when it opens a GeoPackage layer.
Both carry the same style, made here from the layer's own values:

``facilities``
    points categorised by ``type``, sized by ``investment_usd`` (area ∝ USD).
``corridors``
    lines categorised by ``mode``.
``crossings``
    points categorised by ``kind`` (land or sea border).
``places``
    points categorised by ``feature_code``.
``regions``
    polygons categorised by ``area_kind``.

On every layer the outline or line style shows ``status`` (solid operating, dashed
construction, dotted proposed/announced, dash-dot shelved/cancelled…), labels show
``name``, and point features of IATI precision 3 or coarser draw their
``uncertainty_km`` radius as a translucent ellipse (degrees of lon/lat scaled by
latitude, drawn by a geometry generator in the map CRS; exact when the map CRS is
EPSG:4326, which QGIS picks when these layers are the first ones loaded).

The QML written targets QGIS ≥ 3.22 (the version in Debian 12's ``python3-qgis``).
"""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import _symbology as palette
from geo._io import write_text_atomic
from geo.errors import LayerError

__all__ = [
    "LABEL_OBSTACLES",
    "LABEL_PRIORITY",
    "STYLES",
    "LayerStyle",
    "basemap_qml",
    "layer_qml",
    "write_gpkg_styles",
    "write_qml",
]

_QGIS_VERSION = "3.22.16-Białowieża"

#: Colours and legend words come from the palette shared with the web map and stills.
_OTHER = "#888888"

#: QGIS pen style for each GEM status.
_STATUS_PEN = {
    "operating": "solid",
    "construction": "dash",
    "pre-construction": "dash",
    "proposed": "dot",
    "announced": "dot",
    "shelved": "dash dot",
    "cancelled": "dash dot dot",
    "mothballed": "dash dot",
    "retired": "dash dot dot",
}


@dataclass(frozen=True)
class LayerStyle:
    """How one layer is drawn.

    Attributes
    ----------
    geometry : {"point", "line", "polygon"}
    category_field : str
        Field whose values pick the colour.
    size_by_usd : bool
        Points sized by ``investment_usd`` (2 mm … 10 mm, area ∝ USD).
    label_field : str
        Field drawn as the label.
    """

    geometry: str
    category_field: str
    size_by_usd: bool = False
    label_field: str = "name"
    fade_waypoints: bool = False
    """Lines whose ``geometry_source`` is not ``gem`` drawn faint (WAYPOINT_OPACITY)."""


#: The style of each layer name.
STYLES: dict[str, LayerStyle] = {
    "facilities": LayerStyle("point", "type", size_by_usd=True),
    "corridors": LayerStyle("line", "mode", fade_waypoints=True),
    "crossings": LayerStyle("point", "kind"),
    "places": LayerStyle("point", "feature_code"),
    "regions": LayerStyle("polygon", "area_kind"),
}


def _colour(value: str) -> str:
    return palette.colour(value)


def _rgba(hex_colour: str, alpha: int = 255) -> str:
    h = hex_colour.lstrip("#")
    return ",".join(str(int(h[i : i + 2], 16)) for i in (0, 2, 4)) + f",{alpha}"


def _opt(parent: ET.Element, name: str, value: str, typ: str = "QString") -> ET.Element:
    return ET.SubElement(parent, "Option", {"name": name, "type": typ, "value": value})


def _options(parent: ET.Element, props: Mapping[str, str]) -> None:
    m = ET.SubElement(parent, "Option", {"type": "Map"})
    for k in sorted(props):
        _opt(m, k, props[k])


def _ddp(parent: ET.Element, props: Mapping[str, str]) -> None:
    """Data-defined properties: name → QGIS expression."""
    dd = ET.SubElement(parent, "data_defined_properties")
    m = ET.SubElement(dd, "Option", {"type": "Map"})
    _opt(m, "name", "")
    if props:
        pm = ET.SubElement(m, "Option", {"name": "properties", "type": "Map"})
        for key in sorted(props):
            p = ET.SubElement(pm, "Option", {"name": key, "type": "Map"})
            _opt(p, "active", "true", "bool")
            _opt(p, "expression", props[key])
            _opt(p, "type", "3", "int")
    else:
        ET.SubElement(m, "Option", {"name": "properties"})
    _opt(m, "type", "collection")


_STATUS_EXPR = (
    "CASE "
    + " ".join(f"WHEN \"status\" = '{s}' THEN '{pen}'" for s, pen in _STATUS_PEN.items())
    + " ELSE 'solid' END"
)
# uncertainty ellipse: semi-axes in degrees (1° lat ≈ 111.32 km; lon shrinks by cos lat)
_UNCERTAINTY_EXPR = (
    'make_ellipse($geometry, "uncertainty_km" / 111.32 / cos(radians(y($geometry))), '
    '"uncertainty_km" / 111.32, 90)'
)
_UNCERTAINTY_ON = 'coalesce("precision" >= 3 AND "uncertainty_km" > 0, false)'


def _symbol_layer(parent: ET.Element, cls: str, props: Mapping[str, str], dd: Mapping) -> None:
    lay = ET.SubElement(parent, "layer", {"class": cls, "enabled": "1", "locked": "0", "pass": "0"})
    _options(lay, props)
    _ddp(lay, dd)
    return lay


def _alpha(opacity: float) -> int:
    return round(255 * opacity)


def _fade_expr(colour: str) -> str:
    """QGIS expression: the colour solid for a GEM-traced line, faint for any other."""
    solid = _rgba(colour, _alpha(palette.TRACED_OPACITY))
    faint = _rgba(colour, _alpha(palette.WAYPOINT_OPACITY))
    return f"CASE WHEN \"geometry_source\" = 'gem' THEN '{solid}' ELSE '{faint}' END"


def _symbol(name: str, style: LayerStyle, colour: str, *, usd_max: float | None) -> ET.Element:
    kind = {"point": "marker", "line": "line", "polygon": "fill"}[style.geometry]
    sym = ET.Element(
        "symbol",
        {"alpha": "1", "clip_to_extent": "1", "force_rhr": "0", "name": name, "type": kind},
    )
    _ddp(sym, {})
    if style.geometry == "point":
        size_dd = {}
        if style.size_by_usd and usd_max:
            size_dd["size"] = (
                f'coalesce(scale_exp("investment_usd", 0, {usd_max!r}, 2, 10, 0.5), 2)'
            )
        _symbol_layer(
            sym,
            "SimpleMarker",
            {
                "name": "circle",
                "color": _rgba(colour),
                "outline_color": "35,35,35,255",
                "outline_style": "solid",
                "outline_width": "0.4",
                "outline_width_unit": "MM",
                "size": "3",
                "size_unit": "MM",
                "scale_method": "diameter",
            },
            {**size_dd, "outlineStyle": _STATUS_EXPR},
        )
        gen = _symbol_layer(
            sym,
            "GeometryGenerator",
            {"SymbolType": "Fill", "geometryModifier": _UNCERTAINTY_EXPR, "units": "MapUnit"},
            {"enabled": _UNCERTAINTY_ON},
        )
        sub = ET.SubElement(
            gen,
            "symbol",
            {"alpha": "1", "clip_to_extent": "1", "force_rhr": "0", "name": f"@{name}@1",
             "type": "fill"},
        )  # fmt: skip
        _ddp(sub, {})
        _symbol_layer(
            sub,
            "SimpleFill",
            {
                "color": _rgba(colour, 40),
                "outline_color": _rgba(colour, 200),
                "outline_style": "dash",
                "outline_width": "0.3",
                "outline_width_unit": "MM",
                "style": "solid",
            },
            {},
        )
    elif style.geometry == "line":
        line_dd = {"outlineStyle": _STATUS_EXPR}
        if style.fade_waypoints:
            line_dd["outlineColor"] = _fade_expr(colour)
        _symbol_layer(
            sym,
            "SimpleLine",
            {
                "line_color": _rgba(colour),
                "line_style": "solid",
                "line_width": "0.9",
                "line_width_unit": "MM",
                "capstyle": "round",
                "joinstyle": "round",
            },
            line_dd,
        )
    else:
        _symbol_layer(
            sym,
            "SimpleFill",
            {
                "color": _rgba(colour, 60),
                "outline_color": _rgba(colour),
                "outline_style": "solid",
                "outline_width": "0.4",
                "outline_width_unit": "MM",
                "style": "solid",
            },
            {"outlineStyle": _STATUS_EXPR},
        )
    return sym


#: Label priority (0-10, QGIS) of each layer: facilities win a crowded spot.
LABEL_PRIORITY: dict[str, int] = {
    "facilities": 9, "crossings": 7, "corridors": 6, "places": 4, "regions": 2,
}  # fmt: skip
#: Layers whose features labels of the others avoid.  Not the regions: their areas
#: (a province's 300 km circle) cover the facilities, whose labels would then be
#: pushed out of the map or dropped (issue 20).
LABEL_OBSTACLES: frozenset[str] = frozenset({"facilities", "crossings", "corridors", "places"})


def _labeling(
    root: ET.Element, field: str, geometry: str, *, priority: int = 5, obstacle: bool = True
) -> None:
    lab = ET.SubElement(root, "labeling", {"type": "simple"})
    st = ET.SubElement(lab, "settings", {"calloutType": "simple"})
    ET.SubElement(
        st,
        "text-style",
        {
            "fieldName": field,
            "isExpression": "0",
            "fontSize": "9",
            "fontSizeUnit": "Point",
            "textColor": "30,30,30,255",
            "textOpacity": "1",
            "namedStyle": "Regular",
        },
    )
    ET.SubElement(
        st,
        "text-buffer",
        {"bufferDraw": "1", "bufferSize": "0.8", "bufferSizeUnits": "MM",
         "bufferColor": "255,255,255,255", "bufferOpacity": "0.8"},
    )  # fmt: skip
    # placement: 6 = around point (cartographic), 3 = curved along the line,
    # 1 = over the polygon's centroid; placementFlags 10 = above the line, map up
    placement = {"point": "6", "line": "3", "polygon": "1"}[geometry]
    ET.SubElement(
        st,
        "placement",
        {"placement": placement, "placementFlags": "10", "dist": "1.5", "distUnits": "MM",
         "priority": str(priority), "repeatDistance": "0"},
    )  # fmt: skip
    ET.SubElement(
        st,
        "rendering",
        {"drawLabels": "1", "obstacle": "1" if obstacle else "0",
         "obstacleFactor": "1", "obstacleType": "0", "scaleVisibility": "0",
         "displayAll": "0", "upsidedownLabels": "0"},
    )  # fmt: skip


def _values(gdf: gpd.GeoDataFrame | None, field: str) -> list[str]:
    if gdf is None or field not in gdf.columns:
        return []
    return sorted({str(v) for v in gdf[field].dropna().unique()})


def layer_qml(name: str, gdf: gpd.GeoDataFrame | None = None) -> str:
    """The QGIS style (QML document) of layer ``name``.

    Parameters
    ----------
    name : str
        A key of :data:`STYLES` (``facilities``, ``corridors``, ``crossings``,
        ``places``, ``regions``).
    gdf : GeoDataFrame, optional
        The layer; its values of the category field become the categories (sorted),
        its largest ``investment_usd`` the top of the size scale.  A catch-all
        category draws any other value.

    Returns
    -------
    str
        UTF-8 QML text, deterministic for the same values.

    Raises
    ------
    LayerError
        For an unknown layer name.
    """
    style = STYLES.get(name)
    if style is None:
        raise LayerError(f"no style for layer {name!r}: use one of {sorted(STYLES)}")
    usd_max = None
    if style.size_by_usd and gdf is not None and "investment_usd" in gdf.columns:
        m = pd.to_numeric(gdf["investment_usd"], errors="coerce").max()
        usd_max = float(m) if pd.notna(m) and m > 0 else None
    root = ET.Element(
        "qgis",
        {
            "version": _QGIS_VERSION,
            "styleCategories": "Symbology|Labeling",
            "labelsEnabled": "1",
            "hasScaleBasedVisibilityFlag": "0",
        },
    )
    rend = ET.SubElement(
        root,
        "renderer-v2",
        {"type": "categorizedSymbol", "attr": style.category_field, "symbollevels": "0",
         "enableorderby": "0", "forceraster": "0", "referencescale": "-1"},
    )  # fmt: skip
    cats = ET.SubElement(rend, "categories")
    syms = ET.SubElement(rend, "symbols")
    values = _values(gdf, style.category_field)
    for i, v in enumerate([*values, None]):
        label = palette.label(v) if v is not None else "other"
        ET.SubElement(
            cats,
            "category",
            {"symbol": str(i), "value": v or "", "label": label, "render": "true"},
        )
        colour = _colour(v) if v is not None else _OTHER
        syms.append(_symbol(str(i), style, colour, usd_max=usd_max))
    _labeling(
        root,
        style.label_field,
        style.geometry,
        priority=LABEL_PRIORITY.get(name, 5),
        obstacle=name in LABEL_OBSTACLES,
    )
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + body + "\n"


#: How each basemap table of ``atlas.gpkg`` is drawn: (geometry, fill or line colour,
#: outline colour, line width mm, label colour or None).
_BASEMAP_LOOK: dict[str, tuple[str, str, str, str, str | None]] = {
    "basemap_admin0": ("polygon", palette.BASEMAP_LAND, palette.BASEMAP_COUNTRY_BORDER, "0.5",
                       None),
    "basemap_admin1": ("polygon", "", palette.BASEMAP_ADMIN1_BORDER, "0.25", None),
    "basemap_lakes": ("polygon", palette.BASEMAP_LAKE, palette.BASEMAP_RIVER, "0.2", None),
    "basemap_rivers": ("line", palette.BASEMAP_RIVER, "", "0.4", palette.BASEMAP_WATER_LABEL),
    "basemap_places": ("point", palette.BASEMAP_CITY, "", "1.6", palette.BASEMAP_LABEL),
}  # fmt: skip


def basemap_qml(table: str) -> str:
    """The QGIS style (QML) of a basemap table of ``atlas.gpkg`` (``basemap_admin0`` …).

    One symbol per table in the basemap colours of :mod:`geo._symbology` (land and
    country borders, dashed province borders, lakes, rivers labelled, cities as dots
    labelled by name).

    Raises
    ------
    LayerError
        For an unknown table name.
    """
    look = _BASEMAP_LOOK.get(table)
    if look is None:
        raise LayerError(f"no basemap style for {table!r}: use one of {sorted(_BASEMAP_LOOK)}")
    geometry, colour, outline, width, label = look
    root = ET.Element(
        "qgis",
        {"version": _QGIS_VERSION, "styleCategories": "Symbology|Labeling",
         "labelsEnabled": "1" if label else "0", "hasScaleBasedVisibilityFlag": "0"},
    )  # fmt: skip
    rend = ET.SubElement(
        root, "renderer-v2",
        {"type": "singleSymbol", "symbollevels": "0", "enableorderby": "0",
         "forceraster": "0", "referencescale": "-1"},
    )  # fmt: skip
    syms = ET.SubElement(rend, "symbols")
    kind = {"point": "marker", "line": "line", "polygon": "fill"}[geometry]
    sym = ET.SubElement(
        syms, "symbol",
        {"alpha": "1", "clip_to_extent": "1", "force_rhr": "0", "name": "0", "type": kind},
    )  # fmt: skip
    _ddp(sym, {})
    if geometry == "polygon":
        props = {
            "color": _rgba(colour) if colour else "0,0,0,0",
            "style": "solid" if colour else "no",
            "outline_color": _rgba(outline),
            "outline_style": "dash" if table == "basemap_admin1" else "solid",
            "outline_width": width,
            "outline_width_unit": "MM",
        }
        _symbol_layer(sym, "SimpleFill", props, {})
    elif geometry == "line":
        props = {"line_color": _rgba(colour), "line_style": "solid", "line_width": width,
                 "line_width_unit": "MM", "capstyle": "round", "joinstyle": "round"}  # fmt: skip
        _symbol_layer(sym, "SimpleLine", props, {})
    else:
        props = {"name": "circle", "color": _rgba(colour), "outline_style": "no",
                 "size": width, "size_unit": "MM"}  # fmt: skip
        _symbol_layer(sym, "SimpleMarker", props, {})
    if label:
        # context labels give way to the layers' own and block none of them
        _labeling(root, "name", geometry, priority=1, obstacle=False)
        root.find("labeling/settings/text-style").set("textColor", _rgba(label))  # type: ignore[union-attr]
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + body + "\n"


def write_qml(name: str, gdf: gpd.GeoDataFrame | None, path: Path | str) -> Path:
    """Write :func:`layer_qml` of ``name`` to ``path`` atomically; return ``path``."""
    return write_text_atomic(layer_qml(name, gdf), path)


def write_gpkg_styles(
    gpkg: Path | str, styles: Mapping[str, str], *, geometry_column: str = "geom"
) -> None:
    """Store one default style per layer in the GeoPackage's ``layer_styles`` table.

    Parameters
    ----------
    gpkg : Path or str
        An existing GeoPackage holding the layers named in ``styles``.
    styles : mapping of str to str
        Layer (table) name → QML text.  Existing rows of those layers are replaced,
        so each layer has exactly one row, with ``useAsDefault = 1``.
    geometry_column : str
        The layers' geometry column (``geom`` as GDAL writes it).

    Notes
    -----
    The table layout is the one QGIS creates (``Save Style → In Database``);
    it is registered in ``gpkg_contents`` as an ``attributes`` table.
    """
    con = sqlite3.connect(str(gpkg))
    try:
        con.execute(
            'CREATE TABLE IF NOT EXISTS "layer_styles" ('
            '"id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, '
            '"f_table_catalog" TEXT(256), "f_table_schema" TEXT(256), '
            '"f_table_name" TEXT(256), "f_geometry_column" TEXT(256), '
            '"styleName" TEXT(30), "styleQML" TEXT, "styleSLD" TEXT, '
            '"useAsDefault" BOOLEAN, "description" TEXT, "owner" TEXT(30), '
            '"ui" TEXT(30), "update_time" DATETIME)'
        )
        con.execute(
            "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, "
            "last_change) VALUES ('layer_styles', 'attributes', 'layer_styles', "
            "'2000-01-01T00:00:00.000Z')"
        )
        for name in sorted(styles):
            con.execute('DELETE FROM "layer_styles" WHERE f_table_name = ?', (name,))
            con.execute(
                'INSERT INTO "layer_styles" (f_table_catalog, f_table_schema, f_table_name, '
                "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, "
                "owner, ui, update_time) VALUES ('', '', ?, ?, ?, ?, '', 1, ?, '', '', "
                "'2000-01-01T00:00:00.000Z')",
                (name, geometry_column, name, styles[name], f"geo: default style of {name}"),
            )
        con.commit()
    finally:
        con.close()


def default_style_rows(gpkg: Path | str) -> dict[str, int]:
    """Number of ``useAsDefault = 1`` rows per layer in ``layer_styles`` (for checks)."""
    con = sqlite3.connect(str(gpkg))
    try:
        rows: Iterable[tuple[str, int]] = con.execute(
            'SELECT f_table_name, SUM(useAsDefault = 1) FROM "layer_styles" GROUP BY 1'
        )
        return {name: int(n) for name, n in rows}
    finally:
        con.close()
