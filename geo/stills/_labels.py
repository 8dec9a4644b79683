"""Names on a still: the infrastructure's first, then the basemap's where they fit.

Infrastructure names (facilities, crossings, corridors, places named in sources) are
placed first (:mod:`geo.stills._place`: beside their target, on a leader line, or in
the key).  Basemap names (cities, rivers, lakes, seas: :mod:`geo.stills._basemap`)
come after, in their order of importance, and each is written only where its box
touches no label already placed, no infrastructure marker, no corridor line, and no
scale bar or north arrow; otherwise it is left out and counted
(:class:`geo.stills._place.LabelCounts`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from geo import _symbology as palette
from geo.stills._basemap import BasemapLabel
from geo.stills._place import LabelRequest, LabelResult, _hits, _Space, add_halo, place_infra

#: Infrastructure label slots (offset in points, horizontal alignment), in turn.
_LABEL_SLOTS = (((5, 4), "left"), ((5, -11), "left"), ((-5, 4), "right"), ((-5, -11), "right"))
#: City label slots around its dot: (dx, dy) in points, ha, va.
_CITY_SLOTS = (
    ((3, 1), "left", "bottom"),
    ((3, -1), "left", "top"),
    ((-3, 1), "right", "bottom"),
    ((-3, -1), "right", "top"),
    ((0, 3), "center", "bottom"),
    ((0, -3), "center", "top"),
)
#: Where along a river's stretch in view its name is tried (share of the length).
_RIVER_STOPS = (0.5, 0.35, 0.65, 0.2, 0.8)
#: Gap (points) kept around a basemap name: wider around cities, so a continent-wide
#: still names a sparse selection rather than a carpet of towns.
_PAD_PT = {"city": 2.0, "river": 1.0, "lake": 1.0, "sea": 1.0}
#: Cities at least this big are placed before the rivers' names.
_BIG_CITY_POP = 500_000
#: How many of the biggest cities in frame keep their dot free of other names.
_RESERVED_CITIES = 40
#: A river is named only where its stretch in view is this many times the name's length.
_RIVER_MIN_STRETCH = 2.0
_BASEMAP_FONT_PT = {"city": 6.0, "river": 6.0, "lake": 6.0, "sea": 6.5}


def place_labels(
    ax: Any,
    fig: Figure,
    infra: list[LabelRequest],
    basemap: list[BasemapLabel],
    *,
    defer: list[tuple[str, Bbox]] | None = None,
    key_start: int = 1,
) -> LabelResult:
    """Write the infrastructure's names (:func:`place_infra`), then the basemap's where
    they fit.

    Parameters
    ----------
    ax : matplotlib Axes
        The map, with everything else already drawn (markers, lines, scale bar).
    fig : Figure
    infra : list of LabelRequest
        Facilities, crossings, corridors and places to name.
    basemap : list of BasemapLabel
        Cities, rivers, lakes and seas, placed in order of ``rank`` within each kind
        (:func:`_order`).
    defer : list of (letter, display Bbox), keyword-only
        Detail frames: a name whose whole target lies inside one is written on that
        detail still, not here (listed in :attr:`LabelResult.deferred`).
    key_start : int, keyword-only
        Number of the first entry of the key.

    Returns
    -------
    LabelResult
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    space = _Space(
        frame=ax.get_window_extent(renderer),
        boxes=_decoration_boxes(ax, renderer),
        markers=_marker_boxes(ax, fig),
        line_points=_corridor_points(ax),
    )
    # The biggest cities (dot and first name slot) and the lakes' names are kept free
    # of the infrastructure's names, so the reader still finds Harbin, Mudanjiang or
    # Lake Khanka beside a crowded border; other basemap names take what is left.
    reserved = _reserve(ax, renderer, basemap, space)
    n_markers = len(space.markers)
    if len(reserved):
        space.markers = np.concatenate([space.markers.reshape(-1, 4), reserved])
    result = place_infra(ax, renderer, infra, space, defer=defer or [], key_start=key_start)
    space.markers = space.markers[:n_markers]
    counts = result.counts
    cities: list[tuple[float, float]] = []
    for label in sorted(basemap, key=_order):
        pad = _PAD_PT[label.kind] * fig.dpi / 72
        if label.kind == "city":
            ok = _place_city(ax, renderer, label, space, pad, cities)
        elif label.kind == "river":
            ok = _place_river(ax, renderer, label, space, pad)
        else:
            ok = _place_area(ax, renderer, label, space, pad)
        (counts.placed if ok else counts.dropped)[label.kind] += 1
    if cities:
        xy = np.array(cities)
        dots = ax.scatter(xy[:, 0], xy[:, 1], s=3, c=palette.BASEMAP_CITY, linewidths=0, zorder=4)
        dots.set_gid("basemap-cities")
    return result


