"""AidData's Global Chinese Development Finance dataset (GCDF 3.0) rows → record data.

One row per financing record.  The amounts become separate, sourced investment claims:
the amount in its original currency (preferred; its USD value at the rate AidData's own
nominal-USD figure implies), the nominal USD amount, and the amount in constant 2021
US dollars.  The geographic level of precision becomes an IATI precision code on the
recipient's location; the ``Source URLs`` become the record's sources.
"""

from __future__ import annotations

import re
from typing import Any

from geo.records import SCHEMA_VERSION
from geo.trackers._gem import ReportLine, Row, country_code

__all__ = ["AIDDATA_COLUMNS", "aiddata_data", "aiddata_rows", "is_aiddata"]

#: The GCDF 3.0 columns this importer reads.
AIDDATA_COLUMNS: tuple[str, ...] = (
    "AidData Record ID",
    "Title",
    "Recipient",
    "Commitment Year",
    "Amount (Original Currency)",
    "Original Currency",
    "Amount (Constant USD 2021)",
    "Amount (Nominal USD)",
    "Source URLs",
    "Geographic Level of Precision",
    "Status",
    "Sector Name",
)
_CANON = {re.sub(r"\s+", " ", c).casefold(): c for c in AIDDATA_COLUMNS}
_DATASET = "aiddata-gcdf"
_PUBLISHER = "AidData, William & Mary"
_URL = re.compile(r"https?://[^\s|;,]+", re.IGNORECASE)

#: AidData's words for geographic precision → IATI location precision code.
PRECISION_IATI: dict[str, int] = {
    "precise": 1,
    "exact": 1,
    "approximate location": 2,
    "near": 2,
    "adm2": 3,
    "second-order administrative division": 3,
    "adm1": 4,
    "first-order administrative division": 4,
    "province": 4,
    "estimated": 5,
    "region": 5,
    "country": 6,
    "national": 6,
    "country-wide": 6,
}
#: AidData's project status words → GEM's status words.
_STATUS = {
    "completion": "operating",
    "completed": "operating",
    "implementation": "construction",
    "pipeline: commitment": "proposed",
    "pipeline: pledge": "announced",
    "suspended": "shelved",
    "cancelled": "cancelled",
}
#: Words of a title → record type, first match wins.
_TYPES = (
    ("bridge", "bridge"),
    ("railway", "railway"),
    ("rail", "railway"),
    ("pipeline", "pipeline"),
    ("highway", "road"),
    ("expressway", "road"),
    ("road", "road"),
    ("transmission line", "power_line"),
    ("power line", "power_line"),
    ("port", "port"),
    ("terminal", "terminal"),
    ("logistics", "logistics_hub"),
    ("industrial park", "industrial_park"),
    ("border crossing", "border_crossing"),
    ("checkpoint", "border_crossing"),
)
_MODE = {"railway": "rail", "road": "road", "power_line": "power_line", "bridge": "road"}


def canonical(header: str) -> str | None:
    """The GCDF column ``header`` names (case and runs of spaces ignored), or ``None``."""
    return _CANON.get(re.sub(r"\s+", " ", header.strip()).casefold())


def is_aiddata(header: tuple[str, ...]) -> bool:
    """Whether a sheet's header is AidData's (it has the record id and an amount)."""
    names = {canonical(h) for h in header}
    return "AidData Record ID" in names and "Title" in names


