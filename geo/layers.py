"""Layers: located records → GeoDataFrames → RFC 7946 GeoJSON files.

One layer per geometry type and meaning:

``facilities``
    points: logistics hubs, terminals, ports, border crossings …
``corridors``
    lines: bridges, railways, roads, pipelines, named corridors.
``crossings``
    points where a corridor crosses an international border (Natural Earth 1:10m
    admin-0, :mod:`geo.borders`).
``places``
    points: the places a report names, with their role in the story.
``regions``
    polygons of the areas that places and records refer to (countries from Natural
    Earth; provinces and vaguer areas as their uncertainty circle).

Every layer is EPSG:4326 with [lon, lat] coordinates (RFC 7946), 6 decimals, flat
typed properties with units in the field names, and a fixed schema per layer
(:data:`SCHEMAS`, plus one ``capacity_<key>_<unit>`` field per capacity key found),
so every feature has the same fields and the fields stay the same across builds.
Each feature says how precisely it is located (``precision``, IATI code),
where the location came from (``location_source``) and, from precision 3 on,
``uncertainty_km``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import importlib.util
import json
import operator
import re
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from shapely.geometry import LineString, Point

from geo._io import atomic_path, write_text_atomic
from geo.borders import (
    COLLAPSE_KM,
    NEAR_SIDE_INSIDE_KM,
    drop_excursions,
    geodesic_circle,
    geodesic_length_km,
    point_on_side,
    route_borders_many,
    snap_to_border_many,
    split_antimeridian,
)
from geo.errors import Issue, LayerError
from geo.records import Location, PlaceMention, Record, RecordSet

__all__ = [
    "FORMATS",
    "LAYER_NAMES",
    "SCHEMAS",
    "LayerSet",
    "Located",
    "build_layers",
    "check_field_name",
    "geojson_type_notes",
    "write_geojson",
    "write_layers",
]

#: Layer names in the order they are written and drawn.
LAYER_NAMES: tuple[str, ...] = ("facilities", "corridors", "crossings", "places", "regions")

#: Output formats of :func:`write_layers`.
FORMATS: tuple[str, ...] = ("geojson", "gpkg", "parquet", "fgb")

#: The GeoPackage holding every layer and its style.
GPKG_NAME = "atlas.gpkg"

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
    ("investment_date", "str"),
    ("investment_usd", "float"),
    ("investment_usd_rate", "float"),
    ("investment_usd_rate_date", "str"),
    ("investment_stated_usd", "float"),
    ("date_signed", "str"),
    ("date_construction_start", "str"),
    ("date_opening", "str"),
    ("summary", "str"),
)
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
        ("length_geodesic_km", "float"),
        ("countries_passed", "str"),
        ("border_crossings", "int"),
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

#: Radius (km) of a "near X" location that states none: IATI precision 2 means
#: "near, in the area of, or up to 25 km away from" X.
NEAR_UNCERTAINTY_KM = 25.0

_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")

#: GDAL GeoJSON layer creation options for RFC 7946 output with 6 decimals (~10 cm).
RFC7946_OPTIONS: dict[str, str] = {
    "RFC7946": "YES",
    "COORDINATE_PRECISION": "6",
    "WRITE_NAME": "NO",
    "SIGNIFICANT_FIGURES": "15",
    # ids go to the Feature "id" member: OGR (and so QGIS) then types them String,
    # where a property such as "9000-01-01" would be sniffed as a Date.
    "ID_FIELD": "id",
    "ID_TYPE": "String",
}

Geocoder = Callable[..., Any]


@dataclass(frozen=True)
class Located:
    """A point a record or waypoint resolved to.

    Attributes
    ----------
    lat, lon : float
        WGS 84 degrees.
    precision : int
        IATI geographic precision code (1 exact … 4 ADM1 … 6 country).
    uncertainty_km : float or None
        Radius within which the true position lies, when known.
    method : str
        ``"coordinates"`` (given in the record) or ``"gazetteer"``.
    source : str or None
        Where the position comes from: ``"record"`` (+ the cited source) or
        ``"gazetteer:<source>"``.
    gazetteer_id, gazetteer_name, feature_code : str or None
        What the gazetteer matched, when it was used.
    """

    lat: float
    lon: float
    precision: int
    uncertainty_km: float | None
    method: str
    gazetteer_id: str | None = None
    gazetteer_name: str | None = None
    feature_code: str | None = None
    country_code: str | None = None
    source: str | None = None


def _default_geocoder() -> Geocoder:
    from geo.gazetteer import geocode

    return geocode


def _bad_point(lat: Any, lon: Any) -> str | None:
    """Why (lat, lon) cannot be drawn (NaN, infinite, out of range), or None."""
    try:
        ok = np.isfinite(float(lat)) and np.isfinite(float(lon))
    except (TypeError, ValueError):
        ok = False
    if not ok:
        return f"coordinates lat={lat!r}, lon={lon!r} are not finite numbers: give WGS 84 degrees"
    if not (-90 <= float(lat) <= 90 and -180 <= float(lon) <= 180):
        return f"coordinates lat={lat!r}, lon={lon!r} are outside WGS 84 degrees"
    return None


def locate(
    loc: Location,
    *,
    geocoder: Geocoder,
    context: Sequence[str] = (),
    countries: Callable[[], gpd.GeoDataFrame] | gpd.GeoDataFrame | None = None,
) -> Located | str:
    """Resolve a :class:`~geo.records.Location` to a point.

    Parameters
    ----------
    loc : Location
        Coordinates (used as given) or a place name (sent to ``geocoder``).
    geocoder : callable
        ``geocoder(name, country=..., context=...)`` returning an object with
        ``resolved``, ``lat``, ``lon``, ``precision``, ``uncertainty_km``, ``id``,
        ``name``, ``feature_code``, ``country_code`` and ``reason``.
    context : sequence of str
        Other place names of the same record, for ranking.
    countries : GeoDataFrame or callable returning one, optional
        Country polygons (``iso_a2``, EPSG:4326) for ``side:``; Natural Earth 1:10m
        admin-0 by default.

    Returns
    -------
    Located or str
        The point, or the reason it could not be resolved (also for NaN or
        infinite coordinates, given or returned by the gazetteer).

    Notes
    -----
    ``relation: near`` makes the precision at least 2 (IATI "near") with
    ``uncertainty_km`` :data:`NEAR_UNCERTAINTY_KM` unless the record states one.
    ``side: RU`` puts the point on that country's side of its Natural Earth border
    (:func:`geo.borders.point_on_side`: X itself when it lies inside RU at least
    :data:`geo.borders.NEAR_SIDE_INSIDE_KM` from the border, else that far inside,
    on the line from X through the nearest border point); ``location_method`` then
    ends in ``+side``.
    """
    if loc.lat is not None and loc.lon is not None:
        bad = _bad_point(loc.lat, loc.lon)
        if bad:
            return bad
        located = Located(
            lat=loc.lat,
            lon=loc.lon,
            precision=loc.precision or 1,
            uncertainty_km=loc.uncertainty_km,
            method="coordinates",
            country_code=loc.country,
            source=f"record:{loc.source}" if loc.source else "record",
        )
    else:
        assert loc.place is not None
        res = geocoder(loc.place, country=loc.country, context=list(context))
        if not res.resolved:
            return f"place {loc.place!r} not found by the gazetteer: {res.reason}"
        bad = _bad_point(res.lat, res.lon)
        if bad:
            return f"place {loc.place!r}: the gazetteer gave {bad}"
        precision = max(loc.precision or 0, res.precision or 0) or res.precision
        unc = loc.uncertainty_km if loc.uncertainty_km is not None else res.uncertainty_km
        located = Located(
            lat=res.lat,
            lon=res.lon,
            precision=precision,
            uncertainty_km=unc,
            method="gazetteer",
            gazetteer_id=res.id,
            gazetteer_name=res.name,
            feature_code=res.feature_code,
            country_code=res.country_code,
            source=f"gazetteer:{res.source}" if getattr(res, "source", None) else "gazetteer",
        )
    if loc.relation != "near":
        return located
    return _near(located, loc, countries)


def _near(
    p: Located, loc: Location, countries: Callable[[], gpd.GeoDataFrame] | gpd.GeoDataFrame | None
) -> Located | str:
    """``p`` as "near X" (precision >= 2, stated radius), on ``loc.side`` when given."""
    import dataclasses

    unc = loc.uncertainty_km if loc.uncertainty_km is not None else NEAR_UNCERTAINTY_KM
    changes: dict[str, Any] = {
        "precision": max(p.precision or 0, 2),
        "uncertainty_km": max(unc, p.uncertainty_km or 0.0),
    }
    if loc.side:
        gdf = countries() if callable(countries) else countries
        moved = point_on_side(p.lon, p.lat, loc.side, countries=gdf)
        if isinstance(moved, str):
            return f"near {loc.place or 'the given point'!r} on the {loc.side} side: {moved}"
        lon, lat, km = moved
        changes.update(lon=lon, lat=lat, method=f"{p.method}+side", country_code=loc.side)
        if km:
            where = f"moved {km:g} km to {NEAR_SIDE_INSIDE_KM:g} km inside {loc.side}"
            changes["source"] = f"{p.source}; {where} (Natural Earth 1:10m border)"
    return dataclasses.replace(p, **changes)


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


def _field_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _uncertainty(precision: int | None, unc: float | None) -> float | None:
    if unc is None and precision is not None and precision >= 3:
        return DEFAULT_UNCERTAINTY_KM.get(precision)
    return unc


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
    return _join([_citation(r, recset, record) for r in refs]), _join(urls)


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
_ROUTE_NAMES = ("route_accuracy", "length_km", "length_geodesic_km", "countries_passed",
                "border_crossings")  # fmt: skip
_NO_INVESTMENT = (None,) * 7
_MISSING = object()


class _Rows:
    """The rows of a record layer, as tuples (record fields + tail), capacities apart.

    Columns are built by transposing the tuples at the end, which is much faster than
    a dict per record.
    """

    def __init__(self) -> None:
        self.rows: list[tuple[Any, ...]] = []
        self.route: list[tuple[Any, ...]] = []
        self.caps: dict[str, tuple[list[int], list[float]]] = {}

    def add(self, values: tuple[Any, ...], caps: dict[str, Any]) -> None:
        if not caps:
            self.rows.append(values)
            return
        for name, v in caps.items():
            idx, vals = self.caps.setdefault(name, ([], []))
            idx.append(len(self.rows))
            vals.append(v)
        self.rows.append(values)

    def columns(self) -> tuple[dict[str, Sequence[Any]], int]:
        n = len(self.rows)
        names = _REC_NAMES + _TAIL_NAMES
        cols: dict[str, Sequence[Any]] = dict(
            zip(names, zip(*self.rows, strict=True) if n else [()] * len(names), strict=True)
        )
        if self.route:
            cols.update(zip(_ROUTE_NAMES, zip(*self.route, strict=True), strict=True))
        for name, (idx, vals) in self.caps.items():
            col = np.full(n, np.nan)
            col[idx] = vals
            cols[name] = col
        return cols, n


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


class _RecordValues:
    """Record → the values of :data:`_RECORD_FIELDS` + :data:`_TAIL_FIELDS`, with caches.

    Citations are cached per set of source references (records citing only shared
    sources), USD rates per (currency, date).
    """

    def __init__(self, recset: RecordSet) -> None:
        self.recset = recset
        self._sources: dict[tuple[Any, ...], tuple[str | None, str | None]] = {}
        self._rates: dict[tuple[str, dt.date], Any] = {}
        self._loc_source: dict[str | None, str] = {}

    def sources(self, record: Record) -> tuple[str | None, str | None]:
        if record.sources:  # record-level sources may shadow shared ones
            return _source_fields(record, self.recset)
        key = _refs_key(record)
        hit = self._sources.get(key)
        if hit is None:
            hit = self._sources[key] = _source_fields(record, self.recset)
        return hit

    def investment(self, record: Record) -> tuple[Any, ...]:
        inv = record.investment
        if inv is None:
            return _NO_INVESTMENT
        if inv.usd_rate is not None:
            usd = inv.usd
            conv = (usd.usd, usd.rate, usd.rate_date) if usd else None
        else:  # Investment.usd is amount x the ECB rate of (currency, date): cache the rate
            key = (inv.currency, inv.date)
            rate = self._rates.get(key, _MISSING)
            if rate is _MISSING:
                from geo.errors import MoneyError
                from geo.units import to_usd

                try:
                    one = to_usd(1.0, inv.currency, inv.date)
                    rate = self._rates[key] = (one.rate, one.rate_date)
                except MoneyError:
                    rate = self._rates[key] = None
            conv = (float(inv.amount) * rate[0], *rate) if rate else None
        return (
            inv.amount,
            inv.currency,
            inv.date,
            round(conv[0], 2) if conv else None,
            conv[1] if conv else None,
            conv[2] if conv else None,
            inv.stated_usd,
        )

    def location_source(self, source: str | None) -> str:
        hit = self._loc_source.get(source)
        if hit is None:
            hit = self._loc_source[source] = f"record:{source}" if source else "record"
        return hit

    def values(
        self, record: Record, loc: tuple[Any, ...]
    ) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """(row tuple, capacity fields); ``loc`` = (precision, uncertainty_km,
        location_method, location_source, gazetteer_id)."""
        if record.capacities:
            caps, claims = _capacity_fields(record)
        else:
            caps, claims = {}, []
        dates = record.dates
        parties = record.parties
        row = (
            record.id,
            record.name,
            record.names.get("ru"),
            record.names.get("zh"),
            str(record.type),  # StrEnum: its value
            record.mode,
            str(record.status),
            ",".join(record.countries) or None,
            _join([f"{p.name} ({p.country or '?'}, {p.role})" for p in parties])
            if parties
            else None,
            *loc,
            *(self.investment(record) if record.investment is not None else _NO_INVESTMENT),
            dates.signed,
            dates.construction_start,
            dates.opening,
            record.summary,
            bool(claims),
            _join(claims) if claims else None,
            *self.sources(record),
        )
        return row, caps


def _location_values(located: Sequence[Located]) -> tuple[Any, ...]:
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


def _context(record: Record) -> list[str]:
    names = [record.name]
    locs = (
        [record.location]
        if record.location
        else list(record.route.waypoints if record.route else [])
    )
    names += [w.place for w in locs if w and w.place]
    return names


@dataclass
class LayerSet:
    """The built layers, the inputs that could not be placed, and geometry warnings.

    Attributes
    ----------
    layers : dict of str to GeoDataFrame
        One per name in :data:`LAYER_NAMES`, EPSG:4326, fields as in :data:`SCHEMAS`.
    issues : list of Issue
        One per record or place that reached no layer, with the reason.
    placement : dict of str to str
        Record id → layer name, for every record that reached a layer.
    warnings : list of Issue
        Placed records whose geometry contradicts a claim, e.g. a record listing two
        countries whose route crosses no border; :func:`write_layers` adds the fields
        a GeoJSON reader will not type as intended.
    place_placement : dict of str to str
        Place-mention id → layer name (kept apart: a place may share a record's id).
    """

    layers: dict[str, gpd.GeoDataFrame]
    issues: list[Issue] = field(default_factory=list)
    placement: dict[str, str] = field(default_factory=dict)
    warnings: list[Issue] = field(default_factory=list)
    place_placement: dict[str, str] = field(default_factory=dict)


def _bad_value(layer: str, ids: Sequence[Any], i: int, fname: str, v: Any, want: str) -> LayerError:
    rid = ids[i] if i < len(ids) else None
    return LayerError(
        f"layer {layer!r}, record {rid!r}, field {fname!r}: {v!r} is not {want}; "
        f"give {want} (put wording such as 'about 40' in a note), or use another field"
    )


def _typed(layer: str, fname: str, ftype: str, values: Sequence[Any], ids: Sequence[Any]) -> Any:
    """A column of ``values`` as the pandas dtype GDAL writes as ``ftype``.

    The common case (values already of the field's Python type, or None) is converted
    in bulk; anything else goes through the checks that name the bad value.
    """
    if isinstance(values, np.ndarray) and values.dtype == np.float64 and ftype == "float":
        return values
    types = set(map(type, values))
    n = len(values)
    if ftype == "float" and types <= _FLOAT_TYPES:
        return np.array(values, dtype="float64")
    if ftype in ("int", "bool") and types <= (_INT_TYPES if ftype == "int" else _BOOL_TYPES):
        if _NONE in types:
            mask = np.fromiter((v is None for v in values), dtype=bool, count=n)
            values = [0 if v is None else v for v in values]
        else:
            mask = np.zeros(n, dtype=bool)
        try:
            data = np.array(values, dtype="int64" if ftype == "int" else bool)
        except OverflowError:
            pass  # the checks below name the value
        else:
            if ftype == "int":
                return pd.arrays.IntegerArray(data.reshape(n), mask)
            return pd.arrays.BooleanArray(data.reshape(n), mask)
        values = [None if m else v for v, m in zip(values, mask, strict=True)]
    if ftype == "str" and types <= _STR_TYPES:
        if str not in types:  # all null: pandas keeps such a column as object
            return np.full(n, None, dtype=object)
        if _arrow_strings():  # straight into Arrow: 2-5x faster than via an object array
            import pyarrow as pa

            return pd.array(pa.array(values, type=pa.large_string()), dtype=_STR_DTYPE)
        return pd.array(np.asarray(values, dtype=object).reshape(n), dtype=_STR_DTYPE)
    if ftype == "str" and types <= _STR_TYPES | {dt.date}:  # dates: ISO 8601 strings
        iso = {d: d.isoformat() for d in {v for v in values if type(v) is dt.date}}
        return _typed(layer, fname, ftype, [iso.get(v, v) for v in values], ids)
    values = list(values)
    if ftype == "float":
        try:
            arr = np.array(values, dtype="float64")
        except (TypeError, ValueError):
            arr = None
        bad = [
            i
            for i, v in enumerate(values)
            if not (v is None or (isinstance(v, int | float) and not isinstance(v, bool)))
        ] if arr is None or any(isinstance(v, bool | str) for v in values) else []  # fmt: skip
        if bad:
            raise _bad_value(layer, ids, bad[0], fname, values[bad[0]], "a number")
        return arr
    if ftype == "int":
        for i, v in enumerate(values):
            ok = v is None or (isinstance(v, int) and not isinstance(v, bool))
            if not ok and isinstance(v, float) and v.is_integer():
                values[i] = int(v)
                ok = True
            if not ok:
                raise _bad_value(layer, ids, i, fname, v, "a whole number")
            if v is not None and not -(2**63) <= values[i] < 2**63:
                raise _bad_value(layer, ids, i, fname, v, "a 64-bit integer")
        return pd.array(values, dtype="Int64")
    if ftype == "bool":
        for i, v in enumerate(values):
            if not (v is None or isinstance(v, bool | np.bool_)):
                raise _bad_value(layer, ids, i, fname, v, "true or false")
        return pd.array(values, dtype="boolean")
    out = np.empty(len(values), dtype=object)
    iso: dict[Any, str] = {}
    for i, v in enumerate(values):
        if v is None or type(v) is str:
            out[i] = v
        elif isinstance(v, str):  # e.g. a StrEnum member: its text
            out[i] = str(v)
        elif isinstance(v, dt.date):  # datetime too: ISO 8601 strings
            out[i] = iso.get(v) or iso.setdefault(v, v.isoformat())
        elif isinstance(v, float) and np.isnan(v):
            out[i] = None
        else:
            out[i] = str(v)
    return _typed(layer, fname, ftype, out, ids)


_NONE = type(None)
_FLOAT_TYPES = frozenset({float, int, _NONE, np.float64})
_INT_TYPES = frozenset({int, _NONE})
_BOOL_TYPES = frozenset({bool, np.bool_, _NONE})
_STR_TYPES = frozenset({str, _NONE})
#: The dtype pandas infers for text (``"str"``; Arrow-backed when pyarrow is installed).
_STR_DTYPE = "str"


@functools.cache
def _arrow_strings() -> bool:
    """pandas keeps text in Arrow (``large_string``): pyarrow is installed."""
    return _have_arrow() and pd.StringDtype(na_value=np.nan).storage == "pyarrow"


def _sort_order(ids: Sequence[Any]) -> np.ndarray | None:
    """Stable order by ``str(id)``, or None when the ids are sorted already."""
    keys = ids if set(map(type, ids)) <= {str} else [str(i) for i in ids]
    if all(map(operator.le, keys, keys[1:])):
        return None
    return np.array(sorted(range(len(keys)), key=keys.__getitem__), dtype=np.intp)


def _frame(
    layer: str, rows: list[dict[str, Any]], geoms: Sequence[Any], extra: Sequence[str] = ()
) -> gpd.GeoDataFrame:
    """Rows → GeoDataFrame with the layer's schema (+ ``extra`` Real fields), sorted by id."""
    names = [n for n, _ in SCHEMAS[layer]] + list(extra)
    cols = {name: [r.get(name) for r in rows] for name in names}
    return _frame_columns(layer, cols, len(rows), geoms, extra)


def _frame_columns(
    layer: str,
    cols: dict[str, Sequence[Any]],
    n: int,
    geoms: Sequence[Any],
    extra: Sequence[str] = (),
) -> gpd.GeoDataFrame:
    """Columns (name → ``n`` values) → GeoDataFrame with the layer's schema, sorted by id.

    Missing columns are null; ``extra`` are Real fields placed before the tail fields.
    """
    schema = list(SCHEMAS[layer])
    if extra:
        tail = len(_TAIL_FIELDS) if schema[-len(_TAIL_FIELDS) :] == list(_TAIL_FIELDS) else 0
        cut = len(schema) - tail
        schema = schema[:cut] + [(c, "float") for c in sorted(extra)] + schema[cut:]
    ids = cols.get("id")
    ids = list(ids) if ids is not None else [None] * n
    order = _sort_order(ids)
    nulls = (None,) * n
    data = {}
    for name, ftype in schema:
        col = _typed(layer, name, ftype, cols.get(name, nulls), ids)
        data[name] = col if order is None else col[order]
    df = pd.DataFrame(data)
    garr = np.empty(len(geoms), dtype=object)
    garr[:] = geoms
    geo = gpd.GeoSeries(garr if order is None else garr[order], crs="EPSG:4326")
    return gpd.GeoDataFrame(df, geometry=geo, crs="EPSG:4326")


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (not reference counting) for a bulk build.

    Building 100,000 rows allocates millions of long-lived objects (tuples, strings)
    that hold no reference cycles; each allocation burst otherwise triggers
    collections that traverse every object of the process, records included (up to
    ~1 s at 100,000 records, more in a forked worker whose pages the traversal
    copies).  The collector is re-enabled on exit when it was enabled on entry.
    Usable as a decorator (a fresh context per call).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _is_area(feature_code: str | None, precision: int | None) -> bool:
    fc = (feature_code or "").upper()
    return fc.startswith(("PCL", "ADM", "RGN", "AREA", "TERR")) or (precision or 0) >= 4


def _region_row(
    rid: str, name: str, p: Located | Any, sources: str | None, countries: Any
) -> tuple[dict[str, Any], Any] | None:
    """A regions-layer row for a located area, or None when it has no extent."""
    fc = getattr(p, "feature_code", None)
    cc = getattr(p, "country_code", None)
    prec = p.precision
    unc = _uncertainty(prec, p.uncertainty_km)
    if (fc or "").upper().startswith("PCL") and cc and countries is not None:
        match = countries[countries["iso_a2"] == cc]
        if len(match):
            from geo.reference import NE_CITATION

            geom, kind, src = match.geometry.iloc[0], "country", NE_CITATION
            return (
                {"id": rid, "name": name, "area_kind": kind, "feature_code": fc,
                 "country_code": cc, "precision": prec, "uncertainty_km": unc,
                 "location_source": src, "sources": sources},
                geom,
            )  # fmt: skip
    if not unc:
        return None
    geom = geodesic_circle(p.lon, p.lat, unc)
    return (
        {"id": rid, "name": name, "area_kind": "uncertainty_circle", "feature_code": fc,
         "country_code": cc, "precision": prec, "uncertainty_km": unc,
         "location_source": getattr(p, "source", None), "sources": sources},
        geom,
    )  # fmt: skip


class _Countries:
    """Natural Earth countries, loaded on first use."""

    def __init__(self, gdf: gpd.GeoDataFrame | None) -> None:
        self._gdf = gdf

    def get(self) -> gpd.GeoDataFrame:
        if self._gdf is None:
            from geo.reference import load_countries

            self._gdf = load_countries()
        return self._gdf


def _border_warnings(rec: Record, passed: Sequence[str], n_cross: int, path: Any) -> list[Issue]:
    claimed = sorted(set(rec.countries))
    out = []
    seen = sorted(set(passed))
    if len(claimed) >= 2 and n_cross == 0:
        out.append(
            Issue(
                path,
                f"lists countries {', '.join(claimed)} but its route crosses no international "
                f"border on Natural Earth 1:10m (it stays in {', '.join(seen) or 'no country'}): "
                "check the waypoints, or the countries",
                record_id=rec.id,
                field="route.waypoints",
            )
        )
    extra = [c for c in seen if claimed and c not in claimed]
    if extra:
        out.append(
            Issue(
                path,
                f"route passes {', '.join(extra)}, which is not in countries "
                f"({', '.join(claimed)}): add it, or check the waypoints",
                record_id=rec.id,
                field="countries",
            )
        )
    return out


@_gc_paused()
def build_layers(
    recset: RecordSet,
    *,
    geocoder: Geocoder | None = None,
    countries: gpd.GeoDataFrame | None = None,
) -> LayerSet:
    """Locate every record and place mention and build the layers.

    Parameters
    ----------
    recset : RecordSet
        Validated records (:func:`geo.records.load_records`).
    geocoder : callable, optional
        Place-name resolver; defaults to :func:`geo.gazetteer.geocode`.
    countries : GeoDataFrame, optional
        Country polygons (``iso_a2``, geometry, EPSG:4326) for border crossings and
        country areas; defaults to Natural Earth 1:10m admin-0, loaded when needed.

    Returns
    -------
    LayerSet
        Layers in EPSG:4326; every input id is either in ``placement`` or in
        ``issues`` with the reason; contradicted border claims in ``warnings``.

    Raises
    ------
    LayerError
        When a value does not fit its field's type (record id and field named).
    """
    geocoder = geocoder or _default_geocoder()
    ne = _Countries(countries)
    issues: list[Issue] = []
    warnings: list[Issue] = []
    placement: dict[str, str] = {}
    rows: dict[str, list[dict[str, Any]]] = {n: [] for n in ("crossings", "places", "regions")}
    geoms: dict[str, list[Any]] = {n: [] for n in ("crossings", "places", "regions")}
    values = _RecordValues(recset)
    facilities, corridors = _Rows(), _Rows()
    xy: list[tuple[float, float]] = []
    routes: list[tuple[Record, Any, list[Located]]] = []
    for rec in recset.records:
        loc = rec.location
        if (
            rec.route is None
            and loc is not None
            and loc.lat is not None
            and loc.lon is not None
            and loc.relation is None
            and -90 <= loc.lat <= 90  # False for NaN: located (and reported) below
            and -180 <= loc.lon <= 180
        ):
            # given coordinates: no geocoding, one point (the bulk of large sets)
            precision = loc.precision or 1
            unc = loc.uncertainty_km
            if unc is None and precision >= 3:
                unc = DEFAULT_UNCERTAINTY_KM.get(precision)
            src = values.location_source(loc.source)
            row, caps = values.values(rec, (precision, unc, "coordinates", src, None))
            facilities.add(row, caps)
            xy.append((loc.lon, loc.lat))
            placement[rec.id] = "facilities"
            if precision >= 4:  # an area given by its centre
                p = locate(loc, geocoder=geocoder)
                _add_region(rows, geoms, rec.id, rec.name, p, row[-2], ne)
            continue
        path = recset.origin.get(rec.id)
        ctx = _context(rec)
        if rec.route is not None:
            pts = [
                locate(w, geocoder=geocoder, context=ctx, countries=ne.get)
                for w in rec.route.waypoints
            ]
            bad = [(i, p) for i, p in enumerate(pts) if isinstance(p, str)]
            if bad:
                for i, why in bad:
                    issues.append(Issue(path, why, record_id=rec.id, field=f"route.waypoints.{i}"))
                continue
            geom = split_antimeridian(LineString([(p.lon, p.lat) for p in pts]))
            routes.append((rec, geom, pts))  # type: ignore[arg-type]
            placement[rec.id] = "corridors"
        elif loc is not None:
            p = locate(loc, geocoder=geocoder, context=ctx, countries=ne.get)
            if isinstance(p, str):
                fld = "location" if loc.lat is not None else "location.place"
                issues.append(Issue(path, p, record_id=rec.id, field=fld))
                continue
            row, caps = values.values(rec, _location_values([p]))
            facilities.add(row, caps)
            xy.append((p.lon, p.lat))
            placement[rec.id] = "facilities"
            if _is_area(p.feature_code, p.precision):
                _add_region(rows, geoms, rec.id, rec.name, p, row[-2], ne)
        else:
            issues.append(
                Issue(path, "no location or route: add one so it can be mapped", record_id=rec.id)
            )
    corridor_geoms = _corridor_rows(routes, values, corridors, rows, geoms, warnings, recset, ne)
    place_placement: dict[str, str] = {}
    _place_rows(recset, geocoder, issues, place_placement, rows, geoms, ne)
    fac_xy = np.array(xy, dtype=float).reshape(-1, 2)
    layers = {}
    for name, part, gs in (
        ("facilities", facilities, shapely.points(fac_xy)),
        ("corridors", corridors, corridor_geoms),
    ):
        cols, n = part.columns()
        layers[name] = _frame_columns(name, cols, n, gs, sorted(part.caps))
    for name in ("crossings", "places", "regions"):
        layers[name] = _frame(name, rows[name], geoms[name])
    layers = {name: layers[name] for name in LAYER_NAMES}
    return LayerSet(
        layers=layers,
        issues=issues,
        placement=placement,
        warnings=warnings,
        place_placement=place_placement,
    )


def _add_region(
    rows: dict[str, list[dict[str, Any]]],
    geoms: dict[str, list[Any]],
    rid: str,
    name: str,
    p: Located,
    sources: str | None,
    ne: _Countries,
) -> None:
    reg = _region_row(rid, name, p, sources, ne.get())
    if reg:
        rows["regions"].append(reg[0])
        geoms["regions"].append(reg[1])


def _corridor_rows(
    routes: list[tuple[Record, Any, list[Located]]],
    values: _RecordValues,
    corridors: _Rows,
    rows: dict[str, list[dict[str, Any]]],
    geoms: dict[str, list[Any]],
    warnings: list[Issue],
    recset: RecordSet,
    ne: _Countries,
) -> list[Any]:
    """Corridor rows, their border crossings and warnings; returns the corridor lines."""
    from geo.reference import NE_CITATION

    if not routes:
        return []
    lines = [g for _, g, _ in routes]
    borders = route_borders_many(lines, countries=ne.get())
    settled = [
        _drop_excursions(rec, pts, rb) for (rec, _, pts), rb in zip(routes, borders, strict=True)
    ]
    borders = snap_to_border_many(
        lines, [rb for rb, _ in settled], [rec.countries for rec, _, _ in routes],
        countries=ne.get(),
    )  # fmt: skip
    for (rec, geom, pts), rb, (_, note) in zip(routes, borders, settled, strict=True):
        row, caps = values.values(rec, _location_values(pts))
        geodesic = geodesic_length_km(geom)
        path = recset.origin.get(rec.id)
        if note:
            warnings.append(Issue(path, note, record_id=rec.id, field="route.waypoints"))
        if geodesic == 0:
            warnings.append(
                Issue(
                    path,
                    "route has zero length (its waypoints are one point): drawn as a "
                    "degenerate line; check the waypoints",
                    record_id=rec.id,
                    field="route.waypoints",
                )
            )
        corridors.add(row, caps)
        corridors.route.append(
            (
                rec.route.accuracy,  # type: ignore[union-attr]
                rec.length_km or geodesic,
                geodesic,
                ",".join(rb.countries) or None,
                len(rb.crossings),
            )
        )
        sources = row[-2]
        for k, x in enumerate(rb.crossings, start=1):
            rows["crossings"].append(
                {
                    "id": f"{rec.id}-x{k}",
                    "name": f"{rec.name}: {x.from_country} → {x.to_country}",
                    "corridor_id": rec.id,
                    "type": row[4],
                    "mode": row[5],
                    "status": row[6],
                    "from_country": x.from_country,
                    "to_country": x.to_country,
                    "kind": x.kind,
                    "snap_km": x.snap_km,
                    "km_from_start": x.km_from_start,
                    "precision": row[9],
                    "uncertainty_km": row[10],
                    "location_source": NE_CITATION,
                    "sources": sources,
                }
            )
            geoms["crossings"].append(Point(x.lon, x.lat))
        warnings += _border_warnings(rec, rb.countries, len(rb.crossings), path)
    return lines


def _drop_excursions(rec: Record, pts: Sequence[Located], rb: Any) -> tuple[Any, str | None]:
    """Drop crossing artefacts of straight lines (:func:`geo.borders.drop_excursions`).

    Returns the :class:`~geo.borders.RouteBorders` without them and a note on what was
    dropped (short routes are then snapped: :func:`geo.borders.snap_to_border_many`).
    """
    from geo.borders import _GEOD

    note = None
    if len(rb.crossings) >= 2:
        lons = [p.lon for p in pts]
        lats = [p.lat for p in pts]
        seg = _GEOD.line_lengths(lons, lats) if len(pts) > 1 else []
        wkm = np.concatenate([[0.0], np.cumsum(seg)]) / 1000.0
        accuracy = rec.route.accuracy if rec.route else None  # type: ignore[union-attr]
        rb, dropped = drop_excursions(rb, waypoint_km=wkm.tolist(), accuracy=str(accuracy))
        if dropped:
            what = "; ".join(
                f"into {a.to_country} between km {a.km_from_start:g} and "
                f"{b.km_from_start:g} ("
                + (
                    f"shorter than {COLLAPSE_KM:g} km: border noise"
                    if b.km_from_start - a.km_from_start < COLLAPSE_KM
                    else f"no waypoint in it, route accuracy {accuracy}"
                )
                + ")"
                for a, b in dropped
            )
            note = (
                f"dropped the border crossings of an excursion {what}; add a waypoint "
                "there if the route really enters that country"
            )
    return rb, note


def _place_rows(
    recset: RecordSet,
    geocoder: Geocoder,
    issues: list[Issue],
    placement: dict[str, str],
    rows: dict[str, list[dict[str, Any]]],
    geoms: dict[str, list[Any]],
    ne: _Countries,
) -> None:
    names = [p.query or p.name for p in recset.places]
    for pm in recset.places:
        query = pm.query or pm.name
        res = geocoder(query, country=pm.country, context=[n for n in names if n != query])
        why = None if not res.resolved else _bad_point(res.lat, res.lon)
        if not res.resolved or why:
            why = f"not found: {res.reason}" if not res.resolved else f"the gazetteer gave {why}"
            issues.append(Issue(None, f"place {query!r} {why}", record_id=pm.id, field="name"))
            continue
        props = _place_props(pm, res, recset)
        rows["places"].append(props)
        geoms["places"].append(Point(res.lon, res.lat))
        placement[pm.id] = "places"
        if _is_area(res.feature_code, res.precision):
            reg = _region_row(pm.id, pm.name, res, props["sources"], ne.get())
            if reg:
                reg[0]["location_source"] = props["location_source"]
                if reg[0]["area_kind"] == "country":
                    from geo.reference import NE_CITATION

                    reg[0]["location_source"] = NE_CITATION
                rows["regions"].append(reg[0])
                geoms["regions"].append(reg[1])


def _place_props(pm: PlaceMention, res: Any, recset: RecordSet) -> dict[str, Any]:
    src = getattr(res, "source", None)
    return {
        "id": pm.id,
        "name": pm.name,
        "role": pm.role,
        "gazetteer_name": res.name,
        "gazetteer_id": res.id,
        "feature_code": res.feature_code,
        "country_code": res.country_code,
        "admin1": res.admin1,
        "precision": res.precision,
        "uncertainty_km": _uncertainty(res.precision, res.uncertainty_km),
        "location_source": f"gazetteer:{src}" if src else "gazetteer",
        "score": round(float(res.score), 4) if res.score is not None else None,
        "sources": _citation(pm.source, recset, None),
        "source_urls": _source_url(pm.source, recset),
    }


def _source_url(ref: str | None, recset: RecordSet) -> str | None:
    """The URL of the shared source ``ref`` (``id`` or ``id#pN``) cites, if any."""
    src = recset.sources.get((ref or "").partition("#")[0])
    return src.url if src is not None and src.url else None


# ----------------------------------------------------------------------------- writing

_GEOMETRY_TYPES = {
    "facilities": "Point",
    "corridors": "MultiLineString",
    "crossings": "Point",
    "places": "Point",
    "regions": "MultiPolygon",
}
#: Fixed timestamp GDAL writes into GeoPackage metadata, so builds are reproducible.
_GPKG_DATE = "2000-01-01T00:00:00.000Z"


def _geometry_type(gdf: gpd.GeoDataFrame, layer: str | None) -> str | None:
    if layer in _GEOMETRY_TYPES:
        return _GEOMETRY_TYPES[layer]
    if len(gdf):
        return None
    return "Unknown"


def write_geojson(gdf: gpd.GeoDataFrame, path: Path | str, *, layer: str | None = None) -> Path:
    """Write ``gdf`` as RFC 7946 GeoJSON, atomically (temp file + rename).

    Parameters
    ----------
    gdf : GeoDataFrame
        Any CRS; reprojected to EPSG:4326 when needed.  An ``id`` column becomes the
        Feature ``id`` member (a string).
    path : Path or str
        Target ``.geojson`` file; its directory is created if missing.
    layer : str, optional
        Layer name, to declare the geometry type of an empty layer.

    Returns
    -------
    Path
        ``path``.

    Notes
    -----
    GDAL's GeoJSON driver with ``RFC7946=YES`` writes no ``crs`` member, [lon, lat]
    order, 6 decimals and right-hand polygons; missing numbers are written as
    ``null`` (never ``NaN``); other numbers with 15 significant digits; 64-bit
    integers exactly.  Ids go to the Feature ``id`` member so that QGIS types them
    String (OGR would read a property ``"9000-01-01"`` as a Date).
    """
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    opts = dict(RFC7946_OPTIONS)
    if "id" not in gdf.columns:
        opts.pop("ID_FIELD")
        opts.pop("ID_TYPE")
    gtype = None if len(gdf) else _geometry_type(gdf, layer)
    with atomic_path(path) as tmp:
        if _have_arrow() and _rfc7946_already(gdf):
            # GDAL's RFC 7946 mode would change nothing (it re-checks every geometry,
            # ~25% of the time): write plain GeoJSON without a crs member, the same
            # bytes (tests/test_layers_writer.py), through Arrow
            opts.pop("RFC7946")
            _write_arrow_no_crs(gdf, tmp, driver="GeoJSON", layer_options=opts)
        else:
            pyogrio.write_dataframe(
                gdf,
                tmp,
                driver="GeoJSON",
                layer_options=opts,
                geometry_type=gtype,
                use_arrow=_have_arrow(),
            )
    return Path(path)


@functools.cache
def _have_arrow() -> bool:
    """pyarrow is installed: pyogrio then writes through Arrow (same files, faster)."""
    return importlib.util.find_spec("pyarrow") is not None


#: Geometry type ids (shapely) that GDAL's RFC 7946 mode leaves as they are when their
#: coordinates lie in range: Point, LineString, MultiPoint, MultiLineString.
_PLAIN_TYPES = np.array([0, 1, 4, 5])


def _rfc7946_already(gdf: gpd.GeoDataFrame) -> bool:
    """True when GDAL's RFC 7946 mode would not change any geometry of ``gdf``.

    That is: EPSG:4326, at least one feature, only points and lines (polygons may need
    re-orienting), lon in [-180, 180] and lat in [-90, 90], and no line segment jumping
    more than 180° of longitude (lines are split at ±180° by
    :func:`geo.borders.split_antimeridian`).
    """
    if not len(gdf) or gdf.crs is None or gdf.crs.to_epsg() != 4326:
        return False
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    if not np.isin(shapely.get_type_id(geoms), _PLAIN_TYPES).all():
        return False
    if shapely.is_empty(geoms).any() or shapely.has_z(geoms).any():
        return False
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    if not (x0 >= -180 and x1 <= 180 and y0 >= -90 and y1 <= 90):
        return False
    lines = shapely.get_parts(geoms[np.isin(shapely.get_type_id(geoms), (1, 5))])
    if len(lines):
        xy, part = shapely.get_coordinates(lines, return_index=True)
        jump = np.abs(np.diff(xy[:, 0])) > 180
        if (jump & (part[1:] == part[:-1])).any():
            return False
    return True


def _write_arrow_no_crs(gdf: gpd.GeoDataFrame, path: Path, **kwargs: Any) -> None:
    """Write ``gdf`` through Arrow without a CRS (as pyogrio's Arrow path does)."""
    import pyarrow as pa
    from geopandas.array import to_wkb

    name = gdf.geometry.name
    df = pd.DataFrame(gdf, copy=False)
    df[name] = to_wkb(gdf.geometry.values)
    table = pa.Table.from_pandas(df, preserve_index=False)
    for i, f in enumerate(table.schema):
        if pa.types.is_null(f.type):  # an all-null column: GDAL takes no null type
            table = table.set_column(i, f.with_type(pa.string()), table[i].cast(pa.string()))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="'crs' was not provided")
        pyogrio.write_arrow(
            table, path, geometry_name=name, geometry_type="Unknown", crs=None, **kwargs
        )


def _write_gpkg(layers: dict[str, gpd.GeoDataFrame], path: Path, styles: dict[str, str]) -> Path:
    from geo.styles import write_gpkg_styles

    old = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _GPKG_DATE})
    try:
        with atomic_path(path) as tmp:
            for name, gdf in layers.items():
                pyogrio.write_dataframe(
                    gdf,
                    tmp,
                    driver="GPKG",
                    layer=name,
                    geometry_type=_GEOMETRY_TYPES.get(name),
                    promote_to_multi=name in ("corridors", "regions"),
                    # GeoPackage 1.2: read without warnings by GDAL 3.6 (QGIS 3.22)
                    dataset_options={"VERSION": "1.2"},
                    use_arrow=_have_arrow(),
                )
            write_gpkg_styles(tmp, styles)
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": old})
    return path


