"""Label checks of a drawn still, read from the renderer (issue 20 acceptance).

Shared by tests/test_stills_print.py and benchmarks/still_labels.py: every box is
``Text.get_window_extent`` with the figure's own renderer, every marker a scatter
point of the map at its drawn size, so the checks see what a printed still shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection

from geo.stills import Still

#: A name without a leader is at most this far from its target (mm at print size).
MAX_GAP_MM = 3.0


@dataclass
class Findings:
    """What the checks found on one still (counts, and the names at fault)."""

    on_map: int = 0
    key: int = 0
    overlaps: list[tuple[str, str]] = field(default_factory=list)
    over_markers: list[str] = field(default_factory=list)
    far: list[tuple[str, float]] = field(default_factory=list)

    @property
    def share(self) -> float:
        total = self.on_map + self.key
        return self.on_map / total if total else 1.0


def _markers(ax) -> np.ndarray:
    """(n, 3) display x, y, radius of the map's markers (scatter layers at zorder ≥ 5)."""
    rows = []
    for coll in ax.collections:
        if not isinstance(coll, PathCollection) or coll.get_zorder() < 5:
            continue
        xy = ax.transData.transform(np.asarray(coll.get_offsets(), dtype=float))
        sizes = np.broadcast_to(np.asarray(coll.get_sizes(), dtype=float), (len(xy),))
        rows.append(np.column_stack([xy, np.sqrt(sizes) / 2 * ax.figure.dpi / 72]))
    return np.concatenate(rows) if rows else np.empty((0, 3))


def check(still: Still) -> Findings:
    """Read every placed name's box from the renderer and check it (see module doc)."""
    fig = still.figure
    renderer = FigureCanvasAgg(fig).get_renderer()
    ax = fig.axes[0]
    px_per_mm = fig.dpi / 25.4
    found = Findings(key=len(still.labels.key))
    boxes = []
    for placed in still.labels.placed:
        box = placed.artist.get_window_extent(renderer)
        boxes.append((placed.artist.get_text(), box))
        if placed.key is None:
            found.on_map += 1
        if placed.leader is not None:
            continue
        target = ax.transData.transform(np.asarray(placed.request.xy).reshape(-1, 2))
        geom = shapely.Point(target[0]) if len(target) == 1 else shapely.LineString(target)
        r = placed.request.radius_pt * fig.dpi / 72
        gap_mm = (shapely.box(*box.extents).distance(geom) - r) / px_per_mm
        if gap_mm > MAX_GAP_MM:
            found.far.append((placed.artist.get_text(), gap_mm))
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1 :]:
            if ba.overlaps(bb):
                found.overlaps.append((a, b))
    m = _markers(ax)
    for text, box in boxes:
        # A marker whose disc reaches into the box (circle-box distance < radius).
        dx = np.maximum(np.maximum(box.x0 - m[:, 0], 0), m[:, 0] - box.x1)
        dy = np.maximum(np.maximum(box.y0 - m[:, 1], 0), m[:, 1] - box.y1)
        if len(m) and np.any(np.hypot(dx, dy) < m[:, 2] * 0.999):
            found.over_markers.append(text)
    return found
