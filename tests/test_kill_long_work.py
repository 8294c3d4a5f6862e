"""Killing Curator in the middle of long work never corrupts a library or its index.

`test_crash_safety.py` kills a process that edits fields and annotations. Editors also
import folders, export, edit alignments and restore backups, and each of those writes
in its own way (batches, files beside the library, a whole-file replace). Here a child
process does each of them in a loop and reports its progress on stdout; the test kills
it with SIGKILL after a seeded number of progress lines (so the kill lands mid-work
whatever the machine's speed), then checks what an editor would notice:

- the library opens and passes SQLite's integrity and foreign-key checks;
- search agrees with the list: every article is found by the word only it contains,
  and the full-text index holds exactly the articles the list shows;
- nothing the child reported as done is missing;
- export destinations hold either nothing or a complete export, never a torn file.
"""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

import pytest

from curator.articles import list_article_ids
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from curator.search import search_article_ids
from db.library import Library

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

REPO = Path(__file__).resolve().parent.parent
ROUNDS = 6
WORDS = ("fair", "forum", "expo", "summit", "festival", "exhibition", "congress")


def _token(number: int) -> str:
    """A word that only article `number` contains (letters only: the tokenizer keeps it)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    word = ""
    number += 1
    while number:
        number, digit = divmod(number - 1, 26)
        word = letters[digit] + word
    return "zq" + word


def _body(number: int) -> str:
    word = WORDS[number % len(WORDS)]
    return (
        f"Valmora {word} report {number}\n\n"
        f"The Valmora {word} opened with exhibitors from many regions. "
        f"Delegates discussed the {_token(number)} programme and supply chains."
    )


def _run_until_killed(script: str, args: Sequence[str], lines_before_kill: int) -> list[str]:
    """Run `script` in a child; SIGKILL it after it printed `lines_before_kill` lines."""
    child = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    seen: list[str] = []
    for line in child.stdout:
        seen.append(line.strip())
        if len(seen) >= lines_before_kill:
            break
    child.send_signal(signal.SIGKILL)
    rest, err = child.communicate(timeout=60)
    seen.extend(line.strip() for line in rest.splitlines())
    assert "Traceback" not in err, err
    return seen


def _assert_library_sound(path: Path) -> list[int]:
    """Integrity, foreign keys, and search in step with the list; returns the article ids."""
    # closing(): a sqlite3 connection's own `with` commits but never closes, and a
    # connection left open here would hold a stale -shm map across the next child's work.
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    library = Library.open(path)
    try:
        ids = list_article_ids(library)
        everything = search_article_ids(library, "valmora", limit=None)
        assert sorted(everything.ids) == sorted(ids)
        assert everything.total == len(ids)
        with library.engine.connect() as connection:
            bodies = dict(connection.exec_driver_sql("SELECT id, body FROM articles").all())
        for article_id in ids[:: max(1, len(ids) // 25)]:  # a sample: each search costs
            number = int(bodies[article_id].split("\n", 1)[0].rsplit(" ", 1)[1])
            assert search_article_ids(library, _token(number)).ids == [article_id]
        return ids
    finally:
        library.close()


IMPORTER = r"""
import sys
from pathlib import Path
from curator.importer import import_paths
from curator.progress import Progress
from db.library import Library

class Printing(Progress):
    def report(self, done, total, path=""):
        super().report(done, total, path)
        print(done, flush=True)

library = Library.open(sys.argv[1])
report = import_paths(library, [Path(sys.argv[2])], Printing())
print("done", len(report.imported), flush=True)
"""


def test_killed_folder_imports_leave_a_sound_library_and_a_rerun_completes(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    total = 600
    for number in range(total):
        (folder / f"{number:04d}.txt").write_text(_body(number), encoding="utf-8")
    path = tmp_path / "library.sqlite"
    Library.open(path).close()
    rng = random.Random(20261203)
    for _round in range(ROUNDS):
        _run_until_killed(IMPORTER, [str(path), str(folder)], rng.randint(5, total // 2))
        _assert_library_sound(path)
    # Whatever the kills left, importing the folder again completes it: no article is
    # lost or stored twice (duplicates are recognised by content).
    finished = subprocess.run(
        [sys.executable, "-c", IMPORTER, str(path), str(folder)],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    assert finished.stdout.strip().splitlines()[-1].startswith("done")
    assert len(_assert_library_sound(path)) == total


def _library_of(path: Path, count: int) -> None:
    library = Library.open(path)
    try:
        import_parsed(
            library,
            [ParsedArticle(f"Report {n}", _body(n), f"{n}.txt", "en") for n in range(count)],
        )
    finally:
        library.close()


EXPORTER = r"""
import sys
from pathlib import Path
from curator.exchange.service import export
from db.library import Library

