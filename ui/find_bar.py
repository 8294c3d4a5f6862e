"""Find in the article: a bar over the source text (Ctrl+F), like a browser's.

Typing finds as you type, from where the reader is; Enter or F3 goes to the next match
and Shift+Enter or Shift+F3 to the previous one, wrapping round; the count says "3 of
12". Matching ignores case and accents (curator.text.find). A match is selected in the
text, so a type's key annotates it at once. Escape closes the bar and puts the keyboard
back in the text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QKeyEvent,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QToolButton,
    QWidget,
)

from curator.i18n import _, ngettext
from curator.text.find import find_all
from ui import palette
from ui.annotated_text import AnnotatedTextEdit

# Every match has the colour of found words (drawn over a mention's, so a match inside one
# shows); the current one is the text's selection, drawn over that.
MATCH_COLOUR = palette.SEARCH_HIGHLIGHT


def _utf16_offsets(text: str) -> list[int] | None:
    """Qt counts positions in UTF-16 units: where a text has characters beyond the
    basic plane, each Python offset maps to a later document position (None: the same)."""
    if all(ord(char) < 0x10000 for char in text):
        return None
    positions, at = [], 0
    for char in text:
        positions.append(at)
        at += 2 if ord(char) >= 0x10000 else 1
    positions.append(at)
    return positions


class _FindEdit(QLineEdit):
    """The phrase box: Enter / Shift+Enter step, Escape closes."""

    step = Signal(int)  # +1 next, -1 previous
    closed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self.step.emit(-1 if shift else 1)
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.closed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    """Finds in `text`; hidden until opened."""

    def __init__(self, text: AnnotatedTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.text = text
        self._matches: list[tuple[int, int]] = []
        self._searched: tuple[str, str] | None = None  # (phrase, text) the matches are for
        self.current = -1  # index of the selected match
        self.edit = _FindEdit()
        self.edit.setObjectName("findEdit")
        self.edit.setPlaceholderText(_("Find in this article"))
        self.edit.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.count_label.setMinimumWidth(90)
        style = self.style()
        self.previous_button = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp),
            _("Previous match (Shift+F3, Shift+Enter)"),
        )
        self.next_button = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown),
            _("Next match (F3, Enter)"),
        )
        self.close_button = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton), _("Close (Escape)")
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)
        self.edit.textEdited.connect(lambda _phrase: self._find_from_here())
        self.edit.step.connect(self.step)
        self.edit.closed.connect(self.close_bar)
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button.clicked.connect(self.find_next)
        self.close_button.clicked.connect(self.close_bar)
        text.textChanged.connect(self._text_replaced)
        self.hide()

    def _button(self, icon: object, tip: str) -> QToolButton:
        button = QToolButton()
        button.setIcon(icon)  # type: ignore[arg-type]
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    # --- what the editor does -----------------------------------------------------------

    def open(self) -> None:
        """Show the bar with the phrase selected; a short selection in the text is taken."""
        selected = self.text.textCursor().selectedText()
        if selected and "\u2029" not in selected and len(selected) <= 80:
            self.edit.setText(selected)
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        self._update_count()

    def close_bar(self) -> None:
        self.hide()
        self.text.set_find_hits([])
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def find_next(self) -> None:
        self.step(1)

    def find_previous(self) -> None:
        self.step(-1)

    def step(self, delta: int) -> None:
        """Select the next (+1) or previous (-1) match, wrapping round."""
        if self.isHidden() and not self.edit.text():
            self.open()
            return
        matches = self._current_matches()
        if not matches:
            self._update_count()
            return
        if self.current < 0:
            self._select(self._first_from(self.text.textCursor().selectionStart(), delta))
            return
        self._select((self.current + delta) % len(matches))

    # --- matching ---------------------------------------------------------------------------

    def _current_matches(self) -> list[tuple[int, int]]:
        phrase, body = self.edit.text(), self.text.toPlainText()
        if self._searched != (phrase, body):
            self._searched = (phrase, body)
            self._matches = find_all(body, phrase)
            self.current = -1
            positions = _utf16_offsets(body)
            if positions is not None:
                self._matches = [(positions[s], positions[e]) for s, e in self._matches]
        return self._matches

    def _first_from(self, position: int, delta: int) -> int:
        """The first match at or after `position` (before it, going backwards), wrapping."""
        matches = self._matches
        if delta > 0:
            return next((i for i, (s, _e) in enumerate(matches) if s >= position), 0)
        return next(
            (i for i in range(len(matches) - 1, -1, -1) if matches[i][0] < position),
            len(matches) - 1,
        )

    def _find_from_here(self) -> None:
        """As the phrase is typed: the first match from where the reading is."""
        cursor = self.text.textCursor()
        matches = self._current_matches()
        if matches:
            self._select(self._first_from(cursor.selectionStart(), 1))
        else:
            self._update_count()

    def _select(self, index: int) -> None:
        self.current = index
        start, end = self._matches[index]
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()
        self._update_count()

    def _text_replaced(self) -> None:
        """Another article is shown: its matches are counted afresh."""
        if self.isVisible():
            self._update_count()

    def _update_count(self) -> None:
        phrase = self.edit.text()
        matches = self._current_matches() if phrase.strip() else []
        if not phrase.strip():
            text = ""
        elif not matches:
            text = _("No matches")
        elif self.current < 0:
            text = ngettext("{n} match", "{n} matches", len(matches)).format(n=len(matches))
        else:
            text = _("{n} of {total}").format(n=self.current + 1, total=len(matches))
        self.count_label.setText(text)
        self.text.set_find_hits(matches if self.isVisible() else [])
        self.edit.setProperty("missing", bool(phrase.strip()) and not matches)
        self.edit.style().unpolish(self.edit)
        self.edit.style().polish(self.edit)
