"""The drawn line of a route record: Global Energy Monitor routes joined with waypoints.

A record's ``route.gem`` names GEM ProjectIDs (:func:`geo.reference.gem_routes`).  GEM
stores a route as a (Multi)LineString whose parts are unordered and sometimes repeat
each other, so each route is first *chained*: parts are joined end to end from the
longest one on, parts lying on what is already chained are skipped, and a part whose
nearest end is more than :data:`BRANCH_GAP_KM` away (a branch) is left out with a
note.  The routes are then joined in the order the record gives, each turned to
continue the one before; the record's waypoints extend the line at its nearer end, or
cut it (:data:`GEM_CUT_KM`).  What was joined across a gap is said in the feature's
``geometry_warnings``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, Point
from shapely.ops import substring

from geo.borders import GEOD, geodesic_length_km
from geo.layers._locate import Located
from geo.records import Record

__all__ = ["BRANCH_GAP_KM", "GEM_CUT_KM", "RouteLine", "gem_chain", "route_line"]

#: A waypoint this close to the GEM line (km), and farther than this from both of its
#: ends along it, cuts the line there; a join across more than this is a warning.
GEM_CUT_KM = 5.0
#: Parts of one GEM route whose nearest end lies farther than this (km) from the line
#: chained so far are branches, not gaps of the trace: they are left out.
BRANCH_GAP_KM = 25.0
#: A part whose every vertex lies this close (km) to the chained line repeats it.
_COVERED_KM = 1.0
#: Coarse to fine: the coarsest grade of the routes joined is the line's.
_GRADES = ("very low", "low", "medium", "high")


@dataclass(frozen=True)
class RouteLine:
    """The line drawn for a route record and where it came from.

    Attributes
    ----------
    line : LineString
        EPSG:4326, in route order.
    geometry_source : {"gem", "waypoints"}
        ``gem`` when GEM routes make the line, ``waypoints`` for a line through the
        record's waypoints only.
    gem_ids : tuple of str
        The GEM ProjectIDs used, in route order.
    accuracy : str
        GEM's coarsest grade of the routes used where GEM grades all of them (its liquid
        lines), else the record's ``route.accuracy``.
    notes : list of str
        Joins across gaps, cuts and branches left out, for ``geometry_warnings``.
    """

    line: LineString
    geometry_source: str
    gem_ids: tuple[str, ...] = ()
    accuracy: str | None = None
    notes: list[str] = field(default_factory=list)


def _km(a: Sequence[float], b: Sequence[float]) -> float:
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2]) / 1000.0


def _point_line_km(p: Sequence[float], line: LineString) -> float:
    """Geodesic distance (km) from ``p`` to the nearest point of ``line`` (found in degrees)."""
    q = line.interpolate(line.project(Point(p)))
    return _km(p, (q.x, q.y))


def _covered(part: LineString, chained: LineString) -> bool:
    """Whether every vertex of ``part`` lies within :data:`_COVERED_KM` of ``chained``."""
    coords = np.asarray(part.coords)
    step = max(1, len(coords) // 20)  # a sample is enough to tell a repeat from new line
    sample = [*coords[::step], coords[-1]]
    return all(_point_line_km(c, chained) <= _COVERED_KM for c in sample)


def _parts(geom: LineString | MultiLineString) -> list[LineString]:
    merged = shapely.line_merge(geom)
    parts = list(merged.geoms) if hasattr(merged, "geoms") else [merged]
    return [p for p in parts if p.length > 0]


def _attach(chain: list[tuple[float, float]], part: LineString) -> tuple[float, str]:
    """(gap km, where) of the best way to join ``part`` to either end of ``chain``."""
    head, tail = chain[0], chain[-1]
    a, b = part.coords[0], part.coords[-1]
    options = {
        "tail+": _km(tail, a),
        "tail-": _km(tail, b),
        "head+": _km(head, b),
        "head-": _km(head, a),
    }
    where = min(options, key=lambda k: options[k])
    return options[where], where


def _join(chain: list[tuple[float, float]], part: LineString, where: str) -> None:
    coords = [tuple(c) for c in part.coords]
    if where.endswith("-"):
        coords.reverse()
    if where.startswith("tail"):
        chain.extend(coords[1:] if coords[0] == chain[-1] else coords)
    else:
        chain[:0] = coords[:-1] if coords[-1] == chain[0] else coords


def gem_chain(pid: str, geom: LineString | MultiLineString) -> tuple[LineString, list[str]]:
    """One GEM route as one line: its parts chained end to end.

    Parameters
    ----------
    pid : str
        The GEM ProjectID, for the notes.
    geom : LineString or MultiLineString
        GEM's geometry of the route (EPSG:4326).

    Returns
    -------
    line : LineString
        The parts joined from the longest one on, each at the nearer end.
    notes : list of str
        One per branch left out (farther than :data:`BRANCH_GAP_KM`) and per gap
        wider than :data:`GEM_CUT_KM` bridged by a straight line.
    """
    todo = sorted(_parts(geom), key=lambda p: -geodesic_length_km(p))
    chain = [tuple(c) for c in todo.pop(0).coords]
    notes = []
    while todo:
        line = LineString(chain)
        todo = [p for p in todo if not _covered(p, line)]
        if not todo:
            break
        fits = [(_attach(chain, p), -geodesic_length_km(p), i) for i, p in enumerate(todo)]
        (gap, where), _, i = min(fits)
        part = todo.pop(i)
        if gap > BRANCH_GAP_KM:
            notes.append(
                f"left out a {geodesic_length_km(part):,.0f} km part of GEM route {pid} "
                f"whose nearer end is {gap:,.0f} km from the ends of the rest (a branch)"
            )
            continue
        if gap > GEM_CUT_KM:
            notes.append(f"joined a {gap:,.0f} km gap in GEM route {pid} by a straight line")
        _join(chain, part, where)
    return LineString(chain), notes


def _chain_routes(
    ids: Sequence[str], lines: Sequence[LineString]
) -> tuple[list[tuple[float, float]], list[str]]:
    """GEM routes joined in the order given, each turned to continue the one before."""
    notes: list[str] = []
    first = lines[0]
    chain = [tuple(c) for c in first.coords]
    if len(lines) > 1:  # turn the first so that its end faces the second route
        nxt = lines[1]
        ends = (nxt.coords[0], nxt.coords[-1])
        if min(_km(chain[0], e) for e in ends) < min(_km(chain[-1], e) for e in ends):
            chain.reverse()
    for pid, prev, line in zip(ids[1:], ids, lines[1:], strict=False):
        coords = [tuple(c) for c in line.coords]
        if _km(chain[-1], coords[-1]) < _km(chain[-1], coords[0]):
            coords.reverse()
        gap = _km(chain[-1], coords[0])
        if gap > GEM_CUT_KM:
            notes.append(
                f"GEM routes {prev} and {pid} are {gap:,.0f} km apart: joined by a straight line"
            )
        chain.extend(coords[1:] if coords[0] == chain[-1] else coords)
    return chain, notes


def _with_waypoints(
    chain: list[tuple[float, float]], pts: Sequence[Located], rec: Record
) -> tuple[list[tuple[float, float]], list[str]]:
    """The GEM line extended by (or cut at) the record's waypoints, as the docs say."""
    notes: list[str] = []
    head: list[tuple[float, float]] = []
    tail: list[tuple[float, float]] = []
    for i, p in enumerate(pts):
        xy = (p.lon, p.lat)
        line = LineString(chain)
        at = line.project(Point(xy))
        off_km = _point_line_km(xy, line)
        from_start = geodesic_length_km(substring(line, 0, at)) if at > 0 else 0.0
        to_end = geodesic_length_km(substring(line, at, line.length)) if at < line.length else 0.0
        to_head = from_start < to_end
        name = _waypoint_name(rec, i)
        if off_km <= GEM_CUT_KM and min(from_start, to_end) > GEM_CUT_KM:
            kept = substring(line, at, line.length) if to_head else substring(line, 0, at)
            chain = [tuple(c) for c in kept.coords]
            dropped = from_start if to_head else to_end
            notes.append(
                f"cut the GEM line at waypoint {i} ({name}): left out its "
                f"{dropped:,.0f} km {'before' if to_head else 'after'} it"
            )
        else:
            end = chain[0] if to_head else chain[-1]
            gap = _km(xy, end)
            if gap > GEM_CUT_KM:
                notes.append(
                    f"waypoint {i} ({name}) is {gap:,.0f} km from the "
                    f"{'start' if to_head else 'end'} of the GEM line: joined by a straight line"
                )
        (head if to_head else tail).append(xy)
    out = head + chain + tail
    return [c for k, c in enumerate(out) if k == 0 or c != out[k - 1]], notes


