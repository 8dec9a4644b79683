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

The field types and vocabularies are in :mod:`._fields`; the checks that turn a
validation error into an :class:`~geo.errors.Issue` are in :mod:`._issues`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
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

from geo.errors import Issue, MoneyError, UnitError
from geo.records._fields import (
    EARTH_EQUATOR_KM,
    CountryCode,
    DateLike,
    Number,
    Qualifier,
    RecordType,
    Ref,
    RouteAccuracy,
    Slug,
    Status,
    Text,
    _At,
    _Model,
)
from geo.units import (
    MAX_BASE_VALUE,
    MAX_USD,
    Conversion,
    Normalised,
    UsdValue,
    convert,
    normalise_currency,
    normalise_quantity,
    parse_money,
    to_usd,
)

__all__ = [
    "Capacity",
    "Conflict",
    "Dates",
    "Investment",
    "Location",
    "LocationIn",
    "Party",
    "PlaceMention",
    "Record",
    "RecordSet",
    "Route",
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
        if v is not None and not re.match(r"^https?://", v, re.IGNORECASE):
            raise ValueError(f"url {v!r} must start with http:// or https://")
        return v

    @model_validator(mode="after")
    def _findable(self) -> Source:
        if not self.url and not self.file:
            raise ValueError("give url: (http/https) or file: so a reader can find the source")
        return self


class _Cited(_Model):
    source: Ref
    note: str | None = None

    @property
    def source_id(self) -> str:
        """The id part of :attr:`source`."""
        return self.source.split("#", 1)[0]


class Party(_Model):
    """An organisation involved in a project, with its role (developer, operator …)."""

    name: Text
    country: CountryCode | None = None
    role: Text
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
    """An ordered line of waypoints, with its accuracy in GEM's words."""

    accuracy: RouteAccuracy
    """How well the line follows the real route: high, medium, low or very low."""
    waypoints: Annotated[list[LocationIn], Field(min_length=2)]
    """Ordered waypoints, each a place name or coordinates."""
    source: Ref | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _cited(self) -> Route:
        if self.source is None:
            for i, w in enumerate(self.waypoints):
                if w.source is None:
                    raise _At(
                        ("waypoints", i, "source"),
                        "this waypoint cites no source: add source: '<source id>#p<n>' "
                        "to the route (for all waypoints) or to the waypoint",
                    )
        return self


class Capacity(_Cited):
    """A capacity as a source states it, plus its value in the project base unit.

    ``key`` names the quantity being measured (defaults to ``commodity``); several
    capacities of one record with the same key are claims about one quantity.  When
    they disagree (different commodity, unit or value) exactly one must be marked
    ``preferred: true``: that one goes to the layers, with a conflict flag.
    """

    commodity: Slug
    """What is handled, e.g. ``crude_oil``, ``lng``, ``containers``, ``freight``."""
    value: Number
    """The figure as the source gives it (a number; wording goes in ``as_written``)."""
    unit: str
    """Unit as written: ``Mt/yr``, ``million tonnes per year``, ``bcm/yr``, ``TEU/yr`` …"""
    qualifier: Qualifier | None = None
    """``about``, ``up_to``, ``at_least`` … when the source hedges the figure."""
    period: str | None = None
    """What the figure covers when not a plain rate: ``design``, ``2023``, ``phase 1``."""
    key: Slug | None = None
    """Quantity measured, when several commodities are claims about one thing."""
    preferred: bool = False
    """Mark the claim the layers use when sources disagree."""
    as_written: str | None = None
    """The source's own wording of the figure."""

    @field_validator("value")
    @classmethod
    def _non_negative(cls, v: float) -> float:
        if v < 0:
            raise ValueError(
                f"capacity {v} is negative: capacities are sizes (>= 0); check the sign"
            )
        return v

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, v: str) -> str:
        try:
            normalise_quantity(1.0, v)
        except UnitError as exc:
            raise ValueError(str(exc)) from None
        return v

    @model_validator(mode="after")
    def _sane_size(self) -> Capacity:
        base = self.normalised
        if not math.isfinite(base.value_base) or base.value_base > MAX_BASE_VALUE:
            raise _At(
                "value",
                f"capacity {self.value:g} {self.unit} is "
                + (
                    f"{base.value_base:.3g}"
                    if math.isfinite(base.value_base)
                    else "beyond any finite number of"
                )
                + f" {base.unit_base} in base units, above the {MAX_BASE_VALUE:.0e} "
                f"{base.unit_base} this project accepts (world crude output is about "
                "4.5e9 t/yr): check the value and the unit",
            )
        return self

    @property
    def normalised(self) -> Normalised:
        """The value in its base unit (t/yr, t, m³/yr, TEU/yr, m …), physical only."""
        return normalise_quantity(self.value, self.unit)

    @property
    def field_key(self) -> str:
        """The key this capacity is compared and written under."""
        return self.key or self.commodity

    def convert(self, to: str) -> Conversion:
        """This value in unit ``to``, with a commodity factor where one is defined.

        E.g. an LNG capacity of 0.65 Mt/yr gives 0.884 bcm/yr with the factor
        ``1.36 bcm / Mt`` and its source (see :func:`geo.units.convert`).

        Raises
        ------
        geo.errors.UnitError
            When the units measure different quantities and no factor is defined.
        """
        return convert(self.value, self.unit, to, commodity=self.commodity)


