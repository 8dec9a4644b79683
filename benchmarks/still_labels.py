"""Names on the seed still: our candidate placement against adjustText, side by side.

Both place the same names (facilities, crossings, corridors, places of the committed
layers) on the same A4-landscape overview and on its detail stills; the checks of
tests/still_checks.py read every box back from the renderer.  adjustText starts
each name beside its target and pushes names off each other and off the markers
(the markers given as obstacles, leader arrows for names it moves).

Run: ``python benchmarks/still_labels.py`` (needs ``pip install adjustText``; the
package is a benchmark peer, not a dependency).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.maps import map_layers  # noqa: E402
from geo.stills import _labels as labels_room  # noqa: E402
from geo.stills import draw_still  # noqa: E402
from geo.stills._place import LabelResult, PlacedLabel, label_text  # noqa: E402
from tests.still_checks import check  # noqa: E402


def _adjust_text_infra(ax: Any, renderer: Any, requests: list, space: Any, *, defer: list,
                       key_start: int = 1) -> LabelResult:  # fmt: skip
    """The same names placed by adjustText (its defaults, markers as obstacles)."""
    from adjustText import adjust_text
    from matplotlib.collections import PathCollection

    result = LabelResult()
    texts, reqs = [], []
    for req in requests:
        xy = ax.transData.transform(np.asarray(req.xy).reshape(-1, 2))
        if len(defer) and any(
            (
                (xy[:, 0] >= b.x0) & (xy[:, 0] <= b.x1) & (xy[:, 1] >= b.y0) & (xy[:, 1] <= b.y1)
            ).all()
            for _l, b in defer
        ):
            result.deferred.append((req.text, "?"))
            continue
        x, y = np.asarray(req.xy).reshape(-1, 2)[len(req.xy) // 2]
        f = space.frame
        px = ax.transData.transform((x, y))
        if not (f.x0 <= px[0] <= f.x1 and f.y0 <= px[1] <= f.y1):
            continue
        texts.append(ax.text(x, y, label_text(req.text), fontsize=6, zorder=7, gid="label"))
        reqs.append(req)
    markers = [c for c in ax.collections if isinstance(c, PathCollection) and c.get_zorder() >= 5]
    pts = np.concatenate([np.asarray(c.get_offsets(), dtype=float) for c in markers])
    before = {id(p) for p in ax.patches}
    # The markers as points to avoid (x, y): adjustText's own obstacle form.
    adjust_text(texts, x=pts[:, 0], y=pts[:, 1], ax=ax,
                arrowprops={"arrowstyle": "-", "lw": 0.5})  # fmt: skip
    arrows = [p for p in ax.patches if id(p) not in before]
    for req, t in zip(reqs, texts, strict=True):
        # An arrow is drawn for each name moved farther than min_arrow_len.
        result.placed.append(PlacedLabel(req, t, arrows[0] if arrows else None))
    return result


def _run(name: str, layers: dict, *, ours: bool) -> None:
    original = labels_room.place_infra
    if not ours:
        labels_room.place_infra = _adjust_text_infra
    try:
        t0 = time.perf_counter()
        still = draw_still(layers, title="seed", details=True)
        seconds = time.perf_counter() - t0
        stills = [("overview", still)]
        for mark in still.details:
            t1 = time.perf_counter()
            detail = draw_still(layers, title="d", extent=mark.bounds,
                                locator=(still.projection, still.frame, mark.bounds))  # fmt: skip
            seconds += time.perf_counter() - t1
            stills.append((mark.letter, detail))
    finally:
        labels_room.place_infra = original
    for which, s in stills:
        f = check(s)
        print(
            f"{name:<11} {which:<8} names {f.on_map + f.key:>3}  on map {f.share:>5.0%}  "
            f"key {f.key}  overlapping pairs {len(f.overlaps):>3}  over markers "
            f"{len(f.over_markers):>3}  >3 mm without leader {len(f.far):>3}"
        )
    print(f"{name:<11} drawing the overview and its details: {seconds:.1f} s")


def main() -> None:
    layers = map_layers(sorted((ROOT / "layers").glob("*.geojson")))
    _run("ours", layers, ours=True)
    _run("adjustText", layers, ours=False)


if __name__ == "__main__":
    main()
