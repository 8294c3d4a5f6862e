"""Every documented key, pressed with real key events from where an editor has the focus.

The registry (ui/keys.py) is what the menus, F1 and the README's table show; these tests
hold it to the window: no key bound twice where it can be pressed, every binding on a live
action, and every key doing its job from the text, the list, a record field or the table.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from curator import annotations, records, suggestions, translations
from curator.tagset import default_tagset
from db.library import Library
from tests.translation_pairs import import_article, import_fiera_pair
from ui import keys
from ui.alignment_editor import AlignmentEditor, show_alignment_editor
from ui.app import create_application
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.shortcuts_dialog import ShortcutsDialog

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
BODY = (
    "Valmora Robotics Fair closes\n\n"
    "The Valmora Robotics Fair ran from March 11 to 14. Anna Ferri, Deputy Director of "
    "the Valmora Trade Commission, said that more than 1,200 exhibitors took part. "
    "The Valmora Robotics Fair returns in 2026."
)


@pytest.fixture
def window(library: Library, qtbot: QtBot, tmp_path: Path) -> MainWindow:
    pair = import_fiera_pair(library)
    article = import_article(library, "Valmora Robotics Fair closes", BODY, "en")
    create_application([])
    window = MainWindow(library, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.library_pane.select_article(article)
    window.fiera_pair = pair  # type: ignore[attr-defined]
    activate(qtbot, window)
    return window


def activate(qtbot: QtBot, widget: QWidget) -> None:
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def press(widget: QWidget, sequence: str) -> None:
    """One key sequence as typed, sent to the widget that has the focus."""
    combination = QKeySequence(sequence)[0]
    key, modifiers = combination.key(), combination.keyboardModifiers()
    if key == Qt.Key.Key_Tab and modifiers & SHIFT:
        key = Qt.Key.Key_Backtab  # what a keyboard sends for Shift+Tab
    QTest.keyClick(widget, key, modifiers)


def mark(window: MainWindow, text: str, type_name: str) -> int:
    start = BODY.index(text)
    view = annotations.add_annotation(
        window.library, window.source_pane.article_id, start, start + len(text), type_name
    )
    window._refresh_annotations()
    return view.id


def select_text(window: MainWindow, text: str) -> None:
    edit = window.source_pane.text
    start = BODY.index(text)
    cursor = edit.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(text), cursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    edit.setFocus()


def stored(window: MainWindow) -> list[annotations.AnnotationView]:
    return annotations.list_annotations(window.library, window.source_pane.article_id)


def record_field(window: MainWindow, path: tuple = ("event_name",)) -> QWidget:
    window.side_tabs.setCurrentWidget(window.record_form)
    field = window.record_form.editors[path].inputs[0]
    field.setFocus()
    return field


# --- the registry ------------------------------------------------------------------------


def default_types() -> list:
    return default_tagset().types


@pytest.mark.parametrize("context", list(keys.CONTEXT_LABELS))
def test_no_key_is_bound_twice_where_it_can_be_pressed(context: str) -> None:
    reachable = keys.in_context(context, keys.type_bindings(default_types()))
    assert keys.duplicates(reachable) == {}


def test_the_duplicate_check_catches_a_key_bound_twice() -> None:
    twice = keys.Binding("redo", keys.WINDOW, ("Ctrl+Shift+Z", "ctrl+shift+z"), "Redo")
    assert keys.duplicates([twice]) == {"Ctrl+Shift+Z": ["redo", "redo"]}
    clash = keys.in_context(keys.TEXT, [keys.Binding("x", keys.TEXT, ("Ctrl+E",), "x")])
    assert "Ctrl+E" in keys.duplicates(clash)  # a text key clashing with a window key


def live_shortcuts(top: QWidget) -> dict[str, list[str]]:
    """Every key sequence on an action of this window (not its child windows) -> actions."""
    bound: dict[str, list[str]] = {}
    for action in top.findChildren(QAction):
        owner = action.parent()
        if isinstance(owner, QWidget) and owner.window() is not top:
            continue
        for sequence in action.shortcuts():
            key = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            bound.setdefault(key, []).append(action.text().replace("&", ""))
    return bound


def registry_keys(*contexts: str) -> set[str]:
    return {
        keys.normalised(key)
        for binding in keys.BINDINGS
        if binding.context in contexts
        for key in binding.keys
    }


def test_the_window_binds_exactly_the_registry_keys_once(window: MainWindow) -> None:
    bound = live_shortcuts(window)
    assert {key: names for key, names in bound.items() if len(names) > 1} == {}
    assert set(bound) == registry_keys(keys.WINDOW)


def test_the_alignment_editor_binds_exactly_the_registry_keys_once(
    window: MainWindow, qtbot: QtBot
) -> None:
    editor = open_pair(window, qtbot)
    bound = live_shortcuts(editor)
    assert {key: names for key, names in bound.items() if len(names) > 1} == {}
    assert set(bound) == registry_keys(keys.ALIGNMENT, keys.ALIGNMENT_TABLE)


def test_f1_lists_every_key_of_the_registry_and_the_type_keys(
    window: MainWindow, qtbot: QtBot
) -> None:
    press(window.source_pane.text, "F1")
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    tree = dialog.tree
    listed = {
        tree.topLevelItem(i).child(j).text(0)
        for i in range(tree.topLevelItemCount())
        for j in range(tree.topLevelItem(i).childCount())
    }
    native = QKeySequence.SequenceFormat.NativeText
    for binding in (*keys.BINDINGS, *keys.type_bindings(window.tagset.types)):
        text = ", ".join(QKeySequence(k).toString(native) for k in binding.keys)
        assert text in listed, binding.id
    for wanted in ("P", "Ctrl+L", "Return, Enter", "Alt+Up", "Space", "Ctrl+Shift+L"):
        assert any(wanted in row for row in listed), wanted
    dialog.resize(660, 900)
    dialog.grab().save("/tmp/h2-f1.png")


def test_f1_shows_every_command_whole(window: MainWindow, qtbot: QtBot) -> None:
    """No command in the F1 list is cut short with "…" (the window opened too narrow)."""
    press(window.source_pane.text, "F1")
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    tree = dialog.tree
    metrics = tree.fontMetrics()
    cut = [
        item.text(1)
        for i in range(tree.topLevelItemCount())
        for j in range(tree.topLevelItem(i).childCount())
        if metrics.horizontalAdvance((item := tree.topLevelItem(i).child(j)).text(1))
        > tree.visualItemRect(item).width() - tree.columnWidth(0) - 6
    ]
    assert cut == []


# --- window keys from every place an editor presses them -----------------------------------


class ModalCloser(QObject):
    """Rejects any dialog a key opens (file dialogs, Export), so the next key can be tried."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setInterval(20)
        self.timer.timeout.connect(self.close_modal)
        self.timer.start()

    @staticmethod
    def close_modal() -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None and hasattr(modal, "reject"):
            modal.reject()


