"""Record schema 2 (issue 21): investment claims, shares, length kinds, segments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from geo.errors import InvalidRecordsError
from geo.records import SCHEMA_VERSION, Record, load_records

_SRC = [{"id": "s", "title": "S", "url": "https://example.org/s"}]


def _rec(**extra: Any) -> dict[str, Any]:
    base = {
        "id": "p",
        "name": "P",
        "type": "pipeline",
        "status": "proposed",
        "route": {"accuracy": "low", "waypoints": ["Harbin", "Heihe"], "source": "s"},
        "sources": _SRC,
    }
    return {**base, **extra}


_CNY = {"amount": 5e9, "currency": "CNY", "date": "2023-09-20", "source": "s"}
_USD21 = {
    "amount": 7e8,
    "currency": "USD",
    "date": 2021,
    "basis": "constant",
    "price_year": 2021,
    "source": "s",
}

GOOD = [
    ("one_investment_as_before", {"investment": _CNY}),
    ("two_claims_one_preferred", {"investments": [_CNY, {**_USD21, "preferred": True}]}),
    ("one_claim_in_the_list", {"investments": [_CNY]}),
    ("usd_amount_with_a_year", {"investment": {**_USD21}}),
    (
        "year_with_a_stated_rate",
        {"investment": {**_CNY, "date": 2021, "usd_rate": 0.15, "usd_rate_source": "s"}},
    ),
    (
        "shares",
        {
            "parties": [
                {"name": "A", "role": "owner", "share_pct": 50, "source": "s"},
                {"name": "B", "role": "owner", "share_pct": 50, "source": "s"},
            ]
        },
    ),
    ("length_kind", {"length_km": 10, "length_source": "s", "length_kind": "merged"}),
    (
        "segments",
        {
            "segments": [
                {
                    "name": "a",
                    "status": "operating",
                    "length_km": 5,
                    "length_kind": "estimated",
                    "opening": 2020,
                    "source": "s",
                }
            ]
        },
    ),
    ("schema_version", {"schema_version": SCHEMA_VERSION}),
    ("schema_version_1", {"schema_version": 1}),
]


@pytest.mark.parametrize("extra", [g[1] for g in GOOD], ids=[g[0] for g in GOOD])
def test_schema_2_good(extra: dict[str, Any]) -> None:
    Record.model_validate(_rec(**extra))


BAD = [
    ("two_claims_none_preferred", {"investments": [_CNY, _USD21]}, "none is preferred"),
    (
        "two_preferred",
        {"investments": [{**_CNY, "preferred": True}, {**_USD21, "preferred": True}]},
        "all preferred",
    ),
    ("both_forms", {"investment": {**_CNY, "amount": 1e9}, "investments": [_CNY]}, "not both"),
    ("cny_with_a_year_only", {"investment": {**_CNY, "date": 2021}}, "must be a day"),
    ("constant_without_year", {"investment": {**_USD21, "price_year": None}}, "price_year"),
    (
        "share_above_100",
        {"parties": [{"name": "A", "role": "owner", "share_pct": 120, "source": "s"}]},
        "100",
    ),
    (
        "shares_add_above_100",
        {"parties": [{"name": n, "role": "owner", "share_pct": 60, "source": "s"} for n in "AB"]},
        "add up to 120",
    ),
    ("length_kind_without_length", {"length_kind": "known"}, "give length_km"),
    (
        "unknown_length_kind",
        {"length_km": 3, "length_source": "s", "length_kind": "guess"},
        "known",
    ),
    (
        "segment_status",
        {"segments": [{"name": "a", "status": "dreaming", "source": "s"}]},
        "status",
    ),
    ("segment_uncited", {"segments": [{"name": "a", "status": "operating"}]}, "source"),
    ("newer_schema", {"schema_version": 3}, "schema_version"),
]


@pytest.mark.parametrize(("extra", "words"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_schema_2_bad(extra: dict[str, Any], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        Record.model_validate(_rec(**extra))


def test_layers_see_the_preferred_investment() -> None:
    rec = Record.model_validate(_rec(investments=[_CNY, {**_USD21, "preferred": True}]))
    assert rec.investment is rec.investments[1] and rec.investment.usd.usd == 7e8
    refs = dict(rec.source_refs())
    assert "investments.0.source" in refs and "investments.1.source" in refs


def test_a_dump_of_a_record_validates_again() -> None:
    rec = Record.model_validate(_rec(investments=[_CNY, {**_USD21, "preferred": True}]))
    again = Record.model_validate(rec.model_dump(mode="json"))
    assert again == rec


def _seeds(tmp_path: Path, records: dict[str, str]) -> Path:
    (tmp_path / "records").mkdir()
    (tmp_path / "sources.yaml").write_text(
        "- {id: s, title: S, url: 'https://example.org/s'}\n", encoding="utf-8"
    )
    for name, text in records.items():
        (tmp_path / "records" / name).write_text(text, encoding="utf-8")
    return tmp_path


_DEPOT = """id: {id}
name: Depot
type: terminal
status: operating
location: {{lat: 50, lon: 127, source: s}}
capacities:
  - {{commodity: oil, value: 1, unit: Mt/yr, key: {key}, source: s}}
