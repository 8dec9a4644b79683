"""Streaming batch geocoding: CSV, JSONL or Parquet of any size, on one machine or on Dask.

::

    IN.csv|.jsonl|.parquet ──chunks──▶ geocode (1 process | N processes | Dask workers)
        ──in input order──▶ OUT.jsonl|.csv|.parquet   (resumable: a rerun skips written ids)

Input rows carry ``id``, ``name`` and optionally ``context`` (free text or the other
place names), ``country`` (ISO 3166-1 alpha-2 or a name) and ``near``
(``"LAT,LON"`` or ``[lat, lon]``, EPSG:4326 degrees). A row without an ``id`` gets a
text id naming its place in the input, ``"line:5"`` (JSONL and CSV: the 1-based line
number) or ``"row:5"`` (Parquet: the 1-based row number), which never collides with a
numeric id of another row. An id used by several input rows is kept on each of them (no
row is lost); the run counts such rows (``BatchSummary.n_duplicate_ids``) and the CLI
warns with the count and a few of the ids. A ``country`` that names no country (``"ZZ"``)
gives that row ``resolved=false`` and the reason; ``--country`` is checked before the
run.

Each output row is :meth:`geo.gazetteer.Gazetteer.geocode_many`'s answer: the input
``id`` and ``name``, ``lat``/``lon`` (EPSG:4326, ``null`` when unresolved), ``resolved``,
``reason``, ``precision`` (IATI code), ``candidates`` … (:data:`OUTPUT_COLUMNS`). CSV and
Parquet hold ``candidates`` and ``parts`` as JSON text and ``id`` as text. Every input
row reaches the output, unreadable ones with ``resolved=false`` and the reason.

Memory stays flat whatever the input size: rows are read, geocoded and written one
chunk at a time, with a bounded number of chunks in flight; only the ids already
written are kept (for resuming). Output goes to ``OUT.partial`` (JSONL, CSV) or the
directory ``OUT.partial/`` (Parquet parts), flushed chunk by chunk, and is renamed
onto ``OUT`` when the input is exhausted.

Workers open the gazetteer's SQLite index read-only: process workers the parent's
index file; Dask workers their own cache (checked to hold the same source versions)
or a copy shipped to them (``ship_index=True``). Results are the same row for row
whichever way a batch runs: the geocoder is a pure function of
(name, country, near, context) and the index.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
import threading
import time
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.errors import GeoError

__all__ = [
    "INPUT_FORMATS",
    "OUTPUT_COLUMNS",
    "BatchError",
    "BatchSummary",
    "GazetteerSpec",
    "connect_dask",
    "count_rows",
    "detect_format",
    "geocode_chunk",
    "geocode_dataframe",
    "geocode_file",
    "read_chunks",
]

#: File suffix → format name, for input and output.
INPUT_FORMATS: dict[str, str] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}

#: Columns of every output row, in order (as yielded by ``Gazetteer.geocode_many``).
OUTPUT_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "lat",
    "lon",
    "gazetteer_id",
    "matched_name",
    "query",
    "resolved",
    "reason",
    "country_code",
    "admin1",
    "source",
    "feature_code",
    "precision",
    "uncertainty_km",
    "score",
    "match",
    "candidates",
    "parts",
    "distance_km",
)
_JSON_COLUMNS = ("candidates", "parts")
_FLOAT_COLUMNS = ("lat", "lon", "uncertainty_km", "score", "distance_km")

#: Rows per chunk (a task for a worker); 2,000 keeps each task near one second.
DEFAULT_CHUNK_ROWS = 2000
#: Per-process cache of answers, keyed by (name, country, near, context).
RESULT_CACHE_SIZE = 20_000


#: Seconds to wait for a Dask scheduler to answer before giving up.
DASK_CONNECT_TIMEOUT_S = 5.0


class BatchError(GeoError):
    """A batch input or output that cannot be read, written or resumed."""


def connect_dask(address: str, *, timeout_s: float = DASK_CONNECT_TIMEOUT_S) -> Any:
    """Connect to a running Dask scheduler.

    Parameters
    ----------
    address : str
        ``tcp://HOST:PORT`` (``HOST:PORT`` is read as TCP).
    timeout_s : float, keyword-only
        How long to wait for the scheduler (default :data:`DASK_CONNECT_TIMEOUT_S`).

    Returns
    -------
    distributed.Client

    Raises
    ------
    BatchError
        When the address has no port, or no scheduler answers there in time.
    """
    addr = address.strip()
    if "://" not in addr:
        addr = "tcp://" + addr
    scheme, _, hostport = addr.partition("://")
    host, _, port = hostport.rpartition(":")
    if scheme in ("tcp", "tls") and (not host or not port.isdigit()):
        raise BatchError(
            f"--dask {address!r}: give the scheduler's address with its port, "
            "e.g. tcp://127.0.0.1:8786 (the port `dask scheduler` prints)"
        )
    try:
        from distributed import Client
    except ImportError as exc:
        raise BatchError(
            "--dask needs the 'distributed' package: pip install 'dask[distributed]'"
        ) from exc
    try:
        return Client(addr, timeout=timeout_s)
    except (OSError, TimeoutError, ValueError) as exc:
        raise BatchError(
            f"no Dask scheduler answers at {addr} within {timeout_s:g} s "
            f"({type(exc).__name__}); start one with `dask scheduler` or fix --dask"
        ) from exc


# ---------------------------------------------------------------------------- formats


def detect_format(path: str | Path, fmt: str | None = None) -> str:
    """Return ``"jsonl"``, ``"csv"`` or ``"parquet"`` for ``path`` (or check ``fmt``).

    Raises
    ------
    BatchError
        When the suffix is not one of :data:`INPUT_FORMATS` and no ``fmt`` is given.
    """
    if fmt:
        f = fmt.lower().lstrip(".")
        f = INPUT_FORMATS.get("." + f, f)
        if f not in {"jsonl", "csv", "parquet"}:
            raise BatchError(f"format {fmt!r} is not one of jsonl, csv, parquet")
        return f
    if str(path) == "-":
        return "jsonl"
    suffix = Path(path).suffix.lower()
    if suffix not in INPUT_FORMATS:
        raise BatchError(
            f"{path}: cannot tell the format from the suffix {suffix!r}; rename it "
            "to .jsonl, .csv or .parquet, or give '-' for JSONL on stdin or stdout"
        )
    return INPUT_FORMATS[suffix]


def count_rows(path: str | Path, fmt: str | None = None) -> int | None:
    """Return the number of data rows in ``path`` (cheap: line count or Parquet footer).

    JSONL counts lines, CSV lines less the header (a quoted field spanning lines
    makes it an over-estimate); ``None`` for stdin.
    """
    if str(path) == "-":
        return None
    fmt = detect_format(path, fmt)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    n = 0
    last = b"\n"
    with open(path, "rb") as fh:
        while block := fh.read(1 << 22):
            n += block.count(b"\n")
            last = block[-1:]
    n += last != b"\n"
    return max(n - 1, 0) if fmt == "csv" else n


def _clean(row: dict, rownum: Any, country: str | None) -> dict:
    """Fill a missing id with the row's place (``rownum``, e.g. ``"line:5"``), empty
    strings with None, and the default country."""
    out = {k: (None if v == "" else v) for k, v in row.items()}
    if out.get("id") is None:
        out["id"] = rownum
    near = out.get("near")
    if isinstance(near, str):
        try:
            # "LAT,LON", "LAT;LON" or a list as text ("[50.2, 127.5]", as dask's
            # string conversion leaves a list column)
            lat_s, lon_s = near.strip().strip("[]()").replace(";", ",").split(",")
            out["near"] = [float(lat_s), float(lon_s)]
        except ValueError:
            out["_error"] = f"row {rownum}: near={near!r} is not 'LAT,LON' in degrees"
    if country and not out.get("country"):
        out["country"] = country
    return out


def _read_jsonl(fh: Iterable[str], country: str | None) -> Iterator[dict]:
    for lineno, line in enumerate(fh, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield {
                "id": f"line:{lineno}",
                "name": None,
                "_error": f"line {lineno}: not JSON ({exc})",
            }
            continue
        if not isinstance(row, dict):
            yield {
                "id": f"line:{lineno}",
                "name": None,
                "_error": f"line {lineno}: not a JSON object",
            }
            continue
        yield _clean(row, f"line:{lineno}", country)


def _read_csv(fh: io.TextIOBase, path: str | Path, country: str | None) -> Iterator[dict]:
    reader = csv.DictReader(fh)
    if reader.fieldnames is None:
        return
    if "name" not in reader.fieldnames:
        raise BatchError(
            f"{path}: the CSV header {reader.fieldnames!r} has no 'name' column; "
            "give columns id,name[,context,country,near]"
        )
    for row in reader:
        row.pop(None, None)  # surplus cells of a ragged line
        yield _clean(row, f"line:{reader.line_num}", country)


def _read_parquet(path: str | Path, chunk_rows: int, country: str | None) -> Iterator[dict]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    if "name" not in pf.schema_arrow.names:
        raise BatchError(
            f"{path}: the Parquet columns {pf.schema_arrow.names!r} have no 'name'; "
            "give columns id, name[, context, country, near]"
        )
    n = 0
    for batch in pf.iter_batches(batch_size=chunk_rows):
        for row in batch.to_pylist():
            n += 1
            yield _clean(row, f"row:{n}", country)


def read_chunks(
    path: str | Path,
    *,
    fmt: str | None = None,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    country: str | None = None,
) -> Iterator[list[dict]]:
    """Yield the input rows in lists of at most ``chunk_rows``, streaming.

    Parameters
    ----------
    path : path-like
        ``.jsonl``/``.ndjson``, ``.csv`` (UTF-8, header row) or ``.parquet``;
        ``"-"`` reads JSONL from stdin.
    fmt : {"jsonl", "csv", "parquet"}, optional, keyword-only
        Overrides the suffix.
    chunk_rows : int, keyword-only
        Rows per list.
    country : str, optional, keyword-only
        Default ``country`` for rows without one.

    Yields
    ------
    list of dict
        Rows with at least ``id``; an unreadable row carries ``_error`` (its reason).

    Raises
    ------
    BatchError
        When the file is missing or its header has no ``name`` column.
    """
    fmt = detect_format(path, fmt)
    if str(path) != "-" and not Path(path).exists():
        raise BatchError(f"input {path} does not exist")
    if fmt == "parquet":
        rows: Iterator[dict] = _read_parquet(path, chunk_rows, country)
        fh = None
    elif str(path) == "-":
        fh = None
        rows = _read_jsonl(sys.stdin, country)
    else:
        fh = open(path, encoding="utf-8-sig", newline="" if fmt == "csv" else None)  # noqa: SIM115
        rows = _read_jsonl(fh, country) if fmt == "jsonl" else _read_csv(fh, path, country)
    try:
        chunk: list[dict] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= chunk_rows:
                yield chunk
                chunk = []
        if chunk:
            yield chunk
    except UnicodeDecodeError as exc:
        raise BatchError(f"{path}: not UTF-8 text ({exc}); save it as UTF-8") from exc
    finally:
        if fh is not None:
            fh.close()


# ---------------------------------------------------------------------------- workers


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
    import geo.gazetteer as gazetteer

    _WORKER_GZ.clear()
    _WORKER_CACHE.clear()
    gazetteer._instances.clear()


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
        csv.DictWriter(buf, OUTPUT_COLUMNS).writerows(_flat(r) for r in results)
        return _Encoded(len(results), n_ok, buf.getvalue())
    return _Encoded(len(results), n_ok, _arrow_table([_flat(r) for r in results]))


def geocode_encoded(rows: list[dict], spec: GazetteerSpec | None, fmt: str) -> _Encoded:
    """:func:`geocode_chunk`, then encode for ``fmt`` (so workers, not the writer, encode)."""
    return _encode(geocode_chunk(rows, spec), fmt)


# ---------------------------------------------------------------------------- writers


def _key(v: Any) -> str:
    return str(v)


def _flat(row: dict) -> dict:
    """A row for CSV/Parquet: JSON text for lists, id as text."""
    out = {c: row.get(c) for c in OUTPUT_COLUMNS}
    for c in _JSON_COLUMNS:
        out[c] = json.dumps(out[c] or [], ensure_ascii=False, separators=(",", ":"))
    out["id"] = None if out["id"] is None else str(out["id"])
    return out


class _Writer:
    """Append-only, resumable output: ``OUT.partial`` until :meth:`finish`."""

    def __init__(self, path: Path, fmt: str) -> None:
        self.path = path
        self.fmt = fmt
        self.partial = path.with_name(path.name + ".partial")
        self.done: Counter[str] = Counter()
        self.n_existing = 0

    # -- resume
    def open(self, *, resume: bool) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not resume:
            self._remove(self.partial)
        elif not self.partial.exists() and self.path.exists():
            # a finished output: continue it (new ids in the input get appended)
            if self.fmt == "parquet":
                self.partial.mkdir()
                os.replace(self.path, self.partial / "part-000000.parquet")
            else:
                os.replace(self.path, self.partial)
        if self.fmt == "parquet":
            self._open_parquet()
        else:
            self._open_text()

    @staticmethod
    def _remove(p: Path) -> None:
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()

    def _open_text(self) -> None:
        if self.partial.exists():
            with open(self.partial, "rb+") as fh:
                data_end = fh.seek(0, os.SEEK_END)
                # drop a torn last line (the writer was killed mid-line)
                pos = data_end
                while pos > 0:
                    step = min(pos, 1 << 16)
                    fh.seek(pos - step)
                    block = fh.read(step)
                    i = block.rfind(b"\n")
                    if i >= 0:
                        pos = pos - step + i + 1
                        break
                    pos -= step
                if pos != data_end:
                    fh.truncate(pos)
            with open(self.partial, encoding="utf-8", newline="") as fh:
                if self.fmt == "jsonl":
                    for lineno, line in enumerate(fh, start=1):
                        if line.strip():
                            try:
                                self.done[_key(json.loads(line).get("id"))] += 1
                            except (json.JSONDecodeError, AttributeError) as exc:
                                raise BatchError(
                                    f"{self.partial}: line {lineno} is not an output row "
                                    f"({exc}); delete the file to start over"
                                ) from exc
                else:
                    for r in csv.DictReader(fh):
                        self.done[_key(r.get("id"))] += 1
            self.n_existing = sum(self.done.values())
            self.fh = open(self.partial, "a", encoding="utf-8", newline="")  # noqa: SIM115
            self.csv = csv.DictWriter(self.fh, OUTPUT_COLUMNS) if self.fmt == "csv" else None
        else:
            self.fh = open(self.partial, "w", encoding="utf-8", newline="")  # noqa: SIM115
            self.csv = csv.DictWriter(self.fh, OUTPUT_COLUMNS) if self.fmt == "csv" else None
            if self.csv is not None:
                self.csv.writeheader()

    def _open_parquet(self) -> None:
        import pyarrow.parquet as pq

        self.partial.mkdir(exist_ok=True)
        self.n_parts = 0
        for part in sorted(self.partial.glob("part-*.parquet")):
            try:
                ids = pq.read_table(part, columns=["id"]).column("id").to_pylist()
            except Exception:  # a part torn by a kill: its rows are redone
                part.unlink()
                continue
            for i in ids:
                self.done[_key(i)] += 1
            self.n_parts += 1
        for tmp in self.partial.glob("*.tmp"):
            tmp.unlink()
        self.n_existing = sum(self.done.values())
        self.buffer: list[Any] = []

    def skip(self, row: dict) -> bool:
        """True when ``row``'s id is already in the output (consumes one occurrence)."""
        if not self.done:
            return False
        k = _key(row.get("id"))
        if self.done.get(k, 0) > 0:
            self.done[k] -= 1
            if not self.done[k]:
                del self.done[k]
            return True
        return False

    # -- write
    def write(self, enc: _Encoded) -> None:
        if self.fmt == "parquet":
            self.buffer.append(enc.payload)
            if sum(t.num_rows for t in self.buffer) >= 50_000:
                self._flush_part()
        else:
            self.fh.write(enc.payload)
            self.fh.flush()

    def _flush_part(self) -> None:
        if not self.buffer:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.concat_tables(self.buffer)
        part = self.partial / f"part-{self.n_parts:06d}.parquet"
        tmp = part.with_name(part.name + ".tmp")
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, part)
        self.n_parts += 1
        self.buffer = []

    def close(self) -> None:
        if self.fmt == "parquet":
            self._flush_part()
        else:
            self.fh.close()

    def finish(self) -> None:
        """Close and rename the partial output onto the target (atomic)."""
        self.close()
        if self.fmt != "parquet":
            os.replace(self.partial, self.path)
            return
        import pyarrow.parquet as pq

        tmp = self.path.with_name(self.path.name + ".tmp")
        writer = pq.ParquetWriter(tmp, _arrow_schema(), compression="zstd")
        try:
            for part in sorted(self.partial.glob("part-*.parquet")):
                for batch in pq.ParquetFile(part).iter_batches(batch_size=50_000):
                    writer.write_batch(batch)
        finally:
            writer.close()
        os.replace(tmp, self.path)
        shutil.rmtree(self.partial)


