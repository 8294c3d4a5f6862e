"""Text-level checks (curator.checks): every check id, English and Italian, both ways."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from curator.checks import CHECKS, Finding, run_text_checks
from curator.checks.dates import (
    check_date_ranges,
    check_future_events,
    check_impossible_dates,
    check_ordinal_suffixes,
)
from curator.checks.debris import check_encoding_damage, check_placeholders
from curator.checks.number_grouping import check_number_grouping

ALL_IDS = {
    "number-grouping",
    "placeholder-debris",
    "encoding-damage",
    "ordinal-suffix",
    "impossible-date",
    "date-range",
    "future-event",
}


def flagged(text: str, language: str, check_id: str, published: dt.date | None = None) -> list:
    """The texts run_text_checks flags with `check_id`, checking each span on the way."""
    findings = [f for f in run_text_checks(text, language, published) if f.check_id == check_id]
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
    return [finding.text for finding in findings]


def only_message(text: str, language: str, check_id: str, published: dt.date | None = None) -> str:
    findings = [f for f in run_text_checks(text, language, published) if f.check_id == check_id]
    assert len(findings) == 1, findings
    return findings[0].message


# --- the registry ----------------------------------------------------------------------------


def test_registry_lists_every_check_with_a_description_and_a_severity():
    assert set(CHECKS) == ALL_IDS
    for check_id, info in CHECKS.items():
        assert info.check_id == check_id
        assert info.description
        assert info.severity in {"error", "warning", "info"}


def test_findings_are_sorted_frozen_and_carry_their_registry_severity():
    text = "On May 3th, 2025 the show drew 815,4 guests and <> buyers to the cafÃ©."
    findings = run_text_checks(text, "en")
    assert [f.check_id for f in findings] == [
        "ordinal-suffix",
        "number-grouping",
        "placeholder-debris",
        "encoding-damage",
    ]
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    for finding in findings:
        assert finding.severity == CHECKS[finding.check_id].severity
    with pytest.raises(dataclasses.FrozenInstanceError):
        findings[0].start = 0  # type: ignore[misc]


def test_clean_text_and_unknown_languages_raise_nothing():
    assert run_text_checks("The 9th Robotics Fair opened on 4 June 2025.", "en") == []
    assert run_text_checks("La 9ª Fiera della Robotica ha aperto il 4 giugno 2025.", "it") == []
    assert run_text_checks("", "en") == []
    assert check_number_grouping("815,4 guests", "zz") == []


def test_every_family_takes_the_same_arguments():
    for check in (
        check_number_grouping,
        check_placeholders,
        check_encoding_damage,
        check_ordinal_suffixes,
        check_impossible_dates,
        check_date_ranges,
        check_future_events,
    ):
        assert isinstance(check("nothing here", "en", None), list)


# --- number-grouping ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("The hall welcomed 742,31 guests on Sunday.", "742,31"),
        ("Organisers counted 26000,45 tickets sold.", "26000,45"),
        ("Each pavilion covers 12,5 square metres.", "12,5"),
        ("Sales reached 4.567,89 euros in one day.", "4.567,89"),
        ("The fund holds 19,23,456 dollars.", "19,23,456"),
        ("Prices rose by 3,7% last year.", "3,7"),
    ],
)
def test_english_numbers_grouped_impossibly_are_flagged(text, span):
    assert flagged(text, "en", "number-grouping") == [span]


def test_english_message_names_the_problem_and_the_likely_readings():
    message = only_message("The hall welcomed 742,31 guests.", "en", "number-grouping")
    assert "“742,31” is not a valid English number" in message
    assert "exactly three digits" in message
    assert "742,310 (digits lost)" in message
    assert "742.31" in message
    assert "check the original" in message
    message = only_message("Organisers counted 26000,45 tickets.", "en", "number-grouping")
    assert "26,000.45" in message


@pytest.mark.parametrize(
    "text",
    [
        "More than 3,200 exhibitors and 1,234,567 visitors came.",
        "The site spans 10.5 hectares and grew by 2.5% this year.",
        "The fair of 2024 opened at 3:59 PM on 2024-09-17.",
        "Doors opened on 17/09/2024 and on 09/18/2024.",
        "Talks on Industry 4.0 and Web 3.0 filled the agenda; see version 2.0 of the plan.",
        "Firmware 2.13.10 was shown in hall 1.",
        "Updated: Sep 17,2024 4:05 PM",
        "The 2024-2026 plan follows a 2+(3+6) structure.",
        "Call tel. +39 02.4997 for details.",
        "Revenue was 12,500.75 dollars.",
    ],
)
def test_english_numbers_that_are_fine_or_not_quantities_are_left_alone(text):
    assert flagged(text, "en", "number-grouping") == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Lo stand misura 1.50 metri di altezza.", "1.50"),
        ("La fiera ha accolto 38200.17 visitatori.", "38200.17"),
        ("I valori 7,2,9 non tornano.", "7,2,9"),
        ("Il fatturato è di 1,234.5 euro.", "1,234.5"),
    ],
)
def test_italian_numbers_grouped_impossibly_are_flagged(text, span):
    assert flagged(text, "it", "number-grouping") == [span]


def test_italian_message_uses_italian_conventions():
    message = only_message("Lo stand misura 1.50 metri.", "it", "number-grouping")
    assert "“1.50” is not a valid Italian number" in message
    assert "1.500 (digits lost)" in message
    assert "1,50" in message
    message = only_message("La fiera ha accolto 38200.17 visitatori.", "it", "number-grouping")
    assert "38.200,17" in message


@pytest.mark.parametrize(
    "text",
    [
        "La superficie è di 10,5 metri quadrati e gli espositori sono 1.500.",
        "Il budget è di 1.234.567 euro, in crescita del 3,5%.",
        "Apertura alle 15.30; orario dalle 9.30 alle 18.00.",
        "Si parlerà di Industria 4.0 e di Transizione 5.0.",
        "L'evento si tiene il 17.09.2024 in via Roma.",
        "Le coordinate sono 45,4642 e 9,19.",
    ],
)
def test_italian_numbers_that_are_fine_or_not_quantities_are_left_alone(text):
    assert flagged(text, "it", "number-grouping") == []


def test_a_decimal_comma_is_wrong_in_english_and_right_in_italian():
    assert flagged("They built 10,5 km of track.", "en", "number-grouping") == ["10,5"]
    assert flagged("Hanno costruito 10,5 km di binari.", "it", "number-grouping") == []
    assert flagged("Oltre 1.500 aziende.", "it", "number-grouping") == []


# --- placeholder-debris ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("It drew more than 6,<> exhibitors.", "6,<>"),
        ("Deals worth <> million euros were signed.", "<>"),
        ("There were [NUMBER] companies on site.", "[NUMBER]"),
        ("The show was opened by [NAME], the mayor.", "[NAME]"),
        ("It attracted {0} visitors.", "{0}"),
        ("Some XX visitors attended.", "XX"),
        ("The next edition is in 20XX.", "20XX"),
        ("Orders reached €XXX this week.", "XXX"),
        ("Orders reached xx tonnes.", "xx"),
    ],
)
def test_english_placeholders_are_flagged(text, span):
    assert flagged(text, "en", "placeholder-debris") == [span]


def test_placeholder_message_says_a_figure_was_lost():
    message = only_message("It drew more than 6,<> exhibitors.", "en", "placeholder-debris")
    assert "“6,<>”" in message
    assert "placeholder" in message
    assert "original" in message


@pytest.mark.parametrize(
    "text",
    [
        "Shirts came in sizes S to XXL.",
        "Delegates met at the XX Congress of the union.",
        "Fans remember Super Bowl XX well.",
        "As the minister said, “[...] we grow”, and see note [1].",
        "Prices (in euros) were <b>bold</b> on the sign.",
    ],
)
def test_english_text_without_placeholders_is_left_alone(text):
    assert flagged(text, "en", "placeholder-debris") == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Hanno partecipato oltre 4.<> buyer.", "4.<>"),
        ("Contratti per un valore di XX milioni di euro.", "XX"),
        ("L'inaugurazione è prevista il XX marzo.", "XX"),
        ("Ha parlato [NOME], presidente della fiera.", "[NOME]"),
        ("Sono attese <> aziende.", "<>"),
    ],
)
def test_italian_placeholders_are_flagged(text, span):
    assert flagged(text, "it", "placeholder-debris") == [span]


@pytest.mark.parametrize(
    "text",
    [
        "Nel XX secolo la città cambiò volto.",
        "La XXX edizione della fiera si apre oggi.",
        "Magliette dalla taglia S alla XXL.",
    ],
)
def test_italian_roman_numerals_are_not_placeholders(text):
    assert flagged(text, "it", "placeholder-debris") == []


# --- encoding-damage ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "meant"),
    [
        ("Visitors met in the cafÃ© area.", "Ã©", "“é”"),
        ("The organisersâ€™ stand was busy.", "â€™", "’"),
        ("The slogan was â€œGrow togetherâ€ this year.", "â€œ", "“"),
        ("A smart fa\ufffdade was shown.", "\ufffd", "lost"),
    ],
)
def test_english_encoding_damage_is_flagged_with_the_meant_character(text, span, meant):
    assert flagged(text, "en", "encoding-damage")[0] == span
    findings = [f for f in run_text_checks(text, "en") if f.check_id == "encoding-damage"]
    assert meant in findings[0].message


def test_a_dropped_third_byte_is_read_as_a_closing_quote():
    text = "The slogan was â€œGrow togetherâ€ this year."
    assert flagged(text, "en", "encoding-damage") == ["â€œ", "â€"]


def test_text_damaged_twice_is_repaired_twice():
    message = only_message("The organisersÃ¢â‚¬â„¢ stand.", "en", "encoding-damage")
    assert "“Ã¢â‚¬â„¢”" in message
    assert "(’)" in message


@pytest.mark.parametrize(
    ("text", "span", "meant"),
    [
        ("La fiera Ã¨ aperta a tutti.", "Ã¨", "“è”"),
        ("Si parte dalla cittÃ  di Bologna.", "Ã", "“à”"),
        ("PerchÃ© proprio qui?", "Ã©", "“é”"),
    ],
)
def test_italian_encoding_damage_is_flagged_with_the_meant_character(text, span, meant):
    assert flagged(text, "it", "encoding-damage") == [span]
    message = only_message(text, "it", "encoding-damage")
    assert "encoding damage" in message
    assert f"should probably be {meant}" in message


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The façade of the São Paulo pavilion looked naïve à la mode.", "en"),
        ("Österreich and Ørsted joined; Ångström units.", "en"),
        ("La città è più bella perché è così; caffè all’aperto.", "it"),
        ("È l'età dell'oro: Università di Genova.", "it"),
    ],
)
def test_accented_text_is_not_encoding_damage(text, language):
    assert flagged(text, language, "encoding-damage") == []


# --- ordinal-suffix ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "right"),
    [
        ("It closed on December 28nd.", "28nd", "28th"),
        ("The 3th edition opened.", "3th", "3rd"),
        ("On the 1th day of the show.", "1th", "1st"),
        ("The 22th forum began.", "22th", "22nd"),
        ("Its 11st meeting was brief.", "11st", "11th"),
        ("The 113rd session ran late.", "113rd", "113th"),
    ],
)
def test_wrong_english_ordinal_suffixes_are_flagged(text, span, right):
    assert flagged(text, "en", "ordinal-suffix") == [span]
    message = only_message(text, "en", "ordinal-suffix")
    assert "wrong ordinal suffix" in message
    assert f"should be “{right}”" in message


def test_right_english_ordinal_suffixes_are_left_alone():
    text = "The 11th, 12th, 13th, 21st, 22nd, 23rd, 101st, 111th and 1,000th visitors."
    assert flagged(text, "en", "ordinal-suffix") == []


def test_english_ordinals_in_italian_text_are_checked_too():
    assert flagged("Alla 23th edizione della fiera.", "it", "ordinal-suffix") == ["23th"]
    assert flagged("Alla 25ª edizione, il 3° giorno.", "it", "ordinal-suffix") == []


# --- impossible-date ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "reason"),
    [
        ("The fair opens on February 30.", "February 30", "February has at most 29 days"),
        ("It ends on 31 April 2025.", "31 April 2025", "April 2025 has 30 days"),
        ("The deadline is June 31, 2024.", "June 31, 2024", "June 2024 has 30 days"),
        ("Tickets were sold on February 29, 2023.", "February 29, 2023", "February 2023 has 28"),
        ("Registration closes 13/14/2024.", "13/14/2024", "there is no month 13"),
        ("The file is dated 2024-13-02.", "2024-13-02", "there is no month 13"),
    ],
)
def test_english_impossible_dates_are_flagged(text, span, reason):
    assert flagged(text, "en", "impossible-date") == [span]
    message = only_message(text, "en", "impossible-date")
    assert f"“{span}” is not a real date" in message
    assert reason in message


@pytest.mark.parametrize(
    "text",
    [
        "The gala is on February 29, 2024 and again on February 29.",
        "In February 30 companies signed up.",
        "In February 30,000 visitors came.",
        "It runs until April 30 and starts on 04/03/2024 or 12/31/2024.",
        "The cake was 31 Mayfair's best.",
    ],
)
def test_english_possible_dates_are_left_alone(text):
    assert flagged(text, "en", "impossible-date") == []


@pytest.mark.parametrize(
    ("text", "span", "reason"),
    [
        ("La fiera apre il 30 febbraio.", "30 febbraio", "February has at most 29 days"),
        ("Si chiude il 31 aprile 2025.", "31 aprile 2025", "April 2025 has 30 days"),
        ("Iscrizioni entro il 15/13/2024.", "15/13/2024", "there is no month 13"),
        ("Consegna il 31/04/2025.", "31/04/2025", "April 2025 has 30 days"),
    ],
)
def test_italian_impossible_dates_are_flagged(text, span, reason):
    assert flagged(text, "it", "impossible-date") == [span]
    assert reason in only_message(text, "it", "impossible-date")


@pytest.mark.parametrize(
    "text",
    [
        "La festa è il 29 febbraio 2024, la chiusura il 30 aprile.",
        "Si apre il 04/03/2024 con la release 3.14.15 del software.",
        "A febbraio 30 aziende hanno aderito.",
    ],
)
def test_italian_possible_dates_are_left_alone(text):
    assert flagged(text, "it", "impossible-date") == []


# --- date-range --------------------------------------------------------------------------------


def test_a_range_whose_end_is_not_a_date_is_flagged():
    text = "The fair ran in Turin from October 2024 to November 9, 17. It was busy."
    assert flagged(text, "en", "date-range") == ["from October 2024 to November 9, 17"]
    message = only_message(text, "en", "date-range")
    assert "not a possible date range" in message
    assert "“17” cannot be a year" in message


@pytest.mark.parametrize(
    "span",
    [
        "from December 5 to November 28, 2024",
        "from 12 to 9 March",
        "from June 2025 to May 2024",
        "between 2026 and 2024",
    ],
)
def test_english_ranges_that_end_before_they_start_are_flagged(span):
    text = f"The expo was open {span} in Lyon."
    assert flagged(text, "en", "date-range") == [span]
    assert "ends before it starts" in only_message(text, "en", "date-range")


@pytest.mark.parametrize(
    "text",
    [
        "It ran from November 28 to December 2, 2023.",
        "It ran from December 28 to January 3, 2025.",
        "It ran from December 28, 2024 to January 3.",
        "It grew from 5 to 8 companies and from 2022 to 2024.",
        "The plan (2023-2025) covers March 5-8, 2024 and 5–8 March 2024.",
        "From May 5 to June 11, 28 exhibitors attended.",
    ],
)
def test_english_ranges_that_make_sense_are_left_alone(text):
    assert flagged(text, "en", "date-range") == []


@pytest.mark.parametrize(
    "span",
    ["dal 5 dicembre al 28 novembre 2024", "dal 12 al 9 marzo", "da giugno 2025 a maggio 2024"],
)
def test_italian_ranges_that_end_before_they_start_are_flagged(span):
    text = f"La mostra è aperta {span} a Lione."
    assert flagged(text, "it", "date-range") == [span]
    assert "ends before it starts" in only_message(text, "it", "date-range")


@pytest.mark.parametrize(
    "text",
    [
        "La fiera è aperta dal 28 novembre al 2 dicembre 2023.",
        "Si svolge dall'11 al 13 ottobre, dal 2023 al 2025.",
        "Sono passati da 5 a 8 espositori.",
        "Chiude tra il 30 dicembre e il 2 gennaio.",
    ],
)
def test_italian_ranges_that_make_sense_are_left_alone(text):
    assert flagged(text, "it", "date-range") == []


# --- future-event ------------------------------------------------------------------------------

PUBLISHED = dt.date(2024, 5, 10)


def test_an_english_event_told_in_the_past_but_dated_later_is_flagged():
    text = "Good news. The fair was held on June 3, 2024 in Milan. More next time."
    assert flagged(text, "en", "future-event", PUBLISHED) == ["June 3, 2024"]
    message = only_message(text, "en", "future-event", PUBLISHED)
    assert "after the article's publication date" in message
    assert "“was held”" in message


def test_a_range_told_in_the_past_is_flagged_by_its_start():
    text = "The expo took place from 5 to 8 September 2024."
    assert flagged(text, "en", "future-event", PUBLISHED) == ["from 5 to 8 September 2024"]


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("The fair was held on June 3, 2024 in Milan.", dt.date(2024, 7, 1)),
        ("The fair was held on June 3, 2024 in Milan.", None),
        ("The fair will be held on June 3, 2024 in Milan.", PUBLISHED),
        ("The fair was held on June 3 in Milan.", PUBLISHED),
        ("The 2025 edition closed with a record.", PUBLISHED),
        ("It was held in 2023; the next one opens on June 3, 2024.", PUBLISHED),
        ("The expo took place from 28 April to 12 May 2024.", PUBLISHED),
    ],
)
def test_english_events_that_fit_the_publication_date_are_left_alone(text, published):
    assert flagged(text, "en", "future-event", published) == []


def test_an_italian_event_told_in_the_past_but_dated_later_is_flagged():
    text = "La fiera si è tenuta il 3 giugno 2024 a Bologna. Bene così."
    assert flagged(text, "it", "future-event", PUBLISHED) == ["3 giugno 2024"]
    assert "“si è tenuta”" in only_message(text, "it", "future-event", PUBLISHED)


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("La fiera si terrà il 3 giugno 2024 a Bologna.", PUBLISHED),
        ("La fiera si è tenuta il 3 giugno 2024 a Bologna.", dt.date(2024, 6, 4)),
        ("La fiera si è chiusa il 3 giugno a Bologna.", PUBLISHED),
    ],
)
def test_italian_events_that_fit_the_publication_date_are_left_alone(text, published):
    assert flagged(text, "it", "future-event", published) == []


def test_findings_are_values_that_compare_equal():
    first = Finding("ordinal-suffix", "warning", 0, 3, "3th", "m")
    assert first == Finding("ordinal-suffix", "warning", 0, 3, "3th", "m")


def test_absurdly_long_numbers_are_reported_not_raised():
    text = "1," * 500 + "1 units"
    assert flagged(text, "en", "number-grouping") == [text.removesuffix(" units")]
