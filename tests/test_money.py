"""Money: amounts as reports write them, currency aliases, USD at ECB rates (offline)."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.errors import MoneyError
from geo.units import normalise_currency, parse_money, to_usd, usd_rate


def test_cny_5bn_on_2023_09_20_is_about_685_5_million_usd() -> None:
    v = to_usd(5e9, "CNY", dt.date(2023, 9, 20))
    assert v.usd == pytest.approx(685.5e6, rel=0.01)
    assert v.rate_date == dt.date(2023, 9, 20)
    assert v.rate == pytest.approx(v.usd / 5e9)
    assert "ECB" in v.source


def test_weekend_uses_the_nearest_earlier_business_day() -> None:
    v = to_usd(1.0, "EUR", dt.date(2023, 9, 23))  # a Saturday
    assert v.rate_date == dt.date(2023, 9, 22)


PARSE = [
    ("5 billion yuan", 5e9, "CNY"),
    ("CNY 5 bn", 5e9, "CNY"),
    ("RMB 5bn", 5e9, "CNY"),
    ("RMB5bn", 5e9, "CNY"),
    ("5 bn RMB", 5e9, "CNY"),
    ("¥5 billion", 5e9, "CNY"),
    ("5 млрд юаней", 5e9, "CNY"),
    ("50亿元", 5e9, "CNY"),
    ("$685 million", 685e6, "USD"),
    ("US$ 1.2bn", 1.2e9, "USD"),
    ("685 million USD", 685e6, "USD"),
    ("EUR 3m", 3e6, "EUR"),
    ("5,000,000,000", 5e9, None),
    ("12.5", 12.5, None),
    ("5e9", 5e9, None),
]


@pytest.mark.parametrize(("text", "amount", "currency"), PARSE, ids=[p[0] for p in PARSE])
def test_parse_money(text: str, amount: float, currency: str | None) -> None:
    m = parse_money(text)
    assert m.amount == pytest.approx(amount) and m.currency == currency


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("600–700 million USD", "is a range"),
        ("USD 600 to 700 million", "is a range"),
        ("a lot of money", "cannot read an amount"),
        ("5 bn XYZ", "unknown currency 'XYZ'"),
        ("USD 5 bn EUR", "two currencies"),
        # hedged figures: not a number; say what to write instead (not "unknown currency")
        ("about 40", "is not a number: write amount: 40, qualifier: about"),
        ("about 5 billion yuan", "write amount: 5000000000, currency: CNY, qualifier: about"),
        ("~RMB 5bn", "currency: CNY, qualifier: about"),
        ("up to 3 bn USD", "qualifier: up_to, and keep the wording in as_written"),
        ("over 1e400", "qualifier: more_than"),
        ("1" + "0" * 400, "too large to be a number"),
    ],
)
def test_parse_money_errors(text: str, words: str) -> None:
    with pytest.raises(MoneyError) as info:
        parse_money(text)
    assert words in str(info.value)


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("RMB", "CNY"),
        ("yuan", "CNY"),
        ("renminbi", "CNY"),
        ("US$", "USD"),
        ("rouble", "RUB"),
        ("eur", "EUR"),
        ("€", "EUR"),
    ],
)
def test_currency_aliases(alias: str, code: str) -> None:
    assert normalise_currency(alias) == code


def test_unknown_currency_lists_the_known_codes() -> None:
    with pytest.raises(MoneyError, match="CNY") as info:
        normalise_currency("XYZ")
    assert isinstance(info.value, ValueError)


def test_date_outside_shipped_rates() -> None:
    with pytest.raises(MoneyError, match="shipped rates cover"):
        to_usd(1.0, "CNY", dt.date(1990, 1, 1))


def test_usd_is_identity() -> None:
    v = to_usd(685e6, "US$", dt.date(2023, 9, 20))
    assert v.usd == 685e6 and v.rate == 1.0


def test_usd_rate_is_the_rate_to_usd_multiplies_and_is_cached() -> None:
    day = dt.date(2023, 9, 23)  # a Saturday: the rate of Friday
    rate, rate_date = usd_rate("RMB", day)
    assert rate_date == dt.date(2023, 9, 22)
    v = to_usd(5e9, "CNY", day)
    assert (v.usd, v.rate, v.rate_date) == (5e9 * rate, rate, rate_date)
    assert usd_rate("CNY", day) == (rate, rate_date)
    assert usd_rate("USD", day) == (1.0, day)
    with pytest.raises(MoneyError, match="no ECB rate for RUB"):
        usd_rate("RUB", dt.date(2023, 9, 20))
    with pytest.raises(MoneyError, match="no ECB rate for RUB"):  # a cached miss still raises
        usd_rate("RUB", dt.date(2023, 9, 20))
