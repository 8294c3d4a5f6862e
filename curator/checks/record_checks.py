"""Checks of an article's record — a hook, filled in where records are built.

Records (curator/records.py) are another issue's work. Their checks — values without
evidence, required fields left empty, a value outside its type — plug in here: each is
a function `(session, article_id) -> list[Finding]`, registered with
`register_record_check`, and curator.quality runs every registered one with the other
checks, under the ids declared below (so they can be configured already).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from curator.checks.finding import CheckInfo, Finding
from curator.i18n import N_

RECORD_EVIDENCE = CheckInfo(
    "record-evidence", N_("Record values with no evidence in the article"), "warning"
)
REQUIRED_FIELD = CheckInfo(
    "required-field", N_("Required record fields left empty, or values outside their type"), "error"
)
CHECKS = (RECORD_EVIDENCE, REQUIRED_FIELD)

RecordCheck = Callable[[Session, int], list[Finding]]

#: The record checks curator.quality runs; empty until records register theirs.
RECORD_CHECKS: list[RecordCheck] = []


def register_record_check(check: RecordCheck) -> RecordCheck:
    """Add a record check (usable as a decorator); its findings use the ids above."""
    if check not in RECORD_CHECKS:
        RECORD_CHECKS.append(check)
    return check
