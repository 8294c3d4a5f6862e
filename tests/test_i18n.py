"""Translations as an Italian editor meets them: labels, plurals, catalogs, dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from babel.util import pathmatch
from pytestqt.qtbot import QtBot

from curator import articles
from curator.formats.base import ReadProblem
from curator.i18n import set_locale
from curator.importer import DuplicateArticle, ImportedArticle, ImportReport
from curator.locale_format import format_date, parse_date_input
from db.library import Library

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"
EXTRACT_COMMAND = (
    "pybabel extract -F resources/translations/babel.cfg -k _ -k N_ -k ngettext:1,2 "
    "--sort-output --add-location=file -o resources/translations/curator.pot ."
)
UPDATE_COMMAND = (
    "pybabel update -i resources/translations/curator.pot -o resources/translations/it.po -l it"
)
# Format fields ("{n}", "{title}") and the tokens Qt fills in a progress bar ("%v of %m").
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%[vmp]")


@pytest.fixture
def italian() -> Iterator[None]:
    set_locale("it_IT")
    yield
    set_locale("en_GB")


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain="curator")


def forms(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def msgid(message: Message) -> str:
    return forms(message.id)[0]


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def accelerator(text: str) -> str | None:
    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).casefold() if found else None


# --- what the editor sees ---------------------------------------------------------


def test_status_labels_are_italian(italian: None) -> None:
    labels = {status: articles.status_label(status) for status in articles.STATUSES}

    assert labels == {
        "new": "Nuovo",
        "in_progress": "In lavorazione",
        "in_review": "In revisione",
        "approved": "Approvato",
        "rejected": "Respinto",
    }


def test_import_summary_is_italian_in_the_singular(italian: None) -> None:
    report = ImportReport(
        imported=[ImportedArticle(id=1, title="Fiera della robotica", origin="fiera.txt")],
        duplicates=[DuplicateArticle(origin="copia.txt", existing_id=1, title="Fiera")],
        problems=[ReadProblem(where="rotto.json", reason="JSON non valido")],
        skipped=[ReadProblem(where="foto.jpg", reason="tipo", severity="warning")],
    )

    assert report.summary() == ("1 articolo importato, 1 duplicato, 1 rifiutato, 1 file ignorato")


def test_import_summary_is_italian_in_the_plural(italian: None) -> None:
    report = ImportReport(
        imported=[
            ImportedArticle(id=1, title="Uno", origin="uno.txt"),
            ImportedArticle(id=2, title="Due", origin="due.txt"),
        ],
        duplicates=[
            DuplicateArticle(origin="a.txt", existing_id=1, title="Uno"),
            DuplicateArticle(origin="b.txt", existing_id=2, title="Due"),
        ],
        problems=[
            ReadProblem(where="a.json", reason="JSON non valido"),
            ReadProblem(where="b.json", reason="JSON non valido"),
            ReadProblem(where="c.md", reason="data illeggibile", severity="warning"),
        ],
        skipped=[
            ReadProblem(where="a.jpg", reason="tipo", severity="warning"),
            ReadProblem(where="b.jpg", reason="tipo", severity="warning"),
        ],
        cancelled=True,
    )

    assert report.summary() == (
        "2 articoli importati, 2 duplicati, 2 rifiutati, 2 file ignorati"
        " — importazione interrotta; gli articoli già importati sono stati conservati"
    )


def test_an_empty_import_summary_uses_the_plural(italian: None) -> None:
    assert ImportReport().summary() == "0 articoli importati, 0 duplicati, 0 rifiutati"


def test_italian_menus_and_labels_have_distinct_accelerators(
    italian: None, qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QLabel

    from ui.app import create_application
    from ui.main_window import MainWindow
    from ui.settings import Settings

    create_application([])
    window = MainWindow(library, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)

    menus = [action.menu() for action in window.menuBar().actions()]
    assert [menu.title() for menu in menus] == [
        "&File",
        "&Modifica",
        "A&nnota",
        "&Vai",
        "T&raduzione",
        "&Aiuto",
    ]
    for menu in menus:
        texts = [action.text() for action in menu.actions() if not action.isSeparator()]
        keys = [accelerator(text) for text in texts]
        assert None not in keys, f"{menu.title()}: an item has no accelerator: {texts}"
        assert len(set(keys)) == len(keys), f"{menu.title()}: accelerators repeat: {texts}"

    # Alt+letter for the menu bar and for the record's field labels works window-wide.
    window_wide = [menu.title() for menu in menus] + [
        label.text() for label in window.record_pane.findChildren(QLabel) if label.buddy()
    ]
    keys = [accelerator(text) for text in window_wide]
    assert len(set(keys)) == len(keys), f"Alt shortcuts repeat: {window_wide}"


# --- the catalogs -------------------------------------------------------------------


def test_every_italian_message_is_translated_and_keeps_its_placeholders() -> None:
    catalog = read_catalog(TRANSLATIONS / "it.po", locale="it")
    assert catalog.num_plurals == 2
    assert catalog.plural_expr.replace(" ", "") == "(n!=1)"

    problems = []
    for message in catalog:
        if not message.id:
            continue
        originals = forms(message.id)
        translations = forms(message.string)
        if message.fuzzy:
            problems.append(f"fuzzy: {msgid(message)!r}")
        if not translations or not all(translations):
            problems.append(f"untranslated: {msgid(message)!r}")
            continue
        if message.pluralizable and len(translations) != catalog.num_plurals:
            problems.append(f"{len(translations)} plural forms: {msgid(message)!r}")
        # Italian has two forms, singular then plural, like the English source; a
        # singular form may leave the count out ("once"), but no form invents one.
        for index, translation in enumerate(translations):
            source = originals[min(index, len(originals) - 1)]
            expected = placeholders(source)
            if placeholders(translation) != expected:
                problems.append(
                    f"placeholders {sorted(placeholders(translation))} instead of "
                    f"{sorted(expected)}: {msgid(message)!r} -> {translation!r}"
                )
        if accelerator(originals[0]) and not accelerator(translations[0]):
            problems.append(f"accelerator lost: {msgid(message)!r} -> {translations[0]!r}")

    assert not problems, "\n".join(problems)


def test_every_extracted_message_has_an_italian_entry() -> None:
    template = read_catalog(TRANSLATIONS / "curator.pot")
    italian = read_catalog(TRANSLATIONS / "it.po", locale="it")

    missing = [msgid(message) for message in template if message.id and message.id not in italian]

    assert not missing, f"Not in it.po (run `{UPDATE_COMMAND}` and translate):\n" + "\n".join(
        repr(text) for text in missing
    )


def test_the_template_holds_every_message_in_the_code() -> None:
    with (TRANSLATIONS / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {**DEFAULT_KEYWORDS, "_": None, "N_": None, "ngettext": (1, 2)}
    in_code: set[str] = set()
    for pattern, method in method_map:
        folder = ROOT / pattern.split("/")[0]
        for path in sorted(folder.rglob("*.py")):
            if not pathmatch(pattern, path.relative_to(ROOT).as_posix()):
                continue
            for _lineno, message, _comments, _context in extract_from_file(
                method, path, keywords=keywords, options=options_map.get(pattern)
            ):
                in_code.add(forms(message)[0])
    template = {msgid(message) for message in read_catalog(TRANSLATIONS / "curator.pot")}

    missing = sorted(in_code - template)

    assert in_code
    assert not missing, f"curator.pot is out of date (run `{EXTRACT_COMMAND}`):\n" + "\n".join(
        repr(text) for text in missing
    )


# --- other locales, dates -----------------------------------------------------------


def test_french_falls_back_to_english_text_with_french_dates() -> None:
    try:
        set_locale("fr_FR")

        assert articles.status_label("in_review") == "In review"
        assert ImportReport().summary() == "0 articles imported, 0 duplicates, 0 refused"
        assert format_date(dt.date(2025, 3, 27), style="long") == "27 mars 2025"
    finally:
        set_locale("en_GB")


def test_an_italian_editor_types_a_day_first_date(italian: None) -> None:
    assert parse_date_input("27/03/2025") == dt.date(2025, 3, 27)
    assert format_date(dt.date(2025, 3, 27), style="long") == "27 marzo 2025"
