"""Natural features and macro-regions as gazetteer entries, and the extents of areas.

Reads :func:`geo.reference.load_features` (Natural Earth rivers, lakes, seas, gulfs,
bays, straits, mountain ranges, plateaus, plains, deserts, peninsulas, island groups
and geo-areas, plus the curated macro-regions and unions of
:data:`geo.reference.MACRO_REGIONS`) at index build time.  Each becomes an
:class:`Entry` with its GeoNames feature code, IATI precision (5; 6 for a union of
states), its representative point (see :mod:`geo.reference._features`: Natural Earth's
label point, as no packaged GeoNames extract has these features) and its extent as
``extra["bbox"]``.  Countries, first-level divisions and continents of the other
sources get their extent from Natural Earth too (:func:`add_extents`); first-level
divisions also Natural Earth's Russian and Chinese names.

Extents are ``(min_lon, min_lat, max_lon, max_lat)`` degrees, EPSG:4326; an area that
straddles ±180° (Chukotka, the Russian Far East) has ``min_lon > max_lon``, as RFC 7946
writes such a box.  Only boxes go into the index; shapes stay in :mod:`geo.reference`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from geo.gazetteer._model import Entry, precision_for

__all__ = [
    "LAND_CODES",
    "NATURAL_CODES",
    "WATER_CODES",
    "add_extents",
    "bbox_of",
    "feature_entries",
    "feature_importance",
    "water_cue",
    "water_readings",
]

#: Feature codes of water: a name read beside "river", "bridge", "port" … prefers them.
WATER_CODES = frozenset(
    {"STM", "LK", "SEA", "GULF", "BAY", "STRT", "SD", "CHN", "LGN", "FJD", "OCN", "INLT"}
)
#: Feature codes of the landforms of geo.reference (ranges, plateaus, peninsulas …).
LAND_CODES = frozenset({"MTS", "PLAT", "PLN", "DSRT", "PEN", "ISLS", "BSNU", "VAL", "ISTH"})
#: Every natural feature class of geo.reference: water and landforms.
NATURAL_CODES = WATER_CODES | LAND_CODES


def bbox_of(geom) -> tuple[float, float, float, float] | None:
    """The lon/lat box of a geometry, across ±180° when that box is narrower.

    Returns
    -------
    (min_lon, min_lat, max_lon, max_lat) or None
        Degrees, rounded to 4 decimals; ``min_lon > max_lon`` when the box crosses
        the antimeridian; ``None`` for an empty geometry.
    """
    import shapely

    if geom is None or geom.is_empty:
        return None
    x0, y0, x1, y1 = geom.bounds
    if x1 - x0 > 180.0:
        parts = shapely.get_parts(geom)
        bounds = shapely.bounds(parts)
        west = bounds[bounds[:, 0] < 0]
        east = bounds[bounds[:, 0] >= 0]
        if len(west) and len(east):
            # the western-hemisphere parts shifted by 360°: a box across ±180°
            wx1 = float(west[:, 2].max())
            ex0 = float(east[:, 0].min())
            if (wx1 + 360.0) - ex0 < x1 - x0:
                x0, x1 = ex0, wx1
    return (round(x0, 4), round(y0, 4), round(x1, 4), round(y1, 4))


def feature_importance(feature_code: str, scalerank: float) -> float:
    """Prior importance (0..1) of a feature: a curated macro-region or union as a
    continent (0.9); a Natural Earth feature by its ``scalerank`` (0 the most
    prominent): 0.70 down to 0.42 — a town of about 2,000 — from rank 10, below a
    province of a million (0.77), so "Amur" and "Crimea" alone stay the oblast and
    the republic, and "Red" or "Long" alone stays a town."""
    if feature_code in {"RGN", "ZN"} and scalerank <= 0:
        return 0.9
    return max(0.42, min(0.70, 0.70 - 0.03 * scalerank))


def feature_entries() -> Iterator[Entry]:
    """Entries of the shipped feature table (not its continents: see :func:`add_extents`).

    Yields
    ------
    Entry
        ``id`` the feature's id (``ne:stm-amur``, ``region:russian-far-east``),
        ``source`` ``"naturalearth"`` or ``"curated-regions"``, ``precision`` 5 (6
        for a union), ``extra`` with ``bbox`` and ``importance``.
    """
    from geo.reference import load_features

    feats = load_features()
    for row, geom in zip(feats.itertuples(index=False), feats.geometry.values, strict=True):
        if row.feature_code == "CONT":
            continue
        box = bbox_of(geom)
        if box is None:
            continue
        lat, lon = float(row.label_lat), float(row.label_lon)
        yield Entry(
            id=row.fid,
            name=row.name,
            names=json.loads(row.names),
            lat=lat,
            lon=lon,
            country_code=row.country if isinstance(row.country, str) else None,
            feature_code=row.feature_code,
            source="curated-regions" if row.source == "curated-regions" else "naturalearth",
            precision=precision_for(row.feature_code),  # 6 for a union (ZN), else 5
            uncertainty_km=float(row.radius_km),
            extra={
                "bbox": box,
                "importance": feature_importance(row.feature_code, float(row.scalerank)),
            },
        )


def _int_or_none(value: object) -> int | None:
    try:
        out = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):  # None, pandas NA, NaN
        return None
    return out if out > 0 else None


class _Extents:
    """The Natural Earth boxes of countries (by ISO alpha-2), divisions (by ISO
    3166-2 and GeoNames id) and continents (by folded name), read once."""

    def __init__(self) -> None:
        from geo.reference import load_features, load_layer

        a0 = load_layer("admin0", detail="overview")
        self.country: dict[str, tuple] = {}
        for iso, geom in zip(a0["iso_a2"], a0.geometry.values, strict=True):
            self.country.setdefault(iso, []).append(geom)
        import shapely

        self.country = {k: bbox_of(shapely.union_all(v)) for k, v in self.country.items()}
        a1 = load_layer("admin1", detail="overview")
        self.division: dict[str, tuple[tuple, list[str]]] = {}
        for rec, geom in zip(a1.itertuples(index=False), a1.geometry.values, strict=True):
            names = [n for n in (rec.name_en, rec.name_ru, rec.name_zh) if isinstance(n, str)]
            value = (bbox_of(geom), names)
            if isinstance(rec.iso_3166_2, str) and not rec.iso_3166_2.endswith("~"):
                self.division[rec.iso_3166_2] = value
            gn_id = _int_or_none(rec.gn_id)
            if gn_id is not None:
                self.division[f"geonames:{gn_id}"] = value
        feats = load_features()
        conts = feats[feats["feature_code"] == "CONT"]
        self.continent = {
            n.casefold(): bbox_of(g)
            for n, g in zip(conts["name"], conts.geometry.values, strict=True)
        }


def add_extents(entries: Iterable[Entry]) -> Iterator[Entry]:
    """Give countries, first-level divisions and continents their Natural Earth extent
    (``extra["bbox"]``); divisions also Natural Earth's English, Russian and Chinese
    names (by ISO 3166-2 code, else by GeoNames id). Other entries pass unchanged."""
    ext: _Extents | None = None
    for entry in entries:
        code = entry.feature_code
        if code in {"PCLI", "ADM1", "CONT"}:
            ext = ext or _Extents()
            box = None
            if code == "PCLI" and entry.country_code:
                box = ext.country.get(entry.country_code)
            elif code == "CONT":
                box = ext.continent.get(entry.name.casefold())
            else:
                iso = (entry.extra or {}).get("iso3166_2")
                hit = ext.division.get(iso) if isinstance(iso, str) else None
                hit = hit or ext.division.get(entry.id)
                if hit is not None:
                    box = hit[0]
                    entry.names = [*entry.names, *(n for n in hit[1] if n not in entry.names)]
            if box is not None:
                entry.extra = {**(entry.extra or {}), "bbox": box}
        yield entry


#: Words that, written next to a name, say it is the water: "the Amur bridge", "a port
#: on the Sea of Japan", "мост через Амур", "黑龙江大桥".
_WATER_AFTER_RE = re.compile(
    # not "port" or "crossing": "the Heilongjiang border crossing" is the province
    r"(?:['’]s)?\s+(?:river|bridges?|shores?|banks?|basin|estuary|delta|waters|"
    r"embankment|ferry|tributary)\b"
    r"|(?:大桥|江桥|铁路桥|公路桥|沿岸|流域|江畔|水域|两岸)",
    re.IGNORECASE,
)
_WATER_BEFORE_RE = re.compile(
    r"\b(?:river|across|cross(?:es|ed|ing)?|banks? of|on the|река|реки|реке|рекой|через)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def water_cue(name: str, context: object) -> bool:
    """Whether ``context`` writes ``name`` as water: followed by "river", "bridge",
    "port" … ("the Amur bridge"), after "river", "across", "через" ("across the
    Amur"), or in Chinese followed by 大桥, 沿岸, 流域 … ("黑龙江大桥").

    Parameters
    ----------
    name : str
        The name as asked.
    context : str or other
        The running text around it; anything but a string gives ``False``.
    """
    if not isinstance(context, str) or not name:
        return False
    # in any case ("the amur bridge"); the name's occurrences by plain search, the cues
    # by two fixed patterns: a pattern per name would be compiled for every name of a batch
    name, context = name.casefold(), context.casefold()
    start = context.find(name)
    while start >= 0:
        end = start + len(name)
        if _inside_word(context, start, end):  # "Amur" in "Amurskaya": not the name
            start = context.find(name, end)
            continue
        if _WATER_AFTER_RE.match(context, end, min(len(context), end + 16)):
            return True
        if _WATER_BEFORE_RE.search(context[max(0, start - 16) : start]):
            return True
        start = context.find(name, end)
    return False


def _letter(ch: str) -> bool:
    # a letter of an alphabet: Chinese is written without spaces, so a Han character
    # beside the name ("黑龙江大桥") does not make it part of another word
    return ch.isalpha() and not "\u3400" <= ch <= "\u9fff"


def _inside_word(text: str, start: int, end: int) -> bool:
    before, after = text[start - 1 : start] if start else "", text[end : end + 1]
    return _letter(before) or _letter(after)


def water_readings(found: dict, text: str) -> tuple[dict, set[str]]:
    """The readings of a context's phrases, a phrase the text writes as water ("the
    Amur bridge") read as the water only, so that the river or sea is the context of
    the other names (issue 17).

    Parameters
    ----------
    found : dict
        Folded phrase → candidate places (:class:`._store.Place`).
    text : str
        The context's text.

    Returns
    -------
    (dict, set of str)
        The readings, and the phrases read as water.
    """
    out = found
    low = None
    phrases: set[str] = set()
    for phrase, readings in found.items():
        water = [p for p in readings if p.fcode in WATER_CODES]
        if not water or len(water) == len(readings):
            continue
        low = low if low is not None else text.casefold()
        if water_cue(phrase, low):
            out = dict(out) if out is found else out
            out[phrase] = water
            phrases.add(phrase)
    return out, phrases
