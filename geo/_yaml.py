"""YAML reading with line numbers: the one reader of the hand-written input files.

Records, sources and places (``seeds/``) are read here, and so can the curated
gazetteer files (``seeds/gazetteer/*.yaml``): every problem becomes an
:class:`~geo.errors.Issue` naming the file and line, never a traceback.

What a reader gets
------------------
:func:`read_yaml` reads a file into ``[(data, node), …]``, one pair per YAML document:
``data`` is what :func:`yaml.safe_load` would give and ``node`` the root of the
document's node tree, which remembers where every value was written.  Ask it for
the line of a field path with :func:`line_of`::

    issues: list[Issue] = []
    docs = read_yaml(path, issues)  # None after an issue
    for data, node in docs or []:
        line = line_of(node, ["entries", 3, "lat"])  # 1-based

A path is a sequence of mapping keys (``str``) and list indices (``int``), the shape
of a pydantic error location.  A file that is a list of items (one record, source or
entry each) is walked item by item with :func:`document_items`, which pairs each
item with its own node.

What is refused
---------------
The text must be UTF-8, with or without BOM, with LF or CRLF line ends; UTF-16 and
legacy 8-bit encodings are reported with the line of the first bad byte.  Syntax
errors, values YAML cannot construct and keys repeated in one mapping are reported
with their line (YAML itself would keep only the last of two equal keys, silently).

Hostile structure is refused before any node tree is built: lists and mappings
nested deeper than :data:`MAX_DEPTH`, and aliases that would repeat more than
:data:`MAX_ALIAS_NODES` nodes (a few hundred bytes of nested aliases, the "billion
laughs", stand for 10⁹ values that every later check would walk).  Both are found by
one pass over the parser's events, which neither recurses nor expands an alias, so
any file is judged in time proportional to its length.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from geo.errors import Issue

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "YamlDocument",
    "decode_text",
    "document_items",
    "line_of",
    "node_at",
    "read_text",
    "read_yaml",
    "typed_scalar_hint",
]

#: One YAML document: the value it holds and the root node of its node tree.
YamlDocument = tuple[Any, yaml.Node]

#: Deepest nesting of lists and mappings in a file.  A record nests about 5 deep;
#: the limit keeps every walk of the tree (composer, constructor, checks) far from
#: Python's recursion limit.
MAX_DEPTH = 64

#: Most nodes that the aliases of one file may stand for in total (nodes written once
#: are not counted).  A hand-written file repeats a few mappings; 10,000 is far more
#: than that and still cheap for every check that walks the values.
MAX_ALIAS_NODES = 10_000


def decode_text(raw: bytes, path: Path, issues: list[Issue]) -> str | None:
    """Decode ``raw`` as UTF-8 (with or without BOM, LF or CRLF), or report why not.

    Parameters
    ----------
    raw : bytes
        File content.
    path : Path
        File name, for the issue.
    issues : list of Issue
        Receives an issue (with the line of the first bad byte) when the bytes are
        not UTF-8.

    Returns
    -------
    str or None
        The text with LF line ends, or ``None`` when it could not be decoded.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        issues.append(
            Issue(path, "the file is UTF-16: save it as UTF-8 (e.g. 'CSV UTF-8' or 'UTF-8')")
        )
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        guess = ""
        try:
            raw.decode("cp1251")
            guess = " (it looks like a legacy 8-bit encoding such as Windows-1251 or -1252)"
        except UnicodeDecodeError:
            pass
        issues.append(
            Issue(
                path,
                f"not UTF-8: byte {raw[exc.start]:#04x} at column {col}{guess}; "
                "save the file as UTF-8",
                line=line,
            )
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


#: libyaml's parser when PyYAML was built with it (about 10 times faster), else Python's.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Constructor(yaml.SafeLoader):
    """PyYAML's safe constructor that never lets a bad value escape as a traceback.

    A plain scalar that looks like a date but is none (``2023-13-45``) stays text, so
    the field's own check reports it with the record and field; any other error of a
    constructor becomes a :class:`yaml.constructor.ConstructorError` at the node's line.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except Exception:  # ValueError, OverflowError, AttributeError …
            shown = f" {node.value!r}" if isinstance(node, yaml.ScalarNode) else ""
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"YAML cannot read the value{shown} as a {node.tag.rsplit(':', 1)[-1]}: "
                "correct it, or write it in quotes if it is text",
                node.start_mark,
            ) from None


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def read_text(path: Path, issues: list[Issue]) -> str | None:
    """The text of a hand-written input file (UTF-8, see :func:`decode_text`), or ``None``
    after an issue naming the file (unreadable, or another encoding, with its line)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        issues.append(Issue(path, f"cannot read the file: {exc.strerror}"))
        return None
    return decode_text(raw, path, issues)


def read_yaml(path: Path, issues: list[Issue]) -> list[YamlDocument] | None:
    """Read every document of a YAML file with its node tree, or report why not.

    Parameters
    ----------
    path : Path
        A YAML file (UTF-8, see :func:`decode_text`).
    issues : list of Issue
        Receives every problem with the file and line: unreadable file, encoding,
        syntax, a value YAML cannot construct, a key repeated in one mapping.

    Returns
    -------
    list of (data, node) or None
        One ``(data, root node)`` per non-empty document, in file order (ask a node
        for a line with :func:`line_of`); ``None`` when the file could not be read
        or parsed (the issue says why).  Repeated keys are reported but the
        documents are still returned.
    """
    text = read_text(path, issues)
    if text is None:
        return None
    docs: list[YamlDocument] = []
    try:
        # Anchors are the only way to make a small file stand for a huge tree: only then
        # the events are counted before any node is built.  Without anchors the node
        # tree is the file's own size, and its depth is checked on the nodes below.
        if "&" in text and (limit_issue := _structure_limits(text, path)) is not None:
            issues.append(limit_issue)
            return None
        nodes = [n for n in yaml.compose_all(text, Loader=_LOADER) if n is not None]
    except yaml.YAMLError as exc:
        # libyaml stops at 1,000 levels with its own words: say it our way
        issues.append(_limits_or_syntax(text, path) or _yaml_error_issue(exc, path))
        return None
    for node in nodes:
        deep = _check_tree(node, path, issues)
        if deep is not None:
            issues.append(deep)
            return None
    try:
        docs = [(_Constructor("").construct_document(node), node) for node in nodes]
    except yaml.YAMLError as exc:
        issues.append(_yaml_error_issue(exc, path))
        return None
    return docs


def _limits_or_syntax(text: str, path: Path) -> Issue | None:
    """The structure-limit issue of ``text`` if it has one, else ``None`` (a syntax error)."""
    try:
        return _structure_limits(text, path)
    except yaml.YAMLError:
        return None


def _check_tree(root: yaml.Node, path: Path, issues: list[Issue]) -> Issue | None:
    """Report keys repeated in one mapping; return the issue of nesting deeper than
    :data:`MAX_DEPTH`, else ``None``.

    One iterative walk, each node once (a node several aliases share is one object:
    checked and reported once, not at every use).
    """
    visited: set[int] = set()
    todo: list[tuple[yaml.Node, int]] = [(root, 1)]
    mapping, sequence = yaml.MappingNode, yaml.SequenceNode
    while todo:
        node, depth = todo.pop()
        kind = type(node)
        if kind is not mapping and kind is not sequence:
            continue
        if id(node) in visited:
            continue
        visited.add(id(node))
        if depth > MAX_DEPTH:
            return Issue(
                path,
                f"lists and mappings nested more than {MAX_DEPTH} deep: a record "
                "needs a handful of levels; check the brackets and indentation "
                "here, or split the value",
                line=node.start_mark.line + 1,
            )
        depth += 1
        if kind is sequence:
            todo.extend((v, depth) for v in reversed(node.value))
            continue
        pairs = node.value
        if len({k.value for k, _ in pairs if type(k) is yaml.ScalarNode}) < len(pairs):
            _duplicate_keys_of(node, path, issues)
        todo.extend((v, depth) for _, v in reversed(pairs))
    return None


def _structure_limits(text: str, path: Path) -> Issue | None:
    """The issue of nesting deeper than :data:`MAX_DEPTH` or aliases standing for more
    than :data:`MAX_ALIAS_NODES` nodes, else ``None``.

    One pass over the parser's events: each collection's size (its nodes, aliases
    counted expanded) is summed as it closes and remembered under its anchor, so an
    alias costs one dictionary look-up however much it stands for.

    Raises
    ------
    yaml.YAMLError
        On a syntax error (the caller reports it like any other).
    """
    open_sizes: list[int] = []  # node count of each open collection, outermost first
    open_anchors: list[str | None] = []
    anchor_size: dict[str, int] = {}
    expanded = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            if len(open_sizes) >= MAX_DEPTH:
                return Issue(
                    path,
                    f"lists and mappings nested more than {MAX_DEPTH} deep: a record "
                    "needs a handful of levels; check the brackets and indentation "
                    "here, or split the value",
                    line=event.start_mark.line + 1,
                )
            open_sizes.append(1)
            open_anchors.append(event.anchor)
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            size = open_sizes.pop()
            anchor = open_anchors.pop()
        elif isinstance(event, yaml.ScalarEvent):
            size, anchor = 1, event.anchor
        elif isinstance(event, yaml.AliasEvent):
            # an unknown anchor is a composer error, reported after this pass
            size, anchor = anchor_size.get(event.anchor, 1), None
            expanded += size
            if expanded > MAX_ALIAS_NODES:
                return Issue(
                    path,
                    f"aliases (*{event.anchor} and others) stand for more than "
                    f"{MAX_ALIAS_NODES:,} values in all (nested aliases multiply, the "
                    "'billion laughs' pattern): write the values out, or repeat fewer",
                    line=event.start_mark.line + 1,
                )
        else:  # stream and document start/end
            continue
        if anchor is not None:
            anchor_size[anchor] = size
        if open_sizes:
            open_sizes[-1] += size
    return None


def _yaml_error_issue(exc: yaml.YAMLError, path: Path) -> Issue:
    """The issue of a YAML syntax or construction error, at its line and column."""
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    where = f" (column {mark.column + 1})" if mark is not None else ""
    context = getattr(exc, "context", None)
    ctx = f", {context}" if context else ""
    if isinstance(exc, yaml.constructor.ConstructorError):
        message = f"{problem}{ctx}"
        if not problem.startswith("YAML cannot read"):
            message = (
                f"YAML cannot read a value{where}: {message}: correct it, or write it "
                "in quotes if it is text"
            )
    else:
        message = (
            f"YAML syntax error{where}: {problem}{ctx}; check indentation, colons and "
            "quotes on this line and the one before"
        )
    return Issue(path, message, line=line)


def _duplicate_keys_of(node: yaml.MappingNode, path: Path, issues: list[Issue]) -> None:
    """Report the keys repeated in one mapping, at the line of each repeat."""
    seen: dict[str, int] = {}
    for k, _ in node.value:
        if not isinstance(k, yaml.ScalarNode):
            continue
        line = k.start_mark.line + 1
        if k.value in seen:
            issues.append(
                Issue(
                    path,
                    f"key {k.value!r} appears twice in one mapping (also line "
                    f"{seen[k.value]}): YAML keeps only the last; remove one",
                    line=line,
                )
            )
        seen.setdefault(k.value, line)


def document_items(docs: Iterable[YamlDocument]) -> Iterator[tuple[Any, yaml.Node | None]]:
    """Yield ``(item, node)`` for every item of the documents of a file.

    A document holding a list gives each element with its own node; any other
    document gives itself; empty documents give nothing.  So a file of one record
    and a file of a list of records read alike.
    """
    for data, node in docs:
        if data is None:
            continue
        if isinstance(data, list):
            for i, item in enumerate(data):
                sub = node.value[i] if isinstance(node, yaml.SequenceNode) else node
                yield item, sub
        else:
            yield data, node


def line_of(node: yaml.Node | None, loc: Iterable[Any]) -> int | None:
    """Return the 1-based line of the value at field path ``loc`` under ``node``.

    Parameters
    ----------
    node : yaml.Node or None
        A root node from :func:`read_yaml` (or an item's node).
    loc : iterable of str or int
        Mapping keys and list indices, e.g. ``["capacities", 0, "unit"]`` (a pydantic
        error location); an index may also be given as text (``"0"``).

    Returns
    -------
    int or None
        The line of the deepest part of ``loc`` that exists (for a mapping key, the
        line of the key); ``None`` only when ``node`` is ``None``.
    """
    best = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if node is None:
            break
        nxt = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == str(key):
                    nxt = v
                    best = k.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode):
            try:
                i = int(key)
            except (TypeError, ValueError):
                break
            if 0 <= i < len(node.value):
                nxt = node.value[i]
                best = nxt.start_mark.line + 1
        node = nxt
    return best


def node_at(node: yaml.Node | None, loc: Iterable[Any]) -> yaml.Node | None:
    """Return the node at field path ``loc`` under ``node`` (see :func:`line_of`), or ``None``."""
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            node = node.value[key] if 0 <= key < len(node.value) else None
        else:
            return None
    return node


def typed_scalar_hint(node: yaml.Node | None, value: Any) -> str | None:
    """Hint for a plain YAML scalar that YAML typed although text was meant, else ``None``.

    E.g. ``id: 2023-09-20`` is read as a date and ``name: 1984`` as a number; the hint
    says to write the value in quotes.
    """
    if not isinstance(node, yaml.ScalarNode) or node.style not in (None, ""):  # plain
        return None
    if isinstance(value, bool):
        kind = "true/false"
    elif isinstance(value, dt.date):
        kind = "a date"
    elif isinstance(value, int | float):
        kind = "a number"
    else:
        return None
    quoted = node.value.replace("'", "''")
    return f"YAML reads {node.value} as {kind}, not text: write it in quotes: '{quoted}'"
