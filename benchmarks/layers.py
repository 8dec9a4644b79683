"""Benchmark: 100,000 synthetic records → layers, side by side with GeoDataFrame.to_file.

Usage::

    python benchmarks/layers.py [--n 100000] [--corridor-share 0.05] [--repeat 3]
                                [--formats geojson,gpkg] [--load]

Builds synthetic records (facilities with coordinates, capacities and investments;
short corridors in the Amur region, some crossing the Russia–China border), then
measures in the same run, each step in a fresh forked process, sides alternating:

* ours: ``build_layers`` (records → located, typed frames: citations, USD values,
  capacities in base units, antimeridian split, geodesic lengths, border crossings
  against Natural Earth 1:10m) + ``write_layers`` (GeoJSON: five ``.geojson`` with
  their ``.qml`` and ``build_report.json``; GeoPackage: ``atlas.gpkg`` with every
  layer and its ``layer_styles``, and ``build_report.json``);
* peer: ``GeoDataFrame.to_file(engine="pyogrio")``, default options, writing the
  same five GeoDataFrames that ours built (unpickled before the clock starts) to
  five ``.geojson`` files, or to the five layers of one ``.gpkg``, or both.

Runs: ``geojson``, ``gpkg`` (each a whole build for one format) and
``geojson+gpkg`` (the default ``geo build``: one build, both formats).

The parent process never builds layers, so ours starts without warm layer caches.
What both sides inherit: the validated records (construction, i.e. pydantic
validation, is input and not timed; ``--load`` times ``geo.records.load_records`` of
the same records from YAML separately), the imported modules, and what record
validation loads (ECB rates, the pint registry) and Natural Earth (loaded once in
the parent).

Prints, per side, the best wall time of ``--repeat`` runs (the machine may be
shared), the CPU time of that run, and the peak resident memory above the process
at fork time; then the ratio ours / peer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import os
import pickle
import resource
import shutil
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np


def synthetic_dicts(n: int, corridor_share: float, seed: int = 7) -> list[dict]:
    rng = np.random.default_rng(seed)
    recs = []
    n_cor = int(n * corridor_share)
    statuses = ["operating", "construction", "proposed", "shelved"]
    for i in range(n - n_cor):
        lat, lon = rng.uniform(42, 55), rng.uniform(115, 140)
        d = {
            "id": f"f{i:06d}",
            "name": f"Facility {i}",
            "type": ["logistics_hub", "terminal", "port", "border_crossing"][i % 4],
            "status": statuses[i % 4],
            "countries": ["RU"],
            "location": {"lat": round(lat, 9), "lon": round(lon, 9), "source": "s"},
        }
        if i % 3 == 0:
            d["capacities"] = [
                {"commodity": "crude_oil", "value": float(rng.uniform(1, 30)), "unit": "Mt/yr",
                 "source": "s"}
            ]  # fmt: skip
        if i % 5 == 0:
            d["investment"] = {"amount": float(rng.uniform(1e6, 1e10)), "currency": "USD",
                               "date": dt.date(2023, 9, 20), "source": "s"}  # fmt: skip
        recs.append(d)
    for i in range(n_cor):
        lat, lon = rng.uniform(47.5, 48.5), rng.uniform(131, 134.5)
        d = {
            "id": f"c{i:06d}",
            "name": f"Corridor {i}",
            "type": "railway",
            "mode": "rail",
            "status": statuses[i % 4],
            "countries": ["RU", "CN"],
            "route": {"accuracy": "low", "source": "s", "waypoints": [
                {"lat": lat, "lon": lon}, {"lat": lat - 0.3, "lon": lon + 0.1}]},
        }  # fmt: skip
        recs.append(d)
    return recs


_SOURCE = {"id": "s", "title": "Synthetic", "url": "https://example.org/synthetic"}


def synthetic(n: int, corridor_share: float, seed: int = 7):
    from geo.records import Record, RecordSet, Source

    recs = synthetic_dicts(n, corridor_share, seed)
    return RecordSet(
        records=[Record.model_validate(r) for r in recs],
        places=[],
        sources={"s": Source(**_SOURCE)},
        origin={},
    )


def _no_geocoder(name, **_):
    return SimpleNamespace(resolved=False, reason="synthetic records carry coordinates")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _now_rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _child(fn, args, q):
    base = _now_rss_mb()
    c = time.process_time()
    t = time.perf_counter()
    after = fn(*args)
    res = (time.perf_counter() - t, time.process_time() - c, _rss_mb() - base)
    if after is not None:
        after()  # outside the clock
    q.put(res)


def measure(fn, *args) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MB above the fork) of ``fn(*args)`` in a forked process."""
    ctx = mp.get_context("fork")
    q = ctx.Queue()
    p = ctx.Process(target=_child, args=(fn, args, q))
    p.start()
    res = q.get()
    p.join()
    return res