def _write_parquet(gdf: gpd.GeoDataFrame, path: Path) -> Path:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise LayerError("--formats parquet needs pyarrow: pip install pyarrow") from None
    with atomic_path(path) as tmp:
        gdf.to_parquet(tmp, index=False, compression="zstd", schema_version="1.0.0")
    return path


def _write_fgb(gdf: gpd.GeoDataFrame, path: Path, name: str) -> Path:
    with atomic_path(path) as tmp:
        pyogrio.write_dataframe(
            gdf,
            tmp,
            driver="FlatGeobuf",
            geometry_type=_GEOMETRY_TYPES.get(name),
            promote_to_multi=name in ("corridors", "regions"),
        )
    return path


def parse_formats(formats: str | Iterable[str]) -> tuple[str, ...]:
    """``"geojson,gpkg"`` → ``("geojson", "gpkg")``, checked against :data:`FORMATS`.

    Raises
    ------
    LayerError
        For an unknown format, quoting it and the known ones.
    """
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    out = []
    for f in items:
        f = f.strip().lower().lstrip(".")
        if not f:
            continue
        if f not in FORMATS:
            raise LayerError(f"unknown layer format {f!r}: use any of {', '.join(FORMATS)}")
        if f not in out:
            out.append(f)
    if not out:
        raise LayerError(f"no layer format given: use any of {', '.join(FORMATS)}")
    return tuple(out)


