"""The field contract of the layers: names, types, and the one row of a record.

Every layer has a fixed schema (:data:`SCHEMAS`, plus one ``capacity_<key>_<unit>``
field per capacity key found), so every feature has the same fields and the fields
stay the same across builds.  A record hands over its row in one call,
:func:`record_row`, which reads only the record's public attributes: a new field of a
record layer goes into :data:`SCHEMAS` and into :func:`record_row`, nowhere else.

Field types: ``"str"`` (String), ``"int"`` (Integer64), ``"float"`` (Real), ``"bool"``
(Boolean), ``"date"`` (Date: an ISO ``YYYY-MM-DD`` text in memory and in GeoJSON, a
Date in the GeoPackage and GeoParquet).

Dates: a record's milestones may be partial (``2007``, ``2025-12``).  Each is written
as the first day of its period (``2007-01-01``, ``2025-12-01``) with
``<field>_precision`` ``year``, ``month`` or ``day`` (:func:`date_field`), so the field
is a Date in every format and a filter on it still knows what was stated.
``investment_date`` and ``investment_usd_rate_date`` are always whole days (the record
schema and the ECB rates give days), so they carry no ``_precision`` field.
"""

from __future__ import annotations

import json

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from geo.errors import LayerError
from geo.layers._locate import Located
from geo.records import Investment, Record, RecordSet

__all__ = [
    "DATE_PRECISIONS",
    "DEFAULT_UNCERTAINTY_KM",
    "LAYER_NAMES",
    "MILESTONES",
    "SCHEMAS",
    "Citations",
    "check_field_name",
    "date_field",
    "date_fields",
    "location_fields",
    "record_row",
]

#: Layer names in the order they are written and drawn.
LAYER_NAMES: tuple[str, ...] = ("facilities", "corridors", "crossings", "places", "regions")

# Field types: "str" (String), "int" (Integer64), "float" (Real), "bool" (Boolean).
_RECORD_FIELDS: tuple[tuple[str, str], ...] = (
    ("id", "str"),
    ("name", "str"),
    ("name_ru", "str"),
    ("name_zh", "str"),
    ("type", "str"),
    ("mode", "str"),
    ("status", "str"),
    ("countries", "str"),
    ("parties", "str"),
    ("precision", "int"),
    ("uncertainty_km", "float"),
    ("location_method", "str"),
    ("location_source", "str"),
    ("gazetteer_id", "str"),
    ("investment_amount", "float"),
    ("investment_currency", "str"),
    ("investment_date", "date"),
    ("investment_usd", "float"),
    ("investment_usd_rate", "float"),
    ("investment_usd_rate_date", "date"),
    ("investment_stated_usd", "float"),
    *(
        (n, t)
        for m in ("announced", "signed", "construction_start", "opening")
        for n, t in ((f"date_{m}", "date"), (f"date_{m}_precision", "str"))
    ),
    ("summary", "str"),
)

#: The record's milestones (:class:`geo.records.Dates` attributes), in field order.
MILESTONES: tuple[str, ...] = ("announced", "signed", "construction_start", "opening")

_TAIL_FIELDS: tuple[tuple[str, str], ...] = (
    ("capacity_conflict", "bool"),
    ("other_capacity_claims", "str"),
    ("sources", "str"),
    ("source_urls", "str"),
)

