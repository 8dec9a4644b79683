"""Stills for reports (PNG/SVG via matplotlib) and the `geo map` command."""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import pytest
from typer.testing import CliRunner

from geo.errors import LayerError
from geo.layers import write_geojson
from geo.stills import render_still
from tests.map_cases import HOSTILE_NAMES, hostile_layers


@pytest.fixture(scope="module")
def svg_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("still") / "map.svg"
    layers = hostile_layers()
    # Spread the facilities out (one above the other) so every name gets a label:
    # labels that would overlap are left out.
    fac = layers["facilities"]
    layers["facilities"] = fac.set_geometry(
        gpd.points_from_xy(
            [100 + 0.5 * i for i in range(len(fac))], [40 + 2 * i for i in range(len(fac))]
        ),
        crs=4326,
    )
    render_still(layers, path, title="Amur <crossings> & $cost")
    return path.read_text(encoding="utf-8")


def test_png_is_300_dpi_print_resolution(tmp_path: Path) -> None:
    from PIL import Image

    path = render_still(hostile_layers(), tmp_path / "map.png", title="t")
    with Image.open(path) as im:
        assert im.info["dpi"] == pytest.approx((300, 300), abs=0.01)
        assert im.size[0] == 3271  # A4 landscape less margins: 277 mm × 300 dpi, floored


def test_png_is_deterministic(tmp_path: Path) -> None:
    a = render_still(hostile_layers(), tmp_path / "a.png", title="t", dpi=60)
    b = render_still(hostile_layers(), tmp_path / "b.png", title="t", dpi=60)
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize(
    "text",
    [
        "Legend",  # legend
        "km",  # scale bar
        ">N<",  # north arrow
        "Made with Natural Earth",  # attribution of the basemap
        "Projection: Lambert conformal conic",  # projection stated
        "border crossing",
        "location uncertainty",
        "Investment (circle area ∝ US$)",
        "US$ 2 billion",
    ],
)
def test_svg_still_has_legend_scale_bar_north_arrow_and_attribution(
    svg_text: str, text: str
) -> None:
    assert text in svg_text


def test_svg_title_and_names_are_xml_escaped_and_literal(svg_text: str) -> None:
    assert "Amur &lt;crossings&gt; &amp; $cost" in svg_text
    assert "<crossings>" not in svg_text
    # "$" does not switch matplotlib to math mode (H3): the name is drawn as typed.
    assert "Depot ${1+1}" in svg_text
    for key in ("H5a", "H5c"):
        assert HOSTILE_NAMES[key] in svg_text


@pytest.mark.parametrize("suffix", [".jpg", ".eps", ""])
def test_still_refuses_other_formats(tmp_path: Path, suffix: str) -> None:
    with pytest.raises(LayerError, match=r"\.png, \.svg or \.pdf"):
        render_still(hostile_layers(), tmp_path / f"map{suffix}")


def test_still_of_empty_layers_is_refused(tmp_path: Path) -> None:
    empty = {k: v.iloc[0:0] for k, v in hostile_layers().items()}
    with pytest.raises(LayerError, match="empty"):
        render_still(empty, tmp_path / "map.png")


# --- geo map ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def layer_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("layers")
    return [write_geojson(g, root / f"{n}.geojson") for n, g in hostile_layers().items()]


def test_geo_map_writes_html_stills_and_fragment(tmp_path: Path, layer_files: list[Path]) -> None:
    from geo.cli import app

    out = tmp_path / "m.html"
    result = CliRunner().invoke(
        app,
        [
            "map",
            *map(str, layer_files),
            "-o",
            str(out),
            "--title",
            "Depot ${1+1}",
            "--png",
            str(tmp_path / "m.png"),
            "--svg",
            str(tmp_path / "m.svg"),
            "--fragment",
            str(tmp_path / "m.frag.html"),
            "--dpi",
            "72",
        ],
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<title>Depot ${1+1}</title>" in page
    for name in ("m.png", "m.svg", "m.frag.html"):
        assert (tmp_path / name).stat().st_size > 0
    # The size report names the layers with their feature counts.
    assert "Facilities" in result.output and "Corridors" in result.output
    assert re.search(r"Facilities\D+10\b", result.output), result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.geojson"], "no such file"),
        (["{bad}"], "no such file"),
    ],
)
def test_geo_map_bad_input_names_the_file(tmp_path: Path, args: list[str], message: str) -> None:
    from geo.cli import app

    result = CliRunner().invoke(app, ["map", *args, "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert message in result.output
    assert not (tmp_path / "x.html").exists()
