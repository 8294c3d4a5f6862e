"""Noticing that another connection (another window, the command line) committed.

SQLite's `PRAGMA data_version` answers, on one connection, whether any *other*
connection has committed since it was last asked; it costs no I/O beyond the shared
WAL index. A file watcher misses commits that only reach the -wal file when the file
did not exist when the watch began (the usual case right after opening a library).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from db.library import BUSY_TIMEOUT_MS


class DataVersionWatch:
    """Holds its own connection; `changed()` is true once per batch of others' commits."""

    def __init__(self, path: Path) -> None:
        self._connection: sqlite3.Connection | None = sqlite3.connect(
            str(path), isolation_level=None, check_same_thread=False
        )
        self._connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        self._version = self._read()

    def _read(self) -> int | None:
        if self._connection is None:
            return None
        try:
            with closing(self._connection.execute("PRAGMA data_version")) as cursor:
                return int(cursor.fetchone()[0])
        except sqlite3.Error:
            return None  # locked or gone for a moment: ask again on the next poll

    def changed(self) -> bool:
        version = self._read()
        if version is None or version == self._version:
            return False
        self._version = version
        return True

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
