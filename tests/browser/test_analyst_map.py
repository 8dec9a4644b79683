"""Issue 18 in Chromium, offline, as a reader works: filters, years, time, search, picking,
permalink, draw order, keyboard.  The built Russia–China map (``maps/russia-china.html``,
kept fresh by tests/test_build.py) is the page of the issue's acceptance list."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point

from geo.gazetteer import fold
from geo.maps import make_map, write_map

REPO = Path(__file__).resolve().parents[2]
RUSSIA_CHINA = REPO / "maps" / "russia-china.html"
SEED = REPO / "maps" / "index.html"
BRIDGE = "nizhneleninskoye-tongjiang-bridge"
CROSSING = "pogranichny-suifenhe-road-crossing"


def _api(op, call: str, *args):
    return op.page.evaluate(f"(a) => GEO.api.{call}(...a)", list(args))


def _ready(op):
    op.page.wait_for_function("() => window.GEO && window.GEO.api")
    return op


def _visible(op) -> list[dict]:
    return [f for f in _api(op, "features") if f["visible"]]


def _open_filters(page):
    page.get_by_role("button", name="Filters").click()
    return page.get_by_role("region", name="Filters")


def _count(panel) -> tuple[int, int]:
    line = panel.locator(".geo-count").inner_text()
    m = re.match(r"(\d+) of (\d+) features shown", line)
    assert m and panel.locator(".geo-count").get_attribute("role") == "status", line
    return int(m.group(1)), int(m.group(2))


def test_operating_filter_hides_every_planned_link_and_the_count_says_so(open_offline):
    op = _ready(open_offline(RUSSIA_CHINA))
    panel = _open_filters(op.page)
    before = _count(panel)
    assert before[0] == before[1] > 0
    panel.get_by_role("checkbox", name="proposed").uncheck()
    panel.get_by_role("checkbox", name="construction").uncheck()
    shown = _visible(op)
    assert shown and {f["status"] for f in shown} == {"operating"}
    hidden = [f for f in _api(op, "features") if not f["visible"]]
    assert {f["status"] for f in hidden} == {"proposed", "construction"}
    assert _count(panel) == (len(shown), before[1])
    legend = op.page.locator(".geo-legend-count").inner_text()
    assert legend == f"{len(shown)} of {before[1]} features shown"
    # The legend follows: no proposed or planned line is drawn, so its row goes.
    assert op.page.locator('.geo-legend-row[data-key="planned@corridors"]').is_hidden()
    assert not op.errors and not op.refused


def test_year_range_hides_what_was_not_yet_announced_and_keeps_undated(open_offline):
    op = _ready(open_offline(RUSSIA_CHINA))
    panel = _open_filters(op.page)
    last = panel.get_by_role("slider", name="Last year")
    last.focus()
    top = int(last.get_attribute("max"))
    for _ in range(top - 2010):  # the keyboard, as a reader would move it
        op.page.keyboard.press("ArrowLeft")
    assert last.input_value() == "2010"
    by_id = {f["id"]: f for f in _api(op, "features")}
    assert not by_id["power-of-siberia-2-pipeline"]["visible"]  # announced 2025
    assert not by_id["far-eastern-route-gas-pipeline"]["visible"]  # signed 2023
    assert not by_id["power-of-siberia-pipeline"]["visible"]  # first date 2014
    assert by_id[BRIDGE]["visible"]  # signed 2008
    undated = [f for f in by_id.values() if f["years"] is None and f["layer"] != "Places"]
    assert undated and all(f["visible"] for f in undated)
    assert _count(panel)[0] == sum(f["visible"] for f in by_id.values())
    panel.get_by_role("checkbox", name="Show undated records").uncheck()
    assert not any(
        f["visible"] for f in _api(op, "features") if f["id"] in {u["id"] for u in undated}
    )
    # An undated record says so in its popup.
    _api(op, "filter", {})
    _api(op, "show", undated[0]["id"])
    assert "undated" in op.page.locator(".leaflet-popup-content").inner_text()


def test_time_control_derives_the_status_at_a_year_and_plays(open_offline):
    op = _ready(open_offline(RUSSIA_CHINA))
    panel = _open_filters(op.page)
    panel.get_by_role("checkbox", name="Show the map as of a year").check()
    panel.get_by_role("slider", name="Year shown").fill("2019")
    by_id = {f["id"]: f for f in _api(op, "features")}
    assert by_id[BRIDGE]["status"] == "construction"  # built 2014–2022
    assert by_id["power-of-siberia-pipeline"]["status"] == "operating"  # opened 2019-12
    assert not by_id["power-of-siberia-2-pipeline"]["visible"]  # announced 2025
    assert _api(op, "state")["year"] == 2019
    play = panel.get_by_role("button", name="Play through the years")
    play.click()
    op.page.wait_for_function("() => GEO.api.state().year > 2019", timeout=5000)
    panel.get_by_role("button", name="Pause").click()
    year = _api(op, "state")["year"]
    op.page.wait_for_timeout(900)
    assert _api(op, "state")["year"] == year  # paused


@pytest.mark.parametrize("query", ["Пограничный", "绥芬河", "Pogranichnyy"])
def test_search_finds_the_crossing_in_every_script_and_opens_it(open_offline, query):
    op = _ready(open_offline(RUSSIA_CHINA))
    page = op.page
    box = page.get_by_role("searchbox", name="Search features by name")
    box.click()
    box.press_sequentially(query, delay=20)
    results = page.get_by_role("list", name="Search results")
    hit = results.get_by_role(
        "button", name=re.compile("Pogranichny–Suifenhe road border crossing")
    )
    hit.wait_for()
    # The spelling that matched is shown (a name in Russian or Chinese, or a
    # romanisation of one): the reader sees why it was found.
    assert "matched:" in hit.inner_text()
    assert CROSSING in _api(op, "search", query)
    # Choose it with the keyboard: ArrowDown into the list, to the hit, Enter.
    box.press("ArrowDown")
    for _ in range(results.get_by_role("button").count()):
        if page.evaluate("() => document.activeElement.textContent").startswith("Pogranichny"):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content .geo-popup h4")
    popup.wait_for()
    assert popup.inner_text() == "Pogranichny–Suifenhe road border crossing"
    lat, lon = _feature_point(CROSSING)
    assert page.evaluate(
        "([lat, lon]) => GEO.groups.Facilities._map.getBounds().contains([lat, lon])", [lat, lon]
    )


def _feature_point(fid: str) -> tuple[float, float]:
    """(lat, lon) of a facility or (``-x1``) a crossing of the built layers, by name."""
    for layer in ("facilities", "crossings"):
        gdf = gpd.read_file(REPO / "layers" / f"{layer}.geojson")
        names = gdf["name"].tolist()
        for name, geom in zip(names, gdf.geometry, strict=True):
            same = fold(name).replace(" ", "-").startswith(fid.split("-x")[0][:20])
            if same and fid.endswith("-x1") == (layer == "crossings"):
                return geom.y, geom.x
    raise AssertionError(fid)


def test_at_on_the_nizhneleninskoye_bridge_lists_it_and_what_is_drawn_with_it(open_offline):
    op = _ready(open_offline(RUSSIA_CHINA))
    page = op.page
    _api(op, "show", BRIDGE)
    lat, lon = _feature_point(BRIDGE + "-x1")
    ids = _api(op, "at", lat, lon)
    assert BRIDGE in ids and BRIDGE + "-x1" in ids, ids
    assert ids.index(BRIDGE + "-x1") < ids.index(BRIDGE)  # the point is drawn on top
    # A click there lists them all; each is a button that opens its own popup.
    page.locator(".leaflet-popup-close-button").click()
    pt = page.evaluate(
        "([a, b]) => GEO.groups.Facilities._map.latLngToContainerPoint([a, b])", [lat, lon]
    )
    box = page.locator(".leaflet-container").first.bounding_box()
    page.mouse.click(box["x"] + pt["x"], box["y"] + pt["y"])
    pick = page.locator(".leaflet-popup-content .geo-pick")
    pick.wait_for()
    assert pick.locator("h4").inner_text() == f"{len(ids)} features here"
    assert pick.get_by_role("button").count() == len(ids)
    choice = pick.get_by_role(
        "button", name="Nizhneleninskoye–Tongjiang railway bridge · Corridors"
    )
    choice.press("Enter")
    pick.wait_for(state="detached")  # the list fades out; the feature's popup replaces it
    title = page.locator(".leaflet-popup-content .geo-popup h4").last
    assert title.inner_text() == "Nizhneleninskoye–Tongjiang railway bridge"


def test_reloading_with_the_hash_restores_view_and_filters(open_offline):
    op = _ready(open_offline(RUSSIA_CHINA))
    page = op.page
    panel = _open_filters(page)
    panel.get_by_role("checkbox", name="proposed").uncheck()
    panel.get_by_role("checkbox", name=re.compile("^MN")).uncheck()
    page.get_by_role("button", name="Zoom in").click()
    page.wait_for_function("() => location.hash.includes('status=')")
    page.wait_for_timeout(400)  # the hash follows the view after it settles
    state = _api(op, "state")
    shown = [f["id"] for f in _visible(op)]
    url = page.url
    assert "#map=" in url and "status=" in url and "country=" in url
    page.reload()
    _ready(op)
    assert _api(op, "state") == state
    assert [f["id"] for f in _visible(op)] == shown
    panel = _open_filters(page)
    assert not panel.get_by_role("checkbox", name="proposed").is_checked()
    assert panel.get_by_role("checkbox", name="operating").is_checked()
    # The same object restores a view elsewhere (the page API).
    assert _api(op, "restore", {**state, "zoom": state["zoom"] - 1})["zoom"] == state["zoom"] - 1


@pytest.fixture(scope="module")
def stacked_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A region, a corridor through a port and a crossing at one place."""
    here = (132.6, 47.9)
    regions = gpd.GeoDataFrame(
        {"id": ["r"], "name": ["Region"], "area_kind": ["admin1"]},
        geometry=[Point(here).buffer(1.0)],
        crs=4326,
    )
    corridors = gpd.GeoDataFrame(
        {"id": ["line"], "name": ["Railway"], "mode": ["rail"], "status": ["operating"]},
        geometry=[LineString([(131.6, 47.9), (133.6, 47.9)])],
        crs=4326,
    )
    facilities = gpd.GeoDataFrame(
        {"id": ["port", "hub"], "name": ["Port", "Hub"], "type": ["port", "logistics_hub"],
         "status": ["operating", "proposed"]},
        geometry=[Point(here), Point(133.2, 48.3)],
        crs=4326,
    )  # fmt: skip
    path = tmp_path_factory.mktemp("maps") / "stacked.html"
    layers = {"regions": regions, "corridors": corridors, "facilities": facilities}
    write_map(make_map(layers, title="Stacked", basemap=False), path)
    return path


