"""Checks of an article's record: values without evidence, required fields left empty,
and values outside their field's type.

A record belongs to the story (the original of a translation pair), so its findings are
reported on that article only. A finding points at the value's evidence in the text
when it has some, else at the start of the article. Further record checks plug in with
`register_record_check`; curator.quality runs every registered one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy.orm import Session

from curator.checks.finding import CheckInfo, Finding
from curator.errors import ValidationError
from curator.i18n import N_, _
from curator.records import SET_ASIDE, _row, _view, check_value, resolved_evidence
from curator.templates import FieldSpec

RECORD_EVIDENCE = CheckInfo(
    "record-evidence", N_("Record values with no evidence in the article"), "warning"
)
REQUIRED_FIELD = CheckInfo(
    "required-field", N_("Required record fields left empty, or values outside their type"), "error"
)
CHECKS = (RECORD_EVIDENCE, REQUIRED_FIELD)

RecordCheck = Callable[[Session, int], list[Finding]]

#: The record checks curator.quality runs.
RECORD_CHECKS: list[RecordCheck] = []


def register_record_check(check: RecordCheck) -> RecordCheck:
    """Add a record check (usable as a decorator); its findings use the ids above."""
    if check not in RECORD_CHECKS:
        RECORD_CHECKS.append(check)
    return check


def _cells(
    values: dict[str, Any], fields: tuple[FieldSpec, ...]
) -> Iterator[tuple[str, FieldSpec, dict[str, Any] | None]]:
    """(label, field, cell) for every field, and every field of every group item."""
    for spec in fields:
        if spec.type == "group":
            for number, item in enumerate(values.get(spec.key) or [], start=1):
                for child in spec.fields:
                    label = f"{_(spec.label)} {number}: {_(child.label)}"
                    yield label, child, item.get(child.key)
        else:
            yield _(spec.label), spec, values.get(spec.key)


def _finding(
    session: Session,
    info: CheckInfo,
    cell: dict[str, Any] | None,
    article_id: int,
    label: str,
    message: str,
) -> Finding:
    """A finding on the value's evidence in this article, else on the article's start."""
    for evidence in resolved_evidence(session, (cell or {}).get("evidence", [])):
        if evidence.get("article_id") == article_id and "start" in evidence:
            return Finding(info.check_id, info.severity, evidence["start"], evidence["end"],
                           evidence["text"], message, key=label)  # fmt: skip
    return Finding(info.check_id, info.severity, 0, 0, "", message, key=label)


@register_record_check
def check_record(session: Session, article_id: int) -> list[Finding]:
    story, row = _row(session, article_id)
    if row is None or story != article_id:
        return []
    view = _view(story, row)
    values = {k: v for k, v in view.values.items() if k != SET_ASIDE}
    found = []
    for label, spec, cell in _cells(values, view.template.fields):
        value = (cell or {}).get("value")
        if value in (None, "", {}, []):
            if spec.required:
                found.append(_finding(session, REQUIRED_FIELD, cell, article_id, label,
                                      _("The record's “{field}” is required but empty.")
                                      .format(field=label)))  # fmt: skip
            continue
        try:
            check_value(session, spec, value)
        except ValidationError as error:
            found.append(
                _finding(
                    session,
                    REQUIRED_FIELD,
                    cell,
                    article_id,
                    label,
                    _(
                        "The record's “{field}” holds a value its type does not allow: {reason}"
                    ).format(field=label, reason=error.message),
                )
            )
            continue
        if not cell.get("evidence"):
            found.append(
                _finding(
                    session,
                    RECORD_EVIDENCE,
                    cell,
                    article_id,
                    label,
                    _(
                        "The record's “{field}” has no evidence: link the words of "
                        "the article that support it (drop an annotation on the "
                        "field, or Ctrl+E)."
                    ).format(field=label),
                )
            )
    return found
