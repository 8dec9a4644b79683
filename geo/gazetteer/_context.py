"""Evidence from the text: the places a context names, and how well a reading fits them.

A context is an article around a name or the other place names of a record. Its
capitalised phrases are looked up in the index; each gets one reading, chosen by
mutual closeness (place names of one text tend to lie together) and importance, and
becomes an anchor. A candidate's :func:`affinity` to the anchors then raises its
score (:func:`prior`). Positions are EPSG:4326 degrees, (lat, lon); distances km.
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from geo._geodesy import EARTH_RADIUS_KM, haversine_km
from geo.gazetteer._features import water_readings
from geo.gazetteer._index import CONTEXT_READINGS
from geo.gazetteer._lookup import POSSESSIVE_RE
from geo.gazetteer._normalise import fold
from geo.gazetteer._store import Found, Place, Store

__all__ = [
    "CTX_W",
    "DASH_RE",
    "EMPTY_CONTEXT",
    "Anchor",
    "Context",
    "ContextReader",
    "affinity",
    "context_matters",
    "make_context",
    "mutual_support",
    "near_context",
    "prior",
    "without",
]

DASH_RE = re.compile(r"\s*[–—―‒]\s*|\s+-\s+|(?<=[^\W\d_])-(?=[^\W\d_])")
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ"
_CAP_SEQ_RE = re.compile(
    rf"[{_UPPER}][\w'’.\-]*(?:\s+(?:(?:of|de|del|la|le|du|on|upon|am|an|the|y)\s+)?"
    rf"[{_UPPER}][\w'’.\-]*)*"
)
_ABBREV_RE = re.compile(r"^(?:[A-Z]\.){1,3}$|^[A-Z][a-z]{0,4}\.$|^[A-Z]\.\s?[A-Z][a-z]{1,3}\.$")


_CONNECTORS = frozenset({"of", "de", "del", "la", "le", "du", "on", "upon", "am", "an", "the", "y"})
_HAN_RUN_RE = re.compile(r"[\u3400-\u9fff]{2,8}")
#: Context model settings: readings kept per phrase, weight of mutual support, least
#: importance and support of a single-word phrase's reading, weight of repeated
#: mentions, weight of the context in a score, least share of a country or province
#: the text names outright.
_MAX_READINGS = CONTEXT_READINGS
_SUPPORT_W = 0.5


_MIN_SINGLE_WORD_IMPORTANCE = 0.62
_MIN_SINGLE_WORD_SUPPORT = 0.2
_MENTION_W = 0.5
CTX_W = 0.45
_NAMED_FLOOR = 0.5
#: Capitalised words of running text that are rarely meant as places on their own
#: (sentence openers, months, days, titles, institutions); never used as context.
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


@dataclass(slots=True)
class Anchor:
    """A place the context names: its phrase, picked reading and weight."""

    phrase: str
    lat: float
    lon: float
    cc: str | None
    a1: str | None
    weight: float
    fcode: str = ""


def _named(anchors: list[Anchor]) -> frozenset[str]:
    """Countries and ADM1 codes the anchors name outright."""
    out = {a.cc for a in anchors if a.fcode == "PCLI" and a.cc}
    out |= {a.a1 for a in anchors if a.fcode == "ADM1" and a.a1}
    return frozenset(out)


@dataclass(slots=True)
class Context:
    """The evidence of a context: anchors (heaviest first, at most 40) and their
    weight by country and by ADM1 code."""

    anchors: list[Anchor]
    cc_w: dict[str, float]
    a1_w: dict[str, float]
    total: float
    named: frozenset[str] = frozenset()  # countries and ADM1 codes named outright


EMPTY_CONTEXT = Context([], {}, {}, 0.0)


class _Cues(NamedTuple):
    """What the phrases of a context say before any lookup."""

    key_to_phrase: dict[str, str]  # key to look up → the phrase (fold key) it reads
    mentions: dict[str, int]  # phrase → how often the text names it
    single: set[str]  # single-word phrases of running text (weak cues)
    possessive_only: set[str]  # single words only ever written "Hope's"
    stripped_of: dict[str, str]  # "new york" → "new yorks" (written so)


def _cues(phrases: list[tuple[str, str]], *, is_text: bool) -> _Cues:
    """Sort the phrases of a context into keys to look up and cues of their weight."""
    key_to_phrase: dict[str, str] = {}
    mentions: dict[str, int] = {}
    single: set[str] = set()
    possessive: set[str] = set()  # single words seen as "Hope's" …
    bare: set[str] = set()  # … and as "Hope"
    stripped_of: dict[str, str] = {}
    for ph, f in phrases:
        if " " in f and POSSESSIVE_RE.search(ph):
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
            if POSSESSIVE_RE.search(ph):
                possessive.add(f)
            else:
                bare.add(f)
        key_to_phrase.setdefault("=" + f, f)
        mentions[f] = mentions.get(f, 0) + 1
    return _Cues(key_to_phrase, mentions, single, possessive - bare, stripped_of)


def _longest(found: dict[str, list[Place]], stripped_of: dict[str, str]) -> dict[str, list[Place]]:
    """The matched phrases not inside a longer matched one, with their likeliest readings.

    "New York" in "New York City" is dropped; a name with its 's ("St. John's") beats
    the same words without it.
    """
    for f, whole in stripped_of.items():
        if whole in found:
            found.pop(f, None)
    kept: list[str] = []
    covered: set[str] = set()  # every run of words inside a kept phrase
    for ph in sorted(found, key=len, reverse=True):
        if ph in covered:
            continue
        kept.append(ph)
        words = ph.split()
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                covered.add(" ".join(words[i:j]))
    return {ph: sorted(found[ph], key=lambda p: -p.importance)[:_MAX_READINGS] for ph in kept}


def _drop_weak_single_words(
    found: dict[str, list[Place]],
    support: dict[str, dict[int, float]],
    cues: _Cues,
) -> None:
    """Keep a small place of a one-word phrase only when another place of the text
    lies near it ("Baker", "Buck" are weak cues); never for a word only ever written
    as a possessive ("Hope's" is most often a person)."""
    for ph in [ph for ph in found if ph in cues.single]:
        min_support = math.inf if ph in cues.possessive_only else _MIN_SINGLE_WORD_SUPPORT
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


def _pick_readings(
    found: dict[str, list[Place]],
    support: dict[str, dict[int, float]],
    mentions: dict[str, int],
) -> Context:
    """Pick one reading per phrase in two passes and make the context of the picks.

    Pass 1 takes the reading best supported by the others, else the most important;
    pass 2 re-reads each phrase in the light of the others' pass-1 readings.
    """
    picks = {
        ph: max(
            found[ph],
            key=lambda p, ph=ph: p.importance + _SUPPORT_W * support[ph].get(p.pid, 0.0),
        )
        for ph in found
    }
    ctx = make_context(picks, found, support, mentions)
    picks2 = {}
    for ph, readings in found.items():
        if len(readings) == 1:
            picks2[ph] = readings[0]  # one reading: nothing to re-read
            continue
        others = without(ctx, ph)
        sup = support[ph]
        # the ten likeliest readings are enough to re-read a phrase
        shortlist = sorted(
            readings, key=lambda p, sup=sup: -(p.importance + _SUPPORT_W * sup.get(p.pid, 0.0))
        )[:10]
        picks2[ph] = max(
            shortlist,
            key=lambda p, o=others, sup=sup: prior(p, 1.0, o) + _SUPPORT_W * sup.get(p.pid, 0.0),
        )
    return make_context(picks2, found, support, mentions)


class ContextReader:
    """Reads the places a context names, over a :class:`Store` (results cached).

    Parameters
    ----------
    store : Store
        The index and curated entries to read.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._cache: OrderedDict[object, Context] = OrderedDict()
        self._readings: dict[str, tuple[Place, ...]] = {}
        self._seq_phrases: dict[str, tuple[tuple[str, str], ...]] = {}
        self._seq_words: dict[str, _SeqWord | None] = {}

    def read(self, context: str | Sequence[str] | None) -> Context:
        """The :class:`Context` of a text (an article) or of a list of place names.

        The places it names are read from its phrases (see :meth:`phrases`), one
        reading each, chosen by mutual closeness and importance. The last 256
        contexts are kept.
        """
        if not context:
            return EMPTY_CONTEXT
        ckey = context if isinstance(context, str) else tuple(context)
        hit = self._cache.get(ckey)
        if hit is not None:
            self._cache.move_to_end(ckey)
            return hit
        cues = _cues(self.phrases(context), is_text=isinstance(context, str))
        found = _longest(self._fetch(cues.key_to_phrase), cues.stripped_of)
        if isinstance(context, str):  # "the Amur bridge": the river (issue 17)
            found, water = water_readings(found, context)
            cues.single.difference_update(water)  # written as water: no weak cue
        support = mutual_support(found)
        _drop_weak_single_words(found, support, cues)
        ctx = _pick_readings(found, support, cues.mentions)
        self._cache[ckey] = ctx
        if len(self._cache) > 256:
            self._cache.popitem(last=False)
        return ctx

    def _fetch(self, key_to_phrase: dict[str, str]) -> dict[str, list[Place]]:
        """The most important readings of each phrase (by its keys), most kept across texts."""
        found: dict[str, list[Place]] = {}
        if not key_to_phrase:
            return found
        # readings of a key are the same in every text: cached across texts
        klist = []
        for key, ph in key_to_phrase.items():
            cached = self._readings.get(key)
            if cached is None:
                klist.append(key)
            elif cached:
                found.setdefault(ph, []).extend(cached)
        fetched: dict[str, list[Place]] = {k: [] for k in klist}
        # the most important readings of each key only (ranked at build time)
        for key, place in self.store.readings(klist, table="ctx"):
            fetched[key].append(place)
        for key in klist:
            # most keys have no reading: one shared empty tuple, nothing for the
            # garbage collector to track
            self._readings[key] = readings = tuple(fetched[key])
            if readings:
                found.setdefault(key_to_phrase[key], []).extend(readings)
        if len(self._readings) > 200_000:
            self._readings.clear()
        return found

    def phrases(self, context: str | Sequence[str]) -> list[tuple[str, str]]:
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
                    sw = words[w] = self.seq_word(w)
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
        for part in DASH_RE.split(context) if len(context) < 200 else ():
            if part.strip():
                out.append((part.strip(), fold(part)))
        return out

    @staticmethod
    def seq_word(word: str) -> _SeqWord | None:
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
        bare = POSSESSIVE_RE.sub("", word)
        text = clean(bare) if bare != word else whole
        if not text.strip("."):
            return None
        return _SeqWord(text, fold(text), bare != word, whole, fold(whole))


