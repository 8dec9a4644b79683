"""The :class:`Gazetteer`: one index and one curated folder, and the queries over them.

A thin facade: the steps live in concept modules — :mod:`._store` (the index and
curated entries), :mod:`._lookup` (candidates for a name), :mod:`._context` (evidence
from the text), :mod:`._filter` (evidence from the request), :mod:`._rank` (scores),
:mod:`._pair`, :mod:`._reverse` and :mod:`._geocode` (one query, step by step).

All positions are WGS 84 (EPSG:4326) decimal degrees in (lat, lon) order; distances
are great-circle kilometres.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from geo._geodesy import haversine_km
from geo.errors import GazetteerError
from geo.gazetteer._context import Context, ContextReader
from geo.gazetteer._curated import (
    check_seeds_dir,
    curated_entries,
    default_seeds_dir,
    seeds_fingerprint,
)
from geo.gazetteer._filter import countries
from geo.gazetteer._geocode import geocode_name
from geo.gazetteer._index import build_index, default_index_path, mark_used
from geo.gazetteer._lookup import FUZZY_MIN_LENGTH, Matcher, fuzzy_cutoff, name_readings
from geo.gazetteer._model import Candidate, GeocodeResult
from geo.gazetteer._reverse import nearest_place
from geo.gazetteer._store import Found, IndexDamagedError, Place, Store

__all__ = [
    "FUZZY_MIN_LENGTH",
    "Gazetteer",
    "IndexDamagedError",
    "Place",
    "fuzzy_cutoff",
    "haversine_km",
]

_T = TypeVar("_T")

#: What to do about a damaged index, in every message that reports one.
REBUILD_HINT = "rebuild it with `geo gazetteer build --force`"


def _announce_build(path: Path) -> None:
    """Say on stderr, terminal or not, that the one-time index build starts."""
    import sys

    print(f"building the gazetteer index (once, ~40 s) at {path}", file=sys.stderr, flush=True)


def _as_text(value: object) -> str | None:
    """A cell as text: ``None`` for null (NaN, pandas NA, NaT) or blank; numbers as written."""
    if not isinstance(value, str) and _is_missing(value):
        return None
    text = value if isinstance(value, str) else str(value)
    return text if text.strip() else None


def _is_missing(value: object) -> bool:
    """Whether a non-string value is a null: None, a float NaN, pandas' NA or NaT."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN-like scalars (numpy.nan, pandas.NA raises)
    except TypeError:
        return True  # pandas.NA: its truth value is ambiguous
    except Exception:
        return False


def _row_options(
    row: dict,
) -> tuple[str | list[str] | None, tuple[float, float] | None, str | list[str] | None]:
    """``(country, near, context)`` of a batch row, whatever types its cells hold.

    Numbers and nulls in ``country`` or ``context`` (a spreadsheet column read as
    numbers) are read as text or absent, so one odd cell never aborts a batch.

    Raises
    ------
    GazetteerError
        When ``near`` is not a (lat, lon) pair of numbers.
    """
    options: list[object] = []
    for key in ("country", "context"):
        value = row.get(key)
        if isinstance(value, list | tuple):
            items = [t for t in map(_as_text, value) if t is not None]
            options.append(items or None)
        else:
            options.append(_as_text(value))
    near = row.get("near")
    if _is_missing(near):
        pair = None
    else:
        try:
            lat, lon = (float(v) for v in near)
            pair = (lat, lon)
        except (TypeError, ValueError):
            raise GazetteerError(f"near={near!r} is not a (lat, lon) pair of numbers") from None
    country, context = options
    return country, pair, context  # type: ignore[return-value]


#: Feature codes of places that have no extent (towns, airports): no lookup for them.
_POINT = ("PPL", "AIRP")


