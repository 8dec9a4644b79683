"""The unit of work of every engine: a chunk of rows geocoded (and encoded) in one process.

Each process keeps one read-only gazetteer per :class:`GazetteerSpec` and a bounded
cache of answers.
"""

from __future__ import annotations

import csv
import io
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.batch._formats import OUTPUT_COLUMNS, _arrow_table, _flat, csv_safe

__all__ = ["RESULT_CACHE_SIZE", "GazetteerSpec", "geocode_chunk", "geocode_encoded"]

#: Per-process cache of answers, keyed by (name, country, near, context).
RESULT_CACHE_SIZE = 20_000


@dataclass(frozen=True)
class GazetteerSpec:
    """Which gazetteer a worker opens (picklable; resolved in the worker).

    Attributes
    ----------
    index_path : str or None
        SQLite index file; ``None``: the worker's default (its own user cache, built
        on first use when missing).
    seeds_dir : str or None
        Curated entries; ``None``: the worker's default (``$GEO_SEEDS``, else
        ``./seeds/gazetteer``, else the folder beside the package).
    shipped : str or None
        Folder name under the Dask worker's local directory holding a shipped
        ``index.sqlite`` and ``seeds/`` (see ``ship_index``); overrides the two above.
    """

    index_path: str | None = None
    seeds_dir: str | None = None
    shipped: str | None = None


_WORKER_GZ: dict[GazetteerSpec, Any] = {}
_WORKER_CACHE: dict[GazetteerSpec, OrderedDict] = {}
_WORKER_LOCK = threading.Lock()


def _gazetteer(spec: GazetteerSpec) -> Any:
    """The worker process's gazetteer for ``spec`` (opened once, read-only)."""
    with _WORKER_LOCK:
        gz = _WORKER_GZ.get(spec)
        if gz is None:
            from geo.gazetteer import Gazetteer, default_gazetteer

            if spec.shipped:
                from distributed import get_worker

                base = Path(get_worker().local_directory) / spec.shipped
                seeds = base / "seeds"
                gz = Gazetteer(base / "index.sqlite", seeds_dir=seeds, build=False)
            elif spec.index_path is None and spec.seeds_dir is None:
                gz = default_gazetteer()
            else:
                gz = Gazetteer(spec.index_path, seeds_dir=spec.seeds_dir, build=False)
            _WORKER_GZ[spec] = gz
            _WORKER_CACHE[spec] = OrderedDict()
        return gz


def _fresh_worker() -> None:
    """Process-pool initializer: forget gazetteers inherited through ``fork``."""
    from geo.gazetteer import forget_gazetteers

    _WORKER_GZ.clear()
    _WORKER_CACHE.clear()
    forget_gazetteers()


def _freeze(v: Any) -> Any:
    if isinstance(v, list | tuple):
        return tuple(_freeze(x) for x in v)
    if isinstance(v, dict):
        return tuple(sorted((k, _freeze(x)) for k, x in v.items()))
    return v


def _error_row(row: dict) -> dict:
    out = dict.fromkeys(OUTPUT_COLUMNS)
    out.update(id=row.get("id"), name=row.get("name"), resolved=False, reason=row["_error"])
    out["candidates"] = []
    out["parts"] = []
    return out


def geocode_chunk(rows: list[dict], spec: GazetteerSpec | None = None) -> list[dict]:
    """Geocode a list of input rows in this process; the unit of work of every engine.

    Parameters
    ----------
    rows : list of dict
        ``{"id", "name", "context"?, "country"?, "near"?}``; a row with ``_error``
        becomes an unresolved output row carrying that reason.
    spec : GazetteerSpec, optional
        Which index to open; default: this process's default gazetteer.

    Returns
    -------
    list of dict
        One row per input row, same order, keys :data:`OUTPUT_COLUMNS`.
    """
    spec = spec or GazetteerSpec()
    gz = _gazetteer(spec)
    cache = _WORKER_CACHE[spec]
    out: list[dict] = []
    for row in rows:
        if "_error" in row:
            out.append(_error_row(row))
            continue
        try:
            key = (
                row.get("name"),
                _freeze(row.get("country")),
                _freeze(row.get("near")),
                _freeze(row.get("context")),
            )
            hash(key)
        except TypeError:
            key = None
        hit = cache.get(key) if key is not None else None
        if hit is not None:
            cache.move_to_end(key)
            res = dict(hit)
            res["id"] = row.get("id")
        else:
            res = next(iter(gz.geocode_many([row])))
            if key is not None:
                cache[key] = res
                if len(cache) > RESULT_CACHE_SIZE:
                    cache.popitem(last=False)
            res = dict(res)
        out.append(res)
    return out


@dataclass
class _Encoded:
    """A geocoded chunk, already encoded for the output (work done on the worker)."""

    n_rows: int
    n_resolved: int
    payload: Any  # str (JSONL lines, CSV rows) or pyarrow.Table (Parquet)


def _encode(results: list[dict], fmt: str) -> _Encoded:
    n_ok = sum(bool(r.get("resolved")) for r in results)
    if fmt == "jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results)
        return _Encoded(len(results), n_ok, text)
    if fmt == "csv":
        buf = io.StringIO()
        csv.DictWriter(buf, OUTPUT_COLUMNS).writerows(
            {k: csv_safe(v) for k, v in _flat(r).items()} for r in results
        )
        return _Encoded(len(results), n_ok, buf.getvalue())
    return _Encoded(len(results), n_ok, _arrow_table([_flat(r) for r in results]))


def geocode_encoded(rows: list[dict], spec: GazetteerSpec | None, fmt: str) -> _Encoded:
    """:func:`geocode_chunk`, then encode for ``fmt`` (so workers, not the writer, encode)."""
    return _encode(geocode_chunk(rows, spec), fmt)
