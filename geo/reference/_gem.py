"""Global Energy Monitor pipeline routes (GGIT and GOIT, CC BY 4.0), shipped with the package.

All 1,199 route files of ``../shared/data/gem-pipelines/`` (routes with a vertex in
lon 60–150 E, lat 30–72 N) are in ``data/gem_routes_world.parquet``, coordinates on a
1e-4° grid (~11 m; GEM's traces are far coarser).  Whatever shows them must carry
:data:`~geo.reference.GEM_ATTRIBUTION`.

GEM names only its liquid lines in the route repository; gas lines carry the id alone,
so ``name``, ``status`` and ``route_accuracy`` are null for them.
"""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd

from geo.errors import LayerError
from geo.reference._layers import GEM_ATTRIBUTION, _read, file_name

__all__ = ["gem_routes"]

_COLUMNS = ["project_id", "fuel", "name", "segment", "status", "route_accuracy", "geometry"]


def _all_routes() -> gpd.GeoDataFrame:
    gdf = _read(file_name("gem_routes", "world"))
    return gdf.rename(columns={"pipeline_name": "name", "segment_name": "segment"})


def gem_routes(ids: str | Iterable[str]) -> gpd.GeoDataFrame:
    """GEM route geometries by project id (``"P2352"``).

    Parameters
    ----------
    ids : str or iterable of str
        GEM ProjectIDs, e.g. ``["P2352", "P4484"]``; repeats are returned once.

    Returns
    -------
    GeoDataFrame
        One row per id, in the order given: ``project_id``, ``fuel`` (``gas`` or
        ``liquid``), ``name`` and ``segment`` (GEM's PipelineName and SegmentName),
        ``status``, ``route_accuracy`` (``high``, ``medium``, ``low``, ``no route``; null
        for gas lines, which GEM does not grade), (Multi)LineString geometry in
        EPSG:4326.  ``attrs["attribution"]`` holds :data:`GEM_ATTRIBUTION`.

    Raises
    ------
    LayerError
        For an id that is not among the shipped routes; the message quotes it.

    Examples
    --------
    >>> gem_routes(["P2352", "P4484"])[["project_id", "fuel"]]  # doctest: +SKIP
    """
    wanted = [ids] if isinstance(ids, str) else list(ids)
    wanted = list(dict.fromkeys(wanted))
    routes = _all_routes().set_index("project_id", drop=False)
    missing = [i for i in wanted if i not in routes.index]
    if missing:
        raise LayerError(
            f"unknown GEM pipeline id {missing[0]!r}"
            + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "")
            + f": the shipped routes are the {len(routes):,} GEM ProjectIDs like 'P2352' "
            "with a vertex in lon 60-150 E, lat 30-72 N; check the id in GEM's tracker "
            "or ../shared/data/gem-pipelines/index.json"
        )
    out = routes.loc[wanted, _COLUMNS].reset_index(drop=True)
    out.attrs["attribution"] = GEM_ATTRIBUTION
    return gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")
