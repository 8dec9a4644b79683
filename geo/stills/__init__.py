"""Stills for reports: the web map's content as a PNG or SVG, drawn with matplotlib.

Same styling rules as :mod:`geo.maps` (corridor colour by mode, dashed when not yet
built; facility colour by type, circle area proportional to ``investment_usd``;
border crossings as diamonds; uncertainty radii as dashed circles), on the same
offline Natural Earth basemap (:mod:`geo.reference`), with a legend, a scale bar, a
north arrow, an attribution line and a title.  Nothing is fetched: no tiles.

The still draws from the public payload of the web map (:func:`geo.maps.display_layers`,
:func:`geo.maps.layer_kind`, :func:`geo.maps.uncertainty_points` …) and the shared
colours, dashes, sizes and legend words of :mod:`geo._symbology`.  Its rooms:

- ``_frame``: the view (extent and aspect), fonts, scale bar, north arrow;
- ``_draw``: the layers on the axes and the name labels;
- ``_legend``: the legend of what was drawn;
- ``_render``: :func:`render_still`, which puts them together and writes the file.
"""

from __future__ import annotations

from geo.stills._render import render_still

__all__ = ["render_still"]