@_gc_paused()
def write_layers(
    layerset: LayerSet,
    out_dir: Path | str,
    *,
    formats: str | Iterable[str] = ("geojson", "gpkg"),
) -> list[Path]:
    """Write every layer of ``layerset`` into ``out_dir``.

    Parameters
    ----------
    layerset : LayerSet
    out_dir : Path or str
        Created when missing.
    formats : str or iterable of str, keyword-only
        Any of :data:`FORMATS` (``"geojson,gpkg,parquet,fgb"``):

        ``geojson``
            ``<layer>.geojson`` (RFC 7946) with its QGIS style ``<layer>.qml``.
        ``gpkg``
            ``atlas.gpkg``: every layer, and its style as the one default row of
            ``layer_styles``.
        ``parquet``
            ``<layer>.parquet`` (GeoParquet 1.0, zstd; needs ``pyarrow``).
        ``fgb``
            ``<layer>.fgb`` (FlatGeobuf, with spatial index).

    Also writes ``out_dir/build_report.json``: where each record and each place
    mention went (``placed.records``, ``placed.places``: their ids may coincide), the
    issues of the inputs that reached no layer, the warnings, and the GeoJSON fields
    that readers will type otherwise than written (``geojson_types``,
    :func:`geojson_type_notes`); text fields read as dates are also added to
    ``layerset.warnings``, one warning per layer, naming the fields.
    Temporary files of an earlier, interrupted write (``.<layer>.XXXXXXXX.geojson``
    …) older than this call are removed first.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    LayerError
        For an unknown format, or parquet without pyarrow.
    """
    from geo.styles import layer_qml

    fmts = parse_formats(formats)
    out_dir = Path(out_dir)
    _remove_stale_temps(out_dir, before=time.time())
    layers = {name: layerset.layers[name] for name in LAYER_NAMES}
    styles = {name: layer_qml(name, gdf) for name, gdf in layers.items()}
    written: list[Path] = []
    if "geojson" in fmts:
        for name, gdf in layers.items():
            written.append(write_geojson(gdf, out_dir / f"{name}.geojson", layer=name))
            written.append(write_text_atomic(styles[name], out_dir / f"{name}.qml"))
    if "gpkg" in fmts:
        written.append(_write_gpkg(layers, out_dir / GPKG_NAME, styles))
    if "parquet" in fmts:
        written += [_write_parquet(g, out_dir / f"{n}.parquet") for n, g in layers.items()]
    if "fgb" in fmts:
        written += [_write_fgb(g, out_dir / f"{n}.fgb", n) for n, g in layers.items()]

    def _rel(path: Path) -> str:
        # Relative to the working directory when inside it, so the report diffs cleanly
        # whether --seeds was given as a relative or an absolute path.
        try:
            return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def _issue(i: Issue) -> dict[str, Any]:
        return {
            "id": i.record_id,
            "file": _rel(i.path) if i.path else None,
            "field": i.field,
            "reason": i.message,
        }

    notes = geojson_type_notes(layers) if "geojson" in fmts else []
    exact = (
        f"open {out_dir / GPKG_NAME} for exact types"
        if "gpkg" in fmts
        else "build with --formats geojson,gpkg and open atlas.gpkg for exact types"
    )
    # warn (CLI) where values change: text read as dates/times; all-null fields and
    # empty layers lose nothing and are listed in the report only
    dated = [n for n in notes if n["written"] == "String"]
    for layer in dict.fromkeys(n["layer"] for n in dated):
        mine = [n for n in dated if n["layer"] == layer]
        layerset.warnings.append(
            Issue(
                out_dir / f"{layer}.geojson",
                "GeoJSON readers (GDAL, QGIS) will not type these fields as written: "
                + "; ".join(f"{n['field']} ({n['reason']})" for n in mine)
                + f"; {exact} (README: Layers)",
                field=",".join(n["field"] for n in mine),
            )
        )
    report = {
        "placed": {
            "records": dict(sorted(layerset.placement.items())),
            "places": dict(sorted(layerset.place_placement.items())),
        },
        "geojson_types": notes,
        "not_placed": [_issue(i) for i in layerset.issues],
        "warnings": [_issue(i) for i in layerset.warnings],
        "counts": {name: len(layerset.layers[name]) for name in LAYER_NAMES},
        "formats": list(fmts),
    }
    written.append(write_text_atomic(_report_json(report), out_dir / "build_report.json"))
    return written


