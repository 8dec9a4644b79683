"""What :func:`geo.extract.extract` finds: spans into the text and the result holding them.

Every item carries its character span ``[start, end)`` into the report (Python string
indices, code points) and the index of the sentence it stands in; positions are WGS 84
(EPSG:4326) degrees as ``lat`` / ``lon``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "Extraction",
    "FoundDate",
    "FoundMoney",
    "FoundOrganisation",
    "FoundPlace",
    "FoundQuantity",
    "Sentence",
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
