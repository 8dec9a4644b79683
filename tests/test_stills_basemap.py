"""The still's reference basemap: land, borders, rivers, lakes, cities, credits (issue 16).

A still of the Amur bridges (Blagoveshchensk–Heihe, Nizhneleninskoye–Tongjiang) and
the Khasan bridge on the Tumen is drawn with :func:`geo.stills.draw_still`, and the
matplotlib artists are read back: the texts by their ids (``basemap-city``,
``basemap-river`` …), the land patch, the corridor lines, the credits.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import LineString, Point

from geo import _symbology as palette
from geo.reference import GEM_ATTRIBUTION, NE_ATTRIBUTION
from geo.stills import Still, draw_still
from geo.stills._basemap import city_min_population, still_zoom

#: Corridors of the test still: (id, geometry_source, line).
_CORRIDORS = [
    ("blagoveshchensk-heihe", "waypoints", [(127.53, 50.26), (127.49, 50.23)]),
    ("nizhneleninskoye-tongjiang", "waypoints", [(132.65, 48.0), (132.70, 47.94)]),
    ("khasan-tumangang", "waypoints", [(130.62, 42.42), (130.65, 42.40)]),
    ("gas-spur", "gem", [(127.4, 50.3), (128.2, 49.2), (129.0, 48.6)]),
]


def _layers(sources: list[str | None] | None = None) -> dict[str, gpd.GeoDataFrame]:
    """The Amur bridges and a pipeline; ``sources`` overrides ``geometry_source``
    (``None`` in the list drops the field)."""
    rows = _CORRIDORS
    src = [r[1] for r in rows] if sources is None else sources
    data: dict[str, Any] = {
        "id": [r[0] for r in rows],
        "name": [r[0] for r in rows],
        "type": ["bridge", "bridge", "bridge", "pipeline"],
        "mode": ["rail", "rail", "rail", "gas_pipeline"],
        "status": ["operating"] * len(rows),
    }
    if None not in src:
        data["geometry_source"] = src
    corridors = gpd.GeoDataFrame(data, geometry=[LineString(r[2]) for r in rows], crs="EPSG:4326")
    facilities = gpd.GeoDataFrame(
        {"id": ["depot"], "name": ["Tongjiang depot"], "type": ["terminal"]},
        geometry=[Point(132.51, 47.65)],
        crs="EPSG:4326",
    )
    return {"corridors": corridors, "facilities": facilities}


@pytest.fixture(scope="module")
def still() -> Still:
    return draw_still(_layers(), title="Amur bridges", dpi=100)


def _texts(still: Still, gid: str) -> set[str]:
    fig = still.figure
    return {t.get_text() for ax in fig.axes for t in ax.texts if t.get_gid() == gid}


def _credits(still: Still) -> str:
    return next(t.get_text() for t in still.figure.texts if t.get_gid() == "credits")


@pytest.mark.parametrize("river", ["Amur", "Zeya", "Songhua", "Ussuri"])
def test_rivers_of_the_amur_basin_are_named(still: Still, river: str) -> None:
    assert river in _texts(still, "basemap-river")


def test_lake_khanka_in_frame_is_named(still: Still) -> None:
    assert "Lake Khanka" in _texts(still, "basemap-lake")


@pytest.mark.parametrize(
    # Cities no record names; Natural Earth spells Mudanjiang "Mudangiang", the still
    # the usual way (issue 16).
    "city",
    ["Harbin", "Jiamusi", "Qiqihar", "Mudanjiang", "Khabarovsk"],
)
def test_cities_no_record_names_are_labelled(still: Still, city: str) -> None:
    assert city in _texts(still, "basemap-city")


def test_basemap_names_overlap_no_other_name_nor_marker(still: Still) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(still.figure).get_renderer()
    ax = still.figure.axes[0]
    boxes = [
        (t.get_gid(), t.get_window_extent(renderer))
        for t in ax.texts
        if str(t.get_gid()).startswith("basemap-") or t.get_gid() == "label"
    ]
    for i, (gid, box) in enumerate(boxes):
        for other_gid, other in boxes[i + 1 :]:
            if gid.startswith("basemap-") or other_gid.startswith("basemap-"):
                assert not box.overlaps(other), (gid, other_gid)
    assert still.labels.counts.placed["city"] > 0
    assert sum(still.labels.counts.dropped.values()) >= 0


def test_land_is_drawn_under_the_tumen_at_khasan(still: Still) -> None:
    land = [p for p in still.figure.axes[0].patches if p.get_gid() == "basemap-land"]
    assert len(land) == 1
    path = land[0].get_path()
    bank, gulf = still.projection.to_map(np.array([(130.60, 42.43), (131.5, 42.2)]))
    assert path.contains_point(bank)  # the Tumen border, Russian bank
    assert not path.contains_point(gulf)  # Peter the Great Gulf: sea


def test_land_and_sea_colours_are_the_shared_ones(still: Still) -> None:
    from matplotlib.colors import to_hex

    ax = still.figure.axes[0]
    land = next(p for p in ax.patches if p.get_gid() == "basemap-land")
    assert to_hex(land.get_facecolor()) == palette.BASEMAP_LAND
    assert to_hex(ax.get_facecolor()) == palette.BASEMAP_SEA
    gids = {c.get_gid() for c in [*ax.collections, *ax.patches]}
    assert {"basemap-admin0", "basemap-admin1", "basemap-rivers", "basemap-cities"} <= gids


@pytest.mark.parametrize(
    ("sources", "gem_line", "legend_words"),
    [
        (["waypoints", "waypoints", "waypoints", "gem"], True,
         {palette.LEGEND_TRACED, palette.LEGEND_WAYPOINTS}),
        (["waypoints"] * 4, False, {palette.LEGEND_WAYPOINTS}),
        (["gem"] * 4, True, {palette.LEGEND_TRACED}),
        ([None] * 4, False, set()),  # a layer without the field
    ],
)  # fmt: skip
def test_gem_credit_and_legend_only_when_a_traced_route_is_drawn(
    sources: list[str | None], gem_line: bool, legend_words: set[str]
) -> None:
    still = draw_still(_layers(sources), dpi=50, labels=False)
    credits = _credits(still)
    assert NE_ATTRIBUTION in credits
    assert (GEM_ATTRIBUTION in credits) is gem_line
    assert (GEM_ATTRIBUTION in still.attribution) is gem_line
    legend = still.figure.legends[0]
    words = {" ".join(t.get_text().split()) for t in legend.get_texts()}  # wrapped in the legend
    assert words & {palette.LEGEND_TRACED, palette.LEGEND_WAYPOINTS} == legend_words


def test_waypoint_corridors_are_faint_and_traced_ones_solid(still: Still) -> None:
    ax = still.figure.axes[0]
    lines = next(c for c in ax.collections if c.get_gid() == "corridors")
    alphas = [round(float(c[3]), 3) for c in lines.get_colors()]
    assert alphas == [palette.WAYPOINT_OPACITY] * 3 + [palette.TRACED_OPACITY]


def test_still_without_basemap_draws_no_reference_layer() -> None:
    still = draw_still(_layers(), dpi=50, basemap=False)
    ax = still.figure.axes[0]
    assert not [a for a in [*ax.texts, *ax.patches, *ax.collections]
                if str(a.get_gid()).startswith("basemap-")]  # fmt: skip
    assert NE_ATTRIBUTION not in _credits(still)


@pytest.mark.parametrize(
    ("view", "width_in", "min_pop"),
    [
        ((58.0, 24.0, 158.0, 73.0), 4.96, 300_000),  # the seed still: continent
        ((126.0, 42.0, 136.0, 51.0), 4.96, 0),  # the Amur bridges
        ((0.0, -60.0, 360.0, 80.0), 4.96, 2_000_000),  # the world: the biggest only
    ],
)
def test_city_threshold_follows_the_frame_scale(
    view: tuple[float, float, float, float], width_in: float, min_pop: int
) -> None:
    assert city_min_population(still_zoom(view, axes_width_in=width_in)) == min_pop


def test_still_across_the_antimeridian_draws_land_on_both_sides() -> None:
    line = gpd.GeoDataFrame(
        {"id": ["x"], "name": ["Bering link"], "type": ["road"]},
        geometry=[LineString([(178.0, 65.0), (-178.0, 65.5)])],
        crs="EPSG:4326",
    )
    still = draw_still({"corridors": line}, dpi=50)
    land = next(p for p in still.figure.axes[0].patches if p.get_gid() == "basemap-land")
    path = land.get_path()
    west, east, gulf = still.projection.to_map(
        np.array([(178.3, 65.5), (-177.7, 65.8), (180.0, 64.8)])
    )
    assert path.contains_point(west)  # Chukotka west of 180°
    assert path.contains_point(east)  # and east of it
    assert not path.contains_point(gulf)  # the Gulf of Anadyr
