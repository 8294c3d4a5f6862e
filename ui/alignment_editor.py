"""The alignment editor: an article and its translation side by side, one row per bead.

Two columns in one table, so the two sides scroll together by construction. Beads the
aligner is unsure of are highlighted; confirmed beads carry a check mark in the row
header. Every change is a QUndoCommand on the main window's undo stack, calling one
service of curator.translations. Re-aligning runs in the background (workers.start_job)
and keeps the confirmed beads.

A translation being written (a draft) opens in writing mode: each source sentence with a
box for its translation, saved as it is typed (SAVE_DELAY_MS after the last key), and,
beside it, the figures, dates and names of the source sentence, flagged when the
translation lacks them or states them differently.

Keyboard (in the table):
    Alt+Up / Alt+Down           merge the bead with the one above / below
    Ctrl+Shift+S                split the bead
    Alt+Shift+Up / Alt+Shift+Down
                                move the first sentence of the current side (column) into
                                the bead above / the last one into the bead below
    Ctrl+0                      insert an empty cell on the current side
    Space                       confirm (or unconfirm) the selected beads
    Enter                       align mode: confirm and go to the next bead;
                                writing mode: write the translation of this sentence
    F8 / Shift+F8               next / previous bead worth a look
    Ctrl+Shift+R                re-align, keeping confirmed beads
In a translation box: Enter saves and goes to the next sentence (Shift+Enter: new line),
Tab / Shift+Tab next / previous, Ctrl+Enter confirms and goes on, Escape leaves the box.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from curator import articles, search, translations
from curator.align.facts import DIFFERENT, FOUND, MISSING, NAME_FACT, PENDING, Fact
from curator.errors import CuratorError
from curator.formats.alignment_import import format_of
from curator.formats.file_access import open_regular
from curator.i18n import _, ngettext
from curator.search_query import QuerySyntaxError
from curator.translations import SOURCE, TARGET, UP, AlignmentView, BeadView
from db.library import Library
from ui import keys
from ui.undo_commands import ServiceCommand
from ui.workers import Job, start_job

SOURCE_COLUMN, TARGET_COLUMN, CHECKS_COLUMN = 0, 1, 2
FACTS_ROLE = Qt.ItemDataRole.UserRole + 1
#: A translation box is saved this long after the last key (the brief: at most 1 s).
SAVE_DELAY_MS = 600
#: Rows are sized to their text up to this many beads; beyond, they keep one height.
MAX_ROWS_SIZED_TO_TEXT = 1500
CHECKS_COLUMN_WIDTH = 290
#: A row with a translation box is at least this many lines high.
SEGMENT_LINES = 3

LOW_CONFIDENCE_BRUSH = QBrush(QColor("#fdf0d2"))
FLAGGED_BRUSH = QBrush(QColor("#fbe4e2"))
CONFIRMED_COLOUR = QColor("#2e7d4f")
MUTED_COLOUR = QColor("#8a8982")
FACT_COLOURS = {
    FOUND: QColor("#2e7d4f"),
    MISSING: QColor("#b3261e"),
    DIFFERENT: QColor("#b3261e"),
    PENDING: QColor("#8a8982"),
}
FACT_MARKS = {FOUND: "✓", MISSING: "✗", DIFFERENT: "≠", PENDING: "•"}
#: Languages offered for a new translation (any other code can be typed).
TRANSLATION_LANGUAGES = ("en", "it", "fr", "de", "es", "pt", "zh")

STYLE = """
QTableView#alignmentTable {
    background: #ffffff;
    border: 1px solid #dcdad3;
    border-radius: 6px;
    gridline-color: #ecebe6;
    selection-background-color: #dbe6fb;
    selection-color: #111111;
    font-size: 11pt;
}
QTableView#alignmentTable QHeaderView::section:vertical {
    background: #f4f4f1;
    color: #6b6a64;
    border: none;
    border-right: 1px solid #dcdad3;
    padding: 4px 6px;
}
QLabel#alignmentTitle { font-size: 13pt; font-weight: 600; color: #33322e; }
QLabel#alignmentSubtitle { font-size: 11pt; color: #55544f; }
QLabel#alignmentStatus, QLabel#alignmentHints { color: #6b6a64; }
QLabel#alignmentEmpty { color: #7b7a73; font-size: 11pt; padding: 24px; }
QLabel#legendLow { background: #fdf0d2; border: 1px solid #ecd9a8; border-radius: 3px;
    padding: 1px 6px; color: #5c4a1a; }
QLabel#legendConfirmed { color: #2e7d4f; }
QPlainTextEdit#segmentEditor { border: 2px solid #3d6fd6; border-radius: 4px; padding: 2px;
    font-size: 11pt; }
