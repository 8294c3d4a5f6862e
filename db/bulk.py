"""Fast bulk insertion, for imports.

Rows go to the driver as plain tuples: SQLAlchemy's per-row parameter processing
costs more than SQLite's insert itself at 100,000 rows.

Articles are staged first. The FTS5 index is fed by an AFTER INSERT trigger; fired
once per executemany row, each row is its own statement and FTS5 flushes its pending
terms at every statement, which nearly halves import speed. Moving the staged rows
with one INSERT ... SELECT makes the batch one statement, so the index is written
once per batch while the triggers stay the only path that keeps it in step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.orm import Session

ARTICLE_COLUMNS = (
    "title", "language", "source_name", "url", "published", "body", "content_hash",
    "status", "notes", "origin", "created_at", "updated_at", "version",
)  # fmt: skip


def sql_value(value: Any) -> Any:
    """Dates as SQLAlchemy's SQLite types store them, so ORM reads them back alike."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def insert_rows(
    session: Session, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """INSERT many rows of values (in `columns` order, already SQL-ready) into `table`."""
    placeholders = ", ".join("?" for _ in columns)
    session.connection().exec_driver_sql(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", list(rows)
    )


def insert_articles(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert article rows, dicts keyed by ARTICLE_COLUMNS, in the order given."""
    if not rows:
        return
    connection = session.connection()
    column_list = ", ".join(ARTICLE_COLUMNS)
    connection.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS article_staging ({column_list})")
    connection.exec_driver_sql("DELETE FROM temp.article_staging")
    insert_rows(
        session,
        "temp.article_staging",
        ARTICLE_COLUMNS,
        (tuple(sql_value(row[name]) for name in ARTICLE_COLUMNS) for row in rows),
    )
    connection.exec_driver_sql(
        f"INSERT INTO articles ({column_list}) "
        f"SELECT {column_list} FROM temp.article_staging ORDER BY rowid"
    )
    connection.exec_driver_sql("DELETE FROM temp.article_staging")
