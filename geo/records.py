"""Project records: the input schema, loading from YAML, and validation.

A record describes one piece of cross-border infrastructure (a bridge, a pipeline,
a logistics hub …) with its location or route, status, parties, capacities,
investment and the source of every claim.  Records live in ``seeds/records/*.yaml``,
one per file; the places a report names live in ``seeds/places.yaml``.

Coordinates are WGS 84 (EPSG:4326) decimal degrees, given as ``lat`` and ``lon``
fields (never a bare pair, so the axis order is never in doubt).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from geo.errors import Issue, MoneyError, InvalidRecordsError, UnitError
from geo.units import Normalised, UsdValue, normalise_currency, normalise_quantity, to_usd

__all__ = [
    "Capacity",
    "Dates",
    "Investment",
    "Location",
    "Party",
    "PlaceMention",
    "Record",
    "RecordSet",
    "Route",
    "Source",
    "Status",
    "load_records",
]

SLUG = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
_SOURCE_REF = re.compile(r"^(?P<id>[a-z0-9]+(?:[-_][a-z0-9]+)*)(?:#p(?P<paragraph>\d+))?$")


class Status(StrEnum):
    """Project status in Global Energy Monitor's vocabulary."""

    announced = "announced"
    proposed = "proposed"
    pre_construction = "pre-construction"
    construction = "construction"
    operating = "operating"
    shelved = "shelved"
    cancelled = "cancelled"
    mothballed = "mothballed"
    retired = "retired"


class RecordType(StrEnum):
    """What kind of infrastructure a record describes."""

    bridge = "bridge"
    railway = "railway"
    road = "road"
    pipeline = "pipeline"
    border_crossing = "border_crossing"
    logistics_hub = "logistics_hub"
    terminal = "terminal"
    port = "port"
    power_line = "power_line"
    corridor = "corridor"
    cable_car = "cable_car"
    island = "island"
    industrial_park = "industrial_park"


#: Geometry kind of each record type: lines for links, points for facilities.
LINEAR_TYPES = frozenset(
    {
        RecordType.bridge,
        RecordType.railway,
        RecordType.road,
        RecordType.pipeline,
        RecordType.power_line,
        RecordType.corridor,
        RecordType.cable_car,
    }
)

RouteAccuracy = Literal["high", "medium", "low", "very low"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Source(_Model):
    """A document that a record cites.

    Values cite a source as ``"<id>"`` or ``"<id>#p<paragraph>"`` (e.g. ``"seed#p6"``).
    """

    id: Annotated[str, Field(pattern=SLUG)]
    title: str
    publisher: str | None = None
    date: dt.date | None = None
    url: str | None = None
    file: str | None = None
    note: str | None = None

    @field_validator("url")
    @classmethod
    def _http_only(cls, v: str | None) -> str | None:
        if v is not None and not re.match(r"^https?://", v):
            raise ValueError(f"url {v!r} must start with http:// or https://")
        return v


class _Cited(_Model):
    source: str = Field(description="Source reference: '<source id>' or '<source id>#p<n>'.")
    note: str | None = None

    @field_validator("source")
    @classmethod
    def _ref_form(cls, v: str) -> str:
        if not _SOURCE_REF.match(v):
            raise ValueError(
                f"source reference {v!r} must be '<source id>' or '<source id>#p<n>', "
                "e.g. 'seed#p6'"
            )
        return v

    @property
    def source_id(self) -> str:
        """The id part of :attr:`source`."""
        return self.source.split("#", 1)[0]


class Party(_Model):
    """An organisation involved in a project."""

    name: str
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    role: str
    source: str | None = None


class Location(_Model):
    """Where a facility or a route waypoint is.

    Give either ``place`` (a name the gazetteer resolves) or both ``lat`` and ``lon``
    (WGS 84 degrees); ``country`` is a hint for the gazetteer.
    """

    place: str | None = None
    lat: Annotated[float, Field(ge=-90, le=90)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180)] | None = None
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    precision: Annotated[int, Field(ge=1, le=8)] | None = None
    uncertainty_km: Annotated[float, Field(ge=0)] | None = None
    source: str | None = None
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _check_axes(cls, data: Any) -> Any:
        if isinstance(data, dict):
            lat, lon = data.get("lat"), data.get("lon")
            numeric = isinstance(lat, int | float) and isinstance(lon, int | float)
            if numeric and abs(lat) > 90 and abs(lon) <= 90:
                raise ValueError(
                    f"latitude {lat} is impossible (|lat| <= 90) but longitude {lon} "
                    f"would be a valid latitude: lat and lon look swapped; write "
                    f"lat: {lon}, lon: {lat}"
                )
        return data

    @model_validator(mode="after")
    def _place_or_point(self) -> Location:
        has_point = self.lat is not None and self.lon is not None
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon (WGS 84 degrees), or neither")
        if not has_point and not self.place:
            raise ValueError("give a place name (place: ...) or coordinates (lat:, lon:)")
        return self


