"""Tracker workbooks analysts already keep → record YAML (``geo import``).

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

from geo.trackers._gem import GEM_COLUMNS, REPORT_ONLY, ReportLine
from geo.trackers._import import ImportResult, import_gem, read_gem
from geo.trackers._table import Sheet, read_sheets

__all__ = [
    "GEM_COLUMNS",
    "REPORT_ONLY",
    "ImportResult",
    "ReportLine",
    "Sheet",
    "import_gem",
    "read_gem",
    "read_sheets",
]
