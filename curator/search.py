"""Full-text search of titles and bodies, ranked, with highlighted snippets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.exc import OperationalError

from curator.articles import ArticleFilter
from curator.search_query import QuerySyntaxError, to_fts5
from db import fulltext
from db.library import Library
from db.models import Article

Snippet = tuple[tuple[str, bool], ...]


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
    total: int
    hits: list[SearchHit]


@contextmanager
def _engine_errors_as_syntax_errors(query: str) -> Iterator[None]:
    """FTS5 rarely rejects a translated query; the editor then sees a syntax message."""
    try:
        yield
    except OperationalError as error:
        raise QuerySyntaxError(
            f"The search engine did not accept this query: {query}", 0
        ) from error


def _matching(query: str, article_filter: ArticleFilter | None, *columns: Any) -> Select[Any]:
    """SELECT columns FROM articles matching the query and the filter."""
    statement = (
        select(*columns)
        .select_from(fulltext.FTS_TABLE)
        .join(Article, fulltext.joined_to_articles())
        .where(fulltext.match(to_fts5(query)))
    )
    return (article_filter or ArticleFilter()).apply(statement)


def search_articles(
    library: Library,
    query: str,
    article_filter: ArticleFilter | None = None,
    limit: int = 50,
    offset: int = 0,
) -> SearchResults:
    """Best matches first, each with a snippet of the body around the words found."""
    hits_statement = (
        _matching(
            query,
            article_filter,
            Article.id,
            Article.title,
            Article.language,
            Article.status,
            Article.published,
            fulltext.rank().label("score"),
        )
        .order_by("score", Article.id)
        .limit(limit)
        .offset(offset)
    )
    count_statement = select(func.count()).select_from(
        _matching(query, article_filter, Article.id).subquery()
    )
    with _engine_errors_as_syntax_errors(query), library.session() as session:
        rows = session.execute(hits_statement).all()
        total = session.scalar(count_statement) or 0
    snippets = snippets_for(library, query, [row.id for row in rows])
    hits = [
        SearchHit(
            id=row.id,
            title=row.title,
            language=row.language,
            status=row.status,
            published=row.published,
            score=-float(row.score),
            snippet=snippets.get(row.id, ()),
        )
        for row in rows
    ]
    return SearchResults(query=query, total=total, hits=hits)


def search_article_ids(
    library: Library,
    query: str,
    article_filter: ArticleFilter | None = None,
    limit: int | None = None,
) -> list[int]:
    """Ids of all matching articles, best first (for the library list)."""
    statement = (
        _matching(query, article_filter, Article.id)
        .order_by(fulltext.rank(), Article.id)
        .limit(limit)
    )
    with _engine_errors_as_syntax_errors(query), library.session() as session:
        return list(session.scalars(statement))


def snippets_for(library: Library, query: str, ids: Sequence[int]) -> dict[int, Snippet]:
    """Highlighted snippets for the given articles (the rows a list is showing)."""
    if not ids:
        return {}
    statement = _matching(query, None, Article.id, fulltext.body_snippet()).where(
        Article.id.in_(ids)
    )
    with _engine_errors_as_syntax_errors(query), library.session() as session:
        return {
            article_id: fulltext.split_highlights(snippet or "")
            for article_id, snippet in session.execute(statement)
        }
