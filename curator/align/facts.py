"""What a translated sentence must carry over from its source: figures, dates and names.

For the translator's segment editor. Each figure (number, amount, percentage, time),
date and name of a source sentence is listed with whether the translation states it:

- numbers are compared by value, each read in its own language's notation
  (anchors.py): "10,5 miliardi" (it) is 10500000000, as is "10.5 billion" (en), while
  "105,000" is 105000. A number the translation lacks, when the translation has a
  number the source does not, is reported as stated differently, with that number;
- dates by the day, month and year they name, whatever the notation ("18 ott 2024",
  "Oct 18,2024"); times by the minute ("17:40", "5:40 PM");
- names (the entities an editor linked in the source, with every alias they have, or
  else runs of capitalised words inside the sentence) by their accent-folded words or
  cognates ("Milano" meets "Milan", "Stati Uniti" meets "United States").

Nothing here knows about the database: the caller passes the names it knows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from curator.align.anchors import AnchorExtractor, cognate_prefix
from curator.text.recognisers import DATE, FIGURE, MONEY, recognise

FIGURE_FACT, DATE_FACT, NAME_FACT = "figure", "date", "name"
#: The translation states the fact; lacks it; states a different figure or date; is empty.
FOUND, MISSING, DIFFERENT, PENDING = "found", "missing", "different", "pending"


@dataclass(frozen=True, slots=True)
class Fact:
    """One figure, date or name of a source sentence, checked against its translation."""

    kind: str  # FIGURE_FACT, DATE_FACT or NAME_FACT
    text: str  # as the source sentence writes it
    status: str  # FOUND, MISSING, DIFFERENT or PENDING
    found: str = ""  # DIFFERENT: what the translation says instead

    @property
    def flagged(self) -> bool:
        return self.status in (MISSING, DIFFERENT)


@dataclass(frozen=True, slots=True)
class KnownName:
    """A name the editor linked to an entity: its text in the source and every alias."""

    text: str
    aliases: tuple[str, ...]


_NUMBER = re.compile(r"(?<![\w.,])\d(?:[\d.,'’\u00a0\u202f]*\d)?")
_FOLLOWING = re.compile(r"(?:ª|º|°|%|st\b|nd\b|rd\b|th\b)?(?:[ \u00a0]?[^\W\d_]+)?")
_TIME = re.compile(
    r"(?<![\d.,:])(\d{1,2})(?::(\d{2})(?!\d)(?![.,:]\d)(?:\s?([AaPp])\.?[Mm]\b\.?)?"
    r"|\.(\d{2})\s?([AaPp])\.?[Mm]\b\.?)"
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: Small words that may stand inside a name: "Palazzo della Scienza", "Bank of China".
_NAME_LINKS = frozenset(
    {"di", "da", "del", "della", "dello", "dei", "degli", "delle", "de", "d", "e", "y", "la"}
    | {"le", "of", "the", "and", "for", "von", "van", "der", "du", "des"}
)
_OPENING = "\"'“‘«([{—–-•* "
#: Articles: capitalised after a dash in a title ("— Il percorso"), never a name alone.
_ARTICLES = frozenset({"il", "lo", "la", "i", "gli", "le", "un", "una", "uno", "the", "a", "an"})
_OPENING_QUOTES = '"“‘«„'
MIN_COGNATE_LETTERS = 4
#: Name words this long also meet target words sharing the first LOOSE_PREFIX letters of
#: their skeleton: a flag on a name is a hint, better missed than raised wrongly.
MIN_LOOSE_LETTERS = 5
LOOSE_PREFIX = 3
#: A capitalised word this short before a full stop is a title ("Sig.", "Dott.", "Mr.").
MAX_TITLE_LETTERS = 4


def sentence_facts(
    source: str,
    target: str,
    source_language: str,
    target_language: str,
    names: Sequence[KnownName] = (),
) -> list[Fact]:
    """The figures, dates and names of `source`, each checked against `target`."""
    pending = not target.strip()
    source_side = _Side(source, source_language)
    target_side = _Side(target, target_language)
    facts: list[Fact] = []
    facts += _date_facts(source_side, target_side, pending)
    facts += _figure_facts(source_side, target_side, pending)
    facts += _name_facts(source, target, names, pending)
    return facts


# --- one side's figures and dates ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Figure:
    start: int
    end: int
    text: str
    keys: frozenset[str]


class _Side:
    """A sentence read once: its dates, times and numbers with their normalised keys."""

    def __init__(self, text: str, language: str) -> None:
        self.text = text
        extractor = AnchorExtractor(language)
        found = recognise(text, language) if text.strip() else []
        self.dates = [s for s in found if s.type == DATE and s.value]
        self.amounts = [s for s in found if s.type in (FIGURE, MONEY) and s.value]
        self.anchor_keys = extractor.anchors(text) if text.strip() else frozenset()
        self.times = [
            _Figure(m.start(), m.end(), m.group(0).strip(), frozenset({_time_key(m)}))
            for m in _TIME.finditer(text)
            if _time_key(m)
        ]
        taken = [(d.start, d.end) for d in self.dates] + [(t.start, t.end) for t in self.times]
        self.numbers: list[_Figure] = []
        for match in _NUMBER.finditer(text):
            if any(start <= match.start() < end for start, end in taken):
                continue
            tail = _FOLLOWING.match(text, match.end())
            fragment_end = tail.end() if tail else match.end()
            keys = frozenset(
                key
                for key in extractor.anchors(text[match.start() : fragment_end])
                if key.startswith("n:")
            )
            if keys:
                self.numbers.append(_Figure(match.start(), match.end(), match.group(), keys))

    def all_number_keys(self) -> set[str]:
        keys = {key for figure in self.numbers + self.times for key in figure.keys}
        keys |= {key for key in self.anchor_keys if key.startswith("n:")}
        for amount in self.amounts:
            value = _amount_key(amount.value or "")
            if value:
                keys.add(value)
        return keys

    def date_keys(self) -> set[str]:
        keys = {key for date in self.dates for key in _date_keys(date.value or "")}
        return keys | {key for key in self.anchor_keys if key[:2] in ("n:", "m:")}


def _time_key(match: re.Match[str]) -> str | None:
    hours = int(match.group(1))
    minutes = int(match.group(2) or match.group(4))
    meridiem = (match.group(3) or match.group(5) or "").lower()
    if meridiem == "p" and hours < 12:
        hours += 12
    elif meridiem == "a" and hours == 12:
        hours = 0
    if hours > 23 or minutes > 59:
        return None
    return f"t:{hours:02d}:{minutes:02d}"


def _amount_key(value: str) -> str | None:
    """ "EUR >1200000000" or "~68%" -> "n:1200000000", "n:68"."""
    number = value.split(" ")[-1].lstrip("<>=~").rstrip("%")
    return f"n:{_plain(number)}" if number else None


def _plain(number: str) -> str:
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    return number


def _date_keys(value: str) -> set[str]:
    """ "2024-10-18" -> {n:2024, m:10, n:18}; "--07-14/--07-16" covers both ends."""
    keys: set[str] = set()
    for point in value.split("/"):
        year, month, day = _date_parts(point)
        if year:
            keys.add(f"n:{year}")
        if month:
            keys.add(f"m:{month}")
        if day:
            keys.add(f"n:{day}")
    return keys


def _date_parts(point: str) -> tuple[int | None, int | None, int | None]:
    if point.startswith("--"):
        parts = point[2:].split("-")
        return None, _int(parts[0]), _int(parts[1]) if len(parts) > 1 else None
    parts = point.split("-")
    return (
        _int(parts[0]),
        _int(parts[1]) if len(parts) > 1 else None,
        _int(parts[2]) if len(parts) > 2 else None,
    )


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _date_facts(source: _Side, target: _Side, pending: bool) -> list[Fact]:
    facts = []
    target_values = {date.value for date in target.dates}
    target_keys = target.date_keys()
    source_values = {date.value for date in source.dates}
    unmatched = [date for date in target.dates if date.value not in source_values]
    for date in source.dates:
        if pending:
            status, found = PENDING, ""
        elif date.value in target_values or _date_keys(date.value or "") <= target_keys:
            status, found = FOUND, ""
        elif unmatched:
            status, found = DIFFERENT, unmatched.pop(0).text
        else:
            status, found = MISSING, ""
        facts.append(Fact(DATE_FACT, date.text, status, found))
    return facts


def _figure_facts(source: _Side, target: _Side, pending: bool) -> list[Fact]:
    target_keys = target.all_number_keys()
    source_keys = source.all_number_keys() | source.date_keys()
    spare = [
        figure
        for figure in target.numbers + target.times
        if not figure.keys & source_keys and not _inside_date(figure, target)
    ]
    facts = []
    for figure in sorted(source.numbers + source.times, key=lambda f: f.start):
        text = _display(figure, source)
        if pending:
            facts.append(Fact(FIGURE_FACT, text, PENDING))
        elif figure.keys & target_keys:
            facts.append(Fact(FIGURE_FACT, text, FOUND))
        elif spare:
            facts.append(Fact(FIGURE_FACT, text, DIFFERENT, _display(spare.pop(0), target)))
        else:
            facts.append(Fact(FIGURE_FACT, text, MISSING))
    return facts


def _inside_date(figure: _Figure, side: _Side) -> bool:
    return any(date.start <= figure.start < date.end for date in side.dates)


def _display(figure: _Figure, side: _Side) -> str:
    """The figure with what it counts when the rules found that: "oltre 3.200 espositori"."""
    for amount in side.amounts:
        if amount.start <= figure.start < amount.end and len(amount.text) <= 40:
            return amount.text
    tail = _FOLLOWING.match(side.text, figure.end)
    following = tail.group(0) if tail else ""
    if following[:1] in ("%", "ª", "º", "°"):
        return figure.text + following[:1]
    return figure.text


# --- names --------------------------------------------------------------------------


def _name_facts(source: str, target: str, names: Sequence[KnownName], pending: bool) -> list[Fact]:
    target_words = _word_forms(target)
    folded_target = _fold(target)
    facts = []
    covered: list[str] = []
    for name in names:
        if name.text in covered:
            continue
        covered.append(name.text)
        forms = [name.text, *name.aliases]
        found = any(_contains(folded_target, _fold(form)) for form in forms if form.strip())
        found = found or any(_words_meet(form, target_words) for form in forms)
        facts.append(Fact(NAME_FACT, name.text, _status(found, pending)))
    for run in _capitalised_runs(source):
        for candidate in _without_known(run, covered):
            found = _words_meet(candidate, target_words)
            facts.append(Fact(NAME_FACT, candidate, _status(found, pending)))
    return facts


def _without_known(run: str, known: Sequence[str]) -> list[str]:
    """The parts of a run of capitalised words that are not names already listed:
    "Marta Zanè della Camera di Commercio" less "Camera di Commercio" is "Marta Zanè"."""
    pieces = [run]
    for name in known:
        pieces = [part for piece in pieces for part in piece.split(name)]
    result = []
    for piece in pieces:
        words = piece.split()
        while words and words[0].casefold() in _NAME_LINKS:
            words.pop(0)
        while words and words[-1].casefold() in _NAME_LINKS:
            words.pop()
        if words and any(word[:1].isupper() for word in words):
            result.append(" ".join(words))
    return result


def _status(found: bool, pending: bool) -> str:
    if pending:
        return PENDING
    return FOUND if found else MISSING


def _capitalised_runs(sentence: str) -> list[str]:
    """Runs of capitalised words inside a sentence (not its first word): likely names."""
    runs: list[str] = []
    current: list[str] = []
    pending_links: list[str] = []
    first = True
    after_title = False
    for match in _WORD.finditer(sentence):
        word = match.group()
        opened = sentence[: match.start()].rstrip(" \u00a0")
        before = opened.rstrip(_OPENING)
        starts_sentence = (
            first
            or not before
            or (before[-1] in ".!?:;" and not after_title)
            or opened[-1:] in _OPENING_QUOTES  # a quotation starts with a capital
        )
        first = False
        # "Sig.", "Dott.", "Mr." before a name: a title, and no end of sentence
        after_title = _is_title(word, sentence, match.end())
        if after_title:
            continue
        if (
            word[0].isupper()
            and not starts_sentence
            and not _is_calendar_word(word)
            and word.casefold() not in _ARTICLES
        ):
            current.extend(pending_links)
            current.append(word)
            pending_links = []
        elif current and word.casefold() in _NAME_LINKS and len(pending_links) < 2:
            pending_links.append(word)
        else:
            if current:
                runs.append(" ".join(current))
            current, pending_links = [], []
    if current:
        runs.append(" ".join(current))
    seen: list[str] = []
    for run in runs:
        words = run.split()
        while len(words) > 1 and len(words[-1]) < 2:  # "Scaligera Expo S" (of S.p.A.)
            words.pop()
        run = " ".join(words)
        if run not in seen and (len(run) > 1 and not run.isdigit()):
            seen.append(run)
    return seen


#: Month and weekday names (en, it, folded): dates, not names.
_CALENDAR = frozenset(
    re.split(
        r"\s+",
        "january february march april may june july august september october november"
        " december monday tuesday wednesday thursday friday saturday sunday"
        " gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre"
        " novembre dicembre lunedi martedi mercoledi giovedi venerdi sabato domenica"
        " jan feb mar apr jun jul aug sep sept oct nov dec gen mag giu lug ago set ott dic",
    )
)


def _is_title(word: str, sentence: str, end: int) -> bool:
    return (
        word[0].isupper()
        and len(word) <= MAX_TITLE_LETTERS
        and sentence[end : end + 1] == "."
        and sentence[end + 1 : end + 2] in (" ", "\u00a0")
    )


def _is_calendar_word(word: str) -> bool:
    return _fold(word) in _CALENDAR


def _word_forms(text: str) -> set[str]:
    forms: set[str] = set()
    for match in _WORD.finditer(text):
        folded = _fold(match.group())
        forms.add(folded)
        if len(folded) >= MIN_COGNATE_LETTERS:
            forms.add("~" + cognate_prefix(folded))
            forms.add("≈" + cognate_prefix(folded)[:LOOSE_PREFIX])
    return forms


def _words_meet(name: str, target_words: set[str]) -> bool:
    """Whether any word of the name is in the target as it is, or as a cognate."""
    for match in _WORD.finditer(name):
        folded = _fold(match.group())
        if folded in _NAME_LINKS:
            continue
        if folded in target_words:
            return True
        if len(folded) >= MIN_COGNATE_LETTERS and "~" + cognate_prefix(folded) in target_words:
            return True
        # a nationality or place adjective meets its noun: "Cinese", "China"
        if (
            len(folded) >= MIN_LOOSE_LETTERS
            and "≈" + cognate_prefix(folded)[:LOOSE_PREFIX] in target_words
        ):
            return True
    return False


def _contains(folded_text: str, folded_name: str) -> bool:
    return bool(re.search(r"(?<!\w)" + re.escape(folded_name) + r"(?!\w)", folded_text))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
