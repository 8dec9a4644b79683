"""The record schema: pydantic models of a record, its parts, sources and place mentions.

A record describes one piece of cross-border infrastructure (a bridge, a pipeline,
a logistics hub …) with its location or route, status, parties, capacities,
investment, dates and the source of every claim.

Coordinates are WGS 84 (EPSG:4326) decimal degrees, given as ``lat`` and ``lon``
fields (never a bare pair, so the axis order is never in doubt).

Every value cites a source as ``"<source id>"`` or ``"<source id>#p<paragraph>"``.
When sources disagree about one quantity, the record keeps every claim (capacities
with the same ``key``), one of them marked ``preferred: true``; the layers write the
preferred value and a conflict flag (see :meth:`Record.conflicts`).

Capacities, investments and their conflicts are in :mod:`._claims`; the field types
and vocabularies in :mod:`._fields`; the checks that turn a validation error into an
:class:`~geo.errors.Issue` are in :mod:`._issues`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    field_validator,
    model_validator,
)

from geo._codes import url_problem
from geo.errors import Issue
from geo.records._claims import Capacity, Conflict, Investment, disagreement
from geo.records._fields import (
    EARTH_EQUATOR_KM,
    CountryCode,
    DateLike,
    GemId,
    Number,
    RecordType,
    Ref,
    RouteAccuracy,
    Slug,
    Status,
    Text,
    _At,
    _Model,
    gem_id_problem,
    river_name_problem,
)

__all__ = [
    "SCHEMA_VERSION",
    "Dates",
    "Location",
    "LocationIn",
    "Party",
    "PlaceMention",
    "Record",
    "RecordSet",
    "Route",
    "Segment",
    "Source",
    "json_schema",
]


# ------------------------------------------------------------------ models


class Source(_Model):
    """A document that a record cites.

    Values cite a source as ``"<id>"`` or ``"<id>#p<paragraph>"`` (e.g. ``"seed#p6"``).
    """

    id: Slug
    """Slug other fields cite, e.g. ``seed``."""
    title: Text
    publisher: str | None = None
    date: DateLike | None = None
    """Publication date, ISO 8601, possibly partial (``2023-09``)."""
    url: str | None = None
    """http(s) address of the document."""
    file: str | None = None
    """Path of a local copy, relative to the seeds directory."""
    language: str | None = None
    """ISO 639-1 code of the document's language, e.g. ``ru``."""
    note: str | None = None

    @field_validator("url")
    @classmethod
    def _http_only(cls, v: str | None) -> str | None:
        problem = url_problem(v) if v is not None else None
        if problem:
            raise ValueError(problem)
        return v

    @model_validator(mode="after")
    def _findable(self) -> Source:
        if not self.url and not self.file:
            raise ValueError("give url: (http/https) or file: so a reader can find the source")
        return self


class Party(_Model):
    """An organisation involved in a project, with its role (developer, operator …)."""

    name: Text
    country: CountryCode | None = None
    role: Text
    share_pct: Annotated[Number, Field(gt=0, le=100)] | None = None
    """Ownership share in per cent (0 < share <= 100), e.g. ``50`` for GEM's
    ``Gazprom [50%]``; the shares of one role add up to at most 100."""
    source: Ref
    """Source reference for this party and its role."""


_NEAR_RE = re.compile(
    r"^\s*near\s+(?P<place>.+?)(?:\s*,?\s+on\s+the\s+(?P<side>[A-Za-z]{2})\s+side)?\s*$",
    re.IGNORECASE,
)


def _location_shorthand(v: Any) -> Any:
    """``"Harbin"`` → place; ``"near X on the RU side"`` → place X, near, side RU.

    The same phrase is understood as the ``place`` of a mapping (which can then
    carry its ``source``).
    """
    if isinstance(v, dict) and isinstance(v.get("place"), str) and "relation" not in v:
        parsed = _location_shorthand(v["place"])
        if parsed.get("relation") == "near":
            return {**v, **parsed}
        return v
    if not isinstance(v, str):
        return v
    m = _NEAR_RE.match(v)
    if m:
        out: dict[str, Any] = {"place": m["place"], "relation": "near"}
        if m["side"]:
            out["side"] = m["side"].upper()
        return out
    return {"place": v}


def _finite_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


