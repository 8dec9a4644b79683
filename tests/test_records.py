"""Records: schema rules (one bad record per rule), loading, errors, conflicts, CLI."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from geo.cli import app
from geo.errors import InvalidRecordsError, Issue
from geo.records import Capacity, Location, Record, json_schema, load_records
from tests.conftest import REPO, SEED_RECORDS

DATA = Path(__file__).resolve().parent / "data" / "records"

GOOD: dict[str, Any] = {
    "id": "test-terminal",
    "name": "Test terminal",
    "type": "terminal",
    "status": "proposed",
    "countries": ["RU"],
    "parties": [{"name": "Dev Co", "country": "RU", "role": "developer", "source": "src#p1"}],
    "location": {"place": "Nizhneleninskoye", "country": "RU", "source": "src#p1"},
    "capacities": [{"commodity": "crude_oil", "value": 5.8, "unit": "Mt/yr", "source": "src#p2"}],
    "investment": {"amount": 5e9, "currency": "CNY", "date": "2023-09-20", "source": "src#p2"},
    "dates": {"signed": "2023-09", "source": "src#p1"},
    "sources": [{"id": "src", "title": "Test source", "url": "https://example.org/a"}],
}


def _set(d: dict, path: str, value: Any) -> None:
    *head, last = path.split(".")
    for p in head:
        d = d[int(p)] if isinstance(d, list) else d[p]
    if value is _DELETE:
        del d[int(last) if isinstance(d, list) else last]
    elif isinstance(d, list):
        d[int(last)] = value
    else:
        d[last] = value


_DELETE = object()
_CONFLICT = [
    {"commodity": "crude_oil", "value": 5.8, "unit": "Mt/yr", "source": "src#p2"},
    {"commodity": "crude_oil", "value": 10, "unit": "Mt/yr", "source": "src#p3"},
]
_ROUTE = {"accuracy": "low", "source": "src", "waypoints": ["Harbin", "Tongjiang"]}

# (case, {path: new value}, field the issue names, words the message must contain)
BAD = [
    ("negative capacity", {"capacities.0.value": -5}, "capacities.0.value", "negative"),
    (
        "unknown unit",
        {"capacities.0.unit": "bananas/yr"},
        "capacities.0.unit",
        "unknown unit 'bananas/yr'",
    ),
    (
        "unit not a capacity",
        {"capacities.0.unit": "kg/s**2"},
        "capacities.0.unit",
        "not a capacity",
    ),
    ("ambiguous MT", {"capacities.0.unit": "MT"}, "capacities.0.unit", "write 't' or 'Mt'"),
    (
        "unknown currency",
        {"investment.currency": "XYZ"},
        "investment.currency",
        "unknown currency 'XYZ'",
    ),
    (
        "G3 latitude above 90, swap hint",
        {"location": {"lat": 132.67, "lon": 47.95, "source": "src"}},
        "location.lat",
        "lat and lon look swapped; write lat: 47.95, lon: 132.67",
    ),
    (
        "latitude and longitude both impossible",
        {"location": {"lat": 132.0, "lon": 200.0, "source": "src"}},
        "location.lat",
        "outside -90 … 90",
    ),
    (
        "lat without lon",
        {"location": {"lat": 47.9, "source": "src"}},
        "location.lon",
        "give both lat and lon",
    ),
    (
        "capacity cites no source",
        {"capacities.0.source": _DELETE},
        "capacities.0.source",
        "cites no source",
    ),
    (
        "investment cites no source",
        {"investment.source": _DELETE},
        "investment.source",
        "cites no source",
    ),
    (
        "location cites no source",
        {"location.source": _DELETE},
        "location.source",
        "cites no source",
    ),
    ("dates cite no source", {"dates.source": _DELETE}, "dates.source", "cite no source"),
    ("party cites no source", {"parties.0.source": _DELETE}, "parties.0.source", "cites no source"),
    ("length cites no source", {"length_km": 2.2}, "length_source", "length_km cites no source"),
    (
        "route waypoint cites no source",
        {"location": _DELETE, "route": {"accuracy": "low", "waypoints": ["Harbin", "Tongjiang"]}},
        "route.waypoints.0.source",
        "cites no source",
    ),
    (
        "unknown source id",
        {"capacities.0.source": "nosuch#p1"},
        "capacities.0.source",
        "cites source 'nosuch'",
    ),
    (
        "malformed source reference",
        {"capacities.0.source": "src p6"},
        "capacities.0.source",
        "'<source id>#p<n>'",
    ),
    ("unknown status", {"status": "planned"}, "status", "'planned' is 'proposed' in GEM's words"),
    ("unknown status, typo", {"status": "operatng"}, "status", "did you mean 'operating'"),
    ("unknown type", {"type": "bridg"}, "type", "did you mean 'bridge'"),
    (
        "T7 text in a number field",
        {"capacities.0.value": "about 40"},
        "capacities.0.value",
        "qualifier: about",
    ),
    (
        "thousands separator",
        {"capacities.0.value": "200,000"},
        "capacities.0.value",
        "write 200000",
    ),
    ("decimal comma", {"capacities.0.value": "5,8"}, "capacities.0.value", "write 5.8"),
    (
        "number with unit",
        {"capacities.0.value": "5.8 Mt/yr"},
        "capacities.0.value",
        "unit ('Mt/yr')",
    ),
    ("unknown field", {"capacites": []}, "capacites", "did you mean 'capacities'"),
    ("id not a slug", {"id": "Test Terminal"}, "id", "not a slug"),
    ("missing name", {"name": _DELETE}, "name", "missing required field 'name'"),
    ("country not ISO", {"countries": ["UK"]}, "countries.0", "write 'GB'"),
    ("country unknown", {"countries": ["XX"]}, "countries.0", "unknown country code 'XX'"),
    (
        "country is YAML false",
        {"countries": [False]},
        "countries.0",
        "write the code in quotes: 'NO'",
    ),
    ("country twice", {"countries": ["RU", "ru"]}, "countries.1", "listed twice"),
    (
        "conflict without preferred",
        {"capacities": _CONFLICT},
        "capacities.0.preferred",
        "preferred: true",
    ),
    (
        "two preferred claims",
        {"capacities": [dict(c, preferred=True) for c in _CONFLICT]},
        "capacities.1.preferred",
        "mark only the one",
    ),
    (
        "own USD rate cites no source",
        {"investment.usd_rate": 0.011},
        "investment.usd_rate_source",
        "usd_rate cites no source",
    ),
    ("as-of date not a day", {"investment.date": "2023-09"}, "investment.date", "must be a day"),
    (
        "money range",
        {"investment.amount": "600–700 million USD"},
        "investment.amount",
        "is a range",
    ),
    (
        "currency contradicts text",
        {"investment.amount": "5 billion yuan", "investment.currency": "USD"},
        "investment.currency",
        "disagrees",
    ),
    ("zero investment", {"investment.amount": 0}, "investment.amount", "must be positive"),
    ("impossible date", {"dates.signed": "2023-13"}, "dates.signed", "does not exist"),
    ("date not ISO", {"dates.signed": "Sept 2023"}, "dates.signed", "YYYY-MM-DD"),
    ("point and line", {"route": _ROUTE}, None, "not both"),
    ("javascript: url (H6)", {"sources.0.url": "javascript:alert(1)"}, "sources.0.url", "http"),
    ("source nobody can find", {"sources.0.url": _DELETE}, "sources.0", "give url"),
    ("language key", {"names": {"Russian": "x"}}, "names", "ISO 639"),
    ("side without near", {"location.side": "RU"}, "location.relation", "relation: near"),
    # issue 4 QA: non-finite and overflowing numbers (g2_latnan, g2_cap*, g2_inv308)
    (
        "latitude nan",
        {"location": {"lat": float("nan"), "lon": 132.0, "source": "src"}},
        "location.lat",
        "nan (not a number) is not a value",
    ),
    (
        "longitude -inf",
        {"location": {"lat": 48.0, "lon": float("-inf"), "source": "src"}},
        "location.lon",
        "-inf (infinity) is not a value",
    ),
    ("capacity nan", {"capacities.0.value": float("nan")}, "capacities.0.value", "nan (not a"),
    ("capacity inf", {"capacities.0.value": float("inf")}, "capacities.0.value", "(infinity)"),
    (
        "capacity 1e308 Mt/yr overflows in t/yr",
        {"capacities.0.value": 1e308},
        "capacities.0.value",
        "beyond any finite number of t/yr in base units, above the 1e+15 t/yr",
    ),
    (
        "capacity above 1e15 base units",
        {"capacities.0.value": 2e9, "capacities.0.unit": "Mt/yr"},
        "capacities.0.value",
        "2e+15 t/yr in base units, above the 1e+15",
    ),
    (
        "capacity text overflowing",
        {"capacities.0.value": "1e400"},
        "capacities.0.value",
        "'1e400' is too large to be a number",
    ),
    (
        "capacity exponent YAML reads as text",
        {"capacities.0.value": "1e5"},
        "capacities.0.value",
        "write 100000 without quotes (YAML reads an exponent",
    ),
    (
        "investment 1e308",
        {"investment.amount": 1e308},
        "investment.amount",
        "above the USD 1e+13 (ten trillion)",
    ),
    ("investment nan", {"investment.amount": float("nan")}, "investment.amount", "nan (not a"),
    (
        "stated USD above bound",
        {"investment.stated_usd": 5e13, "investment.stated_usd_source": "src"},
        "investment.stated_usd",
        "above the USD 1e+13",
    ),
    (
        "length longer than the equator",
        {"length_km": 1e308, "length_source": "src"},
        "length_km",
        "longer than the Earth's equator (40,075 km)",
    ),
    ("length nan", {"length_km": float("nan"), "length_source": "src"}, "length_km", "nan (not"),
    # issue 4 QA: hedged investment, empty names and roles, review lists
    (
        "investment 'about 40' is not a number",
        {"investment.amount": "about 40"},
        "investment.amount",
        "amount 'about 40' is not a number: write amount: 40, qualifier: about",
    ),
    (
        "hedged length has no qualifier",
        {"length_km": "about 40", "length_source": "src"},
        "length_km",
        "write length_km: 40 (this field has no qualifier",
    ),
    ("impossible as-of day", {"investment.date": "2023-02-30"}, "investment.date", "not exist"),
    ("empty name", {"name": ""}, "name", "name is empty: write it"),
    ("blank name", {"name": "   "}, "name", "name is empty: write it"),
    ("empty party name", {"parties.0.name": ""}, "parties.0.name", "name is empty"),
    ("empty party role", {"parties.0.role": ""}, "parties.0.role", "role is empty"),
    ("empty name in a language", {"names": {"ru": ""}}, "names.ru", "the 'ru' name is empty"),
    ("empty source title", {"sources.0.title": ""}, "sources.0.title", "title is empty"),
    ("empty place", {"location.place": ""}, "location.place", "place is empty"),
    (
        "extract draft review list",
        {"review": ["location", "capacities.0"]},
        "review",
        "review lists mark fields a person must check (location, capacities.0): check "
        "them, then delete the review list",
    ),
]


def _write(tmp: Path, name: str, data: Any) -> Path:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _issues(path: Path) -> list[Issue]:
    with pytest.raises(InvalidRecordsError) as info:
        load_records(path)
    return list(info.value.issues)


def test_good_record_loads(tmp_path: Path) -> None:
    rs = load_records(_write(tmp_path, "r/good.yaml", GOOD))
    rec = rs.records[0]
    assert rec.capacities[0].normalised.value_base == 5.8e6
    assert rec.investment is not None and rec.investment.currency == "CNY"
    assert rec.dates.signed == "2023-09" and rec.dates.signed.isoformat() == "2023-09"


@pytest.mark.parametrize(("case", "changes", "field", "words"), BAD, ids=[b[0] for b in BAD])
def test_bad_record(
    tmp_path: Path, case: str, changes: dict, field: str | None, words: str
) -> None:
    data = copy.deepcopy(GOOD)
    for path, value in changes.items():
        _set(data, path, value)
    file = _write(tmp_path, "r/bad.yaml", data)
    issues = _issues(file)
    hits = [i for i in issues if words in i.message and i.field == field]
    assert hits, f"{case}: no issue on {field!r} saying {words!r}: {[str(i) for i in issues]}"
    issue = hits[0]
    assert issue.path == file and issue.line is not None
    assert issue.record_id == data.get("id")
    text = str(issue)
    assert f"{file}:{issue.line}" in text and words in text
    if field:
        assert f"field {field!r}" in text


_RAW_HEAD = """\
id: raw
name: Raw
type: port
status: operating
location: {lat: 48, lon: 132, source: src}
sources: [{id: src, title: Src, url: "https://example.org/a"}]
"""

# (case, YAML text after the head, or a whole file when it starts with "id:", line,
#  field, words): values YAML itself types or cannot construct
RAW = [
    (
        "unquoted impossible date (r/)",
        "dates: {opening: 2023-13-45, source: src}\n",
        7,
        "dates.opening",
        "date '2023-13-45' does not exist: check month and day",
    ),
    (
        "unquoted impossible as-of date",
        "investment: {amount: 5, currency: CNY, date: 2023-02-30, source: src}\n",
        7,
        "investment.date",
        "date '2023-02-30' does not exist",
    ),
    (
        "unquoted date-like id",
        "id: 2023-09-20\nname: x\n",
        1,
        "id",
        "YAML reads 2023-09-20 as a date, not text: write it in quotes: '2023-09-20'",
    ),
    (
        "unquoted time-like name",
        "id: t\nname: 12:30:00\n",
        2,
        "name",
        "YAML reads 12:30:00 as a number, not text: write it in quotes: '12:30:00'",
    ),
    (
        "unquoted yes as a name",
        "id: t\nname: yes\n",
        2,
        "name",
        "YAML reads yes as true/false, not text: write it in quotes: 'yes'",
    ),
    (
        "explicit timestamp tag that is no date",
        "summary: !!timestamp soon\n",
        7,
        None,
        "YAML cannot read the value 'soon' as a timestamp: correct it, or write it in quotes",
    ),
    (
        "unhashable key",
        "summary: {[1]: 2}\n",
        7,
        None,
        "YAML cannot read a value",
    ),
]


@pytest.mark.parametrize(("case", "text", "line", "field", "words"), RAW, ids=[r[0] for r in RAW])
def test_yaml_typed_or_unreadable_value(
    tmp_path: Path, case: str, text: str, line: int, field: str | None, words: str
) -> None:
    if not text.startswith("id:"):
        text = _RAW_HEAD + text
    else:
        text = text + "\n".join(_RAW_HEAD.splitlines()[2:]) + "\n"
    path = tmp_path / "r" / "raw.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    issues = _issues(path)  # no traceback: every problem is an Issue
    hits = [i for i in issues if words in i.message and i.field == field]
    assert hits, f"{case}: {[str(i) for i in issues]}"
    assert hits[0].line == line and f"{path}:{line}" in str(hits[0])


def _seeds_dir(tmp: Path, sources: str, record: dict, places: str | None = None) -> Path:
    (tmp / "sources.yaml").write_text(sources, encoding="utf-8")
    if places is not None:
        (tmp / "places.yaml").write_text(places, encoding="utf-8")
    _write(tmp / "records", "rec.yaml", record)
    return tmp


def test_invalid_shared_source_reported_once_at_its_root(tmp_path: Path) -> None:
    data = copy.deepcopy(GOOD)
    data["sources"] = []
    seeds = _seeds_dir(
        tmp_path,
        "- {id: src, title: Src, url: 'ftp://example.org/a'}\n",
        data,
        "- {id: p1, name: Harbin, role: end, source: src}\n",
    )
    issues = _issues(seeds)
    assert [(i.path.name, i.field) for i in issues] == [("sources.yaml", "url")], [
        str(i) for i in issues
    ]
    assert "must start with http:// or https://" in issues[0].message


def test_own_source_shadowing_a_shared_one_names_both(tmp_path: Path) -> None:
    seeds = _seeds_dir(
        tmp_path, "# shared\n- {id: src, title: Shared, url: 'https://e.org/s'}\n", GOOD
    )
    (issue,) = _issues(seeds)
    assert issue.field == "sources.0.id" and issue.record_id == "test-terminal"
    assert issue.path == seeds / "records" / "rec.yaml" and issue.line
    assert f"defined both here and in {seeds / 'sources.yaml'}:2" in issue.message
    assert "delete this copy, or rename this one" in issue.message


@pytest.mark.parametrize(
    ("places", "field", "words"),
    [
        ("- {id: p1, name: '', role: end, source: src}\n", "name", "name is empty"),
        ("- {id: p1, name: Harbin, role: ' ', source: src}\n", "role", "role is empty"),
        ("- {id: p1, name: Harbin, query: '', role: end, source: src}\n", "query", "empty"),
    ],
    ids=["empty name", "blank role", "empty query"],
)
def test_empty_place_mention_text(tmp_path: Path, places: str, field: str, words: str) -> None:
    data = copy.deepcopy(GOOD)
    data["sources"] = []
    seeds = _seeds_dir(tmp_path, "- {id: src, title: S, url: 'https://e.org/s'}\n", data, places)
    (issue,) = _issues(seeds)
    assert issue.path.name == "places.yaml" and issue.line == 1
    assert issue.field == field and words in issue.message


def test_validate_with_sources_option(tmp_path: Path) -> None:
    data = copy.deepcopy(GOOD)
    data["sources"] = []
    out = _write(tmp_path / "elsewhere" / "out", "rec.yaml", data).parent
    shared = tmp_path / "seeds" / "sources.yaml"
    shared.parent.mkdir()
    shared.write_text("- {id: src, title: S, url: 'https://e.org/s'}\n", encoding="utf-8")
    issues = _issues(out)
    assert "give it with `geo validate PATH --sources seeds/sources.yaml`" in issues[0].message
    assert load_records(out, sources=shared).records[0].id == "test-terminal"
    result = runner.invoke(app, ["validate", str(out), "--sources", str(shared)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["validate", str(out), "--sources", str(tmp_path / "no.yaml")])
    assert result.exit_code == 1 and "does not exist" in result.output


def test_rub_after_ecb_stopped_is_valid_with_a_note_or_own_rate(tmp_path: Path) -> None:
    data = copy.deepcopy(GOOD)
    data["investment"] = {"amount": 1e9, "currency": "RUB", "date": "2023-06-01", "source": "src"}
    rs = load_records(_write(tmp_path, "a/rub.yaml", data))
    inv = rs.records[0].investment
    assert inv is not None and inv.usd is None and "2022-03-01" in (inv.usd_missing or "")
    (note,) = rs.notes()
    assert note.record_id == "test-terminal" and "usd_rate" in note.message
    data["investment"].update(usd_rate=0.0123, usd_rate_source="src")
    inv = load_records(_write(tmp_path, "b/rub.yaml", data)).records[0].investment
    assert inv is not None and inv.usd is not None and inv.usd.usd == pytest.approx(1.23e7)
    assert inv.usd.source == "src"


def test_t7_42_is_a_number_about_40_is_not(tmp_path: Path) -> None:
    ok = copy.deepcopy(GOOD)
    ok["capacities"][0]["value"] = 42
    assert load_records(_write(tmp_path, "a/ok.yaml", ok)).records[0].capacities[0].value == 42
    bad = copy.deepcopy(GOOD)
    bad["id"] = "other"
    bad["capacities"][0]["value"] = "about 40"
    (issue,) = _issues(_write(tmp_path, "b/bad.yaml", bad))
    assert issue.record_id == "other" and issue.field == "capacities.0.value"


def test_error_line_points_at_the_field(tmp_path: Path) -> None:
    text = (DATA / "seeds" / "records" / "terminal.yaml").read_text(encoding="utf-8")
    text = text.replace("unit: Mt/yr,", "unit: bananas,")
    (tmp_path / "records").mkdir()
    shutil.copy(DATA / "seeds" / "sources.yaml", tmp_path / "sources.yaml")
    (tmp_path / "records" / "t.yaml").write_text(text, encoding="utf-8")
    (issue,) = _issues(tmp_path)
    line = next(n for n, s in enumerate(text.splitlines(), 1) if "bananas" in s)
    assert issue.line == line and issue.field == "capacities.1.unit"


def test_all_errors_of_a_run_reported_together(tmp_path: Path) -> None:
    a, b = copy.deepcopy(GOOD), copy.deepcopy(GOOD)
    a["status"] = "planned"
    b["id"] = "second"
    b["capacities"][0]["unit"] = "bananas"
    b["investment"]["currency"] = "XYZ"
    _write(tmp_path, "a.yaml", a)
    _write(tmp_path, "b.yaml", b)
    (tmp_path / "c.yaml").write_text("id: x\nname: [unclosed\n", encoding="utf-8")
    issues = _issues(tmp_path)
    assert {i.path.name for i in issues} == {"a.yaml", "b.yaml", "c.yaml"}
    assert len(issues) >= 4


# ------------------------------------------------------------------ file-level rules


def test_utf8_bom_and_crlf_accepted(tmp_path: Path) -> None:
    text = yaml.safe_dump(GOOD, allow_unicode=True, sort_keys=False).replace("\n", "\r\n")
    path = tmp_path / "r" / "bom.yaml"
    path.parent.mkdir()
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_records(path).records[0].id == "test-terminal"


@pytest.mark.parametrize(
    ("encoding", "words"),
    [("cp1251", "not UTF-8"), ("utf-16", "UTF-16"), ("latin-1", "save the file as UTF-8")],
)
def test_other_encodings_are_a_clear_error(tmp_path: Path, encoding: str, words: str) -> None:
    data = copy.deepcopy(GOOD)
    data["names"] = {"cp1251": {"ru": "Тест"}, "latin-1": {"fr": "Dépôt"}}.get(
        encoding, {"ru": "Тест", "fr": "Dépôt"}
    )
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path = tmp_path / "r" / "enc.yaml"
    path.parent.mkdir()
    path.write_bytes(text.encode(encoding))
    (issue,) = _issues(path)
    assert words in issue.message
    if encoding != "utf-16":
        assert issue.line == 1 + text[: text.index("names")].count("\n") + 1


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "r" / "broken.yaml"
    path.parent.mkdir()
    path.write_text(
        "id: x\nname: Broken\ncapacities:\n  - {commodity: oil, value: 1\ntype: bridge\n"
    )
    (issue,) = _issues(path)
    assert issue.path == path and issue.line in (4, 5)
    assert "YAML syntax error" in issue.message


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    text = yaml.safe_dump(GOOD, sort_keys=False, allow_unicode=True) + "status: operating\n"
    path = tmp_path / "r" / "dup.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    (issue,) = _issues(path)
    assert "'status' appears twice" in issue.message and issue.line == text.count("\n")


def test_same_id_in_two_files_names_both(tmp_path: Path) -> None:
    first = _write(tmp_path, "a-first.yaml", GOOD)
    second = _write(tmp_path, "b-copy.yaml", GOOD)
    (issue,) = _issues(tmp_path)
    assert issue.path == second and str(first) in issue.message
    assert issue.record_id == "test-terminal" and issue.field == "id" and issue.line


def test_empty_file_and_non_mapping(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_text("# nothing here\n")
    (tmp_path / "list.yaml").write_text("- just a string\n")
    messages = " ".join(i.message for i in _issues(tmp_path))
    assert "holds no record" in messages and "must be a mapping" in messages


def test_list_of_records_in_one_file_and_shorthands() -> None:
    rs = load_records(DATA / "seeds")
    by_id = {r.id: r for r in rs.records}
    line = by_id["test-railway"]
    assert line.countries == ["RU", "CN"]  # lower case accepted
    assert line.route is not None and line.route.waypoints[0].place == "Harbin"
    term = by_id["test-terminal"]
    assert term.location == Location(
        place="Test bridge", relation="near", side="RU", source="src#p1"
    )
    assert term.investment is not None and term.investment.amount == 5e9
    assert term.investment.currency == "CNY" and term.investment.as_written == "5 billion yuan"
    assert rs.sources["src"].date == "2023-09"


# ------------------------------------------------------------------ conflicts


def test_conflict_kept_and_flagged() -> None:
    term = {r.id: r for r in load_records(DATA / "seeds").records}["test-terminal"]
    (conflict,) = term.conflicts()
    assert conflict.key == "gas" and len(conflict.claims) == 2
    assert conflict.preferred.commodity == "lpg" and "commodity differs" in conflict.reason
    assert term.preferred_capacities()["gas"].source == "release"


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        (("lng", 0.65, "Mt/yr"), ("lng", 0.884, "bcm/yr"), False),  # same via 1.36 bcm/Mt
        (("lng", 0.65, "Mt/yr"), ("lng", 2.0, "bcm/yr"), True),
        (("crude_oil", 1.0, "Mt/yr"), ("crude_oil", 20075, "b/d"), False),  # 7.33 bbl/t
        (("crude_oil", 5.8, "Mt/yr"), ("crude_oil", 5800, "kt/yr"), False),
        (("containers", 2e5, "m³/yr"), ("containers", 1e5, "TEU/yr"), True),
        (("lng", 0.65, "Mt"), ("lpg", 0.65, "Mt"), True),
    ],
)
def test_claims_compared_across_units(a: tuple, b: tuple, conflict: bool) -> None:
    caps = [
        Capacity(commodity=c, value=v, unit=u, key="k", source="s", preferred=i == 1)
        for i, (c, v, u) in enumerate((a, b))
    ]
    rec = Record(id="r", name="R", type="terminal", status="proposed", capacities=caps)
    assert bool(rec.conflicts()) is conflict


def test_soyuz_keeps_seed_values_and_prefers_developer_release() -> None:
    rs = load_records(REPO / "seeds")
    soyuz = {r.id: r for r in rs.records}["soyuz-logistics-centre"]
    conflicts = {c.key: c for c in soyuz.conflicts()}
    gas, containers = conflicts["gas_complex"], conflicts["containers"]
    seed_gas = next(c for c in gas.claims if c.source.startswith("seed"))
    assert (seed_gas.commodity, seed_gas.value, seed_gas.unit) == ("lng", 0.65, "Mt")
    assert gas.preferred.commodity == "lpg_and_pentane_hexane_fraction"
    assert gas.preferred.normalised.value_base == 650_000
    seed_box = next(c for c in containers.claims if c.source.startswith("seed"))
    assert (seed_box.value, seed_box.normalised.suffix) == (200_000, "m3_per_yr")
    assert (containers.preferred.value, containers.preferred.unit) == (100_000, "TEU/yr")
    area = soyuz.preferred_capacities()["warehouse_area"]
    assert area.normalised.value_base == 200_000 and area.normalised.suffix == "m2"
    release = rs.sources[gas.preferred.source_id]
    assert release.url and release.url.startswith("http")


# ------------------------------------------------------------------ curated seeds


def test_seeds_validate_clean() -> None:
    rs = load_records(REPO / "seeds")
    assert len(rs.records) == len({r.id for r in rs.records}) >= 3


@pytest.mark.parametrize("path", SEED_RECORDS, ids=[p.stem for p in SEED_RECORDS])
def test_curated_record(path: Path) -> None:
    rs = load_records(REPO / "seeds", files=[path])
    assert rs.records, f"{path} holds no record"
    for rec in rs.records:
        for cap in rec.capacities:
            assert cap.normalised.value_base >= 0
        if rec.investment:
            assert rec.investment.usd.usd > 0
        assert rec.location is not None or rec.route is not None, f"{rec.id}: nothing to map"


# ------------------------------------------------------------------ schema and CLI


def test_json_schema_lists_rules_and_accepts_shorthands() -> None:
    schema = json_schema("record")
    defs = schema["$defs"]
    assert set(defs["Status"]["enum"]) >= {"proposed", "construction", "operating", "cancelled"}
    assert "additionalProperties" in defs["Record"] and "capacities" in defs["Record"]["properties"]
    loc = json.dumps(defs["Record"]["properties"]["location"])
    assert '"string"' in loc and "Location" in loc
    assert json_schema("sources")["$defs"]["Source"]["properties"]["url"]


runner = CliRunner()


def test_cli_validate_ok_and_lists_conflicts() -> None:
    result = runner.invoke(app, ["validate", str(REPO / "seeds")])
    assert result.exit_code == 0, result.output
    assert "soyuz-logistics-centre: capacities[gas_complex]" in result.output


def test_cli_validate_duplicated_file(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    src = seeds / "records" / "soyuz-logistics-centre.yaml"
    shutil.copy(src, seeds / "records" / "soyuz-copy.yaml")
    result = runner.invoke(app, ["validate", str(seeds)])
    assert result.exit_code == 1
    assert "soyuz-copy.yaml:1" in result.output and str(src) in result.output


def test_cli_validate_yaml_syntax_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nname: 'unclosed\ntype: bridge\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:" in result.output and "YAML syntax error" in result.output


def test_cli_schema_to_file(tmp_path: Path) -> None:
    out = tmp_path / "record.schema.json"
    assert runner.invoke(app, ["schema", "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text())["title"] == "geo project record"


def test_build_shares_the_checks_and_writes_nothing(tmp_path: Path) -> None:
    from geo.pipeline import build

    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    data = copy.deepcopy(GOOD)
    data["capacities"][0]["value"] = "about 40"
    _write(seeds / "records", "bad.yaml", data)
    with pytest.raises(InvalidRecordsError) as via_validate:
        load_records(seeds)
    with pytest.raises(InvalidRecordsError) as via_build:
        build(seeds, layers_dir=tmp_path / "layers", maps_dir=tmp_path / "maps")
    assert [str(i) for i in via_build.value.issues] == [str(i) for i in via_validate.value.issues]
    assert not (tmp_path / "layers").exists() and not (tmp_path / "maps").exists()


def _as_editor_sees_it(data: Any) -> Any:
    """YAML as an editor's JSON Schema check sees it: YAML 1.2, so dates stay strings."""
    import datetime as dt

    if isinstance(data, dict):
        return {k: _as_editor_sees_it(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_as_editor_sees_it(v) for v in data]
    return data.isoformat() if isinstance(data, dt.date) else data


@pytest.mark.parametrize("path", SEED_RECORDS, ids=[p.stem for p in SEED_RECORDS])
def test_exported_schema_accepts_curated_record(path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = _as_editor_sees_it(yaml.safe_load(path.read_text(encoding="utf-8")))
    jsonschema.validate(data, json_schema("record"))


@pytest.mark.parametrize(
    "changes",
    [{"status": "planned"}, {"capacites": []}, {"capacities.0.value": "about 40"}],
    ids=["status", "unknown field", "T7"],
)
def test_exported_schema_rejects_what_validation_rejects(changes: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = copy.deepcopy(GOOD)
    for path, value in changes.items():
        _set(data, path, value)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema("record"))


def test_exported_schema_accepts_shorthands() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = copy.deepcopy(GOOD)
    data["investment"]["amount"] = "5 billion yuan"
    data["location"] = "near Nizhneleninskoye–Tongjiang bridge on the RU side"
    jsonschema.validate(data, json_schema("record"))
    sources = yaml.safe_load((REPO / "seeds" / "sources.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(_as_editor_sees_it(sources), json_schema("sources"))
