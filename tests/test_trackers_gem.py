"""``geo import --format gem``: GEM tracker workbooks → records that validate and build.

The workbooks are made here with openpyxl in GEM's layout (no tracker file is
shipped): gas and oil sheets, several segments per project, mixed units, missing
lengths, ``[ref]`` columns and bad cells.  Issue 21 names the failures tested last.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from geo.records import Record, load_records
from geo.trackers import import_gem, read_gem

HEAD = [
    "ProjectID",
    "PipelineName",
    "SegmentName",
    "Fuel",
    "Status",
    "Capacity",
    "CapacityUnits",
    "CapacityBcm/y",
    "CapacityBOEd",
    "LengthKnownKm",
    "LengthMergedKm",
    "LengthEstimateKm",
    "StartLocation",
    "StartCountry",
    "EndLocation",
    "EndCountry",
    "Countries",
    "StartYear1",
    "Owner",
    "Parent",
    "CostUSD",
    "RouteAccuracy",
    "Wiki",
    "Capacity [ref]",
    "Length [ref]",
    "Notes",
]
POS = "https://www.gem.wiki/Power_of_Siberia"
GAS = [
    [
        "P2352",
        "Power of Siberia Pipeline",
        "Chayanda-Lensk",
        "Gas",
        "Operating",
        38,
        "bcm/y",
        38,
        680000,
        800,
        None,
        None,
        "Chayanda",
        "Russia",
        "Lensk",
        "Russia",
        "Russia",
        2019,
        "Gazprom [100%]",
        "Gazprom",
        None,
        "high",
        POS,
        "https://example.org/pos-capacity",
        "https://example.org/pos-length",
        "checked",
    ],
    [
        "P2352",
        "Power of Siberia Pipeline",
        "Lensk-Blagoveshchensk",
        "Gas",
        "Construction",
        38,
        "bcm/y",
        38,
        680000,
        None,
        None,
        1400,
        "Lensk",
        "Russia",
        "Blagoveshchensk",
        "Russia",
        "Russia",
        2020,
        "Gazprom [100%]",
        "Gazprom",
        None,
        "high",
        POS,
        "https://example.org/pos-capacity-2",
        None,
        None,
    ],
    # not a shipped GEM route: drawn through its locations; a unit pint does not know and
    # a length written as text (the bad cells)
    [
        "P9901",
        "Example Gas Link",
        None,
        "Gas",
        "Proposed",
        5,
        "MMcf/d",
        0.05,
        None,
        "about 40",
        None,
        None,
        "Skovorodino",
        "Russia",
        "Mohe",
        "China",
        "Russia, China",
        None,
        "Example Gas LLC [60%]; Other Co [40%]",
        None,
        None,
        None,
        "https://www.gem.wiki/Example",
        None,
        None,
        None,
    ],
]
OIL = [
    [
        "P0654",
        "Eastern Siberia–Pacific Ocean Oil Pipeline",
        "Phase I",
        "Oil",
        "Operating",
        600000,
        "bpd",
        None,
        600000,
        2694,
        4740,
        None,
        "Taishet",
        "Russia",
        "Skovorodino",
        "Russia",
        "Russia",
        2009,
        "Transneft [100%]",
        "Transneft",
        12000000000,
        "high",
        "https://www.gem.wiki/ESPO",
        "https://example.org/espo",
        None,
        None,
    ],
    [
        "P0654",
        "Eastern Siberia–Pacific Ocean Oil Pipeline",
        "Phase II",
        "Oil",
        "Operating",
        30,
        "Mt/y",
        None,
        None,
        2046,
        None,
        None,
        "Skovorodino",
        "Russia",
        "Kozmino",
        "Russia",
        "Russia",
        2012,
        "Transneft [100%]",
        None,
        None,
        "high",
        None,
        "see annual report",
        None,
        None,
    ],
    [
        "bad",
        "Nameless",
        None,
        "Oil",
        "Operating",
        1.5,
        "Mt/y",
        None,
        None,
        17,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
    ],
]


def _workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def tracker(tmp_path: Path) -> Path:
    sheets = {
        "Gas pipelines": [HEAD, *GAS],
        "Oil pipelines": [HEAD, *OIL],
        "About": [["Global Energy Monitor tracker"], ["CC BY 4.0"]],
    }
    return _workbook(tmp_path / "GEM.xlsx", sheets)


def _one_row(tmp_path: Path, **cells: Any) -> Path:
    """A one-segment workbook: GAS's third row with ``cells`` changed."""
    row = dict(zip(HEAD, GAS[2], strict=True)) | cells
    return _workbook(tmp_path / "one.xlsx", {"Gas": [HEAD, [row[h] for h in HEAD]]})


