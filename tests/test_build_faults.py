"""Builds against concurrent runs, failures and kills (issue 22, second half).

Each test is named after what it would break.  Builds run on a copy of seeds/ cut to
two records (a few seconds each), GeoJSON only unless said.
"""

from __future__ import annotations

import fcntl
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from geo.errors import LayerError
from geo.layers import (
    LOCK_NAME,
    MANIFEST_NAME,
    Staging,
    build_lock,
    publish,
    recover,
    verify_manifest,
)

REPO = Path(__file__).resolve().parents[1]
GEO = str(Path(sys.executable).with_name("geo"))  # the console script beside python
KEEP_RECORDS = ("blagoveshchensk-heihe-bridge.yaml", "bolshoy-ussuriysky-island.yaml")


def small_seeds(root: Path) -> Path:
    """seeds/ with two records: a build of a few seconds."""
    seeds = root / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    for f in (seeds / "records").iterdir():
        if f.name not in KEEP_RECORDS:
            f.unlink()
    return seeds


def run_build(root: Path, **kwargs) -> None:
    from geo.pipeline import build

    build(
        root / "seeds",
        layers_dir=root / "layers",
        maps_dir=root / "maps",
        formats="geojson",
        **kwargs,
    )


def snapshot(root: Path) -> dict[str, bytes]:
    """Every visible file of layers/ and maps/ and its bytes."""
    out = {}
    for folder in ("layers", "maps"):
        for p in sorted((root / folder).rglob("*")):
            if p.is_file() and not any(part.startswith(".") for part in p.parts[-2:]):
                out[p.relative_to(root).as_posix()] = p.read_bytes()
    return out


def assert_whole(root: Path) -> None:
    """Both manifests exist, agree, and name existing files whose sha256 match."""
    manifests = [root / f / MANIFEST_NAME for f in ("layers", "maps")]
    assert all(m.is_file() for m in manifests)
    for folder in ("layers", "maps"):
        assert verify_manifest(root / folder) == [], folder


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("faults")
    small_seeds(root)
    run_build(root)
    assert_whole(root)
    return root


def fresh_copy(first_build: Path, tmp_path: Path) -> Path:
    shutil.copytree(first_build, tmp_path, dirs_exist_ok=True)
    return tmp_path


# ------------------------------------------------------------------ concurrent builds


