"""Export writes only what it owns (issue 12: items 1, 8 and 9).

Every export here runs `python main.py export` in a child process, as an editor would,
and the test looks at the files afterwards: a refused export leaves every file where
it was, exits non-zero and says why in one line.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import select
import signal
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from curator.articles import ArticleChanges, update_article
from curator.exchange import service
from curator.exchange.destination import JOURNAL_SUFFIXES, DestinationRefused, ReplaceNeeded
from curator.formats.atomic_write import HOST, sweep_temporaries, temporary_name
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from db.library import Library

ROOT = Path(__file__).resolve().parent.parent

FORMULA_TITLES = [
    '=HYPERLINK("http://example.com/x","Click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "Plain title",
]


def run_export(
    library_path: Path, *args: str, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(library_path), "export", *args],
        cwd=cwd or library_path.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def refused(result: subprocess.CompletedProcess, *words: str) -> bool:
    """Exit status 1 and one line on stderr that contains every word; no traceback."""
    lines = result.stderr.splitlines()
    return (
        result.returncode == 1
        and len(lines) == 1
        and lines[0].startswith("curator: error: ")
        and all(word in lines[0] for word in words)
        and "Traceback" not in result.stderr
    )


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones too) with a hash of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def temporaries(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if ".curator-" in path.name)


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    path = home / "library.sqlite"
    library = Library.open(path)
    import_parsed(
        library,
        [
            ParsedArticle(title=title, body=f"Article {i}: the fair opened.", origin=str(i))
            for i, title in enumerate(FORMULA_TITLES)
        ],
    )
    library.close()
    return path


def article_count(path: Path) -> int:
    library = Library.open(path)
    try:
        with library.engine.connect() as connection:
            return int(connection.exec_driver_sql("SELECT count(*) FROM articles").scalar_one())
    finally:
        library.close()


@pytest.mark.parametrize("fmt", ["csv", "brat"])
def test_a_folder_of_the_editors_files_is_never_emptied(library_path, tmp_path, fmt):
    mine = tmp_path / "mine"
    (mine / "drafts").mkdir(parents=True)
    (mine / "thesis.txt").write_text("three years of work", encoding="utf-8")
    (mine / "drafts" / "a.md").write_text("draft", encoding="utf-8")
    before = snapshot(mine)
    result = run_export(library_path, "--format", fmt, "--out", str(mine))
    assert refused(result, "not a Curator export"), result.stderr
    assert snapshot(mine) == before
    assert temporaries(tmp_path) == []
    # --replace does not change that: the folder was not written by an export
    result = run_export(library_path, "--format", fmt, "--out", str(mine), "--replace")
    assert refused(result, "not a Curator export"), result.stderr
    assert snapshot(mine) == before


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("json", "library.sqlite"),
        ("csv", "library.sqlite"),
        ("jsonl", "library.sqlite-wal"),
    ],
)
def test_the_library_and_its_journals_are_never_a_destination(library_path, fmt, name):
    home = library_path.parent
    before = snapshot(home)
    result = run_export(library_path, "--format", fmt, "--out", str(home / name), "--replace")
    assert refused(result, "is the library"), result.stderr
    assert snapshot(home) == before
    assert article_count(library_path) == len(FORMULA_TITLES)


def test_no_journal_file_is_a_destination(library_path):
    library = Library.open(library_path)
    try:
        for suffix in JOURNAL_SUFFIXES:
            with pytest.raises(DestinationRefused, match="is the library"):
                service.export(library, "json", Path(f"{library_path}{suffix}"), replace=True)
        alias = library_path.with_name("alias.sqlite")
        os.link(library_path, alias)  # the library under another name
        with pytest.raises(DestinationRefused, match="is the library"):
            service.export(library, "json", alias, replace=True)
    finally:
        library.close()


@pytest.mark.parametrize("fmt", ["brat", "csv"])
def test_the_folder_holding_the_library_is_never_a_destination(library_path, fmt):
    """`--out .` run beside the library emptied the folder, library included."""
    home = library_path.parent
    (home / "notes.txt").write_text("keep me", encoding="utf-8")
    before = snapshot(home)
    result = run_export(library_path, "--format", fmt, "--out", ".", "--replace", cwd=home)
    assert refused(result, str(library_path.resolve())), result.stderr
    assert snapshot(home) == before
    assert article_count(library_path) == len(FORMULA_TITLES)


def test_the_backups_folder_is_never_a_destination(library_path, private_dirs):
    backups = private_dirs / "data" / "backups"
    result = run_export(library_path, "--format", "json", "--out", str(backups / "x.json"))
    assert refused(result, "backups folder"), result.stderr
    result = run_export(library_path, "--format", "csv", "--out", str(private_dirs / "data"))
    assert refused(result, "holds"), result.stderr
    assert not (backups / "x.json").exists()


def test_an_earlier_export_is_replaced_only_with_replace(library_path, tmp_path):
    out = tmp_path / "tables"
    assert run_export(library_path, "--format", "csv", "--out", str(out)).returncode == 0
    first = snapshot(out)
    assert "curator-export.json" in first

    again = run_export(library_path, "--format", "csv", "--out", str(out), "--ids", "1")
    assert refused(again, "earlier Curator csv export", "--replace"), again.stderr
    assert snapshot(out) == first

    other_kind = run_export(library_path, "--format", "brat", "--out", str(out), "--replace")
    assert refused(other_kind, "csv export, not brat"), other_kind.stderr
    assert snapshot(out) == first

    replaced = run_export(
        library_path, "--format", "csv", "--out", str(out), "--ids", "1", "--replace"
    )
    assert replaced.returncode == 0, replaced.stderr
    with open(out / "articles.csv", encoding="utf-8", newline="") as stream:
        assert [row["id"] for row in csv.DictReader(stream)] == ["1"]
    assert temporaries(tmp_path) == []

    (out / "my-notes.txt").write_text("added after the export", encoding="utf-8")
    kept = snapshot(out)
    result = run_export(library_path, "--format", "csv", "--out", str(out), "--replace")
    assert refused(result, "my-notes.txt", "did not write"), result.stderr
    assert snapshot(out) == kept


def test_zips_and_single_files_are_replaced_only_with_replace(library_path, tmp_path):
    library = Library.open(library_path)
    try:
        archive = tmp_path / "tables.zip"
        service.export(library, "csv", archive)
        with pytest.raises(ReplaceNeeded, match="earlier Curator csv export"):
            service.export(library, "csv", archive)
        with pytest.raises(DestinationRefused, match="not brat"):
            service.export(library, "brat", archive, replace=True)
        service.export(library, "csv", archive, ids=[1], replace=True)
        with zipfile.ZipFile(archive) as opened, opened.open("articles.csv") as table:
            assert [row["id"] for row in csv.DictReader(io.TextIOWrapper(table))] == ["1"]

        not_ours = tmp_path / "letter.zip"
        with zipfile.ZipFile(not_ours, "w") as opened:
            opened.writestr("letter.txt", "dear editor")
        before = not_ours.read_bytes()
        with pytest.raises(DestinationRefused, match="not a Curator export"):
            service.export(library, "csv", not_ours, replace=True)
        assert not_ours.read_bytes() == before

        report = tmp_path / "report.json"
        report.write_text("the editor's own file", encoding="utf-8")
        with pytest.raises(ReplaceNeeded, match="already exists"):
            service.export(library, "json", report)
        assert report.read_text(encoding="utf-8") == "the editor's own file"
        service.export(library, "json", report, replace=True)
        assert report.read_text(encoding="utf-8").startswith('{"format":"curator"')
    finally:
        library.close()
    assert temporaries(tmp_path) == []


# --- killed exports -------------------------------------------------------------------

STALLED_EXPORT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from curator.exchange import service
    from curator.progress import Progress
    from db.library import Library

    def stall(done, total, message):
        print("writing", flush=True)
        time.sleep(600)  # killed here, half-way through writing

    library = Library.open(sys.argv[1])
    service.export(library, sys.argv[2], Path(sys.argv[3]), progress=Progress(stall))
    """
)


