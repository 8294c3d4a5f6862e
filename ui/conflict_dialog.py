"""A save refused because someone else saved first: both versions, and a choice.

Nothing is overwritten silently: the editor keeps their values, takes the stored ones,
or picks field by field; the result is then saved over the version now stored.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from curator.i18n import _


def _shown(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


class ConflictDialog(QDialog):
    """`chosen()` gives, per field, the value to save (mine or theirs)."""

    def __init__(
        self,
        title: str,
        mine: dict[str, Any],
        theirs: dict[str, Any],
        ticked: set[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Changed by someone else"))
        self.resize(720, 320)
        self.mine, self.theirs = mine, theirs
        self.fields = [name for name in mine if mine[name] != theirs.get(name)]
        note = QLabel(
            _("“{title}” was saved by someone else while you edited it. Choose what to keep; "
              "nothing has been overwritten.").format(title=title)
        )  # fmt: skip
        note.setWordWrap(True)
        self.table = QTableWidget(len(self.fields), 3)
        self.table.setHorizontalHeaderLabels([_("Field"), _("Yours (keep ✓)"), _("Stored now")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, name in enumerate(self.fields):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            yours = QTableWidgetItem(_shown(mine[name]))
            yours.setFlags(yours.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            yours.setCheckState(
                Qt.CheckState.Checked if name in ticked else Qt.CheckState.Unchecked
            )
            self.table.setItem(row, 1, yours)
            self.table.setItem(row, 2, QTableWidgetItem(_shown(theirs.get(name))))
        buttons = QDialogButtonBox()
        self.keep_mine = QPushButton(_("Keep Mine"))
        self.take_theirs = QPushButton(_("Take Theirs"))
        self.merge = QPushButton(_("Keep the Ticked Ones"))
        for button, role in (
            (self.keep_mine, QDialogButtonBox.ButtonRole.AcceptRole),
            (self.take_theirs, QDialogButtonBox.ButtonRole.RejectRole),
            (self.merge, QDialogButtonBox.ButtonRole.ApplyRole),
        ):
            buttons.addButton(button, role)
        self.keep_mine.clicked.connect(lambda: self._finish(True))
        self.take_theirs.clicked.connect(lambda: self._finish(False))
        self.merge.clicked.connect(lambda: self._finish(None))
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.result_values: dict[str, Any] = {}

    def _finish(self, keep_mine: bool | None) -> None:
        """keep_mine: True all mine, False all theirs, None as ticked."""
        for row, name in enumerate(self.fields):
            ticked = self.table.item(row, 1).checkState() == Qt.CheckState.Checked
            if keep_mine or (keep_mine is None and ticked):
                self.result_values[name] = self.mine[name]
        self.accept()
