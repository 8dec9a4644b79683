"""Cases H1–H6, controls, online tiles and a large point layer, judged in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.maps import make_map, write_map
from tests.browser.conftest import search_and_open
from tests.map_cases import BAD_URL, GOOD_URL, HOSTILE_NAMES, hostile_layers, many_points


@pytest.fixture(scope="module")
def hostile_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("maps") / "hostile.html"
    write_map(make_map(hostile_layers(), title=HOSTILE_NAMES["H1"]), path)
    return path


S1_POINTS = 150_000


@pytest.fixture(scope="module")
def big_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Case S1: 150,000 facility points, with the size report printed."""
    path = tmp_path_factory.mktemp("maps") / "s1.html"
    m = make_map({"facilities": many_points(S1_POINTS)}, title="150,000 points")
    write_map(m, path)
    size = path.stat().st_size
    print(f"\nS1 size report: {size:,} bytes in all; per layer {m.geo_report}")
    # explore() writes about 300 bytes a point for the same columns (benchmarks/maps.py).
    assert size / S1_POINTS < 100
    return path


def test_hostile_map_renders_every_feature_with_no_script_run(open_offline, hostile_map) -> None:
    op = open_offline(hostile_map)
    counts = op.layers()
    assert counts["Facilities"] == len(HOSTILE_NAMES)
    assert counts["Corridors"] == 4
    assert op.page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert op.page.title() == HOSTILE_NAMES["H1"]
    assert op.page.locator(".geo-title").inner_text() == HOSTILE_NAMES["H1"]
    assert not op.errors and not op.dialogs and not op.refused


@pytest.mark.parametrize(
    "case", ["H1", "H2", "H3", "H4a", "H4b", "H5a", "H5b", "H5c", "script", "comment"]
)
def test_popup_shows_the_name_literally(open_offline, hostile_map, case: str) -> None:
    """H1 markup, H2 backtick, H3 ${…}, H4 quotes, H5 scripts: shown exactly as typed."""
    op = open_offline(hostile_map)
    name = HOSTILE_NAMES[case]
    popup = search_and_open(op, name)
    assert popup.locator("h4").text_content() == name
    assert popup.locator("img").count() == 0 and popup.locator("script").count() == 0
    # Tooltip and popup text nodes only: no element was made from the data.
    assert op.page.evaluate("() => document.querySelectorAll('.geo-popup *').length") == (
        op.page.evaluate(
            "() => document.querySelectorAll('.geo-popup h4, .geo-popup table, .geo-popup tr,"
            " .geo-popup th, .geo-popup td, .geo-popup a, .geo-popup tbody').length"
        )
    )
    assert not op.errors and not op.dialogs and not op.refused


def test_h6_only_http_source_links_are_links(open_offline, hostile_map) -> None:
    op = open_offline(hostile_map)
    popup = search_and_open(op, HOSTILE_NAMES["H4a"])  # a facility with both links
    hrefs = popup.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs == [GOOD_URL]
    cells = popup.locator("td").all_text_contents()
    assert BAD_URL in cells  # shown, as text
    assert not op.dialogs


def test_controls_are_present_and_offline(open_offline, hostile_map) -> None:
    op = open_offline(hostile_map)
    page = op.page
    assert page.locator(".leaflet-control-scale").count() == 1
    assert page.locator(".geo-legend").inner_text().count("\n") > 5
    assert page.locator(".geo-search input").count() == 1
    assert page.locator(".geo-minimap .leaflet-interactive, .geo-minimap path").count() > 0
    assert "Natural Earth" in page.locator(".leaflet-control-attribution").inner_text()
    labels = page.locator(".leaflet-control-layers-list").all_text_contents()
    assert "Natural Earth 1:10m" in " ".join(labels)
    page.locator(".geo-fs a").click()
    page.wait_for_function(
        "() => !!document.fullscreenElement ||"
        " document.querySelector('.leaflet-container').classList.contains('geo-fullscreen')",
        timeout=5_000,
    )
    assert not op.errors and not op.refused


