"""Every layer opened in real QGIS (Debian python3-qgis): styled, typed, valid, EPSG:4326.

Runs tests/qgis/check_layers.py under /usr/bin/python3 with QT_QPA_PLATFORM=offscreen
on (1) the seeds as `geo build` writes them and (2) the case layers of
tests/layer_cases.py, then checks what QGIS reports.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from geo.layers import LAYER_NAMES, STYLES, build_layers, geojson_type_notes, write_layers
from tests.conftest import require_client
from tests.layer_cases import (
    BIG,
    DATE_LIKE_ID,
    H5_NAMES,
    TYPE_CASES,
    stub_geocoder,
    type_case_records,
    write_case_layers,
)

QGIS_PYTHON = "/usr/bin/python3"
CHECKER = Path(__file__).with_name("check_layers.py")


def _has_qgis() -> bool:
    if not os.path.exists(QGIS_PYTHON):
        return False
    r = subprocess.run([QGIS_PYTHON, "-c", "import qgis.core"], capture_output=True)
    return r.returncode == 0


@pytest.fixture(scope="module")
def qgis(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    if not _has_qgis():
        require_client(
            "QGIS", "Debian python3-qgis is not installed (apt-get install python3-qgis)"
        )
    cases = tmp_path_factory.mktemp("qgis_cases")
    write_case_layers(cases)
    seeds = built / "layers"
    types = tmp_path_factory.mktemp("qgis_types")
    notes = {}
    for name, names in TYPE_CASES.items():
        ls = build_layers(type_case_records(names), geocoder=stub_geocoder)
        write_layers(ls, types / name, formats="geojson,gpkg")
        notes[name] = geojson_type_notes(ls.layers)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_RUNTIME_DIR": str(cases),
        "PYTHONIOENCODING": "utf-8",  # H5: the report carries non-ASCII names
    }
    r = subprocess.run(
        [QGIS_PYTHON, str(CHECKER), str(seeds), str(cases), *(str(types / n) for n in notes)],
        capture_output=True,
        encoding="utf-8",
        env=env,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    rep = json.loads(r.stdout)
    return {
        "version": rep["qgis"],
        "seeds": rep["dirs"][str(seeds)],
        "cases": rep["dirs"][str(cases)],
        "types": {n: rep["dirs"][str(types / n)] for n in notes},
        "notes": notes,
    }


def _sources(which: str):
    return [(which, f"{kind}:{name}") for name in LAYER_NAMES for kind in ("geojson", "gpkg")]


@pytest.mark.parametrize(("which", "key"), _sources("seeds") + _sources("cases"))
def test_layer_opens_valid_styled_in_4326(qgis: dict, built: Path, which: str, key: str) -> None:
    lay = qgis[which][key]
    name = key.split(":")[1]
    assert lay["valid"], key
    assert lay["crs"] == "EPSG:4326"
    assert lay["invalid_geometries"] == []
    # Q1 (sidecar) and Q2 (layer_styles): QGIS applied our style, not its default
    assert lay["renderer"] == "categorizedSymbol"
    assert lay["renderer_attr"] == STYLES[name].category_field
    assert lay["labels"] is True
    expected_geom = {"point": 0, "line": 1, "polygon": 2}[STYLES[name].geometry]
    if lay["count"]:
        assert lay["geometry_type"] == expected_geom


#: Basemap table of atlas.gpkg → (QGIS geometry type, labelled).
BASEMAP_LOOK = {
    "basemap_admin0": (2, False),
    "basemap_admin1": (2, False),
    "basemap_lakes": (2, False),
    "basemap_rivers": (1, True),
    "basemap_places": (0, True),
}


@pytest.mark.parametrize("table", sorted(BASEMAP_LOOK))
def test_gpkg_basemap_layers_open_styled(qgis: dict, table: str) -> None:
    """A QGIS user opening atlas.gpkg gets Natural Earth context, styled, with the layers."""
    lay = qgis["seeds"][f"gpkg:{table}"]
    geometry, labelled = BASEMAP_LOOK[table]
    assert lay["valid"] and lay["crs"] == "EPSG:4326" and lay["count"] > 0, table
    assert lay["renderer"] == "singleSymbol", table  # our default style, from layer_styles
    assert lay["geometry_type"] == geometry and lay["labels"] is labelled, table
    assert lay["invalid_geometries"] == [], table
    if table == "basemap_rivers":
        names = {v["name"] for v in lay["values"].values()}
        assert {"Amur", "Ussuri", "Zeya"} <= names


def test_corridor_geometry_fields_in_qgis(qgis: dict) -> None:
    """The GEM fields reach QGIS as written."""
    lay = qgis["seeds"]["gpkg:corridors"]
    pos = lay["values"]["power-of-siberia-pipeline"]
    assert pos["geometry_source"] == "gem" and pos["gem_ids"] == "P2353,P2352"
    assert pos["attribution"].startswith("Pipeline routes: Global Energy Monitor")
    assert lay["values"]["grodekovo-suifenhe-railway"]["geometry_source"] == "waypoints"


@pytest.mark.parametrize("which", ["seeds", "cases"])
@pytest.mark.parametrize("name", LAYER_NAMES)
def test_counts_agree_between_geojson_and_gpkg(qgis: dict, which: str, name: str) -> None:
    a, b = qgis[which][f"geojson:{name}"], qgis[which][f"gpkg:{name}"]
    assert a["count"] == b["count"] == len(a["values"])
    assert set(a["values"]) == set(b["values"])


def _has_values(lay: dict, field: str) -> bool:
    return any(v.get(field) is not None for v in lay["values"].values())


@pytest.mark.parametrize("which", ["seeds", "cases"])
@pytest.mark.parametrize("key", [k for _, k in _sources("x")])
def test_field_types_as_intended(qgis: dict, which: str, key: str) -> None:
    lay = qgis[which][key]
    strict = key.startswith("gpkg:")  # GeoJSON has no schema: all-null fields read as String
    for field, typ in lay["fields"].items():
        if not strict and not _has_values(lay, field):
            continue
        if field == "id" or field.endswith("_id"):
            assert typ == "String", (key, field, typ)
        elif field in ("investment_usd", "uncertainty_km", "length_km") or (
            field.startswith("capacity_") and field != "capacity_conflict"
        ):
            assert typ in ("Real", "Integer64"), (key, field, typ)
        elif field in ("precision", "border_crossings"):
            assert typ in ("Integer", "Integer64"), (key, field, typ)
        elif field == "capacity_conflict":
            assert typ == "Boolean", (key, field, typ)
        elif field.endswith("_date") or (
            field.startswith("date_") and not field.endswith("_precision")
        ):
            assert typ == "Date", (key, field, typ)  # issue 20: dates in both formats
        if field.endswith(("_usd", "_usd_rate")):
            assert typ == "Real", (key, field, typ)  # issue 20: never String
    if key.endswith(":facilities") and _has_values(lay, "investment_usd"):
        assert lay["fields"]["investment_usd"] == "Real"


def test_t2_null_first_integer_field(qgis: dict) -> None:
    assert qgis["cases"]["geojson:probe_ints"]["fields"]["precision"] in ("Integer", "Integer64")


def test_t3_big_integers_exact(qgis: dict) -> None:
    probe = qgis["cases"]["geojson:probe_ints"]
    assert probe["fields"]["precision"] == "Integer64"
    assert probe["values"]["c"]["precision"] == BIG
    for key in ("geojson:facilities", "gpkg:facilities"):
        assert qgis["cases"][key]["values"][DATE_LIKE_ID]["capacity_gas_m3"] == BIG


def test_t4_tiny_float(qgis: dict) -> None:
    v = qgis["cases"]["geojson:facilities"]["values"]["tiny-capacity"]["capacity_gas_m3"]
    assert v == pytest.approx(1e-08, rel=1e-12)


@pytest.mark.parametrize("kind", ["geojson", "gpkg"])
def test_t5_date_like_id_stays_string(qgis: dict, kind: str) -> None:
    lay = qgis["cases"][f"{kind}:facilities"]
    assert lay["fields"]["id"] == "String"
    assert lay["values"][DATE_LIKE_ID]["id"] == DATE_LIKE_ID


def test_g1_antimeridian_line_in_qgis(qgis: dict) -> None:
    lay = qgis["cases"]["geojson:corridors"]
    assert "bering-line" in lay["values"]
    assert lay["values"]["bering-line"]["length_geodesic_km"] < 130


@pytest.mark.parametrize("kind", ["geojson", "gpkg"])
@pytest.mark.parametrize(("fid", "layer", "name"), H5_NAMES)
def test_h5_names_read_back_by_qgis(qgis: dict, kind: str, fid: str, layer: str, name: str) -> None:
    """H5: QGIS reads Нижнеленинское, 同江市 and Děčín back exactly (no mojibake)."""
    assert qgis["cases"][f"{kind}:{layer}"]["values"][fid]["name"] == name


def test_qgis_version(qgis: dict) -> None:
    assert qgis["version"].startswith("3.")


#: geo.layers.geojson_type_notes' names → what QGIS 3.22 reports as the field's type.
_QGIS_TYPE = {"Date": "Date", "DateTime": "DateTime", "Time": "Time", "JSON": "JSON"}


@pytest.mark.parametrize("case", list(TYPE_CASES))
def test_t5_date_like_text_as_qgis_reads_it_and_as_we_warn(qgis: dict, case: str) -> None:
    """QA: names "9000-01-01" + "12:30:00" read as JSON (NULL) and dates as Date.

    GeoJSON has no in-file type hint GDAL 3.6 honours, so: the warning names the
    field exactly when QGIS mistypes it, and atlas.gpkg / DATE_AS_STRING keep it.
    """
    lay = qgis["types"][case]
    names = TYPE_CASES[case]
    note = [n for n in qgis["notes"][case] if n["field"] == "name"]
    got = lay["geojson:facilities"]["fields"]["name"]
    if note:
        assert got == _QGIS_TYPE[note[0]["geojson_reads_as"]], (got, note)
    else:
        assert got == "String"
    for key in ("gpkg:facilities", "geojson_date_as_string:facilities"):
        assert lay[key]["fields"]["name"] == "String", key
        assert sorted(v["name"] for v in lay[key]["values"].values()) == sorted(names), key
    if case == "t5_date_time":  # what the warning is for: every value lost
        assert all(v["name"] is None for v in lay["geojson:facilities"]["values"].values())


def test_all_null_numbers_and_empty_layers_in_qgis(qgis: dict) -> None:
    """What GeoJSON cannot carry (README Layers); atlas.gpkg is exact."""
    lay = qgis["types"]["t5_mixed"]  # facilities only: no investment, other layers empty
    assert "investment_usd" not in lay["geojson:facilities"]["fields"]  # all null: left out
    assert lay["gpkg:facilities"]["fields"]["investment_usd"] == "Real"
    for name in ("corridors", "crossings", "places", "regions"):
        gj, gp = lay[f"geojson:{name}"], lay[f"gpkg:{name}"]
        assert gj["valid"] and gj["count"] == 0
        assert gj["fields"] == {} and gj["renderer"] is None  # no type, no fields, no style
        assert gp["valid"] and gp["count"] == 0 and gp["crs"] == "EPSG:4326"
        assert gp["renderer"] == "categorizedSymbol"  # the GeoPackage keeps its style
        expected_geom = {"point": 0, "line": 1, "polygon": 2}[STYLES[name].geometry]
        assert gp["geometry_type"] == expected_geom
        assert "uncertainty_km" in gp["fields"] or name == "regions"
