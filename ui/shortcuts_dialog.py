"""F1: every keyboard shortcut, read from the key registry (ui/keys.py), by where it works."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from curator.i18n import _
from ui import keys


def shortcut_rows(window: QMainWindow) -> list[tuple[str, list[tuple[str, str]]]]:
    """(context label, [(keys, command)]) in registry order, with the tagset's type keys."""
    tagset = getattr(window, "tagset", None)
    extra = keys.type_bindings(tagset.types) if tagset is not None else []
    sections = []
    for context, label in keys.CONTEXT_LABELS.items():
        rows = [
            (
                ", ".join(
                    QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
                    for key in binding.keys
                ),
                _(binding.description),
            )
            for binding in (*keys.BINDINGS, *extra)
            if binding.context == context
        ]
        if rows:
            sections.append((_(label), rows))
    return sections


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle(_("Keyboard Shortcuts"))
        self.resize(640, 620)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([_("Keys"), _("Command")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        for label, rows in shortcut_rows(window):
            section = QTreeWidgetItem(self.tree, [label])
            section.setFirstColumnSpanned(True)
            font = section.font(0)
            font.setBold(True)
            section.setFont(0, font)
            for key_text, command in rows:
                QTreeWidgetItem(section, [key_text, command])
        self.tree.expandAll()
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.resize(self._width_for_every_command(), 620)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)

    def _width_for_every_command(self) -> int:
        """Wide enough that no command is cut short with "…", within the screen."""
        tree = self.tree
        scroll_bar = tree.verticalScrollBar().sizeHint().width()
        wanted = tree.sizeHintForColumn(0) + tree.sizeHintForColumn(1) + scroll_bar + 64
        screen = self.screen().availableGeometry().width() if self.screen() else wanted
        return max(640, min(wanted, screen - 40))
