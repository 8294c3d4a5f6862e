"""Split a text into sentences, keeping each sentence's character offsets into the text.

Written for press releases in English and Italian (other Latin-script languages get the
shared rules). Two passes:

1. Lines. A blank line ends a block, so a title or a dateline standing on its own line
   ("Updated: Mar 27,2023 3:59 PM") is its own segment whatever its punctuation. A
   bulleted or numbered line ("- 300 exhibitors", "2. Panel", "a) ...") starts a block of
   its own. Other line breaks are hard wraps inside a sentence.
2. Sentence ends inside a block: ".", "!", "?", "..." or "…", then any closing quotes or
   brackets, then white space. It is no end when the next word starts in lower case
   ("e.g. logistics", "ecc. e"), when the word before is a title or a word that comes
   before a number ("Mr. Ge", "Dott. Rossi", "No. 5", "pag. 3", "Mar. 27"), or an
   initial ("J. R. Whitfield"). After other abbreviations ("U.S.", "Inc.", "S.p.A.") it
   is an end only when a usual first word of a sentence follows ("the U.S. The rest").

pysbd 0.3.4 was tried against the hard cases in tests/test_segment.py and failed six
(brackets, guillemets, "n. 5", "pag. 3", hard-wrapped lines), and it is no longer
maintained, hence these rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from curator.text.language import normalise_language_tag


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: `text == source[start:end]`, with no white space at either end."""

    start: int
    end: int
    text: str


#: Words that, abbreviated, come before a name or a number and so never end a sentence.
_NEVER_FINAL: dict[str, str] = {
    "shared": "no nr n nn art p pp pag fig figg tab vol cap par ca approx tel ref",
    "en": (
        "mr mrs ms messrs mt dr prof rev st hon gov gen col capt lt sgt sen rep"
        " jan feb mar apr jun jul aug sep sept oct nov dec"
    ),
    "it": (
        "sig sigg sig.ra sig.na sig.ri dott dott.ssa dr prof prof.ssa ing avv arch geom rag"
        " on sen mons gen col egr gent spett"
        " gen feb mar apr mag giu lug ago set sett ott nov dic"
    ),
    "de": "hr fr dr prof st nr bzw ca",
    "fr": "m mm mme mlle dr prof st ste no",
}

#: Abbreviations that may end a sentence (decided by the word that follows).
_MAY_BE_FINAL: dict[str, str] = {
    "shared": "etc vs cf cfr ecc jr sr inc ltd co corp bros plc spa srl",
    "en": "approx dept est govt intl assn univ",
    "it": "ecc sgg segg",
}

#: First words of sentences; after an abbreviation that may be final, one of these
#: following in upper case means a new sentence ("... from the U.S. The rest ...").
_STARTER_WORDS = """
    the a an it its this that these those there they we he she his her our their in on at
    for from by with after before during as but and or however meanwhile also according
    some most many all both each other then what when where which who while
    il lo la i gli le l un una uno del della nel nella nei per con su questo questa
    questi queste quello quella è e ma anche secondo inoltre dopo durante tra fra si non
    sono ci ne come quando dove chi cosa poi oggi ieri
"""
_SENTENCE_STARTERS = frozenset(_STARTER_WORDS.split())

_OPENERS = "\"'“‘«([{"
_CLOSERS = "\"'”’»)]}"
#: A candidate sentence end: the punctuation, closing quotes/brackets, then space or end.
_CANDIDATE_END = re.compile(r"(?:\.{2,}|…|[.!?])+[" + re.escape(_CLOSERS) + r"]*(?=\s|$)")
_BULLET = re.compile(r"[ \t]*(?:[-–—•*·▪◦‣►]|\(?\d{1,3}[.)]|\(?[a-z][)]|\([a-z]\))[ \t]+(?=\S)")
_DOTTED_ACRONYM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]?")
_SPACE = re.compile(r"\s+")
_LINE = re.compile(r"[^\n]*\n?")


def split_sentences(text: str, language: str) -> list[Sentence]:
    """The sentences of `text`, in order, with offsets; `language` is an ISO code ("it")."""
    rules = _rules_for(normalise_language_tag(language) or "")
    sentences: list[Sentence] = []
    for block_start, block_end, marker_end in _blocks(text):
        start = block_start
        for end in _sentence_ends(text, block_start, block_end, marker_end, rules):
            sentences.extend(_trimmed(text, start, end))
            start = end
        sentences.extend(_trimmed(text, start, block_end))
    return sentences


@dataclass(frozen=True, slots=True)
class _Rules:
    never_final: frozenset[str]
    may_be_final: frozenset[str]


def _rules_for(language: str) -> _Rules:
    def words(table: dict[str, str]) -> frozenset[str]:
        return frozenset((table["shared"] + " " + table.get(language, "")).split())

    return _Rules(never_final=words(_NEVER_FINAL), may_be_final=words(_MAY_BE_FINAL))


def _blocks(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, end of the bullet marker or start) of each block of lines."""
    block_start: int | None = None
    marker_end = 0
    position = 0
    for match in _LINE.finditer(text):
        line = match.group()
        if not line:
            break
        line_start, position = match.start(), match.end()
        if not line.strip():
            if block_start is not None:
                yield block_start, line_start, marker_end
                block_start = None
            continue
        bullet = _BULLET.match(line)
        if bullet is not None and block_start is not None:
            yield block_start, line_start, marker_end
            block_start = None
        if block_start is None:
            block_start = line_start
            marker_end = line_start + bullet.end() if bullet else line_start
    if block_start is not None:
        yield block_start, position, marker_end


def _sentence_ends(
    text: str, start: int, end: int, marker_end: int, rules: _Rules
) -> Iterator[int]:
    block = text[start:end]
    for match in _CANDIDATE_END.finditer(block):
        absolute_end = start + match.end()
        if absolute_end <= marker_end:
            continue
        following = block[match.end() :].lstrip()
        if not following:
            continue  # the block's end is a sentence end anyway
        if _ends_sentence(block, match.start(), match.group(), following, rules):
            yield absolute_end


def _ends_sentence(block: str, at: int, punctuation: str, following: str, rules: _Rules) -> bool:
    first = following.lstrip(_OPENERS)[:1]
    if first.islower():
        return False
    if punctuation.rstrip(_CLOSERS) != ".":
        return True  # "?", "!", an ellipsis: followed by anything but lower case
    word = _word_before(block, at)
    lowered = word.lower()
    if lowered in rules.never_final:
        return False
    if len(word) == 1 and word.isupper():
        return False  # an initial: "J. R. Whitfield"
    if lowered in rules.may_be_final or _DOTTED_ACRONYM.fullmatch(word + "."):
        return _next_word(following).lower() in _SENTENCE_STARTERS
    return True


def _word_before(block: str, at: int) -> str:
    """The word ending at `at` without its final period: "Sig.ra", "U.S", "Avv" in "l'Avv"."""
    begin = at
    while begin > 0 and not block[begin - 1].isspace():
        begin -= 1
    word = block[begin:at].lstrip(_OPENERS)
    for apostrophe in ("'", "’"):
        word = word.rpartition(apostrophe)[2]
    return word


def _next_word(following: str) -> str:
    word = _SPACE.split(following.lstrip(_OPENERS), maxsplit=1)[0]
    for apostrophe in ("'", "’"):
        if apostrophe in word:
            return word.partition(apostrophe)[0]
    return word.rstrip(",;:.!?" + _CLOSERS)


def _trimmed(text: str, start: int, end: int) -> list[Sentence]:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return []
    begin = start + (len(piece) - len(piece.lstrip()))
    return [Sentence(begin, begin + len(stripped), stripped)]
