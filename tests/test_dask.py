"""Batch geocoding on a Dask LocalCluster (2 worker processes on loopback).

Results must equal the single-process run row for row, with the workers' own cache
or a shipped index, and when a worker is killed mid-run.
"""

from __future__ import annotations

import os
import signal

import dask.dataframe as dd
import distributed
import pandas as pd
import pytest

from geo.batch import geocode_dataframe, geocode_file
from tests.batch_data import make_rows, read_jsonl, write_jsonl


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        worker_dashboard_address=None,
    )
    c = distributed.Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


def distinct_rows(n: int) -> list[dict]:
    """Rows whose context differs, so no answer comes from a per-process cache."""
    return [
        {**r, "context": f"{r.get('context', '')} item {i}"} for i, r in enumerate(make_rows(n))
    ]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    d = tmp_path_factory.mktemp("dask")
    rows = distinct_rows(600)
    src = write_jsonl(rows, d / "in.jsonl")
    geocode_file(src, d / "ref.jsonl", show_progress=False)
    return rows, src, read_jsonl(d / "ref.jsonl")


def kill_one_worker(client) -> int:
    """SIGKILL one worker process (its nanny starts a new one); return the pid."""
    pids = client.run(os.getpid)
    pid = sorted(pids.values())[0]
    os.kill(pid, signal.SIGKILL)
    return pid


@pytest.mark.parametrize("ship_index", [False, True], ids=["own-cache", "shipped-index"])
def test_file_on_cluster_equals_single_process(client, data, tmp_path, ship_index):
    _rows, src, ref = data
    out = tmp_path / "out.jsonl"
    summary = geocode_file(src, out, dask=client, ship_index=ship_index, chunk_rows=50)
    assert summary.engine.startswith("dask:tcp://127.0.0.1")
    assert read_jsonl(out) == ref


def test_dataframe_on_cluster_equals_single_process(client, data):
    rows, _src, ref = data
    df = pd.DataFrame(rows)
    got = geocode_dataframe(dd.from_pandas(df, npartitions=6), client=client).compute()
    assert list(got.index) == list(df.index)
    assert got["id"].tolist() == [r["id"] for r in ref]
    for col in ("gazetteer_id", "matched_name", "reason"):
        assert got[col].astype(object).where(got[col].notna(), None).tolist() == [
            r[col] for r in ref
        ]
    for col in ("lat", "lon"):
        assert [None if v != v else v for v in got[col].tolist()] == [r[col] for r in ref]
    # the pandas path (no cluster) gives the same frame
    local = geocode_dataframe(df)
    pd.testing.assert_frame_equal(local, got)


def test_killed_worker_loses_and_duplicates_nothing(client, data, tmp_path):
    rows, src, ref = data
    out = tmp_path / "out.jsonl"
    killed: list[int] = []

    def kill_after_first_chunk(n_written: int) -> None:
        if not killed:
            killed.append(kill_one_worker(client))

    summary = geocode_file(src, out, dask=client, chunk_rows=20, on_chunk=kill_after_first_chunk)
    assert killed, "no worker was killed"
    assert summary.n_rows == len(rows)
    got = read_jsonl(out)
    assert [r["id"] for r in got] == [r["id"] for r in rows]  # none lost, none twice
    assert got == ref
    client.wait_for_workers(2, timeout=30)
    assert killed[0] not in client.run(os.getpid).values()


def test_killed_worker_dataframe(client, data):
    rows, _src, ref = data
    ddf = dd.from_pandas(pd.DataFrame(rows), npartitions=12)
    result = geocode_dataframe(ddf, client=client)
    futures = client.compute(result.to_delayed())
    distributed.wait(futures[:1])
    kill_one_worker(client)
    parts = client.gather(futures)
    got = pd.concat(parts)
    assert got["id"].tolist() == [r["id"] for r in ref]
    assert [None if v != v else v for v in got["lat"].tolist()] == [r["lat"] for r in ref]
    client.wait_for_workers(2, timeout=30)


