"""The history of an article: every revision of it, its annotations and its record.

Restoring an earlier state is itself a change: it writes a revision, so it shows in the
history and can be undone like any other edit.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select

from curator.annotations import update_annotation
from curator.articles import EDITABLE_FIELDS, ArticleChanges, update_article
from curator.errors import NotFoundError, ValidationError
from curator.i18n import _
from curator.records import restore_record, story_article_id
from db.library import Library
from db.models import Annotation, Record, Revision


@dataclass(frozen=True, slots=True)
class RevisionView:
    id: int
    object_type: str
    object_id: int
    action: str
    author: str
    at: dt.datetime
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def summary(self) -> str:
        changed = sorted(set(self.before or {}) | set(self.after or {}))
        return f"{self.object_type} #{self.object_id} {self.action}: {', '.join(changed)}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "object_type": self.object_type, "object_id": self.object_id,
            "action": self.action, "author": self.author, "at": self.at.isoformat(),
            "before": self.before, "after": self.after,
        }  # fmt: skip


def _view(revision: Revision) -> RevisionView:
    return RevisionView(
        revision.id, revision.object_type, revision.object_id, revision.action,
        revision.author, revision.at,
        json.loads(revision.before) if revision.before else None,
        json.loads(revision.after) if revision.after else None,
    )  # fmt: skip


def article_history(library: Library, article_id: int) -> list[RevisionView]:
    """Revisions of the article, its annotations (deleted ones too) and its record."""
    with library.reading() as session:
        annotation_ids = set(
            session.scalars(select(Annotation.id).where(Annotation.article_id == article_id))
        )
        for revision in session.scalars(
            select(Revision).where(Revision.object_type == "annotation")
        ):  # deleted annotations are known by the article id in their snapshots
            for snapshot in (revision.before, revision.after):
                if snapshot and json.loads(snapshot).get("article_id") == article_id:
                    annotation_ids.add(revision.object_id)
        story = story_article_id(session, article_id)  # a translation shares the record
        record_ids = list(
            session.scalars(select(Record.id).where(Record.article_id.in_({article_id, story})))
        )
        statement = (
            select(Revision)
            .where(
                or_(
                    and_(Revision.object_type == "article", Revision.object_id == article_id),
                    and_(Revision.object_type == "annotation",
                         Revision.object_id.in_(annotation_ids)),
                    and_(Revision.object_type == "record", Revision.object_id.in_(record_ids)),
                )
            )
            .order_by(Revision.at.desc(), Revision.id.desc())
        )  # fmt: skip
        return [_view(revision) for revision in session.scalars(statement)]


def restore_revision(library: Library, revision_id: int, side: str = "before") -> None:
    """Put an object back as it was before (or after) a revision; writes a new revision."""
    if side not in ("before", "after"):
        raise ValidationError("side", _("restore the state before or after a change"))
    with library.session() as session:
        revision = session.get(Revision, revision_id)
        if revision is None:
            raise NotFoundError(_("No revision with id {id}.").format(id=revision_id))
        view = _view(revision)
    state = view.before if side == "before" else view.after
    if not state:
        raise ValidationError(
            "revision", _("there is no state {side} this change to restore").format(side=side)
        )
    if view.object_type == "article":
        fields = {key: ("" if value is None else value) for key, value in state.items()
                  if key in EDITABLE_FIELDS}  # fmt: skip
        if fields.get("published"):
            fields["published"] = dt.date.fromisoformat(fields["published"])
        update_article(library, view.object_id, ArticleChanges(**fields))
    elif view.object_type == "annotation":
        update_annotation(
            library, view.object_id, type_name=state.get("type"), note=state.get("note"),
            entity_id=state.get("entity_id"), status=state.get("status"),
        )  # fmt: skip
    elif view.object_type == "record":
        with library.session() as session:
            record = session.get(Record, view.object_id)
            if record is None:
                raise NotFoundError(_("That record no longer exists."))
            article_id = record.article_id
        restore_record(library, article_id, state["values"],
                       state.get("template") or record.template)  # fmt: skip
    else:
        raise ValidationError("revision", _("this kind of change cannot be restored here"))
