"""Issue 19 (notebooks): the notebook view of ``geo.make_map`` draws offline in Chromium.

The ``_repr_html_`` fragment is written into a host page (as Jupyter embeds it) and
opened with every http(s) request refused: it must ask for nothing and draw its
features inside its frame; ``write_map`` and ``m.save()`` of the same map afterwards
must succeed and draw the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import geo
from tests.map_cases import hostile_layers

#: The drawn overlay features of hostile_layers(): 10 facilities and 4 corridors.
FEATURES = {"Facilities": 10, "Corridors": 4}


def _notebook_host(m, path: Path) -> Path:
    body = m._repr_html_()
    path.write_text(
        f"<!doctype html><html><head><meta charset='utf-8'></head><body>{body}</body></html>",
        encoding="utf-8",
    )
    return path


def _frame(op):
    frames = [f for f in op.page.frames if f is not op.page.main_frame]
    assert len(frames) == 1, [f.url for f in op.page.frames]
    frame = frames[0]
    frame.wait_for_function("() => window.GEO_LAYERS !== undefined", timeout=30_000)
    frame.wait_for_selector(".leaflet-control-layers", state="attached", timeout=30_000)
    return frame


def _drawn(target) -> tuple[dict[str, int], int, int]:
    """Features per layer, SVG corridor paths, SVG point paths plus point markers."""
    layers = target.evaluate("() => window.GEO_LAYERS")
    lines = target.locator(".leaflet-geoLines-pane path.leaflet-interactive").count()
    points = target.locator(
        ".leaflet-geoPoints-pane path.leaflet-interactive, .leaflet-marker-icon"
    ).count()
    return {k: layers[k] for k in FEATURES}, lines, points


@pytest.fixture
def the_map():
    return geo.make_map(hostile_layers())


def test_issue19_notebook_view_draws_offline(the_map, open_offline, tmp_path):
    host = _notebook_host(the_map, tmp_path / "notebook.html")
    op = open_offline(host, wait_layers=False)
    frame = _frame(op)
    layers, lines, points = _drawn(frame)
    assert op.refused == []
    assert op.errors == [] and op.dialogs == []
    assert layers == FEATURES
    assert lines == FEATURES["Corridors"]
    assert points >= 8  # facilities as SVG circles (crossings may be diamond markers)


@pytest.mark.parametrize("then", ["write_map", "save"])
def test_issue19_written_after_notebook_view_draws_offline(then, the_map, open_offline, tmp_path):
    host = _notebook_host(the_map, tmp_path / "notebook.html")
    out = tmp_path / f"{then}.html"
    if then == "write_map":
        geo.write_map(the_map, out)
    else:
        the_map.save(out)
    in_frame = _drawn(_frame(open_offline(host, wait_layers=False)))
    op = open_offline(out)
    assert op.refused == [] and op.errors == []
    assert _drawn(op.page) == in_frame
    assert in_frame[0] == FEATURES