class Location(_Model):
    """Where a facility or a route waypoint is.

    Give ``place`` (a name the gazetteer resolves) or both ``lat`` and ``lon``
    (WGS 84 degrees), or both.  ``relation: near`` with ``side: RU`` says "near
    feature X on the RU side".  In YAML a bare string is a place name, and
    ``"near X on the RU side"`` is understood.
    """

    place: Text | None = None
    """Name of the place or feature, as the gazetteer should look it up."""
    lat: Number | None = None
    """Latitude, WGS 84 degrees (−90 … 90)."""
    lon: Number | None = None
    """Longitude, WGS 84 degrees (−180 … 180)."""
    relation: Literal["at", "near"] | None = None
    """``near`` when the facility is beside ``place`` rather than at it."""
    side: CountryCode | None = None
    """Side of a border feature the facility is on (ISO 3166-1 alpha-2)."""
    country: CountryCode | None = None
    """Country hint for the gazetteer (ISO 3166-1 alpha-2)."""
    precision: Annotated[int, Field(ge=1, le=8)] | None = None
    """IATI geographic precision code (1 exact, 2 near, … 6 country)."""
    uncertainty_km: Annotated[Number, Field(ge=0)] | None = None
    source: Ref | None = None
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _check_axes(cls, data: Any) -> Any:
        data = _location_shorthand(data)
        if isinstance(data, dict):
            lat, lon = data.get("lat"), data.get("lon")
            finite = _finite_number
            if finite(lat) and abs(lat) > 90:
                if finite(lon) and abs(lon) <= 90:
                    raise _At(
                        "lat",
                        f"latitude {lat} is impossible (|lat| <= 90) but longitude {lon} "
                        f"would be a valid latitude: lat and lon look swapped; write "
                        f"lat: {lon}, lon: {lat}",
                    )
                raise _At("lat", f"latitude {lat} is outside -90 … 90 (WGS 84 degrees)")
            if finite(lon) and abs(lon) > 180:
                raise _At("lon", f"longitude {lon} is outside -180 … 180 (WGS 84 degrees)")
        return data

    @model_validator(mode="after")
    def _place_or_point(self) -> Location:
        if (self.lat is None) != (self.lon is None):
            missing = "lon" if self.lon is None else "lat"
            raise _At(missing, "give both lat and lon (WGS 84 degrees), or neither")
        if self.lat is None and not self.place:
            raise ValueError("give a place name (place: ...) or coordinates (lat:, lon:)")
        if self.side and self.relation != "near":
            raise _At("relation", "side: is given, so write relation: near")
        return self

    @property
    def has_point(self) -> bool:
        """Whether coordinates are given."""
        return self.lat is not None and self.lon is not None


LocationIn = Annotated[
    Location, BeforeValidator(_location_shorthand, json_schema_input_type=Location | str)
]


class Route(_Model):
    """A line: Global Energy Monitor routes and/or ordered waypoints, with its accuracy.

    Without ``gem`` the line runs straight through the waypoints (at least two).  With
    ``gem`` the GEM routes are joined in the order given (each turned to continue the
    one before); waypoints then extend the line at its nearer end (a border crossing
    point after a route that stops on the bank), in the order written, and a waypoint
    within 5 km of the GEM line and farther than that from both of its
    ends cuts the line there (the stretch between it and the nearer end is dropped;
    :data:`geo.layers.GEM_CUT_KM`).
    """

    accuracy: RouteAccuracy
    """How well the line follows the real route: high, medium, low or very low (GEM's
    words; the layers use GEM's own grade where GEM gives one, for its liquid lines)."""
    gem: list[GemId] = Field(default_factory=list)
    """GEM ProjectIDs whose traced routes make the line, in route order, e.g.
    ``[P2352]``; see :func:`geo.reference.gem_routes`."""
    waypoints: list[LocationIn] = Field(default_factory=list)
    """Ordered waypoints, each a place name or coordinates (at least two without ``gem``)."""
    source: Ref | None = None
    note: str | None = None

    @field_validator("gem")
    @classmethod
    def _known_gem(cls, v: list[str]) -> list[str]:
        for pid in v:
            why = gem_id_problem(pid)
            if why:
                raise ValueError(why)
        if len(set(v)) != len(v):
            twice = next(p for i, p in enumerate(v) if p in v[:i])
            raise ValueError(f"GEM id {twice!r} is listed twice: list each route once")
        return v

    @model_validator(mode="after")
    def _cited(self) -> Route:
        if not self.gem and len(self.waypoints) < 2:
            raise _At(
                "waypoints",
                f"a route needs at least two waypoints (got {len(self.waypoints)}), or "
                "gem: [<GEM ProjectID>, ...] to take its line from Global Energy Monitor",
            )
        if self.source is None:
            if self.gem:
                raise _At(
                    "source",
                    "the route cites no source: add source: '<source id>#p<n>' (the "
                    "source that confirms the GEM id: its ends or length)",
                )
            for i, w in enumerate(self.waypoints):
                if w.source is None:
                    raise _At(
                        ("waypoints", i, "source"),
                        "this waypoint cites no source: add source: '<source id>#p<n>' "
                        "to the route (for all waypoints) or to the waypoint",
                    )
        return self


