"""Numbers whose digit grouping is impossible in the article's language.

The rules come from babel's locale data: English groups thousands with "," and
writes decimals with ".", Italian the other way round. A number that babel cannot
parse strictly in the article's locale ("515,15" in English, "1.50" in Italian) is
reported, with the readings it probably had. Numbers that are not quantities are
left alone: dates ("11.08.2023", "Aug 11,2023"), times ("alle 15.30"), versions
("Industria 4.0", "2.1.3") and phone numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names
from babel.numbers import NumberFormatError, get_decimal_symbol, get_group_symbol, parse_decimal

from curator.checks.finding import CheckInfo, Finding, base_language, finding_at
from curator.i18n import N_, _
from curator.locale_format import language_name

NUMBER_GROUPING = CheckInfo(
    "number-grouping",
    N_("Numbers whose digit grouping is impossible in the article's language"),
    "error",
)
CHECKS = (NUMBER_GROUPING,)

#: Digits joined by "." or ",", not glued to a word, a path, a time or another number.
_NUMBER = re.compile(r"(?<![\w.,/:#@])(?<!\d[-–])\d+(?:[.,]\d+)+(?![\w/:]|[.,]\d)")
_DOTTED_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})|\d{4}\.\d{1,2}\.\d{1,2}")
_DAY_COMMA_YEAR = re.compile(r"\d{1,2},\d{4}")
_WHOLE_VERSION = re.compile(r"\d\.0")
_CLOCK = re.compile(r"(?P<hour>\d{1,2})\.(?P<minute>\d{2})")
_CLOCK_BEFORE = re.compile(
    r"(?:\b(?:ore|alle|dalle|le|entro le|fino alle|h|at|from|until)\s*|\d[.:]\d{2}\s*[-–]\s*)$",
    re.IGNORECASE,
)
_CLOCK_AFTER = re.compile(r"^\s*(?:[-–]\s*\d{1,2}[.:]\d{2}|h\b|ore\b|[ap]\.?m\b)", re.IGNORECASE)
_PHONE_BEFORE = re.compile(r"(?:\+|\b(?:tel|phone|fax|cell|mobile)\.?:?\s*)$", re.IGNORECASE)
#: Words after which "4.0", "2.1" or "3.2" name a version, an edition or a section.
_VERSION_WORDS = (
    "industry|industria|impresa|transizione|web|version|versione|release|rel|v|ver|art"
    "|article|articolo|section|sezione|paragraph|paragrafo|par|chapter|capitolo|cap|point"
    "|punto|comma|figure|figura|fig|table|tabella|tab|step|phase|fase|level|livello"
)
_VERSION_BEFORE = re.compile(rf"\b(?:{_VERSION_WORDS})\.?\s*$", re.IGNORECASE)
_LOOK_BEHIND = 24
_DIGITS_IN_A_GROUP = 3
_HOURS_IN_A_DAY = 24
_MINUTES_IN_AN_HOUR = 60


@dataclass(frozen=True)
class _Convention:
    """How a language writes numbers, from babel's locale data."""

    language: str
    group: str
    decimal: str


def check_number_grouping(text: str, language: str, published: date | None = None) -> list[Finding]:
    """Numbers in `text` that cannot be written so in `language` ("515,15" in English)."""
    convention = _convention(base_language(language))
    if convention is None:
        return []
    findings = []
    for match in _NUMBER.finditer(text):
        token = match.group()
        if _is_valid(token, convention.language):
            continue
        before = text[max(0, match.start() - _LOOK_BEHIND) : match.start()]
        after = text[match.end() : match.end() + _LOOK_BEHIND]
        if _is_not_a_quantity(token, before, after, convention):
            continue
        message = _message(token, convention)
        findings.append(finding_at(NUMBER_GROUPING, text, match.start(), match.end(), message))
    return findings


@lru_cache(maxsize=16)
def _convention(language: str) -> _Convention | None:
    if not language:
        return None
    try:
        Locale.parse(language)
        return _Convention(language, get_group_symbol(language), get_decimal_symbol(language))
    except (ValueError, UnknownLocaleError):
        return None


def _is_valid(token: str, language: str) -> bool:
    try:
        parse_decimal(token, locale=language, strict=True)
    except (NumberFormatError, ArithmeticError):  # babel cannot even quantize absurd lengths
        return False
    return True


