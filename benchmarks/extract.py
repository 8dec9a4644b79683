"""Place recognition and resolution end to end on the LGL and TR-News gold corpora.

Reads ``../shared/data/toponyms/{lgl,TR-News}.xml`` in place (skips when absent) and
runs :func:`geo.extract.extract` on each article text, without the gold spans.  A
found place counts as a true positive when its span overlaps a gold span not already
matched and its point lies within 161 km of the gold point (accuracy@161 km); gold
toponyms without coordinates are left out.  Feature mentions ("A-B bridge") are not
scored (the corpora hold none).  Printed beside: recognition alone (span overlap,
any point), and the gazetteer's own accuracy@161 km on the gold spans — the ceiling
that resolution puts on the end-to-end figure.

Run: ``python benchmarks/extract.py [--limit N]``
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "toponyms"
CORPORA = {"TR-News": "TR-News.xml", "LGL": "lgl.xml"}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def _articles(path: Path, limit: int | None):
    root = ET.parse(path).getroot()
    for i, a in enumerate(root.iter("article")):
        if limit is not None and i >= limit:
            break
        text = a.findtext("text") or ""
        gold = []
        for t in a.iter("toponym"):
            g = t.find("gaztag")
            if g is None or g.findtext("lat") is None:
                continue
            gold.append(
                (
                    int(t.findtext("start")),
                    int(t.findtext("end")),
                    float(g.findtext("lat")),
                    float(g.findtext("lon")),
                    t.findtext("phrase") or "",
                )
            )
        yield text, gold


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run(name: str, path: Path, limit: int | None) -> None:
    from geo.extract import extract
    from geo.gazetteer import geocode

    e2e = [0, 0, 0]
    rec = [0, 0, 0]
    span_ok = span_n = 0
    started = time.perf_counter()
    n_art = 0
    for text, gold in _articles(path, limit):
        n_art += 1
        found = [p for p in extract(text, geocoder=geocode).places if p.kind != "feature"]
        used_e2e: set[int] = set()
        used_rec: set[int] = set()
        for p in found:
            hit = next(
                (
                    k
                    for k, (s, e, la, lo, _) in enumerate(gold)
                    if s < p.end
                    and p.start < e
                    and k not in used_e2e
                    and _km(la, lo, p.lat, p.lon) <= 161.0
                ),
                None,
            )
            if hit is None:
                e2e[1] += 1
            else:
                used_e2e.add(hit)
                e2e[0] += 1
            over = next(
                (
                    k
                    for k, (s, e, *_) in enumerate(gold)
                    if s < p.end and p.start < e and k not in used_rec
                ),
                None,
            )
            if over is None:
                rec[1] += 1
            else:
                used_rec.add(over)
                rec[0] += 1
        e2e[2] += len(gold) - len(used_e2e)
        rec[2] += len(gold) - len(used_rec)
        # the gazetteer alone, on the gold spans, with the article as context
        for _, _, la, lo, phrase in gold:
            span_n += 1
            r = geocode(phrase, context=text)
            if r.resolved and _km(la, lo, r.lat, r.lon) <= 161.0:
                span_ok += 1
    secs = time.perf_counter() - started
    p, r, f = _prf(*e2e)
    rp, rr, rf = _prf(*rec)
    print(f"{name}: {n_art} articles, {span_n} gold toponyms, {secs:.1f} s")
    print(f"  end to end (span overlap + 161 km): P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    print(f"  recognition only (span overlap):    P {rp:.3f}  R {rr:.3f}  F1 {rf:.3f}")
    print(f"  gazetteer on gold spans: acc@161 km {span_ok / max(span_n, 1):.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="articles per corpus")
    ap.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"skipped: gold corpora absent at {DATA}")
        return 0
    for name in args.corpus or list(CORPORA):
        path = DATA / CORPORA[name]
        if not path.exists():
            print(f"{name}: skipped, {path} absent")
            continue
        run(name, path, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
