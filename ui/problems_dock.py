"""Puts the data-quality checks into the main window, from outside it.

`install_problems_dock(window)` adds the Problems panel as a dock at the bottom (Go ▸
Problems, Ctrl+Shift+P), Edit ▸ Check Library, the badge column's width in the
library list, the jump from a finding to its span in the article text, and the
approval override: when approving is refused for open errors, the editor may give a
reason and approve anyway (one undoable command, the reason kept in the revision).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QFont, QFontMetrics, QTextCursor
from PySide6.QtWidgets import QDockWidget, QHeaderView, QInputDialog, QMenu, QWidget

from curator.articles import ApprovalBlockedError, ArticleChanges, ArticleDetail, update_article
from curator.errors import CuratorError
from curator.i18n import _
from db.library import Library
from ui import keys
from ui.article_list_model import PROBLEMS_COLUMN
from ui.problems_panel import ProblemsPanel
from ui.undo_commands import EditArticleField

if TYPE_CHECKING:
    from ui.main_window import MainWindow

BADGE_COLUMN_WIDTH = 46


class ApproveDespiteErrors(EditArticleField):
    """Approve an article that has open errors, with the editor's reason; undo restores
    the old status (redo approves again with the same reason)."""

    def __init__(
        self,
        library: Library,
        article: ArticleDetail,
        reason: str,
        on_applied: Any,
        on_failed: Any,
    ) -> None:
        super().__init__(library, article, "status", "approved", on_applied, on_failed)
        self._reason = reason
        title = article.title if len(article.title) <= 30 else article.title[:29] + "…"
        self.setText(_("Approve “{title}” despite open errors").format(title=title))

    def _set(self, value: Any) -> ArticleDetail:
        detail = update_article(
            self._library,
            self._article_id,
            ArticleChanges(status=value),
            expected_version=self._version,
            override_reason=self._reason if value == "approved" else None,
        )
        self._version = detail.version
        self._on_applied(detail)
        return detail


def ask_override_reason(parent: QWidget, error: ApprovalBlockedError) -> str | None:
    """The editor's reason for approving despite open errors; None when cancelled."""
    reason, accepted = QInputDialog.getText(
        parent,
        _("Approve Despite Errors"),
        _(
            "Not approved: {problem}.\n\nTo approve anyway, say why; the reason is kept in"
            " the article's history."
        ).format(problem=error.message),
    )
    return reason.strip() if accepted and reason.strip() else None


def edit_field(window: MainWindow, field: str, value: Any) -> None:
    """The record pane's edits: approving an article with open errors may be overridden."""
    article = window.record_pane.article
    if field != "status" or value != "approved" or article is None:
        window.edit_field(field, value)
        return
    command = EditArticleField(
        window.library, article, field, value, window._article_changed, window._edit_refused
    )
    try:
        command.apply()
    except ApprovalBlockedError as error:
        reason = ask_override_reason(window, error)
        if reason is None:
            window.record_pane.show_article(article)
            window.record_pane.show_error(str(error))
            return
        command = ApproveDespiteErrors(
            window.library, article, reason, window._article_changed, window._edit_refused
        )
        try:
            command.apply()
        except CuratorError as refused:
            window.record_pane.show_article(article)
            window.record_pane.show_error(str(refused))
            return
    except CuratorError:
        window.edit_field(field, value)  # refused otherwise (a conflict...): the usual way
        return
    window.undo_stack.push(command)


def show_span(window: MainWindow, article_id: int, start: int, end: int) -> None:
    """Select the article in the list and the span in its text."""
    window.go_to_article(article_id)
    if window.source_pane.article_id != article_id:
        return
    text = window.source_pane.text
    length = len(text.toPlainText())
    cursor = text.textCursor()
    cursor.setPosition(min(start, length))
    cursor.setPosition(min(end, length), QTextCursor.MoveMode.KeepAnchor)
    text.setTextCursor(cursor)
    text.ensureCursorVisible()
    text.setFocus(Qt.FocusReason.OtherFocusReason)