@pytest.mark.parametrize(
    ("fmt", "name"), [("csv", "tables"), ("csv", "tables.zip"), ("jsonl", "out.jsonl")]
)
def test_a_killed_exports_temporary_files_go_with_the_next_export(
    library_path, tmp_path, fmt, name
):
    place = tmp_path / "exports"
    place.mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, "-c", STALLED_EXPORT, str(library_path), fmt, str(place / name)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert select.select([child.stdout], [], [], 120)[0], "the export never started"
        assert child.stdout.readline() == "writing\n"
        left = temporaries(place)
        assert left and all(".curator-tmp-" in entry for entry in left)
        # while the writer runs, another export beside it leaves its files alone
        beside = run_export(library_path, "--format", "json", "--out", str(place / "b.json"))
        assert beside.returncode == 0, beside.stderr
        assert temporaries(place) == left
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()  # type: ignore[union-attr]
    assert temporaries(place) == left  # SIGKILL: nothing cleaned up
    result = run_export(library_path, "--format", "json", "--out", str(place / "next.json"))
    assert result.returncode == 0, result.stderr
    assert temporaries(place) == []
    assert sorted(path.name for path in place.iterdir()) == ["b.json", "next.json"]


# --- spreadsheets ---------------------------------------------------------------------


def read_table(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream, delimiter=delimiter))


