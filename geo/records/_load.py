"""Loading a seeds folder: records, shared sources and place mentions, with every problem.

:func:`load_records` is the one set of checks behind both ``geo validate`` and
``geo build``: it reads every file (:mod:`geo._yaml`), validates every item against
its model (:mod:`._model`) and reports every problem of every file together, as
:class:`~geo.errors.Issue` objects naming the file, line, record id, field, what is
wrong and how to fix it.  The steps, in order: the shared ``sources.yaml``, the record
files (ids unique across files, references resolved against both), ``places.yaml``.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from pydantic import ValidationError

from geo._config import seeds_layout
from geo._yaml import document_items, line_of, node_at, read_yaml
from geo.errors import InvalidRecordsError, Issue
from geo.records._issues import source_ref_issues, validation_issues
from geo.records._model import PlaceMention, Record, RecordSet, Source

__all__ = ["SeedFiles", "load_records", "seed_files"]


class SeedFiles(NamedTuple):
    """The input files :func:`load_records` reads for a seeds folder, folder or file."""

    records: list[Path]
    """Record files, sorted."""
    sources: Path | None
    """The shared ``sources.yaml``, or ``None`` when there is none."""
    places: Path | None
    """``places.yaml``, or ``None`` (only a seeds folder has one)."""


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def _shared_sources(*candidates: Path) -> Path | None:
    """The ``sources.yaml`` of the first seeds folder among ``candidates`` that has one."""
    return next(
        (s for d in candidates if (s := seeds_layout(d).sources).is_file()),
        None,
    )


def seed_files(path: Path) -> SeedFiles:
    """Find the record files, ``sources.yaml`` and ``places.yaml`` for ``path``.

    Parameters
    ----------
    path : Path
        A seeds folder (it holds ``records/``; layout: :func:`geo._config.seeds_layout`),
        any folder of record files, or one record file.  For a folder or a file the
        shared ``sources.yaml`` is looked up beside it and one level up.

    Returns
    -------
    SeedFiles
        ``(records, sources, places)``; a path that does not exist gives no files.
    """
    if path.is_file():
        return SeedFiles([path], _shared_sources(path.parent, path.parent.parent), None)
    layout = seeds_layout(path)
    if layout.records.is_dir():
        return SeedFiles(
            _yaml_files(layout.records),
            layout.sources if layout.sources.is_file() else None,
            layout.places if layout.places.is_file() else None,
        )
    special = {layout.sources.name, layout.places.name}
    files = [p for p in _yaml_files(path) if p.name not in special]
    return SeedFiles(files, _shared_sources(path, path.parent), None)


def _record_id(item: dict[str, Any], node: yaml.Node | None) -> str | None:
    """The record's ``id`` as written (also when YAML typed it, e.g. an unquoted date)."""
    raw = item.get("id")
    if isinstance(raw, str) or raw is None:
        return raw
    sub = node_at(node, ["id"])
    return sub.value if isinstance(sub, yaml.ScalarNode) else None


def load_records(
    seeds: Path | str,
    *,
    files: Iterable[Path] | None = None,
    sources: Path | str | None = None,
) -> RecordSet:
    """Load and validate every record, place mention and source under ``seeds``.

    This is the one set of checks behind ``geo validate`` and ``geo build``.

    Parameters
    ----------
    seeds : Path or str
        A seeds directory (``sources.yaml``, ``places.yaml`` and ``records/**/*.yaml``),
        a folder of record files, or one record file.  For a folder or a file the
        shared ``sources.yaml`` is looked up beside it and one level up.
    files : iterable of Path, optional
        Record files to read instead of those found under ``seeds``.
    sources : Path or str, optional
        The shared sources file to use instead of the ``sources.yaml`` found by
        ``seeds`` (e.g. ``seeds/sources.yaml`` when checking records imported to
        another folder).

    Returns
    -------
    RecordSet

    Raises
    ------
    InvalidRecordsError
        With every problem of every file (file, line, record id, field, what is
        wrong and the fix), when any input is invalid: not UTF-8, YAML syntax, a
        duplicate key or id (naming both files), a schema rule, an uncited value, a
        reference to an unknown source, or a record's own source whose id repeats a
        shared one.  Nothing is returned partially.
        Also when ``seeds`` or ``sources`` does not exist.
    """
    # The cyclic garbage collector would walk every record read so far again and again
    # as their number grows (3x the parse time at 100,000 records); reading makes no
    # cycles worth collecting before it ends, so it is paused meanwhile.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _load(Path(seeds), files=files, sources=sources)
    finally:
        if paused:
            gc.enable()


