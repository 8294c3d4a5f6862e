"""Fast bulk insertion of articles.

The FTS5 index is fed by an AFTER INSERT trigger. Fired once per executemany row,
each row is its own statement and FTS5 flushes its pending terms at every statement,
which nearly halves import speed. Staging the rows in a temporary table and moving
them with one INSERT ... SELECT makes the whole batch one statement, so the index is
written once per batch while the triggers stay the only path that keeps it in step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

ARTICLE_COLUMNS = (
    "title", "language", "source_name", "url", "published", "body", "content_hash",
    "status", "notes", "origin", "created_at", "updated_at", "version",
)  # fmt: skip
_COLUMN_LIST = ", ".join(ARTICLE_COLUMNS)
_PARAMETERS = ", ".join(f":{name}" for name in ARTICLE_COLUMNS)


def _sql_value(value: Any) -> Any:
    """Dates as SQLAlchemy's SQLite types store them, so ORM reads them back alike."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def insert_articles(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert article rows, dicts keyed by ARTICLE_COLUMNS, in the order given."""
    if not rows:
        return
    session.execute(text(f"CREATE TEMP TABLE IF NOT EXISTS article_staging ({_COLUMN_LIST})"))
    session.execute(text("DELETE FROM temp.article_staging"))
    session.execute(
        text(f"INSERT INTO temp.article_staging ({_COLUMN_LIST}) VALUES ({_PARAMETERS})"),
        [{name: _sql_value(row[name]) for name in ARTICLE_COLUMNS} for row in rows],
    )
    session.execute(
        text(
            f"INSERT INTO articles ({_COLUMN_LIST}) "
            f"SELECT {_COLUMN_LIST} FROM temp.article_staging ORDER BY rowid"
        )
    )
    session.execute(text("DELETE FROM temp.article_staging"))
