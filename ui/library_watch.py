"""Tells the window when another window or process saved to its library.

Polls `db.change_watch.DataVersionWatch` a few times a second (a pragma: no disk
reads) and emits `changed` once the commits have settled, so a burst of writes (an
import in another process) costs one refresh, and a single change is shown within
a second.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from db.change_watch import DataVersionWatch
from db.library import Library

POLL_MS = 250
SETTLE_MS = 300  # after the last commit seen: let a burst of writes finish


class LibraryWatch(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watch: DataVersionWatch | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.changed)

    def watch(self, library: Library) -> None:
        """Follow `library` (and stop following the one before)."""
        self.stop()
        if library.read_only:
            return  # opened immutable: nobody may change it while it is open here
        self._watch = DataVersionWatch(library)
        self._poll.start()

    def stop(self) -> None:
        self._poll.stop()
        self._settle.stop()
        if self._watch is not None:
            self._watch.close()
            self._watch = None

    def _check(self) -> None:
        if self._watch is not None and self._watch.changed():
            self._settle.start()
