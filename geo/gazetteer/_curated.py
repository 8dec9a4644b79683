"""The curated gazetteer: the seeds folder's ``gazetteer/*.yaml`` entries.

Where the folder is looked for (:func:`seeds_dir_candidates`), its fingerprint and
the reading of its entries (format in ``seeds/gazetteer/README.md``). The folder
names come from :mod:`geo._config`. Positions are EPSG:4326 degrees, (lat, lon).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from geo._config import checkout_seeds_dir, seeds_env, seeds_layout
from geo.errors import GazetteerError, InvalidRecordsError
from geo.gazetteer._curated_check import read_curated
from geo.gazetteer._model import Entry

__all__ = [
    "check_seeds_dir",
    "curated_entries",
    "default_seeds_dir",
    "seeds_dir_candidates",
    "seeds_fingerprint",
]

#: Messages already shown by :func:`_warn_once` (each is printed once per process).
_WARNED: set[str] = set()


def _warn_once(msg: str) -> None:
    """Print ``warning: msg`` on stderr, once per process for the same message."""
    if msg in _WARNED:
        return
    _WARNED.add(msg)
    print(f"warning: {msg}", file=sys.stderr, flush=True)


def _gazetteer_subdir(p: Path) -> Path:
    """``p/gazetteer`` when ``p`` is a seeds folder holding one, else ``p`` itself."""
    sub = seeds_layout(p).gazetteer
    return sub if sub.is_dir() else p


def seeds_dir_candidates() -> list[tuple[str, Path]]:
    """Where curated entries are looked for, in order: ``(origin, folder)`` pairs.

    1. ``$GEO_SEEDS`` (the folder of ``*.yaml`` entries, or a seeds folder with a
       ``gazetteer/`` subfolder), when set;
    2. ``./seeds/gazetteer`` in the working directory;
    3. ``seeds/gazetteer`` beside the ``geo`` package (an editable checkout).
    """
    out: list[tuple[str, Path]] = []
    env = seeds_env()
    if env is not None:
        out.append(("$GEO_SEEDS", _gazetteer_subdir(env)))
    out.append(("working directory", seeds_layout(Path.cwd() / "seeds").gazetteer))
    out.append(("package", seeds_layout(checkout_seeds_dir()).gazetteer))
    return out


def default_seeds_dir(*, required: bool = False) -> Path | None:
    """Return the curated seeds folder: the first of :func:`seeds_dir_candidates` that exists.

    Parameters
    ----------
    required : bool, keyword-only
        Raise instead of warning when no folder exists.

    Returns
    -------
    Path or None
        ``None`` when none exists; a warning then goes to stderr (once per process):
        only the package sources resolve names, the curated entries are missing.

    Raises
    ------
    GazetteerError
        With ``required=True``, when no folder exists.
    """
    cands = seeds_dir_candidates()
    env = seeds_env()
    if env is not None and not cands[0][1].is_dir():
        _warn_once(f"GEO_SEEDS={str(env)!r} is not a folder; looking for seeds/gazetteer instead")
    for _origin, folder in cands:
        if folder.is_dir():
            return folder
    tried = ", ".join(str(f) for _o, f in cands)
    msg = (
        f"no curated gazetteer folder (tried {tried}); names resolve from the package "
        "sources only: set GEO_SEEDS=DIR or run where seeds/gazetteer/ is"
    )
    if required:
        raise GazetteerError(msg)
    _warn_once(msg)
    return None


def check_seeds_dir(seeds_dir: Path | None, *, required: bool = False) -> Path | None:
    """Check an explicitly given curated folder; warn (or raise) when it is missing.

    Returns ``seeds_dir`` unchanged (``None`` stays ``None``: no curated entries).
    """
    if seeds_dir is not None and not Path(seeds_dir).is_dir():
        msg = (
            f"curated gazetteer folder {seeds_dir} does not exist; names resolve from "
            "the package sources only (create it with *.yaml entries, see "
            "seeds/gazetteer/README.md)"
        )
        if required:
            raise GazetteerError(msg)
        _warn_once(msg)
    return seeds_dir


def seeds_fingerprint(seeds_dir: Path | None) -> str:
    """Return a SHA-256 fingerprint of the curated YAML files (names and bytes).

    ``None`` (no curated folder) gives the fingerprint of an empty folder.
    """
    h = hashlib.sha256()
    if seeds_dir is not None and seeds_dir.is_dir():
        for p in sorted(seeds_dir.glob("*.y*ml")):
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def curated_entries(seeds_dir: Path | None) -> list[Entry]:
    """Read curated entries from every ``*.yaml`` file of ``seeds_dir``.

    Parameters
    ----------
    seeds_dir : Path or None
        Directory of YAML lists in the format of ``seeds/gazetteer/README.md``;
        ``None``: no curated entries.

    Returns
    -------
    list of Entry
        One entry per item; empty when the directory does not exist.

    Raises
    ------
    GazetteerError
        Listing every problem :func:`check_curated` finds (file, line, id, field):
        YAML syntax, a missing ``id``/``name``/``lat``/``lon``, a coordinate out of
        range, a value of the wrong kind, an unknown field, an id used twice.
    """
    entries, issues = read_curated(seeds_dir)
    if issues:  # the same list `geo validate` prints, one line per problem
        raise GazetteerError(str(InvalidRecordsError(issues)))
    return [
        _entry(item, str(item["id"]), float(item["lat"]), float(item["lon"]), path)
        for path, item in entries
    ]


def _entry(item: dict, slug: str, lat: float, lon: float, path: Path) -> Entry:
    """The :class:`Entry` of a checked item of the file ``path``."""
    alt = item.get("alt_names") or []
    if isinstance(alt, str):
        alt = [alt]
    unc = item.get("uncertainty_km")
    cc = item.get("country_code")
    return Entry(
        id=f"curated:{slug}",
        name=str(item["name"]),
        names=[str(item["name"]), *map(str, alt)],
        lat=lat,
        lon=lon,
        country_code=str(cc).upper() if cc else None,
        feature_code=str(item.get("feature_code") or "PPL").upper(),
        source="curated",
        admin1=item.get("admin1"),
        population=int(item.get("population") or 0),
        precision=int(item["precision"]) if item.get("precision") else None,
        uncertainty_km=float(unc) if unc is not None else None,
        countries=[str(c).upper() for c in item.get("countries") or []],
        extra={"source": item.get("source"), "file": path.name},
    )