def aiddata_rows(
    name: str, records: list[tuple[int, dict[str, Any]]], file: str, report: list[ReportLine]
) -> list[tuple[str, Row]]:
    """``(record id, row)`` of every row with a usable AidData Record ID; others reported."""
    out = []
    for n, cells in records:
        canon = {c: v for h, v in cells.items() if (c := canonical(h)) is not None}
        rid = canon.get("AidData Record ID")
        key = str(int(rid)) if isinstance(rid, int | float) and float(rid).is_integer() else rid
        if not isinstance(key, str) or not re.fullmatch(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*", key):
            values = "; ".join(f"{h}={v!r}" for h, v in cells.items())
            report.append(
                ReportLine(
                    file,
                    name,
                    n,
                    "AidData Record ID",
                    f"{rid!r} is no AidData Record ID (a number): row left out; its values: "
                    f"{values}",
                )
            )
            continue
        out.append((key.lower(), Row(name, n, canon)))
    return out


def unused(header: tuple[str, ...]) -> list[str]:
    """Header names that are no column this importer reads, in order."""
    return [h for h in header if h and canonical(h) is None]


class _Notes:
    def __init__(self, file: str, row: Row, report: list[ReportLine]) -> None:
        self.file, self.row, self.report = file, row, report

    def __call__(self, column: str | None, reason: str) -> None:
        self.report.append(ReportLine(self.file, self.row.sheet, self.row.n, column, reason))


def _amount(note: _Notes, cells: dict[str, Any], column: str) -> float | None:
    value = cells.get(column)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        note(column, f"{value!r} is not a number: left out")
        return None
    if value <= 0:
        note(column, f"{value!r} is not an amount (must be > 0): left out")
        return None
    return float(value)


def _year(note: _Notes, cells: dict[str, Any]) -> int | None:
    raw = cells.get("Commitment Year")
    if isinstance(raw, int | float) and float(raw).is_integer() and 1950 <= raw <= 2100:
        return int(raw)
    if raw is not None:
        note("Commitment Year", f"{raw!r} is not a year: left out")
    return None


def _investments(note: _Notes, cells: dict[str, Any], year: int | None) -> list[dict[str, Any]]:
    original = _amount(note, cells, "Amount (Original Currency)")
    currency = cells.get("Original Currency")
    nominal = _amount(note, cells, "Amount (Nominal USD)")
    constant = _amount(note, cells, "Amount (Constant USD 2021)")
    given = [v for v in (original, nominal, constant) if v is not None]
    if given and year is None:
        note(
            "Commitment Year",
            "no usable Commitment Year: the amounts are kept here only "
            f"({', '.join(f'{v:g}' for v in given)})",
        )
        return []
    claims: list[dict[str, Any]] = []
    if original is not None and currency is None:
        note("Original Currency", f"no currency for amount {original:g}: kept here only")
    elif original is not None:
        claim: dict[str, Any] = {
            "amount": original,
            "currency": str(currency).strip(),
            "date": year,
            "basis": "nominal",
        }
        if str(currency).strip().upper() != "USD":
            if nominal is None:
                note(
                    "Amount (Original Currency)",
                    f"{original:g} {currency} has no Amount (Nominal USD) to give its rate for "
                    f"a year ({year}): kept here only",
                )
                claim = {}
            else:
                claim["usd_rate"] = nominal / original
                claim["usd_rate_source"] = _DATASET
                claim["note"] = "USD per unit implied by AidData's Amount (Nominal USD)"
        if claim:
            claims.append(dict(claim, preferred=True, source=_DATASET))
    # an amount in USD is its own nominal USD: the same figure is one claim, not two
    same_usd = bool(claims) and claims[0]["currency"].upper() == "USD" and nominal == original
    if nominal is not None and not same_usd:
        claims.append(
            {
                "amount": nominal,
                "currency": "USD",
                "date": year,
                "basis": "nominal",
                "source": _DATASET,
                "note": "AidData's Amount (Nominal USD)",
            }
        )
    if constant is not None:
        claims.append(
            {
                "amount": constant,
                "currency": "USD",
                "date": year,
                "basis": "constant",
                "price_year": 2021,
                "source": _DATASET,
                "note": "AidData's Amount (Constant USD 2021)",
            }
        )
    if claims and not any(c.get("preferred") for c in claims):
        claims[0]["preferred"] = True
    return claims


def _sources(note: _Notes, cells: dict[str, Any], file: str, rid: str) -> list[dict[str, Any]]:
    out = [
        {
            "id": _DATASET,
            "title": "Global Chinese Development Finance Dataset, version 3.0",
            "publisher": _PUBLISHER,
            "file": file,
            "note": f"AidData Record ID {rid}, sheet {note.row.sheet!r}, row {note.row.n}",
        }
    ]
    raw = cells.get("Source URLs")
    if raw is None:
        return out
    urls = list(dict.fromkeys(_URL.findall(str(raw))))
    if not urls:
        note("Source URLs", f"{raw!r} holds no http(s) address: kept in this report only")
    for i, url in enumerate(urls, start=1):
        out.append({"id": f"aiddata-src-{i}", "title": "Source AidData cites", "url": url})
    return out


def _location(note: _Notes, cells: dict[str, Any]) -> tuple[dict[str, Any] | None, list[str]]:
    recipient = cells.get("Recipient")
    if recipient is None:
        note("Recipient", "no Recipient: the record has no location (add one by hand)")
        return None, []
    code = country_code(str(recipient))
    if code is None:
        note("Recipient", f"country {recipient!r} is not known: no location (add one by hand)")
        return None, []
    raw = cells.get("Geographic Level of Precision")
    precision = None
    if isinstance(raw, int) and 1 <= raw <= 8:
        precision = raw
    elif raw is not None:
        precision = PRECISION_IATI.get(re.sub(r"\s+", " ", str(raw).strip()).casefold())
        if precision is None:
            note("Geographic Level of Precision", f"{raw!r} is not understood: left out")
    # This file names the recipient country only: the point is the country's, so its
    # precision is 6 (country) whatever AidData's own level; that level, as an IATI
    # code, is kept in the note for when the project's own location is added
    loc: dict[str, Any] = {"place": str(recipient), "country": code, "precision": 6}
    if precision is not None:
        loc["note"] = (
            f"AidData's Geographic Level of Precision: {raw} (IATI {precision}); placed at "
            "the recipient country, the only place in this file"
        )
    return {**loc, "source": _DATASET}, [code]


def aiddata_data(
    rid: str, rows: list[Row], *, file: str, report: list[ReportLine]
) -> dict[str, Any] | None:
    """Record data of one AidData record (``aiddata-<id>``), or ``None`` when unusable.

    Parameters
    ----------
    rid : str
        The AidData Record ID, lower case.
    rows : list of Row
        Its rows (one; a repeated id is reported and its later rows left out).
    file : str
        The file's name, for the report and the record's source.
    report : list of ReportLine, keyword-only
        Receives a line for every value left out or kept in the report only.

    Returns
    -------
    dict or None
        Data for :class:`geo.records.Record`.
    """
    row = rows[0]
    note = _Notes(file, row, report)
    for extra in rows[1:]:
        report.append(
            ReportLine(
                file,
                extra.sheet,
                extra.n,
                "AidData Record ID",
                f"id {rid!r} also on row {row.n}: this row is left out",
            )
        )
    cells = row.cells
    title = str(cells.get("Title") or "").strip()
    kind = next((t for word, t in _TYPES if re.search(rf"\b{word}", title, re.I)), None)
    if kind is None:
        values = "; ".join(f"{h}={v!r}" for h, v in cells.items())
        note(
            "Title",
            f"{title!r} names no infrastructure type (bridge, railway, road, "
            f"pipeline, port …): row left out; its values: {values}",
        )
        return None
    raw_status = cells.get("Status")
    status = _STATUS.get(str(raw_status).strip().casefold()) if raw_status else None
    if status is None:
        note(
            "Status",
            f"{raw_status!r} is no AidData status word: status is 'proposed' "
            "(a commitment), edit it if you know better",
        )
        status = "proposed"
    location, countries = _location(note, cells)
    year = _year(note, cells)
    invs = _investments(note, cells, year)
    sector = cells.get("Sector Name")
    data: dict[str, Any] = {
        "id": f"aiddata-{rid}",
        "schema_version": SCHEMA_VERSION,
        "name": title,
        "type": kind,
        "mode": _MODE.get(kind),
        "status": status,
        "countries": countries,
        "location": location,
        "investments": invs,
        "dates": {"signed": year, "source": _DATASET} if year else None,
        "summary": f"Imported from AidData's GCDF 3.0 (record {rid})"
        + (f"; sector {sector}" if sector else "")
        + ".",
        "sources": _sources(note, cells, file, rid),
    }
    return {k: v for k, v in data.items() if v not in (None, [], {})}