class Dates(_Model):
    """Milestones, as ISO dates or partial dates (``2023``, ``2023-09``, ``2023-09-05``)."""

    announced: DateLike | None = None
    signed: DateLike | None = None
    construction_start: DateLike | None = None
    opening: DateLike | None = None
    source: Ref | None = None

    @model_validator(mode="after")
    def _cited(self) -> Dates:
        names = ("announced", "signed", "construction_start", "opening")
        given = [f for f in names if getattr(self, f)]
        if given and self.source is None:
            raise _At(
                "source",
                f"dates ({', '.join(given)}) cite no source: add source: '<source id>#p<n>'",
            )
        return self


#: Version of the record schema this geo writes and reads (1: before issue 21; 2 adds
#: ``investments``, ``share_pct``, ``length_kind`` and ``segments``).  Every version-1
#: record is a valid version-2 record.
SCHEMA_VERSION = 2

LengthKind = Literal["known", "estimated", "merged"]


class Segment(_Model):
    """A stretch of a project with its own status and length (GEM: one row per segment)."""

    name: Text
    """The segment's name as the source writes it, e.g. ``Russia section``."""
    status: Status
    length_km: Annotated[Number, Field(gt=0, le=EARTH_EQUATOR_KM)] | None = None
    """Length in km as the source states it."""
    length_kind: LengthKind | None = None
    """How the source got ``length_km``: ``known`` (stated), ``estimated`` or
    ``merged`` (GEM's length of segments drawn together)."""
    opening: DateLike | None = None
    """Start year or date of operation of this segment."""
    source: Ref
    note: str | None = None

    @model_validator(mode="after")
    def _kind_has_length(self) -> Segment:
        if self.length_kind is not None and self.length_km is None:
            raise _At("length_kind", "length_kind says how length_km was got: give length_km")
        return self


