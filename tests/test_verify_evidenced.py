"""Verify all values that have evidence: one undoable step in the window, and the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from curator import annotations, records
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from curator.record_draft import draft_from_annotations
from tests.window_for_tests import show_window
from ui.main_window import MainWindow

BODY = (
    "Valmora Robotics Fair closes\n\n"
    "The Valmora Robotics Fair ran from March 11 to 14 in the Valmora halls."
)
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def article_id(library) -> int:  # type: ignore[no-untyped-def]
    parsed = ParsedArticle("Valmora Robotics Fair closes", BODY, "f.txt", "en",
                           published=dt.date(2025, 3, 14))  # fmt: skip
    [item] = import_parsed(library, [parsed]).imported
    for text, type_name in (("Valmora Robotics Fair", "EVENT"), ("March 11 to 14", "DATE")):
        start = BODY.index(text)
        annotations.add_annotation(library, item.id, start, start + len(text), type_name)
    draft_from_annotations(library, item.id)  # event name and dates, with evidence
    records.set_cell(library, item.id, ("series",), {"value": "Valmora fairs"})  # no evidence
    return item.id


def _statuses(library, article: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    view = records.get_record(library, article)
    return {key: cell["status"] for key, cell in view.values.items() if isinstance(cell, dict)}


def test_the_service_verifies_only_values_with_evidence(library, article_id) -> None:  # type: ignore[no-untyped-def]
    before = _statuses(library, article_id)
    assert set(before.values()) == {"unverified"} and "series" in before
    view, count = records.verify_evidenced(library, article_id)
    after = _statuses(library, article_id)
    assert count == 3 and {k for k, s in after.items() if s == "verified"} == {
        "event_name", "start_date", "end_date"
    }  # fmt: skip
    assert after["series"] == "unverified"
    assert records.verify_evidenced(library, article_id) == (view, 0)  # nothing more: no write


@pytest.fixture
def window(library, article_id, qtbot, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    return show_window(library, qtbot, tmp_path, active=True)


def test_ctrl_shift_y_verifies_in_one_undo_step(window: MainWindow, article_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    form = window.record_form
    window.source_pane.text.setFocus()
    steps = window.undo_stack.count()

    qtbot.keyClick(window.source_pane.text, Qt.Key.Key_Y, CTRL_SHIFT)
    assert window.undo_stack.count() == steps + 1
    assert window.undo_action.text().replace("&", "") == "Undo Verify 3 values with evidence"
    assert form.editors[("event_name",)].verified.isChecked()
    assert form.editors[("start_date",)].verified.isChecked()
    assert not form.editors[("series",)].verified.isChecked()
    assert _statuses(window.library, article_id)["end_date"] == "verified"

    window.undo_action.trigger()
    assert set(_statuses(window.library, article_id).values()) == {"unverified"}
    assert not form.editors[("event_name",)].verified.isChecked()
    window.redo_action.trigger()
    assert form.editors[("event_name",)].verified.isChecked()

    window.verify_action.trigger()  # nothing left to verify: said, and no empty undo step
    assert window.undo_stack.count() == steps + 1
    assert "No unverified value with evidence" in window.statusBar().currentMessage()


def test_cli_record_verify_all(library, article_id, library_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import main

    argv = ["--db", str(library_path), "record", str(article_id), "--verify-all", "--json"]
    assert main.main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["verified_now"] == 3
    assert out["fields"]["event_name"]["status"] == "verified"
    assert out["fields"]["series"]["status"] == "unverified"
    assert main.main(["--db", str(library_path), "record", str(article_id), "--verify-all"]) == 0
    assert "verified 0 values with evidence" in capsys.readouterr().out
