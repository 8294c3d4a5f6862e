"""File ▸ Export…: the dialog's choices, a background export with progress, Cancel."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from curator.articles import ArticleFilter
from curator.formats.base import ParsedArticle
from curator.i18n import _
from curator.importer import import_parsed
from db.library import Library
from ui.export_dialog import ExportChoice, ExportDialog
from ui.main_window import MainWindow
from ui.settings import Settings


@pytest.fixture
def window(qtbot, tmp_path: Path, library: Library):  # type: ignore[no-untyped-def]
    import_parsed(
        library,
        [
            ParsedArticle(
                title=f"Fair {i}",
                body=f"The fair number {i} opened in Turin.",
                origin=str(i),
                language="it" if i % 2 else "en",
            )
            for i in range(300)
        ],
    )
    shown = MainWindow(library, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(shown)
    return shown


def test_dialog_choices(qtbot, tmp_path):
    dialog = ExportDialog(None, ArticleFilter(language="it"), "Turin", 7, tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.format_combo.findData("json") >= 0 and dialog.format_combo.findData("w3c") >= 0
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
    assert dialog.excel_box.isEnabled()
    assert dialog.destination.text() == str(tmp_path / "curator-export")
    dialog.excel_box.setChecked(True)
    choice = dialog.choice()
    assert choice.article_filter == ArticleFilter(language="it") and choice.query == "Turin"
    assert choice.options == {"excel": True} and choice.ids is None
    dialog.scope_selected.setChecked(True)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("jsonl"))
    assert not dialog.excel_box.isEnabled()
    assert dialog.choice() == ExportChoice("jsonl", tmp_path / "curator-export.jsonl", ids=[7])
    dialog.destination.clear()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_every_field_is_reachable_by_its_mnemonic(qtbot, tmp_path):
    dialog = ExportDialog(None, folder=tmp_path)
    qtbot.addWidget(dialog)
    buddies = {label.text(): label.buddy() for label in dialog.findChildren(QLabel)}
    assert buddies[_("&Destination:")] is dialog.destination
    assert buddies[_("&Format:")] is dialog.format_combo


def test_export_runs_in_the_background_with_progress(qtbot, window, tmp_path):
    assert window.export_action.shortcut().toString() == "Ctrl+Alt+E"
    assert window.export_action in window.menuBar().actions()[0].menu().actions()
    steps = []
    window.progress_bar.valueChanged.connect(steps.append)
    out = tmp_path / "all.jsonl"
    with qtbot.waitSignal(window.exchange.export_finished, timeout=20000) as finished:
        window.exchange.start_export(ExportChoice("jsonl", out, article_filter=ArticleFilter()))
    assert finished.args[0].count == 300
    assert len(out.read_text(encoding="utf-8").splitlines()) == 300
    assert steps and not window.progress_bar.isVisible()


def test_cancel_leaves_no_file(qtbot, window, tmp_path, monkeypatch):
    import time

    from ui import export_dialog

    real_export = export_dialog.service.export

    def export_until_cancelled(*args, progress, **kwargs):  # type: ignore[no-untyped-def]
        progress.report(1, 300, "")  # the bar moves; the test presses Cancel
        deadline = time.monotonic() + 10
        while not progress.cancelled and time.monotonic() < deadline:
            time.sleep(0.01)
        return real_export(*args, progress=progress, **kwargs)

    monkeypatch.setattr(export_dialog.service, "export", export_until_cancelled)
    out = tmp_path / "cancelled.json"

    def cancel_on_first_step(done: int) -> None:
        if done > 0 and window.cancel_button.isEnabled():
            window.cancel_button.click()

    window.show()
    window.progress_bar.valueChanged.connect(cancel_on_first_step)
    with qtbot.waitSignal(window.exchange.export_failed, timeout=20000) as failed:
        window.exchange.start_export(ExportChoice("json", out))
    assert failed.args == [""]
    assert not out.exists() and not list(tmp_path.glob(".cancelled.json*"))
    assert "nothing was written" in window.statusBar().currentMessage()


def test_import_exchange_file(qtbot, window, tmp_path, library):
    out = tmp_path / "one.json"
    first = window.library_pane.selected_article_id()
    with qtbot.waitSignal(window.exchange.export_finished, timeout=20000):
        window.exchange.start_export(ExportChoice("json", out, ids=[first]))
    data = json.loads(out.read_text(encoding="utf-8"))
    data["articles"][0]["body"] += " A new sentence."
    out.write_text(json.dumps(data), encoding="utf-8")
    with qtbot.waitSignal(window.exchange.import_finished, timeout=20000) as done:
        window.exchange.start_import("json", out)
    assert len(done.args[0].imported) == 1


def _when_modal(kind: type, act) -> None:  # type: ignore[no-untyped-def]
    """Run act(widget) once a modal `kind` is shown (exec() blocks the test meanwhile)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            act(widget)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def _press(box, button) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.mouseClick(box.button(button), Qt.MouseButton.LeftButton)


