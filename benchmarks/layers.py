"""Benchmark: 100,000 synthetic records → layers, side by side with GeoDataFrame.to_file.

Usage::

    python benchmarks/layers.py [--n 100000] [--corridor-share 0.05]

Builds synthetic records (facilities with coordinates, capacities and investments;
short corridors in the Amur region, some crossing the Russia–China border), then
measures in the same run, each step in a fresh forked process:

* ours: ``build_layers`` (typed frames, antimeridian split, geodesic lengths,
  border crossings against Natural Earth 1:10m) + ``write_layers`` (GeoJSON + .qml;
  then GeoPackage with styles);
* peer: ``GeoDataFrame.to_file(engine="pyogrio")`` writing the same features
  (the layers ours produced) to GeoJSON, then to a GeoPackage.

Prints wall time, peak resident memory above the parent at fork time, and the ratio
ours / peer.  Record construction (pydantic validation) is input, not timed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np


def synthetic(n: int, corridor_share: float, seed: int = 7):
    from geo.records import Record, RecordSet, Source

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
    src = Source(id="s", title="Synthetic", url="https://example.org/synthetic")
    return RecordSet(
        records=[Record.model_validate(r) for r in recs], places=[], sources={"s": src}, origin={}
    )


def _no_geocoder(name, **_):
    return SimpleNamespace(resolved=False, reason="synthetic records carry coordinates")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(fn, args, q):
    base = _now_rss_mb()
    t = time.perf_counter()
    fn(*args)
    q.put((time.perf_counter() - t, _rss_mb() - base))


def _now_rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure(fn, *args) -> tuple[float, float]:
    ctx = mp.get_context("fork")
    q = ctx.Queue()
    p = ctx.Process(target=_child, args=(fn, args, q))
    p.start()
    res = q.get()
    p.join()
    return res


def ours(recset, out: str, formats: str) -> None:
    from geo.layers import build_layers, write_layers

    ls = build_layers(recset, geocoder=_no_geocoder)
    write_layers(ls, out, formats=formats)


def peer(layers, out: str, driver: str) -> None:
    ext = "geojson" if driver == "GeoJSON" else "gpkg"
    for name, gdf in layers.items():
        if driver == "GeoJSON":
            gdf.to_file(Path(out) / f"{name}.{ext}", driver=driver, engine="pyogrio")
        else:
            gdf.to_file(Path(out) / "peer.gpkg", layer=name, driver=driver, engine="pyogrio")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--corridor-share", type=float, default=0.05)
    a = ap.parse_args()
    from geo._naturalearth import load_countries
    from geo.layers import build_layers

    t = time.perf_counter()
    recset = synthetic(a.n, a.corridor_share)
    print(f"{a.n:,} synthetic records built in {time.perf_counter() - t:.1f} s (not timed)")
    load_countries()  # warm the Natural Earth cache in the parent, for both sides
    layers = build_layers(recset, geocoder=_no_geocoder).layers
    counts = ", ".join(f"{k} {len(v):,}" for k, v in layers.items())
    print(f"features: {counts}")
    tmp = Path(tempfile.mkdtemp(prefix="geo-bench-"))
    rows = []
    try:
        for label, fmt, driver in (
            ("GeoJSON", "geojson", "GeoJSON"),
            ("GeoPackage", "gpkg", "GPKG"),
        ):
            for side in ("peer", "ours"):
                d = tmp / f"{side}-{fmt}"
                d.mkdir()
                if side == "ours":
                    rows.append((label, side, *measure(ours, recset, str(d), fmt)))
                else:
                    rows.append((label, side, *measure(peer, layers, str(d), driver)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{'format':<11} {'side':<5} {'time s':>7} {'peak MB':>8}")
    for label, side, secs, mb in rows:
        print(f"{label:<11} {side:<5} {secs:7.2f} {mb:8.0f}")
    for label in ("GeoJSON", "GeoPackage"):
        (p,) = [r for r in rows if r[0] == label and r[1] == "peer"]
        (o,) = [r for r in rows if r[0] == label and r[1] == "ours"]
        print(
            f"{label}: ours / to_file = {o[2] / p[2]:.2f}x time, {o[3] / max(p[3], 1):.2f}x memory"
        )


if __name__ == "__main__":
    main()
