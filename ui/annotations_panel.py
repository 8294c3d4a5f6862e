"""The Annotations tab: the type keys, the article's annotations, the selected one's note."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from curator import recommender
from curator.annotations import AnnotationView
from curator.i18n import _, ngettext
from curator.recommender import RecommenderStats
from curator.tagset import Tagset
from ui.annotation_list_model import AnnotationListModel
from ui.entity_linker import EntityLinker


class TagsetLegend(QWidget):
    """Each type's colour, name and key: what to press after selecting text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(4)

    def set_tagset(self, tagset: Tagset) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        for index, entity_type in enumerate(tagset.types):
            chip = QLabel(f"<b>{entity_type.key}</b>  {_(entity_type.label)}")
            chip.setObjectName("typeChip")
            chip.setStyleSheet(
                f"background: {entity_type.colour}; border-radius: 4px; padding: 2px 6px;"
            )
            self.grid.addWidget(chip, index // 3, index % 3)


class AnnotationsPanel(QWidget):
    annotation_activated = Signal(int)  # clicked in the list: show it in the text
    note_edited = Signal(int, str)  # annotation id, new note

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AnnotationListModel(self)
        self._legend_tagset: Tagset | None = None
        hint = QLabel(
            _(
                "Select text in the article and press a type's key. Click a highlight to "
                "select it, then press another key to change its type or Delete to remove "
                "it. Tab then moves to the next annotation, Escape lets go."
            )
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.legend = TagsetLegend()
        self.recommender_label = QLabel()
        self.recommender_label.setObjectName("hint")
        self.recommender_label.setWordWrap(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.view = QListView()
        self.view.setObjectName("annotationList")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(True)
        self.view.setDragEnabled(True)  # onto a record field: fill it, link the evidence
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(_("Note on the selected annotation"))
        self.note_edit.setEnabled(False)
        self.linker = EntityLinker()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        layout.addWidget(hint)
        layout.addWidget(self.legend)
        layout.addWidget(self.count_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.linker)
        layout.addWidget(self.recommender_label)
        layout.addWidget(self.note_edit)

        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)
        self.note_edit.editingFinished.connect(self._commit_note)

    def set_annotations(
        self,
        rows: list[AnnotationView],
        tagset: Tagset,
        relation_labels: dict[int, list[str]] | None = None,
    ) -> None:
        if tagset is not self._legend_tagset:
            self.legend.set_tagset(tagset)
            self._legend_tagset = tagset
        selected = self.selected_annotation()
        self.model.set_annotations(rows, tagset, relation_labels)
        self.count_label.setText(
            ngettext("{n} annotation", "{n} annotations", len(rows)).format(n=len(rows))
        )
        self.show_selected(selected.id if selected else None)

    def show_recommender(self, stats: RecommenderStats | None, accepted: int) -> None:
        if stats is None and accepted >= recommender.MIN_ANNOTATIONS:
            self.recommender_label.setText(
                _(
                    "The recommender has not learnt from your {n} accepted annotations yet: "
                    "Annotate ▸ Train Recommender."
                ).format(n=accepted)
            )
            return
        if stats is None:
            self.recommender_label.setText(
                _(
                    "The recommender learns from your accepted annotations once there are "
                    "{needed} ({n} so far)."
                ).format(needed=recommender.MIN_ANNOTATIONS, n=accepted)
            )
            return
        held = ngettext(
            "{n} held-out article", "{n} held-out articles", stats.held_out_articles
        ).format(n=stats.held_out_articles)
        self.recommender_label.setText(
            _("Recommender: precision {p:.0%}, recall {r:.0%} on {held}; trained on {n}.").format(
                p=stats.precision,
                r=stats.recall,
                held=held,
                n=ngettext("{n} annotation", "{n} annotations", stats.annotations).format(
                    n=stats.annotations
                ),
            )
        )

    def selected_annotation(self) -> AnnotationView | None:
        index = self.view.currentIndex()
        return self.model.annotation(index.row()) if index.isValid() else None

    def show_selected(self, annotation_id: int | None) -> None:
        row = self.model.row_of(annotation_id)
        if row is None:
            self.view.clearSelection()
            self.view.setCurrentIndex(QModelIndex())
        else:
            index = self.model.index(row)
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.view.scrollTo(index)
        selected = self.selected_annotation()
        self.note_edit.setEnabled(selected is not None)
        self.note_edit.setText(selected.note if selected else "")
        self.linker.show_annotation(selected)

    def _clicked(self, index: QModelIndex) -> None:
        annotation = self.model.annotation(index.row())
        if annotation is not None:
            self.note_edit.setEnabled(True)
            self.note_edit.setText(annotation.note)
            self.linker.show_annotation(annotation)
            self.annotation_activated.emit(annotation.id)

    def _commit_note(self) -> None:
        selected = self.selected_annotation()
        if selected is not None and self.note_edit.text() != selected.note:
            self.note_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.note_edited.emit(selected.id, self.note_edit.text())
