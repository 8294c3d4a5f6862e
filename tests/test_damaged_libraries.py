"""Damaged libraries: refused writes, named one-line errors, a way out.

A library with flipped bits is checked (PRAGMA integrity_check) before anything is
written to it; read commands give what SQLite can still read or a one-line error, never
a traceback. A 0-byte file given to a read command is refused, not made a library; a
library whose version row was deleted is a named error. `recover` copies what can be read
into a new library; the window shows the damage in its banner and keeps the library
read-only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

import main
from curator.articles import ArticleChanges, list_article_ids, update_article
from curator.errors import LibraryDamagedError
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from db import health
from db.library import Library
from tests.damaged_libraries import damage_free_space
from ui.app import create_application, open_with_recovery
from ui.main_window import MainWindow
from ui.settings import Settings

REPO = Path(__file__).resolve().parent.parent
VARIANTS = 40

#: Runs the commands on every damaged copy in one child process (a crash in SQLite would
#: fail the test, not kill pytest) and prints one JSON line per copy.
TRIAL = r"""
import contextlib, hashlib, io, json, sqlite3, sys
from pathlib import Path
from curator import cli
from tests.damaged_libraries import flipped_copies

source, folder, new_file = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
for path in flipped_copies(source, folder, int(sys.argv[4])):
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as raw:
        try:
            sound = raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        except sqlite3.DatabaseError:
            sound = False
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    row = {"name": path.name, "sound": sound}
    for name, argv in (
        ("stats", ["stats"]),
        ("search", ["search", "fair"]),
        ("export", ["export", "--format", "jsonl", "--out", str(folder / "out.jsonl")]),
        ("import", ["import", new_file]),
    ):
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = cli.run(cli.parse(["--db", str(path), *argv]))
        except BaseException as error:
            code, err = "traceback", io.StringIO(repr(error))
        row[name] = [code, err.getvalue().strip()]
    row["changed"] = hashlib.sha256(path.read_bytes()).hexdigest() != before
    print(json.dumps(row), flush=True)
