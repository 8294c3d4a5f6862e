"""`curator check` and `curator dismiss`: the data-quality checks on the command line.

    curator check [--article ID] [--all] [--json]
    curator dismiss FINDING_ID --reason TEXT [--json]

`check` runs the checks (storing their findings, as the window does), lists the open
findings — article, check id, severity, start, end, text, message — and exits with
status 1 when any of them is an error, so it can stop a pipeline before an export.
`--json` prints a list of findings. `dismiss` sets a finding aside with a reason; it
stays dismissed when the checks run again.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any

from curator import quality
from curator.i18n import ngettext
from db.library import Library

EXIT_OK, EXIT_ERROR = 0, 1


def add_check_parsers(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register `check` and `dismiss` on the subcommand parsers."""
    command = commands.add_parser(
        "check",
        parents=[common],
        help="run the data-quality checks and list open findings; exit 1 on any error",
    )
    command.add_argument("--article", type=int, metavar="ID", help="one article (default: all)")
    command.add_argument(
        "--all", action="store_true", dest="include_dismissed", help="list dismissed ones too"
    )
    command = commands.add_parser(
        "dismiss", parents=[common], help="dismiss a finding, with the reason it is not a problem"
    )
    command.add_argument("finding", type=int, metavar="FINDING_ID")
    command.add_argument("--reason", required=True, help="why this is not a problem (kept)")


def run_check(library: Library, args: argparse.Namespace) -> int:
    if args.article is not None:
        quality.check_article(library, args.article)
    else:
        quality.check_library(library)
    findings = quality.list_findings(library, args.article, args.include_dismissed)
    has_errors = any(f.status == "open" and f.severity == "error" for f in findings)
    if args.json:
        from curator.cli import _print_json

        _print_json([finding.to_json() for finding in findings])
        return EXIT_ERROR if has_errors else EXIT_OK
    for f in findings:
        dismissed = f"  [dismissed: {f.dismiss_reason}]" if f.status == "dismissed" else ""
        print(
            f"#{f.article_id}  {f.severity:<7} {f.check_id:<20} {f.start:>6}-{f.end:<6} "
            f"“{_one_line(f.text)}”  {f.message}{dismissed}"
        )
    print(open_summary([f for f in findings if f.status == "open"]), file=sys.stdout)
    return EXIT_ERROR if has_errors else EXIT_OK


def open_summary(open_findings: list[Any]) -> str:
    """ "1 open finding in 1 article: 1 warning"."""
    by_severity = Counter(f.severity for f in open_findings)
    articles = len({f.article_id for f in open_findings})
    counts = quality.counts_text(by_severity["error"], by_severity["warning"], by_severity["info"])
    return ngettext(
        "{n} open finding in {articles}", "{n} open findings in {articles}", len(open_findings)
    ).format(
        n=len(open_findings),
        articles=ngettext("{n} article", "{n} articles", articles).format(n=articles),
    ) + (f": {counts}" if counts else "")


def run_dismiss(library: Library, args: argparse.Namespace) -> int:
    finding = quality.dismiss(library, args.finding, args.reason)
    if args.json:
        from curator.cli import _print_json

        _print_json(finding.to_json())
        return EXIT_OK
    print(
        f"dismissed #{finding.id} ({finding.check_id}, “{_one_line(finding.text)}”) in article "
        f"#{finding.article_id}: {finding.dismiss_reason}"
    )
    return EXIT_OK


def _one_line(text: str) -> str:
    return " ".join(text.split())
