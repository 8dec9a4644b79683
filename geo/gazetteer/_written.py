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
    pattern = rf"(?<![\w-]){re.escape(name.strip())},\s+({_QUALIFIER})"
    quals = {m.group(1).rstrip() for m in re.finditer(pattern, text)}
    if len(quals) != 1:
        return found
    flt = qualifier_filter(store, quals.pop())
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
        Without the first-level divisions (ADM1) that hold a populated place of the
        candidates bearing the same name, when the text writes the name after one of
        :data:`URBAN_WORDS` and "in", "at", "of" or "near" in the same clause ("the
        GAZ plant in Nizhny Novgorod"), or before "'s port", "port" … ("Magadan
        port"); ``found`` itself otherwise.
    """
    towns = {p.admin1_code for p, _, _ in found.values() if p.fcode.startswith("PPL")}
    divisions = [
        k for k, (p, _, _) in found.items() if p.fcode == "ADM1" and p.admin1_code in towns
    ]
    if not divisions:
        return found
    n = re.escape(name.strip())
    before = rf"\b(?:{_URBAN})\b[^.;:!?]{{0,40}}?\b(?:in|at|of|near)\s+(?:the\s+city\s+of\s+)?{n}\b"
    after = rf"(?<![\w-]){n}(?:['’]s)?\s+(?i:{_URBAN})\b"
    if not re.search(before, text, re.IGNORECASE) and not re.search(after, text):
        return found
    return {k: v for k, v in found.items() if k not in divisions}
