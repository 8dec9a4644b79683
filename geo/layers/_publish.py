"""Publishing one build's files into its output folders together, under a lock.

A build takes a lock on each output folder (``.geo-build.lock``, an ``flock`` the
kernel drops when the process dies, so a dead build's lock is taken over), writes
every file into a staging folder of its own inside each output folder
(``.geo-build-<pid>-<token>/``: the lock-owned prefix), and publishes by:

1. writing the commit journal ``.geo-build-commit.json`` (atomically) in the first
   folder: every staged file and where it goes — the commit point;
2. renaming each staged file onto its target (same file system: atomic per file), and
   removing the files the previous manifest listed that this build did not write;
3. writing ``build_manifest.json`` (atomically, last) in every folder: the files of
   this build in all folders, with their sha256;
4. removing the journal and the staging folders.

A build killed before 1 leaves the previous build whole (its staging folder is
removed by the next build, which owns the lock then); killed after 1, the next
build (or :func:`recover`) finishes 2–4 from the journal.  Clean-up touches only
staging folders carrying our marker file, the journal and files a manifest of ours
listed: never the user's files.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from geo._io import write_text_atomic
from geo.errors import LayerError

__all__ = [
    "LOCK_NAME",
    "MANIFEST_NAME",
    "Staging",
    "build_lock",
    "publish",
    "recover",
    "verify_manifest",
]

#: The lock file of an output folder (hidden: not an output).
LOCK_NAME = ".geo-build.lock"
#: The manifest naming the files of the last published build, in every output folder.
MANIFEST_NAME = "build_manifest.json"
_JOURNAL_NAME = ".geo-build-commit.json"
_STAGING_PREFIX = ".geo-build-"
#: A file in every staging folder: only folders holding it are ever removed.
_MARKER = ".geo-staging"
_POLL_S = 0.1


def _unique_folders(folders: Sequence[Path | str]) -> list[Path]:
    """Resolved, deduplicated, sorted: two builds lock in one order, never deadlock."""
    return sorted({Path(f).resolve() for f in folders})


def _lock_one(folder: Path, *, wait_s: float) -> int:
    """Hold ``folder``'s lock; the open descriptor (closing it releases the lock)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + max(wait_s, 0.0)
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                os.close(fd)
                raise
        if time.monotonic() >= deadline:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise LayerError(
                f"{folder}: another geo build (pid {holder}) is writing here; wait for it "
                f"to end or pass --wait SECONDS (waited {wait_s:g} s)"
            )
        time.sleep(_POLL_S)
    # The pid is for the message of a build that waits; the flock is the lock.
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    return fd


@contextmanager
def build_lock(folders: Sequence[Path | str], *, wait_s: float = 0.0) -> Iterator[str]:
    """Lock every output folder for one build; yield this build's token.

    On entry, a journal left by a build killed while publishing is finished
    (:func:`recover`) and staging folders of dead builds are removed.

    Parameters
    ----------
    folders : sequence of path-like
        The output folders (created when missing); one lock each, taken in sorted
        order.
    wait_s : float, keyword-only
        How long to wait for another build's lock before refusing.

    Raises
    ------
    LayerError
        When another live build holds a folder after ``wait_s``: one line naming the
        folder and that build's pid.
    """
    token = f"{os.getpid()}-{secrets.token_hex(4)}"
    with ExitStack() as stack:
        for folder in _unique_folders(folders):
            fd = _lock_one(folder, wait_s=wait_s)
            stack.callback(os.close, fd)
        recover(folders)
        for folder in _unique_folders(folders):
            _remove_staging(folder, keep=None)  # a dead build's: we hold the lock
        try:
            yield token
        finally:
            for folder in _unique_folders(folders):
                _remove_staging(folder, keep=None)


@dataclass
class Staging:
    """Where a build writes before publishing: one staging folder per output folder."""

    token: str
    targets: dict[Path, Path]  # output folder -> its staging folder

    @classmethod
    def create(cls, folders: Sequence[Path | str], token: str) -> Staging:
        targets = {}
        for folder in _unique_folders(folders):
            stage = folder / f"{_STAGING_PREFIX}{token}"
            stage.mkdir(parents=True)
            (stage / _MARKER).write_text(token + "\n", encoding="ascii")
            targets[folder] = stage
        return cls(token, targets)

    def __call__(self, folder: Path | str) -> Path:
        """The staging folder of output ``folder``."""
        return self.targets[Path(folder).resolve()]


