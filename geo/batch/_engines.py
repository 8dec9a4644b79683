"""Engines that run chunks: in this process, in a process pool, or on Dask workers."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from geo.batch._dask import prepare_dask_workers
from geo.batch._workers import GazetteerSpec, _Encoded, _fresh_worker, geocode_encoded

__all__: list[str] = []


class _Serial:
    def submit(self, rows: list[dict], spec: GazetteerSpec, fmt: str) -> Any:
        from concurrent.futures import Future

        fut: Future = Future()
        fut.set_result(geocode_encoded(rows, spec, fmt))
        return fut

    def close(self) -> None:
        pass


class _Processes:
    def __init__(self, workers: int) -> None:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        # fork starts fast and needs no ``__main__`` guard; the initializer drops any
        # gazetteer (and its SQLite handle) inherited from the parent
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=mp.get_context(method),
            initializer=_fresh_worker,
        )

    def submit(self, rows: list[dict], spec: GazetteerSpec, fmt: str) -> Any:
        return self.pool.submit(geocode_encoded, rows, spec, fmt)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class _Dask:
    def __init__(self, client: Any, *, ship_index: bool, spec: GazetteerSpec) -> None:
        import uuid

        self.client = client
        self.token = uuid.uuid4().hex[:12]
        self.n = 0
        self.spec = prepare_dask_workers(client, ship_index=ship_index, spec=spec)

    def submit(self, rows: list[dict], spec: GazetteerSpec, fmt: str) -> Any:
        self.n += 1
        return self.client.submit(
            geocode_encoded,
            rows,
            self.spec,
            fmt,
            key=f"geo-geocode-{self.token}-{self.n}",
            pure=False,
        )

    def close(self) -> None:
        pass


def _ordered(
    engine: Any,
    chunks: Iterable[list[dict]],
    spec: GazetteerSpec,
    fmt: str,
    window: int,
) -> Iterator[tuple[int, _Encoded]]:
    """Submit chunks with at most ``window`` in flight; yield (n_in, result) in order."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append((len(chunk), engine.submit(chunk, spec, fmt)))
        while len(pending) >= window:
            n, fut = pending.popleft()
            yield n, fut.result()
    while pending:
        n, fut = pending.popleft()
        yield n, fut.result()
