"""Spans of text: snapping a selection to whole words, context, and re-anchoring.

An annotation stores its offsets together with the quoted text and a little context on
either side, so that it can be found again when offsets no longer fit: a text imported
again with different whitespace, or an annotation brought in from another tool.
"""

from __future__ import annotations

CONTEXT_CHARS = 32


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "’'-_"


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a selection to whole words and trim white space and edge punctuation.

    A selection that starts or ends inside a word takes in the whole word; one that
    holds no word at all is returned trimmed (possibly empty: start == end).
    """
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    if start > end:
        start, end = end, start
    while start < end and not text[start].isalnum() and text[start] not in '“"«(€$£¥':
        start += 1
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in '”"»)%':
        end -= 1
    if start == end:
        return start, end
    while start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
        start -= 1
    while end < len(text) and _is_word_char(text[end]) and _is_word_char(text[end - 1]):
        end += 1
    return start, end


def word_at(text: str, position: int) -> tuple[int, int]:
    """The word around `position` (a double-click)."""
    return snap_to_words(text, position, min(position + 1, len(text)))


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """The text just before and just after a span (its prefix and suffix)."""
    return text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]


def reanchor(
    text: str, quote: str, prefix: str = "", suffix: str = "", hint: int | None = None
) -> tuple[int, int] | None:
    """Where `quote` stands in `text`: the occurrence whose context fits best.

    Exact offsets are not needed; among all occurrences of the quote, the one whose
    surrounding text shares most with the stored prefix and suffix wins, ties going to
    the one nearest `hint`. None when the quote is not in the text at all.
    """
    if not quote:
        return None
    best: tuple[int, int] | None = None
    best_key: tuple[int, int] | None = None
    position = text.find(quote)
    while position != -1:
        before, after = context(text, position, position + len(quote))
        fit = _common_suffix(before, prefix) + _common_prefix(after, suffix)
        distance = abs(position - hint) if hint is not None else 0
        key = (-fit, distance)
        if best_key is None or key < best_key:
            best, best_key = (position, position + len(quote)), key
        position = text.find(quote, position + 1)
    return best


def _common_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])