"""


def fact_line(fact: Fact) -> str:
    """How one fact reads in the checks column."""
    if fact.status == DIFFERENT:
        return _("{source} — translation says {found}").format(source=fact.text, found=fact.found)
    if fact.status == MISSING:
        return (
            _("{name} — not found").format(name=fact.text)
            if fact.kind == NAME_FACT
            else _("{source} — missing").format(source=fact.text)
        )
    return fact.text


def _facts_text(facts: Sequence[Fact]) -> str:
    return "\n".join(f"{FACT_MARKS[fact.status]} {fact_line(fact)}" for fact in facts)


# --- the document: what the commands change and the editor shows ----------------------


class AlignmentDocument(QObject):
    """The alignment of one pair as last stored: commands update it, the editor shows it.

    It outlives the editor's window (commands on the window's undo stack hold it), so an
    undo after the editor was closed still knows the version it must check.
    """

    changed = Signal(object)  # AlignmentView
    facts_changed = Signal(object)  # {bead row: (Fact, ...)}
    focus_requested = Signal(int)  # bead row to show

    def __init__(self, library: Library, view: AlignmentView) -> None:
        super().__init__()
        self.library = library
        self.view = view
        self.facts: dict[int, tuple[Fact, ...]] = {}
        self.checking = False

    @property
    def bitext_id(self) -> int:
        return self.view.bitext_id

    @property
    def version(self) -> int:
        return self.view.version

    def show(self, view: AlignmentView, focus: int | None = None) -> None:
        old = self.view
        self.view = view
        if self.checking:
            if len(old.beads) == len(view.beads):
                rows = [
                    i for i, (a, b) in enumerate(zip(old.beads, view.beads, strict=True)) if a != b
                ]
            else:
                self.facts = {}
                rows = list(range(len(view.beads)))
            self.refresh_facts(rows, emit=False)
        self.changed.emit(view)
        if self.checking:
            self.facts_changed.emit(self.facts)
        if focus is not None:
            self.focus_requested.emit(focus)

    def refresh_facts(self, rows: Sequence[int] | None = None, emit: bool = True) -> None:
        if rows is None or rows:
            found = translations.bead_facts(self.library, self.bitext_id, rows)
            self.facts.update(found)
        if emit:
            self.facts_changed.emit(self.facts)

    def reload(self) -> None:
        self.show(translations.get_alignment(self.library, self.bitext_id))


# --- undo commands ------------------------------------------------------------------


class EditBeads(ServiceCommand):
    """A change of the beads (merge, split, move, empty cell): applied by its service
    function; undo and redo put the whole list back (set_beads), so confidence and
    confirmation come back exactly."""

    def __init__(
        self,
        text: str,
        document: AlignmentDocument,
        operation: Callable[[int], AlignmentView],
        focus: Callable[[AlignmentView], int],
        on_failed: Callable[[str], None],
    ) -> None:
        super().__init__(text, on_failed)
        self._doc = document
        self._operation = operation
        self._focus = focus
        self._before = document.view.beads
        self._after: tuple[BeadView, ...] | None = None
        self._focus_before = focus(document.view)

    def _do(self) -> AlignmentView:
        if self._after is None:
            view = self._operation(self._doc.version)
            self._after = view.beads
        else:
            view = translations.set_beads(
                self._doc.library, self._doc.bitext_id, self._after, self._doc.version
            )
        self._doc.show(view, self._focus(view))
        return view

    def _undo(self) -> None:
        view = translations.set_beads(
            self._doc.library, self._doc.bitext_id, self._before, self._doc.version
        )
        self._doc.show(view, self._focus_before)


class ConfirmBeads(ServiceCommand):
    """Confirm beads (or take the confirmation back); undo does the opposite to them."""

    def __init__(
        self,
        document: AlignmentDocument,
        rows: Sequence[int],
        confirmed: bool,
        on_failed: Callable[[str], None],
    ) -> None:
        self.rows = sorted(r for r in set(rows) if document.view.beads[r].confirmed != confirmed)
        numbers = ", ".join(str(r + 1) for r in self.rows[:5]) + ("…" if len(self.rows) > 5 else "")
        text = (
            ngettext("Confirm bead {numbers}", "Confirm beads {numbers}", len(self.rows))
            if confirmed
            else ngettext("Unconfirm bead {numbers}", "Unconfirm beads {numbers}", len(self.rows))
        )
        super().__init__(text.format(numbers=numbers), on_failed)
        self._doc = document
        self._confirmed = confirmed
        self._done_once = False

    def _set(self, confirmed: bool) -> AlignmentView:
        view = translations.set_confirmed(
            self._doc.library, self._doc.bitext_id, self.rows, confirmed, self._doc.version
        )
        # The first time, the editor keeps its selection; from the stack, show the bead.
        self._doc.show(view, self.rows[0] if self.rows and self._done_once else None)
        self._done_once = True
        return view

    def _do(self) -> AlignmentView:
        return self._set(self._confirmed)

    def _undo(self) -> None:
        self._set(not self._confirmed)


class WriteSegment(ServiceCommand):
    """Write the translation of one sentence. Saves of the same sentence made one after
    the other merge into one step, so undo takes back a sentence, not a keystroke."""

    COMMAND_ID = 0x7A5

    def __init__(
        self,
        document: AlignmentDocument,
        row: int,
        target_index: int,
        text: str,
        on_failed: Callable[[str], None],
    ) -> None:
        super().__init__(
            _("Write the translation of sentence {number}").format(number=row + 1), on_failed
        )
        self._doc = document
        self._row = row
        self._target = target_index
        self._old = document.view.target_sentences[target_index]
        self._new = text
        self._done_once = False

    def id(self) -> int:
        return self.COMMAND_ID

    def mergeWith(self, other: Any) -> bool:
        if not isinstance(other, WriteSegment):
            return False
        if other._doc is not self._doc or other._target != self._target:
            return False
        self._new = other._new
        if self._new == self._old:
            self.setObsolete(True)
        return True

    def _set(self, text: str) -> AlignmentView:
        view = translations.set_target_text(
            self._doc.library, self._doc.bitext_id, self._target, text, self._doc.version
        )
        # Saved as typed: the box stays where it is; from the stack, show the sentence.
        self._doc.show(view, self._row if self._done_once else None)
        self._done_once = True
        return view

    def _do(self) -> AlignmentView:
        return self._set(self._new)

    def _undo(self) -> None:
        self._set(self._old)


class ReplaceAlignment(ServiceCommand):
    """A whole new alignment (re-aligned, or read from a TMX), already stored by the
    time it is pushed; undo puts the previous one back."""

    def __init__(
        self,
        text: str,
        document: AlignmentDocument,
        before: str,
        after: str,
        view: AlignmentView,
        on_failed: Callable[[str], None],
    ) -> None:
        super().__init__(text, on_failed)
        self._doc = document
        self._before = before
        self._after = after
        self._view: AlignmentView | None = view

    def _restore(self, stored: str) -> AlignmentView:
        view = translations.restore_stored_beads(
            self._doc.library, self._doc.bitext_id, stored, self._doc.version
        )
        self._doc.show(view)
        return view

    def _do(self) -> AlignmentView:
        if self._view is not None:
            view, self._view = self._view, None
            self._doc.show(view)
            return view
        return self._restore(self._after)

    def _undo(self) -> None:
        self._restore(self._before)


# --- the table model ----------------------------------------------------------------


class BeadTableModel(QAbstractTableModel):
    """One row per bead: the source sentences, the target sentences and, when checking,
    the figures, dates and names of the source with what the translation does with them."""

    segment_edited = Signal(int, str)  # bead row, the translation typed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view: AlignmentView | None = None
        self._facts: dict[int, tuple[Fact, ...]] = {}
        self._checking = False

    @property
    def view(self) -> AlignmentView | None:
        return self._view

    @property
    def checking(self) -> bool:
        return self._checking

    def bead(self, row: int) -> BeadView | None:
        if self._view is None or not 0 <= row < len(self._view.beads):
            return None
        return self._view.beads[row]

    def facts(self, row: int) -> tuple[Fact, ...]:
        return self._facts.get(row, ())

    def set_view(self, view: AlignmentView) -> None:
        old = self._view
        same_rows = (
            old is not None
            and old.bitext_id == view.bitext_id
            and old.is_draft == view.is_draft
            and len(old.beads) == len(view.beads)
            and all(
                a.source == b.source and a.target == b.target
                for a, b in zip(old.beads, view.beads, strict=True)
            )
        )
        if not same_rows:
            self.beginResetModel()
            self._view = view
            self.endResetModel()
            return
        assert old is not None
        self._view = view
        changed = [i for i, (a, b) in enumerate(zip(old.beads, view.beads, strict=True)) if a != b]
        if changed:
            first, last = changed[0], changed[-1]
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, first, last)

    def set_facts(self, facts: dict[int, tuple[Fact, ...]]) -> None:
        changed = [
            row for row in set(facts) | set(self._facts) if facts.get(row) != self._facts.get(row)
        ]
        self._facts = dict(facts)
        if self._checking and changed and self.rowCount():
            rows = [row for row in changed if row < self.rowCount()]
            if rows:
                self.dataChanged.emit(
                    self.index(min(rows), CHECKS_COLUMN), self.index(max(rows), CHECKS_COLUMN)
                )
                self.headerDataChanged.emit(Qt.Orientation.Vertical, min(rows), max(rows))

    def set_checking(self, checking: bool) -> None:
        if checking == self._checking:
            return
        if checking:
            self.beginInsertColumns(QModelIndex(), CHECKS_COLUMN, CHECKS_COLUMN)
            self._checking = True
            self.endInsertColumns()
        else:
            self.beginRemoveColumns(QModelIndex(), CHECKS_COLUMN, CHECKS_COLUMN)
            self._checking = False
            self.endRemoveColumns()

    # Qt's model interface

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._view is None:
            return 0
        return len(self._view.beads)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return 3 if self._checking else 2

    def _editable(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        bead = self.bead(index.row())
        return (
            self._view is not None
            and self._view.is_draft
            and index.column() == TARGET_COLUMN
            and bead is not None
            and len(bead.target) == 1
        )

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._editable(index):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        bead = self.bead(index.row()) if index.isValid() else None
        if bead is None or self._view is None:
            return None
        column = index.column()
        if column == CHECKS_COLUMN:
            facts = self.facts(index.row())
            if role == FACTS_ROLE:
                return facts
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return _facts_text(facts)
            return None
        texts = bead.source_texts if column == SOURCE_COLUMN else bead.target_texts
        written = "\n".join(texts)
        empty = not written.strip()
        if role == Qt.ItemDataRole.DisplayRole:
            if not empty:
                return written
            if column == TARGET_COLUMN and self._editable(index):
                return _("Type the translation…")
            return "—"
        if role == Qt.ItemDataRole.EditRole:
            return written
        if role == Qt.ItemDataRole.ForegroundRole and empty:
            return QBrush(MUTED_COLOUR)
        if role == Qt.ItemDataRole.FontRole and empty and column == TARGET_COLUMN:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            if self._checking and any(fact.flagged for fact in self.facts(index.row())):
                return FLAGGED_BRUSH
            if bead.low_confidence and not self._view.is_draft:
                return LOW_CONFIDENCE_BRUSH
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._bead_tip(bead)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def setData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        value: Any,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self._editable(index):
            return False
        bead = self.bead(index.row())
        assert bead is not None
        if str(value) != "\n".join(bead.target_texts):
            self.segment_edited.emit(index.row(), str(value))
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        view = self._view
        if orientation == Qt.Orientation.Horizontal:
            if role != Qt.ItemDataRole.DisplayRole or view is None:
                return None
            if section == SOURCE_COLUMN:
                return _("Source ({language})").format(language=view.source_language)
            if section == TARGET_COLUMN:
                return _("Translation ({language})").format(language=view.target_language)
            if section == CHECKS_COLUMN and self._checking:
                return _("Figures, dates and names")
            return None
        bead = self.bead(section)
        if bead is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{section + 1} ✓" if bead.confirmed else str(section + 1)
        if role == Qt.ItemDataRole.ForegroundRole and bead.confirmed:
            return QBrush(CONFIRMED_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._bead_tip(bead)
        return None

    def _bead_tip(self, bead: BeadView) -> str:
        shape = f"{len(bead.source)}–{len(bead.target)}"
        if self._view is not None and self._view.is_draft:
            return _("Confirmed") if bead.confirmed else _("Not confirmed yet")
        if bead.confirmed:
            return _("{shape} bead, confirmed").format(shape=shape)
        return _("{shape} bead, confidence {confidence:.0%}").format(
            shape=shape, confidence=bead.confidence
        )


# --- delegates -------------------------------------------------------------------------


class FactsDelegate(QStyledItemDelegate):
    """Paints the checks of a row: each figure, date or name with its mark, wrapped."""

    PADDING = 6

    def _lines(
        self, facts: Sequence[Fact], metrics: QFontMetrics, width: int
    ) -> list[tuple[Fact, QRect]]:
        mark_width = metrics.horizontalAdvance("≠ ")
        flags = int(Qt.TextFlag.TextWordWrap)
        laid_out = []
        y = 0
        for fact in facts:
            bounds = metrics.boundingRect(
                QRect(0, 0, max(width - mark_width, 40), 10_000), flags, fact_line(fact)
            )
            laid_out.append((fact, QRect(mark_width, y, width - mark_width, bounds.height())))
            y += bounds.height() + 2
        return laid_out

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        facts: tuple[Fact, ...] = index.data(FACTS_ROLE) or ()
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        metrics = QFontMetrics(option.font)
        area = option.rect.adjusted(self.PADDING, self.PADDING - 2, -self.PADDING, 0)
        painter.setClipRect(option.rect)
        for fact, rect in self._lines(facts, metrics, area.width()):
            placed = rect.translated(area.topLeft())
            painter.setPen(FACT_COLOURS[fact.status])
            painter.drawText(
                QRect(area.left(), placed.top(), placed.left() - area.left(), metrics.height()),
                int(Qt.AlignmentFlag.AlignLeft),
                FACT_MARKS[fact.status],
            )
            if fact.status in (FOUND, PENDING):
                painter.setPen(option.palette.text().color())
            painter.drawText(placed, int(Qt.TextFlag.TextWordWrap), fact_line(fact))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        facts = index.data(FACTS_ROLE) or ()
        metrics = QFontMetrics(option.font)
        lines = self._lines(facts, metrics, CHECKS_COLUMN_WIDTH - 2 * self.PADDING)
        height = lines[-1][1].bottom() if lines else metrics.height()
        return QSize(CHECKS_COLUMN_WIDTH, height + 2 * self.PADDING)


class BeadTextDelegate(QStyledItemDelegate):
    """The sentences of one side, wrapped, with some room around them."""

    PADDING = QSize(7, 5)

    def _text_rect(self, rect: QRect) -> QRect:
        return rect.adjusted(self.PADDING.width(), self.PADDING.height(), -self.PADDING.width(), 0)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        self.initStyleOption(option, index)
        text = option.text
        option.text = ""
        widget = option.widget
        style = widget.style() if widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        if isinstance(foreground, QBrush) and not selected:
            painter.setPen(foreground.color())
        else:
            painter.setPen(
                option.palette.highlightedText().color()
                if selected
                else option.palette.text().color()
            )
        painter.setFont(option.font)
        painter.drawText(
            self._text_rect(option.rect),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
            text,
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        self.initStyleOption(option, index)
        width = max(option.rect.width(), 120) - 2 * self.PADDING.width()
        bounds = QFontMetrics(option.font).boundingRect(
            QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), option.text
        )
        return QSize(width, bounds.height() + 2 * self.PADDING.height() + 2)


class SegmentDelegate(BeadTextDelegate):
    """The translation box of writing mode: saved SAVE_DELAY_MS after the last key."""

    navigate = Signal(int)  # +1: next sentence, -1: previous
    confirm_and_next = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: The box open now (one at a time), None when none is.
        self.open_editor: QPlainTextEdit | None = None
        self.closeEditor.connect(self._closed)

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex
    ) -> QWidget:
        editor = QPlainTextEdit(parent)
        editor.setObjectName("segmentEditor")
        editor.setTabChangesFocus(True)
        timer = QTimer(editor)
        timer.setSingleShot(True)
        timer.setInterval(SAVE_DELAY_MS)
        timer.timeout.connect(lambda: self.save(editor))
        editor.textChanged.connect(timer.start)
        editor.setProperty("saveTimer", timer)
        self.open_editor = editor
        return editor

    def _closed(self, editor: QWidget, *_hint: Any) -> None:
        timer = editor.property("saveTimer")
        if isinstance(timer, QTimer):
            timer.stop()
        if editor is self.open_editor:
            self.open_editor = None

    def save(self, editor: QWidget) -> None:
        """Save what the box holds now (the view writes it through the model)."""
        if editor is not self.open_editor or not shiboken6.isValid(editor):
            return  # closed already, and saved as it closed
        timer = editor.property("saveTimer")
        if isinstance(timer, QTimer):
            timer.stop()
        self.commitData.emit(editor)

    def _leave(self, editor: QWidget) -> None:
        self.save(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if not isinstance(editor, QPlainTextEdit):
            return
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        if editor.toPlainText() == text:
            return
        editor.blockSignals(True)
        editor.setPlainText(text)
        editor.blockSignals(False)
        editor.moveCursor(editor.textCursor().MoveOperation.End)

    def setModelData(
        self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex
    ) -> None:
        editor.setGeometry(option.rect)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        """Room for a few lines in a translation box (writing mode)."""
        hint = super().sizeHint(option, index)
        if index.flags() & Qt.ItemFlag.ItemIsEditable:
            lines = QFontMetrics(option.font).lineSpacing() * SEGMENT_LINES + 12
            hint.setHeight(max(hint.height(), lines))
        return hint

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if isinstance(editor, QPlainTextEdit) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key, modifiers = event.key(), event.modifiers()
            ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
            shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if shift and not ctrl:
                    return False  # a new line inside the translation
                self._leave(editor)
                if ctrl:
                    self.confirm_and_next.emit()
                else:
                    self.navigate.emit(1)
                return True
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                self._leave(editor)
                self.navigate.emit(1 if key == Qt.Key.Key_Tab else -1)
                return True
            if key == Qt.Key.Key_Escape:
                self._leave(editor)
                return True
        return super().eventFilter(editor, event)


class AlignmentTable(QTableView):
    """The bead table; its keyboard commands act only while it has the focus."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alignmentTable")
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTabKeyNavigation(False)
        self.setCornerButtonEnabled(False)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        vertical = self.verticalHeader()
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        vertical.setMinimumWidth(44)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Rows follow their text: sized once the column widths are known, again when they
        # change, and row by row when a bead changes (ResizeToContents would measure
        # every row at every change, and before the columns have their final width).
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(30)
        self._resize_timer.timeout.connect(self.size_rows)
        header.sectionResized.connect(lambda *_args: self._resize_timer.start())

    def setModel(self, model: Any) -> None:
        super().setModel(model)
        model.modelReset.connect(self.size_columns)
        model.columnsInserted.connect(self.size_columns)
        model.columnsRemoved.connect(self.size_columns)
        model.dataChanged.connect(self._rows_changed)

    def _rows_changed(self, first: QModelIndex, last: QModelIndex, *_roles: Any) -> None:
        if last.row() - first.row() > 20:
            self._resize_timer.start()
            return
        for row in range(first.row(), last.row() + 1):
            self.resizeRowToContents(row)

    def size_rows(self) -> None:
        model = self.model()
        if model is not None and model.rowCount() <= MAX_ROWS_SIZED_TO_TEXT:
            self.resizeRowsToContents()

    def size_columns(self) -> None:
        header = self.horizontalHeader()
        if self.model() is None or header.count() < 2:
            return
        header.setSectionResizeMode(SOURCE_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TARGET_COLUMN, QHeaderView.ResizeMode.Stretch)
        if header.count() > CHECKS_COLUMN:
            header.setSectionResizeMode(CHECKS_COLUMN, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(CHECKS_COLUMN, CHECKS_COLUMN_WIDTH)
        self._resize_timer.start()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._resize_timer.start()


# --- the editor window ------------------------------------------------------------------


class AlignmentEditor(QMainWindow):
    """An article and its translation, one row per bead; or a translation being written."""

    realigned = Signal(object)  # AlignmentView, once a (re-)alignment is stored and shown
    translation_finished = Signal(int)  # the id of the article the translation became

    def __init__(
        self,
        library: Library,
        bitext_id: int,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setObjectName("alignmentEditor")
        self.library = library
        self.undo_stack = undo_stack
        self.document = AlignmentDocument(library, translations.get_alignment(library, bitext_id))
        self.model = BeadTableModel(self)
        self._job: Job | None = None
        self._job_version = 0
        self._build()
        self._build_actions()
        self.setStyleSheet(STYLE)
        self.document.changed.connect(self._show_view)
        self.document.facts_changed.connect(self.model.set_facts)
        self.document.focus_requested.connect(self.go_to_row)
        self.model.segment_edited.connect(self.write_segment)
        self.resize(1280, 800)
        view = self.document.view
        self.checks_box.setChecked(view.is_draft)  # writing: check figures, dates, names
        self._show_view(view)
        self.table.size_columns()
        # Open on the beads, not on the first button: Space confirms a bead from the start.
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not view.aligned or not view.beads:
            QTimer.singleShot(0, self.realign)
        elif view.is_draft:
            QTimer.singleShot(0, self.edit_next_unwritten)

    @property
    def bitext_id(self) -> int:
        return self.document.bitext_id

    @property
    def view(self) -> AlignmentView:
        return self.document.view

    # construction

    def _build(self) -> None:
        self.title_label = QLabel()
        self.title_label.setObjectName("alignmentTitle")
        self.title_label.setWordWrap(True)
        self.subtitle_label = QLabel()
        self.subtitle_label.setObjectName("alignmentSubtitle")
        self.status_label = QLabel()
        self.status_label.setObjectName("alignmentStatus")
        legend_low = QLabel(_("Low confidence"))
        legend_low.setObjectName("legendLow")
        self.legend_low = legend_low
        legend_confirmed = QLabel(_("✓ Confirmed"))
        legend_confirmed.setObjectName("legendConfirmed")
        self.checks_box = QCheckBox(_("Chec&k figures, dates and names"))
        self.checks_box.toggled.connect(self._set_checking)
        self.realign_button = QPushButton(_("&Re-align"))
        self.realign_button.setToolTip(_("Align the sentences again, keeping confirmed beads"))
        self.realign_button.clicked.connect(self.realign)
        self.export_button = QPushButton(_("E&xport…"))
        self.export_button.setToolTip(_("Save as TMX 1.4b, XLIFF 2.0 or a bilingual TSV"))
        self.export_button.clicked.connect(self.choose_export)
        self.import_button = QPushButton(_("&Import TMX/XLIFF…"))
        self.import_button.setToolTip(_("Restore the alignment from a TMX or XLIFF 2.0 file"))
        self.import_button.clicked.connect(self.choose_tmx_to_import)
        self.finish_button = QPushButton(_("&Finish Translation…"))
        self.finish_button.setToolTip(
            _("Store the sentences written as the text of the translation")
        )
        self.finish_button.clicked.connect(self.finish_translation)

        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(self.title_label)
        heading.addWidget(self.subtitle_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label)
        buttons.addSpacing(12)
        buttons.addWidget(legend_low)
        buttons.addWidget(legend_confirmed)
        buttons.addStretch(1)
        buttons.addWidget(self.checks_box)
        for button in (
            self.realign_button,
            self.import_button,
            self.export_button,
            self.finish_button,
        ):
            buttons.addWidget(button)

        self.table = AlignmentTable()
        self.table.setModel(self.model)
        self.segment_delegate = SegmentDelegate(self.table)
        self.segment_delegate.navigate.connect(self._step_segment)
        self.segment_delegate.confirm_and_next.connect(self.confirm_and_next)
        self.table.setItemDelegateForColumn(TARGET_COLUMN, self.segment_delegate)
        self.source_delegate = BeadTextDelegate(self.table)
        self.table.setItemDelegateForColumn(SOURCE_COLUMN, self.source_delegate)
        self.facts_delegate = FactsDelegate(self.table)
        self.table.setItemDelegateForColumn(CHECKS_COLUMN, self.facts_delegate)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("alignmentEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hints_label = QLabel()
        self.hints_label.setObjectName("alignmentHints")
        self.hints_label.setWordWrap(True)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(14, 12, 14, 8)
        layout.setSpacing(8)
        layout.addLayout(heading)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.hints_label)
        self.setCentralWidget(central)

        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(220)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setToolTip(_("Stop aligning; the alignment stays as it was"))
        self.cancel_button.clicked.connect(self.cancel_alignment)
        self.statusBar().addPermanentWidget(self.progress_bar)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self._set_busy(False)

    def _table_action(self, text: str, slot: Callable[[], Any], binding: str) -> QAction:
        """An action whose keys (from ui/keys.py) work while the table has the focus (not
        in a text box, where Space and Enter are typing)."""
        action = keys.make_action(self, text, binding, slot)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.merge_up_action = self._table_action(
            _("Merge with the Bead &Above"), self.merge_with_above, "merge_up"
        )
        self.merge_down_action = self._table_action(
            _("Merge with the Bead &Below"), self.merge_with_below, "merge_down"
        )
        self.split_action = self._table_action(_("&Split the Bead"), self.split, "split")
        self.move_up_action = self._table_action(
            _("Move a Sentence &Up"), self.move_sentence_up, "move_up"
        )
        self.move_down_action = self._table_action(
            _("Move a Sentence &Down"), self.move_sentence_down, "move_down"
        )
        self.empty_side_action = self._table_action(
            _("Insert an &Empty Cell"), self.insert_empty_cell, "empty_side"
        )
        self.confirm_action = self._table_action(_("&Confirm"), self.toggle_confirmed, "confirm")
        self.confirm_next_action = self._table_action(
            _("Confirm and &Next"), self.confirm_and_next, "confirm_next"
        )
        self.enter_action = self._table_action(_("&Open"), self.enter_pressed, "enter_bead")
        self.next_action = self._table_action(
            _("Ne&xt to Check"), lambda: self.step_to_check(1), "next_check"
        )
        self.previous_action = self._table_action(
            _("&Previous to Check"), lambda: self.step_to_check(-1), "previous_check"
        )
        self.realign_action = keys.make_action(self, _("&Re-align"), "realign", self.realign)
        self.addAction(self.realign_action)
        self.undo_action = self.undo_stack.createUndoAction(self, _("&Undo"))
        keys.bind(self.undo_action, "alignment_undo")
        self.redo_action = self.undo_stack.createRedoAction(self, _("&Redo"))
        keys.bind(self.redo_action, "alignment_redo")
        close_action = keys.make_action(self, _("C&lose"), "close_alignment", self.close)

        menu = self.menuBar().addMenu(_("&Alignment"))
        for action in (
            self.merge_up_action,
            self.merge_down_action,
            self.split_action,
            self.move_up_action,
            self.move_down_action,
            self.empty_side_action,
        ):
            menu.addAction(action)
        menu.addSeparator()
        menu.addActions([self.confirm_action, self.confirm_next_action])
        menu.addActions([self.next_action, self.previous_action])
        menu.addSeparator()
        menu.addAction(self.realign_action)
        menu.addSeparator()
        menu.addAction(close_action)
        menu = self.menuBar().addMenu(_("&Edit"))
        menu.addActions([self.undo_action, self.redo_action])

    @staticmethod
    def _hints(writing: bool) -> str:
        if writing:
            return _(
                "Enter save and go to the next sentence · Shift+Enter new line · "
                "Tab / Shift+Tab next / previous · Ctrl+Enter confirm and go on · "
                "Esc leave the box · F8 next to check · Ctrl+Z undo"
            )
        return _(
            "Alt+↑/↓ merge with the bead above/below · Ctrl+Shift+S split · "
            "Alt+Shift+↑/↓ move a sentence up/down · Ctrl+0 empty cell · "
            "Space confirm · Enter confirm and next · F8 next to check · Ctrl+Z undo"
        )

    # showing

    def _show_view(self, view: AlignmentView) -> None:
        current = self.current_row()
        column = self.table.currentIndex().column() if self.table.currentIndex().isValid() else 0
        self.model.set_view(view)
        self.setWindowTitle(
            _("Translation of “{title}” — Curator").format(title=_shorten(view.source_title, 50))
            if view.is_draft
            else _("Alignment of “{title}” — Curator").format(title=_shorten(view.source_title, 50))
        )
        self.title_label.setText(f"{_shorten(view.source_title, 110)} ({view.source_language})")
        self.subtitle_label.setText(
            "→ "
            + (
                _("new translation: {title} ({language})")
                if view.is_draft
                else _("translation: {title} ({language})")
            ).format(title=_shorten(view.target_title, 110), language=view.target_language)
        )
        self.hints_label.setText(self._hints(view.is_draft))
        structural = not view.is_draft and view.aligned
        for action in (
            self.merge_up_action,
            self.merge_down_action,
            self.split_action,
            self.move_up_action,
            self.move_down_action,
            self.empty_side_action,
        ):
            action.setEnabled(structural and self._job is None)
        self.realign_button.setVisible(not view.is_draft)
        self.realign_button.setEnabled(self._job is None)
        self.realign_action.setEnabled(not view.is_draft and self._job is None)
        self.import_button.setVisible(not view.is_draft)
        self.finish_button.setVisible(view.is_draft)
        self.export_button.setEnabled(view.aligned and bool(view.beads))
        self.legend_low.setVisible(not view.is_draft)
        self._update_status()
        has_rows = bool(view.beads)
        first_rows = has_rows and self.table.isHidden()
        self.table.setVisible(has_rows)
        if first_rows:  # hidden until the first alignment came back: the keyboard went elsewhere
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.empty_label.setVisible(not has_rows)
        self.empty_label.setText(
            _("Aligning the sentences…")
            if self._job is not None
            else _("Not aligned yet. Press Re-align to align the two articles.")
        )
        if (
            current is not None
            and self.model.rowCount()
            and not self.table.currentIndex().isValid()
        ):
            self.go_to_row(min(current, self.model.rowCount() - 1), column)

    def _update_status(self) -> None:
        view = self.view
        total = len(view.beads)
        if view.is_draft:
            flagged = sum(
                1
                for row in range(total)
                if any(f.flagged for f in self.document.facts.get(row, ()))
            )
            text = _("Sentences translated: {written} of {total}").format(
                written=view.written_count, total=total
            )
            if flagged:
                text += " · " + ngettext("{n} to check", "{n} to check", flagged).format(n=flagged)
        else:
            text = ngettext("{n} bead", "{n} beads", total).format(n=total)
            text += " · " + _("{low} low confidence · {confirmed} confirmed").format(
                low=view.low_confidence_count, confirmed=view.confirmed_count
            )
        self.status_label.setText(text)

    def _set_checking(self, checking: bool) -> None:
        self.document.checking = checking
        if checking:
            self.document.facts = {}
            self.document.refresh_facts(None, emit=False)
        self.model.set_checking(checking)
        self.model.set_facts(self.document.facts if checking else {})
        self.table.size_columns()
        self._update_status()

    def current_row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else None

    def current_side(self) -> str:
        index = self.table.currentIndex()
        return TARGET if index.isValid() and index.column() == TARGET_COLUMN else SOURCE

    def selected_rows(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        current = self.current_row()
        if not rows and current is not None:
            rows = [current]
        return rows

    def go_to_row(self, row: int, column: int | None = None) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        if column is None:
            index = self.table.currentIndex()
            column = index.column() if index.isValid() else SOURCE_COLUMN
        index = self.model.index(row, min(column, self.model.columnCount() - 1))
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    # editing

    def _refused(self, message: str) -> None:
        QMessageBox.warning(self, _("Change not applied"), message)

    def _push(self, command: ServiceCommand) -> Any:
        """Apply a command and put it on the undo stack; a refusal is shown, not pushed."""
        try:
            result = command.apply()
        except CuratorError as error:
            self.statusBar().showMessage(str(error), 6000)
            return None
        self.undo_stack.push(command)
        return result

    def _edit_beads(
        self,
        text: str,
        operation: Callable[[int], AlignmentView],
        focus: Callable[[AlignmentView], int],
    ) -> None:
        if self._job is not None:
            self.statusBar().showMessage(_("Wait for the alignment to finish."), 4000)
            return
        self._push(EditBeads(text, self.document, operation, focus, self._refused))

    def merge_with_above(self) -> None:
        row = self.current_row()
        if row is None or row == 0:
            self.statusBar().showMessage(_("there is no bead above this one"), 4000)
            return
        self._merge(row - 1)

    def merge_with_below(self) -> None:
        row = self.current_row()
        if row is None or row + 1 >= self.model.rowCount():
            self.statusBar().showMessage(_("there is no bead below this one"), 4000)
            return
        self._merge(row)

    def _merge(self, first: int) -> None:
        library, bitext_id = self.library, self.bitext_id
        self._edit_beads(
            _("Merge beads {a} and {b}").format(a=first + 1, b=first + 2),
            lambda version: translations.merge_beads(library, bitext_id, first, version),
            lambda _view, row=first: row,
        )

    def split(self) -> None:
        row = self.current_row()
        if row is None:
            return
        library, bitext_id = self.library, self.bitext_id
        self._edit_beads(
            _("Split bead {number}").format(number=row + 1),
            lambda version: translations.split_bead(
                library, bitext_id, row, expected_version=version
            ),
            lambda _view, row=row: row,
        )

    def _move(self, direction: str) -> None:
        row = self.current_row()
        if row is None:
            return
        side = self.current_side()
        library, bitext_id, before = self.library, self.bitext_id, len(self.view.beads)

        def focus(view: AlignmentView) -> int:
            if len(view.beads) < before:  # the bead gave its only sentence away
                return max(row - 1, 0) if direction == UP else min(row, len(view.beads) - 1)
            return row

        self._edit_beads(
            (
                _("Move a source sentence of bead {number}")
                if side == SOURCE
                else _("Move a translated sentence of bead {number}")
            ).format(number=row + 1),
            lambda version: translations.move_sentence(
                library, bitext_id, row, side, direction, version
            ),
            focus,
        )

    def move_sentence_up(self) -> None:
        self._move(translations.UP)

    def move_sentence_down(self) -> None:
        self._move(translations.DOWN)

    def insert_empty_cell(self) -> None:
        row = self.current_row()
        if row is None:
            return
        side = self.current_side()
        library, bitext_id = self.library, self.bitext_id
        self._edit_beads(
            (
                _("Insert an empty source cell at bead {number}")
                if side == SOURCE
                else _("Insert an empty translation cell at bead {number}")
            ).format(number=row + 1),
            lambda version: translations.insert_empty_side(library, bitext_id, row, side, version),
            lambda _view, row=row: row,
        )

    def toggle_confirmed(self) -> None:
        rows = self.selected_rows()
        if not rows or not self.view.beads:
            return
        confirmed = not all(self.view.beads[r].confirmed for r in rows)
        command = ConfirmBeads(self.document, rows, confirmed, self._refused)
        if command.rows:
            self._push(command)

    def confirm_and_next(self) -> None:
        row = self.current_row()
        if row is None or not self.view.beads:
            return
        if not self.view.beads[row].confirmed:
            self._push(ConfirmBeads(self.document, [row], True, self._refused))
        if row + 1 < self.model.rowCount():
            self.go_to_row(row + 1)
            if self.view.is_draft:
                self.edit_segment(row + 1)

    def enter_pressed(self) -> None:
        row = self.current_row()
        if row is None:
            return
        if self.view.is_draft:
            self.edit_segment(row)
        else:
            self.confirm_and_next()

    def step_to_check(self, step: int) -> None:
        """To the next (or previous) bead worth a look: low confidence, or a flagged
        figure, or (writing) no translation yet."""
        rows = self.model.rowCount()
        row = self.current_row()
        start = -1 if row is None and step > 0 else rows if row is None else row
        position = start + step
        while 0 <= position < rows:
            bead = self.view.beads[position]
            facts = self.document.facts.get(position, ())
            needs_look = (
                (not any(t.strip() for t in bead.target_texts))
                if self.view.is_draft
                else bead.low_confidence
            ) or any(fact.flagged for fact in facts)
            if needs_look:
                self.go_to_row(position)
                return
            position += step
        self.statusBar().showMessage(_("Nothing more to check in this direction."), 4000)

    # writing mode

    def write_segment(self, row: int, text: str) -> None:
        bead = self.view.beads[row] if 0 <= row < len(self.view.beads) else None
        if bead is None or len(bead.target) != 1:
            return
        self._push(WriteSegment(self.document, row, bead.target[0], text, self._refused))

    def edit_segment(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, TARGET_COLUMN)
        self.go_to_row(row, TARGET_COLUMN)
        editable = self.model.flags(index) & Qt.ItemFlag.ItemIsEditable
        if self.table.isVisible() and editable and self.table.indexWidget(index) is None:
            self.table.edit(index)

    def segment_editor(self) -> QPlainTextEdit | None:
        """The open translation box, if any."""
        editor = self.segment_delegate.open_editor
        if editor is None or not shiboken6.isValid(editor) or not editor.isVisible():
            return None
        return editor

    def _step_segment(self, step: int) -> None:
        row = self.current_row()
        if row is None:
            return
        target = row + step
        if 0 <= target < self.model.rowCount():
            self.edit_segment(target)
        else:
            self.table.setFocus()

    def edit_next_unwritten(self) -> None:
        for row, bead in enumerate(self.view.beads):
            if not any(t.strip() for t in bead.target_texts):
                self.edit_segment(row)
                return
        self.go_to_row(0)

    def save_pending(self) -> None:
        """Save what is typed in an open translation box now."""
        editor = self.segment_editor()
        if editor is not None:
            self.segment_delegate.save(editor)

    def finish_translation(self) -> None:
        view = self.view
        if not view.is_draft:
            return
        self.save_pending()
        view = self.view
        answer = QMessageBox.question(
            self,
            _("Finish Translation"),
            _(
                "Store the translation as the text of “{title}”?\n\n"
                "{written} of {total} translated; sentences left empty are "
                "left out. Like any article's text, it cannot be changed afterwards; its "
                "alignment can."
            ).format(
                title=_shorten(view.target_title, 60),
                written=view.written_count,
                total=ngettext("{n} sentence", "{n} sentences", len(view.beads)).format(
                    n=len(view.beads)
                ),
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            article_id = translations.finish_translation(
                self.library, self.bitext_id, self.document.version
            )
        except CuratorError as error:
            QMessageBox.warning(self, _("Cannot finish the translation"), str(error))
            return
        self.document.reload()
        self.checks_box.setChecked(False)
        self.statusBar().showMessage(
            _("The translation is stored as article {id}.").format(id=article_id), 8000
        )
        self.translation_finished.emit(article_id)

    # re-aligning

    def realign(self) -> None:
        if self._job is not None or self.view.is_draft:
            return
        library, bitext_id = self.library, self.bitext_id
        version = self.document.version
        self._job_version = version

        def work(progress: Any) -> tuple[str, AlignmentView, str]:
            before = translations.stored_beads(library, bitext_id)
            view = translations.align_pair(library, bitext_id, progress, version)
            return before, view, translations.stored_beads(library, bitext_id)

        self._set_busy(True)
        self._job = start_job(work, self._realigned, self._realign_failed, self._progressed)
        self._show_view(self.view)

    def cancel_alignment(self) -> None:
        if self._job is not None:
            self._job.progress.cancel()
            self.cancel_button.setEnabled(False)

    def _progressed(self, done: int, total: int, message: str) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        if message:
            self.statusBar().showMessage(message)

    def _realigned(self, result: tuple[str, AlignmentView, str]) -> None:
        self._job = None
        self._set_busy(False)
        before, view, after = result
        if view.version == self._job_version:  # cancelled: nothing was stored
            self.statusBar().showMessage(_("Alignment cancelled; nothing was changed."), 6000)
            self._show_view(self.view)
        elif self._job_version == 0 or before == "[]":
            self.document.show(view)  # the first alignment: nothing to go back to
            self.statusBar().showMessage(_("Aligned."), 4000)
        else:
            self._push(
                ReplaceAlignment(_("Re-align"), self.document, before, after, view, self._refused)
            )
            self.statusBar().showMessage(
                ngettext(
                    "Re-aligned, keeping {n} confirmed bead.",
                    "Re-aligned, keeping {n} confirmed beads.",
                    view.confirmed_count,
                ).format(n=view.confirmed_count),
                6000,
            )
        if self.current_row() is None and self.model.rowCount():
            self.go_to_row(0)
        self.realigned.emit(self.view)

    def _realign_failed(self, message: str) -> None:
        self._job = None
        self._set_busy(False)
        self._show_view(self.view)
        QMessageBox.warning(self, _("Cannot align"), message)

    def _set_busy(self, busy: bool) -> None:
        self.progress_bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        self.progress_bar.setRange(0, 0)

    # exchange

    def choose_export(self) -> None:
        filters = {
            _("TMX 1.4b translation memory (*.tmx)"): "tmx",
            _("XLIFF 2.0 (*.xlf)"): "xliff",
            _("Bilingual TSV (*.tsv)"): "tsv",
        }
        suggested = _file_name(self.view.source_title) + ".tmx"
        path, chosen = QFileDialog.getSaveFileName(
            self, _("Export Alignment"), str(Path.home() / suggested), ";;".join(filters)
        )
        if not path:
            return
        fmt = filters.get(chosen)
        suffix = {"tmx": ".tmx", "xliff": ".xlf", "tsv": ".tsv"}
        target = Path(path)
        if fmt and not target.suffix:
            target = target.with_suffix(suffix[fmt])
        self.export_to(target, fmt)

    def export_to(self, path: Path, fmt: str | None = None) -> bool:
        try:
            translations.save_alignment(self.library, self.bitext_id, path, fmt)
        except (CuratorError, OSError) as error:
            QMessageBox.warning(self, _("Cannot export the alignment"), str(error))
            return False
        self.statusBar().showMessage(_("Exported to {path}.").format(path=path), 6000)
        return True

    def choose_tmx_to_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Import Alignment"),
            str(Path.home()),
            _("TMX or XLIFF 2.0 files (*.tmx *.xlf *.xliff);;All files (*)"),
        )
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> bool:
        try:
            with open_regular(path) as stream:  # a FIFO or a device: refused, not waited on
                data = stream.read()
        except OSError as error:
            QMessageBox.warning(self, _("Cannot import the alignment"), f"{path}: {error.strerror}")
            return False
        replace = self.view.aligned
        if replace and not self._may_replace_with(path):
            return False
        before = translations.stored_beads(self.library, self.bitext_id)
        try:
            view, problems = translations.import_alignment(
                self.library,
                self.bitext_id,
                data,
                path.name,
                format_of(path.name),
                self.document.version,
                replace=replace,
            )
        except CuratorError as error:
            QMessageBox.warning(self, _("Cannot import the alignment"), str(error))
            return False
        if view is None:
            QMessageBox.warning(
                self,
                _("Cannot import the alignment"),
                "\n".join(str(problem) for problem in problems),
            )
            return False
        after = translations.stored_beads(self.library, self.bitext_id)
        self._push(
            ReplaceAlignment(
                _("Import the alignment from {name}").format(name=path.name),
                self.document,
                before,
                after,
                view,
                self._refused,
            )
        )
        if problems:
            self.statusBar().showMessage("; ".join(str(p) for p in problems), 10000)
        return True

    def _may_replace_with(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self,
            _("Import Alignment"),
            _("Replace the alignment of “{title}” with the one in {name}?").format(
                title=_shorten(self.view.source_title, 60), name=path.name
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def closeEvent(self, event: Any) -> None:
        self.save_pending()
        if self._job is not None:
            self._job.progress.cancel()
        super().closeEvent(event)


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _file_name(title: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in title)
    return "-".join(cleaned.split())[:60] or "alignment"


# --- choosing or making the pair -----------------------------------------------------


class PairDialog(QDialog):
    """An article with no translation: pair it with another one, or write a new one.

    On accept the pair exists and `bitext_id` names it.
    """

    def __init__(self, library: Library, article: articles.ArticleDetail, parent: QWidget) -> None:
        super().__init__(parent)
        self.library = library
        self.article = article
        self.bitext_id: int | None = None
        self.setWindowTitle(_("Align with Translation"))
        self.resize(620, 520)
        intro = QLabel(
            _("“{title}” has no translation yet.").format(title=_shorten(article.title, 80))
        )
        intro.setWordWrap(True)
        self.pair_choice = QRadioButton(_("&Pair it with an article in the library:"))
        self.write_choice = QRadioButton(_("&Write a new translation into:"))
        group = QButtonGroup(self)
        group.addButton(self.pair_choice)
        group.addButton(self.write_choice)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(_("Search the library…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.article_list = QListWidget()
        self.role_combo = QComboBox()
        self.role_combo.addItem(_("This article is the original"), True)
        self.role_combo.addItem(_("This article is the translation"), False)
        self.language_combo = QComboBox()
        self.language_combo.setEditable(True)
        for code in TRANSLATION_LANGUAGES:
            self.language_combo.addItem(code)
        other = "en" if (article.language or "").startswith("it") else "it"
        self.language_combo.setCurrentText(other)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.pair_choice)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.article_list, 1)
        layout.addWidget(self.role_combo)
        layout.addSpacing(8)
        row = QHBoxLayout()
        row.addWidget(self.write_choice)
        row.addWidget(self.language_combo)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.buttons)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(250)
        self._filter_timer.timeout.connect(self.refresh_list)
        self.filter_edit.textChanged.connect(self._filter_timer.start)
        self.filter_edit.textChanged.connect(lambda: self.pair_choice.setChecked(True))
        self.article_list.itemActivated.connect(lambda _item: self.accept())
        self.article_list.currentItemChanged.connect(
            lambda *_args: self.pair_choice.setChecked(True)
        )
        self.language_combo.currentTextChanged.connect(lambda: self.write_choice.setChecked(True))
        self.refresh_list()
        self.pair_choice.setChecked(self.article_list.count() > 0)
        self.write_choice.setChecked(self.article_list.count() == 0)

    def refresh_list(self) -> None:
        query = self.filter_edit.text().strip()
        rows: list[tuple[int, str, str | None]] = []
        if query:
            try:
                hits = search.search_articles(self.library, query, limit=100).hits
            except QuerySyntaxError:
                hits = []
            rows = [(hit.id, hit.title, hit.language) for hit in hits]
        else:
            language = self.article.language or ""
            others = articles.list_articles(self.library, limit=300)
            others.sort(key=lambda a: (a.language == language, a.title.casefold()))
            rows = [(a.id, a.title, a.language) for a in others]
        self.article_list.clear()
        for article_id, title, language in rows:
            if article_id == self.article.id:
                continue
            item = QListWidgetItem(f"{title}  ({language or '?'})")
            item.setData(Qt.ItemDataRole.UserRole, article_id)
            self.article_list.addItem(item)
        if self.article_list.count():
            self.article_list.setCurrentRow(0)

    def accept(self) -> None:
        try:
            if self.write_choice.isChecked():
                language = self.language_combo.currentText().strip()
                draft_id = translations.create_translation(self.library, self.article.id, language)
                self.bitext_id = translations.pair_for_article(self.library, draft_id)
            else:
                item = self.article_list.currentItem()
                if item is None:
                    QMessageBox.information(
                        self, _("Align with Translation"), _("Choose an article first.")
                    )
                    return
                other = int(item.data(Qt.ItemDataRole.UserRole))
                is_original = bool(self.role_combo.currentData())
                source, target = (
                    (self.article.id, other) if is_original else (other, self.article.id)
                )
                self.bitext_id = translations.pair_articles(self.library, source, target)
        except CuratorError as error:
            QMessageBox.warning(self, _("Cannot pair the articles"), str(error))
            return
        super().accept()


def _choose_pair(
    window: QWidget, pairs: Sequence[translations.PairView], article_id: int
) -> int | None:
    labels = []
    for pair in pairs:
        other_title, other_language = (
            (pair.target_title, pair.target_language)
            if pair.source_article_id == article_id
            else (pair.source_title, pair.source_language)
        )
        labels.append(f"{_shorten(other_title, 70)} ({other_language or '?'})")
    chosen, ok = QInputDialog.getItem(
        window,
        _("Align with Translation"),
        _("This article has several translations:"),
        labels,
        0,
        False,
    )
    return pairs[labels.index(chosen)].bitext_id if ok and chosen in labels else None


def show_alignment_editor(window: Any, bitext_id: int) -> AlignmentEditor:
    """The editor of a pair, opened once per pair and kept with the window."""
    for editor in window.findChildren(AlignmentEditor):
        if editor.library is not window.library:
            editor.close()
            editor.deleteLater()
        elif editor.bitext_id == bitext_id:
            editor.show()
            editor.raise_()
            editor.activateWindow()
            return editor
    editor = AlignmentEditor(window.library, bitext_id, window.undo_stack, window)
    editor.translation_finished.connect(lambda article_id: _show_article(window, article_id))
    editor.show()
    return editor


def _show_article(window: Any, article_id: int) -> None:
    window.model.reload()
    window.go_to_article(article_id)


def open_alignment_editor(window: Any) -> AlignmentEditor | None:
    """Translation ▸ Align with Translation: the selected article's pair in the editor;
    with no pair yet, first pair it with another article or start a translation."""
    article_id = window.source_pane.article_id
    if article_id is None:
        window.statusBar().showMessage(_("Select an article first."), 4000)
        return None
    try:
        pairs = translations.list_pairs(window.library, article_id)
        if len(pairs) == 1:
            bitext_id: int | None = pairs[0].bitext_id
        elif pairs:
            bitext_id = _choose_pair(window, pairs, article_id)
        else:
            dialog = PairDialog(
                window.library, articles.get_article(window.library, article_id), window
            )
            bitext_id = dialog.bitext_id if dialog.exec() else None
            if bitext_id is not None:
                _show_article(window, article_id)
    except CuratorError as error:
        window.statusBar().showMessage(str(error), 6000)
        return None
    if bitext_id is None:
        return None
    return show_alignment_editor(window, bitext_id)
