"""Layers: located records → GeoDataFrames → RFC 7946 GeoJSON files.

One layer per geometry type and meaning:

``facilities``
    points: logistics hubs, terminals, ports, border crossings …
``corridors``
    lines: bridges, railways, roads, pipelines, named corridors.
``places``
    points: the places a report names, with their role in the story.

Every layer is EPSG:4326 with [lon, lat] coordinates (RFC 7946), 6 decimals, flat
typed properties with units in the field names, and the same fields on every feature.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
from pyproj import Geod
from shapely.geometry import LineString, Point

from geo._io import atomic_path, write_json_atomic
from geo.errors import Issue
from geo.records import Location, PlaceMention, Record, RecordSet

__all__ = [
    "LAYER_NAMES",
    "LayerSet",
    "Located",
    "build_layers",
    "write_geojson",
    "write_layers",
]

#: Layer names in the order they are written and drawn.
LAYER_NAMES: tuple[str, ...] = ("facilities", "corridors", "places")

#: GDAL GeoJSON layer creation options for RFC 7946 output with 6 decimals (~10 cm).
RFC7946_OPTIONS: dict[str, str] = {
    "RFC7946": "YES",
    "COORDINATE_PRECISION": "6",
    "WRITE_NAME": "NO",
    "SIGNIFICANT_FIGURES": "15",
}

_GEOD = Geod(ellps="WGS84")

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


def _default_geocoder() -> Geocoder:
    from geo.gazetteer import geocode

    return geocode


def locate(loc: Location, *, geocoder: Geocoder, context: Sequence[str] = ()) -> Located | str:
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

    Returns
    -------
    Located or str
        The point, or the reason it could not be resolved.
    """
    if loc.lat is not None and loc.lon is not None:
        return Located(
            lat=loc.lat,
            lon=loc.lon,
            precision=loc.precision or 1,
            uncertainty_km=loc.uncertainty_km,
            method="coordinates",
            country_code=loc.country,
        )
    assert loc.place is not None
    res = geocoder(loc.place, country=loc.country, context=list(context))
    if not res.resolved:
        return f"place {loc.place!r} not found by the gazetteer: {res.reason}"
    precision = max(loc.precision or 0, res.precision or 0) or res.precision
    unc = loc.uncertainty_km if loc.uncertainty_km is not None else res.uncertainty_km
    return Located(
        lat=res.lat,
        lon=res.lon,
        precision=precision,
        uncertainty_km=unc,
        method="gazetteer",
        gazetteer_id=res.id,
        gazetteer_name=res.name,
        feature_code=res.feature_code,
        country_code=res.country_code,
    )


def _join(values: Sequence[str]) -> str | None:
    return "; ".join(values) if values else None


def _citation(ref: str, recset: RecordSet, record: Record | None) -> str:
    sid, _, para = ref.partition("#p")
    src = next((s for s in (record.sources if record else []) if s.id == sid), None)
    src = src or recset.sources.get(sid)
    if src is None:
        return ref
    text = src.title + (f" ({src.publisher})" if src.publisher else "")
    if src.date:
        text += f", {src.date.isoformat()}"
    if para:
        text += f", ¶{para}"
    return text


def _source_fields(record: Record, recset: RecordSet) -> dict[str, Any]:
    refs = sorted({ref for _, ref in record.source_refs()})
    ids = sorted({r.split("#")[0] for r in refs})
    by_id = {**recset.sources, **{s.id: s for s in record.sources}}
    urls = [by_id[i].url for i in ids if i in by_id and by_id[i].url]
    return {
        "sources": _join([_citation(r, recset, record) for r in refs]),
        "source_urls": _join(urls),
    }


def _capacity_fields(record: Record) -> tuple[dict[str, Any], bool]:
    out: dict[str, Any] = {}
    groups: dict[str, list] = {}
    for cap in record.capacities:
        groups.setdefault(cap.field_key, []).append(cap)
    conflict = False
    for key, caps in groups.items():
        chosen = next((c for c in caps if c.preferred), caps[0])
        norm = chosen.normalised
        out[f"capacity_{key}_{norm.suffix}"] = norm.value_base
        if len({(c.normalised.value_base, c.normalised.suffix) for c in caps}) > 1:
            conflict = True
    return out, conflict


