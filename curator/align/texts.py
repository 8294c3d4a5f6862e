"""Align two whole texts: split them into sentences, guess their languages, align.

The service behind `curator align` and, later, the alignment editor's first pass.
"""

from __future__ import annotations

from collections.abc import Sequence

from curator.align.aligner import align
from curator.align.anchors import AliasPair
from curator.align.beads import Alignment, Bead
from curator.text.language import detect_language, normalise_language_tag
from curator.text.segment import split_sentences

#: The language tag of a text whose language is not known (BCP 47 "undetermined").
UNDETERMINED = "und"


def align_texts(
    source_text: str,
    target_text: str,
    *,
    source_language: str | None = None,
    target_language: str | None = None,
    one_per_line: bool = False,
    aliases: Sequence[AliasPair] = (),
    fixed: Sequence[Bead] = (),
) -> Alignment:
    """The alignment of two texts.

    Languages not given are detected ("und" when detection cannot tell). With
    `one_per_line`, every line is one sentence (line k is sentence k - 1, blank lines
    included); otherwise the texts are split with the rules of their languages.
    """
    source_language = _language(source_language, source_text)
    target_language = _language(target_language, target_text)
    source = sentences_of(source_text, source_language, one_per_line)
    target = sentences_of(target_text, target_language, one_per_line)
    beads = align(source, target, source_language, target_language, fixed, aliases=aliases)
    return Alignment(source_language, target_language, tuple(source), tuple(target), tuple(beads))


def sentences_of(text: str, language: str, one_per_line: bool = False) -> list[str]:
    """The sentences of a text, or its lines when it comes one sentence per line."""
    if one_per_line:
        return text.removesuffix("\n").split("\n") if text else []
    return [sentence.text for sentence in split_sentences(text, language)]


def _language(given: str | None, text: str) -> str:
    if given:
        return normalise_language_tag(given) or given
    return detect_language(text) or UNDETERMINED
