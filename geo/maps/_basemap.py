"""The web map's reference basemap: land and sea, borders, provinces, rivers, lakes and cities.

Everything comes from :mod:`geo.reference` (Natural Earth 1:10m, public domain):

- around the view the map opens on (the infrastructure's bounds, padded as
  :func:`geo.reference.view_bounds` pads them), the reference layers at their best
  scale — the *detail* files inside :data:`geo.reference.DETAIL_BOX` (tolerance 0.002°,
  so the Tumen border at Khasan stays on land at every zoom), the world *overview*
  files elsewhere in the view, simplified to the view's span / 1500;
- beyond the view, a coarse world overview of land and country borders (and the
  minimap), with a hole where the view's detail lies.

:func:`basemap_frames` returns these as GeoDataFrames (the benchmark draws the same data
with folium); :func:`basemap_payloads` encodes them for ``GEO.base`` in ``map.js``:
integer coordinates on a grid of ``1 / q`` degrees, each part delta-encoded, which is
about a third of the size of GeoJSON with the same precision.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.affinity

from geo import _symbology as palette

__all__ = ["MapBase", "basemap_frames", "basemap_payloads", "city_min_zoom"]

#: Detail-file tolerance (degrees) stated by ``geo/reference/_layers.py``.
_DETAIL_TOL_DEG = 0.002
#: The world overview files' own tolerance (degrees).
_OVERVIEW_TOL_DEG = 0.02
#: A river label every this many degrees of line (the page drops the ones that collide).
_RIVER_LABEL_STEP_DEG = 1.0
#: Admin-1 borders are drawn faint and thin: simplified to at least this (degrees, ~2 km),
#: a tenth of the vertices of the detail file, which the country borders keep.
_ADMIN1_TOL_DEG = 0.02
#: The minimap is 150 px wide: the overview simplified to its span / this.
_MINIMAP_DIVISOR = 150.0
#: Natural Earth's ``min_zoom`` is for a world map crowded with every label; ours names
#: only reference features, so rivers and lakes are named one zoom step earlier.
_WATER_ZOOM_LEAD = 1.0


@dataclass
class MapBase:
    """The reference layers of one web map, clipped.

    Attributes
    ----------
    view : tuple of float
        ``(min_lon, min_lat, max_lon, max_lat)`` of the detailed part, degrees.
    wide : tuple of float
        Box of the coarse overview around it.
    frames : dict of str to GeoDataFrame
        ``land``, ``borders``, ``admin1``, ``rivers``, ``lakes`` and ``places`` (inside
        ``view``); ``land_overview``, ``borders_overview`` (``wide`` less ``view``) and
        ``minimap`` (the whole ``wide`` land).  EPSG:4326, longitudes in the map's band.
    tolerance_deg : dict of str to float
        Simplification of each frame (degrees; the coarsest part where parts differ).
    grid_deg : dict of str to float
        The finest tolerance of each frame: its coordinates are written on a grid of a
        quarter of it.
    """

    view: tuple[float, float, float, float]
    wide: tuple[float, float, float, float]
    frames: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    tolerance_deg: dict[str, float] = field(default_factory=dict)
    grid_deg: dict[str, float] = field(default_factory=dict)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """The detailed box (as the old ``Basemap.bounds``)."""
        return self.view


def _round2(value: float) -> float:
    return float(f"{value:.2g}")


def _load(name: str, box: tuple[float, float, float, float], detail: str) -> gpd.GeoDataFrame:
    """``load_layer`` for a box that may reach east of 180° (the 0…360 band)."""
    from geo.reference import load_layer

    x0, y0, x1, y1 = box
    frames = []
    if x0 < 180.0:
        frames.append(
            load_layer(name, bbox=(max(x0, -180.0), y0, min(x1, 180.0), y1), detail=detail)
        )
    if x1 > 180.0:
        east = load_layer(name, bbox=(max(x0, 180.0) - 360.0, y0, x1 - 360.0, y1), detail=detail)
        moved = [shapely.affinity.translate(g, xoff=360.0) for g in east.geometry.values]
        frames.append(east.set_geometry(moved, crs=east.crs))
    frames = [f for f in frames if len(f)]
    if not frames:
        return load_layer(name, bbox=(0.0, 0.0, 0.0, 0.0), detail=detail).iloc[:0]
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326")


def _parts(view: tuple[float, float, float, float]) -> list[tuple[str, Any, float]]:
    """``(detail, region, tolerance_deg)`` pieces that tile ``view``.

    The part of the view inside :data:`DETAIL_BOX` comes from the detail files, the rest
    from the overview files, simplified to the view's span / 1500 (never below their own
    0.02°): far from the infrastructure, a few kilometres are enough.
    """
    from geo.reference import DETAIL_BOX

    vbox = shapely.box(*view)
    dbox = shapely.box(*DETAIL_BOX)
    span = max(view[2] - view[0], view[3] - view[1])
    coarse = _round2(max(_OVERVIEW_TOL_DEG, span / 1500.0))
    out: list[tuple[str, Any, float]] = []
    inside = shapely.intersection(vbox, dbox)
    if inside.area > 0:
        out.append(("detail", inside, _DETAIL_TOL_DEG))
    rest = shapely.difference(vbox, dbox)
    if rest.area > 0:
        out.append(("overview", rest, coarse))
    return out


def _clip(gdf: gpd.GeoDataFrame, region: Any, *, keep: str) -> gpd.GeoDataFrame:
    """Cut ``gdf`` to ``region``, keeping the ``keep`` ("polygon", "line") parts."""
    geoms = shapely.intersection(gdf.geometry.values, region)
    geoms = np.asarray([_only(g, keep) for g in geoms], dtype=object)
    out = gdf.set_geometry(geoms, crs="EPSG:4326")
    return out[~shapely.is_empty(geoms)].reset_index(drop=True)


def _only(geom: Any, keep: str) -> Any:
    """The polygon or line parts of a clip result (which may hold stray points)."""
    kinds = ("Polygon", "MultiPolygon") if keep == "polygon" else ("LineString", "MultiLineString")
    if geom.geom_type in kinds:
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in kinds]
    if not parts:
        return shapely.Polygon() if keep == "polygon" else shapely.LineString()
    return shapely.union_all(parts)


def _simplify(gdf: gpd.GeoDataFrame, tol: float, own: float) -> gpd.GeoDataFrame:
    if tol <= own * 1.01:
        return gdf
    geoms = shapely.simplify(gdf.geometry.values, tol, preserve_topology=True)
    return gdf.set_geometry(geoms, crs="EPSG:4326")


def _outlines(polys: gpd.GeoDataFrame) -> Any:
    """Union of the polygons' outlines, noded (a shared edge drawn once where it matches)."""
    if not len(polys):
        return shapely.MultiLineString()
    return shapely.union_all(shapely.boundary(polys.geometry.values))


