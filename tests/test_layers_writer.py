"""write_geojson's fast path (plain GeoJSON through Arrow) writes the bytes RFC 7946 mode does."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import LineString, MultiLineString, Point, Polygon

from geo.layers import RFC7946_OPTIONS, build_layers, write_geojson
from geo.layers._write import _GEOMETRY_TYPES, _rfc7946_already
from tests.layer_cases import case_records, stub_geocoder


def _rfc7946_bytes(gdf: gpd.GeoDataFrame, path: Path, layer: str | None) -> bytes:
    """What GDAL's RFC 7946 mode writes (the reference; no fast path)."""
    opts = dict(RFC7946_OPTIONS)
    if "id" not in gdf.columns:
        opts.pop("ID_FIELD")
        opts.pop("ID_TYPE")
    gtype = None if len(gdf) else _GEOMETRY_TYPES.get(layer, "Unknown")
    pyogrio.write_dataframe(gdf, path, driver="GeoJSON", layer_options=opts, geometry_type=gtype)
    return path.read_bytes()


@pytest.fixture(scope="module")
def case_layers() -> dict[str, gpd.GeoDataFrame]:
    return build_layers(case_records(), geocoder=stub_geocoder).layers


@pytest.mark.parametrize("name", ["facilities", "corridors", "crossings", "places", "regions"])
def test_case_layers_same_bytes(case_layers, name: str, tmp_path: Path) -> None:
    gdf = case_layers[name]
    ours = write_geojson(gdf, tmp_path / "ours.geojson", layer=name).read_bytes()
    assert ours == _rfc7946_bytes(gdf, tmp_path / "ref.geojson", name)


def _frame(geoms: list, **cols) -> gpd.GeoDataFrame:
    data = {"id": [f"r{i}" for i in range(len(geoms))], **cols}
    return gpd.GeoDataFrame(data, geometry=geoms, crs="EPSG:4326")


SPLIT = MultiLineString([[(179.5, 65.0), (180.0, 65.2)], [(-180.0, 65.2), (-179.5, 65.5)]])


@pytest.mark.parametrize(
    ("label", "gdf", "fast"),
    [
        ("edges", _frame([Point(180, 90), Point(-180, -90), Point(0.1234567, 1)]), True),
        ("nulls", _frame([Point(1, 2), Point(3, 4)], v=[None, 1.5], s=[None, None]), True),
        ("line", _frame([LineString([(131.0, 48.0), (131.1, 47.7)])]), True),
        ("split at 180", _frame([SPLIT]), True),
        ("line across 180 unsplit", _frame([LineString([(179.5, 65.0), (-179.5, 65.5)])]), False),
        ("beyond 180", _frame([Point(181.0, 10.0)]), False),
        ("polygon", _frame([Polygon([(0, 0), (0, 1), (1, 1)])]), False),
        ("empty", _frame([]), False),
    ],
)  # fmt: skip
def test_fast_path_only_when_nothing_to_fix_and_same_bytes(label, gdf, fast, tmp_path) -> None:
    assert _rfc7946_already(gdf) is fast, label
    ours = write_geojson(gdf, tmp_path / "ours.geojson", layer="corridors").read_bytes()
    assert ours == _rfc7946_bytes(gdf, tmp_path / "ref.geojson", "corridors"), label
    assert b'"crs"' not in ours and b"NaN" not in ours


@pytest.mark.parametrize(
    "placed",
    [
        {"records": {}, "places": {}},
        {"records": {"a": "facilities"}, "places": {}},
        {"records": {}, "places": {"a": "places"}},
        {"records": {"a": "facilities"}, "places": {"a": "places"}},  # same id, both kept
        {
            "records": {"b-2": "corridors", "a": "facilities", 'q"uote\\': "facilities"},
            "places": {"Амур/黑龙江 é": "places"},
        },
        {"records": {f"r{i:05d}": "facilities" for i in range(500)}, "places": {}},
        {},
    ],
)
def test_report_json_same_text_as_json_dumps(placed: dict) -> None:
    import json

    from geo.layers._write import _report_json

    report = {
        "placed": placed,
        "not_placed": [{"id": "x", "file": None, "field": "name", "reason": 'ünïcode "q"'}],
        "warnings": [],
        "counts": {"facilities": 1},
        "formats": ["geojson"],
    }
    want = json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert _report_json(report) == want