# ------------------------------------------------------------------ the whole workbook


def test_import_writes_records_that_validate_and_build(tracker: Path, tmp_path: Path) -> None:
    from geo.layers import build_layers

    out = tmp_path / "seeds" / "records"
    result = import_gem(tracker, out_dir=out)
    assert [r.id for r in result.records] == ["gem-p2352", "gem-p9901", "gem-p0654"]
    assert result.sheets == ["Gas pipelines", "Oil pipelines"]
    recset = load_records(tmp_path / "seeds")
    by_id = {r.id: r for r in recset.records}
    pos, link, espo = by_id["gem-p2352"], by_id["gem-p9901"], by_id["gem-p0654"]
    assert (pos.mode, pos.status, pos.countries) == ("gas_pipeline", "operating", ["RU"])
    assert pos.route is not None and pos.route.gem == ["P2352"]
    assert (pos.length_km, pos.length_source) == (2200, "gem-ref-2")  # 800 known + 1400 est.
    assert "estimated" in (pos.summary or "")
    assert link.route is not None and [w.place for w in link.route.waypoints] == [
        "Skovorodino",
        "Mohe",
    ]
    assert (link.countries, link.length_km) == (["RU", "CN"], None)
    assert (espo.mode, espo.length_km, str(espo.dates.opening)) == ("oil_pipeline", 4740, "2009")
    assert {s.url for s in pos.sources if s.url} >= {POS, "https://example.org/pos-capacity"}
    assert [(p.name, p.role) for p in espo.parties] == [
        ("Transneft", "owner"),
        ("Transneft", "parent"),
    ]
    assert [(p.name, p.share_pct) for p in link.parties] == [
        ("Example Gas LLC", 60),
        ("Other Co", 40),
    ]
    assert [(s.name, s.status, s.length_km, s.length_kind) for s in pos.segments] == [
        ("Chayanda-Lensk", "operating", 800, "known"),
        ("Lensk-Blagoveshchensk", "construction", 1400, "estimated"),
    ]
    assert pos.length_kind == "estimated"  # as good as its weakest segment
    assert (espo.length_kind, espo.segments[0].note) == ("known", "also LengthMergedKm 4740")
    boe = [c for c in pos.capacities if c.key == "throughput_boe"]
    assert boe and boe[0].normalised.suffix == "boe_per_d"  # barrels of oil equivalent a day
    layers = build_layers(recset).layers
    corridors = layers["corridors"].set_index("id")
    assert len(corridors) == 3
    if "geometry_source" in corridors.columns:
        assert corridors.loc["gem-p2352", "geometry_source"] == "gem"
        assert corridors.loc["gem-p9901", "geometry_source"] == "waypoints"


def _figures(rows: list[list[Any]]) -> list[tuple[str, Any]]:
    skip = {"ProjectID", "Notes"}
    return [
        (h, v)
        for row in rows
        for h, v in zip(HEAD, row, strict=True)
        if h not in skip and isinstance(v, int | float)
    ]


