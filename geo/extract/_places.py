"""Place recognition in report text, driven by the gazetteer.

Capitalised word sequences (with ``of``/``de``/``on`` connectors, abbreviations
such as ``U.S.``, possessives, dash-joined pairs such as ``Nizhneleninsky-Tongjiang``)
are tested against the gazetteer in one batched :func:`geo.gazetteer.lookup_names`
call, and the known ones resolved longest-first through :func:`geo.gazetteer.geocode`,
with the whole text as context.  Weak readings (:func:`is_weak`) stand only with
support from another place of the text.  Only exact, alias,
stem and pair matches count (transliteration and fuzzy matches of English words
are noise in running text).  Country demonyms ("Russian", "Chinese") come from the
``countryinfo`` package and resolve to their country.  Words that name people
(after a title: "President Vladimir …"), calendar words and words that begin
organisation names are skipped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from geo._geodesy import haversine_km
from geo.extract._words import (
    GENERIC,
    LANGUAGE_BEFORE,
    ORG_END,
    STOP,
    STREET_END,
    TITLES,
)

__all__ = ["PlaceHit", "find_places"]

_UP = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ"
_WORD = rf"(?:[{_UP}][\w'’.]*(?:[-–][\w'’.]+)*|[\u3400-\u9fff]{{2,12}})"
_CONNECT = r"(?:of|de|del|la|le|du|on|upon|am|an|da|do|dos|das|al|el|y|and)"
_SEQ_RE = re.compile(rf"{_WORD}(?:[ \t]+(?:{_CONNECT}[ \t]+)?{_WORD})*")
_TOKEN_RE = re.compile(rf"{_WORD}|\b{_CONNECT}\b")
_FEATURE_RE = re.compile(
    r"\s+(?:(?:railway|rail|road|highway|pipeline|cross-border|border)\s+){0,2}"
    r"(?:bridge|crossing|checkpoint|tunnel|border\s+crossing)\b",
    re.IGNORECASE,
)

_POSSESSIVE_RE = re.compile(r"['’]s?$")
_NAME_POSSESSIVE_RE = re.compile(r"['’]s\b")
_GOOD_MATCH = frozenset({"exact", "alias", "stem", "pair", "qualified", "demonym"})


def accept(result: Any, query: str) -> bool:
    """Whether a gazetteer reading of a phrase in running text is a place mention.

    Exact and alias readings of countries, divisions, capitals and regions always
    count; a town needs a ranking score of at least 0.55 (common surnames and words
    that are also small towns score lower) or an urban radius of 3 km;
    transliteration readings count only for countries, first-level divisions and
    capitals, and fuzzy readings never.
    """
    code = result.feature_code or ""
    if result.match in ("pair", "demonym"):
        return True
    if result.match in _GOOD_MATCH or _variant(result, query):
        if code in _BIG or code.startswith(("ADM", "PPLA")):
            return result.score >= 0.3
        big_town = (result.uncertainty_km or 0.0) >= BIG_TOWN_RADIUS_KM
        return result.score >= TOWN_MIN_SCORE or big_town
    if result.match == "transliteration" and len(query) >= 2:
        return code in _BIG and result.score >= 0.5
    return False


def _variant(result: Any, query: str) -> bool:
    """Whether a reading is another spelling of the name the gazetteer knows.

    A transliteration the gazetteer accepted ("Pogranichny" of Pogranichnyy: it
    screens far-fetched ones), or one of GeoNames' other names written in another
    script ("Пограничный", "绥芬河市"): in an English text a name in Cyrillic or
    Chinese is written on purpose, not a surname. An alternate name of several
    words that respells the preferred one ("Nizhny Novgorod" of Nizhniy Novgorod)
    counts as well (one word may be a name: "Ismaili" is not Ismayilli).
    """
    latin = _LATIN_RE.search(query) is not None
    if (result.match == "transliteration" and len(query) >= 4) or (
        result.match == "alternate" and latin and " " in query.strip()
    ):
        # the gazetteer's own name of the place, respelt (not one of its other
        # names, nor words run together: "Being" is not Beijing, "War II" not Warri)
        from geo.gazetteer import same_name

        return same_name(query, getattr(result, "name", None) or "")
    return result.match == "alternate" and not latin


_LATIN_RE = re.compile(r"[A-Za-z]")

#: Minimum gazetteer score for a town read from running text.
TOWN_MIN_SCORE = 0.55
#: Towns whose urban radius (the gazetteer's uncertainty) is at least this count at
#: any score: about 60,000 inhabitants and more.
BIG_TOWN_RADIUS_KM = 3.0
_BIG = frozenset({"PCLI", "PCLD", "PCLIX", "PCLS", "ADM1", "CONT", "RGN", "PPLC"})


@dataclass(frozen=True)
class PlaceHit:
    """A place found in the text, with its gazetteer reading."""

    start: int
    end: int
    text: str
    query: str
    kind: str  # "name", "demonym" or "feature"
    result: Any  # geo.gazetteer GeocodeResult


@functools.lru_cache(maxsize=1)
def demonyms() -> dict[str, tuple[str, str]]:
    """Country demonyms ("Russian") → (country name, ISO 3166-1 alpha-2).

    Source: the ``countryinfo`` package; where two countries share a demonym, the
    more populous wins.
    """
    try:
        import countryinfo
    except ImportError:  # pragma: no cover - optional source
        return {}
    best: dict[str, tuple[str, str, float]] = {}
    for c in countryinfo.all_countries():
        info = c.info()
        iso = info.get("ISO")
        cc = iso.get("alpha2") if isinstance(iso, dict) else None
        name = info.get("name")
        pop = float(info.get("population") or 0)
        for dem in str(info.get("demonym") or "").split(","):
            dem = dem.strip()
            if not dem or not cc or not name:
                continue
            if dem not in best or pop > best[dem][2]:
                best[dem] = (name, cc, pop)
    out = {k: (v[0], v[1]) for k, v in best.items()}
    out.setdefault("Chinese", ("China", "CN"))
    out.setdefault("British", ("United Kingdom", "GB"))
    return out


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Token spans of a capitalised sequence, possessives trimmed."""
    out = []
    for m in _TOKEN_RE.finditer(text, start, end):
        s, e = m.start(), m.end()
        tok = text[s:e]
        pm = _POSSESSIVE_RE.search(tok)
        if pm and len(tok) > 2:
            e -= len(pm.group(0))
        # "U.S." keeps its final dot; "Moscow." (sentence end) does not
        while e > s + 1 and text[e - 1] == "." and not re.search(r"\.\w\.$", text[s:e]):
            if len(text[s:e]) <= 3 and text[s].isupper():  # "Ky." "Va." abbreviations
                break
            e -= 1
        out.append((s, e))
    return out


