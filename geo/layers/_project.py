"""The QGIS project ``atlas.qgz``: every layer of ``atlas.gpkg`` styled, and a print layout.

Written as the file format itself (a zip holding one ``.qgs`` XML document), never
through PyQGIS: QGIS is a test client only (``tests/qgis/``).  The project

* reads every table of ``atlas.gpkg`` by a relative path (``./atlas.gpkg|layername=…``),
  so the folder can be moved or mailed whole;
* embeds the same styles as the ``.qml`` sidecars and ``layer_styles`` (the record
  layers on top, the Natural Earth tables in a "Basemap" group at the bottom);
* is drawn in the projection the stills use for the layers' extent
  (:func:`project_crs`: Lambert conformal conic at mid latitudes);
* holds one A4 landscape print layout, "Atlas": the map, its legend (the record layers
  only), a scale bar in km, a north arrow (true north), a title and the credits
  (Natural Earth, Global Energy Monitor where its routes are drawn, the records'
  sources, the projection).

The bytes are deterministic: fixed ids and uuids, a fixed zip timestamp, sorted
attributes (:mod:`xml.etree.ElementTree` keeps insertion order, which is fixed here).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np

from geo._io import atomic_path
from geo._projection import choose_projection
from geo.layers._styles import STYLES

__all__ = ["PROJECT_NAME", "project_crs", "project_qgs", "write_project"]

#: The project file ``geo build`` writes beside ``atlas.gpkg``.
PROJECT_NAME = "atlas.qgz"

_QGIS_VERSION = "3.22.16-Białowieża"
#: A4 landscape, mm.
_PAGE_MM = (297.0, 210.0)
_MAP_BOX_MM = (10.0, 20.0, 205.0, 172.0)  # x, y, width, height
#: Zip member timestamp: the earliest a zip can hold, so builds are byte-identical.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_GEOMETRY = {"point": ("Point", "Point"), "line": ("Line", "MultiLineString"),
             "polygon": ("Polygon", "MultiPolygon")}  # fmt: skip
_BASEMAP_GEOMETRY = {
    "basemap_admin0": ("Polygon", "MultiPolygon"),
    "basemap_admin1": ("Polygon", "MultiPolygon"),
    "basemap_lakes": ("Polygon", "MultiPolygon"),
    "basemap_rivers": ("Line", "MultiLineString"),
    "basemap_places": ("Point", "Point"),
}
_TITLES = {
    "facilities": "Facilities",
    "corridors": "Corridors",
    "crossings": "Border crossings",
    "places": "Places named in the reports",
    "regions": "Areas referred to",
    "basemap_admin0": "Countries",
    "basemap_admin1": "Provinces",
    "basemap_lakes": "Lakes",
    "basemap_rivers": "Rivers",
    "basemap_places": "Cities",
}
#: Drawing order of the record layers, top first.
_RECORD_ORDER = ("facilities", "crossings", "corridors", "places", "regions")


def project_crs(bounds: Sequence[float] | None) -> tuple[str, str]:
    """The project CRS for a lon/lat extent: (PROJ string, description).

    Parameters
    ----------
    bounds : (lon0, lat0, lon1, lat1) in degrees, EPSG:4326, or None

    Returns
    -------
    (str, str)
        The stills' projection for the same extent (:func:`geo._projection.
        choose_projection`: Lambert conformal conic at mid latitudes, equirectangular
        near the equator, polar azimuthal near a pole), so the print layout and the
        stills name one projection; plate carrée (EPSG:4326) with no extent or one wider
        than 150° of longitude (no single projection serves half the globe).
    """
    if bounds is None:
        return "EPSG:4326", "WGS 84 (EPSG:4326), longitude/latitude"
    x0, y0, x1, y1 = (float(v) for v in bounds)
    if x1 - x0 > 150:
        return "EPSG:4326", "WGS 84 (EPSG:4326), longitude/latitude"
    projection = choose_projection((x0, y0, x1, y1))
    return projection.proj4, projection.name


def _el(parent: ET.Element, tag: str, attrs: Mapping[str, str] | None = None,
        text: str | None = None) -> ET.Element:  # fmt: skip
    e = ET.SubElement(parent, tag, dict(attrs or {}))
    if text is not None:
        e.text = text
    return e


def _srs(parent: ET.Element, crs: str, description: str) -> None:
    """A ``spatialrefsys`` element (``srsid`` 0: no row of QGIS's own CRS database)."""
    from pyproj import CRS

    c = CRS.from_user_input(crs)
    auth = c.to_authority()
    sys_el = _el(parent, "spatialrefsys")
    # QGIS 3.22 reads an authority id, else the PROJ string; pyproj's WKT2 it refuses
    _el(
        sys_el,
        "proj4",
        None,
        crs if crs.startswith("+proj") else "+proj=longlat +datum=WGS84 +no_defs",
    )
    _el(sys_el, "srsid", None, "0")
    _el(sys_el, "srid", None, auth[1] if auth else "0")
    _el(sys_el, "authid", None, f"{auth[0]}:{auth[1]}" if auth else "")
    _el(sys_el, "description", None, description)
    acronym = re.search(r"\+proj=(\w+)", crs)
    _el(sys_el, "projectionacronym", None, acronym.group(1) if acronym else "longlat")
    _el(sys_el, "ellipsoidacronym", None, "EPSG:7030")
    _el(sys_el, "geographicflag", None, "true" if c.is_geographic else "false")


def _style_children(qml: str) -> tuple[dict[str, str], list[ET.Element]]:
    """The root attributes and child elements of a QML document (renderer, labels)."""
    root = ET.fromstring(qml.split("\n", 1)[1] if qml.startswith("<!DOCTYPE") else qml)
    return dict(root.attrib), list(root)


def _layer_id(table: str) -> str:
    return f"{table}_layer"


def _maplayer(parent: ET.Element, table: str, qml: str, gpkg: str, geometry: tuple[str, str]
              ) -> None:  # fmt: skip
    attrs, children = _style_children(qml)
    ml = _el(
        parent,
        "maplayer",
        {"type": "vector", "geometry": geometry[0], "wkbType": geometry[1],
         "styleCategories": "AllStyleCategories", "readOnly": "0",
         "hasScaleBasedVisibilityFlag": "0", "minScale": "0", "maxScale": "0",
         "labelsEnabled": attrs.get("labelsEnabled", "0")},
    )  # fmt: skip
    _el(ml, "id", None, _layer_id(table))
    _el(ml, "datasource", None, f"./{gpkg}|layername={table}")
    _el(ml, "layername", None, _TITLES.get(table, table))
    _srs(_el(ml, "srs"), "EPSG:4326", "WGS 84")
    _el(ml, "provider", {"encoding": "UTF-8"}, "ogr")
    sm = _el(ml, "map-layer-style-manager", {"current": "default"})
    _el(sm, "map-layer-style", {"name": "default"})
    ml.extend(children)
    _el(ml, "blendMode", None, "0")
    _el(ml, "featureBlendMode", None, "0")
    _el(ml, "layerOpacity", None, "1")
    _el(ml, "legend", {"type": "default-vector", "showLabelLegend": "0"})


def _tree_layer(parent: ET.Element, table: str, gpkg: str) -> None:
    t = _el(
        parent,
        "layer-tree-layer",
        {"id": _layer_id(table), "name": _TITLES.get(table, table),
         "source": f"./{gpkg}|layername={table}", "providerKey": "ogr",
         "checked": "Qt::Checked", "expanded": "0", "legend_exp": "",
         "legend_split_behavior": "0", "patch_size": "-1,-1"},
    )  # fmt: skip
    _el(_el(t, "customproperties"), "Option")


def _map_extent(bounds: Sequence[float] | None, crs: str) -> tuple[float, float, float, float]:
    """The layers' extent in the project CRS, padded 5 %, at the map frame's aspect ratio."""
    from pyproj import Transformer

    x0, y0, x1, y1 = bounds if bounds is not None else (-180.0, -90.0, 180.0, 90.0)
    lon = np.concatenate([np.linspace(x0, x1, 50), np.full(50, x1), np.linspace(x1, x0, 50),
                          np.full(50, x0)])  # fmt: skip
    lat = np.concatenate([np.full(50, y0), np.linspace(y0, y1, 50), np.full(50, y1),
                          np.linspace(y1, y0, 50)])  # fmt: skip
    xs, ys = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(lon, lat)
    ex0, ex1, ey0, ey1 = xs.min(), xs.max(), ys.min(), ys.max()
    w, h = (ex1 - ex0) * 1.1, (ey1 - ey0) * 1.1
    aspect = _MAP_BOX_MM[2] / _MAP_BOX_MM[3]
    w, h = max(w, h * aspect), max(h, w / aspect)
    cx, cy = (ex0 + ex1) / 2, (ey0 + ey1) / 2
    return tuple(round(float(v), 3) for v in (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))  # type: ignore[return-value]


_UUID = "{{00000000-0000-4000-8000-{:012d}}}"


def _item(layout: ET.Element, kind: int, n: int, box: Sequence[float], z: int,
          **attrs: str) -> ET.Element:  # fmt: skip
    x, y, w, h = box
    uuid = _UUID.format(n)
    item = _el(
        layout,
        "LayoutItem",
        {"type": str(kind), "uuid": uuid, "templateUuid": uuid, "id": attrs.pop("id", ""),
         "position": f"{x:g},{y:g},mm", "positionOnPage": f"{x:g},{y:g},mm",
         "size": f"{w:g},{h:g},mm", "zValue": str(z), "visibility": "1",
         "frame": attrs.pop("frame", "false"), "background": attrs.pop("background", "false"),
         "opacity": "1", "blendMode": "0", "itemRotation": "0", "referencePoint": "0",
         "positionLock": "false", "excludeFromExports": "0", "outlineWidthM": "0.3,mm",
         "frameJoinStyle": "miter", "groupUuid": "", **attrs},
    )  # fmt: skip
    _el(item, "FrameColor", {"red": "60", "green": "60", "blue": "60", "alpha": "255"})
    _el(item, "BackgroundColor", {"red": "255", "green": "255", "blue": "255", "alpha": "255"})
    return item


def _label(layout: ET.Element, n: int, box: Sequence[float], text: str, size_pt: int,
           *, bold: bool = False) -> None:  # fmt: skip
    item = _item(layout, 65641, n, box, 10, id=f"label{n}", labelText=text, htmlState="0",
                 marginX="0", marginY="0", halign="1", valign="32")  # fmt: skip
    weight = "75" if bold else "50"
    _el(item, "LabelFont", {"description": f"Sans Serif,{size_pt},-1,5,{weight},0,0,0,0,0",
                            "style": ""})  # fmt: skip
    _el(item, "FontColor", {"red": "30", "green": "30", "blue": "30", "alpha": "255"})


def _layout(root: ET.Element, *, tables: Sequence[str], extent: Sequence[float], title: str,
            credits: str, gpkg: str) -> None:  # fmt: skip
    """The print layout "Atlas" (A4 landscape) under ``root``'s ``Layouts``."""
    layouts = _el(root, "Layouts")
    lay = _el(layouts, "Layout", {"name": "Atlas", "units": "mm", "printResolution": "300",
                                  "worldFileMap": ""})  # fmt: skip
    pages = _el(lay, "PageCollection")
    page = _item(pages, 65638, 1, (0, 0, *_PAGE_MM), 0, background="true")
    page.set("position", "0,0,mm")
    _el(pages, "GuideCollection", {"visible": "1"})
    map_uuid = _UUID.format(2)
    m = _item(lay, 65639, 2, _MAP_BOX_MM, 1, id="map", frame="true", background="true",
              keepLayerSet="false", drawCanvasItems="true", mapRotation="0",
              followPreset="false", followPresetName="", mapFlags="0", isTemporal="0",
              labelMargin="0,mm")  # fmt: skip
    x0, y0, x1, y1 = extent
    _el(m, "Extent", {"xmin": repr(x0), "ymin": repr(y0), "xmax": repr(x1), "ymax": repr(y1)})
    _el(m, "LayerSet")
    _el(m, "AtlasMap", {"atlasDriven": "0", "scalingMode": "2", "margin": "0.1"})
    mx, my, mw, mh = _MAP_BOX_MM
    right = mx + mw + 5
    _label(lay, 3, (mx, 6, mw, 10), title, 16, bold=True)
    leg = _item(lay, 65642, 4, (right, my, _PAGE_MM[0] - right - 8, mh - 20), 2, id="legend",
                title="Legend", map_uuid=map_uuid, resizeToContents="0", columnCount="1",
                splitLayer="0", equalColumnWidth="0", symbolWidth="6", symbolHeight="3.5",
                wrapChar="", legendFilterByAtlas="0", titleAlignment="1", boxSpace="2",
                columnSpace="2", lineSpacing="1", fontColor="#1e1e1e")  # fmt: skip
    styles = _el(leg, "styles")
    for name, size, weight, top in (("title", 11, 75, 0), ("group", 9, 75, 2.5),
                                    ("subgroup", 8, 50, 1.5), ("symbol", 8, 50, 1.2),
                                    ("symbolLabel", 8, 50, 1.2)):  # fmt: skip
        st = _el(styles, "style", {"name": name, "marginTop": f"{top:g}", "alignment": "1",
                                   "indent": "0", "marginBottom": "1.5" if name == "title" else "0"})  # fmt: skip
        _el(st, "styleFont", {"description": f"Sans Serif,{size},-1,5,{weight},0,0,0,0,0",
                              "style": ""})  # fmt: skip
    tree = _el(leg, "layer-tree-group")
    _el(_el(tree, "customproperties"), "Option")
    for table in tables:
        _tree_layer(tree, table, gpkg)
    _item(lay, 65646, 5, (mx + 2, my + mh - 14, 70, 12), 3, id="scalebar", mapUuid=map_uuid,
          style="Single Box", unitType="kilometers", unitLabel="km",
          numMapUnitsPerScaleBarUnit="1000", numSegments="2", numSegmentsLeft="0",
          numSubdivisions="1", segmentSizeMode="1", minBarWidth="20", maxBarWidth="60",
          numUnitsPerSegment="100", height="2", labelBarSpace="2", boxContentSpace="1",
          alignment="0", background="true")  # fmt: skip
    _item(lay, 65640, 6, (mx + mw - 14, my + 3, 10, 14), 4, id="north_arrow",
          file="arrows/NorthArrow_02.svg", mapUuid=map_uuid, northMode="1", northOffset="0",
          mode="1", resizeMode="0", anchorPoint="0", pictureRotation="0",
          svgFillColor="30,30,30,255", svgBorderColor="30,30,30,255",
          svgBorderWidth="0.2")  # fmt: skip
    _label(lay, 7, (mx, my + mh + 2, _PAGE_MM[0] - 2 * mx, 14), credits, 7)
    _el(lay, "Atlas", {"enabled": "0", "coverageLayer": "", "hideCoverage": "0",
                       "filenamePattern": "'output_'||@atlas_featurenumber"})  # fmt: skip


def project_qgs(
    layers: Mapping[str, gpd.GeoDataFrame],
    styles: Mapping[str, str],
    *,
    gpkg_name: str = "atlas.gpkg",
    title: str = "Cross-border infrastructure",
    credits: Sequence[str] = (),
) -> str:
    """The ``.qgs`` XML of the project over ``atlas.gpkg``.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        The record layers (EPSG:4326) by name; their extent frames the map, and only
        non-empty ones go into the legend.
    styles : mapping of str to str
        Table of ``atlas.gpkg`` → its QML (record layers and basemap tables); each
        becomes one project layer, in the drawing order of :data:`_RECORD_ORDER`,
        then the basemap tables (``basemap_*``) at the bottom, in a group.
    gpkg_name : str, keyword-only
        The GeoPackage's file name, beside the project (a relative path).
    title : str, keyword-only
        The layout's title.
    credits : sequence of str, keyword-only
        Lines of the credits box; the projection's line is added.

    Returns
    -------
    str
        The XML text (UTF-8), deterministic for the same inputs.
    """
    from geo.layers._basemap import basemap_extent

    bounds = basemap_extent(layers, pad_deg=0.5)
    crs, crs_desc = project_crs(bounds)
    record = [t for t in _RECORD_ORDER if t in styles]
    basemap = [t for t in reversed(list(_BASEMAP_GEOMETRY)) if t in styles]
    root = ET.Element("qgis", {"version": _QGIS_VERSION, "projectname": title,
                               "saveUser": "", "saveUserFull": "", "saveDateTime": ""})  # fmt: skip
    _el(root, "homePath", {"path": ""})
    _el(root, "title", None, title)
    _srs(_el(root, "projectCrs"), crs, crs_desc)
    tree = _el(root, "layer-tree-group")
    _el(_el(tree, "customproperties"), "Option")
    for t in record:
        _tree_layer(tree, t, gpkg_name)
    group = _el(tree, "layer-tree-group", {"name": "Basemap (Natural Earth)",
                                           "checked": "Qt::Checked", "expanded": "0"})  # fmt: skip
    _el(_el(group, "customproperties"), "Option")
    for t in basemap:
        _tree_layer(group, t, gpkg_name)
    extent = _map_extent(bounds, crs)
    canvas = _el(root, "mapcanvas", {"name": "theMapCanvas", "annotationsVisible": "1"})
    _el(canvas, "units", None, "degrees" if crs == "EPSG:4326" else "meters")
    ext = _el(canvas, "extent")
    for k, v in zip(("xmin", "ymin", "xmax", "ymax"), extent, strict=True):
        _el(ext, k, None, repr(v))
    _el(canvas, "rotation", None, "0")
    _srs(_el(canvas, "destinationsrs"), crs, crs_desc)
    pl = _el(root, "projectlayers")
    for t in sorted(record + basemap):  # sorted ids: stable bytes
        geometry = _BASEMAP_GEOMETRY.get(t) or _GEOMETRY[STYLES[t].geometry]
        _maplayer(pl, t, styles[t], gpkg_name, geometry)
    order = _el(root, "layerorder")
    for t in record + basemap:
        _el(order, "layer", {"id": _layer_id(t)})
    props = _el(root, "properties")
    measure = _el(props, "Measurement")
    _el(measure, "AreaUnits", {"type": "QString"}, "km2")
    _el(measure, "DistanceUnits", {"type": "QString"}, "km")
    pal = _el(props, "PAL")
    _el(pal, "PlacementEngineVersion", {"type": "int"}, "1")  # QGIS 3.10+ engine
    _el(pal, "TextFormat", {"type": "int"}, "1")  # text stays text in PDF/SVG
    _el(pal, "DrawUnplaced", {"type": "bool"}, "false")
    paths = _el(props, "Paths")
    _el(paths, "Absolute", {"type": "bool"}, "false")
    srs = _el(props, "SpatialRefSys")
    # without this flag QGIS 3.22 ignores projectCrs and falls back to no CRS
    _el(srs, "ProjectionsEnabled", {"type": "int"}, "1")
    shown = [t for t in record if t in layers and len(layers[t])]
    lines = [*credits, f"Projection: {crs_desc}."]
    _layout(
        root, tables=shown, extent=extent, title=title, credits="\n".join(lines), gpkg=gpkg_name
    )
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + body + "\n"


def write_project(path: Path | str, qgs: str) -> Path:
    """Write ``qgs`` as a QGIS project archive (``.qgz``) at ``path``, atomically.

    The archive holds one member, ``<stem>.qgs``, deflated, with a fixed timestamp,
    so the same text gives the same bytes.
    """
    path = Path(path)
    info = zipfile.ZipInfo(f"{path.stem}.qgs", date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w") as zf:
        zf.writestr(info, qgs.encode("utf-8"), compresslevel=9)
    return path
