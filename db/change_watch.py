"""Noticing that another process or window committed to the library, not we ourselves.

SQLite's `PRAGMA data_version` answers, on one connection, whether any *other*
connection has committed since it was last asked; it costs no I/O beyond the shared
WAL index. (A file watcher misses commits that only reach the -wal file when that file
did not exist as the watch began, the usual case right after opening a library.)

Our own commits change it too, so the library tells the watch around each of them
(`Library.add_commit_watcher`): just before our commit — when we hold the write lock,
so nobody else can commit until it is done — a changed version can only be someone
else's; just after it, the new version is ours and is taken as seen.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing

from db.library import BUSY_TIMEOUT_MS, Library


class DataVersionWatch:
    """`changed()` is true once after others' commits, and never for the library's own."""

    def __init__(self, library: Library) -> None:
        self._library = library
        self._lock = threading.Lock()  # our commits come from the writer thread too
        self._connection: sqlite3.Connection | None = sqlite3.connect(
            str(library.path), isolation_level=None, check_same_thread=False
        )
        self._connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        self._version = self._read()
        self._others = False  # someone else committed, seen just before one of ours
        self._ours = threading.local()  # .wrote: the commit under way on this thread wrote
        library.add_commit_watcher(self)

    def _read(self) -> int | None:
        if self._connection is None:
            return None
        try:
            with closing(self._connection.execute("PRAGMA data_version")) as cursor:
                return int(cursor.fetchone()[0])
        except sqlite3.Error:
            return None  # locked or gone for a moment: ask again on the next poll

    def before_own_commit(self, wrote: bool) -> None:
        with self._lock:
            version = self._read()
            if version is not None and version != self._version:
                self._others = True
                self._version = version
        self._ours.wrote = wrote

    def after_own_commit(self) -> None:
        """Take the version our write made as seen (a read-only commit changes nothing, and
        holds no lock, so whatever changed since is someone else's: left for `changed`)."""
        if not getattr(self._ours, "wrote", False):
            return
        self._ours.wrote = False
        with self._lock:
            version = self._read()
            if version is not None:
                self._version = version

    def changed(self) -> bool:
        """Whether others committed since the last call."""
        with self._lock:
            version = self._read()
            others = self._others or (version is not None and version != self._version)
            if version is not None:
                self._version = version
            self._others = False
            return others

    def close(self) -> None:
        self._library.remove_commit_watcher(self)
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
