"""``geo extract``: places, money, capacities and dates found in a report; draft records."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from geo.cli._app import app, console, fail
from geo.errors import GeoError


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="Report as UTF-8 text (.txt).")],
    json_out: Annotated[
        bool, typer.Option("--json", help="Print every finding with its span as JSON.")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write draft records (YAML) here.")
    ] = None,
    source_id: Annotated[
        str | None, typer.Option(help="Source id the drafts cite (default: the file stem).")
    ] = None,
    date: Annotated[
        str | None, typer.Option(help="Report date YYYY-MM-DD (as-of date of investments).")
    ] = None,
) -> None:
    """Find places, money, capacities and dates in a report; draft records to review.

    Without options, prints a table of findings; --json prints them all with spans;
    -o DRAFT.yaml writes one draft record per infrastructure object, each with a
    `review` list that `geo validate` rejects until an analyst has checked and
    deleted it.

    Example: geo extract report.txt -o seeds/records/draft.yaml --date 2023-09-20
    """
    import datetime as dt
    import json
    import re

    from geo._io import write_text_atomic
    from geo.extract import draft_records, draft_yaml, read_report
    from geo.extract import extract as run_extract

    try:
        report_date = dt.date.fromisoformat(date) if date else None
    except ValueError:
        fail(ValueError(f"--date {date!r} is not a date: write it as YYYY-MM-DD"))
    try:
        text = read_report(file)
        ex = run_extract(text, reference_date=report_date)
        sid = source_id or re.sub(r"[^a-z0-9]+", "-", file.stem.lower()).strip("-") or "report"
        drafts = draft_records(ex, source_id=sid, source_file=str(file), report_date=report_date)
    except GeoError as exc:
        fail(exc)
    if json_out:
        data = ex.to_dict()
        data.pop("sentences")
        data["records"] = drafts
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1))
    if output is not None:
        write_text_atomic(draft_yaml(drafts), output)
        console.print(f"wrote {len(drafts)} draft record(s) to {output}", highlight=False)
    if not json_out and output is None:
        table = Table(title=f"geo extract {file.name}")
        for col in ("kind", "span", "text", "reading"):
            table.add_column(col)
        for p in ex.places:
            table.add_row("place", f"{p.start}-{p.end}", p.text, f"{p.name} {p.feature_code}")
        for m in ex.money:
            table.add_row("money", f"{m.start}-{m.end}", m.text, f"{m.amount:.6g} {m.currency}")
        for q in ex.quantities:
            table.add_row("quantity", f"{q.start}-{q.end}", q.text, f"{q.value_base} {q.unit_base}")
        for d in ex.dates:
            table.add_row("date", f"{d.start}-{d.end}", d.text, d.value)
        for o in ex.organisations:
            table.add_row("organisation", f"{o.start}-{o.end}", o.text, o.country_code or "")
        Console().print(table)
