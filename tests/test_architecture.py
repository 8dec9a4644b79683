"""The house in rooms: sizes, import direction, private names and cycles, read with ``ast``.

A room is a top-level module or package of ``geo`` (``geo.layers``, ``geo._io``).  A room
may import from its own modules and from rooms of a *lower* rank only; an import inside
a function counts the same as one at the top of a module.  The table is the one in the
README's "Architecture" section: change both together.

Known findings of the layout being rebuilt sit in ``architecture_allowlist.txt`` beside
this file; a new finding fails, and so does an allowlisted one that is gone (the list
only shrinks).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "geo"
ALLOWLIST = Path(__file__).with_name("architecture_allowlist.txt")
MAX_MODULE_LINES = 800
MAX_FUNCTION_LINES = 120

#: Rank of each room: imports go from a higher rank to a lower one (or stay in the room).
RANKS: dict[str, int] = {
    "": 9,  # geo/__init__.py: the lazy public face of the package
    "cli": 8,
    "pipeline": 7,
    "stills": 6,
    "maps": 5,
    "layers": 5,
    "batch": 4,
    "extract": 4,
    "csv_import": 4,
    "trackers": 4,
    "records": 3,
    "gazetteer": 3,
    "borders": 3,
    "reference": 2,
    "units": 2,
    "_yaml": 2,
    "_codes": 1,  # YAML with line numbers: reports geo.errors.Issue, so above errors
    "errors": 1,
    "_io": 1,
    "_config": 1,
    "_symbology": 1,
    "_geodesy": 1,
    "_projection": 1,
}


@dataclass(frozen=True)
class Module:
    name: str  # dotted: geo.layers._build
    path: Path
    tree: ast.Module
    n_lines: int

    @property
    def room(self) -> str:
        parts = self.name.split(".")
        return parts[1] if len(parts) > 1 else ""

    @property
    def rel(self) -> str:
        return self.path.relative_to(ROOT).as_posix()


def _modules() -> dict[str, Module]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        src = path.read_text(encoding="utf-8")
        name = ".".join(parts)
        out[name] = Module(name, path, ast.parse(src), src.count("\n") + 1)
    return out


def _room_of(dotted: str) -> str:
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else ""


def _imports(mod: Module, modules: dict[str, Module]) -> list[tuple[str, str | None]]:
    """``(module imported, name taken or None)`` for every import of ``geo`` in ``mod``."""
    is_package = mod.path.name == "__init__.py"
    found = []
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Import):
            found += [(a.name, None) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = mod.name.split(".") if is_package else mod.name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.append((sub, None) if sub in modules else (target, alias.name))
    return [(t, n) for t, n in found if t == "geo" or t.startswith("geo.")]


def _is_private(segment: str) -> bool:
    return segment.startswith("_") and not segment.startswith("__")


def _private_part(target: str, name: str | None) -> bool:
    """Whether ``target``/``name`` names something private to another room.

    Top-level plumbing modules (``geo._io``, ``geo._config``) are shared by design; their
    own private names are not.
    """
    segments = target.split(".")[1:]
    inner = segments[1:] if segments and _is_private(segments[0]) else segments
    if len(segments) > 1 and _is_private(segments[0]):
        return True
    return any(_is_private(s) for s in inner[1:] if inner) or bool(name and _is_private(name))


def findings() -> list[str]:
    """Every structural finding, as a stable key (no line numbers)."""
    modules = _modules()
    out: list[str] = []
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for mod in modules.values():
        if mod.n_lines > MAX_MODULE_LINES:
            out.append(f"size {mod.rel}")
        for node in ast.walk(mod.tree):
            is_function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            if is_function and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES:
                out.append(f"function {mod.rel} {node.name}")
        if mod.room not in RANKS:
            out.append(f"unranked {mod.rel} (add room {mod.room!r} to RANKS)")
            continue
        for target, name in _imports(mod, modules):
            target_room = _room_of(target)
            what = f"{target}.{name}" if name else target
            if target in modules and target != mod.name:
                graph[mod.name].add(target)
            if target_room == mod.room:
                continue
            if _private_part(target, name):
                out.append(f"private {mod.rel} -> {what}")
            if target_room == "cli":
                out.append(f"cli-from-below {mod.rel} -> {target}")
            elif RANKS.get(target_room, 99) >= RANKS[mod.room]:
                out.append(f"upward {mod.rel} -> {target}")
    out += [f"cycle {' '.join(c)}" for c in _cycles(graph)]
    return sorted(set(out))


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of two or more modules (Tarjan), ignoring a package
    importing its own submodules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            comp = [c for c in comp if not any(o != c and o.startswith(c + ".") for o in comp)]
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _allowed() -> set[str]:
    if not ALLOWLIST.exists():
        return set()
    lines = ALLOWLIST.read_text(encoding="utf-8").splitlines()
    return {ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}


def test_no_new_structural_findings() -> None:
    new = [f for f in findings() if f not in _allowed()]
    assert not new, "new structural findings (fix them; do not allowlist):\n" + "\n".join(new)


def test_allowlist_only_shrinks() -> None:
    gone = sorted(_allowed() - set(findings()))
    assert not gone, "fixed findings still in the allowlist: remove them:\n" + "\n".join(gone)


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("from geo.maps import _bounds", "private"),
        ("from geo.maps._payload import layer_payload", "private"),
        ("from geo._io import write_text_atomic", None),
        ("from geo._io import _walk", "private"),
        ("from geo.maps import make_map", "upward"),
        ("from geo.errors import GeoError", None),
        ("from geo.cli import main", "cli-from-below"),
    ],
)
def test_checker_reads_imports_as_intended(tmp_path: Path, src: str, expected: str | None) -> None:
    """The checker itself: an import from geo.gazetteer (rank 3) is judged as expected."""
    tree = ast.parse(f"def f():\n    {src}\n")
    mod = Module("geo.gazetteer._probe", PACKAGE / "gazetteer" / "_probe.py", tree, 2)
    modules = _modules() | {mod.name: mod}
    kinds = set()
    for target, name in _imports(mod, modules):
        if _private_part(target, name):
            kinds.add("private")
        if _room_of(target) == "cli":
            kinds.add("cli-from-below")
        elif RANKS.get(_room_of(target), 99) >= RANKS["gazetteer"]:
            kinds.add("upward")
    assert (expected in kinds) if expected else not kinds


def test_the_readme_rank_table_is_this_one() -> None:
    """The README's "Architecture" table and :data:`RANKS` say the same."""
    text = (ROOT / "README.md").read_text(encoding="utf-8").split("## Architecture", 1)[1]
    readme: dict[str, int] = {}
    for rank, rooms in re.findall(r"^\| (\d) \| (.+) \|$", text, re.M):
        for room in re.findall(r"`([^`]+)`", rooms):
            readme["" if room == "geo/__init__.py" else room] = int(rank)
    assert readme == RANKS
