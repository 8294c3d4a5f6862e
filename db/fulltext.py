"""The SQLite FTS5 search backend: SQL expressions over the article_fts index.

Only this module knows the index is FTS5; services build queries from these pieces.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, literal_column, table

from db.models import Article

FTS_TABLE = table("article_fts")
_fts = literal_column("article_fts")
_rowid = literal_column("article_fts.rowid")

HIGHLIGHT_START = "\ue000"
HIGHLIGHT_END = "\ue001"


def match(fts_query: str) -> ColumnElement[bool]:
    return _fts.op("MATCH")(fts_query)


def joined_to_articles() -> ColumnElement[bool]:
    return _rowid == Article.id


def rank() -> ColumnElement[float]:
    """FTS5's rank column: bm25 with title hits weighted (set in migration 0002).

    Lower is better. Ordering by it, rather than by a bm25() call, lets FTS5 sort
    without computing every other output column for every match.
    """
    return literal_column("article_fts.rank")


def body_snippet(tokens: int = 12) -> ColumnElement[str]:
    return func.snippet(_fts, 1, HIGHLIGHT_START, HIGHLIGHT_END, "…", tokens)


def split_highlights(snippet: str) -> tuple[tuple[str, bool], ...]:
    """Turn a marked snippet into (text, is_hit) parts."""
    parts: list[tuple[str, bool]] = []
    for index, chunk in enumerate(snippet.split(HIGHLIGHT_START)):
        if index == 0:
            if chunk:
                parts.append((chunk, False))
            continue
        hit, _, rest = chunk.partition(HIGHLIGHT_END)
        if hit:
            parts.append((hit, True))
        if rest:
            parts.append((rest, False))
    return tuple(parts)
