"""Sheets of a tracker file: ``.xlsx`` (openpyxl) or ``.csv``, as header + numbered rows.

A cell keeps the type the file gives it: openpyxl returns numbers as numbers, a CSV
cell that is a plain number becomes one here, so both formats reach the mapping alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo._yaml import read_text
from geo.errors import GeoError, InvalidRecordsError, Issue

__all__ = ["Sheet", "read_sheets"]

_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?(?:[eE][+-]?\d+)?$")


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, header (as written) and data rows with their row numbers.

    Row numbers are those a spreadsheet shows: the header is row 1.
    """

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]

    def records(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """Yield ``(row number, {column: value})`` for rows that are not blank."""
        for n, values in self.rows:
            cells = {h: v for h, v in zip(self.header, values, strict=False) if h and v is not None}
            if cells:
                yield n, cells


def _clean(value: Any) -> Any:
    """A cell's value: stripped text, a finite number, a date as ISO text, or ``None``."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if isinstance(value, int | float):
        return value if math.isfinite(value) else None
    text = str(value).strip()
    if not text:
        return None
    if _NUMBER.match(text):
        plain = text.replace(",", "")
        number = float(plain)
        if math.isfinite(number):
            return int(number) if re.fullmatch(r"[+-]?\d+", plain) else number
    return text


def _csv_sheet(path: Path) -> Sheet:
    issues: list[Issue] = []
    text = read_text(path, issues)
    if text is None:
        raise InvalidRecordsError(issues)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t", "|"), key=first.count)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return _sheet(path.stem, rows)


def _sheet(name: str, rows: list[Any]) -> Sheet:
    if not rows:
        return Sheet(name, (), ())
    header = tuple("" if h is None else str(h).strip() for h in rows[0])
    body = tuple(
        (n, tuple(_clean(v) for v in row))
        for n, row in enumerate(rows[1:], start=2)
        if any(_clean(v) is not None for v in row)
    )
    return Sheet(name, header, body)


def _geojson_sheet(path: Path) -> Sheet:
    """A GeoJSON FeatureCollection as one sheet: each feature's properties are a row,
    and a point's coordinates two more columns, ``lat`` and ``lon`` (WGS 84)."""
    import json

    issues: list[Issue] = []
    text = read_text(path, issues)
    if text is None:
        raise InvalidRecordsError(issues)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GeoError(
            f"{path}: line {exc.lineno}: not JSON ({exc.msg}): save it as GeoJSON"
        ) from None
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list):
        raise GeoError(f"{path}: not a GeoJSON FeatureCollection (no 'features' list)")
    rows: list[dict[str, Any]] = []
    for f in features:
        props = dict(f.get("properties") or {}) if isinstance(f, dict) else {}
        geom = f.get("geometry") if isinstance(f, dict) else None
        if isinstance(geom, dict) and geom.get("type") == "Point":
            coords = geom.get("coordinates") or []
            if len(coords) >= 2:
                props.setdefault("lon", coords[0])
                props.setdefault("lat", coords[1])
        rows.append(props)
    header = list(dict.fromkeys(k for r in rows for k in r))
    return _sheet(path.stem, [header, *[[r.get(h) for h in header] for r in rows]])


def _xlsx_sheets(path: Path) -> list[Sheet]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException …
        raise GeoError(
            f"{path}: cannot read it as an .xlsx workbook ({type(exc).__name__}: {exc}): "
            "save it from your spreadsheet as Excel (.xlsx) or CSV UTF-8"
        ) from None
    try:
        return [_sheet(ws.title, list(ws.iter_rows(values_only=True))) for ws in book.worksheets]
    finally:
        book.close()


def read_sheets(path: Path | str) -> list[Sheet]:
    """Read every sheet of a tracker file.

    Parameters
    ----------
    path : Path or str
        An ``.xlsx`` workbook, a ``.csv`` file (UTF-8 with or without BOM, comma,
        semicolon, tab or bar separated, LF or CRLF) or a ``.geojson`` file (feature
        properties; a point adds ``lat`` and ``lon``); a CSV or GeoJSON file is one
        sheet named after the file.

    Returns
    -------
    list of Sheet
        In workbook order.

    Raises
    ------
    GeoError
        For another file type, a file that is not a workbook or not UTF-8 (before
        anything is written).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_sheets(path)
    if suffix in (".csv", ".txt", ".tsv"):
        return [_csv_sheet(path)]
    if suffix in (".geojson", ".json"):
        return [_geojson_sheet(path)]
    raise GeoError(
        f"{path}: {suffix or 'no extension'!r} is not a tracker file this command reads: "
        "give an .xlsx workbook, a .csv or a .geojson file"
    )
