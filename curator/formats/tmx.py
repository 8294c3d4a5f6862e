"""TMX 1.4b translation memory: write an alignment, read one back (ours or another tool's).

Writing: one <tu> per bead, valid against the TMX 1.4 DTD. Each <tu> records, in <prop>
elements of Curator's own ("x-") types, which sentences it holds and where each starts,
its confidence and whether the translator confirmed it, so that our files read back
into the same beads. A bead with an empty side has a single <tuv>.

Reading takes what real tools write: the old `lang` attribute (TMX 1.1) as well as
`xml:lang`; several languages in one file (the source is the one asked for, else the
header's `srclang`, else the first met; the target the one asked for, else the first
other language; the rest is named in a warning); a missing `srclang`; inline codes
inside <seg> (<bpt>, <ept>, <ph>, <it>, <ut> are formatting codes of the original
format and are dropped, but the text of a <sub> inside them is kept; so is the text of
<hi>; where a code is dropped one space is left, not two). The file is parsed without
network, DTD or entity expansion (safe_xml).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from lxml import etree

from curator.align.beads import Alignment
from curator.formats import language_tags
from curator.formats.alignment_result import AlignmentReadResult
from curator.formats.atomic_write import write_bytes_atomically
from curator.formats.base import ReadProblem
from curator.formats.bead_units import (
    BeadUnit,
    alignment_from_units,
    parse_confidence,
    units_from_alignment,
)
from curator.formats.safe_xml import local_name, parse_untrusted_xml
from curator.i18n import _

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
PROP_SOURCE = "x-curator-source-sentences"
PROP_TARGET = "x-curator-target-sentences"
PROP_CONFIDENCE = "x-curator-confidence"
PROP_CONFIRMED = "x-curator-confirmed"
#: Inline elements whose content is text of the segment; the others hold native codes.
_TEXT_INLINE = frozenset({"hi"})
#: Characters XML 1.0 cannot hold; written as U+FFFD so that offsets stay the same.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def write_tmx(alignment: Alignment, *, created: dt.datetime | None = None) -> bytes:
    """The alignment as a TMX 1.4b document (UTF-8 bytes)."""
    created = created or dt.datetime.now(dt.UTC)
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        creationtool="Curator",
        creationtoolversion=_curator_version(),
        segtype="sentence",
        adminlang="en",
        srclang=alignment.source_language,
        datatype="plaintext",
        creationdate=created.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ"),
    ).set("o-tmf", "Curator")
    body = etree.SubElement(root, "body")
    for number, unit in enumerate(units_from_alignment(alignment), start=1):
        tu = etree.SubElement(body, "tu", tuid=str(number))
        _prop(tu, PROP_SOURCE, unit.source_sentences or "")
        _prop(tu, PROP_TARGET, unit.target_sentences or "")
        _prop(tu, PROP_CONFIDENCE, f"{unit.confidence:.3f}")
        if unit.confirmed:
            _prop(tu, PROP_CONFIRMED, "yes")
        for language, text in (
            (alignment.source_language, unit.source_text),
            (alignment.target_language, unit.target_text),
        ):
            if text:
                tuv = etree.SubElement(tu, "tuv")
                tuv.set(XML_LANG, language)
                etree.SubElement(tuv, "seg").text = _NOT_XML.sub("\ufffd", text)
    return etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", doctype=DOCTYPE, pretty_print=True
    )


def save_tmx(path: Path, alignment: Alignment) -> None:
    """Write the alignment to `path` as TMX, atomically."""
    write_bytes_atomically(path, write_tmx(alignment))


def read_tmx(
    data: bytes,
    name: str,
    *,
    source_language: str | None = None,
    target_language: str | None = None,
) -> AlignmentReadResult:
    """The alignment a TMX file holds between two of its languages, and its problems."""
    root, problem = parse_untrusted_xml(data, name)
    if root is None:
        return AlignmentReadResult(problems=[problem] if problem else [])
    if local_name(root) != "tmx":
        return AlignmentReadResult(problems=[ReadProblem(name, "not a TMX file (no <tmx>)")])
    units = [tu for tu in root.iter() if local_name(tu) == "tu"]
    languages = _languages(units)
    if not languages:
        return AlignmentReadResult(problems=[ReadProblem(name, "no translation units")])
    header = next((child for child in root if local_name(child) == "header"), None)
    header_source = header.get("srclang") if header is not None else None
    if header_source and header_source.strip().lower() == "*all*":
        header_source = None
    if source_language and target_language:
        return _read_pair(units, name, languages, source_language, target_language)
    wanted_source = source_language or header_source
    source = (wanted_source and language_tags.pick(languages, wanted_source)) or languages[0]
    if target_language:
        others = [language for language in languages if language != source]
        target = language_tags.pick(others, target_language)
        if target is None:
            reason = _("it holds {found}, not {target}").format(
                found=", ".join(languages), target=target_language
            )
            return AlignmentReadResult(problems=[ReadProblem(name, reason)])
    else:
        target = _other(languages, source)
    return _read_units(units, name, languages, source, target)


def _read_pair(
    units: list[etree._Element], name: str, languages: list[str], source: str, target: str
) -> AlignmentReadResult:
    """The file read as a translation from `source` into `target`, or refused with both
    languages named when it does not hold them (en-US is not en-GB; en is either)."""
    found_source = language_tags.pick(languages, source)
    rest = [language for language in languages if language != found_source]
    found_target = language_tags.pick(rest, target)
    if found_source is None or found_target is None:
        reason = _("it holds {found}, not {source} and {target} as this pair does").format(
            found=", ".join(languages), source=source, target=target
        )
        return AlignmentReadResult(problems=[ReadProblem(name, reason)])
    return _read_units(units, name, languages, found_source, found_target)


def _read_units(
    units: list[etree._Element],
    name: str,
    languages: list[str],
    source: str,
    target: str | None,
) -> AlignmentReadResult:
    problems: list[ReadProblem] = []
    if target is None:
        problems.append(ReadProblem(name, f"no text in a second language; found only {source}"))
        return AlignmentReadResult(problems=problems)
    skipped = [language for language in languages if language not in (source, target)]
    if skipped:
        problems.append(
            ReadProblem(
                name,
                f"read {source} and {target}; also holds {', '.join(skipped)} (not read)",
                "warning",
            )
        )
    bead_units = []
    for number, tu in enumerate(units, start=1):
        unit = _unit(tu, source, target, f"{name}, unit {number}", problems)
        if unit is not None:
            bead_units.append(unit)
    if not bead_units:
        problems.append(ReadProblem(name, f"no unit has text in {source} or {target}"))
        return AlignmentReadResult(problems=problems)
    alignment, more = alignment_from_units(bead_units, source, target, name)
    return AlignmentReadResult(alignment, problems + more)


def _prop(parent: etree._Element, kind: str, value: str) -> None:
    etree.SubElement(parent, "prop", type=kind).text = value


def _curator_version() -> str:
    try:
        return metadata.version("curator")
    except metadata.PackageNotFoundError:
        return "unknown"


def _language_of(tuv: etree._Element) -> str | None:
    language = tuv.get(XML_LANG) or tuv.get("lang")
    return language.strip() if language and language.strip() else None


def _languages(units: Iterable[etree._Element]) -> list[str]:
    """Every language of the file, in the order first met, first spelling kept."""
    seen: dict[str, str] = {}
    for tu in units:
        for tuv in tu:
            if local_name(tuv) == "tuv" and (language := _language_of(tuv)):
                seen.setdefault(language.lower(), language)
    return list(seen.values())


def _other(languages: list[str], source: str) -> str | None:
    """The first language that is not the source's (en-GB is not a translation of en-US
    when a real other language is there)."""
    for language in languages:
        if language_tags.primary(language) != language_tags.primary(source):
            return language
    return next((language for language in languages if not _same(language, source)), None)


def _same(first: str, second: str) -> bool:
    return language_tags.standard(first).lower() == language_tags.standard(second).lower()


def _unit(
    tu: etree._Element, source: str, target: str, where: str, problems: list[ReadProblem]
) -> BeadUnit | None:
    texts: dict[str, str] = {}
    for tuv in tu:
        if local_name(tuv) != "tuv":
            continue
        language = _language_of(tuv)
        seg = next((child for child in tuv if local_name(child) == "seg"), None)
        if language is None or seg is None:
            problems.append(ReadProblem(where, "a <tuv> without a language or a <seg>", "warning"))
            continue
        texts.setdefault(language.lower(), _segment_text(seg))
    source_text = texts.get(source.lower(), "")
    target_text = texts.get(target.lower(), "")
    if not source_text and not target_text:
        return None
    props = {prop.get("type"): (prop.text or "") for prop in tu if local_name(prop) == "prop"}
    confidence = parse_confidence(props.get(PROP_CONFIDENCE), where, problems)
    return BeadUnit(
        source_text=source_text,
        target_text=target_text,
        source_sentences=props.get(PROP_SOURCE),
        target_sentences=props.get(PROP_TARGET),
        confidence=1.0 if confidence is None else confidence,  # a bad one is reported
        confirmed=props.get(PROP_CONFIRMED, "").strip().lower() == "yes",
        where=where,
    )


def _segment_text(element: etree._Element) -> str:
    """The text of a <seg>, without the native codes its inline elements carry but with
    the text of their <sub> elements (a footnote, an ALT text), single spaced where a
    code was taken out."""
    parts: list[tuple[str, bool]] = [(element.text or "", False)]  # (text, from a <sub>)
    for child in element:
        if local_name(child) in _TEXT_INLINE:
            parts.append((_segment_text(child), False))
        else:
            parts.extend(
                (_segment_text(sub), True) for sub in child.iter() if local_name(sub) == "sub"
            )
        parts.append((child.tail or "", False))
    return _join_single_spaced(parts)


def _join_single_spaced(parts: list[tuple[str, bool]]) -> str:
    """The parts end to end: one space, not two, where two parts meet with space on both
    sides; one space around a <sub>'s text that would otherwise run into a word."""
    text = ""
    after_sub = False
    for part, is_sub in parts:
        if not part:
            continue
        if text and text[-1].isspace() and part[0].isspace():
            part = part.lstrip()
        elif text and (is_sub or after_sub) and not (text[-1].isspace() or part[0].isspace()):
            part = " " + part
        text += part
        after_sub = is_sub
    return text
