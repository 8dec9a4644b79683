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

from geo.batch._dask import (
    DASK_CONNECT_TIMEOUT_S,
    connect_dask,
    dask_spec,
    prepare_dask_workers,
)
from geo.batch._file import BatchSummary, geocode_file
from geo.batch._formats import (
    DEFAULT_CHUNK_ROWS,
    INPUT_FORMATS,
    OUTPUT_COLUMNS,
    BatchError,
    count_rows,
    detect_format,
)
from geo.batch._frame import geocode_dataframe
from geo.batch._readers import read_chunks
from geo.batch._workers import RESULT_CACHE_SIZE, GazetteerSpec, geocode_chunk, geocode_encoded

__all__ = [
    "DASK_CONNECT_TIMEOUT_S",
    "DEFAULT_CHUNK_ROWS",
    "INPUT_FORMATS",
    "OUTPUT_COLUMNS",
    "RESULT_CACHE_SIZE",
    "BatchError",
    "BatchSummary",
    "GazetteerSpec",
    "connect_dask",
    "count_rows",
    "dask_spec",
    "detect_format",
    "geocode_chunk",
    "geocode_dataframe",
    "geocode_encoded",
    "geocode_file",
    "prepare_dask_workers",
    "read_chunks",
]
