"""Spans of text: snapping a selection to whole words, context, and re-anchoring.

An annotation stores its offsets together with the quoted text and a little context on
either side, so that it can be found again when offsets no longer fit: a text imported
again with different whitespace, or an annotation brought in from another tool.
"""

from __future__ import annotations

CONTEXT_CHARS = 32


QUOTES = "“”„‟«»‹›\"'‘’‚`"
OPENERS, CLOSERS = "([{", ")]}"
LEADING_SIGNS = "€$£¥"  # a currency sign belongs to the amount it starts
TRAILING_SIGNS = "%+"  # "12%", "Disney+", "5,000+"
# Words whose final dot is part of the name ("Co., Ltd.", "Valmora Robotics Inc.").
ABBREVIATIONS = frozenset(
    ("co", "ltd", "inc", "corp", "bros", "mr", "mrs", "ms", "dr", "prof", "jr", "sr", "st",
     "dept", "univ", "intl", "assn")
)  # fmt: skip


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "’'-_"


def _match_forward(text: str, start: int, end: int) -> int | None:
    """Where the bracket at `start` closes, within [start, end)."""
    opener = text[start]
    closer = CLOSERS[OPENERS.index(opener)]
    depth = 0
    for position in range(start, end):
        depth += (text[position] == opener) - (text[position] == closer)
        if depth == 0:
            return position
    return None


def _match_backward(text: str, start: int, end: int) -> int | None:
    """Where the bracket at `end - 1` opens, within [start, end)."""
    closer = text[end - 1]
    opener = OPENERS[CLOSERS.index(closer)]
    depth = 0
    for position in range(end - 1, start - 1, -1):
        depth += (text[position] == closer) - (text[position] == opener)
        if depth == 0:
            return position
    return None


def _ends_abbreviation(text: str, dot: int) -> bool:
    """Whether the dot at `dot` closes an abbreviation or an initial ("Ltd.", "S.p.A.")."""
    word_start = dot
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    word = text[word_start:dot]
    if not word:
        return False
    initial = len(word) == 1 and word.isupper()
    dotted = word_start > 0 and text[word_start - 1] == "."  # the last part of "S.p.A."
    return word.lower() in ABBREVIATIONS or initial or dotted


def _keeps_first(text: str, start: int, end: int) -> bool:
    char = text[start]
    if char.isalnum() or char in LEADING_SIGNS:
        return True
    if char in OPENERS:  # kept when it closes inside, short of wrapping the whole span
        match = _match_forward(text, start, end)
        return match is not None and match < end - 1
    return False


def _keeps_last(text: str, start: int, end: int) -> bool:
    char = text[end - 1]
    if char.isalnum() or char in TRAILING_SIGNS:
        return True
    if char in CLOSERS:
        match = _match_backward(text, start, end)
        return match is not None and match > start
    return char == "." and _ends_abbreviation(text, end - 1)


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim what does not belong to a name from both edges of a span.

    White space, quotes (“ ” « » " '), stray punctuation and brackets that do not
    pair up inside the span go; a balanced "(CIIF)" inside the span, a leading currency
    sign, a trailing "%" or "+" and the dot of an abbreviation ("Co., Ltd.") stay.
    """
    while start < end:
        if not _keeps_first(text, start, end):
            start += 1
        elif not _keeps_last(text, start, end):
            end -= 1
        else:
            break
    return start, end


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a selection to whole words and trim what does not belong to a name.

    A selection that starts or ends inside a word takes in the whole word (and the dot
    of an abbreviation it ends in); one that holds no word at all is returned trimmed
    (possibly empty: start == end).
    """
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    if start > end:
        start, end = end, start
    start, end = trim_span(text, start, end)
    if start == end:
        return start, end
    while start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
        start -= 1
    while end < len(text) and _is_word_char(text[end]) and _is_word_char(text[end - 1]):
        end += 1
    if end < len(text) and text[end] == "." and _ends_abbreviation(text, end):
        end += 1
    return trim_span(text, start, end)


def word_at(text: str, position: int) -> tuple[int, int]:
    """The word around `position` (a double-click)."""
    return snap_to_words(text, position, min(position + 1, len(text)))


# --- adjusting one edge of a span ---------------------------------------------------


def _continues_word(text: str, position: int) -> bool:
    """Whether the character at `position` carries on the word before it.

    Letters and digits do; so does an apostrophe or hyphen between two of them
    ("l’Expo", "Co-op") and a digit separator inside a number ("1,200", "10.5").
    """
    char = text[position]
    if char.isalnum():
        return True
    joined = position + 1 < len(text) and text[position + 1].isalnum()
    if char in "’'-_":
        return joined
    return char in ".," and joined and text[position - 1].isdigit() and text[position + 1].isdigit()


def _token_bounds(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the tokens: words, and every other visible character alone."""
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    while position < len(text):
        if text[position].isspace():
            position += 1
            continue
        token_end = position + 1
        if text[position].isalnum():
            while token_end < len(text) and _continues_word(text, token_end):
                token_end += 1
        starts.append(position)
        ends.append(token_end)
        position = token_end
    return starts, ends


def step_edge(text: str, start: int, end: int, edge: str, step: int) -> tuple[int, int]:
    """Move one edge of [start, end) by one token (a word or a punctuation mark).

    `edge` is "start" or "end", `step` -1 (left) or +1 (right). A step that would leave
    the span empty, or run off the text, leaves it as it is.
    """
    starts, ends = _token_bounds(text)
    if edge == "end":
        if step > 0:
            later = [e for e in ends if e > end]
            return (start, later[0]) if later else (start, end)
        earlier = [e for e in ends if start < e < end]
        return (start, earlier[-1]) if earlier else (start, end)
    if step < 0:
        earlier = [s for s in starts if s < start]
        return (earlier[-1], end) if earlier else (start, end)
    later = [s for s in starts if start < s < end]
    return (later[0], end) if later else (start, end)


def drag_edge(text: str, start: int, end: int, edge: str, position: int) -> tuple[int, int]:
    """The span with one edge dragged to `position`, snapped like a selection.

    The other edge stays where it is; a drag past it leaves the span unchanged.
    """
    if edge == "end":
        new_end = snap_to_words(text, start, max(position, start))[1] if position > start else 0
        return (start, new_end) if new_end > start else (start, end)
    new_start = snap_to_words(text, min(position, end), end)[0] if position < end else end
    return (new_start, end) if new_start < end else (start, end)


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
