"""Gazetteer hard cases: ambiguity, context, scripts, transliterations, typos, unknowns.

Each row states where the answer must lie (within ``tol_km`` of a (lat, lon) point
in EPSG:4326 degrees), or that the name stays unresolved.
"""

from __future__ import annotations

import json

import pytest

from geo.errors import GazetteerError
from geo.gazetteer import default_gazetteer, haversine_km

BLAG_AMUR = (50.28, 127.53)  # Blagoveshchensk, Amur Oblast, on the Amur facing Heihe
BLAG_BASH = (55.04, 55.98)  # Blagoveshchensk, Bashkortostan, near Ufa
TONGJIANG = (47.65, 132.50)  # 同江市 on the Amur (case G4)
WRONG_TONGJIANG = (46.65, 126.45)  # 通江镇 near Harbin: never the bridge town
NIZHNELENINSKOYE = (47.95, 132.67)
MOSCOW_RU = (55.75, 37.62)
MOSCOW_ID = (46.73, -117.00)


@pytest.fixture(scope="module")
def gz():
    return default_gazetteer()


CASES = [
    # (id, name, kwargs, expected (lat, lon), tol_km)
    ("blag-default", "Blagoveshchensk", {}, BLAG_AMUR, 30),
    (
        "blag-amur-ctx",
        "Blagoveshchensk",
        {"context": "Heihe across the Amur, Amur Oblast"},
        BLAG_AMUR,
        30,
    ),
    (
        "blag-bash-ctx",
        "Blagoveshchensk",
        {"context": "a plant near Ufa, Bashkortostan"},
        BLAG_BASH,
        30,
    ),
    ("blag-bash-list", "Blagoveshchensk", {"context": ["Ufa", "Sterlitamak"]}, BLAG_BASH, 30),
    ("blag-bash-one", "Blagoveshchensk", {"context": ["Ufa"]}, BLAG_BASH, 30),
    ("blag-amur-list", "Blagoveshchensk", {"context": ["Heihe"]}, BLAG_AMUR, 30),
    ("blag-bash-russian-text", "Благовещенск", {"context": "завод под Уфой, Уфа"}, BLAG_BASH, 30),
    ("blag-bash-near", "Blagoveshchensk", {"near": (54.7, 55.9)}, BLAG_BASH, 30),
    ("blag-cyrillic", "Благовещенск", {}, BLAG_AMUR, 30),
    ("moscow", "Moscow", {}, MOSCOW_RU, 30),
    ("moscow-idaho", "Moscow, Idaho", {}, MOSCOW_ID, 30),
    ("moscow-id", "Moscow, ID", {}, MOSCOW_ID, 30),
    ("moscow-us", "Moscow", {"country": "US", "context": "Latah County, Idaho"}, MOSCOW_ID, 30),
    ("moscow-cyrillic", "Москва", {}, MOSCOW_RU, 30),
    ("moscow-chinese", "莫斯科", {}, MOSCOW_RU, 30),
    ("tongjiang", "Tongjiang", {}, TONGJIANG, 15),
    (
        "tongjiang-bridge",
        "Tongjiang",
        {"context": "the Nizhneleninskoye–Tongjiang railway bridge"},
        TONGJIANG,
        15,
    ),
    ("tongjiang-hlj", "Tongjiang, Heilongjiang", {}, TONGJIANG, 15),
    ("tongjiang-paren", "Tongjiang (Heilongjiang)", {}, TONGJIANG, 15),
    ("tongjiang-hanzi", "同江市", {}, TONGJIANG, 15),
    ("tongjiang-hanzi-short", "同江", {}, TONGJIANG, 15),
    ("tongjiang-wade-giles", "T'ung-chiang", {}, TONGJIANG, 15),
    ("nizhne-bgn", "Nizhneleninskoye", {}, NIZHNELENINSKOYE, 10),
    ("nizhne-adj", "Nizhneleninsky", {}, NIZHNELENINSKOYE, 10),
    ("nizhne-skiy", "Nizhneleninskiy", {}, NIZHNELENINSKOYE, 10),
    ("nizhne-gost", "Nizhneleninskoe", {}, NIZHNELENINSKOYE, 10),
    ("nizhne-cyrillic", "Нижнеленинское", {}, NIZHNELENINSKOYE, 10),
    ("nizhne-hyphen", "Nizhne-Leninskoye", {}, NIZHNELENINSKOYE, 10),
    ("khabarovsk-gost", "Habarovsk", {}, (48.48, 135.08), 30),
    ("heilongjiang-hanzi", "黑龙江省", {}, (48.0, 128.0), 100),
    ("heilongjiang-province", "Heilongjiang Province", {}, (48.0, 128.0), 100),
    ("beijing-wg", "Peking", {}, (39.91, 116.40), 30),
    ("harbin-hanzi", "哈尔滨", {}, (45.75, 126.65), 30),
    ("vladivostok-cyr", "Владивосток", {}, (43.11, 131.87), 30),
    ("typo-vladivostok", "Vladivostk", {}, (43.11, 131.87), 30),
    ("typo-blag", "Blagoveschensk", {}, BLAG_AMUR, 30),
    ("typo-khabarovsk", "Khabarovks", {}, (48.48, 135.08), 30),
    ("russia-demonym", "Russian Federation", {}, (60.0, 100.0), 800),
    ("diacritics", "Děčín", {}, (50.77, 14.21), 30),
    # a possessive is the place itself: "London's" must not vote for London, England
    (
        "possessive-is-the-place",
        "London",
        {"context": "London's council met. Police in London and St. Thomas closed the road."},
        (42.98, -81.23),
        30,
    ),
    (
        "possessive-upper-case",
        "London",
        {"context": "LONDON'S council met. Police in London and St. Thomas closed the road."},
        (42.98, -81.23),
        30,
    ),
    # inside a longer name the 's is part of it: St. John's is not St. John
    (
        "possessive-in-a-name",
        "Paradise",
        {"context": "Ferries from St. John's were cancelled."},
        (47.53, -52.87),
        30,
    ),
    # a word only ever written as a possessive is a person ("Hope's"), not Hope, NZ
    (
        "possessive-only-is-a-person",
        "Richmond",
        {"context": "Hope's mother said Hope's school in Richmond shut. Madison County."},
        (37.75, -84.29),
        30,
    ),
    ("no-diacritics", "Decin", {}, (50.77, 14.21), 30),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "where", "tol_km"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_resolves_near(gz, name, kwargs, where, tol_km):
    res = gz.geocode(name, **kwargs)
    assert res.resolved, res.reason
    d = haversine_km(res.lat, res.lon, *where)
    assert d <= tol_km, json.dumps(res.to_dict(), ensure_ascii=False)[:600]


@pytest.mark.parametrize(
    "name",
    ["Tongjiang", "同江", "Tongjiang, Heilongjiang"],
)
def test_never_the_wrong_tongjiang(gz, name):
    """G4: with the bridge as context, never 通江镇 near Harbin."""
    res = gz.geocode(name, context="Nizhneleninskoye–Tongjiang railway bridge over the Amur")
    assert haversine_km(res.lat, res.lon, *WRONG_TONGJIANG) > 300


UNKNOWN = [
    "Qwxzrtplk",
    "Zzyzzyxvillequartz",
    "Blorptown-on-Snarf",
    "Фывапролджэ",
    "嗯嗯嗯嗯嗯嗯",
    "",
    "   ",
    "12345",
]


@pytest.mark.parametrize("name", UNKNOWN)
def test_unknown_names_stay_unresolved(gz, name):
    res = gz.geocode(name)
    assert not res.resolved
    assert res.reason
    assert res.lat is None and res.lon is None


def test_fuzzy_match_far_from_the_context_is_refused(gz):
    res = gz.geocode("Vladivostk", context="A new plant near Ufa in Bashkortostan")
    assert not res.resolved
    assert "fuzzy" in res.reason
    assert res.candidates and res.candidates[0].name == "Vladivostok"
    near = gz.geocode("Vladivostk", context="Nakhodka and Ussuriysk in Primorsky Krai")
    assert near.resolved and near.match == "fuzzy"


@pytest.mark.parametrize("name", ["NATO", "FBI"])
def test_acronyms_are_not_villages(gz, name):
    res = gz.geocode(name)
    assert not res.resolved


def test_issue17_eu_is_the_union_not_the_village(gz):
    # issue 17: "EU" was refused as an acronym of the village Eu (FR) alone; the
    # union is now a place (ZN) and the village stays a runner-up
    res = gz.geocode("EU")
    assert res.id == "region:european-union" and res.feature_code == "ZN"
    assert any(c.name == "Eu" for c in res.candidates)


@pytest.mark.parametrize(("name", "cc"), [("US", "US"), ("UK", "GB"), ("RUS", "RU"), ("PRC", "CN")])
def test_country_codes(gz, name, cc):
    res = gz.geocode(name)
    assert res.resolved and res.country_code == cc and res.feature_code == "PCLI"


def test_country_filter_refuses_far_guess(gz):
    res = gz.geocode("Vladivostok", country="US")
    assert not res.resolved
    assert "RU" in res.reason


def test_qualifier_that_does_not_contain_the_place(gz):
    res = gz.geocode("Vladivostok, Idaho")
    assert not res.resolved
    assert "Idaho" in res.reason


def test_bridge_pair_resolves_both_ends(gz):
    # no curated entry has this order of the names: the pair path must find both ends
    res = gz.geocode("Heihe–Blagoveshchensk tunnel")
    assert res.resolved and res.feature_code == "TNL", res.reason
    assert len(res.parts) == 2
    heihe, blag = res.parts
    # the Amur Blagoveshchensk faces Heihe; the Bashkir one is 2,000 km away
    assert haversine_km(blag.lat, blag.lon, *BLAG_AMUR) < 30
    assert {heihe.country_code, blag.country_code} == {"RU", "CN"}
    assert haversine_km(res.lat, res.lon, *BLAG_AMUR) < 30


def test_curated_bridge_by_name(gz):
    res = gz.geocode("Nizhneleninskoye–Tongjiang railway bridge")
    assert res.resolved and res.source in {"curated", "pair"}
    assert haversine_km(res.lat, res.lon, 47.85, 132.6) < 30


def test_precision_codes(gz):
    assert gz.geocode("Heilongjiang").precision == 4
    assert gz.geocode("China").precision == 6
    assert gz.geocode("Vladivostok").precision == 2
    assert gz.geocode("Russian Far East").precision == 5


def test_candidates_are_runner_ups(gz):
    res = gz.geocode("Blagoveshchensk")
    assert res.candidates
    assert all(c.id != res.id for c in res.candidates)
    assert any(haversine_km(c.lat, c.lon, *BLAG_BASH) < 30 for c in res.candidates)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"country": "Atlantis"}, "country"),
        ({"near": (132.5, 47.65)}, "swapped"),
        ({"near": "north"}, "lat, lon"),
    ],
)
def test_bad_options_raise(gz, kwargs, match):
    with pytest.raises(GazetteerError, match=match):
        gz.geocode("Tongjiang", **kwargs)
    assert issubclass(GazetteerError, ValueError)


