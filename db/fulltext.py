"""The SQLite FTS5 search backend: SQL expressions over the article_fts index.

Only this module knows the index is FTS5; services build queries from these pieces.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, literal_column, table

from db.models import Article

FTS_TABLE = table("article_fts")
_fts = literal_column("article_fts")
fts_rowid = literal_column("article_fts.rowid")


def match(fts_query: str) -> ColumnElement[bool]:
    return _fts.op("MATCH")(fts_query)


def joined_to_articles() -> ColumnElement[bool]:
    return fts_rowid == Article.id


def rank() -> ColumnElement[float]:
    """FTS5's rank column: bm25 with title hits weighted (migrations 0002 and 0005).

    Lower is better. Ordering by it, rather than by a bm25() call, lets FTS5 sort
    without computing every other output column for every match.
    """
    return literal_column("article_fts.rank")
