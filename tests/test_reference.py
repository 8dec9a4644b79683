"""Reference geography shipped in geo/reference/data: manifest, names, GEM routes, Khasan.

The files are built by ``scripts/build_reference.py`` from ``../shared/data``; the tests
that rerun it or compare with the sources skip when that folder is missing.
"""

from __future__ import annotations

import fnmatch
import json
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo.errors import LayerError
from geo.reference import (
    DETAIL_BOX,
    GEM_ATTRIBUTION,
    LAYERS,
    attributions,
    gem_routes,
    load_layer,
    manifest,
)

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"
needs_shared = pytest.mark.skipif(
    not (SHARED_DATA / "naturalearth").is_dir() or not (SHARED_DATA / "gem-pipelines").is_dir(),
    reason="../shared/data (Natural Earth and GEM sources) is not beside the checkout",
)
ENTRIES = manifest()["files"]
#: Detail tolerance the build script promises (its DETAIL_MAX_DEVIATION), degrees.
DETAIL_MAX_DEVIATION = 0.005


def _path(name: str) -> Path:
    return Path(str(resources.files("geo.reference").joinpath("data", name)))


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_manifest_file(entry: dict) -> None:
    path = _path(entry["file"])
    assert path.is_file()
    assert path.stat().st_size == entry["bytes"]
    gdf = gpd.read_parquet(path)
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == entry["feature_count"]
    assert gdf.total_bounds.tolist() == entry["bbox"]
    assert gdf.geometry.is_valid.all()
    assert not (gdf.geometry.is_empty | gdf.geometry.isna()).any()
    assert entry["licence"] and entry["attribution"] and entry["sources"]
    assert all(s["file"] and s["repository"] and s["version"] for s in entry["sources"])
    assert entry["command"].startswith("python scripts/build_reference.py")


def test_budget_and_wheel_globs() -> None:
    """Under 25 MB together, and every file matches a package-data glob (wheel ships it)."""
    data = _path("manifest.json").parent
    listed = {e["file"] for e in ENTRIES} | {"manifest.json"}
    assert {p.name for p in data.iterdir()} == listed
    total = sum(p.stat().st_size for p in data.iterdir())
    assert total < 25e6
    globs = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["geo"]
    for p in data.iterdir():
        assert any(fnmatch.fnmatch(f"reference/data/{p.name}", g) for g in globs), p.name


def test_layers_and_scales() -> None:
    for name in LAYERS:
        assert len(load_layer(name)) > 0
    inside = (125.0, 40.0, 135.0, 50.0)
    detail = load_layer("admin1", bbox=inside)
    overview = load_layer("admin1", bbox=inside, detail="overview")
    assert set(detail["iso_3166_2"]) == set(overview["iso_3166_2"])
    # The detail file has more vertices for the same provinces.
    assert (
        shapely.get_num_coordinates(detail.geometry.values).sum()
        > shapely.get_num_coordinates(overview.geometry.values).sum()
    )
    across = load_layer("admin0", bbox=(20.0, 40.0, 100.0, 60.0))
    assert across.total_bounds[0] < DETAIL_BOX[0]  # outside the detail box: overview


def test_layer_errors() -> None:
    with pytest.raises(LayerError, match="'roads'"):
        load_layer("roads")
    with pytest.raises(ValueError, match="detail='fine'"):
        load_layer("rivers", detail="fine")
    with pytest.raises(LayerError, match="bbox"):
        load_layer("rivers", bbox=(10, 10))


def _names(layer: str, bbox=DETAIL_BOX) -> set[str]:
    return set(load_layer(layer, bbox=bbox)["name"].dropna())


def test_northeast_china_context() -> None:
    assert {"Amur", "Zeya", "Songhua", "Ussuri", "Tumen"} <= _names("rivers")
    assert "Lake Khanka" in _names("lakes")
    admin1 = load_layer("admin1", bbox=DETAIL_BOX).set_index("iso_3166_2")
    for code in ("CN-HL", "CN-JL", "RU-AMU"):
        assert admin1.loc[code, "name_ru"] and admin1.loc[code, "name_zh"]
        assert admin1.loc[code, "gn_id"] > 0
    assert admin1.loc["CN-HL", "name_zh"] == "黑龙江省"
    places = load_layer("places").set_index("name")
    # Natural Earth spells Mudanjiang "Mudangiang"; its ru/zh names are right.
    for name in ("Jiamusi", "Qiqihar", "Mudangiang", "Chita"):
        assert places.loc[name, "name_ru"] and places.loc[name, "name_zh"]
        assert places.loc[name, "geonameid"] > 0 and places.loc[name, "pop_max"] > 0
    assert places.loc["Mudangiang", "name_zh"] == "牡丹江"


GEM_IDS = ["P2352", "P4484", "P4482", "P6349", "P5241", "P0734", "P5409", "P3895", "P5513"]


