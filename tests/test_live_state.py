"""The window follows what others save: the Problems badge and panel after a `dismiss`
run by another process, and the recommender's live counter and honest scores."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from curator import annotations, importer, quality
from curator.formats.base import ParsedArticle
from db.change_watch import DataVersionWatch
from db.library import Library
from tests.window_for_tests import show_window
from ui.article_list_model import PROBLEMS_COLUMN, PROBLEMS_ROLE
from ui.main_window import MainWindow

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
    library = Library.open(library_path)
    shown = show_window(library, qtbot, tmp_path)
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


def test_the_watch_tells_others_commits_from_the_librarys_own(library_path, closed_library) -> None:  # type: ignore[no-untyped-def]
    library = Library.open(library_path)
    watch = DataVersionWatch(library)
    try:
        garbled, shipping = closed_library["Garbled forum"], closed_library["Shipping week"]
        [finding] = quality.list_findings(library, shipping)
        quality.dismiss(library, finding.id, "ours")  # our own commit, on this thread
        worker = threading.Thread(target=quality.reopen, args=(library, finding.id))
        worker.start()  # and one from another thread, as the window's writer thread does
        worker.join()
        assert not watch.changed()

        [other] = quality.list_findings(library, garbled)
        _cli(library_path, "dismiss", str(other.id), "--reason", "theirs")
        quality.dismiss(library, finding.id, "ours again")  # after theirs: still seen
        assert watch.changed()
        assert not watch.changed()  # once

        # Theirs landing while one of our reading transactions commits is not taken for
        # ours: a read-only commit takes nothing as seen.
        watch.before_own_commit(wrote=False)
        _cli(library_path, "dismiss", str(finding.id), "--reason", "theirs, mid-read")
        watch.after_own_commit()
        assert watch.changed()
    finally:
        watch.close()
        library.close()


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


# --- the recommender's counter and scores ---------------------------------------------------

BULLETIN = (
    "Anna Ferri, Deputy Director of Valmora Trade Commission, attended the meeting.\n"
    "Marco Conti, Vice President of Aurelia Port Authority, spoke after her.\n"
    "Lucia Rossi, Chief Engineer of Norrbridge Textile Guild, closed the day.\n"
)
MARKS = [
    ("Anna Ferri", "PERSON"), ("Deputy Director", "ROLE"), ("Valmora Trade Commission", "ORG"),
    ("Marco Conti", "PERSON"), ("Vice President", "ROLE"), ("Aurelia Port Authority", "ORG"),
    ("Lucia Rossi", "PERSON"), ("Chief Engineer", "ROLE"), ("Norrbridge Textile Guild", "ORG"),
]  # fmt: skip


def _mark_with_key(window: MainWindow, qtbot, quote: str, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    text = window.source_pane.text
    start = text.toPlainText().index(quote)
    cursor = QTextCursor(text.document())
    cursor.setPosition(start)
    cursor.setPosition(start + len(quote), QTextCursor.MoveMode.KeepAnchor)
    text.setTextCursor(cursor)
    text.setFocus()
    qtbot.keyClick(text, key)


def test_the_so_far_counter_moves_as_the_editor_annotates(library, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    importer.import_parsed(library, [ParsedArticle("Bulletin", BULLETIN, "b.txt", "en")])
    window = show_window(library, qtbot, tmp_path)
    label = window.annotations_panel.recommender_label
    assert "(0 so far)" in label.text()

    _mark_with_key(window, qtbot, "Anna Ferri", Qt.Key.Key_P)
    assert "(1 so far)" in label.text()
    _mark_with_key(window, qtbot, "Marco Conti", Qt.Key.Key_P)
    assert "(2 so far)" in label.text()
    window.undo_action.trigger()
    assert "(1 so far)" in label.text()


def test_one_annotated_article_is_not_enough_to_measure_and_new_ones_are_counted(
    library, qtbot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    body = BULLETIN * 3  # 27 mentions, all in one article
    [item] = importer.import_parsed(
        library, [ParsedArticle("Digest", body, "d.txt", "en")]
    ).imported
    offset = 0
    for _copy in range(3):
        for quote, type_name in MARKS:
            start = body.index(quote, offset)
            annotations.add_annotation(library, item.id, start, start + len(quote), type_name)
        offset += len(BULLETIN)
    [other] = importer.import_parsed(
        library, [ParsedArticle("Next", BULLETIN, "n.txt", "en")]
    ).imported
    window = show_window(library, qtbot, tmp_path)
    with qtbot.waitSignal(window.recommender_trained, timeout=60000):
        window.train_action.trigger()
    label = window.annotations_panel.recommender_label
    assert "not enough to measure its precision yet" in label.text()
    assert "precision 1" not in label.text() and "%" not in label.text()
    assert "0 new accepted annotations since" in label.text()

    window.go_to_article(other.id)
    _mark_with_key(window, qtbot, "Anna Ferri", Qt.Key.Key_P)
    assert "1 new accepted annotation since" in label.text()


def _open_checks(window: MainWindow, article_id: int) -> list[str]:
    panel = window.problems_panel  # type: ignore[attr-defined]
    shown = panel.model.shown
    return [f.check_id for f in shown if f.article_id == article_id and f.status == "open"]


def test_a_record_edit_in_the_window_updates_its_badge_and_the_panel(
    library, qtbot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    body = "Valmora Robotics Fair closes\n\nThe Valmora Robotics Fair ran from March 11 to 14."
    [item] = importer.import_parsed(
        library, [ParsedArticle("Valmora Robotics Fair closes", body, "f.txt", "en")]
    ).imported
    window = show_window(library, qtbot, tmp_path)
    window.problems_action.trigger()  # type: ignore[attr-defined]
    assert not _badge(window, item.id).warnings

    editor = window.record_form.editors[("series",)]
    editor.inputs[0].setText("Valmora fairs")  # typed, with no evidence in the text
    editor.inputs[0].editingFinished.emit()
    assert _badge(window, item.id).warnings == 1
    assert "record-evidence" in _open_checks(window, item.id)

    window.undo_action.trigger()
    assert not _badge(window, item.id).warnings
    assert "record-evidence" not in _open_checks(window, item.id)
