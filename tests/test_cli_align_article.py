"""`curator align --article ID`: the beads of a pair stored in a library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import main
from curator import translations
from curator.formats.tmx import read_tmx
from db.library import Library
from tests.translation_pairs import FIERA_BEADS, import_fiera_pair


def run(capsys: pytest.CaptureFixture[bytes], *argv: object) -> tuple[int, bytes, str]:
    code = main.main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err.decode("utf-8")


@pytest.fixture
def stored_pair(library_path: Path) -> tuple[int, int]:
    library = Library.open(library_path)
    try:
        italian, english = import_fiera_pair(library)
        translations.pair_articles(library, italian, english)
    finally:
        library.close()
    return italian, english


def test_a_stored_pair_is_aligned_and_printed_as_json(
    capsysbinary, library_path: Path, stored_pair: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    italian, english = stored_pair

    code, out, err = run(
        capsysbinary, "align", "--article", english, "--db", library_path, "--format", "json"
    )

    assert (code, err) == (0, "")
    beads = json.loads(out)
    assert [(tuple(b["src"]), tuple(b["tgt"])) for b in beads] == FIERA_BEADS
    assert beads[4]["tgt_sentences"] == [
        "Trade visitors exceeded 52,000.",
        "That is 9.5% more than in 2024.",
    ]
    # the alignment is stored: corrections made in the window are what is printed next
    library = Library.open(library_path)
    try:
        bitext = translations.pair_for_article(library, italian)
        view = translations.get_alignment(library, bitext)
        translations.merge_beads(library, bitext, 0, view.version)
    finally:
        library.close()
    code, out, err = run(
        capsysbinary, "--db", library_path, "--json", "align", "--article", italian
    )
    assert code == 0
    assert json.loads(out)[0]["src"] == [0, 1]


def test_a_stored_pair_exports_as_tmx(
    capsysbinary, library_path: Path, stored_pair: tuple[int, int], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out_path = tmp_path / "fiera.tmx"
    code, _out, err = run(
        capsysbinary,
        "align",
        "--article",
        stored_pair[0],
        "--db",
        library_path,
        "--format",
        "tmx",
        "--out",
        out_path,
    )
    assert (code, err) == (0, "")
    read = read_tmx(out_path.read_bytes(), "fiera.tmx")
    assert read.alignment is not None and len(read.alignment.beads) == len(FIERA_BEADS)


def test_an_article_without_a_pair_is_an_error(capsysbinary, library_path: Path) -> None:  # type: ignore[no-untyped-def]
    library = Library.open(library_path)
    try:
        italian, _english = import_fiera_pair(library)
    finally:
        library.close()
    code, out, err = run(capsysbinary, "align", "--article", italian, "--db", library_path)
    assert code == 1 and out == b""
    assert "not paired" in err


def test_files_and_article_together_are_refused(
    capsysbinary, library_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = run(
        capsysbinary, "align", tmp_path / "a.txt", tmp_path / "b.txt", "--article", 1
    )
    assert code == 1 and "not both" in err
    code, _out, err = run(capsysbinary, "align")
    assert code == 1 and "--article" in err
    code, _out, err = run(
        capsysbinary, "align", "--article", 1, "--db", tmp_path / "nothing.sqlite"
    )
    assert code == 1 and "no library" in err
