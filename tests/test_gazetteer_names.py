"""Gazetteer: match labels, abbreviations, demonyms, population and lookup_names."""

from __future__ import annotations

import pytest

from geo.gazetteer import default_gazetteer, haversine_km, lookup_names


@pytest.fixture(scope="module")
def gz():
    return default_gazetteer()


@pytest.mark.parametrize(
    ("name", "kwargs", "expected", "fcode", "match"),
    [
        ("U.S.", {}, "United States", "PCLI", "alias"),
        ("U.K.", {}, "United Kingdom", "PCLI", "alias"),
        ("UK", {}, "United Kingdom", "PCLI", "alias"),
        ("New York", {}, "New York", "ADM1", "exact"),
        ("Turkish", {}, "Turkey", "PCLI", "demonym"),
        ("Palestinian", {}, "Palestinian Territory", "PCLI", "demonym"),
        # continents are named by their adjectives in news text
        ("European", {}, "Europe", "CONT", "demonym"),
        ("Asians", {}, "Asia", "CONT", "demonym"),
        # airports (airportsdata, IATA only) by their short names, before a
        # small namesake town (Heathrow, Florida)
        ("Heathrow", {}, "London Heathrow Airport", "AIRP", "alias"),
        ("Sheremetyevo", {}, "Sheremetyevo International Airport", "AIRP", "alias"),
        ("Ignatyevo Airport", {}, "Ignatyevo Airport", "AIRP", "exact"),
        # a town's only airport by the town, in GeoNames' spelling ("Blagoveschensk"
        # in airportsdata); "Airport Schiphol" also as "Schiphol Airport"
        ("Blagoveshchensk Airport", {}, "Ignatyevo Airport", "AIRP", "alias"),
        ("Schiphol Airport", {}, "Amsterdam Airport Schiphol", "AIRP", "alias"),
        ("London Heathrow", {}, "London Heathrow Airport", "AIRP", "alias"),
        # a possessive names the place
        ("Heathrow's", {}, "London Heathrow Airport", "AIRP", "alias"),
        ("Asia's", {}, "Asia", "CONT", "exact"),
        # … never before a city of that name
        ("Frankfurt", {}, "Frankfurt am Main", "PPL", "alias"),
        # a demonym shared with dependencies names the most populous bearer
        ("French", {}, "France", "PCLI", "demonym"),
        ("Chinese", {"context": "Macau casinos and Hong Kong banks"}, "China", "PCLI", "demonym"),
        ("D.C.", {}, "District of Columbia", "ADM1", "alias"),
        # a news abbreviation is the province or state, not a town with those letters
        (
            "B.C.",
            {"context": "from Bay City to Victoria, B.C."},
            "British Columbia",
            "ADM1",
            "alias",
        ),
        (
            "Ky.",
            {"context": "Kiryas Joel families and Lexington, Ky."},
            "Kentucky",
            "ADM1",
            "alias",
        ),
        ("Ind.", {}, "Indiana", "ADM1", "alias"),
    ],
)
def test_labels_and_abbreviations(gz, name, kwargs, expected, fcode, match):
    res = gz.geocode(name, **kwargs)
    assert res.resolved, res.reason
    assert expected in (res.name or ""), res.to_dict()
    assert res.feature_code == fcode
    assert res.match == match


@pytest.mark.parametrize(
    ("name", "match"),
    [
        ("Walsh", "alternate"),  # Walsh County: a county's head word is no town name
        ("CNN", None),  # an ISO 3166-2 suffix (Cunene) is a code, or refused as acronym
    ],
)
def test_weak_names_are_labelled_weak(gz, name, match):
    res = gz.geocode(name)
    if match is None:
        assert not res.resolved or res.match == "code"
    else:
        assert res.match == match


def test_population_on_results_and_candidates(gz):
    res = gz.geocode("Blagoveshchensk")
    assert res.population > 100_000
    assert res.to_dict()["population"] == res.population
    assert res.candidates and all(c.population >= 0 for c in res.candidates)
    assert "population" in res.candidates[0].to_dict()


def test_lookup_names_exact_and_alias_only(gz):
    out = gz.lookup_names(["Blagoveshchensk", "Turkish", "U.S.", "Ky.", "Qwxzrtplk", "Blagovesch"])
    assert "Qwxzrtplk" not in out
    assert "Blagovesch" not in out  # no fuzzy, stem or transliteration readings
    blag = out["Blagoveshchensk"]
    assert [c.match for c in blag[:2]] == ["exact", "exact"]
    assert blag[0].population >= blag[1].population  # most important first
    assert {c.country_code for c in blag} == {"RU"}
    assert out["Turkish"][0].name == "Turkey" and out["Turkish"][0].match == "demonym"
    assert out["U.S."][0].country_code == "US"
    assert out["Ky."][0].name == "Kentucky"
    # the module-level function is the same lookup on the shared gazetteer
    assert lookup_names(["Vladivostok"])["Vladivostok"][0].country_code == "RU"


@pytest.mark.parametrize(
    ("name", "gold", "fcode"),
    [
        # GeoNames' own points; ours are the midpoint of two estimates (see
        # geo/gazetteer/_countries.py, _divisions.py) and must lie within 161 km of them
        ("United States", (39.76, -98.5), "PCLI"),
        ("China", (35.0, 105.0), "PCLI"),
        ("Russia", (60.0, 100.0), "PCLI"),
        ("Germany", (51.5, 10.5), "PCLI"),
        ("Queensland", (-20.0, 145.0), "ADM1"),
        ("New York", (43.0, -75.5), "ADM1"),
        ("Heilongjiang", (48.0, 128.0), "ADM1"),
    ],
)
def test_area_points_near_geonames(gz, name, gold, fcode):
    res = gz.geocode(name)
    assert res.feature_code == fcode
    assert haversine_km(res.lat, res.lon, *gold) < 161, res.to_dict()