def _thin(lines: Any, tol: float) -> Any:
    """Province borders: merged, simplified, without slivers shorter than 5 tolerances.

    Neighbouring provinces were simplified one by one in the reference files, so their
    common border is two close lines crossing each other: noded, they leave many tiny
    pieces, which are dropped here.
    """
    if lines.is_empty:
        return lines
    merged = shapely.line_merge(lines) if lines.geom_type == "MultiLineString" else lines
    parts = shapely.get_parts(shapely.simplify(merged, tol))
    parts = parts[shapely.length(parts) >= 5 * tol]
    return shapely.MultiLineString(list(parts)) if len(parts) else shapely.MultiLineString()


def _line_frame(geom: Any, region: Any) -> gpd.GeoDataFrame:
    """A one-row line layer of ``geom`` cut to ``region``."""
    cut = _only(shapely.intersection(geom, region), "line")
    if not cut.is_empty:
        cut = shapely.line_merge(cut) if cut.geom_type == "MultiLineString" else cut
    return gpd.GeoDataFrame(geometry=[cut] if not cut.is_empty else [], crs="EPSG:4326")


def _view_layers(view: tuple[float, float, float, float]) -> tuple[dict, dict]:
    """Land, borders, admin-1 lines, rivers and lakes of the view, piece by piece."""
    pieces: dict[str, list[gpd.GeoDataFrame]] = {
        k: [] for k in ("land", "borders", "admin1", "rivers", "lakes")
    }
    tols: dict[str, float] = {}
    fine: dict[str, float] = {}
    for detail, region, tol in _parts(view):
        own = _DETAIL_TOL_DEG if detail == "detail" else _OVERVIEW_TOL_DEG
        box = tuple(float(v) for v in region.bounds)
        # Outlines are taken from whole polygons and then cut: the clip box's own
        # edges are never stroked as a border or a coast.
        a0 = _simplify(_load("admin0", box, detail), tol, own)
        a1 = _simplify(_load("admin1", box, detail), tol, own)
        country_lines = _outlines(a0)
        # Cut the country outlines out at the same tolerance (where they match),
        # then thin the faint province borders further.
        inner = _thin(shapely.difference(_outlines(a1), country_lines), max(tol, _ADMIN1_TOL_DEG))
        pieces["land"].append(_clip(a0[["name", "geometry"]], region, keep="polygon"))
        pieces["borders"].append(_line_frame(country_lines, region))
        pieces["admin1"].append(_line_frame(inner, region))
        rivers = _simplify(_load("rivers", box, detail), tol, own)
        pieces["rivers"].append(_clip(rivers, region, keep="line"))
        lakes = _simplify(_load("lakes", box, detail), tol, own)
        pieces["lakes"].append(_clip(lakes, region, keep="polygon"))
        for k in pieces:
            t = tol if k != "admin1" else max(tol, _ADMIN1_TOL_DEG)
            tols[k] = max(tols.get(k, 0.0), t)
            fine[k] = min(fine.get(k, math.inf), t)
    frames = {
        k: gpd.GeoDataFrame(pd.concat(v, ignore_index=True), crs="EPSG:4326")
        for k, v in pieces.items()
    }
    return frames, tols, fine