def _load(seeds: Path, *, files: Iterable[Path] | None, sources: Path | str | None) -> RecordSet:
    found = _inputs(seeds, files=files, sources=sources)
    issues: list[Issue] = []
    shared = _read_sources(found.sources, issues)
    if not found.records:
        issues.append(Issue(seeds, "no record files (*.yaml) found here"))
    read = _RecordsRead(shared)
    for path in found.records:
        read.read_file(path, issues)
    places = _read_places(found.places, shared, issues)
    issues += read.field_key_issues()
    if issues:
        issues.sort(key=lambda i: (str(i.path), i.line or 0))
        raise InvalidRecordsError(issues)
    return RecordSet(records=read.records, places=places, sources=shared.by_id, origin=read.origin)


def _inputs(seeds: Path, *, files: Iterable[Path] | None, sources: Path | str | None) -> SeedFiles:
    """The files to read, or :class:`InvalidRecordsError` when a given path does not exist."""
    if not seeds.exists():
        raise InvalidRecordsError(
            [
                Issue(
                    seeds,
                    "does not exist: run geo in the project folder (the one holding "
                    "seeds/), or pass the seeds directory or a .yaml file",
                )
            ]
        )
    found = seed_files(seeds)
    if sources is not None:
        src_path = Path(sources)
        if not src_path.is_file():
            raise InvalidRecordsError(
                [
                    Issue(
                        src_path,
                        "does not exist: give the shared sources file, e.g. "
                        "--sources seeds/sources.yaml",
                    )
                ]
            )
        found = found._replace(sources=src_path)
    if files is not None:
        found = found._replace(records=sorted(Path(f) for f in files))
    return found


@dataclass
class _SharedSources:
    """The shared sources read from ``sources.yaml``, and where each id was defined."""

    path: Path | None
    by_id: dict[str, Source] = field(default_factory=dict)
    lines: dict[str, int | None] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)
    """Ids of shared sources reported invalid: not "unknown" as well where cited."""


def _read_sources(src_path: Path | None, issues: list[Issue]) -> _SharedSources:
    shared = _SharedSources(src_path)
    if src_path is None:
        return shared
    for item, sub in document_items(read_yaml(src_path, issues) or []):
        try:
            s = Source.model_validate(item)
        except ValidationError as exc:
            rid = _record_id(item, sub) if isinstance(item, dict) else None
            issues += validation_issues(exc, src_path, sub, record_id=rid, model=Source)
            if rid:
                shared.broken.add(rid)
            continue
        if s.id in shared.by_id:
            issues.append(_id_twice(src_path, "source", s.id, shared.lines[s.id], sub))
            continue
        shared.by_id[s.id] = s
        shared.lines[s.id] = line_of(sub, ["id"])
    return shared


