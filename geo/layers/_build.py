"""Building the layers: each record and place mention → its layer's rows and geometry.

Records with given coordinates are placed without geocoding (the bulk of large sets);
others are located (:func:`geo.layers.locate`); routes get their border crossings
(:mod:`geo.borders`) and place mentions their points and areas.  Every input either
reaches a layer or is reported with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import Point

from geo.borders import (
    COLLAPSE_KM,
    drop_excursions,
    geodesic_circle,
    geodesic_length_km,
    route_borders_many,
    snap_to_border_many,
    split_antimeridian,
    waypoint_km,
)
from geo.errors import Issue
from geo.layers._checks import (
    border_crossing_warnings,
    countries_warnings,
    length_warning,
    river_warning,
)
from geo.layers._frame import _frame, _frame_columns, _gc_paused
from geo.layers._locate import (
    Geocoder,
    Located,
    _bad_point,
    _default_geocoder,
    context_names,
    locate,
    record_source,
)
from geo.layers._routes import RouteLine, route_line
from geo.layers._schema import (
    _REC_NAMES,
    _ROUTE_NAMES,
    _ROW_AT,
    _TAIL_NAMES,
    DEFAULT_UNCERTAINTY_KM,
    LAYER_NAMES,
    Citations,
    _citation,
    _uncertainty,
    json_list,
    location_fields,
    record_row,
)
from geo.records import Location, PlaceMention, Record, RecordSet

__all__ = ["LayerSet", "build_layers"]

#: Layers whose rows are dicts (few features); facilities and corridors use :class:`_Rows`.
_DICT_LAYERS = ("crossings", "places", "regions")


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

    def row(kind: str, source: str | None, geom: Any) -> tuple[dict[str, Any], Any]:
        return (
            {"id": rid, "name": name, "area_kind": kind, "feature_code": fc,
             "country_code": cc, "precision": prec, "uncertainty_km": unc,
             "location_source": source, "sources": sources},
            geom,
        )  # fmt: skip

    if (fc or "").upper().startswith("PCL") and cc and countries is not None:
        match = countries[countries["iso_a2"] == cc]
        if len(match):
            from geo.reference import NE_CITATION

            return row("country", NE_CITATION, match.geometry.iloc[0])
    shape = _extent_shape(p, fc, cc)
    if shape is not None:
        # issue 17: a vague area drawn as its real shape (the gazetteer's extent)
        return row("uncertainty_extent", getattr(p, "source", None), shape)
    if not unc:
        return None
    return row("uncertainty_circle", getattr(p, "source", None), geodesic_circle(p.lon, p.lat, unc))


def _extent_shape(p: Located | Any, fc: str | None, cc: str | None) -> Any:
    """The polygon a division, region, union or natural feature stands for (a river
    as a 5 km corridor: the layer holds polygons), or None (geo.reference.extent)."""
    gid = getattr(p, "gazetteer_id", None) or getattr(p, "id", None)
    if not gid or not fc:
        return None
    from geo.reference import extent

    geom = extent(gid, iso_a2=cc, feature_code=fc)
    if geom is None or geom.is_empty:
        return None
    if not geom.geom_type.endswith("Polygon"):
        geom = geom.buffer(0.05)
    return geom


class _Countries:
    """Natural Earth countries, loaded on first use."""

    def __init__(self, gdf: gpd.GeoDataFrame | None) -> None:
        self._gdf = gdf

    def get(self) -> gpd.GeoDataFrame:
        if self._gdf is None:
            from geo.reference import load_countries

            self._gdf = load_countries()
        return self._gdf


@dataclass
class _Build:
    """What :func:`build_layers` collects on its way through the records and places."""

    recset: RecordSet
    geocoder: Geocoder
    ne: _Countries
    citations: Citations
    issues: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    placement: dict[str, str] = field(default_factory=dict)
    place_placement: dict[str, str] = field(default_factory=dict)
    rows: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {n: [] for n in _DICT_LAYERS}
    )
    geoms: dict[str, list[Any]] = field(default_factory=lambda: {n: [] for n in _DICT_LAYERS})
    facilities: _Rows = field(default_factory=lambda: _Rows())
    corridors: _Rows = field(default_factory=lambda: _Rows())
    xy: list[tuple[float, float]] = field(default_factory=list)
    routes: list[tuple[Record, Any, list[Located], RouteLine]] = field(default_factory=list)
    border_posts: list[tuple[Record, float, float]] = field(default_factory=list)

    def add_region(self, rid: str, name: str, p: Located | Any, sources: str | None) -> None:
        reg = _region_row(rid, name, p, sources, self.ne.get())
        if reg:
            self.rows["regions"].append(reg[0])
            self.geoms["regions"].append(reg[1])


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
    b = _Build(recset, geocoder or _default_geocoder(), _Countries(countries), Citations(recset))
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
            _add_given_point(b, rec, loc)
        else:
            _add_located(b, rec)
    corridor_geoms = _corridor_rows(b)
    _border_post_warnings(b)
    _place_rows(b)
    return LayerSet(
        layers=_frames(b, corridor_geoms),
        issues=b.issues,
        placement=b.placement,
        warnings=b.warnings,
        place_placement=b.place_placement,
    )


def _add_given_point(b: _Build, rec: Record, loc: Location) -> None:
    """A facility at given coordinates: no geocoding, one point (the bulk of large sets)."""
    precision = loc.precision or 1
    unc = loc.uncertainty_km
    if unc is None and precision >= 3:
        unc = DEFAULT_UNCERTAINTY_KM.get(precision)
    src = record_source(loc.source)
    row, caps = record_row(rec, (precision, unc, "coordinates", src, None), citations=b.citations)
    b.facilities.add(row, caps)
    b.xy.append((loc.lon, loc.lat))
    b.placement[rec.id] = "facilities"
    if rec.type == "border_crossing":
        b.border_posts.append((rec, loc.lon, loc.lat))
    if precision >= 4:  # an area given by its centre
        p = locate(loc, geocoder=b.geocoder)
        b.add_region(rec.id, rec.name, p, row[_ROW_AT["sources"]])


def _add_located(b: _Build, rec: Record) -> None:
    """A route (kept for :func:`_corridor_rows`) or a facility located by the gazetteer,
    or the issue why it reaches no layer."""
    loc = rec.location
    path = b.recset.origin.get(rec.id)
    ctx = context_names(rec)
    if rec.route is not None:
        pts = [
            locate(w, geocoder=b.geocoder, context=ctx, countries=b.ne.get)
            for w in rec.route.waypoints
        ]
        bad = [(i, p) for i, p in enumerate(pts) if isinstance(p, str)]
        if bad:
            for i, why in bad:
                b.issues.append(Issue(path, why, record_id=rec.id, field=f"route.waypoints.{i}"))
            return
        drawn = route_line(rec, pts)  # type: ignore[arg-type]
        geom = split_antimeridian(drawn.line)
        b.routes.append((rec, geom, pts, drawn))  # type: ignore[arg-type]
        b.placement[rec.id] = "corridors"
    elif loc is not None:
        p = locate(loc, geocoder=b.geocoder, context=ctx, countries=b.ne.get)
        if isinstance(p, str):
            fld = "location" if loc.lat is not None else "location.place"
            b.issues.append(Issue(path, p, record_id=rec.id, field=fld))
            return
        row, caps = record_row(rec, location_fields([p]), citations=b.citations)
        b.facilities.add(row, caps)
        b.xy.append((p.lon, p.lat))
        b.placement[rec.id] = "facilities"
        if rec.type == "border_crossing":
            b.border_posts.append((rec, p.lon, p.lat))
        if _is_area(p.feature_code, p.precision):
            b.add_region(rec.id, rec.name, p, row[_ROW_AT["sources"]])
    else:
        b.issues.append(
            Issue(path, "no location or route: add one so it can be mapped", record_id=rec.id)
        )


def _frames(b: _Build, corridor_geoms: list[Any]) -> dict[str, gpd.GeoDataFrame]:
    """The collected rows as one typed GeoDataFrame per layer, in :data:`LAYER_NAMES` order."""
    fac_xy = np.array(b.xy, dtype=float).reshape(-1, 2)
    layers = {}
    for name, part, gs in (
        ("facilities", b.facilities, shapely.points(fac_xy)),
        ("corridors", b.corridors, corridor_geoms),
    ):
        cols, n = part.columns()
        layers[name] = _frame_columns(name, cols, n, gs, sorted(part.caps))
    for name in _DICT_LAYERS:
        layers[name] = _frame(name, b.rows[name], b.geoms[name])
    return {name: layers[name] for name in LAYER_NAMES}


def _corridor_rows(b: _Build) -> list[Any]:
    """Corridor rows, their border crossings and warnings; returns the corridor lines."""
    if not b.routes:
        return []
    lines = [g for _, g, _, _ in b.routes]
    borders = route_borders_many(lines, countries=b.ne.get())
    settled = [
        _drop_excursions(rec, pts, rb, drawn)
        for (rec, _, pts, drawn), rb in zip(b.routes, borders, strict=True)
    ]
    borders = snap_to_border_many(
        lines, [rb for rb, _ in settled], [rec.countries for rec, _, _, _ in b.routes],
        countries=b.ne.get(),
    )  # fmt: skip
    for (rec, geom, pts, drawn), rb, (_, note) in zip(b.routes, borders, settled, strict=True):
        located = pts if drawn.geometry_source == "waypoints" else [_gem_located(drawn), *pts]
        row, caps = record_row(rec, location_fields(located), citations=b.citations)
        geodesic = geodesic_length_km(geom)
        texts = _route_warnings(rec, geom, geodesic, rb, drawn, note)
        path = b.recset.origin.get(rec.id)
        b.warnings += [Issue(path, t, record_id=rec.id, field=f) for f, t in texts]
        b.corridors.add(row, caps)
        b.corridors.route.append(
            (
                drawn.accuracy,
                rec.length_km,  # only a stated length: never the drawn one
                rec.length_source and _citation(rec.length_source, b.recset, rec),
                geodesic,
                ",".join(rb.countries) or None,
                len(rb.crossings),
                drawn.geometry_source,
                ",".join(drawn.gem_ids) or None,
                _gem_attribution() if drawn.gem_ids else None,
                "; ".join(t for _, t in texts) or None,
            )
        )
        _add_crossings(b, rec, row, rb)
    return lines


def _gem_attribution() -> str:
    from geo.reference import GEM_ATTRIBUTION

    return GEM_ATTRIBUTION


def _gem_located(drawn: RouteLine) -> Located:
    """Where a GEM-drawn line's position comes from, for ``location_*`` fields."""
    x, y = drawn.line.coords[0]
    return Located(
        lat=y,
        lon=x,
        precision=2,  # a traced route: near the real line, not surveyed
        uncertainty_km=None,
        method="gem",
        source="gem:" + ",".join(drawn.gem_ids),
    )


