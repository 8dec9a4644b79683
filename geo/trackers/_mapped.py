"""Any sheet with a small YAML column map (``geo import --format table --map MAP.yaml``).

The map names, for each record field, the column it comes from (``name: PipelineName``)
or a value for every row (``type: {value: pipeline}``); capacities, investments,
locations, parties and sources are mappings of their own fields.  Rows with the same
``id`` form one record.  :data:`TEMPLATE_MAP` is an example (``geo import
--template-map``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from geo.errors import GeoError
from geo.gazetteer import slug
from geo.records import LINEAR_TYPES, SCHEMA_VERSION
from geo.trackers._gem import ReportLine, Row, country_code

__all__ = ["TEMPLATE_MAP", "ColumnMap", "load_column_map", "mapped_data", "mapped_rows"]

#: An example column map: every key it may have, each with a GEM-like column name.
TEMPLATE_MAP = """\
# Column map for `geo import FILE --format table --map THIS.yaml`.
# Each field names the column it is read from, or {value: ...} for every row.
# Rows with the same id form one record; leave out what your sheet does not have.
id: ProjectID                  # the record id is "<id_prefix><this cell>", as a slug
id_prefix: my-
name: PipelineName
type: {value: pipeline}        # bridge, railway, road, pipeline, port, terminal, ...
mode: {value: gas_pipeline}
status: Status                 # GEM's words: proposed, construction, operating, ...
countries: Countries           # "Russia, China" or "RU CN"
summary: Notes
length_km: LengthKnownKm
length_kind: {value: known}    # known, estimated or merged
opening: StartYear1            # dates.opening
capacity: {value: Capacity, unit: CapacityUnits, commodity: {value: natural_gas}}
investment: {amount: CostUSD, currency: {value: USD}, date: CostYear}
location: {place: StartLocation, lat: Latitude, lon: Longitude, country: StartCountry}
party: {name: Owner, role: {value: owner}, share_pct: OwnerShare}
source: {url: Wiki}            # cited by every value of its row (default: the file)
"""

_SCALARS = (
    "name",
    "type",
    "mode",
    "status",
    "countries",
    "summary",
    "length_km",
    "length_kind",
    "opening",
)
_PARTS: dict[str, tuple[str, ...]] = {
    "capacity": ("value", "unit", "commodity", "key", "qualifier", "period", "as_written"),
    "investment": ("amount", "currency", "date", "qualifier", "as_written"),
    "location": ("place", "lat", "lon", "country", "precision", "uncertainty_km"),
    "party": ("name", "role", "country", "share_pct"),
    "source": ("url", "title"),
}
_REQUIRED = ("id", "name", "type", "status")


@dataclass(frozen=True)
class ColumnMap:
    """A parsed column map: field → column name, or ``("value", constant)``."""

    path: Path
    fields: dict[str, Any]
    id_prefix: str

    def columns(self) -> set[str]:
        """Every column the map reads."""
        out: set[str] = set()
        for spec in self.fields.values():
            specs = spec.values() if isinstance(spec, dict) else [spec]
            out |= {s for s in specs if isinstance(s, str)}
        return out


def _spec(path: Path, key: str, raw: Any) -> Any:
    if isinstance(raw, str) and raw.strip():
        return raw.strip()
    if isinstance(raw, dict) and set(raw) == {"value"}:
        return ("value", raw["value"])
    raise GeoError(
        f"{path}: key {key!r}: {raw!r} is neither a column name nor {{value: ...}}: "
        f"write e.g. {key}: MyColumn, or {key}: {{value: something}}"
    )


def load_column_map(path: Path | str) -> ColumnMap:
    """Read a column map (see :data:`TEMPLATE_MAP`).

    Raises
    ------
    GeoError
        Naming the map file and key: unreadable YAML, an unknown key, a value that is
        neither a column name nor ``{value: ...}``, or a required field missing.
    """
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise GeoError(f"{path}: cannot read the column map: {exc}") from None
    if not isinstance(raw, dict):
        raise GeoError(f"{path}: a column map is a mapping (name: Column …): see --template-map")
    prefix = str(raw.pop("id_prefix", "") or "")
    fields: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "id" or key in _SCALARS:
            fields[key] = _spec(path, key, value)
        elif key in _PARTS and isinstance(value, dict) and not set(value) <= {"value"}:
            bad = sorted(set(value) - set(_PARTS[key]))
            if bad:
                raise GeoError(
                    f"{path}: key {key!r}: unknown field(s) {', '.join(map(repr, bad))}: "
                    f"use {', '.join(_PARTS[key])}"
                )
            fields[key] = {k: _spec(path, f"{key}.{k}", v) for k, v in value.items()}
        else:
            known = ", ".join(("id", "id_prefix", *_SCALARS, *_PARTS))
            raise GeoError(f"{path}: unknown key {key!r} (or not a mapping): the keys are {known}")
    missing = [k for k in _REQUIRED if k not in fields]
    if missing:
        raise GeoError(
            f"{path}: the map names no {', '.join(missing)}: every record needs them "
            "(a column, or {value: ...} for every row)"
        )
    return ColumnMap(path, fields, prefix)


def check_header(cmap: ColumnMap, sheet: str, header: tuple[str, ...]) -> list[str]:
    """Columns the map reads that ``header`` lacks."""
    return sorted(c for c in cmap.columns() if c not in header)


def mapped_rows(
    cmap: ColumnMap,
    name: str,
    records: list[tuple[int, dict[str, Any]]],
    file: str,
    report: list[ReportLine],
) -> list[tuple[str, Row]]:
    """``(record id, row)`` for every row with an id; rows without one are reported."""
    out = []
    spec = cmap.fields["id"]
    for n, cells in records:
        raw = spec[1] if isinstance(spec, tuple) else cells.get(spec)
        # the cell alone is slugged (romanised: "Сила Сибири" → "sila-sibiri"), then
        # prefixed: a prefix must not make two ids that lost their letters one
        key = slug(str(raw)) if raw is not None else ""
        rid = slug(cmap.id_prefix + key) if key else ""
        if not rid:
            values = "; ".join(f"{h}={v!r}" for h, v in cells.items())
            report.append(
                ReportLine(file, name, n, str(spec), f"no id: row left out; its values: {values}")
            )
            continue
        out.append((rid, Row(name, n, cells)))
    return out


def _get(spec: Any, row: Row) -> tuple[Any, str | None]:
    """(value, column) of ``spec`` in ``row``: a constant has no column."""
    if isinstance(spec, tuple):
        return spec[1], None
    return row.cells.get(spec), spec


def _part(cmap: ColumnMap, key: str, row: Row) -> dict[str, Any]:
    spec = cmap.fields.get(key)
    if not isinstance(spec, dict):
        return {}
    values = {k: _get(s, row)[0] for k, s in spec.items()}
    if all(v is None for k, v in values.items() if not isinstance(spec[k], tuple)):
        return {}  # no cell of this part on this row (constants alone make none)
    return {k: v for k, v in values.items() if v is not None}


class _Draft:
    def __init__(
        self, cmap: ColumnMap, rid: str, rows: list[Row], file: str, report: list[ReportLine]
    ) -> None:
        self.cmap, self.rid, self.rows, self.file, self.report = cmap, rid, rows, file, report
        self.sources: list[dict[str, Any]] = [
            {
                "id": "table",
                "title": f"{file}, sheet {rows[0].sheet}",
                "file": file,
                "note": f"rows {', '.join(str(r.n) for r in rows)}",
            }
        ]
        self._urls: dict[str, str] = {}
        self._noted: set[ReportLine] = set()

    def note(self, row: Row, column: str | None, reason: str) -> None:
        line = ReportLine(self.file, row.sheet, row.n, column, reason)
        if line not in self._noted:  # a cell cited by several fields is reported once
            self._noted.add(line)
            self.report.append(line)

    def cite(self, row: Row) -> str:
        src = _part(self.cmap, "source", row)
        url = src.get("url")
        if not isinstance(url, str) or not re.match(r"https?://\S+$", url.strip()):
            if url is not None:
                self.note(
                    row,
                    str(self.cmap.fields["source"].get("url")),
                    f"{url!r} is not an http(s) address: kept in this report only",
                )
            return "table"
        url = url.strip()
        if url not in self._urls:
            sid = f"table-src-{len(self._urls) + 1}"
            self._urls[url] = sid
            title = src.get("title") or f"Source cited by {self.file}"
            self.sources.append({"id": sid, "title": str(title), "url": url})
        return self._urls[url]

    def scalar(self, key: str) -> tuple[Any, Row]:
        spec = self.cmap.fields.get(key)
        chosen: tuple[Any, Row] = (None, self.rows[0])
        if spec is None:
            return chosen
        for row in self.rows:
            value, column = _get(spec, row)
            if value is None:
                continue
            if chosen[0] is None:
                chosen = (value, row)
            elif value != chosen[0]:
                self.note(
                    row,
                    column,
                    f"{value!r} differs from row {chosen[1].n}'s "
                    f"{chosen[0]!r}: the record keeps the first",
                )
        return chosen


def _countries(d: _Draft) -> list[str]:
    raw, row = d.scalar("countries")
    out: list[str] = []
    for word in re.split(r"\s*[,;/]\s*|\s+(?=[A-Z]{2}\b)", str(raw or "")):
        word = word.strip()
        if not word:
            continue
        code = word.upper() if re.fullmatch(r"[A-Za-z]{2}", word) else country_code(word)
        if code is None:
            d.note(row, str(d.cmap.fields["countries"]), f"country {word!r} is not known: left out")
        elif code not in out:
            out.append(code)
    return out


def mapped_data(
    cmap: ColumnMap, rid: str, rows: list[Row], *, file: str, report: list[ReportLine]
) -> dict[str, Any]:
    """Record data of the rows of one id, through the column map.

    Parameters
    ----------
    cmap : ColumnMap
        The parsed map.
    rid : str
        The record id (slug).
    rows : list of Row
        Its rows, in file order.
    file : str
        The file's name, for the report and the record's source.
    report : list of ReportLine, keyword-only
        Receives a line for every value left out.

    Returns
    -------
    dict
        Data for :class:`geo.records.Record`; validation reports what is wrong.
    """
    d = _Draft(cmap, rid, rows, file, report)
    data: dict[str, Any] = {"id": rid, "schema_version": SCHEMA_VERSION}
    for key in ("name", "type", "mode", "status", "summary", "length_kind"):
        value, _ = d.scalar(key)
        if value is not None:
            text = str(value).strip()
            data[key] = text.casefold().replace(" ", "_") if key in ("type", "mode") else text
    if isinstance(data.get("status"), str):
        data["status"] = data["status"].casefold()
    data["countries"] = _countries(d)
    length, lrow = d.scalar("length_km")
    if length is not None:
        data["length_km"], data["length_source"] = length, d.cite(lrow)
    else:
        data.pop("length_kind", None)  # a kind alone says nothing
    opening, orow = d.scalar("opening")
    if opening is not None:
        data["dates"] = {"opening": opening, "source": d.cite(orow)}
    caps, parties, places, invs = [], [], [], []
    for row in rows:
        if cap := _part(cmap, "capacity", row):
            cap.setdefault("commodity", "throughput")
            caps.append(
                {
                    **cap,
                    "commodity": str(cap["commodity"]),
                    "unit": str(cap.get("unit")),
                    "source": d.cite(row),
                }
            )
        if party := _part(cmap, "party", row):
            party = {**party, "name": str(party.get("name")), "source": d.cite(row)}
            party.setdefault("role", "party")
            if party not in parties:
                parties.append(party)
        if place := _part(cmap, "location", row):
            if isinstance(place.get("country"), str) and len(place["country"]) != 2:
                place["country"] = country_code(place["country"]) or place["country"]
            places.append({**place, "source": d.cite(row)})
        if inv := _part(cmap, "investment", row):
            invs.append({**inv, "source": d.cite(row)})
    if len(caps) > 1:
        caps[0]["preferred"] = True
        d.note(rows[0], None, f"{len(caps)} capacity rows: the first is preferred (edit it)")
    data["capacities"], data["parties"] = caps, parties
    if len(invs) > 1:
        invs[0]["preferred"] = True
    data["investments"] = invs
    linear = data.get("type") in {t.value for t in LINEAR_TYPES}
    if linear and len(places) >= 2:
        data["route"] = {"accuracy": "very low", "waypoints": places, "source": places[0]["source"]}
    elif places:
        data["location"] = places[0]
        if len(places) > 1:
            d.note(
                rows[0],
                None,
                f"{len(places) - 1} further location(s) of a point record left out: {places[1:]!r}",
            )
    data["sources"] = d.sources
    return {k: v for k, v in data.items() if v not in (None, [], {})}