def basemap_frames(
    core_bounds: tuple[float, float, float, float] | None,
    *,
    data_bounds: tuple[float, float, float, float] | None = None,
) -> MapBase:
    """The reference layers under a web map whose infrastructure lies in ``core_bounds``.

    Parameters
    ----------
    core_bounds : (min_lon, min_lat, max_lon, max_lat) or None
        Degrees, EPSG:4326, in the map's band of longitudes (−180…180 or 0…360);
        ``None``: the whole world at overview scale.
    data_bounds : (min_lon, min_lat, max_lon, max_lat), optional, keyword-only
        Bounds of every layer (far places too): the coarse overview reaches them.

    Returns
    -------
    MapBase
        Deterministic: the same bounds give the same frames.
    """
    from geo.reference import view_bounds

    view = view_bounds(core_bounds if core_bounds is not None else (-180, -60, 180, 80))
    wide = view_bounds(
        data_bounds if data_bounds is not None else view, pad_ratio=4.0, min_span_deg=60.0
    )
    frames, tols, fine = _view_layers(view)
    frames["places"] = _places(view)
    over_tol = _round2((wide[2] - wide[0]) / 400)
    world = _simplify(_load("admin0", wide, "overview"), over_tol, _OVERVIEW_TOL_DEG)
    world = world.set_geometry(
        [_drop_small(g, 4 * over_tol**2) for g in world.geometry.values], crs="EPSG:4326"
    )
    world = _clip(world[["name", "geometry"]], shapely.box(*wide), keep="polygon")
    ring = shapely.difference(shapely.box(*wide), shapely.box(*view))
    frames["land_overview"] = _clip(world, ring, keep="polygon")
    frames["borders_overview"] = _line_frame(_outlines(world), ring)
    mini_tol = _round2((wide[2] - wide[0]) / _MINIMAP_DIVISOR)
    frames["minimap"] = _simplify(world, mini_tol, over_tol)
    for k in ("land_overview", "borders_overview"):
        tols[k] = over_tol
    tols["minimap"] = mini_tol
    fine.update({k: tols[k] for k in ("land_overview", "borders_overview", "minimap")})
    return MapBase(view=view, wide=wide, frames=frames, tolerance_deg=tols, grid_deg=fine)


