"""The record form in the window: draft, typed editors, evidence, groups, undo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent

from curator import annotations, records
from curator.articles import link_translation
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from ui.annotation_list_model import MIME_ANNOTATION
from ui.app import create_application
from ui.main_window import MainWindow
from ui.settings import Settings

BODY = (
    "Valmora Robotics Fair closes\n\n"
    "The Valmora Robotics Fair ran from March 11 to 14. Anna Ferri, Deputy Director of "
    "the Valmora Trade Commission, said that more than 1,200 exhibitors took part."
)


@pytest.fixture
def window(library, qtbot, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    import_parsed(
        library,
        [
            ParsedArticle(
                "Valmora Robotics Fair closes", BODY, "f.txt", "en", published=dt.date(2025, 3, 14)
            )
        ],
    )
    create_application([])
    window = MainWindow(library, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    return window


def mark(window: MainWindow, text: str, type_name: str):  # type: ignore[no-untyped-def]
    start = BODY.index(text)
    view = annotations.add_annotation(
        window.library, window.source_pane.article_id, start, start + len(text), type_name
    )
    window._refresh_annotations()
    return view


def stored(window: MainWindow, *path) -> dict | None:  # type: ignore[no-untyped-def]
    return records.get_record(window.library, window.source_pane.article_id).cell(tuple(path))


def test_draft_fills_the_form_and_undo_empties_it(window) -> None:  # type: ignore[no-untyped-def]
    mark(window, "Valmora Robotics Fair", "EVENT")
    mark(window, "March 11 to 14", "DATE")
    window.draft_action.trigger()
    assert window.side_tabs.currentWidget() is window.record_form
    editor = window.record_form.editors[("event_name",)]
    assert editor.inputs[0].text() == "Valmora Robotics Fair"
    assert editor.evidence_button.text().startswith("●")  # it has evidence
    assert window.record_form.editors[("start_date",)].inputs[0].text() == "11 Mar 2025"
    window.undo_action.trigger()
    assert stored(window, "event_name") is None
    assert window.record_form.editors[("event_name",)].inputs[0].text() == ""


def test_a_date_typed_in_the_locale_is_stored_as_iso_and_shown_back(window) -> None:  # type: ignore[no-untyped-def]
    editor = window.record_form.editors[("start_date",)]
    editor.inputs[0].setText("11/03/2025")  # en_GB: day first
    editor.inputs[0].editingFinished.emit()
    assert stored(window, "start_date")["value"] == "2025-03-11"
    assert window.record_form.editors[("start_date",)].inputs[0].text() == "11 Mar 2025"
    bad = window.record_form.editors[("end_date",)]
    bad.inputs[0].setText("31 Feb 2025")
    bad.inputs[0].editingFinished.emit()
    assert stored(window, "end_date") is None and "31 Feb 2025" in bad.toolTip()


def test_a_number_keeps_its_qualifier_and_unit(window) -> None:  # type: ignore[no-untyped-def]
    window.record_form.item_added.emit("figures")
    editor = window.record_form.editors[("figures", 0, "quantity")]
    qualifier, number, unit = editor.inputs
    qualifier.setCurrentIndex(qualifier.findData(">"))
    unit.setText("exhibitors")
    number.setText("1,200")
    number.editingFinished.emit()
    assert stored(window, "figures", 0, "quantity")["value"] == {
        "qualifier": ">",
        "value": "1200",
        "unit": "exhibitors",
    }


def test_dropping_an_annotation_fills_the_field_and_links_evidence(window) -> None:  # type: ignore[no-untyped-def]
    person = mark(window, "Anna Ferri", "PERSON")
    window.record_form.item_added.emit("participants")
    editor = window.record_form.editors[("participants", 0, "person")]
    mime = QMimeData()
    mime.setData(MIME_ANNOTATION, str(person.id).encode())
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    editor.dropEvent(drop)
    cell = stored(window, "participants", 0, "person")
    assert cell["value"]["text"] == "Anna Ferri"
    assert cell["evidence"] == [{"annotation_id": person.id}]
    window.source_pane.text.select_annotation(None)
    window.record_form.field_focused.emit(("participants", 0, "person"))
    assert window.source_pane.text.selected_id == person.id  # focusing shows the evidence


def test_ctrl_e_uses_the_selected_mention_as_evidence(window) -> None:  # type: ignore[no-untyped-def]
    figure = mark(window, "more than 1,200 exhibitors", "FIGURE")
    window.record_form.item_added.emit("figures")
    path = ("figures", 0, "quantity")
    window.record_form.editors[path].focused.emit(path)  # as when the field takes focus
    window.source_pane.text.select_annotation(figure.id)
    window.evidence_action.trigger()
    assert stored(window, "figures", 0, "quantity")["value"] == {
        "qualifier": ">",
        "value": "1200",
        "unit": "exhibitors",
    }


def test_group_items_are_added_moved_and_removed_with_undo(window) -> None:  # type: ignore[no-untyped-def]
    form = window.record_form
    for name in ("Anna Ferri", "Marco Conti"):
        form.item_added.emit("participants")
        index = (
            len(
                records.get_record(window.library, window.source_pane.article_id).items(
                    "participants"
                )
            )
            - 1
        )
        editor = form.editors[("participants", index, "person")]
        editor.inputs[0].setText(name)
        editor.inputs[0].editingFinished.emit()

    def names() -> list[str]:
        view = records.get_record(window.library, window.source_pane.article_id)
        return [item["person"]["value"]["text"] for item in view.items("participants")]

    form.item_moved.emit("participants", 1, 0)
    assert names() == ["Marco Conti", "Anna Ferri"]
    form.item_removed.emit("participants", 0)
    assert names() == ["Anna Ferri"]
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert names() == ["Anna Ferri", "Marco Conti"]


def test_verified_and_comment(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    editor = window.record_form.editors[("series",)]
    editor.inputs[0].setText("Valmora fairs")
    editor.inputs[0].editingFinished.emit()
    editor = window.record_form.editors[("series",)]
    editor.verified.click()
    assert stored(window, "series")["status"] == "verified"
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("from the organiser", True))
    window.record_form.editors[("series",)]._edit_comment()
    assert stored(window, "series")["comment"] == "from the organiser"


def test_the_translation_shows_the_shared_record(window) -> None:  # type: ignore[no-untyped-def]
    original = window.source_pane.article_id
    [italian] = import_parsed(
        window.library,
        [
            ParsedArticle(
                "Si chiude la fiera",
                "Si chiude la fiera\n\nLa fiera di Valmora si è chiusa.",
                "it.txt",
                "it",
            )
        ],
    ).imported
    link_translation(window.library, original, italian.id)
    records.set_cell(window.library, original, ("series",), {"value": "Valmora fairs"})
    window.go_to_article(italian.id)
    assert window.record_form.editors[("series",)].inputs[0].text() == "Valmora fairs"
    assert f"#{original}" in window.record_form.story_label.text()


def test_a_drafted_count_shows_no_money_slot_and_money_no_number_slot(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QPushButton

    mark(window, "more than 1,200 exhibitors", "FIGURE")
    window.source_pane.text.setFocus()
    QTest.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    form = window.record_form
    assert form.editors[("figures", 0, "quantity")].inputs[1].text() == "1,200"
    assert not form.editors[("figures", 0, "amount")].isVisibleTo(form)  # a count is no money
    add = next(b for b in form.findChildren(QPushButton) if b.text() == "Add figures")
    QTest.mouseClick(add, Qt.MouseButton.LeftButton)

    def shown_in_new_item() -> set:
        return {p[2] for p, e in form.editors.items() if p[:2] == ("figures", 1) and e.isVisible()}

    # A new item's frame appears with the next turn of the event loop; empty, it offers both.
    qtbot.waitUntil(lambda: shown_in_new_item() == {"label", "quantity", "amount"})
    amount = form.editors[("figures", 1, "amount")].inputs[1]
    amount.setFocus()
    QTest.keyClicks(amount, "5000")
    QTest.keyClick(amount, Qt.Key.Key_Return)
    assert shown_in_new_item() == {"label", "amount"}


def test_a_stored_value_that_no_longer_fits_its_field_is_reported_not_fatal(
    window, private_dirs
) -> None:  # type: ignore[no-untyped-def]
    """A template edited on disk can change a field's type under a stored value."""
    import json

    from curator.templates import get_template

    article = window.source_pane.article_id
    number = {"qualifier": "", "value": "12", "unit": "th"}
    records.set_cell(window.library, article, ("edition",), {"value": number})
    edited = get_template("event-report").to_json()
    edited["fields"] = [
        {**field, "type": "text"} if field["key"] == "edition" else field
        for field in edited["fields"]
    ]
    folder = private_dirs / "config" / "templates"
    folder.mkdir(parents=True)
    (folder / "event_report.json").write_text(json.dumps(edited), encoding="utf-8")
    window.side_tabs.setCurrentWidget(window.record_form)
    window.show_article(article)
    editor = window.record_form.editors[("edition",)]
    assert editor.inputs[0].text() == "" and "does not fit" in editor.toolTip()
    assert window.record_form.editors[("series",)].isVisible()  # the rest of the form is there
