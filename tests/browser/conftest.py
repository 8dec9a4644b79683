"""Headless Debian Chromium with the network refused, for every browser test.

Every request that is not ``file:`` or ``data:`` is aborted and recorded, so a test
can assert that a page asked for nothing; page errors, console errors and dialogs
(``alert``) are recorded too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    "--disable-default-apps",
]


@dataclass
class OfflinePage:
    """A page opened from disk with its network log."""

    page: Any
    refused: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def layers(self) -> dict[str, int]:
        return self.page.evaluate("() => window.GEO_LAYERS")

    def close(self) -> None:
        self.page.context.close()


@pytest.fixture(scope="session")
def browser():
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):  # the binary launched below
        require_client(
            "chromium", f"Debian chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_client("playwright", "playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def open_offline(browser):
    """Open an HTML file offline; closes every page it opened at teardown."""
    opened: list[OfflinePage] = []

    def _open(
        path: Path,
        *,
        wait_layers: bool = True,
        timeout_ms: int = 30_000,
        viewport: tuple[int, int] = (1200, 800),
    ) -> OfflinePage:
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        page = context.new_page()
        result = OfflinePage(page)

        def guard(route):
            url = route.request.url
            if url.startswith(("file:", "data:")):
                route.continue_()
            else:
                result.refused.append(url)
                route.abort()

        context.route("**/*", guard)
        page.on("pageerror", lambda exc: result.errors.append(str(exc)))
        page.on(
            "console",
            lambda msg: (
                result.errors.append(f"console: {msg.text}") if msg.type == "error" else None
            ),
        )

        def on_dialog(dialog):
            result.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(path.resolve().as_uri(), timeout=timeout_ms)
        if wait_layers:
            page.wait_for_function("() => window.GEO_LAYERS !== undefined", timeout=timeout_ms)
            # Every overlay script has run once the layer control exists.
            page.wait_for_selector(".leaflet-control-layers", state="attached", timeout=timeout_ms)
        opened.append(result)
        return result

    yield _open
    for p in opened:
        p.close()


def search_and_open(op: OfflinePage, text: str) -> Any:
    """Type ``text`` into the map's search box, pick the first hit; return the popup."""
    page = op.page
    page.fill(".geo-search input", text)
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup-content .geo-popup", timeout=5_000)
    return page.locator(".leaflet-popup-content .geo-popup")
