"""Field types and vocabularies of the record schema: what one value of a record may be.

Country codes, numbers (text, booleans, nan and infinity refused with a hint), partial
dates, slugs, source references, the status and type vocabularies, and the base model
every record model derives from.  The models themselves are in :mod:`._model`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from geo._codes import COUNTRY, SLUG, country_problem
from geo.units import yaml_number

#: Length of the Earth's equator in km (WGS 84): the longest length a record may give.
EARTH_EQUATOR_KM = 40_075.017
_SOURCE_REF = re.compile(r"^(?P<id>[a-z0-9]+(?:[-_][a-z0-9]+)*)(?:#p(?P<paragraph>[1-9]\d*))?$")


# ------------------------------------------------------------------ error plumbing


class _At(ValueError):  # noqa: N818 (private carrier of a sub-field path)
    """A validation error that belongs to a sub-field of the model raising it."""

    def __init__(self, path: str | Sequence[str | int], message: str) -> None:
        super().__init__(message)
        self.path = tuple(path.split(".")) if isinstance(path, str) else tuple(path)


# ------------------------------------------------------------------ value types


def _country(v: Any) -> Any:
    if not isinstance(v, str) and v is not False:
        return v  # pydantic's own type error names the field
    code = v.strip().upper() if isinstance(v, str) else v
    if isinstance(code, str) and not re.fullmatch(r"[A-Z]{2}", code):
        return code  # the pattern below reports it
    problem = country_problem(v)
    if problem:
        raise ValueError(problem)
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
                f"{v!r} is text, not a number: write {yaml_number(x)} without quotes "
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


# ------------------------------------------------------------------ reference names

#: A Global Energy Monitor ProjectID as written in its trackers, e.g. ``P2352``.
GEM_ID = r"^P\d{4,5}$"
GemId = Annotated[
    str,
    Field(
        pattern=GEM_ID,
        description="Global Energy Monitor ProjectID, e.g. 'P2352' (see geo.reference.gem_routes).",
    ),
]


@lru_cache(maxsize=256)
def gem_id_problem(pid: str) -> str | None:
    """Why ``pid`` is not a shipped GEM route (quoting it and how to find ids), or None."""
    from geo.errors import GeoError
    from geo.reference import gem_routes

    try:
        gem_routes([pid])
    except GeoError:
        return (
            f"unknown GEM pipeline id {pid!r}: no route with that ProjectID is shipped "
            "(GEM routes with a vertex in lon 60-150 E, lat 30-72 N); find the id with "
            "geo.reference.gem_routes([...]) or in ../shared/data/gem-pipelines/index.json "
            "(ProjectID, fuel, name, bbox of each route)"
        )
    return None


@lru_cache(maxsize=1)
def _river_names() -> dict[str, str]:
    """Lower-case Natural Earth river name (and alternative name) → the name as written."""
    from geo.reference import load_layer

    out: dict[str, str] = {}
    for detail in ("overview", "detail"):
        gdf = load_layer("rivers", detail=detail)
        for col in ("name", "name_alt"):
            if col in gdf.columns:
                for name in gdf[col].dropna():
                    out.setdefault(str(name).casefold(), str(name))
    return out


def river_name_problem(name: str) -> str | None:
    """Why ``name`` is no Natural Earth river (with the closest names), or None."""
    import difflib

    names = _river_names()
    if name.casefold() in names:
        return None
    close = difflib.get_close_matches(name.casefold(), list(names), n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(repr(names[c]) for c in close)}?)" if close else ""
    return (
        f"no river named {name!r} in Natural Earth 1:10m rivers{hint}: write the name as "
        "geo.reference.load_layer('rivers') gives it, e.g. 'Amur', 'Ussuri', 'Tumen'"
    )
