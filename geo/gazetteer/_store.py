"""The read side of the gazetteer: the SQLite index and the curated entries in memory.

A :class:`Store` opens the index read-only (one connection per thread) and holds the
curated entries of one seeds folder as :class:`Place` rows with negative ids, so
every lookup sees both. Positions are EPSG:4326 degrees, (lat, lon).
"""

from __future__ import annotations

import functools
import json
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from geo.errors import GazetteerError
from geo.gazetteer._features import NATURAL_CODES
from geo.gazetteer._index import SCHEMA_VERSION, entry_keys, importance
from geo.gazetteer._model import Entry
from geo.gazetteer._normalise import fold, loose

__all__ = [
    "PLACE_COLS",
    "Found",
    "IndexDamagedError",
    "Place",
    "Store",
    "name_quality",
    "place_from_row",
]


class IndexDamagedError(GazetteerError):
    """The index file is damaged: a query failed and SQLite's integrity check agrees."""


class Place(NamedTuple):
    """A gazetteer entry as stored in the index (positions EPSG:4326, lat/lon).

    A named tuple rather than a dataclass: built once per index row read, so cheap
    construction matters.
    """

    pid: int
    uid: str
    name: str
    lat: float
    lon: float
    cc: str | None
    admin1: str | None
    admin1_code: str | None
    fcode: str
    population: int
    source: str
    precision: int | None
    unc_km: float | None
    importance: float


#: Matches of a name: place id → (place, match quality 0..1, the key that matched).
Found = dict[int, tuple[Place, float, str]]

#: Build a :class:`Place` from a row of ``PLACE_COLS`` values without the
#: keyword-handling ``__new__`` (called once per row read).
place_from_row = functools.partial(tuple.__new__, Place)

PLACE_COLS = (
    "p.pid, p.uid, p.name, p.lat, p.lon, p.cc, p.admin1, p.admin1_code, p.fcode, "
    "p.population, p.source, p.precision, p.unc_km, p.importance"
)
# tuple.__new__ checks no length: the columns must be Place's fields, in order
if tuple(c.strip().removeprefix("p.") for c in PLACE_COLS.split(",")) != Place._fields:
    raise ImportError("PLACE_COLS and Place fields differ")  # pragma: no cover


def name_quality(place: Place, quality: float, key: str) -> float:
    """Lower the match quality of an alternate name against the preferred one.

    GeoNames alternate names include old names, neighbourhoods and codes, so a
    place whose *preferred* name matches should beat one that matches only by an
    alias; an alias that begins the preferred name ("New York" of "New York City")
    is nearly as good. Curated alternate names are deliberate: no penalty.
    """
    if place.source == "curated" or key[0] not in "=~":
        return quality
    pref = fold(place.name)
    if key[0] == "~":
        pref = loose(pref)
    word = key[1:]
    if pref == word:
        return quality
    if place.fcode in NATURAL_CODES and (pref.startswith(word + " ") or pref.endswith(" " + word)):
        # a river, plateau or lake by its short form ("Amur" of "Amur River", "Ozark"
        # of "Ozark Plateau"): a weak reading beside a town or province so named
        return quality * 0.85
    if pref.startswith(word + (" " if key[0] == "=" else "")):
        return quality * 0.98
    return quality * 0.92


