"""Placing the infrastructure's names: beside the marker or line, else on a leader, else a key.

Each name (:class:`LabelRequest`) is tried at candidate positions, first touching
its target (eight slots around a marker, or around points along a corridor's line,
about 1 mm away), then farther out (5 to 30 mm) joined to the target by a leader line.
A position is taken only if the name's box stays in the frame and touches no other
name, no marker (its own included), no corridor line, no leader, no scale bar or
north arrow, and its leader crosses no name or marker.  A name with no such
position gets a number at its target and an entry in the key
(:attr:`LabelResult.key`); nothing is left out silently.

Crowded targets are placed first (they have the fewest free positions), then by
kind (facilities, crossings, corridors, places) and name, so equal input gives
equal output.  Measured against adjustText on the seed still (see
``benchmarks/still_labels.py``): adjustText moves names by repulsion and leaves
overlaps and names over markers in crowded clusters; this placement never does.
"""

from __future__ import annotations

import math
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib import patheffects
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import Bbox

#: Infrastructure names: size (points) and the longest line before wrapping.
LABEL_PT = 6.0
_WRAP_CHARS = 26
_MAX_LINES = 2
#: Gap (points) between a name and its marker's edge or its line.
_GAP_PT = 2.0
#: Leader lengths tried (mm at print size), nearest first, and directions per length.
_LEADER_MM = (5.0, 8.0, 12.0, 17.0, 23.0, 30.0)
_LEADER_ANGLES = 24
#: Points along a corridor tried as anchors: one every this many mm of printed line.
_ANCHOR_STEP_MM = 6.0
#: Slots around an anchor: (dx, dy) direction; the box is put on that side.
_SLOTS = ((1, 0), (1, 1), (1, -1), (-1, 0), (-1, 1), (-1, -1), (0, 1), (0, -1))
#: Order of kinds (facilities first).
_KIND_RANK = {"facility": 0, "crossing": 1, "corridor": 2, "place": 3}
_HALO = [patheffects.withStroke(linewidth=1.8, foreground="white")]


def add_halo(ax: Any, art: Text, **same: Any) -> Text:
    """A white outline under ``art``, as a separate artist: a path effect on the name
    itself would turn its text into outlines in an SVG, and the SVG keeps text as text.

    ``same`` repeats the keywords ``art`` was made with that have no getter
    (``linespacing``, ``multialignment``).
    """
    x, y = art.get_position()
    return ax.text(
        x, y, art.get_text(), transform=art.get_transform(), fontsize=art.get_fontsize(),
        ha=art.get_horizontalalignment(), va=art.get_verticalalignment(),
        rotation=art.get_rotation(), rotation_mode=art.get_rotation_mode(),
        fontstyle=art.get_fontstyle(), fontweight=art.get_fontweight(),
        fontfamily=art.get_fontfamily(), color="white", zorder=art.get_zorder() - 0.01,
        gid="halo", path_effects=_HALO, **same,
    )  # fmt: skip


@dataclass
class LabelRequest:
    """A name to write on the map.

    Attributes
    ----------
    text : str
        The name (wrapped onto at most two lines, cut with "…" past that).
    kind : {"facility", "crossing", "corridor", "place"}
    xy : (n, 2) array
        Data coordinates of the target: one row for a marker, the line's vertices
        for a corridor.
    radius_pt : float
        The marker's radius in points (0 for a line).
    """

    text: str
    kind: str
    xy: np.ndarray
    radius_pt: float = 0.0


@dataclass
class PlacedLabel:
    """A name written on the map (or a key number, ``key`` set).

    ``artist`` is the matplotlib Text (read its box with ``get_window_extent``);
    ``leader`` the Line2D joining it to its target, or None when it touches it.
    """

    request: LabelRequest
    artist: Text
    leader: Line2D | None
    key: int | None = None


@dataclass
class KeyEntry:
    """A name that found no place on the map: its number on the map and its text."""

    number: int
    text: str
    kind: str


@dataclass
class LabelCounts:
    """How many names of each kind were written and how many were left out."""

    placed: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)


@dataclass
class LabelResult:
    """The names of a still, as placed (the acceptance test reads these).

    Attributes
    ----------
    placed : list of PlacedLabel
        Names on the map (``key`` None) and key numbers (``key`` set).
    key : list of KeyEntry
        Names listed in the key under the legend instead.
    deferred : list of (str, str)
        (name, detail letter): names left to a detail still whose frame is marked.
    counts : LabelCounts
        Names by kind, basemap names included (``infrastructure`` = this module's).
    """

    placed: list[PlacedLabel] = field(default_factory=list)
    key: list[KeyEntry] = field(default_factory=list)
    deferred: list[tuple[str, str]] = field(default_factory=list)
    counts: LabelCounts = field(default_factory=LabelCounts)

    @property
    def share_placed(self) -> float:
        """Names on the map over names this still had to write (1.0 when none)."""
        on_map = sum(1 for p in self.placed if p.key is None)
        total = on_map + len(self.key)
        return on_map / total if total else 1.0