def _route_warnings(
    rec: Record, geom: Any, geodesic: float, rb: Any, drawn: RouteLine, note: str | None
) -> list[tuple[str, str]]:
    """(field, text) of every geometry warning of a corridor, in a stable order."""
    where = "route.gem" if drawn.gem_ids else "route.waypoints"
    out = [(where, t) for t in drawn.notes]
    if note:
        out.append((where, note))
    if geodesic == 0:
        out.append(
            (where, "route has zero length (its waypoints are one point): drawn as a "
             "degenerate line; check the waypoints")
        )  # fmt: skip
    long = length_warning(rec.length_km, geodesic)
    if long:
        out.append(("length_km", long))
    out += [("countries", t) for t in countries_warnings(rec.countries, rb.countries,
                                                         len(rb.crossings))]  # fmt: skip
    if rec.crosses:
        river = river_warning(geom, rec.crosses)
        if river:
            out.append(("crosses", river))
    return out


def _border_post_warnings(b: _Build) -> None:
    """A warning for each border crossing facility far from any land border."""
    if not b.border_posts:
        return
    lons = [lon for _, lon, _ in b.border_posts]
    lats = [lat for _, _, lat in b.border_posts]
    texts = border_crossing_warnings(lons, lats, b.ne.get())
    for (rec, _, _), why in zip(b.border_posts, texts, strict=True):
        if why:
            path = b.recset.origin.get(rec.id)
            b.warnings.append(Issue(path, why, record_id=rec.id, field="location"))


