"""Find the dates an article writes in running text, as the checks need them.

Unlike curator.text.dates (which reads one well-formed date), this keeps what a
garbled text says: impossible days ("February 30"), months that do not exist
("13/25/2023"), a day with no year, and a number where a year should be
("December 11, 28"). Month names come from babel for the article's language;
English names must be capitalised ("may" is a verb), Italian ones may not be.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names

#: A year that leaves February 29 possible, for dates written without one.
_LEAP_YEAR = 2000
_MONTHS_IN_A_YEAR = 12
_LONGEST_MONTH = 31
_DIGITS_IN_A_YEAR = 4
_CENTURY = 2000  # "25/12/23" is 2023


@dataclass(frozen=True)
class PartialDate:
    """A date as far as the text gives it; None where it gives nothing."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def is_possible(self) -> bool:
        """Whether such a day exists (a missing year allows February 29)."""
        if self.month is not None and not 1 <= self.month <= _MONTHS_IN_A_YEAR:
            return False
        if self.day is None:
            return True
        if not 1 <= self.day <= _LONGEST_MONTH:
            return False
        if self.month is None:
            return True
        return self.day <= days_in_month(self.year or _LEAP_YEAR, self.month)


@dataclass(frozen=True)
class DatePhrase:
    """A date written in the text: where, and what it can mean.

    `readings` holds one PartialDate for a named-month date and up to two for a
    numeric one ("04/03/2023" in English text may be April 3 or 4 March).
    `bad_year` is the number standing where a year should be ("28" in "December 11, 28").
    """

    start: int
    end: int
    text: str
    readings: tuple[PartialDate, ...]
    bad_year: str | None = None
    numeric: bool = False

    @property
    def date(self) -> PartialDate | None:
        """The one thing this phrase means, or None when it is impossible or ambiguous."""
        possible = {reading for reading in self.readings if reading.is_possible()}
        return possible.pop() if len(possible) == 1 else None


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


@dataclass(frozen=True)
class DateGrammar:
    """The regular-expression pieces for one language's written dates."""

    language: str
    month: str  # a month name, no groups
    day: str  # a day of the month with its ordinal suffix, no groups
    endpoint: str  # anything that can start or end a range, no groups
    phrase: re.Pattern[str]  # a full date phrase, with named groups
    day_first: bool  # how numeric dates are ordered in this language


def find_date_phrases(text: str, language: str) -> list[DatePhrase]:
    """Every date phrase in `text` that names a month, or is numeric, in text order."""
    grammar = grammar_for(language)
    return [_phrase(match, grammar) for match in grammar.phrase.finditer(text)]


def read_endpoint(text: str, language: str) -> DatePhrase | None:
    """What one end of a range says: a full date, or just a day, a month or a year."""
    grammar = grammar_for(language)
    text = text.strip()
    match = grammar.phrase.fullmatch(text)
    if match is not None:
        return _phrase(match, grammar)
    bare = re.fullmatch(
        rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th|°|º)?(?:,?\s+(?P<year>\d{{4}}))?"
        rf"|(?P<only_year>\d{{4}})|(?P<month>{grammar.month})",
        text,
    )
    if bare is None:
        return None
    if bare.group("only_year"):
        reading = PartialDate(year=int(bare.group("only_year")))
    elif bare.group("month"):
        reading = PartialDate(month=month_number(bare.group("month"), grammar.language))
    else:
        year = bare.group("year")
        reading = PartialDate(year=int(year) if year else None, day=int(bare.group("day")))
    return DatePhrase(0, len(text), text, (reading,))


def month_number(name: str, language: str) -> int | None:
    return _month_numbers(language).get(name.lower().rstrip(".").strip())


