"""The change log: every change to a curated object writes one revision."""

from __future__ import annotations

import getpass
import json
from typing import Any

from sqlalchemy.orm import Session

from db.bulk import insert_rows, sql_value
from db.models import Revision, utcnow

_author_override: str | None = None


def current_author() -> str:
    """The name revisions are signed with: set in preferences, else the OS user name."""
    if _author_override:
        return _author_override
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "editor"


def set_author(name: str | None) -> None:
    global _author_override
    _author_override = name.strip() if name and name.strip() else None


def _as_json(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


def record_revision(
    session: Session,
    object_type: str,
    object_id: int,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    session.add(
        Revision(
            object_type=object_type,
            object_id=object_id,
            action=action,
            author=current_author(),
            at=utcnow(),
            before=_as_json(before),
            after=_as_json(after),
        )
    )


def record_revisions_bulk(session: Session, rows: list[dict[str, Any]]) -> None:
    """Many revisions in one statement (imports); rows hold object_id, action, after."""
    if not rows:
        return
    author, now = current_author(), sql_value(utcnow())
    insert_rows(
        session,
        "revisions",
        ("object_type", "object_id", "action", "author", "at", "after"),
        (
            ("article", row["object_id"], row["action"], author, now, _as_json(row["after"]))
            for row in rows
        ),
    )