#: Temporary files :func:`geo._io.atomic_path` makes for our outputs:
#: ``.<stem>.<8 random characters><suffix>`` (+ SQLite side files of the GeoPackage).
_TEMP_NAME = re.compile(
    r"^\.(?P<stem>[a-z_]+)\.[a-z0-9_]{8}\.(?:geojson|qml|gpkg|parquet|fgb|json)"
    r"(?:-journal|-wal|-shm)?$"
)
_TEMP_STEMS = frozenset({*LAYER_NAMES, "atlas", "build_report"})


def _remove_stale_temps(out_dir: Path, *, before: float) -> list[Path]:
    """Remove our temp files in ``out_dir`` last modified before ``before`` (epoch s).

    They are left by a build killed mid-write (``kill -9``): :func:`atomic_path`
    cleans up after errors, not after a kill.  Only names of our own pattern and
    stems are touched; a concurrent build's fresh temp files are newer and kept.
    """
    removed: list[Path] = []
    if not out_dir.is_dir():
        return removed
    for p in out_dir.iterdir():
        m = _TEMP_NAME.match(p.name)
        if not m or m["stem"] not in _TEMP_STEMS:
            continue
        try:
            if p.is_file() and p.stat().st_mtime < before:
                p.unlink()
                removed.append(p)
        except FileNotFoundError:  # removed meanwhile
            continue
    return removed


