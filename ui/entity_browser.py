"""The entity browser: every entity with its mentions; rename, aliases, merge, delete."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from curator import entities
from curator.entities import EntityView
from curator.i18n import N_, _, ngettext
from db.library import Library
from ui.row_table_model import Index, RowTableModel

HEADERS = (N_("Name"), N_("Type"), N_("Mentions"), N_("Also known as"))


class EntityTableModel(RowTableModel[EntityView]):
    headers = HEADERS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.UserRole,
        ):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        aliases = ", ".join(
            f"{alias} ({language})" if language else alias
            for alias, language in row.aliases
            if alias != row.name
        )
        return (row.name, row.type, row.mentions, aliases)[index.column()]


class EntityBrowser(QDialog):
    """Non-modal: stays open beside the window while the editor works."""

    mention_activated = Signal(int, int)  # article id, annotation id
    rename_requested = Signal(object, str)  # EntityView, new name
    aliases_requested = Signal(object, list)  # EntityView, [(alias, language)]
    merge_requested = Signal(object, object)  # keep EntityView, merge EntityView
    details_requested = Signal(object, str, str)  # EntityView, description, external id
    delete_requested = Signal(object)  # EntityView, confirmed by the editor

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.setWindowTitle(_("Entities"))
        self.resize(900, 520)
        self.model = EntityTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(_("Filter by name, type or alias"))
        self.filter_edit.setClearButtonEnabled(True)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.mentions = QListWidget()
        self.mentions_label = QLabel(_("Mentions"))
        self.rename_button = QPushButton(_("Rename…"))
        self.aliases_button = QPushButton(_("Aliases…"))
        self.merge_button = QPushButton(_("Merge Into…"))
        self.details_button = QPushButton(_("Details…"))
        self.delete_button = QPushButton(_("Delete…"))
        self.delete_button.setToolTip(
            _("Delete the entity; its mentions stay annotated, unlinked (Delete)")
        )
        delete_action = QAction(self.table)
        delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_action.triggered.connect(self._delete)
        self.table.addAction(delete_action)
        self.confirm_box: QMessageBox | None = None  # while a deletion is being confirmed

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter_edit)
        left_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        for button in (
            self.rename_button,
            self.aliases_button,
            self.details_button,
            self.merge_button,
            self.delete_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.mentions_label)
        right_layout.addWidget(self.mentions, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([560, 340])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.table.selectionModel().currentRowChanged.connect(self._show_mentions)
        self.mentions.itemActivated.connect(self._activate_mention)
        self.rename_button.clicked.connect(self._rename)
        self.aliases_button.clicked.connect(self._edit_aliases)
        self.merge_button.clicked.connect(self._merge)
        self.details_button.clicked.connect(self._edit_details)
        self.delete_button.clicked.connect(self._delete)
        self.refresh()

    def refresh(self) -> None:
        selected = self.selected()
        self.model.set_rows(entities.list_entities(self.library))
        if selected is not None:
            self.select(selected.id)
        self._show_mentions()

    def select(self, entity_id: int) -> None:
        for row, view in enumerate(self.model.rows):
            if view.id == entity_id:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                self.table.selectRow(index.row())
                self.table.setCurrentIndex(index)
                return

    def selected(self) -> EntityView | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.rows[self.proxy.mapToSource(index).row()]

    def _show_mentions(self, *_args: Any) -> None:
        self.mentions.clear()
        entity = self.selected()
        for button in (
            self.rename_button,
            self.aliases_button,
            self.details_button,
            self.merge_button,
            self.delete_button,
        ):
            button.setEnabled(entity is not None)
        if entity is None:
            self.mentions_label.setText(_("Select an entity to see where it is mentioned."))
            return
        found = entities.mentions(self.library, entity.id)
        self.mentions_label.setText(
            ngettext(
                "“{name}” is mentioned once; double-click it to go there.",
                "“{name}” is mentioned {n} times; double-click one to go there.",
                len(found),
            ).format(name=entity.name, n=len(found))
        )
        for mention in found:
            item = QListWidgetItem(f"{mention.quote}  —  {mention.article_title}")
            item.setData(Qt.ItemDataRole.UserRole, (mention.article_id, mention.annotation_id))
            self.mentions.addItem(item)

    def _activate_mention(self, item: QListWidgetItem) -> None:
        article_id, annotation_id = item.data(Qt.ItemDataRole.UserRole)
        self.mention_activated.emit(article_id, annotation_id)

    def _rename(self) -> None:
        entity = self.selected()
        if entity is None:
            return
        name, ok = QInputDialog.getText(self, _("Rename Entity"), _("Name:"), text=entity.name)
        if ok and name.strip() and name.strip() != entity.name:
            self.rename_requested.emit(entity, name.strip())

    def _edit_aliases(self) -> None:
        entity = self.selected()
        if entity is None:
            return
        lines = "\n".join(
            f"{alias} | {language}" if language else alias for alias, language in entity.aliases
        )
        text, ok = QInputDialog.getMultiLineText(
            self,
            _("Aliases"),
            _("One name per line; add “| it” for the language it is used in:"),
            lines,
        )
        if ok:
            aliases = []
            for line in text.splitlines():
                alias, _bar, language = line.partition("|")
                if alias.strip():
                    aliases.append((alias.strip(), language.strip() or None))
            self.aliases_requested.emit(entity, aliases)

    def _edit_details(self) -> None:
        entity = self.selected()
        if entity is None:
            return
        dialog = EntityDetailsDialog(entity, self)
        if dialog.exec():
            self.details_requested.emit(entity, *dialog.values())

    def _merge(self) -> None:
        entity = self.selected()
        if entity is None:
            return
        others = [e for e in self.model.rows if e.id != entity.id and e.type == entity.type]
        if not others:
            return
        labels = [f"{other.name} (#{other.id})" for other in others]
        choice, ok = QInputDialog.getItem(
            self,
            _("Merge Entities"),
            _("Merge “{name}” into:").format(name=entity.name),
            labels,
            0,
            False,
        )
        if ok:
            self.merge_requested.emit(others[labels.index(choice)], entity)

    def _delete(self) -> None:
        entity = self.selected()
        if entity is not None and self.confirm_delete(entity):
            self.delete_requested.emit(entity)

    def confirm_delete(self, entity: EntityView) -> bool:
        """Ask, naming how many mentions lose their link; True: delete."""
        linked = entities.linked_annotation_count(self.library, entity.id)
        if linked:
            consequence = ngettext(
                "Its {n} mention stays annotated but will be unlinked from it.",
                "Its {n} mentions stay annotated but will be unlinked from it.",
                linked,
            ).format(n=linked)
        else:
            consequence = _("No mention links to it.")
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Delete Entity"),
            _("Delete “{name}” ({type})?").format(name=entity.name, type=entity.type),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setInformativeText(
            consequence + "\n\n" + _("Edit ▸ Undo in the main window brings it back, linked again.")
        )
        delete = box.addButton(_("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.confirm_box = box
        try:
            box.exec()
        finally:
            self.confirm_box = None
        return box.clickedButton() is delete


class EntityDetailsDialog(QDialog):
    """An entity's description and external identifier (a Wikidata QID such as Q90)."""

    def __init__(self, entity: EntityView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Details of “{name}”").format(name=entity.name))
        self.description = QPlainTextEdit(entity.description)
        self.external_id = QLineEdit(entity.external_id or "")
        self.external_id.setPlaceholderText(_("Wikidata ID, e.g. Q90"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_("&Description"), self.description)
        form.addRow(_("&Wikidata ID"), self.external_id)
        form.addRow(buttons)

    def values(self) -> tuple[str, str]:
        return self.description.toPlainText().strip(), self.external_id.text().strip()
