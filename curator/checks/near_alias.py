"""Names that nearly match a known entity's alias: probably misspelt.

Only capitalised names of two words or more are looked at ("Shangha Municipal
Communications Administration"; connectors such as "of" or "della" may stand inside).
A stretch of such a name is reported when it is within a few letters of a multi-word
alias without being one ("Shanghai Municipal Communications Administration"), or when
one of its words is one letter away from a one-word alias ("Shangha" for "Shanghai").

What keeps it quiet: names that differ in their digits are different ("Expo 2023" and
"Expo 2024"); short names are left alone (Chinese given names differ by one letter);
a word that only adds an ending to an alias ("Italian" for "Italia", "Germany's") or
an adjective ending ("German" for "Germany") is not a misspelling; and every alias
of every entity counts as correct.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from curator.checks.finding import CheckInfo, Finding, base_language, finding_at
from curator.i18n import N_, _

NEAR_ALIAS = CheckInfo(
    "near-alias",
    N_("Names that nearly match a known entity's alias (probably misspelt)"),
    "warning",
)
CHECKS = (NEAR_ALIAS,)

#: A multi-word alias must be this long (letters and spaces) to be compared at all.
MIN_NAME_LENGTH = 12
#: One letter may differ in this many; "Shangha Municipal …" is 1 in 48.
LETTERS_PER_EDIT = 12
#: One-word aliases and words are compared from this length on ("Milan"/"Milano" are not).
MIN_WORD_LENGTH = 6
LONG_WORD_LENGTH = 10
ADJECTIVE_ENDINGS = ("an", "ese", "ian", "ish", "ic", "ean", "ano", "ana", "ani", "ane")

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_CONNECTORS = {
    "en": ("of", "the", "for", "and", "on", "in", "at", "de", "del", "la"),
    "it": (
        *("di", "del", "della", "dello", "dei", "degli", "delle", "dell", "per", "e", "ed"),
        *("la", "il", "lo", "in", "a", "al", "alla", "ai", "sul", "sulla", "de"),
    ),
}
_DIGITS = re.compile(r"\d+")
#: A capitalised word (Latin script: the languages the checks know).
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][^\W_]*(?:[-'’][^\W_]+)*"


@dataclass(frozen=True, slots=True)
class KnownName:
    alias: str  # as the entity registry writes it
    entity: str  # the entity's preferred name
    normalised: str


@dataclass(slots=True)
class AliasIndex:
    """Every alias of the entity registry, arranged for near matching; build once per run.

    Multi-word aliases are kept by length: a name can only be a few letters away from an
    alias of about its own length, so each stretch of a name meets only those.
    """

    exact: set[str] = field(default_factory=set)  # normalised aliases
    by_length: dict[int, list[KnownName]] = field(default_factory=dict)  # multi-word
    words: list[KnownName] = field(default_factory=list)  # one-word aliases
    _near_length: dict[int, tuple[list[KnownName], list[str]]] = field(default_factory=dict)

    @classmethod
    def build(cls, aliases: Iterable[tuple[str, str]]) -> AliasIndex:
        """`aliases`: (alias, entity name) pairs."""
        index = cls()
        for alias, entity in aliases:
            normalised = normalise_name(alias)
            if not normalised or normalised in index.exact:
                continue
            index.exact.add(normalised)
            known = KnownName(alias, entity, normalised)
            if " " not in normalised:
                if len(normalised) >= MIN_WORD_LENGTH and not normalised.isdigit():
                    index.words.append(known)
            elif len(normalised) >= MIN_NAME_LENGTH:
                index.by_length.setdefault(len(normalised), []).append(known)
        return index

    def __bool__(self) -> bool:
        return bool(self.by_length or self.words)

    def near_length(self, length: int) -> tuple[list[KnownName], list[str]]:
        """Multi-word aliases close enough in length to be within a few edits of a name."""
        if length not in self._near_length:
            allowed = _allowed_edits(length)
            known = [
                name
                for size in range(length - allowed, length + allowed + 1)
                for name in self.by_length.get(size, ())
            ]
            self._near_length[length] = (known, [name.normalised for name in known])
        return self._near_length[length]


def _allowed_edits(length: int) -> int:
    return max(1, length // LETTERS_PER_EDIT)


def normalise_name(text: str) -> str:
    """Lower case, accents and punctuation gone, one space between words."""
    return " ".join(filter(None, (_normalise_word(word) for word in _WORD.findall(text))))


@lru_cache(maxsize=65536)
def _normalise_word(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word.casefold())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return _POSSESSIVE.sub("", folded)


@lru_cache(maxsize=16)
def _run_pattern(language: str) -> re.Pattern[str]:
    """Two or more capitalised words, joined by single spaces and the language's connectors."""
    connectors = "|".join(_CONNECTORS.get(language, _CONNECTORS["en"]))
    joint = rf"[ \u00a0](?:(?i:{connectors})[ \u00a0])*"
    return re.compile(rf"(?<![\w'’-]){_NAME_WORD}(?:{joint}(?:{_NAME_WORD}|\d+(?![\w.,])))+")


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    text: str
    normalised: str
    capitalised: bool


