"""Project records: the input schema, loading from YAML, and validation.

A record describes one piece of cross-border infrastructure (a bridge, a pipeline,
a logistics hub …) with its location or route, status, parties, capacities,
investment, dates and the source of every claim.  Records live in
``seeds/records/*.yaml`` (one record per file, or a list); shared sources in
``seeds/sources.yaml``; the places a report names in ``seeds/places.yaml``.

Coordinates are WGS 84 (EPSG:4326) decimal degrees, given as ``lat`` and ``lon``
fields (never a bare pair, so the axis order is never in doubt).

Every value cites a source as ``"<source id>"`` or ``"<source id>#p<paragraph>"``.
When sources disagree about one quantity, the record keeps every claim (capacities
with the same ``key``), one of them marked ``preferred: true``; the layers write the
preferred value and a conflict flag (see :meth:`Record.conflicts`).

:func:`load_records` is the one set of checks behind both ``geo validate`` and
``geo build``: it reports every problem of every file together, as
:class:`~geo.errors.Issue` objects naming the file, line, record id, field, what is
wrong and how to fix it.

Modules
-------
``_fields``
    Field types (country codes, numbers, partial dates, source references) and the
    status and type vocabularies.
``_claims``
    Cited quantities: :class:`Capacity` (units), :class:`Investment` (money, the one
    USD rule), :class:`Conflict` between claims.
``_model``
    The pydantic models: :class:`Record` and its other parts, :class:`Source`,
    :class:`PlaceMention`, :class:`RecordSet`, and :func:`json_schema`.
``_issues``
    Checks that produce issues: a validation error rewritten as fixes
    (:func:`validation_issues`), references to unknown sources
    (:func:`source_ref_issues`).
``_load``
    :func:`load_records` and :func:`seed_files`.  The YAML reading with line numbers
    is :mod:`geo._yaml`.
"""

from __future__ import annotations

from geo._yaml import decode_text as read_yaml_text

# The field types stay importable from geo.records as before (not in __all__).
from geo.records._claims import Capacity, Conflict, Investment
from geo.records._fields import (  # noqa: F401
    COUNTRY,
    EARTH_EQUATOR_KM,
    GEM_ID,
    LINEAR_TYPES,
    SLUG,
    STATUS_HINTS,
    CountryCode,
    DateLike,
    GemId,
    Number,
    PartialDate,
    Qualifier,
    RecordType,
    Ref,
    RouteAccuracy,
    Slug,
    Status,
    Text,
)
from geo.records._issues import source_ref_issues, validation_issues
from geo.records._load import SeedFiles, load_records, seed_files
from geo.records._model import (  # noqa: F401
    SCHEMA_VERSION,
    Dates,
    Location,
    LocationIn,
    Party,
    PlaceMention,
    Record,
    RecordSet,
    Route,
    Segment,
    Source,
    json_schema,
)

__all__ = [
    "LINEAR_TYPES",
    "SCHEMA_VERSION",
    "Capacity",
    "Conflict",
    "Dates",
    "Investment",
    "Location",
    "PartialDate",
    "Party",
    "PlaceMention",
    "Record",
    "RecordSet",
    "RecordType",
    "Route",
    "SeedFiles",
    "Segment",
    "Source",
    "Status",
    "json_schema",
    "load_records",
    "read_yaml_text",
    "seed_files",
    "source_ref_issues",
    "validation_issues",
]