def back_to(qtbot: QtBot, window: MainWindow) -> None:
    """Close what a key opened (F1, History, Entities) and make the main window active."""
    for other in QApplication.topLevelWidgets():
        if other is not window and other.isVisible() and other.isWindow():
            other.close()
    activate(qtbot, window)


PLACES: dict[str, Callable[[MainWindow], QWidget]] = {
    "article list": lambda w: w.library_pane.view,
    "search box": lambda w: w.library_pane.search_box,
    "source text": lambda w: w.source_pane.text,
    "annotation list": lambda w: (
        w.side_tabs.setCurrentWidget(w.annotations_panel),
        w.annotations_panel.view,
    )[1],
    "record field": record_field,
}
# Keys a text field rightly keeps for itself: its own undo/redo of the typing.
TEXT_FIELD_KEYS = {"undo", "redo"}


@pytest.mark.parametrize("place", list(PLACES))
def test_every_window_key_reaches_its_action_from_where_an_editor_has_focus(
    window: MainWindow, qtbot: QtBot, place: str
) -> None:
    actions = {a.data(): a for a in window.findChildren(QAction) if a.data()}
    closer = ModalCloser()
    missed = []
    for binding in keys.BINDINGS:
        if binding.context != keys.WINDOW or binding.id == "quit":
            continue
        if place in ("search box", "record field") and binding.id in TEXT_FIELD_KEYS:
            continue
        for sequence in binding.keys:
            back_to(qtbot, window)
            focus = PLACES[place](window)
            focus.setFocus()
            fired: list[bool] = []
            action = actions[binding.id]
            action.setEnabled(True)
            action.triggered.connect(lambda *_args, fired=fired: fired.append(True))
            press(focus, sequence)
            if not fired:
                missed.append(f"{sequence} ({binding.id})")
    closer.timer.stop()
    assert missed == []
    back_to(qtbot, window)
    press(PLACES[place](window), "Ctrl+Q")
    assert not window.isVisible()