def hold_lock(folder: Path) -> int:
    """Take ``folder``'s lock as another build would (this process's pid inside)."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return fd


@pytest.mark.parametrize("held", ["layers", "maps"])
def test_second_build_refused_naming_folder_and_pid(
    first_build: Path, tmp_path: Path, held: str
) -> None:
    root = fresh_copy(first_build, tmp_path)
    before = snapshot(root)
    fd = hold_lock(root / held)
    try:
        t0 = time.monotonic()
        with pytest.raises(LayerError) as err:
            run_build(root, lock_wait_s=0.3)
        assert time.monotonic() - t0 < 5
    finally:
        os.close(fd)
    msg = str(err.value)
    assert "\n" not in msg and str((root / held).resolve()) in msg
    assert f"pid {os.getpid()}" in msg and "--wait" in msg
    assert snapshot(root) == before


def test_second_build_refused_on_the_command_line_in_one_line(
    first_build: Path, tmp_path: Path
) -> None:
    root = fresh_copy(first_build, tmp_path)
    fd = hold_lock(root / "layers")
    try:
        proc = subprocess.run(
            [GEO, "build", "--formats", "geojson", "--wait", "0"],
            cwd=root, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    finally:
        os.close(fd)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr + proc.stdout
    assert f"pid {os.getpid()}" in proc.stderr + proc.stdout


def test_waiting_build_gets_the_lock_when_the_first_ends(tmp_path: Path) -> None:
    fd = hold_lock(tmp_path / "layers")
    threading.Timer(0.3, os.close, args=(fd,)).start()
    t0 = time.monotonic()
    with build_lock([tmp_path / "layers", tmp_path / "maps"], wait_s=10):
        waited = time.monotonic() - t0
    assert 0.2 < waited < 5


@pytest.mark.parametrize(
    "lock_text",
    ["999999999\n", "", "not a pid", "12345\n" * 1000],  # a dead build's, torn, junk
)
def test_stale_lock_of_a_dead_build_is_taken_over(tmp_path: Path, lock_text: str) -> None:
    for folder in ("layers", "maps"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / LOCK_NAME).write_text(lock_text)
    with build_lock([tmp_path / "layers", tmp_path / "maps"], wait_s=0) as token:
        assert token.startswith(f"{os.getpid()}-")
        assert (tmp_path / "layers" / LOCK_NAME).read_text() == f"{os.getpid()}\n"


def test_lock_of_a_killed_build_is_released(tmp_path: Path) -> None:
    code = (
        "import sys,time; from geo.layers import build_lock\n"
        f"with build_lock([{str(tmp_path)!r}]): print('held', flush=True); time.sleep(60)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        with pytest.raises(LayerError, match=f"pid {proc.pid}"), build_lock([tmp_path]):
            pass
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        with build_lock([tmp_path], wait_s=2):
            pass
    finally:
        proc.kill()
        proc.wait()


# ----------------------------------------------------------- clean-up by ownership

#: Files a user may keep in the output folders; none looks like ours to a build.
USER_FILES = (
    ".atlas.abcdefgh.gpkg",  # hidden, named like an old temp file: issue 22
    ".corridors.q8w7e6r5.geojson",
    ".atlas.k2j3h4g5.gpkg-journal",
    ".build_report.zz99zz99.json",
    "notes.txt",
    ".geo-build-mine/keep.txt",  # our prefix, but no marker inside: not ours
)


def test_cleanup_keeps_the_users_files(first_build: Path, tmp_path: Path) -> None:
    root = fresh_copy(first_build, tmp_path)
    old = time.time() - 86400
    for folder in ("layers", "maps"):
        for name in USER_FILES:
            p = root / folder / name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text("mine")
            os.utime(p, (old, old))
    run_build(root)
    for folder in ("layers", "maps"):
        for name in USER_FILES:
            assert (root / folder / name).read_text() == "mine", f"{folder}/{name}"
    assert_whole(root)


def test_cleanup_removes_a_dead_builds_staging_folder(first_build: Path, tmp_path: Path) -> None:
    root = fresh_copy(first_build, tmp_path)
    dead = Staging.create([root / "layers", root / "maps"], "999999999-deadbeef")
    for stage in dead.targets.values():
        (stage / ".atlas.abcdefgh.gpkg").write_text("half written")
    with build_lock([root / "layers", root / "maps"]):
        pass
    assert not [p for p in (root / "layers").iterdir() if p.name.startswith(".geo-build-9")]
    assert not [p for p in (root / "maps").iterdir() if p.name.startswith(".geo-build-9")]


# ------------------------------------------------------------ publishing together


class MapsFailedError(RuntimeError):
    pass


@pytest.mark.parametrize("fails", ["render_stills", "write_map", "make_map"])
def test_failure_after_layers_leaves_the_previous_build_whole(
    first_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails: str
) -> None:
    import geo.pipeline
    import geo.stills

    root = fresh_copy(first_build, tmp_path)
    before = snapshot(root)

    def boom(*_a, **_k):
        raise MapsFailedError(fails)

    target = geo.stills if fails == "render_stills" else geo.pipeline
    monkeypatch.setattr(target, fails, boom)
    with pytest.raises(MapsFailedError):
        run_build(root, title="a new title")
    assert snapshot(root) == before
    assert_whole(root)
    assert not [p for p in (root / "layers").iterdir() if p.name.startswith(".geo-build-")]


#: Renames a publication of 4 files makes: the journal, 4 moves, 2 manifests.
@pytest.mark.parametrize("renames_done", [1, 2, 4, 5, 6])
def test_publish_cut_short_is_finished_by_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, renames_done: int
) -> None:
    import geo.layers._publish as pub

    folders = [tmp_path / "layers", tmp_path / "maps"]
    with build_lock(folders) as token:
        staging = Staging.create(folders, token)
        files = []
        for i, folder in enumerate(folders * 2):
            p = staging(folder) / f"f{i}.txt"
            p.write_text(f"new {i}")
            files.append(p)
        real = os.replace
        calls = []

        def replace_then_die(a, b):
            if len(calls) >= renames_done:
                raise KeyboardInterrupt  # stands for a kill: nothing after it runs
            calls.append(a)
            real(a, b)

        monkeypatch.setattr(pub.os, "replace", replace_then_die)
        with pytest.raises(KeyboardInterrupt):
            publish(staging, files)
        monkeypatch.setattr(pub.os, "replace", real)
        assert recover(folders)
    for i, folder in enumerate(folders * 2):
        assert (folder / f"f{i}.txt").read_text() == f"new {i}"
    for folder in folders:
        assert verify_manifest(folder) == []


def test_manifest_names_files_in_both_folders(first_build: Path) -> None:
    import json

    listed = json.loads((first_build / "layers" / MANIFEST_NAME).read_text())["files"]
    assert "build_report.json" in listed and "../maps/index.html" in listed
    assert "../maps/index.png" in listed and "facilities.geojson" in listed
    from_maps = json.loads((first_build / "maps" / MANIFEST_NAME).read_text())["files"]
    assert "index.html" in from_maps and "../layers/facilities.geojson" in from_maps


# ------------------------------------------------------------------------ kills

KILL_SEEDS = (1, 2, 3, 4, 5, 6)


def wait_for_staging(proc: subprocess.Popen, layers: Path, *, timeout_s: float = 60) -> None:
    """Until the build holds the lock and writes (its staging folder exists)."""
    deadline = time.monotonic() + timeout_s
    while proc.poll() is None and time.monotonic() < deadline:
        if layers.is_dir() and any(p.name.startswith(".geo-build-") for p in layers.iterdir()):
            return
        time.sleep(0.01)


@pytest.mark.parametrize("seed", KILL_SEEDS)
def test_kill_at_a_random_moment_leaves_outputs_whole(
    first_build: Path, tmp_path: Path, seed: int
) -> None:
    """SIGKILL a `geo build` at a seeded random moment of its writing and publishing.

    The moment is counted from when the build starts writing (its staging folder
    appears: ~2 s of writing layers, maps and the still, then publishing), so the
    kills land in the phases that touch the outputs.
    """
    root = fresh_copy(first_build, tmp_path)
    before = snapshot(root)
    delay_s = random.Random(seed).uniform(0.0, 2.5)
    proc = subprocess.Popen(
        [GEO, "build", "--formats", "geojson,gpkg", "--title", f"kill {seed}"],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_staging(proc, root / "layers")
        proc.wait(timeout=delay_s)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=10)
    # What a reader sees now: the previous build, or the new one whole, or a
    # publication under way that the next build (which takes the lock) finishes.
    with build_lock([root / "layers", root / "maps"], wait_s=0):
        pass
    assert_whole(root)
    after = snapshot(root)
    assert set(before) <= set(after) <= set(before) | {"layers/atlas.gpkg"}
    assert not [p for p in (root / "layers").iterdir() if p.name.startswith(".geo-build-")]


# ------------------------------------------------------------------ empty layers

NO_GEOMETRY = {
    "every feature null": [{"type": "Feature", "properties": {"name": "a"}, "geometry": None}],
    "empty point": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": []}}
    ],
    "empty collection": [
        {
            "type": "Feature",
            "properties": {"id": "x"},
            "geometry": {"type": "GeometryCollection", "geometries": []},
        }
    ],
    "no feature": [],
}


@pytest.mark.parametrize("case", NO_GEOMETRY)
def test_still_of_a_layer_without_geometry_is_one_clear_error(tmp_path: Path, case: str) -> None:
    import json

    from geo.maps import map_layers
    from geo.stills import render_still

    src = tmp_path / "empty.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": NO_GEOMETRY[case]}))
    with pytest.raises(LayerError, match="nothing to draw"):
        render_still(map_layers([src]), tmp_path / "m.png")
    assert not (tmp_path / "m.png").exists()


def test_map_png_without_geometry_is_one_line_on_the_command_line(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from geo.cli import app

    src = tmp_path / "empty.geojson"
    features = NO_GEOMETRY["every feature null"]
    src.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    args = ["map", str(src), "-o", str(tmp_path / "m.html"), "--png", str(tmp_path / "m.png")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "TypeError" not in result.output
    assert "error: nothing to draw: no feature of empty has a geometry" in result.output


def test_build_placing_no_record_names_each_and_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every record unplaceable: the command line names them (not only the report)."""
    from typer.testing import CliRunner

    import geo.pipeline
    from geo.cli import app
    from geo.errors import Issue

    small_seeds(tmp_path)
    real = geo.pipeline.build_layers

    def none_placed(recset, **kwargs):
        ls = real(recset, **kwargs)
        ls.layers = {n: g.iloc[:0] for n, g in ls.layers.items()}
        ls.issues = [
            Issue(Path("seeds/records/a.yaml"), "place 'Nowhere' not found", record_id="rec-a"),
            Issue(Path("seeds/records/b.yaml"), "no location given", record_id="rec-b"),
        ]
        return ls

    monkeypatch.setattr(geo.pipeline, "build_layers", none_placed)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build", "--formats", "geojson"])
    assert result.exit_code == 1, result.output
    out = " ".join(result.output.split())
    assert "no record could be placed" in out and "Traceback" not in out
    for text in ("rec-a", "place 'Nowhere' not found", "rec-b", "no location given"):
        assert text in out
    assert not (tmp_path / "layers").exists() and not (tmp_path / "maps").exists()


# ------------------------------------------------------------------ stale outputs


def _publish_once(folder: Path, token: str, names: list[str]) -> list[Path]:
    with build_lock([folder]):
        staging = Staging.create([folder], token)
        files = []
        for name in names:
            f = staging(folder) / name
            f.write_text(name, encoding="utf-8")
            files.append(f)
        return publish(staging, files)


def test_issue20_an_output_the_new_build_did_not_write_is_removed(tmp_path: Path) -> None:
    # a detail still of a cluster that is gone must not stay beside the new overview
    maps = (tmp_path / "maps").resolve()
    maps.mkdir()
    (maps / "notes.txt").write_text("the user's own file", encoding="utf-8")
    _publish_once(maps, "a", ["index.png", "index-detail-a.png", "index-detail-b.png"])
    _publish_once(maps, "b", ["index.png", "index-detail-a.png"])
    assert sorted(p.name for p in maps.iterdir() if not p.name.startswith(".")) == [
        MANIFEST_NAME,
        "index-detail-a.png",
        "index.png",
        "notes.txt",  # never listed by a manifest of ours: kept
    ]
    assert verify_manifest(maps) == []
