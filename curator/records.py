"""Structured records: the account of a story, filled from a template, with evidence.

A record belongs to the story, not to one language version: an article and its
translation share the record kept on the original (the source of their bitext).

Every value is a *cell*: {"value": ..., "evidence": [...], "status": "unverified" |
"verified", "comment": "..."}. Evidence items point to an annotation
({"annotation_id": 7}) or to a raw span ({"article_id": 3, "start": 10, "end": 24}).
A group field (participants, figures, ...) holds a list of items, each a dict of cells.
Cells are addressed by paths such as ("event_name",) or ("participants", 2, "person").
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from curator.errors import EditConflictError, NotFoundError, ValidationError
from curator.i18n import _
from curator.revisions import record_revision
from curator.templates import DEFAULT_TEMPLATE, QUALIFIERS, FieldSpec, Template, get_template
from db.library import Library
from db.models import Annotation, Article, Bitext, Entity, Record, utcnow

Path = tuple[str | int, ...]
STATUSES = ("unverified", "verified")
SET_ASIDE = "_set_aside"  # values a template change could not keep: never thrown away
_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True, slots=True)
class RecordView:
    story_article_id: int
    template: Template
    values: dict[str, Any]
    version: int  # 0: no record stored yet

    def cell(self, path: Path) -> dict[str, Any] | None:
        return _cell_at(self.values, path)

    def items(self, group_key: str) -> list[dict[str, Any]]:
        items = self.values.get(group_key)
        return items if isinstance(items, list) else []


def empty_cell(value: Any = None) -> dict[str, Any]:
    return {"value": value, "evidence": [], "status": "unverified", "comment": ""}


# --- the story and its record row ------------------------------------------------------


def story_article_id(session: Session, article_id: int) -> int:
    """The article whose record this one shares: the original of its translation pair."""
    if session.get(Article, article_id) is None:
        raise NotFoundError(_("No article with id {id}.").format(id=article_id))
    source = session.scalar(
        select(Bitext.source_article_id).where(Bitext.target_article_id == article_id).limit(1)
    )
    return source if source is not None else article_id


def _row(session: Session, article_id: int) -> tuple[int, Record | None]:
    story = story_article_id(session, article_id)
    return story, session.scalar(select(Record).where(Record.article_id == story))


def _view(story: int, row: Record | None) -> RecordView:
    if row is None:
        return RecordView(story, get_template(DEFAULT_TEMPLATE), {}, 0)
    return RecordView(story, get_template(row.template), json.loads(row.data), row.version)


def get_record(library: Library, article_id: int) -> RecordView:
    with library.reading() as session:
        return _view(*_row(session, article_id))


def _write(
    session: Session,
    article_id: int,
    expected_version: int | None,
    change: str,
    edit: Any,
    check: bool = True,
) -> RecordView:
    """Load (or start) the story's record, apply `edit(values, template)`, save, log, and
    run the record checks again (unless `check` is off: a bulk import checks later)."""
    story, row = _row(session, article_id)
    current = _view(story, row)
    if expected_version is not None and current.version != expected_version:
        raise EditConflictError(
            _("The record was changed elsewhere since you opened it; nothing was overwritten.")
        )
    values = copy.deepcopy(current.values)
    before = copy.deepcopy(values)
    template = edit(values, current.template) or current.template
    if row is None:
        row = Record(article_id=story, template=template.id, data="{}")
        session.add(row)
    row.template = template.id
    row.data = json.dumps(values, ensure_ascii=False)
    row.updated_at = utcnow()
    session.flush()
    record_revision(session, "record", row.id, change, {"values": before},
                    {"values": values, "template": template.id})  # fmt: skip
    if check:
        from curator import quality  # the record checks follow the record (no import cycle)

        quality.refresh_record_findings(session, story)
    return _view(story, row)


# --- checking values -------------------------------------------------------------------


def _decimal(text: Any, label: str) -> str:
    try:
        number = Decimal(str(text).strip())
    except (InvalidOperation, ValueError) as error:
        raise ValidationError(label, _("“{value}” is not a number").format(value=text)) from error
    if not number.is_finite():  # NaN, Infinity: no count or amount
        raise ValidationError(label, _("“{value}” is not a number").format(value=text))
    return str(number)


def _iso_date(text: Any, label: str) -> str:
    try:
        return dt.date.fromisoformat(str(text)).isoformat()
    except ValueError as error:
        raise ValidationError(label, _("“{value}” is not a date").format(value=text)) from error


def check_value(session: Session, spec: FieldSpec, value: Any) -> Any:
    """The value in its stored form, or ValidationError naming the field."""
    label = spec.label
    if value is None or value == "":
        return None
    if spec.type in ("text", "long_text"):
        return str(value)
    if spec.type == "date":
        return _iso_date(value, label)
    if spec.type == "date_range":
        start = _iso_date(value["start"], label) if value.get("start") else None
        end = _iso_date(value["end"], label) if value.get("end") else None
        if start and end and end < start:
            raise ValidationError(label, _("the range ends before it starts"))
        return {"start": start, "end": end}
    if spec.type in ("number_unit", "money"):
        qualifier = value.get("qualifier", "") or ""
        if qualifier not in QUALIFIERS:
            raise ValidationError(label, _("unknown qualifier “{q}”").format(q=qualifier))
        if spec.type == "number_unit":
            return {"qualifier": qualifier, "value": _decimal(value.get("value"), label),
                    "unit": str(value.get("unit") or "")}  # fmt: skip
        currency = str(value.get("currency") or "").upper()
        if not _CURRENCY.match(currency):
            raise ValidationError(label, _("a currency is a code such as EUR or CNY"))
        return {"qualifier": qualifier, "amount": _decimal(value.get("amount"), label),
                "currency": currency}  # fmt: skip
    if spec.type == "entity":
        entity_id = value.get("entity_id")
        text = str(value.get("text") or "")
        if entity_id is not None:
            entity = session.get(Entity, entity_id)
            if entity is None:
                raise ValidationError(label, _("no entity with id {id}").format(id=entity_id))
            if spec.entity_types and entity.type not in spec.entity_types:
                raise ValidationError(
                    label,
                    _("“{name}” is a {type}, not a {wanted}").format(
                        name=entity.name, type=entity.type, wanted=", ".join(spec.entity_types)
                    ),
                )
            text = text or entity.name
        return {"entity_id": entity_id, "text": text}
    if spec.type == "choice":
        if value not in spec.choices:
            raise ValidationError(
                label, _("choose one of: {choices}").format(choices=", ".join(spec.choices))
            )
        return value
    raise ValidationError(label, _("a group holds items, not a value"))


def _check_evidence(session: Session, evidence: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    checked = []
    for item in evidence:
        if "annotation_id" in item:
            if session.get(Annotation, item["annotation_id"]) is None:
                raise ValidationError(
                    "evidence", _("no annotation with id {id}").format(id=item["annotation_id"])
                )
            checked.append({"annotation_id": int(item["annotation_id"])})
        else:
            article = session.get(Article, item.get("article_id"))
            start, end = int(item.get("start", -1)), int(item.get("end", -1))
            if article is None or not 0 <= start < end <= len(article.body):
                raise ValidationError("evidence", _("the evidence span is not in the article"))
            checked.append({"article_id": article.id, "start": start, "end": end})
    return checked


def _spec_at(template: Template, path: Path) -> FieldSpec:
    spec = template.field(str(path[0]))
    if spec is None:
        raise ValidationError(str(path[0]), _("not a field of the template"))
    if len(path) == 1:
        return spec
    child = next((f for f in spec.fields if f.key == path[2]), None) if len(path) == 3 else None
    if spec.type != "group" or child is None:
        raise ValidationError(str(path[0]), _("not a field of the template"))
    return child


def _container(values: dict[str, Any], path: Path) -> dict[str, Any]:
    """The dict holding the cell at `path` (a group item, or the values themselves)."""
    if len(path) == 1:
        return values
    items = values.get(str(path[0]))
    index = int(path[1])
    if not isinstance(items, list) or not 0 <= index < len(items):
        raise ValidationError(str(path[0]), _("no item {n} in this group").format(n=index + 1))
    return items[index]


# --- changing a record -----------------------------------------------------------------


def set_cell(
    library: Library,
    article_id: int,
    path: Path,
    cell: dict[str, Any] | None,
    expected_version: int | None = None,
) -> RecordView:
    """Set (or, with None, clear) one cell: its value, evidence, status and comment."""

    def edit(values: dict[str, Any], template: Template) -> None:
        spec = _spec_at(template, path)
        holder = _container(values, path)
        key = str(path[-1])
        if cell is None:
            holder.pop(key, None)
            return
        status = cell.get("status", "unverified")
        if status not in STATUSES:
            raise ValidationError(spec.label, _("a value is verified or unverified"))
        holder[key] = {
            "value": check_value(session, spec, cell.get("value")),
            "evidence": _check_evidence(session, cell.get("evidence", [])),
            "status": status,
            "comment": str(cell.get("comment", "")),
        }

    with library.session() as session:
        return _write(session, article_id, expected_version, "set", edit)


def add_item(
    library: Library,
    article_id: int,
    group: str,
    item: dict[str, Any] | None = None,
    index: int | None = None,
) -> RecordView:
    """Add an item (a participant, a figure, ...) to a group, at `index` or the end."""

    def edit(values: dict[str, Any], template: Template) -> None:
        spec = template.field(group)
        if spec is None or spec.type != "group":
            raise ValidationError(group, _("not a group of the template"))
        items = values.setdefault(group, [])
        items.insert(len(items) if index is None else index, copy.deepcopy(item or {}))

    with library.session() as session:
        return _write(session, article_id, None, "add_item", edit)


def remove_item(
    library: Library, article_id: int, group: str, index: int
) -> tuple[RecordView, dict[str, Any]]:
    """Remove an item; returns it too, so undo can put it back."""
    removed: dict[str, Any] = {}

    def edit(values: dict[str, Any], _template: Template) -> None:
        items = values.get(group)
        if not isinstance(items, list) or not 0 <= index < len(items):
            raise ValidationError(group, _("no item {n} in this group").format(n=index + 1))
        removed.update(items.pop(index))

    with library.session() as session:
        return _write(session, article_id, None, "remove_item", edit), removed


def move_item(library: Library, article_id: int, group: str, start: int, to: int) -> RecordView:
    def edit(values: dict[str, Any], _template: Template) -> None:
        items = values.get(group)
        if not isinstance(items, list) or not (0 <= start < len(items) and 0 <= to < len(items)):
            raise ValidationError(group, _("no such item to move"))
        items.insert(to, items.pop(start))

    with library.session() as session:
        return _write(session, article_id, None, "move_item", edit)


def _fits(session: Session, spec: FieldSpec, stored: Any) -> bool:
    """Whether a stored cell (or a group's items) is valid, as it is, for `spec`."""
    if spec.type == "group":
        children = {child.key: child for child in spec.fields}
        return isinstance(stored, list) and all(
            isinstance(item, dict)
            and all(
                key in children and _fits(session, children[key], cell)
                for key, cell in item.items()
            )
            for item in stored
        )
    if not isinstance(stored, dict):
        return False
    try:
        return check_value(session, spec, stored.get("value")) == stored.get("value")
    except (ValidationError, AttributeError, KeyError, TypeError):
        return False


def change_template(
    library: Library, article_id: int, template_id: str
) -> tuple[RecordView, list[str]]:
    """Switch template, keeping the values that fit; returns the keys set aside.

    A value fits when the new template has a field of its key that would accept it as it
    is (same type, an allowed choice, every group item's fields known). Values that do
    not fit are kept under SET_ASIDE, so switching back, or copying them by hand, loses
    nothing; a value set aside earlier comes back when it fits again.
    """
    new = get_template(template_id)
    set_aside: list[str] = []

    def edit(values: dict[str, Any], _old: Template) -> Template:
        aside = values.pop(SET_ASIDE, {})
        leaving = {}
        for key in list(values):
            kept = new.field(key)
            if kept is None or not _fits(session, kept, values[key]):
                leaving[key] = values.pop(key)
                set_aside.append(key)
        for key in list(aside):
            kept = new.field(key)
            if kept is not None and key not in values and _fits(session, kept, aside[key]):
                values[key] = aside.pop(key)
        for key, value in leaving.items():  # never over a value set aside before
            name, copy_number = key, 2
            while name in aside:
                name, copy_number = f"{key} ({copy_number})", copy_number + 1
            aside[name] = value
        if aside:
            values[SET_ASIDE] = aside
        return new

    with library.session() as session:
        return _write(session, article_id, None, "change_template", edit), set_aside


# --- reading a record with its evidence ------------------------------------------------


def resolved_evidence(session: Session, evidence: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evidence as (annotation,) article, start, end and the quoted text."""
    resolved = []
    for item in evidence:
        if "annotation_id" in item:
            annotation = session.get(Annotation, item["annotation_id"])
            if annotation is None:
                resolved.append({"annotation_id": item["annotation_id"], "missing": True})
                continue
            resolved.append({
                "annotation_id": annotation.id, "article_id": annotation.article_id,
                "start": annotation.start, "end": annotation.end, "text": annotation.quote,
            })  # fmt: skip
        else:
            article = session.get(Article, item["article_id"])
            text = article.body[item["start"] : item["end"]] if article else ""
            resolved.append({**item, "text": text})
    return resolved


def record_json(library: Library, article_id: int) -> dict[str, Any]:
    """The record with every value's evidence spelt out (the CLI's `record --json`)."""
    with library.session() as session:
        view = _view(*_row(session, article_id))

        def cell_json(cell: dict[str, Any]) -> dict[str, Any]:
            return {**cell, "evidence": resolved_evidence(session, cell.get("evidence", []))}

        fields: dict[str, Any] = {}
        for spec in view.template.fields:
            if spec.type == "group":
                fields[spec.key] = [
                    {key: cell_json(cell) for key, cell in item.items()}
                    for item in view.items(spec.key)
                ]
            elif (cell := view.values.get(spec.key)) is not None:
                fields[spec.key] = cell_json(cell)
        return {
            "article_id": article_id,
            "story_article_id": view.story_article_id,
            "template": view.template.id,
            "template_version": view.template.version,
            "version": view.version,
            "fields": fields,
            "set_aside": view.values.get(SET_ASIDE, {}),
        }


def _has_content(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_content(part) for part in value.values())
    return value not in (None, "", [])


def _cells(values: dict[str, Any]) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every cell of a record with its path (values set aside by a template change are
    left alone)."""
    for key, node in values.items():
        if key == SET_ASIDE:
            continue
        items = node if isinstance(node, list) else [{None: node}]
        for index, item in enumerate(items):
            for sub, cell in (item if isinstance(item, dict) else {}).items():
                if isinstance(cell, dict) and "status" in cell:
                    yield ((key,) if sub is None else (key, index, sub)), cell


def evidenced_unverified(values: dict[str, Any]) -> list[Path]:
    """Paths of the cells with a value and evidence that are not verified yet."""
    return [
        path
        for path, cell in _cells(values)
        if cell.get("evidence")
        and cell.get("status") != "verified"
        and _has_content(cell.get("value"))
    ]


def _cell_at(values: dict[str, Any], path: Path) -> dict[str, Any] | None:
    node: Any = values
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    return node if isinstance(node, dict) else None


EntityRef = tuple[int, Path]  # a record (id) and the path of a value naming an entity


def unlink_entity(session: Session, entity_id: int) -> list[EntityRef]:
    """Take a deleted entity out of every record value naming it (its text stays), in
    the caller's session; returns where, for `relink_entity`."""
    refs: list[EntityRef] = []
    named = f'%"entity_id": {int(entity_id)}%'  # as _write stores it; checked exactly below
    for row in session.scalars(select(Record).where(Record.data.like(named))):
        values = json.loads(row.data)
        found = [
            path
            for path, cell in _cells(values)
            if isinstance(cell.get("value"), dict) and cell["value"].get("entity_id") == entity_id
        ]
        for path in found:
            _cell_at(values, path)["value"]["entity_id"] = None  # type: ignore[index]
            refs.append((row.id, path))
        if found:
            row.data = json.dumps(values, ensure_ascii=False)
            row.updated_at = utcnow()
    return refs


def relink_entity(session: Session, entity_id: int, refs: Sequence[EntityRef]) -> None:
    """Undo `unlink_entity`: values still without an entity name it again."""
    for record_id in sorted({record_id for record_id, _path in refs}):
        row = session.get(Record, record_id)
        if row is None:
            continue
        values = json.loads(row.data)
        for _record_id, path in (ref for ref in refs if ref[0] == record_id):
            cell = _cell_at(values, tuple(path))
            value = cell.get("value") if cell else None
            if isinstance(value, dict) and value.get("entity_id") is None:
                value["entity_id"] = entity_id
        row.data = json.dumps(values, ensure_ascii=False)
        row.updated_at = utcnow()


def verify_evidenced(library: Library, article_id: int) -> tuple[RecordView, int]:
    """Mark verified every value that has evidence, in one change; returns how many.

    Nothing to verify writes nothing (no revision, no new version).
    """
    count = 0

    def edit(values: dict[str, Any], _template: Template) -> None:
        nonlocal count
        paths = evidenced_unverified(values)
        for path in paths:
            _cell_at(values, path)["status"] = "verified"  # type: ignore[index]
        count = len(paths)

    with library.session() as session:
        story, row = _row(session, article_id)
        if not evidenced_unverified(_view(story, row).values):
            return _view(story, row), 0
        return _write(session, article_id, None, "verify_evidenced", edit), count


def restore_record(
    library: Library,
    article_id: int,
    values: dict[str, Any],
    template_id: str,
    *,
    check: bool = True,
) -> RecordView:
    """Put back a whole earlier state of the record (undo, redo, history, an import)."""
    template = get_template(template_id)

    def edit(current: dict[str, Any], _template: Template) -> Template:
        current.clear()
        current.update(copy.deepcopy(values))
        return template

    with library.session() as session:
        return _write(session, article_id, None, "restore", edit, check)
