"""Counts read as English: "1 matching article", "1 warning", never "1 warnings"."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from curator import quality
from curator.cli_check import open_summary
from tests.test_cli import db, imported, releases, run  # noqa: F401  (fixtures)


def test_one_search_hit_is_one_matching_article(capsys, db, imported) -> None:  # noqa: F811
    code, out, _err = run(capsys, "--db", db, "search", "Valmora", "--lang", "it")
    assert code == 0
    assert "1 matching article" in out and "1 matching articles" not in out


def test_the_check_summary_says_1_warning() -> None:
    one = SimpleNamespace(severity="warning", article_id=7)
    assert open_summary([one]) == "1 open finding in 1 article: 1 warning"
    two = [one, SimpleNamespace(severity="error", article_id=8)]
    assert open_summary(two) == "2 open findings in 2 articles: 1 error, 1 warning"


@pytest.mark.parametrize(
    ("counts", "text"),
    [
        ((1, 1, 1), "1 error, 1 warning, 1 note"),
        ((2, 0, 3), "2 errors, 3 notes"),
        ((0, 1, 0), "1 warning"),
    ],
)
def test_counts_text(counts: tuple[int, int, int], text: str) -> None:
    assert quality.counts_text(*counts) == text