#: Fixed fields of each layer, in order, with their type; capacity fields
#: (``capacity_<key>_<unit>``, Real) go before the tail of facilities and corridors.
SCHEMAS: dict[str, tuple[tuple[str, str], ...]] = {
    "facilities": _RECORD_FIELDS + _TAIL_FIELDS,
    "corridors": (
        *_RECORD_FIELDS,
        ("route_accuracy", "str"),
        ("length_km", "float"),
        ("length_source", "str"),
        ("length_geodesic_km", "float"),
        ("countries_passed", "str"),
        ("border_crossings", "int"),
        ("geometry_source", "str"),
        ("gem_ids", "str"),
        ("attribution", "str"),
        ("geometry_warnings", "str"),
        *_TAIL_FIELDS,
    ),
    "crossings": (
        ("id", "str"),
        ("name", "str"),
        ("corridor_id", "str"),
        ("type", "str"),
        ("mode", "str"),
        ("status", "str"),
        ("from_country", "str"),
        ("to_country", "str"),
        ("kind", "str"),
        ("snap_km", "float"),
        ("km_from_start", "float"),
        ("precision", "int"),
        ("uncertainty_km", "float"),
        ("location_source", "str"),
        ("sources", "str"),
    ),
    "places": (
        ("id", "str"),
        ("name", "str"),
        ("role", "str"),
        ("gazetteer_name", "str"),
        ("gazetteer_id", "str"),
        ("feature_code", "str"),
        ("country_code", "str"),
        ("admin1", "str"),
        ("precision", "int"),
        ("uncertainty_km", "float"),
        ("location_source", "str"),
        ("score", "float"),
        ("sources", "str"),
        ("source_urls", "str"),
    ),
    "regions": (
        ("id", "str"),
        ("name", "str"),
        ("area_kind", "str"),
        ("feature_code", "str"),
        ("country_code", "str"),
        ("precision", "int"),
        ("uncertainty_km", "float"),
        ("location_source", "str"),
        ("sources", "str"),
    ),
}

#: Radius (km) given to features of IATI precision >= 3 whose source states none:
#: 3 ADM2 or within 25 km, 4 ADM1, 5 estimated, 6 country, 7-8 vaguer.
DEFAULT_UNCERTAINTY_KM: dict[int, float] = {
    3: 50.0,
    4: 300.0,
    5: 300.0,
    6: 1000.0,
    7: 1000.0,
    8: 1000.0,
}

_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def check_field_name(name: str) -> str:
    """Return ``name`` if QGIS, GeoPackage, PostgreSQL and shapefile tools accept it.

    Accepted: ASCII lower case letters, digits and ``_``, starting with a letter, at
    most 63 characters.  (Shapefiles keep only 10 characters; GDAL shortens longer
    names itself when exporting, so they are accepted here.)

    Raises
    ------
    LayerError
        Quoting the name and the rule.
    """
    if not _FIELD_NAME.match(name):
        raise LayerError(
            f"field name {name!r} is not usable in QGIS/GeoPackage/shapefiles: use ASCII "
            "lower case letters, digits and '_', starting with a letter, at most 63 characters"
        )
    return name


#: Values of a ``<field>_precision`` field, coarsest first.
DATE_PRECISIONS: tuple[str, ...] = ("year", "month", "day")


