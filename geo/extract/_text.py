"""Reading a report and cutting it into paragraphs and sentences."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from geo.errors import GeoError
from geo.extract._found import Sentence

__all__ = ["read_report", "split_sentences"]

_ABBREV = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "mt",
        "gen",
        "col",
        "lt",
        "sgt",
        "gov",
        "sen",
        "rep",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "vs",
        "etc",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "ky",
        "va",
        "ga",
        "fla",
        "calif",
    ]
)
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9А-ЯЁ])")


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences and paragraphs (blank-line or newline separated).

    The first paragraph counts as a title (paragraph 0) when it is one short line
    and more paragraphs follow; body paragraphs are numbered from 1, as record
    source references (``"seed#p6"``) count them.
    """
    paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    title_first = (
        len(paras) > 1
        and paras[0][1] - paras[0][0] <= 160
        and not text[paras[0][0] : paras[0][1]].rstrip().endswith((".", "!", "?", "”", '"'))
    )
    out: list[Sentence] = []
    for pno, (ps, pe) in enumerate(paras):
        number = pno if title_first else pno + 1
        cuts = [ps]
        if not (title_first and pno == 0):
            for m in _BOUNDARY_RE.finditer(text, ps, pe):
                prev = re.search(r"([\w.]+)[.]\W*$", text[max(ps, m.start() - 12) : m.start() + 1])
                word = prev.group(1).lower().rstrip(".") if prev else ""
                if word in _ABBREV or re.fullmatch(r"[a-z]", word):
                    continue
                cuts.append(m.end())
        cuts.append(pe)
        for a, b in itertools.pairwise(cuts):
            seg = text[a:b]
            stripped = seg.rstrip()
            if stripped.strip():
                lead = len(seg) - len(seg.lstrip())
                out.append(
                    Sentence(len(out), a + lead, a + len(stripped), stripped.strip(), number)
                )
    return out


def read_report(path: str | Path) -> str:
    """Read a UTF-8 report text file (BOM and CRLF tolerated).

    Raises
    ------
    GeoError
        When the file cannot be read or is not UTF-8 (naming the file and the fix).
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise GeoError(f"cannot read {p}: {exc.strerror}; give a readable .txt file") from exc
    try:
        return raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise GeoError(
            f"{p} is not UTF-8 (byte {raw[exc.start]:#04x} at offset {exc.start}): "
            "save it as UTF-8 text"
        ) from None
