"""Symbology shared by every output: one categorical palette and one set of human-readable labels.

The web map (:mod:`geo.maps`), the stills (:mod:`geo.stills`) and the QGIS styles
(:mod:`geo.layers`, its QML styles) all read their colours and legend words from here, so a gas
pipeline is the same blue in a browser, on paper and in QGIS, and every legend says
"gas pipeline", never ``gas_pipeline``.  The map and the still also share from here
the dash patterns of a status, the circle sizes of an investment, the round values
of the size legend and the way numbers are written.

Colours are ColorBrewer-like hex strings, chosen to stay distinct when printed in
grey; values we do not know get a stable colour from :data:`FALLBACK` (by a hash of
the value, so the same value gets the same colour in every output).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "BASEMAP_ADMIN1_BORDER",
    "BASEMAP_CITY",
    "BASEMAP_COUNTRY_BORDER",
    "BASEMAP_LABEL",
    "BASEMAP_LAKE",
    "BASEMAP_LAND",
    "BASEMAP_RIVER",
    "BASEMAP_SEA",
    "BASEMAP_WATER_LABEL",
    "CITY_MIN_POP_BY_ZOOM",
    "CORRIDOR_COLOURS",
    "CROSSING_COLOUR",
    "DASH_PLANNED",
    "DASH_STOPPED",
    "DEFAULT_COLOUR",
    "FACILITY_COLOURS",
    "FALLBACK",
    "GEOMETRY_SOURCES",
    "KIND_COLOURS",
    "LABELS",
    "LEGEND_CROSSING",
    "LEGEND_PLACE",
    "LEGEND_PLANNED",
    "LEGEND_SIZES",
    "LEGEND_TRACED",
    "LEGEND_WAYPOINTS",
    "MAX_RADIUS_PX",
    "MIN_RADIUS_PX",
    "PLACE_COLOUR",
    "PLANNED_STATUSES",
    "REGION_COLOURS",
    "STOPPED_STATUSES",
    "TRACED_OPACITY",
    "UNCERTAINTY_COLOUR",
    "WAYPOINT_OPACITY",
    "colour",
    "corridor_mode",
    "dash",
    "fmt_number",
    "is_missing",
    "label",
    "nice_values",
    "radius_px",
]

#: Line colour by corridor mode.
CORRIDOR_COLOURS: dict[str, str] = {
    "rail": "#b2182b",
    "road": "#8c510a",
    "oil_pipeline": "#1a1a1a",
    "gas_pipeline": "#2166ac",
    "pipeline": "#5e3c99",
    "multimodal": "#762a83",
    "power_line": "#e08214",
    "power": "#e08214",
}
#: Marker fill colour by facility type.
FACILITY_COLOURS: dict[str, str] = {
    "logistics_hub": "#d95f02",
    "terminal": "#7570b3",
    "port": "#1b9e77",
    "border_crossing": "#e7298a",
    "industrial_park": "#66a61e",
    "island": "#a6761d",
    "bridge": "#1f78b4",
}
#: Border crossings (diamonds on the web map and in stills).
CROSSING_COLOUR = "#e7298a"
#: Crossing kinds (``crossings.kind``): land and sea borders.
KIND_COLOURS: dict[str, str] = {"land": CROSSING_COLOUR, "sea": "#1f78b4"}
#: Places named in a source.
PLACE_COLOUR = "#555555"
#: Location uncertainty (circles and uncertainty areas).
UNCERTAINTY_COLOUR = "#8856a7"
#: Region polygons by ``area_kind``.
REGION_COLOURS: dict[str, str] = {
    "country": "#999999",
    "uncertainty_circle": UNCERTAINTY_COLOUR,
    "uncertainty_extent": UNCERTAINTY_COLOUR,
    "region": "#9e9ac8",
}
#: A category with no colour of its own (web map and stills).
DEFAULT_COLOUR = "#666666"
#: Stable colours for values not listed above (QGIS categories of any field).
FALLBACK: tuple[str, ...] = (
    "#a6cee3",
    "#b2df8a",
    "#fb9a99",
    "#fdbf6f",
    "#cab2d6",
    "#ffff99",
    "#8dd3c7",
)

#: Legend words for values whose plain form (underscores → spaces) reads badly.
LABELS: dict[str, str] = {
    "logistics_hub": "logistics hub",
    "power_line": "power line",
    "power": "power line",
    "uncertainty_circle": "location uncertainty (radius)",
    "uncertainty_extent": "location uncertainty (the area's extent)",
}

_ALL: dict[str, str] = {
    **REGION_COLOURS,
    **KIND_COLOURS,
    **FACILITY_COLOURS,
    **CORRIDOR_COLOURS,
}


def colour(value: str, *, default: str | None = None) -> str:
    """Colour of a category value (mode, facility type, crossing kind, area kind).

    Parameters
    ----------
    value : str
        A category value as stored in the layers, e.g. ``"gas_pipeline"``.
    default : str, optional, keyword-only
        Returned for unknown values; by default a stable colour from :data:`FALLBACK`
        chosen by a SHA-1 hash of ``value``.

    Returns
    -------
    str
        ``#rrggbb``.
    """
    if value in _ALL:
        return _ALL[value]
    if default is not None:
        return default
    h = int(hashlib.sha1(value.encode("utf-8")).hexdigest(), 16)
    return FALLBACK[h % len(FALLBACK)]


def label(value: object) -> str:
    """Human-readable legend word of a category value: ``gas_pipeline`` → ``gas pipeline``."""
    text = str(value)
    return LABELS.get(text, text.replace("_", " "))


#: Legend words the web map and the still both write.
LEGEND_PLANNED = "dashed: proposed or under construction"
LEGEND_CROSSING = "border crossing"
LEGEND_PLACE = "place named in the source"
LEGEND_SIZES = "Investment (circle area ∝ US$)"

#: Statuses drawn dashed (not yet built) and dotted/faded (stopped or gone), GEM words.
PLANNED_STATUSES = frozenset({"announced", "proposed", "pre-construction", "construction"})
STOPPED_STATUSES = frozenset({"shelved", "cancelled", "mothballed", "retired"})
#: SVG dash arrays (on off, px) of the two groups of statuses.
DASH_PLANNED = "8 6"
DASH_STOPPED = "2 5"

#: Record type → corridor mode, where a record gives no ``mode``.
_TYPE_MODE = {"railway": "rail", "road": "road", "pipeline": "pipeline", "power_line": "power_line"}

#: Largest facility circle radius (px); circle area is proportional to investment_usd.
MAX_RADIUS_PX = 24.0
#: Smallest radius drawn (px), so tiny investments stay visible (stated in the legend).
MIN_RADIUS_PX = 4.0


def is_missing(value: Any) -> bool:
    """True for None, NaN, pandas NA, the empty string and an empty list or mapping.

    A missing value gets no colour of its own, no size and no legend entry.
    """
    if value is None:
        return True
    if isinstance(value, str):
        return value == ""
    if isinstance(value, Mapping | list | tuple | np.ndarray):
        return len(value) == 0
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def dash(status: Any) -> str | None:
    """Dash array of a status: :data:`DASH_PLANNED`, :data:`DASH_STOPPED` or ``None`` (solid)."""
    if status in PLANNED_STATUSES:
        return DASH_PLANNED
    if status in STOPPED_STATUSES:
        return DASH_STOPPED
    return None


def corridor_mode(props: Mapping[str, Any]) -> str:
    """Mode of a corridor: its ``mode`` field, else derived from ``type``, else ``"other"``."""
    mode = props.get("mode")
    if not is_missing(mode):
        return str(mode)
    return _TYPE_MODE.get(str(props.get("type")), "other")


def fmt_number(x: float) -> str:
    """Human-readable number: ``685.51 million``, ``5 billion``, ``200,000``, ``0.65``."""
    if abs(x) >= 1e9:
        return f"{x / 1e9:,.2f}".rstrip("0").rstrip(".") + " billion"
    if abs(x) >= 1e6:
        return f"{x / 1e6:,.2f}".rstrip("0").rstrip(".") + " million"
    if float(x).is_integer():
        return f"{int(x):,}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:,.4g}"


def radius_px(usd: Any, *, max_usd: float) -> float:
    """Circle radius (px) with area proportional to ``usd``: r = R·√(v / v_max).

    Parameters
    ----------
    usd : float or None
        Investment in US dollars; missing gives the fixed radius 6 px.
    max_usd : float, keyword-only
        Investment drawn at :data:`MAX_RADIUS_PX`; ``<= 0`` gives 6 px too.

    Returns
    -------
    float
        At least :data:`MIN_RADIUS_PX`, rounded to 2 decimals.
    """
    if is_missing(usd) or max_usd <= 0:
        return 6.0
    return round(max(MIN_RADIUS_PX, MAX_RADIUS_PX * math.sqrt(float(usd) / max_usd)), 2)


def nice_values(max_usd: float) -> list[float]:
    """Up to three round reference values (1-2-5 series, US$) for the size legend.

    The largest round value not above ``max_usd``, then a quarter and a twentieth of
    it when their circles are bigger than the smallest radius drawn.  Empty when
    ``max_usd <= 0``.
    """
    if max_usd <= 0:
        return []
    exp = 10 ** math.floor(math.log10(max_usd))
    top = max(m * exp for m in (1, 2, 5, 10) if m * exp <= max_usd * 1.0000001)
    vals = [top]
    for frac in (0.25, 0.05):
        v = top * frac
        if radius_px(v, max_usd=max_usd) > MIN_RADIUS_PX:
            vals.append(v)
    return vals


# --- Reference geography and route geometry (the web map, the still and QGIS alike) ---

#: Basemap fills and strokes: faint, so the infrastructure stands out.
BASEMAP_LAND = "#f4f1ea"
BASEMAP_SEA = "#dce9f2"
BASEMAP_COUNTRY_BORDER = "#8a8a8a"
BASEMAP_ADMIN1_BORDER = "#c2bcb0"
BASEMAP_RIVER = "#7fa7c9"
BASEMAP_LAKE = "#cfe0ee"
BASEMAP_CITY = "#555555"
BASEMAP_LABEL = "#4d4d4d"
BASEMAP_WATER_LABEL = "#3f6f99"
#: Populated places labelled at a zoom level: a city of at least this population shows
#: from that Leaflet zoom on (fewer, bigger cities first; the still uses its own extent).
CITY_MIN_POP_BY_ZOOM: dict[int, int] = {
    3: 5_000_000,
    4: 2_000_000,
    5: 1_000_000,
    6: 300_000,
    7: 100_000,
    8: 30_000,
    9: 0,
}

#: ``geometry_source`` of a corridor: a route GEM traced, or a line through the record's
#: few waypoints (real towns and crossings, straight between them).
GEOMETRY_SOURCES = ("gem", "waypoints")
#: Opacity of a traced route and of a line drawn through waypoints: the second is faint,
#: so a reader never mistakes a sketch for a surveyed route.
TRACED_OPACITY = 0.9
WAYPOINT_OPACITY = 0.45
LEGEND_TRACED = "solid: route traced by Global Energy Monitor"
LEGEND_WAYPOINTS = "faint: drawn through waypoints, not a traced route"
