"""Candidates for a name: the index's readings of it, exact keys first, then variants.

:class:`Matcher` finds the entries a name may mean (exact and alias names, codes and
abbreviations, transliterations and stems, the name without generic words, and
fuzzy spellings), screening far-fetched readings; :func:`match_kind` says how a key
matched; :func:`lookup_names` is the cheap exact test of text scanners.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from geo.gazetteer._airports import AIRPORT_WORDS
from geo.gazetteer._features import NATURAL_CODES
from geo.gazetteer._model import Candidate
from geo.gazetteer._normalise import digraph_fold, fold, query_keys
from geo.gazetteer._store import Found, Place, Store

__all__ = [
    "AREA_CODES",
    "FUZZY_MIN_LENGTH",
    "GENERIC_WORDS",
    "MIN_ALTERNATE_LENGTH",
    "POSSESSIVE_RE",
    "Matcher",
    "fuzzy_cutoff",
    "match_kind",
    "name_readings",
]

#: Names shorter than this (letters, after folding) get no fuzzy matching.
FUZZY_MIN_LENGTH = 5
#: Least fold-key length of a GeoNames alternate name that may resolve a town alone:
#: two-letter alternates ("Dz" of Dej, "Ab" of Ibb) are codes and abbreviations.
MIN_ALTERNATE_LENGTH = 3
#: Feature codes of areas and capitals: all their names are aliases, not town names.
AREA_CODES = frozenset(
    {"PCLI", "ADM1", "CONT", "RGN", "PPLC", "ZN"}
    # the natural features of geo.reference (issue 17): their names are deliberate
    | NATURAL_CODES
)
POSSESSIVE_RE = re.compile(r"['’]s$", re.IGNORECASE)
_LATIN_KEY_RE = re.compile(r"^[a-z0-9 ]+$")


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


#: Generic words that may follow or precede a name ("Heilongjiang Province").
GENERIC_WORDS = frozenset(
    {
        "city", "town", "village", "county", "province", "oblast", "krai", "kray",
        "region", "district", "prefecture", "state", "republic", "municipality", "shi",
        "sheng", "xian", "zhen", "okrug", "raion", "rayon", "area", "autonomous",
    }
    | AIRPORT_WORDS
)  # fmt: skip


class Matcher:
    """Finds the entries a name may mean, over a :class:`Store` (results memoised).

    Parameters
    ----------
    store : Store
        The index and curated entries to read.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._memo: dict[str, tuple[Found, str]] = {}

    def fuzzy(self, name: str) -> dict[str, float]:
        """Fold keys (``=`` prefix) of the names within :func:`fuzzy_cutoff` of ``name``.

        Each key's quality is ``0.7 * ratio / 100``: below any exact or
        transliterated reading. Empty for names under ``FUZZY_MIN_LENGTH`` letters.
        """
        from rapidfuzz import fuzz, process

        f = fold(name)
        cutoff = fuzzy_cutoff(len(f.replace(" ", "")))
        if math.isinf(cutoff):
            return {}
        out: dict[str, float] = {}
        prefixes = sorted({f[:2], f[0] + f[2]})
        pool = self.store.fuzzy_pool(prefixes, len(f) - 1, len(f) + 2)
        # the words that tell places apart must match as well as the whole:
        # "Frankfurt Airport" is not "Frankfort Airport" (89 of 90 on the core);
        # and the core alone is read too ("Frankfrt Airport": Frankfurt itself)
        core = " ".join(t for t in f.split() if t not in GENERIC_WORDS)
        if core and core != f:
            out.update(self.fuzzy(core))
        for cand, sc, _ in process.extract(
            f, pool, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5
        ):
            if cand == f and digraph_fold(name):
                continue  # screened out as a folding of another place's name ("Rømø")
            if core != f:
                ccore = " ".join(t for t in cand.split() if t not in GENERIC_WORDS)
                if fuzz.ratio(core, ccore) < fuzzy_cutoff(len(core.replace(" ", ""))):
                    continue
            # a fuzzy reading ranks below any exact or transliterated one
            out["=" + cand] = max(out.get("=" + cand, 0.0), 0.7 * sc / 100.0)
        return out

    def plausible(self, folded: str, place: Place, key: str) -> bool:
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
        for name in self.store.variant_names(place):
            n = name.replace(" ", "")
            if not n.isascii():
                continue
            if abs(len(n) - len(q)) <= max(2, len(q) // 4) and fuzz.ratio(q, n) >= 70:
                return True
        return False

    def screen(self, name: str, found: Found) -> Found:
        """Drop implausible readings: two-letter alternates, far-fetched variants."""
        folded = fold(name)
        out = {}
        # "Rømø" is not Rome (Nominatim #2091): folding ø to o may reach another
        # place's name; a place bearing the marked name also has its oe spelling
        marked = digraph_fold(name)
        bearers = set(self.store.lookup({"=" + marked: 1.0})) if marked else set()
        for pid, (place, q, key) in found.items():
            if (
                marked
                and pid not in bearers
                and key == "=" + folded
                and fold(place.name) != folded
                and place.source != "curated"
                and place.fcode not in ("PCLI", "ADM1", "CONT")  # "Türkiye", "Österreich"
            ):
                continue
            word = key[1:]
            if (
                key[0] == "="
                and len(word) < MIN_ALTERNATE_LENGTH
                and word.isascii()
                and place.source != "curated"
                and place.fcode not in AREA_CODES
                and fold(place.name) != word
            ):
                continue
            if not self.plausible(folded, place, key):
                continue
            out[pid] = (place, q, key)
        return out

    def match(self, name: str) -> tuple[Found, str]:
        """Entries whose names match ``name``: exact keys first, then variants."""
        hit = self._memo.get(name)
        if hit is not None:
            return hit
        out = self._match_uncached(name)
        self._memo[name] = out
        if len(self._memo) > 20_000:
            self._memo.pop(next(iter(self._memo)))
        return out

    def _match_uncached(self, name: str) -> tuple[Found, str]:
        """:meth:`match` without the memo."""
        keys = query_keys(name)
        # a dotted abbreviation ("B.C.", "Ky.", "U.S.") names the division or country
        # it abbreviates, not a town that has the bare letters as an alias
        if "." in name:
            # a news abbreviation first ("Ky."), then a name spelt so ("L.A."), then
            # a dotted country code ("U.K."; never a province's ISO 3166-2 suffix)
            for kind in ".=@":
                abbrev = {k: v for k, v in keys.items() if k[0] == kind and v >= 0.99}
                found = self.store.lookup(abbrev) if abbrev else {}
                if kind == "@":
                    found = {k: v for k, v in found.items() if v[0].fcode == "PCLI"}
                if found:
                    return found, "name"
        # an exact spelling (or code, or abbreviation) settles the candidates; the
        # transliteration-tolerant keys are asked only when it finds nothing
        exact = {k: v for k, v in keys.items() if k[0] in "=.@" and v >= 0.95}
        if exact:
            found = self.screen(name, self.store.lookup(exact))
            if found:
                return found, "name"
        # a possessive names the place: "Heathrow's", "Asia's" (not Assas)
        bare = POSSESSIVE_RE.sub("", name.rstrip())
        if bare != name.rstrip() and bare.strip():
            hit = self.match(bare)
            if hit[0]:
                return hit
        found = self.screen(name, self.store.lookup(keys))
        if found:
            return found, "name"
        # generic words: "Heilongjiang Province", "City of Blagoveshchensk", and an
        # airport no entry names so: "Frankfurt Airport" is read as Frankfurt
        toks = fold(name).split()
        core = [t for t in toks if t not in GENERIC_WORDS and t != "of"]
        if core and len(core) < len(toks):
            keys = {k: v * 0.95 for k, v in query_keys(" ".join(core)).items()}
            found = self.screen(" ".join(core), self.store.lookup(keys))
            if found:
                return found, "core:" + " ".join(core)
        return {}, ""


def match_kind(place: Place, quality: float, key: str, demonyms: frozenset[str]) -> str:
    """How a key matched a place: exact, alias, demonym, transliteration, stem, fuzzy.

    Judged by the kind of key, whatever the ranking made of its quality: a fold
    key (``=``) is the preferred name (``exact``), a country's demonym, an
    ``alias`` (a name of a country, province, region or capital, a curated
    alternate name, or the head of a town's preferred name: "New York" of "New
    York City") or an ``alternate`` (another of GeoNames' names of a town or
    county); news abbreviations (``.``) and country codes (``@``) are aliases,
    a province's ISO 3166-2 suffix is a ``code``; only the
    transliteration-tolerant (``~``) and stem (``^``) keys are reported as such.
    ``demonyms``: the folded demonyms of the index (see :meth:`Store.demonyms`).
    """
    kind = key[:1]
    if quality <= 0.8:
        return "fuzzy"
    if kind == "=":
        word = key[1:]
        pref = fold(place.name)
        if pref == word:
            return "exact"
        if place.fcode in {"PCLI", "CONT"} and word in demonyms:
            return "demonym"
        if place.source == "curated" or place.fcode in AREA_CODES or place.fcode == "AIRP":
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


def name_readings(
    store: Store, phrases: Iterable[str], *, limit: int = 10, variants: bool = False
) -> dict[str, list[Candidate]]:
    """Which phrases are gazetteer names: exact and alias readings only, no ranking.

    The work behind :meth:`geo.gazetteer.Gazetteer.lookup_names`,
    which documents the parameters, the result and the errors; ``store`` is the
    index and curated entries to read.
    """
    by_key: dict[str, list[str]] = {}
    for ph in phrases:
        if not isinstance(ph, str):
            continue
        for key, q in query_keys(ph).items():
            # variants: every spelling geocode reads, fuzzy excepted (issue 17)
            if (key[0] in "=.@" and q >= 0.99) or (variants and q >= 0.85):
                by_key.setdefault(key, []).append(ph)
    hits: dict[str, dict[int, tuple[Place, str]]] = {}
    for key, place in store.readings(list(by_key)):
        for ph in by_key[key]:
            mine = hits.setdefault(ph, {})
            prev = mine.get(place.pid)
            # the preferred name beats an alias of the same entry, an exact key a variant
            if (
                prev is None
                or (key[0] == "=" and fold(place.name) == key[1:])
                or (prev[1][0] in "~^" and key[0] not in "~^")
            ):
                mine[place.pid] = (place, key)
    demonyms = store.demonyms()
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
                match=match_kind(p, 1.0, key, demonyms),  # by key kind: ~ ^ are variants
            )
            for p, key in ranked
        ]
    return out
