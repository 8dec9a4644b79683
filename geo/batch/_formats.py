"""Batch row formats: file suffixes, the output columns, and their CSV/Parquet encoding."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from geo.errors import GeoError

__all__ = [
    "DEFAULT_CHUNK_ROWS",
    "INPUT_FORMATS",
    "OUTPUT_COLUMNS",
    "BatchError",
    "count_rows",
    "detect_format",
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


class BatchError(GeoError):
    """A batch input or output that cannot be read, written or resumed."""


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


def _key(v: Any) -> str:
    return str(v)


def _flat(row: dict) -> dict:
    """A row for CSV/Parquet: JSON text for lists, id as text."""
    out = {c: row.get(c) for c in OUTPUT_COLUMNS}
    for c in _JSON_COLUMNS:
        out[c] = json.dumps(out[c] or [], ensure_ascii=False, separators=(",", ":"))
    out["id"] = None if out["id"] is None else str(out["id"])
    return out


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
