"""Units: what reports write → pint → project base units; commodity conversions."""

from __future__ import annotations

import pytest

from geo.errors import UnitError
from geo.units import COMMODITY_FACTORS, convert, normalise_quantity, parse_unit

GOOD = [
    (5.8, "Mt/yr", 5.8e6, "t_per_yr"),
    (5.8, "million tonnes per year", 5.8e6, "t_per_yr"),
    (5.8, "million tons a year", 5.8e6, "t_per_yr"),
    (5.8, "mtpa", 5.8e6, "t_per_yr"),
    (800, "kt/yr", 8e5, "t_per_yr"),
    (800, "thousand tonnes", 8e5, "t"),
    (1, "Mt", 1e6, "t"),
    (38, "bcm/yr", 3.8e10, "m3_per_yr"),
    (38, "billion cubic metres per year", 3.8e10, "m3_per_yr"),
    (200_000, "m³/yr", 2e5, "m3_per_yr"),
    (200_000, "m3/yr", 2e5, "m3_per_yr"),
    (200_000, "cubic meters per year", 2e5, "m3_per_yr"),
    (100_000, "TEU/yr", 1e5, "teu_per_yr"),
    (100_000, "TEUs per year", 1e5, "teu_per_yr"),
    (1, "b/d", 158.987294928 * 365.25 / 1000, "m3_per_yr"),
    (1, "barrels per day", 158.987294928 * 365.25 / 1000, "m3_per_yr"),
    (2.215, "km", 2215, "m"),
    (2215, "m", 2215, "m"),
    (200_000, "m²", 2e5, "m2"),
    (200_000, "square metres", 2e5, "m2"),
    (1.2, "GW", 1.2e9, "w"),
    (500, "kV", 5e5, "v"),
]


@pytest.mark.parametrize(("value", "unit", "base", "suffix"), GOOD, ids=[g[1] for g in GOOD])
def test_normalise(value: float, unit: str, base: float, suffix: str) -> None:
    n = normalise_quantity(value, unit)
    assert n.value_base == pytest.approx(base, rel=1e-9) and n.suffix == suffix


def test_round_values_stay_round() -> None:
    assert normalise_quantity(5.8, "Mt/yr").value_base == 5_800_000.0


BAD = [
    ("bananas/yr", "unknown unit 'bananas/yr'"),
    ("", "unknown unit"),
    ("MT", "write 't' or 'Mt'"),
    ("MT/yr", "ambiguous"),
    ("kg/s**2", "not a capacity"),
    ("Mt/yr**2", "not a capacity"),
]


@pytest.mark.parametrize(("unit", "words"), BAD, ids=[b[0] or "empty" for b in BAD])
def test_bad_units(unit: str, words: str) -> None:
    with pytest.raises(UnitError) as info:
        parse_unit(unit)
    assert words in str(info.value)
    assert isinstance(info.value, ValueError)


CONVERSIONS = [
    # LNG: 1 Mt = 1.36 bcm of gas (bp Statistical Review conversion factors)
    (0.65, "Mt/yr", "bcm/yr", "lng", 0.884, "1.36 bcm / Mt"),
    (1.36, "bcm/yr", "Mt/yr", "lng", 1.0, "1.36 bcm / Mt"),
    (1.0, "Mt", "bcm", "liquefied_natural_gas", 1.36, "1.36 bcm / Mt"),
    # crude: 1 t = 7.33 bbl
    (1.0, "t", "bbl", "crude_oil", 7.33, "7.33 oil_barrel / t"),
    (7.33, "bbl", "t", "crude", 1.0, "7.33 oil_barrel / t"),
    (30, "Mt/yr", "b/d", "crude_oil", 30e6 * 7.33 / 365.25, "7.33 oil_barrel / t"),
    # same dimension: plain pint, no factor
    (5.8, "Mt/yr", "t/day", None, 5.8e6 / 365.25, None),
]


@pytest.mark.parametrize(("value", "unit", "to", "commodity", "expected", "factor"), CONVERSIONS)
def test_convert_records_factor_and_source(
    value: float, unit: str, to: str, commodity: str | None, expected: float, factor: str | None
) -> None:
    c = convert(value, unit, to, commodity=commodity)
    assert c.value == pytest.approx(expected, rel=1e-9)
    assert c.factor == factor and c.unit == to
    if factor:
        assert "Statistical Review" in c.source
    else:
        assert c.source == "pint"


@pytest.mark.parametrize(
    ("unit", "to", "commodity"),
    [("Mt/yr", "bcm/yr", None), ("Mt/yr", "bcm/yr", "coal"), ("TEU/yr", "t/yr", "containers")],
)
def test_convert_refuses_without_a_factor(unit: str, to: str, commodity: str | None) -> None:
    with pytest.raises(UnitError, match="no conversion factor"):
        convert(1.0, unit, to, commodity=commodity)


def test_every_factor_names_its_source() -> None:
    for cf in COMMODITY_FACTORS.values():
        assert cf.source and cf.factor
