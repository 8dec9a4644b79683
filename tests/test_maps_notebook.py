"""Issue 19 (notebooks): a map from ``geo.make_map`` is the same offline page in every path.

``_repr_html_`` (the notebook view), ``m.save()`` and ``geo.write_map`` each give the
self-contained page, whatever was called before, and none of them changes the map.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import folium
import pytest

import geo
from geo.maps import GeoMap, render_html
from tests.map_cases import hostile_layers

_SRCDOC = re.compile(r'srcdoc="([^"]*)"')


def _fresh() -> GeoMap:
    return geo.make_map(hostile_layers(), basemap=False)


def _notebook(m: folium.Map, tmp: Path) -> str:
    m_html = m._repr_html_()
    found = _SRCDOC.search(m_html)
    assert found, m_html[:200]
    return html.unescape(found.group(1))


def _save(m: folium.Map, tmp: Path) -> str:
    m.save(tmp / "saved.html")
    return (tmp / "saved.html").read_text(encoding="utf-8")


def _save_str(m: folium.Map, tmp: Path) -> str:
    m.save(str(tmp / "saved-str.html"))
    return (tmp / "saved-str.html").read_text(encoding="utf-8")


def _save_file_object(m: folium.Map, tmp: Path) -> str:
    buf = io.BytesIO()
    m.save(buf, close_file=False)
    return buf.getvalue().decode("utf-8")


def _write_map(m: folium.Map, tmp: Path) -> str:
    return geo.write_map(m, tmp / "written.html").read_text(encoding="utf-8")


def _folium_notebook(m: folium.Map, tmp: Path) -> str:
    # folium's own view (CDN links): must leave nothing behind that a later path keeps.
    folium.Map._repr_html_(m)
    return render_html(m)


def _folium_save(m: folium.Map, tmp: Path) -> str:
    folium.Map.save(m, tmp / "folium.html")
    return render_html(m)


PATHS = {
    "repr_html": _notebook,
    "save": _save,
    "save_str": _save_str,
    "save_file_object": _save_file_object,
    "write_map": _write_map,
}
ORDERS = [
    ("repr_html", "write_map"),
    ("save", "write_map"),
    ("write_map", "repr_html"),
    ("write_map", "save"),
    ("repr_html", "save", "write_map"),
    ("save", "repr_html", "write_map"),
    ("write_map", "save", "repr_html"),
    ("repr_html", "repr_html", "save_file_object"),
    ("save_str", "save", "write_map"),
]


@pytest.fixture(scope="module")
def reference() -> str:
    return render_html(_fresh())


@pytest.mark.parametrize("path", sorted(PATHS))
def test_issue19_every_path_gives_the_offline_page(path, reference, tmp_path):
    page = PATHS[path](_fresh(), tmp_path)
    assert page == reference
    assert "cdn.jsdelivr" not in page and "<script src" not in page


@pytest.mark.parametrize("order", ORDERS, ids="-".join)
def test_issue19_call_order_does_not_matter(order, reference, tmp_path):
    m = _fresh()
    for step in order:
        assert PATHS[step](m, tmp_path) == reference, step


@pytest.mark.parametrize("before", [_folium_notebook, _folium_save], ids=lambda f: f.__name__)
def test_issue19_after_folium_own_render_write_map_succeeds(before, reference, tmp_path):
    m = _fresh()
    before(m, tmp_path)
    before(m, tmp_path)  # twice: folium leaves new scripts under new names each time
    assert _write_map(m, tmp_path) == reference
    assert _notebook(m, tmp_path) == reference


def test_issue19_repr_html_is_a_sandboxed_iframe():
    fragment = _fresh()._repr_html_()
    assert fragment.startswith("<iframe ")
    assert 'sandbox="allow-scripts' in fragment
    assert "allow-same-origin" not in fragment
    assert "https://" not in fragment.split("srcdoc=")[0]


def test_issue19_rendering_leaves_the_map_unchanged(tmp_path):
    m = _fresh()
    root = m.get_root()
    before = {k: list(p._children) for k, p in root._children.items()}
    ids = [el._id for el in m._children.values()]
    m._repr_html_()
    m.save(tmp_path / "a.html")
    geo.write_map(m, tmp_path / "b.html")
    assert {k: list(p._children) for k, p in root._children.items()} == before
    assert [el._id for el in m._children.values()] == ids


def test_issue19_elements_a_user_adds_are_kept():
    m = _fresh()
    folium.Marker([47.5, 131.0], tooltip="mine").add_to(m)
    m.get_root().html.add_child(folium.Element('<p id="user-note">note</p>'))
    page = render_html(m)
    assert 'id="user-note"' in page and "L.marker" in page
    assert render_html(m) == page
