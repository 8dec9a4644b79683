"""``geo import --format gem``: read the sheets, group rows by project, validate, write.

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

from geo.records import Record, validation_issues
from geo.trackers._gem import (
    ReportLine,
    Row,
    canonical,
    known_id,
    project_data,
    ref_urls,
    shipped_route,
    unused,
)
from geo.trackers._table import Sheet, read_sheets

__all__ = ["ImportResult", "import_gem", "read_gem"]

#: First line of every file this importer writes; a re-import replaces only such files.
MARK = "# Imported from {name} by `geo import --format gem`"


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
    path = Path(path)
    result = ImportResult()
    sheets = read_sheets(path)
    if sheet is not None:
        if sheet not in [s.name for s in sheets]:
            from geo.errors import GeoError

            names = ", ".join(repr(s.name) for s in sheets)
            raise GeoError(f"{path.name}: no sheet {sheet!r}: the sheets are {names}")
        sheets = [s for s in sheets if s.name == sheet]
    projects: dict[str, list[Row]] = {}
    for s in sheets:
        if not _is_gem(s):
            result.report.append(
                ReportLine(
                    path.name,
                    s.name,
                    None,
                    None,
                    "skipped: its header has no ProjectID with PipelineName, Fuel or SegmentName",
                )
            )
            continue
        result.sheets.append(s.name)
        for h in unused(s.header):
            result.report.append(
                ReportLine(
                    path.name,
                    s.name,
                    1,
                    h,
                    "unknown column: not read (its values are not imported)",
                )
            )
        for pid, row in _rows(s, path.name, result.report):
            projects.setdefault(pid, []).append(row)
    for pid, rows in projects.items():
        _route_file_note(pid, rows[0], routes, path.name, result.report)
        data = project_data(pid, rows, file=path.name, report=result.report)
        if data is not None and (rec := _validate(data, rows[0], path.name, result.report)):
            result.records.append(rec)
    return result


def _route_file_note(
    pid: str, row: Row, routes: Path | str | None, file: str, report: list[ReportLine]
) -> None:
    if (
        routes is not None
        and (Path(routes) / f"{pid}.geojson").is_file()
        and not shipped_route(pid)
    ):
        report.append(
            ReportLine(
                file,
                row.sheet,
                row.n,
                "ProjectID",
                f"{pid}.geojson is in {routes} but not among the routes geo ships: "
                "the route stays the tracker's locations",
            )
        )


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


def dump(record: Record, file: str) -> str:
    """The YAML text of an imported record (the same bytes for the same record)."""
    data = _cited_last(record.model_dump(mode="json", exclude_none=True, exclude_defaults=True))
    body = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=None, width=100
    )
    return MARK.format(name=file) + "; edit freely (a re-import replaces this file).\n" + body


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

    Parameters
    ----------
    path : Path or str
        ``.xlsx`` or ``.csv`` in GEM's layout (see :func:`read_gem`).
    out_dir : Path or str, keyword-only
        Where ``gem-<projectid>.yaml`` files go; default ``seeds/records``.
    sheet, routes : optional, keyword-only
        As for :func:`read_gem`.
    overwrite : bool, keyword-only
        Replace a file of the same name that this importer did not write (a file it
        wrote is always replaced, so a re-import gives the same bytes).

    Returns
    -------
    ImportResult
        The records, the files written (all of them or, on an error, none) and the
        report of every value left out.
    """
    path, out = Path(path), Path(out_dir)
    result = read_gem(path, sheet=sheet, routes=routes)
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
                    "ProjectID",
                    f"{target} exists and was not written by this importer: record "
                    f"{rec.id!r} left out (pass --force to replace it)",
                )
            )
            continue
        texts[target] = dump(rec, path.name)
        kept.append(rec)
    result.records = kept
    result.written = _write_all(texts)
    return result


def _ours(target: Path) -> bool:
    with target.open(encoding="utf-8", errors="replace") as fh:
        first = fh.readline()
    return first.startswith("# Imported from ") and "`geo import --format gem`" in first
