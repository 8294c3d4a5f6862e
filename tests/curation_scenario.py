"""An editor curates a whole press release in the real window, from the keyboard.

Run as a child process by `tests/test_curation_scenario.py` (a crash then fails the
test instead of killing pytest):

    python -m tests.curation_scenario ROOT

It opens the main window on a new library holding `tests/scenario_article.py`'s article
and does what an editor does, with real key events sent where the focus is, counting
every gesture: one key or chord pressed is one gesture, and so is typing one phrase
into a box. Nothing is set through the widgets' methods. It then prints one JSON line:
the gesture count, the log of gestures, and anything that escaped into Qt.

The flow: suggest and accept the rules' dates, money and figures; mark people, roles,
organisations, the event, the place, the plan and the figures in words through the
find bar (Ctrl+F, the phrase, Escape, the type's key); link "Mr. Lin" to Lin Haoran's
entity; relate each official to their role and each role to its body (Ctrl+L, Tab,
Enter); draft the record (Ctrl+Shift+D); type the values no annotation gives (series,
edition, venue, the plan's kind, a summary), going from gap to gap with F4; verify every
value with evidence (Ctrl+Shift+Y); approve the article in its details (Ctrl+2).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tests import scenario_article as story
from tests.window_child import ESCAPED, _note_escaped, private_home, settle, type_text


class Hands:
    """An editor's hands on the keyboard: every gesture goes to the focused widget."""

    def __init__(self) -> None:
        self.log: list[str] = []

    @property
    def count(self) -> int:
        return len(self.log)

    @staticmethod
    def focus() -> QWidget:
        widget = QApplication.focusWidget()
        if widget is None:
            raise AssertionError("nothing has the keyboard focus")
        return widget

    def press(self, sequence: str) -> None:
        combination = QKeySequence(sequence)[0]
        key, modifiers = combination.key(), combination.keyboardModifiers()
        if key == Qt.Key.Key_Tab and modifiers & Qt.KeyboardModifier.ShiftModifier:
            key = Qt.Key.Key_Backtab  # what the keyboard delivers for Shift+Tab
        QTest.keyClick(self.focus(), key, modifiers)
        settle()
        self.log.append(sequence)

    def type(self, text: str) -> None:
        type_text(self.focus(), text)
        settle()
        self.log.append(f"type {text!r}")


def mark(hands: Hands, phrase: str, key: str) -> None:
    """Find the phrase in the article and annotate it: Ctrl+F, phrase, Escape, key."""
    hands.press("Ctrl+F")
    hands.type(phrase)
    hands.press("Escape")  # the match stays selected in the text, which has the focus
    hands.press(key)


def relate(hands: Hands, back: int) -> None:
    """From the selected mention, step `back` mentions back, relate it to the next one,
    and the next one to the one after: person holds role, role at organisation."""
    for _ in range(back):
        hands.press("Shift+Tab")
    for _ in range(2):
        hands.press("Ctrl+L")
        hands.press("Tab")
        hands.press("Return")


def curate(window, hands: Hands) -> None:  # type: ignore[no-untyped-def]
    hands.press("Ctrl+3")  # the article text
    hands.press("Ctrl+Shift+S")  # suggestions from the rules: the date, money, figures
    hands.press("Ctrl+Return")  # accept them all

    for person, (role, body) in story.EXPECTED_PEOPLE.items():
        mark(hands, person, "P")
        mark(hands, role, "R")
        mark(hands, body, "O")
        relate(hands, back=2)
        if person == "Lin Haoran":
            hands.press("Shift+Tab")
            hands.press("Shift+Tab")  # back on the person: give them an entity
            hands.press("Ctrl+Shift+L")
            hands.press("Tab")  # to New Entity
            hands.press("Space")
            hands.press("Ctrl+3")
    mark(hands, "Mr. Lin", "P")
    hands.press("Ctrl+Shift+L")
    hands.type("Lin Haoran")
    hands.press("Return")  # link the back-reference to the same person
    hands.press("Ctrl+3")

    mark(hands, "Valmora Industrial Supply Chain Expo", "E")
    mark(hands, "held in Valmora", "L")
    hands.press("Ctrl+Alt+Right")  # the start moves past "held"
    hands.press("Ctrl+Alt+Right")  # and past "in": the place alone
    for organisation in story.ORGANISATIONS[3:]:
        mark(hands, organisation, "O")
    mark(hands, "Valmora Action Plan for Digital Supply Chains", "C")
    mark(hands, "five consecutive times", "F")
    mark(hands, "Eight units", "F")  # the rules had it already: refused, and said so

    hands.press("Ctrl+Shift+D")  # draft the record from all of that
    fill_by_hand(window, hands)
    hands.press("Ctrl+Shift+Y")  # verify every value that has evidence

    hands.press("Ctrl+2")  # the article's details: the title box
    for _ in range(details_tabs_to_status(window)):
        hands.press("Tab")
    hands.type("a")  # Approved, by its first letter


def fill_by_hand(window, hands: Hands) -> None:  # type: ignore[no-untyped-def]
    """The values no annotation gives: F4 goes from one empty field to the next."""
    form = window.record_form
    wanted = {
        ("series",): ["Valmora Industrial Supply Chain Expo"],
        ("edition",): ["5", "Tab", "th"],  # the number, then its unit
        ("venue",): ["Valmora Convention Centre"],
        ("documents", 0, "kind"): ["p"],  # the Kind combo: "plan" by its first letter
        ("summary",): ["The fifth Expo closed with 380 events and 25,000 enterprises served."],
    }
    while wanted:
        hands.press("F4")
        path = next((p for p, e in form.editors.items() if e.isAncestorOf(hands.focus())), None)
        if path is None:
            raise AssertionError(f"F4 left the form: {hands.focus()!r}")
        for gesture in wanted.pop(path, []):
            if gesture == "Tab":
                hands.press("Tab")
            else:
                hands.type(gesture)
        if hands.count > 400:
            raise AssertionError(f"F4 never reached {sorted(wanted)}")
    hands.press("Ctrl+3")  # leave the last field: it saves


def details_tabs_to_status(window) -> int:  # type: ignore[no-untyped-def]
    """How many Tabs lead from the title box to the status combo (the form's tab order)."""
    pane = window.record_pane
    widget, steps = QApplication.focusWidget(), 0
    while widget is not pane.status_combo and steps < 30:
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & widget.focusPolicy().TabFocus) or not widget.isVisible():
            widget = widget.nextInFocusChain()
        steps += 1
    return steps


def main(root: Path) -> int:
    private_home(root)
    sys.excepthook = _note_escaped
    from curator.formats.base import ParsedArticle
    from curator.i18n import set_locale
    from curator.importer import import_parsed
    from db.library import Library
    from ui.app import create_application
    from ui.main_window import MainWindow
    from ui.settings import Settings

    set_locale("en_GB")
    library = Library.open(root / "library.sqlite", create=True)
    import_parsed(library, [ParsedArticle(story.TITLE, story.BODY, "expo.txt", "en")])
    app = create_application([sys.argv[0]])
    window = MainWindow(library, Settings(root / "settings.ini"))
    window.resize(1500, 950)
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowExposed(window)
    app.processEvents()
    hands = Hands()
    error = ""
    try:
        curate(window, hands)
    except AssertionError as failure:
        error = str(failure)
    window.grab().save(str(root / "curated.png"))
    print(json.dumps({"gestures": hands.count, "log": hands.log, "error": error,
                      "escaped": ESCAPED}))  # fmt: skip
    window.close()
    library.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
