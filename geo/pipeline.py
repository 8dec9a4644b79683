"""The main job: ``seeds/`` → ``layers/*.geojson`` + ``maps/index.html``.

::

    seeds/*.yaml ──load+validate──▶ records ──resolve places──▶ located records
    located records ──▶ GeoDataFrames per layer ──▶ layers/*.geojson
    GeoDataFrames ──▶ folium map (inline assets) ──▶ maps/index.html
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from geo._config import seeds_layout
from geo.errors import InvalidRecordsError, Issue, LayerError
from geo.layers import (
    LAYER_NAMES,
    LayerSet,
    Staging,
    build_layers,
    build_lock,
    publish,
    write_layers,
)
from geo.maps import make_map, write_map
from geo.records import RecordSet, load_records

__all__ = ["BuildResult", "build", "load_checked"]

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    """What :func:`build` wrote and what it could not place.

    Attributes
    ----------
    files : list of Path
        Every file written.
    counts : dict of str to int
        Features per layer.
    issues : list of Issue
        Records and places that reached no layer (also in ``build_report.json``).
    warnings : list of Issue
        Placed records whose geometry contradicts a claim, e.g. a border crossing the
        route does not make (also in ``build_report.json``).
    """

    files: list[Path] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)


#: ISO 3166-1 alpha-2 codes a feature must touch to appear on the Russia–China map.
RUSSIA_CHINA: tuple[str, ...] = ("RU", "CN")


def _russia_china_layers(layers: dict) -> dict:
    """Keep the features that touch Russia or China (``countries`` or ``country_code``).

    Features with neither field stay (they cannot be judged); layers keep their columns.
    """
    out = {}
    for name, gdf in layers.items():
        col = next((c for c in ("countries", "country_code") if c in gdf.columns), None)
        if col is None or gdf.empty:
            out[name] = gdf
            continue
        codes = gdf[col].fillna("").astype(str)
        keep = codes.eq("") | codes.apply(lambda v: any(c in v.split(",") for c in RUSSIA_CHINA))
        out[name] = gdf[keep]
    return out


def load_checked(seeds: Path | str, *, sources: Path | str | None = None) -> RecordSet:
    """Load the records of ``seeds`` and check them and its curated gazetteer files.

    The checks of ``geo validate`` and ``geo build``.

    Parameters
    ----------
    seeds : path-like
        A seeds folder (``records/``, ``sources.yaml``, ``places.yaml``, ``gazetteer/``),
        a folder of record files or one record file; the curated gazetteer files are
        checked only for a seeds folder.
    sources : path-like, optional, keyword-only
        The shared sources file, when not beside ``seeds`` (see
        :func:`geo.records.load_records`).

    Returns
    -------
    RecordSet

    Raises
    ------
    InvalidRecordsError
        With every problem of the records and of the curated files together (file,
        line, id, field, fix), so a user fixes everything in one pass.
    """
    from geo.gazetteer import check_curated

    folder = seeds_layout(seeds).gazetteer
    curated = check_curated(folder) if Path(seeds).is_dir() else []
    try:
        recset = load_records(seeds, sources=sources)
    except InvalidRecordsError as exc:
        raise InvalidRecordsError([*exc.issues, *curated]) from None
    if curated:
        raise InvalidRecordsError(curated)
    return recset


def _write_on_dask(layers: dict, layers_dir: Path | str, dask: object) -> list[Path]:
    """``geo build --dask``: each layer as partitioned GeoParquet under ``parquet/``."""
    from geo.layers import write_layers_partitioned

    if isinstance(dask, str):
        from distributed import Client

        with Client(dask) as client:
            return write_layers_partitioned(layers, Path(layers_dir) / "parquet", client=client)
    return write_layers_partitioned(layers, Path(layers_dir) / "parquet", client=dask)


def _nothing_placed(layerset: LayerSet) -> str:
    """The one message of a build in which no record could be placed: who and why."""
    lines = [f"no record could be placed, nothing to draw ({len(layerset.issues)} input(s)):"]
    lines += [f"  {issue}" for issue in layerset.issues[:50]]
    if len(layerset.issues) > 50:
        lines.append(f"  … and {len(layerset.issues) - 50} more")
    return "\n".join(lines)


def _write_outputs(
    layerset: LayerSet,
    layers_dir: Path,
    maps_dir: Path,
    title: str,
    say: Progress,
    formats: str | tuple[str, ...],
    dask: object,
    *,
    publish_dir: Path,
) -> list[Path]:
    """Every output of a build, into ``layers_dir`` and ``maps_dir`` (staging folders)."""
    say("writing layers")
    files = write_layers(layerset, layers_dir, formats=formats, publish_dir=publish_dir)
    if dask is not None:
        say(f"writing partitioned GeoParquet on Dask ({dask})")
        files += _write_on_dask({n: layerset.layers[n] for n in LAYER_NAMES}, layers_dir, dask)
    say("writing web map")
    m = make_map({n: layerset.layers[n] for n in LAYER_NAMES}, title=title)
    files.append(write_map(m, maps_dir / "index.html"))
    say("writing the stills for reports (300 dpi PNG, PDF; a detail still per cluster)")
    from geo.stills import render_stills

    layers_all = {n: layerset.layers[n] for n in LAYER_NAMES}
    # The SVG (3.4 MB with the basemap) is left to `geo map --svg`: the PDF is the
    # vector form kept in the repository (0.9 MB).
    files += render_stills(
        layers_all, [maps_dir / "index.png", maps_dir / "index.pdf"], title=title, dpi=300
    )
    say("writing Russia–China overview map")
    # Links only: the seed report's place mentions and regions stay on index.html.
    links = [n for n in LAYER_NAMES if n not in ("places", "regions")]
    rc = _russia_china_layers({n: layerset.layers[n] for n in links})
    m_rc = make_map(rc, title="Russia–China cross-border links (overview)")
    files.append(write_map(m_rc, maps_dir / "russia-china.html"))
    return files


def build(
    seeds: Path | str = "seeds",
    *,
    layers_dir: Path | str = "layers",
    maps_dir: Path | str = "maps",
    title: str = "Russia–China cross-border infrastructure",
    progress: Progress | None = None,
    formats: str | tuple[str, ...] = ("geojson", "gpkg"),
    dask: str | object | None = None,
    lock_wait_s: float = 0.0,
) -> BuildResult:
    """Build every layer and the web map from a seeds directory.

    Parameters
    ----------
    seeds : Path or str
        Directory with ``sources.yaml``, ``places.yaml`` and ``records/*.yaml``; place
        names resolve with the curated entries of its ``gazetteer/*.yaml`` (a warning
        on stderr when that folder is missing: then the package sources only).
    layers_dir, maps_dir : Path or str
        Output directories (created when missing).
    title : str
        Map title.
    progress : callable, optional
        Called with a short description as each stage starts.
    formats : str or tuple of str
        Layer formats (:data:`geo.layers.FORMATS`): ``"geojson,gpkg,parquet,fgb"``.
    dask : str or distributed.Client, optional
        Also write every layer as partitioned GeoParquet (``layers_dir/parquet/<layer>/
        part.N.parquet``) with dask-geopandas on this Dask scheduler address or client
        (needs the ``dask`` extra; the workers must see ``layers_dir``).
    lock_wait_s : float
        How long to wait for another build writing into ``layers_dir`` or
        ``maps_dir`` before refusing.

    Notes
    -----
    Safe against concurrent builds and kills: the build locks both output folders,
    writes into staging folders of its own and publishes every file together, with
    ``build_manifest.json`` (names and sha256 of the files of this build, in both
    folders) written last; after a failure or a kill both folders hold the previous
    build whole (see :mod:`geo.layers._publish`).

    Returns
    -------
    BuildResult

    Raises
    ------
    geo.errors.InvalidRecordsError
        When any record is invalid; nothing is written then.
    geo.errors.GazetteerError
        When a curated file of ``seeds/gazetteer`` is invalid.
    geo.errors.LayerError
        When no record can be placed (naming each and why; nothing is written), or
        another build holds an output folder after ``lock_wait_s``.
    """
    say = progress or (lambda _msg: None)
    say("loading and validating records")
    recset = load_checked(seeds)
    say(f"locating {len(recset.records)} records and {len(recset.places)} places")
    from geo.gazetteer import default_gazetteer

    gazetteer = default_gazetteer(seeds_dir=seeds_layout(seeds).gazetteer)
    layerset: LayerSet = build_layers(recset, geocoder=gazetteer.geocode)
    if not any(len(layerset.layers[n]) for n in LAYER_NAMES):
        raise LayerError(_nothing_placed(layerset))
    folders = (Path(layers_dir), Path(maps_dir))
    say(f"waiting for the lock on {layers_dir} and {maps_dir}")
    with build_lock(folders, wait_s=lock_wait_s) as token:
        staging = Staging.create(folders, token)
        staged = _write_outputs(
            layerset,
            staging(layers_dir),
            staging(maps_dir),
            title,
            say,
            formats,
            dask,
            publish_dir=Path(layers_dir),
        )
        say("publishing layers and maps together")
        files = publish(staging, staged)
    counts = {n: len(layerset.layers[n]) for n in LAYER_NAMES}
    return BuildResult(
        files=files,
        counts=counts,
        issues=list(layerset.issues),
        warnings=list(layerset.warnings),
    )