def test_gem_routes() -> None:
    routes = gem_routes([*GEM_IDS, "P2352"])
    assert routes["project_id"].tolist() == GEM_IDS
    assert routes.crs.to_epsg() == 4326
    assert routes.geometry.geom_type.isin(["LineString", "MultiLineString"]).all()
    assert set(routes["fuel"]) == {"gas", "liquid"}
    by_id = routes.set_index("project_id")
    assert by_id.loc["P5241", "route_accuracy"] == "medium"
    assert "Eastern Siberia" in by_id.loc["P5241", "name"]
    # P2352 (Power of Siberia) ends near the metering station at 50.31 N 127.39 E.
    end = shapely.Point(127.39, 50.31)
    assert by_id.loc["P2352", "geometry"].distance(end) < 0.05
    assert routes.attrs["attribution"] == GEM_ATTRIBUTION
    assert GEM_ATTRIBUTION in attributions(["gem_routes"])
    assert len(gem_routes("P0648")) == 1


def test_gem_unknown_id() -> None:
    with pytest.raises(LayerError, match=r"unknown GEM pipeline id 'P99999'.*check the id"):
        gem_routes(["P2352", "P99999"])
    with pytest.raises(ValueError, match="'p2352'"):
        gem_routes("p2352")


#: Around Khasan: the Tumen is the RU–KP border, China reaches it from the north-west.
KHASAN = (130.35, 42.28, 130.80, 42.70)


def _khasan_countries() -> dict[str, shapely.Geometry]:
    gdf = load_layer("admin0", bbox=KHASAN)
    area = shapely.box(*KHASAN)
    return {
        iso: shapely.union_all(gdf[gdf.iso_a2 == iso].geometry.values) & area
        for iso in ("CN", "KP", "RU")
    }


def test_tumen_border_on_land() -> None:
    """The Tumen runs between the detail polygons, with no water between the banks."""
    countries = _khasan_countries()
    land = shapely.union_all(list(countries.values()))
    assert land.contains(shapely.Point(130.60, 42.43))
    # RU and KP, CN and KP share the river border: one common edge, not two coasts.
    for a, b in (("RU", "KP"), ("CN", "KP"), ("CN", "RU")):
        assert (countries[a].boundary & countries[b].boundary).length > 0.05, (a, b)
    rivers = load_layer("rivers", bbox=KHASAN)
    tumen = shapely.union_all(rivers[rivers.name == "Tumen"].geometry.values) & land.envelope
    points = shapely.get_coordinates(tumen)
    # Upstream of the last ~5 km to the mouth, each vertex of the river line is within
    # the tolerance of land on both banks: KP on one side, RU or CN on the other.
    points = points[points[:, 1] > 42.33]
    assert len(points) > 5
    for x, y in points:
        pt = shapely.Point(x, y)
        assert countries["KP"].distance(pt) <= DETAIL_MAX_DEVIATION, (x, y)
        assert min(countries["RU"].distance(pt), countries["CN"].distance(pt)) <= (
            DETAIL_MAX_DEVIATION
        ), (x, y)


@needs_shared
def test_khasan_land_covered_within_tolerance() -> None:
    """All source land around Khasan is within the tolerance of the detail polygons."""
    src = gpd.read_file(
        SHARED_DATA / "naturalearth" / "ne_10m_admin_1_states_provinces.geojson",
        bbox=KHASAN,
        columns=["iso_a2"],
    )
    area = shapely.box(*KHASAN)
    source_land = shapely.union_all(src.geometry.make_valid().values) & area
    ours = shapely.union_all(list(_khasan_countries().values()))
    missed = source_land - ours.buffer(DETAIL_MAX_DEVIATION)
    assert missed.area < 1e-9
    extra = ours - source_land.buffer(DETAIL_MAX_DEVIATION)
    assert extra.area < 1e-9


@needs_shared
def test_gem_attribution_is_the_readme_line() -> None:
    readme = (SHARED_DATA / "gem-pipelines" / "README.md").read_text(encoding="utf-8")
    assert f"> {GEM_ATTRIBUTION}\n" in readme


@needs_shared
def test_build_is_deterministic(tmp_path: Path) -> None:
    """Two runs give the same bytes (the whole build takes minutes: two small groups)."""
    outs = []
    for run in ("a", "b"):
        out = tmp_path / run
        cmd = [sys.executable, str(REPO / "scripts" / "build_reference.py"), "--out", str(out)]
        subprocess.run([*cmd, "--only", "places,gem_routes"], check=True, capture_output=True)
        outs.append(out)
    names = sorted(p.name for p in outs[0].iterdir())
    assert names == sorted(p.name for p in outs[1].iterdir())
    for name in names:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    # The shipped files match what the script makes now, count and extent.
    shipped = {e["file"]: e for e in ENTRIES}
    for entry in json.loads((outs[0] / "manifest.json").read_text())["files"]:
        assert entry["feature_count"] == shipped[entry["file"]]["feature_count"]
        assert np.allclose(entry["bbox"], shipped[entry["file"]]["bbox"])
