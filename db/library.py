"""Opening a library file: checks, schema upgrades, and the session factory.

A library is one SQLite file. Before anything is written to an existing file we look
at it read-only: a file that is not SQLite, a SQLite file that is not a Curator
library, or a library written by a newer Curator is refused with a message and left
untouched. Older libraries are upgraded through the migrations in db/migrations.

Writers: every write session takes SQLite's write lock when it begins (BEGIN
IMMEDIATE), so two processes queue for it within the busy timeout instead of one
failing half-way (a deferred transaction that has read cannot wait for the lock).
Read sessions (`Library.reading`) stay deferred and never wait. Damage: cheap checks
of the header run at open; `PRAGMA integrity_check` runs once before the first write
(db.health), and a damaged library is switched to read-only.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from db import health, migrations
from db.errors import (
    CuratorError,
    DamagedLibraryFileError,
    LibraryDamagedError,
    LibraryOpenError,
    NotALibraryError,
)

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


#: Execution option marking a session that only reads: its transaction stays deferred.
READING = "curator_reading"


def _begin(connection) -> None:  # type: ignore[no-untyped-def]
    connection.exec_driver_sql("BEGIN")


def _begin_for_writing(connection) -> None:  # type: ignore[no-untyped-def]
    # Take the write lock now, waiting up to the busy timeout for another writer.
    reading = connection.get_execution_options().get(READING, False)
    connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


def make_engine(path: Path, read_only: bool = False) -> Engine:
    if read_only:
        engine = create_engine(f"sqlite:///{read_only_uri(path)}&uri=true")
        event.listen(engine, "connect", _set_read_only_pragmas)
        event.listen(engine, "begin", _begin)
    else:
        engine = create_engine(f"sqlite:///{path}")
        event.listen(engine, "connect", _set_sqlite_pragmas)
        event.listen(engine, "begin", _begin_for_writing)
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
        raise DamagedLibraryFileError(
            f"{path}: is damaged: the file is shorter than its header says (it was cut "
            "short, perhaps by a failed copy). Open a backup instead; this file was not changed.",
            path,
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
        raise DamagedLibraryFileError(
            f"{path}: is damaged or not a library ({error}). {health.WAY_OUT}", path
        ) from error
    if row is None:  # not blank, and of unknown schema
        raise DamagedLibraryFileError(
            f"{path}: is damaged: its schema version row is missing, so Curator cannot tell "
            f"which version wrote it; nothing was changed. {health.WAY_OUT}",
            path,
        )
    return row[0]


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
        self.read_only = read_only
        #: Why the library is damaged, once found (it is then open read-only).
        self.damage: str | None = None
        #: Called with the reason when damage is found (from any thread).
        self.damage_listeners: list[Callable[[str], None]] = []
        self._verified = read_only
        self._verify_lock = threading.Lock()
        self._commit_watchers: list[CommitWatcher] = []
        self._bind(engine)

    def _bind(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._readers = sessionmaker(
            engine.execution_options(**{READING: True}), expire_on_commit=False
        )
        if not self.read_only:
            event.listen(engine, "before_cursor_execute", self._before_write)
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
            if revision is None and not create:  # never make a library out of a read
                raise NotALibraryError(
                    f"{path}: is empty, not a Curator library; nothing was changed."
                )
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
        library = cls(path, make_engine(path))
        stamps = health.verified_stamps
        # Nothing there yet to be damaged, or unchanged since it was last seen sound.
        library._verified = revision is None or bool(stamps and stamps.vouches_for(path))
        try:
            migrations.upgrade_to_head(library.engine, revision)
        except (DBAPIError, CuratorError) as error:
            library.close()
            named = health.storage_error(path, error) if isinstance(error, DBAPIError) else error
            raise NotALibraryError(f"{path}: cannot be upgraded: {named}") from error
        except BaseException:
            library.close()
            raise
        return library

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
        """One unit of work that may write: it holds the write lock from its start, and
        is committed as a whole, or rolled back on any error.

        A database failure is rolled back and raised as a named one-line error
        (db.health.storage_error): busy, disk full, read-only, damaged, ...
        """
        with self._scope(self._sessions) as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A unit of work that only reads: deferred, so it never waits for a writer."""
        with self._scope(self._readers) as session:
            yield session

    @contextmanager
    def _scope(self, factory: sessionmaker[Session]) -> Iterator[Session]:
        session = factory()
        damaged: LibraryDamagedError | None = None
        try:
            yield session
            session.commit()
            for watcher in list(self._commit_watchers):
                watcher.after_own_commit()
        except DBAPIError as error:
            _quiet_rollback(session)
            if isinstance(error, IntegrityError):
                raise
            named = health.storage_error(self.path, error)
            if self.damage is not None:  # refused by the read-only engine: say why
                named = LibraryDamagedError(self.damage)
            elif isinstance(named, LibraryDamagedError):
                damaged = named
            raise named from error
        except LibraryDamagedError as error:
            _quiet_rollback(session)
            damaged = error
            raise
        except (ValueError, TypeError, KeyError, UnicodeError) as error:
            # What a flipped bit in a stored value looks like to the ORM (a date that
            # does not parse, ...): damage if SQLite agrees, else a bug to surface.
            _quiet_rollback(session)
            problem = health.check(read_only_uri(self.path))
            if problem is None:
                raise
            damaged = LibraryDamagedError(health.damaged_message(self.path, problem))
            raise damaged from error
        except BaseException:
            _quiet_rollback(session)
            raise
        finally:
            session.close()
            if damaged is not None:
                self.mark_damaged(str(damaged))

    # --- damage ---------------------------------------------------------------------

    def _before_write(self, _conn, _cursor, statement: str, *_args) -> None:  # type: ignore[no-untyped-def]
        if not self._verified and health.is_write(statement):
            self.verify()

    def verify(self) -> None:
        """Run the integrity check once (before the first write); on damage, switch to
        read-only and raise LibraryDamagedError. Safe to call from any thread."""
        with self._verify_lock:
            if self._verified:
                if self.damage:
                    raise LibraryDamagedError(self.damage)
                return
            problem = health.check(read_only_uri(self.path))
            self._verified = True
        if problem is not None:
            message = health.damaged_message(self.path, problem)
            self.mark_damaged(message)
            raise LibraryDamagedError(message)

    def mark_damaged(self, message: str) -> None:
        """Remember the damage and stop writing: the library is reopened read-only."""
        if self.damage is not None:
            return
        self.damage = message
        self._verified = True
        if not self.read_only:
            old = self.engine
            self.read_only = True
            self._bind(make_engine(self.path, read_only=True))
            old.dispose()
        for listener in list(self.damage_listeners):
            listener(message)

    def close(self) -> None:
        self.engine.dispose()
        stamps = health.verified_stamps
        if stamps is not None and self._verified and not self.read_only and not self.damage:
            stamps.record(self.path)


def _quiet_rollback(session: Session) -> None:
    """Roll back; a library too damaged to roll back has nothing of ours to undo."""
    with suppress(DBAPIError, CuratorError):
        session.rollback()
