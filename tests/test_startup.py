"""What the window opens at start-up, and the way out when a file cannot be opened."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from curator.articles import list_articles
from curator.paths import default_library_path
from curator.sample import open_startup_library
from ui.app import create_application, open_with_recovery


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_first_launch_creates_the_sample_library_once() -> None:
    assert not default_library_path().exists()
    first = open_startup_library(None)
    rows = list_articles(first)
    first.close()
    assert len(rows) == 7
    assert {row.language for row in rows} == {"en", "it"}
    again = open_startup_library(None)
    assert len(list_articles(again)) == 7  # not imported a second time
    again.close()


def test_a_new_file_named_explicitly_starts_empty(tmp_path: Path) -> None:
    library = open_startup_library(tmp_path / "empty.sqlite")
    assert list_articles(library) == []
    library.close()


@pytest.fixture
def choose(monkeypatch, qtbot):  # type: ignore[no-untyped-def]
    """Answer the start-up message box by clicking the button whose text starts so."""
    create_application([])
    shown: list[str] = []

    def answer(prefix: str) -> list[str]:
        def exec_box(box: QMessageBox) -> int:
            shown.append(box.text())
            button = next(b for b in box.buttons() if b.text().startswith(prefix))
            button.click()
            return 0

        monkeypatch.setattr(QMessageBox, "exec", exec_box)
        return shown

    return answer


def test_a_file_that_is_not_a_library_is_explained_and_left_alone(
    tmp_path: Path,
    choose,  # type: ignore[no-untyped-def]
) -> None:
    notes = tmp_path / "notes.sqlite"
    notes.write_text("these are my notes, not a database\n")
    before = digest(notes)
    shown = choose("Quit")
    assert open_with_recovery(notes) is None
    assert "notes.sqlite" in shown[0] and "not a Curator library" in shown[0]
    assert digest(notes) == before


def test_the_way_out_creates_a_new_library(
    tmp_path: Path,
    choose,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    fresh = tmp_path / "fresh.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kw: (str(fresh), ""))
    choose("Create")
    library = open_with_recovery(damaged)
    assert library is not None and library.path == fresh
    assert list_articles(library) == []
    library.close()
