
import pytest

from curator.text.recognisers import (
    DATE,
    FIGURE,
    MONEY,
    SOURCE_DATE,
    SOURCE_FIGURE,
    SOURCE_MONEY,
    Suggestion,
    recognise,
)


def found(text: str, language: str, kind: str | None = None) -> list[tuple[str, str | None]]:
    """(covered text, value) of each suggestion, or of those of one type."""
    return [(s.text, s.value) for s in recognise(text, language) if kind in (None, s.type)]


# --- the suggestion itself ---------------------------------------------------------------


def test_a_suggestion_quotes_its_span_and_names_its_rule():
    text = "The Padua trade show drew more than 1,200 exhibitors on 9 May 2024 for EUR 3 million."
    suggestions = recognise(text, "en")
    assert [s.type for s in suggestions] == [FIGURE, DATE, MONEY]
    for s in suggestions:
        assert isinstance(s, Suggestion)
        assert text[s.start : s.end] == s.text
    assert [s.source for s in suggestions] == [SOURCE_FIGURE, SOURCE_DATE, SOURCE_MONEY]
    assert [s.start for s in suggestions] == sorted(s.start for s in suggestions)


def test_suggestions_are_frozen():
    suggestion = recognise("On 9 May 2024 it opened.", "en")[0]
    with pytest.raises(AttributeError):
        suggestion.start = 0  # type: ignore[misc]


def test_an_empty_text_has_no_suggestions():
    assert recognise("", "en") == []
    assert recognise("No numbers or dates here at all.", "it") == []


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "span", "value"),
    [
        (
            "The hall reopened on September 3rd, 2024 after works.",
            "en",
            "September 3rd, 2024",
            "2024-09-03",
        ),
        ("Posted: Oct 9,2024 11:05 AM by the press office", "en", "Oct 9,2024", "2024-10-09"),
        ("It was signed 21 February 2025 in Turin.", "en", "21 February 2025", "2025-02-21"),
        (
            "It was signed on the 21st of February 2025.",
            "en",
            "21st of February 2025",
            "2025-02-21",
        ),
        ("Accordo firmato il 21 febbraio 2025 a Torino.", "it", "21 febbraio 2025", "2025-02-21"),
        ("Firmato il 1° marzo 2025.", "it", "1° marzo 2025", "2025-03-01"),
        ("Data: 2025-02-21, ore 10.", "it", "2025-02-21", "2025-02-21"),
        ("Scadenza: 21/02/2025.", "it", "21/02/2025", "2025-02-21"),
        ("Deadline: 02/21/2025.", "en", "02/21/2025", "2025-02-21"),
        ("The catalogue goes out in April 2026.", "en", "April 2026", "2026-04"),
        ("Il catalogo esce ad aprile 2026.", "it", "aprile 2026", "2026-04"),
        ("The Sept. 2026 edition is planned.", "en", "Sept. 2026", "2026-09"),
        ("On June 30th the jury met.", "en", "June 30th", "--06-30"),
        ("La giuria si è riunita il 30 giugno.", "it", "30 giugno", "--06-30"),
    ],
)
def test_single_dates(text, language, span, value):
    assert found(text, language, DATE) == [(span, value)]


@pytest.mark.parametrize(
    ("text", "language", "span", "value"),
    [
        (
            "The show runs from October 29 to November 1, 2025 in Verona.",
            "en",
            "from October 29 to November 1, 2025",
            "2025-10-29/2025-11-01",
        ),
        (
            "Visits run from December 30 to January 4, 2026.",
            "en",
            "from December 30 to January 4, 2026",
            "2025-12-30/2026-01-04",
        ),
        (
            "La mostra si svolge dal 4 al 7 giugno 2025 a Rimini.",
            "it",
            "dal 4 al 7 giugno 2025",
            "2025-06-04/2025-06-07",
        ),
        ("Aperto dall'8 all'11 maggio.", "it", "dall'8 all'11 maggio", "--05-08/--05-11"),
        (
            "Aperto dal 30 aprile al 3 maggio 2025.",
            "it",
            "dal 30 aprile al 3 maggio 2025",
            "2025-04-30/2025-05-03",
        ),
        (
            "Tra il 2 e il 4 luglio 2025 si terrà il salone.",
            "it",
            "Tra il 2 e il 4 luglio 2025",
            "2025-07-02/2025-07-04",
        ),
        ("Workshops on 12-14 March drew crowds.", "en", "12-14 March", "--03-12/--03-14"),
        ("Workshops on 12–14 March 2025.", "en", "12–14 March 2025", "2025-03-12/2025-03-14"),
        ("It is open June 3-6, 2025 to buyers.", "en", "June 3-6, 2025", "2025-06-03/2025-06-06"),
        (
            "Held between 8 and 10 April 2025.",
            "en",
            "between 8 and 10 April 2025",
            "2025-04-08/2025-04-10",
        ),
        ("Tours run from May to July 2025.", "en", "from May to July 2025", "2025-05/2025-07"),
        (
            "Apr. 28 – May 2, 2025 is the window.",
            "en",
            "Apr. 28 – May 2, 2025",
            "2025-04-28/2025-05-02",
        ),
    ],
)
def test_a_range_is_one_span_with_a_range_value(text, language, span, value):
    assert found(text, language, DATE) == [(span, value)]


