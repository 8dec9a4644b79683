"""Web maps without a browser: safe text (H1–H6), offline assets, styling rules, scale.

The same cases are opened in Chromium by tests/browser/test_maps_browser.py.
"""

from __future__ import annotations

import json
import math
import re

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo._symbology import fmt_number as _fmt_number
from geo._symbology import radius_px as _radius_px
from geo.errors import LayerError
from geo.maps import (
    CANVAS_THRESHOLD,
    CORRIDOR_COLOURS,
    MAX_RADIUS_PX,
    WEB_MAX_VERTICES,
    layer_payload,
    legend_items,
    make_map,
    render_fragment,
    render_html,
    safe_json,
    uncertainty_points,
)
from tests.map_cases import (
    BAD_URL,
    GOOD_URL,
    HOSTILE_NAMES,
    antimeridian_line,
    heavy_polygons,
    hostile_layers,
    many_lines,
    many_points,
)


@pytest.fixture(scope="module")
def hostile_html() -> str:
    return render_html(make_map(hostile_layers(), title=HOSTILE_NAMES["H1"], basemap=False))


def _scripts(page: str) -> list[str]:
    return re.findall(r"<script[^>]*>(.*?)</script>", page, flags=re.S)


# --- safe_json: no string can leave a <script> element --------------------------------


@pytest.mark.parametrize(
    ("value", "forbidden"),
    [
        ("</script><script>alert(1)</script>", "</"),
        ("<!-- comment", "<!--"),
        ("a & b", "&"),
        ("x > y", ">"),
        ("line\u2028sep", "\u2028"),
        ("para\u2029sep", "\u2029"),
    ],
)
def test_safe_json_escapes_html_breakers(value: str, forbidden: str) -> None:
    text = safe_json({"v": value})
    assert forbidden not in text
    assert json.loads(text) == {"v": value}


@pytest.mark.parametrize("value", list(HOSTILE_NAMES.values()))
def test_safe_json_round_trips_every_hostile_name(value: str) -> None:
    assert json.loads(safe_json([value])) == [value]


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_safe_json_refuses_non_json_numbers(bad: float) -> None:
    with pytest.raises(ValueError):
        safe_json({"v": bad})


# --- H1–H6 in the written page --------------------------------------------------------


def test_h1_markup_never_reaches_the_page_as_html(hostile_html: str) -> None:
    # The only <img is none at all: names travel as JSON with < escaped.
    assert "<img" not in hostile_html
    assert "onerror=alert" in hostile_html  # present, but inside an escaped JSON string
    for script in _scripts(hostile_html):
        assert "</script" not in script.lower()
    assert "<title>Bridge &lt;img src=x onerror=alert(1)&gt;</title>" in hostile_html


@pytest.mark.parametrize("case", ["H2", "H3"])
def test_h2_h3_backtick_and_template_syntax_stay_inside_json_strings(
    hostile_html: str, case: str
) -> None:
    # Our runtime has no template literals at all, so `…` and ${…} are inert data.
    runtime = [s for s in _scripts(hostile_html) if "GEO.layer = function" in s]
    assert runtime and "`" not in runtime[0]
    assert json.dumps(HOSTILE_NAMES[case], ensure_ascii=False) in hostile_html


@pytest.mark.parametrize("case", ["H4a", "H4b"])
def test_h4_quotes_are_kept_literally(hostile_html: str, case: str) -> None:
    assert json.dumps(HOSTILE_NAMES[case], ensure_ascii=False) in hostile_html


@pytest.mark.parametrize("case", ["H5a", "H5b", "H5c"])
def test_h5_glyphs_are_utf8_in_the_page_not_escapes(hostile_html: str, case: str) -> None:
    assert HOSTILE_NAMES[case] in hostile_html
    assert "charset=utf-8" in hostile_html.lower()


