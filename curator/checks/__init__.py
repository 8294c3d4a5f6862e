"""Text-level data-quality checks: what is garbled in an article body.

Each check family is a module with `check_*(text, language, published=None)`
returning Findings; `run_text_checks` runs them all. `CHECKS` lists every check id
with its description and default severity, for settings and the Problems panel.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from curator.checks import dates, debris, number_grouping
from curator.checks.dates import check_dates
from curator.checks.debris import check_debris
from curator.checks.finding import CheckInfo, Finding, Severity
from curator.checks.number_grouping import check_number_grouping

__all__ = ["CHECKS", "TEXT_CHECKS", "CheckInfo", "Finding", "Severity", "run_text_checks"]

TextCheck = Callable[[str, str, date | None], list[Finding]]

#: Every text check by id: what it looks for and its default severity.
CHECKS: dict[str, CheckInfo] = {
    info.check_id: info for module in (number_grouping, debris, dates) for info in module.CHECKS
}
#: The check families run_text_checks runs, in order.
TEXT_CHECKS: tuple[TextCheck, ...] = (check_number_grouping, check_debris, check_dates)


def run_text_checks(text: str, language: str, published: date | None = None) -> list[Finding]:
    """Every text check's findings for an article body, sorted by where they start."""
    findings = [finding for check in TEXT_CHECKS for finding in check(text, language, published)]
    return sorted(findings, key=lambda finding: (finding.start, finding.end, finding.check_id))
