"""Editor gestures on the record form, each run in a child process by test_record_form_gestures.

`python -m tests.record_form_scenarios NAME DIR` opens the sample library in the real
main window (under DIR), performs the named gesture sequence with real key, mouse and
wheel events, and prints one line `RESULT {json}` with what the editor would see. The
gestures (a)-(d) used to crash the process: the form rebuilt itself from inside a
signal of one of its own editors.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

from tests.window_child import ESCAPED, open_window, settle, wheel

Key = Qt.Key
LEFT = Qt.MouseButton.LeftButton


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, LEFT)
    settle()


def press(key: Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed wherever the focus is (Tab, Shift+Tab, Ctrl+Z …)."""
    QTest.keyClick(QApplication.focusWidget() or QApplication.activeWindow(), key, modifier)
    settle()


def type_text(text: str) -> None:
    QTest.keyClicks(QApplication.focusWidget(), text)
    settle()


def choose(combo: QComboBox, data: str) -> None:
    """Open the combo's popup and click an item in it, as with the mouse."""
    combo.showPopup()
    settle()
    view = combo.view()
    index = view.model().index(combo.findData(data), 0)
    view.scrollTo(index)
    QTest.mouseClick(view.viewport(), LEFT, pos=view.visualRect(index).center())
    settle()


class Scenario:
    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        self.window = window
        self.form = window.record_form
        window.side_tabs.setCurrentWidget(self.form)
        settle()

    def editor(self, *path: str | int):  # type: ignore[no-untyped-def]
        return self.form.editors[tuple(path)]

    def inputs(self, *path: str | int) -> list[QWidget]:
        editor = self.editor(*path)
        self.form.scroll.ensureWidgetVisible(editor)
        settle()
        return editor.inputs

    def stored(self, *path: str | int) -> Any:
        from curator import records

        view = records.get_record(self.window.library, self.window.source_pane.article_id)
        cell = view.cell(tuple(path))
        return cell["value"] if cell else None

    def focused_path(self) -> tuple | None:
        focus = QApplication.focusWidget()
        for path, editor in self.form.editors.items():
            if focus is not None and editor.isAncestorOf(focus):
                return [*path, editor.inputs.index(focus) if focus in editor.inputs else -1]
        return None

    def visible(self, widget: QWidget) -> bool:
        """Whether the widget lies wholly inside the form's visible area."""
        viewport = self.form.scroll.viewport()
        top = widget.mapTo(viewport, widget.rect().topLeft()).y()
        return top >= 0 and top + widget.height() <= viewport.height()

    def scrolled(self) -> int:
        return self.form.scroll.verticalScrollBar().value()

    def add(self, group: str) -> None:
        button = self.form.groups[group].add_button
        self.form.scroll.ensureWidgetVisible(button)
        click(button)


def edition_unit(s: Scenario) -> dict[str, Any]:
    """(a) a number, Tab to its unit box, a letter, Tab."""
    _qualifier, amount, _unit = s.inputs("edition")
    click(amount)
    type_text("12")
    press(Key.Key_Tab)
    after_number = s.focused_path()
    type_text("x")
    press(Key.Key_Tab)
    return {"stored": s.stored("edition"), "focus_after_number": after_number,
            "focus_after_unit": s.focused_path()}  # fmt: skip


def kind_popup(s: Scenario) -> dict[str, Any]:
    """(b) add a document, choose "initiative" in its Kind combo from the popup."""
    s.add("documents")
    choose(s.inputs("documents", 0, "kind")[0], "initiative")
    return {"stored": s.stored("documents", 0, "kind"),
            "shown": s.editor("documents", 0, "kind").inputs[0].currentData()}  # fmt: skip


def summary_click_away(s: Scenario) -> dict[str, Any]:
    """(c) type a summary, click elsewhere in the form."""
    click(s.inputs("summary")[0])
    type_text("The fair closed with 1,200 exhibitors.")
    click(s.inputs("venue")[0])
    return {"stored": s.stored("summary"), "focus": s.focused_path()}


