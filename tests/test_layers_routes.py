"""Real routes, stated lengths and geometry warnings (issue 16).

A table of records → the corridor fields (``geometry_source``, ``gem_ids``,
``attribution``, ``route_accuracy``, ``length_km``) and the warnings of the build
report and of the feature's ``geometry_warnings``; the curated pipelines against their
GEM lines; the GeoPackage's basemap tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import Point

from geo.borders import border_distance_km
from geo.errors import InvalidRecordsError
from geo.layers import BASEMAP_LAYERS, basemap_qml, build_layers, gem_chain, layer_qml
from geo.records import Record, RecordSet, Source, load_records
from geo.reference import GEM_ATTRIBUTION, gem_routes, load_countries
from tests.layer_cases import stub_geocoder

GEOD = Geod(ellps="WGS84")
SRC = {"s": Source(id="s", title="Test source", url="https://example.org/test")}

#: Power of Siberia's metering stations either side of the Amur (OSM via route brief).
RU_STATION = {"lat": 50.3116, "lon": 127.3921, "source": "s"}
CN_STATION = {"lat": 50.2926, "lon": 127.3573, "source": "s"}
#: The Nizhneleninskoye–Tongjiang bridge as the seed draws it (crosses the Amur).
BRIDGE = [{"lat": 47.97106, "lon": 132.69397}, {"lat": 47.95114, "lon": 132.70153}]
#: A line 20 km inland in Russia, north of the same bridge (crosses no river).
INLAND = [{"lat": 48.17, "lon": 132.69}, {"lat": 48.15, "lon": 132.70}]
#: A line inside Russia (Amur Oblast), far from any border: 2 points ~100 km apart.
IN_RU = [{"lat": 52.0, "lon": 127.0}, {"lat": 52.9, "lon": 127.0}]


def _route(**kw: Any) -> dict[str, Any]:
    return {"accuracy": "low", "source": "s", **kw}


def _rec(rid: str, **kw: Any) -> dict[str, Any]:
    return {"id": rid, "name": rid, "type": "pipeline", "status": "operating", **kw}


def _drawn_km(points: list[dict[str, float]]) -> float:
    lons = [p["lon"] for p in points]
    lats = [p["lat"] for p in points]
    return GEOD.line_length(lons, lats) / 1000.0


def _build(*recs: dict[str, Any]) -> tuple[gpd.GeoDataFrame, list[Any]]:
    recset = RecordSet(
        records=[Record.model_validate(r) for r in recs], places=[], sources=SRC, origin={}
    )
    ls = build_layers(recset, geocoder=stub_geocoder)
    assert not ls.issues, ls.issues
    return ls.layers["corridors"].set_index("id"), ls.warnings


# (case, record, expected corridor fields, warning text expected or None)
CASES: list[tuple[str, dict[str, Any], dict[str, Any], str | None]] = [
    (
        "GEM route alone (liquid: GEM's grade)",
        _rec("spur", countries=["RU", "CN"], route=_route(accuracy="very low", gem=["P6349"])),
        {"geometry_source": "gem", "gem_ids": "P6349", "attribution": GEM_ATTRIBUTION,
         "route_accuracy": "low", "border_crossings": 1, "countries_passed": "RU,CN"},
        None,
    ),
    (
        "GEM route + crossing waypoints (gas: the record's grade)",
        _rec("pos", countries=["RU", "CN"],
             route=_route(accuracy="medium", gem=["P2352"], waypoints=[RU_STATION, CN_STATION])),
        {"geometry_source": "gem", "gem_ids": "P2352", "attribution": GEM_ATTRIBUTION,
         "route_accuracy": "medium", "border_crossings": 1, "countries_passed": "RU,CN"},
        None,
    ),
    (
        "two GEM routes joined in order",
        _rec("psib2", countries=["RU", "MN", "CN"], route=_route(gem=["P0734", "P5409"])),
        {"geometry_source": "gem", "gem_ids": "P0734,P5409", "countries_passed": "RU,MN,CN",
         "border_crossings": 2, "length_km": None},
        None,
    ),
    (
        "waypoints only",
        _rec("line", countries=["RU"], route=_route(waypoints=IN_RU)),
        {"geometry_source": "waypoints", "gem_ids": None, "attribution": None,
         "route_accuracy": "low", "length_km": None, "geometry_warnings": None},
        None,
    ),
    (
        "stated length agrees (drawn 20 % longer)",
        _rec("ok-length", countries=["RU"], route=_route(waypoints=IN_RU),
             length_km=round(_drawn_km(IN_RU) / 1.2, 3), length_source="s"),
        {"geometry_warnings": None, "length_source": "Test source"},
        None,
    ),
    (
        "stated length disagrees by 26 %",
        _rec("bad-length", countries=["RU"], route=_route(waypoints=IN_RU),
             length_km=round(_drawn_km(IN_RU) / 1.26, 3), length_source="s"),
        {"length_source": "Test source"},
        "differ by 26%",
    ),
    (
        "countries name one the line never reaches",
        _rec("no-cross", countries=["RU", "CN"], route=_route(waypoints=IN_RU)),
        {"countries_passed": "RU", "border_crossings": 0},
        "crosses no international border",
    ),
    (
        "line passes a country not listed",
        _rec("extra", countries=["CN"], route=_route(gem=["P6349"])),
        {"countries_passed": "RU,CN"},
        "route passes RU, which is not in countries",
    ),
    (
        "countries list one more than the line reaches",
        _rec("missing", countries=["RU", "MN", "CN"], route=_route(gem=["P0734"])),
        {"countries_passed": "MN,RU"},  # GEM draws P0734 from the border to Yamal
        "lists CN in countries, but the drawn line does not reach it",
    ),
    (
        "bridge crossing its river",
        _rec("bridge", type="bridge", countries=["RU", "CN"], crosses="Amur",
             route=_route(waypoints=[{**p, "source": "s"} for p in BRIDGE])),
        {"geometry_warnings": None},
        None,
    ),
    (
        "bridge not crossing its river",
        _rec("dry-bridge", type="bridge", countries=["RU"], crosses="Amur",
             route=_route(waypoints=[{**p, "source": "s"} for p in INLAND])),
        {},
        "names the river it crosses, 'Amur', but its line does not cross it",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("case", "record", "fields", "warning"), CASES, ids=[c[0] for c in CASES])
def test_route_record_fields_and_warnings(
    case: str, record: dict[str, Any], fields: dict[str, Any], warning: str | None
) -> None:
    layer, warnings = _build(record)
    row = layer.loc[record["id"]]
    for name, want in fields.items():
        got = row[name]
        if want is None:
            assert got is None or got != got, (case, name, got)  # null (None or NaN)
        else:
            assert got == want, (case, name, got)
    texts = [w.message for w in warnings if w.record_id == record["id"]]
    if warning is None:
        assert texts == [], (case, texts)
        assert row["geometry_warnings"] is None
    else:
        assert any(warning in t for t in texts), (case, texts)
        assert warning in row["geometry_warnings"], case  # the feature says it too
        assert row["geometry_warnings"] == "; ".join(texts)


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "sources.yaml").write_text(
        "- {id: s, title: S, url: 'https://example.org/s'}\n", encoding="utf-8"
    )
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    return path


BAD_RECORDS = [
    ("unknown GEM id", "route:\n  accuracy: low\n  source: s\n  gem: [P0001]\n",
     "route.gem", ["'P0001'", "geo.reference.gem_routes", "index.json"]),
    ("not a GEM id", "route:\n  accuracy: low\n  source: s\n  gem: [2352]\n",
     "route.gem.0", []),
    ("GEM id twice", "route:\n  accuracy: low\n  source: s\n  gem: [P2352, P2352]\n",
     "route.gem", ["'P2352' is listed twice"]),
    ("one waypoint, no GEM",
     "route:\n  accuracy: low\n  source: s\n  waypoints: [{lat: 50, lon: 120}]\n",
     "route.waypoints", ["at least two waypoints", "gem:"]),
    ("GEM route cites nothing", "route:\n  accuracy: low\n  gem: [P2352]\n",
     "route.source", ["cites no source"]),
    ("unknown river", "crosses: Amurr\nroute:\n  accuracy: low\n  source: s\n  gem: [P2352]\n",
     "crosses", ["'Amurr'", "'Amur'"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "body", "field", "words"), BAD_RECORDS, ids=[c[0] for c in BAD_RECORDS]
)
def test_bad_route_records_name_file_line_field(
    tmp_path: Path, case: str, body: str, field: str, words: list[str]
) -> None:
    head = "id: x\nname: X\ntype: pipeline\nstatus: operating\ncountries: [RU]\n"
    path = _write(tmp_path, head + body)
    with pytest.raises(InvalidRecordsError) as err:
        load_records(path)
    (issue,) = err.value.issues
    assert issue.record_id == "x" and issue.field == field, (case, issue)
    assert issue.line is not None and issue.line >= 6, (case, issue)
    for w in words:
        assert w in issue.message, (case, issue.message)


def _point_at_border_km(target_km: float) -> tuple[float, float]:
    """A point north of the Nizhneleninskoye crossing whose border distance is target_km."""
    countries = load_countries()
    lo, hi = 0.0, 3 * target_km
    lon, lat = 132.6983, 47.959181  # the crossing on the Natural Earth border
    for _ in range(40):
        mid = (lo + hi) / 2
        x, y, _ = GEOD.fwd(lon, lat, 0.0, mid * 1000)
        km, _ = border_distance_km(x, y, countries=countries)
        lo, hi = (mid, hi) if (km or 0) < target_km else (lo, mid)
    return x, y


@pytest.mark.parametrize(("km", "warned"), [(4.0, False), (6.0, True)])
def test_border_crossing_far_from_the_border(km: float, warned: bool) -> None:
    x, y = _point_at_border_km(km)
    measured, iso = border_distance_km(x, y, countries=load_countries())
    assert measured == pytest.approx(km, abs=0.05) and iso == "CN"
    rec = {"id": "post", "name": "Post", "type": "border_crossing", "status": "operating",
           "countries": ["RU", "CN"], "location": {"lat": y, "lon": x, "source": "s"}}  # fmt: skip
    recset = RecordSet(records=[Record.model_validate(rec)], places=[], sources=SRC, origin={})
    texts = [w.message for w in build_layers(recset, geocoder=stub_geocoder).warnings]
    assert any("more than 5 km" in t for t in texts) is warned, texts


def test_border_distance_ignores_coasts() -> None:
    # Vladivostok's harbour: the sea is near, the nearest land border (CN/KP) is not
    km, iso = border_distance_km(131.89, 43.11, countries=load_countries())
    assert km is not None and km > 40 and iso in {"CN", "KP"}


# ----------------------------------------------------------------- the curated seeds

#: Curated pipelines that must follow their GEM line at every drawn vertex.
FOLLOW_GEM = {
    "power-of-siberia-pipeline": ("P2353", "P2352"),
    "power-of-siberia-2-pipeline": ("P0734", "P5409"),
    "espo-skovorodino-mohe-spur": ("P6349",),
    "mohe-daqing-crude-pipeline": ("P5241",),
    "china-russia-east-route-gas-pipeline": ("P4482",),
    "far-eastern-route-gas-pipeline": ("P3895",),
}


@pytest.fixture(scope="module")
def seeded(built: Path) -> gpd.GeoDataFrame:
    return gpd.read_file(built / "layers" / "corridors.geojson").set_index("id")


def _km_to(lines: list[Any], xy: tuple[float, float]) -> float:
    """Geodesic km from ``xy`` to the nearest of ``lines`` (each a LineString)."""
    out = []
    for line in lines:
        q = line.interpolate(line.project(Point(xy)))
        out.append(GEOD.inv(xy[0], xy[1], q.x, q.y)[2] / 1000.0)
    return min(out)


@pytest.mark.parametrize("rid", sorted(FOLLOW_GEM))
def test_curated_pipeline_follows_its_gem_line(seeded: gpd.GeoDataFrame, rid: str) -> None:
    row = seeded.loc[rid]
    ids = FOLLOW_GEM[rid]
    assert row["geometry_source"] == "gem" and row["gem_ids"] == ",".join(ids)
    assert row["attribution"] == GEM_ATTRIBUTION
    gem = [gem_chain(p, g)[0] for p, g in zip(ids, gem_routes(ids).geometry, strict=True)]
    far = [
        (round(x, 4), round(y, 4), round(_km_to(gem, (x, y)), 1))
        for x, y in shapely.get_coordinates(row.geometry)
        if _km_to(gem, (x, y)) > 5.0
    ]
    if rid == "far-eastern-route-gas-pipeline":
        # its two sourced end towns lie ~26 km off GEM's 26 km line: joined, and said so
        assert len(far) == 2 and row["geometry_warnings"].count("joined by a straight line") == 2
    else:
        assert far == [], far


def test_cross_border_pipelines_keep_their_crossing(built: Path) -> None:
    crossings = gpd.read_file(built / "layers" / "crossings.geojson")
    by = crossings.groupby("corridor_id")
    for rid in ("power-of-siberia-pipeline", "espo-skovorodino-mohe-spur"):
        (x,) = by.get_group(rid).itertuples()
        assert (x.from_country, x.to_country) == ("RU", "CN"), rid
    pos = by.get_group("power-of-siberia-pipeline").geometry.iloc[0]
    # between the two metering stations, ~20 km NW of Blagoveshchensk
    assert 127.35 < pos.x < 127.40 and 50.28 < pos.y < 50.32


def test_no_length_without_a_source(seeded: gpd.GeoDataFrame) -> None:
    stated = seeded[seeded["length_km"].notna()]
    assert stated["length_source"].notna().all()
    for rid in (
        "power-of-siberia-2-pipeline",
        "far-eastern-route-gas-pipeline",
        "heilongjiang-transport-corridor",
    ):
        assert (
            seeded.loc[rid, "length_km"] is None
            or seeded.loc[rid, "length_km"] != seeded.loc[rid, "length_km"]
        ), rid
        assert seeded.loc[rid, "length_geodesic_km"] > 0, rid


def test_every_length_agrees_or_warns(seeded: gpd.GeoDataFrame) -> None:
    for rid, row in seeded[seeded["length_km"].notna()].iterrows():
        off = abs(row["length_geodesic_km"] - row["length_km"]) / row["length_km"]
        if off > 0.25:
            assert "differ by" in (row["geometry_warnings"] or ""), rid


def test_gpkg_has_styled_basemap_tables(built: Path) -> None:
    gpkg = built / "layers" / "atlas.gpkg"
    tables = set(pyogrio.list_layers(gpkg)[:, 0])
    assert set(BASEMAP_LAYERS) <= tables
    rivers = pyogrio.read_dataframe(gpkg, layer="basemap_rivers")
    assert {"Amur", "Ussuri", "Zeya"} <= set(rivers["name"])
    # the detail files where the bridges and checkpoints are, the overview elsewhere
    assert {"Amur", "Ussuri", "Tumen"} <= set(rivers.loc[rivers["scale"] == "detail", "name"])
    assert set(rivers["scale"]) == {"detail", "overview"}
    places = pyogrio.read_dataframe(gpkg, layer="basemap_places")
    assert {"Harbin", "Khabarovsk"} <= set(places["name"])
    for table in BASEMAP_LAYERS:
        assert "<renderer-v2" in basemap_qml(table)


def test_corridor_style_draws_waypoint_lines_faint() -> None:
    qml = layer_qml("corridors")
    assert "geometry_source" in qml and "outlineColor" in qml
    assert ",230'" in qml and ",115'" in qml  # TRACED_OPACITY 0.9, WAYPOINT_OPACITY 0.45
