"""From report text to draft records: places, money, quantities, dates, organisations.

:func:`extract` finds, each with its character span ``[start, end)`` into the text
and the sentence it stands in:

- **places**, matched against the gazetteer (:func:`geo.gazetteer.geocode`) with the
  whole text as context: multi-word and dash-joined names, regions ("the Russian Far
  East"), country demonyms, and "A-B railway bridge" features;
- **money**: amount and ISO 4217 currency; a stated conversion ("5 billion yuan
  ($685 million)") links the two amounts;
- **quantities**: value, unit, commodity, period, and the value in the project base
  unit (t, t/yr, m, m³/yr, TEU/yr …) via :func:`geo.units.normalise_quantity`;
- **dates** (ISO, with their precision) and **organisations** named around
  "signed" / "agreement" phrases.

:func:`draft_records` groups the findings into one draft record per infrastructure
object the text names, and :func:`draft_yaml` writes them as YAML for review.
Each draft carries a ``review`` list naming its uncertain fields: ``geo validate``
rejects that key, so a draft passes only once an analyst has checked the fields and
deleted the list.

Positions are WGS 84 (EPSG:4326) degrees as ``lat`` / ``lon``; offsets are Python
string indices (code points).
"""

from __future__ import annotations

from geo.extract._draft import draft_records, draft_yaml
from geo.extract._extract import extract
from geo.extract._found import (
    Extraction,
    FoundDate,
    FoundMoney,
    FoundOrganisation,
    FoundPlace,
    FoundQuantity,
    Sentence,
)
from geo.extract._text import read_report, split_sentences

__all__ = [
    "Extraction",
    "FoundDate",
    "FoundMoney",
    "FoundOrganisation",
    "FoundPlace",
    "FoundQuantity",
    "Sentence",
    "draft_records",
    "draft_yaml",
    "extract",
    "read_report",
    "split_sentences",
]