def _reserve(ax: Any, renderer: Any, basemap: list[BasemapLabel], space: _Space) -> np.ndarray:
    """(n, 4) display boxes of the biggest cities' dots and first name slots, and of
    the lakes' names (:data:`_RESERVED_CITIES` cities at most)."""
    big = sorted((b for b in basemap if b.kind == "city" and b.rank <= -_BIG_CITY_POP),
                 key=_order)[:_RESERVED_CITIES]  # fmt: skip
    lakes = [b for b in basemap if b.kind == "lake"]
    pt = ax.figure.dpi / 72
    rows = []
    for label in [*big, *lakes]:
        px = ax.transData.transform(label.lonlat[0])
        if label.kind == "city":
            # The first slot free of markers and lines (the one the city will take).
            for (dx, dy), ha, va in _CITY_SLOTS:
                text = _text(ax, label, (px[0] + dx * pt, px[1] + dy * pt), ha=ha, va=va)
                if space.free(text.get_window_extent(renderer), pt):
                    break
                text.remove()
            else:
                continue
            rows.append([px[0] - 3 * pt, px[1] - 3 * pt, px[0] + 3 * pt, px[1] + 3 * pt])
        else:
            text = _text(ax, label, (px[0], px[1]), ha="center", va="center")
        rows.append(list(text.get_window_extent(renderer).padded(pt).extents))
        text.remove()
    return np.array(rows) if rows else np.empty((0, 4))


def _order(label: BasemapLabel) -> tuple[int, float, str]:
    """Lakes, big cities, rivers, other cities, seas; within each, by ``rank``.

    A lake or river name has few places to go, so it comes early; a city of half a
    million (``rank`` is minus its population) must not lose its place to a river name.
    """
    if label.kind == "city":
        tier = 1 if label.rank <= -_BIG_CITY_POP else 3
    else:
        tier = {"lake": 0, "river": 2, "sea": 4}[label.kind]
    return (tier, label.rank, label.text)


def _decoration_boxes(ax: Any, renderer: Any) -> list[Bbox]:
    """Scale bar, its words and the north arrow (drawn above everything, zorder 9)."""
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    boxes += [p.get_window_extent(renderer) for p in ax.patches if p.get_zorder() >= 9]
    # A locator inset drawn over the map.
    boxes += [o.get_window_extent(renderer) for o in ax.figure.axes if o is not ax]
    return boxes


def _marker_boxes(ax: Any, fig: Figure) -> np.ndarray:
    """Display boxes of the infrastructure markers (scatter layers at zorder ≥ 5)."""
    rows = []
    for coll in ax.collections:
        if not isinstance(coll, PathCollection) or coll.get_zorder() < 5:
            continue
        xy = ax.transData.transform(np.asarray(coll.get_offsets(), dtype=float))
        sizes = np.broadcast_to(np.asarray(coll.get_sizes(), dtype=float), (len(xy),))
        r = np.sqrt(sizes) / 2 * fig.dpi / 72
        rows.append(np.column_stack([xy[:, 0] - r, xy[:, 1] - r, xy[:, 0] + r, xy[:, 1] + r]))
    return np.concatenate(rows) if rows else np.empty((0, 4))


def _corridor_points(ax: Any, *, step_px: float = 3.0) -> np.ndarray:
    """Points every ``step_px`` along the corridors (gid ``corridors``), in display px."""
    out = []
    for coll in ax.collections:
        if not isinstance(coll, LineCollection) or coll.get_gid() != "corridors":
            continue
        for seg in coll.get_segments():
            xy = ax.transData.transform(np.asarray(seg, dtype=float))
            out.append(_densify(xy, step_px))
    return np.concatenate(out) if out else np.empty((0, 2))


