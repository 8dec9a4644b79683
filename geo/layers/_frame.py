"""Columns → typed GeoDataFrames by the layer's schema, sorted by id.

Each field gets the pandas dtype GDAL writes as its schema type (String, Integer64,
Real, Boolean), whatever mix of Python values a record gave; a value that does not
fit raises :class:`~geo.errors.LayerError` naming the layer, record and field.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import importlib.util
import operator
from collections.abc import Iterator, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.errors import LayerError
from geo.layers._schema import _TAIL_FIELDS, SCHEMAS


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
    if ftype == "date":  # ISO YYYY-MM-DD texts in memory; typed Date when written
        ftype = "str"
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
def _have_arrow() -> bool:
    """pyarrow is installed: pyogrio then writes through Arrow (same files, faster)."""
    return importlib.util.find_spec("pyarrow") is not None


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