def _arrow_schema() -> Any:
    import pyarrow as pa

    types = {c: pa.string() for c in OUTPUT_COLUMNS}
    types.update({c: pa.float64() for c in _FLOAT_COLUMNS})
    types["resolved"] = pa.bool_()
    types["precision"] = pa.int32()
    return pa.schema([(c, types[c]) for c in OUTPUT_COLUMNS])


def _arrow_table(rows: list[dict]) -> Any:
    import pyarrow as pa

    return pa.Table.from_pylist(rows, schema=_arrow_schema())


class _StdoutWriter(_Writer):
    def __init__(self) -> None:
        self.done = Counter()
        self.n_existing = 0
        self.fmt = "jsonl"

    def open(self, *, resume: bool) -> None:
        pass

    def write(self, enc: _Encoded) -> None:
        sys.stdout.write(enc.payload)
        sys.stdout.flush()

    def finish(self) -> None:
        pass

    def close(self) -> None:
        pass


# ---------------------------------------------------------------------------- engines


class _Serial:
    def submit(self, rows: list[dict], spec: GazetteerSpec, fmt: str) -> Any:
        from concurrent.futures import Future

        fut: Future = Future()
        fut.set_result(geocode_encoded(rows, spec, fmt))
        return fut

    def close(self) -> None:
        pass