def test_h6_only_http_links_become_links() -> None:
    payload = layer_payload(hostile_layers()["facilities"], "facilities", title="F")
    links = payload["links"][0]
    assert [BAD_URL, None] in links
    assert [GOOD_URL, GOOD_URL] in links
    for feature_links in payload["links"]:
        for _text, href in feature_links:
            assert href is None or href.lower().startswith(("http://", "https://"))


def test_layer_names_in_the_layer_control_are_escaped() -> None:
    gdf = hostile_layers()["facilities"]
    page = render_html(make_map({HOSTILE_NAMES["H1"]: gdf}, basemap=False))
    # Leaflet writes control labels with innerHTML: ours arrive as entities.
    assert "&amp;lt;img" in page or "\\u0026lt;img" in page


# --- offline by construction ---------------------------------------------------------


def test_written_page_references_no_remote_script_style_or_font(hostile_html: str) -> None:
    assert not re.search(r"<script[^>]+src=", hostile_html)
    assert not re.search(r"<link[^>]+stylesheet", hostile_html)
    assert not re.search(r"@import|url\(\s*['\"]?https?:", hostile_html)


def test_online_tiles_are_offered_but_not_added() -> None:
    page = render_html(make_map(hostile_layers(), basemap=False))
    assert "tile.openstreetmap.org" in page  # offered in the layer control …
    tile_vars = re.findall(r"var (tile_layer_\w+) = L\.tileLayer", page)
    assert tile_vars
    for var in tile_vars:  # … but never added to the map when the page opens
        assert f"{var}.addTo(" not in page


def test_inline_assets_refuses_an_asset_without_offline_copy() -> None:
    import folium
    from folium.plugins import Fullscreen

    from geo.maps._offline import inline_assets

    m = folium.Map(tiles=None)
    Fullscreen().add_to(m)
    with pytest.raises(LayerError, match="no offline copy"):
        inline_assets(m)


@pytest.mark.parametrize(
    "markup",
    [
        '<script src="https://cdn.example/leaflet.js"></script>',
        '<link rel="stylesheet" href="https://cdn.example/x.css"/>',
        "<style>@import url(https://fonts.example/css);</style>",
        "<style>@font-face{font-family:x;src:url(//fonts.example/x.woff)}</style>",
    ],
)
def test_check_offline_refuses_remote_assets(markup: str) -> None:
    from geo.maps._offline import check_offline

    with pytest.raises(LayerError, match="external asset"):
        check_offline(f"<html><head>{markup}</head></html>")


def test_same_layers_give_byte_identical_html() -> None:
    layers = hostile_layers()
    a = render_html(make_map(layers, title="t", basemap=False))
    b = render_html(make_map(layers, title="t", basemap=False))
    assert a == b


# --- cartography rules -----------------------------------------------------------------


def test_corridors_coloured_by_mode_and_dashed_unless_built() -> None:
    p = layer_payload(hostile_layers()["corridors"], "corridors", title="C")
    styles = [p["styles"][i] for i in p["si"]]
    by_mode = dict(zip(["rail", "gas_pipeline", "oil_pipeline", "road"], styles, strict=True))
    for mode, st in by_mode.items():
        assert st["color"] == CORRIDOR_COLOURS[mode]
    assert "dashArray" not in by_mode["rail"]  # operating
    assert by_mode["gas_pipeline"]["dashArray"]  # proposed
    assert by_mode["oil_pipeline"]["dashArray"]  # construction
    assert by_mode["road"]["dashArray"] != by_mode["gas_pipeline"]["dashArray"]  # cancelled


@pytest.mark.parametrize(("usd", "ratio"), [(1e9, 1.0), (2.5e8, 0.25), (1e8, 0.1)])
def test_facility_circle_area_is_proportional_to_investment(usd: float, ratio: float) -> None:
    r = _radius_px(usd, max_usd=1e9)
    assert (r / MAX_RADIUS_PX) ** 2 == pytest.approx(ratio, rel=0.01)


