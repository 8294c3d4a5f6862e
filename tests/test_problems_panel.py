"""The Problems panel, offscreen: its model, filters, the jump to a span, dismiss and undo,
Check Library in the background, the badges in the library list and the approval override."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QInputDialog, QMessageBox

from curator import importer, quality
from curator.articles import get_article
from curator.formats.base import ParsedArticle
from db.library import Library
from ui.app import create_application
from ui.article_list_model import PROBLEMS_COLUMN, PROBLEMS_ROLE
from ui.main_window import MainWindow
from ui.problems_panel import FINDING_ROLE, ProblemsModel, ProblemsPanel
from ui.settings import Settings

GARBLED = (
    "The Harbour Logistics Forum drew 515,15 visitors and more than 8,<> buyers to Porto"
    " Lindo, where the halls covered 10,5 square meters."
)
TYPO = "The Valmora Shipping Week opened on the 3th of May with nine hundred guests."
CLEAN = "Il Salone della Nautica di Valmora ha accolto 1.500 visitatori e 120 espositori."


def _parsed(title: str, body: str, language: str) -> ParsedArticle:
    return ParsedArticle(title=title, body=body, origin=f"{title}.txt", language=language)


@pytest.fixture
def checked(library: Library) -> dict[str, int]:
    report = importer.import_parsed(
        library,
        [
            _parsed("Garbled forum", GARBLED, "en"),
            _parsed("Shipping week", TYPO, "en"),
            _parsed("Salone", CLEAN, "it"),
        ],
    )
    return {item.title: item.id for item in report.imported}


@pytest.fixture
def panel(qtbot, library: Library, checked: dict[str, int]) -> ProblemsPanel:  # type: ignore[no-untyped-def]
    create_application([])
    widget = ProblemsPanel(library, QUndoStack())
    qtbot.addWidget(widget)
    widget.show()
    return widget


def finding_rows(panel: ProblemsPanel) -> list[tuple[str, str]]:
    model = panel.model
    rows = []
    for group in range(model.rowCount()):
        parent = model.index(group, 0)
        for row in range(model.rowCount(parent)):
            finding = model.index(row, 0, parent).data(FINDING_ROLE)
            rows.append((finding.severity, finding.text))
    return rows


def test_the_model_passes_qts_model_tests(qtmodeltester, library, checked) -> None:  # type: ignore[no-untyped-def]
    create_application([])
    model = ProblemsModel()
    model.set_findings(quality.list_findings(library, include_dismissed=True))
    qtmodeltester.check(model, force_py=True)
    # The tester stays connected: every change below is checked as it happens.
    model.set_filter("10,5")
    model.set_filter(severity="warning")
    garbled = checked["Garbled forum"]
    model.set_filter()
    model.replace_article(garbled, [])
    assert model.rowCount() == 1
    model.replace_article(garbled, quality.list_findings(library, garbled))
    assert model.rowCount() == 2
    model.replace_article(garbled, quality.list_findings(library, garbled)[:1])
    assert model.rowCount(model.index(0, 0)) == 1


def test_findings_are_grouped_by_article_errors_first(panel: ProblemsPanel, checked) -> None:  # type: ignore[no-untyped-def]
    model = panel.model
    assert model.rowCount() == 2  # the clean Italian article has no problems
    first = model.index(0, 0)
    assert model.article_id(first) == checked["Garbled forum"]
    assert "3 errors" in first.data()
    assert finding_rows(panel) == [
        ("error", "515,15"),
        ("error", "8,<>"),
        ("error", "10,5"),
        ("warning", "3th"),
    ]
    assert panel.view.isExpanded(first)
    assert "3 errors, 1 warning" in panel.summary_label.text()


def test_the_filter_box_and_the_severity_filter(panel: ProblemsPanel) -> None:
    panel.filter_box.setText("placeholder")
    assert finding_rows(panel) == [("error", "8,<>")]
    panel.filter_box.clear()
    panel.severity_filter.setCurrentIndex(panel.severity_filter.findData("warning"))
    assert finding_rows(panel) == [("warning", "3th")]
    panel.severity_filter.setCurrentIndex(0)
    assert len(finding_rows(panel)) == 4


def test_double_click_asks_to_show_the_span(panel: ProblemsPanel, qtbot, checked) -> None:  # type: ignore[no-untyped-def]
    parent = panel.model.index(0, 0)
    index = panel.model.index(2, 0, parent)
    panel.view.scrollTo(index)
    rect = panel.view.visualRect(index)

    with qtbot.waitSignal(panel.finding_activated) as blocker:
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    start = GARBLED.index("10,5")
    assert blocker.args == [checked["Garbled forum"], start, start + 4]


def _select(panel: ProblemsPanel, text: str) -> None:
    for group in range(panel.model.rowCount()):
        parent = panel.model.index(group, 0)
        for row in range(panel.model.rowCount(parent)):
            index = panel.model.index(row, 0, parent)
            if index.data(FINDING_ROLE).text == text:
                panel.view.setCurrentIndex(index)
                return
    raise AssertionError(text)


def test_dismiss_with_a_reason_then_undo_and_redo(
    panel: ProblemsPanel, monkeypatch, checked
) -> None:  # type: ignore[no-untyped-def]
    garbled = checked["Garbled forum"]
    monkeypatch.setattr(
        QInputDialog, "getText", lambda *a, **k: ("printed so in the brochure", True)
    )
    _select(panel, "10,5")
    assert panel.dismiss_button.isEnabled()

    panel.dismiss_selected()

    assert "10,5" not in [text for _s, text in finding_rows(panel)]
    assert quality.open_error_count(panel.library, garbled) == 2
    assert panel.undo_stack.undoText().startswith("Dismiss “10,5”")
    panel.undo_stack.undo()
    assert quality.open_error_count(panel.library, garbled) == 3
    assert ("error", "10,5") in finding_rows(panel)
    panel.undo_stack.redo()
    assert quality.open_error_count(panel.library, garbled) == 2

    panel.show_dismissed.setChecked(True)
    _select(panel, "10,5")
    assert panel.reopen_button.isEnabled()
    assert "printed so in the brochure" in panel.view.currentIndex().data()
    panel.reopen_selected()
    assert quality.open_error_count(panel.library, garbled) == 3


def test_dismissing_without_a_reason_is_refused(panel: ProblemsPanel, monkeypatch, checked) -> None:  # type: ignore[no-untyped-def]
    warned: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("   ", True))
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warned.append(text))
    _select(panel, "515,15")

    assert panel.dismiss_selected() is None

    assert warned and "reason" in warned[0]
    assert quality.open_error_count(panel.library, checked["Garbled forum"]) == 3
    assert panel.undo_stack.count() == 0


def test_check_library_runs_in_the_background(qtbot, library: Library, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    create_application([])
    monkeypatch.setattr(importer, "IMPORT_CHECK_LIMIT", 1)
    report = importer.import_parsed(
        library, [_parsed("Garbled forum", GARBLED, "en"), _parsed("Salone", CLEAN, "it")]
    )
    assert report.checks_deferred
    panel = ProblemsPanel(library, QUndoStack())
    qtbot.addWidget(panel)
    panel.show()
    assert panel.model.rowCount() == 0

    with qtbot.waitSignal(panel.check_finished, timeout=20000) as blocker:
        panel.check_button.click()
        assert panel.checking

    assert blocker.args[0].articles == 2 and blocker.args[0].errors == 3
    assert not panel.checking
    assert len(finding_rows(panel)) == 3


# --- in the window ------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, library: Library, checked, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    create_application([])
    shown = MainWindow(library, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(shown)
    shown.show()
    return shown


def _panel(window: MainWindow) -> ProblemsPanel:
    return window.problems_panel  # type: ignore[attr-defined]


def test_the_library_list_shows_a_badge_per_article(window: MainWindow, checked) -> None:  # type: ignore[no-untyped-def]
    model = window.model
    badges = {
        model.article_id(row): model.index(row, PROBLEMS_COLUMN).data(PROBLEMS_ROLE)
        for row in range(model.rowCount())
    }
    assert badges[checked["Garbled forum"]].errors == 3
    assert badges[checked["Shipping week"]].warnings == 1
    assert not badges[checked["Salone"]]
    row = model.row_of(checked["Garbled forum"])
    assert model.index(row, PROBLEMS_COLUMN).data() == "3"
    assert model.index(row, PROBLEMS_COLUMN).data(Qt.ItemDataRole.DecorationRole) is not None
    assert "3 open errors" in model.index(row, PROBLEMS_COLUMN).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(model.row_of(checked["Salone"]), PROBLEMS_COLUMN).data() is None


def test_the_panel_is_a_dock_toggled_from_the_go_menu(window: MainWindow) -> None:
    dock = window.problems_dock  # type: ignore[attr-defined]
    action = window.problems_action  # type: ignore[attr-defined]
    assert action.shortcut().toString() == "Ctrl+Shift+P"
    assert not dock.isVisible()
    action.trigger()
    assert dock.isVisible()
    assert _panel(window).view.hasFocus() or not window.isActiveWindow()


def test_a_finding_opens_its_article_with_the_span_selected(window: MainWindow, checked) -> None:  # type: ignore[no-untyped-def]
    shipping = checked["Shipping week"]
    start = TYPO.index("3th")

    _panel(window).finding_activated.emit(shipping, start, start + 3)

    assert window.source_pane.article_id == shipping
    assert window.source_pane.text.textCursor().selectedText() == "3th"


def test_dismissing_in_the_window_updates_the_badge_and_undoes(
    window, monkeypatch, checked
) -> None:  # type: ignore[no-untyped-def]
    window.problems_action.trigger()  # type: ignore[attr-defined]
    panel = _panel(window)
    assert panel.isVisible()
    shipping = checked["Shipping week"]
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("a date, not an ordinal", True))
    _select(panel, "3th")
    row = window.model.row_of(shipping)

    panel.dismiss_selected()
    assert not window.model.index(row, PROBLEMS_COLUMN).data(PROBLEMS_ROLE)
    window.undo_action.trigger()
    assert window.model.index(row, PROBLEMS_COLUMN).data(PROBLEMS_ROLE).warnings == 1


def test_approving_with_errors_asks_for_a_reason_and_can_be_undone(
    window, monkeypatch, checked
) -> None:  # type: ignore[no-untyped-def]
    garbled = checked["Garbled forum"]
    window.go_to_article(garbled)
    asked: list[str] = []

    def answer(_parent, _title, label, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(label)
        return ("figures confirmed with the organiser", True)

    monkeypatch.setattr(QInputDialog, "getText", answer)
    combo = window.record_pane.status_combo
    combo.setCurrentIndex(combo.findData("approved"))
    combo.activated.emit(combo.currentIndex())

    assert asked and "3 open errors" in asked[0]
    assert get_article(window.library, garbled).status == "approved"
    assert "despite open errors" in window.undo_stack.undoText()
    window.undo_action.trigger()
    assert get_article(window.library, garbled).status == "new"
    window.redo_action.trigger()
    assert get_article(window.library, garbled).status == "approved"


def test_refusing_to_give_a_reason_keeps_the_status(window, monkeypatch, checked) -> None:  # type: ignore[no-untyped-def]
    garbled = checked["Garbled forum"]
    window.go_to_article(garbled)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    combo = window.record_pane.status_combo
    combo.setCurrentIndex(combo.findData("approved"))
    combo.activated.emit(combo.currentIndex())

    assert get_article(window.library, garbled).status == "new"
    assert combo.currentData() == "new"
    assert window.undo_stack.count() == 0