class _Processes:
    def __init__(self, workers: int) -> None:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        # fork starts fast and needs no ``__main__`` guard; the initializer drops any
        # gazetteer (and its SQLite handle) inherited from the parent
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=mp.get_context(method),
            initializer=_fresh_worker,
        )

    def submit(self, rows: list[dict], spec: GazetteerSpec, fmt: str) -> Any:
        return self.pool.submit(geocode_encoded, rows, spec, fmt)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class _Dask:
    def __init__(self, client: Any, *, ship_index: bool, spec: GazetteerSpec) -> None:
        import uuid

        self.client = client
        self.token = uuid.uuid4().hex[:12]
        self.n = 0
        self.spec = prepare_dask_workers(client, ship_index=ship_index, spec=spec)

    def submit(self, rows: list[dict], spec: GazetteerSpec, fmt: str) -> Any:
        self.n += 1
        return self.client.submit(
            geocode_encoded,
            rows,
            self.spec,
            fmt,
            key=f"geo-geocode-{self.token}-{self.n}",
            pure=False,
        )

    def close(self) -> None:
        pass


def _worker_fingerprints(spec: GazetteerSpec) -> tuple[str, str]:
    """(index fingerprint, seeds fingerprint) of the gazetteer this worker would open."""
    from geo.gazetteer._index import index_fingerprint
    from geo.gazetteer._sources import default_seeds_dir, seeds_fingerprint

    seeds = Path(spec.seeds_dir) if spec.seeds_dir else default_seeds_dir()
    return index_fingerprint(), seeds_fingerprint(seeds)


