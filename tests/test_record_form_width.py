"""The record form is never narrower than its fields: Tab never scrolls it sideways."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.window_for_tests import show_window
from ui.main_window import MainWindow


def test_tab_in_a_narrow_window_keeps_the_labels_in_view(
    sample_library, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Seen under Xvfb in a 1100-pixel window: after Tab from the Edition's unit box the
    form had slid 22 pixels left, cutting "Start date *" to "tart date *"."""
    window: MainWindow = show_window(sample_library, qtbot, tmp_path, active=True)
    form = window.record_form
    window.side_tabs.setCurrentWidget(form)
    for group in ("figures", "documents", "participants"):
        qtbot.mouseClick(form.groups[group].add_button, Qt.MouseButton.LeftButton)
    window.resize(900, 700)
    qtbot.waitUntil(lambda: window.width() <= 1100)
    QApplication.processEvents()
    unit = form.editors[("edition",)].inputs[2]
    qtbot.mouseClick(unit, Qt.MouseButton.LeftButton)
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    bar = form.scroll.horizontalScrollBar()
    assert (bar.value(), bar.maximum()) == (0, 0)
    label = form.scroll.widget().findChildren(type(form.story_label))[0]
    assert label.mapTo(form.scroll.viewport(), label.rect().topLeft()).x() >= 0
