"""Killing Curator mid-edit loses nothing that was committed and never corrupts a library.

A child process edits a library through the services and reports each edit after it
is committed; the test kills it with SIGKILL at random moments, reopens the library,
and checks its integrity and that every reported edit is there. Bounded: a fixed
number of rounds with seeded kill times, well under a minute.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from curator.articles import get_article
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from db.library import Library

ROUNDS = 15
REPO = Path(__file__).resolve().parent.parent

EDITOR = r"""
import sys
from curator.annotations import add_annotation
from curator.articles import ArticleChanges, get_article, update_article
from db.library import Library

library = Library.open(sys.argv[1])
article = int(sys.argv[2])
start = int(get_article(library, article).notes or "0")
body = get_article(library, article).body
for step in range(start + 1, start + 100000):
    update_article(library, article, ArticleChanges(notes=str(step)))
    add_annotation(library, article, step % 20, step % 20 + 5, "ORG", snap=False)
    print(step, flush=True)  # only after both commits
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_at_random_points_loses_no_committed_edit(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    library = Library.open(path)
    body = "Valmora fair notes\n\n" + "The fair opened with many exhibitors. " * 5
    article = import_parsed(library, [ParsedArticle("Notes", body, "n.txt", "en")]).imported[0].id
    library.close()
    rng = random.Random(20261122)
    last_reported = 0
    for _round in range(ROUNDS):
        child = subprocess.Popen(
            [sys.executable, "-c", EDITOR, str(path), str(article)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        first = child.stdout.readline()  # editing has begun, however loaded the machine
        time.sleep(rng.uniform(0.05, 0.5))  # then kill at a random point mid-edits
        child.send_signal(signal.SIGKILL)
        out, _err = child.communicate(timeout=10)
        reported = [int(line) for line in (first + out).split()]
        last_reported = max([last_reported, *reported])

        with sqlite3.connect(path) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        reopened = Library.open(path)
        try:
            stored = int(get_article(reopened, article).notes)
            # Every edit the editor was told about is there (one more may have been
            # committed just before the kill, before it could be reported).
            assert stored >= last_reported
            with reopened.engine.connect() as connection:
                revisions = connection.exec_driver_sql(
                    "SELECT count(*) FROM revisions WHERE object_type = 'article' "
                    "AND action = 'update'"
                ).scalar()
            assert revisions == stored
        finally:
            reopened.close()
    assert last_reported > ROUNDS  # the children did get work done between kills
