"""The extractor: every finder run over one text, its findings tied to their sentences."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from geo.extract._found import (
    Extraction,
    FoundDate,
    FoundMoney,
    FoundPlace,
    FoundQuantity,
    Sentence,
)
from geo.extract._measures import find_dates, find_money, find_quantities, is_investment
from geo.extract._organisations import find_organisations
from geo.extract._places import demonyms, find_places
from geo.extract._text import split_sentences

__all__ = ["extract"]


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
    sentences = split_sentences(text)
    title = None
    if sentences and sentences[0].paragraph == 0:
        title = sentences[0].text
    sent_of = _sentence_finder(sentences)
    money = _money(text, sentences, sent_of)
    taken = [(m.start, m.end) for m in money]
    quantities = _quantities(text, sentences, sent_of, taken=taken)
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
                # every spelling geocode reads: "Pogranichny", "Primorsky Krai" (issue 17)
                lookup = functools.partial(gz.lookup_names, variants=True)
        found_places = _places(text, sent_of, geocoder=geocoder, lookup=lookup)
    orgs = find_organisations(text, sentences, demonyms())
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


def _sentence_finder(sentences: list[Sentence]) -> Callable[[int], int]:
    """``sent_of(pos)``: index of the sentence holding ``pos`` (or the last one before it)."""
    starts = [s.start for s in sentences]

    def sent_of(pos: int) -> int:
        k = bisect.bisect_right(starts, pos) - 1
        return sentences[k].index if k >= 0 else 0

    return sent_of


def _money(text: str, sentences: list[Sentence], sent_of: Callable[[int], int]) -> list[FoundMoney]:
    """Amounts of money, each marked as an investment when its sentence speaks of one."""
    return [
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
        for m in find_money(text)
    ]


def _quantities(
    text: str,
    sentences: list[Sentence],
    sent_of: Callable[[int], int],
    *,
    taken: list[tuple[int, int]],
) -> list[FoundQuantity]:
    """Quantities outside the ``taken`` spans (money), commodities sought in their sentence."""
    spans = [(s.start, s.end) for s in sentences]
    return [
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


def _places(
    text: str,
    sent_of: Callable[[int], int],
    *,
    geocoder: Callable[..., Any],
    lookup: Callable[..., dict[str, list[Any]]] | None,
) -> list[FoundPlace]:
    """The places :func:`geo.extract._places.find_places` finds, with their readings."""
    out = []
    for h in find_places(text, geocoder, lookup=lookup):
        r = h.result
        out.append(
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
    return out
