"""Linking the selected mention to an entity: a type-ahead box with fuzzy matching."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from curator import entities
from curator.annotations import AnnotationView
from curator.i18n import _
from db.library import Library


class EntityLinker(QWidget):
    """Type a name (any alias, any language, misspelt is fine) and press Enter to link."""

    link_requested = Signal(int, object)  # annotation id, entity id or None to unlink
    create_requested = Signal(int)  # annotation id: new entity from the mention

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library: Library | None = None
        self.annotation: AnnotationView | None = None
        self._matches: list[entities.EntityMatch] = []
        self.linked_label = QLabel()
        self.linked_label.setObjectName("linkedEntity")
        self.linked_label.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Link to entity: type a name or alias"))
        self.search.setClearButtonEnabled(True)
        self._model = QStringListModel(self)
        self.completer = QCompleter(self._model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.setCompleter(self.completer)
        self.new_button = QPushButton(_("New Entity"))
        self.new_button.setToolTip(_("Create an entity named after this mention and link it"))
        self.unlink_button = QPushButton(_("Unlink"))

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search, 1)
        row.addWidget(self.new_button)
        row.addWidget(self.unlink_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.linked_label)
        layout.addLayout(row)

        self.search.textEdited.connect(self._update_matches)
        self.search.returnPressed.connect(self._link_best)
        self.completer.activated[str].connect(self._link_chosen)
        self.new_button.clicked.connect(self._create)
        self.unlink_button.clicked.connect(self._unlink)
        self.show_annotation(None)

    def show_annotation(self, annotation: AnnotationView | None) -> None:
        self.annotation = annotation
        enabled = annotation is not None and annotation.status != "rejected"
        for widget in (self.search, self.new_button):
            widget.setEnabled(enabled)
        self.unlink_button.setEnabled(bool(annotation and annotation.entity_id))
        self.search.clear()
        if annotation is None:
            self.linked_label.setText(_("Select an annotation to link it to an entity."))
        elif annotation.entity_name:
            self.linked_label.setText(
                _("Linked to <b>{name}</b>").format(name=annotation.entity_name)
            )
        else:
            self.linked_label.setText(_("Not linked to an entity yet."))

    def _update_matches(self, text: str) -> None:
        if self.library is None or self.annotation is None:
            return
        self._matches = entities.find_entities(self.library, text, self.annotation.type)
        self._model.setStringList([self._label(match) for match in self._matches])
        if self._matches:
            self.completer.complete()

    @staticmethod
    def _label(match: entities.EntityMatch) -> str:
        if match.matched_alias != match.name:
            return f"{match.name}  ({match.matched_alias})"
        return match.name

    def _link_chosen(self, label: str) -> None:
        match = next((m for m in self._matches if self._label(m) == label), None)
        if match is not None and self.annotation is not None:
            self.link_requested.emit(self.annotation.id, match.entity_id)

    def _link_best(self) -> None:
        if self.annotation is None or not self.search.text().strip():
            return
        if not self._matches:
            self._update_matches(self.search.text())
        if self._matches:
            self.link_requested.emit(self.annotation.id, self._matches[0].entity_id)

    def _create(self) -> None:
        if self.annotation is not None:
            self.create_requested.emit(self.annotation.id)

    def _unlink(self) -> None:
        if self.annotation is not None:
            self.link_requested.emit(self.annotation.id, None)
