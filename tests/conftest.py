"""Shared fixtures: headless Qt, a private data/config dir, a temporary library."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def private_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the user's real library and settings."""
    root = tmp_path_factory.mktemp("curator-home")
    monkeypatch.setenv("CURATOR_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("CURATOR_CONFIG_DIR", str(root / "config"))
    monkeypatch.setenv("CURATOR_LOCALE", "en_GB")
    return root


@pytest.fixture(autouse=True)
def english_locale() -> Iterator[None]:
    from curator.i18n import set_locale

    set_locale("en_GB")
    yield
    set_locale("en_GB")


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    return tmp_path / "library.sqlite"


@pytest.fixture
def library(library_path: Path):  # type: ignore[no-untyped-def]
    from db.library import Library

    opened = Library.open(library_path)
    yield opened
    opened.close()


@pytest.fixture
def sample_library(library):  # type: ignore[no-untyped-def]
    from curator.sample import load_sample_library

    load_sample_library(library)
    return library
