"""Read dates as press releases and feeds write them, and find a release's dateline.

Month names come from babel's locale data (English, Italian and the caller's
locale), so "Mar", "March", "marzo" and "mar" all work without tables of our own.
Every reader returns None for what it cannot read; callers turn that into a
problem the editor sees.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names, get_month_names

from curator.text.language import detect_language

#: How many non-empty lines at the top of a release may hold its dateline.
DATELINE_LINES = 10
#: Longer lines are paragraphs: a domain or date inside them is content, not a dateline.
_DATELINE_MAX_CHARS = 200

_ALWAYS_KNOWN_LOCALES = ("en", "it")
_MIN_MONTH_PREFIX = 3

_ORDINAL = r"(?:st|nd|rd|th|°|º|ª)?"
_MONTH = r"(?P<month>[^\W\d_]{3,})\.?"
_YEAR = r"(?P<year>\d{4})"
_DAY = r"(?P<day>\d{1,2})"

_ISO_DATE = re.compile(
    r"(?<!\d)(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?!\d)"
)
_NUMERIC_DATE = re.compile(
    r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})(?!\d)"
)
_MONTH_DAY_YEAR = re.compile(rf"(?<!\w){_MONTH}\s+{_DAY}{_ORDINAL}(?:\s*,\s*|\s+){_YEAR}(?!\d)")
_DAY_MONTH_YEAR = re.compile(
    rf"(?<![\w.]){_DAY}{_ORDINAL}\.?\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}(?!\d)"
)

_TIME_OF_DAY = re.compile(
    r"^(?:,|at|alle|ore|h)?\s*\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
    r"(?:\s*\(?[a-z]{2,5}\)?)?$",
    re.IGNORECASE,
)

_DATELINE_LABEL = re.compile(
    r"^\s*(?P<label>last\s+updated|updated|published|posted|released|publication\s+date|date"
    r"|ultimo\s+aggiornamento|aggiornato|pubblicato|data\s+di\s+pubblicazione|data)\b"
    r"(?:\s+(?:on|il))?\s*[:：]?\s*",
    re.IGNORECASE,
)
_UPDATE_LABELS = ("updated", "aggiornato", "aggiornamento")
_ITALIAN_LABELS = ("aggiornato", "pubblicato", "data", "ultimo")

#: "BOLOGNA, 12 maggio 2024 –": a place, a comma, then the date.
_PLACE_THEN_DATE = re.compile(r"^\s*[^\W\d_](?:[^\W\d_]|['’ .()-]){1,40},\s*")

_DOMAIN = re.compile(
    r"(?<![\w@./-])(?:https?://)?(?P<domain>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"(?P<tld>[a-z]{2,12}))(?![\w@-])(?!\.[a-z0-9])",
)
_TLDS_WE_RECOGNISE = """
    com org net gov edu int mil info biz io co eu news online site tech media press events
    expo global group asia
    it cn uk de fr es pt ch at be nl lu dk se no fi ie pl cz sk hu ro bg gr hr si rs ru ua
    tr il ae sa qa in jp kr tw hk mo sg my th vn id ph au nz ca us mx br ar cl za eg ma
