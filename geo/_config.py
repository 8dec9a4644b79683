"""Configuration in one place: every environment variable ``geo`` reads, and the seeds layout.

Environment variables
---------------------
``GEO_SEEDS``
    A seeds folder (or its ``gazetteer/`` subfolder) for the curated gazetteer entries,
    used where no ``--seeds`` is given.
``GEO_CACHE_DIR``
    Where the gazetteer's SQLite index is kept (default: the user cache folder given by
    ``platformdirs``).

Seeds layout
------------
A seeds folder holds ``records/*.yaml`` (one project each), ``sources.yaml`` (shared
sources), ``places.yaml`` (places a report names) and ``gazetteer/*.yaml`` (curated
gazetteer entries).  :func:`seeds_layout` names those paths; nothing else in ``geo``
spells them out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CACHE_ENV",
    "SEEDS_ENV",
    "SeedsLayout",
    "cache_dir_env",
    "checkout_seeds_dir",
    "package_version",
    "seeds_env",
    "seeds_layout",
]

SEEDS_ENV = "GEO_SEEDS"
CACHE_ENV = "GEO_CACHE_DIR"


def seeds_env() -> Path | None:
    """The folder ``$GEO_SEEDS`` names, or ``None`` when it is unset or empty."""
    value = os.environ.get(SEEDS_ENV, "")
    return Path(value) if value else None


def cache_dir_env() -> Path | None:
    """The folder ``$GEO_CACHE_DIR`` names, or ``None`` when it is unset or empty."""
    value = os.environ.get(CACHE_ENV, "")
    return Path(value) if value else None


def checkout_seeds_dir() -> Path:
    """``seeds/`` beside the ``geo`` package: the shipped seeds of an editable checkout.

    The folder need not exist (a wheel install has none).
    """
    return Path(__file__).resolve().parent.parent / "seeds"


@dataclass(frozen=True)
class SeedsLayout:
    """The paths of one seeds folder (they need not exist)."""

    root: Path
    records: Path
    sources: Path
    places: Path
    gazetteer: Path


def seeds_layout(root: str | Path) -> SeedsLayout:
    """Name the parts of the seeds folder ``root``.

    Parameters
    ----------
    root : path-like
        A seeds folder, e.g. ``seeds``.

    Returns
    -------
    SeedsLayout
        ``records/``, ``sources.yaml``, ``places.yaml`` and ``gazetteer/`` under ``root``.
    """
    root = Path(root)
    return SeedsLayout(
        root=root,
        records=root / "records",
        sources=root / "sources.yaml",
        places=root / "places.yaml",
        gazetteer=root / "gazetteer",
    )


def package_version() -> str:
    """The installed distribution's version (``pyproject.toml``), ``0+unknown`` if not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("geo")
    except PackageNotFoundError:
        return "0+unknown"
