"""Restoring a backup while another window or process has the library open.

The restore goes into the live database (SQLite's backup API), so the other window's
connections see it like any other change: it reloads, and its next save lands in the
restored library (or is a conflict the editor resolves), never in a replaced file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from curator import backups
from curator.articles import ArticleChanges, get_article, update_article
from curator.errors import EditConflictError
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from db.library import Library
from ui.app import create_application
from ui.main_window import MainWindow
from ui.settings import Settings

REPO = Path(__file__).resolve().parent.parent


def _library_with_backup(path: Path) -> tuple[int, Path]:
    """A library whose article is titled "Fair opens" in a backup, "Fair renamed" now."""
    library = Library.open(path)
    body = "Fair opens\n\nThe fair opened."
    article_id = import_parsed(library, [ParsedArticle("Fair opens", body, "f.txt", "en")])
    article_id = article_id.imported[0].id
    taken = backups.backup_now(library)
    update_article(library, article_id, ArticleChanges(title="Fair renamed"))
    library.close()
    return article_id, taken.path


def _restore_in_another_process(library_path: Path, backup: Path) -> None:
    result = subprocess.run(
        [sys.executable, "main.py", "--db", str(library_path), "restore", str(backup)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 0, result.stderr


def _stored_title(path: Path, article_id: int) -> str:
    fresh = Library.open(path)
    try:
        return get_article(fresh, article_id).title
    finally:
        fresh.close()


def test_saves_of_another_open_library_after_a_restore_are_kept(library_path: Path) -> None:
    article_id, backup = _library_with_backup(library_path)
    other = Library.open(library_path)  # another window, open throughout
    restorer = Library.open(library_path)
    try:
        held = get_article(other, article_id)
        restored, _safety = backups.restore(restorer, backup)
        assert get_article(other, article_id).title == "Fair opens"  # it sees the restore
        try:  # a save over the version it held before the restore is a conflict
            update_article(other, article_id, ArticleChanges(notes="x"), held.version)
        except EditConflictError:
            pass
        else:
            raise AssertionError("a save over a restored version was not reported")
        current = get_article(other, article_id)
        update_article(other, article_id, ArticleChanges(title="Fair reopens"), current.version)
        assert _stored_title(library_path, article_id) == "Fair reopens"  # in the live file
        restored.close()
    finally:
        other.close()
        restorer.close()


def test_the_window_reloads_after_a_restore_elsewhere_and_its_save_is_kept(
    library_path: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    article_id, backup = _library_with_backup(library_path)
    library = Library.open(library_path)
    create_application([])
    window = MainWindow(library, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.record_pane.title_edit.text() == "Fair renamed"
        _restore_in_another_process(library_path, backup)
        qtbot.waitUntil(lambda: window.record_pane.title_edit.text() == "Fair opens", timeout=10000)

        editor = window.record_pane.title_edit
        editor.setFocus()
        editor.selectAll()
        qtbot.keyClicks(editor, "Fair reopens")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        assert not window.record_pane.error_label.isVisible()
        assert _stored_title(library_path, article_id) == "Fair reopens"
        window.undo_stack.undo()
        assert _stored_title(library_path, article_id) == "Fair opens"
    finally:
        window.close()
        library.close()


def test_a_save_from_before_the_restore_never_overwrites_a_save_after_it(
    library_path: Path,
) -> None:
    """The restore puts back older version counters; a window still holding the newer
    one must not save over what another saved into the restored library."""
    article_id, backup = _library_with_backup(library_path)
    stale = Library.open(library_path)  # a window typing in the title, not reloaded
    other = Library.open(library_path)
    try:
        held = get_article(stale, article_id).version
        _restore_in_another_process(library_path, backup)
        fresh = get_article(other, article_id)
        update_article(other, article_id, ArticleChanges(title="Fair reopens"), fresh.version)
        with pytest.raises(EditConflictError):
            update_article(stale, article_id, ArticleChanges(title="Stale title"), held)
        assert _stored_title(library_path, article_id) == "Fair reopens"
    finally:
        stale.close()
        other.close()
