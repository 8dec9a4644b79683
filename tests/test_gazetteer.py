"""Gazetteer: the names of the seed report and the public contract."""

from __future__ import annotations

import json

import pytest

from geo.gazetteer import GeocodeResult, default_gazetteer, haversine_km


@pytest.fixture(scope="session")
def gazetteer():
    """The shared gazetteer; builds the index into the user cache on first use (~30 s)."""
    return default_gazetteer()


def test_contract_fields(gazetteer):
    res = gazetteer.geocode("Vladivostok")
    assert isinstance(res, GeocodeResult)
    assert res.resolved and res.reason is None
    d = res.to_dict()
    for key in (
        "query",
        "name",
        "lat",
        "lon",
        "country_code",
        "admin1",
        "id",
        "source",
        "feature_code",
        "precision",
        "uncertainty_km",
        "score",
        "candidates",
    ):
        assert key in d
    json.dumps(d)
    assert res.id.startswith("geonames:")
    assert 0.0 <= res.score <= 1.0


@pytest.mark.parametrize(
    ("query", "kwargs", "lat", "lon", "cc", "fcode"),
    [
        ("Tongjiang", {}, 47.65, 132.50, "CN", None),  # G4: 同江市, not 通江镇 near Harbin
        (
            "Tongjiang",
            {"context": "the Nizhneleninsky-Tongjiang railway bridge"},
            47.65,
            132.50,
            "CN",
            None,
        ),
        ("Heilongjiang", {}, 48.0, 128.0, "CN", "ADM1"),
        ("Vladivostok", {}, 43.11, 131.87, "RU", None),
        ("Moscow", {}, 55.75, 37.62, "RU", None),
        ("Beijing", {}, 39.91, 116.40, "CN", None),
        ("New York City", {}, 40.71, -74.01, "US", None),
        # plain "New York" is the state (as in the LGL and TR-News gold): its point
        # lies within 161 km of GeoNames' own (43.0 N, 75.5 W)
        ("New York", {}, 43.0, -75.5, "US", "ADM1"),
        ("Russian Far East", {}, 48.7, 135.2, "RU", "RGN"),
        ("Nizhneleninskoye", {}, 47.95, 132.67, "RU", None),
    ],
)
def test_seed_report_places(gazetteer, query, kwargs, lat, lon, cc, fcode):
    res = gazetteer.geocode(query, **kwargs)
    assert res.resolved, res.reason
    tolerance_km = 161 if fcode in {"ADM1", "PCLI"} else 30
    assert haversine_km(res.lat, res.lon, lat, lon) < tolerance_km, res.to_dict()
    assert res.country_code == cc
    if fcode:
        assert res.feature_code == fcode


def test_unknown_name_is_unresolved(gazetteer):
    res = gazetteer.geocode("Qwxzrtplk Vzzyb")
    assert not res.resolved
    assert res.reason and "Qwxzrtplk" in res.reason
    assert res.lat is None and res.lon is None
