"""Is a library sound, and what does a database failure mean for the editor?

Two jobs, both small: `check` runs SQLite's own check (PRAGMA integrity_check)
before the first write of a session of work, and `storage_error` turns any DBAPI error
into a named, one-line CuratorError (busy, disk full, read-only, damaged, other).
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing, suppress
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from db.errors import (
    CuratorError,
    LibraryBusyError,
    LibraryDamagedError,
    LibraryStorageError,
    LibraryWriteError,
)

WAY_OUT = (
    "Restore a backup, or recover what can be read into a new library (both in the File "
    "menu; `curator restore`, `curator recover`)."
)

#: SQLite error name: (the cause, what the editor can do).
_WRITE_FAILURES = {
    "SQLITE_FULL": ("the disk is full", " Free some space and try again."),
    "SQLITE_READONLY": ("the library is read-only", ""),
    "SQLITE_IOERR": ("the disk reported an error while saving", ""),
    "SQLITE_CANTOPEN": ("the library's folder cannot be written", ""),
}
_BUSY_REASON = "another program kept the library busy saving for too long"
_BUSY = ("SQLITE_BUSY", "SQLITE_LOCKED")
_DAMAGED = ("SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_FORMAT", "SQLITE_SCHEMA")
#: Messages of errors that only a damaged file produces (e.g. a schema row whose table
#: name was flipped makes every query of that table "no such table").
_DAMAGED_HINTS = ("malformed", "no such table", "no such column", "not a database")
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


def is_write(statement: str) -> bool:
    return statement.lstrip()[:7].upper().startswith(_WRITES)


def check(uri: str) -> str | None:
    """SQLite's integrity_check of the library at `uri` (read-only): None when sound, else
    its first findings. Pages, records and indexes: at 100k articles about as fast as
    quick_check, and it also finds an index that disagrees with its table."""
    try:
        with closing(sqlite3.connect(uri, uri=True)) as connection:
            rows = [row[0] for row in connection.execute("PRAGMA integrity_check(5)")]
    except sqlite3.DatabaseError as error:
        name = getattr(error, "sqlite_errorname", "") or ""
        if name.startswith(_DAMAGED) or any(hint in str(error) for hint in _DAMAGED_HINTS):
            return str(error)
        return None  # could not look (file gone, busy): no claim of damage
    if rows == ["ok"]:
        return None
    findings = [
        line
        for row in rows
        for line in str(row).splitlines()
        if line.strip() and not line.startswith("*** in database")
    ]
    return "; ".join(findings[:2]) + ("; …" if len(findings) > 2 else "")


class VerifiedStamps:
    """Which library files were last seen sound, so a large library is not checked again
    before every command's first write (integrity_check takes seconds at 100k articles).

    A stamp is the file's size and modification time, recorded when a library that was
    checked (or known sound) is closed with no -wal file left beside it; any later change
    to the file by anyone changes the stamp and brings the check back.
    """

    def __init__(self, file: Path) -> None:
        self.file = file

    @staticmethod
    def stamp(path: Path) -> str | None:
        try:
            if Path(f"{path}-wal").exists():
                return None  # changes may sit in the -wal: nothing settled to vouch for
            status = path.stat()
        except OSError:
            return None
        return f"{status.st_size}:{status.st_mtime_ns}"

    def vouches_for(self, path: Path) -> bool:
        current = self.stamp(path)
        return current is not None and self._load().get(str(path.resolve())) == current

    def record(self, path: Path) -> None:
        current = self.stamp(path)
        if current is None:
            return
        stamps = self._load()
        stamps[str(path.resolve())] = current
        with suppress(OSError):  # a cache: losing it only costs a check
            self.file.parent.mkdir(parents=True, exist_ok=True)
            partial = self.file.with_suffix(".partial")
            partial.write_text(json.dumps(stamps), encoding="utf-8")
            os.replace(partial, self.file)

    def _load(self) -> dict[str, str]:
        try:
            loaded = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return loaded if isinstance(loaded, dict) else {}


#: Set by the front ends (curator.cli, ui.app) to their data folder's stamps file.
verified_stamps: VerifiedStamps | None = None


def remember_verified_in(file: Path) -> None:
    global verified_stamps
    verified_stamps = VerifiedStamps(file)


def damaged_message(path: Path, problem: str) -> str:
    return (
        f"{path.name}: is damaged ({_shorten(problem)}); it is open read-only, and nothing "
        f"was saved to it. {WAY_OUT}"
    )


def storage_error(path: Path, error: DBAPIError) -> CuratorError:
    """The named error for a database failure under a service (IntegrityErrors excepted)."""
    original = error.orig
    name = getattr(original, "sqlite_errorname", "") or ""
    text = str(original)
    if name.startswith(_BUSY):
        return LibraryBusyError(
            f"{path.name}: {_BUSY_REASON}; nothing was saved. Try again.", _BUSY_REASON
        )
    for prefix, (reason, advice) in _WRITE_FAILURES.items():
        if name.startswith(prefix):
            return LibraryWriteError(f"{path.name}: {reason}; nothing was saved.{advice}", reason)
    if name.startswith(_DAMAGED) or any(hint in text for hint in _DAMAGED_HINTS):
        return LibraryDamagedError(damaged_message(path, text))
    return LibraryStorageError(f"{path.name}: the library could not be used ({_shorten(text)}).")


def _shorten(text: str, limit: int = 160) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
