"""The main job end to end: seeds/ → layers/ + maps/ (Foundation acceptance)."""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import build_copy

BRIDGE_LAT_LON = (47.961, 132.698)  # the Nizhneleninskoye–Tongjiang railway bridge
WRONG_TONGJIANG_LAT_LON = (46.65, 126.45)  # 通江镇 near Harbin, the cities500 trap
LAYERS = ("facilities", "corridors", "crossings", "places", "regions")


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def load(root: Path, name: str) -> dict:
    return json.loads((root / "layers" / f"{name}.geojson").read_text(encoding="utf-8"))


def points_of(geometry: dict) -> list[tuple[float, float]]:
    """Every vertex of a GeoJSON geometry as (lat, lon)."""
    coords = geometry["coordinates"]
    flat: list = []

    def walk(c):
        if isinstance(c[0], int | float):
            flat.append((c[1], c[0]))
        else:
            for x in c:
                walk(x)

    walk(coords)
    return flat


def all_features(root: Path) -> list[dict]:
    return [f for name in LAYERS for f in load(root, name)["features"]]


def test_outputs_exist(built: Path) -> None:
    for name in LAYERS:
        assert (built / "layers" / f"{name}.geojson").stat().st_size > 0
    assert (built / "maps" / "index.html").stat().st_size > 0


@pytest.mark.parametrize("name", LAYERS)
def test_rfc7946(built: Path, name: str) -> None:
    text = (built / "layers" / f"{name}.geojson").read_text(encoding="utf-8")
    data = json.loads(text)
    assert "crs" not in data
    assert not re.search(r"\bNaN\b", text)
    for f in data["features"]:
        for lat, lon in points_of(f["geometry"]):
            assert -90 <= lat <= 90 and -180 <= lon <= 180
            for v in (lat, lon):
                assert len(repr(v).split(".")[-1]) <= 7, f"more than 7 decimals: {v}"


@pytest.mark.parametrize("name", LAYERS)
def test_same_fields_on_every_feature(built: Path, name: str) -> None:
    feats = load(built, name)["features"]
    assert feats, f"{name} is empty"
    keys = {tuple(f["properties"]) for f in feats}
    assert len(keys) == 1


def soyuz(root: Path) -> dict:
    feats = [
        f for f in load(root, "facilities")["features"] if f.get("id") == "soyuz-logistics-centre"
    ]
    assert len(feats) == 1
    return feats[0]


def test_soyuz_investment_usd(built: Path) -> None:
    usd = soyuz(built)["properties"]["investment_usd"]
    assert isinstance(usd, float)
    assert abs(usd - 685e6) / 685e6 < 0.03


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("capacity_crude_oil_t_per_yr", 5.8e6),
        ("capacity_petroleum_products_t_per_yr", 1e6),
        ("capacity_gas_complex_t_per_yr", 650_000),
        ("capacity_containers_teu_per_yr", 100_000),
        ("capacity_warehouse_area_m2", 200_000),
    ],
)
def test_soyuz_capacities_numeric(built: Path, field: str, expected: float) -> None:
    """The layer carries the preferred (developer's) figure of each capacity, as a number."""
    value = soyuz(built)["properties"][field]
    assert isinstance(value, int | float) and not isinstance(value, bool)
    assert value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("commodity", "value", "unit"),
    [
        ("crude_oil", 5.8, "Mt/yr"),
        ("petroleum_products", 1, "Mt"),
        ("lng", 0.65, "Mt"),
        ("containers", 200_000, "m³/yr"),
    ],
)
def test_soyuz_keeps_the_reports_figures(
    repo: Path, commodity: str, value: float, unit: str
) -> None:
    """The seed report's own figures stay in the record, cited to its paragraph 6."""
    from geo.records import load_records

    (rec,) = [r for r in load_records(repo / "seeds").records if r.id == "soyuz-logistics-centre"]
    claims = [(c.commodity, c.value, c.unit) for c in rec.capacities if c.source == "seed#p6"]
    assert (commodity, value, unit) in claims


def test_soyuz_flags_the_disagreeing_sources(built: Path) -> None:
    props = soyuz(built)["properties"]
    assert props["capacity_conflict"] is True
    assert "m³/yr" in props["other_capacity_claims"]


def test_a_feature_near_the_bridge(built: Path) -> None:
    dists = [
        haversine_km(p, BRIDGE_LAT_LON)
        for f in all_features(built)
        for p in points_of(f["geometry"])
    ]
    assert min(dists) <= 15


