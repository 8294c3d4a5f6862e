"""`curator align`: two plain-text files in, beads out, no library needed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import main
from curator.formats.bitext_tsv import read_bitext_tsv
from curator.formats.tmx import read_tmx
from curator.formats.xliff import read_xliff

ITALIAN = (
    "Si apre il Salone dei Porti di Valmora\n"
    "\n"
    "Il Dott. Neri ha aperto lunedì 3 marzo la 25ª edizione del Salone. "
    "Gli espositori sono 3.200, il 10,5% in più del 2023. "
    "Il fatturato atteso è di 150 miliardi di euro.\n"
)
ENGLISH = (
    "Valmora Ports Show opens\n"
    "\n"
    "Dr Neri opened the 25th edition of the Show on Monday 3 March. "
    "There are 3,200 exhibitors. That is 10.5% more than in 2023. "
    "Expected turnover is 150 billion euros.\n"
)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    source, target = tmp_path / "salone.it.txt", tmp_path / "show.en.txt"
    source.write_text(ITALIAN, encoding="utf-8")
    target.write_text(ENGLISH, encoding="utf-8")
    return source, target


def run(capsys: pytest.CaptureFixture[bytes], *argv: object) -> tuple[int, str, str]:
    code = main.main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out.decode("utf-8"), err.decode("utf-8")


def test_json_lists_beads_with_indices_texts_and_confidence(capsysbinary, files) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsysbinary, "align", *files, "--format", "json")
    assert (code, err) == (0, "")
    beads = json.loads(out)
    assert [(bead["src"], bead["tgt"]) for bead in beads] == [
        ([0], [0]),
        ([1], [1]),
        ([2], [2, 3]),
        ([3], [4]),
    ]
    assert set(beads[2]) == {"src", "tgt", "src_sentences", "tgt_sentences", "confidence"}
    assert beads[2]["src_sentences"] == ["Gli espositori sono 3.200, il 10,5% in più del 2023."]
    assert beads[2]["tgt_sentences"] == [
        "There are 3,200 exhibitors.",
        "That is 10.5% more than in 2023.",
    ]
    assert all(0.0 <= bead["confidence"] <= 1.0 for bead in beads)


def test_tsv_is_the_default(capsysbinary, files) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsysbinary, "align", *files)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 4 and all(line.count("\t") == 2 for line in lines)
    assert lines[2].startswith("Gli espositori sono 3.200, il 10,5% in più del 2023.\t")
    alignment = read_bitext_tsv(out, "stdout").alignment
    assert alignment is not None and len(alignment.beads) == 4


def test_tmx_and_xliff_output_read_back(capsysbinary, files) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsysbinary, "align", *files, "--format", "tmx")
    assert code == 0 and out.startswith("<?xml")
    alignment = read_tmx(out.encode("utf-8"), "stdout").alignment
    assert alignment is not None
    assert (alignment.source_language, alignment.target_language) == ("it", "en")
    assert len(alignment.beads) == 4 and len(alignment.target) == 5

    code, out, _ = run(capsysbinary, "align", *files, "--format", "xliff")
    assert code == 0
    assert read_xliff(out.encode("utf-8"), "stdout").alignment == alignment


def test_languages_can_be_given_and_output_written_to_a_file(  # type: ignore[no-untyped-def]
    capsysbinary, files, tmp_path: Path
) -> None:
    out_path = tmp_path / "pair.tmx"
    code, out, err = run(
        capsysbinary,
        "align",
        *files,
        "--src-lang",
        "it-IT",
        "--tgt-lang",
        "en",
        "--format",
        "tmx",
        "--out",
        out_path,
    )
    assert (code, out, err) == (0, "", "")
    alignment = read_tmx(out_path.read_bytes(), out_path.name).alignment
    assert alignment is not None and alignment.source_language == "it"


def test_one_per_line_takes_each_line_as_a_sentence(capsysbinary, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source, target = tmp_path / "a.txt", tmp_path / "b.txt"
    source.write_text(
        "Il Dott. Neri parla alle 9.30.\nI visitatori sono 3.200. Molti sono stranieri.\n"
        "La fiera chiude il 7 marzo.\n",
        encoding="utf-8",
    )
    target.write_text(
        "Dr Neri speaks at 9.30.\nThere are 3,200 visitors, many from abroad.\n"
        "The fair closes on 7 March.\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsysbinary, "align", source, target, "--one-per-line", "--format", "json")
    assert code == 0
    beads = json.loads(out)
    assert [(bead["src"], bead["tgt"]) for bead in beads] == [([0], [0]), ([1], [1]), ([2], [2])]
    assert beads[1]["src_sentences"] == ["I visitatori sono 3.200. Molti sono stranieri."]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "file not found"),
        (b"\xff\xfe\x00\x00" + b"\x00" * 3, "not valid UTF-32"),
        (b"caf\xe9 latte", "not valid UTF-8"),
        (b"   \n", "file is empty"),
    ],
)
def test_unreadable_file_is_one_line_on_stderr_and_exit_1(  # type: ignore[no-untyped-def]
    capsysbinary, files, tmp_path: Path, content: bytes | None, reason: str
) -> None:
    bad = tmp_path / "bad.txt"
    if content is not None:
        bad.write_bytes(content)
    code, out, err = run(capsysbinary, "align", files[0], bad)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("curator: error: ")
    assert str(bad) in err and reason in err


def test_unwritable_output_is_one_line_on_stderr(capsysbinary, files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsysbinary, "align", *files, "--out", tmp_path / "no" / "such" / "x.tsv")
    assert code == 1 and err.count("\n") == 1 and "cannot write" in err


def test_align_does_not_touch_any_library(capsysbinary, files, private_dirs: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, _ = run(capsysbinary, "align", *files)
    assert code == 0
    assert not any(private_dirs.rglob("*.sqlite"))