class Investment(_Cited):
    """An investment amount with its currency and as-of date; USD is derived.

    ``amount`` may be written as text (``"5 billion yuan"``, ``"RMB 5bn"``), which
    also sets the currency.
    """

    amount: Annotated[Number, Field(gt=0)]
    """Amount in ``currency`` (5.0e+9), or text with scale and currency."""
    currency: str
    """ISO 4217 code; RMB and yuan are read as CNY."""
    date: dt.date
    """As-of date (YYYY-MM-DD) whose ECB reference rate converts the amount to USD."""
    qualifier: Qualifier | None = None
    """``about``, ``up_to``, ``at_least`` … when the source hedges the amount."""
    as_written: str | None = None
    stated_usd: Annotated[Number, Field(gt=0)] | None = None
    """A USD figure the source itself gives, kept beside the derived one."""
    stated_usd_source: Ref | None = None
    usd_rate: Annotated[Number, Field(gt=0)] | None = None
    """USD per unit of ``currency`` from another publisher, for dates the ECB rates
    do not cover (e.g. RUB after 2022-03-01)."""
    usd_rate_source: Ref | None = None

    @model_validator(mode="before")
    @classmethod
    def _parse_text(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not isinstance(data.get("amount"), str):
            return data
        text = data["amount"]
        try:
            money = parse_money(text)
        except MoneyError as exc:
            raise _At("amount", str(exc)) from None
        out = {**data, "amount": money.amount}
        out.setdefault("as_written", text)
        if money.currency:
            given = data.get("currency")
            if given is None:
                out["currency"] = money.currency
            else:
                try:
                    code = normalise_currency(str(given))
                except MoneyError:
                    code = None
                if code is not None and code != money.currency:
                    raise _At(
                        "currency",
                        f"currency {given!r} disagrees with amount {text!r} "
                        f"({money.currency}): keep one",
                    )
        return out

    @field_validator("amount", mode="before", json_schema_input_type=float | str)
    @classmethod
    def _amount_text_in_schema(cls, v: Any) -> Any:
        # Text amounts are parsed by _parse_text; this only tells the JSON Schema.
        return v

    @field_validator("date", mode="before")
    @classmethod
    def _day(cls, v: Any) -> Any:
        if isinstance(v, int | str) and re.fullmatch(r"\d{4}(-\d{2})?", str(v).strip()):
            raise ValueError(
                f"as-of date {v!r} must be a day (YYYY-MM-DD): the USD value uses that "
                "day's ECB rate; if only the month is known, give its first day"
            )
        if isinstance(v, str):
            m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", v.strip())
            if m:
                try:
                    return dt.date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    raise ValueError(f"date {v!r} does not exist: check month and day") from None
        return v

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, v: str) -> str:
        try:
            return normalise_currency(v)
        except MoneyError as exc:
            raise ValueError(str(exc)) from None

    @model_validator(mode="after")
    def _convertible(self) -> Investment:
        if self.stated_usd is not None and self.stated_usd_source is None:
            raise _At(
                "stated_usd_source",
                "stated_usd cites no source: add stated_usd_source: '<source id>#p<n>'",
            )
        if self.usd_rate is not None and self.usd_rate_source is None:
            raise _At(
                "usd_rate_source",
                "usd_rate cites no source: add usd_rate_source: '<source id>' (e.g. the "
                "central bank whose rate you used)",
            )
        usd = self.usd
        if usd is not None and not (usd.usd <= MAX_USD):
            raise _At(
                "amount",
                f"amount {self.amount:g} {self.currency} is USD {usd.usd:.3g}, above the "
                f"USD {MAX_USD:.0e} (ten trillion) this project accepts for one project: "
                "check the figure and its scale (million, billion)",
            )
        if self.stated_usd is not None and self.stated_usd > MAX_USD:
            raise _At(
                "stated_usd",
                f"stated_usd {self.stated_usd:g} is above the USD {MAX_USD:.0e} (ten "
                "trillion) this project accepts for one project: check the figure",
            )
        return self

    @property
    def usd(self) -> UsdValue | None:
        """USD value of the amount, or ``None`` when no rate is known.

        Uses :attr:`usd_rate` when given, else the ECB reference rate of :attr:`date`
        or the nearest earlier business day (see :func:`geo.units.to_usd`).  ``None``
        when the ECB published no rate then, e.g. RUB after 2022-03-01 (see
        :attr:`usd_missing`).
        """
        if self.usd_rate is not None:
            return UsdValue(
                usd=self.amount * self.usd_rate,
                rate=self.usd_rate,
                rate_date=self.date,
                source=self.usd_rate_source or "",
            )
        try:
            return to_usd(self.amount, self.currency, self.date)
        except MoneyError:
            return None

    @property
    def usd_missing(self) -> str | None:
        """Why :attr:`usd` is ``None`` and how to supply a rate, or ``None`` if it is not."""
        if self.usd_rate is not None:
            return None
        try:
            to_usd(self.amount, self.currency, self.date)
        except MoneyError as exc:
            return (
                f"{exc}; or give usd_rate (USD per {self.currency}) with usd_rate_source "
                "from another publisher"
            )
        return None


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


