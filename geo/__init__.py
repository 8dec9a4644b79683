"""geo: map cross-border infrastructure, offline.

Sourced project records in, QGIS-ready layers and offline web maps out::

    import geo

    records = geo.load_records("seeds")                  # YAML → validated records
    layers = geo.build_layers(records)                   # → GeoDataFrames, EPSG:4326
    geo.write_layers(layers, "layers")                   # RFC 7946 GeoJSON + QGIS styles
    geo.write_map(geo.make_map(layers.layers), "maps/index.html")  # one offline page
    geo.render_still(layers.layers, "maps/index.png")    # a 300 dpi still for reports
    geo.geocode("Tongjiang", context="Nizhneleninskoye–Tongjiang bridge")
    geo.build("seeds")                                   # all of the above, as `geo build`

The public API, by room (each a module with its own ``help``):

- records and units: ``load_records``, ``Record``, ``RecordSet``, ``json_schema``,
  ``import_csv``, ``convert``, ``parse_money``, ``to_usd`` (:mod:`geo.records`,
  :mod:`geo.units`, :mod:`geo.csv_import`)
- gazetteer: ``geocode``, ``reverse``, ``lookup_names``, ``Gazetteer``
  (:mod:`geo.gazetteer`); batch geocoding: ``geocode_file``, ``geocode_dataframe``
  (:mod:`geo.batch`)
- layers: ``build_layers``, ``write_layers``, ``write_geojson`` (:mod:`geo.layers`)
- maps and stills: ``make_map``, ``write_map`` (:mod:`geo.maps`), ``render_still``
  (:mod:`geo.stills`); the whole build: ``build`` (:mod:`geo.pipeline`)
- text: ``geo.extract.extract``, ``draft_records`` (:mod:`geo.extract`)
- errors: ``GeoError`` and its kinds (:mod:`geo.errors`)

The README's "Python API" section has worked examples; ``geo --help`` the command line.
Every name is imported on first use, so ``import geo`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

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
    "draft_records": "geo.extract",
    # errors
    "GeoError": "geo.errors",
    "InvalidRecordsError": "geo.errors",
    "UnitError": "geo.errors",
    "MoneyError": "geo.errors",
    "GazetteerError": "geo.errors",
    "LayerError": "geo.errors",
}

#: Rooms reachable as attributes after a plain ``import geo`` (``geo.maps.map_layers``).
_SUBMODULES = frozenset(
    {
        "batch",
        "borders",
        "csv_import",
        "errors",
        "extract",
        "gazetteer",
        "layers",
        "maps",
        "pipeline",
        "records",
        "reference",
        "stills",
        "units",
    }
)

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name == "__version__":  # from the installed metadata: pyproject.toml is the one source
        from geo._config import package_version

        globals()[name] = value = package_version()
        return value
    if name in _SUBMODULES:  # the import system sets geo.<name> itself
        return importlib.import_module(f"geo.{name}")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'geo' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    # The names loaded so far: listing the lazy ones here would make pydoc import and
    # render the whole API in full for `help(geo)`; the docstring lists them instead.
    return sorted(globals())
