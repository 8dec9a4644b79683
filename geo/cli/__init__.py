"""The ``geo`` command line: one module per command group, all on one Typer app.

Run ``geo --help`` for the commands and ``geo COMMAND --help`` for each one.  This room is
the only one that prints, parses arguments or shows progress; nothing below it imports it.
Heavy imports happen inside the commands, so ``geo geocode NAME`` starts fast.
"""

from __future__ import annotations

import sys

from geo.cli._app import app

# Registering a command is importing its module, and the order here is the order of
# `geo --help`: the workflow first (build, validate, …), the gazetteer last.
# isort: off
from geo.cli import _build, _records, _extract, _maps, _gazetteer  # noqa: F401
from geo.cli._maps import _still_defaults
# isort: on

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    try:
        app(args=_still_defaults(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
