"""Shared fixtures: one build of the repository's seeds into a temporary folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
#: Every record file of seeds/records/ (one list for tests/test_records.py and test_atlas.py).
SEED_RECORDS = sorted((REPO / "seeds" / "records").rglob("*.y*ml"))


def require_client(what: str, reason: str) -> None:
    """Skip with ``reason`` when a real client is missing; fail instead under CI.

    ``.ci/run`` sets ``GEO_REQUIRE_CLIENTS=1`` after installing Chromium and QGIS,
    so a missing client there is a broken install step, not a reason to skip.
    """
    if os.environ.get("GEO_REQUIRE_CLIENTS") == "1":
        pytest.fail(f"{what} is required in CI but missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


def build_copy(seeds: Path, root: Path) -> Path:
    """Copy ``seeds`` to ``root/seeds`` and run `geo build` there, as a user would.

    Paths in the outputs are relative to ``root`` (the build runs with it as the
    working directory), so two roots give comparable files.
    """
    from geo.pipeline import build

    shutil.copytree(seeds, root / "seeds")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        build("seeds", layers_dir="layers", maps_dir="maps")
    finally:
        os.chdir(cwd)
    return root


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the main job (`geo build`) on a copy of seeds/; return the output root.

    The root holds ``layers/`` and ``maps/`` as ``geo build`` writes them.
    """
    return build_copy(REPO / "seeds", tmp_path_factory.mktemp("build"))
