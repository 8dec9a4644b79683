"""Issue 18: what the web map filters and searches by (geo/maps/_facets.py)."""

from __future__ import annotations

import datetime
import json
import re

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point

from geo.gazetteer import fold
from geo.maps import legend_items, make_map, render_html
from geo.maps._facets import (
    facets_payload,
    feature_countries,
    milestone_year,
    search_names,
    with_corridor_dates,
)
from geo.maps._payload import layer_payload


@pytest.mark.parametrize(
    ("value", "year"),
    [
        ("2019", 2019),
        ("2019-12", 2019),
        ("2019-12-02", 2019),
        ("2019-12-02T10:00:00", 2019),
        (datetime.date(2014, 9, 1), 2014),
        (datetime.datetime(2014, 9, 1, 12, 0), 2014),
        (pd.Timestamp("2008-10-01"), 2008),
        (None, None),
        (float("nan"), None),
        (pd.NaT, None),
        ("", None),
    ],
)
def test_issue18_milestone_year_reads_partial_and_full_dates(value, year) -> None:
    assert milestone_year(value) == year


@pytest.mark.parametrize("bad", ["soon", "19-12", "2019/12/02", "Dec 2019"])
def test_issue18_milestone_year_refuses_text_that_is_no_date(bad: str) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(bad))) as err:
        milestone_year(bad, field="date_opening")
    assert "date_opening" in str(err.value) and "YYYY-MM-DD" in str(err.value)


@pytest.mark.parametrize(
    ("props", "codes"),
    [
        ({"countries": "RU,CN"}, "CN,RU"),
        ({"countries": "RU, MN ,CN"}, "CN,MN,RU"),
        ({"from_country": "RU", "to_country": "KP"}, "KP,RU"),
        ({"country_code": "cn"}, "CN"),
        ({"countries": ["RU", "CN"]}, "CN,RU"),
        ({"countries": None}, None),
        ({}, None),
    ],
)
def test_issue18_feature_countries(props: dict, codes: str | None) -> None:
    assert feature_countries(props) == codes


def test_issue18_facets_share_one_tuple_per_kind_and_carry_milestone_years() -> None:
    rows = [
        {"status": "operating", "type": "bridge", "mode": "rail", "countries": "RU,CN",
         "date_construction_start": "2014-02-26", "date_opening": datetime.date(2022, 11, 16),
         "date_opening_precision": "day"},
        {"status": "proposed", "type": "pipeline", "countries": "RU,MN,CN",
         "date_announced": "2025"},
        {"status": "operating", "type": "bridge", "mode": "rail", "countries": "RU,CN",
         "date_construction_start": "2014", "date_opening": "2022-11"},
        {"status": "operating", "type": "port"},
    ]  # fmt: skip
    f = facets_payload(rows, "corridors")
    assert f["i"] == [0, 1, 0, 2]  # the same years, whatever the precision: one tuple
    assert f["t"][0] == ["operating", "bridge", "rail", "CN,RU", [None, None, 2014, 2022],
                         "mode:rail"]  # fmt: skip
    assert f["t"][1][4] == [2025, None, None, None]
    assert f["t"][2][4] is None  # undated


def test_issue18_a_bad_date_names_the_feature_and_the_field() -> None:
    with pytest.raises(ValueError, match=r"'Amur bridge'.*date_signed.*'next year'"):
        facets_payload([{"name": "Amur bridge", "date_signed": "next year"}], "corridors")