def test_legend_lists_categories_and_reference_sizes() -> None:
    layers = hostile_layers()
    items = legend_items(layers, max_usd=3e9, uncertainty=True)
    labels = [i["label"] for i in items]
    assert {"rail", "gas pipeline", "oil pipeline", "road"} <= set(labels)
    assert "dashed: proposed or under construction" in labels
    assert "border crossing" in labels
    sizes = [i for i in items if i["kind"] == "size"]
    assert len(sizes) >= 2 and sizes[0]["radius"] > sizes[-1]["radius"]
    assert all(i["label"].startswith("US$ ") for i in sizes)


@pytest.mark.parametrize(
    ("field", "value", "text"),
    [
        ("investment_usd", 685_510_000.0, "US$ 685.51 million"),
        ("capacity_crude_oil_t_per_yr", 5_800_000.0, "5.8 million t/yr"),
        ("capacity_gas_m3_per_yr", 38e9, "38 billion m³/yr"),
        ("length_km", 2.215, "2.215 km"),
        ("uncertainty_km", 300.0, "300 km"),
        ("km_from_start", 1234.5, "1,234 km"),
        ("investment_stated_usd", 685e6, None),
        ("elevation_m", 12.0, "12 m"),
        ("status", "pre-construction", "pre-construction"),
        ("type", "logistics_hub", "logistics hub"),
    ],
)
def test_popup_numbers_carry_units_and_currency(
    field: str, value: object, text: str | None
) -> None:
    gdf = gpd.GeoDataFrame({"id": ["a"], field: [value]}, geometry=[Point(130, 47)], crs=4326)
    p = layer_payload(gdf, "facilities", title="F")
    cells = {c["label"]: (c.get("v") or c["d"])[0] for c in p["cols"]}
    if text is None:  # bookkeeping fields stay out of the popup
        assert not cells, cells
    else:
        assert text in cells.values(), cells


def test_popup_states_the_investment_rate_date_and_original_currency() -> None:
    gdf = gpd.GeoDataFrame(
        {
            "id": ["a"],
            "investment_amount": [5e9],
            "investment_currency": ["CNY"],
            "investment_date": ["2023-09-20"],
            "investment_usd": [685.51e6],
            "investment_usd_rate_date": ["2023-09-20"],
        },
        geometry=[Point(130, 47)],
        crs=4326,
    )
    cells = {
        c["label"]: (c.get("v") or c["d"])[0]
        for c in layer_payload(gdf, "facilities", title="F")["cols"]
    }
    assert cells["Investment (as reported)"] == "CNY 5 billion, as of 2023-09-20"
    assert cells["Investment (USD)"] == "US$ 685.51 million (ECB rate of 2023-09-20)"


@pytest.mark.parametrize(
    ("x", "text"), [(5e9, "5 billion"), (1.25e6, "1.25 million"), (200000, "200,000")]
)
def test_fmt_number(x: float, text: str) -> None:
    assert _fmt_number(x) == text


def test_uncertainty_circles_at_points_and_line_ends_not_areas() -> None:
    layers = hostile_layers()
    layers["corridors"] = layers["corridors"].assign(uncertainty_km=[None, 300.0, None, None])
    pts = uncertainty_points(layers)
    radii = sorted({r for _, _, r in pts})
    assert radii == [1.0, 5.0, 25.0, 300.0]
    assert (130.0, 46.2, 300.0) in pts and (132.0, 47.5, 300.0) in pts


def test_g1_antimeridian_line_is_drawn_short() -> None:
    p = layer_payload(antimeridian_line(), "corridors", title="C")
    (lon0, _), (lon1, _) = p["geoms"][0]["coordinates"]
    assert abs(lon1 - lon0) == pytest.approx(1.0)


# --- scale ---------------------------------------------------------------------------


