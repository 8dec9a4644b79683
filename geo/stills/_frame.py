"""The frame of a still: its view (extent and aspect), fonts, scale bar and north arrow.

The view is the extent of the infrastructure layers (places far away, such as a
venue named in a report, are not allowed to zoom the still out to the world), in
an equirectangular projection whose aspect is corrected at the mid latitude
(lon/lat WGS 84, EPSG:4326); over a few hundred kilometres this keeps shapes and
the scale bar true to within a few per cent.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import Any

import geopandas as gpd
from matplotlib.patches import Rectangle

from geo.errors import LayerError
from geo.maps import total_bounds, view_layers

_KM_PER_DEG = 111.32

#: Fonts tried after DejaVu Sans for glyphs it lacks (Chinese names), when installed
#: (Debian: fonts-wqy-microhei or fonts-noto-cjk).
_CJK_FONTS = (
    "Noto Sans CJK SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
)


@functools.cache
def _font_family(*, bold: bool = False) -> list[str]:
    """DejaVu Sans, then the CJK fonts installed (with a bold face, for ``bold``).

    Checking first keeps matplotlib from warning ("findfont: Failed to find font
    weight bold for WenQuanYi Micro Hei") on every still.
    """
    from matplotlib import font_manager

    def weight(w: Any) -> int:
        return w if isinstance(w, int) else font_manager.weight_dict.get(str(w), 400)

    installed = {
        f.name for f in font_manager.fontManager.ttflist if not bold or weight(f.weight) >= 600
    }
    return ["DejaVu Sans", *[f for f in _CJK_FONTS if f in installed]]


def _title_font(title: str) -> dict[str, Any]:
    """Bold title, unless it needs a CJK font that has no bold face installed."""
    needs_cjk = any(ord(ch) >= 0x2E80 for ch in title)
    if needs_cjk and len(_font_family(bold=True)) == 1:
        return {"fontweight": "normal", "fontfamily": _font_family()}
    return {"fontweight": "bold", "fontfamily": _font_family(bold=True)}


def _nice(x: float) -> float:
    """Largest 1-2-5 × 10ⁿ value not above ``x``."""
    exp = 10 ** math.floor(math.log10(x))
    return max(m * exp for m in (1, 2, 5) if m * exp <= x)


def _extent(layers: Mapping[str, gpd.GeoDataFrame]) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) of the still: as the web map opens, padded, 4:3.

    ``layers`` are the non-empty layers in EPSG:4326 (:func:`geo.maps.display_layers`).

    Raises
    ------
    geo.errors.LayerError
        When there is no layer to draw, or no feature of any has a geometry.
    """
    if not layers:
        raise LayerError("nothing to draw: every layer given to the still is empty")
    # The first-view layers may hold only missing geometries where others are drawn.
    bounds = total_bounds(view_layers(layers)) or total_bounds(layers.values())
    if bounds is None:  # features there, but none with a (finite) geometry
        raise LayerError(
            f"nothing to draw: no feature of {', '.join(sorted(layers))} has a geometry "
            "(give each feature a geometry to draw it)"
        )
    x0, y0, x1, y1 = bounds
    pad = max(x1 - x0, y1 - y0, 0.2) * 0.12
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    aspect = 1 / max(math.cos(math.radians((y0 + y1) / 2)), 0.05)
    # Widen whichever side is short so the map is 4:3 (landscape) on paper.
    w, h = x1 - x0, (y1 - y0) * aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if w / h < 4 / 3:
        w = h * 4 / 3
    else:
        h = w * 3 / 4
    half_w, half_h = w / 2, h / aspect / 2
    return (cx - half_w, max(-89.0, cy - half_h), cx + half_w, min(89.0, cy + half_h))


def _decorate(
    fig: Any,
    ax: Any,
    view: tuple[float, float, float, float],
    *,
    title: str,
    attribution: list[str],
) -> None:
    """Scale bar, north arrow, title, and the credits under the map.

    ``attribution`` holds the lines of the data sources drawn (Natural Earth, Global
    Energy Monitor …), written on the first line; the project's own data and the
    projection follow on the second.
    """
    x0, y0, x1, y1 = view
    _scale_bar(ax, x0, x1, y0, y1, (y0 + y1) / 2)
    _north_arrow(ax)
    ax.set_title(title, fontsize=11, loc="left", **_title_font(title))
    ours = (
        "Data: geo layers from sourced project records · "
        "Equirectangular, lon/lat WGS 84 (EPSG:4326)"
    )
    lines = [" · ".join(attribution), ours] if attribution else [ours]
    text = fig.text(0.06, 0.012, "\n".join(lines), fontsize=5.5, color="#444", va="bottom")
    text.set_gid("credits")


def _scale_bar(ax: Any, x0: float, x1: float, y0: float, y1: float, lat: float) -> None:
    """A two-segment bar of a round length at the map's lower left, in km."""
    km_per_deg = _KM_PER_DEG * math.cos(math.radians(lat))
    length_km = _nice((x1 - x0) * km_per_deg / 4)
    length_deg = length_km / km_per_deg
    bx, by = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.05
    h = (y1 - y0) * 0.012
    for i, colour in enumerate(("#222222", "#ffffff")):
        ax.add_patch(
            Rectangle(
                (bx + i * length_deg / 2, by), length_deg / 2, h,
                facecolor=colour, edgecolor="#222222", linewidth=0.6, zorder=9,
            )
        )  # fmt: skip
    ns = "N" if lat >= 0 else "S"
    label = f"{_fmt_km(length_km)} km (true at {abs(lat):.0f}°{ns})"
    ax.text(bx, by + 2 * h, "0", fontsize=6, ha="center", zorder=9)
    ax.text(bx + length_deg, by + 2 * h, label, fontsize=6, ha="left", zorder=9)


def _lon_label(v: float) -> str:
    """Tick label of a longitude in any 360° band: 190 → ``170°W``, -190 → ``170°E``."""
    v = (v + 180.0) % 360.0 - 180.0
    if abs(v) < 1e-9 or abs(abs(v) - 180.0) < 1e-9:
        return f"{abs(v):g}°"
    return f"{v:g}°E" if v > 0 else f"{-v:g}°W"


def _fmt_km(x: float) -> str:
    return f"{x:g}" if x < 1000 else f"{x:,.0f}"


def _north_arrow(ax: Any) -> None:
    """An arrow pointing to grid north (up: meridians are vertical in this projection)."""
    ax.annotate(
        "", xy=(0.045, 0.92), xytext=(0.045, 0.83), xycoords="axes fraction",
        arrowprops={"facecolor": "#222", "edgecolor": "#222", "width": 2.5, "headwidth": 8},
        zorder=9,
    )  # fmt: skip
    ax.text(
        0.045, 0.945, "N", transform=ax.transAxes, ha="center", va="center",
        fontsize=9, fontweight="bold", fontfamily=_font_family(bold=True), zorder=9,
    )  # fmt: skip
