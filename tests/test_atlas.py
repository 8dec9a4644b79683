"""The Russia–China atlas (issue 8): curated, sourced records and gazetteer entries.

Checks that every atlas record validates on its own, that every feature it puts in a
layer carries a source, that each bridge lies at its sourced reference point, and that
the curated gazetteer entries resolve the names analysts type.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely
import yaml
from pyproj import Transformer
from shapely.geometry import Point

from geo.gazetteer import geocode
from geo.layers import build_layers
from geo.records import Record, load_records
from tests.conftest import SEED_RECORDS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GAZETTEER_FILE = SEEDS / "gazetteer" / "atlas.yaml"

#: Source id of the seed report in seeds/sources.yaml (its records are not the atlas).
SEED_REPORT_SOURCE = "seed"


def _position_source(rec: Record) -> str | None:
    """The source cited for a record's position: its route's, else its location's."""
    if rec.route is not None:
        return rec.route.source
    return rec.location.source if rec.location is not None else None


def _atlas_files() -> dict[str, Path]:
    """Atlas records (id → file): every seed record not positioned from the seed report.

    Derived from the same file list as tests/test_records.py (``SEED_RECORDS``), so
    a new curated record joins these tests without editing a list here.
    """
    recset = load_records(SEEDS, files=SEED_RECORDS)
    return {
        r.id: recset.origin[r.id]
        for r in recset.records
        if (_position_source(r) or "").split("#", 1)[0] != SEED_REPORT_SOURCE
    }


ATLAS_FILES: dict[str, Path] = _atlas_files()
ATLAS_IDS: tuple[str, ...] = tuple(ATLAS_FILES)

#: Sourced reference point of each bridge: (record id, lat, lon, where it comes from).
BRIDGE_REFERENCES: tuple[tuple[str, float, float, str], ...] = (
    # ru-wiki infobox 47°57′40″N 132°41′54″E
    ("nizhneleninskoye-tongjiang-bridge", 47.9611, 132.6983, "ru-wiki infobox"),
    # zh-wiki infobox 47°57′41″N 132°41′52″E, an independent second source
    ("nizhneleninskoye-tongjiang-bridge", 47.96137, 132.69781, "zh-wiki infobox"),
    ("blagoveshchensk-heihe-bridge", 50.20110, 127.60046, "AroundUs GPS line"),
    # en-wiki 42°24′55″N 130°38′28″E and ru-wiki 42°24′53″N 130°38′16″E
    ("khasan-tumangang-friendship-bridge", 42.415167, 130.641056, "en-wiki infobox"),
    ("khasan-tumangang-friendship-bridge", 42.4147, 130.6378, "ru-wiki infobox"),
)

#: Facility reference points: (record id, lat, lon, tolerance km, source).
FACILITY_REFERENCES: tuple[tuple[str, float, float, float, str], ...] = (
    ("bolshoy-ussuriysky-island", 48.3581, 134.8514, 2.0, "ru-wiki infobox"),
    ("zabaykalsk-manzhouli-crossing", 49.6514, 117.3269, 10.0, "fr-wiki infobox"),
    ("kraskino-hunchun-road-crossing", 42.7083, 130.7819, 20.0, "fr-wiki infobox"),
    ("port-vladivostok", 43.1083, 131.8986, 5.0, "en-wiki Zolotoy Rog"),
    ("port-vanino", 49.0833, 140.2667, 5.0, "en-wiki Vanino"),
)

GEM_ACCURACY = {"high", "medium", "low", "very low"}


def _path(rid: str) -> Path:
    return ATLAS_FILES[rid]


def _load(rid: str) -> Record:
    recset = load_records(SEEDS, files=[_path(rid)])
    assert [r.id for r in recset.records] == [rid]
    return recset.records[0]