#: What OGR's GeoJSON reader (GDAL 3.6, as in QGIS 3.22) takes for a date, date-time
#: or time when it guesses a field's type from its values (``OGRParseDate``).
_DATE_LIKE = re.compile(
    r"^\s*\d+[-/](?P<mo>\d{1,2})[-/](?P<d>\d{1,2})"
    r"(?:Z|[T ](?P<h>\d{1,2}):(?P<mi>\d{1,2})(?::\d{1,2}(?:\.\d+)?)?"
    r"(?:Z|[+-]\d{1,2}(?::?\d{2})?)?)?\s*$"
)
_TIME_LIKE = re.compile(r"^\s*(?P<h>\d{1,2}):(?P<mi>\d{1,2})(?::\d{1,2}(?:\.\d+)?)?(?:\s.*)?$")


def _ogr_date_kind(text: str) -> str | None:
    """``"Date"``, ``"DateTime"``, ``"Time"`` when OGR reads ``text`` as one, else None."""
    m = _DATE_LIKE.match(text)
    if m and 1 <= int(m["mo"]) <= 12 and 1 <= int(m["d"]) <= 31:
        if m["h"] is None:
            return "Date"
        return "DateTime" if int(m["h"]) <= 23 and int(m["mi"]) <= 59 else None
    m = _TIME_LIKE.match(text)
    if m and int(m["h"]) <= 23 and int(m["mi"]) <= 59:
        return "Time"
    return None


