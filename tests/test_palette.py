"""The highlight palette: nine annotation types, the text selection and the search
highlight told apart (CIEDE2000) with normal and simulated colour-blind vision, and
readable as a background for black text."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from pytestqt.qtbot import QtBot

from curator import annotations
from curator.colour_check import VISIONS, black_text_contrast, ciede2000, difference, simulate
from curator.tagset import default_tagset
from db.library import Library
from tests.translation_pairs import import_article
from ui import palette
from ui.app import create_application
from ui.main_window import MainWindow
from ui.settings import Settings


def highlight_colours() -> dict[str, str]:
    colours = {t.name: t.colour for t in default_tagset().types}
    colours["text selection"] = palette.TEXT_SELECTION
    colours["search highlight"] = palette.SEARCH_HIGHLIGHT
    return colours


@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [  # Sharma, Wu & Dalal (2005), the CIEDE2000 test data
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0011), 7.2195),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ((22.7233, 20.0904, -46.694), (23.0331, 14.973, -42.5619), 2.0373),
        ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
    ],
)
def test_ciede2000_matches_the_published_test_data(lab1, lab2, expected) -> None:  # type: ignore[no-untyped-def]
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


def test_simulated_vision_keeps_grey_grey_and_merges_red_and_green() -> None:
    for vision in VISIONS:
        assert simulate((0.5, 0.5, 0.5), vision) == pytest.approx((0.5, 0.5, 0.5), abs=2e-3)
    assert difference("#ff0000", "#00a000") > 50
    assert difference("#d05050", "#7a8a2a", "deuteranopia") < difference("#d05050", "#7a8a2a")


@pytest.mark.parametrize("vision", VISIONS)
def test_every_two_highlights_are_told_apart(vision: str) -> None:
    colours = {**highlight_colours(), "page": palette.PAGE}
    too_close = {
        (a, b): round(difference(colours[a], colours[b], vision), 1)
        for a, b in combinations(colours, 2)
        if difference(colours[a], colours[b], vision) < palette.MIN_DIFFERENCE
    }
    assert too_close == {}


def test_black_text_is_readable_on_every_highlight() -> None:
    low = {
        name: round(black_text_contrast(colour), 2)
        for name, colour in highlight_colours().items()
        if black_text_contrast(colour) < palette.MIN_BLACK_TEXT_CONTRAST
    }
    assert low == {}


def test_the_old_palette_fails_the_same_check() -> None:
    """The pastels this replaced: selection like DATE, ROLE like FIGURE for tritanopes."""
    assert difference("#fff0b3", "#ffec99") < palette.MIN_DIFFERENCE  # selection, DATE
    assert difference("#ffc9c9", "#fcc2d7", "tritanopia") < palette.MIN_DIFFERENCE
    assert difference("#a5d8ff", "#d0bfff", "deuteranopia") < palette.MIN_DIFFERENCE


BODY = (
    "Valmora Robotics Fair closes\n\n"
    "The Valmora Robotics Fair ran from 11 to 14 March 2025 in Turin. Anna Ferri, Deputy "
    "Director of the Valmora Trade Commission, opened it and presented the Automation "
    "White Paper. More than 1,200 exhibitors took part; sales reached 40 million euros."
)
MARKS = [
    ("Valmora Robotics Fair", "EVENT"),
    ("11 to 14 March 2025", "DATE"),
    ("Turin", "LOCATION"),
    ("Anna Ferri", "PERSON"),
    ("Deputy Director", "ROLE"),
    ("Valmora Trade Commission", "ORG"),
    ("Automation White Paper", "DOCUMENT"),
    ("More than 1,200 exhibitors", "FIGURE"),
    ("40 million euros", "MONEY"),
]


def test_the_window_uses_the_palette(library: Library, qtbot: QtBot, tmp_path: Path) -> None:
    article = import_article(library, "Valmora Robotics Fair closes", BODY, "en")
    for quote, type_name in MARKS:
        start = BODY.index(quote)
        annotations.add_annotation(library, article, start, start + len(quote), type_name)
    app = create_application([])
    window = MainWindow(library, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.resize(1300, 560)
    window.show()
    qtbot.waitExposed(window)
    window.library_pane.search_box.setText("exhibitors")
    window.library_pane.apply_query()
    window.library_pane.select_article(article)
    text = window.source_pane.text
    start = BODY.index("presented")
    assert text.search_hits == [(BODY.index("exhibitors"), BODY.index("exhibitors") + 10)]
    last = text.extraSelections()[-1]
    assert last.format.background().color().name() == palette.SEARCH_HIGHLIGHT
    cursor = text.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len("presented the"), cursor.MoveMode.KeepAnchor)
    text.setTextCursor(cursor)
    text.setFocus()
    app.processEvents()
    assert text.palette().color(QPalette.ColorRole.Highlight).name() == palette.TEXT_SELECTION
    window.side_tabs.setCurrentWidget(window.annotations_panel)
    qtbot.waitUntil(lambda: window.annotations_panel.legend.height() > 20)
    window.grab().save("/tmp/h2-palette.png")


def test_the_tagset_dialog_names_two_colours_hard_to_tell_apart(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QTableWidgetItem

    from ui.tagset_dialog import TagsetDialog

    create_application([])
    dialog = TagsetDialog(default_tagset())
    qtbot.addWidget(dialog)
    assert dialog.colour_label.text() == ""
    role = next(r for r in range(dialog.table.rowCount()) if dialog._text(r, 0) == "ROLE")
    dialog.table.setItem(role, 3, QTableWidgetItem("#c07f9d"))  # FIGURE is #be7b9a
    warning = dialog.colour_label.text()
    assert "Role" in warning and "Figure" in warning and "ΔE00" in warning
    dialog.resize(560, 480)
    dialog.grab().save("/tmp/h2-tagset.png")