@dataclass(frozen=True)
class Conflict:
    """Sources that disagree about one quantity of a record.

    Attributes
    ----------
    field : str
        ``"capacities"``.
    key : str
        The quantity (:attr:`Capacity.field_key`).
    claims : tuple of Capacity
        Every claim, in file order.
    preferred : Capacity
        The claim the layers use.
    reason : str
        How the claims differ (commodity, unit dimension or value).
    """

    field: str
    key: str
    claims: tuple[Capacity, ...]
    preferred: Capacity
    reason: str

    def __str__(self) -> str:
        parts = [
            f"{c.value:g} {c.unit} {c.commodity} ({c.source})"
            + (" [preferred]" if c is self.preferred else "")
            for c in self.claims
        ]
        return f"{self.field}[{self.key}]: {' vs '.join(parts)}: {self.reason}"


def _disagree(a: Capacity, b: Capacity) -> str | None:
    """Return how two claims about one quantity differ, or ``None`` when they agree."""
    if a.commodity != b.commodity:
        return f"commodity differs ({a.commodity} vs {b.commodity})"
    na, nb = a.normalised, b.normalised
    if na.suffix == nb.suffix:
        if abs(na.value_base - nb.value_base) > 1e-9 * max(abs(na.value_base), 1.0):
            return f"value differs ({na.value_base:g} vs {nb.value_base:g} {na.unit_base})"
        return None
    try:
        conv = a.convert(b.unit)
    except UnitError:
        return f"units measure different quantities ({a.unit} vs {b.unit})"
    if abs(conv.value - b.value) > 0.02 * max(abs(b.value), 1e-12):
        return f"value differs ({conv.value:g} vs {b.value:g} {b.unit}, via {conv.factor})"
    return None


class Record(_Model):
    """One infrastructure project, with the source of every claim."""

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
    """A line: ordered waypoints."""
    capacities: list[Capacity] = Field(default_factory=list)
    investment: Investment | None = None
    length_km: Annotated[Number, Field(gt=0, le=EARTH_EQUATOR_KM)] | None = None
    """Length in km, at most the Earth's equator (40,075 km)."""
    length_source: Ref | None = None
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

    @model_validator(mode="after")
    def _consistent(self) -> Record:
        if self.location is not None and self.route is not None:
            raise ValueError("give a location (a point) or a route (a line), not both")
        if self.location is not None and self.location.source is None:
            raise _At(
                ("location", "source"),
                "the location cites no source: add source: '<source id>#p<n>'",
            )
        if self.length_km is not None and self.length_source is None:
            raise _At(
                "length_source", "length_km cites no source: add length_source: '<source id>'"
            )
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

    def _check_claims(self) -> None:
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
                (r for a in caps for b in caps if a is not b and (r := _disagree(a, b))), None
            )
            if reason and not preferred:
                raise _At(
                    ("capacities", idx[0], "preferred"),
                    f"capacities {', '.join(map(str, idx))} (key {key!r}) disagree: {reason}. "
                    "Keep every claim and mark the one the layers should use with "
                    "preferred: true",
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
                (r for a in caps for b in caps if a is not b and (r := _disagree(a, b))), None
            )
            if reason:
                out.append(Conflict("capacities", key, caps, preferred[key], reason))
        return out

    def source_refs(self) -> Iterator[tuple[str, str]]:
        """Yield ``(field path, source reference)`` for every cited value."""
        for i, c in enumerate(self.capacities):
            yield f"capacities.{i}.source", c.source
        if self.investment:
            yield "investment.source", self.investment.source
            if self.investment.stated_usd_source:
                yield "investment.stated_usd_source", self.investment.stated_usd_source
            if self.investment.usd_rate_source:
                yield "investment.usd_rate_source", self.investment.usd_rate_source
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
