"""Issue 6 defects: antimeridian framing (G1), `geo map` input checks, popup text,
one palette across web map, stills and QGIS styles, label collisions, scale bar."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon
from typer.testing import CliRunner

from geo import _symbology as palette
from geo.errors import LayerError
from geo.maps import (
    check_coordinates,
    layer_payload,
    legend_items,
    lon_window,
    make_map,
    map_layers,
    render_html,
    shift_layer,
    skipped_features,
)
from geo.maps._popup import _cell
from tests.map_cases import antimeridian_line


def straddling_polygon() -> gpd.GeoDataFrame:
    """A polygon from 179°E to 179°W (2° wide), written as GeoJSON tools write it."""
    return gpd.GeoDataFrame(
        {"id": ["ampoly"], "name": ["Across 180"]},
        geometry=[Polygon([(179, 65), (-179, 65), (-179, 66), (179, 66)])],
        crs="EPSG:4326",
    )


def _pts(*lons: float) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(geometry=[Point(x, 50) for x in lons], crs="EPSG:4326")


# -- G1: one continuous band of longitudes -----------------------------------------


@pytest.mark.parametrize(
    ("layer", "west"),
    [
        (antimeridian_line(), 0.0),
        (straddling_polygon(), 0.0),
        (_pts(179.5, -179.5), 0.0),
        (_pts(132.0, 135.0), -180.0),
        (_pts(-74.0, 132.0), -180.0),  # New York and the Amur: not across 180
        (_pts(-10.0, 10.0), -180.0),  # across the prime meridian
        (_pts(-179.5), -180.0),
    ],
)
def test_lon_window(layer: gpd.GeoDataFrame, west: float) -> None:
    assert lon_window([layer]) == west


def test_shift_layer_keeps_g1_line_and_polygon_short() -> None:
    line = shift_layer(antimeridian_line(), 0.0).geometry[0]
    assert line.bounds[0] == pytest.approx(179.5) and line.bounds[2] == pytest.approx(180.5)
    poly = shift_layer(straddling_polygon(), 0.0).geometry[0]
    assert poly.is_valid and poly.bounds[0] == 179 and poly.bounds[2] == 181
    assert poly.area == pytest.approx(2.0)


def test_shift_layer_leaves_ordinary_data_alone() -> None:
    g = _pts(132.0, 135.0)
    assert shift_layer(g, -180.0) is g


def _payload_lons(html_text: str, title: str) -> np.ndarray:
    # Each layer's payload is a JSON block the page parses (geo/maps/_page.py GeoLayer).
    blocks = re.findall(r'<script type="application/json" id="[^"]+">(.*?)</script>', html_text)
    assert blocks
    layers = [json.loads(p) for p in blocks if f'"title":"{title}"' in p]
    coords = np.array(
        shapely.get_coordinates(shapely.from_geojson(json.dumps(layers[0]["geoms"][0])))
    )
    return coords[:, 0]


@pytest.mark.parametrize(
    ("name", "layer", "lo", "hi"),
    [
        ("corridors", antimeridian_line(), 179.5, 180.5),
        ("regions", straddling_polygon(), 179.0, 181.0),
    ],
)
def test_web_map_draws_and_frames_data_across_180_in_one_piece(
    name: str, layer: gpd.GeoDataFrame, lo: float, hi: float
) -> None:
    m = make_map({name: layer}, title="G1")
    assert m.geo_lon_west == 0.0
    page = render_html(m)
    title = "Corridors" if name == "corridors" else "Regions"
    lons = _payload_lons(page, title)
    assert lons.min() == pytest.approx(lo) and lons.max() == pytest.approx(hi)
    # The view is framed on the data, not the whole world.
    fit = re.search(r"GEO\.fit\(\w+, \[\[([-\d.]+),([-\d.]+)\],\[([-\d.]+),([-\d.]+)\]\]", page)
    assert fit, "the map fits its bounds to the data"
    _y0, x0, _y1, x1 = map(float, fit.groups())
    assert lo - 0.01 <= x0 and x1 <= hi + 0.01
    # The basemap beneath lies in the same band (Chukotka east of 180 at 180+).
    assert m.geo_basemap.bounds[2] > 180.0


@pytest.mark.parametrize("layer", [antimeridian_line(), straddling_polygon()])
def test_still_of_data_across_180_is_framed_on_it(layer) -> None:
    from geo.stills import draw_still
    from geo.stills._projection import frame_lonlat

    still = draw_still({"corridors": layer}, title="G1", dpi=50)
    # Centred on 180°, a frame a few degrees wide: no whole-world view.
    assert abs(abs(still.projection.lon0) - 180) <= 5
    x0, _y0, x1, _y1 = frame_lonlat(still.projection, still.frame)
    assert x0 < still.projection.lon0 < x1 and x1 - x0 < 40


# -- geo map input checks ---------------------------------------------------------


def _write(tmp_path: Path, name: str, features: list[dict]) -> Path:
    p = tmp_path / name
    p.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return p


def _pt(coords, **props) -> dict:
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "Point", "coordinates": coords},
    }


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (  # G3: [lat, lon] written for [lon, lat]; the message says swapped and the fix
            "[47.95, 132.67]",
            r"#1 \(name bad\): latitude 132\.67 .*swapped.*write \[132\.67, 47\.95\]",
        ),
        ("[NaN, 48]", r"#1 \(name bad\): coordinate \[nan, 48\.0\] is not a finite position"),
        ("[1e300, 48]", r"#1 \(name bad\): coordinate \[1e\+300, 48\.0\] is not a finite"),
        ("[Infinity, 48]", r"#1 \(name bad\): coordinate \[inf, 48\.0\]"),
        ("[500, 100]", r"#1 \(name bad\): latitude 100 \(in \[500, 100\]\) is outside -90"),
        ("[500, 10]", r"#1 \(name bad\): longitude 500 .*outside -180"),
    ],
)
def test_geo_map_refuses_bad_coordinates_naming_file_feature_and_fix(
    tmp_path: Path, raw: str, message: str
) -> None:
    p = tmp_path / "bad.geojson"
    good = json.dumps(_pt([132, 48], name="ok"))
    bad = (
        '{"type":"Feature","properties":{"name":"bad"},'
        '"geometry":{"type":"Point","coordinates":' + raw + "}}"
    )
    p.write_text('{"type":"FeatureCollection","features":[' + good + "," + bad + "]}")
    with pytest.raises(LayerError, match=re.escape(str(p)) + ": feature " + message):
        map_layers([p])


def test_check_coordinates_accepts_projected_layers_after_reprojection() -> None:
    g = gpd.GeoDataFrame(geometry=[Point(132, 48)], crs=4326).to_crs(3857)
    check_coordinates(g, source="merc.geojson")


def test_features_without_geometry_are_reported(tmp_path: Path) -> None:
    p = _write(
        tmp_path,
        "f.geojson",
        [
            {"type": "Feature", "properties": {"id": "nogeom"}, "geometry": None},
            _pt([132, 48], id="ok"),
        ],
    )
    layers = map_layers([p])
    assert skipped_features(layers["f"]) == [("#0 (id nogeom)", "no geometry")]
    m = make_map(layers, title="t")
    info = m.geo_report["f"]
    assert (info["input"], info["features"]) == (2, 1)
    assert info["skipped"] == [("#0 (id nogeom)", "no geometry")]


def test_geo_map_cli_reports_skips_and_errors(tmp_path: Path) -> None:
    from geo.cli import app

    p = _write(
        tmp_path,
        "f.geojson",
        [
            {"type": "Feature", "properties": {"id": "nogeom"}, "geometry": None},
            _pt([132, 48], id="ok"),
        ],
    )
    out = tmp_path / "m.html"
    r = CliRunner().invoke(app, ["map", str(p), "-o", str(out)], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert "f: 2 in, 1 drawn; skipped #0 (id nogeom): no geometry" in r.output
    bad = tmp_path / "swap.geojson"
    bad.write_text(
        json.dumps({"type": "FeatureCollection", "features": [_pt([47.95, 132.67], name="s")]})
    )
    r = CliRunner().invoke(app, ["map", str(bad), "-o", str(out)], env={"COLUMNS": "300"})
    assert r.exit_code == 1
    assert "swapped" in r.output and "Traceback" not in r.output


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["map", "a.geojson", "--png"], ["map", "a.geojson", "--png", "<auto>"]),
        (
            ["map", "a.geojson", "--png", "-o", "x.html"],
            ["map", "a.geojson", "--png", "<auto>", "-o", "x.html"],
        ),
        (["map", "a.geojson", "--png", "x.png"], ["map", "a.geojson", "--png", "x.png"]),
        (["build", "--png"], ["build", "--png"]),
    ],
)
def test_png_without_a_name_is_marked_for_the_default(argv, expected) -> None:
    from geo.cli._maps import _still_defaults

    assert _still_defaults(argv) == expected


def test_png_without_a_name_is_written_beside_the_html(tmp_path: Path) -> None:
    from geo.cli._maps import _still_defaults, app

    p = _write(tmp_path, "f.geojson", [_pt([132, 48], id="a"), _pt([133, 48.5], id="b")])
    out = tmp_path / "web" / "mine.html"
    args = _still_defaults(["map", str(p), "-o", str(out), "--dpi", "50", "--png"])
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    assert (tmp_path / "web" / "mine.png").stat().st_size > 0


# -- popup text -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "text"),
    [
        ("extra", {"a": [1, 2], "b": "x"}, '{"a":[1,2],"b":"x"}'),
        ("extra", np.array([1, 2]), "[1,2]"),
        ("extra", ["Амур", "黑龙江"], '["Амур","黑龙江"]'),
        ("w", float("inf"), "infinite (not a valid number in the source)"),
        ("investment_usd", float("-inf"), "infinite (not a valid number in the source)"),
        ("v", float("nan"), None),
        ("extra", {}, None),
    ],
)
def test_popup_cells_of_odd_values(field: str, value, text) -> None:
    assert _cell(field, value, {}) == text


# -- one palette --------------------------------------------------------------------


def test_web_map_stills_and_qgis_share_colours_and_words() -> None:
    from geo.layers import layer_qml

    corridors = gpd.GeoDataFrame(
        {
            "id": ["a", "b", "c"],
            "mode": ["gas_pipeline", "rail", "road"],
            "status": ["operating"] * 3,
        },
        geometry=[LineString([(130, 46), (131, 47)])] * 3,
        crs=4326,
    )
    qml = layer_qml("corridors", corridors)
    assert 'label="gas pipeline"' in qml and 'gas_pipeline"' in qml  # value kept, word shown
    legend = {
        i["label"]: i["color"]
        for i in legend_items({"corridors": corridors}, max_usd=0, uncertainty=False)
        if i["kind"] == "line"
    }
    for mode in ("gas_pipeline", "rail", "road"):
        hex_ = palette.CORRIDOR_COLOURS[mode]
        assert legend[palette.label(mode)] == hex_
        rgb = ",".join(str(int(hex_[i : i + 2], 16)) for i in (1, 3, 5))
        assert rgb in qml


@pytest.mark.parametrize(
    ("value", "word"),
    [("gas_pipeline", "gas pipeline"), ("logistics_hub", "logistics hub"), ("rail", "rail")],
)
def test_palette_labels(value: str, word: str) -> None:
    assert palette.label(value) == word


def test_unknown_categories_get_a_stable_colour() -> None:
    assert palette.colour("zeppelin_port") == palette.colour("zeppelin_port")
    assert palette.colour("zeppelin_port") in palette.FALLBACK


# -- stills: labels, scale bar, big layers -------------------------------------------------


def test_labels_never_overlap() -> None:
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from geo.stills._labels import place_labels
    from geo.stills._place import LabelRequest

    fig = Figure(figsize=(4, 3), dpi=100)
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    labels = [
        LabelRequest(f"Zabaykalsk grain terminal {i}", "facility", np.array([[5.0, 5.0]]))
        for i in range(6)
    ]
    result = place_labels(ax, fig, labels, [])
    on_map = [p for p in result.placed if p.key is None]
    # Every name is on the map or in the key: none is dropped silently.
    assert len(on_map) + len(result.key) == 6
    r = FigureCanvasAgg(fig).get_renderer()
    boxes = [p.artist.get_window_extent(r) for p in result.placed]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_scale_bar_states_its_length_in_km(tmp_path: Path) -> None:
    from geo.stills import render_still

    g = gpd.GeoDataFrame({"id": ["a", "b"]}, geometry=[Point(120, 30), Point(130, 66)], crs=4326)
    svg = render_still({"facilities": g}, tmp_path / "s.svg").read_text(encoding="utf-8")
    assert re.search(r">[\d,]+ km<", svg)


def test_dense_point_layer_still_is_one_rasterised_scatter(tmp_path: Path) -> None:
    from geo.stills import render_still
    from geo.stills._draw import _DENSE_POINTS
    from tests.map_cases import many_points

    path = render_still({"facilities": many_points(_DENSE_POINTS + 1)}, tmp_path / "d.svg")
    svg = path.read_text(encoding="utf-8")
    assert "<image" in svg  # the points are one raster, not 20,000 vector paths
    assert svg.count("<use ") < 200


def test_still_font_check_avoids_findfont_warnings(tmp_path: Path) -> None:
    """H5: a Chinese title and name draw with a CJK fallback font without
    "findfont: Failed to find font weight bold" (fonts are cached per process: a
    fresh one)."""
    import subprocess
    import sys

    code = (
        "import geopandas as gpd; from shapely.geometry import Point;"
        "from geo.stills import render_still;"
        "g = gpd.GeoDataFrame({'name': ['同江市']}, geometry=[Point(132.5, 47.7)], crs=4326);"
        f"render_still({{'facilities': g}}, {str(tmp_path / 'f.png')!r},"
        " title='同江 bridge', dpi=50)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "findfont" not in r.stderr, r.stderr


def test_areas_carry_a_centre_marker_and_are_not_clickable() -> None:
    from geo.maps._payload import _style

    region = gpd.GeoDataFrame(
        {
            "id": ["rfe"],
            "name": ["Russian Far East"],
            "area_kind": ["uncertainty_circle"],
            "uncertainty_km": [2500.0],
        },
        geometry=[Point(135, 55).buffer(20)],
        crs=4326,
    )
    p = layer_payload(region, "polygons", title="Regions")
    assert p["centres"] == [pytest.approx(135), pytest.approx(55)]
    assert (
        _style(
            "polygons", {"area_kind": "uncertainty_circle", "uncertainty_km": 2500.0}, max_usd=0
        )["fillOpacity"]
        == 0
    )


def test_overview_basemap_leaves_a_hole_for_the_detail() -> None:
    from geo.maps._basemap import basemap_frames

    bm = basemap_frames((130.0, 45.0, 135.0, 50.0))
    v0, w0, v1, w1 = bm.view
    inner = shapely.box(v0 + 1, w0 + 1, v1 - 1, w1 - 1)
    for key in ("land_overview", "borders_overview"):
        gdf = bm.frames[key]
        assert len(gdf) and not gdf.geometry.intersects(inner).any()
