"""Annotations: typed spans of an article's text, the mentions editors mark.

Each change is one service call in one transaction, writes a revision, and returns
what the caller needs to undo it (a deleted annotation comes back with its relations
and its own id).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from curator.errors import EditConflictError, NotFoundError, ValidationError
from curator.i18n import _
from curator.revisions import record_revision
from curator.tagset import load_tagset
from curator.text.spans import context, snap_to_words
from db.library import Library
from db.models import ANNOTATION_STATUSES, Annotation, Article, Entity, Relation, utcnow

KEEP: Any = object()  # "leave this field as it is" where None is a meaningful value


@dataclass(frozen=True, slots=True)
class AnnotationView:
    id: int
    article_id: int
    type: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    entity_id: int | None
    entity_name: str | None
    note: str
    status: str
    source: str
    version: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class RelationView:
    id: int
    type: str
    source_id: int
    target_id: int
    note: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class DeletedAnnotation:
    """All that deleting an annotation removed, to put it back exactly."""

    annotation: AnnotationView
    relations: tuple[RelationView, ...] = field(default=())


_VIEW_COLUMNS = (
    "id", "article_id", "type", "start", "end", "quote", "prefix", "suffix",
    "entity_id", "note", "status", "source", "version",
)  # fmt: skip


def _view(annotation: Annotation, entity_name: str | None) -> AnnotationView:
    return AnnotationView(
        id=annotation.id,
        article_id=annotation.article_id,
        type=annotation.type,
        start=annotation.start,
        end=annotation.end,
        quote=annotation.quote,
        prefix=annotation.prefix,
        suffix=annotation.suffix,
        entity_id=annotation.entity_id,
        entity_name=entity_name,
        note=annotation.note,
        status=annotation.status,
        source=annotation.source,
        version=annotation.version,
    )


def _entity_name(session: Session, entity_id: int | None) -> str | None:
    if entity_id is None:
        return None
    entity = session.get(Entity, entity_id)
    return entity.name if entity else None


def _load(session: Session, annotation_id: int) -> Annotation:
    annotation = session.get(Annotation, annotation_id)
    if annotation is None:
        raise NotFoundError(_("No annotation with id {id}.").format(id=annotation_id))
    return annotation


def _stored_change(
    session: Session, annotation: Annotation, before: dict[str, Any]
) -> AnnotationView:
    """Write the revision of an edit that changed something; the annotation as it is now."""
    after = _snapshot(annotation)
    if after != before:
        annotation.updated_at = utcnow()
        record_revision(session, "annotation", annotation.id, "update", before, after)
        session.flush()
    return _view(annotation, _entity_name(session, annotation.entity_id))


def _load_current(session: Session, annotation_id: int, expected: int | None) -> Annotation:
    """The annotation, refused as a conflict when someone changed it since `expected`."""
    annotation = _load(session, annotation_id)
    if expected is not None and annotation.version != expected:
        raise EditConflictError(
            _("The annotation “{quote}” was changed elsewhere; nothing was overwritten.").format(
                quote=annotation.quote
            )
        )
    return annotation


def _snapshot(annotation: Annotation) -> dict[str, Any]:
    return {
        "article_id": annotation.article_id,  # so a deleted annotation's history is found
        "type": annotation.type,
        "start": annotation.start,
        "end": annotation.end,
        "quote": annotation.quote,
        "entity_id": annotation.entity_id,
        "note": annotation.note,
        "status": annotation.status,
    }


def _check_type(library: Library, type_name: str) -> None:
    if load_tagset(library).type_named(type_name) is None:
        raise ValidationError(
            "type", _("“{type}” is not a type of this library's tagset").format(type=type_name)
        )


def list_annotations(
    library: Library,
    article_id: int | None = None,
    statuses: Sequence[str] = ("accepted", "pending"),
) -> list[AnnotationView]:
    """An article's annotations (or the library's), in text order, outer spans first.

    Read as plain rows, not ORM objects: an article with thousands of annotations
    opens in the time it takes to read them.
    """
    columns = [getattr(Annotation, name) for name in _VIEW_COLUMNS]
    statement = (
        select(*columns, Entity.name)
        .outerjoin(Entity, Entity.id == Annotation.entity_id)
        .where(Annotation.status.in_(statuses))
        .order_by(Annotation.article_id, Annotation.start, Annotation.end.desc(), Annotation.id)
    )
    if article_id is not None:
        statement = statement.where(Annotation.article_id == article_id)
    with library.reading() as session:
        rows = session.execute(statement).all()
    return [
        AnnotationView(**dict(zip(_VIEW_COLUMNS, row[:-1], strict=True)), entity_name=row[-1])
        for row in rows
    ]


def get_annotation(library: Library, annotation_id: int) -> AnnotationView:
    with library.reading() as session:
        annotation = _load(session, annotation_id)
        return _view(annotation, _entity_name(session, annotation.entity_id))


def _refuse_duplicate(
    session: Session, article_id: int, span: tuple[int, int], type_name: str, body: str
) -> None:
    """The same words marked twice as the same type would be drafted twice into the
    record: a second mark of a span already marked (and not rejected) is refused."""
    taken = session.scalar(
        select(Annotation.id).where(
            Annotation.article_id == article_id,
            Annotation.start == span[0],
            Annotation.end == span[1],
            Annotation.type == type_name,
            Annotation.status != "rejected",
        )
    )
    if taken is not None:
        raise ValidationError(
            "span",
            _("“{quote}” is already marked as {type}").format(
                quote=body[span[0] : span[1]], type=type_name
            ),
        )


def add_annotation(
    library: Library,
    article_id: int,
    start: int,
    end: int,
    type_name: str,
    *,
    note: str = "",
    entity_id: int | None = None,
    status: str = "accepted",
    source: str = "manual",
    snap: bool = True,
) -> AnnotationView:
    """Mark article text [start, end) as a mention of `type_name`.

    With `snap`, the span is widened to whole words and trimmed of white space.
    """
    _check_type(library, type_name)
    if status not in ANNOTATION_STATUSES:
        raise ValidationError(
            "status", _("“{status}” is not an annotation status").format(status=status)
        )
    with library.session() as session:
        article = session.get(Article, article_id)
        if article is None:
            raise NotFoundError(_("No article with id {id}.").format(id=article_id))
        body = article.body
        if snap:
            start, end = snap_to_words(body, start, end)
        if not 0 <= start < end <= len(body):
            raise ValidationError(
                "span",
                _("select some text of the article first (got {start}–{end})").format(
                    start=start, end=end
                ),
            )
        _refuse_duplicate(session, article_id, (start, end), type_name, body)
        prefix, suffix = context(body, start, end)
        annotation = Annotation(
            article_id=article_id,
            type=type_name,
            start=start,
            end=end,
            quote=body[start:end],
            prefix=prefix,
            suffix=suffix,
            entity_id=entity_id,
            note=note,
            status=status,
            source=source,
        )
        session.add(annotation)
        session.flush()
        record_revision(session, "annotation", annotation.id, "create", None, _snapshot(annotation))
        return _view(annotation, _entity_name(session, entity_id))


def update_annotation(
    library: Library,
    annotation_id: int,
    *,
    type_name: str | None = None,
    note: str | None = None,
    entity_id: Any = KEEP,
    status: str | None = None,
    expected_version: int | None = None,
) -> AnnotationView:
    """Change an annotation's type, note, linked entity or status."""
    if type_name is not None:
        _check_type(library, type_name)
    if status is not None and status not in ANNOTATION_STATUSES:
        raise ValidationError(
            "status", _("“{status}” is not an annotation status").format(status=status)
        )
    with library.session() as session:
        annotation = _load_current(session, annotation_id, expected_version)
        before = _snapshot(annotation)
        if type_name is not None:
            annotation.type = type_name
        if note is not None:
            annotation.note = note
        if entity_id is not KEEP:
            if entity_id is not None and session.get(Entity, entity_id) is None:
                raise NotFoundError(_("No entity with id {id}.").format(id=entity_id))
            annotation.entity_id = entity_id
        if status is not None:
            annotation.status = status
        return _stored_change(session, annotation, before)


