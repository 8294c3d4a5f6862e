"""Exchange formats for alignments: TMX 1.4b, XLIFF 2.0 and bilingual TSV.

Round trips, the TMX variants real tools write (as small inline files we wrote),
hostile XML, atomic saving, and conformance to the official TMX DTD and XLIFF schema,
read from $CURATOR_SHARED/schemas when that is set (`.ci/run` sets it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree

from curator.align.beads import Alignment, Bead
from curator.formats import atomic_write
from curator.formats.bitext_tsv import (
    escape,
    read_bitext_tsv,
    save_bitext_tsv,
    unescape,
    write_bitext_tsv,
)
from curator.formats.tmx import read_tmx, save_tmx, write_tmx
from curator.formats.xliff import read_xliff, save_xliff, write_xliff

ALIGNMENT = Alignment(
    source_language="it",
    target_language="en",
    source=(
        "Il Salone dei Porti di Valmora apre il 3 marzo.",
        "Gli espositori sono 412.",
        "Arrivano da 23 paesi.",
        "Il programma & gli orari <completi> saranno online.",
        "«Siamo pronti», ha detto il Dott. Neri.",
    ),
    target=(
        "The Valmora Ports Show opens on 3 March.",
        "There are 412 exhibitors from 23 countries.",
        '"We are ready," said Dr Neri.',
        "Photo: press office.",
        "Line one\nline two\twith a tab, and a back\\slash.",
    ),
    beads=(
        Bead((0,), (0,), 0.97),
        Bead((1, 2), (1,), 0.88, confirmed=True),
        Bead((3,), (), 0.41),
        Bead((4,), (2,), 0.95),
        Bead((), (3, 4), 0.3),
    ),
)


def shared_schema(*parts: str) -> Path:
    shared = os.environ.get("CURATOR_SHARED")
    if not shared:
        pytest.skip("CURATOR_SHARED is not set: the official TMX DTD and XLIFF schema are there")
    path = Path(shared, *parts)
    if not path.exists():
        pytest.skip(f"{path} is missing")
    return path


def tmx(body: str, header: str = 'srclang="it"', doctype: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"{doctype}"
        '<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence"'
        f' o-tmf="t" adminlang="en" datatype="plaintext" {header}/><body>{body}</body></tmx>'
    ).encode()


# --- round trips --------------------------------------------------------------------


def test_tmx_round_trip_keeps_the_beads_exactly() -> None:
    result = read_tmx(write_tmx(ALIGNMENT), "pair.tmx")
    assert result.problems == []
    assert result.alignment == ALIGNMENT


def test_xliff_round_trip_keeps_the_beads_exactly() -> None:
    result = read_xliff(write_xliff(ALIGNMENT), "pair.xlf")
    assert result.problems == []
    assert result.alignment == ALIGNMENT


def test_tsv_round_trip_keeps_the_texts_of_each_bead() -> None:
    text = write_bitext_tsv(ALIGNMENT)
    assert text.count("\n") == len(ALIGNMENT.beads)
    result = read_bitext_tsv(text, "pair.tsv", "it", "en")
    assert result.problems == []
    read_back = result.alignment
    assert read_back is not None
    assert [read_back.bead_texts(bead) for bead in read_back.beads] == [
        ALIGNMENT.bead_texts(bead) for bead in ALIGNMENT.beads
    ]
    assert [bead.confidence for bead in read_back.beads] == [0.97, 0.88, 0.41, 0.95, 0.3]


def test_tsv_escapes_tabs_newlines_and_backslashes() -> None:
    text = "a\tb\nc\\d\re"
    assert "\t" not in escape(text) and "\n" not in escape(text)
    assert unescape(escape(text)) == text
    with pytest.raises(ValueError):
        unescape("bad \\q escape")


def test_tsv_problems_name_the_line() -> None:
    result = read_bitext_tsv("uno\tone\t0.9\nsolo una colonna\ndue\ttwo\t7\n", "pair.tsv")
    wheres = [problem.where for problem in result.problems]
    assert wheres == ["pair.tsv, line 2", "pair.tsv, line 3"]
    assert result.alignment is not None and len(result.alignment.beads) == 1


def test_xliff_states_follow_the_beads() -> None:
    root = etree.fromstring(write_xliff(ALIGNMENT))
    namespace = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    states = [segment.get("state") for segment in root.iterfind(".//x:segment", namespace)]
    assert states == ["translated", "reviewed", "initial", "translated", "translated"]
    assert len(root.findall(".//x:unit", namespace)) == len(ALIGNMENT.beads)


# --- TMX as other tools write it -----------------------------------------------------


def test_old_lang_attribute_and_missing_srclang() -> None:
    data = tmx(
        '<tu><tuv lang="IT"><seg>Buongiorno.</seg></tuv><tuv lang="EN"><seg>Good morning.</seg>'
        "</tuv></tu>",
        header="",
    )
    result = read_tmx(data, "old.tmx")
    assert result.problems == []
    alignment = result.alignment
    assert alignment is not None
    assert (alignment.source_language, alignment.target_language) == ("IT", "EN")
    assert alignment.source == ("Buongiorno.",) and alignment.target == ("Good morning.",)
    assert alignment.beads == (Bead((0,), (0,), 1.0),)


def test_several_languages_in_one_file() -> None:
    data = tmx(
        '<tu><tuv xml:lang="en-US"><seg>Hello.</seg></tuv><tuv xml:lang="en-GB"><seg>Hello!</seg>'
        '</tuv><tuv xml:lang="it-IT"><seg>Ciao.</seg></tuv><tuv xml:lang="fr"><seg>Salut.</seg>'
        "</tuv></tu>"
        '<tu><tuv xml:lang="it-IT"><seg>Grazie.</seg></tuv><tuv xml:lang="en-US"><seg>Thanks.'
        "</seg></tuv></tu>",
        header='srclang="en-US"',
    )
    result = read_tmx(data, "many.tmx")
    alignment = result.alignment
    assert alignment is not None
    assert (alignment.source_language, alignment.target_language) == ("en-US", "it-IT")
    assert alignment.source == ("Hello.", "Thanks.") and alignment.target == ("Ciao.", "Grazie.")
    assert [problem.severity for problem in result.problems] == ["warning"]
    assert "en-GB" in result.problems[0].reason and "fr" in result.problems[0].reason

    asked = read_tmx(data, "many.tmx", source_language="it", target_language="fr").alignment
    assert asked is not None
    assert (asked.source_language, asked.target_language) == ("it-IT", "fr")
    assert [(bead.source, bead.target) for bead in asked.beads] == [((0,), (0,)), ((1,), ())]


def test_srclang_all_and_inline_codes_in_segments() -> None:
    data = tmx(
        '<tu><tuv xml:lang="it"><seg>Premi <bpt i="1">&lt;b&gt;</bpt>Avvio<ept i="1">&lt;/b&gt;'
        '</ept> ora<ph x="2">&lt;br/&gt;</ph>.</seg></tuv><tuv xml:lang="en"><seg>Press '
        '<hi type="bold">Start<it pos="begin">&lt;i&gt;</it></hi> now<ut>{\\b}</ut>.</seg></tuv>'
        "</tu>",
        header='srclang="*all*"',
    )
    alignment = read_tmx(data, "codes.tmx").alignment
    assert alignment is not None
    assert alignment.source == ("Premi Avvio ora.",)
    assert alignment.target == ("Press Start now.",)


def test_a_unit_without_the_target_language_is_a_one_sided_bead() -> None:
    data = tmx(
        '<tu><tuv xml:lang="it"><seg>Uno.</seg></tuv><tuv xml:lang="en"><seg>One.</seg></tuv></tu>'
        '<tu><tuv xml:lang="it"><seg>Solo italiano.</seg></tuv></tu>'
    )
    alignment = read_tmx(data, "gap.tmx").alignment
    assert alignment is not None
    assert [(bead.source, bead.target) for bead in alignment.beads] == [((0,), (0,)), ((1,), ())]


def test_records_that_do_not_fit_fall_back_to_one_sentence_a_side() -> None:
    data = tmx(
        '<tu><prop type="x-curator-source-sentences">0:0 7:99</prop>'
        '<tuv xml:lang="it"><seg>Uno. Due.</seg></tuv><tuv xml:lang="en"><seg>One. Two.</seg>'
        "</tuv></tu>"
    )
    result = read_tmx(data, "odd.tmx")
    assert result.alignment is not None and result.alignment.source == ("Uno. Due.",)
    assert [problem.severity for problem in result.problems] == ["warning"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<tmx><body><tu></body></tmx>", "not well-formed XML"),
        (b'<?xml version="1.0"?><xliff version="1.2"/>', "not a TMX file"),
        (tmx(""), "no translation units"),
        (tmx('<tu><tuv xml:lang="it"><seg>Solo.</seg></tuv></tu>'), "found only it"),
    ],
)
def test_unusable_tmx_is_a_problem_not_a_crash(data: bytes, reason: str) -> None:
    result = read_tmx(data, "bad.tmx")
    assert result.alignment is None
    assert any(reason in problem.reason for problem in result.problems)
    assert all(problem.where.startswith("bad.tmx") for problem in result.problems)


def test_a_malformed_file_names_the_line() -> None:
    result = read_tmx(b'<?xml version="1.0"?>\n<tmx>\n<body>\n<tu></body></tmx>', "bad.tmx")
    assert result.problems[0].where == "bad.tmx, line 4"


def test_a_doctype_pointing_at_the_dtd_is_read_without_fetching_it() -> None:
    data = tmx(
        '<tu><tuv xml:lang="it"><seg>Sì.</seg></tuv><tuv xml:lang="en"><seg>Yes.</seg></tuv></tu>',
        doctype='<!DOCTYPE tmx SYSTEM "http://example.invalid/tmx14.dtd">\n',
    )
    result = read_tmx(data, "dtd.tmx")
    assert result.problems == [] and result.alignment is not None


def test_utf16_tmx_is_read() -> None:
    data = tmx(
        '<tu><tuv xml:lang="it"><seg>Città.</seg></tuv><tuv xml:lang="en"><seg>City.</seg>'
        "</tuv></tu>"
    )
    utf16 = data.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    alignment = read_tmx(utf16, "wide.tmx").alignment
    assert alignment is not None and alignment.source == ("Città.",)


# --- hostile XML ---------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<tmx version="1.4"><header srclang="it"/><body><tu><tuv xml:lang="it"><seg>&lol9;</seg></tuv>
<tuv xml:lang="en"><seg>&lol9;</seg></tuv></tu></body></tmx>"""


