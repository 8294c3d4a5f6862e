"""XLIFF 2.0: write an alignment, read one back.

Writing: one <unit> per bead with one <segment> (<source>, and <target> when the bead
has one), valid against the OASIS XLIFF 2.0 core schema. The bead's sentences,
confidence and confirmation are kept in the standard Metadata module (<mda:metadata>),
which other tools carry along untouched. Confirmed beads are "reviewed", other beads
with a target "translated", beads without one "initial".

Reading takes any XLIFF 2.0 file: the segments and ignorables of a unit are joined in
order; inline codes (<ph>, <sc>, <ec>, <sm>, <em>) are dropped, the text inside <pc> and
<mrk> kept, <cp> turned back into its character.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from curator.align.beads import Alignment
from curator.formats.alignment_result import AlignmentReadResult
from curator.formats.atomic_write import write_bytes_atomically
from curator.formats.base import ReadProblem
from curator.formats.bead_units import BeadUnit, alignment_from_units, units_from_alignment
from curator.formats.safe_xml import local_name, parse_untrusted_xml

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
METADATA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
META_CATEGORY = "curator"
META_SOURCE = "source-sentences"
META_TARGET = "target-sentences"
META_CONFIDENCE = "confidence"
META_CONFIRMED = "confirmed"
_TEXT_INLINE = frozenset({"pc", "mrk"})
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def write_xliff(alignment: Alignment, *, original: str | None = None) -> bytes:
    """The alignment as an XLIFF 2.0 document (UTF-8 bytes)."""
    root = etree.Element(
        _x("xliff"),
        nsmap={None: XLIFF_NS, "mda": METADATA_NS},
        version="2.0",
        srcLang=alignment.source_language,
        trgLang=alignment.target_language,
    )
    file = etree.SubElement(root, _x("file"), id="f1")
    if original:
        file.set("original", original)
    for number, unit in enumerate(units_from_alignment(alignment), start=1):
        element = etree.SubElement(file, _x("unit"), id=f"u{number}")
        _metadata(element, unit)
        state = "initial"
        if unit.target_text:
            state = "reviewed" if unit.confirmed else "translated"
        segment = etree.SubElement(element, _x("segment"), id=f"s{number}", state=state)
        source = etree.SubElement(segment, _x("source"))
        source.set(XML_SPACE, "preserve")
        source.text = _NOT_XML.sub("\ufffd", unit.source_text)
        if unit.target_text:
            target = etree.SubElement(segment, _x("target"))
            target.set(XML_SPACE, "preserve")
            target.text = _NOT_XML.sub("\ufffd", unit.target_text)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def save_xliff(path: Path, alignment: Alignment) -> None:
    """Write the alignment to `path` as XLIFF 2.0, atomically."""
    write_bytes_atomically(path, write_xliff(alignment, original=path.name))


def read_xliff(data: bytes, name: str) -> AlignmentReadResult:
    """The alignment an XLIFF 2.0 file holds, and its problems."""
    root, problem = parse_untrusted_xml(data, name)
    if root is None:
        return AlignmentReadResult(problems=[problem] if problem else [])
    if root.tag != _x("xliff"):
        version = root.get("version", "")
        reason = f"XLIFF {version} is not read; only XLIFF 2.0" if version else "not XLIFF 2.0"
        return AlignmentReadResult(problems=[ReadProblem(name, reason)])
    source_language = root.get("srcLang", "").strip()
    target_language = (root.get("trgLang") or "").strip()
    problems: list[ReadProblem] = []
    if not source_language:
        problems.append(ReadProblem(name, "no srcLang on <xliff>", "warning"))
    units = []
    for number, element in enumerate(root.iter(_x("unit")), start=1):
        unit = _unit(element, f"{name}, unit {element.get('id') or number}", problems)
        if unit is not None:
            units.append(unit)
    if not units:
        problems.append(ReadProblem(name, "no unit holds any text"))
        return AlignmentReadResult(problems=problems)
    alignment, more = alignment_from_units(units, source_language, target_language, name)
    return AlignmentReadResult(alignment, problems + more)


def _x(tag: str) -> str:
    return f"{{{XLIFF_NS}}}{tag}"


def _metadata(unit_element: etree._Element, unit: BeadUnit) -> None:
    metadata = etree.SubElement(unit_element, f"{{{METADATA_NS}}}metadata")
    group = etree.SubElement(metadata, f"{{{METADATA_NS}}}metaGroup", category=META_CATEGORY)
    entries = [
        (META_SOURCE, unit.source_sentences or ""),
        (META_TARGET, unit.target_sentences or ""),
        (META_CONFIDENCE, f"{unit.confidence:.3f}"),
        (META_CONFIRMED, "yes" if unit.confirmed else "no"),
    ]
    for kind, value in entries:
        etree.SubElement(group, f"{{{METADATA_NS}}}meta", type=kind).text = value


def _unit(element: etree._Element, where: str, problems: list[ReadProblem]) -> BeadUnit | None:
    source_parts: list[str] = []
    target_parts: list[str] = []
    for part in element:
        if part.tag not in (_x("segment"), _x("ignorable")):
            continue
        source = part.find(_x("source"))
        target = part.find(_x("target"))
        source_text = _inline_text(source) if source is not None else ""
        source_parts.append(source_text)
        if target is not None:
            target_parts.append(_inline_text(target))
        elif part.tag == _x("ignorable"):
            target_parts.append(source_text)  # white space between segments
    source_text, target_text = "".join(source_parts), "".join(target_parts)
    if not source_text.strip() and not target_text.strip():
        return None
    meta = {
        entry.get("type"): entry.text or ""
        for group in element.iter(f"{{{METADATA_NS}}}metaGroup")
        if group.get("category") == META_CATEGORY
        for entry in group
        if entry.tag == f"{{{METADATA_NS}}}meta"
    }
    confidence = 1.0
    if META_CONFIDENCE in meta:
        try:
            confidence = float(meta[META_CONFIDENCE])
        except ValueError:
            confidence = -1.0
        if not 0.0 <= confidence <= 1.0:
            problems.append(ReadProblem(where, f"confidence {meta[META_CONFIDENCE]!r} not in 0..1"))
            confidence = 1.0
    return BeadUnit(
        source_text=source_text,
        target_text=target_text,
        source_sentences=meta.get(META_SOURCE),
        target_sentences=meta.get(META_TARGET),
        confidence=confidence,
        confirmed=meta.get(META_CONFIRMED, "").strip().lower() == "yes",
        where=where,
    )


def _inline_text(element: etree._Element) -> str:
    parts = [element.text or ""]
    for child in element:
        name = local_name(child)
        if name in _TEXT_INLINE:
            parts.append(_inline_text(child))
        elif name == "cp":
            parts.append(_code_point(child.get("hex", "")))
        parts.append(child.tail or "")
    return "".join(parts)


def _code_point(hex_value: str) -> str:
    try:
        return chr(int(hex_value, 16))
    except (ValueError, OverflowError):
        return "\ufffd"
