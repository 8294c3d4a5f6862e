"""A figure or a date stated differently in an article and its translation.

Both texts are split into sentences and aligned (curator.align), and the figures,
amounts and dates of each bead are read with the rule recognisers in each text's own
language, so "10,5 miliardi" and "10.5 billion" are the same value and "dal 15 al 18
ottobre" is the same range as "from 15 to 18 October". Within a bead, values found on
both sides are set aside; a value left on each side is a mismatch, reported on the
translation with both texts in the message.

To stay quiet where the alignment is loose or a translator moved a figure to another
sentence, a value counts as matched when it appears anywhere in the other text, and a
value left on one side only (a figure the translation leaves out) is not reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from curator.align.aligner import align
from curator.checks.finding import CheckInfo, Finding, base_language, finding_at
from curator.i18n import N_, _
from curator.text.recognisers import DATE, FIGURE, MONEY, Suggestion, recognise
from curator.text.segment import Sentence, split_sentences

TRANSLATION_MISMATCH = CheckInfo(
    "translation-mismatch",
    N_("A figure or a date stated differently in an article and its translation"),
    "error",
)
CHECKS = (TRANSLATION_MISMATCH,)

_FIGURE_VALUE = re.compile(r"^(?:>=|<=|>|<|~)?(?P<number>-?\d+(?:\.\d+)?)(?P<percent>%)?$")
_DATE_PART = re.compile(
    r"^(?:(?P<year>\d{4})|-)-(?P<month>\d{2})(?:-(?P<day>\d{2}))?$|^(?P<y>\d{4})$"
)


@dataclass(frozen=True, slots=True)
class _Value:
    """A recognised figure, amount or date with what it means, comparable across languages."""

    start: int
    end: int
    text: str
    kind: str  # "number" or "date"
    meaning: tuple  # (Decimal, is_percent) or a tuple of (year, month, day) endpoints


def check_translation(
    original: str,
    original_language: str,
    translation: str,
    translation_language: str,
    original_id: int | None = None,
) -> list[Finding]:
    """Figures and dates of `translation` that differ from what `original` says there."""
    source_sentences = split_sentences(original, original_language or "")
    target_sentences = split_sentences(translation, translation_language or "")
    if not source_sentences or not target_sentences:
        return []
    source_values = _values(original, original_language)
    target_values = _values(translation, translation_language)
    if not source_values or not target_values:
        return []
    beads = align(
        [sentence.text for sentence in source_sentences],
        [sentence.text for sentence in target_sentences],
        base_language(original_language) or "und",
        base_language(translation_language) or "und",
    )
    findings = []
    for bead in beads:
        if not bead.source or not bead.target:
            continue
        here_source = _within(source_values, source_sentences, bead.source)
        here_target = _within(target_values, target_sentences, bead.target)
        for kind in ("number", "date"):
            pairs = _mismatched(
                [value for value in here_source if value.kind == kind],
                [value for value in here_target if value.kind == kind],
                [value for value in source_values if value.kind == kind],
                [value for value in target_values if value.kind == kind],
            )
            for said, translated in pairs:
                findings.append(_finding(translation, said, translated, original_id))
    return sorted(findings, key=lambda finding: (finding.start, finding.end))


def _values(text: str, language: str) -> list[_Value]:
    values = []
    for suggestion in recognise(text, language or ""):
        value = _value(suggestion)
        if value is not None:
            values.append(value)
    return values


def _value(suggestion: Suggestion) -> _Value | None:
    if not suggestion.value:
        return None
    if suggestion.type in (FIGURE, MONEY):
        figure = (
            suggestion.value.split(" ", 1)[-1] if suggestion.type == MONEY else suggestion.value
        )
        match = _FIGURE_VALUE.match(figure)
        if match is None:
            return None
        try:
            number = Decimal(match.group("number")).normalize()
        except InvalidOperation:
            return None
        meaning: tuple = (number, bool(match.group("percent")))
        kind = "number"
    elif suggestion.type == DATE:
        endpoints = tuple(_date_part(part) for part in suggestion.value.split("/"))
        if any(endpoint is None for endpoint in endpoints):
            return None
        meaning, kind = endpoints, "date"
    else:
        return None
    return _Value(suggestion.start, suggestion.end, suggestion.text, kind, meaning)


def _date_part(text: str) -> tuple[int | None, int | None, int | None] | None:
    match = _DATE_PART.match(text)
    if match is None:
        return None
    if match.group("y"):
        return int(match.group("y")), None, None
    year, day = match.group("year"), match.group("day")
    return (int(year) if year else None, int(match.group("month")), int(day) if day else None)


def _same(first: _Value, second: _Value) -> bool:
    if first.kind != second.kind:
        return False
    if first.kind == "number":
        return first.meaning == second.meaning
    if len(first.meaning) != len(second.meaning):
        return True  # a day against a range: not comparable, so not a contradiction
    return all(
        _same_date_part(mine, theirs)
        for mine, theirs in zip(first.meaning, second.meaning, strict=True)
    )


def _same_date_part(
    first: tuple[int | None, int | None, int | None],
    second: tuple[int | None, int | None, int | None],
) -> bool:
    """Equal wherever both say something: "14 July" matches "14 July 2022"."""
    return all(a is None or b is None or a == b for a, b in zip(first, second, strict=True))


def _within(
    values: Sequence[_Value], sentences: Sequence[Sentence], indices: Sequence[int]
) -> list[_Value]:
    start, end = sentences[indices[0]].start, sentences[indices[-1]].end
    return [value for value in values if start <= value.start and value.end <= end]


def _unmatched(
    mine: Sequence[_Value], theirs: Sequence[_Value], same: Callable[[_Value, _Value], bool]
) -> list[_Value]:
    left = list(theirs)
    alone = []
    for value in mine:
        partner = next((other for other in left if same(value, other)), None)
        if partner is None:
            alone.append(value)
        else:
            left.remove(partner)
    return alone


def _mismatched(
    source: Sequence[_Value],
    target: Sequence[_Value],
    all_source: Sequence[_Value],
    all_target: Sequence[_Value],
) -> list[tuple[_Value, _Value]]:
    """(original, translation) pairs of one bead that say different things."""
    source_left = _unmatched(source, target, _same)
    target_left = _unmatched(target, source, _same)
    source_left = [v for v in source_left if not any(_same(v, t) for t in all_target)]
    target_left = [v for v in target_left if not any(_same(v, s) for s in all_source)]
    return list(zip(source_left, target_left, strict=False))


def _finding(
    translation: str, said: _Value, translated: _Value, original_id: int | None
) -> Finding:
    if original_id is None:
        message = _(
            "The translation says “{translated}” where the original says “{said}”; one of"
            " them is probably wrong — compare the two"
        ).format(translated=translated.text, said=said.text)
    else:
        message = _(
            "The translation says “{translated}” where the original (article #{id}) says"
            " “{said}”; one of them is probably wrong — compare the two"
        ).format(translated=translated.text, said=said.text, id=original_id)
    finding = finding_at(
        TRANSLATION_MISMATCH, translation, translated.start, translated.end, message
    )
    return replace(finding, key=said.text)
