"""The legend of a still: one entry per category drawn, and reference circle sizes.

The words, colours and round values are those of the web map's legend
(:mod:`geo._symbology`); the legend sits beside or under the map (the layout's legend
area) so it hides no data, with the key of names that found no place on the map.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

from matplotlib.lines import Line2D

from geo import _symbology as palette
from geo.stills._draw import _area_pt2, _Drawn, _mpl_dash
from geo.stills._layout import MIN_FONT_PT, Layout
from geo.stills._place import KeyEntry


def _add_legends(
    fig: Any, ax: Any, drawn: _Drawn, lay: Layout, *, max_usd: float, places: bool,
    key: list[KeyEntry], deferred: list[tuple[str, str]], marks: list[Any],
) -> None:  # fmt: skip
    """The category legend, the size legend and the key, filling the layout's legend area.

    Blocks go top down in the area and start a new column when the area's bottom is
    reached, so the same code serves the column at the right of an A4 landscape and
    the band under the map of an A4 portrait or a journal column.

    Parameters
    ----------
    fig, ax : matplotlib Figure and the map's Axes
    drawn : _Drawn
        What was drawn (:func:`geo.stills._draw._draw_layers`).
    lay : Layout
    max_usd : float, keyword-only
        Investment (US$) drawn at the largest circle.
    places : bool, keyword-only
        Whether a ``places`` layer was given (its entry is listed).
    key : list of KeyEntry, keyword-only
        Names that found no place on the map, by number.
    deferred, marks : keyword-only
        Names left to detail stills and the detail frames (one line per frame).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    left, bottom, width, height = lay.fig_fraction(lay.legend_mm)
    cursor = [left, bottom + height]
    col_w = [0.0]
    gap = 2.5 / lay.fig_mm[1]

    def put(artist: Any) -> None:
        box = artist.get_window_extent(renderer).transformed(fig.transFigure.inverted())
        fits_right = cursor[0] + col_w[0] + 3.0 / lay.fig_mm[0] + box.width <= left + width
        if cursor[1] - box.height < bottom and cursor[1] < bottom + height and fits_right:
            cursor[0] += col_w[0] + 3.0 / lay.fig_mm[0]
            cursor[1] = bottom + height
            col_w[0] = 0.0
        _move(artist, cursor[0], cursor[1])
        cursor[1] -= box.height + gap
        col_w[0] = max(col_w[0], box.width)

    handles = _category_handles(drawn, places=places)
    if handles:
        leg = fig.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(left, bottom + height),
            fontsize=MIN_FONT_PT, title="Legend", title_fontsize=7, framealpha=0.92,
            labelspacing=0.45, borderpad=0.6, borderaxespad=0.0,
        )  # fmt: skip
        put(leg)
    if drawn.ftypes:
        sizes = fig.legend(
            handles=_size_handles(max_usd), loc="upper left", bbox_to_anchor=(left, 0.5),
            fontsize=MIN_FONT_PT, title=palette.LEGEND_SIZES, title_fontsize=7,
            framealpha=0.92, labelspacing=2.2, borderpad=1.4, handletextpad=1.6,
            borderaxespad=0.0,
        )  # fmt: skip
        put(sizes)
    lines = [f"{e.number}  {e.text}" for e in key]
    if lines:
        text = fig.text(left, 0.5, "Key to numbers on the map\n" + "\n".join(
            textwrap.fill(li, 46, subsequent_indent="    ") for li in lines),
            fontsize=MIN_FONT_PT, va="top", gid="key")  # fmt: skip
        put(text)
    for mark in marks:
        n = sum(1 for _t, letter in deferred if letter == mark.letter)
        text = fig.text(left, 0.5, textwrap.fill(
            f"Frame {mark.letter}: {n} names in a crowded cluster, shown on detail "
            f"still {mark.letter}", 46), fontsize=MIN_FONT_PT, va="top",
            color="#c0392b", gid="detail-note")  # fmt: skip
        put(text)


def _move(artist: Any, x: float, top: float) -> None:
    """Put a legend's or text's upper left corner at figure fraction (x, top)."""
    if hasattr(artist, "set_bbox_to_anchor"):
        artist.set_bbox_to_anchor((x, top), transform=artist.figure.transFigure)
    else:
        artist.set_position((x, top))


def _category_handles(drawn: _Drawn, *, places: bool) -> list[Any]:
    """Modes, traced or waypoint lines, dashes, facility types, crossings, places, uncertainty."""
    handles: list[Any] = []
    for mode in sorted(drawn.modes):
        handles.append(
            Line2D([], [], color=palette.CORRIDOR_COLOURS.get(mode, palette.DEFAULT_COLOUR),
                   lw=2.2, label=palette.label(mode))
        )  # fmt: skip
    # Traced or sketched: the same grey line at the two opacities the corridors use.
    for source, alpha, words in (
        ("gem", palette.TRACED_OPACITY, palette.LEGEND_TRACED),
        ("waypoints", palette.WAYPOINT_OPACITY, palette.LEGEND_WAYPOINTS),
    ):
        if source in drawn.sources:
            # wrapped: the legend column is as wide as its longest line
            label = textwrap.fill(words, 34)
            handles.append(Line2D([], [], color="#555", alpha=alpha, lw=2.2, label=label))
    if drawn.statuses & palette.PLANNED_STATUSES:
        handles.append(
            Line2D([], [], color="#555", lw=1.8, linestyle=_mpl_dash(palette.DASH_PLANNED),
                   label=palette.LEGEND_PLANNED)
        )  # fmt: skip
    for ftype in sorted(drawn.ftypes):
        handles.append(
            Line2D([], [], marker="o", linestyle="none", markersize=5,
                   markerfacecolor=palette.FACILITY_COLOURS.get(ftype, palette.DEFAULT_COLOUR),
                   markeredgecolor="white", label=palette.label(ftype))
        )  # fmt: skip
    if drawn.crossings:
        handles.append(
            Line2D([], [], marker="D", linestyle="none", markersize=5,
                   markerfacecolor=palette.CROSSING_COLOUR, markeredgecolor="white",
                   label=palette.LEGEND_CROSSING)
        )  # fmt: skip
    if places:
        handles.append(
            Line2D([], [], marker="o", linestyle="none", markersize=3,
                   markerfacecolor=palette.PLACE_COLOUR, markeredgecolor="none",
                   label=palette.LEGEND_PLACE)
        )  # fmt: skip
    if drawn.uncertainty:
        handles.append(
            Line2D([], [], marker="o", linestyle="none", markersize=8, markerfacecolor="none",
                   markeredgecolor=palette.UNCERTAINTY_COLOUR,
                   label="location uncertainty (radius, or the area)")
        )  # fmt: skip
    return handles


def _size_handles(max_usd: float) -> list[Any]:
    """Circles of the round investments of :func:`geo._symbology.nice_values`."""
    return [
        Line2D([], [], marker="o", linestyle="none",
               markersize=math.sqrt(_area_pt2(v, max_usd=max_usd)), markerfacecolor="#bbb",
               markeredgecolor="#333", label=f"US$ {palette.fmt_number(v)}")
        for v in palette.nice_values(max_usd)
    ]  # fmt: skip