def move_annotation(
    library: Library,
    annotation_id: int,
    start: int,
    end: int,
    *,
    expected_version: int | None = None,
) -> AnnotationView:
    """Move an annotation's edges to [start, end) exactly, keeping everything else.

    The quote and context follow the new span (quote == body[start:end]); the entity
    link, note, relations and evidence stay with the annotation.
    """
    with library.session() as session:
        annotation = _load_current(session, annotation_id, expected_version)
        body = session.scalar(select(Article.body).where(Article.id == annotation.article_id))
        body = body or ""
        if not 0 <= start < end <= len(body):
            raise ValidationError(
                "span",
                _("a mention needs at least one character of the text (got {start}–{end})").format(
                    start=start, end=end
                ),
            )
        before = _snapshot(annotation)
        annotation.start, annotation.end, annotation.quote = start, end, body[start:end]
        annotation.prefix, annotation.suffix = context(body, start, end)
        return _stored_change(session, annotation, before)


def _relations_of(session: Session, annotation_ids: Sequence[int]) -> list[Relation]:
    return list(
        session.scalars(
            select(Relation).where(
                or_(Relation.source_id.in_(annotation_ids), Relation.target_id.in_(annotation_ids))
            )
        )
    )


def _relation_view(relation: Relation) -> RelationView:
    return RelationView(
        relation.id, relation.type, relation.source_id, relation.target_id, relation.note
    )