def _record_fields(record: Record, recset: RecordSet, located: Sequence[Located]) -> dict[str, Any]:
    inv = record.investment
    usd = inv.usd if inv else None
    caps, conflict = _capacity_fields(record)
    precisions = [p.precision for p in located]
    uncs = [p.uncertainty_km for p in located if p.uncertainty_km is not None]
    props: dict[str, Any] = {
        "id": record.id,
        "name": record.name,
        "name_ru": record.names.get("ru"),
        "name_zh": record.names.get("zh"),
        "type": record.type.value,
        "mode": record.mode,
        "status": record.status.value,
        "countries": ",".join(record.countries) or None,
        "parties": _join([f"{p.name} ({p.country or '?'}, {p.role})" for p in record.parties]),
        "precision": max(precisions) if precisions else None,
        "uncertainty_km": max(uncs) if uncs else None,
        "location_method": ",".join(sorted({p.method for p in located})) or None,
        "gazetteer_id": _join(sorted({p.gazetteer_id for p in located if p.gazetteer_id})),
        "investment_amount": inv.amount if inv else None,
        "investment_currency": inv.currency if inv else None,
        "investment_date": inv.date.isoformat() if inv else None,
        "investment_usd": round(usd.usd, 2) if usd else None,
        "investment_usd_rate": usd.rate if usd else None,
        "investment_usd_rate_date": usd.rate_date.isoformat() if usd else None,
        "investment_stated_usd": inv.stated_usd if inv else None,
        "capacity_conflict": conflict,
        "date_signed": record.dates.signed,
        "date_construction_start": record.dates.construction_start,
        "date_opening": record.dates.opening,
        "summary": record.summary,
        **caps,
        **_source_fields(record, recset),
    }
    return props


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
    """The built layers and the records that could not be placed.

    Attributes
    ----------
    layers : dict of str to GeoDataFrame
        ``facilities``, ``corridors`` and ``places``, EPSG:4326.
    issues : list of Issue
        One per record or place that reached no layer, with the reason.
    placement : dict of str to str
        Record or place id → layer name, for every input that reached a layer.
    """

    layers: dict[str, gpd.GeoDataFrame]
    issues: list[Issue] = field(default_factory=list)
    placement: dict[str, str] = field(default_factory=dict)


def _geodesic_km(line: LineString) -> float:
    return round(_GEOD.geometry_length(line) / 1000.0, 3)


def _frame(
    rows: list[dict[str, Any]], geoms: list[Any], columns: Sequence[str]
) -> gpd.GeoDataFrame:
    df = pd.DataFrame(rows, columns=list(columns))
    for col in df.columns:
        values = [
            v for v in df[col] if v is not None and not (isinstance(v, float) and np.isnan(v))
        ]
        if values and all(isinstance(v, bool) for v in values):
            df[col] = pd.array(df[col].tolist(), dtype="boolean")
        elif values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            df[col] = pd.array(df[col].tolist(), dtype="Int64")
        elif values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            df[col] = pd.to_numeric(df[col], errors="raise").astype("float64")
        elif not values:
            df[col] = pd.Series([None] * len(df), dtype="object")
    gdf = gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"), crs="EPSG:4326")
    return gdf.sort_values("id", kind="stable").reset_index(drop=True)


def build_layers(recset: RecordSet, *, geocoder: Geocoder | None = None) -> LayerSet:
    """Locate every record and place mention and build the layers.

    Parameters
    ----------
    recset : RecordSet
        Validated records (:func:`geo.records.load_records`).
    geocoder : callable, optional
        Place-name resolver; defaults to :func:`geo.gazetteer.geocode`.

    Returns
    -------
    LayerSet
        Layers in EPSG:4326; every input id is either in ``placement`` or in
        ``issues`` with the reason.
    """
    geocoder = geocoder or _default_geocoder()
    issues: list[Issue] = []
    placement: dict[str, str] = {}
    point_rows, point_geoms, line_rows, line_geoms = [], [], [], []
    for rec in recset.records:
        path = recset.origin.get(rec.id)
        ctx = _context(rec)
        if rec.route is not None:
            pts = [locate(w, geocoder=geocoder, context=ctx) for w in rec.route.waypoints]
            bad = [(i, p) for i, p in enumerate(pts) if isinstance(p, str)]
            if bad:
                for i, why in bad:
                    issues.append(Issue(path, why, record_id=rec.id, field=f"route.waypoints.{i}"))
                continue
            line = LineString([(p.lon, p.lat) for p in pts])
            props = _record_fields(rec, recset, pts)
            props["route_accuracy"] = rec.route.accuracy
            props["length_km"] = rec.length_km if rec.length_km else _geodesic_km(line)
            props["length_geodesic_km"] = _geodesic_km(line)
            line_rows.append(props)
            line_geoms.append(line)
            placement[rec.id] = "corridors"
        elif rec.location is not None:
            p = locate(rec.location, geocoder=geocoder, context=ctx)
            if isinstance(p, str):
                issues.append(Issue(path, p, record_id=rec.id, field="location.place"))
                continue
            point_rows.append(_record_fields(rec, recset, [p]))
            point_geoms.append(Point(p.lon, p.lat))
            placement[rec.id] = "facilities"
        else:
            issues.append(
                Issue(path, "no location or route: add one so it can be mapped", record_id=rec.id)
            )
    place_rows, place_geoms = _place_rows(recset, geocoder, issues, placement)
    cols_pts = _union_columns(point_rows)
    cols_lines = _union_columns(line_rows)
    layers = {
        "facilities": _frame(point_rows, point_geoms, cols_pts),
        "corridors": _frame(line_rows, line_geoms, cols_lines),
        "places": _frame(place_rows, place_geoms, _union_columns(place_rows) or ["id"]),
    }
    return LayerSet(layers=layers, issues=issues, placement=placement)