def test_ctrl_shift_z_redoes_from_the_source_text(window: MainWindow) -> None:
    text = window.source_pane.text
    select_text(window, "Anna Ferri")
    press(text, "P")
    assert [a.type for a in stored(window)] == ["PERSON"]
    press(text, "Ctrl+Z")
    assert stored(window) == []
    press(text, "Ctrl+Shift+Z")
    assert [a.type for a in stored(window)] == ["PERSON"]
    press(text, "Ctrl+Z")
    press(text, "Ctrl+Y")
    assert [a.type for a in stored(window)] == ["PERSON"]


class ClaimsCtrlLetters(QObject):
    """What a QLineEdit does on X11: it claims Ctrl+E (end of line) and Ctrl+K (delete to
    end of line) before any shortcut sees them."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in (
            Qt.Key.Key_E,
            Qt.Key.Key_K,
        ):
            event.accept()
            return True
        return False


@pytest.mark.parametrize("x11_line_edit", [False, True])
def test_ctrl_e_in_a_record_field_uses_the_selected_mention_as_evidence(
    window: MainWindow, x11_line_edit: bool
) -> None:
    person = mark(window, "Anna Ferri", "PERSON")
    window.record_form.item_added.emit("participants")
    window.source_pane.text.select_annotation(person)
    window.side_tabs.setCurrentWidget(window.record_form)
    field = window.record_form.editors[("participants", 0, "person")].inputs[0]
    claim = ClaimsCtrlLetters()
    if x11_line_edit:  # as Qt's own claim, which comes after every event filter
        field.installEventFilter(claim)
    field.setFocus()
    press(field, "Ctrl+E")
    view = records.get_record(window.library, window.source_pane.article_id)
    cell = view.cell(("participants", 0, "person"))
    assert cell is not None and cell["value"]["text"] == "Anna Ferri"
    assert cell["evidence"] == [{"annotation_id": person}]


def test_ctrl_k_in_a_line_edit_that_claims_it_still_goes_to_the_previous_article(
    window: MainWindow,
) -> None:
    window.library_pane.select_row(1)
    before = window.source_pane.article_id
    box = window.library_pane.search_box
    window.source_pane.text.setFocus()
    claim = ClaimsCtrlLetters()
    box.installEventFilter(claim)  # as Qt's own claim, which comes after every event filter
    box.setFocus()
    press(box, "Ctrl+K")
    assert window.source_pane.article_id != before


def test_dragging_an_annotation_over_the_record_tab_opens_it_for_the_drop(
    window: MainWindow, qtbot: QtBot
) -> None:
    person = mark(window, "Anna Ferri", "PERSON")
    window.record_form.item_added.emit("participants")
    window.side_tabs.setCurrentWidget(window.annotations_panel)
    panel = window.annotations_panel
    row = panel.model.row_of(person)
    mime = panel.model.mimeData([panel.model.index(row)])
    bar = window.side_tabs.tabBar()
    record_tab = bar.tabRect(window.side_tabs.indexOf(window.record_form)).center()
    drop_action, left, none = (
        Qt.DropAction.CopyAction,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(record_tab, drop_action, mime, left, none)
    QApplication.sendEvent(bar, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(bar, QDragMoveEvent(record_tab, drop_action, mime, left, none))
    qtbot.waitUntil(lambda: window.side_tabs.currentWidget() is window.record_form)
    field = window.record_form.editors[("participants", 0, "person")].inputs[0]
    point = QPointF(field.rect().center())
    field_enter = QDragEnterEvent(point.toPoint(), drop_action, mime, left, none)
    QApplication.sendEvent(field, field_enter)
    assert field_enter.isAccepted()
    QApplication.sendEvent(field, QDropEvent(point, drop_action, mime, left, none))
    cell = records.get_record(window.library, window.source_pane.article_id).cell(
        ("participants", 0, "person")
    )
    assert cell is not None and cell["evidence"] == [{"annotation_id": person}]


# --- keys of the source text ----------------------------------------------------------------


def test_each_type_key_annotates_the_selected_text(window: MainWindow) -> None:
    text = window.source_pane.text
    for entity_type in window.tagset.types:
        select_text(window, "Anna Ferri")
        press(text, entity_type.key)
        assert [a.type for a in stored(window)] == [entity_type.name], entity_type.key
        press(text, "Delete")  # the new mention is selected: Delete removes it
        assert stored(window) == []


def test_review_keys_work_right_after_ctrl_shift_s_from_the_article_list(
    window: MainWindow,
) -> None:
    window.library_pane.view.setFocus()
    press(window.library_pane.view, "Ctrl+Shift+S")
    pending = [a for a in stored(window) if a.status == "pending"]
    assert len(pending) >= 2
    focus = QApplication.focusWidget()
    assert focus is window.source_pane.text
    first = window.source_pane.text.selected_id
    press(focus, "Return")  # accepted, and on to the next suggestion
    assert {a.id: a.status for a in stored(window)}[first] == "accepted"
    second = window.source_pane.text.selected_id
    press(focus, "Delete")  # rejected (and remembered)
    assert second not in {a.id for a in stored(window) if a.status == "pending"}
    press(focus, "Ctrl+Return")  # accept the rest
    assert suggestions.pending_ids(window.library, window.source_pane.article_id) == []


def test_tab_escape_backspace_and_ctrl_l_in_the_text(window: MainWindow) -> None:
    person = mark(window, "Anna Ferri", "PERSON")
    role = mark(window, "Deputy Director", "ROLE")
    text = window.source_pane.text
    text.setFocus()
    text.select_annotation(person)
    press(text, "Tab")
    assert text.selected_id == role
    press(text, "Shift+Tab")
    assert text.selected_id == person
    press(text, "Ctrl+L")  # a relation from Anna Ferri …
    press(text, "Tab")
    press(text, "Return")  # … to Deputy Director
    relations = annotations.list_relations(window.library, window.source_pane.article_id)
    assert [(r.source_id, r.type, r.target_id) for r in relations] == [(person, "holds", role)]
    press(text, "Escape")
    assert text.selected_id is None
    text.select_annotation(role)
    press(text, "Backspace")
    assert [a.id for a in stored(window)] == [person]


def test_ctrl_shift_l_goes_to_the_entity_box_of_the_selected_mention(
    window: MainWindow,
) -> None:
    person = mark(window, "Anna Ferri", "PERSON")
    text = window.source_pane.text
    text.setFocus()
    text.select_annotation(person)
    press(text, "Ctrl+Shift+L")
    linker = window.annotations_panel.linker
    assert QApplication.focusWidget() is linker.search
    assert linker.annotation is not None and linker.annotation.id == person


def test_focus_keys_put_the_focus_where_they_say(window: MainWindow) -> None:
    text = window.source_pane.text
    expected = {
        "Ctrl+1": window.library_pane.view,
        "Ctrl+3": window.source_pane.text,
        "Ctrl+4": window.annotations_panel.view,
        "Ctrl+F": window.source_pane.find_bar.edit,
        "Ctrl+Shift+F": window.library_pane.search_box,
    }
    for sequence, widget in expected.items():
        text.setFocus()
        press(text, sequence)
        assert QApplication.focusWidget() is widget, sequence
    press(text, "Ctrl+5")
    assert window.record_form.isAncestorOf(QApplication.focusWidget())
    press(QApplication.focusWidget(), "Ctrl+2")
    assert window.record_pane.isAncestorOf(QApplication.focusWidget())


# --- the alignment editor -----------------------------------------------------------------


def open_pair(window: MainWindow, qtbot: QtBot) -> AlignmentEditor:
    italian, english = window.fiera_pair  # type: ignore[attr-defined]
    bitext = translations.pair_articles(window.library, italian, english)
    translations.align_pair(window.library, bitext)
    editor = show_alignment_editor(window, bitext)
    qtbot.waitExposed(editor)
    activate(qtbot, editor)
    return editor


def test_the_alignment_editor_opens_with_the_beads_focused_so_space_confirms(
    window: MainWindow, qtbot: QtBot
) -> None:
    editor = open_pair(window, qtbot)
    assert QApplication.focusWidget() is editor.table
    checking = editor.checks_box.isChecked()
    press(QApplication.focusWidget(), "Space")
    assert editor.checks_box.isChecked() == checking
    assert editor.view.beads[editor.current_row() or 0].confirmed


def test_a_pair_never_aligned_opens_with_the_beads_focused_once_aligned(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Seen under Xvfb: the first alignment runs after opening, the table was hidden until
    then, and the keyboard stayed on the check box, so Space ticked it."""
    italian, english = window.fiera_pair  # type: ignore[attr-defined]
    bitext = translations.pair_articles(window.library, italian, english)
    editor = show_alignment_editor(window, bitext)
    qtbot.waitExposed(editor)
    activate(qtbot, editor)
    qtbot.waitUntil(lambda: editor.model.rowCount() > 0 and editor._job is None, timeout=30000)
    assert QApplication.focusWidget() is editor.table
    checking = editor.checks_box.isChecked()
    press(QApplication.focusWidget(), "Space")
    assert editor.checks_box.isChecked() == checking
    assert editor.view.beads[editor.current_row() or 0].confirmed