@pytest.mark.parametrize("reader", [read_tmx, read_xliff])
def test_billion_laughs_is_refused_with_a_problem(reader) -> None:  # type: ignore[no-untyped-def]
    result = reader(BILLION_LAUGHS, "laughs.xml")  # refused before any expansion
    assert result.alignment is None
    assert "entities" in result.problems[0].reason


@pytest.mark.parametrize("reader", [read_tmx, read_xliff])
def test_external_entities_are_refused_and_nothing_is_read(  # type: ignore[no-untyped-def]
    reader, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the library password", encoding="utf-8")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        '<tmx version="1.4"><header srclang="it"/><body><tu><tuv xml:lang="it"><seg>&x;</seg>'
        '</tuv><tuv xml:lang="en"><seg>&x;</seg></tuv></tu></body></tmx>'
    ).encode()
    result = reader(data, "xxe.xml")
    assert result.alignment is None
    assert "entities" in result.problems[0].reason
    assert "password" not in repr(result)


# --- XLIFF as other tools write it ---------------------------------------------------


def test_xliff_from_another_tool_with_inline_codes() -> None:
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="it" trgLang="en">
 <file id="f">
  <unit id="a">
   <segment><source>Premi <pc id="1">Avvio</pc><ph id="2"/>.</source>
    <target>Press <pc id="1">Start</pc><ph id="2"/>.</target></segment>
   <ignorable><source> </source></ignorable>
   <segment><source>Tre<cp hex="00A0"/>euro.</source><target>Three <mrk id="m">euros</mrk>.
