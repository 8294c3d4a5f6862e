"""The monkey: seeded random editor gestures on the real main window, as a child process.

    python -m tests.monkey_driver --seed 7 --steps 2000 --check-every 25 DIR

opens the sample library (under DIR) in the main window and performs `steps` random
gestures with real key, mouse and wheel events: typing in every kind of record editor,
Tab and Shift+Tab, wheel turns, combo choices from their popups, adding, removing and
reordering group items, ✓, undo and redo, Draft, Ctrl+E, switching templates, articles
and tabs, editing the article's title. Every `check-every` steps (and at the end) it
checks that the window is alive, no exception escaped into Qt, the form shows the stored
record, and the library holds (tests.library_invariants). Each gesture is printed before
it runs, so when the process dies the last lines say what killed it; the same seed
replays the same run.
Exit 0: all well; 2: an invariant broke (printed as `BROKEN ...`); a crash: its signal.
"""

from __future__ import annotations

import argparse
import faulthandler
import random
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)
from shiboken6 import isValid

from tests.library_invariants import library_problems
from tests.window_child import ESCAPED, open_window, private_home, settle, type_text, wheel

Key = Qt.Key
Mod = Qt.KeyboardModifier
LEFT = Qt.MouseButton.LeftButton

WORDS = ["Valmora", "fair", "Anna Ferri", "Trade Commission", "robotics", "Milan", "über",
         "北京", "سلام", "🙂", "x", "  padded  ", "a" * 120]  # fmt: skip
NUMBERS = ["12", "1,200", "1.200,5", "3.5", "-4", "1e3", "abc", "12 000", "0", "٣"]
DATES = ["11/03/2025", "2025-03-11", "11 Mar 2025", "31 Feb 2025", "March 11", "soon", "1/1/1"]
CURRENCIES = ["usd", "EUR", "CNY", "XX1", "", "eur "]


class Broken(Exception):
    """An invariant does not hold."""