_TOWNS = {"london", "toronto", "ottawa", "frankfurt", "beijing", "lincoln", "ontario", "victoria"}


@pytest.mark.parametrize(
    ("name", "city", "kwargs", "has", "has_not"),
    [
        # a main airport of a multi-airport city: the IATA table's short name
        ("London Heathrow Airport", "London", {"short_name": "Heathrow"}, ["Heathrow"], []),
        ("London Heathrow Airport", "London", {}, ["Heathrow Airport"], ["Heathrow"]),
        (
            "Ottawa / Macdonald-Cartier International Airport",
            "Ottawa",
            {},
            ["Macdonald-Cartier International Airport", "Macdonald-Cartier"],
            ["/ Macdonald-Cartier"],
        ),
        ("Antwerp International Airport (Deurne)", "Antwerp", {}, ["Antwerp Airport"], ["Deurne"]),
        # a town's name is never an airport's short name
        ("Frankfurt am Main Airport", "Frankfurt", {}, [], ["am Main", "Frankfurt"]),
        ("Vladivostok International Airport", "Vladivostok", {}, [], ["International Airport"]),
        ("Victoria Falls International Airport", "Victoria Falls", {}, [], ["Falls"]),
        # nor a generic word, which would hide the town in running text
        ("Abraham Lincoln Capital Airport", "Springfield", {}, [], ["Lincoln Capital"]),
        ("Ontario Municipal Airport", "Ontario", {}, [], ["Ontario Municipal", "Municipal"]),
        ("Beijing Capital International Airport", "Beijing", {}, [], ["Capital"]),
        ("Augusta State Airport", "Augusta", {}, [], ["State"]),
        ("Charleston Afb/International Airport", "Charleston", {}, [], ["International Airport"]),
        ("Craig Seaplane Base", "Craig", {}, [], ["Seaplane Base", "Seaplane"]),
        # nor one short word, nor one word of a field named after a person
        ("Dallas Love Field", "Dallas", {"short_name": "Love Field"}, ["Love Field"], ["Love"]),
        ("Travis Air Force Base", "Fairfield", {}, [], ["Travis"]),
        # nor what several airports share
        ("Mitchell Airport", "", {"shared": frozenset({"mitchell"})}, [], ["Mitchell"]),
    ],
)
def test_airport_names(name, city, kwargs, has, has_not):
    from geo.gazetteer._airports import _airport_names

    names = _airport_names(name, city, _TOWNS, **kwargs)
    assert names[0] == name
    assert set(has) <= set(names), names
    assert not set(has_not) & set(names), names
    assert len(names) == len(set(names))


def test_airport_names_in_other_scripts_get_no_derived_names():
    from geo.gazetteer._airports import _airport_names

    assert _airport_names("Шереметьево", "Москва", _TOWNS) == ["Шереметьево"]


# towns by 1° cell, as package_entries gives them: (lat, lon, name, population)
_CELLS = {
    (50, 127): [(50.2796, 127.5405, "Blagoveshchensk", 221_296)],
    (43, -80): [(43.25, -79.85, "Hamilton", 519_949), (43.51, -79.88, "Milton", 110_128)],
    (53, -2): [(53.80, -1.55, "Leeds", 455_123)],
}


@pytest.mark.parametrize(
    ("city", "lat", "lon", "expected"),
    [
        # airportsdata's spelling → GeoNames'
        ("Blagoveschensk", 50.425, 127.412, "Blagoveshchensk"),
        # the town of that very name is there: not a look-alike
        ("Milton", 43.52, -79.87, None),
        # a look-alike farther than 60 km, or too unlike
        ("Lees", 51.0, -1.5, None),
        ("Hamiltown", 20.0, 20.0, None),
    ],
)
def test_town_spelling(city, lat, lon, expected):
    from geo.gazetteer._airports import _town_spelling

    assert _town_spelling(city, lat, lon, _CELLS) == expected


@pytest.mark.parametrize(
    ("name", "lat", "lon", "near"),
    [
        ("hamilton", 43.2, -79.9, True),
        ("hamilton", 20.0, 20.0, False),
        ("milton", 43.5, -79.9, True),
    ],
)
def test_big_town_near(name, lat, lon, near):
    from geo.gazetteer._airports import _big_town_near

    assert _big_town_near(name, lat, lon, _CELLS) is near


# "<town> Airport" with no such airport entry is the town, never a far-off airport
# whose name is a letter or two away ("Frankfort Airport", Kentucky; "Madurai")
@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [
        ("Frankfurt Airport", 50.11, 8.68),
        ("Berlin Airport", 52.52, 13.40),
        ("Madrid Airport", 40.42, -3.70),
        ("Kyiv Airport", 50.45, 30.52),
        ("Moscow Airport", 55.75, 37.62),
        # a typo: the town, not Capital City Airport in Frankfort, Kentucky
        ("Frankfrt Airport", 50.11, 8.68),
        # not Hamilton's airport 20 km away: the town itself
        ("Milton Airport", 43.51, -79.88),
    ],
)
def test_airport_of_a_town_is_near_the_town(gz, name, lat, lon):
    res = gz.geocode(name)
    assert res.resolved, res.reason
    assert haversine_km(res.lat, res.lon, lat, lon) < 60, (res.name, res.country_code)