</target></segment>
  </unit>
  <group id="g"><unit id="b"><segment><source>Ciao.</source></segment></unit></group>
 </file>
</xliff>"""
    result = read_xliff(data, "tool.xlf")
    assert result.problems == []
    alignment = result.alignment
    assert alignment is not None
    assert alignment.source == ("Premi Avvio. Tre\u00a0euro.", "Ciao.")
    assert alignment.target == ("Press Start. Three euros.\n",)
    assert [(bead.source, bead.target) for bead in alignment.beads] == [((0,), (0,)), ((1,), ())]


def test_xliff_1_2_is_refused_with_a_reason() -> None:
    data = b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file/></xliff>'
    result = read_xliff(data, "old.xlf")
    assert result.alignment is None
    assert "1.2" in result.problems[0].reason


# --- saving --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("save", "read"),
    [
        (save_tmx, lambda path: read_tmx(path.read_bytes(), path.name)),
        (save_xliff, lambda path: read_xliff(path.read_bytes(), path.name)),
        (save_bitext_tsv, lambda path: read_bitext_tsv(path.read_text("utf-8"), path.name)),
    ],
)
def test_saving_writes_the_file_and_leaves_nothing_else(save, read, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "pair.out"
    path.write_text("old contents", encoding="utf-8")
    save(path, ALIGNMENT)
    assert read(path).alignment is not None
    assert [child.name for child in tmp_path.iterdir()] == ["pair.out"]


def test_a_failed_save_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "pair.tmx"
    path.write_bytes(b"old contents")

    def fail(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_write.os, "replace", fail)
    with pytest.raises(OSError):
        save_tmx(path, ALIGNMENT)
    assert path.read_bytes() == b"old contents"
    assert [child.name for child in tmp_path.iterdir()] == ["pair.tmx"]


def test_characters_xml_cannot_hold_are_replaced_keeping_offsets() -> None:
    odd = Alignment(
        "it", "en", ("Bip\x07 bip.", "Due."), ("Beep.", "Two."), (Bead((0, 1), (0, 1), 0.5),)
    )
    for data, reader in ((write_tmx(odd), read_tmx), (write_xliff(odd), read_xliff)):
        alignment = reader(data, "odd").alignment
        assert alignment is not None and alignment.source == ("Bip\ufffd bip.", "Due.")


# --- conformance to the official schemas -------------------------------------------


def test_our_tmx_is_valid_against_the_official_dtd() -> None:
    dtd = etree.DTD(str(shared_schema("schemas", "tmx", "tmx14.dtd")))
    document = etree.fromstring(write_tmx(ALIGNMENT))
    assert dtd.validate(document), dtd.error_log.filter_from_errors()


def official_xliff_schemas() -> list[etree.XMLSchema]:
    """The XLIFF 2.0 core schema, alone and together with the metadata module."""
    core = shared_schema("schemas", "xliff2.0", "xliff_core_2.0.xsd").resolve()
    metadata = core.parent / "modules" / "metadata.xsd"
    imports = [
        ("urn:oasis:names:tc:xliff:document:2.0", core),
        ("urn:oasis:names:tc:xliff:metadata:2.0", metadata),
    ]
    wrapper = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        + "".join(
            f'<xs:import namespace="{namespace}" schemaLocation="{path.as_uri()}"/>'
            for namespace, path in imports
        )
        + "</xs:schema>"
    )
    return [
        etree.XMLSchema(etree.parse(str(core))),
        etree.XMLSchema(etree.fromstring(wrapper.encode(), base_url=str(core))),
    ]


def test_our_xliff_is_valid_against_the_official_schema_and_metadata_module() -> None:
    for schema in official_xliff_schemas():
        document = etree.fromstring(write_xliff(ALIGNMENT))
        assert schema.validate(document), schema.error_log.filter_from_errors()


def test_the_conformance_check_would_catch_an_invalid_file() -> None:
    dtd = etree.DTD(str(shared_schema("schemas", "tmx", "tmx14.dtd")))
    broken = write_tmx(ALIGNMENT).replace(b' segtype="sentence"', b"")
    assert not dtd.validate(etree.fromstring(broken))
