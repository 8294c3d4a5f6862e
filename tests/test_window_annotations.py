"""Annotating in the window from the keyboard: mark, retype, delete, note, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor

from curator import annotations, entities
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from ui.app import create_application
from ui.main_window import MainWindow
from ui.settings import Settings

BODY = (
    "Valmora Robotics Fair closes\n\n"
    "Anna Ferri, Deputy Director of the Valmora Trade Commission, thanked the "
    "1,200 exhibitors of the Valmora Robotics Fair."
)


@pytest.fixture
def window(library, qtbot, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    import_parsed(library, [ParsedArticle("Valmora Robotics Fair closes", BODY, "f.txt", "en")])
    create_application([])
    window = MainWindow(library, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    return window


def select(window: MainWindow, text: str, trim: int = 0) -> None:
    """Select `text` in the source pane, `trim` characters short at either end."""
    start = BODY.index(text) + trim
    cursor = QTextCursor(window.source_pane.text.document())
    cursor.setPosition(start)
    cursor.setPosition(start + len(text) - 2 * trim, QTextCursor.MoveMode.KeepAnchor)
    window.source_pane.text.setTextCursor(cursor)


def stored(window: MainWindow) -> list[tuple[str, str]]:
    """Accepted annotations: what the library holds as data."""
    rows = annotations.list_annotations(window.library, statuses=("accepted",))
    return [(a.type, a.quote) for a in rows]


def test_a_type_key_annotates_the_selection_snapped_to_words(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = window.source_pane.text
    text.setFocus()
    select(window, "Anna Ferri", trim=1)  # "nna Ferr"
    qtbot.keyClick(text, Qt.Key.Key_P)
    assert stored(window) == [("PERSON", "Anna Ferri")]
    assert len(text.extraSelections()) == 1
    assert window.annotations_panel.model.rowCount() == 1
    assert "1 annotation" in window.annotations_panel.count_label.text()
    assert window.undo_action.text().replace("&", "") == "Undo Annotate “Anna Ferri” as PERSON"


def test_undo_and_redo_an_annotation_keep_its_identity(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = window.source_pane.text
    select(window, "Valmora Trade Commission")
    qtbot.keyClick(text, Qt.Key.Key_O)
    first_id = annotations.list_annotations(window.library)[0].id
    window.undo_action.trigger()
    assert stored(window) == []
    assert text.extraSelections() == []
    window.redo_action.trigger()
    assert [a.id for a in annotations.list_annotations(window.library)] == [first_id]


def test_click_selects_then_keys_retype_and_delete(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = window.source_pane.text
    select(window, "Deputy Director")
    qtbot.keyClick(text, Qt.Key.Key_O)  # a slip: ORG instead of ROLE
    annotation = annotations.list_annotations(window.library)[0]
    text.select_annotation(annotation.id)
    qtbot.keyClick(text, Qt.Key.Key_R)
    assert stored(window) == [("ROLE", "Deputy Director")]
    qtbot.keyClick(text, Qt.Key.Key_Delete)
    assert stored(window) == []
    window.undo_action.trigger()
    assert stored(window) == [("ROLE", "Deputy Director")]
    window.undo_action.trigger()
    assert stored(window) == [("ORG", "Deputy Director")]


def test_nested_spans_are_drawn_distinctly(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = window.source_pane.text
    select(window, "Deputy Director of the Valmora Trade Commission")
    qtbot.keyClick(text, Qt.Key.Key_R)
    select(window, "Valmora Trade Commission")
    qtbot.keyClick(text, Qt.Key.Key_O)
    text.select_annotation(None)
    outer, inner = text.extraSelections()
    assert outer.format.background().color() != inner.format.background().color()
    assert outer.format.underlineStyle() == QTextCharFormat.UnderlineStyle.NoUnderline
    assert inner.format.underlineStyle() != QTextCharFormat.UnderlineStyle.NoUnderline
    position = BODY.index("Trade")
    assert [a.type for a in text.annotations_at(position)] == ["ORG", "ROLE"]


def test_hovering_explains_the_annotation(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = window.source_pane.text
    select(window, "1,200 exhibitors")
    qtbot.keyClick(text, Qt.Key.Key_F)
    under = text.annotations_at(BODY.index("1,200") + 1)
    assert "Figure" in text._tooltip(under) and "1,200 exhibitors" in text._tooltip(under)


def test_a_note_from_the_panel_is_saved_and_undoable(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = window.source_pane.text
    select(window, "Anna Ferri")
    qtbot.keyClick(text, Qt.Key.Key_P)
    panel = window.annotations_panel
    panel.show_selected(annotations.list_annotations(window.library)[0].id)
    panel.note_edit.setText("spelling checked with the press office")
    panel.note_edit.editingFinished.emit()
    assert annotations.list_annotations(window.library)[0].note == (
        "spelling checked with the press office"
    )
    window.undo_action.trigger()
    assert annotations.list_annotations(window.library)[0].note == ""


def test_a_key_with_nothing_selected_changes_nothing(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = window.source_pane.text
    cursor = text.textCursor()
    cursor.clearSelection()
    text.setTextCursor(cursor)
    qtbot.keyClick(text, Qt.Key.Key_P)
    assert stored(window) == []
    assert window.undo_stack.count() == 0


def pending(window: MainWindow) -> list[str]:
    return [a.quote for a in annotations.list_annotations(window.library, statuses=("pending",))]


def test_suggestions_are_reviewed_from_the_keyboard(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    entities.create_entity(window.library, "ORG", "Valmora Trade Commission")
    entities.create_entity(window.library, "PERSON", "Anna Ferri")
    window.suggest_action.trigger()
    assert set(pending(window)) >= {"Valmora Trade Commission", "Anna Ferri"}
    text = window.source_pane.text
    first = text._annotation(text.selected_id)
    assert first is not None and first.status == "pending"  # review starts at the first
    qtbot.keyClick(text, Qt.Key.Key_Return)
    assert first.quote not in pending(window)
    assert (first.type, first.quote) in stored(window)
    second = text._annotation(text.selected_id)
    assert second is not None and second.status == "pending"  # moved on to the next
    qtbot.keyClick(text, Qt.Key.Key_Delete)
    rejected = annotations.list_annotations(window.library, statuses=("rejected",))
    assert [a.quote for a in rejected] == [second.quote]
    window.undo_action.trigger()
    assert second.quote in pending(window)


def test_accept_all_then_undo_all_the_way(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    entities.create_entity(window.library, "PERSON", "Anna Ferri")
    window.suggest_action.trigger()
    suggested = set(pending(window))
    assert suggested
    window.accept_all_action.trigger()
    assert pending(window) == []
    assert suggested <= {quote for _type, quote in stored(window)}
    window.undo_action.trigger()
    assert set(pending(window)) == suggested and stored(window) == []
    window.undo_action.trigger()  # the suggestions themselves go away
    assert pending(window) == []
    assert window.source_pane.text.extraSelections() == []


def test_annotate_all_occurrences_suggests_the_other_mentions(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = window.source_pane.text
    select(window, "Valmora Robotics Fair")  # the first of two in the text
    qtbot.keyClick(text, Qt.Key.Key_E)
    window.all_occurrences_action.trigger()
    assert pending(window) == ["Valmora Robotics Fair"]
    second = BODY.rindex("Valmora Robotics Fair")
    assert [
        a.start for a in annotations.list_annotations(window.library, statuses=("pending",))
    ] == [second]


def test_a_mention_is_linked_through_the_type_ahead_even_misspelt(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    commission = entities.create_entity(
        window.library,
        "ORG",
        "Valmora Trade Commission",
        aliases=[("Commissione per il Commercio di Valmora", "it")],
    )
    text = window.source_pane.text
    select(window, "Valmora Trade Commission")
    qtbot.keyClick(text, Qt.Key.Key_O)
    linker = window.annotations_panel.linker
    assert linker.annotation is not None and linker.annotation.entity_id is None
    linker.search.setText("comission valmora")
    linker.search.textEdited.emit("comission valmora")
    linker.search.returnPressed.emit()
    linked = annotations.list_annotations(window.library)[0]
    assert linked.entity_id == commission.id
    assert "Valmora Trade Commission" in linker.linked_label.text()
    window.undo_action.trigger()
    assert annotations.list_annotations(window.library)[0].entity_id is None


def test_a_new_entity_from_a_mention_and_undo_removes_it(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = window.source_pane.text
    select(window, "Anna Ferri")
    qtbot.keyClick(text, Qt.Key.Key_P)
    window.annotations_panel.linker.new_button.click()
    [anna] = entities.list_entities(window.library)
    assert (anna.name, anna.type, anna.mentions) == ("Anna Ferri", "PERSON", 1)
    window.undo_action.trigger()
    assert entities.list_entities(window.library) == []
    assert annotations.list_annotations(window.library)[0].entity_id is None


def test_the_entity_browser_merges_renames_and_jumps_to_mentions(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    english = entities.create_entity(window.library, "ORG", "Valmora Trade Commission")
    italian = entities.create_entity(
        window.library, "ORG", "Commissione per il Commercio di Valmora"
    )
    text = window.source_pane.text
    select(window, "Valmora Trade Commission")
    qtbot.keyClick(text, Qt.Key.Key_O)
    mention = annotations.list_annotations(window.library)[0]
    annotations.update_annotation(window.library, mention.id, entity_id=italian.id)
    browser = window.show_entities()
    assert {row.name for row in browser.model.rows} == {english.name, italian.name}

    browser.merge_requested.emit(
        entities.get_entity(window.library, english.id),
        entities.get_entity(window.library, italian.id),
    )
    [kept] = browser.model.rows
    assert kept.id == english.id and kept.mentions == 1
    assert ("Commissione per il Commercio di Valmora", None) in kept.aliases

    browser.rename_requested.emit(kept, "Valmora Commission for Trade")
    assert entities.get_entity(window.library, english.id).name == "Valmora Commission for Trade"

    browser.select(english.id)
    assert browser.mentions.count() == 1
    window.show_article(None)
    browser.mentions.itemActivated.emit(browser.mentions.item(0))
    assert window.source_pane.text.selected_id == mention.id

    window.undo_action.trigger()  # the rename
    window.undo_action.trigger()  # the merge
    names = {row.name for row in browser.model.rows}
    assert names == {"Valmora Trade Commission", "Commissione per il Commercio di Valmora"}
    assert annotations.get_annotation(window.library, mention.id).entity_id == italian.id


def test_relations_are_made_from_the_keyboard_listed_and_undone(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = window.source_pane.text
    select(window, "Anna Ferri")
    qtbot.keyClick(text, Qt.Key.Key_P)
    select(window, "Deputy Director")
    qtbot.keyClick(text, Qt.Key.Key_R)
    person, role = annotations.list_annotations(window.library)
    text.select_annotation(person.id)
    qtbot.keyClick(text, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    text.select_annotation(role.id)
    qtbot.keyClick(text, Qt.Key.Key_Return)  # PERSON -> ROLE allows one type: holds
    [relation] = annotations.list_relations(window.library, person.article_id)
    assert (relation.type, relation.source_id, relation.target_id) == ("holds", person.id, role.id)
    row = window.annotations_panel.model.row_of(person.id)
    shown = window.annotations_panel.model.index(row).data()
    assert "Anna Ferri holds Deputy Director" in shown

    window.undo_action.trigger()
    assert annotations.list_relations(window.library, person.article_id) == []
    window.redo_action.trigger()
    [relation] = annotations.list_relations(window.library, person.article_id)
    text.relation_delete_requested.emit(relation.id)
    assert annotations.list_relations(window.library, person.article_id) == []
    window.undo_action.trigger()
    assert len(annotations.list_relations(window.library, person.article_id)) == 1


def test_a_relation_the_tagset_does_not_allow_is_explained(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = window.source_pane.text
    select(window, "Anna Ferri")
    qtbot.keyClick(text, Qt.Key.Key_P)
    select(window, "1,200 exhibitors")
    qtbot.keyClick(text, Qt.Key.Key_F)
    person, figure = annotations.list_annotations(window.library)
    window.add_relation(person.id, figure.id)
    assert "No relation goes from PERSON to FIGURE" in window.statusBar().currentMessage()
    assert annotations.list_relations(window.library, person.article_id) == []


def test_the_tagset_is_edited_in_the_app_and_undone(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.tagset_dialog import TagsetDialog

    def add_product(dialog: TagsetDialog) -> int:
        dialog._append(tagset_type("PRODUCT", "Product", "U", "#e9fac8"))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(TagsetDialog, "exec", add_product)
    window.tagset_action.trigger()
    assert window.tagset.type_for_key("u").name == "PRODUCT"
    text = window.source_pane.text
    select(window, "Valmora Robotics Fair", trim=0)
    qtbot.keyClick(text, Qt.Key.Key_U)
    assert ("PRODUCT", "Valmora Robotics Fair") in stored(window)
    window.undo_action.trigger()  # the annotation
    window.undo_action.trigger()  # the new type
    assert window.tagset.type_for_key("u") is None


def test_a_bad_tagset_is_refused_with_a_reason(window) -> None:  # type: ignore[no-untyped-def]
    from ui.tagset_dialog import TagsetDialog

    dialog = TagsetDialog(window.tagset, window)
    dialog._append(tagset_type("PLANT", "Plant", "P", "#e9fac8"))  # P is PERSON's key
    dialog.accept()
    assert dialog.result_tagset is None
    assert "key" in dialog.error_label.text()


def tagset_type(name: str, label: str, key: str, colour: str):  # type: ignore[no-untyped-def]
    from curator.tagset import EntityType

    return EntityType(name, label, key, colour)


def test_entity_details_are_edited_checked_and_undone(window) -> None:  # type: ignore[no-untyped-def]
    commission = entities.create_entity(window.library, "ORG", "Valmora Trade Commission")
    browser = window.show_entities()
    view = entities.get_entity(window.library, commission.id)
    browser.details_requested.emit(view, "Runs the Valmora fairs.", "Q4242")
    edited = entities.get_entity(window.library, commission.id)
    assert (edited.description, edited.external_id) == ("Runs the Valmora fairs.", "Q4242")
    browser.details_requested.emit(edited, "", "not-a-qid")  # refused, nothing changes
    assert entities.get_entity(window.library, commission.id).external_id == "Q4242"
    window.undo_action.trigger()
    restored = entities.get_entity(window.library, commission.id)
    assert (restored.description, restored.external_id) == ("", None)
