"""Benchmark: loading 100,000 YAML records, side by side with ``yaml.CSafeLoader``.

Usage::

    python benchmarks/records.py [--n 100000] [--files 1000] [--repeat 3] [--profile]

Writes ``--n`` synthetic records (facilities with coordinates, capacities,
investments, parties with shares; a few pipelines with segments) into ``--files``
YAML files of a temporary seeds folder, then measures in one run, sides alternating:

* peer: ``yaml.load_all(text, Loader=yaml.CSafeLoader)`` of every file (parse only:
  no line numbers, no checks);
* peer with the cyclic garbage collector paused, as ``load_records`` pauses it (the
  fair comparison of the work done);
* ours: :func:`geo.records.load_records` of the same folder (UTF-8 check, structure
  limits, node tree with line numbers, duplicate keys, pydantic validation, every
  source reference resolved, ids unique across files).

Prints the best wall time of ``--repeat`` runs of each side and the ratios ours / peer
(the issue's bound: at most 2) and ours / peer with the GC paused. ``--profile``
prints the top of a cProfile of ours.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import shutil
import tempfile
import time
from pathlib import Path

import yaml

_STATUSES = ("operating", "construction", "proposed", "shelved")


def _record(i: int, rng: random.Random) -> dict:
    d: dict = {
        "id": f"f{i:06d}",
        "name": f"Facility {i}",
        "type": ("logistics_hub", "terminal", "port", "border_crossing")[i % 4],
        "status": _STATUSES[i % 4],
        "countries": ["RU"],
        "location": {
            "lat": round(rng.uniform(42, 55), 6),
            "lon": round(rng.uniform(115, 140), 6),
            "source": "s#p1",
        },
    }
    if i % 3 == 0:
        d["capacities"] = [
            {"commodity": "crude_oil", "value": round(rng.uniform(1, 30), 2), "unit": "Mt/yr",
             "source": "s#p2"},
        ]  # fmt: skip
    if i % 5 == 0:
        d["investment"] = {"amount": round(rng.uniform(1e6, 1e10), -3), "currency": "CNY",
                           "date": "2023-09-20", "source": "s#p3"}  # fmt: skip
    if i % 7 == 0:
        d["parties"] = [{"name": f"Owner {i}", "role": "owner", "share_pct": 50, "source": "s"}]
    return d


def write_seeds(folder: Path, n: int, files: int, seed: int = 7) -> None:
    """Write ``n`` records into ``files`` YAML files of ``folder/records``, plus sources."""
    rng = random.Random(seed)
    (folder / "records").mkdir(parents=True)
    (folder / "sources.yaml").write_text(
        "- {id: s, title: Synthetic, url: 'https://example.org/synthetic'}\n", encoding="utf-8"
    )
    per = -(-n // files)
    for f in range(files):
        recs = [_record(i, rng) for i in range(f * per, min(n, (f + 1) * per))]
        text = yaml.safe_dump(recs, sort_keys=False, allow_unicode=True)
        (folder / "records" / f"part-{f:05d}.yaml").write_text(text, encoding="utf-8")


def peer(folder: Path) -> int:
    count = 0
    for p in sorted((folder / "records").glob("*.yaml")):
        for doc in yaml.load_all(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader):
            count += len(doc)
    return count


def peer_gc_paused(folder: Path) -> int:
    """The peer with the cyclic GC paused too, as ``load_records`` pauses it."""
    import gc

    gc.disable()
    try:
        return peer(folder)
    finally:
        gc.enable()


def ours(folder: Path) -> int:
    from geo.records import load_records

    return len(load_records(folder).records)


def _best(fn, folder: Path, repeat: int) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(repeat):
        t = time.perf_counter()
        count = fn(folder)
        best = min(best, time.perf_counter() - t)
    return best, count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    a = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="geo-bench-records-"))
    try:
        write_seeds(folder, a.n, a.files)
        ours(folder)  # warm: imports, pint registry, ECB rates (not what is measured)
        if a.profile:
            prof = cProfile.Profile()
            prof.runcall(ours, folder)
            pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
        times = {"peer": [], "peer_gc": [], "ours": []}
        sides = (("peer", peer), ("peer_gc", peer_gc_paused), ("ours", ours))
        for _ in range(a.repeat):  # alternate sides: the machine may be shared
            for name, fn in sides:
                secs, count = _best(fn, folder, 1)
                times[name].append(secs)
        p, pg, o = min(times["peer"]), min(times["peer_gc"]), min(times["ours"])
        print(f"records: {a.n:,} in {a.files:,} files ({count:,} loaded)")
        print(f"peer yaml.load_all(CSafeLoader):             {p:.2f} s")
        print(f"peer, cyclic GC paused (as ours pauses it):  {pg:.2f} s")
        print(f"ours geo.records.load_records:               {o:.2f} s")
        print(
            f"ratio ours / peer: {o / p:.2f} (bound: 2.00); ours / peer with GC paused: "
            f"{o / pg:.2f}"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
