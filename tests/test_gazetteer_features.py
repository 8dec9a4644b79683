"""Issue 17 (first half): rivers, seas, landforms, divisions, continents, macro-regions
and unions as gazetteer entries with a point, an extent and the right feature code."""

from __future__ import annotations

import pytest
import shapely

from geo.gazetteer import default_gazetteer
from geo.gazetteer._features import bbox_of, feature_importance, water_cue
from geo.reference import MACRO_REGIONS, extent, load_features


@pytest.fixture(scope="module")
def gz():
    return default_gazetteer()


def _inside(lat: float, lon: float, box) -> bool:
    x0, y0, x1, y1 = box
    in_lon = x0 <= lon <= x1 if x0 <= x1 else (lon >= x0 or lon <= x1)  # across ±180°
    return y0 <= lat <= y1 and in_lon


# the acceptance strings of issue 17: name → feature code, precision, a point the
# extent must hold (degrees lat, lon: a town or a spot inside the area)
@pytest.mark.parametrize(
    ("name", "fcode", "precision", "inside"),
    [
        ("Amur River", "STM", 5, (50.26, 127.53)),  # Blagoveshchensk on its bank
        ("Sea of Japan", "SEA", 5, (40.0, 135.0)),
        ("Korean Peninsula", "PEN", 5, (37.57, 126.98)),  # Seoul
        ("Russian Far East", "RGN", 5, (43.12, 131.89)),  # Vladivostok
        ("Primorsky Krai", "ADM1", 4, (43.12, 131.89)),
        ("European Union", "ZN", 6, (50.85, 4.35)),  # Brussels
        ("Siberia", "RGN", 5, (55.03, 82.92)),  # Novosibirsk
        ("Northeast China", "RGN", 5, (45.75, 126.65)),  # Harbin
        ("Central Asia", "RGN", 5, (41.3, 69.24)),  # Tashkent
        ("Middle East", "RGN", 5, (33.31, 44.36)),  # Baghdad
        ("Southeast Asia", "RGN", 5, (13.75, 100.5)),  # Bangkok
        ("Balkans", "RGN", 5, (44.82, 20.46)),  # Belgrade
        ("Sahel", "RGN", 5, (13.51, 2.11)),  # Niamey
        ("ASEAN", "ZN", 6, (13.75, 100.5)),
        ("Eurasian Economic Union", "ZN", 6, (53.9, 27.57)),  # Minsk
        ("Sea of Okhotsk", "SEA", 5, (55.0, 150.0)),
        ("Lake Khanka", "LK", 5, (45.0, 132.4)),
        ("Ussuri River", "STM", 5, (47.0, 134.0)),
        ("Tatar Strait", "STRT", 5, (52.5, 141.4)),  # Natural Earth: its narrows
        ("Greater Khingan Range", "MTS", 5, (47.0, 121.0)),
        ("Gobi Desert", "DSRT", 5, (43.0, 105.0)),
        ("Europe", "CONT", 8, (48.86, 2.35)),
        ("Russia", "PCLI", 6, (64.73, 177.5)),  # Anadyr, east of 180°: box across it
        ("Дальний Восток", "RGN", 5, (43.12, 131.89)),
        ("欧盟", "ZN", 6, (50.85, 4.35)),
    ],
)
def test_issue17_areas_have_point_extent_and_code(gz, name, fcode, precision, inside):
    res = gz.geocode(name)
    assert res.resolved, res.reason
    assert res.feature_code == fcode and res.precision == precision, res.to_dict()
    assert res.lat is not None and res.bbox is not None
    assert _inside(res.lat, res.lon, res.bbox), "the point lies in its own extent"
    assert _inside(*inside, res.bbox), res.bbox
    assert res.to_dict()["bbox"] == list(res.bbox)


def test_issue17_siberia_is_no_longer_a_village_in_mexico(gz):
    res = gz.geocode("Siberia")
    assert res.id == "region:siberia" and res.country_code == "RU"
    assert res.precision == 5 and res.lat > 45


