"""Issue 6 in Chromium: tall popups fit the window, areas do not steal clicks, G1."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point

from geo.maps import make_map, write_map
from tests.browser.conftest import search_and_open
from tests.map_cases import antimeridian_line

#: A facility with as much text as the seed's bridge and more: 40 sources.
# source_urls as layers store it: a JSON array string (README: Bad input).
LINKS = json.dumps([f"https://example.org/source/{i}" for i in range(40)])


@pytest.fixture(scope="module")
def story_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pipeline under a 2,500 km uncertainty area and circle, and a wordy bridge."""
    facilities = gpd.GeoDataFrame(
        {
            "id": ["tongjiang", "hub"],
            "name": ["Tongjiang–Nizhneleninskoye bridge", "Far East hub"],
            "type": ["terminal", "logistics_hub"],
            "summary": ["A long account of the bridge. " * 60, "Somewhere in the Far East."],
            "parties": ["Party A; Party B; Party C"] * 2,
            "uncertainty_km": [None, 2500.0],
            "source_urls": [LINKS, None],
        },
        geometry=[Point(132.68, 47.95), Point(135.0, 55.0)],
        crs=4326,
    )
    corridors = gpd.GeoDataFrame(
        {"id": ["pipe"], "name": ["Power of Siberia"], "mode": ["gas_pipeline"]},
        geometry=[LineString([(127.0, 50.0), (131.0, 51.0)])],
        crs=4326,
    )
    regions = gpd.GeoDataFrame(
        {
            "id": ["rfe"],
            "name": ["Russian Far East"],
            "area_kind": ["uncertainty_circle"],
            "uncertainty_km": [2500.0],
        },
        geometry=[Point(135.0, 55.0).buffer(22.0)],
        crs=4326,
    )
    path = tmp_path_factory.mktemp("maps") / "story.html"
    layers = {"regions": regions, "corridors": corridors, "facilities": facilities}
    write_map(make_map(layers, title="Story"), path)
    return path


def test_tall_popup_fits_the_window_and_keeps_the_feature_in_view(open_offline, story_map):
    op = open_offline(story_map, viewport=(1280, 800))
    page = op.page
    search_and_open(op, "Tongjiang")
    # The pan that fits the popup is animated: wait until it is inside the window.
    page.wait_for_function(
        """() => { const r = document.querySelector('.leaflet-popup').getBoundingClientRect();
                   return r.top >= 0 && r.bottom <= 800 && r.left >= 0 && r.right <= 1280; }""",
        timeout=5_000,
    )
    page.wait_for_timeout(100)
    box = page.locator(".leaflet-popup").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 800, box
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280, box
    # The bridge itself (the popup's tip) is on screen.
    x, y = page.evaluate(
        """() => { const g = GEO.groups['Facilities'], m = g._map;
                   const p = m.latLngToContainerPoint([47.95, 132.68]); return [p.x, p.y]; }"""
    )
    assert 0 <= x <= 1280 and 0 <= y <= 800, (x, y)
    content = page.locator(".leaflet-popup-content")
    assert page.evaluate(
        "() => { const c = document.querySelector('.leaflet-popup-content');"
        " return c.scrollHeight > c.clientHeight; }"
    ), "the long popup scrolls inside"
    last = content.locator("a").last
    last.scroll_into_view_if_needed()
    assert last.is_visible() and last.get_attribute("href").endswith("/source/39")
    assert not op.errors and not op.refused


def test_click_on_a_pipeline_under_a_huge_area_opens_the_pipeline(open_offline, story_map):
    op = open_offline(story_map, viewport=(1280, 800))
    page = op.page
    x, y = page.evaluate(
        """() => { const m = GEO.groups['Corridors']._map;
                   m.setView([50.5, 129.0], 6, {animate: false});
                   const p = m.latLngToContainerPoint([50.5, 129.0]); return [p.x, p.y]; }"""
    )
    page.mouse.click(x, y)
    page.wait_for_selector(".leaflet-popup-content .geo-popup", timeout=5_000)
    assert page.locator(".leaflet-popup-content h4").text_content() == "Power of Siberia"
    # Elsewhere inside the area nothing opens and no area tooltip follows the mouse.
    page.evaluate("() => { GEO.groups['Corridors']._map.closePopup(); }")
    page.mouse.move(x, y - 150)
    page.mouse.click(x, y - 150)
    page.wait_for_timeout(200)
    assert page.locator(".leaflet-popup").count() == 0
    assert page.locator(".leaflet-tooltip").count() == 0


def test_area_opens_from_its_centre_marker(open_offline, story_map):
    op = open_offline(story_map)
    popup = search_and_open(op, "Russian Far East")
    assert popup.locator("h4").text_content() == "Russian Far East"


def test_g1_map_opens_on_the_line_not_the_world(open_offline, tmp_path: Path):
    path = tmp_path / "g1.html"
    write_map(make_map({"corridors": antimeridian_line()}, title="G1"), path)
    op = open_offline(path)
    view = op.page.evaluate(
        """() => { const g = GEO.groups['Corridors'], m = g._map, b = g.getBounds();
                   return {zoom: m.getZoom(), lng: m.getCenter().lng,
                           west: b.getWest(), east: b.getEast()}; }"""
    )
    assert view["zoom"] >= 5, view
    assert 179 <= view["lng"] <= 181, view
    assert view["east"] - view["west"] == pytest.approx(1.0), view
    assert not op.errors and not op.refused
