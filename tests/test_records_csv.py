"""`geo import-csv`: spreadsheet rows → YAML records; all or nothing; errors name line, column."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geo.cli import app
from geo.csv_import import TEMPLATE, TEMPLATE_ID, import_csv, read_csv
from geo.errors import InvalidRecordsError
from geo.records import load_records

DATA = Path(__file__).resolve().parent / "data" / "records"
REPO = Path(__file__).resolve().parent.parent
HEADER = "id,name,type,status,countries,source,place,place_country,commodity,value,unit"
ROW = "t-1,Terminal,terminal,proposed,RU,src#p1,Nizhneleninskoye,RU,crude_oil,5.8,Mt/yr"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    out = tmp_path / "seeds"
    shutil.copytree(DATA / "seeds", out)
    return out


def _csv(tmp: Path, text: str, *, encoding: str = "utf-8", name: str = "in.csv") -> Path:
    path = tmp / name
    path.write_bytes(text.encode(encoding))
    return path


def test_good_csv_round_trips_through_validate(seeds: Path) -> None:
    written = import_csv(DATA / "good.csv", seeds=seeds)
    assert [p.name for p in written] == ["csv-terminal.yaml", "csv-bridge.yaml"]
    rs = load_records(seeds)
    by_id = {r.id: r for r in rs.records}
    term = by_id["csv-terminal"]
    assert term.countries == ["RU", "CN"]
    assert term.investment is not None and term.investment.currency == "CNY"
    assert term.investment.amount == 5e9 and term.investment.as_written == "RMB 5bn"
    (conflict,) = term.conflicts()
    assert conflict.preferred.unit == "TEU/yr"
    bridge = by_id["csv-bridge"]
    assert bridge.route is not None and [w.country for w in bridge.route.waypoints] == ["RU", "CN"]
    text = written[0].read_text(encoding="utf-8")
    assert text.startswith("# Imported from good.csv")


def test_template_imports(seeds: Path, tmp_path: Path) -> None:
    (seeds / "sources.yaml").write_text(
        "- {id: seed, title: Seed, url: 'https://example.org/s'}\n"
        "- {id: roscongress-soyuz-2023, title: Release, url: 'https://example.org/r'}\n",
        encoding="utf-8",
    )
    written = import_csv(_csv(tmp_path, TEMPLATE), seeds=seeds)
    assert [p.stem for p in written] == [TEMPLATE_ID]
    assert load_records(written[0]).records[0].conflicts()


def test_excel_semicolons_bom_crlf(seeds: Path, tmp_path: Path) -> None:
    text = "\ufeff" + f"{HEADER}\r\n{ROW}\r\n".replace(",", ";")
    (p,) = import_csv(_csv(tmp_path, text), seeds=seeds)
    assert load_records(p).records[0].capacities[0].value == 5.8


BAD = [
    # (case, csv text, line, column, words)
    ("unknown column", f"{HEADER},colour\n{ROW},red\n", 1, "colour", "unknown column 'colour'"),
    ("typo column", f"{HEADER},comodity\n{ROW},x\n", 1, "comodity", "did you mean 'commodity'"),
    ("no id column", "name,type\nX,bridge\n", 1, None, "no 'id' column"),
    ("row without id", f"{HEADER}\n{ROW}\n,More,,,,,,,,,\n", 3, None, "row has no id"),
    (
        "T7 text value",
        f"{HEADER}\n{ROW}\nt-1,,,,,src#p2,,,lng,about 40,Mt/yr\n",
        3,
        "value",
        "qualifier: about",
    ),
    ("unknown unit", f"{HEADER}\n{ROW.replace('Mt/yr', 'bananas')}\n", 2, "unit", "unknown unit"),
    ("unknown status", f"{HEADER}\n{ROW.replace('proposed', 'planned')}\n", 2, "status", "GEM"),
    (
        "swapped coordinates",
        "id,name,type,status,lat,lon,place_source\nt-1,T,terminal,proposed,132.67,47.95,src\n",
        2,
        "lat",
        "look swapped",
    ),
    ("unknown source", f"{HEADER}\n{ROW.replace('src#p1', 'nosuch')}\n", None, None, "'nosuch'"),
    (
        "contradicting record cells",
        f"{HEADER}\n{ROW}\nt-1,Other name,,,,,,,,,\n",
        3,
        "name",
        "but 'Terminal' on line 2",
    ),
    (
        "two places without route_accuracy",
        f"{HEADER}\n{ROW}\nt-1,,,,,src,Tongjiang,CN,,,\n",
        3,
        "place",
        "route_accuracy",
    ),
    ("value citing no source", f"{HEADER}\n{ROW.replace('src#p1', '')}\n", 2, None, "no source"),
    # issue 4 QA: a cell beyond the largest float is not turned into infinity
    (
        "value 1e400",
        f"{HEADER}\n{ROW.replace('5.8', '1e400')}\n",
        2,
        "value",
        "'1e400' is too large to be a number",
    ),
    ("value nan", f"{HEADER}\n{ROW.replace('5.8', 'nan')}\n", 2, "value", "'nan' is not a number"),
    (
        "value 1e308 Mt/yr",
        f"{HEADER}\n{ROW.replace('5.8', '1e308')}\n",
        2,
        "value",
        "above the 1e+15 t/yr",
    ),
    (
        "investment 1e400",
        f"{HEADER},investment,currency,investment_date\n{ROW},1e400,CNY,2023-09-20\n",
        2,
        "investment",
        "too large to be a number",
    ),
    (
        "investment about 40",
        f"{HEADER},investment,currency,investment_date\n{ROW},about 40,CNY,2023-09-20\n",
        2,
        "investment",
        "is not a number: write amount: 40, qualifier: about",
    ),
    ("empty-looking name", f"{HEADER}\n{ROW.replace('Terminal', '  ')}\n", 2, None, "missing"),
]


@pytest.mark.parametrize(("case", "text", "line", "column", "words"), BAD, ids=[b[0] for b in BAD])
def test_bad_csv(
    seeds: Path,
    tmp_path: Path,
    case: str,
    text: str,
    line: int | None,
    column: str | None,
    words: str,
) -> None:
    path = _csv(tmp_path, text)
    with pytest.raises(InvalidRecordsError) as info:
        import_csv(path, seeds=seeds)
    hits = [i for i in info.value.issues if words in i.message]
    assert hits, f"{case}: {[str(i) for i in info.value.issues]}"
    issue = hits[0]
    assert issue.path == path
    if line is not None:
        assert issue.line == line
    if column is not None:
        assert issue.field == column
    assert not list((seeds / "records").glob("t-1*")), "nothing may be written on error"


def test_other_encoding_is_a_clear_error(seeds: Path, tmp_path: Path) -> None:
    path = _csv(tmp_path, f"{HEADER},name_ru\n{ROW},Терминал\n", encoding="cp1251")
    records, issues = read_csv(path)
    assert not records and "not UTF-8" in issues[0].message and issues[0].line == 2


def test_existing_file_needs_force(seeds: Path, tmp_path: Path) -> None:
    path = _csv(tmp_path, f"{HEADER}\n{ROW}\n")
    import_csv(path, seeds=seeds)
    with pytest.raises(InvalidRecordsError, match="--force"):
        import_csv(path, seeds=seeds)
    assert import_csv(path, seeds=seeds, overwrite=True)


def test_id_already_used_by_another_record(seeds: Path, tmp_path: Path) -> None:
    path = _csv(tmp_path, f"{HEADER}\n{ROW.replace('t-1', 'test-terminal')}\n")
    with pytest.raises(InvalidRecordsError, match=r"terminal\.yaml"):
        import_csv(path, seeds=seeds)


def test_cli_import_csv(seeds: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    bad = _csv(tmp_path, f"{HEADER}\n{ROW.replace('5.8', 'lots')}\n", name="bad.csv")
    result = runner.invoke(app, ["import-csv", str(bad), "--seeds", str(seeds)])
    assert result.exit_code == 1 and f"{bad}:2" in result.output
    good = _csv(tmp_path, f"{HEADER}\n{ROW}\n")
    result = runner.invoke(app, ["import-csv", str(good), "--seeds", str(seeds)])
    assert result.exit_code == 0, result.output
    assert (seeds / "records" / "t-1.yaml").exists()
    assert runner.invoke(app, ["validate", str(seeds)]).exit_code == 0
    assert runner.invoke(app, ["import-csv", "--template"]).output.startswith("id,")


def test_template_imports_as_is_into_the_project_seeds(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    assert not list(seeds.rglob(f"{TEMPLATE_ID}.yaml"))
    (written,) = import_csv(_csv(tmp_path, TEMPLATE), seeds=seeds)
    assert written == seeds / "records" / f"{TEMPLATE_ID}.yaml"
    assert TEMPLATE_ID in {r.id for r in load_records(seeds).records}


@pytest.mark.parametrize(
    ("out", "command"),
    [
        (None, "geo validate {seeds}"),
        ("seeds/records/imported", "geo validate {seeds}"),
        ("elsewhere", "geo validate {tmp}/elsewhere --sources {seeds}/sources.yaml"),
    ],
    ids=["default", "inside seeds", "outside seeds"],
)
def test_cli_import_csv_prints_a_validate_command_that_works(
    seeds: Path, tmp_path: Path, out: str | None, command: str
) -> None:
    runner = CliRunner()
    args = ["import-csv", str(_csv(tmp_path, f"{HEADER}\n{ROW}\n")), "--seeds", str(seeds)]
    if out is not None:
        args += ["--out", str(tmp_path / out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    expected = command.format(seeds=seeds, tmp=tmp_path)
    assert f"check them with: {expected}" in " ".join(result.output.split())
    again = runner.invoke(app, expected.split()[1:])
    assert again.exit_code == 0, again.output


@pytest.mark.parametrize(
    ("gem", "want", "error"),
    [
        ("P2353 P2352", ["P2353", "P2352"], None),
        ("P2353;P2352", ["P2353", "P2352"], None),
        ("P0001", None, "unknown GEM pipeline id 'P0001'"),
    ],
)
def test_route_gem_column(
    tmp_path: Path, gem: str, want: list[str] | None, error: str | None
) -> None:
    text = (
        "id,name,type,status,countries,route_accuracy,route_gem,crosses,source,lat,lon\n"
        f"gem-line,Gem line,pipeline,operating,RU CN,medium,{gem},Amur,seed#p6,50.3116,127.3921\n"
    )
    records, issues = read_csv(_csv(tmp_path, text))
    if error is None:
        assert issues == [] and records[0].route.gem == want and records[0].crosses == "Amur"
    else:
        (issue,) = issues
        assert error in issue.message and issue.field == "route_gem" and issue.line == 2