def _drop_small(geom: Any, min_area: float) -> Any:
    """Islands under ``min_area`` square degrees dropped (under 2 × 2 tolerance cells)."""
    parts = shapely.get_parts(geom)
    keep = parts[shapely.area(parts) >= min_area]
    if len(keep) == len(parts):
        return geom
    return shapely.MultiPolygon(list(keep)) if len(keep) else shapely.Polygon()


def city_min_zoom(pop: float, featurecla: str | None) -> int:
    """The Leaflet zoom from which a city is labelled.

    The first zoom of :data:`geo._symbology.CITY_MIN_POP_BY_ZOOM` whose population
    threshold ``pop`` reaches; a provincial capital one step earlier and a national
    capital two (a reader looks for capitals before their size says so).
    """
    table = sorted(palette.CITY_MIN_POP_BY_ZOOM.items())
    zoom = next((z for z, p in table if pop >= p), table[-1][0])
    cla = str(featurecla or "")
    if cla.startswith("Admin-0 capital"):
        zoom -= 2
    elif cla.startswith("Admin-1"):
        zoom -= 1
    return max(zoom, table[0][0] - 1)


def _places(view: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """Populated places in the view: label (English name), population, first zoom."""
    gdf = _load("places", view, "auto")
    if not len(gdf):
        return gpd.GeoDataFrame({"label": [], "pop": [], "zoom": []}, geometry=[], crs=4326)
    x, y = gdf.geometry.x.to_numpy(), gdf.geometry.y.to_numpy()
    gdf = gdf[(x >= view[0]) & (x <= view[2]) & (y >= view[1]) & (y <= view[3])]
    label = gdf["name_en"].where(gdf["name_en"].notna(), gdf["name"])
    pop = gdf["pop_max"].fillna(0).astype(float).clip(lower=0)
    zoom = [city_min_zoom(p, c) for p, c in zip(pop, gdf["featurecla"], strict=True)]
    out = gpd.GeoDataFrame(
        {"label": label.astype(str), "pop": pop.astype(int), "zoom": zoom},
        geometry=gdf.geometry.values,
        crs="EPSG:4326",
    )
    out = out[out["label"].str.len() > 0]
    return out.sort_values(["zoom", "pop", "label"], ascending=[True, False, True]).reset_index(
        drop=True
    )


# --- Encoding for the page (GEO.base and GEO.labels in map.js) ---


def _grid(tol: float) -> float:
    """Coordinates per degree: 1, 2 or 5 × 10ⁿ, a grid no coarser than the tolerance.

    Rounding moves a vertex by at most half a cell (≤ tol / 2): the Tumen border at
    Khasan (detail, 0.002°) is written on a 0.002° grid, 110 m at most from its place.
    """
    need = 1.0 / tol
    exp = math.floor(math.log10(need))
    q = next(m * 10.0**exp for m in (1, 2, 5, 10) if m * 10.0**exp >= need * 0.999)
    return int(q) if q >= 1 else q


def _ints(coords: np.ndarray, q: float) -> list[int]:
    """One ring or line as ``[x0, y0, dx1, dy1, …]`` on a grid of ``1 / q`` degrees."""
    grid = np.round(np.asarray(coords)[:, :2] * q).astype(np.int64)
    if len(grid) > 1:
        keep = np.ones(len(grid), dtype=bool)
        keep[1:] = np.any(grid[1:] != grid[:-1], axis=1)
        grid = grid[keep]
    deltas = np.diff(grid, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return deltas.ravel().tolist()


def _encode(geom: Any, q: float) -> list | None:
    """A (multi)polygon as ``[[ring, …], …]`` or a (multi)line as ``[part, …]``."""
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return [
            [_ints(np.asarray(r.coords), q) for r in (p.exterior, *p.interiors)]
            for p in shapely.get_parts(geom)
        ]
    parts = [_ints(np.asarray(p.coords), q) for p in shapely.get_parts(geom)]
    return [p for p in parts if len(p) >= 4] or None


def _styles(key: str, gdf: gpd.GeoDataFrame) -> tuple[list[dict[str, Any]], list[int] | None]:
    """The style table of a basemap layer and the style of each feature."""
    if key in ("land", "land_overview", "minimap"):
        return [{"stroke": False, "fillColor": palette.BASEMAP_LAND, "fillOpacity": 1.0}], None
    if key == "lakes":
        lake = {"color": palette.BASEMAP_RIVER, "weight": 0.6, "fillOpacity": 1.0}
        return [{**lake, "fillColor": palette.BASEMAP_LAKE}], None
    if key == "admin1":
        return [{"color": palette.BASEMAP_ADMIN1_BORDER, "weight": 0.8, "fill": False}], None
    if key in ("borders", "borders_overview"):
        return [{"color": palette.BASEMAP_COUNTRY_BORDER, "weight": 1.2, "fill": False}], None
    # Rivers: big rivers (small scalerank) drawn thicker.
    weights = [1.6, 1.1, 0.7]
    ranks = gdf["scalerank"].fillna(10).to_numpy() if "scalerank" in gdf else np.full(len(gdf), 10)
    si = [0 if r <= 4 else 1 if r <= 7 else 2 for r in ranks]
    styles = [{"color": palette.BASEMAP_RIVER, "weight": w, "fill": False} for w in weights]
    return styles, si


def _layer_payload(
    key: str, title: str, gdf: gpd.GeoDataFrame, tol: float, *, finest: float
) -> dict[str, Any]:
    q = _grid(finest)
    geoms = [_encode(g, q) for g in gdf.geometry.values]
    styles, si = _styles(key, gdf)
    keep = [i for i, g in enumerate(geoms) if g is not None]
    return {
        "title": title,
        "n": len(keep),
        "q": q,
        "geoms": [geoms[i] for i in keep],
        "styles": styles,
        "si": None if si is None else [si[i] for i in keep],
        "simplified_deg": tol,
    }


def _water_label(name: Any, alt: Any) -> str | None:
    """``Songhua (Sungari)``: Natural Earth's name and its first alternative name."""
    if name is None or (isinstance(name, float) and math.isnan(name)) or not str(name).strip():
        return None
    text = str(name).strip()
    if isinstance(alt, str) and alt.strip():
        first = alt.split(",")[0].strip()
        if first and first.lower() != text.lower():
            text = f"{text} ({first})"
    return text


def _water_zoom(row: Any) -> float:
    mz = row.get("min_zoom")
    if mz is None or (isinstance(mz, float) and math.isnan(mz)):
        mz = float(row.get("scalerank") or 8)
    return round(max(1.0, float(mz) - _WATER_ZOOM_LEAD), 1)


def _water_labels(frames: dict[str, gpd.GeoDataFrame]) -> dict[str, Any]:
    """River and lake names and where to write them, the first to show first.

    A river gets an anchor every :data:`_RIVER_LABEL_STEP_DEG` of its line, with the
    line's direction there (for the label's angle); a lake one, on its surface.

    Returns
    -------
    dict
        ``names``, ``zoom`` (first zoom it is written at) and ``kind`` (``r`` river, ``l``
        lake) per name; ``at``: flat ``[name index, lon, lat, dlon, dlat, …]`` per anchor,
        by zoom then size.
    """
    found: dict[str, dict[str, Any]] = {}
    for key, kind in (("rivers", "r"), ("lakes", "l")):
        gdf = frames[key]
        for row, geom in zip(
            gdf.drop(columns="geometry").to_dict("records"), gdf.geometry.values, strict=True
        ):
            text = _water_label(row.get("name"), row.get("name_alt"))
            if text is None:
                continue
            entry = found.setdefault(text, {"zoom": 99.0, "kind": kind, "geoms": []})
            entry["zoom"] = min(entry["zoom"], _water_zoom(row))
            entry["geoms"].append(geom)
    anchors: list[tuple[float, float, str, list[float]]] = []
    for text, entry in found.items():
        for size, xy in _anchors(entry["kind"], entry["geoms"]):
            anchors.append((entry["zoom"], -size, text, xy))
    anchors.sort(key=lambda a: (a[0], a[1], a[2]))
    names = list(dict.fromkeys(a[2] for a in anchors))
    index = {n: i for i, n in enumerate(names)}
    return {
        "names": names,
        "zoom": [found[n]["zoom"] for n in names],
        "kind": [found[n]["kind"] for n in names],
        "at": [v for a in anchors for v in (index[a[2]], *a[3])],
    }


def _anchors(kind: str, geoms: list[Any]) -> list[tuple[float, list[float]]]:
    """``(size, [lon, lat, dlon, dlat])`` label anchors of one river or lake."""
    if kind == "l":
        out = []
        for g in geoms:
            p = g.point_on_surface()
            out.append((g.area, [round(p.x, 3), round(p.y, 3), 0, 0]))
        return out
    out = []
    for part in shapely.get_parts(shapely.line_merge(shapely.union_all(geoms))):
        length = part.length
        n = max(1, int(length // _RIVER_LABEL_STEP_DEG))
        for k in range(n):
            d = length * (k + 0.5) / n
            p, a, b = (part.interpolate(min(length, max(0.0, d + o))) for o in (0.0, -0.3, 0.3))
            out.append(
                (length, [round(p.x, 3), round(p.y, 3), round(b.x - a.x, 2), round(b.y - a.y, 2)])
            )
    return out


#: Basemap layers in drawing order: key of :attr:`MapBase.frames` → layer-control title.
BASE_TITLES = {
    "land_overview": "Countries (overview)",
    "borders_overview": "Country borders (overview)",
    "land": "Countries",
    "admin1": "Provinces (admin-1 borders)",
    "borders": "Country borders",
    "lakes": "Lakes",
    "rivers": "Rivers",
}


def basemap_payloads(base: MapBase) -> dict[str, Any]:
    """The basemap as the page draws it.

    Returns
    -------
    dict
        ``layers``: one payload per :data:`BASE_TITLES` entry (``title``, ``n``, ``q`` =
        grid cells per degree, ``geoms`` = delta-encoded integer parts, ``styles``,
        ``si``, ``simplified_deg``); ``labels``: ``cities`` (``xy``, ``names``, ``zoom``)
        and ``water`` (:func:`_water_labels`); ``minimap``: land of the overview.
    """
    layers = [
        _layer_payload(k, t, base.frames[k], base.tolerance_deg[k], finest=base.grid_deg[k])
        for k, t in BASE_TITLES.items()
    ]
    places = base.frames["places"]
    xy = np.round(shapely.get_coordinates(places.geometry.values), 3).ravel()
    cities = {
        "xy": [float(v) for v in xy],
        "names": places["label"].tolist(),
        "zoom": [int(z) for z in places["zoom"]],
    }
    labels = {
        "title": "Names: cities, rivers, lakes",
        "cities": cities,
        "water": _water_labels(base.frames),
        "colours": {
            "city": palette.BASEMAP_CITY,
            "label": palette.BASEMAP_LABEL,
            "water": palette.BASEMAP_WATER_LABEL,
        },
    }
    minimap = _layer_payload(
        "minimap",
        "Minimap",
        base.frames["minimap"],
        base.tolerance_deg["minimap"],
        finest=base.grid_deg["minimap"],
    )
    return {"layers": layers, "labels": labels, "minimap": minimap}
