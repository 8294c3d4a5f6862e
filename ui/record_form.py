"""The record form: a template rendered as editors, each value with its evidence.

Each field commits when the editor leaves it and emits the new cell; the window turns
that into an undoable service call. Drop an annotation on a field (from the Annotations
list) to fill it from the annotation and link it as evidence, or press Ctrl+E with a
mention selected in the text. Focusing a field shows its evidence in the source text.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from PySide6.QtCore import QEvent, QObject, QPoint, QStringListModel, Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from curator import entities
from curator.i18n import N_, _, current_locale
from curator.locale_format import format_date, parse_date_input
from curator.records import RecordView, empty_cell
from curator.templates import FieldSpec, Template, list_templates
from db.library import Library
from ui.annotation_list_model import MIME_ANNOTATION
from ui.form_scroll_area import FormScrollArea
from ui.record_group import GroupBox
from ui.wheel_guard import scroll_not_spin

QUALIFIERS = {  # symbol shown, and what it means (the tooltip)
    "": ("", N_("no qualifier")), "=": ("=", N_("exactly")), ">": (">", N_("more than")),
    ">=": ("≥", N_("at least")), "<": ("<", N_("less than")), "<=": ("≤", N_("up to")),
    "~": ("≈", N_("about, nearly")),
}  # fmt: skip
CURRENCIES = ("EUR", "USD", "CNY", "GBP", "JPY", "CHF")
EXAMPLE_DATE = dt.date(2025, 3, 27)
Path = tuple[str | int, ...]


def _number(text: str) -> str:
    """A number as typed in the editor's locale ("1.200,5" in Italian) as a plain decimal."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    try:
        number = parse_decimal(text, locale=current_locale(), strict=True)
    except (NumberFormatError, InvalidOperation):  # babel's own check can overflow too
        try:
            number = Decimal(text)
        except InvalidOperation as error:
            raise ValueError(_("“{text}” is not a number").format(text=text)) from error
    if not number.is_finite():
        raise ValueError(_("“{text}” is not a number").format(text=text))
    return str(number)


def _shown_number(value: str) -> str:
    """A stored number in the editor's locale with every digit it has (never rounded)."""
    try:
        return format_decimal(Decimal(value), locale=current_locale(), decimal_quantization=False)
    except InvalidOperation:  # beyond babel's precision (1E+30): shown as stored
        return value


def _same_number(typed: str, stored: Any) -> bool:
    try:
        return Decimal(typed) == Decimal(str(stored))
    except InvalidOperation:
        return False


