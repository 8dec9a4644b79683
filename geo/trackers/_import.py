"""``geo import``: read the sheets, group rows by record, validate, write.

Three layouts: ``gem`` (Global Energy Monitor's trackers, :mod:`._gem`), ``aiddata``
(AidData's GCDF 3.0, :mod:`._aiddata`) and ``table`` (any sheet with a YAML column map,
:mod:`._mapped`).  Each turns the rows of one record into record data and a report;
this module reads the sheets, validates and writes.

The records are written together or not at all: every file is first written beside
its target under a temporary name, and only when all of them are written are they
renamed into place.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from geo.errors import GeoError
from geo.records import Record, validation_issues
from geo.trackers import _aiddata, _mapped
from geo.trackers._gem import (
    ReportLine,
    Row,
    canonical,
    known_id,
    project_data,
    ref_urls,
    unused,
)
from geo.trackers._table import Sheet, read_sheets

__all__ = ["FORMATS", "ImportResult", "import_gem", "import_tracker", "read_gem", "read_tracker"]

#: First line of every file this importer writes; a re-import replaces only such files.
MARK = "# Imported from {name} by `geo import --format {format}`"
#: The layouts ``geo import --format`` reads.
FORMATS = ("gem", "aiddata", "table")


@dataclass
class ImportResult:
    """What an import made: the records, the files written and the report.

    Attributes
    ----------
    records : list of Record
        One per GEM project, in order of first appearance.
    written : list of Path
        The YAML files written (empty for :func:`read_gem`).
    report : list of ReportLine
        Every value left out or kept only here, unknown columns and skipped sheets.
    sheets : list of str
        The sheets read.
    """

    records: list[Record] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    report: list[ReportLine] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)


def _is_gem(sheet: Sheet) -> bool:
    names = {canonical(h) for h in sheet.header}
    return "ProjectID" in names and bool(names & {"PipelineName", "Fuel", "SegmentName"})


def _rows(sheet: Sheet, file: str, report: list[ReportLine]) -> list[tuple[str, Row]]:
    out = []
    for n, cells in sheet.records():
        canon = {canonical(h): v for h, v in cells.items() if canonical(h) is not None}
        refs = {
            h.rstrip()[:-5].strip(): ref_urls(v)
            for h, v in cells.items()
            if h.rstrip().endswith("[ref]")
        }
        for h, v in cells.items():
            if h.rstrip().endswith("[ref]") and not ref_urls(v):
                report.append(
                    ReportLine(
                        file,
                        sheet.name,
                        n,
                        h,
                        f"{v!r} holds no http(s) address: kept in this report only",
                    )
                )
        pid = canon.get("ProjectID")
        if not known_id(pid):
            report.append(
                ReportLine(
                    file,
                    sheet.name,
                    n,
                    "ProjectID",
                    f"{pid!r} is no GEM ProjectID (like 'P2352'): row left out; its "
                    f"values: {_values(cells)}",
                )
            )
            continue
        out.append(
            (str(pid).strip(), Row(sheet.name, n, canon, {k: u for k, u in refs.items() if u}))
        )
    return out


def _values(cells: dict[str, Any]) -> str:
    return "; ".join(f"{h}={v!r}" for h, v in cells.items())


def read_gem(
    path: Path | str, *, sheet: str | None = None, routes: Path | str | None = None
) -> ImportResult:
    """Read a GEM tracker workbook (or CSV) into validated records and a report.

    The same as :func:`read_tracker` with ``format="gem"``.

    Parameters
    ----------
    path : Path or str
        ``.xlsx`` or ``.csv`` in GEM's layout: one row per pipeline segment.
    sheet : str, optional, keyword-only
        Read only this sheet; by default every sheet with GEM's header is read.
    routes : Path or str, optional, keyword-only
        A folder of GEM's ``[ProjectID].geojson`` route files: an id found there but
        not shipped with geo is reported (its route stays the tracker's locations).

    Returns
    -------
    ImportResult
        Records in order of first appearance; nothing is written.

    Raises
    ------
    geo.errors.GeoError
        When the file cannot be read, is not UTF-8, or ``sheet`` is not in it.
    """
    return read_tracker(path, format="gem", sheet=sheet, routes=routes)


def _pick(path: Path, sheets: list[Sheet], sheet: str | None) -> list[Sheet]:
    if sheet is None:
        return sheets
    if sheet not in [s.name for s in sheets]:
        names = ", ".join(repr(s.name) for s in sheets)
        raise GeoError(f"{path.name}: no sheet {sheet!r}: the sheets are {names} (--sheet)")
    return [s for s in sheets if s.name == sheet]


def _skip(sheet: Sheet, format: str, column_map: _mapped.ColumnMap | None) -> str | None:
    """Why ``sheet`` does not have the header of ``format`` (``None``: it does)."""
    if format == "gem":
        return (
            None
            if _is_gem(sheet)
            else ("skipped: its header has no ProjectID with PipelineName, Fuel or SegmentName")
        )
    if format == "aiddata":
        return (
            None
            if _aiddata.is_aiddata(sheet.header)
            else ("skipped: its header has no 'AidData Record ID' with 'Title' (GCDF 3.0)")
        )
    assert column_map is not None
    lacking = _mapped.check_header(column_map, sheet.name, sheet.header)
    return (
        f"skipped: it lacks the column(s) {', '.join(map(repr, lacking))} that "
        f"{column_map.path.name} reads"
        if lacking
        else None
    )


def _unknown(sheet: Sheet, format: str, column_map: _mapped.ColumnMap | None) -> list[str]:
    if format == "gem":
        return unused(sheet.header)
    if format == "aiddata":
        return _aiddata.unused(sheet.header)
    assert column_map is not None
    used = column_map.columns()
    return [h for h in sheet.header if h and h not in used]


def read_tracker(
    path: Path | str,
    *,
    format: str = "gem",
    sheet: str | None = None,
    column_map: Path | str | None = None,
    routes: Path | str | None = None,
) -> ImportResult:
    """Read a tracker file into validated records and a report of every row.

    Parameters
    ----------
    path : Path or str
        ``.xlsx`` workbook, ``.csv`` (any of ``,;\\t|`` as separator, UTF-8 with or
        without BOM, LF or CRLF) or ``.geojson`` (feature properties as the row; a
        point's ``lat``/``lon`` as two more columns).
    format : {"gem", "aiddata", "table"}, keyword-only
        The layout: Global Energy Monitor's trackers, AidData's GCDF 3.0, or any
        sheet read through ``column_map``.
    sheet : str, optional, keyword-only
        Read only this sheet; by default every sheet whose header fits ``format``
        (the others are listed in the report as skipped).
    column_map : Path or str, optional, keyword-only
        The YAML column map of ``format="table"`` (see :data:`TEMPLATE_MAP`).
    routes : Path or str, optional, keyword-only
        ``gem``: a folder of GEM's ``[ProjectID].geojson`` route files.

    Returns
    -------
    ImportResult
        Records in order of first appearance; the report names file, sheet, row and
        column of every value left out, every unknown column, every skipped sheet,
        and the record each row went to.  Nothing is written.

    Raises
    ------
    geo.errors.GeoError
        An unknown format, a file that cannot be read or is not UTF-8, a ``sheet``
        not in it, a ``table`` import without a usable column map.
    """
    path = Path(path)
    if format not in FORMATS:
        raise GeoError(f"--format {format!r} is not known: use one of {', '.join(FORMATS)}")
    cmap = None
    if format == "table":
        if column_map is None:
            raise GeoError(
                "--format table reads any sheet through a column map: give --map MAP.yaml "
                "(geo import --template-map prints an example)"
            )
        cmap = _mapped.load_column_map(column_map)
    result = ImportResult()
    groups: dict[str, list[Row]] = {}
    for s in _pick(path, read_sheets(path), sheet):
        why = _skip(s, format, cmap)
        if why is not None:
            result.report.append(ReportLine(path.name, s.name, None, None, why))
            continue
        result.sheets.append(s.name)
        for h in _unknown(s, format, cmap):
            result.report.append(
                ReportLine(
                    path.name,
                    s.name,
                    1,
                    h,
                    "unknown column: not read (its values are not imported)",
                )
            )
        for key, row in _grouped_rows(s, format, cmap, path.name, result.report):
            groups.setdefault(key, []).append(row)
    for key, rows in groups.items():
        data = _data(key, rows, format, cmap, routes, path.name, result.report)
        rec = _validate(data, rows[0], path.name, result.report) if data is not None else None
        if rec is not None:
            result.records.append(rec)
        for row in rows:
            where = f"record {rec.id!r}" if rec is not None else "no record (see above)"
            result.report.append(ReportLine(path.name, row.sheet, row.n, None, f"→ {where}"))
    return result


def _grouped_rows(
    s: Sheet, format: str, cmap: _mapped.ColumnMap | None, file: str, report: list[ReportLine]
) -> list[tuple[str, Row]]:
    if format == "gem":
        return _rows(s, file, report)
    records = list(s.records())
    if format == "aiddata":
        return _aiddata.aiddata_rows(s.name, records, file, report)
    assert cmap is not None
    return _mapped.mapped_rows(cmap, s.name, records, file, report)


def _data(
    key: str,
    rows: list[Row],
    format: str,
    cmap: _mapped.ColumnMap | None,
    routes: Path | str | None,
    file: str,
    report: list[ReportLine],
) -> dict[str, Any] | None:
    if format == "gem":
        return project_data(key, rows, file=file, report=report, routes=routes)
    if format == "aiddata":
        return _aiddata.aiddata_data(key, rows, file=file, report=report)
    assert cmap is not None
    return _mapped.mapped_data(cmap, key, rows, file=file, report=report)


def _validate(data: dict[str, Any], row: Row, file: str, report: list[ReportLine]) -> Record | None:
    try:
        return Record.model_validate(data)
    except ValidationError as exc:
        for issue in validation_issues(exc, Path(file), None, record_id=data["id"], model=Record):
            report.append(
                ReportLine(
                    file,
                    row.sheet,
                    row.n,
                    issue.field,
                    f"record {data['id']!r} left out: {issue.message}",
                )
            )
        return None


def _cited_last(data: Any) -> Any:
    """Mappings with ``source`` and ``note`` after the values they cite."""
    if isinstance(data, list):
        return [_cited_last(v) for v in data]
    if isinstance(data, float) and data.is_integer() and abs(data) < 1e15:
        return int(data)  # 38, not 38.0: the figure as the tracker writes it
    if isinstance(data, dict):
        head = {k: _cited_last(v) for k, v in data.items() if k not in ("source", "note")}
        return {**head, **{k: data[k] for k in ("source", "note") if k in data}}
    return data


def dump(record: Record, file: str, *, format: str = "gem") -> str:
    """The YAML text of an imported record (the same bytes for the same record)."""
    data = record.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    if record.investments:
        data.pop("investment", None)  # the preferred claim, written once in investments
    body = yaml.safe_dump(
        _cited_last(data), sort_keys=False, allow_unicode=True, default_flow_style=None, width=100
    )
    mark = MARK.format(name=file, format=format)
    return mark + "; edit freely (a re-import replaces this file).\n" + body


def _write_all(texts: dict[Path, str]) -> list[Path]:
    """Write every file or none: stage each beside its target, then rename them all."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, text in texts.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".yaml", dir=target.parent)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            os.chmod(tmp, 0o644)
            staged.append((Path(tmp), target))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)
    return [t for _, t in staged]


def import_gem(
    path: Path | str,
    *,
    out_dir: Path | str = Path("seeds") / "records",
    sheet: str | None = None,
    routes: Path | str | None = None,
    overwrite: bool = False,
) -> ImportResult:
    """Import a GEM tracker workbook: one YAML record per project into ``out_dir``.

    The same as :func:`import_tracker` with ``format="gem"``.
    """
    return import_tracker(
        path, format="gem", out_dir=out_dir, sheet=sheet, routes=routes, overwrite=overwrite
    )


def import_tracker(
    path: Path | str,
    *,
    format: str = "gem",
    out_dir: Path | str = Path("seeds") / "records",
    sheet: str | None = None,
    column_map: Path | str | None = None,
    routes: Path | str | None = None,
    overwrite: bool = False,
) -> ImportResult:
    """Import a tracker file: one YAML record per project into ``out_dir``.

    Parameters
    ----------
    path : Path or str
        ``.xlsx``, ``.csv`` or ``.geojson`` (see :func:`read_tracker`).
    format : {"gem", "aiddata", "table"}, keyword-only
        The layout (see :func:`read_tracker`).
    out_dir : Path or str, keyword-only
        Where ``<id>.yaml`` files go; default ``seeds/records``.
    sheet, column_map, routes : optional, keyword-only
        As for :func:`read_tracker`.
    overwrite : bool, keyword-only
        Replace a file of the same name that this importer did not write (a file it
        wrote is always replaced, so a re-import gives the same bytes).

    Returns
    -------
    ImportResult
        The records, the files written (all of them or, on an error, none) and the
        report of every row and every value left out.

    Raises
    ------
    geo.errors.GeoError
        As :func:`read_tracker`, before anything is written.
    OSError
        When writing fails; then no file was written.
    """
    path, out = Path(path), Path(out_dir)
    result = read_tracker(path, format=format, sheet=sheet, column_map=column_map, routes=routes)
    texts: dict[Path, str] = {}
    kept = []
    for rec in result.records:
        target = out / f"{rec.id}.yaml"
        if target.is_dir() or (target.exists() and not overwrite and not _ours(target)):
            result.report.append(
                ReportLine(
                    path.name,
                    None,
                    None,
                    None,
                    f"{target} exists and was not written by this importer: record "
                    f"{rec.id!r} left out (pass --force to replace it)",
                )
            )
            continue
        texts[target] = dump(rec, path.name, format=format)
        kept.append(rec)
    result.records = kept
    result.written = _write_all(texts)
    return result


def _ours(target: Path) -> bool:
    with target.open(encoding="utf-8", errors="replace") as fh:
        first = fh.readline()
    return first.startswith("# Imported from ") and "by `geo import --format " in first
