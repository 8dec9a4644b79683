"""The web map's reference basemap: land, borders, provinces, rivers, lakes, names, attribution.

Tables of inputs and what the page must get; the page itself is opened in Chromium in
tests/browser/test_maps_basemap_browser.py.
"""

from __future__ import annotations

import re

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import LineString

from geo import _symbology as palette
from geo.maps import legend_items, make_map, render_html
from geo.maps._basemap import (
    _anchors,
    _grid,
    _ints,
    _water_label,
    basemap_frames,
    basemap_payloads,
    city_min_zoom,
)
from geo.maps._payload import _style
from geo.reference import GEM_ATTRIBUTION, NE_ATTRIBUTION

#: The seed map's infrastructure (corridors, facilities, crossings), degrees.
SEED_CORE = (76.63, 31.22, 140.27, 66.08)


@pytest.fixture(scope="module")
def seed_payload() -> dict:
    return basemap_payloads(basemap_frames(SEED_CORE, data_bounds=(-74.0, 26.0, 170.5, 71.1)))


@pytest.mark.parametrize(
    ("pop", "featurecla", "zoom"),
    [
        (6_000_000, "Populated place", 3),
        (2_000_000, "Populated place", 4),
        (1_020_000, "Populated place", 5),  # Jiamusi
        (579_000, "Admin-1 capital", 5),  # Khabarovsk: a capital one step early
        (3_621_000, "Admin-1 capital", 3),  # Harbin
        (20_000_000, "Admin-0 capital", 2),  # Beijing: two steps early, not below 2
        (0, "Populated place", 9),
        (0, None, 9),
    ],
)
def test_city_min_zoom_follows_the_shared_thresholds(pop, featurecla, zoom) -> None:
    assert city_min_zoom(pop, featurecla) == zoom


@pytest.mark.parametrize(
    ("tol", "q"), [(0.002, 500), (0.02, 50), (0.085, 20), (0.9, 2), (2.4, 0.5), (0.0005, 2000)]
)
def test_grid_is_never_coarser_than_the_tolerance(tol: float, q: float) -> None:
    assert _grid(tol) == q
    assert 1 / _grid(tol) <= tol * 1.001


@pytest.mark.parametrize(
    ("coords", "q", "expected"),
    [
        ([(130.6, 42.4), (130.602, 42.404)], 500, [65300, 21200, 1, 2]),
        ([(1.0, 1.0), (1.0001, 1.0001), (2.0, 1.0)], 10, [10, 10, 10, 0]),  # repeat dropped
        ([(-10.0, -5.0)], 1, [-10, -5]),
    ],
)
def test_parts_are_delta_encoded_integers(coords, q, expected) -> None:
    import numpy as np

    assert _ints(np.asarray(coords), q) == expected


@pytest.mark.parametrize(
    ("name", "alt", "label"),
    [
        ("Songhua", "Sungari", "Songhua (Sungari)"),
        ("Lake Khanka", "Xingkai Hu,  Ozero Khanka", "Lake Khanka (Xingkai Hu)"),
        ("Amur", None, "Amur"),
        ("Amur", float("nan"), "Amur"),
        ("Heilong Jiang", "Amur", "Heilong Jiang (Amur)"),
        ("Ob", "ob", "Ob"),
        (None, "x", None),
        ("  ", None, None),
    ],
)
def test_water_labels_carry_the_alternative_name(name, alt, label) -> None:
    assert _water_label(name, alt) == label


def test_a_long_river_gets_a_label_every_degree_with_its_direction() -> None:
    anchors = _anchors("r", [LineString([(120, 50), (125, 50)])])
    assert len(anchors) == 5
    assert [a[1][:2] for a in anchors] == [[120.5 + k, 50.0] for k in range(5)]
    assert all(a[1][2:] == [0.6, 0.0] for a in anchors)  # dlon, dlat: due east


def test_the_tumen_border_at_khasan_runs_on_land() -> None:
    base = basemap_frames((130.3, 42.3, 130.9, 42.7))
    land = shapely.union_all(base.frames["land"].geometry.values)
    border = shapely.union_all(base.frames["borders"].geometry.values)
    assert base.grid_deg["land"] == 0.002
    for lon, lat in [(130.65, 42.43), (130.62, 42.40), (130.70, 42.45)]:  # Khasan, its shore
        assert land.contains(shapely.Point(lon, lat)), (lon, lat)
    # The Russia–North Korea border (the Tumen) ends where the river meets the sea:
    # every part of it inland lies within 100 m of the land.
    tumen = shapely.clip_by_rect(border, 130.5, 42.3, 130.72, 42.65)
    assert tumen.length > 0
    assert shapely.difference(tumen, land.buffer(0.001)).length < 0.02 * tumen.length


