"""Writes that fail half-way: a disk that fills during an import, backups that cannot be
written. Messages are one line and say truthfully what was kept; no .partial is left.

The disk is "filled" for a child process with RLIMIT_FSIZE (as root too, unlike file
permissions); an unwritable backup folder is a path whose parent is a file.
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import main
from curator import backups
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from db.library import Library

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")


def _small_disk(limit_bytes: int):  # type: ignore[no-untyped-def]
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails: EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return limit


def _curator(*argv: str, limit_bytes: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", *argv],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_small_disk(limit_bytes),
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def test_a_disk_that_fills_during_an_import_is_reported_with_what_was_stored(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "library.sqlite"
    Library.open(path).close()
    corpus = tmp_path / "big.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for n in range(5000):
            body = f"Fair {n}\n\n" + f"Stand {n} sold saffron, pepper and cloves. " * 20
            handle.write(json.dumps({"title": f"Fair {n}", "body": body}) + "\n")
    result = _curator("--db", str(path), "import", str(corpus), limit_bytes=6_000_000)
    assert result.returncode == 1
    error = result.stderr.strip()
    assert len(error.splitlines()) == 1 and "Traceback" not in error
    assert "the import stopped because the disk" in error  # EFBIG: "reported an error"
    with sqlite3.connect(path) as raw:
        stored = raw.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    raw.close()
    assert 0 < stored < 5000  # it did fill half-way
    said = re.search(r"The ([\d,]+) articles stored before that are kept", error)
    assert said is not None, error
    assert int(said[1].replace(",", "")) == stored  # the message tells the truth


@pytest.fixture
def closed_library(tmp_path: Path) -> Path:
    path = tmp_path / "library.sqlite"
    library = Library.open(path)
    body = "Spice fair\n\n" + "The stalls sold saffron, pepper and cloves. " * 400
    import_parsed(
        library, [ParsedArticle(f"Fair {n}", f"{n} {body}", "f.txt", "en") for n in range(20)]
    )
    library.close()
    return path


def test_a_backup_onto_a_full_disk_is_one_line_and_leaves_no_partial(closed_library):  # type: ignore[no-untyped-def]
    size = closed_library.stat().st_size
    result = _curator("--db", str(closed_library), "backup", limit_bytes=size // 2)
    assert result.returncode == 1
    error = result.stderr.strip()
    assert len(error.splitlines()) == 1 and "Traceback" not in error
    assert "no backup was made" in error
    folder = backups.backup_folder(closed_library)
    assert list(folder.iterdir()) == []  # neither .partial nor its journal


def test_a_backup_into_an_unwritable_folder_is_one_line(closed_library, private_dirs, capsys):  # type: ignore[no-untyped-def]
    data = private_dirs / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "backups").write_text("a file where the folder should be")
    assert main.main(["--db", str(closed_library), "backup"]) == 1
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and "no backup was made" in error


def test_a_partial_left_by_a_killed_backup_is_removed_by_the_next(closed_library):  # type: ignore[no-untyped-def]
    folder = backups.backup_folder(closed_library)
    folder.mkdir(parents=True)
    stale = folder / "library-20260101-000000000000.partial"
    stale.write_bytes(b"\0" * 4096)
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    library = Library.open(closed_library)
    try:
        taken = backups.backup_now(library)
    finally:
        library.close()
    assert sorted(folder.iterdir()) == [taken.path]
