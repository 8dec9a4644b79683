"""Writing batch output: append-only and resumable, renamed onto the target when done.

Only files this command writes are continued or replaced: an existing output (or
``.partial``) whose header or columns are not ours is refused before anything is
written, and a finished output of ours is added to only when asked (``append``).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from geo.batch._formats import OUTPUT_COLUMNS, BatchError, _arrow_schema, _key, csv_unsafe
from geo.batch._workers import _Encoded

__all__: list[str] = []


class _Writer:
    """Append-only, resumable output: ``OUT.partial`` until :meth:`finish`."""

    def __init__(self, path: Path, fmt: str) -> None:
        self.path = path
        self.fmt = fmt
        self.partial = path.with_name(path.name + ".partial")
        self.done: Counter[str] = Counter()
        self.n_existing = 0

    # -- resume
    def open(self, *, resume: bool, append: bool = False) -> None:
        """Prepare ``OUT.partial``: continue an interrupted run or start one.

        Raises
        ------
        BatchError
            When the output or its ``.partial`` exists but was not written by a batch
            (a foreign file is never appended to or replaced), or when a finished
            output exists and neither ``append`` nor a restart (``resume=False``) is
            asked for.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for p in (self.partial, self.path):
            if p.exists() and not _is_ours(p, self.fmt):
                raise BatchError(
                    f"{p} exists and is not a `geo geocode` {self.fmt} output (its "
                    "header or columns differ): nothing was written; give another "
                    "output file, or move that one away"
                )
        finished = self.path.exists() and not self.partial.exists()
        if finished and resume and not append and self.path.stat().st_size > 0:
            raise BatchError(
                f"{self.path} already holds geocoded rows: give --append to add the rows "
                "whose ids it lacks, or --restart to write it anew"
            )
        if not resume:
            self._remove(self.partial)
        elif finished:
            # a finished output: continue it (new ids in the input get appended)
            if self.fmt == "parquet":
                self.partial.mkdir()
                os.replace(self.path, self.partial / "part-000000.parquet")
            else:
                os.replace(self.path, self.partial)
        self.created = not self.partial.exists()
        self.n_written = 0
        if self.fmt == "parquet":
            self._open_parquet()
        else:
            self._open_text()

    @staticmethod
    def _remove(p: Path) -> None:
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()

    def _open_text(self) -> None:
        if self.partial.exists():
            with open(self.partial, "rb+") as fh:
                data_end = fh.seek(0, os.SEEK_END)
                # drop a torn last line (the writer was killed mid-line)
                pos = data_end
                while pos > 0:
                    step = min(pos, 1 << 16)
                    fh.seek(pos - step)
                    block = fh.read(step)
                    i = block.rfind(b"\n")
                    if i >= 0:
                        pos = pos - step + i + 1
                        break
                    pos -= step
                if pos != data_end:
                    fh.truncate(pos)
            with open(self.partial, encoding="utf-8", newline="") as fh:
                if self.fmt == "jsonl":
                    for lineno, line in enumerate(fh, start=1):
                        if line.strip():
                            try:
                                self.done[_key(json.loads(line).get("id"))] += 1
                            except (json.JSONDecodeError, AttributeError) as exc:
                                raise BatchError(
                                    f"{self.partial}: line {lineno} is not an output row "
                                    f"({exc}); delete the file to start over"
                                ) from exc
                else:
                    for r in csv.DictReader(fh):
                        self.done[_key(csv_unsafe(r.get("id")))] += 1
            self.n_existing = sum(self.done.values())
            self.fh = open(self.partial, "a", encoding="utf-8", newline="")  # noqa: SIM115
            self.csv = csv.DictWriter(self.fh, OUTPUT_COLUMNS) if self.fmt == "csv" else None
        else:
            self.fh = open(self.partial, "w", encoding="utf-8", newline="")  # noqa: SIM115
            self.csv = csv.DictWriter(self.fh, OUTPUT_COLUMNS) if self.fmt == "csv" else None
            if self.csv is not None:
                self.csv.writeheader()

    def _open_parquet(self) -> None:
        import pyarrow.parquet as pq

        self.partial.mkdir(exist_ok=True)
        self.n_parts = 0
        for part in sorted(self.partial.glob("part-*.parquet")):
            try:
                ids = pq.read_table(part, columns=["id"]).column("id").to_pylist()
            except Exception:  # a part torn by a kill: its rows are redone
                part.unlink()
                continue
            for i in ids:
                self.done[_key(i)] += 1
            self.n_parts += 1
        for tmp in self.partial.glob("*.tmp"):
            tmp.unlink()
        self.n_existing = sum(self.done.values())
        self.buffer: list[Any] = []

    def skip(self, row: dict) -> bool:
        """True when ``row``'s id is already in the output (consumes one occurrence)."""
        if not self.done:
            return False
        k = _key(row.get("id"))
        if self.done.get(k, 0) > 0:
            self.done[k] -= 1
            if not self.done[k]:
                del self.done[k]
            return True
        return False

    # -- write
    def write(self, enc: _Encoded) -> None:
        self.n_written += enc.n_rows
        if self.fmt == "parquet":
            self.buffer.append(enc.payload)
            if sum(t.num_rows for t in self.buffer) >= 50_000:
                self._flush_part()
        else:
            self.fh.write(enc.payload)
            self.fh.flush()

    def _flush_part(self) -> None:
        if not self.buffer:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.concat_tables(self.buffer)
        part = self.partial / f"part-{self.n_parts:06d}.parquet"
        tmp = part.with_name(part.name + ".tmp")
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, part)
        self.n_parts += 1
        self.buffer = []

    def close(self) -> None:
        if self.fmt == "parquet":
            self._flush_part()
        else:
            self.fh.close()

    def abort(self) -> None:
        """Close after a failure; remove the ``.partial`` when this run made it and
        wrote no row to it (kept otherwise, for the next run to resume)."""
        self.close()
        if getattr(self, "created", False) and self.n_written == 0 and not self.n_existing:
            self._remove(self.partial)

    def finish(self) -> None:
        """Close and rename the partial output onto the target (atomic)."""
        self.close()
        if self.fmt != "parquet":
            os.replace(self.partial, self.path)
            return
        import pyarrow.parquet as pq

        tmp = self.path.with_name(self.path.name + ".tmp")
        writer = pq.ParquetWriter(tmp, _arrow_schema(), compression="zstd")
        try:
            for part in sorted(self.partial.glob("part-*.parquet")):
                for batch in pq.ParquetFile(part).iter_batches(batch_size=50_000):
                    writer.write_batch(batch)
        finally:
            writer.close()
        os.replace(tmp, self.path)
        shutil.rmtree(self.partial)