class Route(_Model):
    """An ordered line of waypoints, with its accuracy in GEM's words."""

    accuracy: RouteAccuracy
    waypoints: Annotated[list[Location], Field(min_length=2)]
    source: str | None = None
    note: str | None = None


class Capacity(_Cited):
    """A capacity as a source states it, plus its value in the project base unit.

    ``key`` names the quantity being measured (defaults to ``commodity``); two
    capacities of one record with the same key but different values are a
    conflict between sources: both are kept, the ``preferred`` one (or the first)
    goes to the layers, and the layer carries a conflict flag.
    """

    commodity: Annotated[str, Field(pattern=SLUG)]
    value: Annotated[float, Field(ge=0)]
    unit: str
    key: Annotated[str, Field(pattern=SLUG)] | None = None
    period: str | None = None
    preferred: bool = False
    as_written: str | None = None

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, v: str) -> str:
        try:
            normalise_quantity(1.0, v)
        except UnitError as exc:
            raise ValueError(str(exc)) from None
        return v

    @property
    def normalised(self) -> Normalised:
        """The value in its base unit (t/yr, t, m³/yr, TEU/yr, m …)."""
        return normalise_quantity(self.value, self.unit)

    @property
    def field_key(self) -> str:
        """The key this capacity is compared and written under."""
        return self.key or self.commodity


class Investment(_Cited):
    """An investment amount with its currency and as-of date; USD is derived."""

    amount: Annotated[float, Field(gt=0)]
    currency: str
    date: dt.date
    stated_usd: Annotated[float, Field(gt=0)] | None = None
    stated_usd_source: str | None = None

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, v: str) -> str:
        try:
            return normalise_currency(v)
        except MoneyError as exc:
            raise ValueError(str(exc)) from None

    @property
    def usd(self) -> UsdValue:
        """USD value at the ECB reference rate of :attr:`date` (see :func:`geo.units.to_usd`)."""
        return to_usd(self.amount, self.currency, self.date)