def test_every_figure_reaches_a_record_or_the_report(tracker: Path, tmp_path: Path) -> None:
    result = import_gem(tracker, out_dir=tmp_path / "out")
    text = "\n".join(p.read_text(encoding="utf-8") for p in result.written)
    text += "\n".join(str(line) for line in result.report)
    lost = [(h, v) for h, v in _figures(GAS + OIL) if f"{v:g}" not in text and str(v) not in text]
    assert lost == []
    urls = [v for row in GAS + OIL for v in row if isinstance(v, str) and v.startswith("http")]
    assert [u for u in urls if u not in text] == []
    report = "\n".join(map(str, result.report))
    for expected in (
        "sheet 'About': skipped",
        "column 'Notes': unknown column",
        "row 4, column 'LengthKnownKm': 'about 40' is not a number",
        "row 4, column 'CapacityUnits': 5 'MMcf/d' left out",
        "row 4, column 'ProjectID': 'bad' is no GEM ProjectID",
        "'see annual report' holds no http(s) address",
        "12000000000 kept in this report only",
    ):
        assert expected in report
    # one line per bad cell: the length reader runs once per row (review of issue 21)
    assert report.count("'about 40' is not a number") == 1


def test_reimport_is_idempotent(tracker: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = import_gem(tracker, out_dir=out)
    before = {p.name: p.read_bytes() for p in first.written}
    second = import_gem(tracker, out_dir=out)
    assert [r.id for r in second.records] == [r.id for r in first.records]
    assert {p.name: p.read_bytes() for p in second.written} == before
    assert sorted(p.name for p in out.iterdir()) == sorted(before)  # no temp files left


def test_a_hand_written_file_is_not_replaced(tracker: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "gem-p2352.yaml").write_text("id: gem-p2352\n", encoding="utf-8")
    result = import_gem(tracker, out_dir=out)
    assert "gem-p2352" not in [r.id for r in result.records]
    assert (out / "gem-p2352.yaml").read_text(encoding="utf-8") == "id: gem-p2352\n"
    assert any("was not written by this importer" in str(line) for line in result.report)


def test_nothing_is_written_when_writing_fails(
    tracker: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    calls = []
    real = tempfile.mkstemp

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", flaky)
    out = tmp_path / "out"
    with pytest.raises(OSError):
        import_gem(tracker, out_dir=out)
    assert list(out.iterdir()) == []


def test_one_sheet_and_csv(tracker: Path, tmp_path: Path) -> None:
    assert [r.id for r in read_gem(tracker, sheet="Oil pipelines").records] == ["gem-p0654"]
    with pytest.raises(ValueError, match="no sheet 'Coal'"):
        read_gem(tracker, sheet="Coal")
    lines = [";".join("" if v is None else str(v) for v in row) for row in [HEAD, *OIL[:2]]]
    csv = tmp_path / "goit.csv"
    csv.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    (rec,) = read_gem(csv).records
    assert (rec.id, rec.length_km, len(rec.capacities)) == ("gem-p0654", 4740, 3)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("x.ods", "is not a tracker file"),
        ("x.xlsx", "cannot read it as an .xlsx workbook"),
    ],
)
def test_unreadable_files_are_errors(tmp_path: Path, path: str, message: str) -> None:
    (tmp_path / path).write_bytes(b"not a workbook")
    with pytest.raises(ValueError, match=message):
        read_gem(tmp_path / path)