"""
_KNOWN_TLDS = frozenset(_TLDS_WE_RECOGNISE.split())


@dataclass(frozen=True, slots=True)
class DatelineInfo:
    """What the top lines of a press release say about it."""

    published: dt.date | None = None
    source_domain: str | None = None


def parse_date(value: str, locale: str = "en") -> dt.date | None:
    """The date `value` means, or None when it is not a date that exists.

    Accepts ISO dates and datetimes, "Mar 27, 2023", "27 March 2023",
    "27 marzo 2023" and numeric dates in the locale's order ("27/03/2023" for it,
    "03/27/2023" for en). A leading weekday and a trailing time are allowed.
    """
    value = value.strip()
    if not value:
        return None
    iso = _parse_iso(value)
    if iso is not None:
        return iso
    found = _find_date(value, locale)
    if found is None:
        return None
    date, start, end = found
    before, after = value[:start].strip(" ,"), value[end:].strip()
    if before and before.lower().rstrip(".") not in _weekday_names(locale):
        return None
    if after and not _TIME_OF_DAY.match(after):
        return None
    return date


def parse_dateline(text: str, language: str | None = None) -> DatelineInfo:
    """The publication date and source domain given in a release's first lines.

    A labelled line ("Updated: Mar 27,2023 3:59 PM", "Pubblicato: 27 marzo 2023")
    wins, and "Published" beats "Updated". Failing that, a short line that starts
    with a date, or with a place and a date ("Milano, 27 marzo 2023"), is taken.
    `language` decides the order of numeric dates (27/03 or 03/27) where the label
    does not; when it is None it is detected from the text.
    """
    lines = [line for line in text.splitlines()[: DATELINE_LINES * 4] if line.strip()]
    top = [line for line in lines[:DATELINE_LINES] if len(line) <= _DATELINE_MAX_CHARS]
    locale = language or detect_language(text) or "en"
    return DatelineInfo(published=_dateline_date(top, locale), source_domain=_first_domain(top))


def find_domain(text: str) -> str | None:
    """The first plausible web domain written in `text` ("www.fieramilano.it")."""
    for match in _DOMAIN.finditer(text):
        domain = match.group("domain")
        if match.group("tld") in _KNOWN_TLDS and not _looks_like_abbreviation(domain):
            return domain
    return None


def _dateline_date(lines: list[str], locale: str) -> dt.date | None:
    labelled: list[tuple[bool, dt.date]] = []
    unlabelled: list[dt.date] = []
    for line in lines:
        label = _DATELINE_LABEL.match(line)
        if label is None:
            date = _bare_date_line(line, locale)
            if date is not None:
                unlabelled.append(date)
            continue
        word = label.group("label").lower()
        label_locale = "it" if word.startswith(_ITALIAN_LABELS) else locale
        found = _find_date(line[label.end() :], label_locale)
        if found is not None and found[1] == 0:
            labelled.append((word.endswith(_UPDATE_LABELS), found[0]))
    for is_update, date in labelled:
        if not is_update:
            return date
    if labelled:
        return labelled[0][1]
    return unlabelled[0] if unlabelled else None


def _bare_date_line(line: str, locale: str) -> dt.date | None:
    """A date at the very start of a line, or right after a place name and a comma."""
    rest = line.strip()
    starts = [0]
    place = _PLACE_THEN_DATE.match(rest)
    if place is not None:
        starts.append(place.end())
    for start in starts:
        found = _find_date(rest[start:], locale)
        if found is not None and found[1] == 0:
            return found[0]
    return None


def _first_domain(lines: list[str]) -> str | None:
    for line in lines:
        domain = find_domain(line)
        if domain is not None:
            return domain
    return None


def _looks_like_abbreviation(domain: str) -> bool:
    """ "p.es", "s.r.l" and the like: every label but the last a single letter."""
    return all(len(label) == 1 for label in domain.split(".")[:-1])


def _parse_iso(value: str) -> dt.date | None:
    if not value[:4].isdigit():
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value.replace("z", "Z")).date()
    except ValueError:
        return None


def _find_date(text: str, locale: str) -> tuple[dt.date, int, int] | None:
    """The earliest readable date in `text`, with where it starts and ends."""
    best: tuple[dt.date, int, int] | None = None
    for pattern in (_ISO_DATE, _NUMERIC_DATE, _MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best[1]:
                break
            date = _date_from_match(match, locale)
            if date is not None:
                best = (date, match.start(), match.end())
                break
    return best


def _date_from_match(match: re.Match[str], locale: str) -> dt.date | None:
    groups = match.groupdict()
    year = int(groups["year"])
    if "a" in groups:
        first, second = int(groups["a"]), int(groups["b"])
        day, month = (first, second) if _day_comes_first(locale) else (second, first)
    else:
        day = int(groups["day"])
        month_text = groups["month"]
        month = int(month_text) if month_text.isdigit() else _month_number(month_text, locale)
    if month is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_number(name: str, locale: str) -> int | None:
    """1-12 for a month name or a prefix of one ("Sept", "sett"), else None."""
    name = name.lower()
    names = _month_names(locale)
    if name in names:
        return names[name]
    if len(name) < _MIN_MONTH_PREFIX:
        return None
    candidates = {number for full, number in names.items() if full.startswith(name)}
    return candidates.pop() if len(candidates) == 1 else None


@lru_cache(maxsize=32)
def _month_names(locale: str) -> dict[str, int]:
    names: dict[str, int] = {}
    for code in (*_ALWAYS_KNOWN_LOCALES, locale):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                try:
                    months = get_month_names(width, context, code)
                except (ValueError, UnknownLocaleError):
                    continue
                for number, month in months.items():
                    names.setdefault(month.lower().rstrip("."), number)
    return names


@lru_cache(maxsize=32)
def _weekday_names(locale: str) -> frozenset[str]:
    names: set[str] = set()
    for code in (*_ALWAYS_KNOWN_LOCALES, locale):
        for width in ("wide", "abbreviated"):
            try:
                days = get_day_names(width, "format", code)
            except (ValueError, UnknownLocaleError):
                continue
            names.update(day.lower().rstrip(".") for day in days.values())
    return frozenset(names)


@lru_cache(maxsize=32)
def _day_comes_first(locale: str) -> bool:
    """Whether the locale writes numeric dates day first (it: 27/03, en: 03/27)."""
    try:
        pattern = Locale.parse(locale).date_formats["short"].pattern
    except (ValueError, TypeError, UnknownLocaleError):
        return True
    return pattern.find("d") < pattern.find("M")
