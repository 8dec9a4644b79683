"""Detail stills: crowded clusters found on the overview, their frames, the locator inset.

A cluster is a group of at least :data:`_MIN_CLUSTER` named markers (or short
corridors such as bridges) each within :data:`_LINK_MM` of another at print size,
where the overview has no room to name them beside their markers.  The overview
draws a lettered frame around each (at most :data:`_MAX_DETAILS`) and leaves those
names to the detail still, which is drawn over the cluster's extent and carries a
locator inset: the overview's land with the detail's frame on it.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from matplotlib.patches import Polygon as MPolygon
from matplotlib.transforms import Bbox

from geo import _symbology as palette
from geo.reference import load_layer
from geo.stills._frame import _font_family
from geo.stills._layout import Layout
from geo.stills._place import LabelRequest
from geo.stills._projection import Bounds, Projection, frame_lonlat

#: Markers this close (mm at print size) belong to one cluster.
_LINK_MM = 7.0
_MIN_CLUSTER = 5
_MAX_DETAILS = 2
#: A corridor shorter than this on paper (mm) counts as a marker (a bridge).
_SHORT_MM = 8.0
#: Margin around a cluster (share of its span, at least this many degrees).
_PAD_SHARE, _PAD_MIN_DEG = 0.3, 0.15
_FRAME_COLOUR = "#c0392b"
_INSET_SHARE = 0.25


@dataclass(frozen=True)
class DetailFrame:
    """A crowded cluster drawn on its own still.

    Attributes
    ----------
    letter : str
        ``"A"``, ``"B"``: printed at its frame on the overview and in the detail's title.
    bounds : (min_lon, min_lat, max_lon, max_lat)
        The detail still's extent (degrees).
    names : int
        How many names the cluster holds.
    """

    letter: str
    bounds: Bounds
    names: int


def _targets(ax: Any, requests: list[LabelRequest]) -> tuple[np.ndarray, list[int]]:
    """Display points (mm) of markers and short corridors, and their request index."""
    px_per_mm = ax.figure.dpi / 25.4
    pts, idx = [], []
    for i, req in enumerate(requests):
        xy = ax.transData.transform(np.asarray(req.xy, dtype=float).reshape(-1, 2)) / px_per_mm
        if len(xy) > 1 and np.hypot(*np.diff(xy, axis=0).T).sum() > _SHORT_MM:
            continue
        pts.append(xy.mean(axis=0))
        idx.append(i)
    return (np.array(pts) if pts else np.empty((0, 2))), idx


def find_details(
    ax: Any,
    requests: list[LabelRequest],
    lay: Layout,
    projection: Projection,
    *,
    prefix: str = "",
) -> list[DetailFrame]:
    """Clusters of names too crowded for the overview, biggest first (single linkage).

    Returns
    -------
    list of DetailFrame
        At most :data:`_MAX_DETAILS`, lettered A, B.
    """
    pts, idx = _targets(ax, requests)
    if len(pts) < _MIN_CLUSTER or len(pts) > 2000:
        return []
    d = np.hypot(pts[:, None, 0] - pts[None, :, 0], pts[:, None, 1] - pts[None, :, 1])
    parent = list(range(len(pts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(*np.nonzero(np.triu(d < _LINK_MM, 1)), strict=True):
        parent[root(int(i))] = root(int(j))
    groups: dict[int, list[int]] = {}
    for i in range(len(pts)):
        groups.setdefault(root(i), []).append(i)
    big = sorted((g for g in groups.values() if len(g) >= _MIN_CLUSTER), key=lambda g: (-len(g), g))
    out = []
    letters = [f"{prefix}{i}" for i in range(1, 10)] if prefix else string.ascii_uppercase
    for letter, members in zip(letters, big[:_MAX_DETAILS], strict=False):
        xy = np.concatenate([np.asarray(requests[idx[m]].xy).reshape(-1, 2) for m in members])
        ll = projection.to_lonlat(xy)
        x0, y0 = ll.min(axis=0)
        x1, y1 = ll.max(axis=0)
        px = max((x1 - x0) * _PAD_SHARE, _PAD_MIN_DEG)
        py = max((y1 - y0) * _PAD_SHARE, _PAD_MIN_DEG)
        bounds = (float(x0 - px), float(y0 - py), float(x1 + px), float(y1 + py))
        if prefix and len(members) == len(pts):
            break  # the whole still is the cluster: a detail would show the same
        out.append(DetailFrame(letter, bounds, len(members)))
    return out


def _outline(bounds: Bounds, projection: Projection, n: int = 24) -> np.ndarray:
    """The lon/lat box ``bounds`` as a closed ring in ``projection``'s metres."""
    x0, y0, x1, y1 = bounds
    t = np.linspace(0, 1, n)
    ring = np.concatenate([
        np.column_stack([x0 + (x1 - x0) * t, np.full(n, y0)]),
        np.column_stack([np.full(n, x1), y0 + (y1 - y0) * t]),
        np.column_stack([x1 - (x1 - x0) * t, np.full(n, y1)]),
        np.column_stack([np.full(n, x0), y1 - (y1 - y0) * t]),
    ])  # fmt: skip
    return projection.to_map(ring)