def _add_crossings(b: _Build, rec: Record, row: tuple[Any, ...], rb: Any) -> None:
    """One crossings-layer point per border crossing of the corridor ``rec``."""
    from geo.reference import NE_CITATION

    for k, x in enumerate(rb.crossings, start=1):
        b.rows["crossings"].append(
            {
                "id": f"{rec.id}-x{k}",
                "name": f"{rec.name}: {x.from_country} → {x.to_country}",
                "corridor_id": rec.id,
                "type": row[_ROW_AT["type"]],
                "mode": row[_ROW_AT["mode"]],
                "status": row[_ROW_AT["status"]],
                "from_country": x.from_country,
                "to_country": x.to_country,
                "kind": x.kind,
                "snap_km": x.snap_km,
                "km_from_start": x.km_from_start,
                "precision": row[_ROW_AT["precision"]],
                "uncertainty_km": row[_ROW_AT["uncertainty_km"]],
                "location_source": NE_CITATION,
                "sources": row[_ROW_AT["sources"]],
            }
        )
        b.geoms["crossings"].append(Point(x.lon, x.lat))


def _drop_excursions(
    rec: Record, pts: Sequence[Located], rb: Any, drawn: RouteLine
) -> tuple[Any, str | None]:
    """Drop crossing artefacts of straight lines (:func:`geo.borders.drop_excursions`).

    Returns the :class:`~geo.borders.RouteBorders` without them and a note on what was
    dropped (short routes are then snapped: :func:`geo.borders.snap_to_border_many`).
    """
    note = None
    if len(rb.crossings) >= 2:
        wkm = waypoint_km([p.lon for p in pts], [p.lat for p in pts])
        accuracy = rec.route.accuracy if rec.route else None  # type: ignore[union-attr]
        if drawn.geometry_source == "gem":
            # a traced line: its crossings are real, only border noise is dropped
            wkm, accuracy = [], "high"
        rb, dropped = drop_excursions(rb, waypoint_km=wkm, accuracy=str(accuracy))
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


