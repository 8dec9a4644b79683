"""Web map size and render time: geo.maps vs GeoDataFrame.explore() on the same points.

For 1k, 10k and 100k facility points (and the 150,000 of case S1 with ``--s1``) this
writes both pages to a temporary folder, reports their size, the Python time to
build them, and the time Chromium (Debian ``/usr/bin/chromium``, driven by
Playwright, every non-file request refused) takes until every point is drawn and
then until a zoom-in has been redrawn.  explore()'s page loads Leaflet from a CDN,
so offline it never draws anything: that is reported as "blank", which is the point.

Run:  python benchmarks/maps.py [--sizes 1000 10000 100000] [--s1]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from geo.maps import make_map, render_html

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# the points of case S1, as the map tests draw them (one generator, tests/map_cases.py)
from tests.map_cases import many_points  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def render_in_chromium(page_path: Path, *, ours: bool, timeout_s: float = 120) -> dict:
    """Open ``page_path`` offline; time until drawn, then a zoom-in redraw."""
    from playwright.sync_api import sync_playwright

    refused: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        ctx = browser.new_context(viewport={"width": 1280, "height": 800})

        def guard(route):
            url = route.request.url
            if url.startswith(("file:", "data:")):
                route.continue_()
            else:
                refused.append(url)
                route.abort()

        ctx.route("**/*", guard)
        page = ctx.new_page()
        t0 = time.perf_counter()
        page.goto(page_path.resolve().as_uri(), timeout=timeout_s * 1000)
        out: dict = {"refused": len(refused)}
        if ours:
            page.wait_for_function(
                "() => window.GEO_LAYERS && window.GEO_LAYERS.Facilities !== undefined",
                timeout=timeout_s * 1000,
            )
            # Two more frames: the canvas draws in the next one and paints after it.
            page.evaluate(
                "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
            )
            out["render_s"] = time.perf_counter() - t0
            out["drawn"] = page.evaluate("() => window.GEO_LAYERS.Facilities")
            t1 = time.perf_counter()
            page.evaluate(
                """() => new Promise(r => {
                    const m = GEO.groups.Facilities._map;
                    m.once('zoomend', () =>
                        requestAnimationFrame(() => requestAnimationFrame(() => r())));
                    m.setZoom(m.getZoom() + 1, {animate: false});
                })"""
            )
            out["zoom_s"] = time.perf_counter() - t1
        else:
            page.wait_for_load_state("load", timeout=timeout_s * 1000)
            out["render_s"] = None
            out["leaflet_loaded"] = page.evaluate("() => typeof window.L !== 'undefined'")
        out["refused"] = len(refused)
        browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    ap.add_argument("--s1", action="store_true", help="also case S1: 150,000 points")
    args = ap.parse_args(argv)
    sizes = list(args.sizes) + ([150_000] if args.s1 else [])
    have_browser = CHROMIUM.exists()
    if not have_browser:
        print("note: /usr/bin/chromium is missing; sizes only", file=sys.stderr)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            gdf = many_points(n)
            t = time.perf_counter()
            ours_html = render_html(make_map({"facilities": gdf}, title=f"{n:,} points"))
            ours_build = time.perf_counter() - t
            t = time.perf_counter()
            peer_html = gdf.explore().get_root().render()
            peer_build = time.perf_counter() - t
            ours_path, peer_path = Path(tmp, f"ours_{n}.html"), Path(tmp, f"explore_{n}.html")
            ours_path.write_text(ours_html, encoding="utf-8")
            peer_path.write_text(peer_html, encoding="utf-8")
            row = {
                "n": n,
                "ours_mb": ours_path.stat().st_size / 1e6,
                "peer_mb": peer_path.stat().st_size / 1e6,
                "ours_build_s": ours_build,
                "peer_build_s": peer_build,
            }
            if have_browser:
                ours = render_in_chromium(ours_path, ours=True)
                peer = render_in_chromium(peer_path, ours=False)
                row |= {
                    "ours_render_s": ours["render_s"],
                    "ours_zoom_s": ours["zoom_s"],
                    "ours_drawn": ours["drawn"],
                    "ours_refused": ours["refused"],
                    "peer_leaflet": peer["leaflet_loaded"],
                    "peer_refused": peer["refused"],
                }
            rows.append(row)
            print(_line(row), flush=True)
    print()
    print("size ratio ours/explore: " + ", ".join(
        f"{r['n']:,}: {r['ours_mb'] / r['peer_mb']:.3f}" for r in rows
    ))  # fmt: skip
    return 0


def _line(r: dict) -> str:
    text = (
        f"{r['n']:>7,} points | ours {r['ours_mb']:7.2f} MB (built {r['ours_build_s']:5.2f} s)"
        f" | explore {r['peer_mb']:7.2f} MB (built {r['peer_build_s']:5.2f} s)"
        f" | size ratio {r['ours_mb'] / r['peer_mb']:.3f}"
    )
    if "ours_render_s" in r:
        text += (
            f" | Chromium offline: ours drew {r['ours_drawn']:,} in {r['ours_render_s']:.2f} s,"
            f" zoom redraw {r['ours_zoom_s']:.2f} s, {r['ours_refused']} requests refused;"
            f" explore {'drew' if r['peer_leaflet'] else 'blank (no Leaflet offline)'},"
            f" {r['peer_refused']} requests refused"
        )
    return text


if __name__ == "__main__":
    raise SystemExit(main())
