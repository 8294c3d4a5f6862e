"""Reading articles out of a library for export, a page at a time (streaming)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from curator import annotations as annotation_service
from curator.articles import ArticleFilter, get_article, list_article_ids
from curator.entities import get_entity
from curator.errors import CuratorError
from curator.exchange.model import (
    ExportedAnnotation,
    ExportedArticle,
    ExportedEntity,
    ExportedRelation,
)
from curator.records import get_record, record_json
from curator.search import search_article_ids
from db.library import Library

PAGE = 200


def select_ids(
    library: Library,
    article_filter: ArticleFilter | None = None,
    query: str = "",
    ids: Sequence[int] | None = None,
    published_from: str | None = None,
    published_to: str | None = None,
) -> list[int]:
    """The articles to export: given ids, a search, or a filter; optionally a date range."""
    if ids is not None:
        chosen = list(ids)
    elif query.strip():
        chosen = search_article_ids(library, query, article_filter, limit=None).ids
    else:
        chosen = list_article_ids(library, article_filter)
    if published_from or published_to:
        kept = []
        for article_id in chosen:
            published = get_article(library, article_id).published
            day = published.isoformat() if published else None
            if (
                day
                and (not published_from or day >= published_from)
                and (not published_to or day <= published_to)
            ):
                kept.append(article_id)
        chosen = kept
    return chosen


def collect(library: Library, article_id: int) -> ExportedArticle:
    """One article with its accepted annotations, relations, entities, record, pairs."""
    detail = get_article(library, article_id)
    found = annotation_service.list_annotations(library, article_id, statuses=("accepted",))
    relations = annotation_service.list_relations(library, article_id)
    entity_ids = sorted({a.entity_id for a in found if a.entity_id is not None})
    entities = []
    for entity_id in entity_ids:
        try:
            view = get_entity(library, entity_id)
        except CuratorError:
            continue
        entities.append(ExportedEntity(view.id, view.type, view.name, view.aliases,
                                       view.description, view.external_id))  # fmt: skip
    has_record = get_record(library, article_id).version > 0  # the story's, shared
    return ExportedArticle(
        id=detail.id,
        title=detail.title,
        body=detail.body,
        language=detail.language,
        source_name=detail.source_name,
        url=detail.url,
        published=detail.published.isoformat() if detail.published else None,
        status=detail.status,
        tags=detail.tags,
        notes=detail.notes,
        annotations=tuple(
            ExportedAnnotation(a.id, a.type, a.start, a.end, a.quote, a.entity_id, a.note)
            for a in found
        ),
        relations=tuple(
            ExportedRelation(r.id, r.type, r.source_id, r.target_id) for r in relations
        ),
        entities=tuple(entities),
        record=record_json(library, article_id) if has_record else None,
        translations=tuple(
            {
                "article_id": link.article_id,
                "language": link.language,
                "role": "source" if link.is_source else "translation",
            }
            for link in detail.translations
        ),
    )


def iter_articles(library: Library, ids: Sequence[int]) -> Iterator[ExportedArticle]:
    """The articles, one at a time: memory stays flat however many are exported."""
    for article_id in ids:
        yield collect(library, article_id)
