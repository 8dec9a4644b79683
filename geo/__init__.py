"""geo: map cross-border infrastructure.

Sourced project records (:mod:`geo.records`), an offline multilingual gazetteer
(:mod:`geo.gazetteer`), QGIS-ready RFC 7946 layers (:mod:`geo.layers`) and offline
web maps (:mod:`geo.maps`).  The public API is re-exported here and imported lazily,
so ``import geo`` stays cheap (the gazetteer CLI answers without loading GeoPandas).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: public name → module that defines it
_EXPORTS: dict[str, str] = {
    # records and units
    "Record": "geo.records",
    "RecordSet": "geo.records",
    "PlaceMention": "geo.records",
    "Source": "geo.records",
    "load_records": "geo.records",
    "Capacity": "geo.records",
    "Investment": "geo.records",
    "Conflict": "geo.records",
    "json_schema": "geo.records",
    "import_csv": "geo.csv_import",
    "convert": "geo.units",
    "parse_money": "geo.units",
    "normalise_quantity": "geo.units",
    "parse_unit": "geo.units",
    "to_usd": "geo.units",
    # gazetteer
    "geocode": "geo.gazetteer",
    "reverse": "geo.gazetteer",
    "lookup_names": "geo.gazetteer",
    "GeocodeResult": "geo.gazetteer",
    "Candidate": "geo.gazetteer",
    "Gazetteer": "geo.gazetteer",
    # batch geocoding at scale
    "geocode_file": "geo.batch",
    "geocode_dataframe": "geo.batch",
    # layers, maps, build
    "build_layers": "geo.layers",
    "write_geojson": "geo.layers",
    "write_layers": "geo.layers",
    "make_map": "geo.maps",
    "write_map": "geo.maps",
    "render_still": "geo.stills",
    "build": "geo.pipeline",
    # text extraction
    "extract": "geo.extract",
    "draft_records": "geo.extract",
    # errors
    "GeoError": "geo.errors",
    "InvalidRecordsError": "geo.errors",
    "UnitError": "geo.errors",
    "MoneyError": "geo.errors",
    "GazetteerError": "geo.errors",
    "LayerError": "geo.errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'geo' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