@pytest.mark.parametrize(
    ("name", "context", "fcode"),
    [
        # two readings, curated both ways: the division alone, the water when the
        # text writes it as water
        ("Amur", None, "ADM1"),
        ("Amur", "the Amur bridge between Blagoveshchensk and Heihe", "STM"),
        ("Amur", "trucks cross the Amur to Heihe", "STM"),
        ("Амур", None, "ADM1"),
        ("Амур", "мост через Амур", "STM"),
        ("黑龙江", None, "ADM1"),
        ("黑龙江", "黑龙江大桥通车", "STM"),
        ("Heilongjiang", "the Heilongjiang border crossing at Heihe", "ADM1"),
        ("Crimea", None, "ADM1"),
        ("Sea of Japan", "a port on the Sea of Japan", "SEA"),
        # a feature's short form is a weak reading: the town of that name first,
        # the feature where no town has it
        ("Ozark", None, "PPL"),
        ("Ozark Plateau", None, "PLAT"),
        ("Baikal", None, "LK"),
        ("Gobi", None, "DSRT"),
    ],
)
def test_issue17_two_readings_resolved_by_context(gz, name, context, fcode):
    res = gz.geocode(name, context=context)
    assert res.feature_code == fcode, res.to_dict()


def test_issue17_towns_keep_no_extent(gz):
    res = gz.geocode("Vladivostok")
    assert res.feature_code.startswith("PPL") and res.bbox is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Amur bridge", True),
        ("along the Amur's banks", True),
        ("across the Amur to Heihe", True),
        ("мост через Амур", True),
        ("黑龙江大桥", True),
        ("Amur Oblast governor", False),
        ("the Amur port authority", False),  # a port of the oblast as likely
        ("", False),
        (None, False),
    ],
)
def test_water_cue(text, expected):
    name = "黑龙江" if text and "黑" in text else "Амур" if text and "Амур" in text else "Amur"
    assert water_cue(name, text) is expected


@pytest.mark.parametrize(
    ("geom", "box"),
    [
        (shapely.box(10, 20, 30, 40), (10.0, 20.0, 30.0, 40.0)),
        # Chukotka-like: parts either side of ±180°, a box across it
        (
            shapely.MultiPolygon([shapely.box(170, 60, 180, 70), shapely.box(-180, 62, -170, 68)]),
            (170.0, 60.0, -170.0, 70.0),
        ),
        # a world-wide spread stays a world box (no narrower box across ±180°)
        (
            shapely.MultiPolygon([shapely.box(-120, 0, -60, 10), shapely.box(60, 0, 120, 10)]),
            (-120.0, 0.0, 120.0, 10.0),
        ),
        (shapely.Polygon(), None),
    ],
)
def test_bbox_of(geom, box):
    assert bbox_of(geom) == box


@pytest.mark.parametrize(
    ("code", "scalerank", "low", "high"),
    [("RGN", 0, 0.9, 0.9), ("ZN", 0, 0.9, 0.9), ("SEA", 1, 0.66, 0.68), ("STM", 12, 0.42, 0.42)],
)
def test_feature_importance(code, scalerank, low, high):
    assert low <= feature_importance(code, scalerank) <= high


def test_every_macro_region_has_source_point_and_polygon():
    feats = load_features()
    for reg in MACRO_REGIONS:
        row = feats[feats["fid"] == f"region:{reg.slug}"]
        assert len(row) == 1, reg.slug
        geom = row.geometry.iloc[0]
        assert geom.geom_type in {"Polygon", "MultiPolygon"} and geom.is_valid
        assert reg.source and row["note"].iloc[0] == reg.source
        assert reg.feature_code in {"RGN", "ZN"}