"""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def sound_library(tmp_path: Path) -> Path:
    """A closed library of 40 articles with tags and dates (no -wal beside it)."""
    path = tmp_path / "sound.sqlite"
    library = Library.open(path)
    import_parsed(
        library,
        [
            ParsedArticle(
                f"Fair {n} opens",
                f"Fair {n} opens\n\n"
                + f"Fair number {n} opened in Valmora with {n * 7} stands. " * 3,
                f"a{n}.txt",
                "en",
                published=dt.date(2025, 1, 1 + n % 28),
                tags=("fair", f"t{n % 3}"),
            )
            for n in range(40)
        ],
    )
    library.close()
    return path


def test_flipped_bits_never_give_a_traceback_nor_take_a_write(sound_library, tmp_path) -> None:  # type: ignore[no-untyped-def]
    new_file = tmp_path / "new.txt"
    new_file.write_text("Spice fair\n\nThe spice fair opened.", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", TRIAL, str(sound_library), str(tmp_path / "v"), str(new_file),
         str(VARIANTS)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == VARIANTS
    for row in rows:
        for command in ("stats", "search", "export", "import"):
            code, error = row[command]
            assert code in (0, 1), (row["name"], command, error)
            assert "Traceback" not in error and "unexpected" not in error, (row["name"], error)
            assert len(error.splitlines()) <= 1, (row["name"], command, error)
        if not row["sound"]:  # damaged as far as SQLite can tell: no write goes in
            code, error = row["import"]
            assert code == 1 and "damaged" in error, (row["name"], error)
            assert not row["changed"], row["name"]
    damaged = sum(not row["sound"] for row in rows)
    assert damaged >= VARIANTS // 3  # the generator does damage what it claims to


def test_a_zero_byte_file_is_refused_by_read_commands_and_left_empty(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    for argv in (["stats"], ["search", "fair"], ["list"],
                 ["export", "--format", "jsonl", "--out", str(tmp_path / "o.jsonl")]):  # fmt: skip
        assert main.main(["--db", str(empty), *argv]) == 1
        error = capsys.readouterr().err.strip()
        assert len(error.splitlines()) == 1 and "empty, not a Curator library" in error
    assert empty.stat().st_size == 0
    assert not Path(f"{empty}-wal").exists()


def test_a_missing_version_row_is_a_named_error(sound_library, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    with sqlite3.connect(sound_library) as raw:
        raw.execute("DELETE FROM alembic_version")
    raw.close()
    before = _sha256(sound_library)
    new_file = tmp_path / "new.txt"
    new_file.write_text("Spice fair\n\nThe spice fair opened.", encoding="utf-8")
    for argv in (["stats"], ["import", str(new_file)]):
        assert main.main(["--db", str(sound_library), *argv]) == 1
        error = capsys.readouterr().err.strip()
        assert len(error.splitlines()) == 1 and "version row is missing" in error
    assert _sha256(sound_library) == before


def test_recover_copies_what_can_be_read_into_a_new_library(
    sound_library, tmp_path, capsys
) -> None:  # type: ignore[no-untyped-def]
    damage_free_space(sound_library)
    target = tmp_path / "recovered.sqlite"
    assert main.main(["--db", str(sound_library), "recover", str(target), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["copied"]["articles"] == 40 and report["copied"]["article_tags"] == 80
    with sqlite3.connect(target) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    raw.close()
    assert main.main(["--db", str(target), "search", "Valmora", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 20  # the search's default limit
    assert main.main(["--db", str(sound_library), "recover", str(target)]) == 1  # no overwrite
    assert "already exists" in capsys.readouterr().err


def test_the_window_shows_the_damage_refuses_edits_and_recovers(
    sound_library, qtbot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    damage_free_space(sound_library)
    before = _sha256(sound_library)
    library = Library.open(sound_library)
    create_application([])
    window = MainWindow(library, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(lambda: "damaged" in window.banner.text(), timeout=10000)
        assert window.banner.isVisible() and window.library.read_only
        editor = window.record_pane.title_edit
        editor.setFocus()
        editor.selectAll()
        qtbot.keyClicks(editor, "Fair closes")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        assert editor.text() == "Fair closes"  # kept for the editor
        assert "is damaged" in window.record_pane.error_label.text()  # not just "read-only"
        assert not window.undo_stack.canUndo()

        window.library_health.recover_into(tmp_path / "recovered.sqlite")
        assert window.library.path == tmp_path / "recovered.sqlite"
        assert not window.library.read_only and not window.banner.isVisible()
        assert window.model.total == 40
        assert len(list_article_ids(window.library)) == 40
    finally:
        window.close()
        window.library.close()
        library.close()
    assert _sha256(sound_library) == before


@pytest.fixture(autouse=True)
def no_stamps_from_other_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    """cli.run sets the stamps file; each test here starts without one."""
    monkeypatch.setattr(health, "verified_stamps", None)


def test_a_library_seen_sound_is_not_checked_again_until_it_changes(
    sound_library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    health.remember_verified_in(tmp_path / "verified.json")
    checked: list[str] = []
    real_check = health.check

    def counted_check(uri: str) -> str | None:
        if sound_library.resolve().as_uri() in uri:  # not one another test left running
            checked.append(uri)
        return real_check(uri)

    monkeypatch.setattr(health, "check", counted_check)

    def write_once() -> None:
        library = Library.open(sound_library)
        try:
            (first, *_rest) = list_article_ids(library)
            update_article(library, first, ArticleChanges(notes=f"written at {time.time()}"))
        finally:
            library.close()

    write_once()
    assert len(checked) == 1  # never seen before: checked before the first write
    write_once()
    assert len(checked) == 1  # unchanged since it was closed sound: not checked again
    damage_free_space(sound_library)
    later = sound_library.stat().st_mtime + 5
    os.utime(sound_library, (later, later))  # whatever the file system's time resolution
    with pytest.raises(LibraryDamagedError):
        write_once()
    assert len(checked) == 2


def test_the_start_up_dialog_offers_to_recover_a_library_it_cannot_open(
    sound_library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    with sqlite3.connect(sound_library) as raw:
        raw.execute("DELETE FROM alembic_version")
    raw.close()
    before = _sha256(sound_library)
    create_application([])
    target = tmp_path / "recovered.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kw: (str(target), ""))
    shown: list[str] = []

    def click_recover(box: QMessageBox) -> int:
        shown.append(box.text())
        next(b for b in box.buttons() if b.text().startswith("Recover")).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click_recover)
    library = open_with_recovery(sound_library, create=False)
    assert library is not None and library.path == target
    try:
        assert "version row is missing" in shown[0]
        assert len(list_article_ids(library)) == 40
    finally:
        library.close()
    assert _sha256(sound_library) == before