def _sequences(text: str) -> list[list[tuple[int, int]]]:
    """Token spans of each capitalised sequence, cut where a sentence ends."""
    out = []
    for seq in _SEQ_RE.finditer(text):
        cur: list[tuple[int, int]] = []
        for s, e in _tokens(text, seq.start(), seq.end()):
            cur.append((s, e))
            if text[e : e + 1] == "." and not text[s:e].endswith("."):
                out.append(cur)
                cur = []
        if cur:
            out.append(cur)
    return out


#: Readings that are weak evidence in running text: GeoNames' other names of towns
#: and counties ("Walsh", "Steele"), ISO 3166-2 suffixes; they count only with
#: support from a strong reading nearby (see :func:`find_places`).
WEAK_MATCH = frozenset({"alternate", "code"})
#: A weak reading is supported by a strong one of the same country within this
#: distance (km), or by its own first-level division named in the text.
SUPPORT_KM = 200.0
#: Single-word town readings below this population need support too: most small
#: towns whose names are also surnames or words ("Brunson", "Battle") fall below.
SMALL_TOWN_POPULATION = 20_000
#: One-word divisions (ADM1, ADM2) read exactly and this populous stand alone.
BIG_DIVISION_POPULATION = 1_000_000
#: Two- and three-letter capitals that news texts use for countries without naming
#: them otherwise; any other short code ("BA", "MW", "UN") needs its country named.
NEWS_CODES = frozenset({"US", "USA", "UK", "UAE", "EU", "DRC", "PRC", "ROK", "DPRK", "USSR"})
_DASH_RE = re.compile(r"[^-–]+")


@functools.lru_cache(maxsize=1)
def _given_names() -> Any:
    """First-name detector (``gender-guesser``'s name list), or None when absent."""
    try:
        import gender_guesser.detector as gd
    except ImportError:  # pragma: no cover - optional source
        return None
    return gd.Detector(case_sensitive=False)