def check_near_aliases(
    text: str, language: str, index: AliasIndex, published: date | None = None
) -> list[Finding]:
    """Names in `text` within a letter or a few of a known alias, without being one."""
    if not index:
        return []
    findings: list[Finding] = []
    for run in _name_runs(text, base_language(language)):
        found = _near_names(text, run, index)
        taken = [(finding.start, finding.end) for finding in found]
        for finding in _near_words(text, run, index):
            if not any(start < finding.end and finding.start < end for start, end in taken):
                found.append(finding)
        findings.extend(found)
    return sorted(findings, key=lambda finding: (finding.start, finding.end))


def _name_runs(text: str, language: str) -> list[list[_Token]]:
    """Runs of capitalised words, joined by spaces and connectors, of two names or more."""
    runs = []
    for run in _run_pattern(language).finditer(text):
        tokens = [
            _Token(
                run.start() + word.start(),
                run.start() + word.end(),
                word.group(),
                _normalise_word(word.group()),
                word.group()[0].isupper() or word.group()[0].isdigit(),
            )
            for word in _WORD.finditer(run.group())
        ]
        if sum(token.capitalised for token in tokens) >= 2:
            runs.append(tokens)
    return runs


def _near_names(text: str, run: Sequence[_Token], index: AliasIndex) -> list[Finding]:
    """Stretches of a name that are a few letters away from a multi-word alias."""
    if not index.by_length:
        return []
    longest = max(index.by_length) + LETTERS_PER_EDIT
    candidates: list[tuple[int, int, int, KnownName]] = []  # distance, start, end, alias
    for first in range(len(run)):
        if not run[first].capitalised or run[first].text[0].isdigit():
            continue
        name = run[first].normalised
        for last in range(first + 1, len(run)):
            name = f"{name} {run[last].normalised}" if run[last].normalised else name
            if len(name) > longest:
                break
            if not run[last].capitalised or len(name) < MIN_NAME_LENGTH or name in index.exact:
                continue
            choices, normalised = index.near_length(len(name))
            if not choices:
                continue
            match = process.extractOne(
                name,
                normalised,
                scorer=Levenshtein.distance,
                score_cutoff=_allowed_edits(len(name)),
            )
            if match is None:
                continue
            known = choices[match[2]]
            distance = int(match[1])
            if distance == 0 or distance > _allowed_edits(len(known.normalised)):
                continue
            if _DIGITS.findall(name) != _DIGITS.findall(known.normalised):
                continue
            candidates.append((distance, run[first].start, run[last].end, known))
    findings: list[Finding] = []
    for _distance, start, end, known in sorted(candidates, key=lambda c: (c[0], c[1] - c[2])):
        if any(start < other.end and other.start < end for other in findings):
            continue
        findings.append(_finding(text, start, end, known))
    return findings


def _near_words(text: str, run: Sequence[_Token], index: AliasIndex) -> list[Finding]:
    """Words of a name one letter away from a one-word alias ("Shangha", "Shanghai")."""
    if not index.words:
        return []
    choices = [known.normalised for known in index.words]
    findings = []
    for token in run:
        word = token.normalised
        if not token.capitalised or len(word) < MIN_WORD_LENGTH or word in index.exact:
            continue
        if word.isdigit() or " " in word:
            continue
        allowed = 2 if len(word) >= LONG_WORD_LENGTH else 1
        match = process.extractOne(word, choices, scorer=Levenshtein.distance, score_cutoff=allowed)
        if match is None or match[1] == 0:
            continue
        known = index.words[match[2]]
        if word.startswith(known.normalised):
            continue  # "Italian", "Shanghainese": an ending added to the name
        if known.normalised.startswith(word) and word.endswith(ADJECTIVE_ENDINGS):
            continue  # "German" for "Germany"
        end = token.start + len(_POSSESSIVE.sub("", token.text))
        findings.append(_finding(text, token.start, end, known))
    return findings


def _finding(text: str, start: int, end: int, known: KnownName) -> Finding:
    name = text[start:end]
    if normalise_name(known.entity) == known.normalised:
        message = _(
            "“{name}” is close to “{alias}”, a known name: probably misspelt — correct it in"
            " the record, or add it to the entity's aliases if it is right"
        ).format(name=name, alias=known.alias)
    else:
        message = _(
            "“{name}” is close to “{alias}”, a known name of “{entity}”: probably misspelt —"
            " correct it in the record, or add it to the entity's aliases if it is right"
        ).format(name=name, alias=known.alias, entity=known.entity)
    return replace(finding_at(NEAR_ALIAS, text, start, end, message), key=known.normalised)
