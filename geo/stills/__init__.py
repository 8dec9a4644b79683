"""Stills for reports: the web map's content as a PNG or SVG, drawn with matplotlib.

Same styling rules as :mod:`geo.maps` (corridor colour by mode, dashed when not yet
built; facility colour by type, circle area proportional to ``investment_usd``;
border crossings as diamonds; uncertainty radii as dashed circles), on the
offline Natural Earth basemap of :func:`geo.reference.load_layer` (land, sea, country
and admin-1 borders, rivers, lakes, cities named by size), with a legend, a scale
bar, a north arrow, credits for every data source drawn and a title.  Nothing is fetched: no tiles.

The still draws from the public payload of the web map (:func:`geo.maps.display_layers`,
:func:`geo.maps.layer_kind`, :func:`geo.maps.uncertainty_points` …) and the shared
colours, dashes, sizes and legend words of :mod:`geo._symbology`.  Its rooms:

- ``_frame``: the view (extent and aspect), fonts, scale bar, north arrow;
- ``_basemap``: Natural Earth land, sea, borders, rivers, lakes, and the names to place;
- ``_draw``: the layers on the axes;
- ``_labels``: the names, infrastructure first, the basemap's where they fit;
- ``_legend``: the legend of what was drawn;
- ``_render``: :func:`draw_still` and :func:`render_still`, which put them together.
"""

from __future__ import annotations

from geo.stills._detail import DetailFrame
from geo.stills._layout import SIZES
from geo.stills._place import KeyEntry, LabelRequest, LabelResult, PlacedLabel
from geo.stills._projection import Projection, choose_projection
from geo.stills._render import Still, draw_still, render_still, render_stills

__all__ = [
    "SIZES",
    "DetailFrame",
    "KeyEntry",
    "LabelRequest",
    "LabelResult",
    "PlacedLabel",
    "Projection",
    "Still",
    "choose_projection",
    "draw_still",
    "render_still",
    "render_stills",
]
