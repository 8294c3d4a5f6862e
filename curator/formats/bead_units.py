"""Beads as exchange-format units (one text per side) and back.

A translation unit holds one text per language; a bead may hold several sentences a
side. Writers join them with a space and record where each sentence starts, as
"index:offset" pairs ("4:0 5:37": sentence 4 starts the text, sentence 5 starts at
character 37), so that reading our own files back restores the beads exactly. A unit
from another tool has no such record: each of its sides becomes one sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from curator.align.beads import Alignment, Bead, check_beads
from curator.formats.base import ReadProblem

SENTENCE_JOINER = " "


@dataclass(frozen=True, slots=True)
class BeadUnit:
    source_text: str
    target_text: str
    #: "index:offset ..." for each side, or None when the file does not say.
    source_sentences: str | None = None
    target_sentences: str | None = None
    confidence: float = 1.0
    confirmed: bool = False
    #: Where the unit was found, for problems: "unit 4", "line 12".
    where: str = ""


def units_from_alignment(alignment: Alignment) -> list[BeadUnit]:
    """One unit per bead, in order."""
    units = []
    for bead in alignment.beads:
        source_text, source_spec = _joined(bead.source, alignment.source)
        target_text, target_spec = _joined(bead.target, alignment.target)
        units.append(
            BeadUnit(
                source_text,
                target_text,
                source_spec,
                target_spec,
                bead.confidence,
                bead.confirmed,
            )
        )
    return units


def alignment_from_units(
    units: Sequence[BeadUnit], source_language: str, target_language: str, name: str
) -> tuple[Alignment, list[ReadProblem]]:
    """Rebuild the alignment; exact sentences when every unit records them."""
    problems: list[ReadProblem] = []
    exact = _exact(units)
    if exact is None:
        if any(unit.source_sentences or unit.target_sentences for unit in units):
            problems.append(
                ReadProblem(
                    name,
                    "the sentence records of the units do not fit together; "
                    "each unit is read as one sentence a side",
                    "warning",
                )
            )
        exact = _one_sentence_a_side(units)
    source, target, beads = exact
    alignment = Alignment(source_language, target_language, tuple(source), tuple(target), beads)
    return alignment, problems


def _joined(indices: tuple[int, ...], sentences: Sequence[str]) -> tuple[str, str]:
    parts: list[str] = []
    starts: list[str] = []
    offset = 0
    for index in indices:
        if parts:
            offset += len(SENTENCE_JOINER)
        starts.append(f"{index}:{offset}")
        parts.append(sentences[index])
        offset += len(sentences[index])
    return SENTENCE_JOINER.join(parts), " ".join(starts)


def _split(text: str, spec: str | None) -> list[tuple[int, str]] | None:
    """[(index, sentence)] from a text and its record; None when they do not fit."""
    if spec is None:
        return None
    if not spec.strip():
        return [] if not text else None
    try:
        pairs = [tuple(int(part) for part in item.split(":")) for item in spec.split()]
    except ValueError:
        return None
    if any(len(pair) != 2 for pair in pairs):
        return None
    offsets = [offset for _, offset in pairs]
    if offsets[0] != 0 or offsets != sorted(offsets) or offsets[-1] > len(text):
        return None
    ends = [offset - len(SENTENCE_JOINER) for offset in offsets[1:]] + [len(text)]
    pieces = []
    for (index, start), end in zip(pairs, ends, strict=True):
        joiner = text[end : end + len(SENTENCE_JOINER)]
        if end < start or (end < len(text) and joiner != SENTENCE_JOINER):
            return None
        pieces.append((index, text[start:end]))
    return pieces


def _exact(units: Sequence[BeadUnit]) -> tuple[list[str], list[str], tuple[Bead, ...]] | None:
    source: dict[int, str] = {}
    target: dict[int, str] = {}
    beads = []
    for unit in units:
        source_pieces = _split(unit.source_text, unit.source_sentences)
        target_pieces = _split(unit.target_text, unit.target_sentences)
        if source_pieces is None or target_pieces is None:
            return None
        for pieces, sentences in ((source_pieces, source), (target_pieces, target)):
            for index, sentence in pieces:
                if index in sentences:
                    return None
                sentences[index] = sentence
        bead_source = tuple(index for index, _ in source_pieces)
        bead_target = tuple(index for index, _ in target_pieces)
        if not bead_source and not bead_target:
            continue
        beads.append(Bead(bead_source, bead_target, unit.confidence, unit.confirmed))
    if sorted(source) != list(range(len(source))) or sorted(target) != list(range(len(target))):
        return None
    try:
        check_beads(beads, len(source), len(target))
    except ValueError:
        return None
    return (
        [source[index] for index in range(len(source))],
        [target[index] for index in range(len(target))],
        tuple(beads),
    )


def _one_sentence_a_side(
    units: Sequence[BeadUnit],
) -> tuple[list[str], list[str], tuple[Bead, ...]]:
    source: list[str] = []
    target: list[str] = []
    beads = []
    for unit in units:
        bead_source: tuple[int, ...] = ()
        bead_target: tuple[int, ...] = ()
        if unit.source_text.strip():
            bead_source = (len(source),)
            source.append(unit.source_text)
        if unit.target_text.strip():
            bead_target = (len(target),)
            target.append(unit.target_text)
        if bead_source or bead_target:
            beads.append(Bead(bead_source, bead_target, unit.confidence, unit.confirmed))
    return source, target, tuple(beads)


def parse_confidence(value: str | None, where: str, problems: list[ReadProblem]) -> float | None:
    """A bead's confidence as written in a file: missing means 1.0; a bad value is a
    named problem and None."""
    if value is None or not value.strip():
        return 1.0
    try:
        confidence = float(value)
    except ValueError:
        confidence = -1.0
    if not 0.0 <= confidence <= 1.0:
        problems.append(ReadProblem(where, f"confidence {value!r} is not a number in 0..1"))
        return None
    return confidence