def _place_rows(b: _Build) -> None:
    """The places layer (and the regions of places that are areas) from the place mentions."""
    recset = b.recset
    names = [p.query or p.name for p in recset.places]
    for pm in recset.places:
        query = pm.query or pm.name
        res = b.geocoder(query, country=pm.country, context=[n for n in names if n != query])
        why = None if not res.resolved else _bad_point(res.lat, res.lon)
        if not res.resolved or why:
            why = f"not found: {res.reason}" if not res.resolved else f"the gazetteer gave {why}"
            b.issues.append(Issue(None, f"place {query!r} {why}", record_id=pm.id, field="name"))
            continue
        props = _place_props(pm, res, recset)
        b.rows["places"].append(props)
        b.geoms["places"].append(Point(res.lon, res.lat))
        b.place_placement[pm.id] = "places"
        if _is_area(res.feature_code, res.precision):
            reg = _region_row(pm.id, pm.name, res, props["sources"], b.ne.get())
            if reg:
                reg[0]["location_source"] = props["location_source"]
                if reg[0]["area_kind"] == "country":
                    from geo.reference import NE_CITATION

                    reg[0]["location_source"] = NE_CITATION
                b.rows["regions"].append(reg[0])
                b.geoms["regions"].append(reg[1])


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
    return json_list([src.url]) if src is not None and src.url else None
