"""Layers that reproduce the web-map cases of ../shared/cases (H1–H6, G1, S1, S2).

Shared by tests/test_maps*.py and tests/browser/, so the unit tests and the
Chromium tests check the same inputs.
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, Point

#: case id → a name as it may reach a popup, tooltip, legend or title.
HOSTILE_NAMES: dict[str, str] = {
    "H1": "Bridge <img src=x onerror=alert(1)>",
    "H2": "Terminal `A`",
    "H3": "Depot ${1+1}",
    "H4a": "Port d'Amour",
    "H4b": '"quoted"',
    "H5a": "Нижнеленинское",
    "H5b": "同江市",
    "H5c": "Děčín",
    "script": "</script><script>alert(2)</script>",
    "comment": "<!-- x",
}

#: A source link that must not become a link (H6) and one that must.
BAD_URL = "javascript:alert(1)"
GOOD_URL = "https://example.org/report?a=1&b=<2>"


def hostile_layers() -> dict[str, gpd.GeoDataFrame]:
    """Facilities and corridors whose every text field is one of :data:`HOSTILE_NAMES`."""
    names = list(HOSTILE_NAMES.values())
    n = len(names)
    facilities = gpd.GeoDataFrame(
        {
            "id": [f"case-{k.lower()}" for k in HOSTILE_NAMES],
            "name": names,
            "type": ["terminal", "port", "logistics_hub", "border_crossing", "port"] * 2,
            "status": ["operating", "proposed"] * (n // 2),
            "parties": [f"Party {v}" for v in names],
            "summary": names[::-1],
            "investment_usd": [1e9, 2.5e8, None, 5e7, 1e6, 3e9, None, 7e8, 1.2e7, 4e8],
            "uncertainty_km": [None, 5.0, None, 25.0, None, None, 1.0, None, None, None],
            # The stored form (a JSON array string): one item per URL, never split.
            "source_urls": [json.dumps([BAD_URL, GOOD_URL])] * n,
        },
        geometry=[Point(130 + i * 0.3, 47 + (i % 3) * 0.2) for i in range(n)],
        crs="EPSG:4326",
    )
    corridors = gpd.GeoDataFrame(
        {
            "id": ["c-rail", "c-gas", "c-oil", "c-road"],
            "name": [HOSTILE_NAMES["H1"], HOSTILE_NAMES["H2"], HOSTILE_NAMES["H3"], "Road"],
            "type": ["railway", "pipeline", "pipeline", "road"],
            "mode": ["rail", "gas_pipeline", "oil_pipeline", "road"],
            "status": ["operating", "proposed", "construction", "cancelled"],
            "length_km": [2.215, 120.5, 1000.0, 33.0],
        },
        geometry=[
            LineString([(130, 46), (131, 46.5)]),
            LineString([(130, 46.2), (132, 47.5)]),
            LineString([(129, 45), (133, 48)]),
            LineString([(131, 45), (132, 45.5)]),
        ],
        crs="EPSG:4326",
    )
    return {"facilities": facilities, "corridors": corridors}


def antimeridian_line() -> gpd.GeoDataFrame:
    """Case G1: a short line from 179.5°E to 179.5°W."""
    return gpd.GeoDataFrame(
        {"id": ["g1"], "name": ["Across the antimeridian"], "mode": ["rail"]},
        geometry=[LineString([(179.5, 65), (-179.5, 66)])],
        crs="EPSG:4326",
    )


def many_points(n: int, *, seed: int = 0) -> gpd.GeoDataFrame:
    """Case S1 at any size: ``n`` facility points over Russia and China.

    Columns as a facilities layer has them (``id``, ``name``, ``type``, ``status``,
    ``investment_usd``), deterministic for a ``seed``.
    """
    rng = np.random.default_rng(seed)
    lon = rng.uniform(100, 140, n).round(6)
    lat = rng.uniform(40, 60, n).round(6)
    types = np.array(["logistics_hub", "terminal", "port", "industrial_park"])
    statuses = np.array(["operating", "proposed", "construction"])
    return gpd.GeoDataFrame(
        {
            "id": [f"f{i}" for i in range(n)],
            "name": [f"Facility {i}" for i in range(n)],
            "type": types[rng.integers(0, 4, n)],
            "status": statuses[rng.integers(0, 3, n)],
            "investment_usd": rng.lognormal(17, 1.5, n).round(2),
        },
        geometry=shapely.points(lon, lat),
        crs="EPSG:4326",
    )


def many_lines(n: int, *, seed: int = 0) -> gpd.GeoDataFrame:
    """``n`` short corridor lines (three vertices each) over Russia and China.

    Columns as a corridors layer has them (``id``, ``name``, ``type``, ``status``,
    ``investment_usd``), deterministic for a ``seed``.
    """
    rng = np.random.default_rng(seed)
    start = np.column_stack([rng.uniform(100, 140, n), rng.uniform(40, 60, n)])
    steps = rng.normal(0, 0.15, (n, 2, 2)).cumsum(axis=1)
    coords = np.concatenate([start[:, None, :], start[:, None, :] + steps], axis=1).round(6)
    statuses = np.array(["operating", "proposed", "construction"])
    return gpd.GeoDataFrame(
        {
            "id": [f"c{i}" for i in range(n)],
            "name": [f"Corridor {i}" for i in range(n)],
            "type": "pipeline",
            "status": statuses[rng.integers(0, 3, n)],
            "investment_usd": rng.lognormal(17, 1.5, n).round(2),
        },
        geometry=shapely.linestrings(coords),
        crs="EPSG:4326",
    )


def heavy_polygons(n_vertices: int = 300_000) -> gpd.GeoDataFrame:
    """Case S2 in miniature: one polygon with ``n_vertices`` vertices (a wiggly circle)."""
    t = np.linspace(0, 2 * np.pi, n_vertices, endpoint=False)
    r = 5 + 0.05 * np.sin(t * 997)
    ring = np.column_stack([125 + r * np.cos(t), 50 + 0.6 * r * np.sin(t)])
    return gpd.GeoDataFrame(
        {"id": ["s2"], "name": ["Heavy polygon"]},
        geometry=[shapely.Polygon(ring)],
        crs="EPSG:4326",
    )
