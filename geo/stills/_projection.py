"""The still's projection, chosen from the extent, and its frame in projected metres.

A still is drawn in a projected CRS (metres), not in lon/lat degrees:

- mid-latitude extents (the usual case, North-East Asia): Lambert conformal conic with
  standard parallels at one sixth and five sixths of the latitude range, so the
  scale error stays within about 1 % over a 20° band and small shapes keep their form;
- within 20° of the equator: equirectangular (plate carrée), true at the mid latitude;
- polar extents (mid latitude beyond 70°): Lambert azimuthal equal-area on the pole.

The projection's name and parameters are printed in the credits of the still.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from pyproj import CRS, Transformer

Bounds = tuple[float, float, float, float]

#: The smallest frame a still shows (a crossing alone is shown with 50 km around it).
_MIN_SPAN_M = 50_000.0
#: Padding around the features that matter, as a share of the larger side.
_PAD = 0.08


@dataclass(frozen=True)
class Projection:
    """A still's map projection.

    Attributes
    ----------
    crs : pyproj.CRS
        Projected, metres, on WGS 84.
    name : str
        Its name and parameters as printed in the credits, e.g. ``"Lambert conformal
        conic (standard parallels 43°N and 53°N, central meridian 124°E), WGS 84"``.
    """

    crs: CRS
    name: str
    lon0: float = 0.0

    @functools.cached_property
    def forward(self) -> Transformer:
        """lon/lat (EPSG:4326, x = lon) → projected metres."""
        return Transformer.from_crs(4326, self.crs, always_xy=True)

    @functools.cached_property
    def inverse(self) -> Transformer:
        """Projected metres → lon/lat (x = lon)."""
        return Transformer.from_crs(self.crs, 4326, always_xy=True)

    def to_map(self, xy: np.ndarray) -> np.ndarray:
        """(n, 2) lon/lat → (n, 2) metres."""
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        x, y = self.forward.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    def to_lonlat(self, xy: np.ndarray) -> np.ndarray:
        """(n, 2) metres → (n, 2) lon/lat."""
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        x, y = self.inverse.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])


def _deg(v: float, pos: str, neg: str) -> str:
    return f"{abs(v):g}°{pos if v >= 0 else neg}"


def choose_projection(bounds: Bounds) -> Projection:
    """The projection that suits an extent.

    Parameters
    ----------
    bounds : (min_lon, min_lat, max_lon, max_lat)
        Degrees, WGS 84; longitudes may run past 180° (one continuous band).

    Returns
    -------
    Projection
        Lambert conformal conic for mid latitudes, equirectangular near the equator,
        Lambert azimuthal equal-area near a pole (see the module docstring).
    """
    x0, y0, x1, y1 = bounds
    lon0 = float(round((x0 + x1) / 2))
    lon0 = (lon0 + 180.0) % 360.0 - 180.0
    mid = (y0 + y1) / 2
    if abs(mid) < 20 and max(abs(y0), abs(y1)) < 30:
        lat_ts = float(round(mid))
        crs = CRS.from_proj4(f"+proj=eqc +lat_ts={lat_ts:g} +lon_0={lon0:g} +datum=WGS84 +units=m")
        name = (
            f"Equirectangular (true at {_deg(lat_ts, 'N', 'S')}, "
            f"central meridian {_deg(lon0, 'E', 'W')}), WGS 84"
        )
        return Projection(crs, name, lon0)
    if abs(mid) > 70:
        pole = 90 if mid > 0 else -90
        crs = CRS.from_proj4(f"+proj=laea +lat_0={pole} +lon_0={lon0:g} +datum=WGS84 +units=m")
        name = (
            f"Lambert azimuthal equal-area (polar, central meridian {_deg(lon0, 'E', 'W')}), WGS 84"
        )
        return Projection(crs, name, lon0)
    span = y1 - y0
    lat1, lat2 = float(round(y0 + span / 6)), float(round(y1 - span / 6))
    if lat1 >= lat2:  # a narrow band: one standard parallel at its middle
        lat1 = lat2 = float(round(mid))
    crs = CRS.from_proj4(
        f"+proj=lcc +lat_1={lat1:g} +lat_2={lat2:g} +lat_0={round(mid):g} +lon_0={lon0:g} "
        "+datum=WGS84 +units=m"
    )
    parallels = (
        f"standard parallel {_deg(lat1, 'N', 'S')}"
        if lat1 == lat2
        else f"standard parallels {_deg(lat1, 'N', 'S')} and {_deg(lat2, 'N', 'S')}"
    )
    name = f"Lambert conformal conic ({parallels}, central meridian {_deg(lon0, 'E', 'W')}), WGS 84"
    return Projection(crs, name, lon0)


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
