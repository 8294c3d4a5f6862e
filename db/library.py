"""Opening a library file: checks, schema upgrades, and the session factory.

A library is one SQLite file. Before anything is written to an existing file we look
at it read-only: a file that is not SQLite, a SQLite file that is not a Curator
library, or a library written by a newer Curator is refused with a message and left
untouched. Older libraries are upgraded through the migrations in db/migrations.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from db import migrations
from db.errors import LibraryOpenError, LibraryWriteError, NotALibraryError

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 64 * 1024


def _set_sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
    dbapi_connection.isolation_level = None
    with closing(dbapi_connection.cursor()) as cursor:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        _set_cache_pragmas(cursor)


def _set_read_only_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.isolation_level = None
    with closing(dbapi_connection.cursor()) as cursor:
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        _set_cache_pragmas(cursor)


def _set_cache_pragmas(cursor: sqlite3.Cursor) -> None:
    # The default 2 MB page cache is too small once the indexes of a large library
    # (content hashes are random keys) outgrow it; imports then crawl.
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cursor.execute("PRAGMA temp_store=MEMORY")


def _begin(connection) -> None:  # type: ignore[no-untyped-def]
    connection.exec_driver_sql("BEGIN")


def make_engine(path: Path, read_only: bool = False) -> Engine:
    if read_only:
        engine = create_engine(f"sqlite:///{read_only_uri(path)}&uri=true")
        event.listen(engine, "connect", _set_read_only_pragmas)
    else:
        engine = create_engine(f"sqlite:///{path}")
        event.listen(engine, "connect", _set_sqlite_pragmas)
    event.listen(engine, "begin", _begin)
    return engine


def read_only_uri(path: Path) -> str:
    """An SQLite URI that reads `path` and writes nothing, not even -wal or -shm files.

    Read-only is not enough for a WAL library: SQLite would still create -wal and -shm
    files beside it. With no journal beside it the file holds everything, so we may read
    it as immutable, which writes nothing at all.
    """
    settled = not any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-journal"))
    return f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if settled else "")


def is_writable(path: Path) -> bool:
    """Whether the library file and its folder (for the -wal and -shm files) can be written."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def inspect_existing_file(path: Path) -> str | None:
    """Return the schema revision of an existing library (None for a blank file).

    Reads the file read-only; raises LibraryOpenError for anything we must not touch.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise LibraryOpenError(f"{path}: cannot be read ({error.strerror}).") from error
    if not header:
        return None
    if header[: len(SQLITE_MAGIC)] != SQLITE_MAGIC:
        raise NotALibraryError(f"{path}: is not a Curator library (not an SQLite database).")
    if _truncated(path, header):
        raise NotALibraryError(
            f"{path}: is damaged: the file is shorter than its header says (it was cut "
            "short, perhaps by a failed copy). Open a backup instead; this file was not changed."
        )
    try:
        with closing(sqlite3.connect(read_only_uri(path), uri=True)) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if not tables:
                return None
            if "alembic_version" not in tables:
                raise NotALibraryError(f"{path}: is an SQLite database but not a Curator library.")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise NotALibraryError(f"{path}: is damaged or not a library ({error}).") from error
    return row[0] if row else None


def _truncated(path: Path, header: bytes) -> bool:
    """Whether the file holds fewer pages than its header records (checked only when no
    -wal file is beside it: until a checkpoint the header may run ahead of the file)."""
    if len(header) < 100 or Path(f"{path}-wal").exists():
        return len(header) < 100
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[92:96] == header[96:100]  # the page count is trusted only then
    return bool(valid and pages and path.stat().st_size < pages * page_size)


_WRITE_FAILURES = {
    "SQLITE_FULL": "the disk is full; nothing was saved. Free some space and try again.",
    "SQLITE_READONLY": "the library is read-only; nothing was saved.",
    "SQLITE_IOERR": "the disk reported an error while saving; nothing was saved.",
    "SQLITE_CANTOPEN": "the library's folder cannot be written; nothing was saved.",
}


def _write_failure(error: OperationalError) -> str | None:
    """The editor's reason for a failed write, or None for an error that is not one."""
    name = getattr(error.orig, "sqlite_errorname", "") or ""
    for prefix, reason in _WRITE_FAILURES.items():
        if name.startswith(prefix):
            return reason
    return None


