"""The source text with its annotations highlighted, annotated from the keyboard.

Select text (drag, double-click for a word, Shift+arrows) and press a type's key to
annotate it; click a highlight to select that annotation, then press another type's
key to change its type, or Delete to remove it; Tab and Shift+Tab then move from one
annotation to the next, and Escape lets go of it; its edges are adjusted from the
keyboard or by dragging them (see ui.span_edges). Highlights are extra selections, not
edits of the document, so the text itself is never touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from curator.annotations import AnnotationView, RelationView
from curator.i18n import _
from curator.tagset import Tagset
from curator.text.spans import drag_edge, step_edge
from ui import palette
from ui.span_edges import EdgeDrag, edge_step, edge_under

PENDING_ALPHA = 110


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class AnnotatedTextEdit(QTextEdit):
    annotate_requested = Signal(int, int, str)  # start, end, type
    retype_requested = Signal(int, str)  # annotation id, new type
    delete_requested = Signal(int)  # annotation id
    decide_requested = Signal(int, str)  # suggestion id, "accepted" or "rejected"
    annotation_selected = Signal(object)  # annotation id or None
    relation_requested = Signal(int, int)  # source annotation id, target annotation id
    relation_delete_requested = Signal(int)  # relation id
    span_requested = Signal(int, int, int)  # annotation id, new start, new end
    hint = Signal(str)  # a short instruction for the status bar

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAcceptRichText(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.tagset: Tagset | None = None
        self.annotations: list[AnnotationView] = []
        self.selected_id: int | None = None
        self.relations: list[RelationView] = []
        self._relation_source: int | None = None  # set while picking a relation's target
        self._formats: dict[tuple[str, bool, bool, bool], QTextCharFormat] = {}
        self._drag: EdgeDrag | None = None  # an edge being dragged
        self._drag_text = ""  # the text while dragging (read once per drag)
        self._extending = False  # a Shift+press is extending the selection
        self.viewport().setMouseTracking(True)  # to show the edge cursor on hover
        self.search_hits: list[tuple[int, int]] = []  # the search box's words, in this text
        self.find_hits: list[tuple[int, int]] = []  # the find bar's matches (Ctrl+F)
        self._search_format = QTextCharFormat()
        self._search_format.setBackground(QColor(palette.SEARCH_HIGHLIGHT))

    # --- showing -------------------------------------------------------------------

    def set_tagset(self, tagset: Tagset) -> None:
        self.tagset = tagset
        self._formats.clear()
        self._paint()

    def set_annotations(self, annotations: Sequence[AnnotationView]) -> None:
        self.annotations = sorted(annotations, key=lambda a: (a.start, -a.end, a.id))
        if self.selected_id not in {a.id for a in self.annotations}:
            self.selected_id = None
        self._paint()

    def set_search_hits(self, spans: Sequence[tuple[int, int]]) -> None:
        self.search_hits = list(spans)
        self._paint()

    def set_find_hits(self, spans: Sequence[tuple[int, int]]) -> None:
        self.find_hits = list(spans)
        self._paint()

    def set_relations(self, relations: Sequence[RelationView]) -> None:
        self.relations = list(relations)

    def start_relation(self) -> bool:
        """Begin a relation from the selected annotation; its target is chosen next."""
        if self.selected_id is None:
            return False
        self._relation_source = self.selected_id
        self.hint.emit(
            _("Choose the other end: click it or Tab to it and press Enter (Esc cancels).")
        )
        return True

    def select_annotation(self, annotation_id: int | None, *, scroll: bool = True) -> None:
        self.selected_id = annotation_id
        self._paint()
        annotation = self._annotation(annotation_id)
        if annotation is not None and scroll:
            cursor = QTextCursor(self.document())
            cursor.setPosition(annotation.start)
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
        self.annotation_selected.emit(annotation_id)

    def _annotation(self, annotation_id: int | None) -> AnnotationView | None:
        return next((a for a in self.annotations if a.id == annotation_id), None)

    def _colour(self, type_name: str) -> QColor:
        entity_type = self.tagset.type_named(type_name) if self.tagset else None
        return QColor(entity_type.colour if entity_type else "#e9ecef")

    def _format(
        self, type_name: str, pending: bool, nested: bool, selected: bool
    ) -> QTextCharFormat:
        """How a highlight looks; built once per kind, not once per annotation."""
        key = (type_name, pending, nested, selected)
        char_format = self._formats.get(key)
        if char_format is not None:
            return char_format
        colour = self._colour(type_name)
        char_format = QTextCharFormat()
        if pending:
            colour.setAlpha(PENDING_ALPHA)
            char_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            char_format.setUnderlineColor(colour.darker(220))
        elif nested:
            char_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            char_format.setUnderlineColor(colour.darker(200))
        if selected:
            colour = colour.darker(125)
            colour.setAlpha(255)
            char_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            char_format.setUnderlineColor(QColor("#1d1d1b"))
        char_format.setBackground(colour)
        self._formats[key] = char_format
        return char_format

    def _paint(self) -> None:
        """Rebuild the highlights: one extra selection per annotation, outer spans first."""
        selections = []
        open_ends: list[int] = []  # ends of the spans enclosing the current one
        document = self.document()
        length = max(document.characterCount() - 1, 0)
        shown = self.annotations
        if self._drag is not None:  # the dragged span as it would become
            start, end = self._drag.span
            dragged = self._drag.annotation.id
            shown = sorted(
                (replace(a, start=start, end=end) if a.id == dragged else a for a in shown),
                key=lambda a: (a.start, -a.end, a.id),
            )
        for annotation in shown:
            if annotation.end > length:
                continue
            open_ends = [end for end in open_ends if end > annotation.start]
            nested = bool(open_ends)
            open_ends.append(annotation.end)
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(document)
            cursor.setPosition(annotation.start)
            cursor.setPosition(annotation.end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = self._format(
                annotation.type,
                annotation.status == "pending",
                nested,
                annotation.id == self.selected_id,
            )
            selections.append(selection)
        for start, end in (*self.search_hits, *self.find_hits):  # last: shown inside a mention
            if end <= length:
                selection = QTextEdit.ExtraSelection()
                cursor = QTextCursor(document)
                cursor.setPosition(start)
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                selection.cursor, selection.format = cursor, self._search_format
                selections.append(selection)
        self.setExtraSelections(selections)

    # --- finding annotations ---------------------------------------------------------

    def annotations_at(self, position: int) -> list[AnnotationView]:
        """Annotations covering a character position, innermost first."""
        covering = [a for a in self.annotations if a.start <= position < a.end]
        return sorted(covering, key=lambda a: a.end - a.start)

    def _position_at(self, point: QPoint) -> int:
        return self.cursorForPosition(point).position()

    # --- keyboard and mouse ----------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key_text = event.text()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        entity_type = (
            self.tagset.type_for_key(key_text)
            if (self.tagset and plain and len(key_text) == 1 and key_text.isalnum())
            else None
        )
        cursor = self.textCursor()
        if entity_type is not None:
            if cursor.hasSelection():
                self.annotate_requested.emit(
                    cursor.selectionStart(), cursor.selectionEnd(), entity_type.name
                )
            elif self.selected_id is not None:
                self.retype_requested.emit(self.selected_id, entity_type.name)
            event.accept()
            return
        selected = self._annotation(self.selected_id)
        step = edge_step(event)
        if step is not None and selected is not None:
            span = step_edge(self.toPlainText(), selected.start, selected.end, *step)
            if span != (selected.start, selected.end):
                self.span_requested.emit(selected.id, *span)
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and selected:
            if selected.status == "pending":  # rejected, and remembered as such
                self.decide_requested.emit(selected.id, "rejected")
            else:
                self.delete_requested.emit(selected.id)
            event.accept()
            return
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and selected
            and (selected.status == "pending")
        ):
            self.decide_requested.emit(selected.id, "accepted")
            event.accept()
            return
        if event.key() == Qt.Key.Key_L and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.start_relation()
            event.accept()
            return
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self._relation_source is not None
            and selected is not None
            and selected.id != self._relation_source
        ):
            source, self._relation_source = self._relation_source, None
            self.relation_requested.emit(source, selected.id)
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self._relation_source is not None:
            self._relation_source = None
            self.hint.emit(_("Relation cancelled."))
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.selected_id is not None:
            self.select_annotation(None, scroll=False)
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and self.selected_id:
            self._step_annotation(-1 if event.key() == Qt.Key.Key_Backtab else 1)
            event.accept()
            return
        super().keyPressEvent(event)

    def _step_annotation(self, delta: int) -> None:
        ids = [a.id for a in self.annotations]
        index = ids.index(self.selected_id) + delta if self.selected_id in ids else 0
        self.select_annotation(ids[index % len(ids)])

    def focusNextPrevChild(self, next_child: bool) -> bool:
        # With an annotation selected, Tab steps to the next one instead of leaving.
        return False if self.selected_id else super().focusNextPrevChild(next_child)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        modifiers = event.modifiers()
        selected = self._annotation(self.selected_id)
        if event.button() == Qt.MouseButton.LeftButton:
            edge = edge_under(self, selected, point) if selected and not modifiers else None
            if selected is not None and edge is not None:
                self._drag = EdgeDrag(selected, edge, (selected.start, selected.end))
                self._drag_text = self.toPlainText()
                event.accept()
                return
            if modifiers == Qt.KeyboardModifier.ShiftModifier:
                # Extend to exactly where the click lands. Qt's own Shift+click after a
                # double-click rounds to the nearer word edge, which drops a last word
                # clicked in its first half; snapping takes in whole words anyway.
                self._extending = True
                self._extend_selection(point)
                event.accept()
                return
        super().mousePressEvent(event)

    def _extend_selection(self, point: QPoint) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self._position_at(point), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        if self._drag is not None:
            original = (self._drag.annotation.start, self._drag.annotation.end)
            position = self._position_at(point)
            self._drag.span = drag_edge(self._drag_text, *original, self._drag.edge, position)
            self._paint()
            event.accept()
            return
        if self._extending and event.buttons() & Qt.MouseButton.LeftButton:
            self._extend_selection(point)
            event.accept()
            return
        selected = self._annotation(self.selected_id)
        over_edge = selected is not None and edge_under(self, selected, point) is not None
        self.viewport().setCursor(
            Qt.CursorShape.SizeHorCursor if over_edge else Qt.CursorShape.IBeamCursor
        )
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None and event.button() == Qt.MouseButton.LeftButton:
            drag, self._drag = self._drag, None
            if drag.span != (drag.annotation.start, drag.annotation.end):
                self.span_requested.emit(drag.annotation.id, *drag.span)
            self._paint()
            event.accept()
            return
        self._extending = False
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        under = self.annotations_at(self._position_at(event.position().toPoint()))
        source = self._relation_source
        if source is not None and under and under[0].id != source:
            self._relation_source = None  # a click on the other end completes the relation
            self.relation_requested.emit(source, under[0].id)
            return
        self.select_annotation(under[0].id if under else None, scroll=False)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            point = self.viewport().mapFromGlobal(event.globalPos())
            under = self.annotations_at(self._position_at(point))
            if under:
                QToolTip.showText(event.globalPos(), self._tooltip(under), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def relation_label(self, relation: RelationView) -> str:
        """“Anna Ferri holds Deputy Director”."""
        source = self._annotation(relation.source_id)
        target = self._annotation(relation.target_id)
        label = relation.type.replace("_", " ")
        if self.tagset is not None:
            known = next((r for r in self.tagset.relations if r.name == relation.type), None)
            label = _(known.label) if known else label
        return f"{source.quote if source else '?'} {label} {target.quote if target else '?'}"

    def _tooltip(self, under: Sequence[AnnotationView]) -> str:
        lines = []
        for annotation in under:
            entity_type = self.tagset.type_named(annotation.type) if self.tagset else None
            label = entity_type.label if entity_type else annotation.type
            parts = [f"<b>{_escape(_(label))}</b>: {_escape(annotation.quote)}"]
            if annotation.entity_name:
                parts.append(_("linked to {name}").format(name=_escape(annotation.entity_name)))
            if annotation.status == "pending":
                parts.append(_("suggested ({source})").format(source=annotation.source))
            if annotation.note:
                parts.append(f"<i>{_escape(annotation.note)}</i>")
            lines.append(" — ".join(parts))
        return "<br>".join(lines)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        cursor = self.textCursor()
        under = self.annotations_at(self._position_at(event.pos()))
        if self.tagset is not None and cursor.hasSelection():
            annotate = menu.addMenu(_("Annotate as"))
            start, end = cursor.selectionStart(), cursor.selectionEnd()
            for entity_type in self.tagset.types:
                action = annotate.addAction(f"{_(entity_type.label)}\t{entity_type.key}")
                action.triggered.connect(
                    lambda _checked=False, name=entity_type.name: self.annotate_requested.emit(
                        start, end, name
                    )
                )
        if under and self.tagset is not None:
            target = under[0]
            retype = menu.addMenu(_("Change type of “{quote}”").format(quote=target.quote[:30]))
            for entity_type in self.tagset.types:
                action = retype.addAction(f"{_(entity_type.label)}\t{entity_type.key}")
                action.setEnabled(entity_type.name != target.type)
                action.triggered.connect(
                    lambda _checked=False, name=entity_type.name: self.retype_requested.emit(
                        target.id, name
                    )
                )
            delete = menu.addAction(_("Delete annotation"))
            delete.triggered.connect(lambda: self.delete_requested.emit(target.id))
            link = menu.addAction(_("Link to Another Annotation…") + "\tCtrl+L")
            link.triggered.connect(
                lambda: (self.select_annotation(target.id, scroll=False), self.start_relation())
            )
            for relation in self.relations:
                if target.id in (relation.source_id, relation.target_id):
                    action = menu.addAction(
                        _("Delete relation: {label}").format(label=self.relation_label(relation))
                    )
                    action.triggered.connect(
                        lambda _checked=False, rid=relation.id: self.relation_delete_requested.emit(
                            rid
                        )
                    )
        menu.exec(event.globalPos())
