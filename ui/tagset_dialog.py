"""Editing the library's tagset: each type's name, label, key and colour."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from curator.colour_check import VISION_LABELS, hardest_pair
from curator.errors import ValidationError
from curator.i18n import N_, _
from curator.tagset import EntityType, Tagset, parse_tagset
from ui import palette

COLUMNS = (N_("Type"), N_("Label"), N_("Key"), N_("Colour"))


class TagsetDialog(QDialog):
    """Edits a copy; `result_tagset` holds the checked tagset after OK."""

    def __init__(self, tagset: Tagset, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Annotation Types"))
        self.resize(560, 420)
        self._relations = tagset.relations
        self.result_tagset: Tagset | None = None
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(title) for title in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.colour_label = QLabel()  # which two colours are hard to tell apart
        self.colour_label.setObjectName("hint")
        self.colour_label.setWordWrap(True)
        for entity_type in tagset.types:
            self._append(entity_type)
        self.table.itemChanged.connect(self._check_colours)
        self._check_colours()
        self.error_label = QLabel()
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        add = QPushButton(_("Add Type"))
        remove = QPushButton(_("Remove Type"))
        colour = QPushButton(_("Colour…"))
        add.clicked.connect(lambda: self._append(EntityType("NEW", _("New type"), "", "#e9ecef")))
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        colour.clicked.connect(self._choose_colour)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for button in (add, remove, colour):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Types an editor can mark, each with a one-key shortcut.")))
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.colour_label)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def _append(self, entity_type: EntityType) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        values = (entity_type.name, entity_type.label, entity_type.key, entity_type.colour)
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            if column == 3:
                item.setBackground(QColor(value))
            self.table.setItem(row, column, item)

    def _choose_colour(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        chosen = QColorDialog.getColor(QColor(self._text(row, 3)), self, _("Highlight Colour"))
        if chosen.isValid():
            item = QTableWidgetItem(chosen.name())
            item.setBackground(chosen)
            self.table.setItem(row, 3, item)

    def _check_colours(self) -> None:
        """Name the two highlights hardest to tell apart, if below the palette's minimum."""
        colours = {_(self._text(r, 1) or self._text(r, 0)): self._text(r, 3).lower()
                   for r in range(self.table.rowCount())}  # fmt: skip
        colours[_("text selection")] = palette.TEXT_SELECTION
        colours[_("search highlight")] = palette.SEARCH_HIGHLIGHT
        colours[_("page")] = palette.PAGE
        hardest = hardest_pair(colours)
        if hardest is None or hardest[0] >= palette.MIN_DIFFERENCE:
            self.colour_label.setText("")
            return
        value, first, second, vision = hardest
        self.colour_label.setText(
            _("{first} and {second} are hard to tell apart ({vision}: ΔE00 {value:.1f}; "
              "{minimum:.0f} or more is easy to see).").format(
                first=first, second=second, vision=_(VISION_LABELS[vision]), value=value,
                minimum=palette.MIN_DIFFERENCE)
        )  # fmt: skip

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item else ""

    def edited_tagset(self) -> Tagset:
        """The table as a tagset; ValidationError says what is wrong."""
        types = [
            {"name": self._text(r, 0).upper(), "label": self._text(r, 1),
             "key": self._text(r, 2), "colour": self._text(r, 3)}
            for r in range(self.table.rowCount())
        ]  # fmt: skip
        names = {t["name"] for t in types}
        relations = [
            {"name": rel.name, "label": rel.label,
             "from": [n for n in rel.sources if n in names],
             "to": [n for n in rel.targets if n in names]}
            for rel in self._relations
        ]  # fmt: skip
        relations = [r for r in relations if r["from"] and r["to"]]
        return parse_tagset({"version": 1, "types": types, "relations": relations})

    def accept(self) -> None:
        try:
            self.result_tagset = self.edited_tagset()
        except ValidationError as error:
            self.error_label.setText(error.message)
            self.error_label.show()
            return
        super().accept()