def mutual_support(found: dict[str, list[Place]]) -> dict[str, dict[int, float]]:
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


def make_context(
    picks: dict[str, Place],
    found: dict[str, list[Place]],
    support: dict[str, dict[int, float]],
    mentions: dict[str, int],
) -> Context:
    """The context of a text: each phrase's picked reading as an anchor, weighed by
    its importance, its support by the others and how often the text names it."""
    anchors = []
    for ph, p in picks.items():
        n_alt = len({(q.cc, q.admin1_code) for q in found[ph]})
        weight = p.importance / (1.0 + 0.3 * (n_alt - 1))
        weight += 0.5 * min(1.0, support[ph].get(p.pid, 0.0))
        # a place the text keeps naming is what the text is about
        weight *= 1.0 + _MENTION_W * math.log(mentions.get(ph, 1))
        anchors.append(Anchor(ph, p.lat, p.lon, p.cc, p.admin1_code, weight, p.fcode))
    cc_w: dict[str, float] = {}
    a1_w: dict[str, float] = {}
    for a in anchors:
        if a.cc:
            cc_w[a.cc] = cc_w.get(a.cc, 0.0) + a.weight
        if a.a1:
            a1_w[a.a1] = a1_w.get(a.a1, 0.0) + a.weight
    total = sum(a.weight for a in anchors)
    anchors.sort(key=lambda a: -a.weight)
    return Context(anchors[:40], cc_w, a1_w, total, _named(anchors))


