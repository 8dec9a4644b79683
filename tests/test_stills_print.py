"""Stills a graphics desk would print (issue 20, stills half).

The built stills are drawn again here from the committed layers exactly as
``geo build`` draws them (:func:`geo.stills.render_stills`: the overview with its
detail frames, then each detail with its locator), and every placed name is read
back from the renderer (:mod:`tests.still_checks`).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from pyproj import Geod
from shapely.geometry import Point
from typer.testing import CliRunner

from geo.maps import map_layers
from geo.stills import SIZES, Still, choose_projection, draw_still, render_still
from geo.stills._layout import MIN_FONT_PT
from tests.still_checks import check

ROOT = Path(__file__).resolve().parents[1]
TITLE = "Russia–China cross-border infrastructure"


@pytest.fixture(scope="module")
def seed_layers() -> dict[str, gpd.GeoDataFrame]:
    return map_layers(sorted((ROOT / "layers").glob("*.geojson")))


def _built(layers: dict[str, gpd.GeoDataFrame], size: str) -> list[tuple[str, Still]]:
    """The overview and every detail still, as :func:`render_stills` draws them."""
    overview = draw_still(layers, title=TITLE, size=size, details=True)
    out = [("overview", overview)]
    todo = [(overview, m, 1) for m in overview.details]
    while todo:
        parent, mark, depth = todo.pop(0)
        still = draw_still(
            layers, title=TITLE, size=size, extent=mark.bounds, details=depth < 2,
            prefix=mark.letter, locator=(parent.projection, parent.frame, mark.bounds),
        )  # fmt: skip
        out.append((mark.letter, still))
        todo += [(still, m, depth + 1) for m in still.details]
    return out


@pytest.fixture(scope="module")
def built(seed_layers: dict[str, gpd.GeoDataFrame]) -> list[tuple[str, Still]]:
    return _built(seed_layers, "a4-landscape")


def test_issue_20_built_stills_place_names_as_a_graphics_desk_would(
    built: list[tuple[str, Still]],
) -> None:
    """No name > 3 mm from its target without a leader, 0 overlaps, 0 names over
    markers, ≥ 80 % on the map, a key of ≤ 5: on the overview and every detail."""
    assert len(built) >= 2, "the seed's clusters get a detail still"
    for name, still in built:
        found = check(still)
        assert not found.far, (name, found.far)
        assert not found.overlaps, (name, found.overlaps)
        assert not found.over_markers, (name, found.over_markers)
        assert found.share >= 0.8, (name, found.on_map, found.key)
        assert found.key <= 5, name


def test_issue_20_every_name_is_on_a_still_or_in_a_key(built: list[tuple[str, Still]]) -> None:
    """Names the overview leaves to a detail appear there: nothing is dropped silently."""
    overview = built[0][1]
    deferred = {text for text, _letter in overview.labels.deferred}
    on_details = {
        p.request.text for _n, s in built[1:] for p in s.labels.placed if p.key is None
    } | {e.text for _n, s in built[1:] for e in s.labels.key}
    assert deferred and deferred <= on_details


def test_issue_20_corridors_and_crossings_are_named(built: list[tuple[str, Still]]) -> None:
    kinds = {p.request.kind for _n, s in built for p in s.labels.placed}
    assert {"corridor", "crossing", "facility"} <= kinds
    texts = {p.request.text for _n, s in built for p in s.labels.placed}
    assert "Power of Siberia gas pipeline" in texts


@pytest.mark.parametrize(
    ("gid", "name"),
    [
        ("basemap-city", "Harbin"),
        ("basemap-city", "Jiamusi"),
        ("basemap-city", "Qiqihar"),
        ("basemap-city", "Mudanjiang"),  # Natural Earth: "Mudangiang"
        ("basemap-lake", "Lake Khanka"),
    ],
)
def test_issue_16_seed_still_names_the_cities_and_lake_in_frame(
    built: list[tuple[str, Still]], gid: str, name: str
) -> None:
    ax = built[0][1].figure.axes[0]
    assert name in {t.get_text() for t in ax.texts if t.get_gid() == gid}


def test_overview_marks_the_details_and_each_detail_has_a_locator(
    built: list[tuple[str, Still]],
) -> None:
    overview = built[0][1]
    frames = [p for p in overview.figure.axes[0].patches if p.get_gid() == "detail-frame"]
    assert len(frames) == len(overview.details) >= 1
    for _name, still in built[1:]:
        assert [a for a in still.figure.axes if a.get_gid() == "locator"]


@pytest.mark.parametrize(
    ("bounds", "kind"),
    [
        ((100.0, 38.0, 145.0, 58.0), "Lambert conformal conic"),  # North-East Asia
        ((130.0, 42.0, 134.0, 46.0), "Lambert conformal conic"),  # Primorye
        ((95.0, -8.0, 120.0, 8.0), "Equirectangular"),  # the equator
        ((0.0, 72.0, 60.0, 85.0), "Lambert azimuthal equal-area"),  # the Arctic
    ],
)
def test_projection_suits_the_extent_and_is_named(bounds, kind: str) -> None:
    assert choose_projection(bounds).name.startswith(kind)


def test_projection_is_named_in_the_credits(built: list[tuple[str, Still]]) -> None:
    still = built[0][1]
    credits = next(t.get_text() for t in still.figure.texts if t.get_gid() == "credits")
    assert "Lambert conformal conic" in " ".join(credits.split())


@pytest.mark.parametrize("size", sorted(SIZES))
def test_scale_bar_is_true_to_a_geodesic_distance(
    seed_layers: dict[str, gpd.GeoDataFrame], size: str
) -> None:
    """The bar's two halves, read from the figure and unprojected, span the stated km."""
    still = draw_still(seed_layers, size=size, dpi=50, labels=False)
    ax = still.figure.axes[0]
    bars = [p for p in ax.patches if p.get_gid() == "scale-bar"]
    x0 = min(b.get_x() for b in bars)
    x1 = max(b.get_x() + b.get_width() for b in bars)
    y = bars[0].get_y()
    (lon0, lat0), (lon1, lat1) = still.projection.to_lonlat(np.array([[x0, y], [x1, y]]))
    true_km = Geod(ellps="WGS84").inv(lon0, lat0, lon1, lat1)[2] / 1000
    words = next(t.get_text() for t in ax.texts if t.get_gid() == "scale-bar-words")
    stated_km = float(words.split()[0].replace(",", ""))
    assert true_km == pytest.approx(stated_km, rel=0.01)