@dataclass
class _Space:
    """What a new label must not touch, in display pixels."""

    frame: Bbox
    boxes: list[Bbox]
    markers: np.ndarray  # (n, 4): x0, y0, x1, y1
    line_points: np.ndarray  # (m, 2)

    def free(self, box: Bbox, pad: float) -> bool:
        b = box.padded(pad)
        f = self.frame
        if b.x0 < f.x0 or b.x1 > f.x1 or b.y0 < f.y0 or b.y1 > f.y1:
            return False
        if any(b.overlaps(o) for o in self.boxes):
            return False
        return not (_hits(self.markers, b) or _covers(self.line_points, b))


def _hits(markers: np.ndarray, b: Bbox) -> bool:
    m = markers
    return bool(
        len(m) and np.any((m[:, 0] < b.x1) & (m[:, 2] > b.x0) & (m[:, 1] < b.y1) & (m[:, 3] > b.y0))
    )


def _covers(p: np.ndarray, b: Bbox) -> bool:
    return bool(
        len(p) and np.any((p[:, 0] > b.x0) & (p[:, 0] < b.x1) & (p[:, 1] > b.y0) & (p[:, 1] < b.y1))
    )


def label_text(name: str) -> str:
    """``name`` on at most two lines of about 26 characters, cut with "…" past that."""
    lines = textwrap.wrap(name, _WRAP_CHARS, break_long_words=True) or [""]
    if len(lines) > _MAX_LINES:
        lines = lines[:_MAX_LINES]
        lines[-1] = lines[-1][: _WRAP_CHARS - 1].rstrip() + "…"
    return "\n".join(lines)


def place_infra(
    ax: Any,
    renderer: Any,
    requests: list[LabelRequest],
    space: _Space,
    *,
    defer: list[tuple[str, Bbox]],
    key_start: int = 1,
) -> LabelResult:
    """Place every name of ``requests`` (see the module docstring); updates ``space``.

    Returns
    -------
    LabelResult
        ``counts`` holds ``infrastructure`` placed (on the map) and dropped (keyed).
    """
    result = LabelResult()
    px_per_mm = ax.figure.dpi / 25.4
    todo = []
    for req in requests:
        anchors, radius = _anchors(ax, req, px_per_mm)
        anchors = anchors[_in(anchors, space.frame)]
        inside = [letter for letter, box in defer if len(anchors) and _in(anchors, box).all()]
        if inside:
            result.deferred.append((req.text, inside[0]))
            continue
        if len(anchors):
            # Anchors inside a detail frame stay free for the detail's names.
            outside = np.ones(len(anchors), bool)
            for _letter, box in defer:
                outside &= ~_in(anchors, box)
            todo.append((req, anchors[outside], radius))
    centres = np.array([a[len(a) // 2] for _r, a, _x in todo]) if todo else np.empty((0, 2))
    crowd = [int((np.hypot(*(centres - c).T) < 15 * px_per_mm).sum()) for c in centres]
    order = sorted(
        range(len(todo)),
        key=lambda i: (-crowd[i], _KIND_RANK.get(todo[i][0].kind, 9), todo[i][0].text),
    )
    unplaced = []
    for i in order:
        req, anchors, radius = todo[i]
        placed = _place_one(ax, renderer, req, label_text(req.text), anchors, radius, space)
        if placed is None:
            unplaced.append((req, anchors, radius))
            continue
        result.placed.append(placed)
        result.counts.placed["infrastructure"] += 1
    for n, (req, anchors, radius) in enumerate(unplaced, start=key_start):
        result.key.append(KeyEntry(n, req.text, req.kind))
        result.counts.dropped["infrastructure"] += 1
        mark = _place_one(ax, renderer, req, str(n), anchors, radius, space, bold=True)
        if mark is not None:
            mark.key = n
            result.placed.append(mark)
    return result


def _in(xy: np.ndarray, box: Bbox) -> np.ndarray:
    return (xy[:, 0] >= box.x0) & (xy[:, 0] <= box.x1) & (xy[:, 1] >= box.y0) & (xy[:, 1] <= box.y1)


def _anchors(ax: Any, req: LabelRequest, px_per_mm: float) -> tuple[np.ndarray, float]:
    """Display points a name may sit beside, preferred first, and the target's radius (px)."""
    xy = ax.transData.transform(np.asarray(req.xy, dtype=float).reshape(-1, 2))
    radius = req.radius_pt * ax.figure.dpi / 72
    if len(xy) == 1:
        return xy, radius
    d = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(xy, axis=0).T))])
    n = max(int(d[-1] / (_ANCHOR_STEP_MM * px_per_mm)), 1)
    s = np.linspace(0.0, d[-1], n + 1)
    pts = np.column_stack([np.interp(s, d, xy[:, 0]), np.interp(s, d, xy[:, 1])])
    # The middle of the line first, then outwards.
    order = np.argsort(np.abs(s - d[-1] / 2), kind="stable")
    return pts[order], radius


