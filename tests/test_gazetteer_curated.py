"""Every curated gazetteer entry (seeds/gazetteer/*.yaml): cited, in range, and found by name.

The entries are read with the gazetteer's own loader
(:func:`geo.gazetteer._curated.curated_entries`), so a new entry is tested as soon as
it is added. Lookups go through the gazetteer of the repository's curated folder (what
:func:`geo.gazetteer.geocode` uses when run from the repository root), independent of
the working directory and ``$GEO_SEEDS``.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from geo.gazetteer import default_gazetteer, haversine_km
from geo.gazetteer._curated import curated_entries
from geo.gazetteer._model import Entry
from tests.conftest import REPO

CURATED_DIR = REPO / "seeds" / "gazetteer"
ENTRIES: list[Entry] = curated_entries(CURATED_DIR)

#: Entries whose own name legitimately resolves to another entry: id → reason.
#: Such an entry must still resolve within its uncertainty_km (or 2 km) of itself.
RESOLVES_ELSEWHERE: dict[str, str] = {}


@pytest.fixture(scope="module")
def gz():
    return default_gazetteer(seeds_dir=CURATED_DIR)


def test_curated_entries_found() -> None:
    assert len(ENTRIES) >= 20, [e.id for e in ENTRIES]
    assert len({e.id for e in ENTRIES}) == len(ENTRIES)
    assert set(RESOLVES_ELSEWHERE) <= {e.id for e in ENTRIES}


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_curated_entry_is_cited(entry: Entry) -> None:
    src = entry.extra.get("source")
    assert isinstance(src, dict), f"{entry.id}: source must be a mapping, got {src!r}"
    assert str(src.get("title") or "").strip(), f"{entry.id}: source has no title"
    url, file = src.get("url"), src.get("file")
    assert url or file, f"{entry.id}: source needs a url or a file"
    if url:
        u = urlparse(str(url))
        assert u.scheme in ("http", "https") and u.netloc, f"{entry.id}: bad url {url!r}"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_curated_entry_position_and_precision(entry: Entry) -> None:
    assert entry.id.startswith("curated:")
    assert -90 <= entry.lat <= 90 and -180 <= entry.lon <= 180, (entry.lat, entry.lon)
    assert isinstance(entry.precision, int) and 1 <= entry.precision <= 8, entry.precision
    if entry.uncertainty_km is not None:
        assert entry.uncertainty_km > 0
    assert entry.country_code and len(entry.country_code) == 2, entry.country_code
    assert entry.name.strip()


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_curated_entry_resolves_to_itself_by_name(gz, entry: Entry) -> None:
    res = gz.geocode(entry.name, country=entry.country_code)
    assert res.resolved, (entry.id, res.reason)
    if entry.id in RESOLVES_ELSEWHERE:
        tol_km = max(entry.uncertainty_km or 0.0, 2.0)
        assert haversine_km(res.lat, res.lon, entry.lat, entry.lon) <= tol_km, res.to_dict()
    else:
        assert res.id == entry.id, res.to_dict()
        assert (res.lat, res.lon) == pytest.approx((entry.lat, entry.lon), abs=1e-6)


ALT_NAMES = [(e, n) for e in ENTRIES for n in e.names[1:]]


@pytest.mark.parametrize(("entry", "alt"), ALT_NAMES, ids=[f"{e.id}|{n}" for e, n in ALT_NAMES])
def test_curated_alt_name_resolves_to_its_entry(gz, entry: Entry, alt: str) -> None:
    """Every spelling listed in ``alt_names`` (Cyrillic, Han, transliterations) finds the entry."""
    res = gz.geocode(alt, country=entry.country_code)
    assert res.id == entry.id, res.to_dict()
