"""Layers on Dask: records located on the workers, written as partitioned GeoParquet.

Public through :mod:`geo.layers` (:func:`write_layers_partitioned`,
:func:`records_to_geoparquet`) and used by ``geo build --dask``.  A
partitioned GeoParquet dataset is a folder of ``part.N.parquet`` files, each a
GeoParquet file (geometry WKB, EPSG:4326, lon/lat) that GeoPandas, QGIS (GDAL ≥ 3.5)
and DuckDB read as one layer. With a cluster whose workers are other machines,
the output folder must be on storage they all see (a shared disk or an object store
path that fsspec understands).
"""

from __future__ import annotations

import json
import re
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from geo.batch import GazetteerSpec, dask_spec, geocode_chunk
from geo.errors import LayerError

__all__ = ["LOCATED_COLUMNS", "records_to_geoparquet", "write_layers_partitioned"]

#: Files a partitioned GeoParquet folder written here may hold (and so may be replaced).
_DATASET_FILE = re.compile(r"part\.\d+\.parquet|_metadata|_common_metadata")


def _check_replaceable(folder: Path) -> None:
    """Refuse to replace ``folder`` unless it holds only a dataset written here."""
    if not folder.exists():
        return
    if not folder.is_dir():
        raise LayerError(
            f"{folder} is a file, not a GeoParquet folder; remove it or choose another out_dir"
        )
    other = sorted(p.name for p in folder.iterdir() if not _DATASET_FILE.fullmatch(p.name))
    if other:
        shown = ", ".join(repr(n) for n in other[:5]) + (" …" if len(other) > 5 else "")
        raise LayerError(
            f"refusing to replace {folder}: besides part.N.parquet files it holds {shown}; "
            "choose an empty or new folder, or move those files away"
        )


def _replace_folder(folder: Path, write: Callable[[Path], None]) -> None:
    """Write a dataset with ``write(tmp)`` into a sibling temp folder, then swap it in.

    The old folder (checked by :func:`_check_replaceable` first) is renamed away, the
    new one renamed in, then the old one removed: readers see the old dataset or
    the new one, never a half-written one; on error the old one stays.
    """
    _check_replaceable(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex[:12]
    tmp = folder.with_name(f".{folder.name}.tmp-{token}")
    old = folder.with_name(f".{folder.name}.old-{token}")
    try:
        write(tmp)
        if folder.exists():
            folder.rename(old)
        try:
            tmp.rename(folder)
        except OSError:
            if old.exists():
                old.rename(folder)
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


#: Columns added to each record by :func:`records_to_geoparquet`.
LOCATED_COLUMNS: tuple[str, ...] = (
    "located",
    "lat",
    "lon",
    "precision",
    "uncertainty_km",
    "gazetteer_id",
    "matched_name",
    "country_code",
    "locate_reason",
)


def _locate_partition(
    df: Any, spec: GazetteerSpec, place_column: str, context_column: str | None
) -> Any:
    """Geocode one partition's place names; return a GeoDataFrame of points."""
    import geopandas as gpd
    import pandas as pd

    rows = []
    for label, rec in zip(df.index.tolist(), df.to_dict("records"), strict=True):
        place = rec.get(place_column)
        row: dict = {"id": label, "name": place if isinstance(place, str) else None}
        if context_column and isinstance(rec.get(context_column), str):
            row["context"] = rec[context_column]
        if isinstance(rec.get("country"), str):
            row["country"] = rec["country"]
        rows.append(row)
    res = geocode_chunk(rows, spec)
    out = df.copy()
    out["located"] = pd.array([bool(r["resolved"]) for r in res], dtype="boolean")
    out["lat"] = pd.array([r["lat"] for r in res], dtype="Float64").astype("float64")
    out["lon"] = pd.array([r["lon"] for r in res], dtype="Float64").astype("float64")
    out["precision"] = pd.array([r["precision"] for r in res], dtype="Int32")
    out["uncertainty_km"] = pd.array([r["uncertainty_km"] for r in res], dtype="Float64")
    for col, key in (
        ("gazetteer_id", "gazetteer_id"),
        ("matched_name", "matched_name"),
        ("country_code", "country_code"),
        ("locate_reason", "reason"),
    ):
        out[col] = pd.array([r[key] for r in res], dtype="string")
    geom = gpd.points_from_xy(out["lon"], out["lat"], crs="EPSG:4326")
    geom = [g if ok else None for g, ok in zip(geom, out["located"].fillna(False), strict=True)]
    return gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(geom, index=out.index, crs="EPSG:4326"))