def test_a_range_without_a_year_keeps_both_ends_yearless():
    text = "From March 3rd to April 12th the halls stay open."
    assert found(text, "en", DATE) == [("From March 3rd to April 12th", "--03-03/--04-12")]


def test_a_date_line_gives_the_date_not_the_time():
    text = "Last updated: Feb 2,2024 9:41 PM\n\nThe fair opened."
    assert found(text, "en") == [("Feb 2,2024", "2024-02-02")]


def test_a_sentence_full_stop_after_a_month_is_not_part_of_the_date():
    assert found("Si chiude il 9 novembre.", "it") == [("9 novembre", "--11-09")]
    assert found("It closes on 9 Nov. 2025.", "en") == [("9 Nov. 2025", "2025-11-09")]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The 2024 edition was the largest.", "en"),
        ("The Logistics Plan (2024-2027) was presented.", "en"),
        ("Il piano 2024-2027 è stato presentato.", "it"),
        ("He may 5 times repeat it.", "en"),  # "may" is no month in English text
        ("The deadline is February 30, 2025.", "en"),  # no such day
        ("The show ran on the 3rd.", "en"),
        ("Fiera n. 12 del settore.", "it"),
    ],
)
def test_no_date_is_invented(text, language):
    assert found(text, language, DATE) == []


def test_and_joins_days_of_one_month_but_not_a_day_and_a_count():
    assert found("Visits on 5 and 6 May.", "en", DATE) == [("5 and 6 May", "--05-05/--05-06")]
    assert found("On May 5 and 6 companies signed.", "en") == [
        ("May 5", "--05-05"),
        ("6 companies", "6"),
    ]


# --- money -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "span", "value"),
    [
        ("Sales reached RMB80 billion last year.", "en", "RMB80 billion", "CNY 80000000000"),
        ("The park costs RMB 4.5 billion.", "en", "RMB 4.5 billion", "CNY 4500000000"),
        ("Orders worth 75 billion yuan were placed.", "en", "75 billion yuan", "CNY 75000000000"),
        ("Investment of EUR 2.4 billion is planned.", "en", "EUR 2.4 billion", "EUR 2400000000"),
        ("A fund of $7 million was set up.", "en", "$7 million", "USD 7000000"),
        ("Grants of USD 450,000 were paid.", "en", "USD 450,000", "USD 450000"),
        ("Deals came to €3.8bn in total.", "en", "€3.8bn", "EUR 3800000000"),
        ("A prize of a thousand dollars.", "en", "a thousand dollars", "USD 1000"),
        ("Turnover topped nearly RMB90 billion.", "en", "nearly RMB90 billion", "CNY ~90000000000"),
        ("Investimenti per €2,4 miliardi nel triennio.", "it", "€2,4 miliardi", "EUR 2400000000"),
        ("Un piano da 2,4 miliardi di euro.", "it", "2,4 miliardi di euro", "EUR 2400000000"),
        ("Contratti per 7 milioni di dollari.", "it", "7 milioni di dollari", "USD 7000000"),
        ("Un fondo di un miliardo di euro.", "it", "un miliardo di euro", "EUR 1000000000"),
        ("Un biglietto costa 15 euro.", "it", "15 euro", "EUR 15"),
        ("Ordini per oltre 3.500 euro.", "it", "oltre 3.500 euro", "EUR >3500"),
        ("Un premio di mille euro.", "it", "mille euro", "EUR 1000"),
        ("Un fondo da 300mila euro.", "it", "300mila euro", "EUR 300000"),
        ("Exports of US$40 billion.", "en", "US$40 billion", "USD 40000000000"),
        ("Output of RMB 1.5 trillion.", "en", "RMB 1.5 trillion", "CNY 1500000000000"),
    ],
)
def test_money(text, language, span, value):
    assert found(text, language, MONEY) == [(span, value)]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Deals worth more than <> billion yuan were signed.", "en"),  # garbled amount
        ("A fund of RMB 4,5 billion.", "en"),  # "4,5" is no English number
        ("Un fondo di 4.5 miliardi di euro.", "it"),  # "4.5" is no Italian number
        ("The Europe 2030 plan.", "en"),
    ],
)
def test_no_money_is_invented(text, language):
    assert found(text, language, MONEY) == []


