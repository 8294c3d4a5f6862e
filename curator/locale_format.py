"""Numbers, dates and language names shown in the editor's locale (babel); stored as ISO."""

from __future__ import annotations

import datetime as dt
import re

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.dates import parse_date as babel_parse_date
from babel.numbers import format_decimal

from curator.i18n import _, current_locale
from curator.text.dates import parse_date as parse_written_date

_NUMERIC_DATE = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")


def format_date(value: dt.date | None, locale: Locale | None = None, style: str = "medium") -> str:
    if value is None:
        return ""
    return babel_format_date(value, format=style, locale=locale or current_locale())


def format_number(value: float | int, locale: Locale | None = None) -> str:
    return format_decimal(value, locale=locale or current_locale())


def parse_date_input(text: str, locale: Locale | None = None) -> dt.date | None:
    """Read a date as an editor types it in their locale; "" means no date.

    Raises ValueError with a message that says what was expected.
    """
    text = text.strip()
    if not text:
        return None
    locale = locale or current_locale()
    parsed = None
    if _NUMERIC_DATE.match(text):
        # Day or month first is the locale's call (en_GB day first, en_US month first).
        try:
            parsed = babel_parse_date(text, locale=locale)
        except (ValueError, IndexError):
            parsed = None
    if parsed is None:
        parsed = parse_written_date(text, locale.language)
    if parsed is None:
        example = format_date(dt.date(2025, 3, 27), locale)
        raise ValueError(
            _("cannot read “{text}” as a date; type it like {example} or 2025-03-27").format(
                text=text, example=example
            )
        )
    return parsed


def language_name(code: str | None, locale: Locale | None = None) -> str:
    """ "Italian" for "it" (in the editor's language); the code itself when unknown."""
    if not code:
        return _("Unknown")
    try:
        name = Locale.parse(code).get_display_name(locale or current_locale())
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:] if name else code
