"""Pairs, stored alignments, hand corrections with their inverses, and translations written
sentence by sentence (curator.translations, curator.align.facts)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from curator import articles, translations
from curator.align.facts import (
    DATE_FACT,
    DIFFERENT,
    FIGURE_FACT,
    FOUND,
    MISSING,
    NAME_FACT,
    PENDING,
    KnownName,
    sentence_facts,
)
from curator.errors import EditConflictError, NotFoundError, ValidationError
from curator.formats.tmx import read_tmx
from curator.translations import DOWN, SOURCE, TARGET, UP, AlignmentView
from db.library import Library
from db.models import Alignment, Article, Record, Revision
from tests.translation_pairs import (
    FAIR_EN,
    FIERA_BEADS,
    FIERA_IT,
    FIERA_SEGMENTS_EN,
    import_fiera_pair,
)


@pytest.fixture
def pair(library: Library) -> int:
    italian, english = import_fiera_pair(library)
    return translations.pair_articles(library, italian, english)


@pytest.fixture
def aligned(library: Library, pair: int) -> AlignmentView:
    return translations.align_pair(library, pair)


def shapes(view: AlignmentView) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(bead.source, bead.target) for bead in view.beads]


def flags(view: AlignmentView) -> list[tuple[float, bool]]:
    return [(bead.confidence, bead.confirmed) for bead in view.beads]


# --- pairs ----------------------------------------------------------------------------


def test_pairing_returns_the_pair_either_way_round(library: Library) -> None:
    italian, english = import_fiera_pair(library)

    bitext_id = translations.pair_articles(library, italian, english)

    assert translations.pair_articles(library, italian, english) == bitext_id
    assert translations.pair_articles(library, english, italian) == bitext_id
    [pair] = translations.list_pairs(library, english)
    assert (pair.source_article_id, pair.target_article_id) == (italian, english)
    assert not pair.is_draft and not pair.aligned
    assert translations.pair_for_article(library, italian) == bitext_id
    assert articles.get_article(library, english).translations[0].article_id == italian


def test_an_article_alone_has_no_pair(library: Library) -> None:
    italian, _english = import_fiera_pair(library)
    with pytest.raises(NotFoundError):
        translations.pair_for_article(library, italian)


def test_a_pair_not_aligned_yet_has_no_beads(library: Library, pair: int) -> None:
    view = translations.get_alignment(library, pair)
    assert (view.version, view.beads, view.aligned) == (0, (), False)


# --- aligning and the stored form -------------------------------------------------


def test_aligning_stores_beads_with_sentence_texts_offsets_and_confidence(
    library: Library, pair: int
) -> None:
    view = translations.align_pair(library, pair)

    assert shapes(view) == FIERA_BEADS
    assert view.version == 1 and view.aligned
    assert (view.source_language, view.target_language) == ("it", "en")
    assert view.beads[4].target_texts == (
        "Trade visitors exceeded 52,000.",
        "That is 9.5% more than in 2024.",
    )
    assert all(0 < bead.confidence <= 1 and not bead.confirmed for bead in view.beads)
    with library.session() as session:
        stored = json.loads(session.scalar(select(Alignment.beads)))
    for item in stored:
        for start, end, text in item["src_sentences"]:
            assert FIERA_IT[start:end] == text
        for start, end, text in item["tgt_sentences"]:
            assert FAIR_EN[start:end] == text
    assert stored[4]["tgt"] == [4, 5]


def test_a_stored_alignment_reads_back_as_it_was_stored(
    library: Library, aligned: AlignmentView
) -> None:
    assert translations.get_alignment(library, aligned.bitext_id) == aligned
    again = translations.get_alignment(library, aligned.bitext_id).to_alignment()
    assert again.source[1] == "Castelverde, 14 marzo 2025."
    assert again.beads[4].target == (4, 5)


def test_realigning_keeps_confirmed_beads_even_where_the_aligner_disagrees(
    library: Library, aligned: AlignmentView
) -> None:
    # The translator decides that "52,000." belongs with bead 3 and confirms it.
    view = translations.move_sentence(library, aligned.bitext_id, 4, TARGET, UP, aligned.version)
    assert shapes(view)[3:5] == [((3,), (3, 4)), ((4,), (5,))]
    view = translations.set_confirmed(library, aligned.bitext_id, [0], True, view.version)

    again = translations.align_pair(library, aligned.bitext_id)

    assert shapes(again)[3:5] == [((3,), (3, 4)), ((4,), (5,))]
    assert [bead.confirmed for bead in again.beads][:5] == [True, False, False, True, True]
    # unconfirmed beads are the aligner's again
    view = translations.set_confirmed(library, aligned.bitext_id, [3, 4], False, again.version)
    assert shapes(translations.align_pair(library, aligned.bitext_id)) == FIERA_BEADS


def test_aligning_refuses_a_version_it_did_not_see(
    library: Library, aligned: AlignmentView
) -> None:
    translations.set_confirmed(library, aligned.bitext_id, [0], True, aligned.version)
    with pytest.raises(EditConflictError):
        translations.align_pair(library, aligned.bitext_id, expected_version=aligned.version)


# --- hand corrections, each with its inverse -------------------------------------------


def test_merge_is_undone_by_split_and_exactly_by_set_beads(
    library: Library, aligned: AlignmentView
) -> None:
    bitext = aligned.bitext_id
    merged = translations.merge_beads(library, bitext, 2, aligned.version)
    assert shapes(merged)[2] == ((2, 3), (2, 3))
    assert merged.beads[2].confirmed  # decided by the translator
    assert len(merged.beads) == len(aligned.beads) - 1

    split = translations.split_bead(library, bitext, 2, 1, 1, merged.version)
    assert shapes(split) == shapes(aligned)

    restored = translations.set_beads(library, bitext, aligned.beads, split.version)
    assert restored.beads == aligned.beads
    assert flags(restored) == flags(aligned)


def test_split_by_default_halves_a_bead(library: Library, aligned: AlignmentView) -> None:
    split = translations.split_bead(library, aligned.bitext_id, 4, expected_version=aligned.version)
    assert shapes(split)[4:6] == [((4,), (4,)), ((), (5,))]
    assert translations.default_split((2, 2)) == (1, 1)
    assert translations.default_split((1, 1)) == (1, 0)
    assert translations.default_split((0, 2)) == (0, 1)
    merged = translations.merge_beads(library, aligned.bitext_id, 4, split.version)
    assert shapes(merged) == shapes(aligned)


def test_a_bead_of_one_sentence_cannot_be_split(library: Library, aligned: AlignmentView) -> None:
    view = translations.insert_empty_side(library, aligned.bitext_id, 0, TARGET, aligned.version)
    with pytest.raises(ValidationError):
        translations.split_bead(library, aligned.bitext_id, 0, expected_version=view.version)


def test_moving_a_sentence_down_is_undone_by_moving_it_up(
    library: Library, aligned: AlignmentView
) -> None:
    bitext = aligned.bitext_id
    moved = translations.move_sentence(library, bitext, 4, TARGET, DOWN, aligned.version)
    assert shapes(moved)[4:6] == [((4,), (4,)), ((5,), (5, 6))]

    back = translations.move_sentence(library, bitext, 5, TARGET, UP, moved.version)
    assert shapes(back) == shapes(aligned)


def test_moving_a_beads_only_sentence_away_removes_the_bead(
    library: Library, aligned: AlignmentView
) -> None:
    bitext = aligned.bitext_id
    view = translations.insert_empty_side(library, bitext, 7, TARGET, aligned.version)
    assert shapes(view)[7:] == [((7,), ()), ((), (8,))]
    view = translations.move_sentence(library, bitext, 8, TARGET, UP, view.version)
    assert shapes(view) == shapes(aligned)
    with pytest.raises(ValidationError):
        translations.move_sentence(library, bitext, 0, SOURCE, UP, view.version)


def test_an_empty_cell_is_undone_by_merging(library: Library, aligned: AlignmentView) -> None:
    bitext = aligned.bitext_id
    view = translations.insert_empty_side(library, bitext, 3, SOURCE, aligned.version)
    assert shapes(view)[3:5] == [((), (3,)), ((3,), ())]
    view = translations.merge_beads(library, bitext, 3, view.version)
    assert shapes(view) == shapes(aligned)
    with pytest.raises(ValidationError):
        view = translations.insert_empty_side(library, bitext, 0, TARGET, view.version)
        translations.insert_empty_side(library, bitext, 0, TARGET, view.version)


def test_confirming_is_undone_by_unconfirming(library: Library, aligned: AlignmentView) -> None:
    bitext = aligned.bitext_id
    view = translations.set_confirmed(library, bitext, [1, 4], True, aligned.version)
    assert view.confirmed_count == 2 and view.beads[4].confirmed
    view = translations.set_confirmed(library, bitext, [1, 4], False, view.version)
    assert flags(view) == flags(aligned)


def test_an_edit_over_a_newer_version_is_refused(library: Library, aligned: AlignmentView) -> None:
    translations.merge_beads(library, aligned.bitext_id, 0, aligned.version)
    with pytest.raises(EditConflictError):
        translations.split_bead(library, aligned.bitext_id, 0, expected_version=aligned.version)


def test_set_beads_refuses_beads_that_leave_a_sentence_out(
    library: Library, aligned: AlignmentView
) -> None:
    with pytest.raises(ValidationError):
        translations.set_beads(library, aligned.bitext_id, aligned.beads[:-1], aligned.version)


def test_every_edit_writes_a_revision_of_what_it_changed(
    library: Library, aligned: AlignmentView
) -> None:
    view = translations.merge_beads(library, aligned.bitext_id, 1, aligned.version)
    translations.set_beads(library, aligned.bitext_id, aligned.beads, view.version)
    with library.session() as session:
        rows = session.scalars(
            select(Revision).where(Revision.object_type == "alignment").order_by(Revision.id)
        ).all()
    assert [row.action for row in rows] == ["align", "merge", "restore"]
    merge = json.loads(rows[1].after)
    assert merge == {
        "at": 1,
        "beads": [{"src": [1, 2], "tgt": [1, 2], "confidence": 1.0, "confirmed": True}],
    }
    assert len(json.loads(rows[2].after)["beads"]) == 2  # only the beads that differ


def test_restoring_a_whole_stored_alignment(library: Library, aligned: AlignmentView) -> None:
    before = translations.stored_beads(library, aligned.bitext_id)
    view = translations.merge_beads(library, aligned.bitext_id, 0, aligned.version)
    restored = translations.restore_stored_beads(library, aligned.bitext_id, before, view.version)
    assert restored.beads == aligned.beads


# --- exchange -----------------------------------------------------------------------


def test_export_and_import_tmx_restore_the_alignment(
    library: Library, aligned: AlignmentView
) -> None:
    bitext = aligned.bitext_id
    view = translations.set_confirmed(library, bitext, [2], True, aligned.version)
    data = translations.export_alignment(library, bitext, "tmx")
    read = read_tmx(data, "fiera.tmx").alignment
    assert read is not None and len(read.beads) == len(FIERA_BEADS)

    view = translations.merge_beads(library, bitext, 5, view.version)
    imported, problems = translations.import_alignment(
        library, bitext, data, "fiera.tmx", "tmx", view.version, replace=True
    )

    assert problems == []
    assert imported is not None
    assert shapes(imported) == FIERA_BEADS
    assert [bead.confirmed for bead in imported.beads][2]


def test_a_tmx_from_another_tool_is_found_in_the_articles(library: Library, pair: int) -> None:
    units = [
        ("Castelverde, 14 marzo 2025.", "Castelverde, 14 March 2025."),
        (
            "Gli espositori sono stati 1.450, provenienti da 28 paesi.",
            "There were 1,450 exhibitors from 28 countries.",
        ),
    ]
    body = "".join(
        f'<tu><tuv lang="it"><seg>{it}</seg></tuv><tuv lang="en"><seg>{en}</seg></tuv></tu>'
        for it, en in units
    )
    data = (
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="it" segtype="sentence" '
        'creationtool="x" creationtoolversion="1" adminlang="en" datatype="plaintext" '
        f'o-tmf="x"/><body>{body}</body></tmx>'
    ).encode()

    view, problems = translations.import_alignment(library, pair, data, "other.tmx")

    assert view is not None, problems
    texts = [(b.source_texts, b.target_texts) for b in view.beads]
    assert (("Castelverde, 14 marzo 2025.",), ("Castelverde, 14 March 2025.",)) in texts
    # what no unit held is kept, matched with nothing
    assert view.beads[0].target == () and view.beads[0].source_texts[0].startswith("Chiude")
    covered = sorted(i for bead in view.beads for i in bead.source)
    assert covered == list(range(len(view.source_sentences)))


def test_a_tmx_that_does_not_fit_the_articles_changes_nothing(
    library: Library, aligned: AlignmentView
) -> None:
    data = (
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="it"/><body>'
        '<tu><tuv xml:lang="it"><seg>Una frase che non c\'è.</seg></tuv>'
        '<tuv xml:lang="en"><seg>Not there.</seg></tuv></tu></body></tmx>'
    ).encode()
    view, problems = translations.import_alignment(
        library, aligned.bitext_id, data, "wrong.tmx", replace=True
    )
    assert view is None
    assert "is not in" in str(problems[-1])
    assert translations.get_alignment(library, aligned.bitext_id) == aligned


# --- writing a translation -----------------------------------------------------------


@pytest.fixture
def draft(library: Library) -> tuple[int, int]:
    """(source article id, pair id) of a new English translation of the Italian article."""
    italian, _english = import_fiera_pair(library)
    draft_id = translations.create_translation(library, italian, "en")
    return italian, translations.pair_for_article(library, draft_id)


def test_a_new_translation_has_one_empty_segment_per_source_sentence(
    library: Library, draft: tuple[int, int]
) -> None:
    italian, bitext = draft
    view = translations.get_alignment(library, bitext)

    assert view.is_draft and view.aligned
    assert len(view.beads) == 8
    assert shapes(view) == [((i,), (i,)) for i in range(8)]
    assert set(view.target_sentences) == {""}
    assert view.target_language == "en"
    detail = articles.get_article(library, view.target_article_id)
    assert detail.body == "" and detail.language == "en" and detail.status == "in_progress"
    assert detail.translations[0].article_id == italian
    # a second draft of the same article is a different article
    other = translations.create_translation(library, italian, "fr")
    assert other != view.target_article_id


def test_writing_saves_each_sentence_and_undo_is_the_old_text(
    library: Library, draft: tuple[int, int]
) -> None:
    _italian, bitext = draft
    view = translations.get_alignment(library, bitext)
    view = translations.set_target_text(
        library, bitext, 3, "There were 1,450 exhibitors.", view.version
    )
    assert translations.get_alignment(library, bitext).beads[3].target_texts == (
        "There were 1,450 exhibitors.",
    )
    view = translations.set_target_text(library, bitext, 3, "", view.version)
    assert view.beads[3].target_texts == ("",)


def test_a_translation_being_written_keeps_its_segments(
    library: Library, draft: tuple[int, int]
) -> None:
    _italian, bitext = draft
    view = translations.get_alignment(library, bitext)
    with pytest.raises(ValidationError):
        translations.merge_beads(library, bitext, 0, view.version)
    assert translations.align_pair(library, bitext) == view  # aligned by construction


def test_a_figure_stated_differently_is_flagged(library: Library, draft: tuple[int, int]) -> None:
    _italian, bitext = draft
    view = translations.get_alignment(library, bitext)
    view = translations.set_target_text(
        library,
        bitext,
        5,
        "Mr. Bruno Valli, president of Castelverde Fiere, announced investment of 105,000 euros.",
        view.version,
    )
    facts = translations.bead_facts(library, bitext, [5, 6])[5]
    by_text = {fact.text: fact for fact in facts}

    money = by_text["10,5 milioni di euro"]
    assert (money.kind, money.status, money.found) == (FIGURE_FACT, DIFFERENT, "105,000 euros")
    assert by_text["Bruno Valli"].status == FOUND
    assert by_text["Castelverde Fiere"].status == FOUND
    assert all(fact.status == PENDING for fact in translations.bead_facts(library, bitext, [6])[6])


def test_finishing_stores_the_translation_as_an_article(
    library: Library, draft: tuple[int, int]
) -> None:
    italian, bitext = draft
    view = translations.get_alignment(library, bitext)
    draft_id = view.target_article_id
    articles.update_article(
        library, draft_id, articles.ArticleChanges(title="Fruit fair closes", tags=["fairs"])
    )
    with library.session() as session:
        session.add(Record(article_id=draft_id, template="event_report", data="{}"))
    for index, text in enumerate(FIERA_SEGMENTS_EN):
        if index != 6:  # the quote is left out
            view = translations.set_target_text(library, bitext, index, text, view.version)

    article_id = translations.finish_translation(library, bitext, view.version)

    detail = articles.get_article(library, article_id)
    assert detail.body == (
        "Castelverde's 12th Fruit and Vegetable Fair closes\n\n"
        + " ".join(FIERA_SEGMENTS_EN[1:6])
        + "\n\n"
        + FIERA_SEGMENTS_EN[7]
    )
    assert (detail.title, detail.tags, detail.language) == ("Fruit fair closes", ("fairs",), "en")
    assert detail.translations[0].article_id == italian
    with pytest.raises(NotFoundError):
        articles.get_article(library, draft_id)
    with library.session() as session:
        assert session.scalar(select(Record.article_id)) == article_id
        assert session.get(Article, draft_id) is None
    finished = translations.get_alignment(library, bitext)
    assert not finished.is_draft and finished.target_article_id == article_id
    assert shapes(finished)[5:] == [((5,), (5,)), ((6,), ()), ((7,), (6,))]
    assert all(bead.confirmed for bead in finished.beads)
    for bead in finished.beads:
        for text in bead.target_texts:
            assert text in detail.body
    # its text is evidence now; its alignment can still be corrected
    with pytest.raises(ValidationError):
        translations.set_target_text(library, bitext, 0, "x", finished.version)
    merged = translations.merge_beads(library, bitext, 5, finished.version)
    assert shapes(merged)[5] == ((5, 6), (5,))
    # re-aligning keeps what the translator wrote, sentence by sentence
    assert shapes(translations.align_pair(library, bitext)) == shapes(merged)


def test_an_empty_translation_cannot_be_finished(library: Library, draft: tuple[int, int]) -> None:
    _italian, bitext = draft
    with pytest.raises(ValidationError):
        translations.finish_translation(library, bitext)


def test_a_translation_needs_a_language_code(library: Library) -> None:
    italian, _english = import_fiera_pair(library)
    with pytest.raises(ValidationError):
        translations.create_translation(library, italian, "English!")


# --- the checks themselves -------------------------------------------------------------


def test_numbers_are_compared_by_value_in_each_language() -> None:
    facts = sentence_facts(
        "Il fatturato è di 10,5 miliardi di euro, con 3.200 espositori e il 12% in più.",
        "Turnover is 10.5 billion euros, with 3,200 exhibitors and 12 per cent more.",
        "it",
        "en",
    )
    assert [(f.kind, f.status) for f in facts] == [(FIGURE_FACT, FOUND)] * 3


def test_a_missing_date_and_a_different_one_are_told_apart() -> None:
    missing = sentence_facts("La fiera apre il 14 marzo 2025.", "The fair opens soon.", "it", "en")
    assert [(f.kind, f.status) for f in missing] == [(DATE_FACT, MISSING)]
    different = sentence_facts(
        "La fiera apre il 14 marzo 2025.", "The fair opens on 15 March 2025.", "it", "en"
    )
    assert [(f.kind, f.status, f.found) for f in different] == [
        (DATE_FACT, DIFFERENT, "15 March 2025")
    ]
    same = sentence_facts(
        "Aggiornato: 18 ott 2024 17:40", "Updated: Oct 18,2024 5:40 PM", "it", "en"
    )
    assert {f.status for f in same} == {FOUND}


def test_names_are_found_by_their_words_cognates_or_aliases() -> None:
    facts = sentence_facts(
        "Il ministro ha parlato a Milano con Marta Zanè della Camera di Commercio.",
        "The minister spoke in Milan with Marta Zane of the Chamber of Commerce.",
        "it",
        "en",
        [KnownName("Camera di Commercio", ("Chamber of Commerce",))],
    )
    assert {(f.kind, f.text, f.status) for f in facts} == {
        (NAME_FACT, "Camera di Commercio", FOUND),
        (NAME_FACT, "Milano", FOUND),
        (NAME_FACT, "Marta Zanè", FOUND),
    }
    lost = sentence_facts("Ha parlato Bruno Valli.", "The president spoke.", "it", "en")
    assert [(f.text, f.status) for f in lost] == [("Bruno Valli", MISSING)]