#: Per data layer: the pane its first drawn path is in, and that pane's z-index.
PANES_JS = """() => {
  const out = {}, panes = {Regions: 'geoAreas', Corridors: 'geoLines', Facilities: 'geoPoints'};
  for (const [t, pane] of Object.entries(panes)) {
    const el = document.querySelector('.leaflet-' + pane + '-pane path');
    const p = el && el.closest('.leaflet-pane');
    out[t] = p ? [p.className, +getComputedStyle(p).zIndex] : null;
  }
  return out;
}"""


def test_toggling_a_layer_keeps_the_drawing_order_leaflet_7587(open_offline, stacked_map):
    op = _ready(open_offline(stacked_map))
    page = op.page
    before = page.evaluate(PANES_JS)
    assert before["Regions"][1] < before["Corridors"][1] < before["Facilities"][1], before
    _api(op, "show", "port")
    page.locator(".leaflet-popup-close-button").click()
    top_js = """() => { const m = GEO.groups.Facilities._map;
        const p = m.latLngToContainerPoint([47.9, 132.6]);
        const r = m.getContainer().getBoundingClientRect();
        const e = document.elementFromPoint(r.left + p.x, r.top + p.y);
        return e.closest('.leaflet-pane').className; }"""
    assert "geoPoints" in page.evaluate(top_js)
    control = page.locator(".leaflet-control-layers")
    control.hover()
    for name in ("Facilities", "Corridors", "Regions"):
        box = control.get_by_role("checkbox", name=name)
        box.uncheck()
        box.check()
    page.mouse.move(5, 400)
    assert page.evaluate(PANES_JS) == before
    assert "geoPoints" in page.evaluate(top_js)  # the port is still above the railway
    # Topmost first: the port, the region's marker (areas take clicks only there), the line.
    assert _api(op, "at", 47.9, 132.6) == ["port", "r", "line"]