def geojson_type_notes(layers: dict[str, gpd.GeoDataFrame]) -> list[dict[str, str]]:
    """Fields that GeoJSON readers will type otherwise than the layer's schema.

    GeoJSON carries no field types: GDAL/OGR (and so QGIS) guess each field's type
    from its values.  Three cases go wrong, and no in-file hint prevents them (GDAL
    3.6 reads none; its ``DATE_AS_STRING`` is an open option of the reader):

    * a text field whose every value looks like a date or time (``"9000-01-01"``,
      ``"12:30:00"``) is read as Date/DateTime/Time — and as JSON with all values
      NULL when dates and times mix; one value that is not date-like keeps it String;
    * a number or true/false field null on every feature is read as String;
    * an empty layer is read with no geometry type and no fields, so its ``.qml``
      cannot apply.

    The ``id`` (the Feature ``id`` member, read as String) and the ``*_date`` fields
    (ISO dates by design: Date in QGIS is what they mean) are not reported.

    Parameters
    ----------
    layers : dict of str to GeoDataFrame
        Layer name → layer, as :func:`build_layers` makes them.

    Returns
    -------
    list of dict
        ``layer``, ``field`` (``"*"`` for an empty layer), ``written`` (the schema
        type), ``geojson_reads_as`` and ``reason``; sorted by layer order, field order.
    """
    out: list[dict[str, str]] = []
    for layer, gdf in layers.items():
        if not len(gdf):
            out.append(
                {"layer": layer, "field": "*", "written": "empty layer",
                 "geojson_reads_as": "no geometry type, no fields",
                 "reason": "empty: GeoJSON cannot declare its geometry type or fields"}
            )  # fmt: skip
            continue
        for name in gdf.columns:
            if name == gdf.geometry.name or name == "id":
                continue
            col = gdf[name]
            notna = col.notna()
            written = _written_type(col)
            if not notna.any():
                if written != "String":
                    out.append(
                        {"layer": layer, "field": name, "written": written,
                         "geojson_reads_as": "String",
                         "reason": f"{written}, null on every feature: read as String"}
                    )  # fmt: skip
                continue
            if written != "String" or "date" in name:
                continue
            read = _date_column_kind(col[notna])
            if read:
                why = (
                    "dates mixed with times: read as JSON, every value NULL"
                    if read == "JSON"
                    else f"every value looks like a {read.lower()}: read as {read}"
                )
                out.append(
                    {"layer": layer, "field": name, "written": "String",
                     "geojson_reads_as": read, "reason": f"String, {why}"}
                )  # fmt: skip
    return out


