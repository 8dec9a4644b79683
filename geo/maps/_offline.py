"""Offline assets for folium maps: inline every script and stylesheet from PyPI packages.

folium elements declare the JS/CSS they need as ``(name, CDN url)`` pairs in
``default_js``/``default_css``.  :func:`inline_assets` walks a map's element tree,
replaces every such link with the file's content read from an XStatic package, and
refuses (raises) any asset it has no offline copy of, so a CDN link can never reach
a written map.
"""

from __future__ import annotations

import base64
import importlib
import re
from functools import cache
from pathlib import Path

from branca.element import Element, Figure, MacroElement

from geo.errors import LayerError

__all__ = [
    "DROPPED_ASSETS",
    "OFFLINE_ASSETS",
    "check_offline",
    "inline_assets",
    "stale_asset_names",
]

#: folium asset name → (XStatic module, file in its data dir).
OFFLINE_ASSETS: dict[str, tuple[str, str]] = {
    "leaflet": ("xstatic.pkg.leaflet", "leaflet.js"),
    "leaflet_css": ("xstatic.pkg.leaflet", "leaflet.css"),
    "jquery": ("xstatic.pkg.jquery", "jquery.min.js"),
    "markerclusterjs": ("xstatic.pkg.leaflet_markercluster", "leaflet.markercluster.js"),
    "markerclustercss": ("xstatic.pkg.leaflet_markercluster", "MarkerCluster.css"),
    "markerclusterdefaultcss": ("xstatic.pkg.leaflet_markercluster", "MarkerCluster.Default.css"),
}

#: Assets folium declares that our maps do not use (Bootstrap, awesome-markers,
#: glyphicons, Font Awesome): dropped rather than fetched.
DROPPED_ASSETS: frozenset[str] = frozenset(
    {
        "bootstrap",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers",
        "awesome_markers_css",
        "awesome_markers_font_css",
        "awesome_rotate_css",
    }
)


def stale_asset_names() -> frozenset[str]:
    """Header keys under which folium's own render puts its CDN ``<script>``/``<link>``.

    folium adds each declared asset to the figure header under its name
    (``"leaflet"``, ``"bootstrap_css"`` …); a figure already rendered by folium carries
    those links, which must go before the page is inlined.
    """
    return frozenset(OFFLINE_ASSETS) | DROPPED_ASSETS


@cache
def _asset_text(name: str) -> str:
    module, filename = OFFLINE_ASSETS[name]
    try:
        base = Path(importlib.import_module(module).BASE_DIR)
    except ImportError as exc:
        pkg = module.replace("xstatic.pkg.", "xstatic-").replace("_", "-")
        raise LayerError(
            f"offline asset {name!r} needs the package {pkg!r}: pip install it"
        ) from exc
    text = (base / filename).read_text(encoding="utf-8")
    text = re.sub(r"//# sourceMappingURL=\S+", "", text)
    if filename.endswith(".css"):
        text = _inline_css_images(text, base)
    return text


def _inline_css_images(css: str, base: Path) -> str:
    def repl(m: re.Match[str]) -> str:
        target = base / m.group(1)
        if not target.is_file():
            return "url(data:,)"
        data = base64.b64encode(target.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return re.sub(r"url\((?:'|\")?(images/[^)'\"]+)(?:'|\")?\)", repl, css)


def _walk(element: Element):
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)


def _script(text: str) -> Element:
    # A closing script tag inside the library text would end the element early.
    return Element("<script>" + text.replace("</script", "<\\/script") + "</script>")


def _style(text: str) -> Element:
    return Element("<style>" + text.replace("</style", "<\\/style") + "</style>")


def inline_assets(root: MacroElement) -> Figure:
    """Replace every CDN script/stylesheet of ``root``'s elements by inline copies.

    Parameters
    ----------
    root : folium.Map or any branca element attached to a Figure

    Returns
    -------
    branca.element.Figure
        The figure, with inline ``<script>``/``<style>`` elements in its header.

    Raises
    ------
    LayerError
        When an element declares an asset with no offline copy in
        :data:`OFFLINE_ASSETS` and not in :data:`DROPPED_ASSETS`.
    """
    figure = root.get_root()
    for el in _walk(figure):
        js = getattr(el, "default_js", None)
        css = getattr(el, "default_css", None)
        if not js and not css:
            continue
        for name, url in list(js or []) + list(css or []):
            if name in DROPPED_ASSETS:
                continue
            if name not in OFFLINE_ASSETS:
                raise LayerError(
                    f"map element {type(el).__name__} needs {name!r} from {url}, which has "
                    "no offline copy: add it to geo.maps._offline.OFFLINE_ASSETS or drop it"
                )
            key = f"offline_{name}"
            if key in figure.header._children:
                continue
            text = _asset_text(name)
            node = _style(text) if OFFLINE_ASSETS[name][1].endswith(".css") else _script(text)
            figure.header.add_child(node, name=key)
        # Instance attributes shadow the class lists folium renders links from.
        el.default_js = []
        el.default_css = []
    return figure


#: Markup that would make a page fetch a script, stylesheet or font when opened.
_REMOTE = re.compile(
    r"<script[^>]*\ssrc\s*=|<link[^>]*\srel\s*=\s*[\"']?stylesheet|@import\s|"
    r"@font-face[^}]*url\(\s*[\"']?(?:https?:)?//",
    re.IGNORECASE,
)


def check_offline(page: str) -> str:
    """Return ``page`` unchanged if it loads no script, style or font from elsewhere.

    A last guard after :func:`inline_assets`: whatever a future folium version adds,
    a written map never depends on the network to draw.

    Raises
    ------
    LayerError
        Quoting the first offending markup.
    """
    m = _REMOTE.search(page)
    if m:
        start = max(0, m.start() - 40)
        raise LayerError(
            f"the map would load an external asset ({page[start : m.end() + 80]!r}); "
            "inline it in geo.maps._offline.OFFLINE_ASSETS or drop it"
        )
    return page
