"""Resolving names to places: candidate lookup, context model and ranking.

All positions are WGS 84 (EPSG:4326) decimal degrees in (lat, lon) order; distances
are great-circle kilometres.
"""

from __future__ import annotations

import functools
import math
import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from geo._geodesy import EARTH_RADIUS_KM, haversine_km
from geo.errors import GazetteerError
from geo.gazetteer._index import (
    CONTEXT_MIN_IMPORTANCE,
    CONTEXT_READINGS,
    SCHEMA_VERSION,
    build_index,
    default_index_path,
    entry_keys,
    importance,
    mark_used,
)
from geo.gazetteer._model import Candidate, GeocodeResult, precision_for
from geo.gazetteer._normalise import fold, loose, query_keys
from geo.gazetteer._sources import (
    AIRPORT_WORDS,
    Entry,
    check_seeds_dir,
    curated_entries,
    default_seeds_dir,
    seeds_fingerprint,
)

__all__ = ["FUZZY_MIN_LENGTH", "Gazetteer", "Place", "fuzzy_cutoff", "haversine_km"]

#: Names shorter than this (letters, after folding) get no fuzzy matching.
FUZZY_MIN_LENGTH = 5
#: Least fold-key length of a GeoNames alternate name that may resolve a town alone:
#: two-letter alternates ("Dz" of Dej, "Ab" of Ibb) are codes and abbreviations.
MIN_ALTERNATE_LENGTH = 3


def fuzzy_cutoff(n: int) -> float:
    """Least ``rapidfuzz.fuzz.ratio`` (0..100) of a fuzzy match for a name of ``n`` letters.

    Stricter for short names, where one edit is a larger share: 92 up to six
    letters, 90 up to nine, 88 beyond; no fuzzy match below ``FUZZY_MIN_LENGTH``.
    """
    if n < FUZZY_MIN_LENGTH:
        return math.inf
    if n <= 6:
        return 92.0
    if n <= 9:
        return 90.0
    return 88.0


#: Words that name the kind of a feature rather than the place ("Amur bridge").
_FEATURE_WORDS: dict[str, str] = {
    "bridge": "BDG",
    "railway bridge": "BDG",
    "rail bridge": "BDG",
    "road bridge": "BDG",
    "crossing": "PSTB",
    "border crossing": "PSTB",
    "checkpoint": "PSTB",
    "border checkpoint": "PSTB",
    "border post": "PSTB",
    "tunnel": "TNL",
    "railway": "RR",
    "railroad": "RR",
    "rail line": "RR",
    "road": "RD",
    "highway": "RD",
    "pipeline": "PPLN",
    "corridor": "RTE",
}
#: Generic words that may follow or precede a name ("Heilongjiang Province").
_GENERIC_WORDS = frozenset(
    {
        "city", "town", "village", "county", "province", "oblast", "krai", "kray",
        "region", "district", "prefecture", "state", "republic", "municipality", "shi",
        "sheng", "xian", "zhen", "okrug", "raion", "rayon", "area", "autonomous",
    }
    | AIRPORT_WORDS
)  # fmt: skip
_DASH_RE = re.compile(r"\s*[–—―‒]\s*|\s+-\s+|(?<=[^\W\d_])-(?=[^\W\d_])")
_QUAL_RE = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ"
_CAP_SEQ_RE = re.compile(
    rf"[{_UPPER}][\w'’.\-]*(?:\s+(?:(?:of|de|del|la|le|du|on|upon|am|an|the|y)\s+)?"
    rf"[{_UPPER}][\w'’.\-]*)*"
)
_ABBREV_RE = re.compile(r"^(?:[A-Z]\.){1,3}$|^[A-Z][a-z]{0,4}\.$|^[A-Z]\.\s?[A-Z][a-z]{1,3}\.$")
_ACRONYM_RE = re.compile(r"^[A-Z]{2,5}$")
_POSSESSIVE_RE = re.compile(r"['’]s$", re.IGNORECASE)
#: Feature codes of areas and capitals: all their names are aliases, not town names.
_AREA_CODES = frozenset({"PCLI", "ADM1", "CONT", "RGN", "PPLC"})
_LATIN_KEY_RE = re.compile(r"^[a-z0-9 ]+$")
_CONNECTORS = frozenset({"of", "de", "del", "la", "le", "du", "on", "upon", "am", "an", "the", "y"})
_HAN_RUN_RE = re.compile(r"[\u3400-\u9fff]{2,8}")
#: Capitalised words of running text that are rarely meant as places on their own
#: (sentence openers, months, days, titles, institutions); never used as context.
#: Context model settings: readings kept per phrase, weight of mutual support,
#: least importance of a context reading (multi-word and single-word phrases).
_MAX_READINGS = CONTEXT_READINGS
_SUPPORT_W = 0.5
_MIN_ANCHOR_IMPORTANCE = CONTEXT_MIN_IMPORTANCE
_MIN_SINGLE_WORD_IMPORTANCE = 0.62
_MIN_SINGLE_WORD_SUPPORT = 0.2
_MENTION_W = 0.5
_CTX_W = 0.45
_NAMED_FLOOR = 0.5
_CONTEXT_STOPWORDS = frozenset(
    """a an and or but nor for so yet in on at to of by with from as into onto upon
    about above after before behind below beside between beyond during inside near
    since than through toward towards under until while within without against along
    among around across is are was were be been being it its he she his her they them
    their we our you your i me my this that these those there here when where what
    which who whom whose why how if then else also more most less least some many much
    all any each every both either neither no not none one two three four five six
    seven eight nine ten first second third last next other another such same very
    just only even still again ever never always often now today tonight tomorrow
    yesterday monday tuesday wednesday thursday friday saturday sunday january
    february march april june july august september october november december mr mrs
    ms dr sir st jr sr police sheriff county city state school schools university
    college church street road avenue highway park river lake creek hall center centre
    department office court board council house senate congress president governor
    mayor judge news report reports according however meanwhile said says will would
    can could may might must shall should do does did done has have had having get got
    north south east west northern southern eastern western central national federal
    international company inc corp group club team high middle elementary public
    library hospital airport station fire health service services government ministry
    minister army navy police officers officer chief justice republic union world
    home family people members member community market bank business center fund
    sen rep gov gen col capt lt sgt cpl co inc ltd llc ave blvd hwy rd jan feb mar apr
    aug sep sept oct nov dec mon tue wed thu fri sat sun tv am pm ap ceo cbs nbc abc
    cnn bbc fbi cia nfl nba mlb ii iii iv""".split()  # noqa: SIM905
)


def _fclass(fcode: str) -> str:
    """Coarse feature class: P (populated place), A (division or country), other."""
    if fcode.startswith("PPL"):
        return "P"
    if fcode.startswith(("ADM", "PCL")):
        return "A" + fcode[:4]
    return fcode


def _country_at(con: sqlite3.Connection, lat: float, lon: float) -> str | None:
    """ISO alpha-2 of the country polygon holding (lat, lon), if any.

    Reads the Natural Earth 1:10m outlines stored in the index's ``borders`` table
    (simplified to about 100 m); ``None`` at sea or when the table is empty.
    """
    try:
        rows = con.execute(
            "SELECT iso, wkb FROM borders WHERE minx <= ? AND maxx >= ? AND miny <= ? "
            "AND maxy >= ?",
            (lon, lon, lat, lat),
        ).fetchall()
    except sqlite3.Error:
        return None
    if not rows:
        return None
    import shapely

    pt = shapely.Point(lon, lat)
    for iso, wkb in rows:
        if shapely.from_wkb(wkb).covers(pt):
            return str(iso)
    return None


def _announce_build(path: Path) -> None:
    """Say on stderr, terminal or not, that the one-time index build starts."""
    import sys

    print(f"building the gazetteer index (once, ~40 s) at {path}", file=sys.stderr, flush=True)


class _SeqWord(NamedTuple):
    """One word of a capitalised sequence of running text.

    ``text``/``key`` are the word without a possessive ("London" of "London's"),
    used when the word stands alone; ``whole``/``whole_key`` the word as written,
    used inside longer runs ("St. John's"); ``possessive`` says it had one.
    """

    text: str
    key: str
    possessive: bool
    whole: str
    whole_key: str


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


#: Build a :class:`Place` from a row of ``_PLACE_COLS`` values without the
#: keyword-handling ``__new__`` (called once per row read).
_place_from_row = functools.partial(tuple.__new__, Place)

_PLACE_COLS = (
    "p.pid, p.uid, p.name, p.lat, p.lon, p.cc, p.admin1, p.admin1_code, p.fcode, "
    "p.population, p.source, p.precision, p.unc_km, p.importance"
)
# tuple.__new__ checks no length: the columns must be Place's fields, in order
if tuple(c.strip().removeprefix("p.") for c in _PLACE_COLS.split(",")) != Place._fields:
    raise ImportError("_PLACE_COLS and Place fields differ")  # pragma: no cover


