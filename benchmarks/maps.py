"""Web map size and render time: geo.maps vs GeoDataFrame.explore() on the same points.

For 1k, 10k and 100k facility points (and the 150,000 of case S1 with ``--s1``) this
writes both pages to a temporary folder, reports their size, the Python time to
build them, and the time Chromium (Debian ``/usr/bin/chromium``, driven by
Playwright, every non-file request refused) takes until every point is drawn and
then until a zoom-in has been redrawn.  explore()'s page loads Leaflet from a CDN,
so offline it never draws anything: that is reported as "blank", which is the point.

``--basemap`` measures instead, on the seed layers (``layers/*.geojson``), in one run:
our map with the reference basemap; the same map without it and the previous release's
page (``git show 3d0917f:maps/index.html``, the old coarse admin-0 basemap); and a folium
peer drawing the same layers with plain ``folium.GeoJson`` over a GeoJSON basemap of the
same Natural Earth data (``geo.reference.load_layer``), Leaflet inlined so it works
offline.  For each: HTML bytes, Python build time and Chromium's open time until drawn
(ours: until the basemap's names are placed), best of 3.

Run:  python benchmarks/maps.py [--sizes 1000 10000 100000] [--s1]
      python benchmarks/maps.py --basemap
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from geo.maps import make_map, render_html

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# the points of case S1, as the map tests draw them (one generator, tests/map_cases.py)
from tests.map_cases import many_lines, many_points  # noqa: E402

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
            # Ready when the page API is: every point drawn, filters and search set up.
            page.wait_for_function(
                "() => window.GEO && window.GEO.api && window.GEO_LAYERS.Facilities !== undefined",
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
            # A filter as a reader sets it (status "operating"), until the canvas is redrawn.
            t2 = time.perf_counter()
            out["shown"] = page.evaluate(
                """() => new Promise(r => {
                    const n = GEO.api.filter({status: ['operating']});
                    requestAnimationFrame(() => requestAnimationFrame(() => r(n)));
                })"""
            )
            out["filter_s"] = time.perf_counter() - t2
            out["open_and_filter_s"] = out["render_s"] + out["filter_s"]
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
    ap.add_argument(
        "--basemap", action="store_true", help="the seed map with and without basemaps, vs folium"
    )
    ap.add_argument("--lines", type=int, metavar="N", help="pan/zoom steps on a map of N lines")
    ap.add_argument("--steps", type=int, default=12, help="pan/zoom steps timed (with --lines)")
    args = ap.parse_args(argv)
    if args.basemap:
        return basemap_main()
    if args.lines:
        return lines_main(args.lines, steps=args.steps)
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
            # The same page without the reference basemap: the size the target is set on.
            bare = render_html(make_map({"facilities": gdf}, title=f"{n:,} points", basemap=False))
            t = time.perf_counter()
            peer_html = gdf.explore().get_root().render()
            peer_build = time.perf_counter() - t
            ours_path, peer_path = Path(tmp, f"ours_{n}.html"), Path(tmp, f"explore_{n}.html")
            ours_path.write_text(ours_html, encoding="utf-8")
            peer_path.write_text(peer_html, encoding="utf-8")
            row = {
                "n": n,
                "ours_mb": ours_path.stat().st_size / 1e6,
                "bare_mb": len(bare.encode("utf-8")) / 1e6,
                "peer_mb": peer_path.stat().st_size / 1e6,
                "ours_build_s": ours_build,
                "peer_build_s": peer_build,
            }
            if have_browser:
                # Best of 3 fresh opens (the machine is shared: one open can be slow).
                ours = min(
                    (render_in_chromium(ours_path, ours=True) for _ in range(3)),
                    key=lambda o: o["open_and_filter_s"],
                )
                peer = render_in_chromium(peer_path, ours=False)
                row |= {
                    "ours_render_s": ours["render_s"],
                    "ours_zoom_s": ours["zoom_s"],
                    "ours_filter_s": ours["filter_s"],
                    "ours_shown": ours["shown"],
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
    print("without the basemap: " + ", ".join(
        f"{r['n']:,}: {r['bare_mb']:.2f} MB, ratio {r['bare_mb'] / r['peer_mb']:.3f}"
        f" (basemap {r['ours_mb'] - r['bare_mb']:.2f} MB)" for r in rows
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
            f" zoom redraw {r['ours_zoom_s']:.2f} s, filter to {r['ours_shown']:,} operating"
            f" {r['ours_filter_s']:.2f} s, {r['ours_refused']} requests refused;"
            f" explore {'drew' if r['peer_leaflet'] else 'blank (no Leaflet offline)'},"
            f" {r['peer_refused']} requests refused"
        )
    return text


# --- --basemap: the seed map, with and without the reference basemap, vs folium ---------

#: The release before the reference basemap: its committed seed map.
PREVIOUS_RELEASE = "3d0917f"
#: The reference layers the folium peer draws as GeoJSON (the data our basemap encodes).
PEER_BASEMAP = ("admin0", "admin1", "rivers", "lakes")
PEER_STYLE = {
    "admin0": {"color": "#9a8f80", "weight": 1.0, "fillColor": "#f4f1ea", "fillOpacity": 1.0},
    "admin1": {"color": "#b8ad9e", "weight": 0.5, "fill": False},
    "rivers": {"color": "#7fa6c9", "weight": 1.0},
    "lakes": {"color": "#7fa6c9", "weight": 0.5, "fillColor": "#c6dbef", "fillOpacity": 1.0},
}
#: Drawn: some vector path or canvas in the main map (not the minimap).
DRAWN_JS = """() => document.querySelector('.leaflet-container .leaflet-map-pane')
    && document.querySelectorAll('.leaflet-map-pane path, .leaflet-map-pane canvas').length > 0"""
#: Ours is ready when the basemap's names are placed: map.js writes them into
#: div.geo-labels and lists them in GEO.shownLabels.  It places a few at once and the
#: rest once the first view is final (a frame later, after the basemap's canvas is
#: painted), so the open is timed until as many names are shown as a calibration open
#: shows when settled (:func:`settled_labels`).
LABELS_JS = "() => window.GEO && GEO.shownLabels && GEO.shownLabels.length >= {n}"
RAF2_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def seed_layers() -> dict:
    """The committed seed layers, as ``geo build`` maps them (``layers/*.geojson``)."""
    from geo.layers import LAYER_NAMES
    from geo.maps import map_layers

    return map_layers([REPO / "layers" / f"{name}.geojson" for name in LAYER_NAMES])


def folium_peer(layers: dict):
    """Plain folium: one ``folium.GeoJson`` per layer over a GeoJSON reference basemap.

    The basemap is ``geo.reference.load_layer`` of :data:`PEER_BASEMAP` in the box our
    map details (the infrastructure's bounds padded by half their span), unsimplified.
    """
    import folium

    from geo.maps import core_layers, display_layers, total_bounds
    from geo.reference import load_layer, view_bounds

    present, _west = display_layers(layers)
    core = total_bounds(core_layers(present))
    bbox = view_bounds(core)
    m = folium.Map(tiles=None, control_scale=True)
    for name in PEER_BASEMAP:
        ref = load_layer(name, bbox=bbox)
        keep = [c for c in ("name", "geometry") if c in ref.columns]
        style = PEER_STYLE[name]
        folium.GeoJson(
            ref[keep].to_json(),
            name=f"{name} (Natural Earth)",
            style_function=lambda _f, s=style: s,
        ).add_to(m)
    for name, gdf in present.items():
        points = gdf.geom_type.isin(["Point", "MultiPoint"]).all()
        marker = folium.CircleMarker(radius=5, fill=True) if points else None
        folium.GeoJson(gdf.to_crs(4326).to_json(default=str), name=name, marker=marker).add_to(m)
    folium.LayerControl().add_to(m)
    x0, y0, x1, y1 = core
    m.fit_bounds([[y0, x0], [y1, x1]])
    return m


def _best_build(build, runs: int) -> tuple[str, float]:
    """``build()``'s HTML and its best time of ``runs`` (reference files cached after one)."""
    best = None
    for _ in range(runs):
        t = time.perf_counter()
        html = build()
        took = time.perf_counter() - t
        best = took if best is None else min(best, took)
    return html, best


def basemap_pages(folder: Path, layers: dict | None = None, *, runs: int = 3) -> list[dict]:
    """Write the pages compared by ``--basemap`` to ``folder``: name, path, bytes, build time.

    Needs no browser (the test runs it).  Build time is the best of ``runs``; ``None``
    for the previous release's page, which is read from git (left out when git cannot
    show it).
    """
    from geo.maps import make_map, render_html
    from geo.maps._offline import check_offline, inline_assets

    layers = seed_layers() if layers is None else layers
    pages: list[dict] = []

    def add(key: str, label: str, html: str, build_s: float | None, ready: str) -> None:
        path = Path(folder, f"{key}.html")
        path.write_text(html, encoding="utf-8")
        pages.append(
            {"key": key, "label": label, "path": path, "bytes": path.stat().st_size,
             "build_s": build_s, "ready": ready}
        )  # fmt: skip

    html, took = _best_build(lambda: render_html(make_map(layers)), runs)
    add("ours", "ours, reference basemap", html, took, LABELS_JS)
    html, took = _best_build(lambda: render_html(make_map(layers, basemap=False)), runs)
    add("ours_none", "ours, no basemap", html, took, DRAWN_JS)
    old = subprocess.run(
        ["git", "show", f"{PREVIOUS_RELEASE}:maps/index.html"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if old.returncode == 0:
        label = f"previous release ({PREVIOUS_RELEASE}, admin-0 0.085°)"
        add("previous", label, old.stdout, None, DRAWN_JS)
    html, took = _best_build(
        lambda: check_offline(inline_assets(folium_peer(layers)).render()), runs
    )
    add("folium", "folium + GeoJSON basemap", html, took, DRAWN_JS)
    return pages


def _offline_context(browser) -> tuple:
    """A fresh browser context refusing every non-file request; returns it and the refusals."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    blocked: list[str] = []

    def guard(route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    ctx.route("**/*", guard)
    return ctx, blocked


def settled_labels(browser, page_path: Path, *, wait_s: float = 3.0) -> int:
    """How many names our page shows on its first view once nothing moves any more."""
    ctx, _ = _offline_context(browser)
    page = ctx.new_page()
    page.goto(page_path.resolve().as_uri(), timeout=120_000)
    page.wait_for_timeout(wait_s * 1000)
    n = page.evaluate("() => GEO.labelLayer.redraw().length")
    ctx.close()
    return n


def open_time(browser, page_path: Path, ready_js: str, *, runs: int = 3) -> dict:
    """Best of ``runs`` fresh opens of ``page_path``, network refused, until ``ready_js``.

    ``ready_js`` may hold ``{n}``: the settled number of names (:func:`settled_labels`).
    """
    if "{n}" in ready_js:
        ready_js = ready_js.format(n=settled_labels(browser, page_path))
    best, refused, labels, paths = None, 0, 0, 0
    for _ in range(runs):
        ctx, blocked = _offline_context(browser)
        page = ctx.new_page()
        t0 = time.perf_counter()
        page.goto(page_path.resolve().as_uri(), timeout=120_000)
        page.wait_for_function(ready_js, timeout=120_000)
        page.evaluate(RAF2_JS)  # painted: the frame that draws, and the one after
        took = time.perf_counter() - t0
        best = took if best is None else min(best, took)
        refused = max(refused, len(blocked))
        labels = page.evaluate("() => document.querySelectorAll('.geo-label').length")
        paths = page.evaluate("() => document.querySelectorAll('.leaflet-map-pane path').length")
        ctx.close()
    return {"open_s": best, "refused": refused, "labels": labels, "paths": paths}


def basemap_main(*, runs: int = 3) -> int:
    """``--basemap``: build, write and open each page; print the table."""
    have_browser = CHROMIUM.exists()
    if not have_browser:
        print("note: /usr/bin/chromium is missing; sizes only", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        pages = basemap_pages(Path(tmp), runs=runs)
        if have_browser:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
                )
                for page in pages:
                    page |= open_time(browser, page["path"], page["ready"], runs=runs)
                browser.close()
    print(basemap_table(pages, runs=runs))
    return 0


def basemap_table(pages: list[dict], *, runs: int = 3) -> str:
    """A Markdown table of :func:`basemap_pages` rows, with ratios to our map."""
    ours = pages[0]
    lines = [
        f"| page | HTML bytes | × ours | Python build | open in Chromium (best of {runs}) "
        "| × ours | drawn offline |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in pages:
        build = "—" if r["build_s"] is None else f"{r['build_s']:.2f} s"
        opened = ratio = drawn = "—"
        if r.get("open_s") is not None:
            opened = f"{r['open_s']:.2f} s"
            ratio = f"{r['open_s'] / ours['open_s']:.2f}"
            drawn = f"{r['paths']:,} paths, {r['labels']} names, {r['refused']} requests refused"
        lines.append(
            f"| {r['label']} | {r['bytes']:,} | {r['bytes'] / ours['bytes']:.2f} | {build} "
            f"| {opened} | {ratio} | {drawn} |"
        )
    return "\n".join(lines)


#: One pan or zoom step without animation, resolved two frames later (drawn and painted).
STEP_JS = """([kind, k]) => new Promise(r => {
    const m = GEO.groups.Corridors._map;
    const t0 = performance.now();
    if (kind === 'pan') m.panBy([k % 2 ? 300 : -300, k % 3 ? 150 : -150], {animate: false});
    else m.setZoom(m.getZoom() + (k % 2 ? -1 : 1), {animate: false});
    requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now() - t0)));
})"""


def lines_main(n: int, *, steps: int = 12) -> int:
    """Time pan and zoom steps on a map of ``n`` corridor lines, offline in Chromium.

    Prints the size of the page, whether the lines are on a canvas, and the median and
    worst milliseconds per step (the issue 19 acceptance: under 300 ms a step for 30,000).
    """
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        html = render_html(make_map({"corridors": many_lines(n)}, title=f"{n:,} lines"))
        build_s = time.perf_counter() - t
        path = Path(tmp) / "lines.html"
        path.write_text(html, encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
            )
            ctx, blocked = _offline_context(browser)
            page = ctx.new_page()
            t = time.perf_counter()
            page.goto(path.as_uri(), timeout=300_000)
            page.wait_for_function(
                "() => window.GEO && GEO.api && GEO_LAYERS.Corridors !== undefined",
                timeout=300_000,
            )
            open_s = time.perf_counter() - t
            canvas = page.evaluate(
                "() => document.querySelectorAll('.leaflet-geoLines-pane canvas').length"
            )
            page.evaluate("() => { GEO.groups.Corridors._map.setZoom(6, {animate: false}); }")
            times = {
                kind: [page.evaluate(STEP_JS, [kind, k]) for k in range(steps)]
                for kind in ("pan", "zoom")
            }
            browser.close()
    print(
        f"{n:,} lines: page {len(html) / 1e6:.2f} MB, built {build_s:.2f} s, "
        f"opened {open_s:.2f} s, canvas in the lines pane: {canvas}, refused {len(blocked)}"
    )
    for kind, ms in times.items():
        ms = sorted(ms)
        mid, worst = ms[len(ms) // 2], ms[-1]
        print(f"  {kind:4s} {len(ms)} steps: median {mid:7.1f} ms, worst {worst:7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