def records_to_geoparquet(
    records: Any,
    out_dir: str | Path,
    *,
    place_column: str = "place",
    context_column: str | None = None,
    npartitions: int | None = None,
    client: Any = None,
    ship_index: bool = False,
) -> dict[str, Any]:
    """Locate records by place name on Dask and write them as partitioned GeoParquet.

    Parameters
    ----------
    records : pandas.DataFrame or dask.dataframe.DataFrame
        One row per record; the index becomes the row order of the output. Needs
        ``place_column``; an optional ``country`` column (ISO alpha-2) narrows the
        search.
    out_dir : path-like
        Output folder (``part.N.parquet`` files). An existing folder is replaced
        atomically (written beside it, then swapped in), but only when it holds
        nothing but such files.
    place_column, context_column : str, keyword-only
        Column of place names; optional column of context text.
    npartitions : int, optional, keyword-only
        For a pandas input: partitions (default: one per 50,000 rows).
    client : distributed.Client, optional, keyword-only
        Cluster to run on (default: the current client, else Dask's local scheduler).
    ship_index : bool, keyword-only
        Copy the gazetteer index to the workers (see :func:`geo.batch.prepare_dask_workers`).

    Returns
    -------
    dict
        ``path``, ``parts`` (files written), ``rows``, ``located`` (rows with a point).
        Unlocated rows are kept with an empty geometry and ``locate_reason``.

    Raises
    ------
    geo.errors.LayerError
        When ``place_column`` is missing, or ``out_dir`` holds other files.
    geo.batch.BatchError
        When ``ship_index`` is set without a distributed client.
    """
    import dask.dataframe as dd
    import dask_geopandas  # noqa: F401  (registers the GeoDataFrame backend)
    import pandas as pd

    if place_column not in records.columns:
        raise LayerError(
            f"records have no column {place_column!r} (columns: {list(records.columns)!r}); "
            "pass place_column="
        )
    if isinstance(records, pd.DataFrame):
        n = npartitions or max(1, -(-len(records) // 50_000))
        records = dd.from_pandas(records, npartitions=n)
    out = Path(out_dir)
    _check_replaceable(out)  # before any work
    spec = dask_spec(client, ship_index=ship_index, spec=GazetteerSpec())
    meta = _locate_partition(records._meta, GazetteerSpec(), place_column, context_column)
    located = records.map_partitions(
        _locate_partition, spec, place_column, context_column, meta=meta
    )
    _replace_folder(out, lambda tmp: located.to_parquet(tmp, write_index=False))
    parts = sorted(out.glob("*.parquet"))
    import pyarrow.dataset as ds

    dataset = ds.dataset(out, format="parquet")
    n_rows = dataset.count_rows()
    n_located = dataset.count_rows(filter=ds.field("located"))
    return {"path": out, "parts": len(parts), "rows": n_rows, "located": n_located}


def write_layers_partitioned(
    layers: dict[str, Any],
    out_dir: str | Path,
    *,
    client: Any = None,
    rows_per_partition: int = 100_000,
) -> list[Path]:
    """Write each layer as a partitioned GeoParquet folder ``out_dir/<layer>/`` on Dask.

    Parameters
    ----------
    layers : dict of str to geopandas.GeoDataFrame
        Layers in EPSG:4326.
    out_dir : path-like
        Parent folder; each layer's folder is replaced atomically (written beside it,
        then swapped in), but only when it holds nothing but ``part.N.parquet`` files.
    client : distributed.Client, optional, keyword-only
        Where the parts are written (default: the current client, if any).
    rows_per_partition : int, keyword-only
        Rows per part file.

    Returns
    -------
    list of Path
        Every part file written, layer by layer.

    Raises
    ------
    geo.errors.LayerError
        When a layer is not in EPSG:4326, or a layer's folder holds other files.
    """
    import dask_geopandas

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, gdf in layers.items():  # check every layer before replacing any
        if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
            raise LayerError(f"layer {name!r} is in {gdf.crs}, not EPSG:4326; reproject first")
        _check_replaceable(out / name)
    for name, gdf in layers.items():
        target = out / name
        n = max(1, -(-len(gdf) // rows_per_partition))
        frame = gdf.reset_index(drop=True)
        for col in frame.columns:  # lists and dicts → JSON text (Parquet needs flat cells)
            nested = frame[col].dtype == object and col != frame.geometry.name
            if nested and frame[col].map(lambda v: isinstance(v, list | dict)).any():
                frame[col] = frame[col].map(
                    lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                )
        dgdf = dask_geopandas.from_geopandas(frame, npartitions=n)
        kwargs: dict[str, Any] = {"write_index": False}
        if client is not None:
            kwargs["compute_kwargs"] = {"scheduler": client}
        _replace_folder(target, lambda tmp, d=dgdf, kw=kwargs: d.to_parquet(tmp, **kw))
        written += sorted(target.glob("*.parquet"))
    return written