@lru_cache(maxsize=16)
def grammar_for(language: str) -> DateGrammar:
    language = _known_language(language)
    english = language == "en"
    wide, abbreviated = _month_name_lists(language)
    names = sorted(wide, key=len, reverse=True)
    short = sorted(abbreviated, key=len, reverse=True)
    if english:  # capitalised names; abbreviations with or without a dot ("Aug 11", "Feb. 30")
        month = rf"(?<!\w)(?:{'|'.join(map(re.escape, names + short))})(?!\w)\.?"
    else:  # any case; abbreviations only with their dot ("dic.")
        month = (
            rf"(?<!\w)(?i:{'|'.join(map(re.escape, names))})(?!\w)"
            rf"|(?<!\w)(?i:{'|'.join(map(re.escape, short))})\."
        )
    month = f"(?:{month})"
    ordinal = r"(?:st|nd|rd|th|°|º)?" if english else r"(?:°|º)?"
    day = rf"(?<![\d.,/])[0-3]?\d(?!\d){ordinal}(?![.,]\d{{1,3}}(?!\d))"
    year = r"\d{4}(?!\d)"
    bad_year = r"\d{1,3}(?!\d)(?=\s*(?:[.;:!?)\]]|$))"
    named: list[str] = []
    if english:  # "December 11, 2023", "Aug 11,2023", "December 11, 28."
        named.append(
            rf"(?P<m1>{month})\s+(?P<d1>{day})"
            rf"(?:(?:\s*,\s*|\s+)(?P<y1>{year})|\s*,\s*(?P<bad>{bad_year}))?"
        )
    of = r"(?:of\s+)?" if english else ""
    named.append(rf"(?P<d2>{day})\s+{of}(?P<m2>{month})(?:,?\s+(?P<y2>{year}))?")
    named.append(rf"(?P<m3>{month}),?\s+(?P<y3>{year})")
    iso = r"(?<![\d/.-])(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?![\d-])"
    numeric = (
        r"(?<![\d/.,-])(?P<na>\d{1,2})(?P<sep>[/.-])(?P<nb>\d{1,2})(?P=sep)"
        r"(?P<ny>\d{4}(?!\d)|(?<=/)\d{2}(?![\d/]))(?![.-]\d)"
    )
    phrase = re.compile("|".join([iso, numeric, *named]))
    endpoint = (
        rf"(?:{month}\s+{day}(?:(?:\s*,\s*|\s+){year}|\s*,\s*{bad_year})?"
        rf"|{day}\s+{of}{month}(?:,?\s+{year})?|{month}(?:,?\s+{year})?"
        rf"|{day}(?:,?\s+{year})?|{year})"
    )
    return DateGrammar(language, month, day, endpoint, phrase, _day_comes_first(language))


def _phrase(match: re.Match[str], grammar: DateGrammar) -> DatePhrase:
    groups = match.groupdict()
    if groups["iy"]:
        reading = PartialDate(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
        return DatePhrase(match.start(), match.end(), match.group(), (reading,), numeric=True)
    if groups["na"]:
        first, second = int(groups["na"]), int(groups["nb"])
        year = _full_year(groups["ny"])
        day_first = PartialDate(year, second, first)
        month_first = PartialDate(year, first, second)
        orders = (day_first,) if grammar.day_first else (month_first, day_first)
        if grammar.language == "en":
            orders = (month_first, day_first)  # English articles use both orders
        return DatePhrase(match.start(), match.end(), match.group(), orders, numeric=True)
    for suffix in ("1", "2", "3"):
        if groups.get(f"m{suffix}"):
            month = month_number(groups[f"m{suffix}"], grammar.language)
            day_text = groups.get(f"d{suffix}")
            year_text = groups.get(f"y{suffix}")
            reading = PartialDate(
                int(year_text) if year_text else None,
                month,
                int(re.match(r"\d+", day_text).group()) if day_text else None,
            )
            return DatePhrase(
                match.start(), match.end(), match.group(), (reading,), bad_year=groups.get("bad")
            )
    raise AssertionError(match.group())  # every alternative sets one of the groups above


def _full_year(text: str) -> int:
    return int(text) if len(text) == _DIGITS_IN_A_YEAR else _CENTURY + int(text)


def _known_language(language: str) -> str:
    code = (language or "").replace("-", "_").split("_")[0].lower()
    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return "en"
    return code


@lru_cache(maxsize=16)
def _month_name_lists(language: str) -> tuple[list[str], list[str]]:
    wide: set[str] = set()
    abbreviated: set[str] = set()
    for context in ("format", "stand-alone"):
        wide.update(get_month_names("wide", context, language).values())
        abbreviated.update(
            name.rstrip(".") for name in get_month_names("abbreviated", context, language).values()
        )
    if language == "en":
        abbreviated.add("Sept")
    return sorted(wide), sorted(abbreviated - wide)


@lru_cache(maxsize=16)
def _month_numbers(language: str) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, language).items():
                numbers.setdefault(name.lower().rstrip("."), number)
    if language == "en":
        numbers["sept"] = 9
    return numbers


@lru_cache(maxsize=16)
def _day_comes_first(language: str) -> bool:
    """Whether the locale writes numeric dates day first (it: 27/03, en: 03/27)."""
    pattern = Locale.parse(language).date_formats["short"].pattern
    return pattern.find("d") < pattern.find("M")
