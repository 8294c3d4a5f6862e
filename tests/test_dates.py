import datetime as dt

import pytest

from curator.text.dates import find_domain, parse_date, parse_dateline

MARCH_27 = dt.date(2023, 3, 27)


@pytest.mark.parametrize(
    ("value", "locale"),
    [
        ("2023-03-27", "en"),
        ("2023-03-27T10:00:00Z", "en"),
        ("2023-03-27T10:00:00+01:00", "it"),
        ("2023-03-27 10:00", "en"),
        ("Mar 27, 2023", "en"),
        ("Mar 27,2023", "en"),
        ("March 27th, 2023", "en"),
        ("27 March 2023", "en"),
        ("27 marzo 2023", "it"),
        ("27 mar 2023", "it"),
        ("lunedì 27 marzo 2023", "it"),
        ("Monday, 27 March 2023", "en"),
        ("27/03/2023", "it"),
        ("03/27/2023", "en"),
        ("Mar 27,2023 3:59 PM", "en"),
    ],
)
def test_reads_the_ways_press_releases_write_a_date(value, locale):
    assert parse_date(value, locale) == MARCH_27


def test_numeric_dates_follow_the_locale_order():
    assert parse_date("04/03/2023", "it") == dt.date(2023, 3, 4)
    assert parse_date("04/03/2023", "en") == dt.date(2023, 4, 3)


def test_italian_month_names_are_read_whatever_the_locale():
    assert parse_date("12 settembre 2024", "en") == dt.date(2024, 9, 12)


@pytest.mark.parametrize(
    ("value", "locale"),
    [
        ("2023-02-30", "en"),
        ("30 febbraio 2023", "it"),
        ("2023-13-01", "en"),
        ("27/03/2023", "en"),  # month 27 in the US order
        ("15/13/2023", "it"),
        ("27 marzo", "it"),  # no year
        ("", "en"),
        ("soon", "en"),
        ("27 March 2023 and then some", "en"),
    ],
)
def test_impossible_or_unreadable_dates_give_none(value, locale):
    assert parse_date(value, locale) is None


def test_updated_line_gives_the_publication_date():
    text = (
        "Bologna Automation Fair opens its doors\n\n"
        "Updated: Aug 11,2023 5:23 PM\n\n"
        "On August 9th, 2023, the fair opened with 400 exhibitors.\n"
    )
    assert parse_dateline(text).published == dt.date(2023, 8, 11)


def test_dateline_with_domain_gives_both():
    text = (
        "Organising committee of the Pudong Industry Fair meets\n\n"
        "Updated: Jul 14,2022 3:38 PM english.sheitc.gov.cn\n\n"
        "The committee met on Thursday.\n"
    )
    info = parse_dateline(text)
    assert info.published == dt.date(2022, 7, 14)
    assert info.source_domain == "english.sheitc.gov.cn"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published: 2023-03-27", MARCH_27),
        ("Aggiornato: 27 marzo 2023", MARCH_27),
        ("Pubblicato il 27/03/2023", MARCH_27),
        ("Updated: Mar 27, 2023 3:59 PM", MARCH_27),
        ("Bologna, 27 marzo 2023", MARCH_27),
        ("27 March 2023", MARCH_27),
    ],
)
def test_dateline_forms(line, expected):
    text = f"Fiera dell'Automazione di Bologna: aperte le iscrizioni\n{line}\n\nTesto.\n"
    assert parse_dateline(text).published == expected


def test_published_beats_updated():
    text = "Title\nUpdated: 2023-04-02\nPublished: 2023-03-27\n\nBody text."
    assert parse_dateline(text).published == MARCH_27


def test_date_far_down_the_article_is_not_a_dateline():
    text = "Title\n" + "Some paragraph.\n" * 12 + "Updated: 2023-03-27\n"
    assert parse_dateline(text).published is None


def test_event_date_inside_a_paragraph_is_not_the_publication_date():
    text = (
        "Fair closes\n\n"
        "The fair, which ran from 3 March 2023 to 5 March 2023 at the Bologna exhibition "
        "centre, closed with 40,000 visitors and more than 600 exhibitors from 30 countries, "
        "the organisers said on Monday in a statement published on their site.\n"
    )
    assert parse_dateline(text).published is None


def test_www_domain_in_the_first_lines_is_found():
    text = "Fiera dell'Automazione\nwww.fieramilano.it | Comunicato stampa\n\nTesto."
    assert parse_dateline(text).source_domain == "www.fieramilano.it"


@pytest.mark.parametrize(
    "text",
    [
        "Speakers, e.g. the mayor, opened the fair.",
        "Revenue grew 3.5 percent.",
        "Mr.Ge delivered a speech.",
        "Version 2.0.1 was shown.",
        "The report.pdf was handed out.",
        "The S.p.A. board met.",
    ],
)
def test_things_that_are_not_domains(text):
    assert find_domain(text) is None


def test_domain_is_read_out_of_a_url():
    assert find_domain("Source: https://www.fieramilano.it/news/2024.") == "www.fieramilano.it"
