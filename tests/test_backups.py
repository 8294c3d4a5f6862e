"""Backups: consistent copies, once a day on open, rotation, and a safe restore."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from curator import backups
from curator.articles import ArticleChanges, get_article, update_article
from curator.errors import NotALibraryError
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed


@pytest.fixture
def article(library) -> int:  # type: ignore[no-untyped-def]
    return (
        import_parsed(
            library, [ParsedArticle("Fair opens", "Fair opens\n\nThe fair opened.", "f.txt", "en")]
        )
        .imported[0]
        .id
    )


def test_a_backup_is_a_consistent_library_copy(library, article) -> None:  # type: ignore[no-untyped-def]
    taken = backups.backup_now(library)
    assert taken.path.exists() and taken.path.parent == backups.backup_folder(library.path)
    with sqlite3.connect(taken.path) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT title FROM articles").fetchall() == [("Fair opens",)]
    assert not list(taken.path.parent.glob("*.partial"))


def test_only_one_backup_a_day_on_open(library, article) -> None:  # type: ignore[no-untyped-def]
    morning = dt.datetime(2026, 3, 2, 9, 0)
    assert backups.backup_if_due(library, morning) is not None
    assert backups.backup_if_due(library, morning + dt.timedelta(hours=5)) is None
    assert backups.backup_if_due(library, morning + dt.timedelta(days=1)) is not None
    assert len(backups.list_backups(library.path)) == 2


def test_rotation_keeps_seven_days_and_four_weeks(library, article) -> None:  # type: ignore[no-untyped-def]
    start = dt.datetime(2026, 1, 1, 12, 0)
    for day in range(60):
        backups.backup_now(library, start + dt.timedelta(days=day))
    kept = backups.list_backups(library.path)
    days = {backup.taken_at.date() for backup in kept}
    newest = (start + dt.timedelta(days=59)).date()
    assert {newest - dt.timedelta(days=n) for n in range(7)} <= days
    assert len(kept) <= 7 + 4
    assert len({backup.taken_at.isocalendar()[:2] for backup in kept}) >= 4


def test_restore_backs_up_the_current_state_first(library, article) -> None:  # type: ignore[no-untyped-def]
    old = backups.backup_now(library, dt.datetime(2026, 1, 1, 10, 0))
    update_article(library, article, ArticleChanges(title="Fair closes"))
    restored, safety = backups.restore(library, old.path)
    try:
        assert get_article(restored, article).title == "Fair opens"
        with sqlite3.connect(safety.path) as copy:  # the state the restore replaced
            assert copy.execute("SELECT title FROM articles").fetchone() == ("Fair closes",)
    finally:
        restored.close()


def test_restoring_a_file_that_is_not_a_library_is_refused(library, article, tmp_path) -> None:  # type: ignore[no-untyped-def]
    junk = tmp_path / "notes.sqlite"
    junk.write_text("not a database")
    with pytest.raises(NotALibraryError):
        backups.restore(library, junk)
    assert get_article(library, article).title == "Fair opens"  # untouched, still open


def test_a_restore_right_after_a_backup_restores_that_backup(library, article) -> None:  # type: ignore[no-untyped-def]
    taken = backups.backup_now(library)  # the same second as the safety copy below
    update_article(library, article, ArticleChanges(title="Changed after the backup"))
    restored, safety = backups.restore(library, taken.path)
    try:
        assert safety.path != taken.path
        assert get_article(restored, article).title == "Fair opens"
    finally:
        restored.close()


def test_every_backup_of_the_last_day_is_kept(library, article) -> None:  # type: ignore[no-untyped-def]
    noon = dt.datetime(2026, 3, 2, 12, 0)
    for hour in range(5):
        backups.backup_now(library, noon + dt.timedelta(hours=hour))
    assert len(backups.list_backups(library.path)) == 5


def test_a_damaged_backup_is_not_restored(library, article, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from curator.errors import CuratorError
    from tests.damaged_libraries import damage_free_space

    taken = backups.backup_now(library)
    update_article(library, article, ArticleChanges(title="Changed after the backup"))
    damage_free_space(taken.path)
    with pytest.raises(CuratorError, match="this backup is damaged"):
        backups.restore(library, taken.path)
    assert get_article(library, article).title == "Changed after the backup"
