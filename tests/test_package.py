"""The package's face: version from metadata, a short ``help(geo)``, the lazy API."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import pytest

import geo


def test_version_comes_from_the_installed_metadata() -> None:
    assert geo.__version__ == importlib.metadata.version("geo")


def test_help_is_a_page_of_overview_not_the_whole_api() -> None:
    # in a fresh interpreter: what a user sees after `import geo`; in this process other
    # tests have imported submodules, which pydoc would list as well (order-dependent)
    code = "import pydoc, geo; print(pydoc.render_doc(geo, renderer=pydoc.plaintext))"
    text = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert len(text) < 6_000, len(text)  # it rendered 254,000 characters before
    for name in ("load_records", "build_layers", "make_map", "render_still", "geocode"):
        assert name in text
    assert "Python API" in text  # points to the README's section


@pytest.mark.parametrize("name", sorted(set(geo.__all__) - {"__version__"}))
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(geo, name) is not None


@pytest.mark.parametrize("room", ["maps", "units", "records", "gazetteer", "layers", "extract"])
def test_rooms_are_attributes_after_a_plain_import(room: str) -> None:
    import importlib

    module = getattr(geo, room)
    assert module is importlib.import_module(f"geo.{room}")


def test_extract_is_the_module_and_its_function_is_inside() -> None:
    import geo.extract

    assert callable(geo.extract.extract)
    assert geo.draft_records is geo.extract.draft_records


def test_the_checkout_seeds_folder_is_beside_the_package() -> None:
    from pathlib import Path

    from geo._config import checkout_seeds_dir

    assert checkout_seeds_dir() == Path(geo.__file__).resolve().parent.parent / "seeds"
    assert (checkout_seeds_dir() / "records").is_dir()  # this is an editable checkout