def test_a_money_amount_is_not_also_a_figure():
    assert found("Exports hit 12 billion yuan.", "en") == [("12 billion yuan", "CNY 12000000000")]


# --- figures -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "span", "value"),
    [
        (
            "The fair hosted more than 2,300 exhibitors.",
            "en",
            "more than 2,300 exhibitors",
            ">2300",
        ),
        ("Nearly 450 enterprises joined the forum.", "en", "Nearly 450 enterprises", "~450"),
        ("Buyers came from 31 countries.", "en", "31 countries", "31"),
        ("The pavilion covers 52,000 square metres.", "en", "52,000 square metres", "52000"),
        ("The pavilion covers 52,000 m2.", "en", "52,000 m2", "52000"),
        (
            "Some 600 professional visitors attended.",
            "en",
            "Some 600 professional visitors",
            "~600",
        ),
        ("At least 40 delegations are expected.", "en", "At least 40 delegations", ">=40"),
        ("Up to 90 speakers will talk.", "en", "Up to 90 speakers", "<=90"),
        ("Fewer than 15 booths were empty.", "en", "Fewer than 15 booths", "<15"),
        ("Attendance rose 74%.", "en", "74%", "74%"),
        ("Exports grew 9.5 per cent.", "en", "9.5 per cent", "9.5%"),
        ("About 1.5 million visitors came.", "en", "About 1.5 million visitors", "~1500000"),
        ("Eight pavilions were built.", "en", "Eight pavilions", "8"),
        ("The show rented 2000 stands.", "en", "2000 stands", "2000"),
        ("Oltre mille aziende hanno partecipato.", "it", "Oltre mille aziende", ">1000"),
        ("Hanno esposto 4.100 espositori.", "it", "4.100 espositori", "4100"),
        ("Una superficie di 52.000 metri quadrati.", "it", "52.000 metri quadrati", "52000"),
        ("La crescita è stata del 10,5%.", "it", "10,5%", "10.5%"),
        ("Circa il 40% dei visitatori.", "it", "Circa il 40%", "~40%"),
        ("Un aumento del 7 per cento.", "it", "7 per cento", "7%"),
        ("Più di 300 imprese estere.", "it", "Più di 300 imprese estere", ">300"),
        ("Quasi un centinaio di delegazioni.", "it", "Quasi un centinaio di delegazioni", "~100"),
        ("Attesi 2,5 milioni di visitatori.", "it", "2,5 milioni di visitatori", "2500000"),
        ("Sono previsti tre padiglioni.", "it", "tre padiglioni", "3"),
        ("Hanno partecipato duemila operatori.", "it", "duemila operatori", "2000"),
        ("Hanno partecipato 200 mila visitatori.", "it", "200 mila visitatori", "200000"),
        ("Buyers came from 64 countries and regions.", "en", "64 countries", "64"),
    ],
)
def test_figures(text, language, span, value):
    assert found(text, language, FIGURE) == [(span, value)]


def test_a_figure_reaches_across_and_to_the_noun_it_counts():
    text = "It drew over 70,000 local and foreign visitors."
    assert found(text, "en") == [("over 70,000 local and foreign visitors", ">70000")]


def test_english_and_italian_read_the_same_digits_differently():
    assert found("They sold 3,200 tickets.", "en") == [("3,200 tickets", "3200")]
    assert found("Hanno venduto 3.200 biglietti.", "it") == [("3.200 biglietti", "3200")]
    assert found("Prices rose by 10.5 points.", "en") == [("10.5 points", "10.5")]
    assert found("I prezzi sono saliti di 10,5 punti.", "it") == [("10,5 punti", "10.5")]
    # Each reading is refused in the other language, so no wrong value is proposed.
    assert found("Prices rose by 10,5 points.", "en") == []
    assert found("I prezzi sono saliti di 10.5 punti.", "it") == []


