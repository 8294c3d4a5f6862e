"""Fitting an imported record to its template before it is stored.

The JSON Schema lets a cell's value be any JSON (its type depends on the template), so
a file can carry a date that is a list or money that is text. Stored as they came, such
values broke Check Library later (a traceback in the record checks). Each value is
checked here as an editor's entry would be (curator.records.check_value); one that does
not fit its field is set aside (SET_ASIDE: kept, never thrown away, never checked) and
named, and the others are stored in their checked form.
"""

from __future__ import annotations

import copy
from decimal import InvalidOperation
from typing import Any

from sqlalchemy.orm import Session

from curator.errors import CuratorError
from curator.records import SET_ASIDE, check_value
from curator.templates import FieldSpec, Template

#: What check_value raises on a value of the wrong shape, besides ValidationError.
_MISFITS = (CuratorError, TypeError, AttributeError, KeyError, ValueError, InvalidOperation)


def fit_to_template(
    session: Session, values: dict[str, Any], template: Template
) -> tuple[dict[str, Any], list[str]]:
    """`values` with every field checked against `template`, and the keys set aside."""
    fitted: dict[str, Any] = {}
    aside: dict[str, Any] = dict(values.get(SET_ASIDE) or {})
    moved: list[str] = []
    for key, node in values.items():
        if key == SET_ASIDE:
            continue
        spec = template.field(key)
        checked = None if spec is None else _checked(session, spec, node)
        if checked is None:
            aside[key] = copy.deepcopy(node)
            moved.append(key)
        else:
            fitted[key] = checked
    if aside:
        fitted[SET_ASIDE] = aside
    return fitted, moved


def _checked(session: Session, spec: FieldSpec, node: Any) -> Any | None:
    """The node (a cell, or a group's list of items) in checked form; None if it does
    not fit."""
    if spec.type == "group":
        if not isinstance(node, list):
            return None
        items = []
        for item in node:
            children = {child.key: child for child in spec.fields}
            if not isinstance(item, dict) or not set(item) <= set(children):
                return None
            cells = {key: _checked_cell(session, children[key], cell) for key, cell in item.items()}
            if any(cell is None for cell in cells.values()):
                return None
            items.append(cells)
        return items
    return _checked_cell(session, spec, node)


def _checked_cell(session: Session, spec: FieldSpec, cell: Any) -> dict[str, Any] | None:
    if not isinstance(cell, dict) or spec.type == "group":
        return None
    try:
        value = check_value(session, spec, cell.get("value"))
    except _MISFITS:
        return None
    return {**cell, "value": value}