def test_tooltips_never_stick_when_the_feature_goes_away(open_offline, stacked_map):
    op = _ready(open_offline(stacked_map))
    page = op.page
    _api(op, "show", "hub")
    page.locator(".leaflet-popup-close-button").click()
    pt = page.evaluate("() => GEO.groups.Facilities._map.latLngToContainerPoint([48.3, 133.2])")
    page.mouse.move(pt["x"], pt["y"])
    tip = page.locator(".leaflet-tooltip")
    tip.wait_for()
    assert tip.inner_text() == "Hub"
    # Filter it away with the keyboard while the mouse stays where it was.
    panel = _open_filters(page)
    panel.get_by_role("checkbox", name="proposed").focus()
    page.keyboard.press("Space")
    tip.wait_for(state="detached", timeout=2000)  # gone (after Leaflet's 0.2 s fade)
    page.keyboard.press("Space")
    page.mouse.move(pt["x"], pt["y"] + 1)
    tip.wait_for()
    page.mouse.move(pt["x"], 2)  # out of the map, over the page edge
    page.dispatch_event(".leaflet-container", "mouseleave")
    tip.wait_for(state="detached", timeout=2000)


@pytest.mark.parametrize("viewport", [(1200, 800), (375, 700)])
def test_popups_stay_clear_of_the_legend_and_the_panel(open_offline, viewport):
    op = _ready(open_offline(SEED, viewport=viewport))
    page = op.page
    _open_filters(page)
    for fid in (BRIDGE, "port-vanino", "zabaykalsk-manzhouli-crossing"):
        _api(op, "show", fid)
        page.wait_for_timeout(350)  # the pan that makes room
        popup = page.locator(".leaflet-popup").bounding_box()
        assert popup["width"] <= viewport[0] - 10
        assert popup["x"] >= 0 and popup["x"] + popup["width"] <= viewport[0]
        for sel in (".geo-legend", ".geo-filter", ".geo-title", ".geo-minimap"):
            other = page.locator(sel).first
            if not other.is_visible():
                continue
            b = other.bounding_box()
            overlap_x = min(popup["x"] + popup["width"], b["x"] + b["width"]) - max(
                popup["x"], b["x"]
            )
            overlap_y = min(popup["y"] + popup["height"], b["y"] + b["height"]) - max(
                popup["y"], b["y"]
            )
            assert overlap_x <= 1 or overlap_y <= 1, (fid, sel, popup, b)


