"""Undoable edits: each command's redo and undo call one service function.

A command is applied by `apply()` before it is pushed, so an edit the service refuses
(a bad value, a conflict) never reaches the stack; the first redo() that
QUndoStack.push() calls is then skipped. Later undo/redo failures are reported through
`on_failed` and retire the command (its state no longer matches the library).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from curator import annotations, entities, history, records, suggestions
from curator.annotations import AnnotationView, DeletedAnnotation
from curator.articles import ArticleChanges, ArticleDetail, update_article
from curator.errors import CuratorError
from curator.i18n import N_, _, ngettext
from curator.tagset import Tagset, save_tagset
from db.library import Library

FIELD_LABELS = {
    "title": N_("title"),
    "language": N_("language"),
    "published": N_("published date"),
    "status": N_("status"),
    "tags": N_("tags"),
    "notes": N_("notes"),
    "source_name": N_("source"),
    "url": N_("URL"),
}


class ServiceCommand(QUndoCommand):
    """Base of the commands: subclasses implement _do() and _undo()."""

    def __init__(self, text: str, on_failed: Callable[[str], None]) -> None:
        super().__init__(text)
        self._on_failed = on_failed
        self._applied_once = False

    def apply(self) -> Any:
        """Apply now, before pushing; raises the service's error when refused."""
        result = self._do()
        self._applied_once = True
        return result

    def _do(self) -> Any:
        raise NotImplementedError

    def _undo(self) -> Any:
        raise NotImplementedError

    def _from_stack(self, step: Callable[[], Any]) -> None:
        try:
            step()
        except CuratorError as error:
            self.setObsolete(True)
            self._on_failed(str(error))

    def redo(self) -> None:
        if self._applied_once:
            self._applied_once = False
            return
        self._from_stack(self._do)

    def undo(self) -> None:
        self._from_stack(self._undo)


class SwapValues(ServiceCommand):
    """A command that sets new values and, on undo, the old ones: subclasses give _set."""

    _old: Any
    _new: Any

    def _set(self, values: Any) -> Any:
        raise NotImplementedError

    def _do(self) -> Any:
        return self._set(self._new)

    def _undo(self) -> Any:
        return self._set(self._old)


class EditArticleField(SwapValues):
    """Set one field of an article; undo puts the old value back."""

    def __init__(
        self,
        library: Library,
        article: ArticleDetail,
        field: str,
        new_value: Any,
        on_applied: Callable[[ArticleDetail], None],
        on_failed: Callable[[str], None],
    ) -> None:
        super().__init__(
            _("Edit {field} of “{title}”").format(
                field=_(FIELD_LABELS.get(field, field)), title=_shorten(article.title)
            ),
            on_failed,
        )
        self._library = library
        self._article_id = article.id
        self._field = field
        self._old = _stored_form(getattr(article, field))
        self._new = new_value
        self._on_applied = on_applied
        self._version = article.version

    def _set(self, value: Any) -> ArticleDetail:
        detail = update_article(
            self._library,
            self._article_id,
            ArticleChanges(**{self._field: value}),
            expected_version=self._version,
        )
        self._version = detail.version
        self._on_applied(detail)
        return detail


class AddAnnotation(ServiceCommand):
    """Mark a span; undo deletes it, redo brings the same annotation (same id) back."""

    def __init__(
        self,
        library: Library,
        article_id: int,
        span: tuple[int, int],
        type_name: str,
        on_changed: Callable[[int], None],
        on_failed: Callable[[str], None],
    ) -> None:
        super().__init__(_("Annotate as {type}").format(type=type_name), on_failed)
        self._library = library
        self._article_id = article_id
        self._span = span
        self._type = type_name
        self._on_changed = on_changed
        self._deleted: DeletedAnnotation | None = None
        self.annotation_id: int | None = None

    def _do(self) -> AnnotationView:
        if self._deleted is None:
            view = annotations.add_annotation(
                self._library, self._article_id, *self._span, self._type
            )
        else:
            view = annotations.restore_annotation(self._library, self._deleted)
        self.annotation_id = view.id
        self.setText(
            _("Annotate “{quote}” as {type}").format(quote=_shorten(view.quote, 30), type=view.type)
        )
        self._on_changed(self._article_id)
        return view

    def _undo(self) -> None:
        assert self.annotation_id is not None
        self._deleted = annotations.delete_annotation(self._library, self.annotation_id)
        self._on_changed(self._article_id)


