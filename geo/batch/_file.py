"""Geocoding a file: rows read, geocoded and written chunk by chunk, in input order."""

from __future__ import annotations

import itertools
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.batch._dask import connect_dask
from geo.batch._engines import _Dask, _ordered, _Processes, _Serial
from geo.batch._formats import DEFAULT_CHUNK_ROWS, BatchError, _key, count_rows, detect_format
from geo.batch._readers import read_chunks
from geo.batch._workers import GazetteerSpec
from geo.batch._writers import _StdoutWriter, _Writer

__all__ = ["BatchSummary", "geocode_file"]


@dataclass
class BatchSummary:
    """What a :func:`geocode_file` run did.

    Attributes
    ----------
    output : Path or None
        The written file (``None`` for stdout).
    n_rows : int
        Rows geocoded in this run.
    n_resolved : int
        Of those, how many resolved.
    n_skipped : int
        Rows skipped because their id was already in the output (resume).
    seconds : float
        Wall time.
    engine : str
        ``"serial"``, ``"processes:N"`` or ``"dask:ADDRESS"``.
    n_duplicate_ids : int
        Rows of this run whose id an earlier input row already had (each such row
        is still geocoded and written).
    duplicate_ids : list
        Up to ten of those ids, in input order.
    """

    output: Path | None
    n_rows: int = 0
    n_resolved: int = 0
    n_skipped: int = 0
    n_duplicate_ids: int = 0
    duplicate_ids: list[Any] = field(default_factory=list)
    seconds: float = 0.0
    engine: str = "serial"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rows_per_s(self) -> float:
        """Throughput of this run (rows geocoded per second of wall time)."""
        return self.n_rows / self.seconds if self.seconds > 0 else 0.0


def _progress(show: bool, total: int | None) -> Any:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("geocoding"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]} names/s · {task.fields[ok]} resolved · ETA"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=not show,
    )


