"""Tracker workbooks analysts already keep → record YAML (``geo import``).

Three layouts (:func:`import_tracker` with ``format=``): ``gem``, ``aiddata`` (AidData's
Global Chinese Development Finance dataset, GCDF 3.0: amounts in the original currency,
nominal USD and constant 2021 USD as separate claims) and ``table`` (any sheet with a
YAML column map, :data:`TEMPLATE_MAP`).

Global Energy Monitor's gas and oil infrastructure trackers (``--format gem``): one row
per pipeline segment; the rows of one ``ProjectID`` become one pipeline record
``gem-<projectid>`` with its status, mode, countries, capacities (as written, plus
GEM's own conversions as further claims), stated length, owners, start year, route
and sources (the workbook, the ``Wiki`` page, every ``[ref]`` address).  A value that
cannot be used, or has no record field yet, is listed in the report with its file,
sheet, row and column; it never stops the import.

>>> from geo.trackers import import_gem
>>> result = import_gem("GGIT.xlsx", out_dir="seeds/records")  # doctest: +SKIP
>>> for line in result.report: print(line)  # doctest: +SKIP
"""

from __future__ import annotations

from geo.trackers._aiddata import AIDDATA_COLUMNS, PRECISION_IATI
from geo.trackers._gem import GEM_COLUMNS, REPORT_ONLY, ReportLine
from geo.trackers._import import (
    FORMATS,
    ImportResult,
    import_gem,
    import_tracker,
    read_gem,
    read_tracker,
)
from geo.trackers._mapped import TEMPLATE_MAP, ColumnMap, load_column_map
from geo.trackers._table import Sheet, read_sheets

__all__ = [
    "AIDDATA_COLUMNS",
    "FORMATS",
    "GEM_COLUMNS",
    "PRECISION_IATI",
    "REPORT_ONLY",
    "TEMPLATE_MAP",
    "ColumnMap",
    "ImportResult",
    "ReportLine",
    "Sheet",
    "import_gem",
    "import_tracker",
    "load_column_map",
    "read_gem",
    "read_sheets",
    "read_tracker",
]