class Dates(_Model):
    """Milestones, as ISO dates or partial dates (``2023``, ``2023-09``, ``2023-09-05``)."""

    announced: str | None = None
    signed: str | None = None
    construction_start: str | None = None
    opening: str | None = None
    source: str | None = None

    @field_validator("announced", "signed", "construction_start", "opening", mode="before")
    @classmethod
    def _iso(cls, v: Any) -> Any:
        if isinstance(v, dt.date):
            return v.isoformat()
        if isinstance(v, int):
            v = str(v)
        if v is not None and not re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", str(v)):
            raise ValueError(f"date {v!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
        return v


class Record(_Model):
    """One infrastructure project, with the source of every claim."""

    id: Annotated[str, Field(pattern=SLUG)]
    name: str
    names: dict[str, str] = Field(default_factory=dict, description="Names by language code.")
    type: RecordType
    mode: str | None = Field(None, description="rail, road, oil_pipeline, gas_pipeline, …")
    status: Status
    countries: list[Annotated[str, Field(pattern=r"^[A-Z]{2}$")]] = Field(default_factory=list)
    parties: list[Party] = Field(default_factory=list)
    location: Location | None = None
    route: Route | None = None
    capacities: list[Capacity] = Field(default_factory=list)
    investment: Investment | None = None
    length_km: Annotated[float, Field(gt=0)] | None = None
    length_source: str | None = None
    dates: Dates = Field(default_factory=Dates)
    summary: str | None = None
    sources: list[Source] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_geometry(self) -> Record:
        if self.location is not None and self.route is not None:
            raise ValueError("give a location (a point) or a route (a line), not both")
        return self

    def source_refs(self) -> Iterator[tuple[str, str]]:
        """Yield ``(field path, source reference)`` for every cited value."""
        for i, c in enumerate(self.capacities):
            yield f"capacities.{i}.source", c.source
        if self.investment:
            yield "investment.source", self.investment.source
            if self.investment.stated_usd_source:
                yield "investment.stated_usd_source", self.investment.stated_usd_source
        for i, p in enumerate(self.parties):
            if p.source:
                yield f"parties.{i}.source", p.source
        if self.location and self.location.source:
            yield "location.source", self.location.source
        if self.route:
            if self.route.source:
                yield "route.source", self.route.source
            for i, w in enumerate(self.route.waypoints):
                if w.source:
                    yield f"route.waypoints.{i}.source", w.source
        if self.length_source:
            yield "length_source", self.length_source
        if self.dates.source:
            yield "dates.source", self.dates.source


class PlaceMention(_Model):
    """A place a report names, with the role it plays in the story."""

    id: Annotated[str, Field(pattern=SLUG)]
    name: str
    query: str | None = Field(None, description="Name to geocode when it differs from name.")
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    role: str
    source: str

    @field_validator("source")
    @classmethod
    def _ref_form(cls, v: str) -> str:
        return _Cited._ref_form(v)


class RecordSet(BaseModel):
    """Every record, place mention and source loaded from a seeds directory."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    records: list[Record]
    places: list[PlaceMention]
    sources: dict[str, Source]
    origin: dict[str, Path] = Field(default_factory=dict, description="id -> file")


# --------------------------------------------------------------------------- loading


def _line_of(node: yaml.Node | None, loc: Iterable[Any]) -> int | None:
    """Return the 1-based line of the YAML node at pydantic error location ``loc``."""
    best = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if node is None:
            break
        nxt = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == key:
                    nxt = v
                    best = k.start_mark.line + 1
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(key, int)
            and 0 <= key < len(node.value)
        ):
            nxt = node.value[key]
            best = nxt.start_mark.line + 1
        node = nxt
    return best


def _read_yaml(path: Path, issues: list[Issue]) -> tuple[Any, yaml.Node | None] | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        issues.append(Issue(path, f"cannot read the file: {exc.strerror}"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        issues.append(
            Issue(
                path,
                f"not UTF-8 (byte {raw[exc.start]:#04x} at offset {exc.start}): "
                "save the file as UTF-8",
            )
        )
        return None
    text = text.replace("\r\n", "\n")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        issues.append(Issue(path, f"YAML syntax error: {problem}", line=line))
        return None
    return data, node


def _pydantic_issues(
    exc: ValidationError, path: Path, node: yaml.Node | None, record_id: str | None
) -> list[Issue]:
    out = []
    for err in exc.errors():
        loc = [p for p in err["loc"]]
        field = ".".join(str(p) for p in loc) or None
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        if err["type"] == "extra_forbidden":
            msg = f"unknown field {loc[-1]!r}: check its spelling against `geo schema`"
        elif err["type"] == "missing":
            msg = f"missing required field {loc[-1]!r}"
        elif "input" in err and err["type"] not in ("value_error",):
            msg = f"{msg} (got {err['input']!r})"
        out.append(Issue(path, msg, record_id=record_id, field=field, line=_line_of(node, loc)))
    return out


def _check_refs(
    record: Record, known: dict[str, Source], path: Path, node: yaml.Node | None
) -> list[Issue]:
    own = {s.id for s in record.sources}
    out = []
    for field, ref in record.source_refs():
        sid = ref.split("#", 1)[0]
        if sid not in own and sid not in known:
            out.append(
                Issue(
                    path,
                    f"cites source {sid!r}, which is neither in this record's sources "
                    f"nor in seeds/sources.yaml: add it to one of them",
                    record_id=record.id,
                    field=field,
                    line=_line_of(node, field.split(".")),
                )
            )
    return out


def _as_list(data: Any) -> list[Any]:
    if data is None:
        return []
    return data if isinstance(data, list) else [data]


def load_records(seeds: Path | str, *, files: Iterable[Path] | None = None) -> RecordSet:
    """Load and validate every record, place mention and source under ``seeds``.

    Parameters
    ----------
    seeds : Path or str
        The seeds directory: ``sources.yaml`` (shared sources), ``places.yaml``
        (place mentions) and ``records/*.yaml`` (one record, or a list, per file).
        A single ``.yaml`` file is accepted too and read as records.
    files : iterable of Path, optional
        Record files to read instead of ``records/*.yaml``.

    Returns
    -------
    RecordSet

    Raises
    ------
    InvalidRecordsError
        With every problem of every file (file, line, record id, field, fix), when
        any input is invalid.  Nothing is returned partially.
    """
    seeds = Path(seeds)
    issues: list[Issue] = []
    sources: dict[str, Source] = {}
    if seeds.is_file():
        record_files, base = [seeds], seeds.parent
    else:
        base = seeds
        record_files = (
            sorted(files)
            if files is not None
            else sorted(
                p for p in (seeds / "records").glob("*.y*ml") if p.suffix in (".yaml", ".yml")
            )
        )
    src_path = base / "sources.yaml"
    if src_path.exists() and not seeds.is_file():
        read = _read_yaml(src_path, issues)
        if read:
            data, node = read
            for i, item in enumerate(_as_list(data)):
                sub = node.value[i] if isinstance(node, yaml.SequenceNode) else node
                try:
                    s = Source.model_validate(item)
                except ValidationError as exc:
                    issues += _pydantic_issues(exc, src_path, sub, None)
                    continue
                sources[s.id] = s

    records: list[Record] = []
    origin: dict[str, Path] = {}
    for path in record_files:
        read = _read_yaml(path, issues)
        if not read:
            continue
        data, node = read
        for i, item in enumerate(_as_list(data)):
            sub = node.value[i] if isinstance(node, yaml.SequenceNode) else node
            rid = item.get("id") if isinstance(item, dict) else None
            if not isinstance(item, dict):
                issues.append(
                    Issue(path, "a record must be a mapping of fields", line=_line_of(sub, []))
                )
                continue
            try:
                rec = Record.model_validate(item)
            except ValidationError as exc:
                issues += _pydantic_issues(exc, path, sub, rid)
                continue
            if rec.id in origin:
                issues.append(
                    Issue(
                        path,
                        f"id {rec.id!r} is also used in {origin[rec.id]}: ids must be "
                        "unique across all files; rename one",
                        record_id=rec.id,
                        field="id",
                        line=_line_of(sub, ["id"]),
                    )
                )
                continue
            issues += _check_refs(rec, sources, path, sub)
            origin[rec.id] = path
            records.append(rec)

    places: list[PlaceMention] = []
    places_path = base / "places.yaml"
    if places_path.exists() and not seeds.is_file():
        read = _read_yaml(places_path, issues)
        if read:
            data, node = read
            for i, item in enumerate(_as_list(data)):
                sub = node.value[i] if isinstance(node, yaml.SequenceNode) else node
                rid = item.get("id") if isinstance(item, dict) else None
                try:
                    pm = PlaceMention.model_validate(item)
                except ValidationError as exc:
                    issues += _pydantic_issues(exc, places_path, sub, rid)
                    continue
                if pm.source.split("#")[0] not in sources:
                    issues.append(
                        Issue(
                            places_path,
                            f"cites source {pm.source!r}, which is not in seeds/sources.yaml",
                            record_id=pm.id,
                            field="source",
                            line=_line_of(sub, ["source"]),
                        )
                    )
                places.append(pm)

    if issues:
        raise InvalidRecordsError(issues)
    return RecordSet(records=records, places=places, sources=sources, origin=origin)
