"""Imports no single file can sink: FIFOs, links out of the folder, zip bombs, bad files.

Whatever could hang or exhaust memory runs in a child process under a timeout, so a
hang fails the test instead of blocking the run; memory is the child's peak resident
size, as the kernel counts it.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest

from curator.articles import ArticleFilter, list_articles
from curator.exchange import service
from curator.importer import import_paths

REPO_ROOT = Path(__file__).resolve().parent.parent
MB = 1 << 20


def _child(code: str, timeout: float = 120) -> dict:
    """Run `code` in a fresh interpreter; it prints one JSON object as its last line."""
    completed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=timeout,  # a hang raises TimeoutExpired: the test fails, the run goes on
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


# --- special files ------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_fifo_is_reported_and_never_opened(tmp_path: Path) -> None:
    """Every entry point, given a FIFO directly, through a link, or inside a folder,
    reports it by name and goes on; nothing waits for a writer that never comes."""
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    os.symlink(folder / "pipe.txt", tmp_path / "link.json")
    (folder / "good.txt").write_text("A good article\n\nIts body.", encoding="utf-8")
    found = _child(
        f"""
        import json
        from pathlib import Path
        from curator.exchange import brat, doccano, json_export, jsonl, labelstudio, service, w3c
        from curator.formats.registry import read_article_file
        from curator.importer import import_paths
        from db.library import Library

        pipe, link = Path({str(folder / "pipe.txt")!r}), Path({str(tmp_path / "link.json")!r})
        library = Library.open(Path({str(tmp_path / "library.sqlite")!r}))
        out = {{}}
        for fmt in ("json", "jsonl", "doccano", "labelstudio", "w3c", "brat"):
            report = service.import_file(library, fmt, link)
            out["service " + fmt] = [str(p) for p in report.problems]
        for module in (brat, doccano, json_export, jsonl, labelstudio, w3c):
            out["reader " + module.__name__] = [str(p) for p in module.read(pipe).problems]
        out["article reader"] = [str(p) for p in read_article_file(link).problems]
        report = import_paths(library, [Path({str(folder)!r}), link])
        out["folder"] = [str(p) for p in report.problems]
        out["imported"] = [item.origin for item in report.imported]
        library.close()
        print(json.dumps(out))
        """,
        timeout=120,
    )
    imported = found.pop("imported")
    assert imported == ["good.txt"]
    for entry, problems in found.items():
        assert problems, entry
        assert all("named pipe (FIFO)" in problem for problem in problems), (entry, problems)
    assert len(found["folder"]) == 2  # the FIFO in the folder, and the link named


def test_the_cli_imports_a_fifo_with_one_line_and_exit_1(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    os.mkfifo(tmp_path / "pipe.json")
    os.symlink(tmp_path / "pipe.json", tmp_path / "link.json")
    database, link = str(tmp_path / "l.sqlite"), str(tmp_path / "link.json")
    completed = subprocess.run(
        [sys.executable, "main.py", "--db", database, "import", "--format", "json", link],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    (line,) = completed.stderr.splitlines()
    assert "link.json" in line and "named pipe (FIFO)" in line


# --- links ----------------------------------------------------------------------------


def test_links_leaving_the_folder_are_reported_and_not_followed(library, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Not for the library\n\nsecret", encoding="utf-8")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("Kept\n\nA body.", encoding="utf-8")
    (folder / "sub" / "also.txt").write_text("Also kept\n\nAnother body.", encoding="utf-8")
    os.symlink(outside / "secret.txt", folder / "secret.txt")
    os.symlink(outside, folder / "elsewhere")
    os.symlink(folder / "good.txt", folder / "sub" / "inside.txt")  # stays inside
    os.symlink(tmp_path / "missing.txt", folder / "dangling.txt")

    report = import_paths(library, [folder])

    assert sorted(item.title for item in report.imported) == ["Also kept", "Kept"]
    assert len(report.duplicates) == 1  # the link inside the folder: same text, same article
    reasons = {Path(problem.where).name: problem.reason for problem in report.problems}
    assert set(reasons) == {"secret.txt", "elsewhere", "dangling.txt"}
    assert "outside the imported folder" in reasons["secret.txt"]
    assert "outside the imported folder" in reasons["elsewhere"]
    assert "does not exist" in reasons["dangling.txt"]


def test_a_brat_folder_does_not_follow_links_out_of_it(library, tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "1.txt").write_text("Marta Bianchi spoke.", encoding="utf-8")
    (folder / "1.ann").write_text("T1\tPERSON 0 13\tMarta Bianchi\n", encoding="utf-8")
    os.symlink(
        "/etc/hostname" if Path("/etc/hostname").exists() else "/etc/passwd", folder / "2.txt"
    )

    report = service.import_file(library, "brat", folder)

    assert len(report.imported) == 1 and report.annotations == 1
    (problem,) = report.problems
    assert problem.where.endswith("2.txt") and "outside the imported folder" in problem.reason


# --- archives ---------------------------------------------------------------------------


def _zip_of_repeated_bytes(
    path: Path, members: dict[str, int], claimed: dict[str, int] | None = None
) -> None:
    """A zip whose members are `size` MB of "a" each, written without compressing them:
    one deflate block of 1 MB (after a full flush the compressor's state resets, so the
    same block follows itself) repeated; 190 MB cost about 200 KB. `claimed` makes the
    headers lie about a member's unpacked size (in MB)."""
    chunk = b"a" * MB
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = compressor.flush()
    crc_of_chunks = [0]
    archive, central = bytearray(), bytearray()
    for name, size in members.items():
        while len(crc_of_chunks) <= size:
            crc_of_chunks.append(zlib.crc32(chunk, crc_of_chunks[-1]))
        data, encoded = block * size + final, name.encode()
        # version, flags, method (deflate), time, date, crc, sizes, name length
        said = (claimed or {}).get(name, size) * MB
        common = (20, 0, 8, 0, 0, crc_of_chunks[size], len(data), said, len(encoded))
        offset = len(archive)
        archive += struct.pack("<4s5H3L2H", b"PK\x03\x04", *common, 0) + encoded + data
        # + extra, comment, disk, internal and external attributes, local header offset
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *common, 0, 0, 0, 0, 0, offset)
        central += encoded
    count, start = len(members), len(archive)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central), start, 0)
    path.write_bytes(bytes(archive + central + end))