def is_given_name(word: str) -> bool:
    """Whether ``word`` is a common first name (source: ``gender-guesser``)."""
    det = _given_names()
    if det is None or len(word) < 2 or not word[:1].isupper():
        return False
    return det.get_gender(word) != "unknown"


def _km(a: Any, b: Any) -> float:
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def is_weak(result: Any, query: str) -> bool:
    """Whether a reading needs support from other places in the text.

    Weak are: ``alternate`` and ``code`` matches (GeoNames' other names of towns and
    counties, ISO 3166-2 suffixes), airports named without "Airport" ("Pearson"),
    short all-capital codes other than the common
    news abbreviations (:data:`NEWS_CODES`), one-word divisions (ADM1, ADM2) and
    one-word towns of fewer than :data:`SMALL_TOWN_POPULATION` inhabitants;
    curated entries never are.  A weak reading stands when another reading in the
    text, weak or strong, lies within :data:`SUPPORT_KM` km, shares its country
    (for countries and divisions), or is its first-level division.
    """
    if result.match in WEAK_MATCH and not _variant(result, query):
        return True
    if str(result.id or "").startswith("curated:"):
        return False  # the project's own entries for the places its reports name
    bare = query.replace(".", "").replace(" ", "")
    if bare.isupper() and len(bare) <= 3 and bare not in NEWS_CODES:
        return True
    code = result.feature_code or ""
    population = int(getattr(result, "population", 0) or 0)
    if code == "AIRP":
        # "Heathrow Airport" stands; "Pearson", "John Wayne" are people first
        # the gazetteer's own airport words (imported here: this module does not
        # load the gazetteer at import time)
        from geo.gazetteer import AIRPORT_WORDS, fold

        return not AIRPORT_WORDS & set(fold(query).split())
    if code in ("ADM1", "ADM2") and " " not in query.strip():
        # "Paul" (Cabo Verde), "Al" (Ål, Norway); "Izmir" (5.8 million) stands alone
        return result.match != "exact" or population < BIG_DIVISION_POPULATION
    if result.match in ("transliteration", "stem") and " " not in query.strip():
        # a one-word spelling variant of a town or division needs a neighbour
        # ("Pogranichny" beside Suifenhe), as a small town's exact name does
        return code not in _BIG
    return (
        " " not in query.strip()
        and code.startswith("PPL")
        and code not in ("PPLC", "PPLA")
        and result.match in ("exact", "alias", "alternate")
        and 0 < population < SMALL_TOWN_POPULATION
    )


def _supported(weak: PlaceHit, strong: list[PlaceHit]) -> bool:
    w = weak.result
    for s in strong:
        r = s.result
        if s.text == weak.text or r.lat is None or w.lat is None:
            continue
        if _km(r, w) <= SUPPORT_KM:  # across borders too: "Blagoveshchensk-Heihe"
            return True
        if r.country_code != w.country_code:
            continue
        if (w.feature_code or "") in _BIG:
            return True
        admin1 = getattr(w, "admin1", None)
        if r.feature_code == "ADM1" and admin1 and r.name and r.name in admin1:
            return True
    return False


def _persons(
    text: str,
    seqs: list[list[tuple[int, int]]],
    known: dict[str, list[Any]] | None,
    lowered: set[str],
) -> tuple[set[int], set[str]]:
    """Sequences that name people, and the words naming them.

    A person is a run of two or three words after a title ("President X Y") or
    starting with a common first name ("Georgia Stevens"), the run itself no
    gazetteer name. Returns the indexes of such sequences and their words (a text
    that calls someone "Georgia Stevens" calls her "Georgia" later).
    """
    idx: set[int] = set()
    words_out: set[str] = set()
    dems = demonyms()
    for k, toks in enumerate(seqs):
        words = [text[s:e] for s, e in toks]
        before = text[max(0, toks[0][0] - 25) : toks[0][0]].casefold().split()
        titled = bool(before) and before[-1].rstrip(".,") in TITLES
        core = list(words)
        while core and core[0].casefold().rstrip(".") in TITLES:
            core.pop(0)
            titled = True
        while core and core[0].casefold() in STOP:  # "In", "The" opening a sentence
            core.pop(0)
        core = [w for w in core if not re.fullmatch(r"[A-Z]\.", w)]  # "George W. Bush"
        if not 2 <= len(core) <= 3 or any(re.fullmatch(_CONNECT, w) for w in core):
            continue
        if any(w.isupper() or w in dems for w in core):
            continue
        last = core[-1].casefold().rstrip(".")
        if last in ORG_END or last in STREET_END or last in GENERIC or last in STOP:
            continue
        phrase = " ".join(core)
        if known is not None and phrase in known:
            continue
        # a first word that is also a place name opens a place name ("London City")
        first_known = known is not None and core[0] in known
        # ... unless a surname follows: a word the gazetteer does not know and the
        # text never writes in lower case ("Georgia Stevens")
        surname = (
            len(core) == 2
            and known is not None
            and core[1].casefold() not in lowered
            and not any(
                c.match in ("exact", "alias") and (c.population or 0) >= SMALL_TOWN_POPULATION
                for c in known.get(core[1], ())
            )
        )
        if titled or (is_given_name(core[0]) and (not first_known or surname)):
            idx.add(k)
            words_out.update(w for w in core if len(w) > 2)
    return idx, words_out