def test_records_to_partitioned_geoparquet(client, tmp_path):
    import dask_geopandas  # noqa: F401  (declared in the test extra: fail, never skip)
    import geopandas as gpd

    from geo.batch import geocode_chunk
    from geo.layers import records_to_geoparquet

    places = ["Harbin", "Heihe", "Qwxzrtplk", "Vladivostok", "Tongjiang"]
    df = pd.DataFrame(
        {"id": [f"rec-{i}" for i in range(200)], "place": [places[i % 5] for i in range(200)]}
    )
    info = records_to_geoparquet(df, tmp_path / "rec", npartitions=4, client=client)
    assert (info["parts"], info["rows"], info["located"]) == (4, 200, 160)
    got = gpd.read_parquet(tmp_path / "rec")
    assert got.crs.to_epsg() == 4326 and got["id"].tolist() == df["id"].tolist()
    ref = geocode_chunk([{"id": i, "name": p} for i, p in enumerate(df["place"])])
    for (_, row), r in zip(got.iterrows(), ref, strict=True):
        if r["resolved"]:
            assert (row.geometry.x, row.geometry.y) == (r["lon"], r["lat"])  # lon/lat
        else:
            assert row.geometry is None and row["locate_reason"] == r["reason"]


def test_build_layers_to_partitioned_geoparquet(client, built, tmp_path):
    import dask_geopandas  # noqa: F401  (declared in the test extra: fail, never skip)
    import geopandas as gpd

    from geo.pipeline import _write_on_dask

    layers = {p.stem: gpd.read_file(p) for p in sorted((built / "layers").glob("*.geojson"))}
    assert layers
    files = _write_on_dask(layers, tmp_path, client)
    assert files and all(f.parent.parent == tmp_path / "parquet" for f in files)
    for name, gdf in layers.items():
        back = gpd.read_parquet(tmp_path / "parquet" / name)
        assert len(back) == len(gdf) and back.crs.to_epsg() == 4326
        assert back.geometry.equals(gdf.geometry.reset_index(drop=True))


@pytest.mark.parametrize(
    ("stray", "kind"),
    [("notes.txt", "file"), ("part.0.parquet.bak", "file"), ("sub", "dir")],
)
def test_partitioned_output_never_deletes_foreign_files(tmp_path, stray, kind):
    """An out_dir holding anything but part.N.parquet/_metadata is left alone."""
    import geopandas as gpd

    from geo.errors import LayerError
    from geo.layers import records_to_geoparquet, write_layers_partitioned

    out = tmp_path / "out"
    out.mkdir()
    (out / "part.0.parquet").write_bytes(b"old")
    (out / stray).mkdir() if kind == "dir" else (out / stray).write_text("mine")
    df = pd.DataFrame({"id": ["a"], "place": ["Harbin"]})
    with pytest.raises(LayerError, match=f"refusing to replace .*{stray}"):
        records_to_geoparquet(df, out)
    layer = gpd.GeoDataFrame({"id": ["a"]}, geometry=gpd.points_from_xy([1], [2]), crs=4326)
    with pytest.raises(LayerError, match="refusing to replace"):
        write_layers_partitioned({"ok": layer, "out": layer}, tmp_path)
    assert (out / stray).exists() and (out / "part.0.parquet").read_bytes() == b"old"
    assert not (tmp_path / "ok").exists()  # checked before any layer is replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_partitioned_output_is_swapped_in(client, tmp_path):
    """A rerun replaces the dataset as a whole (no stale parts), via a sibling
    temp folder that does not outlive the call; a failed write keeps the old one."""
    import dask_geopandas  # noqa: F401  (declared in the test extra: fail, never skip)

    from geo.layers import records_to_geoparquet
    from geo.layers._dask import _replace_folder

    df = pd.DataFrame({"id": [f"r{i}" for i in range(40)], "place": ["Harbin"] * 40})
    out = tmp_path / "rec"
    assert records_to_geoparquet(df, out, npartitions=4, client=client)["parts"] == 4
    info = records_to_geoparquet(df.head(10), out, npartitions=2, client=client)
    assert (info["parts"], info["rows"]) == (2, 10)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rec"]

    def fail(tmp):
        tmp.mkdir()
        (tmp / "part.0.parquet").write_bytes(b"half")
        raise OSError("disk full")

    before = sorted(p.name for p in out.iterdir())
    with pytest.raises(OSError, match="disk full"):
        _replace_folder(out, fail)
    assert sorted(p.name for p in out.iterdir()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rec"]
