"""Deleting an entity: its mentions stay annotated, unlinked; undo links them again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from curator import annotations, entities, records
from curator.errors import NotFoundError
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from tests.window_for_tests import show_window
from ui.main_window import MainWindow

BODY = (
    "Valmora Trade Commission opens the fair\n\n"
    "The Valmora Trade Commission thanked exhibitors; the Commissione per il Commercio di "
    "Valmora did too."
)


@pytest.fixture
def linked(library) -> dict[str, int]:  # type: ignore[no-untyped-def]
    [article] = import_parsed(library, [ParsedArticle("Fair", BODY, "f.txt", "en")]).imported
    commission = entities.create_entity(library, "ORG", "Valmora Trade Commission")
    orphan = entities.create_entity(library, "ORG", "Valmora Trade Comission")  # a typo
    ids = []
    for quote in ("Valmora Trade Commission", "Commissione per il Commercio di Valmora"):
        start = BODY.index(quote, 10)
        mark = annotations.add_annotation(library, article.id, start, start + len(quote), "ORG")
        annotations.update_annotation(library, mark.id, entity_id=commission.id)
        ids.append(mark.id)
    return {"article": article.id, "commission": commission.id, "orphan": orphan.id,
            "first": ids[0], "second": ids[1]}  # fmt: skip


def _organisers(library, article: int) -> list[dict]:  # type: ignore[no-untyped-def]
    return [item["organisation"]["value"] for item in records.get_record(library, article)
            .items("organisers")]  # fmt: skip


def test_the_service_unlinks_then_restore_links_again(library, linked) -> None:  # type: ignore[no-untyped-def]
    article, commission = linked["article"], linked["commission"]
    records.add_item(library, article, "organisers")
    organiser = {"value": {"entity_id": commission, "text": "Valmora Trade Commission"}}
    records.set_cell(library, article, ("organisers", 0, "organisation"), organiser)
    assert entities.linked_annotation_count(library, linked["commission"]) == 2
    removed = entities.remove_entity(library, linked["commission"])
    assert removed.unlinked_annotation_ids == (linked["first"], linked["second"])
    assert [a.entity_id for a in annotations.list_annotations(library)] == [None, None]
    assert _organisers(library, article) == [
        {"entity_id": None, "text": "Valmora Trade Commission"}  # the name stays, as text
    ]
    path = ("organisers", 0, "organisation")
    cell = records.get_record(library, article).cell(path)
    records.set_cell(library, article, path, {**cell, "status": "verified"})  # still editable
    with pytest.raises(NotFoundError):
        entities.get_entity(library, linked["commission"])

    back = entities.restore_entity(library, removed)
    assert back.id == linked["commission"] and back.mentions == 2
    assert back.aliases == removed.entity.aliases
    assert {a.entity_id for a in annotations.list_annotations(library)} == {back.id}
    assert _organisers(library, article)[0]["entity_id"] == commission


@pytest.fixture
def window(library, linked, qtbot, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    return show_window(library, qtbot, tmp_path)


def _answer(browser, qtbot, button_text: str, seen: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Click a button of the confirmation once it is up (it is modal: exec() waits)."""

    def click() -> None:
        box = browser.confirm_box
        if box is None or not box.isVisible():
            QTimer.singleShot(20, click)
            return
        default = box.defaultButton()
        seen.append(f"{box.text()}\n{box.informativeText()}\ndefault: {default.text()}")
        [button] = [b for b in box.buttons() if b.text() == button_text]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click)


def test_the_browser_asks_naming_the_mentions_then_deletes_and_undo_brings_it_back(
    window: MainWindow, linked, qtbot
) -> None:  # type: ignore[no-untyped-def]
    browser = window.show_entities()
    browser.select(linked["commission"])
    seen: list[str] = []

    _answer(browser, qtbot, "Cancel", seen)
    qtbot.mouseClick(browser.delete_button, Qt.MouseButton.LeftButton)
    assert "Its 2 mentions stay annotated but will be unlinked" in seen[0]
    assert "Valmora Trade Commission" in seen[0]
    assert entities.get_entity(window.library, linked["commission"]).mentions == 2

    _answer(browser, qtbot, "Delete", seen)
    browser.activateWindow()
    qtbot.waitUntil(browser.isActiveWindow)
    browser.table.setFocus()
    qtbot.keyClick(browser.table, Qt.Key.Key_Delete)
    names = [row.name for row in browser.model.rows]
    assert names == ["Valmora Trade Comission"]
    assert [a.entity_id for a in annotations.list_annotations(window.library)] == [None, None]
    assert window.undo_action.text().replace("&", "") == (
        "Undo Delete entity “Valmora Trade Commission”"
    )

    window.undo_action.trigger()
    assert sorted(row.name for row in browser.model.rows) == [
        "Valmora Trade Comission",
        "Valmora Trade Commission",
    ]
    assert {a.entity_id for a in annotations.list_annotations(window.library)} == {
        linked["commission"]
    }
    window.redo_action.trigger()
    assert [row.name for row in browser.model.rows] == ["Valmora Trade Comission"]


def test_an_orphan_is_deleted_saying_no_mention_links_to_it(window, linked, qtbot) -> None:  # type: ignore[no-untyped-def]
    browser = window.show_entities()
    browser.select(linked["orphan"])
    seen: list[str] = []
    _answer(browser, qtbot, "Delete", seen)
    qtbot.mouseClick(browser.delete_button, Qt.MouseButton.LeftButton)
    assert "No mention links to it." in seen[0]
    assert seen[0].endswith("default: Cancel")  # Enter does not delete
    assert [row.name for row in browser.model.rows] == ["Valmora Trade Commission"]


def test_cli_entities_delete(library, linked, library_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import main

    args = ["--db", str(library_path), "entities", "delete", str(linked["commission"]), "--json"]
    assert main.main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["deleted"]["name"] == "Valmora Trade Commission"
    assert out["unlinked_annotations"] == [linked["first"], linked["second"]]
    assert main.main(["--db", str(library_path), "entities", "delete", "999"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "999" in err
    assert main.main(["--db", str(library_path), "entities", "delete"]) == 1
    assert main.main(["--db", str(library_path), "entities"]) == 0
    assert "Valmora Trade Comission" in capsys.readouterr().out
