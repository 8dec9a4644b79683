"""The legend as data: headings, line/dot/diamond swatches and reference sizes.

The page draws these items with DOM calls (``GEO.legend`` in ``_assets/map.js``);
the words and colours come from :mod:`geo._symbology`, which the still uses too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import geopandas as gpd

from geo import _symbology as palette
from geo._symbology import is_missing as _missing
from geo.maps._payload import layer_kind

__all__ = ["legend_items"]

#: A legend item: ``kind`` (heading, line, dot, size, diamond), ``label`` and swatch style.
Item = dict[str, Any]


def legend_items(
    layers: Mapping[str, gpd.GeoDataFrame], *, max_usd: float, uncertainty: bool
) -> list[Item]:
    """The legend as data: headings, line/dot/diamond swatches and reference sizes.

    Only categories present in the data are listed.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        The layers drawn (``None`` and empty layers are ignored).
    max_usd : float, keyword-only
        Investment (US$) drawn at the largest circle, as on the map.
    uncertainty : bool, keyword-only
        Whether the map draws uncertainty circles.

    Returns
    -------
    list of dict
        In drawing order: corridors, facilities and sizes, crossings, places,
        uncertainty.  An item with a ``key`` is shown only while a feature drawn by it
        is (the page's filters): ``mode:rail``, ``type:port``, ``source:gem``,
        ``crossing``, ``place``, ``usd:known``/``usd:unknown`` and
        ``planned@corridors``-style status groups.
    """
    present = {n: g for n, g in layers.items() if g is not None and len(g)}
    items = _corridor_items([g for n, g in present.items() if layer_kind(n, g) == "corridors"])
    items += _facility_items(
        [g for n, g in present.items() if layer_kind(n, g) == "facilities"], max_usd=max_usd
    )
    has_crossings = any(
        layer_kind(n, g) == "crossings" or ("type" in g and (g["type"] == "border_crossing").any())
        for n, g in present.items()
    )
    if has_crossings:
        items.append(
            {
                "kind": "diamond",
                "color": palette.CROSSING_COLOUR,
                "label": palette.LEGEND_CROSSING,
                "key": "crossing",
            }
        )
    if "places" in present:
        dot = {"kind": "dot", "fill": palette.PLACE_COLOUR, "color": palette.PLACE_COLOUR}
        items.append({**dot, "label": palette.LEGEND_PLACE, "key": "place"})
    if uncertainty:
        items.append(
            {
                "kind": "dot",
                "fill": palette.UNCERTAINTY_COLOUR,
                "fillOpacity": 0.1,
                "color": palette.UNCERTAINTY_COLOUR,
                "dashArray": "3 2",
                "label": "location uncertainty (radius uncertainty_km, or the area)",
            }
        )
    return items


def _corridor_items(lines: list[gpd.GeoDataFrame]) -> list[Item]:
    """One line per mode present, then the dashed and dotted statuses present."""
    if not lines:
        return []
    items: list[Item] = [{"kind": "heading", "label": "Corridors (colour: mode)"}]
    modes, statuses, sources = set(), set(), set()
    for g in lines:
        for _, row in g.drop(columns=g.geometry.name).iterrows():
            modes.add(palette.corridor_mode(row))
            statuses.add(row.get("status"))
            sources.add(row.get("geometry_source"))
    for mode in sorted(modes):
        colour = palette.CORRIDOR_COLOURS.get(mode, palette.DEFAULT_COLOUR)
        items.append(
            {"kind": "line", "color": colour, "label": palette.label(mode), "key": f"mode:{mode}"}
        )
    for group, dash, text, key in (
        (palette.PLANNED_STATUSES, palette.DASH_PLANNED, palette.LEGEND_PLANNED, "planned"),
        (
            palette.STOPPED_STATUSES,
            palette.DASH_STOPPED,
            "dotted: shelved, cancelled or retired",
            "stopped",
        ),
    ):
        if statuses & group:
            line = {"kind": "line", "color": "#555555", "dashArray": dash, "weight": 3}
            items.append({**line, "label": text, "key": f"{key}@corridors"})
    # How the line was drawn: a route traced by GEM (solid) or waypoints (faint).
    for source, opacity, text in (
        ("gem", palette.TRACED_OPACITY, palette.LEGEND_TRACED),
        ("waypoints", palette.WAYPOINT_OPACITY, palette.LEGEND_WAYPOINTS),
    ):
        if source in sources:
            line = {"kind": "line", "color": "#555555", "opacity": opacity, "weight": 4}
            items.append({**line, "label": text, "key": f"source:{source}"})
    return items


def _facility_items(pts: list[gpd.GeoDataFrame], *, max_usd: float) -> list[Item]:
    """One dot per facility type present, the planned outline, then the size legend."""
    if not pts:
        return []
    items: list[Item] = [{"kind": "heading", "label": "Facilities (colour: type)"}]
    types = sorted({str(t) for g in pts for t in g.get("type", []) if not _missing(t)})
    for t in types:
        if t == "border_crossing":
            continue
        fill = palette.FACILITY_COLOURS.get(t, palette.DEFAULT_COLOUR)
        dot = {"kind": "dot", "fill": fill, "color": "#ffffff"}
        items.append({**dot, "label": palette.label(t), "key": f"type:{t}"})
    statuses = {str(v) for g in pts for v in g.get("status", []) if not _missing(v)}
    if statuses & palette.PLANNED_STATUSES:
        items.append(
            {
                "kind": "dot",
                "fill": "#bbbbbb",
                "color": "#333333",
                "dashArray": "2 2",
                "label": "dashed outline: proposed or under construction",
                "key": "planned@facilities",
            }
        )
    return items + _size_items(max_usd)


def _size_items(max_usd: float) -> list[Item]:
    """Reference circles of round investments, and the dark outline of an unknown one."""
    values = palette.nice_values(max_usd)
    if not values:
        return []
    items: list[Item] = [{"kind": "heading", "label": palette.LEGEND_SIZES}]
    for v in values:
        items.append(
            {
                "kind": "size",
                "radius": palette.radius_px(v, max_usd=max_usd),
                "fill": "#bbbbbb",
                "color": "#333333",
                "label": f"US$ {palette.fmt_number(v)}",
                "key": "usd:known",
            }
        )
    items.append(
        {
            "kind": "dot",
            "fill": "#bbbbbb",
            "color": "#333333",
            "label": "investment unknown (dark outline)",
            "key": "usd:unknown",
        }
    )
    return items