def _lookup_phrases(text: str, seqs: list[list[tuple[int, int]]]) -> list[str]:
    """Every phrase of up to five tokens (and each dash-joined part) the scan may test."""
    phrases: set[str] = set()
    for toks in seqs:
        n = len(toks)
        for i in range(n):
            s0, e0 = toks[i]
            phrases.update(p.group(0) for p in _DASH_RE.finditer(text[s0:e0]))
            for j in range(i + 1, min(n, i + 5) + 1):
                a, b = text[toks[i][0] : toks[i][1]], text[toks[j - 1][0] : toks[j - 1][1]]
                if re.fullmatch(_CONNECT, a) or re.fullmatch(_CONNECT, b):
                    continue
                phrases.add(text[toks[i][0] : toks[j - 1][1]])
                # with the 's a longer name may carry ("St. John's")
                pm = _NAME_POSSESSIVE_RE.match(text, toks[j - 1][1]) if j > i + 1 else None
                if pm is not None:
                    phrases.add(text[toks[i][0] : pm.end()])
    return sorted(phrases)


@dataclass
class _Reader:
    """One text's gazetteer readings, each phrase geocoded at most once.

    ``known`` is the batched name test's answer (``None``: geocode every phrase),
    ``lowered`` the words the text writes in lower case, ``person_words`` the words
    that name people in it.
    """

    text: str
    geocode: Callable[..., Any]
    context: str
    dems: dict[str, tuple[str, str]]
    known: dict[str, list[Any]] | None
    lowered: set[str]
    person_words: set[str]
    cache: dict[str, Any] = field(default_factory=dict)

    def resolve(self, query: str) -> Any | None:
        """The accepted gazetteer reading of ``query``, or None."""
        if query in self.cache:
            return self.cache[query]
        r = None
        q = query.strip()
        key = q.casefold().rstrip(".")
        words = key.split()
        skip = (
            len(key) < 2
            or key in STOP
            or key in GENERIC
            or any(w in ORG_END for w in words[1:])
            or (q in self.person_words)
        )
        # the batched name test: unknown phrases are geocoded only as one word
        # (for transliterated and inflected spellings of big places)
        if not skip and self.known is not None and q not in self.known:
            skip = " " in q or len(q) < 4 or not q[:1].isupper() or key in self.lowered
        if not skip:
            res = self.geocode(q, context=self.context)
            if res.match == "transliteration" and any(w in self.lowered for w in words):
                res = None  # a respelling of a word the text writes in lower case: "Little"
            elif res.resolved and accept(res, q):
                if res.match == "demonym" and q not in self.dems and q[:-1] in self.dems:
                    res = None  # "Russians" name people, not a place
                r = res
        self.cache[query] = r
        return r

    def demonym_use(self, tok: str, start: int) -> bool:
        """Whether a demonym at ``start`` names its country."""
        # not "un-American", "speaks French", nor a person's name ("Monica French")
        text = self.text
        if tok in self.person_words or re.search(r"\w[-–]$", text[max(0, start - 2) : start]):
            return False
        prev = text[max(0, start - 30) : start].split()
        return not (prev and prev[-1].casefold() in LANGUAGE_BEFORE)

    def demonym(self, tok: str, start: int) -> Any | None:
        """The country a demonym at ``start`` names, or None."""
        if tok not in self.dems or not self.demonym_use(tok, start):
            return None
        name, cc = self.dems[tok]
        key = "@dem:" + tok
        if key not in self.cache:
            res = self.geocode(name, context=self.context)
            self.cache[key] = res if res.resolved and res.country_code == cc else None
        return self.cache[key]

    def name_reading(self, toks: list[tuple[int, int]], i: int, j: int) -> tuple[Any, int]:
        """The reading of tokens ``i`` to ``j - 1`` as one name, and where the name ends."""
        text = self.text
        s, e = toks[i][0], toks[j - 1][1]
        phrase = text[s:e]
        r = self.resolve(phrase)
        # a longer name with its 's as written: "St. John's", not St. John
        pm = _NAME_POSSESSIVE_RE.match(text, e) if j - i > 1 else None
        if pm is not None:
            r_full = self.resolve(text[s : pm.end()])
            # another place by that name ("St. John's", not St. John)
            if r_full is not None and (r is None or r_full.id != r.id):
                r, e = r_full, pm.end()
                phrase = text[s:e]
        if r is not None and r.match == "demonym" and not self.demonym_use(phrase, s):
            r = None
        if r is not None and r.match == "pair":
            r = None  # handled by _dash_parts: both places, and the feature if named
        return r, e

    def person_follows(self, r: Any, nxt: str, start: int) -> bool:
        """Whether a one-word reading opens a person's name ("Vladimir Putin").

        True when the next word ``nxt`` (at ``start``) is capitalised, unknown to the
        gazetteer and not a demonym, and the reading is no country or region.
        """
        fold = nxt.casefold()
        return (
            fold not in STOP
            and fold not in ORG_END
            and fold not in self.lowered
            and not re.fullmatch(_CONNECT, nxt)
            and r.feature_code not in ("PCLI", "CONT", "RGN")
            and self.resolve(nxt) is None
            and self.demonym(nxt, start) is None
        )