@pytest.mark.parametrize(("size", "width_mm"), [("a4-landscape", 277), ("a4-portrait", 190),
                                                 ("column", 85)])  # fmt: skip
def test_sizes_print_at_their_width_with_no_text_under_6_pt(
    seed_layers: dict[str, gpd.GeoDataFrame], size: str, width_mm: float
) -> None:
    still = draw_still(seed_layers, size=size, dpi=50, details=True)
    fig = still.figure
    assert fig.get_figwidth() * 25.4 == pytest.approx(width_mm)
    texts = [t for a in fig.axes for t in a.texts] + list(fig.texts)
    texts += [t for leg in fig.legends for t in leg.get_texts()]
    small = [(t.get_text(), t.get_fontsize()) for t in texts
             if t.get_text().strip() and t.get_fontsize() < MIN_FONT_PT]  # fmt: skip
    assert not small


@pytest.mark.parametrize("size", ["a4-huge", ""])
def test_unknown_size_is_refused_naming_it(
    seed_layers: dict[str, gpd.GeoDataFrame], size: str
) -> None:
    with pytest.raises(ValueError, match=repr(size)):
        draw_still(seed_layers, size=size)


def test_svg_keeps_text_as_text_and_pdf_is_written(tmp_path: Path) -> None:
    g = gpd.GeoDataFrame(
        {"name": ["Tongjiang depot"], "type": ["terminal"]}, geometry=[Point(132.5, 47.7)],
        crs=4326,
    )  # fmt: skip
    svg = render_still({"facilities": g}, tmp_path / "s.svg", dpi=50).read_text("utf-8")
    assert ">Tongjiang depot</text>" in svg
    pdf = render_still({"facilities": g}, tmp_path / "s.pdf", dpi=50).read_bytes()
    assert pdf.startswith(b"%PDF") and b"CreationDate" not in pdf


def test_geo_map_writes_pdf_of_a_chosen_extent_and_size(tmp_path: Path) -> None:
    from geo.cli import app

    src = [str(p) for p in sorted((ROOT / "layers").glob("*.geojson"))]
    out = tmp_path / "m.html"
    args = ["map", *src, "-o", str(out), "--pdf", str(tmp_path / "m.pdf"),
            "--size", "column", "--extent", "130,42,134,46", "--dpi", "50"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "m.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--extent", "130,42,134"], "'130,42,134'"),
        (["--extent", "a,b,c,d"], "'a,b,c,d'"),
        (["--size", "a3"], "'a3'"),
    ],
)
def test_geo_map_bad_still_options_name_the_value(
    tmp_path: Path, args: list[str], message: str
) -> None:
    from geo.cli import app

    src = str(ROOT / "layers" / "facilities.geojson")
    result = CliRunner().invoke(
        app, ["map", src, "-o", str(tmp_path / "m.html"), "--png", str(tmp_path / "m.png"), *args]
    )
    assert result.exit_code == 1
    assert message in result.output


def test_first_view_layers_without_geometry_fall_back_to_the_others() -> None:
    # facilities with no geometry beside a drawn corridor: the still frames the corridor
    from shapely.geometry import LineString

    facilities = gpd.GeoDataFrame(
        {"id": ["a", "b"], "name": ["A", "B"], "type": ["port", "port"]},
        geometry=[None, None],
        crs=4326,
    )
    corridors = gpd.GeoDataFrame(
        {"id": ["c"], "name": ["C"], "mode": ["rail"], "status": ["operating"]},
        geometry=[LineString([(127.5, 50.2), (130.0, 47.5)])],
        crs=4326,
    )
    still = draw_still({"facilities": facilities, "corridors": corridors}, basemap=False, dpi=50)
    assert still.projection.name.startswith("Lambert conformal conic")


def test_a_polar_frame_reaches_every_longitude() -> None:
    from geo.stills._projection import frame_lonlat

    p = choose_projection((0.0, 72.0, 60.0, 85.0))
    pole = p.to_map(np.array([[p.lon0, 90.0]]))[0]
    frame = (pole[0] - 1e5, pole[1] - 1e5, pole[0] + 1e5, pole[1] + 1e5)
    west, _south, east, north = frame_lonlat(p, frame)
    assert (east - west, north) == (360.0, 90.0)
