"""geo._yaml: YAML read into (data, node) with the line of any field path, and its refusals.

The curated gazetteer files will be read the same way, so the tests use their shape
(a list of entries) as well as the records'.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from geo._yaml import decode_text, document_items, line_of, node_at, read_yaml
from geo.errors import Issue
from geo.records import seed_files

GAZETTEER = """\
# curated entries
- id: first
  name: First
  lat: 47.9
  lon: 132.7
- id: second
  name: Second
  lat: 48.0
  lon: 132.5
"""


def test_line_of_a_field_path_in_a_list_of_entries(tmp_path: Path) -> None:
    path = tmp_path / "atlas.yaml"
    path.write_text(GAZETTEER, encoding="utf-8")
    issues: list[Issue] = []
    docs = read_yaml(path, issues)
    assert issues == [] and docs is not None
    [(data, root)] = docs
    assert data[1]["id"] == "second"
    assert line_of(root, [1, "lat"]) == 8
    assert line_of(root, ["1", "lon"]) == 9  # an index written as text, as in "entries.1.lon"
    assert line_of(root, [1, "population"]) == 6  # a missing field: the line of its entry
    assert line_of(root, []) == 2
    assert line_of(None, [0]) is None
    node = node_at(root, [0, "name"])
    assert isinstance(node, yaml.ScalarNode) and node.value == "First"
    assert node_at(root, [5, "name"]) is None


def test_items_of_a_list_carry_their_own_node(tmp_path: Path) -> None:
    path = tmp_path / "atlas.yaml"
    path.write_text(GAZETTEER, encoding="utf-8")
    items = list(document_items(read_yaml(path, []) or []))
    assert [item["id"] for item, _ in items] == ["first", "second"]
    assert [line_of(node, ["lat"]) for _, node in items] == [4, 8]


def test_nested_mapping_path(tmp_path: Path) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text("entries:\n  - id: a\n  - id: b\n    lat: 1.5\n", encoding="utf-8")
    [(_, root)] = read_yaml(path, []) or []
    assert line_of(root, ["entries", 1, "lat"]) == 4


def test_duplicate_key_reported_with_both_lines_and_data_still_read(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("- id: a\n  lat: 1\n  lat: 2\n", encoding="utf-8")
    issues: list[Issue] = []
    docs = read_yaml(path, issues)
    assert docs is not None and docs[0][0] == [{"id": "a", "lat": 2}]
    [issue] = issues
    assert issue.path == path and issue.line == 3
    assert "'lat' appears twice" in issue.message and "line 2" in issue.message


def test_syntax_error_and_encodings_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("- id: a\n  name: [b\n", encoding="utf-8")
    issues: list[Issue] = []
    assert read_yaml(path, issues) is None
    assert issues[0].line is not None and "YAML syntax error" in issues[0].message
    issues = []
    assert decode_text("a: 1\nb: caf\xe9\n".encode("cp1252"), path, issues) is None
    assert issues[0].line == 2 and "not UTF-8" in issues[0].message
    assert decode_text("\ufeffa: 1\r\nb: 2\r\n".encode(), path, []) == "a: 1\nb: 2\n"


def test_seed_files_of_a_seeds_folder_a_folder_and_a_file(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    record = tmp_path / "records" / "a.yaml"
    record.write_text("id: a\n", encoding="utf-8")
    (tmp_path / "sources.yaml").write_text("[]\n", encoding="utf-8")
    (tmp_path / "places.yaml").write_text("[]\n", encoding="utf-8")
    found = seed_files(tmp_path)
    assert found == ([record], tmp_path / "sources.yaml", tmp_path / "places.yaml")
    assert seed_files(tmp_path / "records") == ([record], tmp_path / "sources.yaml", None)
    assert seed_files(record).sources == tmp_path / "sources.yaml"
