"""Dask: connecting to a scheduler and preparing its workers to open the same gazetteer."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from geo.batch._formats import BatchError
from geo.batch._workers import GazetteerSpec

__all__ = ["DASK_CONNECT_TIMEOUT_S", "connect_dask", "dask_spec", "prepare_dask_workers"]

#: Seconds to wait for a Dask scheduler to answer before giving up.
DASK_CONNECT_TIMEOUT_S = 5.0


def connect_dask(address: str, *, timeout_s: float = DASK_CONNECT_TIMEOUT_S) -> Any:
    """Connect to a running Dask scheduler.

    Parameters
    ----------
    address : str
        ``tcp://HOST:PORT`` (``HOST:PORT`` is read as TCP).
    timeout_s : float, keyword-only
        How long to wait for the scheduler (default :data:`DASK_CONNECT_TIMEOUT_S`).

    Returns
    -------
    distributed.Client

    Raises
    ------
    BatchError
        When the address has no port, or no scheduler answers there in time.
    """
    addr = address.strip()
    if "://" not in addr:
        addr = "tcp://" + addr
    scheme, _, hostport = addr.partition("://")
    host, _, port = hostport.rpartition(":")
    if scheme in ("tcp", "tls") and (not host or not port.isdigit()):
        raise BatchError(
            f"--dask {address!r}: give the scheduler's address with its port, "
            "e.g. tcp://127.0.0.1:8786 (the port `dask scheduler` prints)"
        )
    try:
        from distributed import Client
    except ImportError as exc:
        raise BatchError(
            "--dask needs the 'distributed' package: pip install 'dask[distributed]'"
        ) from exc
    try:
        return Client(addr, timeout=timeout_s)
    except (OSError, TimeoutError, ValueError) as exc:
        raise BatchError(
            f"no Dask scheduler answers at {addr} within {timeout_s:g} s "
            f"({type(exc).__name__}); start one with `dask scheduler` or fix --dask"
        ) from exc


def _worker_fingerprints(spec: GazetteerSpec) -> tuple[str, str]:
    """(index fingerprint, seeds fingerprint) of the gazetteer this worker would open."""
    from geo.gazetteer import default_seeds_dir, index_fingerprint, seeds_fingerprint

    seeds = Path(spec.seeds_dir) if spec.seeds_dir else default_seeds_dir()
    return index_fingerprint(), seeds_fingerprint(seeds)


def dask_spec(client: Any, *, ship_index: bool, spec: GazetteerSpec) -> GazetteerSpec:
    """The spec for Dask tasks: ``client`` (default: the current client) prepared.

    Shared by :func:`geocode_dataframe` and :func:`geo.layers.records_to_geoparquet`. Without any
    client (Dask's local scheduler), ``spec`` is returned as is.

    Raises
    ------
    BatchError
        When ``ship_index`` is set and there is no client.
    """
    if client is None:
        try:
            from distributed import get_client

            client = get_client()
        except (ImportError, ValueError):
            client = None
    if client is not None:
        return prepare_dask_workers(client, ship_index=ship_index, spec=spec)
    if ship_index:
        raise BatchError("ship_index=True needs a distributed Client (client=...)")
    return spec


def prepare_dask_workers(
    client: Any,
    *,
    ship_index: bool = False,
    spec: GazetteerSpec | None = None,
) -> GazetteerSpec:
    """Make every worker of ``client`` (and any that joins later) able to geocode.

    Parameters
    ----------
    client : distributed.Client
    ship_index : bool, keyword-only
        Copy this machine's index file and curated seeds to each worker's local
        directory (a worker plugin, so restarted workers get them too). Otherwise
        each worker uses its own user cache, built on first use when missing.
    spec : GazetteerSpec, optional
        This machine's gazetteer (default: the default index and seeds).

    Returns
    -------
    GazetteerSpec
        The spec to pass to :func:`geocode_chunk` on the workers.

    Raises
    ------
    geo.errors.GazetteerError
        Without ``ship_index``, when a worker has other source package versions or
        other curated seeds than this machine (its answers could differ).
    """
    from geo.errors import GazetteerError
    from geo.gazetteer import Gazetteer, default_gazetteer

    spec = spec or GazetteerSpec()
    if ship_index:
        from distributed.diagnostics.plugin import WorkerPlugin

        if spec.index_path or spec.seeds_dir:
            gz = Gazetteer(spec.index_path, seeds_dir=spec.seeds_dir, build=False)
        else:
            gz = default_gazetteer()
        folder = f"geo-gazetteer-{Path(gz.index_path).stem}-{gz.seeds_fingerprint[:12]}"
        files = {"index.sqlite": Path(gz.index_path).read_bytes()}
        seeds = gz.seeds_dir
        if seeds is not None and seeds.is_dir():
            for f in sorted(seeds.rglob("*")):
                if f.is_file():
                    files["seeds/" + f.relative_to(seeds).as_posix()] = f.read_bytes()

        class _ShipGazetteer(WorkerPlugin):
            name = "geo-gazetteer-" + folder

            def __init__(self, folder: str, files: dict[str, bytes]) -> None:
                self.folder = folder
                self.files = files

            def setup(self, worker: Any) -> None:
                base = Path(worker.local_directory) / self.folder
                if (base / "index.sqlite").exists():
                    return
                (base / "seeds").mkdir(parents=True, exist_ok=True)  # may stay empty
                for rel, data in self.files.items():
                    target = base / rel
                    target.parent.mkdir(parents=True, exist_ok=True)
                    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
                    tmp.write_bytes(data)
                    os.replace(tmp, target)

        client.register_plugin(_ShipGazetteer(folder, files))
        return GazetteerSpec(shipped=folder)
    mine = _worker_fingerprints(spec)
    theirs = client.run(_worker_fingerprints, spec)
    for addr, fp in theirs.items():
        if tuple(fp) != mine:
            raise GazetteerError(
                f"Dask worker {addr} would open another gazetteer (index/seeds "
                f"fingerprints {tuple(fp)}, here {mine}): install the same package "
                "versions and seeds on the workers, or pass ship_index=True (--ship-index)"
            )
    return spec