def _atlas_recset():
    recset = load_records(SEEDS, files=[_path(r) for r in ATLAS_IDS])
    # Only the atlas records: the seed report's place mentions need the gazetteer.
    return recset.model_copy(update={"places": []})


def _local(geom, lat: float, lon: float):
    """``geom`` (EPSG:4326, lon/lat) in metres of an equidistant plane centred on (lat, lon)."""
    aeqd = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m"
    tr = Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)
    return shapely.transform(geom, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))


def _distance_km(geom, lat: float, lon: float) -> float:
    """Geodesic-ish distance from (lat, lon) to ``geom`` (lon/lat), in km."""
    return _local(geom, lat, lon).distance(Point(0.0, 0.0)) / 1000.0


def _no_geocoder(name, **_kw):
    raise AssertionError(f"atlas records give coordinates; the gazetteer was asked for {name!r}")


# --------------------------------------------------------------------------- records


def test_at_least_twenty_atlas_records():
    assert len(ATLAS_IDS) == len(set(ATLAS_IDS)) >= 20
    for rid, path in ATLAS_FILES.items():
        assert path.stem == rid, f"{path}: name the file after its record id"
    # the seed report's own records stay out (soyuz, the Heilongjiang corridor)
    assert "soyuz-logistics-centre" not in ATLAS_IDS
    assert "nizhneleninskoye-tongjiang-bridge" in ATLAS_IDS


@pytest.mark.parametrize("rid", ATLAS_IDS)
def test_record_validates(rid):
    rec = _load(rid)
    assert rec.sources or rec.location or rec.route


@pytest.mark.parametrize("rid", ATLAS_IDS)
def test_every_position_cites_a_source(rid):
    rec = _load(rid)
    if rec.route is not None:
        assert rec.route.accuracy in GEM_ACCURACY
        assert rec.route.source, "the route needs a source"
        for i, w in enumerate(rec.route.waypoints):
            assert w.lat is not None and w.lon is not None, f"waypoint {i}: give lat/lon"
            assert w.source, f"waypoint {i} cites no source"
            assert w.precision is not None, f"waypoint {i}: state its IATI precision"
    else:
        assert rec.location is not None
        assert rec.location.source, "the location cites no source"
        assert rec.location.lat is not None, "atlas facilities give sourced lat/lon"
        assert rec.location.precision is not None


@pytest.mark.parametrize("rid", ATLAS_IDS)
def test_sources_carry_title_publisher_and_url(rid):
    recset = load_records(SEEDS, files=[_path(rid)])
    rec = recset.records[0]
    by_id = {**recset.sources, **{s.id: s for s in rec.sources}}
    for field, ref in rec.source_refs():
        src = by_id[ref.split("#", 1)[0]]
        assert src.title and src.publisher, f"{field}: {src.id} lacks title or publisher"
        assert src.url or src.file, f"{field}: {src.id} has no url"


@pytest.mark.parametrize("rid", ATLAS_IDS)
def test_capacity_conflicts_name_one_preferred_value(rid):
    rec = _load(rid)
    groups: dict[str, list] = {}
    for cap in rec.capacities:
        groups.setdefault(cap.field_key, []).append(cap)
    for key, caps in groups.items():
        values = {c.normalised.value_base for c in caps}
        if len(values) > 1:
            assert sum(c.preferred for c in caps) == 1, f"{key}: mark one value preferred"


# --------------------------------------------------------------------------- layers


@pytest.fixture(scope="module")
def layerset():
    return build_layers(_atlas_recset(), geocoder=_no_geocoder)


def test_every_atlas_record_reaches_a_layer(layerset):
    assert not layerset.issues, [i.message for i in layerset.issues]
    assert set(layerset.placement) >= set(ATLAS_IDS)


def test_every_layer_feature_carries_a_source(layerset):
    n = 0
    for name, gdf in layerset.layers.items():
        for _, row in gdf.iterrows():
            n += 1
            assert row.get("sources"), f"{name}: feature {row['id']} carries no source"
    assert n >= len(ATLAS_IDS)


