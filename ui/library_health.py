"""The window's side of a library in trouble: busy, or damaged.

- A save refused because another program held the library busy is offered again in a
  bar under the banner (the typed value stays in its field): Retry saves it.
- The library is checked in the background when it is shown; damage found then, or by
  any later read or write, turns the banner into a warning and the library read-only.
- File ▸ Recover into New Library… copies what can be read into a new library and opens it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton

from curator import recovery
from curator.errors import CuratorError
from curator.i18n import _
from db.library import Library
from ui.workers import start_job

if TYPE_CHECKING:
    from ui.main_window import MainWindow

VERIFY_DELAY_MS = 300


class RetryBar(QFrame):
    """Why a save was refused, with Retry and Dismiss; hidden while there is nothing to retry."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("retryBar")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.retry_button = QPushButton(_("&Retry"))
        self.dismiss_button = QPushButton(_("Dismiss"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 12, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry_button)
        layout.addWidget(self.dismiss_button)
        self._retry: Callable[[], None] | None = None
        self.retry_button.clicked.connect(self._retry_now)
        self.dismiss_button.clicked.connect(self.clear)
        self.hide()

    def offer(self, message: str, retry: Callable[[], None]) -> None:
        self.label.setText(message)
        self._retry = retry
        self.show()

    def clear(self) -> None:
        self._retry = None
        self.hide()

    def _retry_now(self) -> None:
        retry, self._retry = self._retry, None
        self.hide()
        if retry is not None:
            retry()  # offers itself again if still refused


class LibraryHealth(QObject):
    """Watches the window's library for damage and owns the retry bar."""

    damaged = Signal(str)  # from any thread; handled on the GUI thread

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.retry_bar = RetryBar()
        self._watched: Library | None = None
        self._listener = self.damaged.emit  # one object, to add and remove as a listener
        self.damaged.connect(self._show_damage)

    def offer_retry(self, message: str, retry: Callable[[], None]) -> None:
        self.retry_bar.offer(message, retry)

    def library_shown(self, library: Library) -> None:
        """Listen to the library now shown, and check it in the background."""
        self.retry_bar.clear()
        if self._watched is not library:
            if self._watched is not None and self._listener in self._watched.damage_listeners:
                self._watched.damage_listeners.remove(self._listener)
            library.damage_listeners.append(self._listener)
            self._watched = library
        if library.damage:
            self._show_damage(library.damage)
        elif not library.read_only:
            # After the first paint, so the check (seconds at 100k articles, on the
            # second core) does not slow the window down while it appears.
            QTimer.singleShot(VERIFY_DELAY_MS, self, partial(self._verify_later, library))

    def _verify_later(self, library: Library) -> None:
        if self.window.isVisible() and library is self.window.library and not library.read_only:
            start_job(lambda _progress: _verify(library), self._checked, self._checked)

    def _checked(self, _result: object) -> None:
        """Damage arrives through `damaged`; nothing else to do."""

    def _show_damage(self, message: str) -> None:
        self.window.banner.say(message)
        self.window.statusBar().showMessage(_("This library is damaged; it is read-only."), 10000)

    def choose_recovery_target(self) -> None:
        source = self.window.library.path
        path, _filter = QFileDialog.getSaveFileName(
            self.window,
            _("Recover into New Library"),
            str(source.with_name(f"{source.stem}-recovered.sqlite")),
            _("Curator libraries (*.sqlite)"),
        )
        if path:
            self.recover_into(Path(path))

    def recover_into(self, target: Path) -> None:
        """Copy what can be read into `target` and open it in this window."""
        try:
            report = recovery.recover_library(self.window.library.path, target)
        except CuratorError as error:
            QMessageBox.warning(self.window, _("Cannot recover"), str(error))
            return
        self.window.switch_library(report.target, create=False)
        self.window.statusBar().showMessage(report.summary(), 15000)


def _verify(library: Library) -> bool:
    try:
        library.verify()
    except CuratorError:
        return False  # reported through the damage listeners
    return True


def install_library_health(window: MainWindow) -> LibraryHealth:
    """Put the retry bar under the window's banner and File ▸ Recover into New Library…"""
    health = LibraryHealth(window)
    holder = window.banner.parentWidget()
    holder.layout().insertWidget(1, health.retry_bar)
    action = QAction(_("Re&cover into New Library…"), window)
    action.setStatusTip(_("Copy what can be read from a damaged library into a new one"))
    action.triggered.connect(health.choose_recovery_target)
    file_menu = window.menuBar().actions()[0].menu()
    restore = next(a for a in file_menu.actions() if a.text() == _("&Restore from Backup…"))
    following = file_menu.actions()[file_menu.actions().index(restore) + 1]
    file_menu.insertAction(following, action)
    window.recover_action = action
    health.library_shown(window.library)
    window.library_shown.connect(health.library_shown)
    # Any change saved (or undone) since makes an old retry stale: it could overwrite it.
    window.undo_stack.indexChanged.connect(lambda _index: health.retry_bar.clear())
    return health
