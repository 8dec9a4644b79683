"""The legend of a still: one entry per category drawn, and reference circle sizes.

The words, colours and round values are those of the web map's legend
(:mod:`geo._symbology`); the legend sits to the right of the map so it hides no data.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

from matplotlib.lines import Line2D

from geo import _symbology as palette
from geo.stills._draw import _area_pt2, _Drawn, _mpl_dash


def _add_legends(ax: Any, drawn: _Drawn, *, max_usd: float, places: bool) -> None:
    """The category legend at the upper right and the size legend at the lower right.

    Parameters
    ----------
    ax : matplotlib Axes
        The map.
    drawn : _Drawn
        What was drawn (:func:`geo.stills._draw._draw_layers`).
    max_usd : float, keyword-only
        Investment (US$) drawn at the largest circle.
    places : bool, keyword-only
        Whether a ``places`` layer was given (its entry is listed).
    """
    handles = _category_handles(drawn, places=places)
    size_handles = _size_handles(max_usd) if drawn.ftypes else []
    if handles:
        leg = ax.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=6,
            title="Legend", borderaxespad=0.0,
            title_fontsize=7, framealpha=0.92, labelspacing=0.5, borderpad=0.8,
        )  # fmt: skip
        leg.set_zorder(10)
    if size_handles:
        # Reference sizes in a legend of their own, spaced for the largest circle.
        top = 0.0  # below the category legend, never over it (it grows with the entries)
        if handles:
            ax.add_artist(leg)
            box = leg.get_window_extent()
            top = box.transformed(ax.transAxes.inverted()).y0 - 0.02
        sizes = ax.legend(
            handles=size_handles, loc="upper left" if handles else "lower left",
            bbox_to_anchor=(1.02, top), fontsize=6,
            title=palette.LEGEND_SIZES, title_fontsize=7, borderaxespad=0.0,
            framealpha=0.92, labelspacing=1.6, borderpad=1.0, handletextpad=1.6,
        )  # fmt: skip
        sizes.set_zorder(10)


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
            Line2D([], [], marker="o", linestyle="none", markersize=6,
                   markerfacecolor=palette.FACILITY_COLOURS.get(ftype, palette.DEFAULT_COLOUR),
                   markeredgecolor="white", label=palette.label(ftype))
        )  # fmt: skip
    if drawn.crossings:
        handles.append(
            Line2D([], [], marker="D", linestyle="none", markersize=6,
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
