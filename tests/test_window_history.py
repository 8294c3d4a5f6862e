"""History and backups from the window: restore an earlier state, back up, restore."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from curator import backups
from curator.articles import ArticleChanges, get_article, update_article
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from ui.app import create_application
from ui.main_window import MainWindow
from ui.settings import Settings


@pytest.fixture
def window(library, qtbot, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    import_parsed(library, [ParsedArticle("Fair opens", "Fair opens\n\nIt opened.", "f.txt", "en")])
    create_application([])
    window = MainWindow(library, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    return window


def title(window: MainWindow) -> str:
    return get_article(window.library, window.source_pane.article_id).title


def test_an_earlier_state_is_restored_from_history_and_undone(window) -> None:  # type: ignore[no-untyped-def]
    window.edit_field("title", "Fair closes")
    dialog = window.show_history()
    assert dialog is not None
    actions = [row.action for row in dialog.model.rows]
    assert actions[0] == "update" and actions[-1] == "import"
    dialog.table.selectRow(0)
    dialog.before_button.click()
    assert title(window) == "Fair opens"
    assert dialog.model.rows[0].after == {"title": "Fair opens"}  # the restore is a change
    window.undo_action.trigger()
    assert title(window) == "Fair closes"


def test_back_up_now_and_restore_from_a_backup(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window.back_up_now()
    qtbot.waitUntil(lambda: bool(backups.list_backups(window.library.path)), timeout=5000)
    [taken] = backups.list_backups(window.library.path)
    update_article(
        window.library,
        window.source_pane.article_id,
        ArticleChanges(title="Changed after the backup"),
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(taken.path), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.choose_backup_to_restore()
    assert window.model.rowCount() == 1
    assert title(window) == "Fair opens"
    assert len(backups.list_backups(window.library.path)) == 2  # the state before, kept