library = Library.open(sys.argv[1])
out = Path(sys.argv[2])
for round_ in range(1000):
    target = out / f"export-{round_}.jsonl"
    export(library, "jsonl", target, replace=True)  # the editor said yes
    print(target, flush=True)  # only after the file is complete
"""


def test_killed_exports_leave_only_complete_files(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    _library_of(path, 300)
    out = tmp_path / "exports"
    out.mkdir()
    rng = random.Random(7)
    for _round in range(ROUNDS):
        reported = _run_until_killed(EXPORTER, [str(path), str(out)], rng.randint(1, 3))
        for name in reported:
            lines = Path(name).read_text(encoding="utf-8").splitlines()
            assert len(lines) == 300  # one article a line
            assert all("body" in json.loads(line) for line in lines)
        for written in out.glob("export-*.jsonl"):  # reported or not: never torn
            for line in written.read_text(encoding="utf-8").splitlines():
                json.loads(line)
    _assert_library_sound(path)


ALIGNER = r"""
import sys
from curator.translations import get_alignment, merge_beads, split_bead
from db.library import Library

library = Library.open(sys.argv[1])
bitext = int(sys.argv[2])
for step in range(100000):
    view = get_alignment(library, bitext)
    index = (step // 2) % 25  # merge bead i with i + 1, then split it again
    if step % 2 == 0:
        merge_beads(library, bitext, index, expected_version=view.version)
    else:
        split_bead(library, bitext, index, expected_version=view.version)
    print(step, flush=True)
"""


def test_killed_alignment_edits_leave_a_readable_alignment(tmp_path: Path) -> None:
    from curator.translations import align_pair, get_alignment, pair_articles

    path = tmp_path / "library.sqlite"
    library = Library.open(path)
    sentences = [f"The Valmora fair opened hall {n} to exhibitors." for n in range(30)]
    frasi = [f"La fiera di Valmora ha aperto il padiglione {n} agli espositori." for n in range(30)]
    report = import_parsed(
        library,
        [
            ParsedArticle("Valmora fair", " ".join(sentences), "en.txt", "en"),
            ParsedArticle("Fiera di Valmora", " ".join(frasi), "it.txt", "it"),
        ],
    )
    source, target = (item.id for item in report.imported)
    bitext = pair_articles(library, source, target)
    align_pair(library, bitext)
    library.close()
    rng = random.Random(11)
    for _round in range(ROUNDS):
        _run_until_killed(ALIGNER, [str(path), str(bitext)], rng.randint(3, 40))
        with closing(sqlite3.connect(path)) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        reopened = Library.open(path)
        try:
            view = get_alignment(reopened, bitext)
            covered = sorted(i for bead in view.beads for i in bead.source)
            assert covered == list(range(30))  # every sentence in exactly one bead
        finally:
            reopened.close()


RESTORER = r"""
import sys
from pathlib import Path
from curator.backups import restore
from db.library import Library

library = Library.open(sys.argv[1])
for step in range(1000):
    library, _safety = restore(library, Path(sys.argv[2 + step % 2]))
    print(step, flush=True)
"""


def test_killed_restores_leave_one_whole_library(tmp_path: Path) -> None:
    """Each kill leaves the library as one of the two backups, whole, never a mix."""
    from curator.backups import backup_now

    path = tmp_path / "library.sqlite"
    _library_of(path, 40)
    library = Library.open(path)
    small = backup_now(library, rotate_after=False).path
    import_parsed(
        library,
        [ParsedArticle(f"Later {n}", _body(100 + n), f"l{n}.txt", "en") for n in range(40)],
    )
    large = backup_now(library, rotate_after=False).path
    library.close()
    keep = tmp_path / "kept"
    keep.mkdir()
    small, large = (Path(p.rename(keep / p.name)) for p in (small, large))
    rng = random.Random(5)
    for _round in range(ROUNDS):
        _run_until_killed(RESTORER, [str(path), str(small), str(large)], rng.randint(1, 4))
        assert len(_assert_library_sound(path)) in (40, 80)
