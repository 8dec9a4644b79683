"""The box a map is drawn in: data bounds padded, clamped to one band of longitudes.

The web map keeps reference geography in detail inside this box (its first view, padded
by half its span) and coarse outside it.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["view_bounds"]


def view_bounds(
    bounds: tuple[float, float, float, float] | np.ndarray,
    *,
    pad_ratio: float = 0.5,
    min_span_deg: float = 2.0,
) -> tuple[float, float, float, float]:
    """Pad data bounds into a clip box for the basemap.

    Parameters
    ----------
    bounds : (min_lon, min_lat, max_lon, max_lat)
        Degrees, EPSG:4326 (GeoPandas ``total_bounds`` order).
    pad_ratio : float, keyword-only
        Padding on each side, as a share of the larger span.
    min_span_deg : float, keyword-only
        The box is at least this wide and tall (degrees), so a single point gets
        its surroundings.

    Returns
    -------
    tuple of float
        ``(min_lon, min_lat, max_lon, max_lat)``, clamped to ±90° of latitude and to
        one 360° band of longitude: −180…180, or 0…360 when the box reaches east of
        180° (data across the antimeridian, drawn in one continuous band).
    """
    x0, y0, x1, y1 = (float(v) for v in bounds)
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)):
        return (-180.0, -90.0, 180.0, 90.0)
    span = max(x1 - x0, y1 - y0, min_span_deg)
    pad = span * pad_ratio
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_w = max((x1 - x0) / 2 + pad, min_span_deg / 2)
    half_h = max((y1 - y0) / 2 + pad, min_span_deg / 2)
    west = 0.0 if cx + half_w > 180.0 and cx >= 90.0 else -180.0
    return (
        max(west, cx - half_w),
        max(-90.0, cy - half_h),
        min(west + 360.0, cx + half_w),
        min(90.0, cy + half_h),
    )
