"""Atomic, deterministic file output: write to a temp file beside the target, then rename."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["atomic_path", "write_json_atomic", "write_text_atomic"]


@contextmanager
def atomic_path(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it onto ``path`` on success.

    The temporary file does not exist when yielded (GDAL drivers refuse to
    overwrite).  On error it is removed and ``path`` is left untouched; an ``OSError``
    that names no file (a full disk) is raised again naming ``path``.  The result
    gets mode 0644 whatever the umask of ``mkstemp``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    os.unlink(tmp_name)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        if exc.filename is None:  # a full disk names no file: name the one being written
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text_atomic(text: str, path: Path | str) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically (LF line ends, as given)."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="")
    return Path(path)


def write_json_atomic(data: Any, path: Path | str) -> Path:
    """Write ``data`` as sorted, indented UTF-8 JSON to ``path`` atomically."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return write_text_atomic(text, path)