def _waypoint_name(rec: Record, i: int) -> str:
    w = rec.route.waypoints[i]  # type: ignore[union-attr]
    return w.place or f"{w.lat:g} N {w.lon:g} E"


def _grade(rec: Record, grades: Sequence[str | None]) -> str | None:
    """GEM's coarsest grade when GEM grades every route used, else the record's."""
    known = [g.lower() for g in grades if isinstance(g, str) and g.lower() in _GRADES]
    if known and len(known) == len(grades):
        return min(known, key=_GRADES.index)
    return rec.route.accuracy if rec.route else None


def route_line(rec: Record, pts: Sequence[Located]) -> RouteLine:
    """The line drawn for ``rec``: GEM routes with its waypoints, or its waypoints only.

    Parameters
    ----------
    rec : Record
        A record with a ``route``.
    pts : sequence of Located
        Its waypoints, located, in order.

    Returns
    -------
    RouteLine
    """
    route = rec.route
    assert route is not None
    if not route.gem:
        return RouteLine(
            LineString([(p.lon, p.lat) for p in pts]), "waypoints", accuracy=route.accuracy
        )
    from geo.reference import gem_routes

    gem = gem_routes(route.gem)
    lines, notes = [], []
    for pid, geom in zip(gem["project_id"], gem.geometry, strict=True):
        line, why = gem_chain(pid, geom)
        lines.append(line)
        notes += why
    chain, why = _chain_routes(list(route.gem), lines)
    notes += why
    chain, why = _with_waypoints(chain, pts, rec)
    notes += why
    return RouteLine(
        LineString(chain),
        "gem",
        gem_ids=tuple(route.gem),
        accuracy=_grade(rec, list(gem["route_accuracy"])),
        notes=notes,
    )
