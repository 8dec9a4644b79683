"""Text extraction: money, quantities, dates, places, organisations, draft records.

The report texts here are written for these tests in the style of infrastructure
news; the seed report is read in place from ../shared/seeds when present.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from geo.extract import draft_records, draft_yaml, extract, read_report, split_sentences
from geo.extract._measures import find_dates, find_money, find_quantities
from geo.gazetteer import geocode
from geo.records import load_records

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_7a0c0015e76c3599.txt"


# --------------------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("a budget of 3 billion yuan for the port", 3e9, "CNY"),
        ("it will cost $420 million", 420e6, "USD"),
        ("a loan of RMB 2.4bn from the bank", 2.4e9, "CNY"),
        ("financing of US$75m was agreed", 75e6, "USD"),
        ("Gazprom will invest 90 billion rubles", 90e9, "RUB"),
        ("worth €1.2 bn in total", 1.2e9, "EUR"),
        ("a £30m upgrade", 30e6, "GBP"),
        ("valued at 12,500 million roubles", 12.5e9, "RUB"),
        ("CNY 800 million", 800e6, "CNY"),
    ],
)
def test_money_amount_and_currency(text: str, amount: float, currency: str) -> None:
    [m] = find_money(text)
    assert m["amount"] == pytest.approx(amount)
    assert m["currency"] == currency
    assert text[m["start"] : m["end"]] == m["text"]


@pytest.mark.parametrize(
    "text",
    [
        "an outlay of 4 billion yuan ($550 million) is planned",
        "an outlay of 4 billion yuan (about $550 million) is planned",
        "an outlay of 4 billion yuan, or $550 million, is planned",
    ],
)
def test_stated_conversion_is_linked(text: str) -> None:
    a, b = find_money(text)
    assert (a["currency"], b["currency"]) == ("CNY", "USD")
    assert a["equivalent"] == 1 and b["equivalent_of"] == 0
    assert b["amount"] == 550e6  # a parenthesised amount is not an accounting negative


@pytest.mark.parametrize(
    "text",
    ["spent €2 bn, £40m and $3m on three lines", "from $5 million to $8 million"],
)
def test_lists_of_amounts_are_not_conversions(text: str) -> None:
    assert all(m["equivalent"] is None for m in find_money(text))


@pytest.mark.parametrize("text", ["route 66 opened", "the 5 bridges", "about 40 percent", ""])
def test_no_money(text: str) -> None:
    assert find_money(text) == []


# --------------------------------------------------------------------------- quantities


@pytest.mark.parametrize(
    ("text", "value", "unit", "value_base", "unit_base", "commodity"),
    [
        ("storing coal (3.2 million tons per year)", 3.2, "Mt/yr", 3.2e6, "t/yr", "coal"),
        ("fuel oil (0.4 million tonnes)", 0.4, "Mt", 4e5, "t", "crude_oil"),
        ("a 950-metre span", 950, "m", 950, "m", None),
        ("the line carries 22 billion cubic metres a year", 22, "bcm/yr", 22e9, "m³/yr", None),
        (
            "warehouses (sorting 150,000 cubic meters per year)",
            150000,
            "m³/yr",
            150000,
            "m³/yr",
            None,
        ),
        ("it will ship 12 mtpa of iron ore", 12, "Mt/yr", 12e6, "t/yr", "iron_ore"),
        ("up to 2 million tonnes of grain a year", 2, "Mt/yr", 2e6, "t/yr", "grain"),
        ("a design capacity of 18 Mt/yr", 18, "Mt/yr", 18e6, "t/yr", None),
        ("handling 800,000 TEU per year", 8e5, "TEU/yr", 8e5, "TEU/yr", None),
        ("a 640-km railway", 640, "km", 640e3, "m", None),
        ("a 2,215 m long bridge", 2215, "m", 2215, "m", None),
        ("a terminal for 5 million tonnes of coal per year", 5, "Mt/yr", 5e6, "t/yr", "coal"),
    ],
)
def test_quantity(
    text: str, value: float, unit: str, value_base: float, unit_base: str, commodity: str | None
) -> None:
    [q] = find_quantities(text)
    assert (q["value"], q["unit"]) == (pytest.approx(value), unit)
    assert q["value_base"] == pytest.approx(value_base)
    assert q["unit_base"] == unit_base
    if commodity is not None:
        assert q["commodity"] == commodity
    assert text[q["start"] : q["end"]] == q["text"]


@pytest.mark.parametrize(
    "text", ["in 2023 the plan", "3 to 4 partners", "the M5 motorway", "$470m in loans", "8%"]
)
def test_no_quantity(text: str) -> None:
    taken = [(m["start"], m["end"]) for m in find_money(text)]
    assert find_quantities(text, exclude=taken) == []


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "value", "precision", "inferred"),
    [
        ("signed on 14 March 2021 in Harbin", "2021-03-14", "day", False),
        ("on Friday, June 2, 2023, the parties", "2023-06-02", "day", False),
        ("opening in November 2025", "2025-11", "month", False),
        ("due by 2027", "2027", "year", False),
        ("2024-05-17 release", "2024-05-17", "day", False),
    ],
)
def test_dates(text: str, value: str, precision: str, inferred: bool) -> None:
    [d] = find_dates(text)
    assert (d["value"], d["precision"], d["year_inferred"]) == (value, precision, inferred)


def test_date_without_year_takes_the_reference_year() -> None:
    [d] = find_dates("talks on Wednesday, October 4, ended", reference_year=2023)
    assert (d["value"], d["year_inferred"]) == ("2023-10-04", True)
    assert find_dates("talks on October 4 ended") == []  # no year anywhere: not guessed


@pytest.mark.parametrize("text", ["the 78th session", "you may go", "12,000 tons", "$2023"])
def test_no_date(text: str) -> None:
    assert find_dates(text) == []


# --------------------------------------------------------------------------- sentences


def test_sentences_and_paragraphs() -> None:
    text = "A Title Line\n\nFirst one. Mr. Ivanov spoke in the U.S. capital.\n\nSecond para."
    ss = split_sentences(text)
    assert [s.paragraph for s in ss] == [0, 1, 1, 2]
    assert ss[2].text == "Mr. Ivanov spoke in the U.S. capital."
    assert all(text[s.start : s.end] == s.text for s in ss)


# --------------------------------------------------------------------------- places (stub)


@dataclass
class _R:
    query: str
    resolved: bool = False
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    feature_code: str | None = None
    precision: int | None = None
    uncertainty_km: float | None = None
    id: str | None = None
    score: float = 0.0
    match: str | None = None
    candidates: list = field(default_factory=list)


_STUB = {
    "blagoveshchensk": ("Blagoveshchensk", 50.27, 127.54, "RU", "PPLA", 2, 5.0),
    "heihe": ("Heihe", 50.24, 127.49, "CN", "PPLA2", 2, 4.0),
    "amur oblast": ("Amur Oblast", 52.0, 128.0, "RU", "ADM1", 4, 300.0),
    "russia": ("Russia", 60.0, 100.0, "RU", "PCLI", 6, 2000.0),
    "china": ("China", 35.0, 105.0, "CN", "PCLI", 6, 1700.0),
    "russian far east": ("Russian Far East", 48.7, 135.2, "RU", "RGN", 5, 2500.0),
    "vladimir": ("Vladimir", 56.1, 40.4, "RU", "PPLA", 2, 5.0),
    "harbin": ("Harbin", 45.75, 126.65, "CN", "PPLA", 2, 20.0),
    "blagoveshchensk-heihe road bridge": (
        "Blagoveshchensk–Heihe",
        50.26,
        127.52,
        "RU",
        "BDG",
        2,
        1.0,
    ),
}


def stub_geocode(name: str, country=None, near=None, context=None, **kw) -> _R:
    key = " ".join(name.casefold().replace("’s", "").split())
    hit = _STUB.get(key)
    if hit is None:
        return _R(query=name)
    n, lat, lon, cc, fc, prec, unc = hit
    match = "pair" if fc == "BDG" else "exact"
    return _R(name, True, n, lat, lon, cc, fc, prec, unc, f"stub:{key}", 0.9, match)


REPORT = (
    "Amur Bridge Opens A New Route\n\n"
    "The Blagoveshchensk-Heihe road bridge across the Amur opened on Tuesday, "
    "June 10, 2021, linking Amur Oblast with China. Vladimir Petrov, the governor, "
    "said traffic would grow.\n\n"
    "The bridge cost 19 billion rubles ($270 million) and is 1,080 metres long. "
    "It can carry 630,000 vehicles a year and 3 million tonnes of cargo per year.\n\n"
    "In Harbin, the Chinese group Heihe Bridge Development Company and the Russian "
    "company Amur Transit Holding signed an agreement on a logistics centre. "
    "Trade with the Russian Far East reached $4.2 billion in 2020."
)


@pytest.fixture(scope="module")
def report() -> object:
    return extract(REPORT, geocoder=stub_geocode, reference_date=dt.date(2021, 6, 11))


def test_places_with_spans(report) -> None:
    got = {(p.text, p.kind, p.name) for p in report.places}
    assert ("Blagoveshchensk", "name", "Blagoveshchensk") in got
    assert ("Heihe", "name", "Heihe") in got
    assert ("Blagoveshchensk-Heihe road bridge", "feature", "Blagoveshchensk–Heihe") in got
    assert ("Amur Oblast", "name", "Amur Oblast") in got
    assert ("Russian Far East", "name", "Russian Far East") in got  # region, not "Russian"
    assert ("Chinese", "demonym", "China") in got
    assert ("Harbin", "name", "Harbin") in got
    for p in report.places:
        assert REPORT[p.start : p.end] == p.text
        s = report.sentence_of(p)
        assert s.start <= p.start < s.end


def test_people_are_not_places(report) -> None:
    assert not [p for p in report.places if p.text.startswith("Vladimir")]


def test_money_quantities_dates_in_report(report) -> None:
    rub, usd, trade = report.money
    assert (rub.amount, rub.currency, rub.equivalent) == (19e9, "RUB", 1)
    assert (usd.amount, usd.currency, usd.equivalent_of) == (270e6, "USD", 0)
    assert rub.investment and not trade.investment
    units = [(q.value_base, q.unit_base) for q in report.quantities]
    assert (1080.0, "m") in units and (3e6, "t/yr") in units
    assert "2021-06-10" in [d.value for d in report.dates]


def test_organisations(report) -> None:
    names = {(o.name, o.country_code) for o in report.organisations}
    assert ("Heihe Bridge Development Company", "CN") in names
    assert ("Amur Transit Holding", "RU") in names


def test_json_items_carry_span_and_sentence(report) -> None:
    data = json.loads(json.dumps(report.to_dict()))
    for q in data["quantities"]:
        assert {"value", "unit", "value_base", "span", "sentence_text"} <= set(q)
    assert data["title"] == "Amur Bridge Opens A New Route"


def test_draft_validates_once_reviewed(report, tmp_path: Path) -> None:
    drafts = draft_records(report, source_id="amur-report", report_date=dt.date(2021, 6, 11))
    bridge = next(d for d in drafts if d["type"] == "bridge")
    assert bridge["status"] == "operating"
    assert [w["place"] for w in bridge["route"]["waypoints"]] == ["Blagoveshchensk", "Heihe"]
    assert bridge["investment"]["amount"] == 19e9
    assert bridge["investment"]["stated_usd"] == 270e6
    assert bridge["length_km"] == pytest.approx(1.08)
    assert bridge["review"]
    path = tmp_path / "draft.yaml"
    path.write_text(draft_yaml(drafts), encoding="utf-8")
    with pytest.raises(ValueError, match="review"):
        load_records(path)
    reviewed = yaml.safe_load(path.read_text(encoding="utf-8"))
    for d in reviewed:
        d.pop("review")
    path.write_text(yaml.safe_dump(reviewed, allow_unicode=True), encoding="utf-8")
    assert len(load_records(path).records) == len(drafts)


@pytest.mark.parametrize(
    ("raw", "message"),
    [(b"\xff\xfeA bad file", "not UTF-8"), (None, "cannot read")],
)
def test_read_report_errors(tmp_path: Path, raw: bytes | None, message: str) -> None:
    path = tmp_path / "r.txt"
    if raw is not None:
        path.write_bytes(raw)
    with pytest.raises(ValueError, match=message):
        read_report(path)


# --------------------------------------------------------------------------- seed report


@pytest.fixture(scope="module")
def seed():
    if not SEED.exists():
        pytest.skip(f"seed report absent: {SEED}")
    text = read_report(SEED)
    return text, extract(text, geocoder=geocode, reference_date=dt.date(2023, 9, 20))


def test_seed_places(seed) -> None:
    text, ex = seed
    by_name = {p.name: p for p in ex.places}
    for name in ("Vladivostok", "Nizhneleninskoye", "Moscow", "Russian Far East"):
        assert name in by_name, name
        p = by_name[name]
        assert text[p.start : p.end] == p.text
    assert any(p.name.startswith("Heilongjiang") and p.feature_code == "ADM1" for p in ex.places)
    bridge = [p for p in ex.places if p.kind == "feature"]
    assert bridge and bridge[0].feature_code == "BDG"
    assert abs(by_name["Nizhneleninskoye"].lat - 47.95) < 0.1


def test_seed_money_and_capacities(seed) -> None:
    text, ex = seed
    amounts = {(m.amount, m.currency) for m in ex.money}
    assert {(5e9, "CNY"), (685e6, "USD"), (11.5e9, "USD")} <= amounts
    cny = next(m for m in ex.money if m.currency == "CNY")
    assert ex.money[cny.equivalent].amount == 685e6
    bases = [(q.value_base, q.unit_base) for q in ex.quantities]
    for want in [(5.8e6, "t/yr"), (1e6, "t"), (0.65e6, "t"), (200000.0, "m³/yr")]:
        assert want in bases
    for item in [*ex.money, *ex.quantities]:
        assert text[item.start : item.end] == item.text


def test_seed_draft(seed, tmp_path: Path) -> None:
    _, ex = seed
    drafts = draft_records(ex, source_id="seed", report_date=dt.date(2023, 9, 20))
    hub = next(d for d in drafts if d["type"] == "logistics_hub")
    assert hub["investment"]["amount"] == 5e9 and hub["investment"]["stated_usd"] == 685e6
    assert len(hub["capacities"]) == 4
    for d in drafts:
        d.pop("review")
    path = tmp_path / "seed-draft.yaml"
    path.write_text(yaml.safe_dump(drafts, allow_unicode=True), encoding="utf-8")
    assert len(load_records(path).records) == len(drafts)
