"""`geo validate` checks the curated gazetteer files like records: file, line, id, field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geo.cli import app
from geo.gazetteer import check_curated

REPO = Path(__file__).resolve().parent.parent
GOOD = "- {id: a-town, name: A Town, lat: 47.65, lon: 132.5, precision: 2}\n"


def test_the_shipped_curated_files_have_no_problems() -> None:
    assert check_curated(REPO / "seeds" / "gazetteer") == []


@pytest.mark.parametrize(
    ("text", "line", "rid", "field", "words"),
    [
        # the three of the issue
        ("- id: a\n  name: A\n  lat: 1\n  lat: 2\n  lon: 3\n", 4, "a", "lat", "appears twice"),
        (
            "- id: a\n  name: A\n  lat: 1\n  lon: 2\n  population: about 500\n",
            5,
            "a",
            "population",
            "write the number alone: 500",
        ),
        ("- id: a\n  name: A\n  lon: 2\n", 1, "a", "lat", "missing lat"),
        # and their kin
        ("- {id: a, name: A, lat: 132.5, lon: 47.6}\n", 1, "a", "lat", "swapped"),
        ("- {id: a, name: A, lat: north, lon: 2}\n", 1, "a", "lat", "decimal degrees"),
        (
            "- {id: a, name: A, lat: 1, lon: 2}\n- {id: a, name: B, lat: 1, lon: 2}\n",
            2,
            "a",
            "id",
            "unique",
        ),
        ("- {id: a, name: A, lat: 1, lon: 2, precision: 9}\n", 1, "a", "precision", "1..8"),
        (
            "- {id: a, name: A, lat: 1, lon: 2, country_code: Russia}\n",
            1,
            "a",
            "country_code",
            "alpha-2",
        ),
        (
            "- {id: a, name: A, lat: 1, lon: 2, uncertanty_km: 5}\n",
            1,
            "a",
            "uncertanty_km",
            "unknown field",
        ),
        ("- {id: A Town, name: A, lat: 1, lon: 2}\n", 1, "A Town", "id", "not an id"),
        (
            "- {id: a, name: A, lat: 1, lon: 2, country_code: XX}\n",
            1,
            "a",
            "country_code",
            "unknown country code",
        ),
        (
            "- {id: a, name: A, lat: 1, lon: 2, country_code: UK}\n",
            1,
            "a",
            "country_code",
            "write 'GB'",
        ),
        # a break-it pass: the source of an entry is checked like a record's
        (
            "- {id: a, name: A, lat: 1, lon: 2, source: {url: 'javascript:alert(1)'}}\n",
            1,
            "a",
            "source",
            "must start with http",
        ),
        (
            '- {id: a, name: A, lat: 1, lon: 2, source: {url: "https://x.org/a\\tb"}}\n',
            1,
            "a",
            "source",
            "whitespace",
        ),
        (
            '- {id: a, name: A, lat: 1, lon: 2, source: {url: "https://\\u202Ex.org/"}}\n',
            1,
            "a",
            "source",
            "invisible or control character",
        ),
        (
            "- {id: a, name: A, lat: 1, lon: 2, source: {date: '2024-02-31'}}\n",
            1,
            "a",
            "source",
            "does not exist",
        ),
        (
            "- {id: a, name: A, lat: 1, lon: 2, source: {date: banana}}\n",
            1,
            "a",
            "source",
            "is not a date",
        ),
        (
            "- {id: a, name: A, lat: 1, lon: 2, population: 1.6e5}\n",
            1,
            "a",
            "population",
            "write 160000",
        ),
        ("- [unclosed\n", 2, None, None, "YAML syntax error"),
        ("- just text\n", 1, None, None, "expected a mapping"),
    ],
)
def test_a_broken_entry_is_reported_with_file_line_id_and_field(
    tmp_path: Path, text: str, line: int, rid: str | None, field: str | None, words: str
) -> None:
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    issues = check_curated(tmp_path)
    assert issues, text
    first = issues[0] if len(issues) == 1 else next(i for i in issues if words in i.message)
    assert first.path == tmp_path / "bad.yaml"
    assert (first.line, first.record_id, first.field) == (line, rid, field)
    assert words in first.message


def test_a_file_of_several_yaml_documents_reads_like_one_list(tmp_path: Path) -> None:
    from geo.gazetteer._curated import curated_entries

    (tmp_path / "two.yaml").write_text(
        GOOD + "---\n" + GOOD.replace("a-town", "b-town"), encoding="utf-8"
    )
    assert check_curated(tmp_path) == []
    assert [e.id for e in curated_entries(tmp_path)] == ["curated:a-town", "curated:b-town"]


def test_a_good_file_has_no_problems(tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_text(GOOD, encoding="utf-8")
    assert check_curated(tmp_path) == []
    assert check_curated(tmp_path / "missing") == []


def test_geo_validate_lists_curated_problems_beside_record_problems(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    bad = seeds / "gazetteer" / "zz-bad.yaml"
    bad.write_text(
        "- id: b\n  name: B\n  lat: 1\n  lon: 2\n  population: about 500\n", encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["validate", str(seeds)])
    assert result.exit_code == 1
    assert "zz-bad.yaml:5" in result.output
    assert "'population'" in result.output and "500" in result.output