class Store:
    """The index file ``index_path`` (read-only) and the curated entries over it.

    Parameters
    ----------
    index_path : Path
        An index written by :func:`geo.gazetteer._index.build_index`.
    """

    def __init__(self, index_path: Path) -> None:
        self.index_path = index_path
        self._local = threading.local()
        self.curated: list[Place] = []
        self.curated_entries: list[Entry] = []
        #: key → positions in ``curated`` of the entries stored under it
        self.curated_keys: dict[str, list[int]] = {}
        #: the curated fold keys without prefix (the fuzzy pool's curated part)
        self.curated_fold: list[str] = []
        self._cc_set: frozenset[str] | None = None
        self._demonym_set: frozenset[str] | None = None

    @property
    def con(self) -> sqlite3.Connection:
        """This thread's read-only connection to the index.

        Raises
        ------
        GazetteerError
            When the file cannot be opened.
        """
        con = getattr(self._local, "con", None)
        if con is None:
            uri = f"file:{self.index_path}?mode=ro"
            try:
                con = sqlite3.connect(uri, uri=True, check_same_thread=False)
                con.execute("PRAGMA query_only=1")
                con.execute("PRAGMA cache_size=-64000")
                con.execute("PRAGMA mmap_size=268435456")
            except sqlite3.Error as exc:
                raise GazetteerError(
                    f"cannot open the gazetteer index {self.index_path}: {exc}; "
                    "rebuild it with `geo gazetteer build`"
                ) from exc
            self._local.con = con
        return con

    def forget_connections(self) -> None:
        """Drop the connections opened so far (before the file is rebuilt)."""
        self._local = threading.local()

    def meta(self) -> dict[str, str]:
        """Return the index's metadata table (sources, versions, counts, build time)."""
        return dict(self.con.execute("SELECT k, v FROM meta").fetchall())

    def integrity_problem(self) -> str | None:
        """SQLite's ``quick_check`` of the index file: ``None`` when sound, else the
        first problem it finds (``database disk image is malformed`` …).

        Reads every page (about 1 s for the full index), so it runs only after a
        query has failed; on a connection of its own, as the thread's connection
        may hold pages read before the damage was found.
        """
        try:
            con = sqlite3.connect(f"file:{self.index_path}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            return str(exc)[:200]
        try:
            rows = con.execute("PRAGMA quick_check(1)").fetchall()
        except sqlite3.DatabaseError as exc:
            return str(exc)[:200]
        finally:
            con.close()
        first = " ".join(str(rows[0][0]).split()) if rows else "no answer"
        return None if first == "ok" else first[:200]

    # ------------------------------------------------------------------ curated

    def _curated_key_lists(self, entries: list[Entry], fingerprint: str) -> list[list[str]]:
        """Keys of each curated entry, cached on disk by the seeds' fingerprint.

        Romanising Chinese names needs ``pypinyin`` (0.2 s to import); the cache
        keeps ``geo geocode NAME`` fast once the seeds have been read once.
        """
        cache = self.index_path.with_name(f"curated-{SCHEMA_VERSION}-{fingerprint[:16]}.json")
        try:
            data = json.loads(cache.read_text(encoding="utf-8"))
            if len(data) == len(entries):
                return data
        except (OSError, ValueError):
            pass
        data = [sorted(entry_keys(e)) for e in entries]
        try:
            from geo._io import write_text_atomic

            # a unique temp name beside the cache: two processes may write it at once
            write_text_atomic(json.dumps(data, ensure_ascii=False), cache)
        except OSError:
            pass
        return data

    def _admin1_code(self, e: Entry) -> str | None:
        """GeoNames admin1 code of the division a curated entry names, if the index has it."""
        if not (e.admin1 and e.country_code):
            return None
        rows = self.con.execute(
            f"SELECT {PLACE_COLS} FROM names n JOIN places p ON p.pid = n.pid "
            "WHERE n.key = ? AND p.fcode = 'ADM1' AND p.cc = ?",
            ("=" + fold(e.admin1), e.country_code),
        ).fetchall()
        return rows[0][7] if rows else None

    def load_curated(self, entries: list[Entry], fingerprint: str) -> None:
        """Hold the curated ``entries`` (of a seeds folder with ``fingerprint``) in memory.

        Replaces what an earlier call held (a call cut short by a damaged index is
        repeated after the rebuild).
        """
        self.curated = []
        self.curated_keys = {}
        self.curated_entries = entries
        key_lists = self._curated_key_lists(entries, fingerprint)
        for i, e in enumerate(entries):
            place = Place(
                pid=-(i + 1),
                uid=e.id,
                name=e.name,
                lat=e.lat,
                lon=e.lon,
                cc=e.country_code,
                admin1=e.admin1,
                admin1_code=self._admin1_code(e),
                fcode=e.feature_code,
                population=e.population,
                source="curated",
                precision=e.precision,
                unc_km=e.uncertainty_km,
                importance=importance(e.feature_code, e.population, "curated"),
            )
            self.curated.append(place)
            for key in key_lists[i]:
                self.curated_keys.setdefault(key, []).append(i)
        self.curated_fold = [k[1:] for k in self.curated_keys if k.startswith("=")]

    def variant_names(self, place: Place) -> list[str]:
        """Fold keys of the names a transliteration match is checked against."""
        if place.source == "curated" and place.pid < 0:
            return [fold(n) for n in self.curated_entries[-place.pid - 1].names]
        return [fold(place.name)]

    # ------------------------------------------------------------------ reading

    def lookup(self, keys: dict[str, float], *, min_importance: float = 0.0) -> Found:
        """Places matching any key → (place, best quality, matched key).

        ``keys`` maps prefixed keys (see :mod:`geo.gazetteer._normalise`) to a match
        quality, lowered for an alternate name by :func:`name_quality`.
        """
        out: Found = {}
        if not keys:
            return out
        klist = list(keys)
        sql = (
            f"SELECT n.key, {PLACE_COLS} FROM names n JOIN places p ON p.pid = n.pid "
            f"WHERE n.key IN ({','.join('?' * len(klist))})"
        )
        if min_importance > 0:
            sql += f" AND p.importance >= {float(min_importance)!r}"
        for row in self.con.execute(sql, klist):
            place = place_from_row(row[1:])
            q = name_quality(place, keys[row[0]], row[0])
            prev = out.get(place.pid)
            if prev is None or q > prev[1]:
                out[place.pid] = (place, q, row[0])
        for key in klist:
            for i in self.curated_keys.get(key, ()):
                place = self.curated[i]
                q = keys[key]
                prev = out.get(place.pid)
                if prev is None or q > prev[1]:
                    out[place.pid] = (place, q, key)
        return out

    def readings(self, keys: list[str], *, table: str = "names") -> list[tuple[str, Place]]:
        """(key, place) of every place stored under ``keys``, curated places last per key.

        ``table="ctx"`` reads only the most important readings of each key, in their
        rank order (ranked at build time; see :mod:`geo.gazetteer._index`).
        """
        out: list[tuple[str, Place]] = []
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            sql = (
                f"SELECT n.key, {PLACE_COLS} FROM {table} n JOIN places p ON p.pid = n.pid "
                f"WHERE n.key IN ({','.join('?' * len(chunk))})"
            )
            if table == "ctx":
                sql += " ORDER BY n.key, n.rn"
            out += [(r[0], place_from_row(r[1:])) for r in self.con.execute(sql, chunk)]
            for key in chunk:
                out += [(key, self.curated[i]) for i in self.curated_keys.get(key, ())]
        return out

    def bbox(self, uid: str | None) -> tuple[float, float, float, float] | None:
        """The extent of an entry, ``(min_lon, min_lat, max_lon, max_lat)`` degrees
        (``min_lon > max_lon`` across ±180°), or ``None`` for a point-like place."""
        if not uid:
            return None
        try:
            row = self.con.execute(
                "SELECT minx, miny, maxx, maxy FROM extents WHERE uid = ?", (uid,)
            ).fetchone()
        except sqlite3.OperationalError:  # an index of an older schema: no extents
            return None
        return None if row is None else tuple(row)

    def fuzzy_pool(self, prefixes: Iterable[str], lo: int, hi: int) -> list[str]:
        """Fold keys (no prefix) starting with one of ``prefixes``, ``lo``..``hi`` long."""
        prefixes = list(prefixes)
        blobs = [
            r[0]
            for r in self.con.execute(
                f"SELECT keys FROM fkeys WHERE pre IN ({','.join('?' * len(prefixes))}) "
                "AND n BETWEEN ? AND ?",
                (*prefixes, lo, hi),
            )
        ]
        pool = "\n".join(blobs).split("\n") if blobs else []
        return pool + [k for k in self.curated_fold if lo <= len(k) <= hi]

    def country_codes(self) -> frozenset[str]:
        """ISO 3166-1 alpha-2 codes of the index's countries (cached)."""
        if self._cc_set is None:
            rows = self.con.execute(
                "SELECT DISTINCT cc FROM places WHERE fcode = 'PCLI' AND cc IS NOT NULL"
            ).fetchall()
            self._cc_set = frozenset(str(r[0]).upper() for r in rows)
        return self._cc_set

    def demonyms(self) -> frozenset[str]:
        """Folded demonyms of the index's countries and continents ("turkish", "asians")."""
        if self._demonym_set is None:
            try:
                raw = self.con.execute("SELECT v FROM meta WHERE k = 'demonyms'").fetchone()
                self._demonym_set = frozenset(json.loads(raw[0])) if raw else frozenset()
            except (sqlite3.Error, ValueError):
                self._demonym_set = frozenset()
        return self._demonym_set
