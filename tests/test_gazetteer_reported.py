"""Failures users reported against other geocoders (issue 17), each a regression test
naming its report; run against the real gazetteer index.
"""

from __future__ import annotations

import math

import pytest

import geo
from geo.gazetteer._normalise import digraph_fold


@pytest.fixture(scope="module")
def gz():
    """The real gazetteer; an index that cannot be built is a failure, not a skip."""
    import geo.gazetteer as gazetteer

    assert gazetteer.geocode("Moscow").resolved
    return gazetteer


# --------------------------------------------------- geopy users: None and NaN


def _missing_values() -> list[object]:
    values: list[object] = [None, math.nan, float("nan")]
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    return [*values, np.nan, np.float32("nan"), pd.NA, pd.NaT]


@pytest.mark.parametrize("value", _missing_values(), ids=repr)
def test_geopy_users_none_and_nan_are_no_name(gz, value):
    # geopy users' report: a null cell geocoded as a place called "None" or "Nan"
    res = gz.geocode(value)
    assert not res.resolved and res.reason == "empty name"
    assert geo.geocode(value).name is None


@pytest.mark.parametrize("value", _missing_values(), ids=repr)
def test_null_country_context_and_near_cells_are_absent(value):
    # a batch row's null cells: never the text "<NA>" or "nan" as a country or context
    from geo.gazetteer._resolve import _row_options

    assert _row_options({"country": value, "context": value, "near": value}) == (None, None, None)


@pytest.mark.parametrize(("name", "cc"), [("None", "IT"), ("Nan", "TH")])
def test_the_words_none_and_nan_are_still_places(gz, name, cc):
    # a written name is read as written: None, Piedmont; Nan, Thailand
    assert gz.geocode(name).country_code == cc


# ------------------------------------------------- Nominatim #2091: Rømø ≠ Rome


@pytest.mark.parametrize("name", ["Rømø", "Romø", "Rømø Havn"])
def test_nominatim_2091_folding_makes_no_other_place(gz, name):
    # Nominatim #2091: "Rømø" (a Danish island) answered Rome; "romo" is one of
    # Rome's alternate names, reached only by folding ø to o
    res = gz.geocode(name)
    assert not (res.resolved and res.country_code == "IT"), res.to_dict()


@pytest.mark.parametrize(
    ("name", "cc", "place"),
    [
        ("Tromsø", "NO", "Tromsø"),  # the preferred name has the ø
        ("København", "DK", "Copenhagen"),  # Copenhagen also bears "Koebenhavn"
        ("München", "DE", "Munich"),
        ("Malmö", "SE", "Malmö"),
        ("Göteborg", "SE", "Gothenburg"),
        ("Türkiye", "TR", "Turkey"),  # countries keep all their names
        ("Österreich", "AT", "Austria"),
        ("Romo", "IT", "Rome"),  # written without marks, Rome's alternate stands
    ],
)
def test_marked_names_of_the_place_itself_still_resolve(gz, name, cc, place):
    res = gz.geocode(name)
    assert (res.resolved, res.country_code, res.name) == (True, cc, place)
    assert res.match != "fuzzy"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Rømø", "roemoe"),
        ("Tromsø", "tromsoe"),
        ("Malmö", "malmoe"),
        ("Rome", ""),
        ("Zürich", "zuerich"),
    ],
)
def test_digraph_fold(name, key):
    assert digraph_fold(name) == key


# ------------------------------------------------------------------ reverse


@pytest.mark.parametrize(
    ("lat", "lon", "admin1"),
    [
        (48.5, 132.9, "Jewish Autonomous Oblast"),  # not "Jewish"
        (50.2906, 127.5272, "Amur Oblast"),
        (43.12, 131.9, "Primorsky Krai"),
        (55.9, 37.4, "Moscow Oblast"),
        (55.75, 37.62, "Moscow"),  # the federal city
        (52.5, 85.0, "Altai Krai"),
        (51.0, 86.0, "Altai Republic"),
        (65.0, -179.5, "Chukotka Autonomous Okrug"),
        (48.7, 44.5, "Volgograd Oblast"),  # already full: not "… Oblast Oblast"
        (47.65, 132.5, "Heilongjiang"),
        (51.5, -0.12, "England"),
    ],
)
def test_reverse_gives_full_admin1_names(gz, lat, lon, admin1):
    # issue 17: reverse geocoding answered "Jewish" for the Jewish Autonomous Oblast
    assert gz.reverse(lat, lon).admin1 == admin1


