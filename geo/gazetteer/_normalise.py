"""Name normalisation: the keys under which the gazetteer stores and finds names.

Three kinds of key, each a plain string with a one-character prefix so that all
kinds share one SQLite index:

``=`` fold
    Unicode NFKC, casefold, diacritics removed, punctuation to single spaces.
    Non-Latin scripts are kept (``"=同江市"``, ``"=нижнеленинское"``).
``~`` loose
    A transliteration-tolerant skeleton of a Latin fold key: spaces and hyphens
    dropped, ``zh/z``, ``kh/h``, ``y/i/j``, ``ye/e``, ``ya/a`` … merged, doubled
    letters single, ``saint`` → ``st``. BGN/PCGN, GOST and scientific
    romanisations of one Russian name, and pinyin or Wade–Giles of one Chinese name,
    mostly share a loose key.
``^`` stem
    The loose key with a Russian adjectival ending (-skoye, -skoe, -sky, -skiy,
    -skaya …) cut to ``-sk``, or a Chinese name without its administrative suffix
    (市, 县, 省 …).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

_DOTTED_CODE_RE = re.compile(r"^(?:[A-Z]\.){2,3}$")

__all__ = [
    "cyrillic_romanisations",
    "digraph_fold",
    "fold",
    "han_romanisations",
    "has_cyrillic",
    "has_han",
    "index_keys",
    "loose",
    "pinyin_joined",
    "query_keys",
    "same_name",
    "stem",
    "strip_invisible",
]

_APOSTROPHES = dict.fromkeys(map(ord, "'’‘`´ʹʼʻ\u02bc\u2032"), None)
#: Runs of anything but letters and digits (``\w`` counts "_" as a letter: excluded here,
#: so "0:_0" folds to "0 0" in one step and fold is idempotent).
_PUNCT_RE = re.compile(r"[\W_]+", re.UNICODE)
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_ONLY_RE = re.compile(r"^[a-z0-9 ]+$")

# Ordered rewrites turning a Latin fold key into its loose skeleton.
_LOOSE_RULES: tuple[tuple[str, str], ...] = (
    ("shch", "s"),
    ("sch", "s"),
    ("sc", "s"),
    ("tch", "c"),
    ("zh", "z"),
    ("kh", "h"),
    ("ch", "c"),
    ("sh", "s"),
    ("ts", "c"),
    ("tz", "c"),
    ("ph", "f"),
    ("w", "v"),
    ("y", "i"),
    ("j", "i"),
    ("ii", "i"),
    ("ie", "e"),
    ("ia", "a"),
    ("iu", "u"),
    ("io", "o"),
    ("oe", "o"),
    ("ue", "u"),
)
_TOKEN_ABBREV = {"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft", "the": ""}
_RU_ADJ_ENDINGS = ("skoe", "skie", "skaa", "skoi", "ski", "sko", "ska")
_HAN_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "市",
    "县",
    "縣",
    "省",
    "镇",
    "鎮",
    "区",
    "區",
    "乡",
    "鄉",
    "村",
)
_DOUBLE_RE = re.compile(r"(.)\1+")
# one Hanyu Pinyin syllable without tone marks: initial, then final
_PINYIN_SYLLABLE_RE = re.compile(
    r"^(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    r"(?:a|o|e|ai|ei|ao|ou|an|en|ang|eng|ong|er|i|ia|ie|iao|iu|ian|in|iang|ing|iong"
    r"|u|ua|uo|uai|ui|uan|un|uang|ueng|ue|v|ve)$"
)


def strip_invisible(text: str) -> str:
    """Remove invisible format characters (Unicode category ``Cf``).

    Soft hyphen (U+00AD), zero-width space (U+200B), zero-width (non-)joiners
    (U+200C, U+200D), the byte-order mark (U+FEFF), bidi marks and the like are
    dropped, so "Tong" + soft hyphen + "jiang" reads as "Tongjiang".

    Examples
    --------
    >>> strip_invisible("Tong" + chr(0x200B) + "jiang")
    'Tongjiang'
    """
    if text.isascii():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def pinyin_joined(folded: str) -> str:
    """Join a fold key written as separate pinyin syllables (``""`` otherwise).

    ``"tong jiang"`` (from "Tong jiang", "Tong-jiang") gives ``"tongjiang"``, the
    way GeoNames and the curated entries spell Chinese place names. Only keys of two
    to four tokens that are all pinyin syllables are joined, so "New York" or
    "San Jose" stay as they are.
    """
    toks = folded.split()
    if not 2 <= len(toks) <= 4 or not all(_PINYIN_SYLLABLE_RE.match(t) for t in toks):
        return ""
    return "".join(toks)


@functools.lru_cache(maxsize=200_000)
def fold(name: str) -> str:
    """Fold a name for exact matching.

    Parameters
    ----------
    name : str
        A place name in any script.

    Returns
    -------
    str
        NFKC-normalised, casefolded, diacritics removed, apostrophes dropped and
        other punctuation turned to single spaces; stripped. ``""`` for a name with
        no letters or digits.

    Examples
    --------
    >>> fold("Nizhne-Leninskoye")
    'nizhne leninskoye'
    >>> fold("Děčín")
    'decin'
    """
    if name.isascii():
        # ASCII is NFKC-stable and has no diacritics: only case, apostrophes and
        # punctuation to handle (the same result as the general path, faster)
        return _PUNCT_RE.sub(" ", name.lower().translate(_APOSTROPHES)).strip()
    s = unicodedata.normalize("NFKC", strip_invisible(name)).casefold()
    s = s.translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFD", s)
    s = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    s = unicodedata.normalize("NFC", s)
    s = s.replace("ß", "ss").replace("ø", "o").replace("ł", "l").replace("đ", "d")
    s = s.replace("æ", "ae").replace("œ", "oe").replace("ı", "i")
    return _PUNCT_RE.sub(" ", s).strip()


#: Letters that :func:`fold` reduces to one letter where their own languages write
#: two in ASCII (Danish, Norwegian, Swedish, German): "Tromsø" is "Tromsoe".
_DIGRAPHS = str.maketrans({"ø": "oe", "ö": "oe", "ä": "ae", "ü": "ue", "å": "aa"})


def digraph_fold(name: str) -> str:
    """Fold a name writing ø, ö, ä, ü, å as oe, oe, ae, ue, aa (``""`` without them).

    :func:`fold` writes "Rømø" as "romo", which is also an alternate name of Rome; a
    place that really bears the marked name carries its two-letter spelling too
    ("Tromsø": "tromsoe", "København": "koebenhavn"), a different place does not.

    Examples
    --------
    >>> digraph_fold("Rømø")
    'roemoe'
    >>> digraph_fold("Rome")
    ''
    """
    if name.isascii():
        return ""
    lowered = unicodedata.normalize("NFC", name).casefold()
    if not any(ch in lowered for ch in "øöäüå"):
        return ""
    return fold(lowered.translate(_DIGRAPHS))


@functools.lru_cache(maxsize=200_000)
def loose(folded: str) -> str:
    """Return the loose skeleton of a fold key (``""`` when it is not Latin).

    Parameters
    ----------
    folded : str
        Output of :func:`fold`.

    Returns
    -------
    str
        The transliteration-tolerant skeleton, without prefix; ``""`` when the
        key holds non-Latin letters.
    """
    if not folded or not _LATIN_ONLY_RE.match(folded):
        return ""
    tokens = [_TOKEN_ABBREV.get(t, t) for t in folded.split()]
    s = "".join(tokens)
    for old, new in _LOOSE_RULES:
        if old in s:
            s = s.replace(old, new)
    return _DOUBLE_RE.sub(r"\1", s)


def stem(loose_key: str) -> str:
    """Cut a Russian adjectival ending from a loose key (``""`` when it has none).

    ``nizneleninskoe``, ``nizneleninski`` and ``nizneleninska`` all give
    ``nizneleninsk``.
    """
    for ending in _RU_ADJ_ENDINGS:
        if loose_key.endswith(ending) and len(loose_key) > len(ending) + 3:
            return loose_key[: -len(ending)] + "sk"
    return ""


def same_name(spelling: str, name: str) -> bool:
    """Whether a Latin ``spelling`` writes ``name`` in another romanisation.

    True when both have as many words and the same loose key or the same Russian
    stem: "Pogranichny" and "Pogranichnyy", "Primorsky Krai" and "Primorskiy kray".
    Words run together ("And I" and "Andi") or a dropped "the" ("The Mansfield")
    are not another spelling, nor a match through a place's other names.

    Examples
    --------
    >>> same_name("Primorsky Krai", "Primorskiy kray"), same_name("War II", "Warri")
    (True, False)
    """
    a, b = fold(spelling), fold(name)
    if len(a.split()) != len(b.split()):
        return False
    la, lb = loose(a), loose(b)
    if not la or not lb:
        return False
    return la == lb or (stem(la) or la) == (stem(lb) or lb)


def has_cyrillic(text: str) -> bool:
    """Return whether ``text`` contains a Cyrillic letter."""
    return _CYRILLIC_RE.search(text) is not None


def has_han(text: str) -> bool:
    """Return whether ``text`` contains a Chinese (Han) character."""
    return _HAN_RE.search(text) is not None


def _strip_han_suffix(text: str) -> str:
    for suffix in _HAN_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)]
    return ""


@functools.lru_cache(maxsize=50_000)
def cyrillic_romanisations(name: str) -> tuple[str, ...]:
    """Romanise a Cyrillic name in the BGN/PCGN, GOST 7.79 and scientific systems.

    Uses the ``iuliia`` schemas ``BGN_PCGN``, ``GOST_779`` (ISO 9), ``GOST_7034``
    and ``WIKIPEDIA``.

    Returns
    -------
    tuple of str
        Distinct Latin forms (may be empty when ``iuliia`` fails on the input).
    """
    import iuliia

    out: list[str] = []
    for schema in (iuliia.BGN_PCGN, iuliia.GOST_779, iuliia.GOST_7034, iuliia.WIKIPEDIA):
        try:
            form = schema.translate(name)
        except Exception:
            continue
        if form not in out:
            out.append(form)
    return tuple(out)


@functools.lru_cache(maxsize=50_000)
def han_romanisations(name: str) -> tuple[str, ...]:
    """Romanise a Chinese name in pinyin and Wade–Giles (``pypinyin``).

    The name is also romanised without its administrative suffix (市, 县, 省 …).

    Returns
    -------
    tuple of str
        Distinct Latin forms, syllables joined by spaces.
    """
    from pypinyin import Style, lazy_pinyin

    forms: list[str] = []
    for text in filter(None, (name, _strip_han_suffix(name))):
        for style in (Style.NORMAL, Style.WADEGILES):
            form = " ".join(lazy_pinyin(text, style=style, errors="ignore"))
            if form and form not in forms:
                forms.append(form)
    return tuple(forms)


def index_keys(name: str, *, romanise: bool = True) -> set[str]:
    """Return every key under which a gazetteer name is stored.

    Parameters
    ----------
    name : str
        A preferred or alternate name.
    romanise : bool, keyword-only
        Also store loose keys of the pinyin / Wade–Giles forms of Chinese names.

    Returns
    -------
    set of str
        Prefixed keys (``=fold``, ``~loose``, ``^stem``).
    """
    keys: set[str] = set()
    f = fold(name)
    if not f:
        return keys
    keys.add("=" + f)
    lo = loose(f)
    if len(lo) >= 3:
        keys.add("~" + lo)
        st = stem(lo)
        if st:
            keys.add("^" + st)
    elif has_han(f):
        bare = _strip_han_suffix(f)
        if bare:
            keys.add("^" + bare)
        if romanise:
            for form in han_romanisations(f):
                lf = loose(fold(form))
                if len(lf) >= 3:
                    keys.add("~" + lf)
    return keys


def query_keys(name: str) -> dict[str, float]:
    """Return the keys to look up for a query, each with a match quality.

    Parameters
    ----------
    name : str
        The query name (any script).

    Returns
    -------
    dict
        Prefixed key → match quality in 0..1 (1.0 exact fold, 0.9 loose or
        transliterated, 0.85 stem).
    """
    out: dict[str, float] = {}

    def add(key: str, quality: float) -> None:
        if key and quality > out.get(key, 0.0):
            out[key] = quality

    f = fold(name)
    if not f:
        return out
    add("=" + f, 1.0)
    joined = pinyin_joined(f)
    if joined:
        # "Tong jiang", "Tong-jiang": pinyin syllables written apart
        add("=" + joined, 0.99)
    if "." in name and len(f) <= 8:
        add("." + f, 1.0)  # an abbreviation: "Ky.", "W. Va.", "B.C."
    stripped = name.strip()
    if 2 <= len(stripped) <= 3 and stripped.isalpha() and stripped.isupper():
        add("@" + f, 1.0)  # a code: "US", "UK", "RUS"
    elif _DOTTED_CODE_RE.match(stripped):
        add("@" + stripped.replace(".", "").lower(), 1.0)  # a dotted code: "U.S.", "U.K."
    lo = loose(f)
    if len(lo) >= 3:
        add("~" + lo, 0.9)
        if stem(lo):
            add("^" + stem(lo), 0.85)
        # the query itself may be a stem form ("Nizhneleninsk")
        if lo.endswith("sk"):
            add("^" + lo, 0.85)
    forms: Iterable[str] = ()
    if has_cyrillic(f):
        forms = cyrillic_romanisations(f)
    elif has_han(f):
        bare = _strip_han_suffix(f)
        if bare:
            add("=" + bare, 0.95)
            add("^" + bare, 0.95)
        add("^" + f, 0.95)
        forms = han_romanisations(f)
    for form in forms:
        lf = loose(fold(form))
        if len(lf) >= 3:
            add("~" + lf, 0.88)
            st = stem(lf)
            if st:
                add("^" + st, 0.85)
    return out


def slug(text: str) -> str:
    """An ASCII slug of ``text`` for ids: Cyrillic by BGN/PCGN, Chinese by pinyin.

    ``"Сила Сибири"`` → ``"sila-sibiri"``, ``"Zürich"`` → ``"zurich"``,
    ``"P 1"`` → ``"p-1"``; ``""`` when nothing is left (the caller reports it).
    """
    if has_cyrillic(text):
        text = (cyrillic_romanisations(text) or (text,))[0]
    elif has_han(text):
        text = (han_romanisations(text) or (text,))[0]
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