class Gazetteer:
    """An offline gazetteer over GeoNames, country/division tables and curated seeds.

    Parameters
    ----------
    index_path : path-like, optional
        SQLite index to use; default: the index for the installed source versions in
        the user cache (see :func:`geo.gazetteer.default_index_path`).
    seeds_dir : path-like, optional, keyword-only
        Directory of curated ``*.yaml`` entries (a project's ``seeds/gazetteer``).
        Default: ``$GEO_SEEDS``, else ``./seeds/gazetteer`` in the working directory,
        else ``seeds/gazetteer`` beside the ``geo`` package (an editable checkout).
        When the folder is missing a warning goes to stderr (once) and only the
        package sources resolve names. Curated entries are held in memory over the
        shared index, so gazetteers with different seeds folders coexist.
    require_seeds : bool, keyword-only
        Raise :class:`~geo.errors.GazetteerError` instead of warning when the curated
        folder is missing.
    build : bool, keyword-only
        Build the index when it does not exist (default ``True``); with ``False`` a
        missing index raises :class:`~geo.errors.GazetteerError`.
    show_progress : bool, optional, keyword-only
        Progress bar while building; default when stderr is a terminal.

    Raises
    ------
    GazetteerError
        When the index is missing and ``build`` is false, a source package is
        missing, a curated file is invalid, or (with ``require_seeds``) the curated
        folder is missing.

    Examples
    --------
    >>> gz = Gazetteer()                                 # doctest: +SKIP
    >>> gz.geocode("Vladivostok").latlon                 # doctest: +SKIP
    (43.10562, 131.87353)
    """

    def __init__(
        self,
        index_path: str | Path | None = None,
        *,
        seeds_dir: str | Path | None = None,
        require_seeds: bool = False,
        build: bool = True,
        show_progress: bool | None = None,
    ) -> None:
        path = Path(index_path) if index_path is not None else default_index_path()
        if not path.exists():
            if not build:
                raise GazetteerError(
                    f"no gazetteer index at {path}; run `geo gazetteer build` first"
                )
            _announce_build(path)
            build_index(path, show_progress=show_progress)
        mark_used(path)
        self.index_path = path
        self._build = build
        self._show_progress = show_progress
        # the index and the curated entries, read by every step of a query
        self._store = Store(path)
        try:
            self.meta()
        except (sqlite3.DatabaseError, GazetteerError) as exc:
            # a damaged or foreign file: rebuild it when allowed
            self._store.forget_connections()
            if not build:
                raise GazetteerError(
                    f"the gazetteer index {path} is unreadable ({str(exc)[:200]}); {REBUILD_HINT}"
                ) from exc
            _announce_build(path)
            build_index(path, show_progress=show_progress)
        self.seeds_dir: Path | None = (
            check_seeds_dir(Path(seeds_dir), required=require_seeds)
            if seeds_dir is not None
            else default_seeds_dir(required=require_seeds)
        )
        self.seeds_fingerprint = seeds_fingerprint(self.seeds_dir)
        self._memo: dict[tuple, GeocodeResult] = {}
        entries = curated_entries(self.seeds_dir)
        self._recovering(lambda: self._store.load_curated(entries, self.seeds_fingerprint))
        self._matcher = Matcher(self._store)
        self._contexts = ContextReader(self._store)

    def meta(self) -> dict[str, str]:
        """Return the index's metadata table (sources, versions, counts, build time)."""
        return self._store.meta()

    def _recovering(self, call: Callable[[], _T]) -> _T:
        """``call()``; when the index fails it, check the file and rebuild it once.

        A page damaged after the index was opened (a disk fault, a copy cut short)
        shows only when a query reads it, as ``database disk image is malformed``.
        SQLite's integrity check then tells damage from other failures.

        Raises
        ------
        IndexDamagedError
            When the file is damaged and this gazetteer may not build
            (``build=False``, as in batch workers), or the rebuilt index fails too.
        GazetteerError
            When a query fails on a sound file (the message names the error).
        """
        try:
            return call()
        except sqlite3.DatabaseError as exc:
            first = exc
        path = self.index_path
        problem = self._store.integrity_problem()
        if problem is None:
            raise GazetteerError(
                f"a query of the gazetteer index {path} failed ({str(first)[:200]}); if this "
                f"persists, {REBUILD_HINT}"
            ) from first
        if not self._build:
            raise IndexDamagedError(
                f"the gazetteer index {path} is damaged ({problem}): {REBUILD_HINT}"
            ) from first
        import sys

        print(
            f"the gazetteer index {path} is damaged ({problem}): rebuilding it (about 40 s)",
            file=sys.stderr,
        )
        self._store.forget_connections()
        build_index(path, show_progress=self._show_progress)
        self._store.forget_connections()
        self._memo.clear()
        try:
            return call()
        except sqlite3.DatabaseError as exc:
            raise IndexDamagedError(
                f"the gazetteer index {path} failed again after a rebuild ({exc}): check "
                f"the disk and free space, then {REBUILD_HINT}"
            ) from exc

    # ------------------------------------------------------------------ steps
    # (for the CLI and the tests: each step of a query on its own)

    def countries(self, country: str | Sequence[str] | None) -> set[str] | None:
        """ISO 3166-1 alpha-2 codes of a ``country=`` option.

        Parameters
        ----------
        country : str or sequence of str or None
            Codes or country names, as :meth:`geocode` takes them.

        Returns
        -------
        set of str or None
            ``None`` when ``country`` is ``None`` (no restriction).

        Raises
        ------
        GazetteerError
            When a code or name is no country; check an option with it before a long run.
        """
        return self._recovering(lambda: countries(self._store, country))

    def _context(self, context: str | Sequence[str] | None) -> Context:
        """The evidence of a context (see :meth:`._context.ContextReader.read`)."""
        return self._contexts.read(context)

    def _fuzzy(self, name: str) -> dict[str, float]:
        """Fold keys of the fuzzy spellings of ``name`` (see :meth:`._lookup.Matcher.fuzzy`)."""
        return self._matcher.fuzzy(name)

    def _match(self, name: str) -> tuple[Found, str]:
        """The entries ``name`` may mean (see :meth:`._lookup.Matcher.match`)."""
        return self._matcher.match(name)

    # ------------------------------------------------------------------ public

    def geocode(
        self,
        name: str,
        *,
        country: str | Sequence[str] | None = None,
        near: tuple[float, float] | None = None,
        context: str | Sequence[str] | None = None,
        max_distance_km: float | None = None,
        fuzzy: bool = True,
        n_candidates: int = 5,
    ) -> GeocodeResult:
        """Resolve a place name to one gazetteer entry.

        Parameters
        ----------
        name : str
            The place name, in any script; may carry a qualifier
            (``"Moscow, Idaho"``, ``"Tongjiang (Heilongjiang)"``) or be a dash-joined
            pair (``"Nizhneleninskoye–Tongjiang bridge"``).
        country : str or sequence of str, optional, keyword-only
            Only accept places in these countries (ISO 3166-1 alpha-2 codes or
            country names).
        near : (float, float), optional, keyword-only
            ``(lat, lon)`` in EPSG:4326 degrees; closer places rank higher.
        context : str or sequence of str, optional, keyword-only
            Free text around the name (e.g. the whole article) or the other place
            names of the same record; places near, or in the same country and
            first-level division as, the places it names rank higher.
        max_distance_km : float, optional, keyword-only
            With ``near``: reject places farther than this many km.
        fuzzy : bool, keyword-only
            Fall back to fuzzy matching for typos (default ``True``).
        n_candidates : int, keyword-only
            How many runner-ups to report.

        Returns
        -------
        GeocodeResult
            ``resolved`` is ``False`` (with ``reason``) when no entry matches well
            enough; the gazetteer never returns a far-off guess.

        Raises
        ------
        GazetteerError
            When ``country`` is not a known country or ``near`` is not a valid
            (lat, lon) pair.
        """
        return self._geocode_memo(
            name,
            country=country,
            near=near,
            context=context,
            max_distance_km=max_distance_km,
            fuzzy=fuzzy,
            n_candidates=n_candidates,
            copy=True,
        )

    def _geocode_memo(
        self,
        name: str,
        *,
        country: str | Sequence[str] | None,
        near: tuple[float, float] | None,
        context: str | Sequence[str] | None,
        max_distance_km: float | None,
        fuzzy: bool,
        n_candidates: int,
        copy: bool,
    ) -> GeocodeResult:
        """:meth:`geocode` through the memo; ``copy=False`` returns the memoised
        result itself (for callers that read it once and never keep or change it)."""
        # None, NaN and pandas' NA are no name: never a place called "None" or
        # "Nan" (a geopy users' report: null cells geocoded as words)
        query = name if isinstance(name, str) else ("" if _is_missing(name) else str(name))
        ckey = context if isinstance(context, str) or context is None else tuple(context)
        cc_key = country if isinstance(country, str) or country is None else tuple(country)
        memo_key = (query, ckey, cc_key, near, max_distance_km, fuzzy, n_candidates)
        try:
            hit = self._memo.get(memo_key)
        except TypeError:  # unhashable option values: no memo
            hit, memo_key = None, None
        if hit is not None:
            if not copy:
                return hit
            return replace(hit, candidates=list(hit.candidates), parts=list(hit.parts))
        res = self._recovering(
            lambda: geocode_name(
                self._matcher,
                self._contexts,
                query,
                country=country,
                near=near,
                context=context,
                max_distance_km=max_distance_km,
                fuzzy=fuzzy,
                n_candidates=n_candidates,
            )
        )
        if res.resolved and res.bbox is None and not (res.feature_code or "PPL").startswith(_POINT):
            # an area's extent (issue 17): one keyed read, only for an area's answer
            res.bbox = self._store.bbox(res.id)
        if memo_key is not None:
            self._memo[memo_key] = res
            if len(self._memo) > 4096:
                self._memo.pop(next(iter(self._memo)))
            if copy:
                return replace(res, candidates=list(res.candidates), parts=list(res.parts))
        return res

    def lookup_names(
        self, phrases: Iterable[str], *, limit: int = 10, variants: bool = False
    ) -> dict[str, list[Candidate]]:
        """Which phrases are gazetteer names: exact and alias readings only, no ranking.

        A cheap test for text scanners: one batched query for all phrases, no
        context, no transliteration, stem or fuzzy keys. A phrase is looked up by
        its folded form (case and diacritics ignored), and also as a news
        abbreviation when it has a dot ("Ky.", "B.C.") and as a code when it is
        two or three capitals or a dotted code ("US", "RUS", "U.S.").

        Parameters
        ----------
        phrases : iterable of str
            Candidate names (e.g. capitalised word runs of a text).
        limit : int, keyword-only
            Most readings returned per phrase (the most important first).
        variants : bool, keyword-only
            Also the transliteration, stem and bare-Chinese keys :meth:`geocode`
            reads (issue 17: the extractor missed "Pogranichny" and "Primorsky
            Krai"); those readings are labelled ``transliteration`` or ``stem``.

        Returns
        -------
        dict
            Phrase → list of :class:`Candidate`, most important first (``score`` is
            the prior importance, 0..1, before any context; ``population`` and
            ``match`` — ``exact``, ``alias`` or ``demonym`` — are set). Phrases with
            no reading are left out.

        Examples
        --------
        >>> gz.lookup_names(["Blagoveshchensk", "Turkish", "Richard"])  # doctest: +SKIP
        {'Blagoveshchensk': [Candidate(name='Blagoveshchensk', ..., population=221296,
        match='exact'), ...], 'Turkish': [Candidate(name='Turkey', ..., match='demonym')]}
        """
        phrases = list(phrases)  # read twice when the index is rebuilt
        return self._recovering(
            lambda: name_readings(self._store, phrases, limit=limit, variants=variants)
        )

    def geocode_many(
        self,
        rows: Iterable[dict],
        *,
        fuzzy: bool = True,
    ) -> Iterable[dict]:
        """Geocode a stream of ``{"id", "name", "context"?, "country"?, "near"?}`` rows.

        Yields one dict per row: the input ``id`` and ``name``, then ``lat`` and
        ``lon`` (``null`` when unresolved) and the other fields of
        :meth:`GeocodeResult.to_dict`, where the result's own ``id`` and ``name``
        are renamed ``gazetteer_id`` and ``matched_name``. Rows sharing one
        ``context`` string (an article) share its context analysis.
        """
        for row in rows:
            name = row.get("name")
            if name is None or (isinstance(name, str) and not name.strip()):
                # never the query "None": a blank cell is a row to fix, not a place
                res = GeocodeResult(query="", reason="empty name")
            elif not isinstance(name, str):
                res = GeocodeResult(
                    query=str(name),
                    reason=f"row has no 'name' string (it holds {type(name).__name__} {name!r})",
                )
            else:
                try:
                    country, near, context = _row_options(row)
                    res = self._geocode_memo(
                        name,
                        country=country,
                        near=near,
                        context=context,
                        max_distance_km=None,
                        fuzzy=fuzzy,
                        n_candidates=5,
                        copy=False,  # read once by to_dict below, never kept
                    )
                except IndexDamagedError:
                    raise  # every later row would fail the same way
                except GazetteerError as exc:
                    res = GeocodeResult(query=name, reason=str(exc))
            out = res.to_dict()
            gid = out.pop("id")
            matched = out.pop("name")
            yield {
                "id": row.get("id"),
                "name": name,
                "lat": out.pop("lat"),
                "lon": out.pop("lon"),
                "gazetteer_id": gid,
                "matched_name": matched,
                **out,
            }

    def reverse(self, lat: float, lon: float, *, n_candidates: int = 5) -> GeocodeResult:
        """Return the populated place nearest to a point, with its admin1 and country.

        Parameters
        ----------
        lat, lon : float
            Point in EPSG:4326 degrees, (lat, lon) order.
        n_candidates : int, keyword-only
            How many next-nearest places to list.

        Returns
        -------
        GeocodeResult
            The nearest place (``distance_km`` set); ``country_code`` and ``admin1``
            are those of that place, or the country whose outline holds the point
            when the place lies across a border. A point in no country's outline (at
            sea) says so in ``reason``.

        Raises
        ------
        GazetteerError
            When the point is out of range.
        """
        return self._recovering(
            lambda: nearest_place(self._store, lat, lon, n_candidates=n_candidates)
        )
