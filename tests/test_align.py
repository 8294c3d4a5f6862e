"""Sentence alignment: bead types, anchors, fixed beads, confidence, and the parts.

The texts are a press release about an invented fair, written for these tests in
Italian with an edited English translation: two Italian sentences merged, one split,
one left out, one added, and two whose content crosses the sentence boundary.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.bench_align import score, synthetic_pair
from curator.align.aligner import LENGTH_ONLY, AlignerSettings, align
from curator.align.anchors import AnchorExtractor, cognate_prefix, parse_number
from curator.align.band import Band
from curator.align.beads import Alignment, Bead, check_beads
from curator.align.gale_church import CLASSIC_SHAPES, PUBLISHED_PRIORS, length_cost
from curator.align.texts import UNDETERMINED, align_texts

ITALIAN = [
    "La Fiera della Logistica di Valmora ha aperto i battenti lunedì 3 marzo.",
    "Quest'anno gli espositori sono 412, provenienti da 23 paesi.",
    "Il padiglione 7 ospita le aziende di robotica.",
    "Il padiglione 8 è dedicato ai droni.",
    "Secondo l'organizzatrice Marta Colasanti, il fatturato atteso è di 150 miliardi di euro, "
    "in crescita del 10,5% rispetto al 2023, e la fiera punta a superare i 60.000 visitatori "
    "entro il 2027.",
    "Il programma completo dei convegni, con gli orari delle sessioni e l'elenco dei relatori, "
    "sarà pubblicato nelle prossime settimane sul sito ufficiale della manifestazione.",
    "La cerimonia di chiusura si terrà venerdì 7 marzo alle 18.",
    "L'ingresso costa 12 euro.",
    "Il parcheggio è gratuito.",
    "I bambini entrano gratis.",
    "Il premio per l'innovazione, giunto alla 25ª edizione, andrà a Brightwater Robotics.",
    "La giuria, presieduta da Luca Ferrante, ha esaminato 96 candidature provenienti da 14 paesi.",
]
ENGLISH = [
    "The Valmora Logistics Fair opened its doors on Monday 3 March.",
    "This year there are 412 exhibitors from 23 countries.",
    "Hall 7 hosts the robotics companies, while hall 8 is devoted to drones.",
    "According to the organiser Marta Colasanti, expected turnover is 150 billion euros, "
    "up 10.5% on 2023.",
    "The fair aims to exceed 60,000 visitors by 2027.",
    "The closing ceremony will be held on Friday 7 March at 6 pm.",
    "Admission costs 12 euros.",
    "Parking is free.",
    "The city, a port in the north of the country, has hosted trade shows since the "
    "nineteenth century and is known above all for its shipyards.",
    "Children go in free.",
    "The innovation award, now in its 25th edition, will go to Brightwater Robotics, "
    "chosen by a jury chaired by Luca Ferrante.",
    "The jury examined 96 applications from 14 countries.",
]
EXPECTED = [
    ((0,), (0,)),
    ((1,), (1,)),
    ((2, 3), (2,)),  # 2-1: two halls in one sentence
    ((4,), (3, 4)),  # 1-2: a long sentence split
    ((5,), ()),  # 1-0: the programme is not mentioned in English
    ((6,), (5,)),
    ((7,), (6,)),
    ((8,), (7,)),
    ((), (8,)),  # 0-1: a sentence about the city added in English
    ((9,), (9,)),
    ((10, 11), (10, 11)),  # 2-2: the jury's chair moved into the first sentence
]


def pairs(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(bead.source, bead.target) for bead in beads]


def assert_covers_in_order(beads: list[Bead], source_count: int, target_count: int) -> None:
    check_beads(beads, source_count, target_count)
    assert sorted(i for bead in beads for i in bead.source) == list(range(source_count))
    assert sorted(j for bead in beads for j in bead.target) == list(range(target_count))
    source_seen = [i for bead in beads for i in bead.source]
    target_seen = [j for bead in beads for j in bead.target]
    assert source_seen == sorted(source_seen) and target_seen == sorted(target_seen)


@pytest.fixture(scope="module")
def beads() -> list[Bead]:
    return align(ITALIAN, ENGLISH, "it", "en")


# --- the aligner on a hand-made pair -----------------------------------------------


def test_each_bead_type_appears_where_it_should(beads: list[Bead]) -> None:
    assert pairs(beads) == EXPECTED
    assert {bead.shape for bead in beads} >= set(CLASSIC_SHAPES)


def test_beads_cover_every_sentence_once_in_order(beads: list[Bead]) -> None:
    assert_covers_in_order(beads, len(ITALIAN), len(ENGLISH))
    assert all(0.0 <= bead.confidence <= 1.0 and not bead.confirmed for bead in beads)


def test_anchors_pull_the_right_sentences_together(beads: list[Bead]) -> None:
    lengths_only = pairs(align(ITALIAN, ENGLISH, "it", "en", settings=LENGTH_ONLY))
    # By lengths alone the left-out and the added sentence go astray and drag their
    # neighbours along; the dates, figures and names put them back.
    assert ((6,), (5,)) not in lengths_only
    assert ((6,), (5,)) in pairs(beads)
    assert ((7,), (6,)) in pairs(beads)


def test_aliases_link_names_that_share_no_letters() -> None:
    source = [
        "Il Gruppo Ferrovie del Nord ha firmato un accordo.",
        "Nessuno ha commentato.",
        "La firma è avvenuta al mattino.",
    ]
    target = [
        "Nobody commented.",
        "Northern Railways signed an agreement.",
        "The signing took place in the morning.",
    ]
    without = align(source, target, "it", "en")
    with_aliases = align(
        source, target, "it", "en", aliases=[("Ferrovie del Nord", "Northern Railways")]
    )
    assert ((0,), (1,)) not in pairs(without)
    shared = next(bead for bead in with_aliases if 0 in bead.source)
    assert 1 in shared.target


def test_confidence_is_lower_for_a_bad_pair() -> None:
    source = ITALIAN[:3]
    good = align(source, ENGLISH[:3], "it", "en")
    wrong = list(ENGLISH[:3])
    wrong[1] = "Last year 97 buyers came from Porto Lindo and Brightwater."  # same length
    bad = align(source, wrong, "it", "en")
    assert pairs(bad)[1] == ((1,), (1,))
    assert bad[1].confidence < good[1].confidence - 0.1
    assert bad[0].confidence == pytest.approx(good[0].confidence, abs=0.05)


def test_left_out_and_added_sentences_are_less_sure_than_clear_pairs(beads: list[Bead]) -> None:
    one_sided = [bead.confidence for bead in beads if not (bead.source and bead.target)]
    clear = [bead.confidence for bead in beads if bead.shape == (1, 1)]
    assert max(one_sided) < min(clear)


# --- fixed beads ---------------------------------------------------------------------


def test_fixed_beads_are_kept_exactly_and_the_rest_aligned_around_them() -> None:
    # The translator puts the left-out and the added sentence with their neighbours.
    fixed = [Bead((9,), (8, 9), 0.31, confirmed=True), Bead((4, 5), (3, 4), 0.9)]
    beads = align(ITALIAN, ENGLISH, "it", "en", fixed=fixed)
    assert Bead((9,), (8, 9), 0.31, confirmed=True) in beads
    assert Bead((4, 5), (3, 4), 0.9, confirmed=True) in beads
    assert_covers_in_order(beads, len(ITALIAN), len(ENGLISH))
    unchanged = [pair for pair in EXPECTED if not ({4, 5, 9} & set(pair[0]) or 8 in pair[1])]
    assert [pair for pair in pairs(beads) if pair not in {((9,), (8, 9)), ((4, 5), (3, 4))}] == (
        unchanged
    )


def test_a_wrong_fixed_bead_is_kept_all_the_same() -> None:
    fixed = [Bead((6,), (5, 6), 0.2, confirmed=True)]
    beads = align(ITALIAN, ENGLISH, "it", "en", fixed=fixed)
    assert Bead((6,), (5, 6), 0.2, confirmed=True) in beads
    assert_covers_in_order(beads, len(ITALIAN), len(ENGLISH))
    assert pairs(beads)[:5] == EXPECTED[:5]


def test_fixed_one_sided_beads_are_kept() -> None:
    fixed = [Bead((), (3,), 1.0, confirmed=True), Bead((9,), (), 1.0, confirmed=True)]
    beads = align(ITALIAN, ENGLISH, "it", "en", fixed=fixed)
    assert Bead((), (3,), 1.0, confirmed=True) in beads
    assert Bead((9,), (), 1.0, confirmed=True) in beads
    assert_covers_in_order(beads, len(ITALIAN), len(ENGLISH))


def test_realigning_with_every_bead_fixed_changes_nothing(beads: list[Bead]) -> None:
    again = align(ITALIAN, ENGLISH, "it", "en", fixed=beads)
    assert pairs(again) == pairs(beads)
    assert all(bead.confirmed for bead in again)


@pytest.mark.parametrize(
    "fixed",
    [
        [Bead((1,), (5,), 1.0), Bead((5,), (1,), 1.0)],  # crossing
        [Bead((1,), (1,), 1.0), Bead((1,), (2,), 1.0)],  # a sentence twice
        [Bead((40,), (1,), 1.0)],  # out of range
        [Bead((1, 3), (1,), 1.0)],  # not consecutive
        [Bead((), (), 1.0)],
    ],
)
def test_impossible_fixed_beads_are_refused(fixed: list[Bead]) -> None:
    with pytest.raises(ValueError):
        align(ITALIAN, ENGLISH, "it", "en", fixed=fixed)


# --- edges ---------------------------------------------------------------------------


def test_one_empty_side_gives_one_sided_beads() -> None:
    assert pairs(align(ITALIAN[:2], [], "it", "en")) == [((0,), ()), ((1,), ())]
    assert pairs(align([], ENGLISH[:1], "it", "en")) == [((), (0,))]
    assert align([], [], "it", "en") == []


def test_a_long_added_block_bends_the_search_band() -> None:
    places = ["Aldera", "Borvik", "Castelmar", "Dunholt", "Esterby", "Falkreach", "Gorwin"]
    views = ["stand", "booth", "display", "entrance", "demonstration", "workshop", "lounge"]
    captions = [f"Photo: the {view} of {place}." for view in views for place in places]
    target = ENGLISH[:2] + captions + ENGLISH[2:]
    beads = align(ITALIAN, target, "it", "en", settings=AlignerSettings(band_half_width=4))
    shifted = [
        (source, tuple(j + len(captions) if j >= 2 else j for j in target_side))
        for source, target_side in EXPECTED
    ]
    assert [pair for pair in pairs(beads) if pair[0]] == [pair for pair in shifted if pair[0]]
    assert_covers_in_order(beads, len(ITALIAN), len(target))


def test_other_languages_still_align_on_numbers_and_names() -> None:
    german = [
        "Die Messe in Valmora zählte 412 Aussteller.",
        "Wir danken allen Besuchern herzlich für ihr Kommen und hoffen auf ein Wiedersehen.",
        "Der Preis ging an Brightwater Robotics für den Roboter B-12.",
    ]
    french = [
        "Le salon de Valmora a compté 412 exposants.",
        "Le prix est allé à Brightwater Robotics pour le robot B-12.",
    ]
    assert pairs(align(german, french, "de", "fr")) == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.text(min_size=0, max_size=60), max_size=12),
    st.lists(st.text(min_size=0, max_size=60), max_size=12),
)
def test_any_texts_give_beads_covering_both_sides_in_order(
    source: list[str], target: list[str]
) -> None:
    beads = align(source, target, "it", "en")
    assert_covers_in_order(beads, len(source), len(target))


# --- anchors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("italian", "english"),
    [
        ("un fatturato di 150 miliardi", "a turnover of 150 billion"),
        ("una crescita del 10,5%", "growth of 10.5%"),
        ("3.200 espositori", "3,200 exhibitors"),
        ("la 25ª edizione", "the 25th edition"),
        ("il 27 marzo", "on March 27"),
        ("lunedì", "on Monday"),
        ("la tecnologia", "the technology"),
        ("da Porto Lindo", "from Porto Lindo"),
        ("«pronti»", '"ready"'),
    ],
)
def test_anchors_meet_across_languages(italian: str, english: str) -> None:
    shared = AnchorExtractor("it").anchors(italian) & AnchorExtractor("en").anchors(english)
    assert shared


def test_numbers_follow_each_languages_separators() -> None:
    assert parse_number("3.200", "it") == Decimal(3200)
    assert parse_number("3.200", "en") == Decimal("3.2")
    assert parse_number("1.5", "it") == Decimal("1.5")  # an English figure in Italian text
    assert parse_number("8839,8", "de") == parse_number("8839,8", "fr") == Decimal("8839.8")
    assert parse_number("1.234.567", "xx") == Decimal(1234567)


def test_a_dateline_figure_is_a_day_and_a_year() -> None:
    keys = AnchorExtractor("en").anchors("Updated: Mar 27,2023 3:59 PM")
    assert {"n:27", "n:2023", "m:3"} <= keys


def test_english_may_is_a_month_only_with_a_capital() -> None:
    assert "m:5" not in AnchorExtractor("en").anchors("The fair may open later.")
    assert "m:5" in AnchorExtractor("en").anchors("The fair opens in May.")
    assert "m:5" not in AnchorExtractor("it").anchors("Non è mai stato così.")


def test_cognate_prefixes() -> None:
    assert cognate_prefix("tecnologia") == cognate_prefix("technology")
    assert cognate_prefix("accademico") == cognate_prefix("academic")
    assert cognate_prefix("filosofia") == cognate_prefix("philosophy")


# --- parts ---------------------------------------------------------------------------


def test_gale_church_length_cost() -> None:
    costs = length_cost([100, 100, 100, 100], [100, 110, 150, 0])
    assert costs[0] == pytest.approx(0.0, abs=1e-6)
    assert 0 < costs[1] < costs[2] < costs[3]
    assert length_cost([0], [0])[0] == 0.0
    assert PUBLISHED_PRIORS[(1, 1)] == 0.89 and set(PUBLISHED_PRIORS) == set(CLASSIC_SHAPES)


def test_band_around_points_holds_a_block_anywhere_between_two_points() -> None:
    n, m, point = 20, 50, (10, 40)
    band = Band.around_points(n, m, [point], half_width=0)
    slope = m / n
    extra = point[1] - slope * point[0]  # 15 columns more than the slope gives
    for row in range(point[0] + 1):
        block_first = min(point[1], slope * row + extra)  # the block, then the diagonal
        diagonal_first = slope * row  # the diagonal, then the block
        assert band.lo[row] <= diagonal_first and band.hi[row] >= block_first
    assert band.lo[0] == 0 and band.hi[n] == m


def test_align_texts_splits_and_detects_languages() -> None:
    alignment = align_texts(
        "Il Dott. Rossi ha aperto la fiera. I visitatori sono stati 3.200.",
        "Dr. Rossi opened the fair. There were 3,200 visitors.",
    )
    assert (alignment.source_language, alignment.target_language) == ("it", "en")
    assert alignment.source == (
        "Il Dott. Rossi ha aperto la fiera.",
        "I visitatori sono stati 3.200.",
    )
    assert pairs(list(alignment.beads)) == [((0,), (0,)), ((1,), (1,))]
    assert isinstance(alignment, Alignment)


def test_align_texts_one_per_line_and_unknown_language() -> None:
    alignment = align_texts("uno\n\ndue\n", "1\n2\n3\n", one_per_line=True)
    assert alignment.source == ("uno", "", "due") and alignment.target == ("1", "2", "3")
    assert alignment.source_language == UNDETERMINED


def test_benchmark_scores_follow_the_strict_and_lax_convention() -> None:
    gold = [((0,), (0,)), ((1, 2), (1,)), ((), (2,))]
    test = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((), (2,))]
    scores = score(gold, test)
    assert scores.strict_precision == pytest.approx(2 / 4)
    assert scores.strict_recall == pytest.approx(1 / 2)
    assert scores.lax_precision == pytest.approx(3 / 4)
    assert scores.lax_recall == pytest.approx(1.0)
    source, target, beads = synthetic_pair(50)
    assert (source, target, beads) == synthetic_pair(50)
    assert len(source) == len(target) == 50
    assert np.isclose(score(beads, beads).strict_f1, 1.0)
