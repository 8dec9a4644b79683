"""Hostile input and faults (issue 22, first half): each case is named after what it breaks.

Rooms covered here: the one YAML loader (geo._yaml), batch input and CSV output
(geo.batch), the command line's errors (geo.cli) and a damaged gazetteer index
(geo.gazetteer).  Every case ends in a correct answer or one clear error naming the
file, line or row and the fix — never a hang, a traceback or a silent wrong answer.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from geo._yaml import MAX_ALIAS_NODES, MAX_DEPTH, read_yaml
from geo.batch import OUTPUT_COLUMNS, BatchError, geocode_file, read_chunks
from geo.batch._formats import csv_safe, csv_unsafe
from geo.cli import app
from geo.errors import GazetteerError
from geo.gazetteer import Gazetteer, check_curated, default_index_path, fold

runner = CliRunner()

#: Property tests stay fast: few examples, a deadline per example.
BOUNDED = settings(
    max_examples=60,
    deadline=2000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def cases(table: list[tuple]) -> list:
    """``pytest.param`` of each row of a table whose first column names the case."""
    return [pytest.param(*row[1:], id=row[0]) for row in table]


def _nested(opening: str, closing: str, depth: int, inner: str = "") -> str:
    return "x: " + opening * depth + inner + closing * depth + "\n"


def _laughs(levels: int = 9) -> str:
    """The "billion laughs": each level a list of nine aliases of the level before."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghijk"[: levels - 1]:
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- YAML structure

# (case, text, fragment of the one issue, its line)
_MANY_ALIASES = "a: &a {x: 1, y: 2, z: 3}\nb: [" + ",".join(["*a"] * 2600) + "]\n"
_BLOCK_995 = "".join("  " * i + "-\n" for i in range(995)) + "  " * 995 + "- 1\n"
_DEEP = f"nested more than {MAX_DEPTH}"

YAML_REFUSED = [
    ("alias_expansion_billion_laughs", _laughs(), "billion laughs", 5),
    ("alias_expansion_in_a_mapping", _MANY_ALIASES, "stand for more than", 2),
    ("nesting_flow_list_995_deep", _nested("[", "]", 995), _DEEP, 1),
    ("nesting_flow_mapping_995_deep", _nested("{a: ", "}", 995, "1"), _DEEP, 1),
    ("nesting_block_list_995_deep", _BLOCK_995, _DEEP, MAX_DEPTH + 1),
    ("nesting_200000_deep_stops_the_parser", _nested("[", "]", 200_000), "nesting", 1),
]


@pytest.mark.parametrize(("text", "fragment", "line"), cases(YAML_REFUSED))
def test_yaml_structure_is_refused_fast_with_file_and_line(tmp_path, text, fragment, line):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    issues = []
    started = time.perf_counter()
    assert read_yaml(path, issues) is None
    assert time.perf_counter() - started < 1.0
    assert len(issues) == 1, issues
    assert fragment in issues[0].message and issues[0].path == path and issues[0].line == line