def delete_annotation(library: Library, annotation_id: int) -> DeletedAnnotation:
    """Delete an annotation and its relations; returns them, for restore_annotation."""
    with library.session() as session:
        annotation = _load(session, annotation_id)
        view = _view(annotation, _entity_name(session, annotation.entity_id))
        relations = tuple(_relation_view(r) for r in _relations_of(session, [annotation_id]))
        record_revision(session, "annotation", annotation_id, "delete", _snapshot(annotation), None)
        session.delete(annotation)
        return DeletedAnnotation(view, relations)


def restore_annotation(library: Library, deleted: DeletedAnnotation) -> AnnotationView:
    """Put a deleted annotation back with its id and relations (undo of a delete)."""
    view = deleted.annotation
    with library.session() as session:
        fields = {name: getattr(view, name) for name in _VIEW_COLUMNS if name != "version"}
        if view.entity_id is not None and session.get(Entity, view.entity_id) is None:
            fields["entity_id"] = None  # the entity was deleted meanwhile
        annotation = Annotation(**fields)
        session.add(annotation)
        session.flush()
        for relation in deleted.relations:
            ends = (relation.source_id, relation.target_id)
            if all(session.get(Annotation, end) is not None for end in ends):
                session.add(
                    Relation(
                        id=relation.id,
                        type=relation.type,
                        source_id=relation.source_id,
                        target_id=relation.target_id,
                        note=relation.note,
                    )
                )
        record_revision(session, "annotation", view.id, "restore", None, _snapshot(annotation))
        return _view(annotation, _entity_name(session, annotation.entity_id))


def add_relation(
    library: Library, relation_type: str, source_id: int, target_id: int, note: str = ""
) -> RelationView:
    """Link two annotations of one article with a relation type allowed between them."""
    tagset = load_tagset(library)
    with library.session() as session:
        source, target = _load(session, source_id), _load(session, target_id)
        if source.article_id != target.article_id:
            raise ValidationError("relation", _("both ends must be in the same article"))
        allowed = {r.name for r in tagset.relations_between(source.type, target.type)}
        if relation_type not in allowed:
            raise ValidationError(
                "relation",
                _("{source} cannot “{relation}” {target}; allowed here: {allowed}").format(
                    source=source.type,
                    relation=relation_type,
                    target=target.type,
                    allowed=", ".join(sorted(allowed)) or _("none"),
                ),
            )
        relation = Relation(type=relation_type, source_id=source_id, target_id=target_id, note=note)
        session.add(relation)
        session.flush()
        record_revision(
            session,
            "relation",
            relation.id,
            "create",
            None,
            {"type": relation_type, "source_id": source_id, "target_id": target_id},
        )
        return _relation_view(relation)


def delete_relation(library: Library, relation_id: int) -> RelationView:
    with library.session() as session:
        relation = session.get(Relation, relation_id)
        if relation is None:
            raise NotFoundError(_("No relation with id {id}.").format(id=relation_id))
        view = _relation_view(relation)
        session.execute(delete(Relation).where(Relation.id == relation_id))
        record_revision(session, "relation", relation_id, "delete", view.to_json(), None)
        return view


def list_relations(library: Library, article_id: int) -> list[RelationView]:
    with library.reading() as session:
        ids = list(
            session.scalars(select(Annotation.id).where(Annotation.article_id == article_id))
        )
        return [_relation_view(relation) for relation in _relations_of(session, ids)]