def _box_at(anchor: np.ndarray, direction: tuple[float, float], gap: float, w: float,
            h: float) -> Bbox:  # fmt: skip
    """The box of size ``w`` × ``h`` on side ``direction`` of ``anchor``, ``gap`` away."""
    dx, dy = direction
    norm = math.hypot(dx, dy) or 1.0
    cx = anchor[0] + dx / norm * gap + dx * w / 2
    cy = anchor[1] + dy / norm * gap + dy * h / 2
    return Bbox.from_extents(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def _candidates(anchors: np.ndarray, radius: float, w: float, h: float, dpi: float):
    """(box, leader_from or None) in order of preference: touching, then on leaders."""
    gap = radius + _GAP_PT * dpi / 72
    for a in anchors:
        for slot in _SLOTS:
            yield _box_at(a, slot, gap, w, h), None
    own = anchors[0]
    px_per_mm = dpi / 25.4
    for mm in _LEADER_MM:
        r = radius + mm * px_per_mm
        for k in range(_LEADER_ANGLES):
            t = 2 * math.pi * k / _LEADER_ANGLES
            c = own + r * np.array([math.cos(t), math.sin(t)])
            yield Bbox.from_extents(c[0] - w / 2, c[1] - h / 2, c[0] + w / 2, c[1] + h / 2), own


def _leader_ends(own: np.ndarray, radius: float, box: Bbox) -> tuple[np.ndarray, np.ndarray]:
    """From the marker's edge to the nearest point of ``box``."""
    near = np.array([min(max(own[0], box.x0), box.x1), min(max(own[1], box.y0), box.y1)])
    v = near - own
    dist = float(np.hypot(*v)) or 1.0
    return own + v / dist * radius, near


def _leader_clear(start: np.ndarray, end: np.ndarray, space: _Space) -> bool:
    """The leader crosses no name, no marker (its own excepted: it starts at its edge)."""
    n = max(int(np.hypot(*(end - start)) / 2), 2)
    pts = start + np.linspace(0.05, 0.95, n)[:, None] * (end - start)
    for b in space.boxes:
        if _covers(pts, b):
            return False
    m = space.markers
    if not len(m):
        return True
    inside = (
        (pts[:, None, 0] > m[None, :, 0]) & (pts[:, None, 0] < m[None, :, 2])
        & (pts[:, None, 1] > m[None, :, 1]) & (pts[:, None, 1] < m[None, :, 3])
    )  # fmt: skip
    # Its own marker holds the start: points inside the marker it leaves are fine.
    own = (
        (m[:, 0] <= start[0])
        & (m[:, 2] >= start[0])
        & (m[:, 1] <= start[1])
        & (m[:, 3] >= start[1])
    )
    return not inside[:, ~own].any()


def _place_one(
    ax: Any, renderer: Any, req: LabelRequest, text: str, anchors: np.ndarray, radius: float,
    space: _Space, *, bold: bool = False,
) -> PlacedLabel | None:  # fmt: skip
    """The first free candidate for ``text``: its artist (and leader), or None."""
    if not len(anchors):
        return None
    probe = _artist(ax, text, (0.0, 0.0), bold=bold)
    ext = probe.get_window_extent(renderer)
    probe.remove()
    w, h = ext.width, ext.height
    pad = 0.5 * ax.figure.dpi / 72
    for box, own in _candidates(anchors, radius, w, h, ax.figure.dpi):
        if not space.free(box, pad):
            continue
        leader = None
        if own is not None:
            start, end = _leader_ends(own, radius, box)
            if not _leader_clear(start, end, space):
                continue
            ends = ax.transData.inverted().transform(np.array([start, end]))
            leader = Line2D(ends[:, 0], ends[:, 1], color="#444", linewidth=0.5, zorder=6.5,
                            gid="leader")  # fmt: skip
            ax.add_line(leader)
            n = max(int(np.hypot(*(end - start)) / 2), 2)
            pts = start + np.linspace(0, 1, n)[:, None] * (end - start)
            space.line_points = np.concatenate([space.line_points.reshape(-1, 2), pts])
        centre = ax.transData.inverted().transform(((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2))
        art = _artist(ax, text, (float(centre[0]), float(centre[1])), bold=bold)
        add_halo(ax, art, linespacing=1.0, multialignment="left")
        space.boxes.append(art.get_window_extent(renderer))
        return PlacedLabel(req, art, leader)
    return None


def _artist(ax: Any, text: str, xy: tuple[float, float], *, bold: bool) -> Text:
    return ax.text(
        xy[0], xy[1], text, fontsize=LABEL_PT, color="#111", ha="center", va="center",
        zorder=7, gid="label-key" if bold else "label", fontweight="bold" if bold else "normal",
        linespacing=1.0, multialignment="left",
    )  # fmt: skip