def _union_columns(rows: list[dict[str, Any]]) -> list[str]:
    cols: list[str] = []
    for row in rows:
        for k in row:
            if k not in cols:
                cols.append(k)
    fixed = [c for c in cols if not c.startswith(("capacity_", "sources", "source_urls"))]
    caps = sorted(c for c in cols if c.startswith("capacity_") and c != "capacity_conflict")
    tail = [c for c in ("capacity_conflict", "sources", "source_urls") if c in cols]
    fixed = [c for c in fixed if c != "capacity_conflict"]
    return fixed + caps + tail


def _place_rows(
    recset: RecordSet, geocoder: Geocoder, issues: list[Issue], placement: dict[str, str]
) -> tuple[list[dict[str, Any]], list[Point]]:
    names = [p.query or p.name for p in recset.places]
    rows, geoms = [], []
    for pm in recset.places:
        query = pm.query or pm.name
        res = geocoder(query, country=pm.country, context=[n for n in names if n != query])
        if not res.resolved:
            issues.append(
                Issue(
                    None, f"place {query!r} not found: {res.reason}", record_id=pm.id, field="name"
                )
            )
            continue
        rows.append(_place_props(pm, res, recset))
        geoms.append(Point(res.lon, res.lat))
        placement[pm.id] = "places"
    return rows, geoms


def _place_props(pm: PlaceMention, res: Any, recset: RecordSet) -> dict[str, Any]:
    return {
        "id": pm.id,
        "name": pm.name,
        "role": pm.role,
        "gazetteer_name": res.name,
        "gazetteer_id": res.id,
        "gazetteer_source": res.source,
        "feature_code": res.feature_code,
        "country_code": res.country_code,
        "admin1": res.admin1,
        "precision": res.precision,
        "uncertainty_km": res.uncertainty_km,
        "score": round(float(res.score), 4) if res.score is not None else None,
        "sources": _citation(pm.source, recset, None),
    }


def write_geojson(gdf: gpd.GeoDataFrame, path: Path | str) -> Path:
    """Write ``gdf`` as RFC 7946 GeoJSON, atomically (temp file + rename).

    Parameters
    ----------
    gdf : GeoDataFrame
        Any CRS; reprojected to EPSG:4326 when needed.
    path : Path or str
        Target ``.geojson`` file; its directory is created if missing.

    Returns
    -------
    Path
        ``path``.

    Notes
    -----
    GDAL's GeoJSON driver with ``RFC7946=YES`` writes no ``crs`` member, [lon, lat]
    order, right-hand polygons and splits geometries at ±180°; missing numbers are
    written as ``null``; other numbers with 15 significant digits.
    """
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    with atomic_path(path) as tmp:
        pyogrio.write_dataframe(gdf, tmp, driver="GeoJSON", layer_options=RFC7946_OPTIONS)
    return Path(path)


def write_layers(layerset: LayerSet, out_dir: Path | str) -> list[Path]:
    """Write every layer of ``layerset`` to ``out_dir/<name>.geojson``.

    Also writes ``out_dir/build_report.json``: where each input id went, and the
    issues of the inputs that reached no layer.

    Returns
    -------
    list of Path
        The files written.
    """
    out_dir = Path(out_dir)
    written = [
        write_geojson(layerset.layers[name], out_dir / f"{name}.geojson") for name in LAYER_NAMES
    ]
    report = {
        "placed": dict(sorted(layerset.placement.items())),
        "not_placed": [
            {
                "id": i.record_id,
                "file": str(i.path) if i.path else None,
                "field": i.field,
                "reason": i.message,
            }
            for i in layerset.issues
        ],
        "counts": {name: len(layerset.layers[name]) for name in LAYER_NAMES},
    }
    written.append(write_json_atomic(report, out_dir / "build_report.json"))
    return written