@pytest.mark.parametrize(("rid", "lat", "lon", "where"), BRIDGE_REFERENCES)
def test_bridge_lies_at_its_sourced_point(layerset, rid, lat, lon, where):
    gdf = layerset.layers["corridors"]
    row = gdf[gdf["id"] == rid]
    assert len(row) == 1
    d = _distance_km(row.geometry.iloc[0], lat, lon)
    assert d <= 2.0, f"{rid} lies {d:.2f} km from the {where} point"
    assert row["length_geodesic_km"].iloc[0] < 5, "a bridge line must stay short"


@pytest.mark.parametrize(("rid", "lat", "lon", "tol_km", "where"), FACILITY_REFERENCES)
def test_facility_lies_at_its_sourced_point(layerset, rid, lat, lon, tol_km, where):
    gdf = layerset.layers["facilities"]
    row = gdf[gdf["id"] == rid]
    assert len(row) == 1
    d = _distance_km(row.geometry.iloc[0], lat, lon)
    assert d <= tol_km, f"{rid} lies {d:.2f} km from the {where} point"


@pytest.mark.parametrize(
    ("rid", "countries"),
    [
        ("nizhneleninskoye-tongjiang-bridge", {"RU", "CN"}),
        ("grodekovo-suifenhe-railway", {"RU", "CN"}),
        ("power-of-siberia-pipeline", {"RU", "CN"}),
        ("espo-skovorodino-mohe-spur", {"RU", "CN"}),
        ("far-eastern-route-gas-pipeline", {"RU", "CN"}),
        ("power-of-siberia-2-pipeline", {"RU", "MN"}),
    ],
)
def test_cross_border_routes_touch_both_sides(layerset, rid, countries):
    gdf = layerset.layers["corridors"]
    row = gdf[gdf["id"] == rid].iloc[0]
    passed = set((row.get("countries_passed") or "").split(","))
    assert countries <= passed, f"{rid} passes {passed}, expected {countries}"


@pytest.mark.parametrize(
    ("rid", "a", "b"),
    [
        ("nizhneleninskoye-tongjiang-bridge", "RU", "CN"),
        ("blagoveshchensk-heihe-bridge", "RU", "CN"),
        ("khasan-tumangang-friendship-bridge", "RU", "KP"),
    ],
)
def test_bridge_sits_on_the_border_river(layerset, rid, a, b):
    # Natural Earth 1:10m follows the river to within about a kilometre, so a short
    # bridge may not cross it exactly; it must lie within 2 km of it.
    from geo.reference import load_countries

    gdf = layerset.layers["corridors"]
    geom = gdf[gdf["id"] == rid].geometry.iloc[0]
    lon, lat = geom.centroid.x, geom.centroid.y
    c = load_countries(bbox=(lon - 1, lat - 1, lon + 1, lat + 1))
    pa = c[c["iso_a2"] == a].geometry.union_all()
    pb = c[c["iso_a2"] == b].geometry.union_all()
    border = pa.boundary.intersection(pb.buffer(0.01))
    assert not border.is_empty
    d_km = _local(border, lat, lon).distance(_local(geom, lat, lon)) / 1000
    assert d_km <= 2.0, f"{rid} lies {d_km:.2f} km from the {a}–{b} border"


# --------------------------------------------------------------------------- gazetteer


def _entries() -> list[dict]:
    return yaml.safe_load(GAZETTEER_FILE.read_text(encoding="utf-8"))


def test_gazetteer_entries_are_sourced_and_multilingual():
    entries = _entries()
    assert len(entries) >= 20
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids))
    for e in entries:
        src = e.get("source") or {}
        assert src.get("title") and src.get("url"), f"{e['id']}: source needs title and url"
        names = " ".join(e.get("alt_names") or [])
        assert any("\u0400" <= ch <= "\u04ff" for ch in names), f"{e['id']}: no Russian name"
        if "CN" in (e.get("countries") or [e.get("country_code")]):
            assert any("\u4e00" <= ch <= "\u9fff" for ch in names), f"{e['id']}: no Chinese name"
        assert 1 <= int(e["precision"]) <= 8
        assert e.get("uncertainty_km") is not None