@dataclass(slots=True)
class _Anchor:
    phrase: str
    lat: float
    lon: float
    cc: str | None
    a1: str | None
    weight: float
    fcode: str = ""


def _named(anchors: list[_Anchor]) -> frozenset[str]:
    out = {a.cc for a in anchors if a.fcode == "PCLI" and a.cc}
    out |= {a.a1 for a in anchors if a.fcode == "ADM1" and a.a1}
    return frozenset(out)


@dataclass(slots=True)
class _Context:
    anchors: list[_Anchor]
    cc_w: dict[str, float]
    a1_w: dict[str, float]
    total: float
    named: frozenset[str] = frozenset()  # countries and ADM1 codes named outright


_EMPTY_CONTEXT = _Context([], {}, {}, 0.0)


@dataclass(slots=True)
class _Filter:
    """Where a qualified name must lie: any one of ``any_of`` readings of a qualifier."""

    ccs: set[str] | None = None
    a1s: set[str] | None = None
    point: tuple[float, float] | None = None
    radius_km: float | None = None
    any_of: list[_Filter] | None = None

    def passes(self, place: Place) -> bool:
        if self.any_of is not None:
            return any(f.passes(place) for f in self.any_of)
        if self.ccs and place.cc not in self.ccs:
            return False
        if self.a1s and place.admin1_code not in self.a1s and place.fcode != "ADM1":
            return False
        return not (
            self.point is not None
            and self.radius_km is not None
            and haversine_km(place.lat, place.lon, *self.point) > self.radius_km
        )


