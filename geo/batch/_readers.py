"""Reading batch input: JSONL, CSV or Parquet rows, streamed in chunks."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from geo.batch._formats import DEFAULT_CHUNK_ROWS, BatchError, detect_format

__all__ = ["read_chunks"]


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
    # strict: a quote left open swallows every later row into one cell; say so instead
    reader = csv.reader(fh, strict=True)
    rows = _strict_rows(reader, path)
    header = next(rows, None)
    if header is None:
        return
    # "id, name" (a space after the comma, as people type it) means "id,name"
    columns = [c.strip() for c in header]
    twice = sorted({c for c in columns if columns.count(c) > 1})
    if twice:
        raise BatchError(
            f"{path}: the CSV header names {', '.join(map(repr, twice))} twice; "
            "give each column once (which one holds the name cannot be guessed)"
        )
    if "name" not in columns:
        raise BatchError(
            f"{path}: the CSV header {header!r} has no 'name' column; "
            "give columns id,name[,context,country,near]"
        )
    id_at = columns.index("id") if "id" in columns else None
    start = reader.line_num + 1  # first physical line of the next row
    for cells in rows:
        lineno, start = start, reader.line_num + 1
        if not cells:  # a blank line
            continue
        if len(cells) != len(columns):
            # never guess which cell moved: "1,Moscow, Idaho" is not Moscow, Russia
            given = cells[id_at] if id_at is not None and id_at < len(cells) else ""
            yield {
                "id": given.strip() or f"line:{lineno}",
                "name": None,
                "_error": (
                    f"line {lineno}: {len(cells)} cells {cells!r} under a header of "
                    f"{len(columns)} columns {columns!r}: write a cell holding a comma "
                    'in double quotes ("Moscow, Idaho"), and give every row every column'
                ),
            }
            continue
        yield _clean(dict(zip(columns, cells, strict=True)), f"line:{lineno}", country)


def _strict_rows(reader: Any, path: str | Path) -> Iterator[list[str]]:
    """The rows of a strict ``csv.reader``; a malformed row is a :class:`BatchError`."""
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise BatchError(
                f"{path}: line {start}: {exc} (a double quote opened and never closed "
                'swallows the lines after it): close the quote, or write "" for a quote '
                "inside a quoted cell"
            ) from None
        start = reader.line_num + 1
        yield cells


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
