"""Two editors on one library: changes are seen, conflicts are never silent overwrites."""

from __future__ import annotations

from pathlib import Path

import pytest

from curator.articles import ArticleChanges, get_article, update_article
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from db.library import Library
from ui.app import create_application
from ui.conflict_dialog import ConflictDialog
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


def test_a_concurrent_edit_is_offered_as_a_conflict_not_overwritten(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    article_id = window.source_pane.article_id
    other = Library.open(window.library.path)  # a second editor, e.g. another window
    try:
        update_article(
            other, article_id, ArticleChanges(title="Fair opens in Valmora", notes="their note")
        )
    finally:
        other.close()
    shown: dict[str, object] = {}

    def choose(dialog: ConflictDialog) -> int:
        shown.update(fields=dialog.fields, mine=dict(dialog.mine), theirs=dict(dialog.theirs))
        dialog.merge.click()  # keep the ticked ones: my title, their note
        return 1

    monkeypatch.setattr(ConflictDialog, "exec", choose)
    window.edit_field("title", "Fair closes")  # saved over a version that is no longer there
    assert shown["fields"] == ["title", "notes"]
    assert shown["theirs"]["title"] == "Fair opens in Valmora"
    stored = get_article(window.library, article_id)
    assert (stored.title, stored.notes) == ("Fair closes", "their note")
    assert window.record_pane.title_edit.text() == "Fair closes"


def test_taking_theirs_keeps_their_version(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    article_id = window.source_pane.article_id
    update_article(window.library, article_id, ArticleChanges(title="Theirs"))  # behind its back
    monkeypatch.setattr(ConflictDialog, "exec", lambda d: (d.take_theirs.click(), 1)[1])
    window.edit_field("title", "Mine")
    assert get_article(window.library, article_id).title == "Theirs"
    assert window.record_pane.title_edit.text() == "Theirs"


def test_the_window_shows_what_another_process_saved(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    article_id = window.source_pane.article_id
    other = Library.open(window.library.path)
    try:
        import_parsed(
            other, [ParsedArticle("Second fair", "Second fair\n\nAnother one.", "s.txt", "en")]
        )
        update_article(other, article_id, ArticleChanges(title="Renamed elsewhere"))
    finally:
        other.close()
    qtbot.waitUntil(lambda: window.model.total == 2, timeout=5000)
    qtbot.waitUntil(
        lambda: window.source_pane.title_label.text() == "Renamed elsewhere", timeout=5000
    )
    assert window.source_pane.article_id == article_id  # still on the same article
