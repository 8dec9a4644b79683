"""Every built map renders offline in Chromium and draws every feature of its layers.

Checked on a fresh `geo build` in a temporary folder and on the committed maps/.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.conftest import search_and_open

#: window.GEO_LAYERS key → layer file written by `geo build`.
LAYER_FILES = {
    "Facilities": "facilities",
    "Corridors": "corridors",
    "Border crossings": "crossings",
    "Places": "places",
    "Regions": "regions",
}
REPO = Path(__file__).resolve().parents[2]


def _feature_counts(layers_dir: Path) -> dict[str, int]:
    out = {}
    for key, stem in LAYER_FILES.items():
        path = layers_dir / f"{stem}.geojson"
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            out[key] = len([f for f in data["features"] if f.get("geometry")])
    return out


def _check_page(op, expected: dict[str, int] | None) -> None:
    counts = op.layers()
    assert counts.get("Countries", 0) > 0, f"no basemap drawn: {counts}"
    if expected is not None:
        for key, n in expected.items():
            if n:
                assert counts.get(key) == n, (key, counts, expected)
    assert op.page.locator(".leaflet-container").count() >= 1
    assert not op.errors, op.errors
    assert not op.dialogs, op.dialogs
    assert not op.refused, f"the page tried to reach the network: {op.refused}"


def test_fresh_index_map_draws_every_feature_offline(open_offline, built: Path) -> None:
    op = open_offline(built / "maps" / "index.html")
    _check_page(op, _feature_counts(built / "layers"))


@pytest.mark.parametrize("name", ["index.html", "russia-china.html"])
def test_every_fresh_map_renders_offline(open_offline, built: Path, name: str) -> None:
    path = built / "maps" / name
    assert path.is_file(), f"geo build wrote no {name}"
    _check_page(open_offline(path), None)


def _committed_maps() -> list[Path]:
    return sorted((REPO / "maps").glob("*.html"))


@pytest.mark.parametrize("path", _committed_maps(), ids=lambda p: p.name)
def test_committed_maps_render_offline(open_offline, path: Path) -> None:
    expected = _feature_counts(REPO / "layers") if path.name == "index.html" else None
    _check_page(open_offline(path), expected)


def test_index_map_popup_opens_with_an_attribute_table(open_offline, built: Path) -> None:
    op = open_offline(built / "maps" / "index.html")
    data = json.loads((built / "layers" / "facilities.geojson").read_text(encoding="utf-8"))
    name = data["features"][0]["properties"]["name"]
    popup = search_and_open(op, name)
    assert popup.locator("h4").inner_text().strip() == name
    assert popup.locator("th").count() >= 2
    assert not op.errors and not op.dialogs and not op.refused