class CommitWatcher(Protocol):
    def before_own_commit(self, wrote: bool) -> None: ...

    def after_own_commit(self) -> None: ...


_CHANGES_AT_BEGIN = "curator_changes_at_begin"


def _changes(connection: Connection) -> int:
    """Rows this SQLite connection has changed since it opened."""
    return connection.connection.dbapi_connection.total_changes  # type: ignore[union-attr]


def _note_changes(connection: Connection) -> None:
    connection.info[_CHANGES_AT_BEGIN] = _changes(connection)


class Library:
    """An open library: the file, its engine and a session factory."""

    def __init__(self, path: Path, engine: Engine, read_only: bool = False) -> None:
        self.path = path
        self.engine = engine
        self.read_only = read_only
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._commit_watchers: list[CommitWatcher] = []
        event.listen(engine, "begin", _note_changes)
        event.listen(engine, "commit", self._before_commit)

    def add_commit_watcher(self, watcher: CommitWatcher) -> None:
        """Tell `watcher` around each of this library's own commits (any thread), so it
        can tell them from other processes' (db/change_watch.py)."""
        self._commit_watchers.append(watcher)

    def remove_commit_watcher(self, watcher: CommitWatcher) -> None:
        if watcher in self._commit_watchers:
            self._commit_watchers.remove(watcher)

    def _before_commit(self, connection: Connection) -> None:
        if not self._commit_watchers:
            return
        wrote = _changes(connection) != connection.info.get(_CHANGES_AT_BEGIN)
        for watcher in list(self._commit_watchers):
            watcher.before_own_commit(wrote)

    @classmethod
    def open(
        cls, path: Path | str, *, create: bool = True, read_only: bool | None = None
    ) -> Library:
        """Open (and upgrade) the library at `path`, creating it when allowed.

        A library in a place we cannot write (or with `read_only=True`) is opened
        read-only: it can be read, searched and exported; every change is refused.
        """
        path = Path(path).expanduser()
        if path.exists():
            if path.is_dir():
                raise LibraryOpenError(f"{path}: is a folder, not a library file.")
            revision = inspect_existing_file(path)
            migrations.check_known(revision, path)
            if read_only or (read_only is None and not is_writable(path)):
                return cls._open_read_only(path, revision)
        elif not create:
            raise LibraryOpenError(f"{path}: no library at this path.")
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise LibraryOpenError(
                    f"{path}: cannot create the library here ({error.strerror})."
                ) from error
            revision = None
        engine = make_engine(path)
        try:
            migrations.upgrade_to_head(engine, revision)
        except Exception:
            engine.dispose()
            raise
        return cls(path, engine)

    @classmethod
    def _open_read_only(cls, path: Path, revision: str | None) -> Library:
        if revision != migrations.head_revision():
            raise LibraryOpenError(
                f"{path}: is read-only and was made by an older Curator; it needs upgrading, "
                "which means writing to it. Copy it somewhere writable and open the copy."
            )
        return cls(path, make_engine(path, read_only=True), read_only=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed as a whole, or rolled back on any error.

        A write the disk refuses (read-only, full, failing) is rolled back and raised as
        LibraryWriteError, a message for the editor rather than a traceback.
        """
        session = self._sessions()
        try:
            yield session
            session.commit()
            for watcher in list(self._commit_watchers):
                watcher.after_own_commit()
        except OperationalError as error:
            session.rollback()
            reason = _write_failure(error)
            if reason is None:
                raise
            raise LibraryWriteError(f"{self.path.name}: {reason}") from error
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()