def test_nothing_at_the_wrong_tongjiang(built: Path) -> None:
    """G4: no feature of the seeds build lies at 通江镇 near Harbin."""
    for f in all_features(built):
        for p in points_of(f["geometry"]):
            assert haversine_km(p, WRONG_TONGJIANG_LAT_LON) > 25, f.get("id")


def test_tongjiang_place_on_the_amur(built: Path) -> None:
    """G4: the seeds' Tongjiang place is 同江市 at about 47.65 N 132.50 E."""
    (tj,) = [f for f in load(built, "places")["features"] if f.get("id") == "tongjiang"]
    ((lat, lon),) = points_of(tj["geometry"])
    assert haversine_km((lat, lon), (47.65, 132.50)) < 15


def test_every_input_reaches_a_layer_or_the_report(built: Path) -> None:
    from geo.records import load_records

    rs = load_records(built / "seeds")
    report = json.loads((built / "layers" / "build_report.json").read_text(encoding="utf-8"))
    records, places = report["placed"]["records"], report["placed"]["places"]
    failed = {i["id"] for i in report["not_placed"]}
    assert {r.id for r in rs.records} <= set(records) | failed
    assert {p.id for p in rs.places} <= set(places) | failed
    for placed in (records, places):
        for i, layer in placed.items():
            assert i in {f.get("id") for f in load(built, layer)["features"]}, (i, layer)


def test_map_has_no_network_assets(built: Path) -> None:
    html = (built / "maps" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?(https?:)?//", html)
    assert "L.map(" in html or "L.map (" in html


def test_build_is_deterministic(built: Path, tmp_path: Path) -> None:
    build_copy(built / "seeds", tmp_path)
    for name in LAYERS:
        a = (built / "layers" / f"{name}.geojson").read_bytes()
        b = (tmp_path / "layers" / f"{name}.geojson").read_bytes()
        assert a == b, f"{name}.geojson differs between two builds"


def test_committed_outputs_are_fresh(built: Path, repo: Path) -> None:
    """layers/ and maps/ in git must equal a fresh build of seeds/: run `geo build`."""
    stale = []
    for fresh in sorted((built / "layers").glob("*")) + sorted((built / "maps").glob("*")):
        if fresh.is_dir() or fresh.name.startswith("."):
            continue
        committed = repo / fresh.parent.name / fresh.name
        if not committed.exists() or committed.read_bytes() != fresh.read_bytes():
            stale.append(f"{fresh.parent.name}/{fresh.name}")
    assert not stale, f"stale against seeds/ (run `geo build` and commit): {stale}"


def test_build_reads_the_curated_entries_of_its_seeds(repo: Path, tmp_path: Path, capsys) -> None:
    """`geo build --seeds DIR` resolves places with DIR/gazetteer/*.yaml (not the
    package's folder), here a curated place no other source knows."""
    seeds = tmp_path / "project" / "seeds"
    (seeds / "records").mkdir(parents=True)
    shutil.copy(repo / "seeds" / "sources.yaml", seeds)
    shutil.copytree(repo / "seeds" / "gazetteer", seeds / "gazetteer")
    (seeds / "gazetteer" / "extra.yaml").write_text(
        "- {id: testville, name: Testville Junction, feature_code: PPL, country_code: RU,"
        " lat: 50.0, lon: 130.0, precision: 1}\n",
        encoding="utf-8",
    )
    (seeds / "places.yaml").write_text(
        "- {id: testville, name: Testville Junction, country: RU, role: a test place, "
        'source: "seed#p1"}\n',
        encoding="utf-8",
    )
    (seeds / "records" / "testville.yaml").write_text(
        "id: testville-depot\nname: Testville depot\ntype: terminal\nmode: oil_sea\n"
        "status: operating\ncountries: [RU]\nsummary: A depot at a curated test place.\n"
        "location:\n  place: Testville Junction\n  country: RU\n"
        "  source: openstreetmap-route-briefs\n",
        encoding="utf-8",
    )
    from geo.pipeline import build

    out = tmp_path / "out"
    res = build(seeds, layers_dir=out / "layers", maps_dir=out / "maps")
    assert not res.issues
    for layer in ("facilities", "places"):
        (feat,) = load(out, layer)["features"]
        assert feat["properties"]["gazetteer_id"] == "curated:testville"
        assert points_of(feat["geometry"]) == [(50.0, 130.0)]
    assert "warning" not in capsys.readouterr().err