class DeleteAnnotation(ServiceCommand):
    def __init__(
        self,
        library: Library,
        annotation: AnnotationView,
        on_changed: Callable[[int], None],
        on_failed: Callable[[str], None],
    ) -> None:
        super().__init__(
            _("Delete annotation “{quote}”").format(quote=_shorten(annotation.quote, 30)),
            on_failed,
        )
        self._library = library
        self._annotation = annotation
        self._on_changed = on_changed
        self._deleted: DeletedAnnotation | None = None

    def _do(self) -> None:
        self._deleted = annotations.delete_annotation(self._library, self._annotation.id)
        self._on_changed(self._annotation.article_id)

    def _undo(self) -> None:
        assert self._deleted is not None
        annotations.restore_annotation(self._library, self._deleted)
        self._on_changed(self._annotation.article_id)


class EditAnnotation(SwapValues):
    """Change an annotation's type, note or linked entity."""

    def __init__(
        self,
        library: Library,
        annotation: AnnotationView,
        changes: dict[str, Any],
        on_changed: Callable[[int], None],
        on_failed: Callable[[str], None],
    ) -> None:
        super().__init__(
            _("Edit annotation “{quote}”").format(quote=_shorten(annotation.quote, 30)),
            on_failed,
        )
        self._library = library
        self._annotation = annotation
        self._new = changes
        self._old = {
            "type_name": annotation.type,
            "note": annotation.note,
            "entity_id": annotation.entity_id,
        }
        self._old = {key: self._old[key] for key in changes}
        self._on_changed = on_changed

    def _set(self, values: dict[str, Any]) -> AnnotationView:
        view = annotations.update_annotation(self._library, self._annotation.id, **values)
        self._on_changed(self._annotation.article_id)
        return view


class MoveAnnotation(SwapValues):
    """Move an annotation's edges; undo puts them back where they were."""

    def __init__(
        self,
        library: Library,
        annotation: AnnotationView,
        span: tuple[int, int],
        on_changed: Callable[[int], None],
        on_failed: Callable[[str], None],
    ) -> None:
        super().__init__(
            _("Adjust “{quote}”").format(quote=_shorten(annotation.quote, 30)), on_failed
        )
        self._library = library
        self._annotation = annotation
        self._old = (annotation.start, annotation.end)
        self._new = span
        self._on_changed = on_changed

    def _set(self, span: tuple[int, int]) -> AnnotationView:
        view = annotations.move_annotation(self._library, self._annotation.id, *span)
        if span == self._new:  # name the edit by what it made: “Valmora Trade Commission”
            self.setText(
                _("Adjust “{old}” to “{new}”").format(
                    old=_shorten(self._annotation.quote, 24), new=_shorten(view.quote, 24)
                )
            )
        self._on_changed(self._annotation.article_id)
        return view


class StoreSuggestions(ServiceCommand):
    """Store suggestions as pending annotations; undo withdraws them."""

    def __init__(
        self,
        library: Library,
        article_id: int,
        found: Sequence[suggestions.Suggestion],
        text: str,
        on_changed: Callable[[int], None],
        on_failed: Callable[[str], None],
    ) -> None:
        super().__init__(text, on_failed)
        self._library = library
        self._article_id = article_id
        self._found = list(found)
        self._on_changed = on_changed
        self.ids: list[int] = []

    def _do(self) -> list[int]:
        self.ids = suggestions.store_suggestions(self._library, self._found)
        self._on_changed(self._article_id)
        return self.ids

    def _undo(self) -> None:
        suggestions.withdraw(self._library, self.ids)
        self._on_changed(self._article_id)


class DecideSuggestions(ServiceCommand):
    """Accept or reject suggestions; undo makes them pending again."""

    def __init__(
        self,
        library: Library,
        article_id: int,
        annotation_ids: Sequence[int],
        status: str,
        on_changed: Callable[[int], None],
        on_failed: Callable[[str], None],
    ) -> None:
        count = len(annotation_ids)
        label = (
            ngettext("Accept {n} suggestion", "Accept {n} suggestions", count)
            if status == "accepted"
            else ngettext("Reject {n} suggestion", "Reject {n} suggestions", count)
        )
        super().__init__(
            label.format(n=count),
            on_failed,
        )
        self._library = library
        self._article_id = article_id
        self._ids = list(annotation_ids)
        self._status = status
        self._changed: list[int] = []
        self._on_changed = on_changed

    def _do(self) -> list[int]:
        self._changed = suggestions.decide(self._library, self._ids, self._status)
        self._on_changed(self._article_id)
        return self._changed

    def _undo(self) -> None:
        suggestions.decide(self._library, self._changed, "pending")
        self._on_changed(self._article_id)


