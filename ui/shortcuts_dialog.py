"""A list of the keyboard shortcuts, read from the window's own actions."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from curator.i18n import _


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle(_("Keyboard Shortcuts"))
        self.resize(520, 460)
        rows = [
            (
                action.text().replace("&", ""),
                ", ".join(
                    shortcut.toString(QKeySequence.SequenceFormat.NativeText)
                    for shortcut in action.shortcuts()
                ),
            )
            for menu_action in window.menuBar().actions()
            if (menu := menu_action.menu()) is not None
            for action in menu.actions()
            if isinstance(action, QAction) and action.shortcuts()
        ]
        table = QTableWidget(len(rows), 2)
        table.setHorizontalHeaderLabels([_("Command"), _("Keys")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (command, keys) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(command))
            table.setItem(row, 1, QTableWidgetItem(keys))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
