"""Foundation: maps/index.html renders in headless Chromium with every network request refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import require_client

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        require_client("chromium", "Debian chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_client("playwright", "playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


def open_offline(browser, path: Path):
    """Open ``path`` with every non-file request refused; return (page, refused, errors)."""
    context = browser.new_context()
    refused: list[str] = []
    errors: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    page.goto(path.resolve().as_uri())
    page.wait_for_function("() => window.GEO_LAYERS !== undefined", timeout=15_000)
    return page, refused, errors


def test_index_map_draws_every_feature_offline(browser, built: Path) -> None:
    page, refused, errors = open_offline(browser, built / "maps" / "index.html")
    counts = page.evaluate("() => window.GEO_LAYERS")
    for name in ("facilities", "corridors", "places"):
        data = json.loads((built / "layers" / f"{name}.geojson").read_text(encoding="utf-8"))
        assert counts.get(name.capitalize()) == len(data["features"]), (name, counts)
    drawn = page.locator("path.leaflet-interactive").count()
    assert drawn >= sum(counts.values())
    assert page.locator(".leaflet-container").count() == 1
    assert not errors, errors
    assert not refused, f"the page tried to reach the network: {refused}"
    page.context.close()


def test_index_map_popup_opens(browser, built: Path) -> None:
    page, _, errors = open_offline(browser, built / "maps" / "index.html")
    page.locator("path.leaflet-interactive").first.click(force=True)
    page.wait_for_selector(".leaflet-popup-content .geo-popup", timeout=5_000)
    assert page.locator(".leaflet-popup-content h4").inner_text().strip()
    assert not errors, errors
    page.context.close()
