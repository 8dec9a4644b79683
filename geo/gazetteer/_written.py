"""Evidence written beside a name in running text: its qualifier, its urban frame.

Two readings that other geocoders got wrong (issue 17):

* a state or province written after a comma qualifies the name — "Arlington, VA",
  "Wilmington, DE" (cliff-annotator #32): :func:`qualified_in_text`;
* a city beats the division of the same name that holds it when the text speaks of
  a port, plant, station or assembly in it — "the port of Magadan", "the UN General
  Assembly in New York" (cliff-annotator #13): :func:`urban_in_text`.

Both narrow the candidates ``found`` of one name and never widen them; when the
text says nothing they return ``found`` unchanged.
"""

from __future__ import annotations

import re

from geo.gazetteer._filter import qualifier_filter
from geo.gazetteer._normalise import query_keys
from geo.gazetteer._store import Found, Store

__all__ = ["URBAN_WORDS", "qualified_in_text", "urban_in_text"]

# A qualifier after a comma: a postal code ("VA"), a news abbreviation ("Va.",
# "N.Y."), or one or two capitalised words ("Virginia", "New York").
_QUALIFIER = (
    r"(?:[A-Z]{2}\b|[A-Z][a-z]{0,3}\.(?:\s?[A-Z][a-z]?\.)?|[A-Z]\.[A-Z]\."
    r"|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)"
)

#: Things that stand in a city rather than across a province: a text about one of
#: them "in X", "at X", "of X" (or "X's port") speaks of the city X.
URBAN_WORDS = frozenset(
    {
        "port", "seaport", "harbour", "harbor", "terminal", "plant", "factory",
        "refinery", "shipyard", "mill", "works", "station", "depot", "airport",
        "assembly", "summit", "forum", "headquarters", "office", "offices", "embassy",
        "consulate", "mayor", "city", "downtown", "stadium", "university", "hospital",
        "exchange", "court", "museum", "hotel",
    }
)  # fmt: skip
_URBAN = "|".join(sorted(URBAN_WORDS))
# compiled once: the name is found with str.find, these read the text around it
_QUALIFIER_RE = re.compile(rf",\s+({_QUALIFIER})")
# "of" only after words that name the city itself: "the University of Oklahoma"
# is the state's, "the port of Magadan" the city's
_URBAN_BEFORE_RE = re.compile(
    rf"(?:\b(?:{_URBAN})\b[^.;:!?]{{0,40}}?\b(?:in|at|near)"
    r"|\b(?:port|seaport|harbour|harbor|city|mayor|downtown)\s+of)"
    r"\s+(?:the\s+city\s+of\s+)?$",
    re.IGNORECASE,
)
_URBAN_AFTER_RE = re.compile(rf"(?:['’]s)?\s+(?i:{_URBAN})\b")


def _mentions(name: str, text: str) -> list[int]:
    """Start offsets of ``name`` in ``text`` as a whole word (not inside another)."""
    out, n, i = [], len(name), text.find(name)
    while i >= 0:
        before = text[i - 1 : i] if i else ""
        after = text[i + n : i + n + 1]
        if not (before.isalnum() or before == "-") and not after.isalnum():
            out.append(i)
        i = text.find(name, i + 1)
    return out


def qualified_in_text(store: Store, name: str, text: str, found: Found) -> Found:
    """The candidates that lie where the text's "NAME, QUALIFIER" says.

    Parameters
    ----------
    store : Store
        Index to read the qualifier in (a state, province or country name or code).
    name : str
        The name as queried ("Arlington").
    text : str
        Running text holding it ("… moved to Arlington, VA, in 2019 …").
    found : Found
        The name's candidates.

    Returns
    -------
    Found
        The candidates inside the one place every "NAME, QUALIFIER" of the text
        names; ``found`` itself when the text writes no known qualifier, two
        different ones, or one that no candidate lies in.
    """
    if len(found) < 2 or not name.strip() or name.strip() + "," not in text:
        return found  # the cheap test first: most names have no comma after them
    if any(p.fcode == "PCLI" for p, _, _ in found.values()):
        return found  # "Russia, U.S. and China": a country before a comma starts a list
    name = name.strip()
    quals = {
        m.group(1).rstrip()
        for i in _mentions(name, text)
        if (m := _QUALIFIER_RE.match(text, i + len(name))) is not None
    }
    if len(quals) != 1:
        return found
    qual = quals.pop()
    # only a state, province or country qualifies ("Arlington, VA"); a county or
    # town after a comma is the next item of a list ("Becker, Clay and Norman")
    exact = {k: v for k, v in query_keys(qual).items() if k[0] in "=.@" and v >= 0.95}
    if not any(p.fcode in ("ADM1", "PCLI") for p, _, _ in store.lookup(exact).values()):
        return found
    flt = qualifier_filter(store, qual)
    if flt is None:
        return found
    kept = {k: v for k, v in found.items() if flt.passes(v[0])}
    return kept or found


def urban_in_text(name: str, text: str, found: Found) -> Found:
    """Drop a division when its same-named city is meant ("the port of Magadan").

    Parameters
    ----------
    name : str
        The name as queried ("Magadan", "New York").
    text : str
        Running text holding it.
    found : Found
        The name's candidates.

    Returns
    -------
    Found
        Without the divisions (ADM1, ADM2) that hold a populated place of the
        candidates bearing the same name, when the text writes the name after one of
        :data:`URBAN_WORDS` and "in", "at" or "near" in the same clause ("the GAZ
        plant in Nizhny Novgorod"), after "port of", "city of", "mayor of", or
        before "'s port", "port" … ("Magadan port"); ``found`` itself otherwise.
    """
    if len(found) < 2:
        return found  # one reading: nothing to choose between
    towns = {p.admin1_code for p, _, _ in found.values() if p.fcode.startswith("PPL")}
    divisions = [
        k
        for k, (p, _, _) in found.items()
        if p.fcode in ("ADM1", "ADM2") and p.admin1_code in towns
    ]
    if not divisions:
        return found
    name = name.strip()
    for i in _mentions(name, text):
        if _URBAN_BEFORE_RE.search(text[max(0, i - 80) : i]) or _URBAN_AFTER_RE.match(
            text, i + len(name)
        ):
            return {k: v for k, v in found.items() if k not in divisions}
    return found
