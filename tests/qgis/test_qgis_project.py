"""Issue 20: layers/atlas.qgz opens ready in real QGIS and its print layout exports.

Runs tests/qgis/check_project.py under /usr/bin/python3 with QT_QPA_PLATFORM=offscreen
on the project `geo build` wrote (the `built` fixture), then checks what QGIS reports.
"""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from geo.layers import LAYER_NAMES, STYLES
from tests.conftest import require_client
from tests.qgis.test_qgis_layers import QGIS_PYTHON, _has_qgis

CHECKER = Path(__file__).with_name("check_project.py")
BASEMAP = ("basemap_admin0", "basemap_admin1", "basemap_lakes", "basemap_rivers",
           "basemap_places")  # fmt: skip
LABELLED = ("facilities", "crossings", "corridors")


@pytest.fixture(scope="module")
def project(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    if not _has_qgis():
        require_client(
            "QGIS", "Debian python3-qgis is not installed (apt-get install python3-qgis)"
        )
    out = tmp_path_factory.mktemp("qgis_project")
    run = tmp_path_factory.mktemp("xdg")
    run.chmod(0o700)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(run),
           "PYTHONIOENCODING": "utf-8"}  # fmt: skip
    r = subprocess.run(
        [QGIS_PYTHON, str(CHECKER), str(built / "layers" / "atlas.qgz"), str(out)],
        capture_output=True, encoding="utf-8", env=env, timeout=300,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr[-3000:]
    rep = json.loads(r.stdout)
    rep["out"] = out
    return rep


def test_issue20_project_is_a_zip_with_one_qgs_and_relative_paths(built: Path) -> None:
    with zipfile.ZipFile(built / "layers" / "atlas.qgz") as zf:
        assert zf.namelist() == ["atlas.qgs"]
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        text = zf.read("atlas.qgs").decode("utf-8")
    assert "./atlas.gpkg|layername=facilities" in text and str(built) not in text


def test_issue20_project_reads_in_a_projected_crs(project: dict) -> None:
    assert project["read"] is True and project["absolute_paths"] is False
    assert project["crs_is_geographic"] is False  # the fitted Lambert conformal conic


@pytest.mark.parametrize("table", [*LAYER_NAMES, *BASEMAP])
def test_issue20_every_layer_valid_styled_from_the_gpkg(project: dict, table: str) -> None:
    lay = project["layers"][f"{table}_layer"]
    assert lay["valid"], table
    assert lay["source"].endswith(f"atlas.gpkg|layername={table}")
    expected = "singleSymbol" if table.startswith("basemap_") else "categorizedSymbol"
    assert lay["renderer"] == expected, table
    if table in STYLES:
        assert lay["categories"] >= 2, table


def test_issue20_basemap_at_the_bottom(project: dict) -> None:
    tree = project["tree"]
    top = ("facilities", "crossings", "corridors", "places", "regions")
    assert tree[: len(LAYER_NAMES)] == [f"{t}_layer" for t in top]
    assert sorted(tree[len(LAYER_NAMES) :]) == sorted(f"{t}_layer" for t in BASEMAP)
    assert tree[-1] == "basemap_admin0_layer"


@pytest.mark.parametrize("table", LABELLED)
def test_issue20_labels_on_for_the_three_layers(project: dict, table: str) -> None:
    lay = project["layers"][f"{table}_layer"]
    assert lay["labels"] is True and lay["label_field"] == "name"
    if table == "corridors":
        assert lay["label_placement"] in (2, 3)  # along the line (parallel or curved)


def test_issue20_regions_never_an_obstacle(project: dict) -> None:
    assert project["layers"]["regions_layer"]["obstacle"] is False
    assert project["layers"]["facilities_layer"]["priority"] > project["layers"][
        "regions_layer"]["priority"]  # fmt: skip


def test_issue20_layout_exports_one_page_pdf_with_map_legend_credits(project: dict) -> None:
    (layout,) = project["layouts"].values()
    kinds = {i["kind"] for i in layout["items"]}
    assert {"map", "legend", "scalebar", "picture", "label"} <= kinds
    assert layout["pages"] == 1 and layout["pdf_result"] == 0 and layout["pdf_pages"] == 1
    assert layout["pdf_bytes"] > 10_000 and layout["png_result"] == 0
    (legend,) = [i for i in layout["items"] if i["kind"] == "legend"]
    assert legend["entries"][:3] == ["Facilities", "Border crossings", "Corridors"]
    assert not any(e in ("Countries", "Provinces") for e in legend["entries"])
    text = " ".join(i["text"] for i in layout["items"] if i["kind"] == "label")
    assert "Natural Earth" in text and "Global Energy Monitor" in text and "Projection:" in text
    (scalebar,) = [i for i in layout["items"] if i["kind"] == "scalebar"]
    (arrow,) = [i for i in layout["items"] if i["kind"] == "picture"]
    assert scalebar["linked_map"] and arrow["linked_map"]
    (m,) = [i for i in layout["items"] if i["kind"] == "map"]
    assert 1e6 < m["scale"] < 1e8  # the records' extent, not the globe


@pytest.mark.parametrize("table", LAYER_NAMES)
def test_issue20_dates_are_dates_and_money_numeric_in_the_project(
    project: dict, table: str
) -> None:
    fields = project["layers"][f"{table}_layer"]["fields"]
    for name, typ in fields.items():
        if (name.startswith("date_") and not name.endswith("_precision")) or name.endswith("_date"):
            assert typ == "Date", (table, name, typ)
        if name.endswith(("_usd", "_km", "_usd_rate")) or (
            name.startswith("capacity_") and name != "capacity_conflict"
        ):
            assert typ in ("Real", "Integer64", "Integer"), (table, name, typ)
