"""From report text to draft records: places, money, quantities, dates, organisations.

:func:`extract` finds, each with its character span ``[start, end)`` into the text
and the sentence it stands in:

- **places**, matched against the gazetteer (:func:`geo.gazetteer.geocode`) with the
  whole text as context: multi-word and dash-joined names, regions ("the Russian Far
  East"), country demonyms, and "A-B railway bridge" features;
- **money**: amount and ISO 4217 currency; a stated conversion ("5 billion yuan
  ($685 million)") links the two amounts;
- **quantities**: value, unit, commodity, period, and the value in the project base
  unit (t, t/yr, m, m³/yr, TEU/yr …) via :func:`geo.units.normalise_quantity`;
- **dates** (ISO, with their precision) and **organisations** named around
  "signed" / "agreement" phrases.

:func:`draft_records` groups the findings into one draft record per infrastructure
object the text names, and :func:`draft_yaml` writes them as YAML for review.
Each draft carries a ``review`` list naming its uncertain fields: ``geo validate``
rejects that key, so a draft passes only once an analyst has checked the fields and
deleted the list.

Positions are WGS 84 (EPSG:4326) degrees as ``lat`` / ``lon``; offsets are Python
string indices (code points).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from geo._extract_measures import find_dates, find_money, find_quantities, is_investment
from geo.errors import GeoError

__all__ = [
    "Extraction",
    "FoundDate",
    "FoundMoney",
    "FoundOrganisation",
    "FoundPlace",
    "FoundQuantity",
    "Sentence",
    "draft_records",
    "draft_yaml",
    "extract",
    "read_report",
]


@dataclass(frozen=True)
class Sentence:
    """A sentence: span ``[start, end)``, its text and paragraph (1-based, title = 0)."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    text: str
    sentence: int


@dataclass(frozen=True)
class FoundPlace(_Found):
    """A place mention and its gazetteer reading (``lat``/``lon`` EPSG:4326 degrees).

    ``kind`` is ``"name"``, ``"demonym"`` ("Russian" → Russia) or ``"feature"`` (an
    "A-B bridge" resolved as one feature).  ``precision`` is the IATI code (1 exact
    … 6 country, 8 multi-country).
    """

    kind: str = "name"
    resolved: bool = False
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    feature_code: str | None = None
    precision: int | None = None
    uncertainty_km: float | None = None
    gazetteer_id: str | None = None
    score: float = 0.0
    match: str | None = None


@dataclass(frozen=True)
class FoundMoney(_Found):
    """An amount of money in ``currency`` units (magnitude applied: 5e9, not 5).

    ``equivalent`` / ``equivalent_of`` index the linked amount in
    :attr:`Extraction.money` when the text states a conversion.
    """

    amount: float = 0.0
    currency: str = ""
    currency_known: bool = True
    investment: bool = False
    equivalent: int | None = None
    equivalent_of: int | None = None


@dataclass(frozen=True)
class FoundQuantity(_Found):
    """A quantity: ``value`` in ``unit`` as written, and ``value_base`` in ``unit_base``.

    ``value_base`` is None when the unit has no project base unit.
    """

    value: float = 0.0
    unit: str = ""
    kind: str = ""
    period: str | None = None
    commodity: str | None = None
    value_base: float | None = None
    unit_base: str | None = None


@dataclass(frozen=True)
class FoundDate(_Found):
    """A date as ISO ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` with its precision."""

    value: str = ""
    precision: str = "year"
    year_inferred: bool = False


@dataclass(frozen=True)
class FoundOrganisation(_Found):
    """An organisation named in a signing or agreement sentence."""

    name: str = ""
    country_code: str | None = None
    role: str = "party"