def draw_detail_marks(
    ax: Any, marks: list[DetailFrame], projection: Projection
) -> list[tuple[str, Bbox]]:
    """Each detail's frame and letter on the overview; their display boxes (for deferring)."""
    out = []
    for mark in marks:
        ring = _outline(mark.bounds, projection)
        patch = MPolygon(ring, closed=True, fill=False, edgecolor=_FRAME_COLOUR, linewidth=0.9,
                         zorder=8, gid="detail-frame")  # fmt: skip
        ax.add_patch(patch)
        x0, y1 = ring[:, 0].min(), ring[:, 1].max()
        ax.text(x0, y1, f" {mark.letter} ", ha="right", va="bottom", fontsize=9,
                fontweight="bold", color=_FRAME_COLOUR, zorder=9,
                fontfamily=_font_family(bold=True), gid="detail-letter")  # fmt: skip
        disp = ax.transData.transform(ring)
        out.append((mark.letter, Bbox.from_extents(*disp.min(axis=0), *disp.max(axis=0))))
    return out


def draw_locator(
    fig: Any, ax: Any, lay: Layout, locator: tuple[Projection, Bounds, Bounds],
    requests: list[LabelRequest],
) -> Any:  # fmt: skip
    """A small map of the overview in the emptiest corner, with this still's frame on it."""
    projection, frame, bounds = locator
    pos = ax.get_position()
    w = pos.width * _INSET_SHARE
    aspect = (frame[2] - frame[0]) / (frame[3] - frame[1])
    fw, fh = fig.get_size_inches()
    h = w * fw / fh / aspect
    corners = {
        "lower right": (pos.x1 - w, pos.y0),
        "upper right": (pos.x1 - w, pos.y1 - h),
        "lower left": (pos.x0, pos.y0),
        "upper left": (pos.x0, pos.y1 - h),
    }
    pts = [ax.transData.transform(np.asarray(r.xy).reshape(-1, 2)) for r in requests]
    xy = np.concatenate(pts) if pts else np.empty((0, 2))
    frac = fig.transFigure.inverted().transform(xy) if len(xy) else xy

    def crowd(c: tuple[float, float]) -> int:
        if not len(frac):
            return 0
        # Names need room around their markers too: count a margin of half the inset.
        mx, my = w / 2, h / 2
        return int(((frac[:, 0] >= c[0] - mx) & (frac[:, 0] <= c[0] + w + mx)
                    & (frac[:, 1] >= c[1] - my) & (frac[:, 1] <= c[1] + h + my)).sum())  # fmt: skip

    corner = min(corners.values(), key=crowd)
    inset = fig.add_axes((corner[0], corner[1], w, h), gid="locator")
    inset.set_xlim(frame[0], frame[2])
    inset.set_ylim(frame[1], frame[3])
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_facecolor(palette.BASEMAP_SEA)
    inset.set_zorder(11)
    view = frame_lonlat(projection, frame)
    land = load_layer("admin0", bbox=view, detail="overview")
    tol = (frame[2] - frame[0]) / 300
    for geom in shapely.get_parts(shapely.union_all(land.geometry.values)):
        geom = shapely.simplify(shapely.transform(geom, projection.to_map), tol)
        for poly in shapely.get_parts(geom):
            if poly.geom_type == "Polygon" and not poly.is_empty:
                inset.add_patch(MPolygon(np.asarray(poly.exterior.coords), closed=True,
                                         facecolor=palette.BASEMAP_LAND,
                                         edgecolor=palette.BASEMAP_COUNTRY_BORDER,
                                         linewidth=0.3))  # fmt: skip
    inset.add_patch(MPolygon(_outline(bounds, projection), closed=True, fill=False,
                             edgecolor=_FRAME_COLOUR, linewidth=1.0, zorder=3))  # fmt: skip
    return inset