def _person_from(text: str, toks: list[tuple[int, int]], words: list[str]) -> int:
    """Index of the first token that names a person (after a title word), else ``len``."""
    person_from = len(toks)
    for m, w in enumerate(words):
        if w.casefold().rstrip(".") in TITLES:
            person_from = m + 1
            break
    before = text[max(0, toks[0][0] - 25) : toks[0][0]].casefold().split()
    if before and before[-1].rstrip(".,") in TITLES:
        person_from = 0
    return person_from


def _name_at(
    rd: _Reader,
    toks: list[tuple[int, int]],
    words: list[str],
    i: int,
    *,
    org: bool,
    prev_place: bool,
    hits: list[PlaceHit],
) -> tuple[int, str]:
    """The longest name (up to five tokens) starting at token ``i``, appended to ``hits``.

    Returns the token index to go on from and what was found there: ``"found"`` (a
    place or demonym), ``"skipped"`` (a demonym inside a name: "Anglo American") or
    ``"none"`` (index unchanged).
    """
    text, n, w = rd.text, len(toks), words[i]
    for j in range(min(n, i + 5), i, -1):
        if re.fullmatch(_CONNECT, words[j - 1]):
            continue
        s = toks[i][0]
        # a lone word that the text also uses in lower case ("us", "bush")
        if j - i == 1 and w.casefold() in rd.lowered and not w.isupper():
            continue
        if j - i == 1 and (dem := rd.demonym(w, s)) is not None:
            # a demonym after a non-place word is part of a name ("Anglo
            # American", "Latin American")
            if i == 0 or prev_place:
                hits.append(PlaceHit(s, toks[i][1], w, w, "demonym", dem))
                return j, "found"
            return j, "skipped"
        r, e = rd.name_reading(toks, i, j)
        if r is None:
            continue
        # "Vladimir Putin": a name followed by an unknown capitalised word
        if j == i + 1 and j < n and not org and rd.person_follows(r, words[j], toks[j][0]):
            return i, "none"
        hits.append(PlaceHit(s, e, text[s:e], text[s:e], "name", r))
        return j, "found"
    return i, "none"