def _densify(xy: np.ndarray, step: float) -> np.ndarray:
    if len(xy) < 2:
        return xy
    d = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(xy, axis=0).T))])
    s = np.arange(0.0, d[-1] + step, step)
    return np.column_stack([np.interp(s, d, xy[:, 0]), np.interp(s, d, xy[:, 1])])


def _text(ax: Any, label: BasemapLabel, xy: tuple[float, float], **kw: Any) -> Any:
    """A basemap name at display position ``xy``, with a thin white halo."""
    water = label.kind != "city"
    lon, lat = ax.transData.inverted().transform(xy)
    return ax.text(
        lon, lat, label.text, fontsize=_BASEMAP_FONT_PT[label.kind],
        color=palette.BASEMAP_WATER_LABEL if water else palette.BASEMAP_LABEL,
        fontstyle="italic" if water else "normal", zorder=4.5, gid=f"basemap-{label.kind}",
        **kw,
    )  # fmt: skip


def _place_city(
    ax: Any, renderer: Any, label: BasemapLabel, space: _Space, pad: float,
    cities: list[tuple[float, float]],
) -> bool:  # fmt: skip
    """A city's name in the first free slot around its dot (dot and name both free)."""
    px = ax.transData.transform(label.lonlat[0])
    dot_r = 2.0 * ax.figure.dpi / 72
    dot = Bbox.from_extents(px[0] - dot_r, px[1] - dot_r, px[0] + dot_r, px[1] + dot_r)
    # The dot may sit on a corridor (Harbin on the Heilongjiang corridor); not on a
    # name or a marker.
    if any(dot.overlaps(b) for b in space.boxes) or _hits(space.markers, dot):
        return False
    pt = ax.figure.dpi / 72
    for (dx, dy), ha, va in _CITY_SLOTS:
        text = _text(ax, label, (px[0] + dx * pt, px[1] + dy * pt), ha=ha, va=va)
        box = text.get_window_extent(renderer)
        if space.free(box, pad):
            add_halo(ax, text)
            space.boxes += [box, dot]
            cities.append((float(label.lonlat[0][0]), float(label.lonlat[0][1])))
            return True
        text.remove()
    return False


def _place_river(ax: Any, renderer: Any, label: BasemapLabel, space: _Space, pad: float) -> bool:
    """A river's name along its stretch, beside the line, turned with it."""
    xy = ax.transData.transform(label.lonlat)
    d = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(xy, axis=0).T))])
    probe = _text(ax, label, (0, 0), ha="center", va="center")
    width = probe.get_window_extent(renderer).width
    probe.remove()
    if width * _RIVER_MIN_STRETCH > d[-1]:
        return False
    gap = (_BASEMAP_FONT_PT[label.kind] * 0.5 + 1.5) * ax.figure.dpi / 72
    for stop in _RIVER_STOPS:
        s = stop * d[-1]
        if s - width / 2 < 0 or s + width / 2 > d[-1]:
            continue
        a = np.array([np.interp(s - width / 2, d, xy[:, i]) for i in (0, 1)])
        b = np.array([np.interp(s + width / 2, d, xy[:, i]) for i in (0, 1)])
        angle = math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))
        if angle > 90:
            angle -= 180
        elif angle < -90:
            angle += 180
        mid = np.array([np.interp(s, d, xy[:, i]) for i in (0, 1)])
        normal = np.array([-math.sin(math.radians(angle)), math.cos(math.radians(angle))])
        for side in (1, -1):
            at = mid + side * gap * normal
            text = _text(ax, label, (at[0], at[1]), ha="center", va="center",
                         rotation=angle, rotation_mode="anchor")  # fmt: skip
            box = text.get_window_extent(renderer)
            if space.free(box, pad):
                add_halo(ax, text)
                space.boxes.append(box)
                return True
            text.remove()
    return False


def _place_area(ax: Any, renderer: Any, label: BasemapLabel, space: _Space, pad: float) -> bool:
    """A lake's or sea's name centred inside it."""
    px = ax.transData.transform(label.lonlat[0])
    text = _text(ax, label, (px[0], px[1]), ha="center", va="center")
    box = text.get_window_extent(renderer)
    if space.free(box, pad):
        add_halo(ax, text)
        space.boxes.append(box)
        return True
    text.remove()
    return False
