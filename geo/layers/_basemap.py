"""Reference layers written into ``atlas.gpkg``, so a QGIS user gets context with one file.

Natural Earth 1:10m countries, provinces (admin-1), rivers, lakes and populated places
(:func:`geo.reference.load_layer`), cut to the extent of the records' layers (:data:`EXTENT_LAYERS`) padded by
:data:`BASEMAP_PAD_DEG`.  When that extent lies in :data:`geo.reference.DETAIL_BOX`
the padded box is kept inside it, and when it also covers at most
:data:`DETAIL_MAX_SQ_DEG` the detail files (~500 m, river borders on land) are used;
a larger extent (the seeds reach from Yamal to Shanghai) takes the overview files
(~2 km), which keeps ``atlas.gpkg`` near 2 MB instead of 4.4 MB.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import shapely

__all__ = [
    "BASEMAP_LAYERS",
    "BASEMAP_PAD_DEG",
    "DETAIL_MAX_SQ_DEG",
    "EXTENT_LAYERS",
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
#: Largest extent (square degrees) drawn from the detail files.
DETAIL_MAX_SQ_DEG = 400.0
#: Degrees added on every side of the layers' extent.
BASEMAP_PAD_DEG = 2.0


def basemap_extent(
    layers: Mapping[str, gpd.GeoDataFrame], *, pad_deg: float = BASEMAP_PAD_DEG
) -> tuple[float, float, float, float] | None:
    """The extent of :data:`EXTENT_LAYERS` padded by ``pad_deg`` (lon/lat box), or None when all are empty."""
    from geo.reference import DETAIL_BOX

    boxes = [
        g.total_bounds
        for name, g in layers.items()
        if name in EXTENT_LAYERS and len(g) and not g.geometry.is_empty.all()
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


def basemap_layers(
    layers: Mapping[str, gpd.GeoDataFrame], *, pad_deg: float = BASEMAP_PAD_DEG
) -> dict[str, gpd.GeoDataFrame]:
    """Natural Earth context layers cut to the extent of ``layers``.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        The built layers (EPSG:4326).
    pad_deg : float, keyword-only
        Degrees added around their extent.

    Returns
    -------
    dict of str to GeoDataFrame
        :data:`BASEMAP_LAYERS` names → features cut to the box (EPSG:4326); empty
        when every layer is empty.
    """
    from geo.reference import load_layer

    box = basemap_extent(layers, pad_deg=pad_deg)
    if box is None:
        return {}
    area = (box[2] - box[0]) * (box[3] - box[1])
    detail = "auto" if area <= DETAIL_MAX_SQ_DEG else "overview"
    out = {}
    for table, name in BASEMAP_LAYERS.items():
        gdf = load_layer(name, bbox=box, detail=detail)
        if name != "places":
            cut = shapely.clip_by_rect(gdf.geometry.values, *box)
            gdf = gdf.set_geometry(gpd.GeoSeries(cut, index=gdf.index, crs=gdf.crs))
            # a cut may leave slivers of a lower dimension on the box's edge
            family = "LineString" if name == "rivers" else "Polygon"
            gdf = gdf[gdf.geometry.geom_type.isin([family, "Multi" + family])]
        out[table] = gdf.reset_index(drop=True)
    return out