def _written_type(col: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(col.dtype):
        return "Boolean"
    if pd.api.types.is_integer_dtype(col.dtype):
        return "Integer64"
    if pd.api.types.is_float_dtype(col.dtype):
        return "Real"
    return "String"


def _date_column_kind(values: pd.Series) -> str | None:
    """How OGR types a text column whose non-null values are ``values``: None = String."""
    first = _ogr_date_kind(str(values.iloc[0]))
    if first is None:  # the common case: the first value settles it
        return None
    seen = set()
    for v in pd.unique(values.astype(object)):
        kind = _ogr_date_kind(str(v))
        if kind is None:
            return None
        seen.add(kind)
    if seen == {"Date"} or seen == {"Time"} or seen == {"DateTime"}:
        return seen.pop()
    if seen == {"Date", "DateTime"}:
        return "DateTime"
    return "JSON"


def _report_json(report: dict[str, Any]) -> str:
    """``report`` as :func:`geo._io.write_json_atomic` writes it (sorted, indent 2).

    The same text; the ``placed`` map (one entry per input) is encoded by the C string
    encoder rather than the pure-Python indenting encoder, ~20x faster at 100,000.
    """
    if not isinstance(report.get("placed"), dict):
        return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return _report_json_nested(report)


def _report_json_nested(report: dict[str, Any]) -> str:
    """The fast path of :func:`_report_json`: each non-empty ``placed`` map encoded apart."""
    placed = report["placed"]
    tokens = {
        k: f"\x00placed:{k}\x00"
        for k, v in placed.items()
        if isinstance(v, dict) and v and all(type(x) is str for x in v.values())
    }
    stub = {k: tokens.get(k, v) for k, v in placed.items()}
    text = json.dumps({**report, "placed": stub}, ensure_ascii=False, indent=2, sort_keys=True)
    enc = json.encoder.encode_basestring  # what dumps(ensure_ascii=False) uses
    for k, token in tokens.items():
        quoted = json.dumps(token)
        if text.count(quoted) != 1:
            return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        body = ",\n".join(f"      {enc(i)}: {enc(v)}" for i, v in sorted(placed[k].items()))
        text = text.replace(quoted, "{\n" + body + "\n    }")
    return text + "\n"