def ours(recset, out: str, fmt: str, keep: str | None = None):
    from geo.layers import build_layers, write_layers

    ls = build_layers(recset, geocoder=_no_geocoder)
    write_layers(ls, out, formats=fmt)

    def dump() -> None:  # the frames ours built, for the peer
        with open(keep, "wb") as f:
            pickle.dump(ls.layers, f, protocol=pickle.HIGHEST_PROTOCOL)

    return dump if keep else None


def peer(layers, out: str, drivers: list[str]) -> None:
    for driver in drivers:
        for name, gdf in layers.items():
            if driver == "GeoJSON":
                gdf.to_file(Path(out) / f"{name}.geojson", driver=driver, engine="pyogrio")
            else:
                gdf.to_file(Path(out) / "peer.gpkg", layer=name, driver=driver, engine="pyogrio")


def load(seeds: str) -> None:
    from geo.records import load_records

    load_records(seeds)


def _write_seeds(recs: list[dict], root: Path) -> None:
    import yaml

    (root / "records").mkdir(parents=True)
    (root / "sources.yaml").write_text(yaml.safe_dump([_SOURCE]), encoding="utf-8")
    with open(root / "records" / "synthetic.yaml", "w", encoding="utf-8") as f:
        yaml.dump(recs, f, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--corridor-share", type=float, default=0.05)
    ap.add_argument("--repeat", type=int, default=3, help="runs per side; best wall time kept")
    ap.add_argument(
        "--formats",
        default="geojson,gpkg,geojson+gpkg",
        help="comma-separated runs; geojson+gpkg is the default `geo build` (one build, "
        "both formats written; the peer writes both too)",
    )
    ap.add_argument("--load", action="store_true", help="also time load_records from YAML")
    a = ap.parse_args()
    from geo.reference import load_countries

    tmp = Path(tempfile.mkdtemp(prefix="geo-bench-"))
    try:
        if a.load:
            recs = synthetic_dicts(a.n, a.corridor_share)
            _write_seeds(recs, tmp / "seeds")
            del recs
            secs, cpu, mb = measure(load, str(tmp / "seeds"))
            print(
                f"load_records of {a.n:,} records from one YAML file: {secs:.1f} s "
                f"(CPU {cpu:.1f} s), peak {mb:.0f} MB (not part of the ratio)"
            )
        t = time.perf_counter()
        recset = synthetic(a.n, a.corridor_share)
        print(f"{a.n:,} synthetic records validated in {time.perf_counter() - t:.1f} s (input)")
        load_countries()  # warm the Natural Earth cache in the parent, for both sides
        fmts = [f.strip() for f in a.formats.split(",") if f.strip()]
        kept = tmp / "layers.pkl"
        results: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
        layers = None
        for rep in range(a.repeat):
            for fmt in fmts:
                drivers = [{"geojson": "GeoJSON", "gpkg": "GPKG"}[f] for f in fmt.split("+")]
                for side in ("ours", "peer") if rep % 2 == 0 else ("peer", "ours"):
                    if side == "peer" and layers is None:
                        with open(kept, "rb") as f:
                            layers = pickle.load(f)
                        counts = ", ".join(f"{k} {len(v):,}" for k, v in layers.items())
                        print(f"features: {counts}")
                    d = tmp / f"{side}-{fmt}-{rep}"
                    d.mkdir()
                    if side == "ours":
                        keep = str(kept) if not kept.exists() else None
                        res = measure(ours, recset, str(d), fmt.replace("+", ","), keep)
                    else:
                        res = measure(peer, layers, str(d), drivers)
                    results.setdefault((fmt, side), []).append(res)
                    shutil.rmtree(d, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    best = {k: min(v) for k, v in results.items()}
    print(f"best of {a.repeat} runs per side (wall, CPU of that run, peak memory):")
    print(f"{'format':<12} {'side':<5} {'wall s':>7} {'CPU s':>7} {'peak MB':>8}   all wall s")
    for (fmt, side), (secs, cpu, mb) in best.items():
        runs = " ".join(f"{r[0]:.2f}" for r in results[(fmt, side)])
        print(f"{fmt:<12} {side:<5} {secs:7.2f} {cpu:7.2f} {mb:8.0f}   {runs}")
    for fmt in fmts:
        o, p = best[(fmt, "ours")], best[(fmt, "peer")]
        print(
            f"{fmt}: ours / to_file = {o[0] / p[0]:.2f}x wall, {o[1] / p[1]:.2f}x CPU, "
            f"{o[2] / max(p[2], 1):.2f}x memory (target <= 1.5x)"
        )


if __name__ == "__main__":
    main()