"""


def test_issue_21_tank_farm_keys_across_records_are_an_error(tmp_path: Path) -> None:
    """Issue 21, r-spatial/sf #538 pattern: two records spelling one field two ways."""
    seeds = _seeds(
        tmp_path,
        {
            "a.yaml": _DEPOT.format(id="depot-a", key="tank-farm"),
            "b.yaml": _DEPOT.format(id="depot-b", key="tank_farm"),
        },
    )
    with pytest.raises(InvalidRecordsError) as exc:
        load_records(seeds)
    (issue,) = exc.value.issues
    text = str(issue)
    assert "'tank_farm' of record 'depot-b'" in text and "'tank-farm' of record 'depot-a'" in text
    assert "a.yaml:1" in text and issue.field == "capacities.0.key"


def test_same_key_across_records_is_fine(tmp_path: Path) -> None:
    seeds = _seeds(
        tmp_path,
        {
            "a.yaml": _DEPOT.format(id="depot-a", key="tank_farm"),
            "b.yaml": _DEPOT.format(id="depot-b", key="tank_farm"),
        },
    )
    assert len(load_records(seeds).records) == 2


LABELS = [
    ("m**3/yr", "m³/yr"),
    ("m**2", "m²"),
    ("bcm/yr", "bcm/yr"),
    ("t/yr", "t/yr"),
    ("TEU/yr", "TEU/yr"),
    ("BOE/d", "boe/d"),
    ("boe/day", "boe/d"),
    ("oil_barrel/day", "bbl/d"),
    ("m ** 3 / yr", "m³/yr"),
    # a unit as the source wrote it keeps its words (review: "milliontonnesperyear")
    ("million tonnes per year", "million tonnes per year"),
    ("bcm per year", "bcm per year"),
]


@pytest.mark.parametrize(("unit", "label"), LABELS)
def test_issue_21_units_render_as_people_write_them(unit: str, label: str) -> None:
    """Issue 21: units printed as m**3/yr (`geo validate seeds` showed it)."""
    from geo.units import unit_label

    assert unit_label(unit) == label


@pytest.mark.parametrize(
    ("unit", "suffix", "label"),
    [
        ("BOE/d", "boe_per_d", "boe/d"),
        ("bcm/yr", "m3_per_yr", "m³/yr"),
        ("b/d", "m3_per_yr", "m³/yr"),
    ],
)
def test_issue_21_boe_per_day_is_no_volume(unit: str, suffix: str, label: str) -> None:
    """Issue 21: GEM's CapacityBOEd is barrels of oil equivalent a day, not m³/yr."""
    from geo.units import SUFFIX_LABELS, normalise_quantity

    assert normalise_quantity(1, unit).suffix == suffix and SUFFIX_LABELS[suffix] == label


def test_issue_21_conflicts_print_units_as_written_by_people() -> None:
    caps = [
        {"commodity": "natural_gas", "value": v, "unit": "m**3/yr", "source": "s"}
        for v in (3.8e10, 4.4e10)
    ]
    rec = Record.model_validate(_rec(capacities=[dict(caps[0], preferred=True), caps[1]]))
    (conflict,) = rec.conflicts()
    assert "**" not in str(conflict) and "m³/yr" in str(conflict)


def test_popup_unit_labels_follow_the_units_module() -> None:
    """The popup spells out the suffix labels (no pint in geo.maps): they must agree."""
    from geo.maps._popup import _SUFFIX_UNITS
    from geo.units import SUFFIX_LABELS

    assert {k: _SUFFIX_UNITS.get(k) for k in SUFFIX_LABELS} == SUFFIX_LABELS
