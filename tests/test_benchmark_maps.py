"""benchmarks/maps.py --basemap builds its pages (sizes only, no Chromium), so it cannot rot."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from geo.maps._offline import check_offline

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "maps.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_maps", BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_basemap_pages_are_built_and_sized_for_the_seed_layers(tmp_path: Path) -> None:
    bench = _bench()
    pages = bench.basemap_pages(tmp_path, runs=1)
    by_key = {p["key"]: p for p in pages}
    # The previous release's page comes from git: absent in a checkout without history.
    assert (
        {"ours", "ours_none", "folium"}
        <= set(by_key)
        <= {"ours", "ours_none", "previous", "folium"}
    )
    for p in pages:
        assert p["path"].stat().st_size == p["bytes"] > 10_000, p
        check_offline(p["path"].read_text(encoding="utf-8"))  # every page opens offline
    assert by_key["ours"]["bytes"] > by_key["ours_none"]["bytes"]  # the basemap is in it
    assert "geo-labels" in by_key["ours"]["path"].read_text(encoding="utf-8")
    peer = by_key["folium"]["path"].read_text(encoding="utf-8")
    assert "L.geoJson" in peer or "L.geoJSON" in peer
    table = bench.basemap_table(pages, runs=1)
    assert table.count("\n") == len(pages) + 1 and "| ours, reference basemap | " in table