@pytest.mark.parametrize(
    ("lat", "lon", "cc", "name"),
    [
        # Nominatim #7: the gazetteer's own point of Kiefersfelden (DE), 0.5 km inside
        # Natural Earth's Austria, answered Eichelwang, Austria
        (47.61409, 12.19096, "DE", "Kiefersfelden"),
        (47.5833, 12.1667, "AT", "Kufstein"),
        # a river border: each bank its own country
        (50.2440, 127.4900, "CN", None),
        (50.2906, 127.5272, "RU", None),
    ],
)
def test_nominatim_7_reverse_near_a_border_answers_the_point_s_country(gz, lat, lon, cc, name):
    res = gz.reverse(lat, lon)
    assert res.country_code == cc, res.to_dict()
    if name:
        assert res.name == name


@pytest.mark.parametrize(
    ("phrase", "variants", "match"),
    [
        ("Pogranichny", False, None),  # exact spellings only by default
        ("Pogranichny", True, "transliteration"),
        # Natural Earth's admin-1 names (issue 17's feature classes) carry this spelling
        ("Primorsky Krai", True, "alias"),
        ("Пограничный", True, "alternate"),
        ("Pogranichnyy", True, "exact"),  # the exact key wins over a variant
    ],
)
def test_lookup_names_variants(gz, phrase, variants, match):
    got = gz.lookup_names([phrase], variants=variants).get(phrase)
    assert (got[0].match if got else None) == match


# ------------------------------------------- cliff-annotator #32: "Arlington, VA"

ARLINGTON = (
    "The company moved its headquarters to Arlington, VA, and opened an office in "
    "Wilmington, DE, last year."
)


@pytest.mark.parametrize(
    ("name", "text", "admin1"),
    [
        # cliff-annotator #32: a state abbreviation after a comma qualifies the name
        ("Arlington", ARLINGTON, "Virginia"),
        ("Wilmington", ARLINGTON, "Delaware"),
        ("Arlington", "Storms hit Arlington, Texas, on Sunday.", "Texas"),
        ("Wilmington", "The port of Wilmington, N.C., reopened.", "North Carolina"),
        # an unknown word after the comma qualifies nothing
        ("Moscow", "In Moscow, Putin met Xi.", "Moscow"),
    ],
)
def test_cliff_32_state_after_a_comma_qualifies_the_name(gz, name, text, admin1):
    assert gz.geocode(name, context=text).admin1 == admin1


@pytest.mark.parametrize(
    ("name", "admin1"), [("Arlington", "Virginia"), ("Wilmington", "Delaware")]
)
def test_cliff_32_in_extraction(gz, name, admin1):
    from geo.extract import extract

    found = {p.text: p for p in extract(ARLINGTON).places}
    assert found[name].country_code == "US"
    assert gz.geocode(name, context=ARLINGTON).id == found[name].gazetteer_id
    assert gz.geocode(name, context=ARLINGTON).admin1 == admin1


# ------------------------------- cliff-annotator #13: the city, not its oblast

URBAN = [
    # cliff-annotator #13: the port landed 353 km off, on the oblast's point
    ("Magadan", "The port of Magadan handled 1.2 million tons of cargo this year."),
    ("Magadan", "A new sea terminal opens at Magadan in May."),
    ("Nizhny Novgorod", "The GAZ plant in Nizhny Novgorod resumed production."),
    ("Nizhny Novgorod", "The railway station in Nizhny Novgorod was rebuilt."),
    # issue 17: the UN General Assembly sits in New York City, not the state
    (
        "New York",
        "Putin decided not to participate personally in the 78th UN General Assembly in New York.",
    ),
]


@pytest.mark.parametrize(("name", "text"), URBAN)
def test_cliff_13_city_beats_its_division_in_an_urban_frame(gz, name, text):
    res = gz.geocode(name, context=text)
    assert res.feature_code.startswith("PPL"), res.to_dict()
    assert res.uncertainty_km < 50


@pytest.mark.parametrize(
    ("name", "text", "fcode"),
    [
        ("Magadan", "Gold output in Magadan rose by a tenth.", "ADM1"),
        ("New York", "Floods hit towns across upstate New York.", "ADM1"),
    ],
)
def test_without_an_urban_frame_the_division_stays(gz, name, text, fcode):
    assert gz.geocode(name, context=text).feature_code == fcode


def test_un_general_assembly_in_the_seed_report_is_new_york_city(gz):
    from geo.extract import extract

    text = URBAN[-1][1]
    ny = [p for p in extract(text).places if p.text == "New York"]
    assert ny and ny[0].feature_code.startswith("PPL") and ny[0].country_code == "US"
