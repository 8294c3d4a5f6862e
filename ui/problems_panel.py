"""The Problems panel: the data-quality checks' findings, like an IDE's Problems view.

A tree of articles, each with its findings (errors first, then warnings and notes, in
text order); a filter box and a severity filter; double-click (or Enter) on a finding
emits `finding_activated` with the article and the span, for the window to show it.
Dismiss (with a reason) and Reopen are undoable commands on the window's undo stack.
Check Library runs every check on the writer thread, with progress and Cancel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStyle,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from curator import quality
from curator.errors import CuratorError
from curator.i18n import N_, _, ngettext
from curator.quality import CheckSetting, FindingView, LibraryCheckReport, counts_text
from db.library import Library
from ui.undo_commands import ServiceCommand
from ui.workers import Job, start_job

Index = QModelIndex | QPersistentModelIndex

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1  # the FindingView of a finding row
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
COLUMNS = (N_("Problem"), N_("Text"), N_("Check"), N_("Position"))
#: Groups shown expanded after a refresh, up to this many (a huge list starts folded).
EXPAND_UP_TO = 200
_TOP = 0  # internalId of an article row; a finding row's is its group's index + 1


@dataclass(slots=True)
class _Group:
    article_id: int
    title: str
    findings: list[FindingView] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity and f.status == "open")


def _sorted(findings: Sequence[FindingView]) -> list[FindingView]:
    return sorted(
        findings,
        key=lambda f: (f.status != "open", SEVERITY_ORDER.get(f.severity, 3), f.start, f.id),
    )


def _severity_icon(severity: str) -> QIcon:
    style = QApplication.style() if isinstance(QApplication.instance(), QApplication) else None
    if style is None:
        return QIcon()
    pixmap = {
        "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
        "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    }.get(severity, QStyle.StandardPixmap.SP_MessageBoxInformation)
    return style.standardIcon(pixmap)


class ProblemsModel(QAbstractItemModel):
    """Articles, each with its findings: a two-level tree over plain FindingViews."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[FindingView] = []
        self._groups: list[_Group] = []
        self._text = ""
        self._severity: str | None = None
        self._show_dismissed = False
        self._icons: dict[str, QIcon] = {}

    # --- contents and filters ---------------------------------------------------------

    def set_findings(self, findings: Sequence[FindingView]) -> None:
        self._all = list(findings)
        self._rebuild()

    def replace_article(self, article_id: int, findings: Sequence[FindingView]) -> None:
        """Show `findings` as the article's whole list (after a check, a dismissal)."""
        self._all = [f for f in self._all if f.article_id != article_id] + list(findings)
        wanted = self._visible([f for f in findings if f.article_id == article_id])
        row = next((i for i, g in enumerate(self._groups) if g.article_id == article_id), None)
        if row is not None:
            group = self._groups[row]
            parent = self.index(row, 0)
            if group.findings:
                self.beginRemoveRows(parent, 0, len(group.findings) - 1)
                group.findings = []
                self.endRemoveRows()
            if not wanted:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._groups[row]
                self.endRemoveRows()
                return
            self.beginInsertRows(parent, 0, len(wanted) - 1)
            group.findings = wanted
            self.endInsertRows()
            self.dataChanged.emit(parent, self.index(row, len(COLUMNS) - 1))
            return
        if not wanted:
            return
        row = sum(1 for g in self._groups if g.article_id < article_id)
        self.beginInsertRows(QModelIndex(), row, row)
        self._groups.insert(row, _Group(article_id, wanted[0].article_title, wanted))
        self.endInsertRows()

    def set_filter(
        self, text: str = "", severity: str | None = None, show_dismissed: bool = False
    ) -> None:
        self._text = text.strip().casefold()
        self._severity = severity or None
        self._show_dismissed = show_dismissed
        self._rebuild()

    def _matches(self, finding: FindingView) -> bool:
        if finding.status != "open" and not self._show_dismissed:
            return False
        if self._severity and finding.severity != self._severity:
            return False
        if not self._text:
            return True
        haystack = " ".join(
            (
                finding.message,
                finding.text,
                finding.check_id,
                finding.article_title,
                f"#{finding.article_id}",
                finding.dismiss_reason,
            )
        ).casefold()
        return all(word in haystack for word in self._text.split())

    def _visible(self, findings: Sequence[FindingView]) -> list[FindingView]:
        return _sorted([f for f in findings if self._matches(f)])

    def _rebuild(self) -> None:
        self.beginResetModel()
        groups: dict[int, _Group] = {}
        for finding in self._all:
            if self._matches(finding):
                group = groups.setdefault(
                    finding.article_id, _Group(finding.article_id, finding.article_title)
                )
                group.findings.append(finding)
        self._groups = [groups[article_id] for article_id in sorted(groups)]
        for group in self._groups:
            group.findings = _sorted(group.findings)
        self.endResetModel()

    # --- reading -------------------------------------------------------------------------

    def finding(self, index: Index) -> FindingView | None:
        if not index.isValid() or index.internalId() == _TOP:
            return None
        return self._groups[index.internalId() - 1].findings[index.row()]

    def article_id(self, index: Index) -> int | None:
        if not index.isValid():
            return None
        if index.internalId() == _TOP:
            return self._groups[index.row()].article_id
        return self._groups[index.internalId() - 1].article_id

    def group_row(self, article_id: int) -> int | None:
        return next((i for i, g in enumerate(self._groups) if g.article_id == article_id), None)

    def index_of(self, finding_id: int) -> QModelIndex:
        for row, group in enumerate(self._groups):
            for child, finding in enumerate(group.findings):
                if finding.id == finding_id:
                    return self.index(child, 0, self.index(row, 0))
        return QModelIndex()

    @property
    def shown(self) -> list[FindingView]:
        return [finding for group in self._groups for finding in group.findings]

    # --- Qt model interface -----------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not 0 <= column < len(COLUMNS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != _TOP or parent.column() != 0:
            return QModelIndex()
        group = parent.row()
        if group >= len(self._groups) or row >= len(self._groups[group].findings):
            return QModelIndex()
        return self.createIndex(row, column, group + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _TOP and parent.column() == 0:
            return len(self._groups[parent.row()].findings)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section]) if 0 <= section < len(COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _TOP:
            return self._group_data(self._groups[index.row()], index.column(), role)
        finding = self._groups[index.internalId() - 1].findings[index.row()]
        return self._finding_data(finding, index.column(), role)

    def _icon(self, severity: str) -> QIcon:
        if severity not in self._icons:
            self._icons[severity] = _severity_icon(severity)
        return self._icons[severity]

    def _group_data(self, group: _Group, column: int, role: int) -> Any:
        if role == ARTICLE_ID_ROLE:
            return group.article_id
        errors, warnings, infos = (group.count(s) for s in ("error", "warning", "info"))
        if role == Qt.ItemDataRole.DisplayRole:
            if column != 0:
                return None
            counts = counts_text(errors, warnings, infos)
            title = f"#{group.article_id}  {group.title}"
            return f"{title}  ({counts})" if counts else title
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            if errors or warnings or infos:
                return self._icon("error" if errors else "warning" if warnings else "info")
            return None
        if role == Qt.ItemDataRole.FontRole and column == 0:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _finding_data(self, finding: FindingView, column: int, role: int) -> Any:
        if role == FINDING_ROLE:
            return finding
        if role == ARTICLE_ID_ROLE:
            return finding.article_id
        dismissed = finding.status != "open"
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                if dismissed:
                    return _("{message} (dismissed: {reason})").format(
                        message=finding.message, reason=finding.dismiss_reason
                    )
                return finding.message
            if column == 1:
                return " ".join(finding.text.split())
            if column == 2:
                return finding.check_id
            return f"{finding.start}–{finding.end}"
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [
                f"<b>{quality.severity_label(finding.severity)}</b> · "
                f"{_escape(quality.check_label(finding.check_id))}",
                _escape(finding.message),
            ]
            if dismissed:
                lines.append(
                    _("Dismissed by {who}: {reason}").format(
                        who=_escape(finding.dismissed_by or "?"),
                        reason=_escape(finding.dismiss_reason),
                    )
                )
            return "<br>".join(lines)
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._icon(finding.severity)
        if role == Qt.ItemDataRole.ForegroundRole and dismissed:
            return QBrush(QColor("#8a8a85"))
        if role == Qt.ItemDataRole.FontRole and dismissed:
            font = QFont()
            font.setItalic(True)
            return font
        return None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- undoable commands ------------------------------------------------------------------


class DismissFinding(ServiceCommand):
    """Dismiss a finding with a reason; undo opens it again."""

    def __init__(
        self,
        library: Library,
        finding: FindingView,
        reason: str,
        on_changed: Callable[[int], None],
        on_failed: Callable[[str], None],
    ) -> None:
        super().__init__(
            _("Dismiss “{text}”").format(text=_short(finding.text or finding.check_id)),
            on_failed,
        )
        self._library = library
        self._finding_id = finding.id
        self._article_id = finding.article_id
        self._reason = reason
        self._on_changed = on_changed

    def _do(self) -> FindingView:
        view = quality.dismiss(self._library, self._finding_id, self._reason)
        self._on_changed(self._article_id)
        return view

    def _undo(self) -> FindingView:
        view = quality.reopen(self._library, self._finding_id, _("undone"))
        self._on_changed(self._article_id)
        return view


class ReopenFinding(ServiceCommand):
    """Open a dismissed finding again; undo dismisses it with its old reason."""

    def __init__(
        self,
        library: Library,
        finding: FindingView,
        on_changed: Callable[[int], None],
        on_failed: Callable[[str], None],
    ) -> None:
        super().__init__(
            _("Reopen “{text}”").format(text=_short(finding.text or finding.check_id)), on_failed
        )
        self._library = library
        self._finding_id = finding.id
        self._article_id = finding.article_id
        self._reason = finding.dismiss_reason
        self._on_changed = on_changed

    def _do(self) -> FindingView:
        view = quality.reopen(self._library, self._finding_id)
        self._on_changed(self._article_id)
        return view

    def _undo(self) -> FindingView:
        view = quality.dismiss(self._library, self._finding_id, self._reason or _("undone"))
        self._on_changed(self._article_id)
        return view


class EditCheckConfig(ServiceCommand):
    """Change which checks run and their severities; undo restores the old settings."""

    def __init__(
        self,
        library: Library,
        old: dict[str, CheckSetting],
        new: dict[str, CheckSetting],
        on_changed: Callable[[], None],
        on_failed: Callable[[str], None],
    ) -> None:
        super().__init__(_("Configure checks"), on_failed)
        self._library = library
        self._old, self._new = dict(old), dict(new)
        self._on_changed = on_changed

    def _do(self) -> Any:
        result = quality.save_check_config(self._library, self._new)
        self._on_changed()
        return result

    def _undo(self) -> Any:
        result = quality.save_check_config(self._library, self._old)
        self._on_changed()
        return result


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- configuration dialog ----------------------------------------------------------------


class CheckConfigDialog(QDialog):
    """Each check: whether it runs, and the severity it reports with."""

    def __init__(self, config: dict[str, CheckSetting], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Configure Checks"))
        grid = QGridLayout()
        self._rows: dict[str, tuple[QCheckBox, QComboBox]] = {}
        for row, (check_id, setting) in enumerate(config.items()):
            enabled = QCheckBox(quality.check_label(check_id))
            enabled.setChecked(setting.enabled)
            enabled.setToolTip(check_id)
            severity = QComboBox()
            for name in quality.SEVERITIES:
                severity.addItem(quality.severity_label(name), name)
            severity.setCurrentIndex(severity.findData(setting.severity))
            grid.addWidget(enabled, row, 0)
            grid.addWidget(severity, row, 1)
            self._rows[check_id] = (enabled, severity)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        hint = QLabel(
            _(
                "A check switched off no longer reports; one switched back on reports the next"
                " time the checks run. Errors keep an article from being approved."
            )
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def settings(self) -> dict[str, CheckSetting]:
        return {
            check_id: CheckSetting(check_id, enabled.isChecked(), severity.currentData())
            for check_id, (enabled, severity) in self._rows.items()
        }


# --- the panel -----------------------------------------------------------------------------


class ProblemsPanel(QWidget):
    finding_activated = Signal(int, int, int)  # article id, start, end: show this span
    problems_changed = Signal(object)  # an article id, or None when many changed
    check_finished = Signal(object)  # LibraryCheckReport

    def __init__(
        self, library: Library, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("problemsPanel")
        self.library = library
        self.undo_stack = undo_stack
        self.model = ProblemsModel(self)
        self._job: Job | None = None
        self._stale = True  # read when first shown: a hidden panel costs nothing at start-up
        self._build()
        self._connect()

    def _build(self) -> None:
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText(_("Filter problems (text, check, article)"))
        self.filter_box.setClearButtonEnabled(True)
        self.severity_filter = QComboBox()
        self.severity_filter.addItem(_("All severities"), None)
        for name, label in (
            ("error", _("Errors")),
            ("warning", _("Warnings")),
            ("info", _("Notes")),
        ):
            self.severity_filter.addItem(label, name)
        self.show_dismissed = QCheckBox(_("Show dismissed"))
        self.dismiss_button = QPushButton(_("Dismiss…"))
        self.dismiss_button.setToolTip(_("Set the selected problem aside, saying why"))
        self.reopen_button = QPushButton(_("Reopen"))
        self.check_button = QPushButton(_("Check Library"))
        self.check_button.setToolTip(_("Run every check on every article, in the background"))
        self.configure_button = QPushButton(_("Configure…"))
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(200)
        self.cancel_button = QPushButton(_("Cancel"))
        self.summary_label = QLabel()
        self.summary_label.setObjectName("countLabel")

        self.view = QTreeView()
        self.view.setObjectName("problemsView")
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setExpandsOnDoubleClick(False)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 160), (2, 150), (3, 90)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)

        bar = QHBoxLayout()
        bar.addWidget(self.filter_box, 1)
        bar.addWidget(self.severity_filter)
        bar.addWidget(self.show_dismissed)
        bar.addWidget(self.dismiss_button)
        bar.addWidget(self.reopen_button)
        bar.addWidget(self.configure_button)
        bar.addWidget(self.check_button)
        bar.addWidget(self.progress_bar)
        bar.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary_label)
        self._set_busy(False)
        self._update_buttons()

    def _connect(self) -> None:
        self.filter_box.textChanged.connect(self._apply_filter)
        self.severity_filter.currentIndexChanged.connect(self._apply_filter)
        self.show_dismissed.toggled.connect(self._apply_filter)
        self.view.activated.connect(self._activated)
        self.view.selectionModel().currentChanged.connect(lambda *_args: self._update_buttons())
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.reopen_button.clicked.connect(self.reopen_selected)
        self.check_button.clicked.connect(self.check_library)
        self.cancel_button.clicked.connect(self.cancel_check)
        self.configure_button.clicked.connect(self.configure)
        self.model.modelReset.connect(self._update_summary)
        self.model.rowsInserted.connect(self._update_summary)
        self.model.rowsRemoved.connect(self._update_summary)

    # --- contents --------------------------------------------------------------------------

    def set_library(self, library: Library) -> None:
        if library is self.library:
            return
        self.cancel_check()
        self.library = library
        self.refresh()

    def refresh(self) -> None:
        """Read every stored finding again (after a library-wide check or a switch).

        While the panel is hidden this only notes that it must read them when shown.
        """
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        expanded = self._expanded()
        current = self.selected_finding()
        self.model.set_findings(quality.list_findings(self.library, include_dismissed=True))
        self._restore_expanded(expanded)
        if current is not None:  # keep the editor's place in the list
            self.view.setCurrentIndex(self.model.index_of(current.id))
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh_article(self, article_id: int) -> None:
        """Read one article's findings again (after it was checked, or one was dismissed)."""
        if self._stale or not self.isVisible():
            self._stale = True
            return
        findings = quality.list_findings(self.library, article_id, include_dismissed=True)
        self.model.replace_article(article_id, findings)
        row = self.model.group_row(article_id)
        if row is not None:
            self.view.expand(self.model.index(row, 0))
        self._update_buttons()

    def _expanded(self) -> set[int] | None:
        if not self.model.rowCount():
            return None  # nothing shown yet: expand what comes
        return {
            self.model.article_id(self.model.index(row, 0)) or 0
            for row in range(self.model.rowCount())
            if self.view.isExpanded(self.model.index(row, 0))
        }

    def _restore_expanded(self, expanded: set[int] | None) -> None:
        count = self.model.rowCount()
        for row in range(count):
            index = self.model.index(row, 0)
            if (expanded is None and count <= EXPAND_UP_TO) or (
                expanded is not None and self.model.article_id(index) in expanded
            ):
                self.view.expand(index)

    def _apply_filter(self) -> None:
        expanded = self._expanded()
        self.model.set_filter(
            self.filter_box.text(),
            self.severity_filter.currentData(),
            self.show_dismissed.isChecked(),
        )
        self._restore_expanded(None if self.filter_box.text() else expanded)
        self._update_buttons()

    def _update_summary(self) -> None:
        shown = [f for f in self.model.shown if f.status == "open"]
        errors = sum(1 for f in shown if f.severity == "error")
        warnings = sum(1 for f in shown if f.severity == "warning")
        articles = self.model.rowCount()
        self.summary_label.setText(
            ngettext("{n} error", "{n} errors", errors).format(n=errors)
            + ", "
            + ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings)
            + " · "
            + ngettext("{n} article", "{n} articles", articles).format(n=articles)
        )

    def selected_finding(self) -> FindingView | None:
        return self.model.finding(self.view.currentIndex())

    def _update_buttons(self) -> None:
        finding = self.selected_finding()
        self.dismiss_button.setEnabled(finding is not None and finding.status == "open")
        self.reopen_button.setEnabled(finding is not None and finding.status != "open")

    def _activated(self, index: QModelIndex) -> None:
        finding = self.model.finding(index)
        if finding is not None:
            self.finding_activated.emit(finding.article_id, finding.start, finding.end)
        elif (article_id := self.model.article_id(index)) is not None:
            self.finding_activated.emit(article_id, 0, 0)

    # --- what editors do -------------------------------------------------------------------

    def _push(self, command: ServiceCommand) -> Any:
        try:
            result = command.apply()
        except CuratorError as error:
            self._refused(str(error))
            return None
        self.undo_stack.push(command)
        return result

    def _refused(self, message: str) -> None:
        QMessageBox.warning(self, _("Change not applied"), message)

    def _finding_changed(self, article_id: int) -> None:
        self.refresh_article(article_id)
        self.problems_changed.emit(article_id)

    def ask_reason(self, finding: FindingView) -> str | None:
        """The editor's reason for dismissing; None when cancelled."""
        reason, accepted = QInputDialog.getText(
            self,
            _("Dismiss Problem"),
            _("Why is “{text}” not a problem? The reason is kept in the article's history.").format(
                text=_short(finding.text or finding.check_id, 60)
            ),
        )
        return reason if accepted else None

    def dismiss_selected(self) -> FindingView | None:
        finding = self.selected_finding()
        if finding is None or finding.status != "open":
            return None
        reason = self.ask_reason(finding)
        if reason is None:
            return None
        if not reason.strip():
            self._refused(_("A problem is dismissed only with a reason."))
            return None
        return self._push(
            DismissFinding(self.library, finding, reason, self._finding_changed, self._refused)
        )

    def reopen_selected(self) -> FindingView | None:
        finding = self.selected_finding()
        if finding is None or finding.status == "open":
            return None
        return self._push(
            ReopenFinding(self.library, finding, self._finding_changed, self._refused)
        )

    def configure(self) -> None:
        old = quality.check_config(self.library)
        dialog = CheckConfigDialog(old, self)
        if dialog.exec():
            new = dialog.settings()
            if new != old:
                self._push(
                    EditCheckConfig(self.library, old, new, self._config_changed, self._refused)
                )

    def _config_changed(self) -> None:
        self.refresh()
        self.problems_changed.emit(None)

    # --- checking the library in the background ----------------------------------------------

    @property
    def checking(self) -> bool:
        return self._job is not None

    def check_library(self) -> None:
        if self._job is not None:
            return
        library = self.library
        self._set_busy(True)
        self._job = start_job(
            lambda progress: quality.check_library(library, progress),
            self._check_done,
            self._check_failed,
            self._check_progressed,
        )

    def cancel_check(self) -> None:
        if self._job is not None:
            self._job.progress.cancel()
            self.cancel_button.setEnabled(False)

    def _check_progressed(self, done: int, total: int, _message: str) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.progress_bar.setFormat(_("Checking %v of %m"))

    def _check_done(self, report: LibraryCheckReport) -> None:
        self._job = None
        self._set_busy(False)
        self.refresh()
        self.problems_changed.emit(None)
        self.summary_label.setText(
            ngettext(
                "{n} article checked: {counts} open",
                "{n} articles checked: {counts} open",
                report.articles,
            ).format(
                n=report.articles,
                counts=counts_text(report.errors, report.warnings) or _("nothing"),
            )
            + (" — " + _("cancelled") if report.cancelled else "")
        )
        self.check_finished.emit(report)

    def _check_failed(self, message: str) -> None:
        self._job = None
        self._set_busy(False)
        QMessageBox.critical(self, _("Checking failed"), message)

    def _set_busy(self, busy: bool) -> None:
        self.progress_bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        self.check_button.setEnabled(not busy)
        self.progress_bar.setRange(0, 0)
