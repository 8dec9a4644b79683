"""Layer defects found by QA (issue 5): each reduced to a test.

Field typing as QGIS reads it is checked in tests/qgis/test_qgis_layers.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import LineString, MultiLineString

from geo.borders import (
    COLLAPSE_KM,
    SNAP_TOLERANCE_KM,
    Crossing,
    RouteBorders,
    countries_of_points,
    drop_excursions,
    geodesic_length_km,
    point_on_side,
    route_borders,
    snap_to_border,
    split_antimeridian,
)
from geo.layers import (
    NEAR_UNCERTAINTY_KM,
    build_layers,
    geojson_type_notes,
    write_layers,
)
from geo.layers._write import _ogr_date_kind
from geo.records import PlaceMention, Record, RecordSet, Source
from tests.layer_cases import TYPE_CASES, stub_geocoder, type_case_records

SOURCES = {"s": Source(id="s", title="Test source", url="https://example.org/s")}
BRIDGE = "Nizhneleninskoye–Tongjiang bridge"
NAN = float("nan")


def _recset(records: list[dict], places: list[PlaceMention] = ()) -> RecordSet:
    return RecordSet(
        records=[Record.model_validate(r) for r in records],
        places=list(places),
        sources=SOURCES,
        origin={},
    )


def _route(rid: str, countries: list[str], accuracy: str, pts: list[tuple[float, float]]) -> dict:
    """A pipeline record; ``pts`` as (lat, lon)."""
    return {
        "id": rid, "name": rid, "type": "pipeline", "mode": "pipeline", "status": "operating",
        "countries": countries,
        "route": {"source": "s", "accuracy": accuracy,
                  "waypoints": [{"lat": la, "lon": lo} for la, lo in pts]},
    }  # fmt: skip


def _hub(rid: str, location: dict | str) -> dict:
    loc = {"place": location} if isinstance(location, str) else dict(location)
    return {"id": rid, "name": rid, "type": "logistics_hub", "status": "proposed",
            "location": {"source": "s", **loc}}  # fmt: skip


# ------------------------------------------------------------- 1. T5: text read as dates


@pytest.mark.parametrize(
    ("text", "kind"),
    [  # as GDAL 3.6.2's GeoJSON reader typed each value alone (probed with osgeo.ogr)
        ("9000-01-01", "Date"), ("2023/09/20", "Date"), ("2023-9-2", "Date"),
        (" 2023-09-20", "Date"), ("2023-09-20Z", "Date"), ("12:30", "Time"),
        ("12:30:00", "Time"), ("1:2", "Time"), ("10:00 am", "Time"), ("23:59", "Time"),
        ("2023-09-20T10:00:00", "DateTime"), ("2023-09-20 10:00", "DateTime"),
        ("2023-09-20T10:00:00+08:00", "DateTime"),
        ("20230920", None), ("2023-09", None), ("2023-13-45", None), ("99:99", None),
        ("24:00", None), ("2023-09-20x", None), ("2023-09-20 something", None),
        ("0000-00-00", None), ("T10:00", None), ("1-2", None), ("42", None), ("", None),
        ("Depot", None), ("2023-09-20T25:00", None),
    ],
)  # fmt: skip
def test_ogr_date_sniffing_rules(text: str, kind: str | None) -> None:
    assert _ogr_date_kind(text) == kind


@pytest.mark.parametrize(
    ("case", "reads_as"),
    [("t5_date_time", "JSON"), ("t5_dates", "Date"), ("t5_mixed", None)],
)
def test_t5_text_columns_read_as_dates_are_warned(case: str, reads_as, tmp_path: Path) -> None:
    ls = build_layers(type_case_records(TYPE_CASES[case]), geocoder=stub_geocoder)
    write_layers(ls, tmp_path, formats="geojson,gpkg")
    report = json.loads((tmp_path / "build_report.json").read_text(encoding="utf-8"))
    notes = [n for n in report["geojson_types"] if n["field"] == "name"]
    warned = [w for w in report["warnings"] if w["field"] and "name" in w["field"].split(",")]
    if reads_as is None:
        assert notes == [] and warned == []
        return
    assert [(n["layer"], n["geojson_reads_as"]) for n in notes] == [("facilities", reads_as)]
    (w,) = warned
    assert "facilities.geojson" in w["file"] and "atlas.gpkg" in w["reason"]
    assert "name" in w["reason"]


@pytest.mark.parametrize(
    ("field", "written"),
    [
        ("investment_usd", "Real"),
        ("investment_stated_usd", "Real"),
        ("date_opening", "Date"),
        ("date_opening_precision", "String"),
        ("investment_usd_rate_date", "Date"),
    ],
)
def test_issue20_all_null_typed_fields_left_out_of_geojson(
    tmp_path: Path, field: str, written: str
) -> None:
    """Issue 20: a typed field null on every feature is left out of the GeoJSON only."""
    ls = build_layers(type_case_records(["Depot"]), geocoder=stub_geocoder)
    by = {(n["layer"], n["field"]): n for n in geojson_type_notes(ls.layers)}
    assert by[("facilities", field)]["geojson_reads_as"] == "left out"
    assert by[("facilities", field)]["written"] == written
    write_layers(ls, tmp_path, formats="geojson,gpkg")
    props = json.loads((tmp_path / "facilities.geojson").read_text())["features"][0]
    assert field not in props["properties"] and "name" in props["properties"]
    assert field in pyogrio.read_info(tmp_path / "atlas.gpkg", layer="facilities")["fields"]
    assert not any(w.field and field in w.field.split(",") for w in ls.warnings)


def test_all_null_numbers_and_empty_layers_are_listed(tmp_path: Path) -> None:
    ls = build_layers(type_case_records(["Depot"]), geocoder=stub_geocoder)
    notes = geojson_type_notes(ls.layers)
    by = {(n["layer"], n["field"]): n for n in notes}
    assert by[("facilities", "investment_usd")]["geojson_reads_as"] == "left out"
    assert by[("facilities", "investment_usd")]["written"] == "Real"
    for layer in ("corridors", "crossings", "places", "regions"):
        assert by[(layer, "*")]["written"] == "empty layer"
    assert ("facilities", "name") not in by and ("facilities", "id") not in by


# ---------------------------------------------------------------- 2. NaN never "placed"


def test_nan_coordinates_are_not_placed() -> None:
    rs = _recset([_hub("fine", {"lat": 48.0, "lon": 132.0})])
    # as if validation let NaN through (model_copy does not validate)
    bad = Record.model_validate(_hub("latnan", {"lat": 48.0, "lon": 132.0}))
    bad = bad.model_copy(update={"location": bad.location.model_copy(update={"lat": NAN})})
    route = Record.model_validate(_route("wpnan", ["RU"], "low", [(48, 132), (49, 133)]))
    wps = list(route.route.waypoints)
    wps[1] = wps[1].model_copy(update={"lon": float("inf")})
    route = route.model_copy(update={"route": route.route.model_copy(update={"waypoints": wps})})
    rs.records += [bad, route]
    rs.places.append(PlaceMention(id="bay", name="Nowhere Bay", role="r", source="s"))
    ls = build_layers(rs, geocoder=stub_geocoder)
    assert ls.placement == {"fine": "facilities"} and ls.place_placement == {}
    why = {i.record_id: (i.field, i.message) for i in ls.issues}
    assert why["latnan"][0] == "location" and "not finite" in why["latnan"][1]
    assert why["wpnan"][0] == "route.waypoints.1" and "not finite" in why["wpnan"][1]
    assert "not finite" in why["bay"][1]
    for gdf in ls.layers.values():
        assert not gdf.geometry.isna().any() and not gdf.geometry.is_empty.any()


# ------------------------------------------------- 4. records and places keyed apart


def test_place_with_a_record_id_keeps_both_in_the_report(tmp_path: Path) -> None:
    rs = _recset(
        [_hub("same-id", {"lat": 48.0, "lon": 132.0})],
        [PlaceMention(id="same-id", name="Harbin", country="CN", role="r", source="s")],
    )
    ls = build_layers(rs, geocoder=stub_geocoder)
    write_layers(ls, tmp_path, formats="geojson")
    report = json.loads((tmp_path / "build_report.json").read_text(encoding="utf-8"))
    assert report["placed"] == {
        "records": {"same-id": "facilities"},
        "places": {"same-id": "places"},
    }


# ------------------------------------------- 5. snapped crossings, excursions dropped

BLAGOVESHCHENSK_HEIHE = [(50.20502, 127.60496), (50.20193, 127.59842), (50.19885, 127.59188)]
KHASAN_TUMANGANG = [(42.41788, 130.642), (42.415167, 130.641056), (42.41245, 130.64012)]
POWER_OF_SIBERIA = [(60.3545, 111.7086), (50.3116, 127.3921), (50.2926, 127.3573)]


@pytest.mark.parametrize(
    ("pts", "declared"),
    [(BLAGOVESHCHENSK_HEIHE, ["RU", "CN"]), (KHASAN_TUMANGANG, ["RU", "KP"])],
)
def test_short_bridge_is_snapped_to_the_border(pts, declared) -> None:
    line = LineString([(lo, la) for la, lo in pts])
    rb = route_borders(line)
    assert rb.crossings == () and rb.countries == ("RU",)  # Natural Earth misses it
    snapped = snap_to_border(line, rb, declared)
    (x,) = snapped.crossings
    assert x.kind == "snapped" and 0 < x.snap_km <= SNAP_TOLERANCE_KM
    assert (x.from_country, x.to_country) == tuple(declared)
    assert snapped.countries == tuple(declared)


def test_no_snap_beyond_the_tolerance() -> None:
    line = LineString([(127.50, 50.30), (127.52, 50.32)])  # Blagoveshchensk, ~5 km off
    rb = route_borders(line)
    assert snap_to_border(line, rb, ["RU", "CN"]) is rb


def _x(km: float, a: str, b: str) -> Crossing:
    return Crossing(lon=0.0, lat=0.0, from_country=a, to_country=b, kind="land", km_from_start=km)


@pytest.mark.parametrize(
    ("kms", "waypoints", "accuracy", "kept"),
    [
        ([1006.7, 1483.7, 1492.1], [0, 1488.5, 1491.5], "low", [1492.1]),  # Power of Siberia
        ([1006.7, 1483.7, 1492.1], [0, 1488.5, 1491.5], "very low", [1492.1]),
        ([1006.7, 1483.7, 1492.1], [0, 1488.5, 1491.5], "medium", [1006.7, 1483.7, 1492.1]),
        ([10.0, 11.0, 50.0], [0, 60], "high", [50.0]),  # a 1 km wiggle: boundary noise
        ([10.0, 30.0], [0, 20, 60], "low", [10.0, 30.0]),  # a waypoint in the excursion
        ([10.0, 30.0], [0, 60], "low", []),  # straight line clipping a bend, both gone
    ],
)
def test_excursions_without_waypoints_dropped(kms, waypoints, accuracy, kept) -> None:
    pairs = ["RU", "CN"]
    xs = tuple(_x(k, pairs[i % 2], pairs[(i + 1) % 2]) for i, k in enumerate(kms))
    rb = RouteBorders(countries=("RU", *(x.to_country for x in xs)), crossings=xs)
    out, dropped = drop_excursions(rb, waypoint_km=waypoints, accuracy=accuracy)
    assert [x.km_from_start for x in out.crossings] == kept
    assert len(dropped) * 2 == len(kms) - len(kept)
    assert out.countries == ("RU", *(x.to_country for x in out.crossings))
    assert COLLAPSE_KM == 2.0


def test_layers_settle_crossings() -> None:
    rs = _recset(
        [
            _route("bh-bridge", ["RU", "CN"], "low", BLAGOVESHCHENSK_HEIHE),
            _route("psib", ["RU", "CN"], "low", POWER_OF_SIBERIA),
        ]
    )
    ls = build_layers(rs, geocoder=stub_geocoder)
    cor = ls.layers["corridors"].set_index("id")
    assert cor.loc["bh-bridge", "countries_passed"] == "RU,CN"
    assert cor.loc["psib", "countries_passed"] == "RU,CN"
    assert cor.loc["psib", "border_crossings"] == 1
    xs = ls.layers["crossings"].set_index("id")
    assert xs.loc["bh-bridge-x1", "kind"] == "snapped"
    assert 0 < xs.loc["bh-bridge-x1", "snap_km"] <= SNAP_TOLERANCE_KM
    assert xs.loc["psib-x1", "kind"] == "land"
    assert xs.loc["psib-x1"].geometry.x == pytest.approx(127.36, abs=0.05)  # at the Amur
    (w,) = [w for w in ls.warnings if w.record_id == "psib"]
    assert "excursion into CN" in w.message
    assert not [w for w in ls.warnings if w.record_id == "bh-bridge"]


# ------------------------------------------------------ 6. "near X on the RU side"


@pytest.mark.parametrize(
    ("location", "side"),
    [
        ({"place": f"near {BRIDGE} on the RU side", "source": "s"}, "RU"),
        (f"near {BRIDGE} on the CN side", "CN"),
        ({"place": BRIDGE, "relation": "near", "side": "RU", "source": "s"}, "RU"),
        ({"place": BRIDGE, "relation": "near", "side": "CN", "source": "s"}, "CN"),
        ({"place": BRIDGE, "relation": "near"}, None),
    ],
)
def test_near_on_a_side(location, side) -> None:
    ls = build_layers(_recset([_hub("hub", location)]), geocoder=stub_geocoder)
    row = ls.layers["facilities"].iloc[0]
    assert row["precision"] >= 2
    assert row["uncertainty_km"] == NEAR_UNCERTAINTY_KM
    p = row.geometry
    if side:
        assert countries_of_points([p.x], [p.y]) == [side]
        assert row["location_method"] == "gazetteer+side"
        ok = point_on_side(p.x, p.y, side)
        assert ok == (pytest.approx(p.x), pytest.approx(p.y), 0.0)  # >= 1 km inside


def test_at_the_bridge_stays_exact() -> None:
    ls = build_layers(_recset([_hub("hub", BRIDGE)]), geocoder=stub_geocoder)
    assert ls.layers["facilities"].iloc[0]["precision"] == 1


def test_side_far_away_is_reported() -> None:
    rec = _hub("hub", {"place": BRIDGE, "relation": "near", "side": "KZ"})
    ls = build_layers(_recset([rec]), geocoder=stub_geocoder)
    assert ls.placement == {} and "KZ side lies" in ls.issues[0].message


# ---------------------------------------- 7. places source_urls; degenerate splits


def test_places_carry_source_urls() -> None:
    rs = _recset([], [PlaceMention(id="harbin", name="Harbin", role="r", source="s#p2")])
    gdf = build_layers(rs, geocoder=stub_geocoder).layers["places"]
    assert gdf.iloc[0]["source_urls"] == '["https://example.org/s"]'  # a JSON array


@pytest.mark.parametrize(
    "coords",
    [
        [(179, 57), (180, 57), (-179.5, 57)],
        [(179, 57), (-180, 57), (-179, 57)],
        [(-180, 57), (179, 57)],
        [(180, 57), (-179, 57)],
        [(179.5, 57), (-180, 57)],
    ],
)
def test_antimeridian_split_has_no_zero_length_parts(coords) -> None:
    out = split_antimeridian(LineString(coords))
    parts = list(out.geoms) if isinstance(out, MultiLineString) else [out]
    assert all(p.length > 0 for p in parts)
    assert geodesic_length_km(out) == pytest.approx(geodesic_length_km(LineString(coords)))


def test_zero_length_route_is_a_warning() -> None:
    rec = _route("dot", ["RU"], "low", [(57.0, -180.0), (57.0, 180.0)])
    ls = build_layers(_recset([rec]), geocoder=stub_geocoder)
    assert ls.placement == {"dot": "corridors"}
    assert any("zero length" in w.message for w in ls.warnings if w.record_id == "dot")


# 8. (stale temp files: tests/test_build_faults.py — builds stage and publish, no guessing)


def test_empty_frame_helper_is_geodataframe() -> None:  # guard for the notes above
    ls = build_layers(_recset([]), geocoder=lambda *a, **k: SimpleNamespace(resolved=False))
    assert all(isinstance(g, gpd.GeoDataFrame) and not len(g) for g in ls.layers.values())
    assert {n["field"] for n in geojson_type_notes(ls.layers)} == {"*"}
