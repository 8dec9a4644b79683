"""Input rows shared by the batch and Dask tests: hard names, typos, context, bad rows."""

from __future__ import annotations

import json
from pathlib import Path

#: (name, extra fields) — exact names, other scripts, typos, qualifiers, pairs, unknowns.
NAMES: list[tuple[str, dict]] = [
    ("Tongjiang", {"context": "Nizhneleninskoye–Tongjiang bridge"}),
    ("Blagoveshchensk", {}),
    ("Blagoveshchensk", {"country": "RU", "context": "Heihe across the Amur"}),
    ("Благовещенск", {}),
    ("黑河", {}),
    ("Heihe", {"near": [50.2, 127.5]}),
    ("Harbin", {}),
    ("Vladivostok", {"context": "Eastern Economic Forum"}),
    ("Vladivostock", {}),  # typo
    ("Khabarovks", {}),  # typo
    ("Moscow, Idaho", {}),
    ("Zabaykalsk", {"country": "RU"}),
    ("Manzhouli", {}),
    ("Suifenhe", {}),
    ("Heilongjiang Province", {}),
    ("Qwxzrtplk", {}),  # unknown
    ("", {}),  # empty
    ("Tongjiang", {"country": "XX"}),  # bad country → unresolved with the reason
]


def make_rows(n: int) -> list[dict]:
    """``n`` rows cycling through :data:`NAMES`, ids ``r0``, ``r1`` …"""
    rows = []
    for i in range(n):
        name, extra = NAMES[i % len(NAMES)]
        rows.append({"id": f"r{i}", "name": name, **extra})
    return rows


def write_jsonl(rows: list[dict], path: Path) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def comparable(rows: list[dict]) -> list[tuple]:
    """Rows as tuples of the fields every output format keeps (ids as text)."""
    out = []
    for r in rows:
        cands = r.get("candidates")
        if isinstance(cands, str):
            cands = json.loads(cands)
        out.append(
            (
                str(r["id"]),
                r["name"] if r["name"] not in ("", None) else None,
                None if r["lat"] in (None, "") or r["lat"] != r["lat"] else float(r["lat"]),
                None if r["lon"] in (None, "") or r["lon"] != r["lon"] else float(r["lon"]),
                str(r["resolved"]) in ("True", "true"),
                r.get("gazetteer_id") or None,
                json.dumps(cands or [], sort_keys=True),
            )
        )
    return out
