"""The window follows what others save: the Problems badge and panel after a `dismiss`
run by another process, and the recommender's live counter and honest scores."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from curator import importer, quality
from curator.formats.base import ParsedArticle
from db.library import Library
from ui.app import create_application
from ui.article_list_model import PROBLEMS_COLUMN, PROBLEMS_ROLE
from ui.main_window import MainWindow
from ui.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[1]
GARBLED = "The Harbour Logistics Forum drew 515,15 visitors to Porto Lindo."
TYPO = "The Valmora Shipping Week opened on the 3th of May with nine hundred guests."


def _cli(library_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(
        [sys.executable, "main.py", "--db", str(library_path), *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed


@pytest.fixture
def closed_library(library_path: Path) -> dict[str, int]:
    """Two checked articles in a library no process has open (no -wal file beside it)."""
    library = Library.open(library_path)
    report = importer.import_parsed(
        library,
        [
            ParsedArticle("Garbled forum", GARBLED, "g.txt", "en"),
            ParsedArticle("Shipping week", TYPO, "s.txt", "en"),
        ],
    )
    library.close()
    return {item.title: item.id for item in report.imported}


@pytest.fixture
def window(qtbot, library_path: Path, closed_library, tmp_path: Path):  # type: ignore[no-untyped-def]
    create_application([])
    library = Library.open(library_path)
    shown = MainWindow(library, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.close()
    library.close()


def _badge(window: MainWindow, article_id: int) -> quality.ProblemCount:
    row = window.model.row_of(article_id)
    assert row is not None
    return window.model.index(row, PROBLEMS_COLUMN).data(PROBLEMS_ROLE)


def _open_in_panel(window: MainWindow) -> list[tuple[int, str]]:
    panel = window.problems_panel  # type: ignore[attr-defined]
    return [(f.article_id, f.text) for f in panel.model.shown if f.status == "open"]


def test_a_dismissal_on_the_command_line_reaches_the_badge_and_the_panel(
    window: MainWindow, closed_library, library_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window.problems_action.trigger()  # type: ignore[attr-defined]
    shipping = closed_library["Shipping week"]
    assert _badge(window, shipping).warnings == 1
    assert (shipping, "3th") in _open_in_panel(window)
    [finding] = quality.list_findings(window.library, shipping)

    _cli(library_path, "dismiss", str(finding.id), "--reason", "a date, not an ordinal")

    qtbot.waitUntil(lambda: (shipping, "3th") not in _open_in_panel(window), timeout=5000)
    assert not _badge(window, shipping)  # badge and panel agree: nothing open there
    garbled = closed_library["Garbled forum"]
    assert _badge(window, garbled).errors == 1
    assert (garbled, "515,15") in _open_in_panel(window)
    summary = window.problems_panel.summary_label.text()  # type: ignore[attr-defined]
    assert summary.startswith("1 error, 0 warnings")


def test_a_reopening_elsewhere_brings_the_badge_back(
    window: MainWindow, closed_library, library_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    garbled = closed_library["Garbled forum"]
    [finding] = quality.list_findings(window.library, garbled)
    other = Library.open(library_path)  # another window on the same library
    try:
        quality.dismiss(other, finding.id, "the organiser confirmed it")
        qtbot.waitUntil(lambda: not _badge(window, garbled), timeout=5000)
        quality.reopen(other, finding.id)
    finally:
        other.close()
    qtbot.waitUntil(lambda: bool(_badge(window, garbled)), timeout=5000)
    assert _badge(window, garbled).errors == 1