@pytest.mark.parametrize(
    ("entry_id", "rid"),
    [
        ("nizhneleninskoye-tongjiang-bridge", "nizhneleninskoye-tongjiang-bridge"),
        ("blagoveshchensk-heihe-bridge", "blagoveshchensk-heihe-bridge"),
        ("khasan-tumangang-friendship-bridge", "khasan-tumangang-friendship-bridge"),
    ],
)
def test_gazetteer_bridges_agree_with_records(layerset, entry_id, rid):
    e = next(x for x in _entries() if x["id"] == entry_id)
    gdf = layerset.layers["corridors"]
    geom = gdf[gdf["id"] == rid].geometry.iloc[0]
    assert _distance_km(geom, e["lat"], e["lon"]) <= 0.5


@pytest.mark.parametrize(
    ("query", "entry_id"),
    [
        ("Blagoveshchensk–Heihe bridge", "blagoveshchensk-heihe-bridge"),
        ("Blagoveshchensk-Heihe bridge", "blagoveshchensk-heihe-bridge"),
        ("Мост Благовещенск — Хэйхэ", "blagoveshchensk-heihe-bridge"),
        ("黑河-布拉戈维申斯克界河公路大桥", "blagoveshchensk-heihe-bridge"),
        ("Nizhneleninskoye–Tongjiang railway bridge", "nizhneleninskoye-tongjiang-bridge"),
        ("同江中俄铁路大桥", "nizhneleninskoye-tongjiang-bridge"),
        ("Zabaykalsk–Manzhouli", "zabaykalsk-manzhouli-crossing"),
        ("满洲里口岸", "zabaykalsk-manzhouli-crossing"),
        ("Heixiazi Island", "bolshoy-ussuriysky-island"),
        ("Большой Уссурийский", "bolshoy-ussuriysky-island"),
        ("Korea–Russia Friendship Bridge", "khasan-tumangang-friendship-bridge"),
        ("Kani-Kurgan checkpoint", "kani-kurgan-checkpoint"),
        ("Port of Vostochny", "vostochny-port"),
    ],
)
def test_geocode_resolves_atlas_names(query, entry_id):
    r = geocode(query)
    assert r.resolved, r.reason
    assert r.id == f"curated:{entry_id}", (r.id, r.name)


# --------------------------------------------------------------------------- overview map


@pytest.mark.parametrize(
    ("countries", "kept"),
    [("RU,CN", True), ("CN", True), ("RU,KP", True), ("MN", False), ("KZ,UZ", False), (None, True)],
)
def test_russia_china_overview_keeps_features_touching_ru_or_cn(countries, kept):
    import geopandas as gpd

    from geo.pipeline import _russia_china_layers

    gdf = gpd.GeoDataFrame(
        {"id": ["x"], "countries": [countries]}, geometry=[Point(130, 45)], crs="EPSG:4326"
    )
    out = _russia_china_layers({"facilities": gdf})["facilities"]
    assert (len(out) == 1) is kept


def test_overview_map_renders_the_atlas(layerset, tmp_path):
    from geo.maps import make_map, write_map
    from geo.pipeline import _russia_china_layers

    links = {n: layerset.layers[n] for n in ("facilities", "corridors", "crossings")}
    path = write_map(make_map(_russia_china_layers(links), title="t"), tmp_path / "rc.html")
    html = path.read_text(encoding="utf-8")
    for rid in ("blagoveshchensk-heihe-bridge", "nizhneleninskoye-tongjiang-bridge", "port-vanino"):
        assert rid in html