def test_issue18_search_names_fold_every_script_and_romanise() -> None:
    rows = [
        {"name": "Pogranichny–Suifenhe road border crossing",
         "name_ru": "МАПП Пограничный — Суйфэньхэ", "name_zh": "绥芬河公路口岸"},
        {"name": "Port of Posyet"},
    ]  # fmt: skip
    alt = search_names(rows, ["name_ru", "name_zh"])
    keys = {k for _, k in alt[0]}
    assert fold("МАПП Пограничный — Суйфэньхэ") in keys
    assert "绥芬河公路口岸" in keys
    assert any("pogranichnyy" in k for k in keys)  # BGN/PCGN of Пограничный
    assert any(k.startswith("suifenhe") for k in keys)  # pinyin, syllables joined
    shown = {s for s, _ in alt[0]}
    assert any(s.endswith("(МАПП Пограничный — Суйфэньхэ)") for s in shown)
    assert alt[1] is None  # nothing beyond the name, which the page folds itself
    assert search_names([{"name": "Port of Posyet"}], []) is None


def test_issue18_crossings_take_their_corridors_dates() -> None:
    lines = gpd.GeoDataFrame(
        {"name": ["Amur bridge"], "date_signed": ["2008-10"], "date_opening": ["2022-11-16"]},
        geometry=[LineString([(132, 47), (133, 48)])],
        crs=4326,
    )
    cross = gpd.GeoDataFrame(
        {"name": ["Amur bridge: RU → CN", "Elsewhere: RU → CN"], "status": ["operating"] * 2},
        geometry=[Point(132.5, 47.5), Point(120, 50)],
        crs=4326,
    )
    out = with_corridor_dates({"corridors": lines, "crossings": cross})
    assert out["crossings"]["_corridor_date_opening"].tolist()[0] == "2022-11-16"
    assert pd.isna(out["crossings"]["_corridor_date_opening"].tolist()[1])
    # the copies are hidden from popups: the crossing has no dates of its own
    assert "date_opening" not in out["crossings"]
    facets = facets_payload(out["crossings"].to_dict("records"), "crossings")
    assert facets["t"][0][4] == [None, 2008, None, 2022]
    assert out["corridors"] is lines


def test_issue18_every_legend_row_of_a_category_has_the_key_features_carry() -> None:
    facilities = gpd.GeoDataFrame(
        {"name": ["Port", "Hub"], "type": ["port", "logistics_hub"],
         "status": ["operating", "proposed"], "investment_usd": [1e9, None]},
        geometry=[Point(131.9, 43.1), Point(132.5, 47.7)],
        crs=4326,
    )  # fmt: skip
    items = legend_items({"facilities": facilities}, max_usd=1e9, uncertainty=False)
    keys = {it.get("key") for it in items}
    p = layer_payload(facilities, "facilities", title="F")
    feature_keys = {k for t in p["facets"]["t"] for k in t[5].split()}
    assert feature_keys <= keys
    assert {"type:port", "type:logistics_hub", "planned@facilities", "usd:known"} <= keys


def test_issue18_page_carries_payload_as_json_blocks_and_the_analyst_call() -> None:
    facilities = gpd.GeoDataFrame(
        {"name": ["Port of Posyet"], "status": ["operating"], "date_opening": ["1989"]},
        geometry=[Point(130.8, 42.65)],
        crs=4326,
    )
    html = render_html(make_map({"facilities": facilities}, basemap=False))
    blocks = re.findall(r'<script type="application/json" id="[^"]+">(.*?)</script>', html)
    payloads = [json.loads(b) for b in blocks]
    assert any(p.get("facets") for p in payloads)
    assert "GEO.analyst(" in html and '"statuses":["operating"]' in html


@pytest.mark.parametrize(
    ("value", "precision", "shown"),
    [
        ("2019-01-01", "year", "2019"),
        ("2019-12-01", "month", "2019-12"),
        ("2019-12-02", "day", "2019-12-02"),
        (datetime.date(2019, 12, 1), "month", "2019-12"),
        ("2019-12", None, "2019-12"),
    ],
)
def test_issue18_popup_dates_are_as_precise_as_known(value, precision, shown) -> None:
    from geo.maps._popup import _cell, _label

    props = {"date_opening": value, "date_opening_precision": precision}
    assert _cell("date_opening", value, props) == shown
    assert _label("date_opening_precision") is None
    assert _label("date_announced") == "Announced"
