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


def _schema_paths(schema: dict, node: dict, prefix: str) -> set[str]:
    """Dotted field paths of a JSON Schema node (lists as their items), definitions resolved."""
    for key in ("anyOf", "oneOf", "allOf"):
        for alt in node.get(key, []):
            if alt.get("type") != "null":
                return _schema_paths(schema, alt, prefix)
    if "$ref" in node:
        return _schema_paths(schema, schema["$defs"][node["$ref"].rsplit("/", 1)[1]], prefix)
    if node.get("type") == "array" and "items" in node:
        return _schema_paths(schema, node["items"], prefix)
    out = set()
    for name, sub in node.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        out |= {path} | _schema_paths(schema, sub, path)
    return out


def _data_paths(data: object, prefix: str = "") -> set[str]:
    if isinstance(data, list):
        return set().union(*(_data_paths(x, prefix) for x in data)) if data else set()
    if not isinstance(data, dict):
        return set()
    out = set()
    for name, sub in data.items():
        path = f"{prefix}.{name}" if prefix else str(name)
        out |= {path} | _data_paths(sub, path)
    return out


def test_the_two_examples_use_every_field_of_the_schema() -> None:
    from geo.records import json_schema

    schema = json_schema("record")
    used = set().union(*(_data_paths(yaml.safe_load(b)) for b in _record_blocks()))
    # a location is a place or coordinates: the point example shows lat/lon as comments
    missing = _schema_paths(schema, schema, "") - used - {"location.lat", "location.lon"}
    # investment (one claim) and investments (several) share one model: either shows a field
    missing = {m for m in missing if not m.startswith("investment.")} | {
        m for m in missing if m.startswith("investment.") and f"investments.{m[11:]}" not in used
    }
    assert not missing, f"README record examples lack: {sorted(missing)}"