def geocode_file(
    input_path: str | Path,
    output_path: str | Path | None = None,
    *,
    input_format: str | None = None,
    output_format: str | None = None,
    country: str | None = None,
    workers: int = 1,
    dask: str | Any | None = None,
    ship_index: bool = False,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    resume: bool = True,
    append: bool = False,
    show_progress: bool | None = None,
    index_path: str | Path | None = None,
    seeds_dir: str | Path | None = None,
    on_chunk: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Geocode every row of a CSV, JSONL or Parquet file into a JSONL, CSV or Parquet file.

    Parameters
    ----------
    input_path : path-like
        Input (see :func:`read_chunks`); ``"-"`` reads JSONL from stdin.
    output_path : path-like, optional
        Output; format from the suffix (``.jsonl``, ``.csv``, ``.parquet``). ``None``
        or ``"-"`` writes JSONL to stdout (not resumable).
    input_format, output_format : str, optional, keyword-only
        Override the suffixes.
    country : str, optional, keyword-only
        Default country for rows without one.
    workers : int, keyword-only
        Processes on this machine (1: in this process).
    dask : str or distributed.Client, optional, keyword-only
        Run on a Dask cluster: a scheduler address (``"tcp://10.0.0.5:8786"``) or a
        client. The input is still read (and the output written) here, chunk by chunk.
    ship_index : bool, keyword-only
        With ``dask``: copy the index file and curated seeds to the workers instead
        of using each worker's own cache.
    chunk_rows : int, keyword-only
        Rows per task.
    resume : bool, keyword-only
        Keep what an interrupted run wrote (``OUT.partial``) and skip those ids
        (default). ``False`` starts over (replacing an output this command wrote).
    append : bool, keyword-only
        Continue a finished output of this command: skip the ids it holds and add
        the others. Without it an existing output is refused (unless ``resume`` is
        false); an existing file that is no batch output is always refused.
    show_progress : bool, optional, keyword-only
        Progress bar with rate and ETA on stderr; default when stderr is a terminal.
    index_path, seeds_dir : path-like, optional, keyword-only
        Gazetteer index and curated seeds (default: the user cache and ``seeds/``).
    on_chunk : callable, optional, keyword-only
        Called with the number of rows written so far after each chunk.

    Returns
    -------
    BatchSummary

    Raises
    ------
    BatchError
        When the input is missing, unreadable or not UTF-8 (checked before anything
        is written), a format is unknown, or the output exists and is not ours (see
        ``append``).
    geo.errors.GazetteerError
        When the index cannot be opened (or Dask workers hold another one).
    """
    started = time.perf_counter()
    in_fmt = detect_format(input_path, input_format)
    if str(input_path) != "-" and not Path(input_path).is_file():
        raise BatchError(f"input {input_path} does not exist (or is not a file)")
    writer, out_path = _writer_for(output_path, output_format)
    if workers < 1:
        raise BatchError(f"workers={workers}: give 1 or more processes")
    total, chunks = _open_input(input_path, in_fmt, chunk_rows=chunk_rows, country=country)
    spec = _spec_for(index_path, seeds_dir, processes=dask is None and workers > 1)
    writer.open(resume=resume, append=append)
    client = None
    own_client = False
    try:
        if dask is not None:
            own_client = isinstance(dask, str)
            client = connect_dask(dask) if own_client else dask
        engine, label, n_slots = _engine(client, workers, ship_index=ship_index, spec=spec)
    except BaseException:
        writer.abort()
        if own_client and client is not None:
            client.close()
        raise
    summary = BatchSummary(output=out_path, engine=label)
    if show_progress is None:
        show_progress = sys.stderr.isatty()
    try:
        _run(engine, chunks, writer, summary, spec, n_slots, (show_progress, total), on_chunk)
        writer.finish()
    except BaseException:
        writer.abort()
        raise
    finally:
        engine.close()
        if own_client and client is not None:
            client.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _run(
    engine: Any,
    chunks: Iterator[list[dict]],
    writer: _Writer,
    summary: BatchSummary,
    spec: GazetteerSpec,
    n_slots: int,
    progress_of: tuple[bool, int | None],
    on_chunk: Callable[[int], None] | None,
) -> None:
    """Geocode the chunks on ``engine`` and write them in input order, with progress."""
    with _progress(*progress_of) as progress:
        task = progress.add_task("geocode", total=progress_of[1], rate="-", ok=0)
        t0 = time.perf_counter()
        todo = _todo(chunks, writer, summary)
        for _n, enc in _ordered(engine, todo, spec, writer.fmt, window=2 * n_slots + 1):
            writer.write(enc)
            summary.n_rows += enc.n_rows
            summary.n_resolved += enc.n_resolved
            dt = time.perf_counter() - t0
            progress.update(
                task,
                completed=summary.n_rows + summary.n_skipped,
                rate=f"{summary.n_rows / dt:,.0f}" if dt > 0 else "-",
                ok=f"{summary.n_resolved:,}",
            )
            if on_chunk is not None:
                on_chunk(summary.n_rows)


def _open_input(
    path: str | Path, fmt: str, *, chunk_rows: int, country: str | None
) -> tuple[int | None, Iterator[list[dict]]]:
    """``(row count, chunks)`` of the input, checked before any output is touched.

    The whole file is checked to be UTF-8 and its header read (the first chunk), so
    a file in another encoding or without a ``name`` column writes nothing.
    """
    total = count_rows(path, fmt)
    chunks = read_chunks(path, fmt=fmt, chunk_rows=chunk_rows, country=country)
    first = next(chunks, None)
    return total, itertools.chain([first] if first is not None else [], chunks)


def _writer_for(
    output_path: str | Path | None, output_format: str | None
) -> tuple[_Writer, Path | None]:
    """The writer for ``output_path`` (stdout for ``None`` or ``"-"``) and the output path."""
    if output_path is None or str(output_path) == "-":
        return _StdoutWriter(), None
    out_path = Path(output_path)
    return _Writer(out_path, detect_format(out_path, output_format)), out_path


def _spec_for(
    index_path: str | Path | None, seeds_dir: str | Path | None, *, processes: bool
) -> GazetteerSpec:
    """The gazetteer the workers open; for a process pool, resolved (and built) here."""
    spec = GazetteerSpec(
        str(index_path) if index_path is not None else None,
        str(seeds_dir) if seeds_dir is not None else None,
    )
    if processes and spec.index_path is None:
        # workers must open the very index this process would: resolve (and build) it here
        from geo.gazetteer import default_gazetteer

        gz = default_gazetteer()
        spec = GazetteerSpec(
            str(gz.index_path), str(gz.seeds_dir) if gz.seeds_dir is not None else None
        )
    return spec


def _engine(
    client: Any, workers: int, *, ship_index: bool, spec: GazetteerSpec
) -> tuple[Any, str, int]:
    """``(engine, label, slots)``: Dask with a client, else processes, else this process."""
    if client is not None:
        engine: Any = _Dask(client, ship_index=ship_index, spec=spec)
        return engine, f"dask:{client.scheduler.address}", max(1, sum(client.nthreads().values()))
    if workers > 1:
        return _Processes(workers), f"processes:{workers}", workers
    return _Serial(), "serial", 1


def _todo(
    chunks: Iterator[list[dict]], writer: _Writer, summary: BatchSummary
) -> Iterator[list[dict]]:
    """The rows still to geocode, chunk by chunk; counts repeated ids and skipped rows."""
    seen: set[int] = set()  # 64-bit hashes of the ids: ~70 MB per million rows
    for chunk in chunks:
        for r in chunk:
            h = hash(_key(r.get("id")))
            if h in seen:
                summary.n_duplicate_ids += 1
                if len(summary.duplicate_ids) < 10:
                    summary.duplicate_ids.append(r.get("id"))
            else:
                seen.add(h)
        rows = [r for r in chunk if not writer.skip(r)]
        summary.n_skipped += len(chunk) - len(rows)
        if rows:
            yield rows