def test_every_added_control_has_a_name_and_works_from_the_keyboard(open_offline):
    op = _ready(open_offline(RUSSIA_CHINA))
    page = op.page
    names = []
    page.locator("body").focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        names.append(
            page.evaluate(
                """() => { const e = document.activeElement;
                  return e.getAttribute('aria-label')
                    || (e.labels && e.labels[0] && e.labels[0].textContent)
                    || e.textContent || e.title || ''; }"""
            ).strip()
        )
        if names[-1] == "Filters":
            break
    assert "Search features by name" in names and names[-1] == "Filters"
    page.keyboard.press("Enter")  # opens the panel
    panel = page.get_by_role("region", name="Filters")
    assert panel.is_visible()
    page.keyboard.press("Tab")
    first = page.evaluate("() => document.activeElement.value")
    page.keyboard.press("Space")  # unticks the first status
    assert _api(op, "state")["status"] is not None and first not in _api(op, "state")["status"]
    for role, name in [
        ("checkbox", "operating"),
        ("checkbox", "bridge"),
        ("checkbox", "gas pipeline"),
        ("checkbox", "MN"),
        ("slider", "First year"),
        ("slider", "Last year"),
        ("checkbox", "Show undated records"),
        ("checkbox", "Show the map as of a year"),
        ("slider", "Year shown"),
        ("button", "Play through the years"),
        ("button", "Clear filters"),
        ("searchbox", "Search features by name"),
    ]:
        assert page.get_by_role(role, name=name).count() >= 1, (role, name)
    page.get_by_role("button", name="Clear filters").focus()
    page.keyboard.press("Enter")
    assert _api(op, "state")["status"] is None
    legend = page.get_by_role("button", name="Legend")
    legend.focus()
    expanded = legend.get_attribute("aria-expanded")
    page.keyboard.press("Enter")
    assert legend.get_attribute("aria-expanded") != expanded


FOLD_CASES = [
    "Nizhne-Leninskoye",
    "Děčín",
    "МАПП Пограничный — Суйфэньхэ",
    "绥芬河公路口岸",
    "Blagoveshchensk–Heihe road bridge",
    "Port of Vostochny (Wrangel Bay)",
    "Xi’an",
    "Straße Łódź Øresund",
    "Tong\u200bjiang",
    "ＡＢＣ　１２３",
]


def test_the_page_folds_names_as_the_gazetteer_does(open_offline, stacked_map):
    op = _ready(open_offline(stacked_map))
    got = op.page.evaluate("(xs) => xs.map(GEO.foldName)", FOLD_CASES)
    assert got == [fold(x) for x in FOLD_CASES]


def test_the_page_api_lists_filters_and_searches(open_offline, stacked_map):
    op = _ready(open_offline(stacked_map))
    feats = _api(op, "features")
    assert {f["id"] for f in feats} == {"r", "line", "port", "hub"}
    assert set(feats[0]) >= {
        "id",
        "name",
        "layer",
        "status",
        "type",
        "countries",
        "years",
        "visible",
    }
    assert _api(op, "filter", {"status": "operating"}) == 2
    assert _api(op, "filter", {"type": ["port"], "status": ["operating"]}) == 1
    assert _api(op, "filter", {}) == 4
    assert _api(op, "search", "port")[0] == "port"
    state = _api(op, "state")
    assert json.loads(json.dumps(state)) == state  # plain data, as the hash encodes it
