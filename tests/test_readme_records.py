"""The record examples of the README are valid records, as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from geo.records import Record, load_records

README = Path(__file__).resolve().parent.parent / "README.md"


def _record_blocks() -> list[str]:
    section = README.read_text(encoding="utf-8").split("## Records", 1)[1].split("\n## ", 1)[0]
    return [b for b in re.findall(r"```yaml\n(.*?)```", section, re.S) if b.startswith("id:")]


def test_the_readme_shows_a_point_and_a_route_record() -> None:
    kinds = {
        ("location" in yaml.safe_load(b), "route" in yaml.safe_load(b)) for b in _record_blocks()
    }
    assert kinds == {(True, False), (False, True)}


@pytest.mark.parametrize("block", _record_blocks(), ids=lambda b: b.split("\n", 1)[0])
def test_readme_record_validates(tmp_path: Path, block: str) -> None:
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "example.yaml").write_text(block, encoding="utf-8")
    rs = load_records(tmp_path)
    (record,) = rs.records
    assert isinstance(record, Record)
    assert record.mode  # every example names what moves: it picks the line colour


@pytest.mark.parametrize("block", _record_blocks(), ids=lambda b: b.split("\n", 1)[0])
def test_readme_record_uses_every_top_level_field_it_documents(block: str) -> None:
    data = yaml.safe_load(block)
    common = {"id", "name", "type", "mode", "status", "countries", "capacities", "dates", "sources"}
    assert common <= set(data)
