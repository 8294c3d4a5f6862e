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
