"""Reference layers written into ``atlas.gpkg``, so a QGIS user gets context with one file.

Natural Earth 1:10m countries, provinces (admin-1), rivers, lakes and populated places
(:func:`geo.reference.load_layer`) over the extent of the records' layers
(:data:`EXTENT_LAYERS`) padded by :data:`BASEMAP_PAD_DEG`, at two scales: the detail
files (~500 m: river borders stay on land) inside the *focus* box, the extent of the
points (:data:`FOCUS_LAYERS`: facilities and border crossings, where a reader zooms
in) padded alike and kept inside :data:`geo.reference.DETAIL_BOX`; the world overview
(~2 km) for the rest of the extent, cut out around the focus box.  Each feature says
which in ``scale``.  For the seeds (lines from Yamal to Shanghai, points along the
Amur and the Ussuri) this keeps ``atlas.gpkg`` near 2.5 MB, against 4.4 MB with the
detail files everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import shapely

__all__ = [
    "BASEMAP_LAYERS",
    "BASEMAP_PAD_DEG",
    "EXTENT_LAYERS",
    "FOCUS_LAYERS",
    "basemap_extent",
    "basemap_layers",
]

#: GeoPackage table name → :func:`geo.reference.load_layer` name, in drawing order
#: (bottom first).
BASEMAP_LAYERS: dict[str, str] = {
    "basemap_admin0": "admin0",
    "basemap_admin1": "admin1",
    "basemap_lakes": "lakes",
    "basemap_rivers": "rivers",
    "basemap_places": "places",
}
#: The layers whose extent the basemap covers: the records' own features (places a
#: report names may lie anywhere, e.g. New York; country areas span continents).
EXTENT_LAYERS = ("facilities", "corridors", "crossings")
#: The layers whose extent is drawn from the detail files.
FOCUS_LAYERS = ("facilities", "crossings")
#: Degrees added on every side of the layers' extent.
BASEMAP_PAD_DEG = 2.0


def basemap_extent(
    layers: Mapping[str, gpd.GeoDataFrame],
    *,
    pad_deg: float = BASEMAP_PAD_DEG,
    names: tuple[str, ...] = EXTENT_LAYERS,
) -> tuple[float, float, float, float] | None:
    """The extent of the layers ``names`` padded by ``pad_deg`` (lon/lat box), or None.

    A box around features inside :data:`geo.reference.DETAIL_BOX` is kept inside it.
    """
    from geo.reference import DETAIL_BOX

    boxes = [
        g.total_bounds
        for name, g in layers.items()
        if name in names and len(g) and not g.geometry.is_empty.all()
    ]
    boxes = [b for b in boxes if np.isfinite(b).all()]
    if not boxes:
        return None
    arr = np.array(boxes)
    x0, y0 = arr[:, 0].min(), arr[:, 1].min()
    x1, y1 = arr[:, 2].max(), arr[:, 3].max()
    padded = (
        max(x0 - pad_deg, -180.0),
        max(y0 - pad_deg, -90.0),
        min(x1 + pad_deg, 180.0),
        min(y1 + pad_deg, 90.0),
    )
    dx0, dy0, dx1, dy1 = DETAIL_BOX
    if dx0 <= x0 and dy0 <= y0 and x1 <= dx1 and y1 <= dy1:  # keep the detail scale
        padded = (
            max(padded[0], dx0),
            max(padded[1], dy0),
            min(padded[2], dx1),
            min(padded[3], dy1),
        )
    return tuple(float(v) for v in padded)  # type: ignore[return-value]


def _cut(gdf: gpd.GeoDataFrame, name: str, keep: shapely.Geometry) -> gpd.GeoDataFrame:
    """``gdf`` cut to ``keep`` (points: those inside), without slivers of a lower dimension."""
    if name == "places":
        return gdf[shapely.intersects(keep, gdf.geometry.values)]
    cut = shapely.intersection(gdf.geometry.values, keep)
    gdf = gdf.set_geometry(gpd.GeoSeries(cut, index=gdf.index, crs=gdf.crs))
    family = "LineString" if name == "rivers" else "Polygon"
    return gdf[gdf.geometry.geom_type.isin([family, "Multi" + family])]


def basemap_layers(
    layers: Mapping[str, gpd.GeoDataFrame], *, pad_deg: float = BASEMAP_PAD_DEG
) -> dict[str, gpd.GeoDataFrame]:
    """Natural Earth context layers over the extent of ``layers``, detailed where they focus.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        The built layers (EPSG:4326).
    pad_deg : float, keyword-only
        Degrees added around their extent.

    Returns
    -------
    dict of str to GeoDataFrame
        :data:`BASEMAP_LAYERS` names → features cut to the extent (EPSG:4326), with
        ``scale`` ``detail`` (inside the focus box) or ``overview``; empty when every
        layer is empty.
    """
    import pandas as pd

    from geo.reference import load_layer

    box = basemap_extent(layers, pad_deg=pad_deg)
    if box is None:
        return {}
    focus = basemap_extent(layers, pad_deg=pad_deg, names=FOCUS_LAYERS)
    whole = shapely.box(*box)
    inner = shapely.box(*focus).intersection(whole) if focus else shapely.Polygon()
    outer = whole.difference(inner)
    out = {}
    for table, name in BASEMAP_LAYERS.items():
        parts = []
        for scale, area in (("detail", inner), ("overview", outer)):
            if area.is_empty:
                continue
            detail = "detail" if scale == "detail" else "overview"
            gdf = _cut(load_layer(name, bbox=area.bounds, detail=detail), name, area)
            parts.append(gdf.assign(scale=scale))
        out[table] = gpd.GeoDataFrame(
            pd.concat(parts, ignore_index=True), geometry="geometry", crs="EPSG:4326"
        )
    return out
