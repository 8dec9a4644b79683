"""Cited quantities of a record: capacities (in units), investments (in money), conflicts.

A capacity keeps its value and unit as the source writes them and derives the value in
the project base unit (:func:`geo.units.normalise_quantity`); an investment keeps its
amount, currency and as-of date and derives USD by the one USD rule,
:func:`geo.units.to_usd` (see :attr:`Investment.usd`).  Claims of one quantity that
disagree are a :class:`Conflict`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from geo.errors import MoneyError, UnitError
from geo.records._fields import DateLike, Number, PartialDate, Qualifier, Ref, Slug, _At, _Model
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
    unit_label,
)

__all__ = ["Capacity", "Conflict", "Investment", "disagreement"]


class _Cited(_Model):
    source: Ref
    note: str | None = None

    @property
    def source_id(self) -> str:
        """The id part of :attr:`source`."""
        return self.source.split("#", 1)[0]


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
                + f" {unit_label(base.unit_base)} in base units, above the "
                f"{MAX_BASE_VALUE:.0e} {unit_label(base.unit_base)} this project accepts "
                "(world crude output is about 4.5e9 t/yr): check the value and the unit",
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
    also sets the currency.  A record with several claims (``investments:``), e.g. an
    amount in its original currency and the same in constant US dollars, marks the
    one the layers use with ``preferred: true``.
    """

    amount: Annotated[Number, Field(gt=0)]
    """Amount in ``currency`` (5.0e+9), or text with scale and currency."""
    currency: str
    """ISO 4217 code; RMB and yuan are read as CNY."""
    date: dt.date | DateLike
    """As-of date (YYYY-MM-DD) whose ECB reference rate converts the amount to USD; a
    year (``2021``) or month when no ECB rate is needed (USD amounts, or ``usd_rate``)."""
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
    basis: Literal["nominal", "constant"] | None = None
    """``nominal``: money of the day; ``constant``: deflated to the prices of
    ``price_year`` (AidData's "Constant USD 2021")."""
    price_year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    """The year whose prices a ``constant`` amount is in."""
    preferred: bool = False
    """Mark the claim the layers use when a record gives several (``investments:``)."""

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

    @field_validator("date", mode="before", json_schema_input_type=dt.date | str | int)
    @classmethod
    def _day(cls, v: Any) -> Any:
        if isinstance(v, int | str) and re.fullmatch(r"\d{4}(-\d{2})?", str(v).strip()):
            # a year or month: allowed when no ECB rate is needed (checked below)
            return PartialDate(str(v).strip())
        if isinstance(v, dt.date):
            return v
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
        if isinstance(self.date, str) and self.currency != "USD" and self.usd_rate is None:
            raise _At(
                "date",
                f"as-of date {str(self.date)!r} must be a day (YYYY-MM-DD): the USD value "
                "uses that day's ECB rate; if only the month is known, give its first day "
                "(or give usd_rate with usd_rate_source)",
            )
        if (self.basis == "constant") != (self.price_year is not None):
            raise _At(
                "price_year",
                "a constant-price amount names the year of its prices: give basis: "
                "constant with price_year (e.g. 2021), or neither",
            )
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

        This is the one USD rule of ``geo``: the layers and maps take an investment's
        USD value from here.  It is ``amount * usd_rate`` when :attr:`usd_rate` is
        given, else ``float(amount) * rate`` with the ECB reference rate of
        :attr:`date` or the nearest earlier business day (:func:`geo.units.to_usd`).
        ``None`` when the ECB published no rate then, e.g. RUB after 2022-03-01 (see
        :attr:`usd_missing`).

        Cheap to call for every record: the rate of each (currency, date) is looked
        up once per process (:func:`geo.units.usd_rate` is cached, misses included),
        so a further call costs one multiplication.
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
            f"{c.value:g} {unit_label(c.unit)} {c.commodity} ({c.source})"
            + (" [preferred]" if c is self.preferred else "")
            for c in self.claims
        ]
        return f"{self.field}[{self.key}]: {' vs '.join(parts)}: {self.reason}"


def disagreement(a: Capacity, b: Capacity) -> str | None:
    """Return how two claims about one quantity differ, or ``None`` when they agree."""
    if a.commodity != b.commodity:
        return f"commodity differs ({a.commodity} vs {b.commodity})"
    na, nb = a.normalised, b.normalised
    if na.suffix == nb.suffix:
        if abs(na.value_base - nb.value_base) > 1e-9 * max(abs(na.value_base), 1.0):
            return (
                f"value differs ({na.value_base:g} vs {nb.value_base:g} {unit_label(na.unit_base)})"
            )
        return None
    try:
        conv = a.convert(b.unit)
    except UnitError:
        return f"units measure different quantities ({unit_label(a.unit)} vs {unit_label(b.unit)})"
    if abs(conv.value - b.value) > 0.02 * max(abs(b.value), 1e-12):
        return (
            f"value differs ({conv.value:g} vs {b.value:g} {unit_label(b.unit)}, via {conv.factor})"
        )
    return None