def test_every_alignment_key_reaches_its_action_from_the_table(
    window: MainWindow, qtbot: QtBot
) -> None:
    editor = open_pair(window, qtbot)
    actions = {a.data(): a for a in editor.findChildren(QAction) if a.data()}
    missed = []
    for binding in keys.BINDINGS:
        if binding.context not in (keys.ALIGNMENT_TABLE, keys.ALIGNMENT):
            continue
        if binding.id in ("close_alignment", "realign"):
            continue  # below: they end or restart what the others work on
        for sequence in binding.keys:
            activate(qtbot, editor)
            editor.table.setFocus()
            editor.go_to_row(1)
            fired: list[bool] = []
            actions[binding.id].setEnabled(True)  # Redo with nothing to redo, too
            actions[binding.id].triggered.connect(lambda *_a, fired=fired: fired.append(True))
            press(editor.table, sequence)
            if not fired:
                missed.append(f"{sequence} ({binding.id})")
    assert missed == []
    with qtbot.waitSignal(editor.realigned, timeout=20000):
        press(editor.table, "Ctrl+Shift+R")
    press(editor.table, "Ctrl+W")
    assert not editor.isVisible()


def test_translation_box_keys(window: MainWindow, qtbot: QtBot) -> None:
    italian, _english = window.fiera_pair  # type: ignore[attr-defined]
    bitext = translations.pair_for_article(
        window.library, translations.create_translation(window.library, italian, "en")
    )
    editor = show_alignment_editor(window, bitext)
    qtbot.waitExposed(editor)
    activate(qtbot, editor)
    qtbot.waitUntil(lambda: editor.segment_editor() is not None)
    assert editor.current_row() == 0

    def box() -> QWidget:
        qtbot.waitUntil(lambda: editor.segment_editor() is not None)
        found = editor.segment_editor()
        assert found is not None
        return found

    QTest.keyClicks(box(), "First line")
    press(box(), "Shift+Return")  # a new line inside the translation
    QTest.keyClicks(box(), "second line")
    assert box().toPlainText() == "First line\nsecond line"
    press(box(), "Return")  # saved, on to the next sentence
    qtbot.waitUntil(lambda: editor.current_row() == 1)
    stored = translations.get_alignment(window.library, bitext).beads[0].target_texts
    assert stored == ("First line\nsecond line",)
    press(box(), "Tab")
    qtbot.waitUntil(lambda: editor.current_row() == 2)
    press(box(), "Shift+Tab")
    qtbot.waitUntil(lambda: editor.current_row() == 1)
    press(box(), "Ctrl+Return")  # confirmed, and on
    qtbot.waitUntil(lambda: editor.current_row() == 2)
    assert translations.get_alignment(window.library, bitext).beads[1].confirmed
    press(box(), "Escape")
    qtbot.waitUntil(lambda: editor.segment_editor() is None)
    assert QApplication.focusWidget() is editor.table