def dask_spec(client: Any, *, ship_index: bool, spec: GazetteerSpec) -> GazetteerSpec:
    """The spec for Dask tasks: ``client`` (default: the current client) prepared.

    Shared by :func:`geocode_dataframe` and :mod:`geo._dask_layers`. Without any
    client (Dask's local scheduler), ``spec`` is returned as is.

    Raises
    ------
    BatchError
        When ``ship_index`` is set and there is no client.
    """
    if client is None:
        try:
            from distributed import get_client

            client = get_client()
        except (ImportError, ValueError):
            client = None
    if client is not None:
        return prepare_dask_workers(client, ship_index=ship_index, spec=spec)
    if ship_index:
        raise BatchError("ship_index=True needs a distributed Client (client=...)")
    return spec


def prepare_dask_workers(
    client: Any,
    *,
    ship_index: bool = False,
    spec: GazetteerSpec | None = None,
) -> GazetteerSpec:
    """Make every worker of ``client`` (and any that joins later) able to geocode.

    Parameters
    ----------
    client : distributed.Client
    ship_index : bool, keyword-only
        Copy this machine's index file and curated seeds to each worker's local
        directory (a worker plugin, so restarted workers get them too). Otherwise
        each worker uses its own user cache, built on first use when missing.
    spec : GazetteerSpec, optional
        This machine's gazetteer (default: the default index and seeds).

    Returns
    -------
    GazetteerSpec
        The spec to pass to :func:`geocode_chunk` on the workers.

    Raises
    ------
    geo.errors.GazetteerError
        Without ``ship_index``, when a worker has other source package versions or
        other curated seeds than this machine (its answers could differ).
    """
    from geo.errors import GazetteerError
    from geo.gazetteer import Gazetteer, default_gazetteer

    spec = spec or GazetteerSpec()
    if ship_index:
        from distributed.diagnostics.plugin import WorkerPlugin

        if spec.index_path or spec.seeds_dir:
            gz = Gazetteer(spec.index_path, seeds_dir=spec.seeds_dir, build=False)
        else:
            gz = default_gazetteer()
        folder = f"geo-gazetteer-{Path(gz.index_path).stem}-{gz.seeds_fingerprint[:12]}"
        files = {"index.sqlite": Path(gz.index_path).read_bytes()}
        seeds = gz.seeds_dir
        if seeds is not None and seeds.is_dir():
            for f in sorted(seeds.rglob("*")):
                if f.is_file():
                    files["seeds/" + f.relative_to(seeds).as_posix()] = f.read_bytes()

        class _ShipGazetteer(WorkerPlugin):
            name = "geo-gazetteer-" + folder

            def __init__(self, folder: str, files: dict[str, bytes]) -> None:
                self.folder = folder
                self.files = files

            def setup(self, worker: Any) -> None:
                base = Path(worker.local_directory) / self.folder
                if (base / "index.sqlite").exists():
                    return
                (base / "seeds").mkdir(parents=True, exist_ok=True)  # may stay empty
                for rel, data in self.files.items():
                    target = base / rel
                    target.parent.mkdir(parents=True, exist_ok=True)
                    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
                    tmp.write_bytes(data)
                    os.replace(tmp, target)

        client.register_plugin(_ShipGazetteer(folder, files))
        return GazetteerSpec(shipped=folder)
    mine = _worker_fingerprints(spec)
    theirs = client.run(_worker_fingerprints, spec)
    for addr, fp in theirs.items():
        if tuple(fp) != mine:
            raise GazetteerError(
                f"Dask worker {addr} would open another gazetteer (index/seeds "
                f"fingerprints {tuple(fp)}, here {mine}): install the same package "
                "versions and seeds on the workers, or pass ship_index=True (--ship-index)"
            )
    return spec