class CreateEntityFromMention(ServiceCommand):
    """Create an entity named after a mention and link the mention to it."""

    def __init__(
        self,
        library: Library,
        annotation: AnnotationView,
        on_changed: Callable[[int], None],
        on_failed: Callable[[str], None],
    ) -> None:
        super().__init__(
            _("New entity “{name}”").format(name=_shorten(annotation.quote, 30)), on_failed
        )
        self._library = library
        self._annotation = annotation
        self._on_changed = on_changed
        self.entity_id: int | None = None

    def _do(self) -> int:
        view = entities.create_entity(self._library, self._annotation.type, self._annotation.quote)
        self.entity_id = view.id
        annotations.update_annotation(self._library, self._annotation.id, entity_id=view.id)
        self._on_changed(self._annotation.article_id)
        return view.id

    def _undo(self) -> None:
        annotations.update_annotation(
            self._library, self._annotation.id, entity_id=self._annotation.entity_id
        )
        if self.entity_id is not None:
            entities.delete_entity(self._library, self.entity_id)
        self._on_changed(self._annotation.article_id)


class EditEntity(SwapValues):
    """Rename an entity or replace its aliases; undo puts the old ones back."""

    def __init__(
        self,
        library: Library,
        entity: entities.EntityView,
        changes: dict[str, Any],
        on_changed: Callable[[], None],
        on_failed: Callable[[str], None],
    ) -> None:
        super().__init__(
            _("Edit entity “{name}”").format(name=_shorten(entity.name, 30)), on_failed
        )
        self._library = library
        self._entity_id = entity.id
        self._new = changes
        before = {
            "name": entity.name,
            "aliases": list(entity.aliases),
            "description": entity.description,
            "external_id": entity.external_id or "",
        }
        self._old = {key: before[key] for key in changes}
        self._on_changed = on_changed

    def _set(self, values: dict[str, Any]) -> entities.EntityView:
        view = entities.update_entity(self._library, self._entity_id, **values)
        self._on_changed()
        return view


class MergeEntities(ServiceCommand):
    """Fold one entity into another (aliases and mentions move); undo separates them."""

    def __init__(
        self,
        library: Library,
        keep: entities.EntityView,
        merge: entities.EntityView,
        on_changed: Callable[[], None],
        on_failed: Callable[[str], None],
    ) -> None:
        super().__init__(
            _("Merge “{merged}” into “{kept}”").format(
                merged=_shorten(merge.name, 25), kept=_shorten(keep.name, 25)
            ),
            on_failed,
        )
        self._library = library
        self._keep_id = keep.id
        self._merge_id = merge.id
        self._merged: entities.MergedEntities | None = None
        self._on_changed = on_changed

    def _do(self) -> None:
        self._merged = entities.merge_entities(self._library, self._keep_id, self._merge_id)
        self._on_changed()

    def _undo(self) -> None:
        assert self._merged is not None
        entities.unmerge_entities(self._library, self._merged)
        self._on_changed()


class DeleteEntity(ServiceCommand):
    """Delete an entity, unlinking its mentions; undo brings it back, linked again."""

    def __init__(
        self,
        library: Library,
        entity: entities.EntityView,
        on_changed: Callable[[], None],
        on_failed: Callable[[str], None],
    ) -> None:
        super().__init__(
            _("Delete entity “{name}”").format(name=_shorten(entity.name, 30)), on_failed
        )
        self._library = library
        self._entity_id = entity.id
        self._removed: entities.RemovedEntity | None = None
        self._on_changed = on_changed

    def _do(self) -> entities.RemovedEntity:
        self._removed = entities.remove_entity(self._library, self._entity_id)
        self._on_changed()
        return self._removed

    def _undo(self) -> None:
        assert self._removed is not None
        entities.restore_entity(self._library, self._removed)
        self._on_changed()