class _StdoutWriter(_Writer):
    def __init__(self) -> None:
        self.done = Counter()
        self.n_existing = 0
        self.fmt = "jsonl"

    def open(self, *, resume: bool, append: bool = False) -> None:
        pass

    def abort(self) -> None:
        pass

    def write(self, enc: _Encoded) -> None:
        sys.stdout.write(enc.payload)
        sys.stdout.flush()

    def finish(self) -> None:
        pass

    def close(self) -> None:
        pass


def _is_ours(path: Path, fmt: str) -> bool:
    """Whether ``path`` (an output or its ``.partial``) holds batch output of ``fmt``.

    Judged by its header (CSV), its first row's keys (JSONL) or its columns
    (Parquet); an empty file holds nothing to lose and counts as ours.
    """
    try:
        if path.is_dir():  # the .partial/ of a Parquet run: part files only
            return fmt == "parquet" and all(
                p.name.startswith("part-") and p.suffix in (".parquet", ".tmp")
                for p in path.iterdir()
            )
        if path.stat().st_size == 0:
            return True
        if fmt == "parquet":
            import pyarrow.parquet as pq

            return pq.read_schema(path).names == list(OUTPUT_COLUMNS)
        with open(path, encoding="utf-8", newline="") as fh:
            if fmt == "csv":
                return next(csv.reader(fh), None) == list(OUTPUT_COLUMNS)
            first = next((line for line in fh if line.strip()), "")
            row = json.loads(first)
            return isinstance(row, dict) and set(OUTPUT_COLUMNS) <= set(row)
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    except Exception:  # pyarrow's errors of a file that is no Parquet
        return False
