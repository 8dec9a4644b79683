"""Streaming batch geocoding (geo.batch): formats, bad inputs, resume, processes, CLI."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow  # noqa: F401  (declared in the test extra: fail, never skip)
import pytest
from typer.testing import CliRunner

from geo.batch import BatchError, count_rows, geocode_file, read_chunks
from tests.batch_data import comparable, make_rows, read_jsonl, write_jsonl


def write_input(rows: list[dict], path: Path) -> Path:
    """Write ``rows`` as JSONL, CSV (near as "LAT,LON") or Parquet, by suffix."""
    if path.suffix == ".jsonl":
        return write_jsonl(rows, path)
    flat = []
    for r in rows:
        near = r.get("near")
        flat.append(
            {
                "id": r["id"],
                "name": r["name"],
                "context": r.get("context"),
                "country": r.get("country"),
                "near": f"{near[0]},{near[1]}" if near else None,
            }
        )
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, ["id", "name", "context", "country", "near"])
            w.writeheader()
            w.writerows(flat)
        return path
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(flat), path)
    return path


def read_output(path: Path) -> list[dict]:
    if path.suffix == ".jsonl":
        return read_jsonl(path)
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return make_rows(90)


@pytest.fixture(scope="module")
def reference(rows, tmp_path_factory) -> list[dict]:
    """The single-process JSONL run every other run must equal."""
    d = tmp_path_factory.mktemp("ref")
    src = write_input(rows, d / "in.jsonl")
    summary = geocode_file(src, d / "out.jsonl", show_progress=False)
    assert summary.n_rows == len(rows) and summary.n_skipped == 0
    return read_jsonl(d / "out.jsonl")


def test_reference_rows(rows, reference):
    assert [r["id"] for r in reference] == [r["id"] for r in rows]
    by_name = {r["name"]: r for r in reference}
    assert reference[0]["gazetteer_id"].startswith("curated:")  # Tongjiang with context
    assert by_name["Qwxzrtplk"]["resolved"] is False and by_name["Qwxzrtplk"]["lat"] is None
    assert 0.5 < sum(r["resolved"] for r in reference) / len(reference) < 1


@pytest.mark.parametrize("in_suffix", [".jsonl", ".csv", ".parquet"])
@pytest.mark.parametrize("out_suffix", [".jsonl", ".csv", ".parquet"])
def test_formats_give_the_same_rows(rows, reference, tmp_path, in_suffix, out_suffix):
    src = write_input(rows, tmp_path / f"in{in_suffix}")
    out = tmp_path / f"out{out_suffix}"
    summary = geocode_file(src, out, chunk_rows=7, show_progress=False)
    assert summary.n_rows == len(rows)
    assert comparable(read_output(out)) == comparable(reference)
    assert not out.with_name(out.name + ".partial").exists()


def test_workers_equal_single_process(rows, reference, tmp_path):
    src = write_input(rows, tmp_path / "in.jsonl")
    summary = geocode_file(src, tmp_path / "out.jsonl", workers=2, chunk_rows=5)
    assert summary.engine == "processes:2"
    assert read_jsonl(tmp_path / "out.jsonl") == reference


def test_chunks_stream_in_order(rows, tmp_path):
    src = write_input(rows, tmp_path / "in.csv")
    chunks = list(read_chunks(src, chunk_rows=20))
    assert [len(c) for c in chunks] == [20, 20, 20, 20, 10]
    assert [r["id"] for c in chunks for r in c] == [r["id"] for r in rows]
    assert count_rows(src) == len(rows)


BAD_LINES = [
    # (line, expected reason fragment)
    ("not json", "line 2: not JSON"),
    ("[1, 2]", "line 2: not a JSON object"),
    ('{"id": "x", "name": "Heihe", "near": "north"}', "near='north' is not 'LAT,LON'"),
    ('{"id": "x", "name": 42}', "no 'name' string"),
    ('{"id": "x", "name": "Heihe", "near": [95, 10]}', "out of range"),
]


@pytest.mark.parametrize(("line", "reason"), BAD_LINES)
def test_bad_rows_reach_the_output_with_their_reason(tmp_path, line, reason):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "name": "Harbin"}\n' + line + "\n\n", encoding="utf-8")
    geocode_file(src, tmp_path / "out.jsonl")
    out = read_jsonl(tmp_path / "out.jsonl")
    assert len(out) == 2 and out[0]["resolved"] is True
    assert out[1]["resolved"] is False and reason in out[1]["reason"]
    assert out[1]["id"] in ("x", "line:2")  # no id: the line, as text


BAD_FILES = [
    # (file name, content, error fragment)
    ("in.txt", "Harbin\n", "cannot tell the format"),
    ("in.csv", "id,place\n1,Harbin\n", "no 'name' column"),
    ("missing.jsonl", None, "does not exist"),
    ("in.csv", b"id,name\n1,Harbin \xff\n", "not UTF-8"),
]


@pytest.mark.parametrize(("fname", "content", "message"), BAD_FILES)
def test_bad_files_raise_a_clear_error(tmp_path, fname, content, message):
    src = tmp_path / fname
    if isinstance(content, bytes):
        src.write_bytes(content)
    elif content is not None:
        src.write_text(content, encoding="utf-8")
    with pytest.raises(BatchError, match=message):
        geocode_file(src, tmp_path / "out.jsonl")


def test_workers_must_be_positive(tmp_path):
    src = write_jsonl(make_rows(2), tmp_path / "in.jsonl")
    with pytest.raises(BatchError, match="workers=0"):
        geocode_file(src, tmp_path / "out.jsonl", workers=0)


def test_missing_ids_become_row_numbers(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("name\nHarbin\nHeihe\n", encoding="utf-8")
    geocode_file(src, tmp_path / "out.jsonl")
    assert [r["id"] for r in read_jsonl(tmp_path / "out.jsonl")] == ["line:2", "line:3"]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_resume_after_a_torn_write(rows, reference, tmp_path, suffix):
    """A killed run leaves OUT.partial with a torn last line; the rerun finishes it."""
    src = write_input(rows, tmp_path / "in.jsonl")
    full = tmp_path / f"full{suffix}"
    geocode_file(src, full)
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    keep = 31 if suffix == ".jsonl" else 32  # + the CSV header
    out = tmp_path / f"out{suffix}"
    partial = out.with_name(out.name + ".partial")
    partial.write_text("".join(lines[:keep]) + lines[keep][:25], encoding="utf-8")
    summary = geocode_file(src, out)
    assert summary.n_skipped == 31 and summary.n_rows == len(rows) - 31
    assert out.read_text(encoding="utf-8") == full.read_text(encoding="utf-8")
    assert not partial.exists()


def test_resume_parquet_parts(rows, reference, tmp_path):
    src = write_input(rows, tmp_path / "in.jsonl")
    out = tmp_path / "out.parquet"
    geocode_file(src, out)
    # a finished output is continued when asked: new ids appended, old ones skipped
    more = [*rows, {"id": "new", "name": "Harbin"}]
    write_input(more, src)
    with pytest.raises(BatchError, match="--append"):
        geocode_file(src, out)
    summary = geocode_file(src, out, append=True)
    assert (summary.n_skipped, summary.n_rows) == (len(rows), 1)
    got = read_output(out)
    assert comparable(got[:-1]) == comparable(reference) and got[-1]["id"] == "new"


def test_duplicate_ids_are_resumed_by_count(tmp_path):
    rows = [{"id": "same", "name": n} for n in ("Harbin", "Heihe", "Suifenhe")]
    src = write_jsonl(rows, tmp_path / "in.jsonl")
    geocode_file(src, tmp_path / "full.jsonl")
    full = (tmp_path / "full.jsonl").read_text(encoding="utf-8")
    (tmp_path / "out.jsonl.partial").write_text(full.splitlines(keepends=True)[0])
    summary = geocode_file(src, tmp_path / "out.jsonl")
    assert (summary.n_skipped, summary.n_rows) == (1, 2)
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == full


def test_restart_discards_earlier_output(rows, tmp_path):
    src = write_input(rows[:5], tmp_path / "in.jsonl")
    geocode_file(src, tmp_path / "out.jsonl")
    summary = geocode_file(src, tmp_path / "out.jsonl", resume=False)
    assert (summary.n_skipped, summary.n_rows) == (0, 5)


def test_killed_process_resumes_without_loss_or_duplicates(tmp_path):
    """SIGKILL a real `geo geocode --input` mid-run; the rerun completes the file."""
    # a distinct context per row: no answer comes from the per-process cache
    rows = [
        {**r, "context": f"{r.get('context', '')} item {i}"} for i, r in enumerate(make_rows(3000))
    ]
    src = write_jsonl(rows, tmp_path / "in.jsonl")
    out = tmp_path / "out.jsonl"
    partial = tmp_path / "out.jsonl.partial"
    code = (
        "import sys; from geo.batch import geocode_file; "
        "geocode_file(sys.argv[1], sys.argv[2], chunk_rows=100, show_progress=False)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(src), str(out)])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if partial.exists() and partial.stat().st_size > 50_000:
            break
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.skip("the batch finished before it could be killed (machine too fast)")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert partial.exists() and not out.exists()
    summary = geocode_file(src, out, chunk_rows=100)
    assert summary.n_skipped > 0 and summary.n_skipped + summary.n_rows == len(rows)
    got = read_jsonl(out)
    assert [r["id"] for r in got] == [r["id"] for r in rows]
    ref = tmp_path / "ref.jsonl"
    geocode_file(src, ref, chunk_rows=1000)
    assert got == read_jsonl(ref)


runner = CliRunner()


def test_cli_jsonl_stdin_to_stdout():
    from geo.cli import app

    res = runner.invoke(
        app, ["geocode", "--input", "-"], input='{"id": "a", "name": "Harbin"}\nnope\n'
    )
    assert res.exit_code == 0, res.output
    out = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    assert [r["id"] for r in out] == ["a", "line:2"]
    assert out[0]["resolved"] is True and "not JSON" in out[1]["reason"]


def test_cli_csv_with_workers_then_resume(rows, reference, tmp_path):
    from geo.cli import app

    src = write_input(rows, tmp_path / "in.csv")
    out = tmp_path / "out.parquet"
    res = runner.invoke(app, ["geocode", "-i", str(src), "-o", str(out), "--workers", "2"])
    assert res.exit_code == 0, res.output
    assert comparable(read_output(out)) == comparable(reference)
    res = runner.invoke(app, ["geocode", "-i", str(src), "-o", str(out), "--append"])
    assert res.exit_code == 0 and f"{len(rows)} already written" in res.output


def test_cli_bad_input_names_the_file(tmp_path):
    from geo.cli import app

    res = runner.invoke(app, ["geocode", "-i", str(tmp_path / "nope.csv")])
    assert res.exit_code == 1 and "does not" in res.output and "nope.csv" in res.output


# ids of rows without one: text naming the line (row), never a number another row uses
MISSING_IDS = [
    ("in.jsonl", '{"name": "Harbin"}\n{"id": 1, "name": "Heihe"}\n', ["line:1", 1]),
    ("in.csv", "id,name\n,Harbin\n1,Heihe\n", ["line:2", "1"]),
]


@pytest.mark.parametrize(("fname", "content", "ids"), MISSING_IDS)
def test_missing_ids_name_the_line(tmp_path, fname, content, ids):
    src = tmp_path / fname
    src.write_text(content, encoding="utf-8")
    summary = geocode_file(src, tmp_path / "out.jsonl")
    assert [r["id"] for r in read_jsonl(tmp_path / "out.jsonl")] == ids
    assert summary.n_duplicate_ids == 0


def test_missing_ids_of_parquet_rows(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    src = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist([{"id": None, "name": "Harbin"}]), src)
    geocode_file(src, tmp_path / "out.jsonl")
    assert read_jsonl(tmp_path / "out.jsonl")[0]["id"] == "row:1"


DUPLICATES = [
    # (ids of the input rows, duplicate count)
    (["a", "b", "c"], 0),
    (["a", "a", "b"], 1),
    ([1, 1, 1], 2),
    (["1", 1], 1),  # JSON 1 and "1" are one id in every output format
]


@pytest.mark.parametrize(("ids", "n_dup"), DUPLICATES)
def test_duplicate_ids_are_counted_and_kept(tmp_path, ids, n_dup):
    src = write_jsonl([{"id": i, "name": "Harbin"} for i in ids], tmp_path / "in.jsonl")
    summary = geocode_file(src, tmp_path / "out.jsonl")
    assert len(read_jsonl(tmp_path / "out.jsonl")) == len(ids)  # no row lost
    assert summary.n_duplicate_ids == n_dup
    assert len(summary.duplicate_ids) == n_dup


def test_cli_warns_about_duplicate_ids(tmp_path):
    from geo.cli import app

    src = write_jsonl(
        [{"id": 7, "name": "Harbin"}, {"id": 7, "name": "Heihe"}], tmp_path / "i.jsonl"
    )
    res = runner.invoke(app, ["geocode", "-i", str(src), "-o", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 0, res.output
    assert "1 input rows reuse an id" in res.output and "7" in res.output


ROW_COUNTRIES = [
    # (country of the row, resolved, reason fragment)
    ("CN", True, None),
    ("China", True, None),
    ("ZZ", False, "country='ZZ' is not an ISO 3166-1 alpha-2 code"),
    ("Atlantis", False, "country='Atlantis' is not a known country"),
]


@pytest.mark.parametrize(("country", "resolved", "reason"), ROW_COUNTRIES)
def test_row_country_is_checked(tmp_path, country, resolved, reason):
    src = write_jsonl([{"id": "a", "name": "Harbin", "country": country}], tmp_path / "in.jsonl")
    geocode_file(src, tmp_path / "out.jsonl")
    (row,) = read_jsonl(tmp_path / "out.jsonl")
    assert row["resolved"] is resolved
    if reason:
        assert reason in row["reason"]


BAD_OPTIONS = [
    # (CLI arguments after the input, error fragment)
    (["--country", "XX"], "country='XX' is not an ISO 3166-1 alpha-2 code"),
    (["--dask", "localhost"], "with its port"),
    (["--dask", "tcp://"], "with its port"),
]


@pytest.mark.parametrize(("args", "error"), BAD_OPTIONS)
def test_cli_bad_options_fail_in_one_line(tmp_path, args, error):
    from geo.cli import app

    src = write_jsonl([{"id": "a", "name": "Harbin"}], tmp_path / "in.jsonl")
    res = runner.invoke(app, ["geocode", "-i", str(src), "-o", str(tmp_path / "o.jsonl"), *args])
    assert res.exit_code == 1
    assert error in " ".join(res.output.split())
    assert "Traceback" not in res.output


def test_dask_without_scheduler_fails_fast(tmp_path):
    import socket

    import distributed  # noqa: F401  (declared in the test extra: fail, never skip)

    from geo.batch import DASK_CONNECT_TIMEOUT_S

    with socket.socket() as sock:  # a free loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    src = write_jsonl([{"id": "a", "name": "Harbin"}], tmp_path / "in.jsonl")
    t0 = time.perf_counter()
    with pytest.raises(BatchError, match="no Dask scheduler answers"):
        geocode_file(src, tmp_path / "o.jsonl", dask=f"tcp://127.0.0.1:{port}")
    assert time.perf_counter() - t0 < DASK_CONNECT_TIMEOUT_S + 5
