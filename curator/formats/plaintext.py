"""Read a plain-text press release: the first line is its title, the text is its body.

The body is kept exactly as written (only trailing whitespace at the very end is
dropped): it is evidence, and annotations will point into it by character offset.
"""

from __future__ import annotations

import re

from curator.formats.base import FileReadResult, ParsedArticle, ReadProblem
from curator.text.dates import parse_dateline
from curator.text.language import detect_language

#: A first line this short is a headline, whatever punctuation it holds.
_HEADLINE_CHARS = 150
#: A single sentence up to this long may still be a (long) headline.
_MAX_TITLE_CHARS = 300
#: A first sentence up to this long makes a usable title for a paragraph.
_MAX_SENTENCE_TITLE_CHARS = 200
_MIN_SENTENCE_TITLE_CHARS = 20
#: Where a title cut from running text ends, at a word boundary.
_CUT_TITLE_CHARS = 120

_SENTENCE_END = re.compile(r"[.!?…][\"”’»)]*\s+(?=[\"“‘«(]?[^\W_a-z])")
_ABBREVIATIONS_BEFORE_A_NAME = (
    "mr mrs ms dr prof st co ltd inc no nr sig sigg dott ing avv spa srl jr sr vs"
)
_ABBREVIATIONS = frozenset(_ABBREVIATIONS_BEFORE_A_NAME.split())
_LEADING_JUNK = ",;:.-–—•*#> \t"


def read_plain_text(text: str, name: str) -> FileReadResult:
    """One article from a plain-text file; `name` is how problems and origin refer to it."""
    body = text.rstrip()
    if not body.strip():
        return FileReadResult(problems=[ReadProblem(name, "no text to import")])
    language = detect_language(body)
    dateline = parse_dateline(body, language)
    article = ParsedArticle(
        title=title_from_text(body),
        body=body,
        origin=name,
        language=language,
        source_name=dateline.source_domain,
        published=dateline.published,
    )
    return FileReadResult(articles=[article])


def title_from_text(text: str) -> str:
    """A title taken from the first non-empty line of running text.

    A short line is taken whole. When the first line is a paragraph, its first
    sentence is used if that is short enough, else about 120 characters cut at a
    word boundary and marked with "…".
    """
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    line = line.lstrip(_LEADING_JUNK).strip() or line
    if len(line) <= _HEADLINE_CHARS:
        return line
    sentence_end = _first_sentence_end(line)
    if sentence_end is None and len(line) <= _MAX_TITLE_CHARS:
        return line
    if sentence_end is not None and sentence_end <= _MAX_SENTENCE_TITLE_CHARS:
        return line[:sentence_end].rstrip()
    return _cut_at_word(line, _CUT_TITLE_CHARS)


def _first_sentence_end(line: str) -> int | None:
    """Index just past the first sentence's final punctuation, skipping "Mr." and such."""
    for match in _SENTENCE_END.finditer(line):
        end = match.start() + 1
        if end < _MIN_SENTENCE_TITLE_CHARS:
            continue
        before = line[: end - 1].rsplit(maxsplit=1)[-1].lower() if end > 1 else ""
        before = before.strip("(\"“'")
        if before in _ABBREVIATIONS or len(before) == 1 or "." in before:
            continue
        closing = line[end : match.end()].rstrip()
        return end + len(closing)
    return None


def _cut_at_word(line: str, limit: int) -> str:
    cut = line[: limit + 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut[:limit].rstrip(" ,;:–—-") + "…"