class Monkey:
    def __init__(self, window, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
        self.window, self.rng = window, rng
        self.form = window.record_form
        self.gestures: list[tuple[int, Callable[[], str]]] = [
            (30, self.type_in_field), (12, self.choose_in_combo), (8, self.press_tab),
            (8, self.turn_wheel), (5, self.toggle_verified), (6, self.add_item),
            (4, self.remove_item), (4, self.move_item), (8, self.undo_or_redo),
            (4, self.switch_article), (4, self.switch_tab), (2, self.choose_template),
            (1, self.draft), (2, self.use_as_evidence), (2, self.edit_title),
        ]  # fmt: skip
        self._guard = QTimer()
        self._guard.timeout.connect(self._close_modals)
        self._guard.start(200)

    # --- the gestures (each returns what it did, for the log) ---------------------------

    def step(self) -> Callable[[], str]:
        weights = [weight for weight, _gesture in self.gestures]
        return self.rng.choices([g for _w, g in self.gestures], weights)[0]

    def _editor(self):  # type: ignore[no-untyped-def]
        self.form_tab()
        return self.rng.choice(list(self.form.editors.values()))

    def form_tab(self) -> None:
        if self.window.side_tabs.currentWidget() is not self.form and self.rng.random() < 0.8:
            self._click(self.window.side_tabs.tabBar(), self.window.side_tabs.indexOf(self.form))

    def _click(self, widget: QWidget, tab: int | None = None) -> None:
        if widget.window() is not self.window:
            raise Broken(
                f"a {type(widget).__name__} is listed but not in the window: {_chain(widget)}"
            )
        if tab is not None:
            QTest.mouseClick(widget, LEFT, pos=widget.tabRect(tab).center())  # type: ignore[attr-defined]
        else:
            if self.form.isAncestorOf(widget):
                self.form.scroll.ensureWidgetVisible(widget)
            QTest.mouseClick(widget, LEFT)
        settle()

    def _text_for(self, editor, widget: QWidget) -> str:  # type: ignore[no-untyped-def]
        kind = editor.spec.type
        pools = {"date": DATES, "date_range": DATES, "number_unit": NUMBERS, "money": NUMBERS}
        pool = pools.get(kind, WORDS)
        if kind in ("number_unit", "money") and widget is editor.inputs[2]:
            pool = CURRENCIES if kind == "money" else WORDS
        if self.rng.random() < 0.2:
            pool = WORDS + NUMBERS + DATES
        return self.rng.choice(pool)

    def type_in_field(self) -> str:
        editor = self._editor()
        typable = [_typable(w) for w in editor.inputs if _typable(w) is not None]
        if not typable:
            return self.choose_in_combo()
        widget = self.rng.choice(typable)
        self._click(widget)
        if self.rng.random() < 0.5:
            QTest.keyClick(widget, Key.Key_A, Mod.ControlModifier)
            QTest.keyClick(widget, Key.Key_Backspace)
        typed = self._text_for(editor, widget)
        type_text(widget, typed)
        settle()
        ending = self.rng.choice(["Tab", "Shift+Tab", "Return", "click", "none"])
        focus = QApplication.focusWidget()
        if ending == "click":
            self._click(self.rng.choice(self._editor().inputs))
        elif ending != "none" and focus is not None:
            key = Key.Key_Return if ending == "Return" else Key.Key_Tab
            modifier = Mod.ShiftModifier if ending == "Shift+Tab" else Mod.NoModifier
            QTest.keyClick(focus, key, modifier)
            settle()
        return f"type {typed!r} in {editor.path} then {ending}"

    def choose_in_combo(self) -> str:
        combos = [
            (editor, widget)
            for editor in self.form.editors.values()
            for widget in editor.inputs
            if isinstance(widget, QComboBox)
        ]
        if not combos:
            return "no combo"
        self.form_tab()
        editor, combo = self.rng.choice(combos)
        row = self.rng.randrange(combo.count())
        if self.rng.random() < 0.6:
            self.form.scroll.ensureWidgetVisible(combo)
            combo.showPopup()
            settle()
            view = combo.view()
            index = view.model().index(row, 0)
            view.scrollTo(index)
            QTest.mouseClick(view.viewport(), LEFT, pos=view.visualRect(index).center())
            settle()
            how = "popup"
        else:
            combo.setFocus(Qt.FocusReason.TabFocusReason)
            settle()
            key = self.rng.choice([Key.Key_Down, Key.Key_Up, Key.Key_End, Key.Key_Home])
            QTest.keyClick(combo, key)
            settle()
            how = "keys"
        return f"choose row {row} by {how} in {editor.path}"

    def press_tab(self) -> str:
        times, back = self.rng.randint(1, 4), self.rng.random() < 0.4
        for _ in range(times):
            focus = QApplication.focusWidget() or self.window
            QTest.keyClick(focus, Key.Key_Tab, Mod.ShiftModifier if back else Mod.NoModifier)
            settle()
        return f"{'Shift+' if back else ''}Tab ×{times}"

    def turn_wheel(self) -> str:
        self.form_tab()
        targets = [w for e in self.form.editors.values() for w in e.inputs]
        pane = self.window.record_pane
        targets += [self.form.scroll.viewport(), self.form.template_combo]
        targets += [pane.status_combo, pane.language_combo]  # the Article tab's form
        target = self.rng.choice(targets)
        focused = self.rng.random() < 0.3
        if focused:
            target.setFocus(Qt.FocusReason.TabFocusReason)
        steps = self.rng.choice([-3, -1, 1, 2])
        wheel(target, steps)
        settle()
        return f"wheel {steps} over {type(target).__name__} (focused: {focused})"

    def toggle_verified(self) -> str:
        editor = self._editor()
        self._click(editor.verified)
        return f"✓ {editor.path}"

    def add_item(self) -> str:
        self.form_tab()
        key = self.rng.choice(list(self.form.groups))
        self._click(self.form.groups[key].add_button)
        return f"add to {key}"

    def _frame(self):  # type: ignore[no-untyped-def]
        self.form_tab()
        frames = [frame for group in self.form.groups.values() for frame in group.frames]
        return self.rng.choice(frames) if frames else None

    def remove_item(self) -> str:
        frame = self._frame()
        if frame is None:
            return "nothing to remove"
        self._click(frame.remove)
        return f"remove item {frame.index}"

    def move_item(self) -> str:
        frame = self._frame()
        if frame is None:
            return "nothing to move"
        button = self.rng.choice([frame.up, frame.down])
        self._click(button)
        return f"move item {frame.index} {button.text()}"

    def undo_or_redo(self) -> str:
        redo = self.rng.random() < 0.4
        if self.rng.random() < 0.5:
            action = self.window.redo_action if redo else self.window.undo_action
            action.trigger()
            how = "menu"
        else:
            focus = QApplication.focusWidget() or self.window
            modifiers = Mod.ControlModifier | (Mod.ShiftModifier if redo else Mod.NoModifier)
            QTest.keyClick(focus, Key.Key_Z, modifiers)
            how = "keys"
        settle()
        return f"{'redo' if redo else 'undo'} by {how}"

    def switch_article(self) -> str:
        if self.rng.random() < 0.5:
            view = self.window.library_pane.view
            row = self.rng.randrange(view.model().rowCount())
            rect = view.visualRect(view.model().index(row, 0))
            view.scrollTo(view.model().index(row, 0))
            QTest.mouseClick(view.viewport(), LEFT, pos=rect.center())
            settle()
            return f"click article row {row}"
        focus = QApplication.focusWidget() or self.window
        key = self.rng.choice([Key.Key_Down, Key.Key_Up])
        QTest.keyClick(focus, key, Mod.ControlModifier)
        settle()
        return f"Ctrl+{'Down' if key == Key.Key_Down else 'Up'}"

    def switch_tab(self) -> str:
        tabs = self.window.side_tabs
        index = self.rng.randrange(tabs.count())
        self._click(tabs.tabBar(), index)
        return f"tab {tabs.tabText(index)}"

    def choose_template(self) -> str:
        self.form_tab()
        combo = self.form.template_combo
        row = self.rng.randrange(combo.count())
        combo.showPopup()
        settle()
        view = combo.view()
        QTest.mouseClick(
            view.viewport(), LEFT, pos=view.visualRect(view.model().index(row, 0)).center()
        )
        settle()
        return f"template {combo.itemData(row)}"

    def draft(self) -> str:
        self.form_tab()
        self._click(self.form.draft_button)
        return "draft"

    def use_as_evidence(self) -> str:
        text = self.window.source_pane.text
        if not text.annotations or not self.form.editors:
            return "no annotation"
        annotation = self.rng.choice(text.annotations)
        text.select_annotation(annotation.id)
        editor = self._editor()
        self._click(self.rng.choice(editor.inputs) if not isinstance(editor.inputs[0], QComboBox)
                    else editor.verified)  # fmt: skip
        QTest.keyClick(QApplication.focusWidget() or self.window, Key.Key_E, Mod.ControlModifier)
        settle()
        return f"Ctrl+E annotation {annotation.id} into {editor.path}"

    def edit_title(self) -> str:
        pane = self.window.record_pane
        self._click(self.window.side_tabs.tabBar(), self.window.side_tabs.indexOf(pane))
        self._click(pane.title_edit)
        QTest.keyClick(pane.title_edit, Key.Key_End)
        typed = self.rng.choice(["!", " (updated)", ""])
        QTest.keyClicks(pane.title_edit, typed)
        QTest.keyClick(pane.title_edit, Key.Key_Return)
        settle()
        return f"title += {typed!r}"

    def _close_modals(self) -> None:
        """A dialog a gesture opened (a refused change) would wait forever: log and close it."""
        modal = QApplication.activeModalWidget()
        if modal is not None:
            text = modal.text() if isinstance(modal, QMessageBox) else ""
            print(f"  closed {type(modal).__name__} “{modal.windowTitle()}”: {text}", flush=True)
            modal.close()

    # --- the checks ------------------------------------------------------------------------

    def check(self) -> None:
        window = self.window
        if not (isValid(window) and window.isVisible() and isValid(self.form)):
            raise Broken("the window is gone")
        if ESCAPED:
            raise Broken(f"an exception escaped into Qt: {ESCAPED[0]}")
        problems = library_problems(window.library)
        problems += self._form_problems()
        if problems:
            raise Broken("; ".join(problems[:10]))

    def _form_problems(self) -> list[str]:
        """The form shows the stored record of the shown article (nothing stale, nothing lost)."""
        from curator import records
        from curator.records import empty_cell

        article = self.window.source_pane.article_id
        if article is None:
            return []
        view = records.get_record(self.window.library, article)
        problems = []
        if view.template != self.form.view.template:
            problems.append(
                f"form shows template {self.form.view.template.id}, not {view.template.id}"
            )
        for key, group in self.form.groups.items():
            if len(group.frames) != len(view.items(key)):
                problems.append(
                    f"{key}: {len(group.frames)} items shown, {len(view.items(key))} stored"
                )
        for path, editor in self.form.editors.items():
            if not isValid(editor):
                problems.append(f"{path}: editor deleted but still listed")
            elif editor.cell != (view.cell(path) or empty_cell()):
                problems.append(f"{path}: shows {editor.cell}, stored {view.cell(path)}")
        return problems


def _typable(widget: QWidget) -> QWidget | None:
    """Where typing goes: a text box, or the line edit of an editable combo (currency)."""
    if isinstance(widget, QComboBox):
        return widget.lineEdit()
    return widget if isinstance(widget, (QLineEdit, QPlainTextEdit)) else None


def _chain(widget: QWidget) -> str:
    names = []
    while widget is not None:
        names.append(f"{type(widget).__name__}:{widget.objectName()}:{widget.isVisible()}")
        widget = widget.parentWidget()
    return " < ".join(names)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--check-every", type=int, default=25)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    faulthandler.enable()  # a segfault prints the Python stack of the gesture that caused it
    private_home(args.folder)
    window = open_window(args.folder)
    monkey = Monkey(window, random.Random(args.seed))
    for number in range(1, args.steps + 1):
        gesture = monkey.step()
        print(f"step {number}: {gesture.__name__}", flush=True)
        try:
            print(f"  {gesture()}", flush=True)
            if number % args.check_every == 0 or number == args.steps:
                monkey.check()
        except Broken as error:
            print(f"BROKEN at step {number} (seed {args.seed}): {error}", flush=True)
            return 2
    print(f"DONE {args.steps} steps, seed {args.seed}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