class Record(_Model):
    """One infrastructure project, with the source of every claim."""

    schema_version: Literal[1, 2] | None = None
    """Record schema version (:data:`SCHEMA_VERSION`); records without one are read
    as version 1, which version 2 only extends."""

    id: Slug
    """Slug, unique across all record files, e.g. ``soyuz-logistics-centre``."""
    name: Text
    """English name."""
    names: dict[str, Text] = Field(default_factory=dict)
    """Names in other languages, by ISO 639-1 code: ``{ru: …, zh: …}``."""
    type: RecordType
    mode: str | None = None
    """rail, road, multimodal, oil_pipeline, gas_pipeline, …"""
    status: Status
    """GEM status word: proposed, construction, operating, shelved, cancelled, …"""
    countries: list[CountryCode] = Field(default_factory=list)
    """ISO 3166-1 alpha-2 codes of the countries involved."""
    parties: list[Party] = Field(default_factory=list)
    location: LocationIn | None = None
    """A point: place name, coordinates, or "near X on the RU side"."""
    route: Route | None = None
    """A line: GEM routes and/or ordered waypoints."""
    crosses: Text | None = None
    """The river a bridge crosses, as Natural Earth names it (e.g. ``Amur``); a line
    that does not cross it is a build warning."""
    capacities: list[Capacity] = Field(default_factory=list)
    investment: Investment | None = None
    """The investment: the one claim given, or the ``preferred`` one of ``investments``."""
    investments: list[Investment] = Field(default_factory=list)
    """Several claims about the project's cost (original currency, constant USD …);
    with more than one, mark the one the layers use ``preferred: true``."""
    length_km: Annotated[Number, Field(gt=0, le=EARTH_EQUATOR_KM)] | None = None
    """Length in km as a source states it (with ``length_source``), at most the Earth's
    equator (40,075 km); the drawn length is the layers' ``length_geodesic_km``."""
    length_source: Ref | None = None
    length_kind: LengthKind | None = None
    """How the source got ``length_km``: ``known``, ``estimated`` or ``merged``."""
    segments: list[Segment] = Field(default_factory=list)
    """Stretches with their own status and length, in route order."""
    dates: Dates = Field(default_factory=Dates)
    summary: str | None = None
    sources: list[Source] = Field(default_factory=list)
    """Sources cited only by this record (shared ones live in ``sources.yaml``)."""

    @field_validator("names")
    @classmethod
    def _lang_codes(cls, v: dict[str, str]) -> dict[str, str]:
        for code in v:
            if not re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z0-9]+)*", str(code)):
                raise ValueError(
                    f"language key {code!r} must be an ISO 639 code such as 'ru', 'zh', 'zh-Hant'"
                )
        return v

    @model_validator(mode="before")
    @classmethod
    def _one_investment_form(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("investment") and data.get("investments"):
            if data["investment"] in data["investments"]:
                return {k: v for k, v in data.items() if k != "investment"}  # a dump of ours
            raise _At(
                "investment",
                "give investment: (one claim) or investments: (several, one preferred), "
                "not both: move this claim into investments",
            )
        if isinstance(data, dict) and isinstance(data.get("schema_version"), int):
            version = data["schema_version"]
            if version > SCHEMA_VERSION:
                raise _At(
                    "schema_version",
                    f"schema_version {version} is newer than this geo reads "
                    f"({SCHEMA_VERSION}): upgrade geo",
                )
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Record:
        if self.location is not None and self.route is not None:
            raise ValueError("give a location (a point) or a route (a line), not both")
        if self.location is not None and self.location.source is None:
            raise _At(
                ("location", "source"),
                "the location cites no source: add source: '<source id>#p<n>'",
            )
        if self.crosses is not None:
            why = river_name_problem(self.crosses)
            if why:
                raise _At("crosses", why)
            if self.route is None:
                raise _At("crosses", "crosses: names the river a route crosses: give a route")
        if self.length_km is not None and self.length_source is None:
            raise _At(
                "length_source", "length_km cites no source: add length_source: '<source id>'"
            )
        if self.length_kind is not None and self.length_km is None:
            raise _At("length_kind", "length_kind says how length_km was got: give length_km")
        self._check_shares()
        self._check_investments()
        seen: set[str] = set()
        for i, s in enumerate(self.sources):
            if s.id in seen:
                raise _At(("sources", i, "id"), f"source id {s.id!r} appears twice: rename one")
            seen.add(s.id)
        for i, c in enumerate(self.countries):
            if c in self.countries[:i]:
                raise _At(("countries", i), f"country {c!r} is listed twice")
        self._check_claims()
        return self

    def _check_shares(self) -> None:
        totals: dict[str, float] = {}
        for i, p in enumerate(self.parties):
            if p.share_pct is None:
                continue
            totals[p.role] = totals.get(p.role, 0.0) + p.share_pct
            if totals[p.role] > 100.0 + 1e-6:
                raise _At(
                    ("parties", i, "share_pct"),
                    f"the shares of role {p.role!r} add up to {totals[p.role]:g} %, above "
                    "100 %: check each share (a share held through a parent belongs to "
                    "another role, e.g. parent)",
                )

    def _check_investments(self) -> None:
        claims = self.investments
        if not claims:
            return
        preferred = [i for i, c in enumerate(claims) if c.preferred]
        if len(preferred) > 1:
            raise _At(
                ("investments", preferred[1], "preferred"),
                f"investments {', '.join(map(str, preferred))} are all preferred: mark only "
                "the one the layers should use",
            )
        if len(claims) > 1 and not preferred:
            raise _At(
                ("investments", 0, "preferred"),
                f"{len(claims)} investment claims and none is preferred: mark the one the "
                "layers should use with preferred: true (the others are kept)",
            )
        # the layers read one investment: the preferred claim (frozen model: set once here)
        object.__setattr__(self, "investment", claims[preferred[0] if preferred else 0])

    def _check_claims(self) -> None:
        self._check_field_keys()
        for key, idx in self._groups().items():
            caps = [self.capacities[i] for i in idx]
            preferred = [i for i in idx if self.capacities[i].preferred]
            if len(preferred) > 1:
                raise _At(
                    ("capacities", preferred[1], "preferred"),
                    f"capacities {', '.join(map(str, preferred))} (key {key!r}) are all "
                    "preferred: mark only the one the layers should use",
                )
            reason = next(
                (r for a in caps for b in caps if a is not b and (r := disagreement(a, b))), None
            )
            if reason and not preferred:
                raise _At(
                    ("capacities", idx[0], "preferred"),
                    f"capacities {', '.join(map(str, idx))} (key {key!r}) disagree: {reason}. "
                    "Keep every claim and mark the one the layers should use with "
                    "preferred: true",
                )

    def _check_field_keys(self) -> None:
        # The layers name a field after the key with '-' read as '_' (capacity_tank_farm_…):
        # two spellings would write one field and one figure would silently disappear.
        seen: dict[str, tuple[str, int]] = {}
        for i, c in enumerate(self.capacities):
            key = c.field_key
            folded = key.replace("-", "_")
            other = seen.setdefault(folded, (key, i))
            if other[0] != key:
                raise _At(
                    ("capacities", i, "key"),
                    f"capacity keys {other[0]!r} (capacities.{other[1]}) and {key!r} "
                    f"(capacities.{i}) of record {self.id!r} would write the same layer "
                    f"field (capacity_{folded}_…): spell them alike if they are claims "
                    "about one quantity, else give one another key",
                )

    def _groups(self) -> dict[str, list[int]]:
        groups: dict[str, list[int]] = {}
        for i, c in enumerate(self.capacities):
            groups.setdefault(c.field_key, []).append(i)
        return groups

    def preferred_capacities(self) -> dict[str, Capacity]:
        """Return the capacity the layers use for each key (preferred, else the only one)."""
        out = {}
        for key, idx in self._groups().items():
            caps = [self.capacities[i] for i in idx]
            out[key] = next((c for c in caps if c.preferred), caps[0])
        return out

    def conflicts(self) -> list[Conflict]:
        """Return each quantity whose sources disagree, with every claim and the preferred one."""
        out = []
        preferred = self.preferred_capacities()
        for key, idx in self._groups().items():
            caps = tuple(self.capacities[i] for i in idx)
            reason = next(
                (r for a in caps for b in caps if a is not b and (r := disagreement(a, b))), None
            )
            if reason:
                out.append(Conflict("capacities", key, caps, preferred[key], reason))
        return out

    def source_refs(self) -> Iterator[tuple[str, str]]:
        """Yield ``(field path, source reference)`` for every cited value."""
        for i, c in enumerate(self.capacities):
            yield f"capacities.{i}.source", c.source
        invs = [(f"investments.{i}", c) for i, c in enumerate(self.investments)]
        for path, inv in invs or ([("investment", self.investment)] if self.investment else []):
            yield f"{path}.source", inv.source
            if inv.stated_usd_source:
                yield f"{path}.stated_usd_source", inv.stated_usd_source
            if inv.usd_rate_source:
                yield f"{path}.usd_rate_source", inv.usd_rate_source
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
        for i, seg in enumerate(self.segments):
            yield f"segments.{i}.source", seg.source


class PlaceMention(_Model):
    """A place a report names, with the role it plays in the story."""

    id: Slug
    name: Text
    query: Text | None = None
    """Name to geocode when it differs from ``name``."""
    country: CountryCode | None = None
    role: Text
    source: Ref


class RecordSet(BaseModel):
    """Every record, place mention and source loaded from a seeds directory."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    records: list[Record]
    places: list[PlaceMention]
    sources: dict[str, Source]
    origin: dict[str, Path] = Field(default_factory=dict, description="id -> file")

    def conflicts(self) -> list[tuple[str, Conflict]]:
        """Return ``(record id, conflict)`` for every flagged disagreement between sources."""
        return [(r.id, c) for r in self.records for c in r.conflicts()]

    def notes(self) -> list[Issue]:
        """Things that are valid but worth a look: investments with no USD value."""
        out = []
        for r in self.records:
            why = r.investment.usd_missing if r.investment else None
            if why:
                path = self.origin.get(r.id)
                out.append(Issue(path, f"no USD value: {why}", record_id=r.id, field="investment"))
        return out


# --------------------------------------------------------------------------- schema


def json_schema(kind: Literal["record", "sources", "places"] = "record") -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a YAML file of records, sources or places.

    Parameters
    ----------
    kind : {"record", "sources", "places"}
        ``record``: a file of ``seeds/records/`` (one record or a list);
        ``sources``: ``seeds/sources.yaml``; ``places``: ``seeds/places.yaml``.

    Returns
    -------
    dict
        A JSON Schema editors use to check the YAML as it is typed
        (e.g. with ``# yaml-language-server: $schema=record.schema.json``).
    """
    model = {"record": Record, "sources": Source, "places": PlaceMention}[kind]
    schema = TypeAdapter(model | list[model]).json_schema(mode="validation")  # type: ignore[valid-type]
    title = {"record": "geo project record", "sources": "geo sources", "places": "geo places"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title[kind],
        "description": f"One {kind[:-1] if kind != 'record' else 'record'} or a list of them.",
        **schema,
    }
