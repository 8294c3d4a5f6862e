"""Marking and adjusting a mention's span in the window with real mouse and key events."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from curator import annotations, history
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from ui.app import create_application
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.span_edges import edge_rect

BODY = (
    "Valmora Robotics Fair closes\n\n"
    "Anna Ferri, Deputy Director of the “Valmora Trade Commission”, thanked the "
    "1,200 exhibitors of the Valmora Robotics Fair."
)
ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


@pytest.fixture
def window(library, qtbot, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    import_parsed(library, [ParsedArticle("Valmora Robotics Fair closes", BODY, "f.txt", "en")])
    create_application([])
    window = MainWindow(library, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.resize(1300, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def point(window: MainWindow, position: int) -> QPoint:
    """Where the caret before `position` is drawn, in the text's viewport."""
    text = window.source_pane.text
    cursor = QTextCursor(text.document())
    cursor.setPosition(position)
    rect = text.cursorRect(cursor)
    return QPoint(rect.left() + 1, rect.center().y())


def click(window: MainWindow, position: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    QTest.mouseClick(
        window.source_pane.text.viewport(), Qt.MouseButton.LeftButton, modifier,
        point(window, position),
    )  # fmt: skip


def spans(window: MainWindow) -> list[str]:
    """Each stored mention's quote, checked against the body it quotes."""
    rows = annotations.list_annotations(window.library)
    assert all(BODY[a.start : a.end] == a.quote for a in rows)
    return [a.quote for a in rows]


def mark(window: MainWindow, text: str, key: Qt.Key = Qt.Key.Key_O) -> int:
    """Select `text` from the keyboard's point of view and press a type key."""
    start = BODY.index(text)
    cursor = QTextCursor(window.source_pane.text.document())
    cursor.setPosition(start)
    cursor.setPosition(start + len(text), QTextCursor.MoveMode.KeepAnchor)
    window.source_pane.text.setTextCursor(cursor)
    QTest.keyClick(window.source_pane.text, key)
    return annotations.list_annotations(window.library)[-1].id


def test_shift_click_in_the_middle_of_the_last_word_takes_it_in(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = window.source_pane.text
    first = BODY.index("Valmora Trade")
    QTest.mouseDClick(text.viewport(), Qt.MouseButton.LeftButton, pos=point(window, first + 2))
    last = BODY.index("Commission") + 3  # "Com|mission": in the first half of the word
    click(window, last, Qt.KeyboardModifier.ShiftModifier)
    assert text.textCursor().selectedText().endswith("Valmora Trade Com")
    QTest.keyClick(text, Qt.Key.Key_O)
    assert spans(window) == ["Valmora Trade Commission"]  # and neither “ nor ”


def test_shift_click_then_shift_drag_extends_the_selection(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = window.source_pane.text
    click(window, BODY.index("Anna"))
    viewport = text.viewport()
    QTest.mousePress(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
        point(window, BODY.index("Ferri")),
    )  # fmt: skip
    QTest.mouseMove(viewport, point(window, BODY.index("Ferri") + 3))
    QTest.mouseRelease(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
        point(window, BODY.index("Ferri") + 3),
    )  # fmt: skip
    QTest.keyClick(text, Qt.Key.Key_P)
    assert spans(window) == ["Anna Ferri"]


def test_keys_move_either_edge_one_step_each_undoable(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = window.source_pane.text
    annotation_id = mark(window, "Valmora Trade")
    assert text.selected_id == annotation_id
    QTest.keyClick(text, Qt.Key.Key_Right, ALT_SHIFT)
    assert spans(window) == ["Valmora Trade Commission"]
    QTest.keyClick(text, Qt.Key.Key_Left, CTRL_ALT)
    assert spans(window) == ["“Valmora Trade Commission"]  # a quote mark is a step too
    QTest.keyClick(text, Qt.Key.Key_Right, CTRL_ALT)
    QTest.keyClick(text, Qt.Key.Key_Left, ALT_SHIFT)
    assert spans(window) == ["Valmora Trade"]
    assert window.undo_action.text().replace("&", "") == (
        "Undo Adjust “Valmora Trade Commission” to “Valmora Trade”"
    )
    assert [a.id for a in annotations.list_annotations(window.library)] == [annotation_id]
    window.undo_action.trigger()
    assert spans(window) == ["Valmora Trade Commission"]
    for _step in range(3):
        window.undo_action.trigger()
    assert spans(window) == ["Valmora Trade"]
    assert text.selected_id == annotation_id  # the mention stays selected to go on adjusting
    window.redo_action.trigger()
    assert spans(window) == ["Valmora Trade Commission"]
    moves = [
        (r.before["quote"], r.after["quote"])  # type: ignore[index]
        for r in history.article_history(window.library, 1)
        if r.object_type == "annotation" and r.action == "update"
    ]
    assert len(moves) == 9  # four adjustments, four undone, one redone: each a revision
    assert ("Valmora Trade", "Valmora Trade Commission") in moves


def test_a_step_that_would_empty_the_span_changes_nothing(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = window.source_pane.text
    mark(window, "Anna", Qt.Key.Key_P)
    depth = window.undo_stack.count()
    QTest.keyClick(text, Qt.Key.Key_Left, ALT_SHIFT)
    QTest.keyClick(text, Qt.Key.Key_Right, CTRL_ALT)
    assert spans(window) == ["Anna"]
    assert window.undo_stack.count() == depth


def drag(window: MainWindow, start: QPoint, end: QPoint) -> None:
    viewport = window.source_pane.text.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, end)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_dragging_an_edge_adjusts_the_span_in_one_undoable_step(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = window.source_pane.text
    annotation_id = mark(window, "Valmora Trade")
    click(window, BODY.index("Trade") + 1)  # a click on the highlight selects it
    assert text.selected_id == annotation_id
    end = BODY.index("Trade") + len("Trade")
    grip = edge_rect(text, end, "end").center().toPoint()
    depth = window.undo_stack.count()
    drag(window, grip, point(window, BODY.index("Commission") + 4))  # mid-word: whole word
    assert spans(window) == ["Valmora Trade Commission"]
    assert window.undo_stack.count() == depth + 1
    start_grip = edge_rect(text, BODY.index("Valmora Trade"), "start").center().toPoint()
    drag(window, start_grip, point(window, BODY.index("Trade") + 2))
    assert spans(window) == ["Trade Commission"]
    window.undo_action.trigger()
    assert spans(window) == ["Valmora Trade Commission"]
    window.undo_action.trigger()
    assert spans(window) == ["Valmora Trade"]


def test_a_press_beside_the_edges_still_selects_text(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = window.source_pane.text
    mark(window, "Valmora Trade")
    depth = window.undo_stack.count()
    drag(window, point(window, BODY.index("thanked")), point(window, BODY.index("1,200")))
    assert text.textCursor().selectedText() == "thanked the "
    assert window.undo_stack.count() == depth and spans(window) == ["Valmora Trade"]
