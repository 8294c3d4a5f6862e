"""Copying what can still be read out of a damaged library into a new one.

Every table of the new library's schema is filled from the damaged file row by row where
SQLite can read it: rows are read in rowid ranges, and a range that fails is retried
one rowid at a time, so one bad page costs the rows on it and no more. The full-text
index is rebuilt by its own triggers as articles go in; rows whose parent was lost
(an annotation of a lost article) are dropped at the end so the new library is sound.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

CHUNK = 500
#: After this many rowids in a row that cannot be read, a table is taken as read out.
GIVE_UP_AFTER = 2000


@dataclass(slots=True)
class TableRecovery:
    name: str
    copied: int = 0
    unreadable: int = 0  # rowid ranges or rows SQLite refused to read
    orphans_dropped: int = 0


@dataclass(slots=True)
class Recovery:
    tables: dict[str, TableRecovery] = field(default_factory=dict)

    @property
    def copied(self) -> int:
        return sum(table.copied for table in self.tables.values())

    @property
    def lost_something(self) -> bool:
        return any(t.unreadable or t.orphans_dropped for t in self.tables.values())


def _tables(connection: sqlite3.Connection) -> list[str]:
    """The plain tables of a schema, parents before children (by foreign keys)."""
    rows = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    names = [
        name
        for name, _sql in rows
        if name != "alembic_version"
        and name not in virtual
        and not any(name.startswith(f"{table}_") for table in virtual)
    ]
    parents = {
        name: {row[2] for row in connection.execute(f'PRAGMA foreign_key_list("{name}")')}
        for name in names
    }
    ordered: list[str] = []
    while len(ordered) < len(names):
        waiting = [name for name in names if name not in ordered]
        ready = [name for name in waiting if parents[name] <= {*ordered, name}]
        ordered.extend(ready or waiting)  # a cycle: order no longer matters, keys are off
    return ordered


def _columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]


def _readable_rows(
    source: sqlite3.Connection, table: str, columns: list[str], status: TableRecovery
) -> Iterator[tuple]:
    listed = ", ".join(f'"{column}"' for column in columns)
    after, misses = 0, 0
    while misses < GIVE_UP_AFTER:
        try:
            rows = source.execute(
                f'SELECT rowid, {listed} FROM "{table}" WHERE rowid > ? ORDER BY rowid LIMIT ?',
                (after, CHUNK),
            ).fetchall()
        except sqlite3.DatabaseError:
            status.unreadable += 1
            rows = []
            for rowid in range(after + 1, after + CHUNK + 1):
                try:
                    found = source.execute(
                        f'SELECT rowid, {listed} FROM "{table}" WHERE rowid = ?', (rowid,)
                    ).fetchall()
                except sqlite3.DatabaseError:
                    found = []
                rows.extend(found)
            after += CHUNK
            misses = 0 if rows else misses + CHUNK
            yield from (row[1:] for row in rows)
            continue
        if not rows:
            return
        after = rows[-1][0]
        yield from (row[1:] for row in rows)


def copy_readable(source_uri: str, target_path: Path) -> Recovery:
    """Copy every readable row of the library at `source_uri` into the new, empty
    library at `target_path` (same schema) in one transaction, then drop rows whose
    parents were lost."""
    recovery = Recovery()
    with (
        closing(sqlite3.connect(source_uri, uri=True)) as source,
        closing(sqlite3.connect(target_path, isolation_level=None)) as target,
    ):
        source.text_factory = lambda data: data.decode("utf-8", "replace")
        try:
            source_tables = set(_tables(source))
        except sqlite3.DatabaseError:
            source_tables = set()
        target.execute("PRAGMA foreign_keys=OFF")
        target.execute("BEGIN IMMEDIATE")
        for table in _tables(target):
            status = recovery.tables.setdefault(table, TableRecovery(table))
            if table in source_tables:
                _copy_table(source, target, table, status)
            else:
                status.unreadable += 1
        _drop_orphans(target, recovery)
        target.execute("COMMIT")
    return recovery


def _copy_table(
    source: sqlite3.Connection, target: sqlite3.Connection, table: str, status: TableRecovery
) -> None:
    try:
        readable = set(_columns(source, table))
    except sqlite3.DatabaseError:
        status.unreadable += 1
        return
    columns = [column for column in _columns(target, table) if column in readable]
    marks = ", ".join("?" for _ in columns)
    listed = ", ".join(f'"{column}"' for column in columns)
    target.execute(f'DELETE FROM "{table}"')  # what the new library was seeded with
    for row in _readable_rows(source, table, columns, status):
        try:
            target.execute(f'INSERT INTO "{table}" ({listed}) VALUES ({marks})', row)
            status.copied += 1
        except sqlite3.DatabaseError:
            status.unreadable += 1


def _drop_orphans(target: sqlite3.Connection, recovery: Recovery) -> None:
    while problems := target.execute("PRAGMA foreign_key_check").fetchall():
        for table, rowid, _parent, _index in problems:
            target.execute(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
            recovery.tables[table].orphans_dropped += 1
