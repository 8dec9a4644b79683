"""Popup text of a feature: a label per field and its value in words, with units and currency.

Fields whose name carries a unit (``_km``, ``_usd``, ``_m``) are written with it;
``investment_usd`` names the ECB rate it was converted at.  Only http(s) source
links become links; every string reaches the page as text, never as HTML.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from geo._symbology import fmt_number as _fmt_number
from geo._symbology import is_missing as _missing

#: Field labels in popups; unlisted fields use their name.
_LABELS: dict[str, str] = {
    "type": "Type",
    "mode": "Mode",
    "status": "Status",
    "countries": "Countries",
    "parties": "Parties",
    "role": "Role in the story",
    "investment_usd": "Investment (USD)",
    "investment_amount": "Investment (as reported)",
    "length_km": "Length",
    "precision": "Location precision (IATI)",
    "uncertainty_km": "Uncertainty radius",
    "route_accuracy": "Route accuracy (GEM)",
    "geometry_source": "Line drawn from",
    "gem_ids": "GEM route ids",
    "geometry_warnings": "Geometry warnings",
    "attribution": "Route attribution",
    "feature_code": "GeoNames feature code",
    "gazetteer_id": "Gazetteer id",
    "date_announced": "Announced",
    "date_opening": "Opening",
    "date_signed": "Signed",
    "date_construction_start": "Construction start",
    "summary": "Summary",
    "sources": "Sources",
}
_HIDDEN = {
    "id",
    "name",
    "source_urls",
    "investment_currency",
    "investment_usd_rate",
    "investment_usd_rate_date",
    "investment_date",
    "investment_stated_usd",
    "location_method",
    "length_geodesic_km",
    "gazetteer_source",
    "gazetteer_name",
    "score",
    "admin1",
    "country_code",
}
_PRECISION_WORDS = {
    1: "1 exact",
    2: "2 near (within about 25 km)",
    3: "3 second-level division",
    4: "4 first-level division",
    5: "5 estimated region",
    6: "6 country",
    7: "7 ocean or sea",
    8: "8 region beyond a country",
}


# geo.units.SUFFIX_LABELS and more (MW, vehicles); spelled out here so that maps does
# not import pint (a test keeps the two in step)
_SUFFIX_UNITS = {
    "t_per_yr": "t/yr",
    "t": "t",
    "m3_per_yr": "m³/yr",
    "m3": "m³",
    "teu_per_yr": "TEU/yr",
    "teu": "TEU",
    "boe_per_d": "boe/d",
    "boe": "boe",
    "m2": "m²",
    "m": "m",
    "w": "W",
    "v": "V",
    "mw": "MW",
    "b_per_d": "bbl/d",
    "vehicles_per_yr": "vehicles/yr",
    "passengers_per_yr": "passengers/yr",
}


def _capacity_label(field: str) -> tuple[str, str]:
    body = field[len("capacity_") :]
    for suffix in sorted(_SUFFIX_UNITS, key=len, reverse=True):
        if body.endswith("_" + suffix):
            commodity = body[: -len(suffix) - 1].replace("_", " ")
            return f"Capacity: {commodity}", _SUFFIX_UNITS[suffix]
    return f"Capacity: {body.replace('_', ' ')}", ""


def _plain(value: Any) -> Any:
    """numpy scalars → Python; timestamps → ISO dates (times only when not midnight)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp | datetime.datetime):
        if pd.isna(value):
            return None
        t = value.time()
        return value.date().isoformat() if t == datetime.time(0) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _label(field: str) -> str | None:
    """Popup label of ``field``, or ``None`` when the field is not shown."""
    if field in _HIDDEN or field.startswith("_"):
        return None
    if field.startswith("date_") and field.endswith("_precision"):
        return None  # said by the date itself: "2019", "2019-12" or "2019-12-02"
    if field == "capacity_conflict":
        return "Sources disagree"
    if field.startswith("capacity_"):
        return _capacity_label(field)[0]
    if field.startswith("name_") and len(field) <= 8:
        return f"Name ({field[5:]})"
    return _LABELS.get(field, field.replace("_", " ").capitalize())


def _cell(field: str, value: Any, props: Mapping[str, Any]) -> str | None:
    """Popup text of one attribute: numbers with their units and currency."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, Mapping | list | tuple):
        # Nested GeoJSON properties: compact JSON text, not Python's repr.
        if not value:
            return None
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    if _missing(value):
        return None
    if field.startswith("date_") and not field.endswith("_precision"):
        return _partial_date(value, props.get(field + "_precision"))
    if isinstance(value, float | np.floating) and math.isinf(value):
        return "infinite (not a valid number in the source)"
    if field == "investment_usd":
        rate_date = props.get("investment_usd_rate_date")
        return f"US$ {_fmt_number(value)}" + (f" (ECB rate of {rate_date})" if rate_date else "")
    if field == "investment_amount":
        cur = props.get("investment_currency") or ""
        date = props.get("investment_date")
        return f"{cur} {_fmt_number(value)}".strip() + (f", as of {date}" if date else "")
    if field == "capacity_conflict":
        return "yes: the sources give different figures" if value else None
    if field.startswith("capacity_"):
        return f"{_fmt_number(value)} {_capacity_label(field)[1]}".strip()
    if isinstance(value, int | float | np.number) and not isinstance(value, bool | np.bool_):
        # Units in field names (our convention): say them in the popup.
        if field.endswith("_km") or field.startswith("km_"):
            return f"{_fmt_number(value)} km"
        if field.endswith("_usd"):
            return f"US$ {_fmt_number(value)}"
        if field.endswith("_m"):
            return f"{_fmt_number(value)} m"
    if field == "precision" and isinstance(value, int | np.integer | float):
        return _PRECISION_WORDS.get(int(value), str(value))
    if field in ("type", "mode", "status") and isinstance(value, str):
        return value.replace("_", " ")
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, float | np.floating):
        return _fmt_number(float(value))
    if isinstance(value, np.integer):
        return f"{int(value):,}" if abs(int(value)) >= 10_000 else str(int(value))
    if isinstance(value, int) and abs(value) >= 10_000:
        return f"{value:,}"
    return str(value)


def _partial_date(value: Any, precision: Any) -> str:
    """A date as precise as it is known: ``2019``, ``2019-12`` or ``2019-12-02``."""
    text = str(_plain(value))
    if precision == "year":
        return text[:4]
    if precision == "month":
        return text[:7]
    return text


def _safe_links(urls: Any) -> list[list[Any]] | None:
    """``[text, href or null]`` pairs; only http(s) targets become links.

    A ``javascript:`` or ``data:`` URL in a source stays visible as text but is never
    a link the reader could click.
    """
    out = []
    for url in url_items(urls):
        url = url.strip()
        if not url:
            continue
        # Whitespace is no part of a URL: such a value is shown, never a link.
        ok = url.lower().startswith(("http://", "https://")) and not re.search(r"\s", url)
        out.append([url, url if ok else None])
    return out or None


def url_items(urls: Any) -> list[str]:
    """The URLs of a ``source_urls`` value: a list (GeoJSON), a JSON array string
    (GeoPackage, layers in memory) or, in older files, one text taken whole.

    Never split on a separator: a URL holding ``"; "`` must not become two links.
    """
    if isinstance(urls, list | tuple | np.ndarray):
        return [str(u) for u in urls if not _missing(u)]
    if _missing(urls):
        return []
    text = str(urls)
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except ValueError:
            items = None
        if isinstance(items, list):
            return [str(u) for u in items if u is not None]
    return [text]