def test_the_dialog_asks_before_replacing_and_refuses_the_editors_folder(
    qtbot, window, tmp_path, library
):
    """Export ▸ a folder of the editor's files: told why not, the dialog stays open;
    an earlier export: asked first, No keeps it, Yes replaces it."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QMessageBox

    from curator.exchange import service

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("three years of work", encoding="utf-8")
    earlier = tmp_path / "tables"
    service.export(library, "csv", earlier, ids=[1])
    earlier_rows = (earlier / "articles.csv").read_text(encoding="utf-8")
    seen: list[str] = []
    ok = QDialogButtonBox.StandardButton.Ok

    def type_destination(dialog: ExportDialog, path: Path) -> None:
        dialog.destination.setFocus()
        QTest.keyClick(dialog.destination, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(dialog.destination, str(path))

    def click_export(dialog: ExportDialog, then) -> None:  # type: ignore[no-untyped-def]
        _when_modal(QMessageBox, then)
        QTest.mouseClick(dialog.buttons.button(ok), Qt.MouseButton.LeftButton)

    def fill_in(dialog: ExportDialog) -> None:
        QTest.keyClicks(dialog.format_combo, "CSV")
        assert dialog.fmt() == "csv"
        QTest.mouseClick(dialog.scope_all, Qt.MouseButton.LeftButton)
        type_destination(dialog, mine)
        click_export(dialog, refused)

    def answer(box: QMessageBox, button, then=None) -> None:  # type: ignore[no-untyped-def]
        """Press `button`, then (once the box has closed) run then(dialog)."""
        seen.append(box.text())
        dialog = box.parent()
        _press(box, button)
        if then is not None:
            QTimer.singleShot(0, lambda: then(dialog))

    def refused(box: QMessageBox) -> None:
        answer(box, QMessageBox.StandardButton.Ok, try_the_earlier_export)

    def try_the_earlier_export(dialog: ExportDialog) -> None:
        assert dialog.isVisible()  # still open: choose another place
        type_destination(dialog, earlier)
        click_export(dialog, keep_it)

    def keep_it(box: QMessageBox) -> None:
        box.grab().save("/tmp/h5-replace-question.png")
        answer(box, QMessageBox.StandardButton.No, try_again)

    def try_again(dialog: ExportDialog) -> None:
        assert dialog.isVisible()
        assert (earlier / "articles.csv").read_text(encoding="utf-8") == earlier_rows
        click_export(dialog, lambda box: answer(box, QMessageBox.StandardButton.Yes))

    window.show()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)  # for the window's shortcuts
    _when_modal(ExportDialog, fill_in)
    with qtbot.waitSignal(window.exchange.export_finished, timeout=30000) as finished:
        QTest.keyClick(
            window,
            Qt.Key.Key_E,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
        )
    assert finished.args[0].count == 300 and finished.args[0].path == earlier
    assert "not a Curator export" in seen[0]
    assert "earlier Curator csv export" in seen[1] and "Replace it" in seen[1]
    assert seen[2] == seen[1]
    assert (mine / "thesis.txt").read_text(encoding="utf-8") == "three years of work"
    assert sorted(p.name for p in mine.iterdir()) == ["thesis.txt"]
    assert len((earlier / "articles.csv").read_text(encoding="utf-8").splitlines()) == 301
    assert not [p for p in tmp_path.iterdir() if ".curator-" in p.name]
