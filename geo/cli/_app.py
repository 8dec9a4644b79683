"""The ``geo`` Typer application, its console and the one way a command fails.

Every command module of :mod:`geo.cli` registers on :data:`app`; only this room prints,
parses arguments or shows progress.

No command ends in a traceback: :class:`_Guarded` turns what escapes a command into one
``error:`` line and exit status 1 — an operating-system error names the path and what
to do (:func:`os_error_message`), a :class:`~geo.errors.GeoError` says what is wrong,
anything else says it is a bug.  ``geo --debug COMMAND`` (or ``GEO_DEBUG=1``) lets the
traceback through instead.
"""

from __future__ import annotations

import errno
import os
from typing import Annotated, Any, NoReturn

import click
import typer
from rich.console import Console
from typer.core import TyperGroup

__all__ = ["app", "console", "fail", "os_error_message"]

#: What to do about an operating-system error, by errno: {path} is the path it names.
_OS_ADVICE: dict[int, str] = {
    errno.EACCES: "permission denied: choose a folder you may write to, or change its permissions",
    errno.EPERM: "operation not permitted: choose another folder, or change its permissions",
    errno.EROFS: "the file system is read-only: write the output to a writable folder",
    errno.ENOSPC: "the disk is full: free some space, or write the output to another disk",
    errno.EDQUOT: "your disk quota is used up: free some space, or write to another disk",
    errno.ENOTDIR: "a part of this path is a file, not a folder: give a folder path",
    errno.EISDIR: "this is a folder where a file is needed: give a file name",
    errno.ENOENT: "no such file or folder: check the path",
    errno.EEXIST: "it already exists: remove it or choose another name",
    errno.ENAMETOOLONG: "the name is too long: choose a shorter path",
    errno.EMFILE: "too many open files: raise the limit (ulimit -n) or use fewer workers",
}


def os_error_message(exc: OSError) -> str:
    """One line for an operating-system error: the path, what happened and what to do.

    Parameters
    ----------
    exc : OSError
        The error; its ``filename`` (and ``filename2``) name the path, when known.

    Returns
    -------
    str
        E.g. ``"cannot write 'maps/index.html': the file system is read-only: write the
        output to a writable folder"``.
    """
    paths = [p for p in (exc.filename, exc.filename2) if p is not None]
    where = " → ".join(repr(os.fsdecode(p)) for p in paths) or "the output (no path given)"
    advice = _OS_ADVICE.get(exc.errno or 0)
    if exc.errno == errno.EEXIST and paths and os.path.isfile(paths[0]):
        # mkdir of a folder whose name a file already has
        advice = "this is a file where a folder is needed: give a folder path"
    if advice is None:
        advice = f"{exc.strerror or exc}: check the path and try again"
    return f"cannot use {where}: {advice}"


class _Guarded(TyperGroup):
    """The ``geo`` group: errors that escape a command end in one line, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, typer.Exit, typer.Abort):
            raise  # a command's own way to end, or a usage error click reports
        except Exception as exc:
            if ctx.params.get("debug") or os.environ.get("GEO_DEBUG"):
                raise
            from geo.errors import GeoError

            if isinstance(exc, OSError):
                message = os_error_message(exc)
            elif isinstance(exc, GeoError):
                message = str(exc)
            else:
                message = (
                    f"unexpected {type(exc).__name__}: {exc} — this is a bug: run the "
                    "command again as `geo --debug …` and report the traceback"
                )
            _print_error(message)
            raise typer.Exit(1) from None


app = typer.Typer(
    name="geo",
    cls=_Guarded,
    help=(
        "Map cross-border infrastructure: sourced project records (seeds/*.yaml) → "
        "QGIS-ready GeoJSON layers (layers/) and offline web maps (maps/).\n\n"
        "Start with `geo build` in the project folder; open maps/index.html by "
        "double-click and drag layers/*.geojson into QGIS."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
#: Messages, tables and progress go to stderr, so stdout stays clean for --json and schemas.
console = Console(stderr=True)


@app.callback()
def _global_options(
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help="Show the full traceback of an error instead of one line (for bug "
            "reports); also GEO_DEBUG=1.",
        ),
    ] = False,
) -> None:
    # read by _Guarded.invoke through the context's parameters
    del debug


def _print_error(message: str) -> None:
    console.print("[bold red]error:[/]", end=" ")
    console.print(message, markup=False, highlight=False, soft_wrap=True)


def fail(exc: Exception) -> NoReturn:
    """Print ``error: <message>`` on stderr and exit with status 1."""
    _print_error(str(exc))
    raise typer.Exit(1)