def test_excel_csv_never_holds_a_live_formula(library_path, tmp_path):
    """A title "=HYPERLINK(…)" was a live formula in Excel; now it is text, and plain
    CSV (for programs) still holds every value exactly."""
    library = Library.open(library_path)
    try:
        # a tab or a carriage return at the start survives only in a note
        update_article(library, 5, ArticleChanges(notes="\t=1+1\r"))
        update_article(library, 4, ArticleChanges(notes="\r=2+2"))
        service.export(library, "csv", tmp_path / "excel", options={"excel": True})
        service.export(library, "csv", tmp_path / "plain")
    finally:
        library.close()
    rows = sorted(read_table(tmp_path / "excel" / "articles.csv"), key=lambda row: row["id"])
    assert [row["title"] for row in rows] == [
        "'" + FORMULA_TITLES[0],
        "'+1+1",
        "'-2+3",
        "'@SUM(A1:A2)",
        "Plain title",
    ]
    assert [row["notes"] for row in rows][3:] == ["'\r=2+2", "'\t=1+1\r"]
    for table in (tmp_path / "excel").glob("*.csv"):
        for row in read_table(table):
            for value in row.values():
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (table, value)
    plain = sorted(read_table(tmp_path / "plain" / "articles.csv"), key=lambda row: row["id"])
    assert [row["title"] for row in plain] == FORMULA_TITLES
    assert [row["notes"] for row in plain][3:] == ["\r=2+2", "\t=1+1\r"]


def test_an_earlier_export_moved_aside_by_a_killed_replace_is_put_back(tmp_path):
    """Killed between moving the earlier export aside and renaming the new one in: the
    next sweep puts the earlier export back and removes the half-made new one."""
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
    gone = int(finished.stdout)  # a process that has ended
    earlier = tmp_path / f".tables.curator-old-{HOST}-{gone}-0123abcd"
    earlier.mkdir()
    (earlier / "articles.csv").write_text("id\n1\n", encoding="utf-8")
    half = tmp_path / f".tables.curator-tmp-{HOST}-{gone}-89abcdef"
    half.mkdir()
    (half / "articles.csv").write_text("id\n", encoding="utf-8")
    ours = temporary_name(tmp_path / "other.json")  # this process: still writing it
    ours.write_text("{", encoding="utf-8")
    elsewhere = tmp_path / f".x.json.curator-tmp-000000-{gone}-01234567"  # another computer's
    elsewhere.write_text("{", encoding="utf-8")
    sweep_temporaries(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["tables", ours.name, elsewhere.name]
    )
    assert (tmp_path / "tables" / "articles.csv").read_text(encoding="utf-8") == "id\n1\n"