_READ_BRAT_IN_A_CHILD = """
    import json, resource
    from pathlib import Path
    from curator.exchange import brat

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = brat.read(Path({path!r}))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({{
        "articles": len(result.articles),
        "problems": [str(p) for p in result.problems],
        "grew_mb": (peak - before) / 1024,
    }}))
"""


def test_a_zip_bomb_of_huge_members_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """The issue's archive: six members of 190 MB each (it took 2.9 GB and 89 s)."""
    bomb = tmp_path / "bomb.zip"
    members = {f"{n}.txt": 190 for n in range(1, 7)}
    # and one whose headers claim 10 MB: read no further than the claim, then refused
    _zip_of_repeated_bytes(bomb, members | {"7.txt": 190, "1.ann": 0}, claimed={"7.txt": 10})
    assert bomb.stat().st_size < 2 * MB

    found = _child(_READ_BRAT_IN_A_CHILD.format(path=str(bomb)), timeout=120)

    print(f"\nzip bomb of 6 x 190 MB: peak memory grew {found['grew_mb']:.0f} MB")
    assert found["articles"] == 0
    *too_large, liar = found["problems"]
    assert len(too_large) == 6 and all("too large" in problem for problem in too_large)
    assert liar.startswith("7.txt: cannot read")
    assert found["grew_mb"] < 400


def test_an_archive_beyond_its_total_unpacked_size_imports_nothing(tmp_path: Path) -> None:
    archive = tmp_path / "many.zip"
    _zip_of_repeated_bytes(archive, {f"{n}.txt": 40 for n in range(1, 9)})  # 320 MB in all

    found = _child(_READ_BRAT_IN_A_CHILD.format(path=str(archive)), timeout=120)

    print(f"\narchive of 8 x 40 MB: peak memory grew {found['grew_mb']:.0f} MB")
    assert found["articles"] == 0
    (problem,) = found["problems"]
    assert "unpacks to more than 256 MB" in problem
    assert found["grew_mb"] < 1024


def test_an_archive_of_too_many_members_is_refused_before_listing_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from curator.exchange import brat

    monkeypatch.setattr(brat, "MAX_MEMBERS", 1000)  # the real limit needs zip64 to pass
    archive = tmp_path / "crowd.zip"
    _zip_of_repeated_bytes(archive, {f"{n}.ann": 0 for n in range(1001)})
    result = brat.read(archive)
    assert result.articles == []
    (problem,) = result.problems
    assert problem.where == "crowd.zip"
    assert "holds 1001 files; the limit is 1000" in problem.reason


def test_an_exchange_body_obeys_the_article_size_limit(library, tmp_path: Path) -> None:
    body = "word " * (11 * MB)  # 55 MB
    line = {
        "id": 1,
        "title": "Huge",
        "body": body,
        "status": "new",
        "tags": [],
        "annotations": [],
        "relations": [],
        "entities": [],
        "record": None,
        "translations": [],
    }
    for fmt, text in (
        ("jsonl", json.dumps(line)),
        ("json", json.dumps({"format": "curator", "format_version": 1, "articles": [line]})),
        ("doccano", json.dumps({"text": body, "label": []})),
    ):
        path = tmp_path / f"huge-{fmt}.json"
        path.write_text(text, encoding="utf-8")
        report = service.import_file(library, fmt, path)
        assert report.imported == [], fmt
        (problem,) = report.problems
        assert "the limit for an article is 50 MB" in problem.reason, (fmt, problem)


