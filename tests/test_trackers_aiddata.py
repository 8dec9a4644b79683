"""``geo import --format aiddata`` and ``--format table``: records that validate and build.

The files are made here (openpyxl, CSV, GeoJSON) in AidData's GCDF 3.0 layout and in
a layout of one's own read through a column map; no dataset is shipped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from geo.records import load_records
from geo.trackers import TEMPLATE_MAP, import_tracker, read_tracker

HEAD = [
    "AidData Record ID",
    "Title",
    "Recipient",
    "Commitment Year",
    "Amount (Original Currency)",
    "Original Currency",
    "Amount (Constant USD 2021)",
    "Amount (Nominal USD)",
    "Source URLs",
    "Geographic Level of Precision",
    "Status",
    "Flow Type",
]
ROWS = [
    [
        38001,
        "Blagoveshchensk-Heihe Bridge construction loan",
        "Russia",
        2016,
        2500000000,
        "CNY",
        410000000,
        376000000,
        "https://example.org/a|https://example.org/b",
        "Precise",
        "Completion",
        "Loan",
    ],
    [
        38002,
        "Tumen River railway upgrade",
        "North Korea",
        2019,
        120000000,
        "USD",
        131000000,
        120000000,
        "https://example.org/c",
        "ADM1",
        "Implementation",
        "Grant",
    ],
    # bad cells: text amount, unknown precision, no status word; still imported
    [
        38003,
        "Khorgos logistics hub",
        "Kazakhstan",
        2018,
        "lots",
        "CNY",
        64000000,
        60000000,
        "see report",
        "somewhere",
        None,
        "Loan",
    ],
    # no infrastructure in the title: left out, reported with its values
    [
        38004,
        "Scholarships for students",
        "Mongolia",
        2017,
        1000000,
        "USD",
        1100000,
        1000000,
        None,
        "Country",
        "Completion",
        "Grant",
    ],
    ["n/a", "Nameless", None, None, None, None, None, None, None, None, None, None],
]


def _xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def gcdf(tmp_path: Path) -> Path:
    return _xlsx(tmp_path / "GCDF.xlsx", {"GCDF_3.0": [HEAD, *ROWS], "Notes": [["About"]]})


def _seeds(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    (seeds / "records").mkdir(parents=True)
    return seeds


def test_aiddata_imports_records_that_validate_and_build(gcdf: Path, tmp_path: Path) -> None:
    from geo.layers import build_layers

    seeds = _seeds(tmp_path)
    result = import_tracker(gcdf, format="aiddata", out_dir=seeds / "records")
    assert [r.id for r in result.records] == ["aiddata-38001", "aiddata-38002", "aiddata-38003"]
    recset = load_records(seeds)
    bridge = {r.id: r for r in recset.records}["aiddata-38001"]
    original, nominal, constant = bridge.investments
    assert (original.amount, original.currency, original.preferred) == (2.5e9, "CNY", True)
    assert original.usd is not None and original.usd.usd == pytest.approx(376e6)
    assert (nominal.amount, nominal.currency, nominal.basis) == (376e6, "USD", "nominal")
    assert (constant.amount, constant.basis, constant.price_year) == (410e6, "constant", 2021)
    assert all(c.source == "aiddata-gcdf" for c in bridge.investments)
    assert bridge.investment is original  # what the layers read
    assert (bridge.type, bridge.status, bridge.countries) == ("bridge", "operating", ["RU"])
    assert bridge.location is not None and bridge.location.precision == 6  # the country's point
    assert "Precise (IATI 1)" in (bridge.location.note or "")
    assert {s.url for s in bridge.sources if s.url} == {
        "https://example.org/a",
        "https://example.org/b",
    }
    rail = {r.id: r for r in recset.records}["aiddata-38002"]
    assert rail.location is not None and "ADM1 (IATI 4)" in (rail.location.note or "")
    # an amount in USD is its own nominal USD: one claim, not the same figure twice
    assert [(c.amount, c.currency, c.basis) for c in rail.investments] == [
        (120e6, "USD", "nominal"),
        (131e6, "USD", "constant"),
    ]
    layers = build_layers(recset).layers
    facilities = layers["facilities"].set_index("id")
    assert facilities.loc["aiddata-38001", "investment_currency"] == "CNY"
    assert facilities.loc["aiddata-38001", "investment_usd"] == pytest.approx(376e6)


def test_aiddata_every_figure_reaches_a_record_or_the_report(gcdf: Path, tmp_path: Path) -> None:
    result = import_tracker(gcdf, format="aiddata", out_dir=tmp_path / "out")
    text = "\n".join(p.read_text(encoding="utf-8") for p in result.written)
    text += "\n".join(str(line) for line in result.report)
    figures = [v for row in ROWS for v in row[3:8] if isinstance(v, int | float)]
    lost = [v for v in figures if str(v) not in text and f"{v:g}" not in text]
    assert lost == []
    report = "\n".join(map(str, result.report))
    for expected in (
        "sheet 'Notes': skipped",
        "column 'Flow Type': unknown column",
        "row 4, column 'Amount (Original Currency)': 'lots' is not a number",
        "row 4, column 'Geographic Level of Precision': 'somewhere' is not understood",
        "row 4, column 'Source URLs': 'see report' holds no http(s) address",
        "row 5, column 'Title': 'Scholarships for students' names no infrastructure",
        "row 6, column 'AidData Record ID': 'n/a' is no AidData Record ID",
        "row 2: → record 'aiddata-38001'",
    ):
        assert expected in report


def test_aiddata_csv_any_separator_bom_crlf_is_the_same(gcdf: Path, tmp_path: Path) -> None:
    want = import_tracker(gcdf, format="aiddata", out_dir=tmp_path / "a")
    for sep in (",", ";", "\t"):
        lines = [sep.join(_csv_cell(v) for v in row) for row in [HEAD, *ROWS]]
        csv = tmp_path / f"gcdf{ord(sep)}.csv"
        csv.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
        got = read_tracker(csv, format="aiddata")
        assert [_no_sources(r) for r in got.records] == [_no_sources(r) for r in want.records]


def _no_sources(rec: Any) -> dict[str, Any]:
    return rec.model_dump(exclude={"sources"})


def _csv_cell(v: Any) -> str:
    return "" if v is None else str(v)


def test_aiddata_reimport_is_idempotent(gcdf: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = {
        p.name: p.read_bytes() for p in import_tracker(gcdf, format="aiddata", out_dir=out).written
    }
    second = {
        p.name: p.read_bytes() for p in import_tracker(gcdf, format="aiddata", out_dir=out).written
    }
    assert first == second and sorted(p.name for p in out.iterdir()) == sorted(first)


# ------------------------------------------------------------------ table + column map

OWN_HEAD = [
    "Code",
    "Project",
    "Kind",
    "Phase",
    "Nations",
    "Km",
    "Throughput",
    "Units",
    "Owner",
    "Share",
    "Town",
    "Link",
    "Comment",
]
OWN_ROWS = [
    [
        "A-1",
        "North gas line",
        "pipeline",
        "Operating",
        "Russia, China",
        120,
        10,
        "bcm/yr",
        "Gas Co",
        51,
        "Heihe",
        "https://example.org/n",
        "x",
    ],
    [
        "A-1",
        None,
        None,
        None,
        None,
        None,
        12,
        "bcm/yr",
        "Other Co",
        49,
        "Blagoveshchensk",
        None,
        None,
    ],
    [
        "B-2",
        "River port",
        "port",
        "proposed",
        "RU",
        None,
        2,
        "Mt/yr",
        None,
        None,
        "Nizhneleninskoye",
        "not a link",
        None,
    ],
    [None, "No code", "port", "proposed", "RU", None, None, None, None, None, None, None, None],
]
MAP = """\
id: Code
id_prefix: own-
name: Project
type: Kind
status: Phase
countries: Nations
length_km: Km
length_kind: {value: known}
capacity: {value: Throughput, unit: Units, commodity: {value: natural_gas}}
party: {name: Owner, role: {value: owner}, share_pct: Share}
location: {place: Town}
source: {url: Link}
"""


@pytest.fixture
def own(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "map.yaml").write_text(MAP, encoding="utf-8")
    book = _xlsx(tmp_path / "own.xlsx", {"Projects": [OWN_HEAD, *OWN_ROWS], "Other": [["a"]]})
    return book, tmp_path / "map.yaml"


def test_table_with_a_column_map(own: tuple[Path, Path], tmp_path: Path) -> None:
    book, cmap = own
    seeds = _seeds(tmp_path)
    result = import_tracker(book, format="table", column_map=cmap, out_dir=seeds / "records")
    assert [r.id for r in result.records] == ["own-a-1", "own-b-2"]
    line, port = load_records(seeds).records
    assert (line.length_km, line.length_kind, line.countries) == (120, "known", ["RU", "CN"])
    assert [(p.name, p.share_pct) for p in line.parties] == [("Gas Co", 51), ("Other Co", 49)]
    assert [c.value for c in line.capacities] == [10, 12] and line.capacities[0].preferred
    assert line.route is not None and [w.place for w in line.route.waypoints] == [
        "Heihe",
        "Blagoveshchensk",
    ]
    assert port.location is not None and port.location.place == "Nizhneleninskoye"
    report = "\n".join(map(str, result.report))
    for expected in (
        "sheet 'Other': skipped",
        "column 'Comment': unknown column",
        "row 4, column 'Link': 'not a link' is not an http(s) address",
        "row 5, column 'Code': no id",
    ):
        assert expected in report


def test_geojson_through_a_column_map(tmp_path: Path) -> None:
    (tmp_path / "map.yaml").write_text(
        "id: ref\nname: title\ntype: {value: port}\nstatus: {value: operating}\n"
        "location: {lat: lat, lon: lon}\n",
        encoding="utf-8",
    )
    features = [
        {
            "type": "Feature",
            "properties": {"ref": "p1", "title": "Pier"},
            "geometry": {"type": "Point", "coordinates": [131.9, 43.1]},
        },
    ]
    path = tmp_path / "ports.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    (rec,) = read_tracker(path, format="table", column_map=tmp_path / "map.yaml").records
    assert rec.location is not None and (rec.location.lat, rec.location.lon) == (43.1, 131.9)


BAD_MAPS = [
    ("name: Project\ntype: Kind\nstatus: Phase\n", "names no id"),
    ("id: Code\nname: Project\ntype: Kind\nstatus: Phase\ncolour: Red\n", "unknown key 'colour'"),
    ("id: Code\nname: [1]\ntype: Kind\nstatus: Phase\n", "key 'name'"),
    ("id: Code\nname: P\ntype: K\nstatus: S\ncapacity: {size: X}\n", "unknown field(s) 'size'"),
    ("- a\n", "is a mapping"),
]


@pytest.mark.parametrize(("text", "words"), BAD_MAPS)
def test_bad_column_maps_name_file_and_key(
    own: tuple[Path, Path], tmp_path: Path, text: str, words: str
) -> None:
    book, cmap = own
    cmap.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=r"map\.yaml") as exc:
        read_tracker(book, format="table", column_map=cmap)
    assert words in str(exc.value)


def test_template_map_imports(tmp_path: Path) -> None:
    from geo.trackers import load_column_map

    (tmp_path / "m.yaml").write_text(TEMPLATE_MAP, encoding="utf-8")
    assert "capacity" in load_column_map(tmp_path / "m.yaml").fields


def test_cli_aiddata_table_and_template_map(
    gcdf: Path, own: tuple[Path, Path], tmp_path: Path
) -> None:
    from geo.cli import app

    out = tmp_path / "out"
    run = CliRunner().invoke(app, ["import", str(gcdf), "--format", "aiddata", "--out", str(out)])
    assert run.exit_code == 0, run.output
    assert "3 record(s)" in run.output
    book, cmap = own
    run = CliRunner().invoke(
        app, ["import", str(book), "--format", "table", "--map", str(cmap), "--out", str(out)]
    )
    assert run.exit_code == 0 and "2 record(s)" in run.output, run.output
    run = CliRunner().invoke(app, ["import", "--template-map"])
    assert run.exit_code == 0 and run.output == TEMPLATE_MAP
    run = CliRunner().invoke(
        app, ["import", str(book), "--format", "table", "--sheet", "Nope", "--map", str(cmap)]
    )
    assert run.exit_code == 1 and "no sheet 'Nope'" in run.output


def test_wrong_encoding_is_an_error_before_anything_is_written(tmp_path: Path) -> None:
    csv = tmp_path / "gcdf.csv"
    csv.write_bytes(",".join(HEAD).encode() + b"\n1,Caf\xe9 bridge\n")
    with pytest.raises(ValueError, match="UTF-8"):
        import_tracker(csv, format="aiddata", out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_table_without_a_map_is_our_csv_template(tmp_path: Path) -> None:
    """`geo import-csv` is the short name of `geo import --format table` with our template."""
    from geo.cli import app
    from geo.csv_import import TEMPLATE, TEMPLATE_ID

    csv = tmp_path / "template.csv"
    csv.write_text(TEMPLATE, encoding="utf-8")
    outs = [tmp_path / "a", tmp_path / "b"]
    for args, out in (
        (["import", str(csv), "--format", "table"], outs[0]),
        (["import-csv", str(csv)], outs[1]),
    ):
        run = CliRunner().invoke(app, [*args, "--out", str(out)])
        assert run.exit_code == 0, run.output
    a, b = (o / f"{TEMPLATE_ID}.yaml" for o in outs)
    assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        ("Сила Сибири", "sila-sibiri"),  # was "" : every Cyrillic id became the prefix alone
        ("Алтай", "altay"),
        ("Zürich", "zurich"),  # was "z-rich"
        ("黑河大桥", "hei-he-da-qiao"),
        ("P 1", "p-1"),
        ("", ""),  # no id: the row is reported, never written
    ],
)
def test_mapped_ids_are_romanised_slugs(cell: str, key: str) -> None:
    from geo.gazetteer import slug

    assert slug(cell) == key
