"""The still's frame in projected metres, its lon/lat box and the scale along it.

The projection itself is chosen from the extent by :func:`geo._projection.
choose_projection` (the same rule as the QGIS project's) and printed in the credits.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from geo._projection import Bounds, Projection, choose_projection

__all__ = ["Bounds", "Projection", "choose_projection", "fit_frame", "frame_lonlat", "scale_factor"]

#: The smallest frame a still shows (a crossing alone is shown with 50 km around it).
_MIN_SPAN_M = 50_000.0
#: Padding around the features that matter, as a share of the larger side.
_PAD = 0.08


def fit_frame(points_m: Iterable[np.ndarray], *, aspect: float, pad: float = _PAD) -> Bounds:
    """A frame (x0, y0, x1, y1, metres) around ``points_m``, padded, of width/height ``aspect``.

    Parameters
    ----------
    points_m : iterable of (n, 2) arrays
        Projected coordinates of what must be in view.
    aspect : float, keyword-only
        Width over height of the map on paper.
    pad : float, keyword-only
        Margin on each side as a share of the larger side.

    Raises
    ------
    ValueError
        When no finite point is given.
    """
    arrays = [np.asarray(a, dtype=float).reshape(-1, 2) for a in points_m]
    xy = np.concatenate(arrays) if arrays else np.empty((0, 2))
    xy = xy[np.isfinite(xy).all(axis=1)]
    if not len(xy):
        raise ValueError("no finite coordinate to frame")
    x0, y0 = xy.min(axis=0)
    x1, y1 = xy.max(axis=0)
    m = max(x1 - x0, y1 - y0, _MIN_SPAN_M) * pad
    w, h = max(x1 - x0 + 2 * m, _MIN_SPAN_M), max(y1 - y0 + 2 * m, _MIN_SPAN_M)
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def frame_lonlat(projection: Projection, frame: Bounds, *, n: int = 64) -> Bounds:
    """lon/lat bounds of a projected frame (its outline sampled ``n`` times a side).

    Longitudes stay in one band around the central meridian (they may pass 180°).
    """
    x0, y0, x1, y1 = frame
    t = np.linspace(0.0, 1.0, n)
    xs = np.concatenate([x0 + (x1 - x0) * t, np.full(n, x1), x1 - (x1 - x0) * t, np.full(n, x0)])
    ys = np.concatenate([np.full(n, y0), y0 + (y1 - y0) * t, np.full(n, y1), y1 - (y1 - y0) * t])
    ll = projection.to_lonlat(np.column_stack([xs, ys]))
    lon0 = projection.lon0
    lon = (ll[:, 0] - lon0 + 180.0) % 360.0 - 180.0 + lon0
    lat = np.clip(ll[:, 1], -89.9, 89.9)
    # A frame holding a pole reaches every longitude.
    if projection.to_map(np.array([[lon0, 90.0]]))[0, 1] < y1 and _is_azimuthal(projection):
        return (lon0 - 180.0, float(lat.min()), lon0 + 180.0, 90.0)
    return (float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max()))


def _is_azimuthal(projection: Projection) -> bool:
    # from the CRS, not the printed name ("Lambert azimuthal equal-area …")
    op = projection.crs.coordinate_operation
    return op is not None and "azimuthal" in op.method_name.lower()


def scale_factor(projection: Projection, lon: float, lat: float) -> float:
    """Scale along the parallel at (lon, lat): map metres per true metre."""
    factors = projection.crs.get_geod()
    assert factors is not None
    d = 1e-3
    a = projection.to_map(np.array([[lon - d, lat], [lon + d, lat]]))
    true_m = factors.inv(lon - d, lat, lon + d, lat)[2]
    return float(math.hypot(*(a[1] - a[0])) / true_m)
