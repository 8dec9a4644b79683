"""Spreadsheet import: a CSV of project records → one YAML record file per project.

For analysts who keep records in a spreadsheet: save it as *CSV UTF-8* and run
``geo import-csv FILE.csv``.  The layout is one header row, then one row per fact;
rows with the same ``id`` belong to one record.  Column names are case-insensitive,
in any order; blank cells mean "not given".

Record columns (give them on any row of the record; a later row may repeat a value
but not contradict it):

========================  =============================================================
``id``                    slug, unique across all records (required on every row)
``name``, ``name_<lang>`` English name; names in other languages (``name_ru``, ``name_zh``)
``type``, ``status``      record type; GEM status word (proposed, construction, …)
``mode``, ``summary``     rail/road/…; one-paragraph summary
``countries``             ISO 3166-1 alpha-2 codes separated by spaces, ``,`` or ``;``
``route_accuracy``        high/medium/low/very low: makes the rows' places a route
``route_gem``             GEM ProjectIDs of the route, in order (``P2353 P2352``), with
                          ``route_accuracy``; ``crosses``: the river a bridge crosses
``investment``            amount as a number or text (``5 billion yuan``)
``currency``              ISO 4217 (RMB/yuan → CNY); not needed when the text names it
``investment_date``       as-of date YYYY-MM-DD; ``investment_source``; ``stated_usd``
``length_km``             with ``length_source``
``date_announced`` …      ``date_signed``, ``date_construction_start``, ``date_opening``,
                          with ``dates_source``
========================  =============================================================

Row columns (each row may add one place, one party and one capacity):

========================  =============================================================
place                     ``place``, ``lat``, ``lon`` (WGS 84), ``place_country``,
                          ``relation`` (at/near), ``side``, ``precision`` (IATI),
                          ``uncertainty_km``, ``place_source``.  One place row makes the
                          record's location; with ``route_accuracy`` they are the
                          route's waypoints, in row order.
party                     ``party``, ``party_country``, ``party_role``, ``party_source``
capacity                  ``commodity``, ``value``, ``unit``, ``qualifier``, ``period``,
                          ``key``, ``preferred`` (yes/no), ``as_written``,
                          ``capacity_source``, ``capacity_note``
``source``                default for every ``*_source`` cell left blank on the row
========================  =============================================================

Errors name the CSV file, its line, the record id and the column; every problem is
reported together and nothing is written unless the whole file is valid.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from geo._config import seeds_layout
from geo._io import write_text_atomic
from geo._yaml import document_items, read_text, read_yaml
from geo.errors import InvalidRecordsError, Issue
from geo.records import Record, Source, seed_files, source_ref_issues, validation_issues

__all__ = ["COLUMNS", "TEMPLATE", "TEMPLATE_ID", "import_csv", "read_csv", "validate_command"]

_RECORD_COLS = (
    "id",
    "name",
    "type",
    "status",
    "mode",
    "summary",
    "countries",
    "route_accuracy",
    "route_gem",
    "route_source",
    "crosses",
    "investment",
    "currency",
    "investment_date",
    "investment_source",
    "stated_usd",
    "stated_usd_source",
    "length_km",
    "length_source",
    "length_kind",
    "date_announced",
    "date_signed",
    "date_construction_start",
    "date_opening",
    "dates_source",
)
_PLACE_COLS = {
    "place": "place",
    "lat": "lat",
    "lon": "lon",
    "place_country": "country",
    "relation": "relation",
    "side": "side",
    "precision": "precision",
    "uncertainty_km": "uncertainty_km",
    "place_source": "source",
    "place_note": "note",
}
_PARTY_COLS = {
    "party": "name",
    "party_country": "country",
    "party_role": "role",
    "party_share_pct": "share_pct",
    "party_source": "source",
}
_SEGMENT_COLS = {
    "segment": "name",
    "segment_status": "status",
    "segment_length_km": "length_km",
    "segment_length_kind": "length_kind",
    "segment_opening": "opening",
    "segment_source": "source",
}
_CAPACITY_COLS = {
    "commodity": "commodity",
    "value": "value",
    "unit": "unit",
    "qualifier": "qualifier",
    "period": "period",
    "key": "key",
    "preferred": "preferred",
    "as_written": "as_written",
    "capacity_source": "source",
    "capacity_note": "note",
}
#: Every column the importer knows (plus ``name_<lang>``).
COLUMNS: tuple[str, ...] = (
    *_RECORD_COLS,
    *_PLACE_COLS,
    *_PARTY_COLS,
    *_SEGMENT_COLS,
    *_CAPACITY_COLS,
    "source",
)

#: Placeholder id of :data:`TEMPLATE`: replace it with the project's own slug.
TEMPLATE_ID = "example-replace-this-id"

#: A small example sheet (header and three rows of one record).  Its figures are those
#: of the Soyuz logistics centre in ``seeds/``, under the placeholder id
#: :data:`TEMPLATE_ID`, so it imports as-is without clashing with that record.
TEMPLATE = (
    "id,name,name_ru,type,status,countries,investment,investment_date,source,"
    "place,place_country,commodity,value,unit,key,preferred,capacity_source\n"
    f"{TEMPLATE_ID},Example logistics centre,Пример,logistics_hub,"
    "proposed,RU,5 billion yuan,2023-09-20,seed#p6,Nizhneleninskoye,RU,crude_oil,5.8,Mt/yr"
    ",,,\n"
    f"{TEMPLATE_ID},,,,,,,,seed#p6,,,lng,0.65,Mt,gas_complex,,\n"
    f"{TEMPLATE_ID},,,,,,,,,,,lpg_and_pentane_hexane_fraction,0.65,Mt/yr,"
    "gas_complex,yes,roscongress-soyuz-2023\n"
)

_NUMERIC = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}


def _cell(text: str) -> Any:
    """Cell text → int, float or str (text that is not a plain number stays text)."""
    text = text.strip()
    if _NUMERIC.match(text):
        number = float(text)
        if not math.isfinite(number):
            return text  # "1e400": the record check quotes it as too large
        return int(number) if re.fullmatch(r"[+-]?\d+", text) else number
    return text


@dataclass
class _Draft:
    """One record being assembled from rows, with where each part came from."""

    id: str
    first_line: int
    data: dict[str, Any] = field(default_factory=dict)
    where: dict[str, tuple[int, str]] = field(default_factory=dict)  # record field → cell
    places: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    parties: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    capacities: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    segments: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def _sniff(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _norm_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def read_csv(path: Path | str) -> tuple[list[Record], list[Issue]]:
    """Read a CSV of records in the layout of this module's docstring.

    Parameters
    ----------
    path : Path or str
        A CSV file, UTF-8 with or without BOM, LF or CRLF line ends; comma,
        semicolon or tab separated (detected from the header row).

    Returns
    -------
    records : list of Record
        The records that validated, in order of first appearance.
    issues : list of Issue
        Every problem (file, line, record id, column, fix); empty when all is well.
        Source references are not resolved here (see :func:`import_csv`).
    """
    path = Path(path)
    issues: list[Issue] = []
    rows = _read_rows(path, issues)
    if rows is None:
        return [], issues
    header = [_norm_header(h) for h in rows[0]]
    issues += _header_issues(path, rows[0], header)
    if issues:
        return [], issues
    drafts = _drafts(path, header, rows, issues)
    records = [r for d in drafts.values() if (r := _validate(d, path, issues)) is not None]
    return records, issues


def _read_rows(path: Path, issues: list[Issue]) -> list[list[str]] | None:
    """The rows of the CSV file (header first), or ``None`` after an issue."""
    text = read_text(path, issues)
    if text is None:
        return None
    rows = list(csv.reader(io.StringIO(text), delimiter=_sniff(text)))
    if not rows or not any(c.strip() for c in rows[0]):
        issues.append(Issue(path, "the file is empty: the first row must name the columns"))
        return None
    return rows


def _header_issues(path: Path, names: list[str], header: list[str]) -> list[Issue]:
    """Issues of the header row: unknown, missing (``id``) and repeated columns."""
    issues = []
    known = set(COLUMNS)
    for i, h in enumerate(header):
        if h and h not in known and not re.fullmatch(r"name_[a-z]{2,3}(?:_[a-z0-9]+)*", h):
            import difflib

            close = difflib.get_close_matches(h, sorted(known), n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}? " if close else ""
            issues.append(
                Issue(
                    path,
                    f"unknown column {names[i]!r}: {hint}the columns are listed by "
                    "`geo import-csv --help`",
                    field=names[i],
                    line=1,
                )
            )
    if "id" not in header:
        issues.append(Issue(path, "no 'id' column: add one (a slug per record)", line=1))
    for h in {h for h in header if h and header.count(h) > 1}:
        issues.append(Issue(path, f"column {h!r} appears twice: keep one", field=h, line=1))
    return issues


def _drafts(
    path: Path, header: list[str], rows: list[list[str]], issues: list[Issue]
) -> dict[str, _Draft]:
    """Gather the data rows into one draft per record id, in order of first appearance."""
    drafts: dict[str, _Draft] = {}
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) > len(header):
            issues.append(
                Issue(
                    path,
                    f"row has {len(row)} cells but the header names {len(header)} columns: "
                    "check for an unquoted separator inside a cell",
                    line=n,
                )
            )
            continue
        cells = {h: c.strip() for h, c in zip(header, row, strict=False) if h and c.strip()}
        rid = cells.get("id")
        if not rid:
            issues.append(Issue(path, "row has no id: every row names its record", line=n))
            continue
        draft = drafts.setdefault(rid, _Draft(rid, n))
        default_src = cells.get("source")
        _record_cells(draft, cells, n, path, issues, default_src)
        _row_parts(draft, cells, n, default_src)
    return drafts


def _row_parts(draft: _Draft, cells: dict[str, str], n: int, default_src: str | None) -> None:
    """Add the place, party and capacity that row ``n`` gives (if any) to ``draft``."""
    part = {_PLACE_COLS[c]: _cell(v) for c, v in cells.items() if c in _PLACE_COLS}
    if part:
        if isinstance(part.get("place"), int | float):
            part["place"] = str(cells["place"])
        part.setdefault("source", default_src)
        draft.places.append((n, {k: v for k, v in part.items() if v is not None}))
    part = {_PARTY_COLS[c]: v for c, v in cells.items() if c in _PARTY_COLS}
    if part:
        if "share_pct" in part:
            part["share_pct"] = _cell(part["share_pct"])
        part.setdefault("source", default_src)
        draft.parties.append((n, {k: v for k, v in part.items() if v is not None}))
    part = {_SEGMENT_COLS[c]: v for c, v in cells.items() if c in _SEGMENT_COLS}
    if part:
        if "length_km" in part:
            part["length_km"] = _cell(part["length_km"])
        part.setdefault("source", default_src)
        draft.segments.append((n, {k: v for k, v in part.items() if v is not None}))
    part = {_CAPACITY_COLS[c]: _cell(v) for c, v in cells.items() if c in _CAPACITY_COLS}
    if part:
        if "preferred" in part:
            flag = str(part["preferred"]).lower()
            if flag in _TRUE or flag in _FALSE:
                part["preferred"] = flag in _TRUE
        for k in ("commodity", "unit", "key", "period", "as_written", "note"):
            if k in part:
                part[k] = str(cells[next(c for c, f in _CAPACITY_COLS.items() if f == k)])
        part.setdefault("source", default_src)
        draft.capacities.append((n, {k: v for k, v in part.items() if v is not None}))


def _validate(draft: _Draft, path: Path, issues: list[Issue]) -> Record | None:
    """The record of ``draft``, or ``None`` after issues naming the CSV line and column."""
    if len(draft.places) > 1 and "route_accuracy" not in draft.data:
        issues.append(
            Issue(
                path,
                f"record has {len(draft.places)} place rows but no route_accuracy: "
                "give route_accuracy (high/medium/low/very low) to make them a route, "
                "or keep one place",
                record_id=draft.id,
                field="place",
                line=draft.places[1][0],
            )
        )
        return None
    try:
        return Record.model_validate(_assemble(draft))
    except ValidationError as exc:
        for issue in validation_issues(exc, path, None, record_id=draft.id, model=Record):
            line, column = _cell_of(draft, issue.field or "")
            issues.append(Issue(path, issue.message, record_id=draft.id, field=column, line=line))
        return None


def _record_cells(
    draft: _Draft,
    cells: dict[str, str],
    line: int,
    path: Path,
    issues: list[Issue],
    default_src: str | None,
) -> None:
    for col, text in cells.items():
        if (col not in _RECORD_COLS and not col.startswith("name_")) or col == "id":
            continue
        value: Any = _cell(text) if col in ("stated_usd", "length_km", "investment") else text
        prev = draft.data.get(col)
        if prev is not None and prev != value:
            first = draft.where[col][0]
            issues.append(
                Issue(
                    path,
                    f"{col} is {value!r} here but {prev!r} on line {first}: a record's "
                    "columns must agree; leave repeated cells blank",
                    record_id=draft.id,
                    field=col,
                    line=line,
                )
            )
            continue
        draft.data[col] = value
        draft.where.setdefault(col, (line, col))
    # a row's default source applies to the record-level values it gives
    if default_src:
        for col, src in (
            ("investment", "investment_source"),
            ("stated_usd", "stated_usd_source"),
            ("length_km", "length_source"),
            ("route_accuracy", "route_source"),
        ):
            if col in cells and src not in cells and src not in draft.data:
                draft.data[src] = default_src
                draft.where.setdefault(src, (line, "source"))
        if any(c.startswith("date_") for c in cells) and "dates_source" not in draft.data:
            draft.data["dates_source"] = cells.get("dates_source", default_src)
            draft.where.setdefault("dates_source", (line, "source"))


def _assemble(draft: _Draft) -> dict[str, Any]:
    d = draft.data
    out: dict[str, Any] = {"id": draft.id}
    for col in ("name", "type", "status", "mode", "summary"):
        if col in d:
            out[col] = d[col]
    names = {c[len("name_") :].replace("_", "-"): v for c, v in d.items() if c.startswith("name_")}
    if names:
        out["names"] = names
    if "countries" in d:
        out["countries"] = [c for c in re.split(r"[\s,;]+", str(d["countries"])) if c]
    if draft.parties:
        out["parties"] = [p for _, p in draft.parties]
    places = [p for _, p in draft.places]
    if "route_accuracy" in d:
        out["route"] = {"accuracy": d["route_accuracy"], "waypoints": places}
        if "route_gem" in d:
            out["route"]["gem"] = [g for g in re.split(r"[\s,;]+", str(d["route_gem"])) if g]
        if "route_source" in d:
            out["route"]["source"] = d["route_source"]
    elif places:
        out["location"] = places[0]  # read_csv reports any further place rows
    if "crosses" in d:
        out["crosses"] = d["crosses"]
    if draft.capacities:
        out["capacities"] = [c for _, c in draft.capacities]
    if "investment" in d or "currency" in d or "investment_date" in d:
        inv: dict[str, Any] = {}
        for col, key in (
            ("investment", "amount"),
            ("currency", "currency"),
            ("investment_date", "date"),
            ("investment_source", "source"),
            ("stated_usd", "stated_usd"),
            ("stated_usd_source", "stated_usd_source"),
        ):
            if col in d:
                inv[key] = d[col]
        out["investment"] = inv
    if "length_km" in d:
        out["length_km"] = d["length_km"]
    if "length_source" in d:
        out["length_source"] = d["length_source"]
    if "length_kind" in d:
        out["length_kind"] = d["length_kind"]
    if draft.segments:
        out["segments"] = [p for _, p in draft.segments]
    dates = {
        k[len("date_") :]: d[k]
        for k in ("date_announced", "date_signed", "date_construction_start", "date_opening")
        if k in d
    }
    if dates:
        dates["source"] = d.get("dates_source")
        out["dates"] = {k: v for k, v in dates.items() if v is not None}
    return out


_REVERSE = {
    "capacities": {v: k for k, v in _CAPACITY_COLS.items()},
    "parties": {v: k for k, v in _PARTY_COLS.items()},
    "segments": {v: k for k, v in _SEGMENT_COLS.items()},
    "places": {v: k for k, v in _PLACE_COLS.items()},
}
_RECORD_FIELD_COLS = {
    "investment.amount": "investment",
    "investment.currency": "currency",
    "investment.date": "investment_date",
    "investment.source": "investment_source",
    "investment.stated_usd": "stated_usd",
    "investment.stated_usd_source": "stated_usd_source",
    "dates.source": "dates_source",
    "route.accuracy": "route_accuracy",
    "route.gem": "route_gem",
    "route.source": "route_source",
}


def _cell_of(draft: _Draft, fld: str) -> tuple[int, str | None]:
    """Map a model field path to the CSV (line, column) it came from."""
    parts = fld.split(".") if fld else []
    if len(parts) >= 2 and parts[0] in ("capacities", "parties", "segments") and parts[1].isdigit():
        rows = getattr(draft, parts[0])
        i = int(parts[1])
        if i < len(rows):
            col = _REVERSE[parts[0]].get(parts[2]) if len(parts) > 2 else None
            return rows[i][0], col
    if parts[:2] == ["route", "waypoints"] and len(parts) >= 3 and parts[2].isdigit():
        i = int(parts[2])
        if i < len(draft.places):
            col = _REVERSE["places"].get(parts[3]) if len(parts) > 3 else None
            return draft.places[i][0], col
    if parts and parts[0] == "location" and draft.places:
        col = _REVERSE["places"].get(parts[1]) if len(parts) > 1 else "place"
        return draft.places[0][0], col
    if parts[:1] == ["dates"] and len(parts) > 1 and parts[1] != "source":
        col = f"date_{parts[1]}"
        return draft.where.get(col, (draft.first_line, col))[0], col
    col = _RECORD_FIELD_COLS.get(fld) or (parts[0] if parts else None)
    if parts[:1] == ["names"] and len(parts) > 1:
        col = f"name_{parts[1]}"
    line = draft.where.get(col or "", (draft.first_line, col))[0]
    return line, col


def _cited_last(data: Any) -> Any:
    """Reorder mappings so ``source`` and ``note`` come after the values they cite."""
    if isinstance(data, list):
        return [_cited_last(v) for v in data]
    if isinstance(data, dict):
        tail = ("source", "note")
        head = {k: _cited_last(v) for k, v in data.items() if k not in tail}
        return {**head, **{k: data[k] for k in tail if k in data}}
    return data


def _dump(record: Record, csv_path: Path) -> str:
    data = _cited_last(record.model_dump(mode="json", exclude_none=True, exclude_defaults=True))
    body = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=None, width=4096
    )
    return f"# Imported from {csv_path.name} by `geo import-csv`; edit freely.\n{body}"


def import_csv(
    csv_path: Path | str,
    *,
    seeds: Path | str = "seeds",
    out_dir: Path | str | None = None,
    overwrite: bool = False,
) -> list[Path]:
    """Import a CSV of records and write one YAML file per record.

    Parameters
    ----------
    csv_path : Path or str
        The spreadsheet, saved as CSV UTF-8 (layout: this module's docstring).
    seeds : Path or str
        Seeds directory whose ``sources.yaml`` the records cite and whose records
        the new ids must not repeat.
    out_dir : Path or str, optional
        Where to write ``<id>.yaml``; default ``<seeds>/records``.
    overwrite : bool
        Replace existing files of the same name (else that is an error).

    Returns
    -------
    list of Path
        The files written, in the order the records first appear.

    Raises
    ------
    InvalidRecordsError
        With every problem (CSV file, line, record id, column, fix); nothing is
        written then.
    """
    csv_path, seeds = Path(csv_path), Path(seeds)
    out = Path(out_dir) if out_dir is not None else seeds_layout(seeds).records
    records, issues = read_csv(csv_path)
    known: dict[str, Source] = {}
    existing: dict[str, Path] = {}
    if seeds.is_dir():
        files, src_path, _ = seed_files(seeds)
        if src_path is not None:
            for item, _node in document_items(read_yaml(src_path, issues) or []):
                try:
                    s = Source.model_validate(item)
                except ValidationError:
                    continue  # `geo validate` reports it
                known[s.id] = s
        for f in files:
            for item, _node in document_items(read_yaml(f, []) or []):
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    existing.setdefault(item["id"], f)
    for rec in records:
        for issue in source_ref_issues(rec, known, csv_path, None):
            issues.append(Issue(csv_path, issue.message, record_id=rec.id, field=issue.field))
        target = out / f"{rec.id}.yaml"
        other = existing.get(rec.id)
        if other is not None and not (overwrite and other.resolve() == target.resolve()):
            issues.append(
                Issue(
                    csv_path,
                    f"id {rec.id!r} is already used in {other}: rename it"
                    + ("" if overwrite else ", or pass --force to replace that file"),
                    record_id=rec.id,
                    field="id",
                )
            )
        elif target.exists() and not overwrite:
            issues.append(
                Issue(
                    csv_path,
                    f"{target} exists: pass --force to replace it",
                    record_id=rec.id,
                    field="id",
                )
            )
    if issues:
        issues.sort(key=lambda i: i.line or 0)
        raise InvalidRecordsError(issues)
    return [write_text_atomic(_dump(r, csv_path), out / f"{r.id}.yaml") for r in records]


def validate_command(*, seeds: Path | str = "seeds", out_dir: Path | str | None = None) -> str:
    """The ``geo validate`` command that checks records written by :func:`import_csv`.

    Parameters
    ----------
    seeds : Path or str
        The seeds directory given to :func:`import_csv`.
    out_dir : Path or str, optional
        Where the records were written (default ``<seeds>/records``).

    Returns
    -------
    str
        ``geo validate SEEDS`` when the records are inside ``seeds`` (so ids are
        checked across every record), else ``geo validate OUT --sources
        SEEDS/sources.yaml`` so the shared sources they cite are found.
    """
    import shlex

    seeds = Path(seeds)
    out = Path(out_dir) if out_dir is not None else seeds_layout(seeds).records
    if out.resolve().is_relative_to((seeds_layout(seeds).records).resolve()) and seeds.is_dir():
        return f"geo validate {shlex.quote(str(seeds))}"
    command = f"geo validate {shlex.quote(str(out))}"
    shared = seeds_layout(seeds).sources if seeds.is_dir() else None
    if shared is not None and shared.is_file():
        command += f" --sources {shlex.quote(str(shared))}"
    return command
