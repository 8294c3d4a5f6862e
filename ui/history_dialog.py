"""The History window: every change to the selected article, and restoring one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from curator.history import RevisionView
from curator.i18n import N_, _
from ui.row_table_model import Index, RowTableModel

HEADERS = (N_("When"), N_("Who"), N_("What"), N_("Before"), N_("After"))


def _short(value: dict[str, Any] | None) -> str:
    if not value:
        return ""
    text = "; ".join(f"{key}: {item}" for key, item in value.items() if key != "values")
    return text if len(text) < 120 else text[:119] + "…"


class RevisionTableModel(RowTableModel[RevisionView]):
    headers = HEADERS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self.rows[index.row()]
        values = (
            row.at.strftime("%Y-%m-%d %H:%M"),
            row.author,
            f"{row.object_type} #{row.object_id}: {row.action}",
            _short(row.before),
            _short(row.after),
        )
        return values[index.column()]


class HistoryDialog(QDialog):
    """Non-modal; its Restore buttons ask the window for an undoable restore."""

    restore_requested = Signal(int, str)  # revision id, "before" or "after"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("History"))
        self.resize(900, 460)
        self.model = RevisionTableModel(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.before_button = QPushButton(_("Restore as It Was Before"))
        self.after_button = QPushButton(_("Restore as It Was After"))
        self.before_button.clicked.connect(lambda: self._restore("before"))
        self.after_button.clicked.connect(lambda: self._restore("after"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.before_button)
        buttons.addWidget(self.after_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def show_history(self, title: str, rows: list[RevisionView]) -> None:
        self.heading.setText(_("Changes to “{title}”, newest first. Restoring is itself a change "
                               "you can undo.").format(title=title))  # fmt: skip
        self.model.set_rows(rows)

    def _restore(self, side: str) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.restore_requested.emit(self.model.rows[index.row()].id, side)
