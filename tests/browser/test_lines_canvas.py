"""Issue 19: many lines draw on a canvas in their own pane, still clickable, hoverable
and searchable, beneath the points."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.maps import CANVAS_THRESHOLD, make_map, write_map
from tests.browser.conftest import search_and_open
from tests.map_cases import many_lines, many_points

N_LINES = CANVAS_THRESHOLD + 1000

#: Screen position of the middle vertex of line ``i`` of the Corridors layer.
LINE_XY_JS = """(i) => { const m = GEO.groups.Corridors._map;
    const l = GEO.feats.find(e => e.title === 'Corridors' && e.i === i).layer;
    const p = m.latLngToContainerPoint(l.getLatLngs()[1]); return [p.x, p.y]; }"""


@pytest.fixture(scope="module")
def lines_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Thousands of corridor lines with a few SVG facility points over them."""
    path = tmp_path_factory.mktemp("maps") / "lines.html"
    layers = {"corridors": many_lines(N_LINES), "facilities": many_points(50, seed=1)}
    write_map(make_map(layers, title="many lines"), path)
    return path


def test_issue19_many_lines_draw_on_a_canvas_in_the_lines_pane(open_offline, lines_map) -> None:
    op = open_offline(lines_map, timeout_ms=60_000)
    page = op.page
    assert op.layers()["Corridors"] == N_LINES
    panes = page.evaluate(
        """() => ['geoAreas', 'geoLines', 'geoPoints'].map(n => {
             const p = GEO.groups.Corridors._map.getPane(n);
             return [+p.style.zIndex, p.querySelectorAll('canvas').length,
                     p.querySelectorAll('path').length]; })"""
    )
    areas, lines, points = panes
    assert areas[0] < lines[0] < points[0]  # areas below lines below points
    assert lines[1] == 1 and lines[2] == 0  # one canvas, no SVG path per line
    assert points[2] == 50  # the few points stay SVG, above the lines
    assert not op.errors and not op.refused


def test_issue19_canvas_lines_stay_searchable_clickable_hoverable(open_offline, lines_map) -> None:
    op = open_offline(lines_map, timeout_ms=60_000)
    page = op.page
    popup = search_and_open(op, "Corridor 1234")
    assert popup.locator("h4").text_content() == "Corridor 1234"
    page.keyboard.press("Escape")
    page.evaluate("() => GEO.groups.Corridors._map.closePopup()")
    x, y = page.evaluate(LINE_XY_JS, 1234)
    page.mouse.move(x, y)  # hover: the tooltip names a line
    page.wait_for_function(
        """() => { const t = document.querySelector('.leaflet-tooltip');
                   return t && t.textContent.startsWith('Corridor '); }""",
        timeout=3_000,
    )
    page.mouse.click(x, y)  # click: the line's popup, or a list naming it
    page.wait_for_selector(".leaflet-popup-content", timeout=5_000)
    assert "Corridor 1234" in page.locator(".leaflet-popup-content").inner_text()
    assert not op.errors and not op.dialogs and not op.refused
