"""Translated messages: explicit gettext (`from curator.i18n import _`), catalogs via Babel.

Catalogs are the .po files in resources/translations; they are compiled in memory when a
locale is chosen, so no build step is needed and no binary .mo file is kept in git.
"""

from __future__ import annotations

import gettext
import io
import os
from importlib import resources

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

DOMAIN = "curator"
_translations: gettext.NullTranslations = gettext.NullTranslations()
_locale: Locale = Locale("en", "GB")


def _(message: str) -> str:
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated later, where it is shown."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translations.ngettext(singular, plural, count)


def current_locale() -> Locale:
    """The locale numbers and dates are shown in."""
    return _locale


def parse_locale(name: str | None) -> Locale | None:
    if not name:
        return None
    name = name.split(".")[0].split("@")[0]
    if name in ("C", "POSIX"):
        return None
    try:
        return Locale.parse(name.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None


def system_locale_name() -> str | None:
    for variable in ("CURATOR_LOCALE", "LC_ALL", "LC_MESSAGES", "LANG"):
        if value := os.environ.get(variable):
            return value
    return None


def _load_catalog(language: str) -> gettext.NullTranslations:
    po_file = resources.files("resources") / "translations" / f"{language}.po"
    if not po_file.is_file():
        return gettext.NullTranslations()
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(fp=compiled, domain=DOMAIN)


def set_locale(name: str | None) -> Locale:
    """Choose the locale for messages, numbers and dates (falls back to English)."""
    global _translations, _locale
    locale = parse_locale(name) or Locale("en", "GB")
    _locale = locale
    _translations = _load_catalog(locale.language)
    return locale


def available_message_languages() -> list[str]:
    folder = resources.files("resources") / "translations"
    catalogs = [entry.name for entry in folder.iterdir() if entry.name.endswith(".po")]
    return ["en", *sorted(name.removesuffix(".po") for name in catalogs)]
