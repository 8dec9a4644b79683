"""Layers as written (the cases T1–T8, G1, G2, G3, H5, Q1, Q2; borders; formats; bad inputs).

How QGIS reads the same files is checked in tests/qgis/test_qgis_layers.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from pydantic import ValidationError
from shapely.geometry import LineString, Point

from geo.borders import geodesic_length_km, route_borders, split_antimeridian
from geo.errors import LayerError
from geo.layers import (
    BASEMAP_LAYERS,
    LAYER_NAMES,
    STYLES,
    build_layers,
    check_field_name,
    default_style_rows,
    parse_formats,
    write_layers,
)
from geo.layers._frame import _frame
from geo.layers._schema import date_field
from geo.records import Location, Record, RecordSet
from tests.layer_cases import (
    BIG,
    DATE_LIKE_ID,
    H5_NAMES,
    case_records,
    stub_geocoder,
    write_case_layers,
)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("cases")
    write_case_layers(d)
    return d


def feats(out: Path, name: str) -> dict[str, dict]:
    data = json.loads((out / f"{name}.geojson").read_text(encoding="utf-8"))
    return {f["id"]: f for f in data["features"]}


def test_t1_missing_numbers_are_null_not_nan(out: Path) -> None:
    for name in LAYER_NAMES:
        text = (out / f"{name}.geojson").read_text(encoding="utf-8")
        assert not re.search(r"\bNaN\b|\bInfinity\b", text), name
        json.loads(text)  # strict JSON
    props = feats(out, "facilities")["no-money"]["properties"]
    assert props["investment_usd"] is None and props["capacity_gas_m3"] is None


def test_t2_null_first_integer_stays_integer(out: Path) -> None:
    info = pyogrio.read_info(out / "probe_ints.geojson")
    types = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert types["precision"] == "int64"


def test_t3_64_bit_values_exact(out: Path) -> None:
    text = (out / "probe_ints.geojson").read_text(encoding="utf-8")
    assert f'"precision": {BIG}' in text
    cap = feats(out, "facilities")[DATE_LIKE_ID]["properties"]["capacity_gas_m3"]
    assert cap == BIG


def test_t4_tiny_float_is_a_json_number(out: Path) -> None:
    assert feats(out, "facilities")["tiny-capacity"]["properties"]["capacity_gas_m3"] == 1e-08


def test_t5_date_like_id_is_the_feature_id_string(out: Path) -> None:
    f = feats(out, "facilities")[DATE_LIKE_ID]
    assert f["id"] == DATE_LIKE_ID and isinstance(f["id"], str)
    assert "id" not in f["properties"]  # a property would be sniffed as a Date by OGR


def test_t6_dates_are_iso_strings(out: Path) -> None:
    p = feats(out, "facilities")[DATE_LIKE_ID]["properties"]
    assert p["investment_date"] == "2023-09-20"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", p["investment_usd_rate_date"])


@pytest.mark.parametrize(
    ("ftype", "values", "bad"),
    [
        ("float", [42, "about 40"], "'about 40'"),
        ("float", [1.0, True], "True"),
        ("int", [1, 2.5], "2.5"),
        ("int", [1, "3"], "'3'"),
        ("int", [1, 2**64], str(2**64)),
        ("bool", [True, "yes"], "'yes'"),
    ],
)
def test_t7_mixed_field_rejected_with_record_and_field(ftype, values, bad) -> None:
    field = {"float": "km_from_start", "int": "precision", "bool": None}[ftype]
    layer, field = ("corridors", "capacity_conflict") if field is None else ("crossings", field)
    rows = [{"id": f"r{i}", field: v} for i, v in enumerate(values)]
    with pytest.raises(LayerError) as exc:
        _frame(layer, rows, [Point(0, 0)] * len(rows))
    msg = str(exc.value)
    assert "record 'r1'" in msg and repr(field) in msg and bad in msg


def test_t8_six_decimals(out: Path) -> None:
    lon, lat = feats(out, "facilities")[DATE_LIKE_ID]["geometry"]["coordinates"]
    assert (lon, lat) == (132.123457, 47.123457)


def test_g1_antimeridian_split_and_short(out: Path) -> None:
    f = feats(out, "corridors")["bering-line"]
    assert f["geometry"]["type"] == "MultiLineString"
    a, b = f["geometry"]["coordinates"]
    assert a[-1][0] == 180.0 and b[0][0] == -180.0
    assert 100 < f["properties"]["length_geodesic_km"] < 130  # not ~15,000 km round the world


def test_g1_split_function() -> None:
    line = split_antimeridian(LineString([(179.5, 65), (-179.5, 66)]))
    assert [tuple(p.coords) for p in line.geoms] == [
        ((179.5, 65.0), (180.0, 65.5)),
        ((-180.0, 65.5), (-179.5, 66.0)),
    ]
    plain = LineString([(132.7, 47.97), (132.69, 47.95)])
    assert split_antimeridian(plain) is plain


@pytest.mark.parametrize(
    ("lat", "lon"), [(132.67, 47.95), (-100.0, 45.0)]
)  # (lat, lon) given swapped
def test_g3_swapped_axes_named_with_the_fix(lat: float, lon: float) -> None:
    with pytest.raises(ValidationError) as exc:
        Location(lat=lat, lon=lon, source="s")
    assert "swap" in str(exc.value)
    assert f"lat: {lon}" in str(exc.value)


#: G2: location.place values the stub gazetteer cannot resolve.
G2_UNRESOLVABLE = [
    ("g2-unknown-village", {"place": "Atlantis on the Amur", "country": "RU"}),
    ("g2-unknown-no-country", {"place": "Nowhere-at-all"}),
    ("g2-broken-gazetteer-row", {"place": "Nowhere Bay"}),  # gazetteer returns NaN lat
]


@pytest.mark.parametrize(("rec_id", "location"), G2_UNRESOLVABLE)
def test_g2_unresolvable_place_reported_by_id_others_written(
    rec_id: str, location: dict, tmp_path: Path
) -> None:
    """G2: the record is reported (id, ``location.place``, reason); all others are written."""
    base = case_records()
    bad = Record.model_validate(
        {"id": rec_id, "name": "Lost depot", "type": "logistics_hub", "status": "proposed",
         "location": {**location, "source": "s"}}
    )  # fmt: skip
    rs = RecordSet(
        records=[*base.records, bad], places=base.places, sources=base.sources, origin={}
    )
    ls = build_layers(rs, geocoder=stub_geocoder)
    (issue,) = [i for i in ls.issues if i.record_id == rec_id]
    assert issue.field == "location.place"
    assert issue.message.strip()
    write_layers(ls, tmp_path, formats="geojson")
    report = json.loads((tmp_path / "build_report.json").read_text(encoding="utf-8"))
    (entry,) = [e for e in report["not_placed"] if e["id"] == rec_id]
    assert entry["field"] == "location.place" and entry["reason"] == issue.message
    assert rec_id not in report["placed"]["records"]
    # every other record and place still reaches its layer, in the files
    assert set(report["placed"]["records"]) == {r.id for r in base.records}
    assert set(report["placed"]["places"]) == {p.id for p in base.places}
    for i, layer in report["placed"]["records"].items():
        assert i in feats(tmp_path, layer), (i, layer)
    assert all(rec_id not in feats(tmp_path, name) for name in LAYER_NAMES)


@pytest.mark.parametrize(("fid", "layer", "name"), H5_NAMES)
def test_h5_names_written_as_utf8_not_escapes(out: Path, fid: str, layer: str, name: str) -> None:
    """H5: the raw GeoJSON holds the name literally (UTF-8), not as ``\\u`` escapes."""
    raw = (out / f"{layer}.geojson").read_bytes()
    assert name.encode("utf-8") in raw
    escaped = json.dumps(name)[1:-1]  # ensure_ascii: "\\u041d..."
    assert escaped.encode("ascii") not in raw
    assert feats(out, layer)[fid]["properties"]["name"] == name


def test_bridge_crossing_on_the_amur_within_2_km_of_border(out: Path) -> None:
    from pyproj import Geod

    from geo.reference import load_countries

    (x,) = [
        f
        for f in feats(out, "crossings").values()
        if f["properties"]["corridor_id"] == "amur-bridge"
    ]
    p = x["properties"]
    assert (p["from_country"], p["to_country"], p["kind"]) == ("RU", "CN", "land")
    lon, lat = x["geometry"]["coordinates"]
    c = load_countries(bbox=(130, 45, 135, 50)).set_index("iso_a2")
    border = c.geometry["RU"].boundary.intersection(c.geometry["CN"].boundary)
    near = border.interpolate(border.project(Point(lon, lat)))
    d_km = Geod(ellps="WGS84").inv(lon, lat, near.x, near.y)[2] / 1000
    assert d_km < 2.0
    assert 47.95 < lat < 47.971 and 132.69 < lon < 132.71  # between the bridge ends
    corridor = feats(out, "corridors")["amur-bridge"]["properties"]
    assert corridor["countries_passed"] == "RU,CN" and corridor["border_crossings"] == 1


def test_claimed_border_that_is_not_crossed_is_reported(out: Path) -> None:
    report = json.loads((out / "build_report.json").read_text(encoding="utf-8"))
    (w,) = [w for w in report["warnings"] if w["id"] == "claims-border"]
    assert "crosses no international border" in w["reason"]
    assert "claims-border" in report["placed"]["records"]  # still drawn


def test_sea_crossing_between_countries() -> None:
    rb = route_borders(LineString([(129.0, 35.1), (130.4, 33.6)]))  # Busan → Fukuoka
    assert rb.countries == ("KR", "JP") and rb.crossings[0].kind == "sea"


def test_geodesic_length() -> None:
    assert geodesic_length_km(LineString([(0, 0), (1, 0)])) == pytest.approx(111.319, abs=0.01)


def test_precision_source_and_uncertainty_on_every_feature(out: Path) -> None:
    for name in LAYER_NAMES:
        for fid, f in feats(out, name).items():
            p = f["properties"]
            assert p["precision"] is not None and p["location_source"], (name, fid)
            if p["precision"] >= 3:
                assert p["uncertainty_km"] and p["uncertainty_km"] > 0, (name, fid)


def test_regions_for_areas(out: Path) -> None:
    regions = feats(out, "regions")
    assert regions["russia"]["properties"]["area_kind"] == "country"
    assert regions["province-hub"]["properties"]["area_kind"] == "uncertainty_circle"
    assert regions["russia"]["geometry"]["type"] == "MultiPolygon"


@pytest.mark.parametrize("name", LAYER_NAMES)
def test_same_fields_on_every_feature_and_valid_names(out: Path, name: str) -> None:
    keys = {tuple(f["properties"]) for f in feats(out, name).values()}
    assert len(keys) == 1
    for k in next(iter(keys)):
        check_field_name(k)


def test_fields_stable_across_builds(tmp_path: Path, out: Path) -> None:
    write_case_layers(tmp_path)
    for name in LAYER_NAMES:
        assert (tmp_path / f"{name}.geojson").read_bytes() == (out / f"{name}.geojson").read_bytes()
        assert (tmp_path / f"{name}.qml").read_bytes() == (out / f"{name}.qml").read_bytes()


@pytest.mark.parametrize("name", LAYER_NAMES)
def test_q1_sidecar_beside_each_geojson(out: Path, name: str) -> None:
    root = ET.parse(out / f"{name}.qml").getroot()
    r = root.find("renderer-v2")
    assert r.get("type") == "categorizedSymbol"
    assert r.get("attr") == STYLES[name].category_field
    kind = {"point": "marker", "line": "line", "polygon": "fill"}[STYLES[name].geometry]
    assert {s.get("type") for s in r.find("symbols").findall("symbol")} == {kind}
    assert root.find("labeling/settings/text-style").get("fieldName") == "name"


def test_facilities_sized_by_investment(out: Path) -> None:
    assert "investment_usd" in (out / "facilities.qml").read_text(encoding="utf-8")


def test_q2_one_default_style_per_layer(out: Path, tmp_path: Path) -> None:
    rows = default_style_rows(out / "atlas.gpkg")
    tables = [*LAYER_NAMES, *BASEMAP_LAYERS]  # the layers, then Natural Earth context
    assert rows == dict.fromkeys(tables, 1)
    assert sorted(pyogrio.list_layers(out / "atlas.gpkg")[:, 0]) == sorted(
        [*tables, "layer_styles"]
    )
    con = sqlite3.connect(out / "atlas.gpkg")
    assert con.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47  # 'GPKG'
    con.close()


@pytest.mark.parametrize("ext", ["parquet", "fgb"])
def test_parquet_and_flatgeobuf_have_the_same_features(out: Path, ext: str) -> None:
    for name in LAYER_NAMES:
        a = gpd.read_file(out / f"{name}.geojson")
        b = (
            gpd.read_parquet(out / f"{name}.parquet")
            if ext == "parquet"
            else gpd.read_file(out / f"{name}.fgb")
        )
        assert len(a) == len(b) and b.crs.to_epsg() == 4326, name


@pytest.mark.parametrize(
    ("text", "expected"),
    [("geojson,gpkg", ("geojson", "gpkg")), (" FGB , parquet,fgb", ("fgb", "parquet"))],
)
def test_parse_formats(text: str, expected: tuple) -> None:
    assert parse_formats(text) == expected


@pytest.mark.parametrize("text", ["shp", "geojson,kml", "", ","])
def test_parse_formats_rejects(text: str) -> None:
    with pytest.raises(LayerError, match="geojson, gpkg, parquet, fgb"):
        parse_formats(text)


@pytest.mark.parametrize("name", ["Investment USD", "1st", "name-ru", "ä", "x" * 64])
def test_bad_field_names(name: str) -> None:
    with pytest.raises(LayerError, match=re.escape(repr(name))):
        check_field_name(name)


# ------------------------------------------------------------------ issue 20: dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2007", ("2007-01-01", "year")),
        ("2025-12", ("2025-12-01", "month")),
        ("2025-12-02", ("2025-12-02", "day")),
        (dt.date(2023, 9, 20), ("2023-09-20", "day")),
        (None, (None, None)),
    ],
)
def test_issue20_date_field_first_day_and_precision(value, expected) -> None:
    assert date_field(value) == expected


@pytest.mark.parametrize("bad", ["20", "2025-1", "Dec 2025", "2025/12/01"])
def test_issue20_date_field_refuses_non_iso(bad: str) -> None:
    with pytest.raises(LayerError, match=re.escape(repr(bad))):
        date_field(bad)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date_announced", "2007-01-01"),
        ("date_announced_precision", "year"),
        ("date_signed", "2023-09-20"),
        ("date_signed_precision", "day"),
        ("date_opening", "2025-12-01"),
        ("date_opening_precision", "month"),
        ("investment_date", "2023-09-20"),
    ],
)
def test_issue20_every_record_date_reaches_the_layers_typed(
    tmp_path: Path, field: str, value: str
) -> None:
    """GeoJSON: ISO text GDAL types Date; GeoPackage and GeoParquet: Date."""
    from tests.layer_cases import DATE_LIKE_ID, case_records, stub_geocoder

    ls = build_layers(case_records(), geocoder=stub_geocoder)
    write_layers(ls, tmp_path, formats="geojson,gpkg,parquet")
    gj = pyogrio.read_dataframe(tmp_path / "facilities.geojson")
    gp = pyogrio.read_dataframe(tmp_path / "atlas.gpkg", layer="facilities")
    pq = gpd.read_parquet(tmp_path / "facilities.parquet")
    for df in (gj, gp, pq):
        row = df[df["id"] == DATE_LIKE_ID].iloc[0]
        got = row[field]
        assert str(got)[:10] == value, (field, got)
    if not field.endswith("_precision"):
        for path in (tmp_path / "facilities.geojson", tmp_path / "atlas.gpkg"):
            info = pyogrio.read_info(path, layer="facilities")
            assert dict(zip(info["fields"], info["ogr_types"], strict=True))[field] == "OFTDate"
