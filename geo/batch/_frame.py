"""Geocoding a dask (or pandas) DataFrame, partition by partition."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geo.batch._dask import dask_spec
from geo.batch._formats import _FLOAT_COLUMNS, OUTPUT_COLUMNS, BatchError, _flat
from geo.batch._readers import _clean
from geo.batch._workers import GazetteerSpec, geocode_chunk

__all__ = ["geocode_dataframe"]


def _frame(rows: list[dict], index: Any = None) -> Any:
    import pandas as pd

    flat = [_flat(r) for r in rows]
    df = pd.DataFrame(flat, columns=list(OUTPUT_COLUMNS), index=index)
    return df.astype(_pandas_dtypes())


def _pandas_dtypes() -> dict[str, str]:
    d = {c: "string" for c in OUTPUT_COLUMNS}
    d.update({c: "float64" for c in _FLOAT_COLUMNS})
    d["resolved"] = "boolean"
    d["precision"] = "Int32"
    return d


def _geocode_pandas(
    df: Any,
    spec: GazetteerSpec,
    columns: dict[str, str],
    country: str | None,
) -> Any:
    rows = []
    for label, rec in zip(df.index.tolist(), df.to_dict("records"), strict=True):
        row = {k: rec.get(col) for k, col in columns.items() if col in rec}
        for k, v in list(row.items()):
            if v is not None and not isinstance(v, str | list | tuple | dict | int | float):
                row[k] = v.tolist() if hasattr(v, "tolist") else v
            try:
                if v != v:  # NaN / NA
                    row[k] = None
            except (TypeError, ValueError):
                pass
        rows.append(_clean(row, label, country))  # no id: the index label
    return _frame(geocode_chunk(rows, spec), index=df.index)


def geocode_dataframe(
    ddf: Any,
    *,
    id_column: str = "id",
    name_column: str = "name",
    context_column: str | None = "context",
    country_column: str | None = "country",
    near_column: str | None = "near",
    country: str | None = None,
    client: Any = None,
    ship_index: bool = False,
    index_path: str | Path | None = None,
    seeds_dir: str | Path | None = None,
) -> Any:
    """Geocode a dask (or pandas) DataFrame of names, partition by partition.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame or pandas.DataFrame
        One row per name; the columns below (those absent are ignored, except the
        name column).
    id_column, name_column, context_column, country_column, near_column : str,
    keyword-only
        Column names. ``near`` holds ``"LAT,LON"`` or ``[lat, lon]`` (EPSG:4326).
    country : str, optional, keyword-only
        Default country for rows without one.
    client : distributed.Client, optional, keyword-only
        Checked (index fingerprints) or given the shipped index; default: the
        current client, if any.
    ship_index : bool, keyword-only
        Copy the index and curated seeds to the workers (needs a client).
    index_path, seeds_dir : path-like, optional, keyword-only
        Gazetteer index and curated seeds.

    Returns
    -------
    dask.dataframe.DataFrame or pandas.DataFrame
        Lazy (for a dask input), one row per input row with the input's index and
        the columns :data:`OUTPUT_COLUMNS`; ``candidates``/``parts`` as JSON text.
        The same values, row for row, as :func:`geocode_file` on the same rows.

    Raises
    ------
    BatchError
        When ``name_column`` is not a column.
    """
    if name_column not in ddf.columns:
        raise BatchError(
            f"no column {name_column!r} among {list(ddf.columns)!r}; pass name_column="
        )
    columns = {"id": id_column, "name": name_column}
    for k, col in (("context", context_column), ("country", country_column), ("near", near_column)):
        if col and col in ddf.columns:
            columns[k] = col
    spec = GazetteerSpec(
        str(index_path) if index_path is not None else None,
        str(seeds_dir) if seeds_dir is not None else None,
    )
    import pandas as pd

    if isinstance(ddf, pd.DataFrame):
        return _geocode_pandas(ddf, spec, columns, country)
    spec = dask_spec(client, ship_index=ship_index, spec=spec)
    meta = _frame([])
    return ddf.map_partitions(_geocode_pandas, spec, columns, country, meta=meta)
