"""The window saving a field while another process holds the library's write lock.

The save is refused with a message (never silently dropped), what was typed stays in
the field, nothing reaches the undo stack, and Retry saves it once the lock is free.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from curator.articles import get_article, list_article_ids
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from db import library as library_module
from db.library import Library
from tests.test_concurrent_writers import hold_write_lock
from ui.app import create_application
from ui.main_window import MainWindow
from ui.settings import Settings


@pytest.fixture
def window(tmp_path: Path, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(library_module, "BUSY_TIMEOUT_MS", 300)  # before any connection
    library = Library.open(tmp_path / "library.sqlite")
    body = "Lantern fair opens\n\nThe fair opened."
    import_parsed(library, [ParsedArticle("Lantern fair opens", body, "a.txt", "en")])
    create_application([])
    window = MainWindow(library, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()
    library.close()


def _type_title(qtbot, window: MainWindow, title: str):  # type: ignore[no-untyped-def]
    """Type a new title and press Enter, as an editor does; returns the field."""
    editor = window.record_pane.title_edit
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, title)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    return editor


def test_a_save_refused_by_a_busy_library_is_kept_and_retried(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    release = tmp_path / "release"
    holder = hold_write_lock(window.library.path, release)
    try:
        editor = _type_title(qtbot, window, "Lantern fair closes")
        assert editor.text() == "Lantern fair closes"  # what was typed is still there
        error = window.record_pane.error_label
        assert error.isVisible() and "busy" in error.text()
        bar = window.library_health.retry_bar
        assert bar.isVisible() and "busy" in bar.label.text()
        assert not window.undo_stack.canUndo()
        (article_id,) = list_article_ids(window.library)
        assert get_article(window.library, article_id).title == "Lantern fair opens"
    finally:
        release.touch()
        holder.wait(timeout=30)

    qtbot.mouseClick(window.library_health.retry_bar.retry_button, Qt.MouseButton.LeftButton)
    assert get_article(window.library, article_id).title == "Lantern fair closes"
    assert not bar.isVisible() and not window.record_pane.error_label.isVisible()
    assert window.undo_stack.canUndo()
    window.undo_stack.undo()
    assert get_article(window.library, article_id).title == "Lantern fair opens"


def test_a_later_save_withdraws_the_retry_so_it_cannot_overwrite_it(window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    release = tmp_path / "release"
    holder = hold_write_lock(window.library.path, release)
    try:
        _type_title(qtbot, window, "First try")
        assert window.library_health.retry_bar.isVisible()
    finally:
        release.touch()
        holder.wait(timeout=30)
    _type_title(qtbot, window, "Second try")
    (article_id,) = list_article_ids(window.library)
    assert get_article(window.library, article_id).title == "Second try"
    assert not window.library_health.retry_bar.isVisible()  # "First try" cannot come back
