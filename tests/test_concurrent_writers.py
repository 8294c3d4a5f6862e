"""Two real processes writing one library at once: they take turns, nothing is lost.

Write sessions take the write lock when they begin (BEGIN IMMEDIATE) and imports commit
in batches, so a second writer waits its turn within the busy timeout instead of
failing half-way. A lock held longer than that is a named one-line error.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import main
from curator.articles import ArticleChanges, get_article, list_article_ids, update_article
from curator.errors import LibraryBusyError
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from db import library as library_module
from db.library import Library

REPO = Path(__file__).resolve().parent.parent
ROUNDS = 3
PER_IMPORT = 1500  # two batches of BATCH_SIZE each, so the writers interleave

EDITOR = r"""
import sys
from curator.articles import ArticleChanges, update_article, get_article
from db.library import Library

library = Library.open(sys.argv[1])
article, edits = int(sys.argv[2]), int(sys.argv[3])
for step in range(1, edits + 1):
    version = get_article(library, article).version
    update_article(library, article, ArticleChanges(notes=str(step)), expected_version=version)
    print(step, flush=True)
"""

HOLDER = r"""
import sqlite3, sys, time
from pathlib import Path
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
connection.execute("UPDATE articles SET notes = 'held' WHERE 0")
print("holding", flush=True)
release = Path(sys.argv[2])
while not release.exists():
    time.sleep(0.02)
connection.execute("COMMIT")
"""


def _corpus(path: Path, tag: str, count: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for index in range(count):
            body = f"{tag} fair {index}\n\nThe {tag} fair number {index} opened in Valmora."
            handle.write(json.dumps({"title": f"{tag} {index}", "body": body}) + "\n")
    return path


def _cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "main.py", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def _with_one_article(path: Path) -> tuple[Library, int]:
    library = Library.open(path)
    body = "Harbour expo\n\nThe expo opened."
    report = import_parsed(library, [ParsedArticle("Harbour expo", body, "h.txt", "en")])
    return library, report.imported[0].id


def _count(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_two_imports_at_once_store_every_article(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    Library.open(path).close()
    for round_ in range(ROUNDS):
        files = [
            _corpus(tmp_path / f"{n}-{round_}.jsonl", f"r{round_}{n}", PER_IMPORT) for n in "ab"
        ]
        children = [_cli("--db", str(path), "import", str(file), "--json") for file in files]
        for child in children:
            out, err = child.communicate(timeout=300)
            assert child.returncode == 0, err
            assert "Traceback" not in err
            assert len(json.loads(out)["imported"]) == PER_IMPORT
        assert _count(path) == 2 * PER_IMPORT * (round_ + 1)


def test_an_import_and_a_stream_of_edits_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    library, article_id = _with_one_article(path)
    library.close()
    edits = 0
    for round_ in range(ROUNDS):
        corpus = _corpus(tmp_path / f"big-{round_}.jsonl", f"s{round_}", PER_IMPORT)
        importing = _cli("--db", str(path), "import", str(corpus))
        editing = subprocess.Popen(
            [sys.executable, "-c", EDITOR, str(path), str(article_id), "60"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        _out, import_err = importing.communicate(timeout=300)
        edit_out, edit_err = editing.communicate(timeout=300)
        assert importing.returncode == 0, import_err
        assert editing.returncode == 0, edit_err  # no edit failed or was refused
        assert edit_out.split() == [str(step) for step in range(1, 61)]
        edits += 60
        assert _count(path) == 1 + PER_IMPORT * (round_ + 1)
    reopened = Library.open(path)
    try:
        stored = get_article(reopened, article_id)
        assert stored.notes == "60" and stored.version == 1 + edits
    finally:
        reopened.close()


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library_module, "BUSY_TIMEOUT_MS", 300)


def hold_write_lock(path: Path, release: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), str(release)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    return holder


def test_a_lock_held_past_the_timeout_is_a_named_error_and_nothing_is_lost(
    tmp_path: Path, short_busy_timeout: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "library.sqlite"
    library, article_id = _with_one_article(path)
    release = tmp_path / "release"
    holder = hold_write_lock(path, release)
    try:
        with pytest.raises(LibraryBusyError, match="busy"):
            update_article(library, article_id, ArticleChanges(title="Harbour expo closes"))
        (tmp_path / "new.txt").write_text("Tea fair\n\nThe tea fair opened.", encoding="utf-8")
        code = main.main(["--db", str(path), "import", str(tmp_path / "new.txt")])
        error = capsys.readouterr().err.strip()
        assert code == 1 and len(error.splitlines()) == 1 and "busy" in error
    finally:
        release.touch()
        holder.wait(timeout=30)
    assert get_article(library, article_id).title == "Harbour expo"  # refused, not half-done
    update_article(library, article_id, ArticleChanges(title="Harbour expo closes"))  # retry
    assert get_article(library, article_id).title == "Harbour expo closes"
    assert len(list_article_ids(library)) == 1
    library.close()


def test_a_lock_released_within_the_timeout_is_waited_for(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    library, article_id = _with_one_article(path)
    release = tmp_path / "release"
    holder = hold_write_lock(path, release)
    subprocess.Popen(
        [sys.executable, "-c", f"import time; time.sleep(0.5); open({str(release)!r}, 'w')"]
    )
    update_article(library, article_id, ArticleChanges(title="Harbour expo closes"))  # waits
    holder.wait(timeout=30)
    assert get_article(library, article_id).title == "Harbour expo closes"
    library.close()
