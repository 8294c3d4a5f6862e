"""A library that cannot be written: read-only places and a full disk.

Reading goes on; every change is rolled back and reported in one clear line; the
window says so at the top and keeps what the editor typed. (The tests run as any user,
root included, so "cannot write here" is simulated by asking for read-only or by the
library's own size limit, not by file permissions root would ignore.)
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import event, text

import main
from curator.articles import ArticleChanges, get_article, list_article_ids, update_article
from curator.errors import LibraryWriteError
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed, import_text
from curator.search import search_articles
from db import library as library_module
from db.library import Library
from ui.app import create_application
from ui.main_window import MainWindow
from ui.settings import Settings


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def closed_library(library_path: Path) -> Path:
    """A library holding one article, closed and checkpointed (no -wal beside it)."""
    library = Library.open(library_path)
    body = "Lantern fair opens\n\nThe fair opened."
    import_parsed(library, [ParsedArticle("Lantern fair opens", body, "a.txt", "en")])
    library.close()
    return library_path


def test_a_read_only_library_reads_but_refuses_changes_and_is_left_untouched(closed_library):
    before = _sha256(closed_library)
    library = Library.open(closed_library, read_only=True)
    try:
        assert library.read_only
        (article_id,) = list_article_ids(library)
        assert search_articles(library, "lantern").total == 1
        with pytest.raises(LibraryWriteError, match="read-only; nothing was saved"):
            update_article(library, article_id, ArticleChanges(title="Changed"))
        assert get_article(library, article_id).title == "Lantern fair opens"
    finally:
        library.close()
    assert _sha256(closed_library) == before
    assert not Path(f"{closed_library}-wal").exists()


def test_a_library_in_a_place_we_cannot_write_opens_read_only(closed_library, monkeypatch):
    monkeypatch.setattr(library_module, "is_writable", lambda path: False)
    library = Library.open(closed_library)
    try:
        assert library.read_only
    finally:
        library.close()


def test_a_full_disk_rolls_the_change_back_and_says_so(library: Library):
    import_text(library, "Harbour expo\n\nThe expo opened on the quay.")
    with library.engine.connect() as connection:
        pages = connection.execute(text("PRAGMA page_count")).scalar()
    library.engine.dispose()  # new connections get the limit: the disk is now "full"
    event.listen(
        library.engine,
        "connect",
        lambda connection, _record: connection.execute(f"PRAGMA max_page_count={pages + 2}"),
    )
    big = "Spice fair\n\n" + "The stalls sold saffron, pepper and cloves. " * 20_000
    with pytest.raises(LibraryWriteError, match="disk is full; nothing was saved"):
        import_text(library, big)
    assert len(list_article_ids(library)) == 1  # nothing half-stored


def test_the_cli_on_a_read_only_library_gives_one_line_and_fails(
    closed_library, monkeypatch, capsys, tmp_path
):
    monkeypatch.setattr(library_module, "is_writable", lambda path: False)
    (tmp_path / "new.txt").write_text("Tea fair\n\nThe tea fair opened.", encoding="utf-8")
    code = main.main(["--db", str(closed_library), "import", str(tmp_path / "new.txt")])
    error = capsys.readouterr().err.strip()
    assert code != 0
    assert len(error.splitlines()) == 1 and "read-only" in error
    code = main.main(["--db", str(closed_library), "search", "lantern"])
    assert code == 0


def test_the_window_shows_a_banner_and_keeps_a_refused_edit(closed_library, qtbot, tmp_path):
    create_application([])
    library = Library.open(closed_library, read_only=True)
    window = MainWindow(library, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    assert window.banner.isVisible() and "read-only" in window.banner.text()
    editor = window.record_pane.title_edit
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "Lantern fair closes")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.text() == "Lantern fair closes"  # what was typed is still there
    assert "nothing was saved" in window.record_pane.error_label.text()
    assert window.record_pane.error_label.isVisible()
    assert not window.undo_stack.canUndo()
    window.close()
    library.close()


def test_a_writable_library_shows_no_banner(library: Library, qtbot, tmp_path):
    create_application([])
    window = MainWindow(library, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    assert not window.banner.isVisible()