@dataclass
class Extraction:
    """Everything :func:`extract` found in one text (lists in text order)."""

    text: str
    sentences: list[Sentence]
    places: list[FoundPlace] = field(default_factory=list)
    money: list[FoundMoney] = field(default_factory=list)
    quantities: list[FoundQuantity] = field(default_factory=list)
    dates: list[FoundDate] = field(default_factory=list)
    organisations: list[FoundOrganisation] = field(default_factory=list)
    title: str | None = None

    def sentence_of(self, item: _Found) -> Sentence:
        """The sentence an item stands in."""
        return self.sentences[item.sentence]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; every item carries its span, text and sentence text."""

        def rows(items: list[_Found]) -> list[dict[str, Any]]:
            out = []
            for it in items:
                d = asdict(it)
                d["span"] = [it.start, it.end]
                d["sentence_text"] = self.sentences[it.sentence].text
                d["paragraph"] = self.sentences[it.sentence].paragraph
                out.append(d)
            return out

        return {
            "title": self.title,
            "n_chars": len(self.text),
            "places": rows(self.places),
            "money": rows(self.money),
            "quantities": rows(self.quantities),
            "dates": rows(self.dates),
            "organisations": rows(self.organisations),
            "sentences": [asdict(s) for s in self.sentences],
        }


# --------------------------------------------------------------------------- sentences

_ABBREV = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "mt",
        "gen",
        "col",
        "lt",
        "sgt",
        "gov",
        "sen",
        "rep",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "vs",
        "etc",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "ky",
        "va",
        "ga",
        "fla",
        "calif",
    ]
)
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9А-ЯЁ])")


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences and paragraphs (blank-line or newline separated).

    The first paragraph counts as a title (paragraph 0) when it is one short line
    and more paragraphs follow; body paragraphs are numbered from 1, as record
    source references (``"seed#p6"``) count them.
    """
    paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    title_first = (
        len(paras) > 1
        and paras[0][1] - paras[0][0] <= 160
        and not text[paras[0][0] : paras[0][1]].rstrip().endswith((".", "!", "?", "”", '"'))
    )
    out: list[Sentence] = []
    for pno, (ps, pe) in enumerate(paras):
        number = pno if title_first else pno + 1
        cuts = [ps]
        if not (title_first and pno == 0):
            for m in _BOUNDARY_RE.finditer(text, ps, pe):
                prev = re.search(r"([\w.]+)[.]\W*$", text[max(ps, m.start() - 12) : m.start() + 1])
                word = prev.group(1).lower().rstrip(".") if prev else ""
                if word in _ABBREV or re.fullmatch(r"[a-z]", word):
                    continue
                cuts.append(m.end())
        cuts.append(pe)
        for a, b in itertools.pairwise(cuts):
            seg = text[a:b]
            stripped = seg.rstrip()
            if stripped.strip():
                lead = len(seg) - len(seg.lstrip())
                out.append(
                    Sentence(len(out), a + lead, a + len(stripped), stripped.strip(), number)
                )
    return out


# --------------------------------------------------------------------------- organisations

_ORG_SENT_RE = re.compile(r"\b(?:signed|sign|agreement|memorandum|contract|deal)\b", re.I)


def _organisations(text: str, sentences: list[Sentence], dems: dict) -> list[FoundOrganisation]:
    out: list[FoundOrganisation] = []
    for s in sentences:
        if not _ORG_SENT_RE.search(s.text):
            continue
        for m in re.finditer(
            r"(?:the\s+)?(?P<dem>[A-Z][a-z]+)\s+(?:group|company|firm|corporation|operator|"
            r"developer|bank|holding|carrier)\s+(?P<name>[A-Z][^,;]*?)"
            r"(?=\s+(?:and\s+the\s|and\s+(?=[a-z])|signed|agreed|will|have|has|,|;|\.))",
            text[s.start : s.end],
        ):
            name = m.group("name").strip()
            cc = dems.get(m.group("dem"), (None, None))[1]
            a = s.start + m.start("name")
            out.append(
                FoundOrganisation(a, a + len(name), name, s.index, name=name, country_code=cc)
            )
        # named organisations without a "company"/"group" lead: by their suffix
        for m in re.finditer(
            r"(?<![\w’'])(?:[A-Z][\w’'&.-]*\s+(?:(?:and|of|&)\s+)?){1,6}?"
            r"(?:Company|Corporation|Group|Holdings?|Bank|Railways|Industries|Fund|Authority)\b",
            text[s.start : s.end],
        ):
            a, b = s.start + m.start(), s.start + m.end()
            if any(o.start <= a < o.end or a <= o.start < b for o in out):
                continue
            name = text[a:b]
            out.append(FoundOrganisation(a, b, name, s.index, name=name))
    return sorted(out, key=lambda o: o.start)


# --------------------------------------------------------------------------- extract


