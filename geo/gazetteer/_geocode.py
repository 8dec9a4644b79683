"""Resolving one name: candidates, context, qualifiers, pairs and fuzzy spellings in turn.

:func:`geocode_name` is the path of :meth:`geo.gazetteer.Gazetteer.geocode`; each step
that may answer (or refuse) on its own is a function here. Positions are EPSG:4326
degrees, (lat, lon); distances great-circle km.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from geo.errors import GazetteerError
from geo.gazetteer._context import (
    DASH_RE,
    EMPTY_CONTEXT,
    Context,
    ContextReader,
    context_matters,
    near_context,
    without,
)
from geo.gazetteer._features import WATER_CODES, water_cue
from geo.gazetteer._filter import Filter, countries, qualifier_filter
from geo.gazetteer._lookup import GENERIC_WORDS, Matcher, fuzzy_cutoff
from geo.gazetteer._model import Candidate, GeocodeResult
from geo.gazetteer._normalise import fold
from geo.gazetteer._pair import resolve_pair
from geo.gazetteer._rank import Ranked, rank, result
from geo.gazetteer._store import Found
from geo.gazetteer._written import qualified_in_text, urban_in_text

__all__ = ["checked_near", "geocode_name"]

_QUAL_RE = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")
_ACRONYM_RE = re.compile(r"^[A-Z]{2,5}$")


def checked_near(near: tuple[float, float] | None) -> tuple[float, float] | None:
    """The ``near=`` option as a (lat, lon) pair of floats in EPSG:4326 degrees.

    Raises
    ------
    GazetteerError
        When it is not a pair of numbers, or out of range (perhaps swapped).
    """
    if near is None:
        return None
    try:
        near = (float(near[0]), float(near[1]))
    except (TypeError, ValueError, IndexError) as exc:
        raise GazetteerError(
            f"near={near!r} is not a (lat, lon) pair of degrees; give e.g. near=(47.65, 132.5)"
        ) from exc
    if not (-90 <= near[0] <= 90 and -180 <= near[1] <= 180):
        raise GazetteerError(
            f"near={near!r} is out of range; give (lat, lon) with lat in -90..90 "
            "and lon in -180..180 (are they swapped?)"
        )
    return near


def geocode_name(
    matcher: Matcher,
    contexts: ContextReader,
    query: str,
    *,
    country: str | Sequence[str] | None,
    near: tuple[float, float] | None,
    context: str | Sequence[str] | None,
    max_distance_km: float | None,
    fuzzy: bool,
    n_candidates: int,
) -> GeocodeResult:
    """Resolve ``query`` to one entry (the options are those of ``Gazetteer.geocode``).

    In turn: the name's own readings (:meth:`Matcher.match`); a qualified name
    ("Moscow, Idaho"); a dash-joined pair; a fuzzy spelling. The readings are ranked
    in the context (read only when it could change the answer), and the best is
    refused when it is a small place for an acronym or a fuzzy match far from the
    context.

    Returns
    -------
    GeocodeResult
        Resolved, or unresolved with a ``reason``.

    Raises
    ------
    GazetteerError
        When ``country`` is not a known country or ``near`` is not a valid pair.
    """
    store = matcher.store
    q = query.strip()
    if not fold(q):
        return GeocodeResult(query=query, reason="empty name")
    near = checked_near(near)
    ccs = countries(store, country)
    found, how = matcher.match(q)
    # written beside the name in running text: "Arlington, VA" (cliff-annotator #32),
    # "the port of Magadan" (cliff-annotator #13); see _written
    if found and isinstance(context, str):
        found = urban_in_text(q, context, qualified_in_text(store, q, context, found))
    if found and context:
        found = _prefer_water(found, q, context)
    # the name itself, read out of the context, must not vote for its own reading
    ctx = (
        without(contexts.read(context), fold(q))
        if context and (near is not None or context_matters(found))
        else EMPTY_CONTEXT
    )
    demonyms = store.demonyms()
    if not found:
        qualified = _qualified(
            matcher,
            query,
            q,
            ctx=ctx,
            near=near,
            ccs=ccs,
            max_distance_km=max_distance_km,
            n_candidates=n_candidates,
        )
        if qualified is not None:
            return qualified
    if not found and DASH_RE.search(q):
        pair = resolve_pair(q, matcher, ctx=ctx, ccs=ccs)
        if pair is not None:
            return pair
    match = None
    if not found and fuzzy:
        found = store.lookup(matcher.fuzzy(q))
        match = "fuzzy"
    if not found:
        return GeocodeResult(
            query=query,
            reason=(
                f"no gazetteer entry matches {query!r} "
                "(exact, alias, transliteration, stem or fuzzy)"
            ),
        )
    ranked = rank(found, ctx=ctx, near=near, flt=None, ccs=ccs, max_distance_km=max_distance_km)
    if not ranked:
        return _outside_request(query, found, ccs=ccs, near=near, max_distance_km=max_distance_km)
    refusal = _refusal(
        query, q, ranked, match=match, ctx=ctx, n_candidates=n_candidates, demonyms=demonyms
    )
    if refusal is not None:
        return refusal
    res = result(query, ranked, demonyms=demonyms, match=match, n_candidates=n_candidates)
    if match is None and how.startswith("core:"):
        res.reason = (
            f"read as {how[5:]!r}: no entry bears the whole name (an airport, a "
            "province or a city so called may be meant)"
        )
    if match == "fuzzy":
        res.reason = _fuzzy_reason(q, ranked[0][3][1:])
    return res


def _prefer_water(found: Found, q: str, context: object) -> Found:
    """A name the text writes as water ("the Amur bridge", "мост через Амур") is the
    river or sea where it has such a reading: its other readings (the oblast, a
    town) are dropped (issue 17)."""
    water = {pid: t for pid, t in found.items() if t[0].fcode in WATER_CODES}
    if not water or len(water) == len(found) or not water_cue(q, context):
        return found
    return water


def _qualified(
    matcher: Matcher,
    query: str,
    q: str,
    *,
    ctx: Context,
    near: tuple[float, float] | None,
    ccs: set[str] | None,
    max_distance_km: float | None,
    n_candidates: int,
) -> GeocodeResult | None:
    """Resolve a qualified name ("Moscow, Idaho", "Tongjiang (Heilongjiang)").

    Every qualifier must hold ("Moscow, Latah County, Idaho"); an unknown one ("D.C.")
    constrains nothing. None when ``q`` has no qualifier; else the result, or an
    unresolved one saying no such place lies there.
    """
    head, qual = None, None
    m = _QUAL_RE.match(q)
    if m:
        head, qual = m.group(1), m.group(2)
    elif "," in q:
        head, qual = q.split(",", 1)
    if head is None or qual is None or not head.strip():
        return None
    subs: list[Filter] = []
    for part in [p for p in qual.split(",") if p.strip()]:
        sub = qualifier_filter(matcher.store, part.strip())
        if sub is not None:
            subs.append(sub)
    found, _ = matcher.match(head.strip())
    found = {k: v for k, v in found.items() if all(f.passes(v[0]) for f in subs)}
    if found:
        ranked = rank(found, ctx=ctx, near=near, flt=None, ccs=ccs, max_distance_km=max_distance_km)
        if ranked:
            return result(
                query, ranked, demonyms=matcher.store.demonyms(), n_candidates=n_candidates
            )
    return GeocodeResult(query=query, reason=f"no {head.strip()!r} lies in {qual.strip()!r}")


def _outside_request(
    query: str,
    found: Found,
    *,
    ccs: set[str] | None,
    near: tuple[float, float] | None,
    max_distance_km: float | None,
) -> GeocodeResult:
    """Unresolved: the name matches places, but none where the request asks."""
    where = []
    if ccs:
        where.append("in " + ", ".join(sorted(ccs)))
    if near is not None and max_distance_km is not None:
        where.append(f"within {max_distance_km:g} km of {near}")
    elsewhere = sorted({p.cc or "?" for p, _, _ in found.values()})[:8]
    return GeocodeResult(
        query=query,
        reason=(
            f"{query!r} matches places only outside the request "
            f"({' '.join(where)}); found in: {', '.join(elsewhere)}"
        ),
    )


def _refusal(
    query: str,
    q: str,
    ranked: list[Ranked],
    *,
    match: str | None,
    ctx: Context,
    n_candidates: int,
    demonyms: frozenset[str],
) -> GeocodeResult | None:
    """Unresolved when the best reading is no safe guess, else None.

    An acronym ("EU", "NATO", "FBI") is not the small village that shares it; a
    fuzzy match far from every place of the context is listed as a candidate only.
    """
    top = ranked[0][1]
    if _ACRONYM_RE.match(q) and ranked[0][3][0] != "@" and top.importance < 0.6:
        return GeocodeResult(
            query=query,
            reason=(
                f"{query!r} looks like an acronym; the only places so named are small "
                f"({top.name}, {top.cc}); give the full name"
            ),
        )
    if match == "fuzzy" and ctx.total > 1e-9 and not near_context(top, ctx):
        guess = result(query, ranked, demonyms=demonyms, n_candidates=max(0, n_candidates - 1))
        best = Candidate(
            name=guess.name or "",
            lat=guess.lat or 0.0,
            lon=guess.lon or 0.0,
            country_code=guess.country_code,
            feature_code=guess.feature_code or "",
            id=guess.id or "",
            score=guess.score,
            admin1=guess.admin1,
            population=guess.population,
            match="fuzzy",
        )
        return GeocodeResult(
            query=query,
            reason=(
                f"only a fuzzy match ({guess.name!r}, {guess.country_code}) that lies far "
                "from the places of the context: not a safe guess"
            ),
            candidates=[best, *guess.candidates],
        )
    return None


def _fuzzy_reason(q: str, key: str) -> str:
    """The ``reason`` of a fuzzy match: the spelling ``q`` was read as (fold ``key``)."""
    from rapidfuzz import fuzz

    read = fold(q)
    core = " ".join(t for t in read.split() if t not in GENERIC_WORDS)
    if core and fuzz.ratio(core, key) > fuzz.ratio(read, key):
        read = core  # "frankfrt airport" was read by its core, "frankfrt"
    sim = fuzz.ratio(read, key)
    return (
        f"fuzzy match: {read!r} read as {key!r} (similarity "
        f"{sim:.0f}/100, least {fuzzy_cutoff(len(read.replace(' ', ''))):.0f}); "
        "check the spelling"
    )
