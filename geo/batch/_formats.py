"""Batch row formats: file suffixes, the output columns, and their CSV/Parquet encoding."""

from __future__ import annotations

import codecs
import json
import re
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
    makes it an over-estimate); ``None`` for stdin.  The same pass checks that a text
    file is UTF-8 throughout, so a batch refuses a legacy encoding before it writes.

    Raises
    ------
    BatchError
        When a CSV or JSONL file is not UTF-8 (the message names the line).
    """
    if str(path) == "-":
        return None
    fmt = detect_format(path, fmt)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    n = 0
    last = b"\n"
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 22):
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                raise _not_utf8(path, block, n, max(exc.start - pending, 0)) from None
            n += block.count(b"\n")
            last = block[-1:]
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise _not_utf8(path, last, n - (last == b"\n"), 0) from None
    n += last != b"\n"
    return max(n - 1, 0) if fmt == "csv" else n


def _not_utf8(path: str | Path, block: bytes, lines_before: int, at: int) -> BatchError:
    """The error of a byte that is not UTF-8: ``block[at]``, after ``lines_before`` lines."""
    line = lines_before + block[:at].count(b"\n") + 1
    if lines_before == 0 and block.startswith((b"\xff\xfe", b"\xfe\xff")):
        kind = "UTF-16"
    else:
        kind = f"not UTF-8 (byte {block[at]:#04x}; a legacy encoding such as Windows-1252?)"
    return BatchError(
        f"{path}: line {line} is {kind}: save the file as UTF-8 (a spreadsheet's "
        "'CSV UTF-8'); nothing was written"
    )


#: Text a spreadsheet would run as a formula: it begins with = + - @, a tab or a CR,
#: maybe after quotes this escaping added (OWASP, "CSV Injection").
_FORMULA_RE = re.compile(r"'*[=+\-@\t\r]")
_NUMBER_RE = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def csv_safe(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: ``'`` before text that starts a formula.

    Numbers (and text that is just a number, such as ``"-5"``) stay as they are;
    :func:`csv_unsafe` undoes the escape exactly.
    """
    if isinstance(value, str) and _FORMULA_RE.match(value) and not _NUMBER_RE.fullmatch(value):
        return "'" + value
    return value


def csv_unsafe(value: Any) -> Any:
    """The value :func:`csv_safe` escaped (a cell read back from our CSV output)."""
    if isinstance(value, str) and value.startswith("'") and _FORMULA_RE.match(value):
        return value[1:]
    return value


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
