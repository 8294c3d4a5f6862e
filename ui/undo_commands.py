"""Undoable edits: each command's redo and undo call one service function."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from curator.articles import ArticleChanges, ArticleDetail, update_article
from curator.errors import CuratorError
from curator.i18n import N_, _
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


class EditArticleField(QUndoCommand):
    """Set one field of an article; undo puts the old value back.

    The edit is applied by `apply()` before the command is pushed, so a refused edit
    (a bad value, a conflict) never reaches the stack; the first redo() that
    QUndoStack.push() calls is then skipped.
    """

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
            )
        )
        self._library = library
        self._article_id = article.id
        self._field = field
        self._old = _stored_form(getattr(article, field))
        self._new = new_value
        self._on_applied = on_applied
        self._on_failed = on_failed
        self._version = article.version
        self._applied_once = False

    def apply(self) -> ArticleDetail:
        """Apply the edit now; raises the service's error when it is refused."""
        detail = self._set(self._new)
        self._applied_once = True
        return detail

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

    def _set_from_stack(self, value: Any) -> None:
        """Undo/redo from the stack: a refusal is reported and the command retired."""
        try:
            self._set(value)
        except CuratorError as error:
            self.setObsolete(True)
            self._on_failed(str(error))

    def redo(self) -> None:
        if self._applied_once:
            self._applied_once = False
            return
        self._set_from_stack(self._new)

    def undo(self) -> None:
        self._set_from_stack(self._old)


def _stored_form(value: Any) -> Any:
    """The value as ArticleChanges takes it back: None becomes "" (clear the field)."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return list(value)
    return value


def _shorten(title: str, limit: int = 40) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"