def _is_not_a_quantity(token: str, before: str, after: str, convention: _Convention) -> bool:
    """Dates, clock times, versions, section numbers and phone numbers look like numbers."""
    if _DOTTED_DATE.fullmatch(token) or _WHOLE_VERSION.fullmatch(token):
        return True
    if _DAY_COMMA_YEAR.fullmatch(token) and _ends_with_month_name(before, convention.language):
        return True
    if _PHONE_BEFORE.search(before):
        return True
    dots = token.count(".")
    if dots >= 2 and "," not in token and not _is_valid(token, "it"):
        return True  # "2.1.3", "10.0.1": a version or a section number
    if dots == 1 and "," not in token and _VERSION_BEFORE.search(before):
        return True
    clock = _CLOCK.fullmatch(token)
    return bool(
        clock
        and int(clock.group("hour")) < _HOURS_IN_A_DAY
        and int(clock.group("minute")) < _MINUTES_IN_AN_HOUR
        and (_CLOCK_BEFORE.search(before) or _CLOCK_AFTER.match(after))
    )


def _ends_with_month_name(before: str, language: str) -> bool:
    words = re.findall(r"[^\W\d_]+\.?\s*$", before)
    return bool(words) and words[0].strip().rstrip(".").lower() in _month_names(language)


@lru_cache(maxsize=16)
def _month_names(language: str) -> frozenset[str]:
    names: set[str] = set()
    for code in {language, "en"}:
        for width in ("wide", "abbreviated"):
            names.update(
                name.lower().rstrip(".") for name in get_month_names(width, locale=code).values()
            )
    return frozenset(names)


def _message(token: str, convention: _Convention) -> str:
    problem = _problem(token, convention)
    readings = _readings(token, convention)
    language = language_name(convention.language)
    head = _("“{token}” is not a valid {language} number: {problem}").format(
        token=token, language=language, problem=problem
    )
    if readings:
        return _("{head}; it may be {readings} — check the original").format(
            head=head, readings=_(" or ").join(readings)
        )
    return _("{head} — check the original").format(head=head)


def _symbol_name(symbol: str) -> str:
    return {",": _("comma"), ".": _("dot")}.get(symbol, f"“{symbol}”")


def _problem(token: str, convention: _Convention) -> str:
    group, decimal = convention.group, convention.decimal
    group_name, decimal_name = _symbol_name(group), _symbol_name(decimal)
    if token.count(decimal) > 1:
        return _("a number has at most one decimal {decimal}").format(decimal=decimal_name)
    if decimal in token and group in token and token.index(decimal) < token.rindex(group):
        return _("the decimal {decimal} must come after the thousands {group}s").format(
            decimal=decimal_name, group=group_name
        )
    integer = token.split(decimal)[0]
    groups = integer.split(group)
    if any(len(part) != _DIGITS_IN_A_GROUP for part in groups[1:]):
        return _(
            "a {group} separates thousands, so it must be followed by exactly three digits"
            " (decimals are written with a {decimal})"
        ).format(group=group_name, decimal=decimal_name)
    if len(groups[0]) > _DIGITS_IN_A_GROUP or groups[0].startswith("0"):
        return _("the digits before the first {group} must be one to three, not {count}").format(
            group=group_name, count=len(groups[0])
        )
    return _("its digits are not grouped the way {language} groups them").format(
        language=language_name(convention.language)
    )


def _readings(token: str, convention: _Convention) -> list[str]:
    """What the number probably was: digits lost from a group, or the other decimal sign."""
    group, decimal = convention.group, convention.decimal
    readings = []
    groups = token.split(group)
    if (
        decimal not in token
        and 1 <= len(groups[0]) <= _DIGITS_IN_A_GROUP
        and all(len(part) == _DIGITS_IN_A_GROUP for part in groups[1:-1])
        and len(groups[-1]) < _DIGITS_IN_A_GROUP
    ):
        padded = token + "0" * (_DIGITS_IN_A_GROUP - len(groups[-1]))
        readings.append(_("{number} (digits lost)").format(number=padded))
    swapped = _read_with_swapped_signs(token, convention)
    if swapped is not None:
        readings.append(
            _("{number} (decimals written with a {sign})").format(
                number=swapped, sign=_symbol_name(group)
            )
        )
    return readings


def _read_with_swapped_signs(token: str, convention: _Convention) -> str | None:
    """ "15000,23" in English as if the comma were the decimal sign: "15,000.23"."""
    group, decimal = convention.group, convention.decimal
    if token.count(group) != 1:
        return None
    integer, fraction = token.replace(decimal, "").split(group)
    if not integer or not fraction:
        return None
    return _grouped(integer.lstrip("0") or "0", group) + decimal + fraction


def _grouped(digits: str, group: str) -> str:
    parts = []
    while len(digits) > _DIGITS_IN_A_GROUP:
        parts.insert(0, digits[-_DIGITS_IN_A_GROUP:])
        digits = digits[:-_DIGITS_IN_A_GROUP]
    parts.insert(0, digits)
    return group.join(parts)
