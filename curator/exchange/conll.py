"""CoNLL-2003-style token labels in IOB2, for training named-entity recognisers.

One token per line, `token<TAB>label` (`B-PERSON`, `I-PERSON`, `O`); a blank line ends a
sentence; each article starts with a `-DOCSTART-<TAB>O` line and a blank line. Write
only: token labels lose the exact text, so Curator does not read them back.

Decisions:

- Sentences come from curator.text.segment.split_sentences with the article's language
  (English rules when it has none). A sentence break that would fall inside a labelled
  span is not made, so a span is never cut in two.
- Tokens: words (with inner hyphens, "Emilia-Romagna"), an Italian elision with its
  apostrophe ("l'", "dell'"), numbers with inner separators as one token ("1,200",
  "10.5", "3.000.000"), and every other non-space character on its own (punctuation).
  A token is also cut wherever a labelled span starts or ends inside it, so the labels
  always give back exactly the annotated text.
- Overlapping and nested spans: the outermost wins. Spans are taken by start, longest
  first; a span that overlaps one already taken is left out (for nested spans that is
  the inner one; for two crossing spans, the one that starts first wins).
- Labels are the annotation types with white space turned into "_".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TextIO

from curator.exchange.model import ExportCancelled, ExportedAnnotation, ExportedArticle
from curator.text.segment import split_sentences

MULTI_FILE = False

DOCSTART = "-DOCSTART-\tO"

_TOKEN = re.compile(
    r"[^\W\d_]+['’](?=[^\W\d_])"  # an elision: l', dell', un'
    r"|\d+(?:[.,]\d+)*(?!\w)"  # a number: 1,200  10.5  3.000.000
    r"|\w+(?:-\w+)*"  # a word, with inner hyphens
    r"|[^\w\s]",  # any other character: punctuation, a symbol
)
_SPACE = re.compile(r"\s+")


def label_name(kind: str) -> str:
    return _SPACE.sub("_", kind.strip()) or "MISC"


def write(articles: Iterable[ExportedArticle], out: TextIO, progress: Any) -> int:
    """Write the articles' tokens and IOB2 labels to `out`; returns how many articles."""
    count = 0
    for article in articles:
        if progress.cancelled:
            raise ExportCancelled()
        for line in article_lines(article):
            out.write(line + "\n")
        count += 1
    return count


def outermost_spans(
    annotations: Sequence[ExportedAnnotation], length: int
) -> list[tuple[int, int, str]]:
    """The spans that get labels: outermost wins, then the one that starts first."""
    chosen: list[tuple[int, int, str]] = []
    last_end = -1
    candidates = sorted(
        (a for a in annotations if 0 <= a.start < a.end <= length),
        key=lambda a: (a.start, -a.end, a.id),
    )
    for annotation in candidates:
        if annotation.start >= last_end:
            chosen.append((annotation.start, annotation.end, label_name(annotation.type)))
            last_end = annotation.end
    return chosen


def tokens(text: str, start: int, end: int, cuts: set[int]) -> Iterator[tuple[int, int]]:
    """The tokens of text[start:end] as offsets, also cut at each offset in `cuts`."""
    for match in _TOKEN.finditer(text, start, end):
        piece_start = match.start()
        for position in range(match.start() + 1, match.end()):
            if position in cuts:
                yield piece_start, position
                piece_start = position
        yield piece_start, match.end()


def article_lines(article: ExportedArticle) -> Iterator[str]:
    """The lines for one article: the -DOCSTART- line, then sentences of token lines."""
    body = article.body
    spans = outermost_spans(article.annotations, len(body))
    cuts = {offset for span in spans for offset in span[:2]}
    yield DOCSTART
    yield ""
    span_index = 0
    for start, end in _sentences(body, article.language or "en", spans):
        lines = []
        for token_start, token_end in tokens(body, start, end, cuts):
            while span_index < len(spans) and spans[span_index][1] <= token_start:
                span_index += 1
            label = "O"
            if span_index < len(spans):
                span_start, span_end, kind = spans[span_index]
                if span_start <= token_start and token_end <= span_end:
                    label = ("B-" if token_start == span_start else "I-") + kind
            lines.append(f"{body[token_start:token_end]}\t{label}")
        if lines:
            yield from lines
            yield ""


def _sentences(
    text: str, language: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int]]:
    """Sentence extents, merging two sentences where a break would cut a span."""
    merged: list[tuple[int, int]] = []
    index = 0
    for sentence in split_sentences(text, language):
        start = sentence.start
        if merged:
            previous_end = merged[-1][1]
            while index < len(spans) and spans[index][1] <= previous_end:
                index += 1
            inside = any(
                span_start < start and span_end > previous_end
                for span_start, span_end, _kind in spans[index : index + 2]
            )
            if inside:
                merged[-1] = (merged[-1][0], sentence.end)
                continue
        merged.append((start, sentence.end))
    return merged
