"""Checks that produce :class:`~geo.errors.Issue`s: validation errors and source references.

A pydantic error is rewritten into a message that says what is wrong and what to write
instead (an unknown field gets a "did you mean", a status a GEM word, a value YAML
typed a hint to quote it), with the file, line, record id and dotted field path.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ValidationError

from geo._yaml import line_of, node_at, typed_scalar_hint
from geo.errors import Issue
from geo.records._fields import (
    COUNTRY,
    EARTH_EQUATOR_KM,
    SLUG,
    STATUS_HINTS,
    RecordType,
    Status,
    _At,
)
from geo.records._model import Record, Source

__all__ = ["source_ref_issues", "validation_issues"]


def _slugify(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "my-record"


_FIELD_WORDS = {
    "type": ("type", [t.value for t in RecordType]),
    "status": ("status", [s.value for s in Status]),
}


def _enum_message(field: str, value: Any, allowed: Sequence[str]) -> str:
    hint = ""
    if field == "status" and isinstance(value, str) and value.lower() in STATUS_HINTS:
        hint = f" ('{value}' is '{STATUS_HINTS[value.lower()]}' in GEM's words)"
    else:
        close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
        if close:
            hint = f" (did you mean {close[0]!r}?)"
    words = "GEM's words" if field == "status" else "one of"
    return f"unknown {field} {value!r}{hint}: use {words} {', '.join(allowed)}"


def validation_issues(
    exc: ValidationError,
    path: Path | None,
    node: yaml.Node | None,
    *,
    record_id: str | None = None,
    model: type[BaseModel] = BaseModel,
) -> list[Issue]:
    """Turn a pydantic validation error into issues that say what to write instead.

    Parameters
    ----------
    exc : pydantic.ValidationError
        From ``model.model_validate(item)``.
    path : Path or None
        The file ``item`` was read from.
    node : yaml.Node or None
        ``item``'s YAML node (:func:`geo._yaml.read_yaml`), for the line of each
        field and for hints about values YAML typed (``id: 2023-09-20``); ``None``
        when the item did not come from YAML (the issues then have no line).
    record_id : str, optional
        The ``id`` of the item, as written.
    model : type of BaseModel, optional
        The model validated, for "did you mean" hints on unknown fields.

    Returns
    -------
    list of Issue
        One per error, with the dotted field path (``capacities.0.unit``).
    """
    out = []
    for err in exc.errors():
        loc = _error_loc(err)
        msg = _error_message(err, loc, node, model)
        field = ".".join(str(p) for p in loc) or None
        out.append(Issue(path, msg, record_id=record_id, field=field, line=line_of(node, loc)))
    return out


def _error_loc(err: Any) -> list[Any]:
    """The field path of one pydantic error, down to the sub-field an ``_At`` names."""
    loc: list[Any] = list(err["loc"])
    # BeforeValidator-wrapped types add a "function-before[...]" step to the loc.
    loc = [p for p in loc if not (isinstance(p, str) and p.startswith("function-"))]
    inner = (err.get("ctx") or {}).get("error")
    if isinstance(inner, _At):
        loc += list(inner.path)
    return loc


def _error_message(err: Any, loc: list[Any], node: yaml.Node | None, model: type[BaseModel]) -> str:
    """The message of one pydantic error, rewritten to say what to write instead."""
    ctx = err.get("ctx") or {}
    msg = err["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    last = loc[-1] if loc else None
    kind = err["type"]
    value = err.get("input")
    yaml_hint = (
        typed_scalar_hint(node_at(node, loc), value)
        if kind in ("string_type", "string_pattern_mismatch")
        else None
    )
    if yaml_hint:
        msg = yaml_hint
    elif kind == "extra_forbidden" and loc == ["review"]:
        listed = ", ".join(map(str, value)) if isinstance(value, list) else ""
        msg = (
            "review lists mark fields a person must check"
            + (f" ({listed})" if listed else "")
            + ": check them, then delete the review list"
        )
    elif (
        "qualifier: " in msg
        and "qualifier" not in _fields_at(model, loc[:-1])
        and (m := re.search(r"write the number \(([^)]*)\)", msg))
    ):
        # the hedge hint of Number, for a field without a qualifier beside it
        msg = (
            f"{value!r} is text, not a number: write {last}: {m[1]} (this field has "
            "no qualifier: give the figure alone)"
        )
    elif kind == "string_too_short":
        what = f"the {last!r} name" if len(loc) > 1 and loc[-2] == "names" else str(last)
        msg = f"{what} is empty: write it (blank text is not a value)"
    elif kind == "less_than_equal" and last == "length_km":
        msg = (
            f"length {value!r} km is longer than the Earth's equator "
            f"({EARTH_EQUATOR_KM:,.0f} km): check the figure (kilometres, not metres)"
        )
    elif kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(str(last), known, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}? " if close else ""
        msg = f"unknown field {last!r}: {hint}see `geo schema` for the fields"
    elif kind == "missing":
        if last in ("source", "length_source", "stated_usd_source"):
            msg = "this value cites no source: add source: '<source id>#p<n>'"
        else:
            msg = f"missing required field {last!r}"
    elif kind == "enum" and len(loc) >= 1 and str(last) in _FIELD_WORDS:
        name, allowed = _FIELD_WORDS[str(last)]
        msg = _enum_message(name, value, allowed)
    elif kind == "literal_error":
        msg = f"{value!r} is not allowed here: {msg[0].lower()}{msg[1:]}"
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") == SLUG:
        msg = (
            f"{value!r} is not a slug: use lower-case ASCII letters, digits and "
            f"hyphens, e.g. {_slugify(str(value))!r}"
        )
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") == COUNTRY:
        msg = f"country {value!r} must be an ISO 3166-1 alpha-2 code such as 'RU' or 'CN'"
    elif kind == "greater_than" and last == "amount":
        msg = f"amount must be positive (got {value!r})"
    elif kind not in ("value_error", "assertion_error") and "input" in err:
        shown = value if not isinstance(value, dict | list) else type(value).__name__
        msg = f"{msg} (got {shown!r})"
    return msg


def _fields_at(model: type[BaseModel], loc: Sequence[Any]) -> list[str]:
    """Field names of the (sub)model at ``loc``, for "did you mean" hints."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not hasattr(current, "model_fields"):
            continue
        info = current.model_fields.get(str(part))
        if info is None:
            return []
        current = _inner_model(info.annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    import typing

    stack = [annotation]
    while stack:
        t = stack.pop()
        if isinstance(t, type) and issubclass(t, BaseModel):
            return t
        stack.extend(typing.get_args(t))
    return None


def source_ref_issues(
    record: Record,
    known: dict[str, Source],
    path: Path,
    node: yaml.Node | None,
    *,
    broken: Iterable[str] = (),
    shared_file: Path | Literal[False] | None = False,
) -> list[Issue]:
    """Issues for references of ``record`` to sources that are nowhere defined.

    Parameters
    ----------
    record : Record
        A valid record; its own ``sources`` count as defined.
    known : dict of str to Source
        The shared sources (``sources.yaml``), by id.
    path : Path
        The file the record was read from, for the issues.
    node : yaml.Node or None
        The record's YAML node, for the line of each field (``None``: no lines).
    broken : iterable of str, optional
        Ids of shared sources already reported invalid: not reported as unknown too.
    shared_file : Path, None or False, optional
        The ``sources.yaml`` in use; ``None`` says none was found (the message then
        says how to give one); ``False`` leaves that out.

    Returns
    -------
    list of Issue
        One per unknown reference, with a "did you mean" hint for a close id.
    """
    own = {s.id for s in record.sources}
    skip = set(broken)
    out = []
    for field, ref in record.source_refs():
        sid = ref.split("#", 1)[0]
        if sid not in own and sid not in known and sid not in skip:
            close = difflib.get_close_matches(sid, sorted(own | set(known)), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            out.append(
                Issue(
                    path,
                    f"cites source {sid!r}{hint}, which is neither in this record's sources "
                    f"nor in sources.yaml: add it to one of them"
                    + (
                        " (no sources.yaml was found beside these records or one level up: "
                        "give it with `geo validate PATH --sources seeds/sources.yaml`)"
                        if shared_file is None
                        else ""
                    ),
                    record_id=record.id,
                    field=field,
                    line=line_of(node, field.split(".")),
                )
            )
    return out