class CellEditor(QWidget):
    """One value: its editor(s), the evidence mark, verified, and a comment."""

    committed = Signal(tuple, dict)  # path, the new cell
    focused = Signal(tuple)  # path
    evidence_dropped = Signal(tuple, int)  # path, annotation id

    def __init__(
        self, spec: FieldSpec, path: Path, library: Library, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.spec, self.path, self.library = spec, path, library
        self.cell: dict[str, Any] = empty_cell()
        self._entity_choice: dict[str, int] = {}
        self.setAcceptDrops(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.inputs: list[QWidget] = self._build_inputs()
        for widget in self.inputs:
            row.addWidget(widget, 1 if isinstance(widget, (QLineEdit, QPlainTextEdit)) else 0)
            widget.installEventFilter(self)
            scroll_not_spin(widget)
        self.evidence_button = QToolButton()
        self.evidence_button.setObjectName("evidenceMark")
        self.evidence_button.setAutoRaise(True)
        # no Tab stop: focusing the field itself shows its evidence, Ctrl+E adds some
        self.evidence_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.evidence_button.clicked.connect(lambda: self.focused.emit(self.path))
        self.verified = QToolButton()
        self.verified.setObjectName("verifiedMark")
        self.verified.setText("✓")
        self.verified.setCheckable(True)
        self.verified.setAutoRaise(True)
        self.verified.setToolTip(_("Verified against the source (click to toggle)"))
        self.verified.clicked.connect(self.commit)
        for widget in (self.evidence_button, self.verified):
            row.addWidget(widget)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        comment = QAction(_("Comment…"), self)
        comment.triggered.connect(self._edit_comment)
        self.addAction(comment)

    # --- building and showing -------------------------------------------------------

    def _line(self, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setMinimumWidth(40)
        edit.setPlaceholderText(placeholder)
        edit.editingFinished.connect(self.commit)
        return edit

    def _combo(self, items: list[tuple[str, str]], width: int = 4) -> QComboBox:
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(width)
        for label, data in items:
            combo.addItem(label, data)
        combo.activated.connect(self.commit)
        return combo

    def _build_inputs(self) -> list[QWidget]:
        kind = self.spec.type
        if kind == "long_text":
            self.text_edit = QPlainTextEdit()
            self.text_edit.setTabChangesFocus(True)
            self.text_edit.setFixedHeight(70)
            return [self.text_edit]
        if kind == "date":
            return [self._line(format_date(EXAMPLE_DATE))]
        if kind == "date_range":
            return [self._line(_("from")), self._line(_("to"))]
        if kind in ("number_unit", "money"):
            qualifier = self._combo([(symbol, key) for key, (symbol, _m) in QUALIFIERS.items()], 1)
            for index, (_symbol, meaning) in enumerate(QUALIFIERS.values()):
                qualifier.setItemData(index, _(meaning), Qt.ItemDataRole.ToolTipRole)
            qualifier.setToolTip(_("more than, about, up to…"))
            qualifier.setMaximumWidth(60)
            amount = self._line(_("number"))
            if kind == "number_unit":
                return [qualifier, amount, self._line(_("unit"))]
            currency = self._combo([(code, code) for code in CURRENCIES], 3)
            currency.setMaximumWidth(84)
            currency.setEditable(True)
            return [qualifier, amount, currency]
        if kind == "choice":
            return [self._combo([("", None), *((_(c), c) for c in self.spec.choices)], 10)]
        edit = self._line(", ".join(self.spec.entity_types) if kind == "entity" else "")
        if kind == "entity":
            self._completions = QStringListModel(self)
            completer = QCompleter(self._completions, edit)
            completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
            edit.setCompleter(completer)
            edit.textEdited.connect(self._suggest_entities)
        return [edit]

    def _suggest_entities(self, text: str) -> None:
        found = entities.find_entities(self.library, text, None, limit=8)
        found = [m for m in found if not self.spec.entity_types or m.type in self.spec.entity_types]
        self._entity_choice = {m.name: m.entity_id for m in found}
        self._completions.setStringList(list(self._entity_choice))

    def set_cell(self, cell: dict[str, Any] | None) -> None:
        self.cell = dict(cell) if cell else empty_cell()
        value = self.cell.get("value")
        for widget in self.inputs:
            widget.blockSignals(True)
        try:
            self._show_value(value)
            problem = ""
        except (AttributeError, KeyError, TypeError, ValueError):  # a template edited on disk
            self._show_value(None)
            problem = _("The stored value does not fit this field: {value}").format(value=value)
        for widget in self.inputs:
            widget.blockSignals(False)
            _show_start(widget)
        self._show_error(problem)
        self._show_marks(value)

    def _show_value(self, value: Any) -> None:
        kind = self.spec.type
        if kind == "long_text":
            self.text_edit.setPlainText(value or "")
        elif kind == "date":
            self.inputs[0].setText(_date_text(value))
        elif kind == "date_range":
            self.inputs[0].setText(_date_text((value or {}).get("start")))
            self.inputs[1].setText(_date_text((value or {}).get("end")))
        elif kind in ("number_unit", "money"):
            value = value or {}
            qualifier, amount, last = self.inputs
            qualifier.setCurrentIndex(max(qualifier.findData(value.get("qualifier", "")), 0))
            number = value.get("value" if kind == "number_unit" else "amount")
            amount.setText(_shown_number(number) if number else "")
            if kind == "number_unit":
                last.setText(value.get("unit", ""))
            else:
                last.setCurrentText(value.get("currency", "EUR"))
        elif kind == "choice":
            self.inputs[0].setCurrentIndex(max(self.inputs[0].findData(value), 0))
        elif kind == "entity":
            self.inputs[0].setText((value or {}).get("text", ""))
            if value and value.get("entity_id"):
                self._entity_choice = {value.get("text", ""): value["entity_id"]}
        else:
            self.inputs[0].setText(value or "")

    def _show_marks(self, value: Any) -> None:
        """The evidence mark (● linked, ○ a value without evidence), ✓ and the comment."""
        evidence = self.cell.get("evidence", [])
        has_value = value not in (None, "", {}, [])
        self.evidence_button.setText("●" if evidence else ("○" if has_value else "·"))
        self.evidence_button.setProperty("missing", bool(has_value and not evidence))
        self.evidence_button.style().polish(self.evidence_button)
        self.evidence_button.setToolTip(
            _("{n} pieces of evidence: click to show them").format(n=len(evidence))
            if evidence
            else _("No evidence yet: drop an annotation here or press Ctrl+E")
        )
        self.verified.setChecked(self.cell.get("status") == "verified")
        if comment := self.cell.get("comment"):
            self.evidence_button.setText(self.evidence_button.text() + "✎")
            self.evidence_button.setToolTip(
                self.evidence_button.toolTip() + "\n" + _("Comment: {text}").format(text=comment)
            )

    # --- committing --------------------------------------------------------------------

    def value(self) -> Any:
        """What the editors hold, in stored form; ValueError says what is wrong."""
        kind = self.spec.type
        if kind == "long_text":
            return self.text_edit.toPlainText().strip() or None
        if kind == "date":
            parsed = parse_date_input(self.inputs[0].text())
            return parsed.isoformat() if parsed else None
        if kind == "date_range":
            start, end = (parse_date_input(w.text()) for w in self.inputs)
            if not start and not end:
                return None
            return {"start": start.isoformat() if start else None,
                    "end": end.isoformat() if end else None}  # fmt: skip
        if kind in ("number_unit", "money"):
            qualifier, amount, last = self.inputs
            if not amount.text().strip():
                return None
            number = _number(amount.text())
            stored = (self.cell.get("value") or {}).get(
                "value" if kind == "number_unit" else "amount"
            )
            if stored is not None and _same_number(number, stored):
                number = stored  # "1,200" shown for "1200.0" is no edit
            if kind == "number_unit":
                return {"qualifier": qualifier.currentData(), "value": number,
                        "unit": last.text().strip()}  # fmt: skip
            return {"qualifier": qualifier.currentData(), "amount": number,
                    "currency": last.currentText().strip().upper()}  # fmt: skip
        if kind == "choice":
            return self.inputs[0].currentData()
        text = self.inputs[0].text().strip()
        if kind == "entity":
            return {"entity_id": self._entity_choice.get(text), "text": text} if text else None
        return text or None

    def commit(self) -> None:
        """Emit the edited cell if it differs from the stored one (or show why it can't)."""
        try:
            value = self.value()
        except ValueError as error:
            self._show_error(str(error))
            return
        self._show_error("")
        cell = {**self.cell, "value": value,
                "status": "verified" if self.verified.isChecked() else "unverified"}  # fmt: skip
        if cell != self.cell:
            self.committed.emit(self.path, cell)

    def _show_error(self, message: str) -> None:
        for widget in self.inputs:
            widget.setProperty("invalid", bool(message))
            widget.style().polish(widget)
        self.setToolTip(message)

    def _edit_comment(self) -> None:
        text, ok = QInputDialog.getText(
            self,
            _("Comment"),
            _("Comment on {field}:").format(field=_(self.spec.label)),
            text=self.cell.get("comment", ""),
        )
        if ok:
            self.committed.emit(self.path, {**self.cell, "comment": text.strip()})

    # --- focus and drops -----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            self.focused.emit(self.path)
        elif event.type() == QEvent.Type.FocusOut and watched is getattr(self, "text_edit", None):
            self.commit()
        return super().eventFilter(watched, event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(MIME_ANNOTATION):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        data = event.mimeData().data(MIME_ANNOTATION)
        if data:
            self.evidence_dropped.emit(self.path, int(bytes(data).decode()))
            event.acceptProposedAction()


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setHorizontalSpacing(8)
    form.setContentsMargins(0, 0, 6, 0)
    return form


def _show_start(widget: QWidget) -> None:
    """A long value shows its beginning (setText leaves the cursor, and the view, at its end)."""
    edit = widget.lineEdit() if isinstance(widget, QComboBox) else widget
    if isinstance(edit, QLineEdit) and not edit.hasFocus():
        edit.setCursorPosition(0)


def _date_text(value: str | None) -> str:
    return format_date(dt.date.fromisoformat(value)) if value else ""


def _has_value(cell: dict[str, Any]) -> bool:
    value = cell.get("value")
    if isinstance(value, dict):  # a number with its unit, money with its currency
        return any(value.get(key) not in (None, "") for key in ("value", "amount", "text"))
    return value not in (None, "", [])


class RecordForm(QWidget):
    """The Record tab: the story's record as a form built from its template.

    The form is built once per template and then kept in step in place: a change to the
    record (an edit, ✓, undo, another article) updates the editors' values, and group
    items are added or retired at the end (see ui.record_group). So an editor is never
    deleted while its own signal is being delivered, and focus and the scroll position
    stay where the editor left them.
    """

    cell_committed = Signal(tuple, dict)
    field_focused = Signal(tuple)
    evidence_dropped = Signal(tuple, int)
    item_added = Signal(str)
    item_removed = Signal(str, int)
    item_moved = Signal(str, int, int)
    template_chosen = Signal(str)
    draft_requested = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.view: RecordView | None = None
        self.article_id: int | None = None
        self.editors: dict[Path, CellEditor] = {}
        self.groups: dict[str, GroupBox] = {}
        self.focused_path: Path | None = None
        self._adding: str | None = None  # the group an Add click is waiting on
        self.template_combo = QComboBox()
        self.template_combo.activated.connect(
            lambda: self.template_chosen.emit(self.template_combo.currentData())
        )
        scroll_not_spin(self.template_combo)
        self.draft_button = QPushButton(_("Draft from Annotations"))
        self.draft_button.setToolTip(_("Fill the empty fields from the accepted annotations"))
        self.draft_button.clicked.connect(self.draft_requested.emit)
        self.story_label = QLabel()
        self.story_label.setObjectName("hint")
        self.story_label.setWordWrap(True)
        self.template_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.template_combo.setMinimumContentsLength(8)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Template")))
        top.addWidget(self.template_combo, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.draft_button)
        actions.addStretch(1)
        self.scroll = FormScrollArea()
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body = self._new_body()
        self.scroll.setWidget(self.body)
        self._built_for: Template | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 4, 8)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.story_label)
        layout.addWidget(self.scroll, 1)

    @staticmethod
    def _new_body() -> QWidget:
        body = QWidget()
        body.setObjectName("recordBody")
        QVBoxLayout(body).setContentsMargins(0, 0, 0, 0)
        return body

    # --- showing a record ------------------------------------------------------------

    def show_record(self, view: RecordView | None, article_id: int | None) -> None:
        """Show a record: in place when the template is the one shown, else a new form."""
        story_changed = (
            view is None or self.view is None or view.story_article_id != self.view.story_article_id
        )
        self.view, self.article_id = view, article_id
        self.setEnabled(view is not None)
        if view is None or view.template != self._built_for:
            self._rebuild(view)
        if view is None:
            return
        self._show_template_choice(view)
        self.story_label.setText(
            _("Shared with the other language version: kept on article #{id}.").format(
                id=view.story_article_id
            )
            if view.story_article_id != article_id
            else ""
        )
        added = {key: group.sync(view) for key, group in self.groups.items()}
        for path, editor in self.editors.items():
            cell = view.cell(path) or empty_cell()
            if story_changed or cell != editor.cell:
                editor.set_cell(cell)
        if self._adding and added.get(self._adding):
            self._focus_first_input(added[self._adding][-1].paths)

    def _show_template_choice(self, view: RecordView) -> None:
        combo = self.template_combo
        choices = [(f"{t.name} (v{t.version})", t.id) for t in list_templates()]
        shown = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
        combo.blockSignals(True)
        if choices != shown:  # refilled only when the templates changed, not on every edit
            combo.clear()
            for label, template_id in choices:
                combo.addItem(label, template_id)
        combo.setCurrentIndex(max(combo.findData(view.template.id), 0))
        combo.blockSignals(False)

    def _rebuild(self, view: RecordView | None) -> None:
        """A new form for another template; the old one goes with deleteLater."""
        scrolled = self.scroll.verticalScrollBar().value()
        focused = self.focused_path
        for editor in self.editors.values():
            editor.blockSignals(True)  # hidden editors lose focus: that is no edit
        old = self.scroll.takeWidget()
        if old is not None:
            old.hide()
            old.deleteLater()
        self.editors, self.groups = {}, {}
        self.body = self._new_body()
        self._built_for = view.template if view else None
        if view is not None:
            self._build_fields(view)
            for group in self.groups.values():
                group.sync(view)  # every item in place before the scroll area measures the form
        self.scroll.setWidget(self.body)
        self.scroll.verticalScrollBar().setValue(scrolled)
        if focused in self.editors:
            self.editors[focused].inputs[0].setFocus()

    def _build_fields(self, view: RecordView) -> None:
        body_layout = self.body.layout()
        assert isinstance(body_layout, QVBoxLayout)
        form = _form()
        for spec in view.template.fields:
            if spec.type == "group":
                body_layout.addLayout(form)
                group = GroupBox(spec, self._editor, self._forget, self._add_item,
                                 self._remove_item, self._move_item)  # fmt: skip
                self.groups[spec.key] = group
                body_layout.addWidget(group)
                form = _form()
            else:
                label = _(spec.label) + (" *" if spec.required else "")
                form.addRow(label, self._editor(spec, (spec.key,), view))
        body_layout.addLayout(form)
        body_layout.addStretch(1)

    def _editor(self, spec: FieldSpec, path: Path, view: RecordView) -> CellEditor:
        editor = CellEditor(spec, path, self.library)
        editor.set_cell(view.cell(path))
        editor.committed.connect(self.cell_committed.emit)
        editor.focused.connect(self._focused)
        editor.evidence_dropped.connect(self.evidence_dropped.emit)
        self.editors[path] = editor
        return editor

    def _forget(self, path: Path) -> None:
        """An editor whose item is gone: no more edits from it (it is deleted later)."""
        editor = self.editors.pop(path, None)
        if editor is not None:
            editor.blockSignals(True)

    def _focus_first_input(self, paths: list[Path]) -> None:
        editor = self.editors.get(paths[0]) if paths else None
        if editor is not None:
            editor.inputs[0].setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll.ensureWidgetVisible(editor)

    def _focused(self, path: Path) -> None:
        self.focused_path = path
        self.field_focused.emit(path)

    def focus_empty_field(self, step: int = 1) -> bool:
        """Put the focus in the next (step 1) or previous (-1) field that has no value, in
        the order the form shows them, wrapping round; False when every field has one.

        What an editor does after a draft: go from gap to gap without Tabbing through
        every filled value and its ✓."""
        shown = [editor for editor in self.editors.values() if editor.isVisible()]
        shown.sort(key=lambda editor: editor.mapTo(self.body, QPoint(0, 0)).y())
        current = self.editors.get(self.focused_path) if self.focused_path else None
        start = shown.index(current) if current in shown else (-1 if step > 0 else 0)
        for offset in range(1, len(shown) + 1):
            editor = shown[(start + step * offset) % len(shown)]
            if not _has_value(editor.cell):
                boxes = (w for w in editor.inputs if isinstance(w, (QLineEdit, QPlainTextEdit)))
                entry = next(boxes, editor.inputs[0])
                entry.setFocus(Qt.FocusReason.ShortcutFocusReason)
                self.scroll.ensureWidgetVisible(editor)
                return True
        return False

    # --- group items ---------------------------------------------------------------------

    def flush_pending(self) -> None:
        """Commit what the focused editor holds (before the record or article changes)."""
        focus = QApplication.focusWidget()
        for editor in self.editors.values():
            if focus is not None and editor.isAncestorOf(focus):
                editor.commit()
                return

    def _add_item(self, key: str) -> None:
        self.flush_pending()
        self._adding = key  # show_record focuses the new item's first field
        self.item_added.emit(key)
        self._adding = None

    def _remove_item(self, key: str, index: int) -> None:
        self.flush_pending()
        self.item_removed.emit(key, index)

    def _move_item(self, key: str, start: int, to: int) -> None:
        self.flush_pending()
        self.item_moved.emit(key, start, to)