def _remove_staging(folder: Path, *, keep: str | None) -> None:
    """Remove staging folders (our marker inside) in ``folder``, except ``keep``'s."""
    if not folder.is_dir():
        return
    for p in folder.iterdir():
        if not p.name.startswith(_STAGING_PREFIX) or p.name == f"{_STAGING_PREFIX}{keep}":
            continue
        if p.is_dir() and not p.is_symlink() and (p / _MARKER).is_file():
            shutil.rmtree(p, ignore_errors=True)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def publish(staging: Staging, files: Sequence[Path]) -> list[Path]:
    """Move the staged ``files`` onto their targets together; the published paths.

    ``files`` are paths inside the staging folders of ``staging``; each goes to the
    same relative path in the output folder.  Writes the journal first, the
    manifests last (see the module docstring).
    """
    moves: list[tuple[Path, Path]] = []
    for f in files:
        f = Path(f).resolve()
        for folder, stage in staging.targets.items():
            if f.is_relative_to(stage):
                moves.append((f, folder / f.relative_to(stage)))
                break
        else:
            raise LayerError(f"{f}: not in a staging folder of this build")
    first = next(iter(staging.targets))
    written = {str(b) for _a, b in moves}
    journal = {
        "folders": [str(p) for p in staging.targets],
        "moves": [[str(a), str(b)] for a, b in moves],
        "sha256": {str(b): _sha256(a) for a, b in moves},
        # files the last build published that this one did not write (a detail still
        # of a cluster that is gone): left behind, they would contradict the new build
        "stale": sorted(
            str(f) for folder in staging.targets for f in _published(folder) if str(f) not in written
        ),
    }
    write_text_atomic(json.dumps(journal, indent=1) + "\n", first / _JOURNAL_NAME)
    _finish(journal)
    return [b for _a, b in moves]


def _published(folder: Path) -> list[Path]:
    """The files ``folder``'s manifest lists (only files a build of ours wrote)."""
    try:
        listed = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [folder / name for name in listed if ".." not in Path(name).parts]


def _finish(journal: dict) -> None:
    """Steps 2–4 of publishing; safe to repeat after a kill at any point of them."""
    for src, dst in journal["moves"]:
        src_p, dst_p = Path(src), Path(dst)
        if src_p.exists():
            dst_p.parent.mkdir(parents=True, exist_ok=True)
            os.replace(src_p, dst_p)
    for path in journal.get("stale", ()):
        Path(path).unlink(missing_ok=True)
    folders = [Path(p) for p in journal["folders"]]
    sha = journal["sha256"]
    for folder in folders:
        listed = {
            os.path.relpath(dst, folder).replace(os.sep, "/"): sha[dst]
            for _src, dst in journal["moves"]
        }
        listed = dict(sorted(listed.items()))
        text = json.dumps({"format": 1, "files": listed}, indent=2, sort_keys=True) + "\n"
        write_text_atomic(text, folder / MANIFEST_NAME)
    (folders[0] / _JOURNAL_NAME).unlink(missing_ok=True)


def recover(folders: Sequence[Path | str]) -> bool:
    """Finish a publication a killed build began; True when there was one.

    Call with the folders locked (:func:`build_lock` does).
    """
    done = False
    for folder in _unique_folders(folders):
        path = folder / _JOURNAL_NAME
        if not path.is_file():
            continue
        try:
            journal = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # torn journal: its build never committed
            path.unlink(missing_ok=True)
            continue
        _finish(journal)
        done = True
    return done


def verify_manifest(folder: Path | str) -> list[str]:
    """Problems of ``folder``'s manifest: files missing or whose sha256 differs.

    An empty list means the folder holds one build whole (or has no manifest yet).
    """
    folder = Path(folder)
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return []
    listed = json.loads(path.read_text(encoding="utf-8"))["files"]
    problems = []
    for rel, digest in listed.items():
        target = folder / rel
        if not target.is_file():
            problems.append(f"{target}: missing")
        elif _sha256(target) != digest:
            problems.append(f"{target}: sha256 differs from {MANIFEST_NAME}")
    return problems