def test_a_thousands_separator_in_the_wrong_convention_is_left_alone():
    assert found("Some 4.500 visitors came.", "en") == []  # 4.5 or 4500?
    assert found("Circa 4,500 visitatori.", "it") == []


def test_garbled_numbers_get_no_suggestion():
    text = (
        "Visitors reached 312,45, including more than 6,<> buyers, "
        "and the hall is 20,5 square meters with 12000,45 guests."
    )
    assert found(text, "en") == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The 2024 edition closed.", "en"),
        ("The 7th edition and the 22nd forum.", "en"),
        ("La 31ª edizione e il 5° salone.", "it"),
        ("A 2+(4+7) model was adopted.", "en"),
        ("The session ended at 4:45 PM.", "en"),
        ("La sessione termina alle 17.30.", "it"),
        ("Industry 4.0 and 5G networks were shown.", "en"),
        ("The COVID-19 rules ended.", "en"),
        ("Stand 14 in Hall 3 is the top 10 pick.", "en"),
        ("Call +39 051 123 4567 now.", "en"),
        ("It happened in 2019 and again in 2021.", "en"),
        ("Four consecutive times it won.", "en"),  # small words count known nouns only
        ("One of the leaders spoke.", "en"),
        ("Un accademico ha parlato.", "it"),
        ("A 5-day workshop took place.", "en"),
        ("Industry 4.0 tools were on show.", "en"),
        ("Si apre alle ore 9 in punto.", "it"),
        ("Visitors returned last year.", "en"),
    ],
)
def test_years_editions_times_and_names_are_not_figures(text, language):
    assert found(text, language, FIGURE) == []


def test_a_number_inside_a_date_is_not_a_figure():
    assert found("On 4 May 2025 the 30 buyers left.", "en") == [
        ("4 May 2025", "2025-05-04"),
        ("30 buyers", "30"),
    ]


def test_a_bare_count_is_suggested_without_a_noun():
    assert found("The number of visitors reached 180,000.", "en") == [("180,000", "180000")]


# --- languages and speed -----------------------------------------------------------------


def test_a_regional_language_code_uses_its_language():
    assert found("Oltre 500 imprese.", "it-IT") == [("Oltre 500 imprese", ">500")]


def test_other_languages_get_numbers_and_iso_dates():
    assert found("Am 2025-05-04 kamen 3.200 Besucher.", "de") == [
        ("2025-05-04", "2025-05-04"),
        ("3.200 Besucher", "3200"),
    ]


PRESS_RELEASE = """Genoa Marine Technology Expo 2025 closes with record attendance

Updated: Jun 9,2025 4:10 PM

On June 9th, 2025 the closing ceremony of the 6th Genoa Marine Technology Expo was held at the \
harbour pavilions. The deputy mayor of the city attended and thanked the organisers, the port \
authority and the chamber of commerce for their work during the five days of the show.

The expo ran from June 5 to June 9, 2025 and brought together more than 1,400 exhibitors from \
28 countries across 60,000 square metres of halls. Organisers counted nearly 95,000 visitors, \
35% of them professional buyers, and some 300 start-ups presented new products in the \
innovation area. The conference programme held 48 sessions with 85 speakers, and the awards \
for sustainable shipbuilding went to 12 companies.

Deals signed during the week are worth RMB 6.2 billion, while a regional fund of EUR 150 \
million was announced for the modernisation of small shipyards. The Blue Economy Plan \
(2025-2030) was presented on the second day, with a target of 20,000 new jobs by the end of \
the decade. Speakers stressed the role of digital twins, 5G networks and Industry 4.0 tools \
in the sector, and the need to train engineers for the next generation of vessels.

The next edition will take place from 2 to 6 June 2026. Registration for exhibitors opens in \
September 2025, and the organisers expect about 1,600 exhibitors and over 100,000 visitors. \
The press office can be reached at the usual address; interviews start at 10:30 AM on the \
opening day in Hall 3, where the 12 award winners will present their projects.

The chamber of commerce noted that regional exports of marine equipment grew 9.5 per cent \
last year to RMB 48 billion, and that about 2,300 local firms work in the supply chain. \
"""


def test_a_three_thousand_character_article_is_read_whole():
    # Its speed is measured by benchmarks/bench_text_speed.py, not asserted here.
    text = (PRESS_RELEASE * 2)[:3000]
    assert len(text) == 3000
    assert len(recognise(text, "en")) > 25