class Gazetteer:
    """An offline gazetteer over GeoNames, country/division tables and curated seeds.

    Parameters
    ----------
    index_path : path-like, optional
        SQLite index to use; default: the index for the installed source versions in
        the user cache (see :func:`geo.gazetteer.default_index_path`).
    seeds_dir : path-like, optional, keyword-only
        Directory of curated ``*.yaml`` entries (a project's ``seeds/gazetteer``).
        Default: ``$GEO_SEEDS``, else ``./seeds/gazetteer`` in the working directory,
        else ``seeds/gazetteer`` beside the ``geo`` package (an editable checkout).
        When the folder is missing a warning goes to stderr (once) and only the
        package sources resolve names. Curated entries are held in memory over the
        shared index, so gazetteers with different seeds folders coexist.
    require_seeds : bool, keyword-only
        Raise :class:`~geo.errors.GazetteerError` instead of warning when the curated
        folder is missing.
    build : bool, keyword-only
        Build the index when it does not exist (default ``True``); with ``False`` a
        missing index raises :class:`~geo.errors.GazetteerError`.
    show_progress : bool, optional, keyword-only
        Progress bar while building; default when stderr is a terminal.

    Raises
    ------
    GazetteerError
        When the index is missing and ``build`` is false, a source package is
        missing, a curated file is invalid, or (with ``require_seeds``) the curated
        folder is missing.

    Examples
    --------
    >>> gz = Gazetteer()                                 # doctest: +SKIP
    >>> gz.geocode("Vladivostok").latlon                 # doctest: +SKIP
    (43.10562, 131.87353)
    """

    def __init__(
        self,
        index_path: str | Path | None = None,
        *,
        seeds_dir: str | Path | None = None,
        require_seeds: bool = False,
        build: bool = True,
        show_progress: bool | None = None,
    ) -> None:
        path = Path(index_path) if index_path is not None else default_index_path()
        if not path.exists():
            if not build:
                raise GazetteerError(
                    f"no gazetteer index at {path}; run `geo gazetteer build` first"
                )
            _announce_build(path)
            build_index(path, show_progress=show_progress)
        mark_used(path)
        self.index_path = path
        self._local = threading.local()
        try:
            self.meta()
        except (sqlite3.DatabaseError, GazetteerError) as exc:
            # a damaged or foreign file: rebuild it when allowed
            self._local = threading.local()
            if not build:
                raise GazetteerError(
                    f"the gazetteer index {path} is unreadable ({exc}); "
                    "rebuild it with `geo gazetteer build --force`"
                ) from exc
            _announce_build(path)
            build_index(path, show_progress=show_progress)
        self.seeds_dir: Path | None = (
            check_seeds_dir(Path(seeds_dir), required=require_seeds)
            if seeds_dir is not None
            else default_seeds_dir(required=require_seeds)
        )
        self.seeds_fingerprint = seeds_fingerprint(self.seeds_dir)
        self._curated: list[Place] = []
        self._curated_entries: list[Entry] = []
        self._curated_keys: dict[str, list[int]] = {}
        self._curated_fold: list[str] = []
        self._context_cache: OrderedDict[object, _Context] = OrderedDict()
        self._memo: dict[tuple, GeocodeResult] = {}
        self._readings: dict[str, tuple[Place, ...]] = {}
        self._match_memo: dict[str, tuple[dict[int, tuple[Place, float, str]], str]] = {}
        self._demonym_set: frozenset[str] | None = None
        self._seq_phrases: dict[str, tuple[tuple[str, str], ...]] = {}
        self._seq_words: dict[str, _SeqWord | None] = {}
        self._load_curated()

    # ------------------------------------------------------------------ plumbing

    @property
    def _con(self) -> sqlite3.Connection:
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

    def meta(self) -> dict[str, str]:
        """Return the index's metadata table (sources, versions, counts, build time)."""
        return dict(self._con.execute("SELECT k, v FROM meta").fetchall())

    def _curated_key_lists(self, entries: list[Entry]) -> list[list[str]]:
        """Keys of each curated entry, cached on disk by the seeds' fingerprint.

        Romanising Chinese names needs ``pypinyin`` (0.2 s to import); the cache
        keeps ``geo geocode NAME`` fast once the seeds have been read once.
        """
        import json

        cache = self.index_path.with_name(
            f"curated-{SCHEMA_VERSION}-{self.seeds_fingerprint[:16]}.json"
        )
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

    def _load_curated(self) -> None:
        entries = curated_entries(self.seeds_dir)
        self._curated_entries = entries
        key_lists = self._curated_key_lists(entries)
        for i, e in enumerate(entries):
            a1_code = None
            if e.admin1 and e.country_code:
                rows = self._con.execute(
                    f"SELECT {_PLACE_COLS} FROM names n JOIN places p ON p.pid = n.pid "
                    "WHERE n.key = ? AND p.fcode = 'ADM1' AND p.cc = ?",
                    ("=" + fold(e.admin1), e.country_code),
                ).fetchall()
                if rows:
                    a1_code = rows[0][7]
            place = Place(
                pid=-(i + 1),
                uid=e.id,
                name=e.name,
                lat=e.lat,
                lon=e.lon,
                cc=e.country_code,
                admin1=e.admin1,
                admin1_code=a1_code,
                fcode=e.feature_code,
                population=e.population,
                source="curated",
                precision=e.precision,
                unc_km=e.uncertainty_km,
                importance=importance(e.feature_code, e.population, "curated"),
            )
            self._curated.append(place)
            for key in key_lists[i]:
                self._curated_keys.setdefault(key, []).append(i)
        self._curated_fold = [k[1:] for k in self._curated_keys if k.startswith("=")]

    def _lookup(
        self, keys: dict[str, float], *, min_importance: float = 0.0
    ) -> dict[int, tuple[Place, float, str]]:
        """Places matching any key → (place, best quality, matched key)."""
        out: dict[int, tuple[Place, float, str]] = {}
        if not keys:
            return out
        klist = list(keys)
        sql = (
            f"SELECT n.key, {_PLACE_COLS} FROM names n JOIN places p ON p.pid = n.pid "
            f"WHERE n.key IN ({','.join('?' * len(klist))})"
        )
        if min_importance > 0:
            sql += f" AND p.importance >= {float(min_importance)!r}"
        for row in self._con.execute(sql, klist):
            place = _place_from_row(row[1:])
            q = self._name_quality(place, keys[row[0]], row[0])
            prev = out.get(place.pid)
            if prev is None or q > prev[1]:
                out[place.pid] = (place, q, row[0])
        for key in klist:
            for i in self._curated_keys.get(key, ()):
                place = self._curated[i]
                q = keys[key]
                prev = out.get(place.pid)
                if prev is None or q > prev[1]:
                    out[place.pid] = (place, q, key)
        return out

    # ------------------------------------------------------------------ context

    def _qualifier_filter(self, text: str) -> _Filter | None:
        """Turn a qualifier ("Idaho", "ID", "Russia", "Heilongjiang") into a filter.

        Every best-matching reading of the qualifier is kept ("ID" is Idaho and
        Indonesia); a place passes when it lies in any of them.
        """
        f = fold(text)
        if not f:
            return None
        keys = {"=" + f: 1.0, "@" + f: 1.0}
        keys.update({k: v for k, v in query_keys(text).items() if k[0] in "~="})
        hits = self._lookup(keys)
        areas = {"PCLI", "ADM1", "ADM2", "RGN", "CONT"}
        found = [(p, q) for p, q, _ in hits.values() if p.fcode in areas]
        if not found:
            # a town as qualifier: "Tongjiang, Jiamusi"
            towns = sorted(hits.values(), key=lambda t: (-t[1], -t[0].importance))[:5]
            if not towns:
                return None
            return _Filter(
                any_of=[
                    _Filter(ccs={p.cc} if p.cc else None, point=(p.lat, p.lon), radius_km=150.0)
                    for p, _, _ in towns
                ]
            )
        best_q = max(q for _, q in found)
        readings: list[_Filter] = []
        for p, q in found:
            if q < best_q:
                continue
            if p.fcode == "PCLI":
                readings.append(_Filter(ccs={p.cc} if p.cc else None))
            elif p.fcode == "ADM1":
                readings.append(_Filter(ccs={p.cc} if p.cc else None, a1s={p.admin1_code or ""}))
            else:
                radius = max(100.0, 1.5 * (p.unc_km or 100.0))
                readings.append(
                    _Filter(ccs={p.cc} if p.cc else None, point=(p.lat, p.lon), radius_km=radius)
                )
        return _Filter(any_of=readings)

    def _country_codes(self) -> frozenset[str]:
        """ISO 3166-1 alpha-2 codes of the index's countries (cached)."""
        codes = getattr(self, "_cc_set", None)
        if codes is None:
            rows = self._con.execute(
                "SELECT DISTINCT cc FROM places WHERE fcode = 'PCLI' AND cc IS NOT NULL"
            ).fetchall()
            codes = frozenset(str(r[0]).upper() for r in rows)
            self._cc_set = codes
        return codes

    def _countries(self, country: str | Sequence[str] | None) -> set[str] | None:
        if country is None:
            return None
        items = [country] if isinstance(country, str) else list(country)
        out: set[str] = set()
        known = self._country_codes()
        for item in items:
            s = str(item).strip()
            if len(s) == 2 and s.isalpha() and s.upper() in known:
                out.add(s.upper())
                continue
            if not s:
                continue  # a blank country constrains nothing
            flt = self._qualifier_filter(s)
            readings = (flt.any_of or []) if flt is not None else []
            countries = [f.ccs for f in readings if f.ccs and not f.a1s and not f.point]
            if not countries:
                kind = "an ISO 3166-1 alpha-2 code in use" if len(s) == 2 else "a known country"
                raise GazetteerError(
                    f"country={item!r} is not {kind}; give an ISO 3166-1 alpha-2 code "
                    "such as 'RU' or a country name such as 'Russia'"
                )
            for c in countries:
                out |= c
        return out or None

    def _phrases(self, context: str | Sequence[str]) -> list[tuple[str, str]]:
        """Candidate place phrases of a context, each as ``(text, fold key)``.

        From free text: every run of up to four words of each capitalised word
        sequence, Chinese character runs, and the ends of dash-joined pairs. From a
        list: the items themselves.
        """
        if not isinstance(context, str):
            return [(str(c), fold(str(c))) for c in context if c]
        out: list[tuple[str, str]] = []
        memo = self._seq_phrases
        words = self._seq_words
        for seq in _CAP_SEQ_RE.findall(context):
            hit = memo.get(seq)
            if hit is not None:
                out += hit
                continue
            start = len(out)
            seq_words = []
            for w in seq.split():
                sw = words.get(w)
                if sw is None:
                    sw = words[w] = self._seq_word(w)
                if sw is not None:
                    seq_words.append(sw)
            # one word without its possessive ("London's" is London); runs of words as
            # written ("St. John's" is not St. John)
            toks = [sw.whole for sw in seq_words]
            ftoks = [sw.whole_key for sw in seq_words]
            # runs that start a sequence, or start after a connector ("of", "de"):
            # a later word alone is most often a surname ("Richard Miller")
            starts = [0] + [i + 1 for i, t in enumerate(ftoks[:-1]) if t in _CONNECTORS]
            for i in starts:
                for j in range(min(len(toks), i + 4), i, -1):
                    if ftoks[j - 1] in _CONNECTORS:
                        continue
                    if j == i + 1:
                        sw = seq_words[i]
                        # the text keeps the possessive as a mark ("Hope's"): a word
                        # seen only so is often a person's name
                        out.append((sw.text + ("’s" if sw.possessive else ""), sw.key))
                    else:
                        out.append((" ".join(toks[i:j]), " ".join(ftoks[i:j])))
                        last = seq_words[j - 1]
                        if last.possessive:  # "New York's" is New York ("St. John's" wins
                            # over St. John in _context when both are names)
                            text = " ".join([*toks[i : j - 1], last.text])
                            key = " ".join([*ftoks[i : j - 1], last.key])
                            out.append((text + "’s", key))
            if len(memo) > 100_000:
                memo.clear()
            # a tuple of string pairs: the garbage collector stops tracking it
            memo[seq] = tuple(out[start:])
        if len(words) > 100_000:
            words.clear()
        out += [(h, fold(h)) for h in _HAN_RUN_RE.findall(context)]
        for part in _DASH_RE.split(context) if len(context) < 200 else ():
            if part.strip():
                out.append((part.strip(), fold(part)))
        return out

    @staticmethod
    def _seq_word(word: str) -> _SeqWord | None:
        """One word of a capitalised sequence, or None to drop it (see :class:`_SeqWord`)."""

        def clean(t: str) -> str:
            t = t.strip("’'-")
            # an abbreviation keeps its dot ("Ky."); other words lose a final dot
            if "." in t and not _ABBREV_RE.match(t):
                t = t.rstrip(".")
            return t

        whole = clean(word)
        if not whole.strip("."):
            return None
        bare = _POSSESSIVE_RE.sub("", word)
        text = clean(bare) if bare != word else whole
        if not text.strip("."):
            return None
        return _SeqWord(text, fold(text), bare != word, whole, fold(whole))

    def _context(self, context: str | Sequence[str] | None) -> _Context:
        if not context:
            return _EMPTY_CONTEXT
        ckey = context if isinstance(context, str) else tuple(context)
        hit = self._context_cache.get(ckey)
        if hit is not None:
            self._context_cache.move_to_end(ckey)
            return hit
        phrases = self._phrases(context)
        is_text = isinstance(context, str)
        key_to_phrase: dict[str, str] = {}
        mentions: dict[str, int] = {}
        single: set[str] = set()
        possessive: set[str] = set()  # single words seen as "Hope's" …
        bare: set[str] = set()  # … and as "Hope"
        stripped_of: dict[str, str] = {}  # "new york" → "new yorks" (written so)
        for ph, f in phrases:
            if " " in f and _POSSESSIVE_RE.search(ph):
                stripped_of[f] = f + "s"
            if ph.endswith(".") and 1 < len(f) <= 8:
                key_to_phrase.setdefault("." + f, f)  # "Ky.", "W.Va."
            if len(f) < 3 and not (len(ph) >= 2 and ph.isupper()):
                continue
            if " " not in f and is_text:
                # in running text one capitalised word is a weak cue; a list of place
                # names given by the caller is taken as it is
                # three Latin letters are mostly given names ("Bob", "Lee"); "Уфа" is not
                short = len(f) <= 2 or (len(f) == 3 and f.isascii())
                if f in _CONTEXT_STOPWORDS or (short and not ph.isupper()):
                    continue
                single.add(f)
                if _POSSESSIVE_RE.search(ph):
                    possessive.add(f)
                else:
                    bare.add(f)
            key_to_phrase.setdefault("=" + f, f)
            mentions[f] = mentions.get(f, 0) + 1
        found: dict[str, list[Place]] = {}
        if key_to_phrase:
            # readings of a key are the same in every text: cached across texts
            klist = []
            for key, ph in key_to_phrase.items():
                cached = self._readings.get(key)
                if cached is None:
                    klist.append(key)
                elif cached:
                    found.setdefault(ph, []).extend(cached)
            fetched: dict[str, list[Place]] = {k: [] for k in klist}
            for start in range(0, len(klist), 500):
                chunk = klist[start : start + 500]
                # the most important readings of each key only (ranked at build time)
                sql = (
                    f"SELECT n.key, {_PLACE_COLS} FROM ctx n JOIN places p ON p.pid = n.pid "
                    f"WHERE n.key IN ({','.join('?' * len(chunk))}) ORDER BY n.key, n.rn"
                )
                for row in self._con.execute(sql, chunk):
                    fetched[row[0]].append(_place_from_row(row[1:]))
            for key in klist:
                fetched[key] += [self._curated[i] for i in self._curated_keys.get(key, ())]
                # most keys have no reading: one shared empty tuple, nothing for the
                # garbage collector to track
                self._readings[key] = readings = tuple(fetched[key])
                if readings:
                    found.setdefault(key_to_phrase[key], []).extend(readings)
            if len(self._readings) > 200_000:
                self._readings.clear()
        # a name with its 's ("St. John's") beats the same words without it
        for f, whole in stripped_of.items():
            if whole in found:
                found.pop(f, None)
        # drop phrases covered by a longer matched phrase ("New York" in "New York City")
        names = sorted(found, key=len, reverse=True)
        kept: list[str] = []
        covered: set[str] = set()  # every run of words inside a kept phrase
        for ph in names:
            if ph in covered:
                continue
            kept.append(ph)
            words = ph.split()
            for i in range(len(words)):
                for j in range(i + 1, len(words) + 1):
                    covered.add(" ".join(words[i:j]))
        found = {ph: sorted(found[ph], key=lambda p: -p.importance)[:_MAX_READINGS] for ph in kept}
        support = self._mutual_support(found)
        # one capitalised word is a weak cue ("Baker", "Buck"): a small place counts
        # only when another place of the text lies near it
        # one only ever written as a possessive ("Hope's") is most often a person:
        # a small place does not count even then
        possessive_only = possessive - bare
        for ph in [ph for ph in found if ph in single]:
            min_support = math.inf if ph in possessive_only else _MIN_SINGLE_WORD_SUPPORT
            keep = [
                p
                for p in found[ph]
                if p.importance >= _MIN_SINGLE_WORD_IMPORTANCE
                or support[ph].get(p.pid, 0.0) >= min_support
            ]
            if keep:
                found[ph] = keep
            else:
                del found[ph]
        # pass 1: the reading best supported by the others, else the most important
        picks = {
            ph: max(
                found[ph],
                key=lambda p, ph=ph: p.importance + _SUPPORT_W * support[ph].get(p.pid, 0.0),
            )
            for ph in found
        }
        ctx = self._make_context(picks, found, support, mentions)
        # pass 2: re-read each phrase in the light of the others
        picks2 = {}
        for ph, readings in found.items():
            if len(readings) == 1:
                picks2[ph] = readings[0]  # one reading: nothing to re-read
                continue
            others = self._without(ctx, ph)
            sup = support[ph]
            # the ten likeliest readings are enough to re-read a phrase
            shortlist = sorted(
                readings, key=lambda p, sup=sup: -(p.importance + _SUPPORT_W * sup.get(p.pid, 0.0))
            )[:10]
            picks2[ph] = max(
                shortlist,
                key=lambda p, o=others, sup=sup: (
                    self._prior(p, 1.0, o) + _SUPPORT_W * sup.get(p.pid, 0.0)
                ),
            )
        ctx = self._make_context(picks2, found, support, mentions)
        self._context_cache[ckey] = ctx
        if len(self._context_cache) > 256:
            self._context_cache.popitem(last=False)
        return ctx

    @staticmethod
    def _mutual_support(found: dict[str, list[Place]]) -> dict[str, dict[int, float]]:
        """How strongly the other phrases of a text back each reading of a phrase.

        Two place names of one text tend to lie close together; a reading of phrase
        A gains ``exp(-d / 50 km)`` from the nearest reading of each other phrase B,
        discounted when B has many readings (its closeness may be chance).
        """
        phrases = list(found)
        out: dict[str, dict[int, float]] = {ph: {} for ph in phrases}
        if len(phrases) < 2:
            return out
        import numpy as np

        owner = []
        lat = []
        lon = []
        for i, ph in enumerate(phrases):
            for p in found[ph]:
                owner.append(i)
                lat.append(p.lat)
                lon.append(p.lon)
        owner_a = np.array(owner)
        la = np.radians(np.array(lat, dtype=np.float32))
        lo = np.radians(np.array(lon, dtype=np.float32))
        # equirectangular distance: within 1 % of the great circle up to a few
        # hundred km, and exp(-d / 50) is nil beyond that
        dlat = la[:, None] - la[None, :]
        dlon = np.abs(lo[:, None] - lo[None, :])
        dlon = np.minimum(dlon, np.float32(2 * math.pi) - dlon)
        dlon *= np.cos((la[:, None] + la[None, :]) / 2)
        close = np.exp(np.sqrt(dlat * dlat + dlon * dlon) * np.float32(-EARTH_RADIUS_KM / 50.0))
        # readings are grouped by phrase: the best reading of each phrase per row
        sizes = [len(found[ph]) for ph in phrases]
        counts = np.array(sizes)
        starts = [0] * len(sizes)
        for i in range(1, len(sizes)):
            starts[i] = starts[i - 1] + sizes[i - 1]
        best = np.maximum.reduceat(close, starts, axis=1)  # (readings, phrases)
        best[np.arange(len(owner)), owner_a] = 0.0  # a phrase does not back itself
        total = (best @ (1.0 / (1.0 + 0.5 * np.log(counts)))).tolist()
        k = 0
        for ph in phrases:
            mine = out[ph]
            for p in found[ph]:
                mine[p.pid] = total[k]
                k += 1
        return out

    @staticmethod
    def _make_context(
        picks: dict[str, Place],
        found: dict[str, list[Place]],
        support: dict[str, dict[int, float]],
        mentions: dict[str, int],
    ) -> _Context:
        anchors = []
        for ph, p in picks.items():
            n_alt = len({(q.cc, q.admin1_code) for q in found[ph]})
            weight = p.importance / (1.0 + 0.3 * (n_alt - 1))
            weight += 0.5 * min(1.0, support[ph].get(p.pid, 0.0))
            # a place the text keeps naming is what the text is about
            weight *= 1.0 + _MENTION_W * math.log(mentions.get(ph, 1))
            anchors.append(_Anchor(ph, p.lat, p.lon, p.cc, p.admin1_code, weight, p.fcode))
        cc_w: dict[str, float] = {}
        a1_w: dict[str, float] = {}
        for a in anchors:
            if a.cc:
                cc_w[a.cc] = cc_w.get(a.cc, 0.0) + a.weight
            if a.a1:
                a1_w[a.a1] = a1_w.get(a.a1, 0.0) + a.weight
        total = sum(a.weight for a in anchors)
        anchors.sort(key=lambda a: -a.weight)
        return _Context(anchors[:40], cc_w, a1_w, total, _named(anchors))

    @staticmethod
    def _without(ctx: _Context, phrase: str) -> _Context:
        mine = [a for a in ctx.anchors if a.phrase == phrase]
        if not mine:
            return ctx
        cc_w = dict(ctx.cc_w)
        a1_w = dict(ctx.a1_w)
        for a in mine:
            if a.cc:
                cc_w[a.cc] -= a.weight
            if a.a1:
                a1_w[a.a1] -= a.weight
        rest = [a for a in ctx.anchors if a.phrase != phrase]
        return _Context(rest, cc_w, a1_w, ctx.total - sum(a.weight for a in mine), _named(rest))

    @staticmethod
    def _near_context(p: Place, ctx: _Context, *, radius_km: float = 200.0) -> bool:
        """Whether a place shares a first-level division with, or lies within
        ``radius_km`` of, a place of the context (the test a fuzzy match must pass)."""
        if p.admin1_code and ctx.a1_w.get(p.admin1_code, 0.0) > 0.0:
            return True
        return any(haversine_km(p.lat, p.lon, a.lat, a.lon) <= radius_km for a in ctx.anchors[:20])

    @staticmethod
    def _affinity(p: Place, ctx: _Context) -> float:
        if ctx.total <= 1e-9:
            return 0.0
        s_cc = ctx.cc_w.get(p.cc or "", 0.0) / ctx.total
        s_a1 = ctx.a1_w.get(p.admin1_code or "", 0.0) / ctx.total if p.admin1_code else 0.0
        # a country or province the text names outright backs its places however
        # many other places the text names
        if p.cc in ctx.named:
            s_cc = max(s_cc, _NAMED_FLOOR)
        if p.admin1_code and p.admin1_code in ctx.named:
            s_a1 = max(s_a1, _NAMED_FLOOR)
        s_d = 0.0
        wmax = ctx.anchors[0].weight if ctx.anchors else 1.0
        coslat = math.cos(math.radians(p.lat))
        for a in ctx.anchors[:20]:
            dlat = p.lat - a.lat
            if dlat > 6.0 or dlat < -6.0:  # > 650 km: adds < 2 % of a close anchor
                continue
            dlon = abs(p.lon - a.lon)
            if dlon > 180.0:
                dlon = 360.0 - dlon
            # equirectangular distance: within 1 % of the great circle at this range
            d = 111.195 * math.sqrt(dlat * dlat + (coslat * dlon) ** 2)
            if d < 1.0:
                continue  # the place itself
            s = math.exp(-d / 150.0) * a.weight / wmax
            if s > s_d:
                s_d = s
        return 0.45 * s_cc + 0.25 * s_a1 + 0.30 * s_d

    @classmethod
    def _prior(cls, p: Place, quality: float, ctx: _Context) -> float:
        base = quality * (0.35 + 0.65 * p.importance)
        if ctx.total <= 1e-9:
            return base
        return (1 - _CTX_W) * base + _CTX_W * quality * cls._affinity(p, ctx)

    @staticmethod
    def _context_matters(found: dict[int, tuple[Place, float, str]]) -> bool:
        """Whether context could change the answer among these candidates.

        A candidate's score is ``(1 - w) * base + w * quality * affinity`` with
        ``affinity`` in 0..1, so when the best base score leads the runner-up by more
        than ``w / (1 - w)`` times the runner-up's quality, no context can overturn it
        and reading the context is skipped. No candidates (fuzzy, pairs, qualifiers
        may follow) always reads it.
        """
        if len(found) <= 1:
            return not found
        bases = sorted(
            ((q * (0.35 + 0.65 * p.importance), q) for p, q, _k in found.values()),
            reverse=True,
        )
        (b1, _q1), (b2, q2) = bases[0], bases[1]
        return (1 - _CTX_W) * b1 < (1 - _CTX_W) * b2 + _CTX_W * q2

    # ------------------------------------------------------------------ ranking

    def _rank(
        self,
        found: dict[int, tuple[Place, float, str]],
        *,
        ctx: _Context,
        near: tuple[float, float] | None,
        flt: _Filter | None,
        ccs: set[str] | None,
        max_distance_km: float | None,
    ) -> list[tuple[float, Place, float, str]]:
        ranked = []
        has_ctx = ctx.total > 1e-9
        # many readings ("Springfield"): weigh context only for the likeliest ones
        # and for those in a country named by the context
        shortlist: set[int] | None = None
        if has_ctx and len(found) > 40:
            by_base = sorted(found.values(), key=lambda t: -t[1] * t[0].importance)
            shortlist = {t[0].pid for t in by_base[:30]}
            shortlist |= {t[0].pid for t in by_base if t[0].cc in ctx.cc_w}
        # an alias that is another entry's own name, in the same feature class, is
        # a weak reading ("China" as an alias of Macao, beside China itself)
        own_names = {(_fclass(p.fcode), k) for p, _q, k in found.values() if fold(p.name) == k[1:]}
        for place, q, key in found.values():
            if (_fclass(place.fcode), key) in own_names and fold(place.name) != key[1:]:
                q *= 0.85
            if key[0] == "@" and place.fcode != "PCLI":
                q *= 0.9  # "US" is the country before Umm Salal (QA-US)
            if ccs and place.cc not in ccs and not (place.cc is None and place.fcode == "CONT"):
                continue
            if flt is not None and not flt.passes(place):
                continue
            d_near = None
            if near is not None:
                d_near = haversine_km(place.lat, place.lon, near[0], near[1])
                if max_distance_km is not None and d_near > max_distance_km:
                    continue
            if shortlist is not None and place.pid not in shortlist:
                score = (1 - _CTX_W) * q * (0.35 + 0.65 * place.importance)
            else:
                score = self._prior(place, q, ctx)
            if d_near is not None:
                score = 0.6 * score + 0.4 * q * math.exp(-d_near / 250.0)
            ranked.append((score, place, q, key))
        ranked.sort(key=lambda t: (-t[0], -t[1].importance, t[1].pid))
        return ranked

    @staticmethod
    def _name_quality(place: Place, quality: float, key: str) -> float:
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
        if pref.startswith(word + (" " if key[0] == "=" else "")):
            return quality * 0.98
        return quality * 0.92

    # ------------------------------------------------------------------ matching

    def _fuzzy(self, name: str) -> dict[str, float]:
        from rapidfuzz import fuzz, process

        f = fold(name)
        cutoff = fuzzy_cutoff(len(f.replace(" ", "")))
        if math.isinf(cutoff):
            return {}
        out: dict[str, float] = {}
        prefixes = sorted({f[:2], f[0] + f[2]})
        blobs = [
            r[0]
            for r in self._con.execute(
                f"SELECT keys FROM fkeys WHERE pre IN ({','.join('?' * len(prefixes))}) "
                "AND n BETWEEN ? AND ?",
                (*prefixes, len(f) - 1, len(f) + 2),
            )
        ]
        pool = "\n".join(blobs).split("\n") if blobs else []
        pool += [k for k in self._curated_fold if len(f) - 1 <= len(k) <= len(f) + 2]
        # the words that tell places apart must match as well as the whole:
        # "Frankfurt Airport" is not "Frankfort Airport" (89 of 90 on the core);
        # and the core alone is read too ("Frankfrt Airport": Frankfurt itself)
        core = " ".join(t for t in f.split() if t not in _GENERIC_WORDS)
        if core and core != f:
            out.update(self._fuzzy(core))
        for cand, sc, _ in process.extract(
            f, pool, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5
        ):
            if core != f:
                ccore = " ".join(t for t in cand.split() if t not in _GENERIC_WORDS)
                if fuzz.ratio(core, ccore) < fuzzy_cutoff(len(core.replace(" ", ""))):
                    continue
            # a fuzzy reading ranks below any exact or transliterated one
            out["=" + cand] = max(out.get("=" + cand, 0.0), 0.7 * sc / 100.0)
        return out

    def _variant_names(self, place: Place) -> list[str]:
        """Fold keys of the names a transliteration match is checked against."""
        if place.source == "curated" and place.pid < 0:
            return [fold(n) for n in self._curated_entries[-place.pid - 1].names]
        return [fold(place.name)]

    def _plausible(self, folded: str, place: Place, key: str) -> bool:
        """Whether a transliteration (``~``) or stem (``^``) match is a real variant.

        The loose skeleton merges y/i/j, drops doubled letters and digraphs, so a
        random string can share one with a real name ("juuuusya" and "USA"). A Latin
        query must also be close to one of the place's names: ``rapidfuzz`` ratio at
        least 70 and at most ``max(2, len/4)`` letters longer or shorter ("Habarovsk"
        and "Khabarovsk": 95, one letter). Queries in other scripts are romanised
        by rule and always pass.
        """
        if key[0] not in "~^" or not _LATIN_KEY_RE.match(folded):
            return True
        from rapidfuzz import fuzz

        q = folded.replace(" ", "")
        for name in self._variant_names(place):
            n = name.replace(" ", "")
            if not n.isascii():
                continue
            if abs(len(n) - len(q)) <= max(2, len(q) // 4) and fuzz.ratio(q, n) >= 70:
                return True
        return False

    def _screen(self, name: str, found: dict[int, tuple[Place, float, str]]) -> dict:
        """Drop implausible readings: two-letter alternates, far-fetched variants."""
        folded = fold(name)
        out = {}
        for pid, (place, q, key) in found.items():
            word = key[1:]
            if (
                key[0] == "="
                and len(word) < MIN_ALTERNATE_LENGTH
                and word.isascii()
                and place.source != "curated"
                and place.fcode not in _AREA_CODES
                and fold(place.name) != word
            ):
                continue
            if not self._plausible(folded, place, key):
                continue
            out[pid] = (place, q, key)
        return out

    def _match(self, name: str) -> tuple[dict[int, tuple[Place, float, str]], str]:
        """Entries whose names match ``name``: exact keys first, then variants."""
        hit = self._match_memo.get(name)
        if hit is not None:
            return hit
        out = self._match_uncached(name)
        self._match_memo[name] = out
        if len(self._match_memo) > 20_000:
            self._match_memo.pop(next(iter(self._match_memo)))
        return out

    def _match_uncached(self, name: str) -> tuple[dict[int, tuple[Place, float, str]], str]:
        keys = query_keys(name)
        # a dotted abbreviation ("B.C.", "Ky.", "U.S.") names the division or country
        # it abbreviates, not a town that has the bare letters as an alias
        if "." in name:
            # a news abbreviation first ("Ky."), then a name spelt so ("L.A."), then
            # a dotted country code ("U.K."; never a province's ISO 3166-2 suffix)
            for kind in ".=@":
                abbrev = {k: v for k, v in keys.items() if k[0] == kind and v >= 0.99}
                found = self._lookup(abbrev) if abbrev else {}
                if kind == "@":
                    found = {k: v for k, v in found.items() if v[0].fcode == "PCLI"}
                if found:
                    return found, "name"
        # an exact spelling (or code, or abbreviation) settles the candidates; the
        # transliteration-tolerant keys are asked only when it finds nothing
        exact = {k: v for k, v in keys.items() if k[0] in "=.@" and v >= 0.95}
        if exact:
            found = self._screen(name, self._lookup(exact))
            if found:
                return found, "name"
        # a possessive names the place: "Heathrow's", "Asia's" (not Assas)
        bare = _POSSESSIVE_RE.sub("", name.rstrip())
        if bare != name.rstrip() and bare.strip():
            hit = self._match(bare)
            if hit[0]:
                return hit
        found = self._screen(name, self._lookup(keys))
        if found:
            return found, "name"
        # generic words: "Heilongjiang Province", "City of Blagoveshchensk", and an
        # airport no entry names so: "Frankfurt Airport" is read as Frankfurt
        toks = fold(name).split()
        core = [t for t in toks if t not in _GENERIC_WORDS and t != "of"]
        if core and len(core) < len(toks):
            keys = {k: v * 0.95 for k, v in query_keys(" ".join(core)).items()}
            found = self._screen(" ".join(core), self._lookup(keys))
            if found:
                return found, "core:" + " ".join(core)
        return {}, ""

    def _result(
        self,
        query: str,
        ranked: list[tuple[float, Place, float, str]],
        *,
        match: str | None = None,
        n_candidates: int = 5,
    ) -> GeocodeResult:
        score, place, q, key = ranked[0]
        if match is None:
            match = self._match_kind(place, q, key)
        cands: list[Candidate] = []
        seen = {place.uid}
        for s2, p2, q2, k2 in ranked[1:]:
            if p2.uid in seen:
                continue
            seen.add(p2.uid)
            cands.append(
                Candidate(
                    name=p2.name,
                    lat=p2.lat,
                    lon=p2.lon,
                    country_code=p2.cc,
                    feature_code=p2.fcode,
                    id=p2.uid,
                    score=min(1.0, s2),
                    admin1=p2.admin1,
                    population=p2.population,
                    match=self._match_kind(p2, q2, k2),
                )
            )
            if len(cands) >= n_candidates:
                break
        return GeocodeResult(
            query=query,
            resolved=True,
            name=place.name,
            lat=place.lat,
            lon=place.lon,
            country_code=place.cc,
            admin1=place.admin1,
            id=place.uid,
            source=place.source,
            feature_code=place.fcode,
            precision=place.precision or precision_for(place.fcode),
            uncertainty_km=place.unc_km,
            score=min(1.0, score),
            match=match,
            population=place.population,
            candidates=cands,
        )

    def _demonyms(self) -> frozenset[str]:
        """Folded demonyms of the index's countries and continents ("turkish", "asians")."""
        if self._demonym_set is None:
            import json

            try:
                raw = self._con.execute("SELECT v FROM meta WHERE k = 'demonyms'").fetchone()
                self._demonym_set = frozenset(json.loads(raw[0])) if raw else frozenset()
            except (sqlite3.Error, ValueError):
                self._demonym_set = frozenset()
        return self._demonym_set

    def _match_kind(self, place: Place, quality: float, key: str) -> str:
        """How a key matched a place: exact, alias, demonym, transliteration, stem, fuzzy.

        Judged by the kind of key, whatever the ranking made of its quality: a fold
        key (``=``) is the preferred name (``exact``), a country's demonym, an
        ``alias`` (a name of a country, province, region or capital, a curated
        alternate name, or the head of a town's preferred name: "New York" of "New
        York City") or an ``alternate`` (another of GeoNames' names of a town or
        county); news abbreviations (``.``) and country codes (``@``) are aliases,
        a province's ISO 3166-2 suffix is a ``code``; only the
        transliteration-tolerant (``~``) and stem (``^``) keys are reported as such.
        """
        kind = key[:1]
        if quality <= 0.8:
            return "fuzzy"
        if kind == "=":
            word = key[1:]
            pref = fold(place.name)
            if pref == word:
                return "exact"
            if place.fcode in {"PCLI", "CONT"} and word in self._demonyms():
                return "demonym"
            if place.source == "curated" or place.fcode in _AREA_CODES or place.fcode == "AIRP":
                return "alias"
            if pref.startswith(word + " ") and place.fcode != "ADM2":
                return "alias"
            # GeoNames' other names of a town or county: old, local, foreign and nick
            # names, many of them also surnames or words ("Walsh" County, "Day")
            return "alternate"
        if kind == "@":
            # a country code ("US", "U.S.", "RUS"); a division's ISO 3166-2 suffix
            # ("CNN" of Cunene) is only a code
            return "alias" if place.fcode == "PCLI" else "code"
        if kind == ".":
            return "alias"
        if kind == "^":
            return "stem"
        return "transliteration"

    def _pair(
        self,
        query: str,
        *,
        ctx: _Context,
        ccs: set[str] | None,
    ) -> GeocodeResult | None:
        """Resolve a dash-joined pair ("A–B bridge") to the point between A and B."""
        f = fold(query)
        fcode = "LCTY"
        core = query
        for words, code in sorted(_FEATURE_WORDS.items(), key=lambda t: -len(t[0])):
            if f.endswith(" " + words) or f.startswith(words + " "):
                fcode = code
                pattern = re.compile(rf"(?i)(^{re.escape(words)}\s+|\s+{re.escape(words)}$)")
                core = pattern.sub("", query.strip())
                break
        parts = [p for p in _DASH_RE.split(core.strip()) if p.strip()]
        if len(parts) != 2:
            return None
        ranked_parts = []
        for part in parts:
            found, _ = self._match(part)
            ranked = self._rank(found, ctx=ctx, near=None, flt=None, ccs=None, max_distance_km=None)
            if not ranked:
                return None
            ranked_parts.append(ranked[:8])
        best = None
        for sa, pa, *_ in ranked_parts[0]:
            for sb, pb, *_ in ranked_parts[1]:
                d = haversine_km(pa.lat, pa.lon, pb.lat, pb.lon)
                cross = 0.15 if (pa.cc and pb.cc and pa.cc != pb.cc) else 0.0
                # a bridge, crossing or tunnel joins two places a few km apart
                if fcode in {"BDG", "TNL"}:
                    closeness = math.exp(-d / 30.0)
                elif fcode == "PSTB":
                    closeness = math.exp(-d / 60.0)
                else:
                    closeness = 0.0
                border = cross if fcode in {"BDG", "PSTB", "TNL"} else 0.0
                total = sa + sb + 0.6 * closeness + border
                if best is None or total > best[0]:
                    best = (total, pa, pb, d, sa, sb)
        assert best is not None
        _, pa, pb, d, sa, sb = best
        res_a = self._result(parts[0], [(sa, pa, 1.0, "=" + fold(pa.name))])
        res_b = self._result(parts[1], [(sb, pb, 1.0, "=" + fold(pb.name))])
        if fcode == "LCTY":
            # a route between two places: no single point stands for it
            return GeocodeResult(
                query=query,
                resolved=False,
                reason=(
                    f"{query!r} names two places {d:.0f} km apart; geocode each end (see parts)"
                ),
                parts=[res_a, res_b],
                match="pair",
            )
        if ccs and not ({pa.cc, pb.cc} & ccs):
            return None
        # midpoint on the sphere is close enough to the planar midpoint at these scales
        lat = (pa.lat + pb.lat) / 2
        lon = (pa.lon + pb.lon) / 2
        near_enough = d <= 25.0
        return GeocodeResult(
            query=query,
            resolved=True,
            name=f"{pa.name}–{pb.name}",
            lat=lat,
            lon=lon,
            country_code=pa.cc if pa.cc == pb.cc else (pa.cc if not ccs else next(iter(ccs))),
            admin1=pa.admin1 if pa.admin1 == pb.admin1 else None,
            id=f"pair:{pa.uid}|{pb.uid}",
            source="pair",
            feature_code=fcode,
            precision=2 if near_enough else 5,
            uncertainty_km=round(d / 2 + max(pa.unc_km or 1.0, pb.unc_km or 1.0), 1),
            score=min(1.0, (sa + sb) / 2),
            match="pair",
            parts=[res_a, res_b],
        )

    # ------------------------------------------------------------------ public

    def geocode(
        self,
        name: str,
        *,
        country: str | Sequence[str] | None = None,
        near: tuple[float, float] | None = None,
        context: str | Sequence[str] | None = None,
        max_distance_km: float | None = None,
        fuzzy: bool = True,
        n_candidates: int = 5,
    ) -> GeocodeResult:
        """Resolve a place name to one gazetteer entry.

        Parameters
        ----------
        name : str
            The place name, in any script; may carry a qualifier
            (``"Moscow, Idaho"``, ``"Tongjiang (Heilongjiang)"``) or be a dash-joined
            pair (``"Nizhneleninskoye–Tongjiang bridge"``).
        country : str or sequence of str, optional, keyword-only
            Only accept places in these countries (ISO 3166-1 alpha-2 codes or
            country names).
        near : (float, float), optional, keyword-only
            ``(lat, lon)`` in EPSG:4326 degrees; closer places rank higher.
        context : str or sequence of str, optional, keyword-only
            Free text around the name (e.g. the whole article) or the other place
            names of the same record; places near, or in the same country and
            first-level division as, the places it names rank higher.
        max_distance_km : float, optional, keyword-only
            With ``near``: reject places farther than this many km.
        fuzzy : bool, keyword-only
            Fall back to fuzzy matching for typos (default ``True``).
        n_candidates : int, keyword-only
            How many runner-ups to report.

        Returns
        -------
        GeocodeResult
            ``resolved`` is ``False`` (with ``reason``) when no entry matches well
            enough; the gazetteer never returns a far-off guess.

        Raises
        ------
        GazetteerError
            When ``country`` is not a known country or ``near`` is not a valid
            (lat, lon) pair.
        """
        return self._geocode_memo(
            name,
            country=country,
            near=near,
            context=context,
            max_distance_km=max_distance_km,
            fuzzy=fuzzy,
            n_candidates=n_candidates,
            copy=True,
        )

    def _geocode_memo(
        self,
        name: str,
        *,
        country: str | Sequence[str] | None,
        near: tuple[float, float] | None,
        context: str | Sequence[str] | None,
        max_distance_km: float | None,
        fuzzy: bool,
        n_candidates: int,
        copy: bool,
    ) -> GeocodeResult:
        """:meth:`geocode` through the memo; ``copy=False`` returns the memoised
        result itself (for callers that read it once and never keep or change it)."""
        query = name if isinstance(name, str) else str(name)
        ckey = context if isinstance(context, str) or context is None else tuple(context)
        cc_key = country if isinstance(country, str) or country is None else tuple(country)
        memo_key = (query, ckey, cc_key, near, max_distance_km, fuzzy, n_candidates)
        try:
            hit = self._memo.get(memo_key)
        except TypeError:  # unhashable option values: no memo
            hit, memo_key = None, None
        if hit is not None:
            if not copy:
                return hit
            return replace(hit, candidates=list(hit.candidates), parts=list(hit.parts))
        res = self._geocode(
            query,
            country=country,
            near=near,
            context=context,
            max_distance_km=max_distance_km,
            fuzzy=fuzzy,
            n_candidates=n_candidates,
        )
        if memo_key is not None:
            self._memo[memo_key] = res
            if len(self._memo) > 4096:
                self._memo.pop(next(iter(self._memo)))
            if copy:
                return replace(res, candidates=list(res.candidates), parts=list(res.parts))
        return res

    def _geocode(
        self,
        query: str,
        *,
        country: str | Sequence[str] | None,
        near: tuple[float, float] | None,
        context: str | Sequence[str] | None,
        max_distance_km: float | None,
        fuzzy: bool,
        n_candidates: int,
    ) -> GeocodeResult:
        q = query.strip()
        if not fold(q):
            return GeocodeResult(query=query, reason="empty name")
        if near is not None:
            try:
                near = (float(near[0]), float(near[1]))
            except (TypeError, ValueError, IndexError) as exc:
                raise GazetteerError(
                    f"near={near!r} is not a (lat, lon) pair of degrees; "
                    "give e.g. near=(47.65, 132.5)"
                ) from exc
            if not (-90 <= near[0] <= 90 and -180 <= near[1] <= 180):
                raise GazetteerError(
                    f"near={near!r} is out of range; give (lat, lon) with lat in -90..90 "
                    "and lon in -180..180 (are they swapped?)"
                )
        ccs = self._countries(country)
        flt: _Filter | None = None
        found, how = self._match(q)
        # the name itself, read out of the context, must not vote for its own reading
        ctx = (
            self._without(self._context(context), fold(q))
            if context and (near is not None or self._context_matters(found))
            else _EMPTY_CONTEXT
        )
        if not found:
            head, qual = None, None
            m = _QUAL_RE.match(q)
            if m:
                head, qual = m.group(1), m.group(2)
            elif "," in q:
                head, qual = q.split(",", 1)
            if head is not None and qual is not None and head.strip():
                subs: list[_Filter] = []
                for part in [p for p in qual.split(",") if p.strip()]:
                    sub = self._qualifier_filter(part.strip())
                    if sub is not None:  # an unknown qualifier ("D.C.") constrains nothing
                        subs.append(sub)
                found, _ = self._match(head.strip())
                if found:
                    # every qualifier must hold ("Moscow, Latah County, Idaho")
                    found = {k: v for k, v in found.items() if all(f.passes(v[0]) for f in subs)}
                if found:
                    ranked = self._rank(
                        found,
                        ctx=ctx,
                        near=near,
                        flt=None,
                        ccs=ccs,
                        max_distance_km=max_distance_km,
                    )
                    if ranked:
                        return self._result(query, ranked, n_candidates=n_candidates)
                if head.strip():
                    return GeocodeResult(
                        query=query,
                        reason=f"no {head.strip()!r} lies in {qual.strip()!r}",
                    )
        if not found and _DASH_RE.search(q):
            pair = self._pair(q, ctx=ctx, ccs=ccs)
            if pair is not None:
                return pair
        match = None
        if not found and fuzzy:
            fkeys = self._fuzzy(q)
            found = self._lookup(fkeys)
            match = "fuzzy"
        if not found:
            return GeocodeResult(
                query=query,
                reason=(
                    f"no gazetteer entry matches {query!r} "
                    "(exact, alias, transliteration, stem or fuzzy)"
                ),
            )
        ranked = self._rank(
            found, ctx=ctx, near=near, flt=flt, ccs=ccs, max_distance_km=max_distance_km
        )
        if not ranked:
            where = []
            if ccs:
                where.append("in " + ", ".join(sorted(ccs)))
            if near is not None and max_distance_km is not None:
                where.append(f"within {max_distance_km:g} km of {near}")
            elsewhere = sorted({p.cc or "?" for p, _, _ in found.values()})[:8]
            return GeocodeResult(
                query=query,
                reason=(
                    f"{query!r} matches places only outside the request "
                    f"({' '.join(where)}); found in: {', '.join(elsewhere)}"
                ),
            )
        top = ranked[0][1]
        if _ACRONYM_RE.match(q) and ranked[0][3][0] != "@" and top.importance < 0.6:
            # "EU", "NATO", "FBI": an acronym, not the village that happens to share it
            return GeocodeResult(
                query=query,
                reason=(
                    f"{query!r} looks like an acronym; the only places so named are small "
                    f"({top.name}, {top.cc}); give the full name"
                ),
            )
        if match == "fuzzy" and ctx.total > 1e-9 and not self._near_context(ranked[0][1], ctx):
            guess = self._result(query, ranked, n_candidates=max(0, n_candidates - 1))
            top = Candidate(
                name=guess.name or "",
                lat=guess.lat or 0.0,
                lon=guess.lon or 0.0,
                country_code=guess.country_code,
                feature_code=guess.feature_code or "",
                id=guess.id or "",
                score=guess.score,
                admin1=guess.admin1,
                population=guess.population,
                match="fuzzy",
            )
            return GeocodeResult(
                query=query,
                reason=(
                    f"only a fuzzy match ({guess.name!r}, {guess.country_code}) that lies far "
                    "from the places of the context: not a safe guess"
                ),
                candidates=[top, *guess.candidates],
            )
        res = self._result(query, ranked, match=match, n_candidates=n_candidates)
        if match is None and how.startswith("core:"):
            res.reason = (
                f"read as {how[5:]!r}: no entry bears the whole name (an airport, a "
                "province or a city so called may be meant)"
            )
        if match == "fuzzy":
            from rapidfuzz import fuzz

            read = fold(q)
            core = " ".join(t for t in read.split() if t not in _GENERIC_WORDS)
            if core and fuzz.ratio(core, ranked[0][3][1:]) > fuzz.ratio(read, ranked[0][3][1:]):
                read = core  # "frankfrt airport" was read by its core, "frankfrt"
            sim = fuzz.ratio(read, ranked[0][3][1:])
            res.reason = (
                f"fuzzy match: {read!r} read as {ranked[0][3][1:]!r} (similarity "
                f"{sim:.0f}/100, least {fuzzy_cutoff(len(read.replace(' ', ''))):.0f}); "
                "check the spelling"
            )
        return res

    def lookup_names(
        self, phrases: Iterable[str], *, limit: int = 10
    ) -> dict[str, list[Candidate]]:
        """Which phrases are gazetteer names: exact and alias readings only, no ranking.

        A cheap test for text scanners: one batched query for all phrases, no
        context, no transliteration, stem or fuzzy keys. A phrase is looked up by
        its folded form (case and diacritics ignored), and also as a news
        abbreviation when it has a dot ("Ky.", "B.C.") and as a code when it is
        two or three capitals or a dotted code ("US", "RUS", "U.S.").

        Parameters
        ----------
        phrases : iterable of str
            Candidate names (e.g. capitalised word runs of a text).
        limit : int, keyword-only
            Most readings returned per phrase (the most important first).

        Returns
        -------
        dict
            Phrase → list of :class:`Candidate`, most important first (``score`` is
            the prior importance, 0..1, before any context; ``population`` and
            ``match`` — ``exact``, ``alias`` or ``demonym`` — are set). Phrases with
            no reading are left out.

        Examples
        --------
        >>> gz.lookup_names(["Blagoveshchensk", "Turkish", "Richard"])  # doctest: +SKIP
        {'Blagoveshchensk': [Candidate(name='Blagoveshchensk', ..., population=221296,
        match='exact'), ...], 'Turkish': [Candidate(name='Turkey', ..., match='demonym')]}
        """
        by_key: dict[str, list[str]] = {}
        for ph in phrases:
            if not isinstance(ph, str):
                continue
            for key, q in query_keys(ph).items():
                if key[0] in "=.@" and q >= 0.99:
                    by_key.setdefault(key, []).append(ph)
        hits: dict[str, dict[int, tuple[Place, str]]] = {}
        klist = list(by_key)
        for start in range(0, len(klist), 500):
            chunk = klist[start : start + 500]
            rows = self._con.execute(
                f"SELECT n.key, {_PLACE_COLS} FROM names n JOIN places p ON p.pid = n.pid "
                f"WHERE n.key IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
            found = [(r[0], _place_from_row(r[1:])) for r in rows]
            for key in chunk:
                found += [(key, self._curated[i]) for i in self._curated_keys.get(key, ())]
            for key, place in found:
                for ph in by_key[key]:
                    mine = hits.setdefault(ph, {})
                    prev = mine.get(place.pid)
                    # the preferred name beats an alias of the same entry
                    if prev is None or (key[0] == "=" and fold(place.name) == key[1:]):
                        mine[place.pid] = (place, key)
        out: dict[str, list[Candidate]] = {}
        for ph, mine in hits.items():
            ranked = sorted(mine.values(), key=lambda t: (-t[0].importance, t[0].pid))[:limit]
            out[ph] = [
                Candidate(
                    name=p.name,
                    lat=p.lat,
                    lon=p.lon,
                    country_code=p.cc,
                    feature_code=p.fcode,
                    id=p.uid,
                    score=p.importance,
                    admin1=p.admin1,
                    population=p.population,
                    match=self._match_kind(p, 1.0, key),
                )
                for p, key in ranked
            ]
        return out

    def geocode_many(
        self,
        rows: Iterable[dict],
        *,
        fuzzy: bool = True,
    ) -> Iterable[dict]:
        """Geocode a stream of ``{"id", "name", "context"?, "country"?, "near"?}`` rows.

        Yields one dict per row: the input ``id`` and ``name``, then ``lat`` and
        ``lon`` (``null`` when unresolved) and the other fields of
        :meth:`GeocodeResult.to_dict`, where the result's own ``id`` and ``name``
        are renamed ``gazetteer_id`` and ``matched_name``. Rows sharing one
        ``context`` string (an article) share its context analysis.
        """
        for row in rows:
            name = row.get("name")
            if not isinstance(name, str):
                res = GeocodeResult(query=str(name), reason="row has no 'name' string")
            else:
                near = row.get("near")
                try:
                    res = self._geocode_memo(
                        name,
                        country=row.get("country"),
                        near=tuple(near) if near else None,
                        context=row.get("context"),
                        max_distance_km=None,
                        fuzzy=fuzzy,
                        n_candidates=5,
                        copy=False,  # read once by to_dict below, never kept
                    )
                except GazetteerError as exc:
                    res = GeocodeResult(query=name, reason=str(exc))
            out = res.to_dict()
            gid = out.pop("id")
            matched = out.pop("name")
            yield {
                "id": row.get("id"),
                "name": name,
                "lat": out.pop("lat"),
                "lon": out.pop("lon"),
                "gazetteer_id": gid,
                "matched_name": matched,
                **out,
            }

    # ------------------------------------------------------------------ reverse

    def _near_places(self, lat: float, lon: float, band_deg: float) -> list[Place]:
        """Populated places within ``band_deg`` degrees of latitude of ``lat``.

        Read through the index's ``places(lat)`` B-tree, plus curated places;
        the longitude window is applied when it does not wrap the globe.
        """
        sql = f"SELECT {_PLACE_COLS} FROM places p WHERE p.lat BETWEEN ? AND ? "
        args: list[float] = [lat - band_deg, lat + band_deg]
        coslat = max(math.cos(math.radians(min(89.0, abs(lat) + band_deg))), 1e-6)
        dlon = band_deg / coslat
        if dlon < 170.0:
            lo, hi = lon - dlon, lon + dlon
            if lo < -180.0:
                sql += "AND (p.lon >= ? OR p.lon <= ?) "
                args += [lo + 360.0, hi]
            elif hi > 180.0:
                sql += "AND (p.lon >= ? OR p.lon <= ?) "
                args += [lo, hi - 360.0]
            else:
                sql += "AND p.lon BETWEEN ? AND ? "
                args += [lo, hi]
        sql += "AND p.fcode LIKE 'PPL%'"
        rows = self._con.execute(sql, args).fetchall()
        out = [_place_from_row(r) for r in rows]
        out += [
            p for p in self._curated if p.fcode.startswith("PPL") and abs(p.lat - lat) <= band_deg
        ]
        return out

    def reverse(self, lat: float, lon: float, *, n_candidates: int = 5) -> GeocodeResult:
        """Return the populated place nearest to a point, with its admin1 and country.

        Parameters
        ----------
        lat, lon : float
            Point in EPSG:4326 degrees, (lat, lon) order.
        n_candidates : int, keyword-only
            How many next-nearest places to list.

        Returns
        -------
        GeocodeResult
            The nearest place (``distance_km`` set); ``country_code`` and ``admin1``
            are those of that place, or the country whose outline holds the point
            when the place lies across a border. A point in no country's outline (at
            sea) says so in ``reason``.

        Raises
        ------
        GazetteerError
            When the point is out of range.
        """
        import numpy as np

        try:
            lat, lon = float(lat), float(lon)
        except (TypeError, ValueError) as exc:
            raise GazetteerError(f"({lat!r}, {lon!r}) is not a (lat, lon) pair") from exc
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise GazetteerError(
                f"({lat}, {lon}) is out of range; give lat in -90..90 and lon in -180..180"
                + (" (are they swapped?)" if -90 <= lon <= 90 else "")
            )
        # widen a latitude band until it surely holds the nearest places: any
        # place within band * 111 km lies in it
        cc = _country_at(self._con, lat, lon)
        for band in (1.0, 3.0, 10.0, 45.0, 180.0):
            places = self._near_places(lat, lon, band)
            if not places:
                continue
            plat = np.radians(np.fromiter((p.lat for p in places), float, len(places)))
            plon = np.radians(np.fromiter((p.lon for p in places), float, len(places)))
            la, lo = math.radians(lat), math.radians(lon)
            a = (
                np.sin((plat - la) / 2) ** 2
                + np.cos(la) * np.cos(plat) * np.sin((plon - lo) / 2) ** 2
            )
            d = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
            k = min(len(d), n_candidates + 1)
            reach = float(np.partition(d, k - 1)[k - 1])
            # the same-country preference looks 300 km out
            if band >= 180.0 or (reach <= band * 111.0 and (cc is None or band >= 3.0)):
                break
        # near a border the nearest town may lie across it: prefer towns of the
        # country whose polygon holds the point
        if cc is not None:
            same = np.array([p.cc == cc for p in places])
            if same.any() and float(d[same].min()) < 300.0:
                d = np.where(same, d, d + 1e6)
        order = np.argsort(d)[: n_candidates + 1]
        ranked = [
            (float(1.0 / (1.0 + d[i] / 10.0)), places[i], 1.0, "=" + fold(places[i].name))
            for i in order
        ]
        res = self._result(
            f"{lat:.6f},{lon:.6f}", ranked, match="reverse", n_candidates=n_candidates
        )
        res.distance_km = float(d[order[0]]) % 1e6
        if cc is not None and res.country_code != cc:
            res.country_code = cc
            res.admin1 = None
        if cc is None:
            res.reason = (
                f"({lat:g}, {lon:g}) lies in no country's land outline (Natural Earth "
                f"1:10m): at sea or off a coast; the nearest place is "
                f"{res.distance_km:.0f} km away and its country is given"
            )
        return res