def without(ctx: Context, phrase: str) -> Context:
    """The context without the anchors of ``phrase`` (a name must not back itself)."""
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
    return Context(rest, cc_w, a1_w, ctx.total - sum(a.weight for a in mine), _named(rest))


def near_context(p: Place, ctx: Context, *, radius_km: float = 200.0) -> bool:
    """Whether a place shares a first-level division with, or lies within
    ``radius_km`` of, a place of the context (the test a fuzzy match must pass)."""
    if p.admin1_code and ctx.a1_w.get(p.admin1_code, 0.0) > 0.0:
        return True
    return any(haversine_km(p.lat, p.lon, a.lat, a.lon) <= radius_km for a in ctx.anchors[:20])


def affinity(p: Place, ctx: Context) -> float:
    """How well a place fits the context, 0..1: its country's and division's share
    of the anchors' weight and its closeness to the nearest strong anchor."""
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


def prior(p: Place, quality: float, ctx: Context) -> float:
    """Score of a reading of match ``quality`` before any request option: its
    importance, blended with its :func:`affinity` to the context."""
    base = quality * (0.35 + 0.65 * p.importance)
    if ctx.total <= 1e-9:
        return base
    return (1 - CTX_W) * base + CTX_W * quality * affinity(p, ctx)


def context_matters(found: Found) -> bool:
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
    return (1 - CTX_W) * b1 < (1 - CTX_W) * b2 + CTX_W * q2
