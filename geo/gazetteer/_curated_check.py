"""Checks of the curated gazetteer files (``seeds/gazetteer/*.yaml``), as :class:`Issue`\\ s.

The same file:line, id and field as a record's problems, so ``geo validate`` reports a
broken curated entry the way it reports a broken record: every problem of every file at
once, each with what to write instead.  YAML is read by :mod:`geo._yaml` (encodings,
syntax errors and duplicate keys with their line).

An entry is a mapping with these fields (``seeds/gazetteer/README.md`` explains them):

=================  ========================================================  =========
field              value                                                     required
=================  ========================================================  =========
``id``             slug, unique across the folder                            yes
``name``           preferred name                                            yes
``lat``, ``lon``   WGS 84 decimal degrees (EPSG:4326)                        yes
``alt_names``      a name or a list of names (any script)
``feature_code``   GeoNames feature code (``BDG``, ``PSTB``, ``PPLA3`` …)
``country_code``   ISO 3166-1 alpha-2
``countries``      list of ISO 3166-1 alpha-2 (a feature on a border)
``admin1``         first-level division, as text
``precision``      IATI geographic precision, 1–8
``uncertainty_km`` radius, kilometres, ≥ 0
``population``     whole number ≥ 0
``source``         where the position comes from (text or a mapping)
=================  ========================================================  =========
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from geo._codes import country_problem, date_problem, slug_problem, url_problem
from geo._yaml import document_items, line_of, node_at, read_yaml
from geo.errors import Issue

__all__ = ["CURATED_FIELDS", "check_curated", "read_curated", "read_curated_file"]

_FCODE = re.compile(r"^[A-Z][A-Z0-9]{0,9}$")

#: Field → check of its value (``None`` when fine, else what is wrong and the fix).
Check = Callable[[Any], "str | None"]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "write it as text"


def _slug(value: Any) -> str | None:
    return slug_problem(value)


def _names(value: Any) -> str | None:
    items = [value] if isinstance(value, str) else value
    if isinstance(items, list) and all(isinstance(x, str) and x.strip() for x in items):
        return None
    return "give a name or a list of names, e.g. [Tongjiang bridge, 同江大桥]"


def _country(value: Any) -> str | None:
    return country_problem(value)


def _countries(value: Any) -> str | None:
    if isinstance(value, list) and value and not any(_country(v) for v in value):
        return None
    return "give a list of ISO 3166-1 alpha-2 codes, e.g. [RU, CN]"


def _feature_code(value: Any) -> str | None:
    if isinstance(value, str) and _FCODE.match(value.upper()):
        return None
    return f"{value!r} is not a GeoNames feature code: write e.g. BDG, PSTB or PPL"


def _whole(low: int, high: int | None, what: str) -> Check:
    def check(value: Any) -> str | None:
        ok = isinstance(value, int) and not isinstance(value, bool)
        if ok and value >= low and (high is None or value <= high):
            return None
        hint = _number_hint(value)
        bound = f"{low}..{high}" if high is not None else f">= {low}"
        return f"{value!r} is not {what} ({bound}){hint}"

    return check


def _number_hint(value: Any) -> str:
    """``; write …`` with the whole number ``value`` stands for, or ``""``."""
    try:  # "1.6e5" (YAML 1.1 reads it as text) is 160000, not 1.6
        number = float(str(value).replace(",", ""))
        if number.is_integer():
            return f"; write {int(number)}"
    except ValueError:
        pass
    words = re.findall(r"\d[\d,.]*", str(value)) if isinstance(value, str) else []
    return f"; write the number alone: {words[0]}" if words else ""


def _km(value: Any) -> str | None:
    x = _number(value)
    if x is not None and x >= 0:
        return None
    return f"{value!r} is not a distance in kilometres (a number >= 0)"


def _source(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return None
    if not isinstance(value, dict) or not value:
        return "give the source as text or a mapping (title, publisher, url, note)"
    # the same rules as a record's source: a link a reader may click, a date that exists
    if value.get("url") is not None and (problem := url_problem(value["url"])):
        return problem
    if value.get("date") is not None and (problem := date_problem(value["date"])):
        return problem
    return None


CURATED_FIELDS: dict[str, Check | None] = {
    "id": _slug,
    "name": _text,
    "lat": None,  # checked with lon: a swapped pair is one problem, not two
    "lon": None,
    "alt_names": _names,
    "feature_code": _feature_code,
    "country_code": _country,
    "countries": _countries,
    "admin1": _text,
    "precision": _whole(1, 8, "an IATI precision code"),
    "uncertainty_km": _km,
    "population": _whole(0, None, "a whole number"),
    "source": _source,
}
_REQUIRED = ("id", "name", "lat", "lon")


def _position_problem(item: dict[str, Any]) -> tuple[str, str] | None:
    """(field, message) of a bad ``lat``/``lon`` pair, or ``None``."""
    lat, lon = _number(item.get("lat")), _number(item.get("lon"))
    if lat is None or lon is None:
        bad = "lat" if lat is None else "lon"
        return bad, (
            f"lat/lon must be decimal degrees, got {item.get('lat')!r}, {item.get('lon')!r}"
        )
    if not -90 <= lat <= 90:
        hint = " (lat and lon look swapped)" if -90 <= lon <= 90 else ""
        return "lat", f"position ({lat}, {lon}) out of range{hint}; give lat in -90..90"
    if not -180 <= lon <= 180:
        return "lon", f"position ({lat}, {lon}) out of range; give lon in -180..180"
    return None


def _item_issues(item: Any, node: Any, path: Path, index: int) -> list[Issue]:
    """Every problem of one entry (the ``index``-th of its file, from 0)."""
    if not isinstance(item, dict):
        return [
            Issue(
                path, f"entry {index + 1}: expected a mapping, got {item!r}", line=line_of(node, [])
            )
        ]
    rid = str(item["id"]) if item.get("id") is not None else None

    def issue(fld: str | None, message: str) -> Issue:
        return Issue(
            path,
            message,
            record_id=rid,
            field=fld,
            line=line_of(node, [fld] if fld in item else []),
        )

    missing = [k for k in _REQUIRED if item.get(k) is None]
    out = [issue(missing[0], f"missing {', '.join(missing)}")] if missing else []
    for key, value in item.items():
        check = CURATED_FIELDS.get(key, _unknown)
        problem = check(value) if check is not None and value is not None else None
        if problem:
            out.append(issue(str(key), problem))
    if "lat" not in missing and "lon" not in missing:
        bad = _position_problem(item)
        if bad:
            out.append(issue(*bad))
    return out


def _unknown(value: Any) -> str:
    fields = ", ".join(CURATED_FIELDS)
    return f"unknown field (a typo?); the fields of an entry are: {fields}"


def _entries_of(data: Any, node: Any) -> list[tuple[Any, Any]]:
    """A file holds a list of entries, or a mapping with ``entries``/``places``, or one entry."""
    if isinstance(data, dict):
        key = next((k for k in ("entries", "places") if data.get(k)), None)
        if key is None:
            return [(data, node)]
        return list(document_items([(data[key], node_at(node, [key]))]))
    return list(document_items([(data, node)]))


def _attribute(issue: Issue, items: list[tuple[Any, Any]]) -> Issue:
    """A file-level issue (a repeated key) given the id and field of the entry it is in."""
    for item, node in items:
        if not isinstance(item, dict) or node is None or issue.line is None:
            continue
        if node.start_mark.line + 1 <= issue.line <= node.end_mark.line + 1:
            words = issue.message.split("'")
            fld = words[1] if issue.message.startswith("key '") and len(words) > 2 else None
            rid = str(item["id"]) if item.get("id") is not None else None
            return Issue(issue.path, issue.message, record_id=rid, field=fld, line=issue.line)
    return issue


def read_curated_file(
    path: Path, *, seen: dict[str, Path] | None = None
) -> tuple[list[dict[str, Any]], list[Issue]]:
    """Read one curated file once: its entries and every problem of them.

    Parameters
    ----------
    path : Path
        A ``*.yaml`` file of curated entries: a list, a mapping holding ``entries`` or
        ``places``, or one entry; several YAML documents (``---``) read as one list.
    seen : dict of str to Path, optional, keyword-only
        Ids met in earlier files → their file; updated, so that an id used in two files
        is reported with both.

    Returns
    -------
    (list of dict, list of Issue)
        The entries (only meaningful when there are no issues) and the issues, each
        naming file, line, entry id and field.
    """
    seen = {} if seen is None else seen
    file_issues: list[Issue] = []
    docs = read_yaml(path, file_issues)
    items: list[tuple[Any, Any]] = []
    issues: list[Issue] = []
    for data, node in docs or []:
        if not isinstance(data, list | dict):
            issues.append(Issue(path, f"expected a list of entries, got {type(data).__name__}"))
            continue
        items += _entries_of(data, node)
    for i, (item, sub) in enumerate(items):
        issues += _item_issues(item, sub, path, i)
        rid = item.get("id") if isinstance(item, dict) else None
        if isinstance(rid, str) and rid in seen:
            issues.append(
                Issue(
                    path,
                    f"id {rid!r} is also used in {seen[rid]}; ids must be unique",
                    record_id=rid,
                    field="id",
                    line=line_of(sub, ["id"]),
                )
            )
        elif isinstance(rid, str):
            seen[rid] = path
    issues = [_attribute(x, items) for x in file_issues] + issues
    return [item for item, _ in items if isinstance(item, dict)], issues


def read_curated(
    folder: Path | str | None,
) -> tuple[list[tuple[Path, dict[str, Any]]], list[Issue]]:
    """Every entry of every curated file of ``folder`` with its file, and every problem.

    ``None`` or a missing folder has neither.  See :func:`read_curated_file`.
    """
    if folder is None or not Path(folder).is_dir():
        return [], []
    seen: dict[str, Path] = {}
    entries: list[tuple[Path, dict[str, Any]]] = []
    issues: list[Issue] = []
    for path in sorted(Path(folder).glob("*.y*ml")):
        items, found = read_curated_file(path, seen=seen)
        entries += [(path, item) for item in items]
        issues += found
    return entries, issues


def check_curated(folder: Path | str | None) -> list[Issue]:
    """Every problem of every curated file of ``folder`` (``*.yaml``, ``*.yml``).

    Parameters
    ----------
    folder : path-like or None
        A seeds folder's ``gazetteer/``; ``None`` or a missing folder has no problems.

    Returns
    -------
    list of Issue
        In file order; each names file, line, entry id and field, and says what to write.
    """
    return read_curated(folder)[1]