def _ordered(
    engine: Any,
    chunks: Iterable[list[dict]],
    spec: GazetteerSpec,
    fmt: str,
    window: int,
) -> Iterator[tuple[int, _Encoded]]:
    """Submit chunks with at most ``window`` in flight; yield (n_in, result) in order."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append((len(chunk), engine.submit(chunk, spec, fmt)))
        while len(pending) >= window:
            n, fut = pending.popleft()
            yield n, fut.result()
    while pending:
        n, fut = pending.popleft()
        yield n, fut.result()


# ---------------------------------------------------------------------------- driver


@dataclass
class BatchSummary:
    """What a :func:`geocode_file` run did.

    Attributes
    ----------
    output : Path or None
        The written file (``None`` for stdout).
    n_rows : int
        Rows geocoded in this run.
    n_resolved : int
        Of those, how many resolved.
    n_skipped : int
        Rows skipped because their id was already in the output (resume).
    seconds : float
        Wall time.
    engine : str
        ``"serial"``, ``"processes:N"`` or ``"dask:ADDRESS"``.
    n_duplicate_ids : int
        Rows of this run whose id an earlier input row already had (each such row
        is still geocoded and written).
    duplicate_ids : list
        Up to ten of those ids, in input order.
    """

    output: Path | None
    n_rows: int = 0
    n_resolved: int = 0
    n_skipped: int = 0
    n_duplicate_ids: int = 0
    duplicate_ids: list[Any] = field(default_factory=list)
    seconds: float = 0.0
    engine: str = "serial"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rows_per_s(self) -> float:
        """Throughput of this run (rows geocoded per second of wall time)."""
        return self.n_rows / self.seconds if self.seconds > 0 else 0.0


def _progress(show: bool, total: int | None) -> Any:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("geocoding"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]} names/s · {task.fields[ok]} resolved · ETA"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=not show,
    )


def geocode_file(
    input_path: str | Path,
    output_path: str | Path | None = None,
    *,
    input_format: str | None = None,
    output_format: str | None = None,
    country: str | None = None,
    workers: int = 1,
    dask: str | Any | None = None,
    ship_index: bool = False,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    resume: bool = True,
    show_progress: bool | None = None,
    index_path: str | Path | None = None,
    seeds_dir: str | Path | None = None,
    on_chunk: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Geocode every row of a CSV, JSONL or Parquet file into a JSONL, CSV or Parquet file.

    Parameters
    ----------
    input_path : path-like
        Input (see :func:`read_chunks`); ``"-"`` reads JSONL from stdin.
    output_path : path-like, optional
        Output; format from the suffix (``.jsonl``, ``.csv``, ``.parquet``). ``None``
        or ``"-"`` writes JSONL to stdout (not resumable).
    input_format, output_format : str, optional, keyword-only
        Override the suffixes.
    country : str, optional, keyword-only
        Default country for rows without one.
    workers : int, keyword-only
        Processes on this machine (1: in this process).
    dask : str or distributed.Client, optional, keyword-only
        Run on a Dask cluster: a scheduler address (``"tcp://10.0.0.5:8786"``) or a
        client. The input is still read (and the output written) here, chunk by chunk.
    ship_index : bool, keyword-only
        With ``dask``: copy the index file and curated seeds to the workers instead
        of using each worker's own cache.
    chunk_rows : int, keyword-only
        Rows per task.
    resume : bool, keyword-only
        Keep what an interrupted (or earlier) run wrote to the output and skip those
        ids (default). ``False`` starts over.
    show_progress : bool, optional, keyword-only
        Progress bar with rate and ETA on stderr; default when stderr is a terminal.
    index_path, seeds_dir : path-like, optional, keyword-only
        Gazetteer index and curated seeds (default: the user cache and ``seeds/``).
    on_chunk : callable, optional, keyword-only
        Called with the number of rows written so far after each chunk.

    Returns
    -------
    BatchSummary

    Raises
    ------
    BatchError
        When the input is missing or unreadable, or a format is unknown.
    geo.errors.GazetteerError
        When the index cannot be opened (or Dask workers hold another one).
    """
    started = time.perf_counter()
    in_fmt = detect_format(input_path, input_format)
    if str(input_path) != "-" and not Path(input_path).is_file():
        raise BatchError(f"input {input_path} does not exist (or is not a file)")
    to_stdout = output_path is None or str(output_path) == "-"
    if to_stdout:
        writer: _Writer = _StdoutWriter()
        out_path = None
    else:
        out_path = Path(output_path)  # type: ignore[arg-type]
        writer = _Writer(out_path, detect_format(out_path, output_format))
    if workers < 1:
        raise BatchError(f"workers={workers}: give 1 or more processes")
    spec = GazetteerSpec(
        str(index_path) if index_path is not None else None,
        str(seeds_dir) if seeds_dir is not None else None,
    )
    if dask is None and workers > 1 and spec.index_path is None:
        # workers must open the very index this process would: resolve (and build) it here
        from geo.gazetteer import default_gazetteer

        gz = default_gazetteer()
        spec = GazetteerSpec(
            str(gz.index_path), str(gz.seeds_dir) if gz.seeds_dir is not None else None
        )
    client = None
    own_client = False
    if dask is not None:
        if isinstance(dask, str):
            client = connect_dask(dask)
            own_client = True
        else:
            client = dask
        engine: Any = _Dask(client, ship_index=ship_index, spec=spec)
        label = f"dask:{client.scheduler.address}"
        n_slots = max(1, sum(client.nthreads().values()))
    elif workers > 1:
        engine = _Processes(workers)
        label = f"processes:{workers}"
        n_slots = workers
    else:
        engine = _Serial()
        label = "serial"
        n_slots = 1
    summary = BatchSummary(output=out_path, engine=label)
    total = count_rows(input_path, in_fmt)
    if show_progress is None:
        show_progress = sys.stderr.isatty()
    writer.open(resume=resume)

    seen: set[int] = set()  # 64-bit hashes of the ids: ~70 MB per million rows

    def todo() -> Iterator[list[dict]]:
        for chunk in read_chunks(input_path, fmt=in_fmt, chunk_rows=chunk_rows, country=country):
            for r in chunk:
                h = hash(_key(r.get("id")))
                if h in seen:
                    summary.n_duplicate_ids += 1
                    if len(summary.duplicate_ids) < 10:
                        summary.duplicate_ids.append(r.get("id"))
                else:
                    seen.add(h)
            rows = [r for r in chunk if not writer.skip(r)]
            summary.n_skipped += len(chunk) - len(rows)
            if rows:
                yield rows

    try:
        with _progress(show_progress, total) as progress:
            task = progress.add_task("geocode", total=total, rate="-", ok=0)
            t0 = time.perf_counter()
            for _n, enc in _ordered(engine, todo(), spec, writer.fmt, window=2 * n_slots + 1):
                writer.write(enc)
                summary.n_rows += enc.n_rows
                summary.n_resolved += enc.n_resolved
                dt = time.perf_counter() - t0
                progress.update(
                    task,
                    completed=summary.n_rows + summary.n_skipped,
                    rate=f"{summary.n_rows / dt:,.0f}" if dt > 0 else "-",
                    ok=f"{summary.n_resolved:,}",
                )
                if on_chunk is not None:
                    on_chunk(summary.n_rows)
        writer.finish()
    except BaseException:
        writer.close()
        raise
    finally:
        engine.close()
        if own_client and client is not None:
            client.close()
    summary.seconds = time.perf_counter() - started
    return summary


# ---------------------------------------------------------------------------- dask frames


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
