"""Reading articles out of a library for export, a page at a time (streaming)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import or_, select

from curator.articles import ArticleFilter, list_article_ids
from curator.exchange.model import (
    ExportedAnnotation,
    ExportedArticle,
    ExportedEntity,
    ExportedRelation,
)
from curator.records import record_json
from curator.search import search_article_ids
from db.library import Library
from db.models import (
    Annotation,
    Article,
    Bitext,
    Entity,
    EntityAlias,
    Record,
    Relation,
    Tag,
    article_tags,
)

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
        in_range = select(Article.id).where(Article.published.is_not(None))
        if published_from:
            in_range = in_range.where(Article.published >= dt.date.fromisoformat(published_from))
        if published_to:
            in_range = in_range.where(Article.published <= dt.date.fromisoformat(published_to))
        with library.reading() as session:
            kept = set(session.scalars(in_range))
        chosen = [article_id for article_id in chosen if article_id in kept]
    return chosen


def _record_entity_ids(record: dict[str, Any] | None) -> set[int]:
    """The entities a record's values name (so they travel with the article)."""
    found: set[int] = set()

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            value = node.get("value")
            if isinstance(value, dict) and isinstance(value.get("entity_id"), int):
                found.add(value["entity_id"])
            for child in node.values():
                visit(child)
        elif isinstance(node, list):
            for child in node:
                visit(child)

    if record is not None:
        visit(record.get("fields"))
    return found


def iter_articles(
    library: Library, ids: Sequence[int], page: int = PAGE
) -> Iterator[ExportedArticle]:
    """The articles, one at a time: memory stays flat however many are exported.

    Loaded a page of `page` articles at a time, with their tags, annotations, relations,
    entities and translations in a few queries each (the per-article services would
    cost a dozen queries per article at 100,000 articles).
    """
    for first in range(0, len(ids), page):
        yield from _page(library, list(ids[first : first + page]))


def _page(library: Library, ids: list[int]) -> list[ExportedArticle]:
    with library.reading() as session:
        articles = {
            row.id: row
            for row in session.execute(
                select(
                    Article.id,
                    Article.title,
                    Article.body,
                    Article.language,
                    Article.source_name,
                    Article.url,
                    Article.published,
                    Article.status,
                    Article.notes,
                ).where(Article.id.in_(ids))
            )
        }
        tags: dict[int, list[str]] = defaultdict(list)
        for article_id, name in session.execute(
            select(article_tags.c.article_id, Tag.name)
            .join(Tag, Tag.id == article_tags.c.tag_id)
            .where(article_tags.c.article_id.in_(ids))
            .order_by(Tag.name)
        ):
            tags[article_id].append(name)
        annotations: dict[int, list[ExportedAnnotation]] = defaultdict(list)
        for row in session.execute(
            select(
                Annotation.article_id,
                Annotation.id,
                Annotation.type,
                Annotation.start,
                Annotation.end,
                Annotation.quote,
                Annotation.entity_id,
                Annotation.note,
            )
            .where(Annotation.article_id.in_(ids), Annotation.status == "accepted")
            .order_by(Annotation.article_id, Annotation.start, Annotation.end.desc(), Annotation.id)
        ):
            annotations[row[0]].append(ExportedAnnotation(*row[1:]))
        relations: dict[int, list[ExportedRelation]] = defaultdict(list)
        for article_id, *fields in session.execute(
            select(
                Annotation.article_id,
                Relation.id,
                Relation.type,
                Relation.source_id,
                Relation.target_id,
            )
            .join(Annotation, Annotation.id == Relation.source_id)
            .where(Annotation.article_id.in_(ids))
            .order_by(Relation.id)
        ):
            relations[article_id].append(ExportedRelation(*fields))
        pairs = session.execute(
            select(Bitext.source_article_id, Bitext.target_article_id)
            .where(or_(Bitext.source_article_id.in_(ids), Bitext.target_article_id.in_(ids)))
            .order_by(Bitext.id)
        ).all()
        stories = {target: source for source, target in pairs if target in articles}
        linked = {article for pair in pairs for article in pair}
        languages = (
            dict(
                session.execute(
                    select(Article.id, Article.language).where(Article.id.in_(linked))
                ).all()
            )
            if linked
            else {}
        )
        with_record = set(
            session.scalars(
                select(Record.article_id).where(
                    Record.article_id.in_({stories.get(i, i) for i in ids})
                )
            )
        )
    records = {
        article_id: record_json(library, article_id)
        for article_id in ids
        if stories.get(article_id, article_id) in with_record
    }
    entity_ids = {a.entity_id for found in annotations.values() for a in found if a.entity_id}
    for record in records.values():
        entity_ids |= _record_entity_ids(record)
    entities = _entities(library, entity_ids)
    result = []
    for article_id in ids:
        row = articles.get(article_id)
        if row is None:
            continue
        found = annotations.get(article_id, [])
        wanted = {a.entity_id for a in found if a.entity_id} | _record_entity_ids(
            records.get(article_id)
        )
        result.append(
            ExportedArticle(
                id=row.id,
                title=row.title,
                body=row.body,
                language=row.language,
                source_name=row.source_name,
                url=row.url,
                published=row.published.isoformat() if row.published else None,
                status=row.status,
                tags=tuple(tags.get(article_id, ())),
                notes=row.notes or "",
                annotations=tuple(found),
                relations=tuple(relations.get(article_id, ())),
                entities=tuple(entities[i] for i in sorted(wanted) if i in entities),
                record=records.get(article_id),
                translations=tuple(
                    {
                        "article_id": target if source == article_id else source,
                        "language": languages.get(target if source == article_id else source),
                        "role": "translation" if source == article_id else "source",
                    }
                    for source, target in pairs
                    if article_id in (source, target)
                ),
            )
        )
    return result


def _entities(library: Library, entity_ids: set[int]) -> dict[int, ExportedEntity]:
    if not entity_ids:
        return {}
    with library.reading() as session:
        aliases: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
        for entity_id, alias, language in session.execute(
            select(EntityAlias.entity_id, EntityAlias.alias, EntityAlias.language)
            .where(EntityAlias.entity_id.in_(entity_ids))
            .order_by(EntityAlias.id)
        ):
            aliases[entity_id].append((alias, language))
        return {
            row.id: ExportedEntity(
                row.id,
                row.type,
                row.name,
                tuple(aliases.get(row.id, ())),
                row.description or "",
                row.external_id,
            )
            for row in session.execute(
                select(
                    Entity.id, Entity.type, Entity.name, Entity.description, Entity.external_id
                ).where(Entity.id.in_(entity_ids))
            )
        }
