"""Full-text search of titles and bodies, ranked, with highlighted snippets.

Ranking (bm25) costs about a microsecond per matching article, so a word found in
most of a 100,000-article library would take a quarter of a second to rank. When a
query matches more than RANK_WINDOW articles, the best are chosen among the
RANK_WINDOW most recently imported matches, and the results say so; every match is
still counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from curator.articles import ArticleFilter
from curator.search_query import QuerySyntaxError, highlight_terms, to_fts5
from curator.snippets import Snippet, hit_spans, make_snippet
from db import fulltext
from db.library import Library
from db.models import Article

RANK_WINDOW = 10_000
LIST_LIMIT = 1_000  # search hits a list shows; plain filters list every article


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: int
    title: str
    language: str | None
    status: str
    published: dt.date | None
    score: float
    snippet: Snippet

    def snippet_text(self, start: str = "[", end: str = "]") -> str:
        return "".join(f"{start}{text}{end}" if hit else text for text, hit in self.snippet)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "language": self.language,
            "status": self.status,
            "published": self.published.isoformat() if self.published else None,
            "score": round(self.score, 4),
            "snippet": self.snippet_text("<mark>", "</mark>"),
        }


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    total: int  # every matching article
    ranked_among: int  # how many of them were ranked (RANK_WINDOW at most)
    hits: list[SearchHit]


@contextmanager
def _engine_errors_as_syntax_errors(query: str) -> Iterator[None]:
    """FTS5 rarely rejects a translated query; the editor then sees a syntax message."""
    try:
        yield
    except OperationalError as error:
        raise QuerySyntaxError(f"The search engine did not accept this query: {query}", 0) from (
            error
        )


class _Matching:
    """The articles matching one query and filter, and the rowid floor of the rank window."""

    def __init__(self, query: str, article_filter: ArticleFilter | None) -> None:
        self.query = query
        self.fts_query = to_fts5(query)
        self.article_filter = article_filter or ArticleFilter()

    def select(self, *columns: Any) -> Select[Any]:
        """Matching rows; joined to articles only when a filter needs their columns.

        Without the join FTS5 counts, pages and ranks on its own index, which is many
        times faster than visiting every matching article row.
        """
        statement = (
            select(*columns).select_from(fulltext.FTS_TABLE).where(fulltext.match(self.fts_query))
        )
        if self.article_filter == ArticleFilter():
            return statement
        return self.article_filter.apply(statement.join(Article, fulltext.joined_to_articles()))

    def count(self, session: Session) -> int:
        return session.scalar(self.select(func.count())) or 0

    def window_floor(self, session: Session, total: int) -> int:
        """The lowest rowid of the RANK_WINDOW newest matches (0: rank them all)."""
        if total <= RANK_WINDOW:
            return 0
        statement = (
            self.select(fulltext.fts_rowid)
            .order_by(fulltext.fts_rowid.desc())
            .limit(1)
            .offset(RANK_WINDOW - 1)
        )
        return session.scalar(statement) or 0


def _ranked(
    session: Session, matching: _Matching, limit: int | None, offset: int = 0
) -> tuple[int, list[tuple[int, float]]]:
    """(total matches, [(article id, score)] best first) within the rank window."""
    total = matching.count(session)
    floor = matching.window_floor(session, total)
    rows = session.execute(
        matching.select(fulltext.fts_rowid, fulltext.rank())
        .where(fulltext.fts_rowid >= floor)
        .order_by(fulltext.rank())
        .limit(limit)
        .offset(offset)
    )
    return total, [(article_id, score) for article_id, score in rows]


def search_articles(
    library: Library,
    query: str,
    article_filter: ArticleFilter | None = None,
    limit: int = 50,
    offset: int = 0,
) -> SearchResults:
    """Best matches first, each with a snippet of the text around the words found."""
    matching = _Matching(query, article_filter)
    with _engine_errors_as_syntax_errors(query), library.reading() as session:
        total, ranked = _ranked(session, matching, limit, offset)
        articles = {
            row.id: row
            for row in session.execute(
                select(
                    Article.id,
                    Article.title,
                    Article.language,
                    Article.status,
                    Article.published,
                    Article.body,
                ).where(Article.id.in_([article_id for article_id, _score in ranked]))
            )
        }
    terms = highlight_terms(query)
    hits = [
        SearchHit(
            id=article_id,
            title=articles[article_id].title,
            language=articles[article_id].language,
            status=articles[article_id].status,
            published=articles[article_id].published,
            score=-float(score),
            snippet=make_snippet(articles[article_id].body, terms),
        )
        for article_id, score in ranked
    ]
    return SearchResults(query, total, min(total, RANK_WINDOW), hits)


@dataclass(frozen=True, slots=True)
class MatchList:
    """The best matches of a search, for a list: at most LIST_LIMIT ids, best first."""

    ids: list[int]
    total: int
    ranked_among: int


def search_article_ids(
    library: Library,
    query: str,
    article_filter: ArticleFilter | None = None,
    limit: int | None = LIST_LIMIT,
) -> MatchList:
    """Ids of the best matches, best first, with how many articles matched in all."""
    matching = _Matching(query, article_filter)
    with _engine_errors_as_syntax_errors(query), library.reading() as session:
        total, ranked = _ranked(session, matching, limit)
    return MatchList([article_id for article_id, _score in ranked], total, min(total, RANK_WINDOW))


def hit_spans_in(text: str, query: str) -> list[tuple[int, int]]:
    """Where the words of a search query are in a text (none for a malformed query)."""
    try:
        return hit_spans(text, highlight_terms(query)) if query.strip() else []
    except QuerySyntaxError:
        return []


def snippets_for(library: Library, query: str, ids: Sequence[int]) -> dict[int, Snippet]:
    """Highlighted snippets for the given articles (the rows a list is showing)."""
    if not ids:
        return {}
    terms = highlight_terms(query)
    with library.reading() as session:
        rows = session.execute(select(Article.id, Article.body).where(Article.id.in_(ids)))
        return {article_id: make_snippet(body, terms) for article_id, body in rows}
