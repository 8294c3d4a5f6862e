"""A TMX or XLIFF 2.0 file into a translation pair (issue 17, item 7): the pair's
languages or a refusal naming both, consent before an alignment is replaced, <sub> text
kept, XLIFF 2.0 from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from curator import translations
from curator.formats.language_tags import compatible, pick
from curator.formats.tmx import read_tmx
from db.library import Library
from tests.translation_pairs import FIERA_BEADS, import_article, import_fiera_pair

ROOT = Path(__file__).resolve().parent.parent

COLOUR_US = "The color of the harbor is gray. Our neighbor agreed.\n"
COLOUR_GB = "The colour of the harbour is grey. Our neighbour agreed.\n"


def tmx(units: list[dict[str, str]], srclang: str = "it") -> bytes:
    """A TMX of another tool: one <tu> per dict of language -> segment (inline XML kept)."""
    body = "".join(
        "<tu>"
        + "".join(f'<tuv xml:lang="{lang}"><seg>{seg}</seg></tuv>' for lang, seg in unit.items())
        + "</tu>"
        for unit in units
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" '
        'creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" '
        f'datatype="plaintext" srclang="{srclang}"/><body>{body}</body></tmx>'
    ).encode()


@pytest.fixture
def aligned(library: Library) -> translations.AlignmentView:
    italian, english = import_fiera_pair(library)
    return translations.align_pair(library, translations.pair_articles(library, italian, english))


# --- languages --------------------------------------------------------------------------


def test_a_tmx_in_other_languages_is_refused_and_the_alignment_kept(
    library: Library, aligned: translations.AlignmentView
) -> None:
    data = tmx(
        [
            {"it": "Castelverde, 14 marzo 2025.", "fr": "Castelverde, 14 mars 2025."},
            {"it": "La prossima edizione si terrà dal 9 al 12 marzo 2026.", "de": "Nächstes."},
        ]
    )

    view, problems = translations.import_alignment(
        library, aligned.bitext_id, data, "fiera-fr.tmx", replace=True
    )

    assert view is None
    [problem] = problems
    assert problem.where == "fiera-fr.tmx" and problem.severity == "error"
    assert "it, fr, de" in problem.reason  # what the file holds
    assert "not it and en as this pair does" in problem.reason  # what the pair is
    assert translations.get_alignment(library, aligned.bitext_id) == aligned


def test_an_en_us_to_en_gb_pair_reads_those_two_of_a_four_language_file(
    library: Library,
) -> None:
    american = import_article(library, "Harbor", COLOUR_US, "en-US")
    british = import_article(library, "Harbour", COLOUR_GB, "en-GB")
    pair = translations.pair_articles(library, american, british)
    units = [
        ("The color of the harbor is gray.", "The colour of the harbour is grey.", "Le port."),
        ("Our neighbor agreed.", "Our neighbour agreed.", "Le voisin."),
    ]
    data = tmx([{"en-US": us, "en-GB": gb, "fr": fr} for us, gb, fr in units], "en-US")

    view, problems = translations.import_alignment(library, pair, data, "colour.tmx")

    assert view is not None, problems
    assert [(b.source_texts, b.target_texts) for b in view.beads] == [
        ((us,), (gb,)) for us, gb, _fr in units
    ]
    assert [p.severity for p in problems] == ["warning"] and "fr" in problems[0].reason
    # an en-GB <-> fr file is not taken for it: en-US is not en-GB
    other = tmx([{"en-GB": gb, "fr": fr} for _us, gb, fr in units], "en-GB")
    view, problems = translations.import_alignment(library, pair, other, "gb-fr.tmx", replace=True)
    assert view is None and "not en-US and en-GB as this pair does" in problems[-1].reason


def test_language_tags_follow_bcp_47() -> None:
    assert compatible("en", "en-GB") and compatible("it-IT", "it") and compatible("EN_us", "en-US")
    assert not compatible("en-US", "en-GB") and not compatible("zh-Hans", "zh-Hant")
    assert compatible("iw", "he")  # the old code of Hebrew
    assert pick(["en-US", "en-GB"], "en-gb") == "en-GB"
    assert pick(["de", "fr"], "en") is None


def test_a_pair_tagged_en_takes_an_en_gb_file(library: Library) -> None:
    italian, english = import_fiera_pair(library)
    pair = translations.pair_articles(library, italian, english)
    reference = translations.align_pair(library, pair)
    data = (
        translations.export_alignment(library, pair, "tmx")
        .replace(b'xml:lang="en"', b'xml:lang="en-GB"')
        .replace(b'xml:lang="it"', b'xml:lang="it-IT"')
    )

    view, problems = translations.import_alignment(
        library, pair, data, "fiera-gb.tmx", replace=True
    )

    assert problems == [] and view is not None
    assert [(b.source, b.target) for b in view.beads] == FIERA_BEADS
    assert view.beads == reference.beads


# --- <sub> ---------------------------------------------------------------------------------


def test_sub_text_inside_codes_is_kept_single_spaced() -> None:
    data = tmx(
        [
            {
                "en": 'Click <ph x="3">&lt;IMG ALT="<sub>Start Here!</sub>"&gt;</ph> to '
                '<hi>start</hi>.<ept i="1">&lt;/B&gt;</ept>',
                "fr": "Cliquez <ph>x</ph> ici<ph>{\\fn <sub>une note</sub>}</ph>maintenant.",
            }
        ],
        "en",
    )

    alignment = read_tmx(data, "sub.tmx").alignment

    assert alignment is not None
    assert alignment.source == ("Click Start Here! to start.",)
    assert alignment.target == ("Cliquez ici une note maintenant.",)


# --- consent before replacing --------------------------------------------------------------


def test_replacing_an_alignment_needs_consent(
    library: Library, aligned: translations.AlignmentView
) -> None:
    bitext = aligned.bitext_id
    data = translations.export_alignment(library, bitext, "tmx")
    merged = translations.merge_beads(library, bitext, 0, aligned.version)

    with pytest.raises(translations.ReplaceNeeded, match=r"fiera\.tmx"):
        translations.import_alignment(library, bitext, data, "fiera.tmx")
    assert translations.get_alignment(library, bitext) == merged

    view, problems = translations.import_alignment(library, bitext, data, "fiera.tmx", replace=True)
    assert problems == [] and view is not None
    assert [(b.source, b.target) for b in view.beads] == FIERA_BEADS


# --- the command line, in a child process ---------------------------------------------------


def curator(*argv: object) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), CURATOR_DEBUG="")
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, argv)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=ROOT,
    )


def test_xliff_is_imported_from_the_command_line(library_path: Path, tmp_path: Path) -> None:
    library = Library.open(library_path)
    try:
        italian, english = import_fiera_pair(library)
        bitext = translations.pair_articles(library, italian, english)
        aligned = translations.align_pair(library, bitext)
        xliff = tmp_path / "fiera.xlf"
        xliff.write_bytes(translations.export_alignment(library, bitext, "xliff"))
        merged = translations.merge_beads(library, bitext, 0, aligned.version)
    finally:
        library.close()
    wrong = tmp_path / "fiera-de.xlf"
    wrong.write_bytes(xliff.read_bytes().replace(b'trgLang="en"', b'trgLang="de"'))
    common = ("--format", "xliff", "--article", english, "--db", library_path)

    refused = curator("import", xliff, *common)
    mismatched = curator("import", wrong, *common, "--replace")
    done = curator("import", xliff, *common, "--replace", "--json")

    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.count("\n") == 1 and "add --replace" in refused.stderr
    assert "Traceback" not in refused.stderr + mismatched.stderr + done.stderr
    assert mismatched.returncode == 1 and mismatched.stderr.count("\n") == 1
    assert "fiera-de.xlf" in mismatched.stderr and "from it into de" in mismatched.stderr
    assert "not it into en" in mismatched.stderr
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["beads"] == len(FIERA_BEADS)
    library = Library.open(library_path)
    try:
        view = translations.get_alignment(library, bitext)
    finally:
        library.close()
    assert (
        [(b.source, b.target) for b in view.beads]
        == FIERA_BEADS
        != [(b.source, b.target) for b in merged.beads]
    )


def test_a_tmx_import_without_a_pair_is_one_line(library_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.tmx"
    path.write_bytes(tmx([{"it": "Ciao.", "en": "Hello."}]))

    result = curator("import", path, "--format", "tmx", "--db", library_path)
    stray = curator("import", path, "--article", 1, "--db", library_path)

    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "--article ID" in result.stderr and "Traceback" not in result.stderr
    assert stray.returncode == 1 and stray.stderr.count("\n") == 1
    assert "--article goes with --format tmx or xliff only" in stray.stderr


def test_a_side_of_unknown_language_is_not_checked(library: Library) -> None:
    numbers = import_article(library, "Numbers", "1, 2, 3.\n", "")
    english = import_article(library, "Counting", "One, two, three.\n", "en")
    pair = translations.pair_articles(library, numbers, english)
    assert translations.get_alignment(library, pair).source_language == "und"
    data = tmx([{"xx": "1, 2, 3.", "en-GB": "One, two, three."}], "xx")

    view, problems = translations.import_alignment(library, pair, data, "count.tmx")

    assert view is not None, problems
    assert [(b.source_texts, b.target_texts) for b in view.beads] == [
        (("1, 2, 3.",), ("One, two, three.",))
    ]
    # the side that is known is still checked
    french = tmx([{"xx": "1, 2, 3.", "fr": "Un, deux, trois."}], "xx")
    view, problems = translations.import_alignment(library, pair, french, "fr.tmx", replace=True)
    assert view is None and str(problems[-1]) == "fr.tmx: it holds xx, fr, not en"
