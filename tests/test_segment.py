"""Sentence segmentation: the hard cases of English and Italian press releases.

Every text here is invented for these tests (fictional fairs and people). Each case is
(language, text, the sentences expected in order); every sentence must also map back
onto the text through its character offsets.
"""

from __future__ import annotations

import pytest

from curator.text.segment import Sentence, split_sentences

HARD_CASES: list[tuple[str, str, list[str]]] = [
    # --- English: abbreviations and titles -------------------------------------------
    (
        "en",
        "Mr. Ge pointed out that the fair had grown. Visitors came from 40 countries.",
        ["Mr. Ge pointed out that the fair had grown.", "Visitors came from 40 countries."],
    ),
    (
        "en",
        "Dr. Alvarez and Prof. Lindqvist opened the Harbour Logistics Forum.",
        ["Dr. Alvarez and Prof. Lindqvist opened the Harbour Logistics Forum."],
    ),
    (
        "en",
        "The U.S. Department of Commerce sent a delegation. It met the organisers.",
        ["The U.S. Department of Commerce sent a delegation.", "It met the organisers."],
    ),
    (
        "en",
        "Buyers came mostly from the U.S. The rest came from Europe.",
        ["Buyers came mostly from the U.S.", "The rest came from Europe."],
    ),
    (
        "en",
        "Hall No. 5 hosts the robotics pavilion. Entry is free.",
        ["Hall No. 5 hosts the robotics pavilion.", "Entry is free."],
    ),
    (
        "en",
        "Northwind Ltd. signed a deal with Corvex Inc. on Tuesday.",
        ["Northwind Ltd. signed a deal with Corvex Inc. on Tuesday."],
    ),
    (
        "en",
        "Several sectors, e.g. logistics and energy, were present, i.e. most of the hall.",
        ["Several sectors, e.g. logistics and energy, were present, i.e. most of the hall."],
    ),
    (
        "en",
        "Doors open at 9 a.m. and close at 6 p.m. every day.",
        ["Doors open at 9 a.m. and close at 6 p.m. every day."],
    ),
    (
        "en",
        "The report by J. R. Whitfield was praised. Copies sold out.",
        ["The report by J. R. Whitfield was praised.", "Copies sold out."],
    ),
    (
        "en",
        "The fair moves to St. Albans next year, opening on Mar. 27 as usual.",
        ["The fair moves to St. Albans next year, opening on Mar. 27 as usual."],
    ),
    (
        "en",
        "Robots vs. humans was the theme of the Brightwater Expo.",
        ["Robots vs. humans was the theme of the Brightwater Expo."],
    ),
    # --- English: numbers and ordinals ----------------------------------------------
    (
        "en",
        "Sales reached 10.5 billion yuan. That is a record.",
        ["Sales reached 10.5 billion yuan.", "That is a record."],
    ),
    (
        "en",
        "Visitors numbered 3,200. Most were trade buyers.",
        ["Visitors numbered 3,200.", "Most were trade buyers."],
    ),
    (
        "en",
        "It was the 1st edition of the Lakeshore Fair. The 2nd will follow in 2027.",
        ["It was the 1st edition of the Lakeshore Fair.", "The 2nd will follow in 2027."],
    ),
    # --- English: quotes, brackets, ellipses, ? and ! -------------------------------
    (
        "en",
        '"We are ready," said Mr. Okafor. "The halls are full."',
        ['"We are ready," said Mr. Okafor.', '"The halls are full."'],
    ),
    (
        "en",
        "He said: “The fair is open.” Then he cut the ribbon.",
        ["He said: “The fair is open.”", "Then he cut the ribbon."],
    ),
    (
        "en",
        "The forum closed on Friday (the last day was for buyers only.) A new edition is planned.",
        [
            "The forum closed on Friday (the last day was for buyers only.)",
            "A new edition is planned.",
        ],
    ),
    (
        "en",
        "Robots, drones, sensors... The list goes on.",
        ["Robots, drones, sensors...", "The list goes on."],
    ),
    (
        "en",
        "The numbers are… impressive, to say the least.",
        ["The numbers are… impressive, to say the least."],
    ),
    (
        "en",
        "Will the fair return? Yes! It will, in 2027.",
        ["Will the fair return?", "Yes!", "It will, in 2027."],
    ),
    (
        "en",
        "Visit www.northwind-expo.example for details. Registration is open.",
        ["Visit www.northwind-expo.example for details.", "Registration is open."],
    ),
    # --- English: lines: titles, datelines, bullets, wrapped text ------------------
    (
        "en",
        "Lakeshore Robotics Fair Opens Its Doors\n\nUpdated: Mar 27,2023 3:59 PM\n\n"
        "The fair opened today. It runs until Sunday.",
        [
            "Lakeshore Robotics Fair Opens Its Doors",
            "Updated: Mar 27,2023 3:59 PM",
            "The fair opened today.",
            "It runs until Sunday.",
        ],
    ),
    (
        "en",
        "Highlights:\n- 300 exhibitors\n- 12 halls\n• 5 forums",
        ["Highlights:", "- 300 exhibitors", "- 12 halls", "• 5 forums"],
    ),
    (
        "en",
        "Programme\n1. Opening ceremony\n2. Panel on ports\n3) Awards",
        ["Programme", "1. Opening ceremony", "2. Panel on ports", "3) Awards"],
    ),
    (
        "en",
        "The fair opened in the new\nhall on Monday. Buyers were pleased.",
        ["The fair opened in the new\nhall on Monday.", "Buyers were pleased."],
    ),
    # --- Italian: abbreviations and titles --------------------------------------------
    (
        "it",
        "Il Dott. Rossi ha aperto la fiera. I visitatori erano 5.000.",
        ["Il Dott. Rossi ha aperto la fiera.", "I visitatori erano 5.000."],
    ),
    (
        "it",
        "La Sig.ra Bianchi ha parlato per prima. Poi è intervenuto il Sig. Verdi.",
        ["La Sig.ra Bianchi ha parlato per prima.", "Poi è intervenuto il Sig. Verdi."],
    ),
    (
        "it",
        "L'Ing. Ferraresi e l'Avv. Conti hanno firmato l'accordo con il Prof. Neri.",
        ["L'Ing. Ferraresi e l'Avv. Conti hanno firmato l'accordo con il Prof. Neri."],
    ),
    (
        "it",
        "Il padiglione n. 5 ospita la robotica. Secondo l'art. 12 gli stand chiudono alle 18.",
        [
            "Il padiglione n. 5 ospita la robotica.",
            "Secondo l'art. 12 gli stand chiudono alle 18.",
        ],
    ),
    (
        "it",
        "Si veda a pag. 3 il programma, cfr. anche la sezione B.",
        ["Si veda a pag. 3 il programma, cfr. anche la sezione B."],
    ),
    (
        "it",
        "La Fiera Lagunare S.p.A. ha comunicato i dati. Il bilancio è positivo.",
        ["La Fiera Lagunare S.p.A. ha comunicato i dati.", "Il bilancio è positivo."],
    ),
    (
        "it",
        "Erano presenti robot, droni, sensori ecc. e molti visitatori.",
        ["Erano presenti robot, droni, sensori ecc. e molti visitatori."],
    ),
    # --- Italian: numbers and ordinals -------------------------------------------------
    (
        "it",
        "Il fatturato è stato di 10,5 miliardi di euro. È un record.",
        ["Il fatturato è stato di 10,5 miliardi di euro.", "È un record."],
    ),
    (
        "it",
        "È la 25ª edizione della fiera. La prossima si terrà nel 2027.",
        ["È la 25ª edizione della fiera.", "La prossima si terrà nel 2027."],
    ),
    (
        "it",
        "Gli espositori sono stati 3.200. Il 40% arrivava dall'estero.",
        ["Gli espositori sono stati 3.200.", "Il 40% arrivava dall'estero."],
    ),
    (
        "it",
        "L'apertura è alle ore 9.30. Seguirà il convegno sul 1° piano.",
        ["L'apertura è alle ore 9.30.", "Seguirà il convegno sul 1° piano."],
    ),
    # --- Italian: quotes, brackets, ellipses, ? and ! ------------------------------
    (
        "it",
        "Ha detto: «La fiera è aperta.» Poi ha tagliato il nastro.",
        ["Ha detto: «La fiera è aperta.»", "Poi ha tagliato il nastro."],
    ),
    (
        "it",
        "«Siamo pronti», ha dichiarato il Prof. Neri. «I padiglioni sono pieni.»",
        ["«Siamo pronti», ha dichiarato il Prof. Neri.", "«I padiglioni sono pieni.»"],
    ),
    (
        "it",
        "La fiera chiude venerdì (l'ultimo giorno è per gli operatori.) "
        "La prossima edizione è nel 2027.",
        [
            "La fiera chiude venerdì (l'ultimo giorno è per gli operatori.)",
            "La prossima edizione è nel 2027.",
        ],
    ),
    (
        "it",
        "Robot, droni, sensori... L'elenco continua.",
        ["Robot, droni, sensori...", "L'elenco continua."],
    ),
    (
        "it",
        "Tornerà la fiera? Sì! Nel 2027, a Trieste.",
        ["Tornerà la fiera?", "Sì!", "Nel 2027, a Trieste."],
    ),
    # --- Italian: lines -----------------------------------------------------------------
    (
        "it",
        "Programma:\n1. Apertura\n2. Convegno sui porti\n3. Premiazione",
        ["Programma:", "1. Apertura", "2. Convegno sui porti", "3. Premiazione"],
    ),
    (
        "it",
        "Si chiude la Fiera dei Porti di Trieste\n\nAggiornato: 27 mar 2023, 15:59\n\n"
        "La fiera ha chiuso ieri. Gli affari sono stati buoni.",
        [
            "Si chiude la Fiera dei Porti di Trieste",
            "Aggiornato: 27 mar 2023, 15:59",
            "La fiera ha chiuso ieri.",
            "Gli affari sono stati buoni.",
        ],
    ),
]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    HARD_CASES,
    ids=[f"{lang}-{i:02d}" for i, (lang, _, _) in enumerate(HARD_CASES)],
)
def test_hard_case(language: str, text: str, expected: list[str]) -> None:
    sentences = split_sentences(text, language)
    assert [sentence.text for sentence in sentences] == expected
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


