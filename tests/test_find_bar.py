"""Find in the article: Ctrl+F, typing, F3 / Shift+F3, Enter / Shift+Enter, Escape."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from curator import annotations
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from curator.text.find import find_all
from tests.window_for_tests import show_window
from ui.find_bar import MATCH_COLOUR
from ui.main_window import MainWindow

BODY = (
    "Fiera di Città di Castello\n\n"
    "The fair of Citta di Castello opened on Monday. Visitors from the CITTÀ and from "
    "abroad filled the halls of città vecchia."
)
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def test_matching_ignores_case_and_accents_and_keeps_original_offsets() -> None:
    found = [BODY[start:end] for start, end in find_all(BODY, "citta")]
    assert found == ["Città", "Citta", "CITTÀ", "città"]
    street = "Straße, STRASSE"
    assert [street[s:e] for s, e in find_all(street, "strasse")] == ["Straße", "STRASSE"]
    assert find_all(BODY, "   ") == [] and find_all(BODY, "Tokyo") == []


@pytest.fixture
def window(library, qtbot, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    import_parsed(library, [ParsedArticle("Fiera di Città di Castello", BODY, "f.txt", "it")])
    return show_window(library, qtbot, tmp_path, active=True)


def _highlighted(window: MainWindow) -> list[str]:
    """The texts painted as matches, each where it shows on top (over any mention)."""
    text = window.source_pane.text
    body = text.toPlainText()
    found = []
    for painted in text.extraSelections():
        start, end = painted.cursor.selectionStart(), painted.cursor.selectionEnd()
        covering = [
            other
            for other in text.extraSelections()
            if other.cursor.selectionStart() <= start and other.cursor.selectionEnd() >= end
        ]
        on_top = covering[-1].format.background().color().name()
        if painted.format.background().color().name() == MATCH_COLOUR == on_top:
            found.append(body[start:end])
    return found


def _selected(window: MainWindow) -> tuple[int, str]:
    cursor = window.source_pane.text.textCursor()
    return cursor.selectionStart(), cursor.selectedText()


def test_ctrl_f_type_step_and_escape(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    text, bar = window.source_pane.text, window.source_pane.find_bar
    text.setFocus()
    assert bar.isHidden()

    qtbot.keyClick(text, Qt.Key.Key_F, CTRL)
    assert bar.isVisible() and bar.edit.hasFocus()
    qtbot.keyClicks(bar.edit, "citta")
    assert bar.count_label.text() == "1 of 4"
    assert _selected(window) == (BODY.index("Città"), "Città")
    assert _highlighted(window) == ["Città", "Citta", "CITTÀ", "città"]  # every match shown

    qtbot.keyClick(bar.edit, Qt.Key.Key_F3)
    assert bar.count_label.text() == "2 of 4" and _selected(window)[1] == "Citta"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.count_label.text() == "3 of 4" and _selected(window)[1] == "CITTÀ"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, SHIFT)
    qtbot.keyClick(bar.edit, Qt.Key.Key_F3, SHIFT)
    assert bar.count_label.text() == "1 of 4"
    qtbot.keyClick(bar.edit, Qt.Key.Key_F3, SHIFT)  # wraps round to the last
    assert bar.count_label.text() == "4 of 4" and _selected(window)[1] == "città"

    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert bar.isHidden() and text.hasFocus()
    assert _highlighted(window) == []
    qtbot.keyClick(text, Qt.Key.Key_F3)  # F3 with the bar closed: on to the next (wrapping)
    assert _selected(window)[1] == "Città"


def test_a_found_phrase_is_annotated_with_a_types_key(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    text, bar = window.source_pane.text, window.source_pane.find_bar
    text.setFocus()
    qtbot.keyClick(text, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(bar.edit, "castello")
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    qtbot.keyClick(text, Qt.Key.Key_L)
    [mark] = annotations.list_annotations(window.library)
    assert (mark.type, mark.start) == ("LOCATION", BODY.index("Castello", 30))


def test_no_match_says_so_and_a_new_article_is_counted_afresh(
    window: MainWindow, qtbot, library
) -> None:  # type: ignore[no-untyped-def]
    bar = window.source_pane.find_bar
    window.find_action.trigger()
    qtbot.keyClicks(bar.edit, "tokyo")
    assert bar.count_label.text() == "No matches"
    [other] = import_parsed(
        library, [ParsedArticle("Tokyo fair", "Tokyo fair\n\nTokyo and tokyo.", "t.txt", "en")]
    ).imported
    window.model.reload()
    window.go_to_article(other.id)
    assert bar.count_label.text() == "3 matches"
    window.find_next_action.trigger()
    assert bar.count_label.text() == "1 of 3"


def test_ctrl_shift_f_still_reaches_the_library_search(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.source_pane.text, Qt.Key.Key_F, CTRL | SHIFT)
    assert QApplication.focusWidget() is window.library_pane.search_box


def test_a_match_inside_a_mention_shows_over_its_colour(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Seen under Xvfb: a match inside an annotated span was hidden by the mention's colour."""
    text, bar = window.source_pane.text, window.source_pane.find_bar
    start = BODY.index("Citta di Castello")
    annotations.add_annotation(window.library, window.source_pane.article_id, start,
                               start + len("Citta di Castello"), "LOCATION")  # fmt: skip
    window.show_article(window.source_pane.article_id)
    text.setFocus()
    qtbot.keyClick(text, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(bar.edit, "castello")
    assert bar.count_label.text() == "1 of 2"
    assert _highlighted(window) == ["Castello", "Castello"]  # the second inside the mention
