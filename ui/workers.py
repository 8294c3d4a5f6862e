"""The one way long work runs off the GUI thread.

A job is a plain function taking a `Progress`; it never touches widgets. Its progress,
result and error come back on the GUI thread as signals. Jobs that write the library
run on a pool of one thread, so writes are serialised.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from curator.progress import Progress


class JobSignals(QObject):
    progressed = Signal(int, int, str)  # done, total, message
    finished = Signal(object)  # the job's result
    failed = Signal(str)  # a message for the editor


class Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.signals = JobSignals()
        self.progress = Progress(self.signals.progressed.emit)
        self._work = work

    def run(self) -> None:
        try:
            result = self._work(self.progress)
        except Exception as error:  # reported to the editor, never lost in a thread
            traceback.print_exc()
            self.signals.failed.emit(str(error) or type(error).__name__)
        else:
            self.signals.finished.emit(result)


_writer_pool: QThreadPool | None = None


def writer_pool() -> QThreadPool:
    global _writer_pool
    if _writer_pool is None:
        _writer_pool = QThreadPool()
        _writer_pool.setMaxThreadCount(1)
    return _writer_pool


def start_job(
    work: Callable[[Progress], Any],
    on_finished: Callable[[Any], None],
    on_failed: Callable[[str], None],
    on_progress: Callable[[int, int, str], None] | None = None,
) -> Job:
    """Run `work` on the writer thread; callbacks arrive on the GUI thread."""
    job = Job(work)
    job.setAutoDelete(False)
    job.signals.finished.connect(on_finished)
    job.signals.failed.connect(on_failed)
    if on_progress is not None:
        job.signals.progressed.connect(on_progress)
    writer_pool().start(job)
    return job