def test_online_tiles_request_nothing_until_switched_on(open_offline, hostile_map) -> None:
    op = open_offline(hostile_map)
    page = op.page
    page.wait_for_timeout(300)
    assert op.refused == []
    page.locator(".leaflet-control-layers").hover()
    page.get_by_text("OpenStreetMap.Mapnik (online tiles)").click()
    for _ in range(50):  # up to 5 s: tile requests start after the layer is added
        if op.refused:
            break
        page.wait_for_timeout(100)
    assert op.refused and all("openstreetmap" in u for u in op.refused)
    # Offline the tiles stay blank; the vector basemap is still there and nothing broke.
    assert op.layers()["Countries"] > 0
    assert not op.errors or all("net::" in e or "Failed to load" in e for e in op.errors)


def test_tooltip_shows_name_on_hover(open_offline, hostile_map) -> None:
    op = open_offline(hostile_map)
    page = op.page
    box = page.locator("path.leaflet-interactive").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector(".leaflet-tooltip", timeout=3_000)
    assert page.locator(".leaflet-tooltip").text_content()


def test_s1_large_point_layer_draws_on_canvas_and_stays_usable(open_offline, big_map) -> None:
    op = open_offline(big_map, timeout_ms=60_000)
    page = op.page
    assert op.layers()["Facilities"] == S1_POINTS
    assert page.locator("canvas.geo-points").count() == 1
    assert page.locator("path.leaflet-interactive").count() < 100  # no SVG per point
    # The canvas draws in the first frame after the view is set.
    page.wait_for_function("() => GEO.groups.Facilities.drawn > 1000", timeout=10_000)
    # Zoom, then click a drawn point: the popup opens.
    popup = search_and_open(op, "Facility 1234")
    assert popup.locator("h4").text_content() == "Facility 1234"
    page.mouse.click(10, 400)  # close it by clicking the map
    xy = page.evaluate(
        """() => { const g = GEO.groups.Facilities, m = g._map;
                   const p = m.latLngToContainerPoint(g.latlng(1234)); return [p.x, p.y]; }"""
    )
    page.mouse.click(xy[0], xy[1])
    page.wait_for_selector(".leaflet-popup-content .geo-popup", timeout=5_000)
    page.mouse.click(10, 400)
    page.mouse.move(xy[0] + 1, xy[1] + 1)  # hover: the tooltip names the point
    page.wait_for_function(
        """() => { const t = document.querySelector('.leaflet-tooltip');
                   return t && t.textContent.startsWith('Facility '); }""",
        timeout=3_000,
    )
    assert not op.errors and not op.dialogs and not op.refused


def test_s1_hover_follows_the_last_move_in_a_frame(open_offline, big_map) -> None:
    """Two moves in one frame: the tooltip is for where the mouse ended, not began.

    The hover hit-test runs once a frame; a move arriving while one was pending
    used to be dropped, so a click away followed at once by a move onto a point
    left the tooltip closed (the CI failure of stop 11).
    """
    op = open_offline(big_map, timeout_ms=60_000)
    page = op.page
    search_and_open(op, "Facility 1234")
    page.mouse.click(10, 400)
    state = page.evaluate(
        """() => new Promise((done) => {
             const g = GEO.groups.Facilities, m = g._map;
             const on = m.latLngToContainerPoint(g.latlng(1234));
             m.fire('mousemove', {containerPoint: L.point(10, 400)});
             m.fire('mousemove', {containerPoint: on});
             requestAnimationFrame(() => requestAnimationFrame(() => {
               const t = document.querySelector('.leaflet-tooltip');
               done({open: m.hasLayer(g._tip), text: t ? t.textContent : null});
             }));
           })"""
    )
    assert state["open"] is True
    assert state["text"].startswith("Facility ")
    assert not op.errors and not op.dialogs and not op.refused


def test_mixed_geometries_draw_without_image_icons(open_offline, tmp_path: Path) -> None:
    import geopandas as gpd
    from shapely.geometry import GeometryCollection, LineString, Point

    gdf = gpd.GeoDataFrame(
        {"id": ["a", "b"], "name": ["Point in a mixed layer", "Collection"]},
        geometry=[
            Point(130, 47),
            GeometryCollection([Point(131, 47), LineString([(131, 47), (132, 48)])]),
        ],
        crs=4326,
    )
    path = write_map(make_map({"mixed": gdf}, basemap=False), tmp_path / "mixed.html")
    op = open_offline(path)
    assert op.layers()["mixed"] == 2
    assert op.page.locator("img.leaflet-marker-icon").count() == 0
    popup = search_and_open(op, "Collection")
    assert popup.locator("h4").text_content() == "Collection"
    assert not op.errors and not op.refused and not op.dialogs