def _dash_parts(
    rd: _Reader, tok: tuple[int, int], *, first: bool, prev_place: bool, hits: list[PlaceHit]
) -> None:
    """Dash-joined parts and demonyms inside one token, and an "A-B bridge" feature."""
    text = rd.text
    s0, e0 = tok
    parts = list(_DASH_RE.finditer(text[s0:e0]))
    for p in parts:
        ps, pe = s0 + p.start(), s0 + p.end()
        part = text[ps:pe]
        r = rd.demonym(part, ps) if (first or prev_place or len(parts) > 1) else None
        kind = "demonym"
        if r is None and len(parts) > 1:
            r = rd.resolve(part)
            kind = "name"
        if r is not None:
            hits.append(PlaceHit(ps, pe, part, part, kind, r))
    # "A-B railway bridge": the pair as a feature, beside its two places
    fm = _FEATURE_RE.match(text, e0)
    if len(parts) > 1 and fm:
        phrase = text[s0 : fm.end()]
        r = rd.geocode(phrase, context=rd.context)
        names = [h.result.name for h in hits if s0 <= h.start and h.end <= e0]
        if r.resolved and r.match == "pair" and len(names) == len(parts):
            # the gazetteer's spellings of the parts may name a mapped feature
            # ("Nizhneleninsky-…" → the Nizhneleninskoye–… bridge entry)
            r2 = rd.geocode("–".join(names) + text[e0 : fm.end()], context=rd.context)
            if r2.resolved and r2.match not in ("pair", "fuzzy"):
                r = r2
        if r.resolved:
            hits.append(PlaceHit(s0, fm.end(), phrase, phrase, "feature", r))


def _scan_sequence(rd: _Reader, toks: list[tuple[int, int]], hits: list[PlaceHit]) -> None:
    """Append the places of one capitalised sequence to ``hits``, left to right."""
    words = [rd.text[s:e] for s, e in toks]
    n = len(toks)
    # people: tokens after a title word ("President Vladimir Putin")
    person_from = _person_from(rd.text, toks, words)
    org = words[-1].casefold().rstrip(".") in ORG_END
    if words[-1].casefold().rstrip(".") in STREET_END and n > 1:
        return
    i = 0
    prev_place = False  # the word before was a place or demonym
    while i < min(n, person_from):
        if re.fullmatch(_CONNECT, words[i]):
            i += 1  # "Russian and Turkish": the connector keeps prev_place
            continue
        i_next, what = _name_at(rd, toks, words, i, org=org, prev_place=prev_place, hits=hits)
        if what != "none":
            # after a demonym inside a name, the next word follows no place
            prev_place = what == "found"
            i = i_next
            continue
        _dash_parts(rd, toks[i], first=i == 0, prev_place=prev_place, hits=hits)
        prev_place = False
        i += 1


def find_places(
    text: str,
    geocode: Callable[..., Any],
    *,
    context: str | None = None,
    lookup: Callable[[list[str]], dict[str, list[Any]]] | None = None,
) -> list[PlaceHit]:
    """Find and resolve the place names in ``text``.

    Parameters
    ----------
    text : str
    geocode : callable
        ``geocode(name, context=...)`` with :func:`geo.gazetteer.geocode`'s contract.
    context : str, optional, keyword-only
        Text given to the gazetteer as context; default ``text``.
    lookup : callable, optional, keyword-only
        ``lookup(phrases) -> {phrase: candidates}`` with
        :func:`geo.gazetteer.lookup_names`'s contract: one batched name test for
        every candidate phrase, so that only phrases the gazetteer knows are
        geocoded.  Without it every phrase is geocoded.

    Returns
    -------
    list of PlaceHit
        In text order; feature mentions ("A-B railway bridge") overlap the places
        they are made of.  Weak readings (:func:`is_weak`) are kept only when a
        strong reading of the same country lies within :data:`SUPPORT_KM` km.
    """
    ctx = text if context is None else context
    lowered = set(re.findall(r"\b[a-z][a-z'-]+\b", text))
    seqs = _sequences(text)
    known = lookup(_lookup_phrases(text, seqs)) if lookup is not None else None
    # people are told by exact names: a respelt place name ("Joe Moore" loosely
    # some village) does not make a person's name a place
    exact = None
    if known is not None:
        exact = {
            ph: cs
            for ph, c in known.items()
            if (cs := [x for x in c if x.match not in ("transliteration", "stem")])
        }
    person_seqs, person_words = _persons(text, seqs, exact, lowered)
    rd = _Reader(text, geocode, ctx, demonyms(), known, lowered, person_words)
    hits: list[PlaceHit] = []
    for k, toks in enumerate(seqs):
        if k not in person_seqs:
            _scan_sequence(rd, toks, hits)
    # two weak readings that agree (same area, or a town and its division) support
    # each other as a strong one does
    strong = [h for h in hits if h.kind != "feature"]
    hits = [
        h
        for h in hits
        if h.kind == "feature" or not is_weak(h.result, h.query) or _supported(h, strong)
    ]
    hits.sort(key=lambda h: (h.start, -h.end))
    return hits