def wheel_over_combos(s: Scenario) -> dict[str, Any]:
    """(d) wheel over an unfocused combo scrolls the form; over a focused one it edits."""
    s.add("documents")
    combo = s.inputs("documents", 0, "kind")[0]
    s.form.scroll.verticalScrollBar().setValue(s.form.scroll.verticalScrollBar().maximum() // 2)
    settle()
    before = s.scrolled()
    wheel(combo, -1)
    settle()
    unfocused = {"stored": s.stored("documents", 0, "kind"), "shown": combo.currentData(),
                 "scrolled_by": s.scrolled() - before}  # fmt: skip
    wheel(s.form.template_combo, -1)
    settle()
    template = s.form.template_combo.currentData()
    combo = s.inputs("documents", 0, "kind")[0]
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    settle()
    wheel(combo, -1)
    settle()
    focused = {"stored": s.stored("documents", 0, "kind"), "shown": combo.currentData()}
    pane = s.window.record_pane
    s.window.side_tabs.setCurrentWidget(pane)
    settle()
    status = pane.article.status
    wheel(pane.status_combo, -1)
    wheel(pane.language_combo, -1)
    settle()
    language = pane.article.language
    article = {
        "status_kept": pane.status_combo.currentData() == status == pane.article.status,
        "language_kept": pane.language_combo.currentData() == language == pane.article.language,
    }
    return {"unfocused": unfocused, "focused": focused, "template": template, "article": article}


def scroll_and_focus_kept(s: Scenario) -> dict[str, Any]:
    """Edits, ✓ and adding an item low in the form keep the form where it was."""
    s.add("awards")
    award = s.inputs("awards", 0, "award")[0]
    bar = s.form.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    settle()
    before = s.scrolled()
    click(award)
    type_text("Best stand")
    press(Key.Key_Tab)
    after_edit = {"scrolled": s.scrolled(), "focus": s.focused_path()}
    click(s.editor("awards", 0, "recipient").inputs[0])
    type_text("Valmora Robotics")
    press(Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    after_back_tab = {"scrolled": s.scrolled(), "focus": s.focused_path()}
    click(s.editor("awards", 0, "award").verified)
    after_verified = {"scrolled": s.scrolled(), "status_verified": s.form.view.cell(
        ("awards", 0, "award"))["status"] == "verified"}  # fmt: skip
    s.add("awards")
    after_add = {"scrolled": s.scrolled(), "focus": s.focused_path(),
                 "focus_visible": s.visible(QApplication.focusWidget())}  # fmt: skip
    return {"before": before, "maximum": bar.maximum(), "after_edit": after_edit,
            "after_back_tab": after_back_tab, "after_verified": after_verified,
            "after_add": after_add, "stored": [s.stored("awards", 0, "award"),
                                               s.stored("awards", 0, "recipient")]}  # fmt: skip


def remove_item(s: Scenario) -> dict[str, Any]:
    """Removing a participant is one step that Undo reverses; its control is not under ✓."""
    for name in ("Anna Ferri", "Marco Conti"):
        s.add("participants")
        type_text(name)  # the new item's first field has the focus
        click(s.form.groups["participants"].frames[-1].findChildren(QLineEdit)[1])
        type_text("speaker")
        press(Key.Key_Return)
    frame = s.form.groups["participants"].frames[0]
    s.form.scroll.ensureWidgetVisible(frame)
    settle()
    before = s.scrolled()
    remove = frame.remove
    verified = s.editor("participants", 0, "role").verified
    geometry = {
        "remove_right": remove.mapTo(s.window, remove.rect().topRight()).x(),
        "verified_left": verified.mapTo(s.window, verified.rect().topLeft()).x(),
    }
    undo_steps = s.window.undo_stack.count()
    click(remove)
    after = {"people": _people(s), "steps": s.window.undo_stack.count() - undo_steps,
             "scrolled": s.scrolled(), "before": before}  # fmt: skip
    s.window.activateWindow()
    s.window.undo_action.trigger()
    settle()
    return {"geometry": geometry, "after_remove": after, "after_undo": _people(s),
            "shown_after_undo": [e.inputs[0].text() for p, e in s.form.editors.items()
                                 if p[0] == "participants" and p[2] == "person"]}  # fmt: skip


def _people(s: Scenario) -> list[tuple[str, str]]:
    from curator import records

    view = records.get_record(s.window.library, s.window.source_pane.article_id)
    return [(i["person"]["value"]["text"], i["role"]["value"]) for i in view.items("participants")]


def long_value_from_start(s: Scenario) -> dict[str, Any]:
    """A long value typed and committed is shown from its beginning, not its end."""
    text = "The Valmora International Robotics, Automation and Industrial AI Fair " * 2
    click(s.inputs("series")[0])
    type_text(text)
    press(Key.Key_Tab)
    edit = s.editor("series").inputs[0]
    return {"stored": s.stored("series"), "cursor": edit.cursorPosition(),
            "fits": edit.fontMetrics().horizontalAdvance(text) < edit.width()}  # fmt: skip


def template_switch_keeps_scroll(s: Scenario) -> dict[str, Any]:
    """Another template (a new form) and Undo (the first form again) keep the scroll position."""
    for _ in range(4):
        s.add("figures")
    bar = s.form.scroll.verticalScrollBar()
    bar.setValue(120)
    settle()
    before = s.scrolled()
    choose(s.form.template_combo, "brief")
    after_switch = {"template": s.form.view.template.id, "scrolled": s.scrolled()}
    s.window.undo_action.trigger()
    settle()
    after_undo = {"template": s.form.view.template.id, "scrolled": s.scrolled()}
    return {"before": before, "after_switch": after_switch, "after_undo": after_undo}


def next_article_while_typing(s: Scenario) -> dict[str, Any]:
    """Ctrl+Down with a value typed but not yet left: it is saved on its own article."""
    from curator import records

    first = s.window.source_pane.article_id
    click(s.inputs("series")[0])
    type_text("Valmora fairs")
    press(Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    second = s.window.source_pane.article_id

    def series(article: int) -> Any:
        cell = records.get_record(s.window.library, article).cell(("series",))
        return cell["value"] if cell else None

    return {"moved": first != second, "first": series(first), "second": series(second),
            "shown": s.editor("series").inputs[0].text()}  # fmt: skip


def numbers_kept_exact(s: Scenario) -> dict[str, Any]:
    """A stored number is shown in full and Tab through it is no edit; odd input is refused."""
    from curator import records

    article = s.window.source_pane.article_id
    records.add_item(s.window.library, article, "figures")
    quantity = {"qualifier": "", "value": "0.12345", "unit": "t"}
    records.set_cell(s.window.library, article, ("figures", 0, "quantity"), {"value": quantity})
    s.window.show_article(article)
    settle()
    amount = s.inputs("figures", 0, "quantity")[1]
    shown = amount.text()
    steps = s.window.undo_stack.count()
    click(amount)
    press(Key.Key_Tab)
    refused = {}
    for typed in ("NaN", "1,0001e30", "inf"):
        click(amount)
        QTest.keyClick(amount, Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_text(typed)
        press(Key.Key_Tab)
        refused[typed] = [s.stored("figures", 0, "quantity"), "not a number" in s.editor(
            "figures", 0, "quantity").toolTip()]  # fmt: skip
    return {"shown": shown, "new_steps": s.window.undo_stack.count() - steps,
            "refused": refused}  # fmt: skip


SCENARIOS: dict[str, Callable[[Scenario], dict[str, Any]]] = {
    f.__name__: f
    for f in (edition_unit, kind_popup, summary_click_away, wheel_over_combos,
              scroll_and_focus_kept, remove_item, long_value_from_start,
              template_switch_keeps_scroll, next_article_while_typing, numbers_kept_exact)
}  # fmt: skip


def main(argv: list[str]) -> int:
    name, folder = argv
    window = open_window(Path(folder))
    result = SCENARIOS[name](Scenario(window))
    settle()
    result["alive"] = window.isVisible() and bool(window.record_form.editors)
    result["escaped"] = ESCAPED
    print("RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
