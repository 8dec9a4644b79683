"""The map projection that suits an extent: one rule for the stills and the QGIS project.

- mid-latitude extents (the usual case, North-East Asia): Lambert conformal conic with
  standard parallels at one sixth and five sixths of the latitude range, so the
  scale error stays within about 1 % over a 20° band and small shapes keep their form;
- within 20° of the equator: equirectangular (plate carrée), true at the mid latitude;
- polar extents (mid latitude beyond 70°): Lambert azimuthal equal-area on the pole.

The projection's name and parameters are printed in the credits of a still and in the
print layout of ``layers/atlas.qgz``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from pyproj import CRS, Transformer

__all__ = ["Bounds", "Projection", "choose_projection"]

Bounds = tuple[float, float, float, float]


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

    @property
    def proj4(self) -> str:
        """The PROJ string it was made from (QGIS 3.22 reads it; pyproj's WKT2 it refuses)."""
        return self.crs.srs.replace(" +type=crs", "")

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
