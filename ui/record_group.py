"""A group of the record form (participants, figures, …): its items, kept in step in place.

Items are shown by position: item 2's frame always shows the group's third item. When
the record changes, `sync` adds frames for new items and retires the frames past the
end with deleteLater (never a synchronous delete: the change may come from a signal of
a button or editor inside the very frame that goes). Each item's controls sit in its
header on the left, away from the ✓ marks at the right edge of its values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from curator.i18n import _
from curator.records import RecordView
from curator.templates import FieldSpec, shown_fields

Path = tuple[str | int, ...]
MakeEditor = Callable[[FieldSpec, Path, RecordView], QWidget]


def _tool_button(text: str, tip: str, slot: Callable[[], Any]) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.clicked.connect(lambda _checked=False: slot())
    return button


class GroupItemFrame(QFrame):
    """One item: a header (number, move up/down, remove) above its fields."""

    def __init__(
        self,
        group: GroupBox,
        index: int,
        view: RecordView,
        make_editor: MakeEditor,
    ) -> None:
        super().__init__()
        self.setObjectName("groupItem")
        self.index = index
        self.paths: list[Path] = []
        key = group.spec.key
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        number = QLabel(f"{index + 1}.")
        number.setObjectName("groupItemNumber")
        self.up = _tool_button("↑", _("Move up"), lambda: group.moved(key, index, index - 1))
        self.down = _tool_button("↓", _("Move down"), lambda: group.moved(key, index, index + 1))
        self.remove = _tool_button(
            _("Remove item"),
            _("Remove this item and its values (Undo brings it back)"),
            lambda: group.removed(key, index),
        )
        self.remove.setObjectName("removeItem")
        for widget in (number, self.up, self.down, self.remove):
            header.addWidget(widget)
        header.addStretch(1)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(4, 4, 4, 4)
        self.form.addRow(header)
        self.rows: dict[str, int] = {}  # field key -> its row in the form
        for child in group.spec.fields:
            path = (key, index, child.key)
            self.rows[child.key] = self.form.rowCount()
            self.form.addRow(_(child.label), make_editor(child, path, view))
            self.paths.append(path)
        self.show_fields(group.spec, view)

    def show_fields(self, spec: FieldSpec, view: RecordView) -> None:
        """Of alternative fields (a figure's number or money), show the filled one only.

        Rows are hidden, never removed: the editor may be the one whose signal runs."""
        items = view.items(spec.key)
        item = items[self.index] if self.index < len(items) else {}
        shown = {child.key for child in shown_fields(spec.fields, item)}
        for key, row in self.rows.items():
            self.form.setRowVisible(row, key in shown)

    def set_count(self, count: int) -> None:
        self.up.setEnabled(self.index > 0)
        self.down.setEnabled(self.index < count - 1)


class GroupBox(QGroupBox):
    """A group field: one frame per item and an Add button."""

    def __init__(
        self,
        spec: FieldSpec,
        make_editor: MakeEditor,
        forget: Callable[[Path], None],
        added: Callable[[str], None],
        removed: Callable[[str, int], None],
        moved: Callable[[str, int, int], None],
    ) -> None:
        super().__init__()
        self.spec = spec
        self._make_editor, self._forget = make_editor, forget
        self.removed, self.moved = removed, moved
        self.frames: list[GroupItemFrame] = []
        self._layout = QVBoxLayout(self)
        self.add_button = QPushButton(_("Add {what}").format(what=_(spec.label).lower()))
        self.add_button.clicked.connect(lambda: added(spec.key))
        self._layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def sync(self, view: RecordView) -> list[GroupItemFrame]:
        """Show the view's items; returns the frames added."""
        count = len(view.items(self.spec.key))
        self.setTitle(f"{_(self.spec.label)} ({count})")
        added = []
        while len(self.frames) < count:
            frame = GroupItemFrame(self, len(self.frames), view, self._make_editor)
            self._layout.insertWidget(len(self.frames), frame)
            self.frames.append(frame)
            added.append(frame)
        while len(self.frames) > count:
            frame = self.frames.pop()
            for path in frame.paths:
                self._forget(path)
            frame.hide()
            frame.deleteLater()
        for frame in self.frames:
            frame.set_count(count)
            frame.show_fields(self.spec, view)
        return added