def _menu_with(window: MainWindow, action: QAction) -> QMenu | None:
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is not None and action in menu.actions():
            return menu
    return None


def _toggle(dock: QDockWidget, panel: ProblemsPanel) -> None:
    """Show the panel and put the keyboard in it; hide it when it already has it."""
    if dock.isVisible() and (panel.view.hasFocus() or panel.filter_box.hasFocus()):
        dock.hide()
        return
    dock.show()
    dock.raise_()
    panel.view.setFocus(Qt.FocusReason.ShortcutFocusReason)


def install_problems_dock(window: MainWindow) -> ProblemsPanel:
    panel = ProblemsPanel(window.library, window.undo_stack, window)
    dock = QDockWidget(_("Problems"), window)
    dock.setObjectName("problemsDock")
    dock.setWidget(panel)
    if not window.restoreDockWidget(dock):  # where the editor left it, when saved
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        dock.hide()  # until asked for; the list's badges show where the problems are
    window.problems_panel = panel  # type: ignore[attr-defined]
    window.problems_dock = dock  # type: ignore[attr-defined]

    toggle = QAction(_("Pro&blems"), window)
    keys.bind(toggle, "problems")
    toggle.setStatusTip(_("Show the problems the checks found, article by article"))
    toggle.triggered.connect(lambda: _toggle(dock, panel))
    check = QAction(_("&Check Library"), window)
    check.setStatusTip(_("Run every data-quality check on every article, in the background"))

    def check_library() -> None:
        dock.show()
        panel.check_library()

    check.triggered.connect(check_library)
    for anchor, action in ((window.next_action, toggle), (window.undo_action, check)):
        menu = _menu_with(window, anchor)
        if menu is not None:
            menu.addAction(action)
        else:
            window.addAction(action)
    window.problems_action = toggle  # type: ignore[attr-defined]
    window.check_library_action = check  # type: ignore[attr-defined]

    header = window.library_pane.view.horizontalHeader()
    if header.count() > PROBLEMS_COLUMN:
        header.setSectionResizeMode(PROBLEMS_COLUMN, QHeaderView.ResizeMode.Fixed)
        heading = str(window.model.headerData(PROBLEMS_COLUMN, Qt.Orientation.Horizontal,
                                              Qt.ItemDataRole.DisplayRole))  # fmt: skip
        bold = QFont(header.font())
        bold.setWeight(QFont.Weight.DemiBold)  # the style sheet's header weight
        width = QFontMetrics(bold).horizontalAdvance(heading) + 24  # section padding
        header.resizeSection(PROBLEMS_COLUMN, max(BADGE_COLUMN_WIDTH, width))

    panel.finding_activated.connect(lambda a, s, e: show_span(window, a, s, e))

    def problems_changed(article_id: int | None) -> None:
        if article_id is None:
            window.model.refresh_problems()
        else:
            window.model.refresh_article(article_id)

    panel.problems_changed.connect(problems_changed)

    def rows_changed(top_left: QModelIndex, bottom_right: QModelIndex, *_roles: Any) -> None:
        # One row re-read after an edit (the approval gate and a new language or date
        # re-run the checks): show that article's findings as they are now.
        if top_left.row() == bottom_right.row() and top_left.column() == 0:
            article_id = window.model.article_id(top_left.row())
            if article_id is not None:
                panel.refresh_article(article_id)

    window.model.dataChanged.connect(rows_changed)
    window.model.modelReset.connect(lambda: panel.set_library(window.library))
    window.import_finished.connect(lambda _report: panel.refresh())
    # Saved elsewhere (a dismissal on the command line, another window's edit): the list
    # re-reads its badges as it reloads; the panel re-reads its findings with them.
    window.library_changed_elsewhere.connect(panel.refresh)

    window.record_pane.edit_requested.disconnect(window.edit_field)
    window.record_pane.edit_requested.connect(lambda field, value: edit_field(window, field, value))
    return panel