# (case, text, number of documents read)
YAML_ACCEPTED = [
    ("a_few_shared_aliases", "base: &b {unit: Mt/yr, source: s}\nx: [*b, *b, *b]\n", 1),
    ("merge_keys", "base: &b {unit: t}\nc: {<<: *b, value: 5}\n", 1),
    ("nesting_at_the_limit", _nested("[", "]", MAX_DEPTH - 1), 1),
    ("aliases_at_the_limit", "a: &a [1]\nb: [" + "*a," * (MAX_ALIAS_NODES // 2) + "]\n", 1),
    ("two_documents", "a: 1\n---\nb: 2\n", 2),
]


@pytest.mark.parametrize(("text", "n_docs"), cases(YAML_ACCEPTED))
def test_yaml_within_the_limits_is_read(tmp_path, text, n_docs):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    issues = []
    docs = read_yaml(path, issues)
    assert issues == [] and docs is not None and len(docs) == n_docs


def test_duplicate_key_check_visits_a_shared_node_once(tmp_path):
    # 2,000 aliases of one mapping with a repeated key: one issue, not 2,001
    text = "a: &a {k: 1, k: 2}\nb: [" + ",".join(["*a"] * 2000) + "]\n"
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    issues = []
    read_yaml(path, issues)
    assert [(i.line, "'k' appears twice" in i.message) for i in issues] == [(1, True)]


def test_record_file_billion_laughs_fails_validate_in_under_a_second(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text("id: bomb\nname: x\n" + _laughs(), encoding="utf-8")
    started = time.perf_counter()
    res = runner.invoke(app, ["validate", str(path)])
    assert time.perf_counter() - started < 5.0  # the CLI's imports included
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "bomb.yaml:7" in res.output.replace("\n", "") and "billion laughs" in res.output


def test_curated_gazetteer_file_nested_995_deep_is_one_issue(tmp_path):
    (tmp_path / "deep.yaml").write_text("- " + "[" * 995 + "]" * 995 + "\n", encoding="utf-8")
    issues = check_curated(tmp_path)
    assert len(issues) == 1 and "nested more than" in issues[0].message


@BOUNDED
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#,? \n\t0123456789")), max_size=200))
def test_yaml_loader_never_raises(text):
    """Any text gives documents or issues with a line — never an exception."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.yaml"
        path.write_text(text, encoding="utf-8")
        issues = []
        docs = read_yaml(path, issues)
        assert docs is not None or issues
        assert all(i.path == path for i in issues)


# ---------------------------------------------------------------- batch input


def _geocode_csv(tmp_path: Path, text: str, *, suffix: str = ".csv") -> list[dict]:
    src = tmp_path / f"in{suffix}"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    geocode_file(src, out, show_progress=False)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


# (case, input file text, suffix, per row: (id, resolved, country or reason fragment))
BATCH_ROWS = [
    ("shifted_cells_unquoted_comma", "id,name\n1,\"Moscow, Idaho\"\n2,Moscow, Idaho\n", ".csv",
     [("1", True, "US"), ("2", False, "line 3: 3 cells")]),
    ("shifted_cells_missing_cell", "id,name,country\n1,Heihe\n2,Heihe,CN\n", ".csv",
     [("1", False, "line 2: 2 cells"), ("2", True, "CN")]),
    ("shifted_cells_line_of_a_multiline_row", 'id,name\n1,"Harbin\nHeihe"\n2,Harbin,x\n', ".csv",
     [("1", False, ""), ("2", False, "line 4: 3 cells")]),
    ("header_with_spaces", "id, name , country\n1,Heihe, CN\n", ".csv", [("1", True, "CN")]),
    ("empty_name_cell", "id,name\n1,\n2,   \n", ".csv",
     [("1", False, "empty name"), ("2", False, "empty name")]),
    ("empty_name_null", '{"id": 1, "name": null}\n{"id": 2}\n', ".jsonl",
     [(1, False, "empty name"), (2, False, "empty name")]),
    ("context_number_or_null", '{"id": 1, "name": "Heihe", "context": 5}\n'
     '{"id": 2, "name": "Heihe", "context": null}\n'
     '{"id": 3, "name": "Heihe", "context": [1, null, "Amur"]}\n',
     ".jsonl", [(1, True, "CN"), (2, True, "CN"), (3, True, "CN")]),
    ("country_number_or_null", '{"id": 1, "name": "Heihe", "country": 7}\n'
     '{"id": 2, "name": "Heihe", "country": null}\n'
     '{"id": 3, "name": "Heihe", "country": ["CN", null]}\n',
     ".jsonl", [(1, False, "'7' is not a known country"), (2, True, "CN"), (3, True, "CN")]),
    ("near_not_a_pair",
     '{"id": 1, "name": "Heihe", "near": 5}\n{"id": 2, "name": "Heihe", "near": [1]}\n',
     ".jsonl", [(1, False, "not a (lat, lon) pair"), (2, False, "not a (lat, lon) pair")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "suffix", "expected"), cases(BATCH_ROWS))
def test_batch_rows_answer_or_say_why(tmp_path, text, suffix, expected):
    got = _geocode_csv(tmp_path, text, suffix=suffix)
    assert len(got) == len(expected)
    for row, (rid, resolved, what) in zip(got, expected, strict=True):
        assert row["id"] == rid and row["resolved"] is resolved, row
        assert row["query"] != "None"
        assert what in (row["country_code"] if resolved else row["reason"]), row


# (case, bytes of the input, fragment of the error)
_ZURICH_1252 = "2,Zürich\n".encode("cp1252")
BATCH_REFUSED = [
    ("encoding_cp1252", b"id,name\n" + _ZURICH_1252, "line 2 is not UTF-8"),
    ("encoding_cp1252_far_down", b"id,name\n" + b"1,x\n" * 3000 + _ZURICH_1252, "line 3002 is not"),
    ("encoding_utf16", "id,name\n1,Harbin\n".encode("utf-16"), "UTF-16"),
    ("header_without_name", b"id,place\n1,Harbin\n", "no 'name' column"),
]


@pytest.mark.parametrize(("raw", "fragment"), cases(BATCH_REFUSED))
def test_batch_input_refused_before_anything_is_written(tmp_path, raw, fragment):
    src = tmp_path / "in.csv"
    src.write_bytes(raw)
    with pytest.raises(BatchError, match=fragment):
        geocode_file(src, tmp_path / "out.csv", show_progress=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]  # no .partial left


@BOUNDED
@given(st.lists(st.lists(st.text(max_size=8), min_size=1, max_size=4), max_size=8))
def test_csv_reader_gives_one_row_per_record_or_its_line(tmp_path, records):
    """Any cells, quoted as a spreadsheet would: one row per non-blank record, each
    either read whole (cells under their header) or an error naming its line."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["id", "name"])
    writer.writerows(records)
    src = tmp_path / "in.csv"
    src.write_text(buf.getvalue(), encoding="utf-8")
    rows = [r for chunk in read_chunks(src, chunk_rows=3) for r in chunk]
    assert len(rows) == len(records)  # a record of one empty cell is written '""'
    for row, cells in zip(rows, records, strict=True):
        if len(cells) == 2:
            assert "_error" not in row and row["name"] == (cells[1] or None)
        else:
            assert row["_error"].startswith("line ") and row["name"] is None


# ---------------------------------------------------------------- CSV output

# (case, cell, as written to CSV)
FORMULA_CELLS = [
    ("formula_equals", '=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
    ("formula_plus", "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("formula_minus_text", "-Harbin", "'-Harbin"),
    ("formula_at", "@SUM(A1)", "'@SUM(A1)"),
    ("formula_tab", "\t=1", "'\t=1"),
    ("formula_already_quoted", "'=1", "''=1"),
    ("number_negative_text", "-117.00017", "-117.00017"),
    ("number_exponent", "+1e-08", "+1e-08"),
    ("number_float", -117.00017, -117.00017),
    ("plain_text", "Harbin", "Harbin"),
    ("apostrophe_text", "'s-Hertogenbosch", "'s-Hertogenbosch"),
]


@pytest.mark.parametrize(("cell", "written"), cases(FORMULA_CELLS))
def test_formula_cells_are_escaped_and_read_back(cell, written):
    assert csv_safe(cell) == written
    assert csv_unsafe(csv_safe(cell)) == cell


def test_formula_cells_in_csv_output_and_resume(tmp_path):
    src = tmp_path / "in.jsonl"
    rows = [{"id": "=1+1", "name": '=HYPERLINK("x")'}, {"id": -3, "name": "Heihe"}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.csv"
    geocode_file(src, out, show_progress=False)
    got = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [(r["id"], r["name"]) for r in got] == [("'=1+1", '\'=HYPERLINK("x")'), ("-3", "Heihe")]
    assert got[1]["lon"].startswith("127.")  # a number stays a number
    summary = geocode_file(src, out, append=True, show_progress=False)
    assert (summary.n_skipped, summary.n_rows) == (2, 0)  # escaped ids are found again


# (case, output name, existing content, options, fragment of the error or None)
_OURS = ",".join(OUTPUT_COLUMNS).encode() + b"\nx,Harbin" + b"," * 18 + b"\n"
_NOT_OURS = "not a `geo geocode`"
FOREIGN_OUTPUTS = [
    ("foreign_csv", "out.csv", b"a,b\n1,2\n", {}, "is not a `geo geocode` csv output"),
    ("foreign_csv_with_append", "out.csv", b"a,b\n1,2\n", {"append": True}, _NOT_OURS),
    ("foreign_csv_with_restart", "out.csv", b"a,b\n1,2\n", {"resume": False}, _NOT_OURS),
    ("foreign_jsonl", "out.jsonl", b'{"a": 1}\n', {"append": True}, "jsonl output"),
    ("foreign_parquet", "out.parquet", b"PAR1 not really", {"append": True}, "parquet output"),
    ("foreign_partial", "out.csv.partial", b"name,notes\nx,y\n", {}, "out.csv.partial exists"),
    ("ours_without_append", "out.csv", _OURS, {}, "--append"),
    ("ours_with_append", "out.csv", _OURS, {"append": True}, None),
    ("ours_with_restart", "out.csv", _OURS, {"resume": False}, None),
    ("empty_file", "out.csv", b"", {}, None),
]


@pytest.mark.parametrize(("name", "content", "options", "fragment"), cases(FOREIGN_OUTPUTS))
def test_existing_output_is_never_clobbered(tmp_path, name, content, options, fragment):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "name": "Heihe"}\n', encoding="utf-8")
    existing = tmp_path / name
    existing.write_bytes(content)
    target = tmp_path / name.removesuffix(".partial")
    if fragment is None:
        geocode_file(src, target, show_progress=False, **options)
        assert target.exists() and not target.with_name(target.name + ".partial").exists()
        return
    with pytest.raises(BatchError, match=fragment.replace("?", r"\?")):
        geocode_file(src, target, show_progress=False, **options)
    assert existing.read_bytes() == content  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["in.jsonl", name])


def test_cli_refuses_a_foreign_output_in_one_line(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("id,name\n1,Heihe\n", encoding="utf-8")
    out = tmp_path / "report.csv"
    out.write_text("quarter,revenue\nQ1,100\n", encoding="utf-8")
    res = runner.invoke(app, ["geocode", "-i", str(src), "-o", str(out)])
    assert res.exit_code == 1 and "not a `geo geocode` csv output" in res.output
    assert out.read_text(encoding="utf-8") == "quarter,revenue\nQ1,100\n"


def test_cli_help_says_formula_cells_are_escaped():
    res = runner.invoke(app, ["geocode", "--help"], env={"COLUMNS": "200"})
    assert "OWASP" in res.output and "--append" in res.output


# ---------------------------------------------------------------- CLI and OS errors

# (case, errno, fragment of the advice)
OS_ERRORS = [
    ("os_permission_denied", errno.EACCES, "permission denied"),
    ("os_read_only_folder", errno.EROFS, "read-only"),
    ("os_disk_full", errno.ENOSPC, "disk is full"),
    ("os_path_is_a_file", errno.ENOTDIR, "is a file, not a folder"),
    ("os_unknown_errno", errno.EIO, "check the path"),
]


@pytest.mark.parametrize(("code", "advice"), cases(OS_ERRORS))
def test_os_errors_end_in_one_line_naming_the_path(monkeypatch, tmp_path, code, advice):
    import geo.batch

    def fail(*args, **kwargs):
        raise OSError(code, "system text", str(tmp_path / "out" / "places.csv"))

    monkeypatch.setattr(geo.batch, "geocode_file", fail)
    src = tmp_path / "in.csv"
    src.write_text("id,name\n1,Heihe\n", encoding="utf-8")
    args = ["geocode", "-i", str(src), "-o", str(tmp_path / "out" / "places.csv")]
    res = runner.invoke(app, args)
    assert res.exit_code == 1 and "Traceback" not in res.output
    lines = [ln for ln in res.output.replace("\n ", " ").splitlines() if ln.strip()]
    assert lines[0].startswith("error: cannot use") and "places.csv" in res.output
    assert advice in " ".join(res.output.split())
    res = runner.invoke(app, ["--debug", *args])
    assert isinstance(res.exception, OSError)  # --debug lets the traceback through


def test_output_path_under_a_file_is_one_line(tmp_path):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    src = tmp_path / "in.csv"
    src.write_text("id,name\n1,Heihe\n", encoding="utf-8")
    res = runner.invoke(app, ["geocode", "-i", str(src), "-o", str(tmp_path / "afile" / "o.csv")])
    assert res.exit_code == 1 and isinstance(res.exception, SystemExit | None)
    assert "a folder is needed" in " ".join(res.output.split()) and "afile" in res.output


def test_unexpected_error_is_one_line_saying_it_is_a_bug(monkeypatch, tmp_path):
    import geo.batch

    monkeypatch.setattr(geo.batch, "geocode_file", lambda *a, **k: 1 / 0)
    src = tmp_path / "in.csv"
    src.write_text("id,name\n1,Heihe\n", encoding="utf-8")
    res = runner.invoke(app, ["geocode", "-i", str(src)])
    assert res.exit_code == 1 and "ZeroDivisionError" in res.output and "--debug" in res.output


# ---------------------------------------------------------------- gazetteer index


@pytest.fixture(scope="module")
def good_index(tmp_path_factory) -> Path:
    path = default_index_path()
    if not path.exists():
        Gazetteer()  # builds it, once per machine
    copy = tmp_path_factory.mktemp("index") / "good.sqlite"
    shutil.copyfile(path, copy)
    return copy


def _damage(good: Path, target: Path) -> Path:
    """A copy of ``good`` with the root pages of places, names and ctx overwritten."""
    shutil.copyfile(good, target)
    page = sqlite3.connect(good).execute("PRAGMA page_size").fetchone()[0]
    with open(target, "r+b") as fh:
        for n in (3, 4, 5):  # 1-based pages: the tables after meta
            fh.seek((n - 1) * page + 8)
            fh.write(b"\xde\xad\xbe\xef" * 100)
    return target


def test_damaged_index_names_the_fix_when_it_may_not_rebuild(good_index, tmp_path):
    bad = _damage(good_index, tmp_path / "index.sqlite")
    with pytest.raises(GazetteerError, match=r"damaged .*`geo gazetteer build --force`"):
        Gazetteer(bad, build=False)


def test_damaged_index_is_rebuilt_when_a_query_fails(good_index, tmp_path, monkeypatch):
    import geo.gazetteer._resolve as resolve

    path = tmp_path / "index.sqlite"
    shutil.copyfile(good_index, path)
    gz = Gazetteer(path)
    assert gz.geocode("Heihe").resolved
    gz._memo.clear()
    gz._store.forget_connections()
    _damage(good_index, path)
    rebuilt = []

    def fake_build(p, **kwargs):  # a real rebuild takes 40 s: copy the sound file
        rebuilt.append(p)
        shutil.copyfile(good_index, p)
        return p

    monkeypatch.setattr(resolve, "build_index", fake_build)
    assert gz.geocode("Harbin").resolved and rebuilt == [path]


# ---------------------------------------------------------------- name normaliser


@BOUNDED
@given(st.text(max_size=40))
def test_fold_gives_a_trimmed_key_for_any_text(name):
    key = fold(name)
    assert isinstance(key, str) and key == key.strip()
    assert fold(name.upper()) == key or not name.isascii()


@BOUNDED
@given(st.text(max_size=40))
def test_fold_is_idempotent(name):
    assert fold(fold(name)) == fold(name)


def test_fold_joins_an_underscore_into_the_punctuation_run():
    assert fold("0:_0") == "0 0"  # found by hypothesis: was "0  0"


# ------------------------------------------------------------------- source URLs
# (issue 22, second half) A URL is one address: whitespace in it is refused at
# validation, and the layers keep the list of URLs as a list, never a joined text.

REPO = Path(__file__).resolve().parents[1]
URL_RECORD = "bolshoy-ussuriysky-island.yaml"
URL_LINE = 36  # the first source's url: in that record

# (case, url as written in YAML, refused?)
SOURCE_URLS = [
    ("joined_with_semicolon_space_hides_a_javascript_link",
     '"https://a.example/x; javascript:alert(1)"', True),
    ("space_inside", '"https://a.example/report 2024.pdf"', True),
    ("tab_inside", '"https://a.example/x\\ty"', True),
    ("line_break_inside", '"https://a.example/x\\nhttps://b.example/"', True),
    ("no_break_space_inside", '"https://a.example/x\\u00a0y"', True),
    ("trailing_space_stripped_by_the_loader", '"https://a.example/x "', False),
    ("space_encoded", "https://a.example/report%202024.pdf", False),
    ("semicolon_without_space", "https://a.example/x;y=1", False),
]  # fmt: skip


@pytest.mark.parametrize(("url", "refused"), cases(SOURCE_URLS))
def test_source_url_with_whitespace_is_refused_with_file_line_id_field(tmp_path, url, refused):
    src = (REPO / "seeds" / "records" / URL_RECORD).read_text(encoding="utf-8").splitlines()
    assert src[URL_LINE - 1].startswith("    url: ")
    src[URL_LINE - 1] = f"    url: {url}"
    path = tmp_path / URL_RECORD
    path.write_text("\n".join(src) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    out = " ".join(result.output.split())
    assert "Traceback" not in out
    if not refused:
        assert "whitespace" not in out
        return
    assert result.exit_code == 1, out
    assert "contains whitespace" in out and "%20" in out
    assert f"{URL_RECORD}:{URL_LINE}" in out.replace(" ", "") or f"line {URL_LINE}" in out
    assert "bolshoy-ussuriysky-island" in out and "url" in out


# (case, stored source_urls value, the popup's [text, href] pairs)
STORED_URLS = [
    ("json_array_string_from_gpkg", '["https://a.example/x", "javascript:alert(1)"]',
     [["https://a.example/x", "https://a.example/x"], ["javascript:alert(1)", None]]),
    ("list_from_geojson", ["https://a.example/x; javascript:alert(1)"],
     [["https://a.example/x; javascript:alert(1)", None]]),
    ("old_joined_text_stays_one_item", "https://a.example/x; javascript:alert(1)",
     [["https://a.example/x; javascript:alert(1)", None]]),
    ("semicolon_inside_one_url", '["https://a.example/x;y=1"]',
     [["https://a.example/x;y=1", "https://a.example/x;y=1"]]),
    ("empty_list", "[]", None),
    ("missing", None, None),
]  # fmt: skip


@pytest.mark.parametrize(("stored", "pairs"), cases(STORED_URLS))
def test_popup_links_never_split_a_url_into_new_links(stored, pairs):
    import numpy as np

    from geo.maps._popup import _safe_links

    assert _safe_links(stored) == pairs
    if isinstance(stored, list):  # as pyogrio reads a GeoJSON string list
        assert _safe_links(np.array(stored, dtype=object)) == pairs


def test_source_urls_is_a_json_array_in_geojson_and_unsplittable_in_gpkg(tmp_path):
    import geopandas as gpd
    import pyogrio
    from shapely.geometry import Point

    from geo.layers import write_geojson

    urls = ["https://a.example/x; javascript:alert(1)", "https://b.example/"]
    gdf = gpd.GeoDataFrame(
        {"id": ["a", "b"], "source_urls": [json.dumps(urls), None]},
        geometry=[Point(130, 47), Point(131, 48)],
        crs=4326,
    )
    written = write_geojson(gdf, tmp_path / "f.geojson")
    features = json.loads(written.read_text(encoding="utf-8"))["features"]
    assert [f["properties"]["source_urls"] for f in features] == [urls, None]
    assert "list(str)" in list(pyogrio.read_info(written)["dtypes"])  # QGIS: a string list
    gdf.to_file(tmp_path / "f.gpkg", driver="GPKG")
    back = gpd.read_file(tmp_path / "f.gpkg")
    assert json.loads(back.loc[0, "source_urls"]) == urls


def test_built_layers_carry_source_urls_as_arrays(repo=REPO):
    seen = 0
    for name in ("facilities", "corridors", "crossings", "places"):
        data = json.loads((repo / "layers" / f"{name}.geojson").read_text(encoding="utf-8"))
        values = [f["properties"].get("source_urls") for f in data["features"]]
        seen += sum(v is not None for v in values)
        for v in values:
            assert v is None or (isinstance(v, list) and all(" " not in u for u in v)), v
    assert seen


# --- found by a break-it pass after the first half landed ---------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('id,name\n1,"Vladivostok\n2,Heihe\n3,Harbin\n', "line 2"),  # quote never closed
        ("id,name,name\n1,Vladivostok,Heihe\n", "'name' twice"),  # which name is meant?
    ],
    ids=["unclosed_quote_swallows_later_rows", "repeated_header_column"],
)
def test_a_malformed_csv_is_refused_not_misread(tmp_path, text, words):
    from geo.batch import BatchError, geocode_file

    src = tmp_path / "in.csv"
    src.write_text(text, encoding="utf-8")
    with pytest.raises(BatchError, match=words):
        geocode_file(src, tmp_path / "out.csv")


@pytest.mark.parametrize(
    "url",
    [
        "https://www.gem.wiki/a\u0001b",
        "https://www.gem.wiki/a\u007fb",
        "https://www.gem.wiki/a\u200bb",
        "https://\u202egem.wiki/",
    ],
    ids=["c0_control", "delete", "zero_width_space", "right_to_left_override"],
)
def test_a_source_url_with_an_invisible_character_is_refused(url):
    from geo._codes import url_problem

    assert "invisible or control character" in url_problem(url)


def test_a_full_disk_error_names_the_file_being_written(tmp_path):
    """ENOSPC carries no file name: the atomic writer adds the target's."""
    import errno

    from geo._io import atomic_path

    target = tmp_path / "layer.geojson"
    with pytest.raises(OSError) as err, atomic_path(target):
        raise OSError(errno.ENOSPC, "No space left on device")
    assert err.value.filename == str(target) and err.value.errno == errno.ENOSPC
    assert not target.exists()
