"""Stills for reports: the web map's content as a PNG or SVG, drawn with matplotlib.

Same styling rules as :mod:`geo.maps` (corridor colour by mode, dashed when not yet
built; facility colour by type, circle area proportional to ``investment_usd``;
border crossings as diamonds; uncertainty radii as dashed circles), on the same
offline Natural Earth basemap (:mod:`geo.reference`), with a legend, a scale bar, a
north arrow, an attribution line and a title.  Nothing is fetched: no tiles.

The view is the extent of the infrastructure layers (places far away, such as a
venue named in a report, are not allowed to zoom the still out to the world), in
an equirectangular projection whose aspect is corrected at the mid latitude
(lon/lat WGS 84, EPSG:4326); over a few hundred kilometres this keeps shapes and
the scale bar true to within a few per cent.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import matplotlib as mpl
import numpy as np
import shapely
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Ellipse, Rectangle

from geo import _symbology as palette
from geo._io import atomic_path
from geo.errors import LayerError

__all__ = ["render_still"]

_KM_PER_DEG = 111.32
#: Marker area (pt²) of the largest investment; area ∝ investment_usd.
_MAX_AREA_PT2 = 900.0
_MIN_AREA_PT2 = 30.0
_FORMATS = ("png", "svg")
#: Point layers larger than this are drawn rasterised (also inside an SVG), thinner.
_DENSE_POINTS = 20_000
#: Point layers larger than this get no name labels (they would cover the map).
_MAX_LABELLED = 2_000


#: Fonts tried after DejaVu Sans for glyphs it lacks (Chinese names: case H5), when
#: installed (Debian: fonts-wqy-microhei or fonts-noto-cjk).
_CJK_FONTS = (
    "Noto Sans CJK SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
)


@functools.cache
def _font_family(*, bold: bool = False) -> list[str]:
    """DejaVu Sans, then the CJK fonts installed (with a bold face, for ``bold``).

    Checking first keeps matplotlib from warning ("findfont: Failed to find font
    weight bold for WenQuanYi Micro Hei") on every still.
    """
    from matplotlib import font_manager

    def weight(w: Any) -> int:
        return w if isinstance(w, int) else font_manager.weight_dict.get(str(w), 400)

    installed = {
        f.name for f in font_manager.fontManager.ttflist if not bold or weight(f.weight) >= 600
    }
    return ["DejaVu Sans", *[f for f in _CJK_FONTS if f in installed]]


def _title_font(title: str) -> dict[str, Any]:
    """Bold title, unless it needs a CJK font that has no bold face installed."""
    needs_cjk = any(ord(ch) >= 0x2E80 for ch in title)
    if needs_cjk and len(_font_family(bold=True)) == 1:
        return {"fontweight": "normal", "fontfamily": _font_family()}
    return {"fontweight": "bold", "fontfamily": _font_family(bold=True)}


def _col(g: gpd.GeoDataFrame, field: str) -> list[Any]:
    """Column ``field`` as a list (``None`` for each row when the layer has none)."""
    return g[field].tolist() if field in g.columns else [None] * len(g)


def _rows(g: gpd.GeoDataFrame, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    cols = {f: _col(g, f) for f in fields}
    return [{f: cols[f][i] for f in fields} for i in range(len(g))]


def _line_parts(geom: Any) -> list[np.ndarray]:
    """(n, 2) arrays of every line (and polygon outline) in ``geom``."""
    out = []
    for part in shapely.get_parts(geom):
        if part.geom_type in ("LineString", "LinearRing"):
            out.append(np.asarray(part.coords)[:, :2])
        elif part.geom_type == "Polygon":
            out.append(np.asarray(part.exterior.coords)[:, :2])
    return out


#: Label positions tried in turn (offset in points, horizontal alignment).
_LABEL_SLOTS = (((5, 4), "left"), ((5, -11), "left"), ((-5, 4), "right"), ((-5, -11), "right"))


def _place_labels(ax: Any, fig: Figure, labels: list[tuple[float, float, str]]) -> int:
    """Write names beside their points, skipping any that would overlap another.

    Each label tries four slots (upper right, lower right, upper left, lower left of
    its point); the first whose box overlaps no label already placed and stays in
    the map is kept, else the name is left out (it stays in the web map's popups and
    search).  Returns the number placed.
    """
    if not labels:
        return 0
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    frame = ax.get_window_extent(renderer)
    placed: list[Any] = []
    # North to south, west to east: a stable order, so equal input gives equal output.
    for lon, lat, text in sorted(labels, key=lambda t: (-t[1], t[0], t[2])):
        for offset, ha in _LABEL_SLOTS:
            ann = ax.annotate(
                text, (lon, lat), xytext=offset, textcoords="offset points", fontsize=6,
                color="#222", zorder=7, ha=ha,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7},
            )  # fmt: skip
            box = ann.get_window_extent(renderer)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0
            if inside and box.y1 <= frame.y1 and not any(box.overlaps(b) for b in placed):
                placed.append(box)
                break
            ann.remove()
    return len(placed)


def _to4326(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return gdf.to_crs(4326) if gdf.crs is not None and gdf.crs.to_epsg() != 4326 else gdf


def _nice(x: float) -> float:
    """Largest 1-2-5 × 10ⁿ value not above ``x``."""
    exp = 10 ** math.floor(math.log10(x))
    return max(m * exp for m in (1, 2, 5) if m * exp <= x)


def _extent(layers: Mapping[str, gpd.GeoDataFrame]) -> tuple[float, float, float, float]:
    from geo.maps import CORE_KINDS, _bounds, _kind

    present = {n: _to4326(g) for n, g in layers.items() if g is not None and len(g)}
    if not present:
        raise LayerError("nothing to draw: every layer given to the still is empty")
    core = [g for n, g in present.items() if _kind(n, g) in CORE_KINDS] or list(present.values())
    x0, y0, x1, y1 = _bounds(core)  # type: ignore[misc]
    pad = max(x1 - x0, y1 - y0, 0.2) * 0.12
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    aspect = 1 / max(math.cos(math.radians((y0 + y1) / 2)), 0.05)
    # Widen whichever side is short so the map is 4:3 (landscape) on paper.
    w, h = x1 - x0, (y1 - y0) * aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if w / h < 4 / 3:
        w = h * 4 / 3
    else:
        h = w * 3 / 4
    half_w, half_h = w / 2, h / aspect / 2
    return (cx - half_w, max(-89.0, cy - half_h), cx + half_w, min(89.0, cy + half_h))


def _draw_lines(ax: Any, geom: Any, **kw: Any) -> None:
    for part in shapely.get_parts(geom):
        if part.geom_type in ("LineString", "LinearRing"):
            xy = np.asarray(part.coords)
            ax.plot(xy[:, 0], xy[:, 1], **kw)
        elif part.geom_type == "Polygon":
            _draw_lines(ax, part.exterior, **kw)


def _fill_polygons(ax: Any, geoms: Any, *, color: str, zorder: float) -> None:
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MPath

    for geom in geoms:
        for poly in shapely.get_parts(geom):
            if poly.geom_type != "Polygon" or poly.is_empty:
                continue
            rings = [np.asarray(poly.exterior.coords)[:, :2]]
            rings += [np.asarray(r.coords)[:, :2] for r in poly.interiors]
            verts = np.concatenate(rings)
            codes = np.concatenate(
                [[MPath.MOVETO] + [MPath.LINETO] * (len(r) - 2) + [MPath.CLOSEPOLY] for r in rings]
            )
            ax.add_patch(
                PathPatch(MPath(verts, codes), facecolor=color, edgecolor="none", zorder=zorder)
            )


def _mpl_dash(dash: str | None) -> Any:
    if not dash:
        return "solid"
    on_off = tuple(float(v) / 2 for v in dash.split())
    return (0, on_off)


def render_still(
    layers: Mapping[str, gpd.GeoDataFrame],
    path: Path | str,
    *,
    title: str = "Cross-border infrastructure",
    dpi: int = 300,
    width_in: float = 8.0,
    basemap: bool = True,
    labels: bool = True,
) -> Path:
    """Draw ``layers`` as a print-ready still and write it atomically.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        As for :func:`geo.maps.make_map` (any CRS; drawn in lon/lat, EPSG:4326).
    path : Path or str
        Target file; ``.png`` (raster, ``dpi``) or ``.svg`` (vector).
    title : str, keyword-only
        Printed above the map.
    dpi : int, keyword-only
        Resolution of a PNG (300 = print).
    width_in : float, keyword-only
        Figure width in inches (8 in × 300 dpi = 2,400 px).
    basemap : bool, keyword-only
        Draw Natural Earth country polygons and borders.
    labels : bool, keyword-only
        Write the names of facilities, crossings and places in view.

    Returns
    -------
    Path

    Raises
    ------
    geo.errors.LayerError
        When ``path`` has another suffix or every layer is empty.
    """
    from geo.maps import (
        _CROSSING_COLOUR,
        _DEFAULT_COLOUR,
        _PLACE_COLOUR,
        _UNCERTAINTY_COLOUR,
        CORE_KINDS,
        CORRIDOR_COLOURS,
        FACILITY_COLOURS,
        PLANNED_STATUSES,
        STOPPED_STATUSES,
        _dash,
        _fmt_number,
        _kind,
        _max_usd,
        _missing,
        _nice_values,
        corridor_mode,
        lon_window,
        shift_layer,
        uncertainty_points,
    )
    from geo.reference import ATTRIBUTION, basemap_for

    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in _FORMATS:
        raise LayerError(f"{path}: a still is .png or .svg, not {path.suffix!r}")
    present = {n: _to4326(g) for n, g in layers.items() if g is not None and len(g)}
    # Case G1: data across ±180° in one continuous band of longitudes, as on the web.
    core = [g for n, g in present.items() if _kind(n, g) in CORE_KINDS] or present.values()
    west = lon_window(core)
    present = {n: shift_layer(g, west) for n, g in present.items()}
    x0, y0, x1, y1 = _extent(present)
    mid_lat = (y0 + y1) / 2
    aspect = 1 / max(math.cos(math.radians(mid_lat)), 0.05)
    # Axes take 62 % of the width and 84 % of the height (title above, attribution below).
    height_in = width_in * 0.62 * (y1 - y0) * aspect / (x1 - x0) / 0.84

    with mpl.rc_context(
        {
            "svg.hashsalt": "geo-still",
            # A list of families (not the "sans-serif" alias) so glyphs fall back.
            "font.family": _font_family(),
            "font.size": 8,
            "svg.fonttype": "none",
            "path.simplify": True,
            # Names are data: "$" must not switch to math mode (case H3).
            "text.parse_math": False,
        }
    ):
        fig = Figure(figsize=(width_in, height_in), dpi=dpi)
        # Map on the left 62 %, legend to its right, so the legend hides no data.
        ax = fig.add_axes((0.06, 0.08, 0.62, 0.84))
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect(aspect)
        ax.set_facecolor("#cfe0ee")
        ax.tick_params(labelsize=6, length=2)
        ax.xaxis.set_major_formatter(lambda v, _p: _lon_label(v))
        ax.yaxis.set_major_formatter(lambda v, _p: f"{v:g}°N" if v >= 0 else f"{-v:g}°S")
        ax.grid(color="#ffffff", linewidth=0.3, alpha=0.6, zorder=0.5)

        attribution = []
        if basemap:
            bm = basemap_for((x0 - 0.5, y0 - 0.5, x1 + 0.5, y1 + 0.5))
            _fill_polygons(ax, bm.countries.geometry.values, color="#f2efe9", zorder=1)
            for g in bm.borders.geometry.values:
                _draw_lines(ax, g, color="#8c8c8c", linewidth=0.6, zorder=1.5)
            attribution.append(f"{ATTRIBUTION}, simplified {bm.tolerance_deg:g}°")

        handles: list[Any] = []
        max_usd = max((_max_usd(g) for g in present.values()), default=0.0)

        def area(usd: Any) -> float:
            if _missing(usd) or max_usd <= 0:
                return 36.0
            return max(_MIN_AREA_PT2, _MAX_AREA_PT2 * float(usd) / max_usd)

        # Uncertainty circles first (under everything else).
        unc_points = uncertainty_points(present)
        for lon, lat, unc in unc_points:
            h = unc / _KM_PER_DEG
            w = h / max(math.cos(math.radians(lat)), 0.05)
            ax.add_patch(
                Ellipse(
                    (lon, lat),
                    2 * w,
                    2 * h,
                    fill=unc <= 50,
                    facecolor=(*mpl.colors.to_rgb(_UNCERTAINTY_COLOUR), 0.08),
                    edgecolor=_UNCERTAINTY_COLOUR,
                    linestyle=(0, (3, 3)),
                    linewidth=0.6,
                    zorder=2,
                )
            )
        has_unc = bool(unc_points)

        modes: set[str] = set()
        statuses: set[Any] = set()
        ftypes: set[str] = set()
        crossings = False
        to_label: list[tuple[float, float, str]] = []
        for name, g in present.items():
            kind = _kind(name, g)
            keep = g.geometry.notna().to_numpy() & ~g.geometry.is_empty.to_numpy()
            g = g[keep]
            if not len(g):
                continue
            if kind == "corridors":
                segs, colours, styles, widths = [], [], [], []
                for geom, mode, status in zip(
                    g.geometry.values,
                    [corridor_mode(p) for p in _rows(g, ("mode", "type"))],
                    _col(g, "status"),
                    strict=True,
                ):
                    modes.add(mode)
                    statuses.add(status)
                    rgb = mpl.colors.to_rgb(CORRIDOR_COLOURS.get(mode, _DEFAULT_COLOUR))
                    alpha = 0.45 if status in STOPPED_STATUSES else 0.95
                    for xy in _line_parts(geom):
                        segs.append(xy)
                        colours.append((*rgb, alpha))
                        styles.append(_mpl_dash(_dash(status)))
                        widths.append(2.2)
                if segs:
                    ax.add_collection(
                        LineCollection(
                            segs, colors=colours, linestyles=styles, linewidths=widths,
                            capstyle="round", zorder=3,
                        )
                    )  # fmt: skip
                continue
            if kind == "polygons":
                for geom, area_kind in zip(g.geometry.values, _col(g, "area_kind"), strict=True):
                    if str(area_kind or "").startswith("uncertainty"):
                        has_unc = True
                        _draw_lines(
                            ax, geom, color=_UNCERTAINTY_COLOUR, linewidth=0.6,
                            linestyle=(0, (3, 3)), zorder=2,
                        )  # fmt: skip
                    else:
                        _fill_polygons(ax, [geom], color="#9e9ac8", zorder=2.5)
                continue
            # Points (first vertex of any other geometry): one scatter call per layer
            # and marker kind, rasterised when dense, so 150,000 points take seconds.
            xy = np.array([shapely.get_coordinates(geom)[0] for geom in g.geometry.values])
            types = np.array([str(v) for v in _col(g, "type")], dtype=object)
            dense = len(g) > _DENSE_POINTS
            is_cross = np.ones(len(g), bool) if kind == "crossings" else types == "border_crossing"
            if kind == "places":
                ax.scatter(
                    xy[:, 0], xy[:, 1], s=10, c=_PLACE_COLOUR, zorder=5, linewidths=0,
                    rasterized=dense,
                )  # fmt: skip
            else:
                if is_cross.any():
                    crossings = True
                    ax.scatter(
                        xy[is_cross, 0], xy[is_cross, 1], s=60, marker="D", c=_CROSSING_COLOUR,
                        edgecolors="white", linewidths=0.8, zorder=6, rasterized=dense,
                    )  # fmt: skip
                fac = ~is_cross
                if fac.any():
                    usd = _col(g, "investment_usd")
                    ftypes.update(types[fac])
                    sizes = np.array([area(usd[i]) for i in np.flatnonzero(fac)])
                    fills = [FACILITY_COLOURS.get(t, _DEFAULT_COLOUR) for t in types[fac]]
                    edges = ["#333" if _missing(usd[i]) else "white" for i in np.flatnonzero(fac)]
                    # Big circles first so small ones stay visible on top.
                    order = np.argsort(-sizes, kind="stable")
                    ax.scatter(
                        xy[fac, 0][order], xy[fac, 1][order], s=sizes[order],
                        c=[fills[i] for i in order], edgecolors=[edges[i] for i in order],
                        linewidths=0.3 if dense else 0.8, alpha=0.9, zorder=5,
                        rasterized=dense,
                    )  # fmt: skip
            if labels and kind in ("facilities", "places") and len(g) <= _MAX_LABELLED:
                for (lon, lat), t, nm in zip(xy, types, _col(g, "name"), strict=True):
                    if t == "border_crossing" or _missing(nm):
                        continue
                    if not (x0 <= lon <= x1 and y0 <= lat <= y1):
                        continue
                    name_text = str(nm)
                    if len(name_text) > 36:
                        name_text = name_text[:35] + "…"
                    to_label.append((float(lon), float(lat), name_text))
        _place_labels(ax, fig, to_label)

        # Legend.
        for mode in sorted(modes):
            handles.append(
                Line2D([], [], color=CORRIDOR_COLOURS.get(mode, _DEFAULT_COLOUR), lw=2.2,
                       label=palette.label(mode))
            )  # fmt: skip
        if statuses & PLANNED_STATUSES:
            handles.append(
                Line2D([], [], color="#555", lw=1.8, linestyle=_mpl_dash("8 6"),
                       label="dashed: proposed or under construction")
            )  # fmt: skip
        for ftype in sorted(ftypes):
            handles.append(
                Line2D([], [], marker="o", linestyle="none", markersize=6,
                       markerfacecolor=FACILITY_COLOURS.get(ftype, _DEFAULT_COLOUR),
                       markeredgecolor="white", label=palette.label(ftype))
            )  # fmt: skip
        size_handles = []
        if ftypes:
            for v in _nice_values(max_usd):
                size_handles.append(
                    Line2D([], [], marker="o", linestyle="none",
                           markersize=math.sqrt(area(v)), markerfacecolor="#bbb",
                           markeredgecolor="#333", label=f"US$ {_fmt_number(v)}")
                )  # fmt: skip
        if crossings:
            handles.append(
                Line2D([], [], marker="D", linestyle="none", markersize=6,
                       markerfacecolor=_CROSSING_COLOUR, markeredgecolor="white",
                       label="border crossing")
            )  # fmt: skip
        if "places" in present:
            handles.append(
                Line2D([], [], marker="o", linestyle="none", markersize=3,
                       markerfacecolor=_PLACE_COLOUR, markeredgecolor="none",
                       label="place named in the source")
            )  # fmt: skip
        if has_unc:
            handles.append(
                Line2D([], [], marker="o", linestyle="none", markersize=8, markerfacecolor="none",
                       markeredgecolor=_UNCERTAINTY_COLOUR,
                       label="location uncertainty (radius)")
            )  # fmt: skip
        if handles:
            leg = ax.legend(
                handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=6,
                title="Legend", borderaxespad=0.0,
                title_fontsize=7, framealpha=0.92, labelspacing=0.9, borderpad=0.8,
            )  # fmt: skip
            leg.set_zorder(10)
        if size_handles:
            # Reference sizes in a legend of their own, spaced for the largest circle.
            if handles:
                ax.add_artist(leg)
            sizes = ax.legend(
                handles=size_handles, loc="lower left", bbox_to_anchor=(1.02, 0.0), fontsize=6,
                title="Investment (circle area ∝ US$)", title_fontsize=7, borderaxespad=0.0,
                framealpha=0.92, labelspacing=2.2, borderpad=1.2, handletextpad=1.6,
            )  # fmt: skip
            sizes.set_zorder(10)

        _scale_bar(ax, x0, x1, y0, y1, mid_lat)
        _north_arrow(ax)
        ax.set_title(title, fontsize=11, loc="left", **_title_font(title))
        attribution.append("Data: geo layers from sourced project records")
        attribution.append("Equirectangular, lon/lat WGS 84 (EPSG:4326)")
        fig.text(0.06, 0.015, " · ".join(attribution), fontsize=5.5, color="#444")

        metadata: dict[str, Any] = (
            {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
        )
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format=fmt, dpi=dpi, metadata=metadata)
    return path


def _scale_bar(ax: Any, x0: float, x1: float, y0: float, y1: float, lat: float) -> None:
    """A two-segment bar of a round length at the map's lower left, in km."""
    km_per_deg = _KM_PER_DEG * math.cos(math.radians(lat))
    length_km = _nice((x1 - x0) * km_per_deg / 4)
    length_deg = length_km / km_per_deg
    bx, by = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.05
    h = (y1 - y0) * 0.012
    for i, colour in enumerate(("#222222", "#ffffff")):
        ax.add_patch(
            Rectangle(
                (bx + i * length_deg / 2, by), length_deg / 2, h,
                facecolor=colour, edgecolor="#222222", linewidth=0.6, zorder=9,
            )
        )  # fmt: skip
    ns = "N" if lat >= 0 else "S"
    label = f"{_fmt_km(length_km)} km (true at {abs(lat):.0f}°{ns})"
    ax.text(bx, by + 2 * h, "0", fontsize=6, ha="center", zorder=9)
    ax.text(bx + length_deg, by + 2 * h, label, fontsize=6, ha="left", zorder=9)


def _lon_label(v: float) -> str:
    """Tick label of a longitude in any 360° band: 190 → ``170°W``, -190 → ``170°E``."""
    v = (v + 180.0) % 360.0 - 180.0
    if abs(v) < 1e-9 or abs(abs(v) - 180.0) < 1e-9:
        return f"{abs(v):g}°"
    return f"{v:g}°E" if v > 0 else f"{-v:g}°W"


def _fmt_km(x: float) -> str:
    return f"{x:g}" if x < 1000 else f"{x:,.0f}"


def _north_arrow(ax: Any) -> None:
    """An arrow pointing to grid north (up: meridians are vertical in this projection)."""
    ax.annotate(
        "", xy=(0.045, 0.92), xytext=(0.045, 0.83), xycoords="axes fraction",
        arrowprops={"facecolor": "#222", "edgecolor": "#222", "width": 2.5, "headwidth": 8},
        zorder=9,
    )  # fmt: skip
    ax.text(
        0.045, 0.945, "N", transform=ax.transAxes, ha="center", va="center",
        fontsize=9, fontweight="bold", fontfamily=_font_family(bold=True), zorder=9,
    )  # fmt: skip