def test_reverse(gz):
    res = gz.reverse(47.95, 132.65)
    assert res.resolved and res.country_code == "RU"
    assert res.distance_km is not None and res.distance_km < 10
    with pytest.raises(GazetteerError, match="swapped"):
        gz.reverse(132.65, 47.95)


@pytest.mark.parametrize(
    ("lat", "lon", "cc", "name"),
    [
        (47.93, 132.62, "RU", None),  # left bank of the Amur by the bridge
        (47.70, 132.50, "CN", "Tongjiang"),  # right bank
        (55.75, 37.62, "RU", "Moscow"),
        (46.73, -117.0, "US", "Moscow"),
    ],
)
def test_reverse_sides_of_the_border(gz, lat, lon, cc, name):
    res = gz.reverse(lat, lon)
    assert res.country_code == cc
    if name:
        assert res.name == name


def test_batch_rows_keep_ids(gz):
    rows = [
        {"id": "a", "name": "Tongjiang", "context": "Nizhneleninskoye–Tongjiang bridge"},
        {"id": "b", "name": "Qwxzrtplk"},
        {"id": "c"},
    ]
    out = list(gz.geocode_many(rows))
    assert [o["id"] for o in out] == ["a", "b", "c"]
    assert out[0]["lat"] == pytest.approx(47.65) and out[0]["gazetteer_id"].startswith("curated:")
    assert out[1]["lat"] is None and out[1]["lon"] is None and out[1]["reason"]
    assert out[2]["resolved"] is False
    json.dumps(out)


@pytest.mark.parametrize(("lat", "lon", "at_sea"), [(0.0, -160.0, True), (47.95, 132.65, False)])
def test_reverse_says_when_the_point_is_at_sea(gz, lat, lon, at_sea):
    res = gz.reverse(lat, lon)
    assert res.resolved
    assert ("no country's land outline" in (res.reason or "")) is at_sea


@pytest.mark.parametrize(
    ("text", "cc"),
    [
        # a longer name with a possessive still names its place in context
        ("New York's mayor spoke.", "US"),
        ("Hong Kong's markets fell.", "HK"),
        ("Rio de Janeiro's beaches were closed.", "BR"),
        # … and a name whose 's is its own keeps it
        ("Officials in St. John's said the port reopened.", "CA"),
    ],
)
def test_context_reads_possessive_names(gz, text, cc):
    ctx = gz._context(text)
    assert max(ctx.cc_w, key=ctx.cc_w.get) == cc, ctx.cc_w
