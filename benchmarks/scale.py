"""Scale benchmark: a million names through geo.batch, and a million records to GeoParquet.

Run from the repository root (needs the ``dask`` extra for the cluster parts)::

    python benchmarks/scale.py                       # 1,000,000 names, every engine
    python benchmarks/scale.py --n 100000 --skip-cluster
    python benchmarks/scale.py --json scale.json     # also write the figures

(a) Synthetic input drawn from the gazetteer's own names (``places.name`` in the
    index), weighted by population (a Zipf-like head, as in a news archive), 10 % with
    a typo (one letter dropped, doubled or swapped), grouped in "articles" of 8 names
    of which half carry their article's names as ``context`` (one string shared by the
    article's rows, like an article's text); written as JSONL in a temporary folder.
(b) The same file through one process, ``--workers 2`` and a Dask LocalCluster of 2
    worker processes on loopback, each in its own subprocess: wall time, names per
    second, peak memory (summed RSS of the whole process tree, sampled every 0.2 s)
    and the scaling factor against the single process. The outputs are compared row
    for row.
(c) The peer in the same run: a plain loop calling ``geo.gazetteer.geocode`` once per
    name (no batching, no answer cache) on a sample, and the per-kind cost
    (exact / typo / context) of one uncached name.
(d) 1,000,000 records (point facilities named by place) → dask-geopandas →
    partitioned GeoParquet (:func:`geo.layers.records_to_geoparquet`).

Nothing here is a timed test; the figures go to the README.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

ARTICLE = 8


def typo(name: str, rng: random.Random) -> str:
    """One edit: drop, double or swap a letter (names of 5+ letters only)."""
    if len(name) < 5:
        return name
    i = rng.randrange(1, len(name) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return name[:i] + name[i + 1 :]
    if kind == 1:
        return name[:i] + name[i] + name[i:]
    return name[: i - 1] + name[i] + name[i - 1] + name[i + 1 :]


def make_input(path: Path, n: int, *, seed: int = 20260901) -> dict:
    """Write ``n`` synthetic rows to ``path`` (JSONL); return a description."""
    from geo.gazetteer import default_gazetteer

    gz = default_gazetteer()
    con = sqlite3.connect(f"file:{gz.index_path}?mode=ro", uri=True)
    pool = con.execute("SELECT name, population FROM places WHERE length(name) > 2").fetchall()
    con.close()
    names = [p[0] for p in pool]
    cum = list(itertools.accumulate(max(p[1] or 0, 500) ** 0.8 for p in pool))
    rng = random.Random(seed)
    keys: set = set()
    n_ctx = 0
    with path.open("w", encoding="utf-8") as fh:
        i = 0
        while i < n:
            k = min(ARTICLE, n - i)
            art = rng.choices(names, cum_weights=cum, k=k)
            art = [typo(a, rng) if rng.random() < 0.10 else a for a in art]
            # half the articles give their names as context: one string per article,
            # as when the context is the article's text
            ctx = "; ".join(art) if rng.random() < 0.5 else None
            for name in art:
                row: dict = {"id": i, "name": name}
                if ctx:
                    row["context"] = ctx
                    n_ctx += 1
                keys.add((name, row.get("context")))
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                i += 1
    return {
        "rows": n,
        "distinct_queries": len(keys),
        "pool_names": len(names),
        "with_context": n_ctx,
        "bytes": path.stat().st_size,
    }


# ---------------------------------------------------------------------------- runs


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        p = psutil.Process(pid)
        procs = [p, *p.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for q in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += q.memory_info().rss
    return total


def run_engine(engine: str, src: Path, out: Path) -> dict:
    """Run one engine in a subprocess; return wall time, rate and peak tree RSS."""
    import resource

    cmd = [sys.executable, __file__, "--run", engine, str(src), str(out)]
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            stop.wait(0.2)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    stdout, _ = proc.communicate()
    stop.set()
    t.join()
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"{engine} failed ({proc.returncode})")
    inner = json.loads(stdout.strip().splitlines()[-1])
    return {
        "engine": engine,
        "wall_s": round(wall, 1),
        "geocode_s": round(inner["seconds"], 1),
        "rows": inner["rows"],
        "names_per_s": round(inner["rows"] / inner["seconds"]),
        "peak_rss_mb": round(peak / 2**20),
        # CPU seconds of the whole tree (all processes): robust to other load
        "cpu_s": round(cpu, 1),
        "names_per_cpu_s": round(inner["rows"] / cpu) if cpu else None,
        "resolved_share": round(inner["resolved"] / inner["rows"], 4),
    }


def _child(engine: str, src: str, out: str) -> None:
    """Inside the subprocess: one geocode_file run, print a JSON summary line."""
    from geo.batch import geocode_file

    kwargs: dict = {"show_progress": False, "resume": False}
    if engine == "workers2":
        kwargs["workers"] = 2
    cluster = client = None
    t_cluster = 0.0
    if engine == "dask2":
        from distributed import Client, LocalCluster

        t = time.perf_counter()
        cluster = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
        client = Client(cluster)
        t_cluster = time.perf_counter() - t
        kwargs["dask"] = client
    s = geocode_file(src, out, chunk_rows=5000, **kwargs)
    if client is not None:
        client.close()
        cluster.close()
    print(
        json.dumps(
            {
                "rows": s.n_rows,
                "resolved": s.n_resolved,
                "seconds": s.seconds,
                "cluster_start_s": t_cluster,
            }
        )
    )


def same_rows(a: Path, b: Path) -> bool:
    """True when two JSONL outputs are identical line for line."""
    with a.open("rb") as fa, b.open("rb") as fb:
        while True:
            la, lb = fa.readline(), fb.readline()
            if la != lb:
                return False
            if not la:
                return True


def peer_loop(src: Path, n: int) -> dict:
    """A plain per-name loop over ``geocode`` (no batch, no cache) on the first rows."""
    from geo.gazetteer import geocode

    rows = []
    with src.open(encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if len(rows) >= n:
                break
    geocode("Harbin")  # open the index outside the timing
    kinds: dict[str, list[float]] = {"exact": [], "context": []}
    t0 = time.perf_counter()
    for r in rows:
        t = time.perf_counter()
        geocode(r["name"], context=r.get("context"))
        kinds["context" if r.get("context") else "exact"].append(time.perf_counter() - t)
    wall = time.perf_counter() - t0
    rng = random.Random(3)
    typos = [typo(r["name"], rng) for r in rows[:300]]
    t = time.perf_counter()
    for name in typos:
        geocode(name)
    typo_ms = (time.perf_counter() - t) / len(typos) * 1e3
    return {
        "rows": len(rows),
        "names_per_s": round(len(rows) / wall),
        "ms_per_name_no_context": round(sum(kinds["exact"]) / max(len(kinds["exact"]), 1) * 1e3, 3),
        "ms_per_name_context": round(
            sum(kinds["context"]) / max(len(kinds["context"]), 1) * 1e3, 3
        ),
        "ms_per_typo_name": round(typo_ms, 3),
    }


def records_parquet(n: int, workdir: Path, *, use_cluster: bool) -> dict:
    """n synthetic point records (facilities named by a place) → partitioned GeoParquet."""
    import pandas as pd

    from geo.layers import records_to_geoparquet

    rng = random.Random(11)
    src = workdir / "in.jsonl"
    places = []
    with src.open(encoding="utf-8") as fh:
        for line in fh:
            places.append(json.loads(line)["name"])
            if len(places) >= 50_000:
                break
    kinds = ["bridge", "border_crossing", "terminal", "port", "logistics_hub", "pipeline"]
    status = ["operating", "construction", "proposed", "shelved", "cancelled"]
    df = pd.DataFrame(
        {
            "id": [f"rec-{i:07d}" for i in range(n)],
            "name": [f"Facility {i}" for i in range(n)],
            "type": [rng.choice(kinds) for _ in range(n)],
            "status": [rng.choice(status) for _ in range(n)],
            "place": [rng.choice(places) for _ in range(n)],
            "investment_usd": [rng.randrange(1, 5000) * 1e6 for _ in range(n)],
        }
    )
    out = workdir / "records.parquet"
    client = cluster = None
    if use_cluster:
        from distributed import Client, LocalCluster

        cluster = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
        client = Client(cluster)
    t0 = time.perf_counter()
    info = records_to_geoparquet(df, out, npartitions=20, client=client)
    wall = time.perf_counter() - t0
    if client is not None:
        client.close()
        cluster.close()
    size = sum(f.stat().st_size for f in out.rglob("*.parquet"))
    return {
        "records": n,
        "seconds": round(wall, 1),
        "records_per_s": round(n / wall),
        "parts": info["parts"],
        "located": info["located"],
        "size_mb": round(size / 1e6, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="names (and records)")
    ap.add_argument("--skip-cluster", action="store_true", help="no LocalCluster runs")
    ap.add_argument("--skip-parquet", action="store_true", help="no records → GeoParquet")
    ap.add_argument("--peer-n", type=int, default=20_000, help="rows for the plain loop")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--run", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.run:
        _child(*args.run)
        return 0
    fig: dict = {"cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="geo-scale-") as tmp:
        d = Path(tmp)
        src = d / "in.jsonl"
        t = time.perf_counter()
        fig["input"] = make_input(src, args.n)
        fig["input"]["make_s"] = round(time.perf_counter() - t, 1)
        print(f"input: {fig['input']}", flush=True)
        fig["peer_loop"] = peer_loop(src, args.peer_n)
        print(f"peer (plain geocode loop): {fig['peer_loop']}", flush=True)
        engines = ["serial", "workers2"] + ([] if args.skip_cluster else ["dask2"])
        runs = {}
        for e in engines:
            runs[e] = run_engine(e, src, d / f"out-{e}.jsonl")
            print(f"{e}: {runs[e]}", flush=True)
        base = runs["serial"]["names_per_s"]
        for e, r in runs.items():
            r["scaling_vs_serial"] = round(r["names_per_s"] / base, 2)
            r["vs_peer_loop"] = round(r["names_per_s"] / fig["peer_loop"]["names_per_s"], 1)
            if e != "serial":
                r["identical_to_serial"] = same_rows(d / "out-serial.jsonl", d / f"out-{e}.jsonl")
            r["one_million_in_min"] = round(1e6 / r["names_per_s"] / 60, 2)
        fig["runs"] = runs
        for e in engines:
            (d / f"out-{e}.jsonl").unlink()
        if not args.skip_parquet:
            fig["records_to_geoparquet"] = records_parquet(
                args.n, d, use_cluster=not args.skip_cluster
            )
            print(f"records → GeoParquet: {fig['records_to_geoparquet']}", flush=True)
    print()
    print(f"{'engine':<10}{'names/s':>10}{'wall s':>9}{'peak MB':>9}{'×serial':>9}{'×peer':>8}")
    for e, r in fig["runs"].items():
        print(
            f"{e:<10}{r['names_per_s']:>10,}{r['wall_s']:>9}{r['peak_rss_mb']:>9}"
            f"{r['scaling_vs_serial']:>9}{r['vs_peer_loop']:>8}"
            + ("" if e == "serial" else f"  identical={r['identical_to_serial']}")
        )
    if args.json:
        args.json.write_text(json.dumps(fig, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