def test_latin1_csv_is_an_error_before_anything_is_written(tmp_path: Path) -> None:
    csv = tmp_path / "gem.csv"
    csv.write_bytes(",".join(HEAD).encode() + b"\nP9901,Caf\xe9 line\n")
    with pytest.raises(ValueError, match="UTF-8"):
        import_gem(csv, out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ cells, good and bad

GOOD = [
    ({"Fuel": "Gas"}, "mode", "gas_pipeline"),
    ({"Fuel": "Oil"}, "mode", "oil_pipeline"),
    ({"Fuel": "NGL"}, "mode", "oil_pipeline"),
    ({"Status": "Operating"}, "status", "operating"),
    ({"Status": "in operation"}, "status", "operating"),
    ({"Status": "Shelved"}, "status", "shelved"),
    ({"Status": "Pre-Construction"}, "status", "pre-construction"),
    (
        {"StartCountry": "Mongolia", "EndCountry": "China", "Countries": None},
        "countries",
        ["MN", "CN"],
    ),
    (
        {"StartCountry": "South Korea", "EndCountry": "North Korea", "Countries": None},
        "countries",
        ["KR", "KP"],
    ),
    ({"LengthKnownKm": 40}, "length_km", 40),
    ({"LengthKnownKm": None, "LengthEstimateKm": 55.5}, "length_km", 55.5),
    ({"LengthKnownKm": 40}, "length_kind", "known"),
    ({"LengthKnownKm": None, "LengthEstimateKm": 55.5}, "length_kind", "estimated"),
    ({"LengthKnownKm": None, "LengthMergedKm": 61, "LengthEstimateKm": 55}, "length_km", 61),
    ({"LengthKnownKm": None, "LengthMergedKm": 61}, "length_kind", "merged"),
    ({"Owner": "A Co [25%]; B Co [75%]"}, "parties.1.share_pct", 75),
    ({"Owner": "A Co"}, "parties.0.share_pct", None),
    ({"SegmentName": "Main", "Status": "Construction"}, "segments.0.status", "construction"),
    ({"StartYear1": 2027}, "dates.opening", "2027"),
    ({"RouteAccuracy": "Medium"}, "route.accuracy", "medium"),
    (
        {"Capacity": 10, "CapacityUnits": "bcm/y", "CapacityBcm/y": None},
        "capacities.0.unit",
        "bcm/y",
    ),
    (
        {"Capacity": 5, "CapacityUnits": "Mt/yr", "CapacityBcm/y": None},
        "capacities.0.unit",
        "Mt/yr",
    ),
    ({"CapacityBOEd": 20000}, "capacities.1.unit", "BOE/d"),
]


def _get(rec: Record, path: str) -> Any:
    value: Any = rec
    for part in path.split("."):
        value = value[int(part)] if part.isdigit() else getattr(value, part)
    return str(value) if path == "dates.opening" else value


@pytest.mark.parametrize(("cells", "field", "expected"), GOOD)
def test_good_cells(tmp_path: Path, cells: dict[str, Any], field: str, expected: Any) -> None:
    (rec,) = read_gem(_one_row(tmp_path, **({"LengthKnownKm": None} | cells))).records
    assert _get(rec, field) == expected


BAD = [
    ({"StartCountry": "Atlantis"}, "StartCountry", "country 'Atlantis' is not known"),
    ({"StartYear1": "soon"}, "StartYear1", "'soon' is not a year"),
    ({"LengthKnownKm": -3}, "LengthKnownKm", "not a usable figure"),
    ({"Capacity": "lots"}, "Capacity", "'lots' is not a number"),
    ({"CapacityUnits": "MT"}, "CapacityUnits", "ambiguous unit 'MT'"),
    ({"Wiki": "gem wiki"}, "Wiki", "not an http(s) address"),
    ({"Fuel": "Hydrogen"}, "Fuel", "'Hydrogen' is not understood"),
    ({"RouteAccuracy": "no route"}, "RouteAccuracy", "'no route' is not understood"),
    ({"Owner": "A Co [70%]; B Co [70%]"}, "Owner", "owner shares add up to 140%"),
]


@pytest.mark.parametrize(("cells", "column", "reason"), BAD)
def test_bad_cells_are_reported_not_fatal(
    tmp_path: Path, cells: dict[str, Any], column: str, reason: str
) -> None:
    result = read_gem(_one_row(tmp_path, **cells))
    assert [r.id for r in result.records] == ["gem-p9901"]  # the rest of the row is kept
    lines = [line for line in result.report if line.column == column and reason in line.reason]
    assert lines and (lines[0].file, lines[0].sheet, lines[0].row) == ("one.xlsx", "Gas", 2)


@pytest.mark.parametrize(
    ("status", "reasons"),
    [
        (None, ["no usable Status"]),
        ("Dreaming", ["'Dreaming' is not a GEM status word", "no usable Status"]),
    ],
)
def test_a_project_with_no_usable_status_is_left_out_and_reported(
    tmp_path: Path, status: str | None, reasons: list[str]
) -> None:
    """A record must have a status: the project is left out, the others are written."""
    result = read_gem(_one_row(tmp_path, Status=status))
    assert result.records == []
    got = [line.reason for line in result.report if line.column == "Status"]
    assert [any(r in g for g in got) for r in reasons] == [True] * len(reasons)


def test_cli_import(tracker: Path, tmp_path: Path) -> None:
    from geo.cli import app

    out = tmp_path / "out"
    run = CliRunner().invoke(app, ["import", str(tracker), "--format", "gem", "--out", str(out)])
    assert run.exit_code == 0, run.output
    assert "3 record(s)" in run.output and "report: GEM.xlsx, sheet 'About'" in run.output
    run = CliRunner().invoke(app, ["validate", str(out)])
    assert run.exit_code == 0, run.output
    run = CliRunner().invoke(app, ["import", str(tracker), "--format", "coal"])
    assert run.exit_code == 1 and "gem, aiddata, table" in run.output


# ------------------------------------------------------------------ failures issue 21 names


def test_keys_that_write_one_layer_field_are_an_error_sf_538() -> None:
    """Issue 21, r-spatial/sf #538 pattern: tank-farm and tank_farm were one field."""
    caps = [
        {"commodity": "crude_oil", "value": 1, "unit": "Mt/yr", "key": k, "source": "s"}
        for k in ("tank-farm", "tank_farm")
    ]
    data = {
        "id": "depot",
        "name": "Depot",
        "type": "terminal",
        "status": "proposed",
        "location": {"lat": 50.0, "lon": 130.0, "source": "s"},
        "capacities": caps,
    }
    with pytest.raises(ValueError, match=r"'tank-farm' \(capacities.0\) and 'tank_farm'") as exc:
        Record.model_validate(data)
    assert "record 'depot'" in str(exc.value) and "capacity_tank_farm_" in str(exc.value)
    Record.model_validate({**data, "capacities": [dict(caps[0], key="tank_farm"), caps[1]]})


def test_units_print_as_people_write_them_in_validate() -> None:
    """Issue 21: `geo validate seeds` printed m**3/yr."""
    caps = [
        {"commodity": "natural_gas", "value": v, "unit": "bcm/yr", "source": "s"} for v in (38, 44)
    ]
    data = {
        "id": "line",
        "name": "Line",
        "type": "pipeline",
        "status": "operating",
        "route": {"accuracy": "low", "gem": ["P2352"], "source": "s"},
        "capacities": [dict(caps[0], preferred=True), caps[1]],
    }
    (conflict,) = Record.model_validate(data).conflicts()
    assert "m³/yr" in str(conflict) and "**" not in str(conflict)


def test_routes_dir_gives_the_traced_line_with_gem_attribution(tmp_path: Path) -> None:
    import json

    from geo.reference import GEM_ATTRIBUTION

    routes = tmp_path / "routes"
    routes.mkdir()
    line = [[123.9 + i * 0.01, 53.9 - i * 0.005 + (0.0001 if i % 2 else 0)] for i in range(60)]
    feature = {
        "type": "Feature",
        "properties": {"ProjectID": "P9901"},
        "geometry": {"type": "LineString", "coordinates": line},
    }
    (routes / "P9901.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8"
    )
    (rec,) = read_gem(_one_row(tmp_path), routes=routes).records
    assert rec.route is not None and rec.route.source == "gem-route"
    points = [(w.lon, w.lat) for w in rec.route.waypoints]
    assert points[0] == (123.9, 53.9) and 2 <= len(points) < 60  # simplified, ends kept
    (src,) = [s for s in rec.sources if s.id == "gem-route"]
    assert GEM_ATTRIBUTION in src.title and "P9901" in src.title
