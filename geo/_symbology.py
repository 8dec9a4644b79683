"""Symbology shared by every output: one categorical palette and one set of human-readable labels.

The web map (:mod:`geo.maps`), the stills (:mod:`geo.stills`) and the QGIS styles
(:mod:`geo.styles`) all read their colours and legend words from here, so a gas
pipeline is the same blue in a browser, on paper and in QGIS, and every legend says
"gas pipeline", never ``gas_pipeline``.

Colours are ColorBrewer-like hex strings, chosen to stay distinct when printed in
grey; values we do not know get a stable colour from :data:`FALLBACK` (by a hash of
the value, so the same value gets the same colour in every output).
"""

from __future__ import annotations

import hashlib

__all__ = [
    "CORRIDOR_COLOURS",
    "CROSSING_COLOUR",
    "DEFAULT_COLOUR",
    "FACILITY_COLOURS",
    "FALLBACK",
    "KIND_COLOURS",
    "LABELS",
    "PLACE_COLOUR",
    "REGION_COLOURS",
    "UNCERTAINTY_COLOUR",
    "colour",
    "label",
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
