"""The furniture of a still: fonts, scale bar, north arrow, title and credits.

The map itself is in the projection of :mod:`geo.stills._projection` (metres); the
scale bar is true where it is drawn and the north arrow points to true north there.
"""

from __future__ import annotations

import functools
import math
import textwrap
from typing import Any

import numpy as np
from matplotlib.patches import Rectangle

from geo.stills._layout import MIN_FONT_PT
from geo.stills._projection import Projection, scale_factor

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


def _decorate(
    fig: Any,
    ax: Any,
    *,
    projection: Projection,
    frame: tuple[float, float, float, float],
    title: str,
    title_pt: float,
    credits: list[str],
    credits_chars: int,
) -> None:
    """Scale bar, north arrow, title, and the credits under the map.

    ``credits`` holds the lines of the data sources drawn (Natural Earth, Global
    Energy Monitor, the records' sources); the projection's name follows them.
    """
    _scale_bar(ax, projection, frame)
    _north_arrow(ax, projection, frame)
    # Wrapped to the page: about 0.55 em a character.
    chars = int(fig.get_figwidth() * 72 / (title_pt * 0.6))
    ax.set_title(textwrap.fill(title, chars), fontsize=title_pt, loc="left", **_title_font(title))
    lines = [*credits, f"Projection: {projection.name}"]
    wrapped = [textwrap.fill(line, credits_chars, subsequent_indent="  ") for line in lines]
    left = ax.get_position().x0
    text = fig.text(left, 0.006, "\n".join(wrapped), fontsize=MIN_FONT_PT, color="#444",
                    va="bottom", linespacing=1.15)  # fmt: skip
    text.set_gid("credits")


def _scale_bar(ax: Any, projection: Projection, frame: tuple[float, float, float, float]) -> None:
    """A two-segment bar of a round length at the map's lower left, true where it is drawn.

    Its length on the map is the true length times the projection's scale factor at
    the bar (:func:`geo.stills._projection.scale_factor`); the rectangles carry the
    id ``scale-bar`` so a test can measure them against a geodesic distance.
    """
    x0, y0, x1, y1 = frame
    bx, by = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.05
    lon, lat = projection.to_lonlat(np.array([[bx, by]]))[0]
    k = scale_factor(projection, float(lon), float(lat))
    length_km = _nice((x1 - x0) / k / 1000 / 4)
    length_m = length_km * 1000 * k
    h = (y1 - y0) * 0.012
    for i, colour in enumerate(("#222222", "#ffffff")):
        bar = Rectangle(
            (bx + i * length_m / 2, by), length_m / 2, h,
            facecolor=colour, edgecolor="#222222", linewidth=0.6, zorder=9,
        )  # fmt: skip
        bar.set_gid("scale-bar")
        ax.add_patch(bar)
    # A white band under the words (no path effect: the SVG keeps them as text).
    box = {"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7}
    ax.text(bx, by + 2 * h, "0", fontsize=MIN_FONT_PT, ha="center", zorder=9, bbox=box)
    ax.text(bx + length_m, by + 2 * h, f"{_fmt_km(length_km)} km", fontsize=MIN_FONT_PT,
            ha="center", zorder=9, bbox=box, gid="scale-bar-words")  # fmt: skip


def _lon_label(v: float) -> str:
    """Tick label of a longitude in any 360° band: 190 → ``170°W``, -190 → ``170°E``."""
    v = (v + 180.0) % 360.0 - 180.0
    if abs(v) < 1e-9 or abs(abs(v) - 180.0) < 1e-9:
        return f"{abs(v):g}°"
    return f"{v:g}°E" if v > 0 else f"{-v:g}°W"


def _fmt_km(x: float) -> str:
    return f"{x:g}" if x < 1000 else f"{x:,.0f}"


def _north_arrow(ax: Any, projection: Projection, frame: tuple[float, float, float, float]) -> None:
    """An arrow pointing to true north at the upper left of the map (meridians converge
    in a conic projection, so north is not straight up away from the central meridian)."""
    x0, y0, x1, y1 = frame
    px, py = x0 + (x1 - x0) * 0.045, y1 - (y1 - y0) * 0.13
    lon, lat = projection.to_lonlat(np.array([[px, py]]))[0]
    a, b = projection.to_map(np.array([[lon, lat], [lon, min(lat + 0.5, 89.9)]]))
    angle = math.atan2(b[1] - a[1], b[0] - a[0])
    ln = (y1 - y0) * 0.07
    tip = (px + ln * math.cos(angle), py + ln * math.sin(angle))
    ax.annotate(
        "", xy=tip, xytext=(px, py),
        arrowprops={"facecolor": "#222", "edgecolor": "#222", "width": 2.5, "headwidth": 8},
        zorder=9,
    )  # fmt: skip
    ax.text(
        tip[0] + (tip[0] - px) * 0.25, tip[1] + (tip[1] - py) * 0.25, "N", ha="center",
        va="center", fontsize=9, fontweight="bold", fontfamily=_font_family(bold=True), zorder=9,
    )  # fmt: skip
