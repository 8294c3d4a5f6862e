"""An Italian press release and its English translation, written for the translation tests.

The English splits one Italian sentence in two (a 1-2 bead) and keeps every figure,
date and name, so that a translation typed from it has nothing to flag.
"""

from __future__ import annotations

import datetime as dt

from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from db.library import Library

FIERA_IT = (
    "Chiude a Castelverde la 12ª Fiera dell'Ortofrutta\n"
    "\n"
    "Castelverde, 14 marzo 2025. Si è chiusa domenica la dodicesima edizione della Fiera "
    "dell'Ortofrutta, ospitata nei padiglioni di Castelverde Fiere dal 10 al 13 marzo. "
    "Gli espositori sono stati 1.450, provenienti da 28 paesi. "
    "I visitatori professionali hanno superato quota 52.000, il 9,5% in più rispetto al 2024. "
    "Il Sig. Bruno Valli, presidente di Castelverde Fiere, ha annunciato investimenti per "
    '10,5 milioni di euro. "Puntiamo sui mercati del Nord Europa", ha detto Valli.\n'
    "\n"
    "La prossima edizione si terrà dal 9 al 12 marzo 2026.\n"
)

FAIR_EN = (
    "Castelverde's 12th Fruit and Vegetable Fair closes\n"
    "\n"
    "Castelverde, 14 March 2025. The twelfth Fruit and Vegetable Fair ended on Sunday in the "
    "halls of Castelverde Fiere, where it ran from 10 to 13 March. "
    "There were 1,450 exhibitors from 28 countries. "
    "Trade visitors exceeded 52,000. That is 9.5% more than in 2024. "
    "Mr. Bruno Valli, president of Castelverde Fiere, announced investment of 10.5 million "
    'euros. "We are targeting markets in Northern Europe," Valli said.\n'
    "\n"
    "The next edition will take place from 9 to 12 March 2026.\n"
)

#: The beads the aligner finds, as (source indices, target indices).
FIERA_BEADS = [
    ((0,), (0,)),
    ((1,), (1,)),
    ((2,), (2,)),
    ((3,), (3,)),
    ((4,), (4, 5)),
    ((5,), (6,)),
    ((6,), (7,)),
    ((7,), (8,)),
]

#: The English of each Italian sentence, one by one, as a translator types them.
FIERA_SEGMENTS_EN = [
    "Castelverde's 12th Fruit and Vegetable Fair closes",
    "Castelverde, 14 March 2025.",
    "The twelfth Fruit and Vegetable Fair ended on Sunday in the halls of Castelverde "
    "Fiere, where it ran from 10 to 13 March.",
    "There were 1,450 exhibitors from 28 countries.",
    "Trade visitors exceeded 52,000, 9.5% more than in 2024.",
    "Mr. Bruno Valli, president of Castelverde Fiere, announced investment of 10.5 million euros.",
    '"We are targeting markets in Northern Europe," Valli said.',
    "The next edition will take place from 9 to 12 March 2026.",
]


def import_article(library: Library, title: str, body: str, language: str) -> int:
    report = import_parsed(
        library,
        [
            ParsedArticle(
                title=title,
                body=body,
                origin=f"test: {title}",
                language=language,
                published=dt.date(2025, 3, 14),
                tags=["ortofrutta"],
            )
        ],
    )
    return report.imported[0].id


def import_fiera_pair(library: Library) -> tuple[int, int]:
    """The Italian original and its English translation, not yet paired."""
    italian = import_article(
        library, "Chiude a Castelverde la 12ª Fiera dell'Ortofrutta", FIERA_IT, "it"
    )
    english = import_article(
        library, "Castelverde's 12th Fruit and Vegetable Fair closes", FAIR_EN, "en"
    )
    return italian, english
