"""The registry of canonical entities that annotations link to.

An entity has a type, a preferred name, aliases tagged by language (the English and
Italian names of one commission are two aliases of one entity), a description and an
optional external identifier such as a Wikidata QID.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from rapidfuzz import fuzz, process, utils
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from curator import records
from curator.errors import NotFoundError, ValidationError
from curator.i18n import _
from curator.revisions import record_revision
from db.library import Library
from db.models import Annotation, Article, Entity, EntityAlias, utcnow

Alias = tuple[str, str | None]  # (name, language or None for any)
_QID = re.compile(r"^Q[1-9][0-9]*$")


@dataclass(frozen=True, slots=True)
class EntityView:
    id: int
    type: str
    name: str
    aliases: tuple[Alias, ...]
    description: str
    external_id: str | None
    mentions: int
    version: int

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["aliases"] = [{"alias": name, "language": lang} for name, lang in self.aliases]
        return data


@dataclass(frozen=True, slots=True)
class EntityMatch:
    entity_id: int
    name: str
    type: str
    matched_alias: str
    score: float  # 0–100


@dataclass(frozen=True, slots=True)
class Mention:
    annotation_id: int
    article_id: int
    article_title: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True, slots=True)
class MergedEntities:
    """What a merge changed, so it can be undone."""

    kept: EntityView
    removed: EntityView
    moved_annotation_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class RemovedEntity:
    """What deleting an entity changed, so it can be undone."""

    entity: EntityView
    unlinked_annotation_ids: tuple[int, ...]
    record_values: tuple[records.EntityRef, ...] = ()  # record values that named it


def _load(session: Session, entity_id: int) -> Entity:
    entity = session.get(Entity, entity_id)
    if entity is None:
        raise NotFoundError(_("No entity with id {id}.").format(id=entity_id))
    return entity


def _aliases(session: Session, entity_id: int) -> tuple[Alias, ...]:
    rows = session.execute(
        select(EntityAlias.alias, EntityAlias.language)
        .where(EntityAlias.entity_id == entity_id)
        .order_by(EntityAlias.id)
    )
    return tuple((alias, language) for alias, language in rows)


def _mention_count(session: Session, entity_id: int) -> int:
    return (
        session.scalar(
            select(func.count(Annotation.id)).where(
                Annotation.entity_id == entity_id, Annotation.status == "accepted"
            )
        )
        or 0
    )


def _view(session: Session, entity: Entity) -> EntityView:
    return EntityView(
        id=entity.id,
        type=entity.type,
        name=entity.name,
        aliases=_aliases(session, entity.id),
        description=entity.description,
        external_id=entity.external_id,
        mentions=_mention_count(session, entity.id),
        version=entity.version,
    )


def _clean_aliases(name: str, aliases: Sequence[Alias]) -> list[Alias]:
    """The aliases with the preferred name first, trimmed and without repeats."""
    seen: dict[tuple[str, str | None], Alias] = {}
    for alias, language in [(name, None), *aliases]:
        alias = " ".join(alias.split())
        if alias:
            seen.setdefault((alias.casefold(), language), (alias, language or None))
    return list(seen.values())


def _check(name: str, external_id: str | None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError("name", _("an entity needs a name"))
    if external_id and not _QID.match(external_id):
        raise ValidationError(
            "external_id", _("“{value}” is not a Wikidata id such as Q90").format(value=external_id)
        )
    return name


def create_entity(
    library: Library,
    type_name: str,
    name: str,
    aliases: Sequence[Alias] = (),
    description: str = "",
    external_id: str | None = None,
) -> EntityView:
    name = _check(name, external_id)
    with library.session() as session:
        entity = Entity(
            type=type_name, name=name, description=description, external_id=external_id or None
        )
        session.add(entity)
        session.flush()
        for alias, language in _clean_aliases(name, aliases):
            session.add(EntityAlias(entity_id=entity.id, alias=alias, language=language))
        session.flush()
        view = _view(session, entity)
        record_revision(session, "entity", entity.id, "create", None, view.to_json())
        return view


def update_entity(
    library: Library,
    entity_id: int,
    *,
    name: str | None = None,
    aliases: Sequence[Alias] | None = None,
    description: str | None = None,
    external_id: str | None = None,
    type_name: str | None = None,
) -> EntityView:
    """Rename an entity, replace its aliases, or edit its description or id."""
    with library.session() as session:
        entity = _load(session, entity_id)
        before = _view(session, entity)
        if name is not None or external_id is not None:
            entity.name = _check(name if name is not None else entity.name, external_id)
        if external_id is not None:
            entity.external_id = external_id or None
        if description is not None:
            entity.description = description
        if type_name is not None:
            entity.type = type_name
        if aliases is not None or name is not None:
            kept = aliases if aliases is not None else before.aliases
            session.query(EntityAlias).filter(EntityAlias.entity_id == entity_id).delete()
            for alias, language in _clean_aliases(entity.name, kept):
                session.add(EntityAlias(entity_id=entity_id, alias=alias, language=language))
        entity.updated_at = utcnow()
        session.flush()
        after = _view(session, entity)
        record_revision(session, "entity", entity_id, "update", before.to_json(), after.to_json())
        return after


def get_entity(library: Library, entity_id: int) -> EntityView:
    with library.reading() as session:
        return _view(session, _load(session, entity_id))


def list_entities(library: Library, type_name: str | None = None) -> list[EntityView]:
    """Every entity with its mention count, most mentioned first."""
    with library.reading() as session:
        statement = select(Entity).order_by(Entity.type, Entity.name)
        if type_name:
            statement = statement.where(Entity.type == type_name)
        views = [_view(session, entity) for entity in session.scalars(statement)]
    return sorted(views, key=lambda view: (-view.mentions, view.type, view.name.casefold()))


def all_aliases(library: Library) -> list[tuple[int, str, str, str | None]]:
    """(entity id, entity type, alias, language) for every alias: the gazetteer."""
    with library.reading() as session:
        rows = session.execute(
            select(
                EntityAlias.entity_id, Entity.type, EntityAlias.alias, EntityAlias.language
            ).join(Entity, Entity.id == EntityAlias.entity_id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def find_entities(
    library: Library, text: str, type_name: str | None = None, limit: int = 10
) -> list[EntityMatch]:
    """Entities whose name or an alias looks like `text`, best first (fuzzy)."""
    text = " ".join(text.split())
    if not text:
        return []
    names = {entity_id: (name, kind) for entity_id, kind, name in _names(library)}
    choices = [
        (entity_id, kind, alias)
        for entity_id, kind, alias, _language in all_aliases(library)
        if type_name is None or kind == type_name
    ]
    matches = process.extract(
        text,
        [alias for _id, _kind, alias in choices],
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit * 3,
        score_cutoff=60,
    )
    best: dict[int, EntityMatch] = {}
    for alias, score, index in matches:
        entity_id, kind, _alias = choices[index]
        if entity_id not in best or score > best[entity_id].score:
            best[entity_id] = EntityMatch(entity_id, names[entity_id][0], kind, alias, score)
    return sorted(best.values(), key=lambda match: -match.score)[:limit]


def _names(library: Library) -> list[tuple[int, str, str]]:
    with library.session() as session:
        return [tuple(row) for row in session.execute(select(Entity.id, Entity.type, Entity.name))]  # type: ignore[misc]


def mentions(library: Library, entity_id: int) -> list[Mention]:
    """Every accepted annotation linked to the entity, across the library."""
    with library.reading() as session:
        _load(session, entity_id)
        rows = session.execute(
            select(Annotation, Article.title)
            .join(Article, Article.id == Annotation.article_id)
            .where(Annotation.entity_id == entity_id, Annotation.status == "accepted")
            .order_by(Article.id, Annotation.start)
        )
        return [Mention(a.id, a.article_id, title, a.start, a.end, a.quote) for a, title in rows]


def merge_entities(library: Library, keep_id: int, merge_id: int) -> MergedEntities:
    """Fold `merge_id` into `keep_id`: its aliases and mentions move, it is removed."""
    if keep_id == merge_id:
        raise ValidationError("merge", _("an entity cannot be merged with itself"))
    with library.session() as session:
        kept, removed = _load(session, keep_id), _load(session, merge_id)
        kept_before, removed_view = _view(session, kept), _view(session, removed)
        moved = tuple(
            session.scalars(select(Annotation.id).where(Annotation.entity_id == merge_id))
        )
        session.execute(
            update(Annotation).where(Annotation.entity_id == merge_id).values(entity_id=keep_id)
        )
        aliases = _clean_aliases(
            kept.name, [*kept_before.aliases, *removed_view.aliases, (removed.name, None)]
        )
        session.query(EntityAlias).filter(EntityAlias.entity_id.in_([keep_id, merge_id])).delete()
        for alias, language in aliases:
            session.add(EntityAlias(entity_id=keep_id, alias=alias, language=language))
        if not kept.description and removed.description:
            kept.description = removed.description
        if not kept.external_id and removed.external_id:
            kept.external_id = removed.external_id
        session.delete(removed)
        session.flush()
        record_revision(
            session,
            "entity",
            keep_id,
            "merge",
            {"merged": removed_view.to_json()},
            {"moved_annotations": list(moved)},
        )
        return MergedEntities(kept_before, removed_view, moved)


def unmerge_entities(library: Library, merged: MergedEntities) -> None:
    """Undo a merge: the removed entity comes back with its aliases and mentions."""
    removed, kept = merged.removed, merged.kept
    with library.session() as session:
        _recreate(session, removed)
        target = _load(session, kept.id)
        target.description, target.external_id = kept.description, kept.external_id
        session.query(EntityAlias).filter(EntityAlias.entity_id == kept.id).delete()
        for alias, language in kept.aliases:
            session.add(EntityAlias(entity_id=kept.id, alias=alias, language=language))
        if merged.moved_annotation_ids:
            session.execute(
                update(Annotation)
                .where(Annotation.id.in_(merged.moved_annotation_ids))
                .values(entity_id=removed.id)
            )
        record_revision(session, "entity", removed.id, "unmerge", None, {"from": kept.id})


def delete_entity(library: Library, entity_id: int) -> EntityView:
    """Remove an entity no mention links to (e.g. the undo of creating it)."""
    with library.session() as session:
        entity = _load(session, entity_id)
        view = _view(session, entity)
        if view.mentions:
            raise ValidationError(
                "entity",
                _("“{name}” still has {n} linked mentions; unlink or merge them first").format(
                    name=view.name, n=view.mentions
                ),
            )
        session.delete(entity)
        record_revision(session, "entity", entity_id, "delete", view.to_json(), None)
        return view


def _recreate(session: Session, view: EntityView) -> Entity:
    """Put a removed entity back under its old id, with its aliases."""
    entity = Entity(
        id=view.id,
        type=view.type,
        name=view.name,
        description=view.description,
        external_id=view.external_id,
    )
    session.add(entity)
    session.flush()
    for alias, language in view.aliases:
        session.add(EntityAlias(entity_id=view.id, alias=alias, language=language))
    return entity


def linked_annotation_count(library: Library, entity_id: int) -> int:
    """Every annotation linked to the entity (suggestions too): what deleting it unlinks."""
    with library.session() as session:
        _load(session, entity_id)
        return (
            session.scalar(
                select(func.count(Annotation.id)).where(Annotation.entity_id == entity_id)
            )
            or 0
        )


def remove_entity(library: Library, entity_id: int) -> RemovedEntity:
    """Delete an entity and unlink its mentions; the mentions themselves stay annotated.

    For orphans and mistakes; `restore_entity` undoes it.
    """
    with library.session() as session:
        entity = _load(session, entity_id)
        view = _view(session, entity)
        unlinked = tuple(
            session.scalars(
                select(Annotation.id)
                .where(Annotation.entity_id == entity_id)
                .order_by(Annotation.id)
            )
        )
        if unlinked:
            session.execute(
                update(Annotation).where(Annotation.id.in_(unlinked)).values(entity_id=None)
            )
        in_records = tuple(records.unlink_entity(session, entity_id))
        session.delete(entity)
        session.flush()
        record_revision(
            session, "entity", entity_id, "delete", view.to_json(),
            {"unlinked_annotations": list(unlinked), "record_values": len(in_records)},
        )  # fmt: skip
        return RemovedEntity(view, unlinked, in_records)


def restore_entity(library: Library, removed: RemovedEntity) -> EntityView:
    """Undo `remove_entity`: the entity comes back with its aliases and its mentions
    (those still there and not linked to another entity meanwhile)."""
    with library.session() as session:
        if session.get(Entity, removed.entity.id) is not None:
            raise ValidationError(
                "entity", _("“{name}” exists again already").format(name=removed.entity.name)
            )
        entity = _recreate(session, removed.entity)
        if removed.unlinked_annotation_ids:
            session.execute(
                update(Annotation)
                .where(
                    Annotation.id.in_(removed.unlinked_annotation_ids),
                    Annotation.entity_id.is_(None),
                )
                .values(entity_id=entity.id)
            )
        records.relink_entity(session, entity.id, removed.record_values)
        record_revision(session, "entity", entity.id, "restore", None, removed.entity.to_json())
        return _view(session, entity)