@functools.lru_cache(maxsize=4096)
def date_field(value: str | dt.date | None) -> tuple[str | None, str | None]:
    """A possibly partial ISO date as (first day of its period, precision).

    Parameters
    ----------
    value : str or datetime.date or None
        ``"2007"``, ``"2025-12"``, ``"2025-12-02"`` (a
        :class:`geo.records.PartialDate`) or a :class:`datetime.date`.

    Returns
    -------
    (str or None, str or None)
        ``("2007-01-01", "year")``, ``("2025-12-01", "month")``,
        ``("2025-12-02", "day")``; ``(None, None)`` for None.

    Raises
    ------
    LayerError
        For a text that is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, quoting it.
    """
    if value is None:
        return None, None
    if isinstance(value, dt.date):
        return value.isoformat()[:10], "day"
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", str(value).strip())
    if m is None:
        raise LayerError(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD (ISO 8601)")
    precision = DATE_PRECISIONS[(m[2] is not None) + (m[3] is not None)]
    return f"{m[1]}-{m[2] or '01'}-{m[3] or '01'}", precision


def date_fields(layer: str) -> tuple[str, ...]:
    """The Date fields (type ``"date"``) of ``layer``'s schema, in order."""
    return tuple(n for n, t in SCHEMAS.get(layer, ()) if t == "date")


def _field_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _uncertainty(precision: int | None, unc: float | None) -> float | None:
    if unc is None and precision is not None and precision >= 3:
        return DEFAULT_UNCERTAINTY_KM.get(precision)
    return unc


#: Fields holding a list of texts: a JSON array in GeoJSON (QGIS reads a string list),
#: a JSON array string in the GeoPackage and the other formats, so a value cannot be
#: split into items other than those written.
LIST_FIELDS: tuple[str, ...] = ("source_urls",)


def json_list(values: Iterable[str]) -> str | None:
    """``values`` as a JSON array string (the stored form of :data:`LIST_FIELDS`)."""
    values = list(values)
    return json.dumps(values, ensure_ascii=False) if values else None


def _join(values: Iterable[str]) -> str | None:
    values = list(values)
    return "; ".join(values) if values else None


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _citation(ref: str, recset: RecordSet, record: Record | None) -> str:
    sid, _, para = ref.partition("#p")
    src = next((s for s in (record.sources if record else []) if s.id == sid), None)
    src = src or recset.sources.get(sid)
    if src is None:
        return ref
    text = src.title + (f" ({src.publisher})" if src.publisher else "")
    if src.date:
        text += f", {_iso(src.date)}"
    if para:
        text += f", ¶{para}"
    return text


def _source_fields(record: Record, recset: RecordSet) -> tuple[str | None, str | None]:
    """(``sources``, ``source_urls``): the record's citations and their URLs."""
    refs = sorted({ref for _, ref in record.source_refs()})
    ids = sorted({r.split("#")[0] for r in refs})
    by_id = {**recset.sources, **{s.id: s for s in record.sources}}
    urls = [by_id[i].url for i in ids if i in by_id and by_id[i].url]
    return _join([_citation(r, recset, record) for r in refs]), json_list(urls)


@functools.lru_cache(maxsize=1024)
def _unit_factor(unit: str) -> tuple[float, str]:
    """(factor to the base unit, field-name suffix) of a capacity unit; pint is slow."""
    from geo.units import normalise_quantity

    one = normalise_quantity(1.0, unit)
    return float(one.value_base), one.suffix


def _capacity_fields(record: Record) -> tuple[dict[str, Any], list[str]]:
    """Preferred capacity per key in base units, and the disagreeing claims as text.

    Uses the record's own conflict rules (:meth:`geo.records.Record.conflicts`), so a
    layer flags exactly what ``geo validate`` lists.
    """
    out: dict[str, Any] = {}
    caps = record.capacities
    if len(caps) == 1:  # one claim: preferred, and nothing to disagree with
        factor, suffix = _unit_factor(caps[0].unit)
        return {_capacity_name(caps[0].field_key, suffix): caps[0].value * factor}, []
    for key, chosen in record.preferred_capacities().items():
        factor, suffix = _unit_factor(chosen.unit)
        out[_capacity_name(key, suffix)] = chosen.value * factor
    claims = []
    for conflict in record.conflicts():
        others = [c for c in conflict.claims if c is not conflict.preferred]
        text = ", ".join(f"{c.value:g} {c.unit} {c.commodity} [{c.source}]" for c in others)
        claims.append(f"{conflict.key}: also {text}")
    return out, claims


@functools.lru_cache(maxsize=4096)
def _capacity_name(key: str, suffix: str) -> str:
    return check_field_name(f"capacity_{_field_key(key)}_{suffix}")


_REC_NAMES = tuple(n for n, _ in _RECORD_FIELDS)
_TAIL_NAMES = tuple(n for n, _ in _TAIL_FIELDS)
_ROUTE_NAMES = ("route_accuracy", "length_km", "length_source", "length_geodesic_km",
                "countries_passed", "border_crossings", "geometry_source", "gem_ids",
                "attribution", "geometry_warnings")  # fmt: skip
_NO_INVESTMENT = (None,) * 7
#: Position of each field in a row of :func:`record_row`.
_ROW_AT = {name: i for i, name in enumerate(_REC_NAMES + _TAIL_NAMES)}


def _refs_key(record: Record) -> tuple[Any, ...]:
    """The source references of ``record`` (what :func:`_source_fields` depends on).

    A facility with given coordinates only (the bulk of large sets) is keyed by the
    references :meth:`~geo.records.Record.source_refs` yields for it, in its order,
    without building the field paths; any other record by those of ``source_refs()``.
    """
    if (
        record.route is None
        and not record.parties
        and record.length_source is None
        and record.dates.source is None
    ):
        inv = record.investment
        loc = record.location
        key = [c.source for c in record.capacities]
        if inv:
            key.append(inv.source)
            if inv.stated_usd_source:
                key.append(inv.stated_usd_source)
            if inv.usd_rate_source:
                key.append(inv.usd_rate_source)
        if loc and loc.source:
            key.append(loc.source)
        return tuple(key)
    return tuple(ref for _, ref in record.source_refs())


class Citations:
    """The ``sources`` and ``source_urls`` texts of records, cached per set of references.

    Most records cite only shared sources, in a few combinations: their citation text
    is built once per combination (:func:`_refs_key`), not once per record.

    Parameters
    ----------
    recset : RecordSet
        The records' set, whose shared sources the citations name.
    """

    def __init__(self, recset: RecordSet) -> None:
        self.recset = recset
        self._cache: dict[tuple[Any, ...], tuple[str | None, str | None]] = {}

    def of(self, record: Record) -> tuple[str | None, str | None]:
        """(``sources``, ``source_urls``) of ``record``: citations and their URLs, or None."""
        if record.sources:  # record-level sources may shadow shared ones
            return _source_fields(record, self.recset)
        key = _refs_key(record)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = _source_fields(record, self.recset)
        return hit


def _investment_values(inv: Investment) -> tuple[Any, ...]:
    """The ``investment_*`` fields, in order; USD by the one rule, :attr:`Investment.usd`."""
    usd = inv.usd
    return (
        inv.amount,
        inv.currency,
        date_field(inv.date)[0],
        round(usd.usd, 2) if usd else None,
        usd.rate if usd else None,
        date_field(usd.rate_date)[0] if usd else None,
        inv.stated_usd,
    )


_NO_DATES = (None,) * (2 * len(MILESTONES))


def _milestone_values(dates: Any) -> tuple[Any, ...]:
    """``date_<m>``, ``date_<m>_precision`` for each of :data:`MILESTONES`, in order."""
    if dates is None:
        return _NO_DATES
    values = [getattr(dates, m, None) for m in MILESTONES]
    if not any(values):
        return _NO_DATES
    return tuple(x for v in values for x in date_field(v))


def record_row(
    record: Record, location: Sequence[Any], *, citations: Citations
) -> tuple[tuple[Any, ...], dict[str, float]]:
    """The row of ``record`` in its layer (facilities or corridors), through the contract.

    Parameters
    ----------
    record : Record
        A validated record; only its public attributes are read.
    location : sequence
        ``(precision, uncertainty_km, location_method, location_source,
        gazetteer_id)`` of where it was placed (:func:`location_fields`).
    citations : Citations, keyword-only
        The cache of citation texts of ``record``'s set.

    Returns
    -------
    row : tuple
        The values of the record fields then the tail fields of :data:`SCHEMAS`, in
        order (the route fields of corridors are not in it); USD values are
        :attr:`geo.records.Investment.usd` rounded to cents.
    capacities : dict of str to float
        ``capacity_<key>_<unit>`` → the preferred claim in base units (Real fields).
    """
    if record.capacities:
        caps, claims = _capacity_fields(record)
    else:
        caps, claims = {}, []
    parties = record.parties
    inv = record.investment
    row = (
        record.id,
        record.name,
        record.names.get("ru"),
        record.names.get("zh"),
        str(record.type),  # StrEnum: its value
        record.mode,
        str(record.status),
        ",".join(record.countries) or None,
        _join([f"{p.name} ({p.country or '?'}, {p.role})" for p in parties]) if parties else None,
        *location,
        *(_investment_values(inv) if inv is not None else _NO_INVESTMENT),
        *_milestone_values(record.dates),
        record.summary,
        bool(claims),
        _join(claims) if claims else None,
        *citations.of(record),
    )
    return row, caps


def location_fields(located: Sequence[Located]) -> tuple[Any, ...]:
    """``(precision, uncertainty_km, location_method, location_source, gazetteer_id)``.

    Parameters
    ----------
    located : sequence of Located
        The point of a facility, or the waypoints of a route.

    Returns
    -------
    tuple
        The coarsest precision, the largest radius (km; the default of that precision
        when none is stated), and the methods, sources and gazetteer ids joined.
    """
    precisions = [p.precision for p in located]
    uncs = [p.uncertainty_km for p in located if p.uncertainty_km is not None]
    precision = max(precisions) if precisions else None
    return (
        precision,
        _uncertainty(precision, max(uncs) if uncs else None),
        ",".join(sorted({p.method for p in located})) or None,
        _join(sorted({p.source for p in located if p.source})),
        _join(sorted({p.gazetteer_id for p in located if p.gazetteer_id})),
    )
