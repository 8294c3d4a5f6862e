"""The command line, run in-process through main.main() (and once as a real program)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import main
from curator.articles import ArticleChanges, update_article
from db.library import Library
from tests.articles_for_tests import HARBOUR_EN, SALONE_IT

REPO_ROOT = Path(__file__).resolve().parent.parent

FORUM_JSON = {
    "title": "Green Shipping Forum ends in Valmora",
    "body": "Delegates at the Green Shipping Forum discussed hydrogen ferries and the "
    "electrification of the port before the closing dinner.",
    "language": "en",
    "published": "2024-11-05",
    "tags": ["energy", "forums"],
}

TITLES = {
    "harbour": "Harbour Robotics Fair opens in Porto Lindo",
    "salone": "Aperto il Salone della Robotica di Valmora",
    "forum": "Green Shipping Forum ends in Valmora",
}


@pytest.fixture
def releases(tmp_path: Path) -> Path:
    folder = tmp_path / "releases"
    folder.mkdir()
    (folder / "harbour.txt").write_text(HARBOUR_EN, encoding="utf-8")
    (folder / "salone.txt").write_text(SALONE_IT, encoding="utf-8")
    (folder / "forum.json").write_text(json.dumps(FORUM_JSON), encoding="utf-8")
    return folder


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "press.sqlite"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main.main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(capsys: pytest.CaptureFixture[str], *argv: object):  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def imported(capsys, db, releases) -> dict[str, int]:  # type: ignore[no-untyped-def]
    code, _out, err = run(capsys, "--db", db, "import", releases)
    assert code == 0, err
    rows = run_json(capsys, "--db", db, "--json", "list")
    ids = {row["title"]: row["id"] for row in rows}
    return {key: ids[title] for key, title in TITLES.items()}


# --- import and list -------------------------------------------------------------------


def test_import_then_list_json(capsys, db, releases):
    code, out, _err = run(capsys, "--db", db, "import", releases)
    assert code == 0
    assert "3 articles imported" in out

    rows = run_json(capsys, "--db", db, "list", "--json")

    assert isinstance(rows, list)
    by_title = {row["title"]: row for row in rows}
    assert set(by_title) == set(TITLES.values())
    for row in rows:
        assert {"id", "title", "language", "published", "status"} <= set(row)
        assert isinstance(row["id"], int)
        assert row["status"] == "new"
    assert by_title[TITLES["harbour"]]["published"] == "2025-03-14"
    assert by_title[TITLES["forum"]]["published"] == "2024-11-05"
    assert by_title[TITLES["salone"]]["published"] is None
    assert by_title[TITLES["harbour"]]["language"] == "en"
    assert by_title[TITLES["salone"]]["language"] == "it"
    for row in rows:
        if row["published"] is not None:
            dt.date.fromisoformat(row["published"])


@pytest.mark.parametrize(
    "argv",
    [
        ["--db", "{db}", "--json", "list"],
        ["list", "--db", "{db}", "--json"],
        ["--json", "list", "--db", "{db}"],
        ["--db", "{db}", "list", "--json"],
    ],
)
def test_db_and_json_options_work_before_and_after_the_command(capsys, db, imported, argv):
    rows = run_json(capsys, *[arg.format(db=db) for arg in argv])
    assert {row["id"] for row in rows} == set(imported.values())


def test_import_again_adds_nothing_and_reports_duplicates(capsys, db, releases, imported):
    code, out, _err = run(capsys, "--db", db, "import", releases)

    assert code == 0
    assert "0 articles imported" in out
    assert "3 duplicates" in out
    assert len(run_json(capsys, "--db", db, "--json", "list")) == 3


def test_import_with_a_bad_file_exits_1_and_imports_the_good_ones(capsys, db, releases):
    (releases / "scan.txt").write_bytes(b"\x00\x01binary scan\x00")

    code, out, err = run(capsys, "--db", db, "import", releases)

    assert code == 1
    assert "scan.txt" in err
    assert "3 articles imported" in out
    assert len(run_json(capsys, "--db", db, "--json", "list")) == 3


def test_import_json_report(capsys, db, releases):
    report = run_json(capsys, "--db", db, "--json", "import", releases)

    assert sorted(item["title"] for item in report["imported"]) == sorted(TITLES.values())
    assert report["duplicates"] == []
    assert report["files_read"] == 3


def test_list_filters_by_status_language_and_tag(capsys, db, imported):
    library = Library.open(db)
    try:
        update_article(library, imported["salone"], ArticleChanges(status="approved"))
    finally:
        library.close()

    def ids(*options: str) -> set[int]:
        return {row["id"] for row in run_json(capsys, "--db", db, "--json", "list", *options)}

    assert ids("--status", "approved") == {imported["salone"]}
    assert ids("--status", "new") == {imported["harbour"], imported["forum"]}
    assert ids("--lang", "en") == {imported["harbour"], imported["forum"]}
    assert ids("--lang", "it") == {imported["salone"]}
    assert ids("--tag", "energy") == {imported["forum"]}
    assert ids("--tag", "energy", "--lang", "it") == set()


def test_list_refuses_an_unknown_status(capsys, db, imported):
    with pytest.raises(SystemExit) as exited:
        main.main(["--db", str(db), "list", "--status", "published"])
    assert exited.value.code != 0
    assert "published" in capsys.readouterr().err


# --- show ------------------------------------------------------------------------------


def test_show_prints_the_body(capsys, db, imported):
    code, out, _err = run(capsys, "--db", db, "show", imported["harbour"])

    assert code == 0
    assert TITLES["harbour"] in out
    assert HARBOUR_EN.rstrip() in out


def test_show_json(capsys, db, imported):
    detail = run_json(capsys, "--db", db, "--json", "show", imported["forum"])

    assert detail["title"] == TITLES["forum"]
    assert detail["body"] == FORUM_JSON["body"]
    assert detail["tags"] == ["energy", "forums"]


def test_show_missing_article_exits_1_with_one_line(capsys, db, imported):
    missing = max(imported.values()) + 999
    code, out, err = run(capsys, "--db", db, "show", missing)

    assert code == 1
    assert out == ""
    assert len(err.splitlines()) == 1
    assert str(missing) in err


# --- search ----------------------------------------------------------------------------


def test_search_json_marks_the_hits(capsys, db, imported):
    hits = run_json(capsys, "--db", db, "search", "hydrogen", "--json")

    assert {hit["id"] for hit in hits} == {imported["harbour"], imported["forum"]}
    for hit in hits:
        assert "<mark>hydrogen</mark>" in hit["snippet"]
        assert {"id", "title", "language", "status", "published", "score"} <= set(hit)


def test_search_with_filter(capsys, db, imported):
    hits = run_json(capsys, "--db", db, "--json", "search", "Valmora", "--lang", "it")

    assert [hit["id"] for hit in hits] == [imported["salone"]]


def test_search_text_output_says_how_many(capsys, db, imported):
    code, out, _err = run(capsys, "--db", db, "search", "hydrogen")

    assert code == 0
    assert "[hydrogen]" in out
    assert "2 matching articles" in out


def test_malformed_search_exits_1_with_one_line(capsys, db, imported):
    code, out, err = run(capsys, "--db", db, "search", '"unclosed')

    assert code == 1
    assert out == ""
    assert len(err.splitlines()) == 1
    assert "quote" in err.lower()


# --- stats -----------------------------------------------------------------------------


def test_stats_json_counts_by_status_and_language(capsys, db, imported):
    library = Library.open(db)
    try:
        update_article(library, imported["harbour"], ArticleChanges(status="in_review"))
    finally:
        library.close()

    figures = run_json(capsys, "--db", db, "--json", "stats")

    assert figures["articles"] == 3
    assert figures["by_status"] == {"new": 2, "in_review": 1}
    assert figures["by_language"] == {"en": 2, "it": 1}
    assert figures["top_tags"] == {"energy": 1, "forums": 1}


# --- libraries that cannot be used -----------------------------------------------------


@pytest.mark.parametrize("command", [["list"], ["show", "1"], ["search", "fair"], ["stats"]])
def test_no_library_at_path_exits_1_and_creates_nothing(capsys, tmp_path, command):
    path = tmp_path / "nowhere" / "missing.sqlite"

    code, out, err = run(capsys, "--db", path, *command)

    assert code == 1
    assert out == ""
    assert len(err.splitlines()) == 1
    assert str(path) in err
    assert not path.exists()
    assert not path.parent.exists()


def test_library_from_a_newer_version_exits_1_with_one_line(capsys, db, imported):
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.close()

    for command in (["list"], ["import", db.parent / "releases"]):
        code, out, err = run(capsys, "--db", db, *command)
        assert code == 1
        assert out == ""
        assert len(err.splitlines()) == 1
        assert str(db) in err
        assert "newer" in err


# --- the real program ------------------------------------------------------------------


def test_main_py_runs_as_a_program(capsys, db, imported):
    completed = subprocess.run(
        [sys.executable, "main.py", "--db", str(db), "list", "--json"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    rows = json.loads(completed.stdout)
    assert {row["id"] for row in rows} == set(imported.values())


def test_output_piped_into_a_reader_that_stops_early_is_not_a_crash(
    tmp_path: Path,
) -> None:
    database = tmp_path / "piped.sqlite"
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(400):
        (folder / f"note-{index}.txt").write_text(
            f"Expo note {index}\n\nDay {index} of the expo.\n"
        )
    subprocess.run(
        [sys.executable, "main.py", "--db", str(database), "import", str(folder)],
        cwd=REPO_ROOT,
        capture_output=True,
        check=True,
    )
    listing = subprocess.Popen(
        [sys.executable, "main.py", "--db", str(database), "list", "--json"],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert listing.stdout is not None
    listing.stdout.read(10)
    listing.stdout.close()  # like `| head -c 10`
    stderr = listing.stderr.read().decode() if listing.stderr else ""
    listing.wait(timeout=30)
    assert "Traceback" not in stderr
