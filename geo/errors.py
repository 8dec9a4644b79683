"""Exceptions raised by :mod:`geo`.

Every error subclasses :class:`ValueError` and its message names the input (file,
record id, field), quotes the bad value and says how to fix it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "GazetteerError",
    "GeoError",
    "InvalidRecordsError",
    "Issue",
    "LayerError",
    "MoneyError",
    "RecordError",
    "UnitError",
]


class GeoError(ValueError):
    """Base class of every error raised by :mod:`geo`."""


class UnitError(GeoError):
    """A capacity or length unit that cannot be parsed or converted."""


class MoneyError(GeoError):
    """An amount, currency or date that cannot be converted to USD."""


class GazetteerError(GeoError):
    """The gazetteer cannot be built or queried."""


class LayerError(GeoError):
    """A layer cannot be built or written."""


@dataclass(frozen=True)
class Issue:
    """One problem found in an input file.

    Parameters
    ----------
    path : Path or None
        File the problem is in.
    message : str
        What is wrong and how to fix it.
    record_id : str or None
        ``id`` of the record, when known.
    field : str or None
        Dotted path of the field, e.g. ``capacities.0.unit``.
    line : int or None
        1-based line in ``path``, when known.
    """

    path: Path | None
    message: str
    record_id: str | None = None
    field: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, str | int | None]:
        """The issue as JSON-ready fields: path, line, record_id, field, message."""
        return {
            "path": str(self.path) if self.path else None,
            "line": self.line,
            "record_id": self.record_id,
            "field": self.field,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = str(self.path) if self.path else "<input>"
        if self.line:
            where += f":{self.line}"
        parts = [where]
        if self.record_id:
            parts.append(f"record {self.record_id!r}")
        if self.field:
            parts.append(f"field {self.field!r}")
        return ": ".join([", ".join(parts), self.message])


@dataclass
class RecordError(GeoError):
    """A single record problem, raised where one problem stops the work."""

    issue: Issue

    def __str__(self) -> str:
        return str(self.issue)


@dataclass
class InvalidRecordsError(GeoError):
    """Every problem found in a set of input files, reported together."""

    issues: Sequence[Issue] = field(default_factory=list)

    def __str__(self) -> str:
        n = len(self.issues)
        head = f"{n} problem{'s' if n != 1 else ''} in the input:"
        return "\n".join([head, *(f"  {i}" for i in self.issues)])