def test_large_point_layers_go_to_canvas_and_stay_compact() -> None:
    small = layer_payload(many_points(100), "facilities", title="F")
    big = layer_payload(many_points(CANVAS_THRESHOLD + 1), "facilities", title="F")
    assert not small["canvas"] and big["canvas"]
    assert len(big["styles"]) <= 12  # a style table, not a style per point
    size = len(safe_json(big))
    assert size / big["n"] < 120  # bytes per point, all attributes included


@pytest.mark.parametrize(
    ("n", "kind", "canvas"),
    [
        (100, "corridors", False),
        (CANVAS_THRESHOLD, "corridors", False),
        (CANVAS_THRESHOLD + 1, "corridors", True),
        # Areas keep their SVG pane beneath the lines, however many.
        (CANVAS_THRESHOLD + 1, "polygons", False),
    ],
)
def test_issue19_large_line_layers_go_to_canvas(n: int, kind: str, canvas: bool) -> None:
    gdf = many_lines(n)
    if kind == "polygons":
        gdf = gdf.set_geometry(gdf.geometry.buffer(0.01))
    assert layer_payload(gdf, kind, title="C")["canvas"] is canvas


def test_s2_heavy_polygons_are_simplified_for_the_web_only() -> None:
    gdf = heavy_polygons()
    before = gdf.geometry.iloc[0].wkb
    p = layer_payload(gdf, "polygons", title="P")
    assert p["simplified_deg"] and p["simplified_deg"] > 0
    ring = p["geoms"][0]["coordinates"][0]
    assert len(ring) <= WEB_MAX_VERTICES
    assert gdf.geometry.iloc[0].wkb == before  # the layer itself keeps full detail
    m = make_map({"regions": gdf}, basemap=False)
    assert m.geo_report["Regions"]["simplified_deg"] == p["simplified_deg"]


def test_size_report_names_every_layer() -> None:
    m = make_map(hostile_layers(), basemap=False)
    report = m.geo_report
    assert report["Facilities"]["features"] == len(HOSTILE_NAMES)
    assert report["Corridors"]["features"] == 4
    assert all(v["bytes"] > 0 for v in report.values())


def test_fragment_is_a_sandboxed_iframe_holding_the_escaped_page() -> None:
    frag = render_fragment(make_map(hostile_layers(), basemap=False))
    assert frag.startswith("<iframe ") and "sandbox=" in frag and "allow-same-origin" not in frag
    assert "<script" not in frag  # the page is an escaped attribute value


def test_basemap_is_clipped_and_its_tolerance_stated() -> None:
    from geo.maps._basemap import basemap_frames

    bm = basemap_frames((125.0, 42.0, 135.0, 50.0))
    assert bm.tolerance_deg["land"] == pytest.approx(0.002)  # the North-East Asia detail
    assert {"China", "Russia"} <= set(bm.frames["land"]["name"])
    x0, y0, x1, y1 = bm.frames["land"].total_bounds
    v0, w0, v1, w1 = bm.view
    assert x0 >= v0 - 1e-9 and x1 <= v1 + 1e-9 and y0 >= w0 - 1e-9 and y1 <= w1 + 1e-9
    m = make_map(hostile_layers())
    assert m.geo_report["Countries"]["simplified_deg"] > 0
    assert m.geo_report["Countries (overview)"]["simplified_deg"] > 0


def test_mixed_and_collection_geometries_are_drawn_as_one_feature_each() -> None:
    from shapely.geometry import GeometryCollection, LineString

    gdf = gpd.GeoDataFrame(
        {"id": ["a", "b"], "name": ["Point in a mixed layer", "Collection"]},
        geometry=[
            Point(130, 47),
            GeometryCollection([Point(131, 47), LineString([(131, 47), (132, 48)])]),
        ],
        crs=4326,
    )
    p = layer_payload(gdf, "facilities", title="Mixed")
    assert p["n"] == 2 and "xy" not in p
    assert p["geoms"][1]["type"] == "GeometryCollection"
