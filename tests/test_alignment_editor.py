"""The alignment editor as a translator uses it, offscreen: keyboard commands with undo,
re-aligning in the background, writing a translation, and the bead model's contract."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from curator import articles, translations
from curator.align.facts import DIFFERENT
from curator.formats.tmx import read_tmx
from curator.translations import AlignmentView
from db.library import Library
from tests.translation_pairs import (
    FIERA_BEADS,
    FIERA_SEGMENTS_EN,
    import_article,
    import_fiera_pair,
)
from ui.alignment_editor import (
    CHECKS_COLUMN,
    FACTS_ROLE,
    SOURCE_COLUMN,
    TARGET_COLUMN,
    AlignmentEditor,
    BeadTableModel,
    PairDialog,
    open_alignment_editor,
    show_alignment_editor,
)
from ui.app import create_application
from ui.main_window import MainWindow
from ui.settings import Settings

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot: QtBot, library: Library, tmp_path: Path) -> MainWindow:
    create_application([])
    window = MainWindow(library, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def aligned(library: Library) -> AlignmentView:
    italian, english = import_fiera_pair(library)
    return translations.align_pair(library, translations.pair_articles(library, italian, english))


def open_editor(qtbot: QtBot, window: MainWindow, bitext_id: int) -> AlignmentEditor:
    editor = show_alignment_editor(window, bitext_id)
    qtbot.waitExposed(editor)
    editor.activateWindow()
    if editor.view.is_draft:  # writing: the first sentence's box opens by itself
        qtbot.waitUntil(lambda: editor.segment_editor() is not None)
        return editor
    editor.table.setFocus()
    qtbot.waitUntil(lambda: editor.table.hasFocus())
    return editor


def stored_shapes(library: Library, bitext_id: int) -> list[tuple[tuple[int, ...], ...]]:
    view = translations.get_alignment(library, bitext_id)
    return [(bead.source, bead.target) for bead in view.beads]


def press(
    qtbot: QtBot, editor: AlignmentEditor, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier
) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(editor.table, key, modifiers)


def undo(qtbot: QtBot, editor: AlignmentEditor) -> None:
    qtbot.keyClick(editor.table, Qt.Key.Key_Z, CTRL)


def redo(qtbot: QtBot, editor: AlignmentEditor) -> None:
    qtbot.keyClick(editor.table, Qt.Key.Key_Z, CTRL | SHIFT)


# --- the model ---------------------------------------------------------------------


def test_the_bead_model_passes_qt_model_tests(
    qtmodeltester, library: Library, aligned: AlignmentView
) -> None:  # type: ignore[no-untyped-def]
    model = BeadTableModel()
    model.set_view(aligned)
    qtmodeltester.check(model)
    model.set_checking(True)
    model.set_facts(translations.bead_facts(library, aligned.bitext_id))
    qtmodeltester.check(model)
    merged = translations.merge_beads(library, aligned.bitext_id, 0, aligned.version)
    model.set_view(merged)
    qtmodeltester.check(model)


def test_the_model_shows_sentences_flags_and_low_confidence(
    library: Library, aligned: AlignmentView
) -> None:
    view = translations.set_confirmed(library, aligned.bitext_id, [1], True, aligned.version)
    model = BeadTableModel()
    model.set_view(view)

    assert model.rowCount() == len(FIERA_BEADS) and model.columnCount() == 2
    assert model.index(4, TARGET_COLUMN).data() == (
        "Trade visitors exceeded 52,000.\nThat is 9.5% more than in 2024."
    )
    assert model.headerData(1, Qt.Orientation.Vertical) == "2 ✓"
    assert model.headerData(0, Qt.Orientation.Vertical) == "1"
    assert not model.flags(model.index(0, TARGET_COLUMN)) & Qt.ItemFlag.ItemIsEditable
    assert model.index(0, SOURCE_COLUMN).data(Qt.ItemDataRole.BackgroundRole) is None
    # an unsure bead is highlighted, unless confirmed
    doubtful = translations.insert_empty_side(library, aligned.bitext_id, 0, "target", view.version)
    doubtful = translations.set_beads(
        library,
        aligned.bitext_id,
        [translations.Bead(b.source, b.target, 0.4, False) for b in doubtful.beads],
        doubtful.version,
    )
    model.set_view(doubtful)
    assert model.index(0, SOURCE_COLUMN).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(0, TARGET_COLUMN).data() == "—"


# --- keyboard commands, each undone ---------------------------------------------------


def test_merging_with_the_bead_below_and_above_by_keyboard_then_undo(
    qtbot: QtBot, window: MainWindow, library: Library, aligned: AlignmentView
) -> None:
    editor = open_editor(qtbot, window, aligned.bitext_id)
    editor.go_to_row(2)

    press(qtbot, editor, Qt.Key.Key_Down, ALT)
    assert stored_shapes(library, aligned.bitext_id)[2] == ((2, 3), (2, 3))
    assert editor.model.rowCount() == len(FIERA_BEADS) - 1
    assert editor.current_row() == 2

    press(qtbot, editor, Qt.Key.Key_Up, ALT)
    assert stored_shapes(library, aligned.bitext_id)[1] == ((1, 2, 3), (1, 2, 3))

    undo(qtbot, editor)
    undo(qtbot, editor)
    assert stored_shapes(library, aligned.bitext_id) == FIERA_BEADS
    # confidence and confirmation come back exactly, not as a split would make them
    assert translations.get_alignment(library, aligned.bitext_id).beads == aligned.beads
    redo(qtbot, editor)
    assert stored_shapes(library, aligned.bitext_id)[2] == ((2, 3), (2, 3))
    assert window.undo_stack.undoText() == "Merge beads 3 and 4"


def test_splitting_a_bead_by_keyboard_then_undo(
    qtbot: QtBot, window: MainWindow, library: Library, aligned: AlignmentView
) -> None:
    editor = open_editor(qtbot, window, aligned.bitext_id)
    editor.go_to_row(4)

    press(qtbot, editor, Qt.Key.Key_S, CTRL | SHIFT)
    assert stored_shapes(library, aligned.bitext_id)[4:6] == [((4,), (4,)), ((), (5,))]

    undo(qtbot, editor)
    assert translations.get_alignment(library, aligned.bitext_id).beads == aligned.beads


def test_moving_a_sentence_across_the_boundary_by_keyboard_then_undo(
    qtbot: QtBot, window: MainWindow, library: Library, aligned: AlignmentView
) -> None:
    editor = open_editor(qtbot, window, aligned.bitext_id)
    editor.go_to_row(4, TARGET_COLUMN)

    press(qtbot, editor, Qt.Key.Key_Down, ALT | SHIFT)  # "That is 9.5%…" to bead 6
    assert stored_shapes(library, aligned.bitext_id)[4:6] == [((4,), (4,)), ((5,), (5, 6))]
    editor.go_to_row(5, TARGET_COLUMN)
    press(qtbot, editor, Qt.Key.Key_Up, ALT | SHIFT)  # and back
    assert stored_shapes(library, aligned.bitext_id) == FIERA_BEADS

    editor.go_to_row(3, SOURCE_COLUMN)
    press(qtbot, editor, Qt.Key.Key_Down, ALT | SHIFT)  # the source side this time
    assert stored_shapes(library, aligned.bitext_id)[3:5] == [((), (3,)), ((3, 4), (4, 5))]

    undo(qtbot, editor)
    undo(qtbot, editor)
    undo(qtbot, editor)
    assert translations.get_alignment(library, aligned.bitext_id).beads == aligned.beads


def test_inserting_an_empty_cell_by_keyboard_then_undo(
    qtbot: QtBot, window: MainWindow, library: Library, aligned: AlignmentView
) -> None:
    editor = open_editor(qtbot, window, aligned.bitext_id)
    editor.go_to_row(6, TARGET_COLUMN)

    press(qtbot, editor, Qt.Key.Key_0, CTRL)
    assert stored_shapes(library, aligned.bitext_id)[6:8] == [((6,), ()), ((), (7,))]
    assert editor.model.index(6, TARGET_COLUMN).data() == "—"

    undo(qtbot, editor)
    assert translations.get_alignment(library, aligned.bitext_id).beads == aligned.beads


def test_confirming_by_keyboard_then_undo(
    qtbot: QtBot, window: MainWindow, library: Library, aligned: AlignmentView
) -> None:
    editor = open_editor(qtbot, window, aligned.bitext_id)
    editor.go_to_row(0)

    press(qtbot, editor, Qt.Key.Key_Space)
    assert translations.get_alignment(library, aligned.bitext_id).beads[0].confirmed
    assert editor.model.headerData(0, Qt.Orientation.Vertical) == "1 ✓"

    press(qtbot, editor, Qt.Key.Key_Return)  # bead 1 is confirmed already: on to bead 2
    assert editor.current_row() == 1
    press(qtbot, editor, Qt.Key.Key_Return)
    assert editor.current_row() == 2
    assert translations.get_alignment(library, aligned.bitext_id).confirmed_count == 2

    press(qtbot, editor, Qt.Key.Key_Space)  # bead 3 too; then Space again takes it back
    press(qtbot, editor, Qt.Key.Key_Space)
    assert translations.get_alignment(library, aligned.bitext_id).confirmed_count == 2

    for _step in range(4):
        undo(qtbot, editor)
    assert translations.get_alignment(library, aligned.bitext_id).confirmed_count == 0


def test_a_refused_command_is_shown_and_not_pushed(
    qtbot: QtBot, window: MainWindow, aligned: AlignmentView
) -> None:
    editor = open_editor(qtbot, window, aligned.bitext_id)
    editor.go_to_row(0)
    press(qtbot, editor, Qt.Key.Key_Up, ALT)
    editor.go_to_row(7)
    editor.insert_empty_cell()
    editor.go_to_row(7)
    press(qtbot, editor, Qt.Key.Key_S, CTRL | SHIFT)  # a bead of one sentence
    assert window.undo_stack.count() == 1
    assert "split" in editor.statusBar().currentMessage()


def test_realigning_runs_in_the_background_and_keeps_confirmed_beads(
    qtbot: QtBot, window: MainWindow, library: Library, aligned: AlignmentView
) -> None:
    bitext = aligned.bitext_id
    editor = open_editor(qtbot, window, bitext)
    editor.go_to_row(4, TARGET_COLUMN)
    press(qtbot, editor, Qt.Key.Key_Down, ALT | SHIFT)  # a correction, confirmed by making it
    editor.go_to_row(2)
    press(qtbot, editor, Qt.Key.Key_Down, ALT)  # a merge the aligner would not make…
    press(qtbot, editor, Qt.Key.Key_Space)  # …taken back from confirmation
    corrected = stored_shapes(library, bitext)

    with qtbot.waitSignal(editor.realigned, timeout=20_000):
        editor.realign_button.click()

    shapes = stored_shapes(library, bitext)
    assert shapes[4:6] == corrected[3:5] == [((4,), (4,)), ((5,), (5, 6))]  # kept
    assert shapes[2:4] == [((2,), (2,)), ((3,), (3,))]  # aligned again
    assert window.undo_stack.undoText() == "Re-align"
    undo(qtbot, editor)
    assert stored_shapes(library, bitext) == corrected


# --- writing a translation ---------------------------------------------------------


def type_segment(qtbot: QtBot, editor: AlignmentEditor, row: int, text: str) -> None:
    editor.edit_segment(row)
    qtbot.waitUntil(lambda: editor.segment_editor() is not None)
    box = editor.segment_editor()
    assert isinstance(box, QPlainTextEdit)
    qtbot.keyClicks(box, text)


def test_writing_mode_saves_as_typed_and_flags_a_mismatched_figure(
    qtbot: QtBot, window: MainWindow, library: Library
) -> None:
    italian, _english = import_fiera_pair(library)
    bitext = translations.pair_for_article(
        library, translations.create_translation(library, italian, "en")
    )
    editor = open_editor(qtbot, window, bitext)
    assert editor.model.columnCount() == 3 and editor.finish_button.isVisible()
    assert editor.model.flags(editor.model.index(3, TARGET_COLUMN)) & Qt.ItemFlag.ItemIsEditable

    type_segment(qtbot, editor, 3, "There were 14,500 exhibitors from 28 countries.")
    # saved after a pause, without leaving the box
    qtbot.waitUntil(
        lambda: (
            translations.get_alignment(library, bitext).beads[3].target_texts
            == ("There were 14,500 exhibitors from 28 countries.",)
        ),
        timeout=2000,
    )
    facts = editor.model.index(3, CHECKS_COLUMN).data(FACTS_ROLE)
    flagged = [fact for fact in facts if fact.flagged]
    assert [(f.text, f.status, f.found) for f in flagged] == [
        ("1.450", DIFFERENT, "14,500 exhibitors")
    ]
    assert "1 to check" in editor.status_label.text()

    box = editor.segment_editor()
    assert box is not None
    box.selectAll()
    qtbot.keyClicks(box, "There were 1,450 exhibitors from 28 countries.")
    qtbot.keyClick(box, Qt.Key.Key_Return)  # saved at once, and on to the next sentence
    assert translations.get_alignment(library, bitext).beads[3].target_texts == (
        "There were 1,450 exhibitors from 28 countries.",
    )
    qtbot.waitUntil(lambda: editor.current_row() == 4)
    assert not any(f.flagged for f in editor.model.index(3, CHECKS_COLUMN).data(FACTS_ROLE))
    # the saves of one sentence are one step of undo
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert translations.get_alignment(library, bitext).beads[3].target_texts == ("",)


def test_a_translation_typed_in_the_editor_becomes_an_article(
    qtbot: QtBot, window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    italian, _english = import_fiera_pair(library)
    bitext = translations.pair_for_article(
        library, translations.create_translation(library, italian, "en")
    )
    editor = open_editor(qtbot, window, bitext)
    for text in FIERA_SEGMENTS_EN:
        box = editor.segment_editor()
        assert box is not None
        qtbot.keyClicks(box, text)
        qtbot.keyClick(box, Qt.Key.Key_Return)
        qtbot.wait(10)
    assert translations.get_alignment(library, bitext).written_count == len(FIERA_SEGMENTS_EN)

    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(editor.translation_finished) as finished:
        editor.finish_button.click()

    article = articles.get_article(library, finished.args[0])
    assert article.body.startswith(FIERA_SEGMENTS_EN[0] + "\n\n" + FIERA_SEGMENTS_EN[1] + " ")
    assert not editor.view.is_draft and editor.model.columnCount() == 2
    assert window.source_pane.article_id == article.id


# --- opening the editor from the window -------------------------------------------


def test_the_window_opens_the_editor_on_the_selected_articles_pair(
    qtbot: QtBot, window: MainWindow, library: Library, aligned: AlignmentView
) -> None:
    window.model.reload()
    window.go_to_article(aligned.source_article_id)
    action = next(
        action
        for menu_action in window.menuBar().actions()
        if menu_action.menu() is not None
        for action in menu_action.menu().actions()
        if action.text() == "&Align with Translation…"
    )
    action.trigger()
    [editor] = window.findChildren(AlignmentEditor)
    assert editor.bitext_id == aligned.bitext_id and editor.isVisible()
    editor.close()
    assert open_alignment_editor(window) is editor  # one editor per pair


def test_an_article_without_translation_is_paired_or_given_a_new_one(
    qtbot: QtBot, window: MainWindow, library: Library
) -> None:
    italian, english = import_fiera_pair(library)
    detail = articles.get_article(library, italian)

    dialog = PairDialog(library, detail, window)
    qtbot.addWidget(dialog)
    assert dialog.pair_choice.isChecked()
    titles = [dialog.article_list.item(i).text() for i in range(dialog.article_list.count())]
    assert titles[0].startswith("Castelverde's 12th") and len(titles) == 1
    dialog.accept()
    assert dialog.bitext_id == translations.pair_for_article(library, english)

    lone = import_article(
        library, "Una fiera senza traduzione", "Una fiera senza traduzione. Apre oggi.", "it"
    )
    dialog = PairDialog(library, articles.get_article(library, lone), window)
    qtbot.addWidget(dialog)
    dialog.write_choice.setChecked(True)
    assert dialog.language_combo.currentText() == "en"
    dialog.accept()
    view = translations.get_alignment(library, dialog.bitext_id)
    assert view.is_draft and view.source_article_id == lone and len(view.beads) == 2


# --- done when: an Italian article, its English typed in, aligned, exported as TMX ---


def test_an_italian_article_with_a_typed_english_translation_exports_a_valid_tmx(
    qtbot: QtBot, window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    italian, _english = import_fiera_pair(library)
    window.model.reload()
    window.go_to_article(italian)
    monkeypatch.setattr(
        PairDialog, "exec", lambda self: self.write_choice.setChecked(True) or self.accept() or True
    )
    editor = open_alignment_editor(window)
    assert editor is not None and editor.view.is_draft
    qtbot.waitExposed(editor)
    qtbot.waitUntil(lambda: editor.segment_editor() is not None)
    for text in FIERA_SEGMENTS_EN:
        box = editor.segment_editor()
        assert box is not None
        qtbot.keyClicks(box, text)
        qtbot.keyClick(box, Qt.Key.Key_Return)
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(editor.translation_finished):
        editor.finish_button.click()
    with qtbot.waitSignal(editor.realigned, timeout=20_000):
        editor.realign()

    data = translations.export_alignment(library, editor.bitext_id, "tmx")

    units = etree.fromstring(data).findall(".//tu")
    assert len(units) == len(FIERA_SEGMENTS_EN) == len(editor.view.beads)
    read = read_tmx(data, "castelverde.tmx").alignment
    assert read is not None and len(read.beads) == len(units)
    assert read.target[4] == "Trade visitors exceeded 52,000, 9.5% more than in 2024."
    try:
        from translate.storage.tmx import tmxfile  # translate-toolkit, a third-party reader
    except ImportError:
        tmxfile = None
    if tmxfile is not None:
        assert len([unit for unit in tmxfile(data).units if unit.source]) == len(units)
    shared = os.environ.get("CURATOR_SHARED")
    if not shared:
        pytest.skip("CURATOR_SHARED is not set: the official TMX DTD is there")
    dtd_path = Path(shared, "schemas", "tmx", "tmx14.dtd")
    if not dtd_path.exists():
        pytest.skip(f"{dtd_path} is missing")
    dtd = etree.DTD(str(dtd_path))
    assert dtd.validate(etree.fromstring(data)), dtd.error_log.filter_from_errors()
