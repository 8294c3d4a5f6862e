"""The window as an editor uses it, offscreen: select, edit, undo, search, import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QTextCursor

from curator import articles
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from db.library import Library
from ui.app import create_application
from ui.article_list_model import ArticleListModel
from ui.main_window import MainWindow
from ui.settings import Settings


@pytest.fixture
def make_window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    create_application([])

    def make(library: Library) -> MainWindow:
        window = MainWindow(library, Settings(tmp_path / "settings.ini"))
        qtbot.addWidget(window)
        window.show()
        return window

    return make


@pytest.fixture
def window(make_window, sample_library):  # type: ignore[no-untyped-def]
    return make_window(sample_library)


def shown_titles(window: MainWindow) -> list[str]:
    model = window.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def select_title(window: MainWindow, title: str) -> int:
    row = shown_titles(window).index(title)
    window.library_pane.select_row(row)
    return window.model.article_id(row)  # type: ignore[return-value]


def stored(library: Library, article_id: int) -> articles.ArticleDetail:
    return articles.get_article(library, article_id)


def test_the_sample_library_is_listed_and_the_first_article_shown(window: MainWindow) -> None:
    assert len(shown_titles(window)) == 7
    assert window.library_pane.count_label.text() == "7 articles"
    shown = window.source_pane.title_label.text()
    assert shown == shown_titles(window)[0]
    assert window.record_pane.title_edit.text() == shown
    assert window.source_pane.text.toPlainText().startswith(shown)


def test_selecting_an_article_shows_its_text_and_record(window: MainWindow) -> None:
    titles = shown_titles(window)
    article_id = select_title(window, titles[3])
    detail = stored(window.library, article_id)
    assert window.source_pane.text.toPlainText() == detail.body
    assert window.record_pane.status_combo.currentData() == detail.status
    assert window.record_pane.tags_edit.text() == ", ".join(detail.tags)


def test_editing_the_title_saves_it_and_undo_restores_it(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    article_id = select_title(window, shown_titles(window)[1])
    original = stored(window.library, article_id).title
    editor = window.record_pane.title_edit
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "Verona logistics fair closes with record attendance")
    qtbot.keyClick(editor, Qt.Key.Key_Return)

    assert stored(window.library, article_id).title == (
        "Verona logistics fair closes with record attendance"
    )
    assert "Verona logistics fair closes" in shown_titles(window)[1]
    assert window.undo_action.text().replace("&", "").startswith("Undo Edit title")

    window.undo_action.trigger()
    assert stored(window.library, article_id).title == original
    assert window.record_pane.title_edit.text() == original
    assert shown_titles(window)[1] == original

    window.redo_action.trigger()
    assert stored(window.library, article_id).title.startswith("Verona logistics fair")


def test_status_change_is_undoable_and_shown_in_the_list(window: MainWindow) -> None:
    article_id = select_title(window, shown_titles(window)[0])
    before = stored(window.library, article_id).status
    combo = window.record_pane.status_combo
    combo.setCurrentIndex(combo.findData("in_review"))
    combo.activated.emit(combo.currentIndex())
    assert stored(window.library, article_id).status == "in_review"
    assert window.model.index(0, 1).data() == articles.status_label("in_review")
    window.undo_stack.undo()
    assert stored(window.library, article_id).status == before


def test_published_date_is_read_in_the_editors_locale(window: MainWindow) -> None:
    article_id = select_title(window, shown_titles(window)[2])
    edit = window.record_pane.published_edit
    edit.setText("27 Mar 2025")
    edit.editingFinished.emit()
    assert stored(window.library, article_id).published == dt.date(2025, 3, 27)
    assert edit.text() == "27 Mar 2025"


def test_an_impossible_date_is_refused_with_a_message(window: MainWindow) -> None:
    article_id = select_title(window, shown_titles(window)[2])
    before = stored(window.library, article_id).published
    edit = window.record_pane.published_edit
    edit.setText("31 Feb 2025")
    edit.editingFinished.emit()
    assert stored(window.library, article_id).published == before
    assert window.record_pane.error_label.isVisibleTo(window)
    assert "31 Feb 2025" in window.record_pane.error_label.text()
    assert window.undo_stack.count() == 0


def test_notes_are_saved_shortly_after_typing_stops(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    article_id = select_title(window, shown_titles(window)[4])
    notes = window.record_pane.notes_edit
    notes.setFocus()
    notes.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(notes, "Check the visitor figure")
    qtbot.waitUntil(
        lambda: stored(window.library, article_id).notes.endswith("Check the visitor figure"),
        timeout=3000,
    )


def test_switching_article_saves_notes_still_being_typed(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    article_id = select_title(window, shown_titles(window)[4])
    window.record_pane.notes_edit.setPlainText("Ask the press office")
    window.next_action.trigger()
    assert stored(window.library, article_id).notes == "Ask the press office"


def test_tags_are_saved_and_offered_as_a_filter(window: MainWindow) -> None:
    article_id = select_title(window, shown_titles(window)[0])
    edit = window.record_pane.tags_edit
    edit.setText("fair, Kiosk-Check, fair")
    edit.editingFinished.emit()
    assert stored(window.library, article_id).tags == ("fair", "Kiosk-Check")
    tag_filter = window.library_pane.tag_filter
    assert tag_filter.findData("Kiosk-Check") >= 0
    tag_filter.setCurrentIndex(tag_filter.findData("Kiosk-Check"))
    tag_filter.activated.emit(tag_filter.currentIndex())
    assert window.model.total == 1


def test_search_narrows_the_list_and_a_bad_query_says_why(window: MainWindow) -> None:
    pane = window.library_pane
    pane.search_box.setText("Verona")
    pane.apply_query()
    titles = shown_titles(window)
    assert 1 <= len(titles) < 7
    assert all(
        "Verona" in stored(window.library, window.model.article_id(row)).body
        for row in range(len(titles))
    )
    assert "matching" in pane.count_label.text()

    pane.search_box.setText('"unclosed phrase')
    pane.apply_query()
    assert pane.search_error.isVisibleTo(window)
    assert "quote" in pane.search_error.text().lower()
    assert shown_titles(window) == titles  # the previous results stay

    pane.search_box.setText("zzzznotaword")
    pane.apply_query()
    assert window.model.rowCount() == 0
    assert "No article matches" in pane.empty_label.text()
    assert pane.list_stack.currentWidget() is pane.empty_label


def test_status_and_language_filters(window: MainWindow) -> None:
    pane = window.library_pane
    language = pane.language_filter
    language.setCurrentIndex(language.findData("it"))
    language.activated.emit(language.currentIndex())
    ids = [window.model.article_id(row) for row in range(window.model.rowCount())]
    assert ids and all(stored(window.library, i).language == "it" for i in ids)


def test_next_and_previous_article_keys(window: MainWindow) -> None:
    window.library_pane.select_row(0)
    window.next_action.trigger()
    assert window.library_pane.view.currentIndex().row() == 1
    window.previous_action.trigger()
    window.previous_action.trigger()
    assert window.library_pane.view.currentIndex().row() == 0


def test_translation_link_jumps_to_the_other_version(window: MainWindow) -> None:
    pair = [
        row
        for row in range(window.model.rowCount())
        if stored(window.library, window.model.article_id(row)).translations
    ]
    assert len(pair) == 2
    first = window.model.article_id(pair[0])
    window.library_pane.select_row(pair[0])
    other = stored(window.library, first).translations[0].article_id
    window.record_pane.translations_label.linkActivated.emit(str(other))
    assert window.source_pane.article_id == other


def write_articles(folder: Path, count: int) -> None:
    folder.mkdir()
    for index in range(count):
        (folder / f"fair-{index:03}.txt").write_text(
            f"Packaging fair day {index} in Parma\n\nUpdated: Mar 14,2025 10:20 AM\n\n"
            f"The fair counted {index * 37 + 1000} visitors on day {index}.\n",
            encoding="utf-8",
        )


def test_importing_a_folder_runs_in_the_background_and_reports(
    make_window,
    library,
    tmp_path: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    window = make_window(library)
    assert "Your library is empty" in window.library_pane.empty_label.text()
    folder = tmp_path / "incoming"
    write_articles(folder, 3)
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    with qtbot.waitSignal(window.import_finished, timeout=10000) as finished:
        window.import_paths([folder])
    report = finished.args[0]
    assert len(report.imported) == 3
    assert any("broken.json" in problem.where for problem in report.errors)
    assert window.model.total == 3
    assert window.library_pane.count_label.text() == "3 articles"
    assert not window.progress_bar.isVisible()
    assert window.source_pane.title_label.text().startswith("Packaging fair day")


def test_cancelling_an_import_keeps_what_was_stored(
    make_window,
    library,
    tmp_path: Path,
    qtbot,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr("curator.importer.BATCH_SIZE", 1)
    window = make_window(library)
    folder = tmp_path / "many"
    write_articles(folder, 300)
    with qtbot.waitSignal(window.import_finished, timeout=20000) as finished:
        window.import_paths([folder])
        window.cancel_import()
    report = finished.args[0]
    assert report.cancelled
    assert len(report.imported) < 300
    assert window.model.total == len(report.imported)


def test_pasting_an_article_from_the_clipboard(make_window, library, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(library)
    QGuiApplication.clipboard().setText(
        "Fiera del Levante chiude con 120.000 visitatori\n\n"
        "La fiera di Bari si è chiusa domenica con più visitatori dell'anno scorso."
    )
    with qtbot.waitSignal(window.import_finished, timeout=5000):
        window.paste_action.trigger()
    assert shown_titles(window) == ["Fiera del Levante chiude con 120.000 visitatori"]
    assert stored(window.library, window.model.article_id(0)).language == "it"


def test_dropping_files_imports_them(make_window, library, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(library)
    dropped = tmp_path / "expo.md"
    dropped.write_text("# Supply chain expo opens in Genoa\n\nThe expo opened today.\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.import_finished, timeout=5000):
        window.dropEvent(event)
    assert shown_titles(window) == ["Supply chain expo opens in Genoa"]


def test_window_geometry_and_splitters_are_remembered(
    sample_library,
    tmp_path: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    create_application([])
    settings_path = tmp_path / "geometry.ini"
    first = MainWindow(sample_library, Settings(settings_path))
    qtbot.addWidget(first)
    first.show()
    # A size the window can take within the 800-pixel offscreen screen.
    size = (min(first.minimumSizeHint().width() + 1, 800), 580)
    first.resize(*size)
    first.main_splitter.setSizes([250, 500])
    remembered = first.main_splitter.sizes()
    first.close()

    second = MainWindow(sample_library, Settings(settings_path))
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == size
    assert second.main_splitter.sizes() == remembered


def test_the_list_model_loads_lazily(library, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    import_parsed(
        library,
        [
            ParsedArticle(
                title=f"Expo bulletin {i}",
                body=f"Expo bulletin {i}\n\nDay {i}.",
                origin=f"test {i}",
                language="en",
            )
            for i in range(1200)
        ],
    )
    model = ArticleListModel(library)
    model.reload()
    assert model.total == 1200
    assert model.rowCount() == 500
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 1000
    assert model.index(999, 0).data().startswith("Expo bulletin")
    row = model.row_of(model._ids[1150])
    assert row == 1150 and model.rowCount() == 1200
    qtmodeltester.check(model, force_py=True)