# --- one bad file among good ones -------------------------------------------------------


def test_a_folder_with_bad_files_stores_all_the_good_ones(library, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "01-good.txt").write_text("First good\n\nBody one.", encoding="utf-8")
    (folder / "02-surrogate.json").write_text('{"title": "x", "body": "bad \\udc00 body"}')
    (folder / "03-deep.jsonl").write_text(
        '{"body": "Line one is good."}\n' + "[" * 100_000 + "\n" + '{"body": "Line three."}\n'
    )
    (folder / "04-nul.txt").write_bytes(b"x" * 9000 + b"\x00 and more")
    (folder / "05-good.md").write_text("# Second good\n\nBody two.", encoding="utf-8")

    report = import_paths(library, [folder])

    assert sorted(item.title for item in report.imported) == [
        "First good",
        "Line one is good.",
        "Line three.",
        "Second good",
    ]
    where = {problem.where: problem.reason for problem in report.problems}
    assert where == {
        "02-surrogate.json": where["02-surrogate.json"],
        "03-deep.jsonl, line 2": where["03-deep.jsonl, line 2"],
        "04-nul.txt": where["04-nul.txt"],
    }
    assert "lone surrogate (\\udc00)" in where["02-surrogate.json"]
    assert "nested too deeply" in where["03-deep.jsonl, line 2"]
    assert "NUL character at character 9000" in where["04-nul.txt"]


# --- the alignment editor's TMX import ---------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_the_alignment_editor_refuses_a_fifo_without_waiting(
    qtbot, library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """File ▸ Import Alignment given a FIFO: one warning naming it, nothing waits. Should
    the editor open it after all, a writer comes along after 5 s and closes it, so the
    test fails on the warning's text instead of hanging."""
    from PySide6.QtWidgets import QMessageBox

    from curator import translations
    from tests.test_alignment_editor import open_editor
    from tests.translation_pairs import import_fiera_pair
    from ui.app import create_application
    from ui.main_window import MainWindow
    from ui.settings import Settings

    pipe = tmp_path / "pipe.tmx"
    os.mkfifo(pipe)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    create_application([])
    window = MainWindow(library, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    italian, english = import_fiera_pair(library)
    view = translations.align_pair(library, translations.pair_articles(library, italian, english))
    editor = open_editor(qtbot, window, view.bitext_id)
    before = translations.stored_beads(library, view.bitext_id)

    with _a_writer_after(pipe, seconds=5):
        assert editor.import_from(pipe) is False

    (warning,) = warnings
    assert "pipe.tmx" in warning and "named pipe (FIFO)" in warning
    assert translations.stored_beads(library, view.bitext_id) == before


class _a_writer_after:
    """Opens `pipe` for writing after `seconds` (if anyone is reading it by then) and
    closes it at once, which ends a read that should never have begun."""

    def __init__(self, pipe: Path, seconds: float) -> None:
        import threading

        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(pipe, seconds), daemon=True)

    def _run(self, pipe: Path, seconds: float) -> None:
        if self._done.wait(seconds):
            return
        while not self._done.is_set():
            try:
                os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
                return
            except OSError:  # no reader (yet): nothing to unblock
                self._done.wait(0.1)

    def __enter__(self) -> None:
        self._thread.start()

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()


def test_a_file_the_library_refuses_to_store_is_named_and_the_batch_kept(
    library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever reason the database may one day find to refuse an article that passed
    every check (simulated here), it costs that file only, not its batch of 1,000."""
    import curator.importer as importer

    real_insert = importer.insert_articles

    def refusing(session, rows):  # type: ignore[no-untyped-def]
        if any("POISON" in row["body"] for row in rows):
            raise ValueError("the database refused it")
        return real_insert(session, rows)

    monkeypatch.setattr(importer, "insert_articles", refusing)
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.txt").write_text("First\n\nA good body.", encoding="utf-8")
    (folder / "b.jsonl").write_text(
        '{"title": "Bad", "body": "POISON"}\n{"title": "Also in b", "body": "Fine."}\n'
    )
    (folder / "c.md").write_text("# Third\n\nAnother good body.", encoding="utf-8")

    report = import_paths(library, [folder])

    assert sorted(item.title for item in report.imported) == ["First", "Third"]
    (problem,) = report.problems
    assert problem.where == "b.jsonl"
    assert "could not be stored (ValueError: the database refused it)" in problem.reason
    stored = sorted(row.title for row in list_articles(library, ArticleFilter()))
    assert stored == ["First", "Third"]
