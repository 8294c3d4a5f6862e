"""Finding a phrase in a text the way an editor means it: "citta" finds "Città".

Both sides are folded (case folded, accents and other combining marks dropped, curly
quotes and dashes made plain) and searched; every match is reported as offsets into the
original text, so it can be selected there.
"""

from __future__ import annotations

import unicodedata

_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"',
                        "–": "-", "—": "-", "\u00a0": " "})  # fmt: skip


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char.translate(_PLAIN))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the original offset it came from."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = _fold_char(char) if not char.isascii() or char.isupper() else char
        folded.append(piece)
        origin.extend([index] * len(piece))
    return "".join(folded), origin


def find_all(text: str, phrase: str) -> list[tuple[int, int]]:
    """(start, end) of every non-overlapping match of `phrase` in `text`, in order."""
    needle = fold(phrase)[0]
    if not needle.strip():
        return []
    haystack, origin = fold(text)
    matches: list[tuple[int, int]] = []
    at = haystack.find(needle)
    while at >= 0:
        last = at + len(needle) - 1
        matches.append((origin[at], origin[last] + 1))
        at = haystack.find(needle, at + len(needle))
    return matches