def test_hard_case_list_is_long_enough() -> None:
    assert len(HARD_CASES) >= 40
    assert {language for language, _, _ in HARD_CASES} == {"en", "it"}


def test_sentences_are_frozen_values_with_offsets() -> None:
    text = "  Primo. Secondo.  "
    first, second = split_sentences(text, "it")
    assert first == Sentence(start=2, end=8, text="Primo.")
    assert second == Sentence(start=9, end=17, text="Secondo.")
    with pytest.raises(AttributeError):
        first.start = 0  # type: ignore[misc]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n"])
def test_no_sentences_in_blank_text(text: str) -> None:
    assert split_sentences(text, "en") == []


def test_unknown_language_uses_the_shared_rules() -> None:
    sentences = split_sentences("Die Messe ist offen. Dr. Huber kommt um 9.30 Uhr.", "de")
    assert [s.text for s in sentences] == ["Die Messe ist offen.", "Dr. Huber kommt um 9.30 Uhr."]


def test_language_tag_variants_are_accepted() -> None:
    text = "Il Sig. Verdi è arrivato. Ha parlato."
    assert split_sentences(text, "it-IT") == split_sentences(text, "it")


def test_text_without_final_punctuation_is_one_sentence() -> None:
    assert [s.text for s in split_sentences("the fair is open", "en")] == ["the fair is open"]


def test_offsets_cover_every_word_of_a_long_text() -> None:
    paragraph = "Il Dott. Rossi ha parlato alle 9.30. Poi la Sig.ra Bianchi! E poi? Basta.\n\n"
    text = paragraph * 200
    sentences = split_sentences(text, "it")
    assert len(sentences) == 800
    joined = "".join(text[s.start : s.end] for s in sentences)
    assert joined.replace(" ", "") == text.replace(" ", "").replace("\n", "")