@pytest.mark.parametrize(
    "river", ["Amur", "Heilong Jiang (Amur)", "Songhua (Sungari)", "Zeya", "Ussuri (Wusuli)"]
)
def test_seed_rivers_are_named_by_one_zoom_step_in(seed_payload: dict, river: str) -> None:
    water = seed_payload["labels"]["water"]
    assert river in water["names"]
    assert water["zoom"][water["names"].index(river)] <= 5  # first view 4, one step in 5


@pytest.mark.parametrize(
    ("city", "zoom"),
    [("Harbin", 3), ("Qiqihar", 5), ("Jiamusi", 5), ("Mudanjiang", 5), ("Khabarovsk", 5)],
)
def test_seed_cities_are_labelled_by_size(seed_payload: dict, city: str, zoom: int) -> None:
    cities = seed_payload["labels"]["cities"]
    assert cities["zoom"][cities["names"].index(city)] == zoom
    assert cities["zoom"] == sorted(cities["zoom"])


def test_seed_basemap_has_every_layer_and_stays_small(seed_payload: dict) -> None:
    layers = {p["title"]: p for p in seed_payload["layers"]}
    wanted = {"Countries", "Country borders", "Provinces (admin-1 borders)", "Rivers", "Lakes"}
    assert wanted <= set(layers)
    assert all(p["n"] > 0 for p in layers.values())
    assert layers["Countries"]["q"] == 500  # detail: 0.002° in NE Asia
    assert "Lake Khanka (Xingkai Hu)" in seed_payload["labels"]["water"]["names"]
    from geo.maps import safe_json

    assert len(safe_json(seed_payload).encode()) < 1_300_000


def _corridors(sources: list[str | None]) -> gpd.GeoDataFrame:
    n = len(sources)
    return gpd.GeoDataFrame(
        {
            "id": [f"c{i}" for i in range(n)],
            "name": [f"Line {i}" for i in range(n)],
            "mode": ["gas_pipeline"] * n,
            "status": ["operational"] * n,
            "geometry_source": sources,
            "gem_ids": ["P2352,P4484" if s == "gem" else None for s in sources],
            "attribution": [GEM_ATTRIBUTION if s == "gem" else None for s in sources],
            "geometry_warnings": [None if s == "gem" else "drawn 40 % shorter" for s in sources],
        },
        geometry=[LineString([(127 + i, 50), (128 + i, 49)]) for i in range(n)],
        crs=4326,
    )


@pytest.mark.parametrize(
    ("sources", "gem_line", "legend"),
    [
        (["gem"], True, [palette.LEGEND_TRACED]),
        (["waypoints"], False, [palette.LEGEND_WAYPOINTS]),
        (["gem", "waypoints"], True, [palette.LEGEND_TRACED, palette.LEGEND_WAYPOINTS]),
    ],
)
def test_gem_routes_are_credited_and_waypoint_lines_faint(sources, gem_line, legend) -> None:
    layers = {"corridors": _corridors(sources)}
    m = make_map(layers)
    assert m.geo_attribution[0] == NE_ATTRIBUTION
    assert (GEM_ATTRIBUTION in m.geo_attribution) is gem_line
    page = render_html(m)
    assert (re.search(r"Global Energy Monitor.{0,200}CC BY 4\.0", page) is not None) is gem_line
    labels = [it["label"] for it in legend_items(layers, max_usd=0, uncertainty=False)]
    assert [t for t in labels if t in (palette.LEGEND_TRACED, palette.LEGEND_WAYPOINTS)] == legend


@pytest.mark.parametrize(
    ("props", "opacity"),
    [
        ({"geometry_source": "gem", "status": "operational"}, palette.TRACED_OPACITY),
        ({"geometry_source": "waypoints", "status": "operational"}, palette.WAYPOINT_OPACITY),
        ({"status": "operational"}, palette.TRACED_OPACITY),  # field absent: as before
        ({"geometry_source": "gem", "status": "cancelled"}, palette.WAYPOINT_OPACITY),
    ],
)
def test_corridor_opacity_says_how_the_line_was_drawn(props: dict, opacity: float) -> None:
    assert _style("corridors", props, max_usd=0)["opacity"] == opacity


def test_popups_show_gem_ids_warnings_and_attribution() -> None:
    from geo.maps import layer_payload

    p = layer_payload(_corridors(["gem", "waypoints"]), "corridors", title="Corridors")
    labels = {c["label"] for c in p["cols"]}
    assert {"GEM route ids", "Geometry warnings", "Route attribution", "Line drawn from"} <= labels


def test_no_basemap_no_natural_earth_credit() -> None:
    m = make_map({"corridors": _corridors(["waypoints"])}, basemap=False)
    assert m.geo_attribution == []