def test_feature_ids_are_unique_and_codes_known():
    feats = load_features()
    assert feats["fid"].is_unique
    assert set(feats["feature_code"]) <= {
        "STM", "LK", "SEA", "GULF", "BAY", "STRT", "SD", "CHN", "LGN", "FJD", "OCN", "INLT",
        "MTS", "PLAT", "PLN", "DSRT", "PEN", "ISLS", "CONT", "RGN", "BSNU", "VAL", "ISTH", "ZN",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("uid", "kwargs", "geom_types"),
    [
        ("ne:stm-amur", {}, {"LineString", "MultiLineString"}),
        ("region:european-union", {}, {"MultiPolygon", "Polygon"}),
        ("geonames:2017623", {"feature_code": "ADM1"}, {"MultiPolygon", "Polygon"}),  # Primorye
        ("geonames:2017370", {"feature_code": "PCLI", "iso_a2": "RU"}, {"MultiPolygon"}),
        ("geonames:2013348", {"feature_code": "PPLA"}, None),  # a town: no shape
        ("ne:nothing-here", {}, None),
    ],
)
def test_extent(uid, kwargs, geom_types):
    geom = extent(uid, **kwargs)
    if geom_types is None:
        assert geom is None
    else:
        assert geom is not None and geom.geom_type in geom_types


@pytest.mark.parametrize(
    ("place_id", "geom_type"), [("russian-far-east", "MultiPolygon"), ("heilongjiang", "Polygon")]
)
def test_issue17_regions_layer_draws_extents_not_circles(place_id, geom_type):
    # the committed regions layer (rebuilt by `geo build`; tests/test_build.py checks
    # it is fresh): a vague region is its real shape
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "layers" / "regions.geojson"
    feats = {f["id"]: f for f in json.loads(path.read_text(encoding="utf-8"))["features"]}
    props, geom = feats[place_id]["properties"], feats[place_id]["geometry"]
    assert props["area_kind"] == "uncertainty_extent"
    assert geom["type"] == geom_type


def test_macro_region_with_unknown_member_names_it():
    import dataclasses

    from geo.reference import _features, _regions, load_layer

    bad = dataclasses.replace(MACRO_REGIONS[0], members=("RU-PRI", "RU-XXX"))
    layers = {n: load_layer(n, detail="overview") for n in ("admin0", "admin1", "regions")}
    with pytest.raises(ValueError, match=r"'RU-XXX'"):
        _features._macro_rows(layers["admin0"], layers["admin1"], layers["regions"], table=(bad,))
    assert _regions.MACRO_REGIONS[0].members[0] != "RU-XXX"


def test_features_file_in_manifest_keys_the_index():
    from geo.gazetteer._packages import source_versions
    from geo.reference import manifest

    entry = next(f for f in manifest()["files"] if f["layer"] == "features")
    assert entry["feature_count"] == len(load_features())
    assert source_versions()["geo.reference features"] == entry["sha256"][:16]


@pytest.mark.parametrize(
    ("text", "fcode"),
    [
        ("Trucks queued at the Amur bridge for hours.", "STM"),
        ("Officials of Amur Oblast met in Moscow.", "ADM1"),
    ],
)
def test_issue17_water_named_beside_a_bridge_is_context(gz, text, fcode):
    # the river, not the oblast, is the anchor the other names of the text are read
    # against when the text writes the name as water
    ctx = gz._contexts.read(text)
    amur = [a for a in ctx.anchors if a.phrase.startswith("amur")]
    assert amur and amur[0].fcode == fcode, ctx.anchors


@pytest.mark.parametrize(
    ("name", "text", "water"),
    [
        ("Amur", "the Amur bridge", True),
        ("amur", "the Amur bridge", True),  # the name as asked, in any case
        ("Amur", "flights across the Amurskaya region", False),  # inside another word
        ("Amur", "across the Amur.", True),
        ("黑龙江", "黑龙江大桥", True),  # Chinese: no spaces between words
        ("Амур", "мост через Амур", True),
        ("Amur", "Amur Oblast's capital", False),
    ],
)
def test_water_cue_reads_whole_names_in_any_case(name: str, text: str, water: bool) -> None:
    from geo.gazetteer._features import water_cue

    assert water_cue(name, text) is water
