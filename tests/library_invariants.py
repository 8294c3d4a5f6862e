"""What must hold in a library whatever an editor did: the monkey test checks it often.

`library_problems` returns one line per broken rule (empty when all is well): SQLite's
own integrity and foreign-key checks, every annotation's quote equal to the body at its
offsets, and every record cell in its field's stored form.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from curator.errors import CuratorError
from curator.records import SET_ASIDE, STATUSES, check_value
from curator.templates import FieldSpec, get_template
from db.library import Library
from db.models import Annotation, Article, Record

CELL_KEYS = {"value", "evidence", "status", "comment"}


def library_problems(library: Library) -> list[str]:
    with library.session() as session:
        return [
            *_sqlite_problems(session),
            *_quote_problems(session),
            *(
                problem
                for row in session.scalars(select(Record))
                for problem in _record(session, row)
            ),
        ]


def _sqlite_problems(session: Session) -> list[str]:
    problems = []
    integrity = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
    if integrity != ["ok"]:
        problems.append(f"integrity_check: {integrity[:5]}")
    orphans = list(session.execute(text("PRAGMA foreign_key_check")))
    if orphans:
        problems.append(f"foreign_key_check: {orphans[:5]}")
    return problems


def _quote_problems(session: Session) -> list[str]:
    rows = session.execute(
        select(Annotation.id, Annotation.start, Annotation.end, Annotation.quote, Article.body)
        .join(Article, Article.id == Annotation.article_id)
    )  # fmt: skip
    return [
        f"annotation {id_}: quote {quote!r} but the body at {start}:{end} is {body[start:end]!r}"
        for id_, start, end, quote, body in rows
        if not 0 <= start < end <= len(body) or body[start:end] != quote
    ]


def _record(session: Session, row: Record) -> list[str]:
    where = f"record of article {row.article_id}"
    try:
        template = get_template(row.template)
        values = json.loads(row.data)
    except (CuratorError, ValueError) as error:
        return [f"{where}: {error}"]
    problems = []
    for key, stored in values.items():
        spec = template.field(key)
        if key == SET_ASIDE:
            continue
        if spec is None:
            problems.append(f"{where}: {key} is not a field of {template.id}")
        elif spec.type != "group":
            problems += _cell(session, spec, stored, f"{where}: {key}")
        elif not isinstance(stored, list):
            problems.append(f"{where}: group {key} is not a list")
        else:
            children = {child.key: child for child in spec.fields}
            for index, item in enumerate(stored):
                for child_key, cell in item.items():
                    at = f"{where}: {key}[{index}].{child_key}"
                    if child_key not in children:
                        problems.append(f"{at} is not a field of the group")
                    else:
                        problems += _cell(session, children[child_key], cell, at)
    return problems


def _cell(session: Session, spec: FieldSpec, cell: Any, where: str) -> list[str]:
    """A cell is {value, evidence, status, comment}, its value already in stored form."""
    if not isinstance(cell, dict) or set(cell) != CELL_KEYS:
        return [f"{where}: not a cell: {cell!r}"]
    if cell["status"] not in STATUSES:
        return [f"{where}: status {cell['status']!r}"]
    try:
        canonical = check_value(session, spec, cell["value"])
    except CuratorError as error:
        return [f"{where}: {cell['value']!r} is not a {spec.type}: {error}"]
    if canonical != cell["value"]:
        return [f"{where}: {cell['value']!r} is not in stored form ({canonical!r})"]
    return []
