"""Dates that cannot be right: wrong ordinal suffixes, days that do not exist,
ranges that end before they start or whose end is not a date, and events told in
the past tense but dated after the article was published.

Dates are found by curator.checks.date_phrases (babel month names for en and it).
A date written without a year is never called "in the future": it is read as the
most recent such day, and a range may cross a new year ("December 28 to January 3").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from babel.dates import get_month_names

from curator.checks.date_phrases import (
    DatePhrase,
    PartialDate,
    days_in_month,
    find_date_phrases,
    grammar_for,
    read_endpoint,
)
from curator.checks.finding import CheckInfo, Finding, base_language, finding_at
from curator.i18n import N_, _, current_locale
from curator.locale_format import format_date

ORDINAL_SUFFIX = CheckInfo(
    "ordinal-suffix", N_("English ordinals with the wrong suffix (“28nd”, “3th”)"), "warning"
)
IMPOSSIBLE_DATE = CheckInfo(
    "impossible-date", N_("Dates that do not exist (“February 30”, month 13)"), "error"
)
DATE_RANGE = CheckInfo(
    "date-range",
    N_("Date ranges that end before they start, or whose end is not a date"),
    "error",
)
FUTURE_EVENT = CheckInfo(
    "future-event",
    N_("Events told in the past tense but dated after the article was published"),
    "warning",
)
CHECKS = (ORDINAL_SUFFIX, IMPOSSIBLE_DATE, DATE_RANGE, FUTURE_EVENT)

_ORDINAL = re.compile(r"(?<![\w.,])(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?P<suffix>st|nd|rd|th)(?!\w)")
#: "In February 30 companies exhibited": a month and a count, not a date.
_COUNT_CONTEXT = re.compile(
    r"\b(?:in|during|throughout|since\s+early|early|late|mid|last|this|next)\s*$", re.IGNORECASE
)
#: A range whose start year is only guessed may cross a new year, if it stays this short.
_LONGEST_WRAPPED_RANGE = dt.timedelta(days=183)
_CONTEXT = 24
_TEEN_ORDINALS = (11, 12, 13)
_HUNDRED, _TEN = 100, 10

_RANGE_WORDS = {
    "en": (r"(?i:from|between)\s+", r"(?i:to|until|till|through|thru|and)\s+"),
    "it": (
        r"(?i:dal|dall['’]|dallo|da|tra\s+il|tra\s+l['’]|fra\s+il|fra\s+l['’]|tra|fra)\s*",
        r"(?i:al|all['’]|allo|a|fino\s+al|fino\s+all['’]|e\s+il|e\s+l['’]|e)\s*",
    ),
}
_PAST_CUES = {
    "en": re.compile(
        r"\b(?:(?:was|were)\s+(?:held|hosted|opened|closed|launched|organi[sz]ed|attended"
        r"|inaugurated|staged|celebrated|concluded|completed)|took\s+place|closed|ended"
        r"|concluded|opened|attracted|welcomed|hosted|kicked\s+off|wrapped\s+up"
        r"|(?:came|drew)\s+to\s+a\s+close)\b",
        re.IGNORECASE,
    ),
    "it": re.compile(
        r"\b(?:si\s+(?:è|e['’])\s+(?:tenut|svolt|chius|conclus|apert)[oa]"
        r"|si\s+sono\s+(?:tenut|svolt|chius|conclus|apert)[ie]"
        r"|(?:è|sono)\s+stat[oaie]\s+(?:inaugurat|organizzat|ospitat|apert|chius)[oaie]"
        r"|ha(?:nno)?\s+(?:aperto|chiuso|ospitato|accolto|attirato|avuto\s+luogo)"
        r"|si\s+(?:tenne|svolse|chiuse|concluse)|ebbe\s+luogo)\b",
        re.IGNORECASE,
    ),
}
_FUTURE_CUES = {
    "en": re.compile(
        r"\b(?:will|shall|(?:is|are)\s+(?:expected|scheduled|set|due|going|planned)\s+to"
        r"|upcoming|next|forthcoming|plans?\s+to|to\s+be\s+held)\b",
        re.IGNORECASE,
    ),
    "it": re.compile(
        r"\b(?:si\s+terr[àa]|si\s+svolger[àa]|si\s+terranno|si\s+svolgeranno|sar[àa]|saranno"
        r"|prossim[oaie]|previst[oaie]|avr[àa]|avranno|aprir[àa]|chiuder[àa]|in\s+programma)\b",
        re.IGNORECASE,
    ),
}
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”»’)\]]*\s+(?=[\"“«‘(\[]?[A-ZÀ-Ý])|\n")


@dataclass(frozen=True)
class _Range:
    """ "from X to Y" in the text: its span and what each end says."""

    start: int
    end: int
    first: DatePhrase
    last: DatePhrase


@dataclass(frozen=True)
class _RangeReading:
    earliest: dt.date
    latest: dt.date
    backwards: bool
    has_year: bool


def check_dates(text: str, language: str, published: dt.date | None = None) -> list[Finding]:
    """All the date checks."""
    return (
        check_ordinal_suffixes(text, language)
        + check_impossible_dates(text, language)
        + check_date_ranges(text, language)
        + check_future_events(text, language, published)
    )


def check_ordinal_suffixes(
    text: str, language: str, published: dt.date | None = None
) -> list[Finding]:
    """ "28nd", "3th", "11st": English ordinals whose suffix does not fit the number."""
    findings = []
    for match in _ORDINAL.finditer(text):
        number = int(match.group("number").replace(",", ""))
        suffix = match.group("suffix")
        right = _ordinal_suffix(number)
        if suffix.lower() == right:
            continue
        if suffix.isupper():
            right = right.upper()
        message = _(
            "“{text}” has the wrong ordinal suffix: it should be “{number}{suffix}”"
            " (or the number itself is garbled — check the original)"
        ).format(text=match.group(), number=match.group("number"), suffix=right)
        findings.append(finding_at(ORDINAL_SUFFIX, text, match.start(), match.end(), message))
    return findings


def check_impossible_dates(
    text: str, language: str, published: dt.date | None = None
) -> list[Finding]:
    """ "February 30", "31 aprile", "13/25/2023": days that no calendar has."""
    findings = []
    for phrase in find_date_phrases(text, language):
        if any(reading.is_possible() for reading in phrase.readings):
            continue
        first = phrase.readings[0]
        before = text[max(0, phrase.start - _CONTEXT) : phrase.start]
        if not phrase.numeric and first.year is None and _COUNT_CONTEXT.search(before):
            continue  # "in February 30 companies ..."
        reasons = list(dict.fromkeys(_why_impossible(reading) for reading in phrase.readings))
        message = _("“{text}” is not a real date: {reasons} — check the original").format(
            text=phrase.text, reasons=_("; ").join(reasons)
        )
        findings.append(finding_at(IMPOSSIBLE_DATE, text, phrase.start, phrase.end, message))
    return findings


def check_date_ranges(text: str, language: str, published: dt.date | None = None) -> list[Finding]:
    """Ranges whose end is not a date ("to December 11, 28") or comes before the start."""
    findings = []
    for found in _find_ranges(text, language):
        span = text[found.start : found.end]
        broken = next((end for end in (found.last, found.first) if end.bad_year), None)
        if broken is not None:
            message = _(
                "“{span}” is not a possible date range: “{end}” is not a date (“{year}” cannot"
                " be a year) — check the original for the real dates"
            ).format(span=span, end=broken.text, year=broken.bad_year)
            findings.append(finding_at(DATE_RANGE, text, found.start, found.end, message))
            continue
        reading = _read_range(found.first.date, found.last.date)
        if reading is not None and reading.backwards:
            message = _(
                "“{span}” ends before it starts ({last} comes before {first}); the dates may be"
                " swapped or mistyped — check the original"
            ).format(span=span, last=found.last.text, first=found.first.text)
            findings.append(finding_at(DATE_RANGE, text, found.start, found.end, message))
    return findings


def check_future_events(
    text: str, language: str, published: dt.date | None = None
) -> list[Finding]:
    """Dates after `published` in sentences that speak in the past ("was held")."""
    language = base_language(language)
    if published is None or language not in _PAST_CUES:
        return []
    ranges = _find_ranges(text, language)
    phrases = find_date_phrases(text, language)
    findings = []
    for start, end in _sentences(text):
        sentence = text[start:end]
        cue = _PAST_CUES[language].search(sentence)
        if cue is None or _FUTURE_CUES[language].search(sentence):
            continue
        for span_start, span_end, earliest in _events(start, end, ranges, phrases):
            if earliest <= published:
                continue
            message = _(
                "“{date}” is after the article's publication date ({published}), yet the"
                " sentence speaks of it in the past (“{cue}”): the date or the tense is wrong"
                " — check the original"
            ).format(
                date=text[span_start:span_end], published=format_date(published), cue=cue.group()
            )
            findings.append(finding_at(FUTURE_EVENT, text, span_start, span_end, message))
    return findings


def _ordinal_suffix(number: int) -> str:
    if number % _HUNDRED in _TEEN_ORDINALS:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % _TEN, "th")


def _why_impossible(reading: PartialDate) -> str:
    if reading.month is None or not 1 <= reading.month <= len(_month_names()):
        return _("there is no month {month}").format(month=reading.month)
    name = _month_names()[reading.month]
    if reading.year is None:
        longest = days_in_month(2000, reading.month)  # a leap year: February 29 is allowed
        return _("{month} has at most {days} days").format(month=name, days=longest)
    return _("{month} {year} has {days} days").format(
        month=name, year=reading.year, days=days_in_month(reading.year, reading.month)
    )


def _month_names() -> dict[int, str]:
    return dict(get_month_names("wide", locale=current_locale()))


@lru_cache(maxsize=16)
def _range_patterns(language: str) -> tuple[re.Pattern[str], ...]:
    grammar = grammar_for(language)
    endpoint = grammar.endpoint
    opener, joiner = _RANGE_WORDS.get(grammar.language, _RANGE_WORDS["en"])
    dash = r"\s*[-–—]\s*"
    worded = re.compile(
        rf"(?<!\w){opener}(?P<first>{endpoint})\s*(?:{joiner}|{dash})(?P<last>{endpoint})(?!\w)"
    )
    dashed = re.compile(rf"(?<![\w.,/-])(?P<first>{endpoint}){dash}(?P<last>{endpoint})(?![\w-])")
    return worded, dashed


def _find_ranges(text: str, language: str) -> list[_Range]:
    found: list[_Range] = []
    for pattern in _range_patterns(language):
        for match in pattern.finditer(text):
            if any(match.start() < other.end and other.start < match.end() for other in found):
                continue
            first = read_endpoint(match.group("first"), language)
            last = read_endpoint(match.group("last"), language)
            if first is None or last is None or not _is_date_range(first, last):
                continue
            found.append(_Range(match.start(), match.end(), first, last))
    return sorted(found, key=lambda found_range: found_range.start)


def _is_date_range(first: DatePhrase, last: DatePhrase) -> bool:
    """A month on either side, or a year on both: "from 5 to 8" counts things, not days."""
    ends = (first.readings[0], last.readings[0])
    if any(end.month is not None for end in ends):
        return True
    return all(end.year is not None and end.day is None for end in ends)


def _read_range(first: PartialDate | None, last: PartialDate | None) -> _RangeReading | None:
    """The days a range covers; None when it is not a readable, possible range."""
    if first is None or last is None:
        return None
    if first.month is None and last.month is None:
        if first.year is None or last.year is None:
            return None
        earliest, latest = dt.date(first.year, 1, 1), dt.date(last.year, 12, 31)
        return _RangeReading(earliest, latest, latest < earliest, has_year=True)
    if first.month is None:  # "from 5 to 8 December"
        if first.day is None:
            return None
        first = replace(first, month=last.month)
    if last.month is None:  # "December 5 to 8"
        if last.day is None:
            return None
        last = replace(last, month=first.month)
    if not (first.is_possible() and last.is_possible()):
        return None  # an impossible day is reported by the impossible-date check
    if first.year is not None and last.year is not None:
        earliest, latest = _earliest(first, first.year), _latest(last, last.year)
        return _RangeReading(earliest, latest, latest < earliest, has_year=True)
    year = first.year or last.year
    has_year = year is not None
    year = year or 2000
    earliest, latest = _earliest(first, year), _latest(last, year)
    if latest >= earliest:
        return _RangeReading(earliest, latest, backwards=False, has_year=has_year)
    if last.year is None:  # "December 28, 2023 to January 3": the end is in the next year
        wrapped = (earliest, _latest(last, year + 1))
    else:  # "December 28 to January 3, 2024": the start is in the year before
        wrapped = (_earliest(first, year - 1), latest)
    if wrapped[1] - wrapped[0] <= _LONGEST_WRAPPED_RANGE:
        return _RangeReading(*wrapped, backwards=False, has_year=has_year)
    return _RangeReading(earliest, latest, backwards=True, has_year=has_year)


def _earliest(reading: PartialDate, year: int) -> dt.date:
    month = reading.month or 1
    day = min(reading.day or 1, days_in_month(year, month))
    return dt.date(year, month, day)


def _latest(reading: PartialDate, year: int) -> dt.date:
    month = reading.month or 12
    day = min(reading.day or 31, days_in_month(year, month))
    return dt.date(year, month, day)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(start, end) for start, end in spans if end > start]


def _events(
    start: int, end: int, ranges: list[_Range], phrases: list[DatePhrase]
) -> list[tuple[int, int, dt.date]]:
    """Spans in text[start:end] that date an event, with the first day each can mean."""
    events = []
    inside = [found for found in ranges if start <= found.start and found.end <= end]
    for found in inside:
        reading = _read_range(found.first.date, found.last.date)
        if reading is not None and reading.has_year and not reading.backwards:
            events.append((found.start, found.end, reading.earliest))
    for phrase in phrases:
        if not (start <= phrase.start and phrase.end <= end):
            continue
        if any(found.start <= phrase.start < found.end for found in inside):
            continue
        date = phrase.date
        if date is not None and date.year is not None and date.month is not None:
            events.append((phrase.start, phrase.end, _earliest(date, date.year)))
    return events