@dataclass
class _RecordsRead:
    """The records read so far, and where each id was first seen (for duplicate ids)."""

    shared: _SharedSources
    records: list[Record] = field(default_factory=list)
    origin: dict[str, Path] = field(default_factory=dict)
    first_line: dict[str, int | None] = field(default_factory=dict)

    def field_key_issues(self) -> list[Issue]:
        """Capacity keys of different records that would write one layer field.

        The layers name a field after the key with ``-`` read as ``_``
        (``capacity_tank_farm_t``): ``tank-farm`` in one record and ``tank_farm`` in
        another would be two quantities in one column (issue 21; r-spatial/sf #538).
        Within one record the model itself refuses it.
        """
        first: dict[str, tuple[str, str]] = {}  # folded key -> (key, record id)
        out = []
        for rec in self.records:
            for i, c in enumerate(rec.capacities):
                key = c.field_key
                folded = key.replace("-", "_")
                other_key, other_id = first.setdefault(folded, (key, rec.id))
                if other_key == key:
                    continue
                where = f"{self.origin[other_id]}:{self.first_line.get(other_id) or '?'}"
                out.append(
                    Issue(
                        self.origin[rec.id],
                        f"capacity key {key!r} of record {rec.id!r} and key {other_key!r} "
                        f"of record {other_id!r} ({where}) would write the same layer "
                        f"field (capacity_{folded}_…): spell them alike if they measure "
                        "the same quantity, else give one another key",
                        record_id=rec.id,
                        field=f"capacities.{i}.key",
                        line=self.first_line.get(rec.id),
                    )
                )
        return out

    def read_file(self, path: Path, issues: list[Issue]) -> None:
        """Read and check every record of one file."""
        docs = read_yaml(path, issues)
        if docs is None:
            return
        items = list(document_items(docs))
        if not items:
            issues.append(Issue(path, "the file holds no record: add one or delete the file"))
        for item, sub in items:
            if not isinstance(item, dict):
                issues.append(
                    Issue(
                        path,
                        f"a record must be a mapping of fields (id: …, name: …), got "
                        f"{type(item).__name__}",
                        line=line_of(sub, []),
                    )
                )
                continue
            self._read_record(item, sub, path, issues)

    def _read_record(
        self, item: dict[str, Any], sub: yaml.Node | None, path: Path, issues: list[Issue]
    ) -> None:
        rid = _record_id(item, sub)
        if rid is not None and rid in self.origin:
            issues.append(
                Issue(
                    path,
                    f"id {rid!r} is also used in {self.origin[rid]}:{self.first_line[rid]}: "
                    "ids must be unique across all files; rename one or delete the copy",
                    record_id=rid,
                    field="id",
                    line=line_of(sub, ["id"]),
                )
            )
            return
        try:
            rec = Record.model_validate(item)
        except ValidationError as exc:
            issues += validation_issues(exc, path, sub, record_id=rid, model=Record)
            if rid is not None:
                self.origin[rid], self.first_line[rid] = path, line_of(sub, ["id"])
            return
        shared = self.shared
        issues += source_ref_issues(
            rec, shared.by_id, path, sub, broken=shared.broken, shared_file=shared.path
        )
        issues += _shadowed_sources(rec, shared, path, sub)
        self.origin[rec.id], self.first_line[rec.id] = path, line_of(sub, ["id"])
        self.records.append(rec)


def _shadowed_sources(
    rec: Record, shared: _SharedSources, path: Path, sub: yaml.Node | None
) -> list[Issue]:
    """Issues for a record's own sources whose id is also a shared source's."""
    out = []
    for i, own in enumerate(rec.sources):
        if own.id in shared.by_id or own.id in shared.broken:
            where = f"{shared.path}:{shared.lines.get(own.id) or '?'}"
            out.append(
                Issue(
                    path,
                    f"source id {own.id!r} is defined both here and in {where}: "
                    "this record's copy would hide the shared one; cite the shared "
                    "source and delete this copy, or rename this one (e.g. "
                    f"{own.id + '-' + rec.id!r})",
                    record_id=rec.id,
                    field=f"sources.{i}.id",
                    line=line_of(sub, ["sources", i, "id"]),
                )
            )
    return out


def _read_places(
    places_path: Path | None, shared: _SharedSources, issues: list[Issue]
) -> list[PlaceMention]:
    places: list[PlaceMention] = []
    if places_path is None:
        return places
    seen: dict[str, int | None] = {}
    for item, sub in document_items(read_yaml(places_path, issues) or []):
        rid = _record_id(item, sub) if isinstance(item, dict) else None
        try:
            pm = PlaceMention.model_validate(item)
        except ValidationError as exc:
            issues += validation_issues(exc, places_path, sub, record_id=rid, model=PlaceMention)
            continue
        if pm.id in seen:
            issues.append(_id_twice(places_path, "place", pm.id, seen[pm.id], sub))
            continue
        seen[pm.id] = line_of(sub, ["id"])
        if pm.source.split("#")[0] not in shared.by_id | dict.fromkeys(shared.broken):
            issues.append(
                Issue(
                    places_path,
                    f"cites source {pm.source!r}, which is not in sources.yaml: add it there",
                    record_id=pm.id,
                    field="source",
                    line=line_of(sub, ["source"]),
                )
            )
        places.append(pm)
    return places


def _id_twice(path: Path, kind: str, rid: str, first_line: int | None, node: Any) -> Issue:
    """The issue of an id given a second time in one file (``kind``: source, place)."""
    return Issue(
        path,
        f"{kind} id {rid!r} is also defined on line {first_line}: rename one",
        record_id=rid,
        field="id",
        line=line_of(node, ["id"]),
    )
