"""Small record sets for the layer cases (../shared/cases: T1–T8, G1, G3, H5, Q1, Q2).

Shared by tests/test_layers.py (files as written) and tests/qgis/ (files as QGIS
reads them).  No network: places resolve through :func:`stub_geocoder`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import geopandas as gpd
from shapely.geometry import Point

from geo.layers import build_layers, write_geojson, write_layers
from geo.layers._frame import _frame
from geo.records import PlaceMention, Record, RecordSet, Source

BIG = 109691494175  # T3: a capacity in m³ that needs 64 bits
DATE_LIKE_ID = "9000-01-01"  # T5

#: H5: non-ASCII names, one per layer kind → (feature id, layer, name).
H5_NAMES: list[tuple[str, str, str]] = [
    ("h5-cyrillic", "facilities", "Нижнеленинское"),
    ("h5-han", "corridors", "同江市"),
    ("h5-latin", "places", "Děčín"),
]

PLACES = {
    "Harbin": (45.75, 126.65, "PPLA", "CN", 1, None),
    "Heilongjiang": (47.86, 127.76, "ADM1", "CN", 4, 300.0),
    "Russia": (60.0, 100.0, "PCLI", "RU", 6, None),
    # the bridge point of the curated gazetteer: mid-river, in RU on Natural Earth
    "Nizhneleninskoye–Tongjiang bridge": (47.9611, 132.6983, "BDG", "RU", 1, 1.2),
    "Nowhere Bay": (float("nan"), 132.0, "BAY", None, 1, None),  # a broken gazetteer row
    "Děčín": (50.7736, 14.1960, "PPLA2", "CZ", 2, None),  # H5
}


def stub_geocoder(name: str, country: str | None = None, **_: Any) -> SimpleNamespace:
    """Resolve the names in :data:`PLACES`; anything else is not found."""
    if name not in PLACES:
        return SimpleNamespace(resolved=False, reason="not in the stub gazetteer")
    lat, lon, fc, cc, prec, unc = PLACES[name]
    return SimpleNamespace(
        resolved=True, lat=lat, lon=lon, name=name, id=f"stub:{name}", source="stub",
        feature_code=fc, country_code=cc, admin1=None, precision=prec,
        uncertainty_km=unc, score=1.0, reason=None,
    )  # fmt: skip


def _rec(**kw: Any) -> dict[str, Any]:
    return {"type": "logistics_hub", "status": "proposed", **kw}


def case_records() -> RecordSet:
    """Records covering the cases: NaN-prone numbers, big ints, dates, ids, antimeridian, H5."""
    recs = [
        _rec(
            id=DATE_LIKE_ID,  # T5
            name="Depot with a date-like id",
            location={"lat": 47.123456789012345, "lon": 132.123456789012345, "source": "s"},  # T8
            capacities=[{"commodity": "gas", "value": BIG, "unit": "m³", "source": "s"}],  # T3
            investment={
                "amount": 5.0e9,
                "currency": "CNY",
                "date": dt.date(2023, 9, 20),
                "source": "s",
            },  # T6
            # issue 20: partial dates are the first day of their period + a precision
            dates={
                "announced": "2007",
                "signed": "2023-09-20",
                "opening": "2025-12",
                "source": "s",
            },
        ),
        _rec(
            id="no-money",  # T1: investment and capacity missing here
            name="Terminal without figures",
            type="terminal",
            status="operating",
            location={"lat": 48.0, "lon": 133.0, "precision": 1, "source": "s"},
        ),
        _rec(
            id="tiny-capacity",  # T4
            name="Tiny capacity",
            location={"lat": 48.5, "lon": 133.5, "source": "s"},
            capacities=[{"commodity": "gas", "value": 1e-08, "unit": "m³", "source": "s"}],
        ),
        _rec(
            id="province-hub",  # precision 4, area → regions layer, uncertainty
            name="Somewhere in Heilongjiang",
            location={"place": "Heilongjiang", "country": "CN", "source": "s"},
        ),
        {
            "id": "bering-line",  # G1
            "name": "Line across the antimeridian",
            "type": "power_line",
            "mode": "power",
            "status": "proposed",
            "countries": ["RU"],
            "route": {
                "source": "s",
                "accuracy": "low",
                "waypoints": [{"lat": 65.0, "lon": 179.5}, {"lat": 66.0, "lon": -179.5}],
            },
        },
        {
            "id": "amur-bridge",  # the acceptance bridge
            "name": "Nizhneleninskoye–Tongjiang railway bridge",
            "type": "bridge",
            "mode": "rail",
            "status": "operating",
            "countries": ["RU", "CN"],
            "route": {
                "source": "s",
                "accuracy": "medium",
                "waypoints": [
                    {"lat": 47.9705, "lon": 132.7005, "precision": 2, "uncertainty_km": 1.0},
                    {"lat": 47.9510, "lon": 132.6955, "precision": 2, "uncertainty_km": 1.0},
                ],
            },
        },
        _rec(
            id="h5-cyrillic",  # H5: Cyrillic name on a point
            name="Нижнеленинское",
            location={"lat": 47.93, "lon": 132.64, "source": "s"},
        ),
        {
            "id": "h5-han",  # H5: Han name on a line (in China, away from the border)
            "name": "同江市",
            "type": "railway",
            "mode": "rail",
            "status": "proposed",
            "countries": ["CN"],
            "route": {
                "source": "s",
                "accuracy": "low",
                "waypoints": [{"lat": 47.60, "lon": 132.45}, {"lat": 47.40, "lon": 132.20}],
            },
        },
        {
            "id": "claims-border",  # claims RU+CN, stays in China
            "name": "Harbin spur",
            "type": "railway",
            "mode": "rail",
            "status": "proposed",
            "countries": ["RU", "CN"],
            "route": {
                "source": "s",
                "accuracy": "low",
                "waypoints": [{"place": "Harbin", "country": "CN"}, {"lat": 46.0, "lon": 127.5}],
            },
        },
    ]
    places = [
        PlaceMention(id="harbin", name="Harbin", country="CN", role="city", source="s"),
        PlaceMention(id="russia", name="Russia", role="country", source="s"),
        PlaceMention(id="h5-latin", name="Děčín", country="CZ", role="city", source="s"),  # H5
    ]
    return RecordSet(
        records=[Record.model_validate(r) for r in recs],
        places=places,
        sources={"s": Source(id="s", title="Test source", url="https://example.org/test")},
        origin={},
    )


def type_case_records(names: list[str]) -> RecordSet:
    """Facilities named ``names`` (T5: text that OGR may read as dates or times)."""
    recs = [
        _rec(id=f"depot-{i}", name=n, location={"lat": 48.0 + i / 10, "lon": 132.0, "source": "s"})
        for i, n in enumerate(names)
    ]
    return RecordSet(
        records=[Record.model_validate(r) for r in recs],
        places=[],
        sources={"s": Source(id="s", title="Test source", url="https://example.org/test")},
        origin={},
    )


#: T5 in QGIS: case folder → facility names.
TYPE_CASES: dict[str, list[str]] = {
    "t5_date_time": ["9000-01-01", "12:30:00"],  # GDAL: JSON, every value NULL
    "t5_dates": ["9000-01-01", "2023-09-20"],  # GDAL: Date
    "t5_mixed": ["9000-01-01", "Depot"],  # one non-date value: String
}


def write_case_layers(out: Path) -> Any:
    """Build and write the case layers (+ T2/T3 probes) into ``out``; return the LayerSet."""
    ls = build_layers(case_records(), geocoder=stub_geocoder)
    write_layers(ls, out, formats=("geojson", "gpkg", "parquet", "fgb"))
    # T2: an integer field whose first feature is null; T3: a 64-bit integer
    probe = _frame(
        "crossings",
        [
            {"id": "a", "precision": None, "border_crossings": None},
            {"id": "b", "precision": 3},
            {"id": "c", "precision": BIG},
        ],
        [Point(1, 1), Point(2, 2), Point(3, 3)],
    )
    write_geojson(gpd.GeoDataFrame(probe), out / "probe_ints.geojson")
    return ls