class AddRelation(ServiceCommand):
    def __init__(
        self,
        library: Library,
        article_id: int,
        relation_type: str,
        ends: tuple[AnnotationView, AnnotationView],
        on_changed: Callable[[int], None],
        on_failed: Callable[[str], None],
    ) -> None:
        source, target = ends
        super().__init__(
            _("Link “{source}” {relation} “{target}”").format(
                source=_shorten(source.quote, 20),
                relation=relation_type,
                target=_shorten(target.quote, 20),
            ),
            on_failed,
        )
        self._library = library
        self._article_id = article_id
        self._type = relation_type
        self._ends = (source.id, target.id)
        self._on_changed = on_changed
        self.relation_id: int | None = None

    def _do(self) -> None:
        self.relation_id = annotations.add_relation(self._library, self._type, *self._ends).id
        self._on_changed(self._article_id)

    def _undo(self) -> None:
        assert self.relation_id is not None
        annotations.delete_relation(self._library, self.relation_id)
        self._on_changed(self._article_id)


class DeleteRelation(ServiceCommand):
    def __init__(
        self,
        library: Library,
        article_id: int,
        relation: annotations.RelationView,
        on_changed: Callable[[int], None],
        on_failed: Callable[[str], None],
    ) -> None:
        super().__init__(_("Delete relation {relation}").format(relation=relation.type), on_failed)
        self._library = library
        self._article_id = article_id
        self._relation = relation
        self._on_changed = on_changed

    def _do(self) -> None:
        annotations.delete_relation(self._library, self._relation.id)
        self._on_changed(self._article_id)

    def _undo(self) -> None:
        restored = annotations.add_relation(
            self._library,
            self._relation.type,
            self._relation.source_id,
            self._relation.target_id,
            self._relation.note,
        )
        self._relation = annotations.RelationView(
            restored.id, restored.type, restored.source_id, restored.target_id, restored.note
        )
        self._on_changed(self._article_id)


class EditTagset(ServiceCommand):
    def __init__(
        self,
        library: Library,
        old: Tagset,
        new: Tagset,
        on_changed: Callable[[], None],
        on_failed: Callable[[str], None],
    ) -> None:
        super().__init__(_("Edit annotation types"), on_failed)
        self._library = library
        self._old, self._new = old, new
        self._on_changed = on_changed

    def _do(self) -> None:
        save_tagset(self._library, self._new)
        self._on_changed()

    def _undo(self) -> None:
        save_tagset(self._library, self._old)
        self._on_changed()


class RecordEdit(ServiceCommand):
    """Any change to a record: undo and redo put back the whole record as it was.

    Records are small, so a snapshot before and after is simpler and surer than an
    inverse for each kind of change (cells, items, template, draft).
    """

    def __init__(
        self,
        library: Library,
        article_id: int,
        text: str,
        operation: Callable[[], records.RecordView],
        on_changed: Callable[[records.RecordView], None],
        on_failed: Callable[[str], None],
    ) -> None:
        super().__init__(text, on_failed)
        self._library = library
        self._article_id = article_id
        self._operation = operation
        self._on_changed = on_changed
        self._before: records.RecordView | None = None
        self._after: records.RecordView | None = None

    def _restore(self, view: records.RecordView) -> records.RecordView:
        restored = records.restore_record(
            self._library, self._article_id, view.values, view.template.id
        )
        self._on_changed(restored)
        return restored

    def _do(self) -> records.RecordView:
        if self._after is not None:
            return self._restore(self._after)
        self._before = records.get_record(self._library, self._article_id)
        self._after = self._operation()
        self._on_changed(self._after)
        return self._after

    def _undo(self) -> records.RecordView:
        assert self._before is not None
        return self._restore(self._before)


class RestoreRevision(ServiceCommand):
    """Put an object back as it was before (or after) a change; undo puts it back again."""

    def __init__(
        self,
        library: Library,
        article_id: int,
        revision_id: int,
        side: str,
        on_changed: Callable[[int], None],
        on_failed: Callable[[str], None],
    ) -> None:
        super().__init__(_("Restore an earlier state"), on_failed)
        self._library = library
        self._article_id = article_id
        self._revision_id = revision_id
        self._side = side
        self._restoring_revision: int | None = None
        self._on_changed = on_changed

    def _do(self) -> None:
        history.restore_revision(self._library, self._revision_id, self._side)
        self._restoring_revision = history.article_history(self._library, self._article_id)[0].id
        self._on_changed(self._article_id)

    def _undo(self) -> None:
        assert self._restoring_revision is not None
        history.restore_revision(self._library, self._restoring_revision, "before")
        self._on_changed(self._article_id)


def _stored_form(value: Any) -> Any:
    """The value as ArticleChanges takes it back: None becomes "" (clear the field)."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return list(value)
    return value


def _shorten(title: str, limit: int = 40) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"
