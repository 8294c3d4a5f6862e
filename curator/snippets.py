"""Search snippets: the stretch of an article around the words a query found.

Built here from the article text rather than by FTS5's snippet(), which for a prefix
query over a large library costs far more than finding the words ourselves. Words are
compared the way the search index tokenises them: case and accents folded.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache

Snippet = tuple[tuple[str, bool], ...]
SNIPPET_CHARS = 180


@cache
def _fold_char(char: str) -> str:
    """One character, lower case and without accents, or itself if that is not one char."""
    decomposed = unicodedata.normalize("NFKD", char.lower())
    base = "".join(part for part in decomposed if not unicodedata.combining(part))
    return base if len(base) == 1 else char


def fold(text: str) -> str:
    """Lower case without accents, same length as `text`: "Città" -> "citta"."""
    if text.isascii():
        return text.lower()
    return text.translate({ord(char): _fold_char(char) for char in set(text)})


def _terms_pattern(terms: Sequence[tuple[str, bool]]) -> re.Pattern[str]:
    words = sorted(
        (re.escape(fold(token)) + (r"[^\W_]*" if is_prefix else "") for token, is_prefix in terms),
        key=len,
        reverse=True,
    )
    return re.compile(r"(?<![^\W_])(?:" + "|".join(words) + r")(?![^\W_])")


def hit_spans(text: str, terms: Sequence[tuple[str, bool]]) -> list[tuple[int, int]]:
    """Character spans of the words in `text` that match a (token, is_prefix) term."""
    if not terms:
        return []
    return [match.span() for match in _terms_pattern(terms).finditer(fold(text))]


def make_snippet(
    text: str, terms: Sequence[tuple[str, bool]], width: int = SNIPPET_CHARS
) -> Snippet:
    """The `width`-character stretch of `text` holding the most hits, hits marked."""
    spans = hit_spans(text, terms)
    if not spans:
        return (_clip(text, 0, width),) if text else ()
    starts = [span_start for span_start, _end in spans]
    best_start, best_count = starts[0], 0
    for index, start in enumerate(starts):
        count = bisect_left(starts, start + width) - index
        if count > best_count:
            best_start, best_count = start, count
    start = _word_start(text, max(0, best_start - width // 4))
    end = min(len(text), start + width)
    parts: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        if span_start > cursor:
            parts.append((text[cursor:span_start], False))
        parts.append((text[span_start:span_end], True))
        cursor = span_end
    if end > cursor:
        parts.append((text[cursor:end], False))
    if end < len(text):
        parts.append(("…", False))
    return tuple(parts)


def _word_start(text: str, position: int) -> int:
    """Move back to the start of the word `position` falls in."""
    while position > 0 and text[position - 1].isalnum():
        position -= 1
    return position


def _clip(text: str, start: int, width: int) -> tuple[str, bool]:
    clipped = text[start : start + width]
    return (clipped + ("…" if start + width < len(text) else ""), False)
