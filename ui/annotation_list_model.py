"""The annotations of the open article, as a list beside the text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from curator.annotations import AnnotationView
from curator.i18n import _
from curator.tagset import Tagset

Index = QModelIndex | QPersistentModelIndex
ANNOTATION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
MIME_ANNOTATION = "application/x-curator-annotation"


class AnnotationListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AnnotationView] = []
        self._tagset: Tagset | None = None
        self._relations: dict[int, list[str]] = {}

    def set_annotations(
        self,
        rows: Sequence[AnnotationView],
        tagset: Tagset | None,
        relation_labels: dict[int, list[str]] | None = None,
    ) -> None:
        """`relation_labels`: for each annotation id, its relations in words."""
        self.beginResetModel()
        self._rows = list(rows)
        self._tagset = tagset
        self._relations = relation_labels or {}
        self.endResetModel()

    def row_of(self, annotation_id: int | None) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.id == annotation_id), None)

    def annotation(self, row: int) -> AnnotationView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else flags

    def mimeTypes(self) -> list[str]:
        return [MIME_ANNOTATION]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        """An annotation dragged onto a record field fills it and becomes its evidence."""
        mime = QMimeData()
        rows = [self.annotation(index.row()) for index in indexes if index.isValid()]
        if rows and rows[0] is not None:
            mime.setData(MIME_ANNOTATION, QByteArray(str(rows[0].id).encode()))
        return mime

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        annotation = self.annotation(index.row()) if index.isValid() else None
        if annotation is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            linked = f"  →  {annotation.entity_name}" if annotation.entity_name else ""
            pending = f"  ({_('suggested')})" if annotation.status == "pending" else ""
            relations = "".join(
                f"\n      ↳ {label}" for label in self._relations.get(annotation.id, [])
            )
            return f"{annotation.type:<9} {annotation.quote}{linked}{pending}{relations}"
        if role == Qt.ItemDataRole.DecorationRole:
            entity_type = self._tagset.type_named(annotation.type) if self._tagset else None
            return QColor(entity_type.colour) if entity_type else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return annotation.note or None
        if role == ANNOTATION_ID_ROLE:
            return annotation.id
        return None