def read_report(path: str | Path) -> str:
    """Read a UTF-8 report text file (BOM and CRLF tolerated).

    Raises
    ------
    GeoError
        When the file cannot be read or is not UTF-8 (naming the file and the fix).
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise GeoError(f"cannot read {p}: {exc.strerror}; give a readable .txt file") from exc
    try:
        return raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise GeoError(
            f"{p} is not UTF-8 (byte {raw[exc.start]:#04x} at offset {exc.start}): "
            "save it as UTF-8 text"
        ) from None


def extract(
    text: str,
    *,
    geocoder: Callable[..., Any] | None = None,
    places: bool = True,
    reference_date: dt.date | None = None,
    lookup: Callable[..., dict[str, list[Any]]] | None = None,
) -> Extraction:
    """Find places, money, quantities, dates and organisations in a report.

    Parameters
    ----------
    text : str
        The report, title first when it has one.
    geocoder : callable, optional, keyword-only
        ``geocoder(name, context=...)`` returning a result with
        :func:`geo.gazetteer.geocode`'s attributes; default the shared gazetteer.
    places : bool, keyword-only
        Look for places (needs the gazetteer index; default ``True``).
    reference_date : datetime.date, optional, keyword-only
        The report's date: its year completes dates written without one
        ("September 19"); default the latest year the text writes.
    lookup : callable, optional, keyword-only
        ``lookup(phrases) -> {phrase: candidates}``, the batched name test of
        :func:`geo.gazetteer.lookup_names`: only phrases it knows are geocoded
        (one-word phrases it does not know are still tried, for transliterated
        spellings).  Default :func:`geo.gazetteer.lookup_names` when ``geocoder``
        is the shared gazetteer's, else none (every phrase is geocoded).

    Returns
    -------
    Extraction
        Every item with span ``[start, end)`` into ``text`` and its sentence index.

    Raises
    ------
    GazetteerError
        When ``places`` is true and the gazetteer index cannot be built.
    """
    from geo._extract_places import demonyms, find_places

    sentences = split_sentences(text)
    title = None
    if sentences and sentences[0].paragraph == 0:
        title = sentences[0].text

    starts = [s.start for s in sentences]

    def sent_of(pos: int) -> int:
        """Index of the sentence holding ``pos`` (or the last one starting before it)."""
        k = bisect.bisect_right(starts, pos) - 1
        return sentences[k].index if k >= 0 else 0

    spans = [(s.start, s.end) for s in sentences]
    money_raw = find_money(text)
    money = [
        FoundMoney(
            m["start"],
            m["end"],
            m["text"],
            (si := sent_of(m["start"])),
            amount=m["amount"],
            currency=m["currency"],
            currency_known=m["currency_known"],
            investment=is_investment(sentences[si].text) if sentences else False,
            equivalent=m["equivalent"],
            equivalent_of=m["equivalent_of"],
        )
        for m in money_raw
    ]
    taken = [(m.start, m.end) for m in money]
    quantities = [
        FoundQuantity(
            q["start"],
            q["end"],
            q["text"],
            sent_of(q["start"]),
            value=q["value"],
            unit=q["unit"],
            kind=q["kind"],
            period=q["period"],
            commodity=q["commodity"],
            value_base=q["value_base"],
            unit_base=q["unit_base"],
        )
        for q in find_quantities(text, exclude=taken, sentences=spans)
    ]
    taken += [(q.start, q.end) for q in quantities]
    ref_year = reference_date.year if reference_date else None
    dates = [
        FoundDate(
            d["start"],
            d["end"],
            d["text"],
            sent_of(d["start"]),
            value=d["value"],
            precision=d["precision"],
            year_inferred=d["year_inferred"],
        )
        for d in find_dates(text, reference_year=ref_year)
        if not any(a < d["end"] and d["start"] < b for a, b in taken)
    ]
    found_places: list[FoundPlace] = []
    if places:
        if geocoder is None or lookup is None:
            import geo.gazetteer as gz

            if geocoder is None:
                geocoder = gz.geocode
            if lookup is None and geocoder is gz.geocode:
                lookup = gz.lookup_names
        for h in find_places(text, geocoder, lookup=lookup):
            r = h.result
            found_places.append(
                FoundPlace(
                    h.start,
                    h.end,
                    h.text,
                    sent_of(h.start),
                    kind=h.kind,
                    resolved=bool(r.resolved),
                    name=r.name,
                    lat=r.lat,
                    lon=r.lon,
                    country_code=r.country_code,
                    feature_code=r.feature_code,
                    precision=r.precision,
                    uncertainty_km=r.uncertainty_km,
                    gazetteer_id=r.id,
                    score=round(float(r.score or 0.0), 4),
                    match=r.match,
                )
            )
    orgs = _organisations(text, sentences, demonyms())
    return Extraction(
        text=text,
        sentences=sentences,
        places=found_places,
        money=money,
        quantities=quantities,
        dates=dates,
        organisations=orgs,
        title=title,
    )


from geo._extract_draft import draft_records, draft_yaml  # noqa: E402
