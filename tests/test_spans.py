"""Snapping a selection to a name, and moving one edge of a span."""

from __future__ import annotations

import pytest

from curator import annotations, history
from curator.errors import ValidationError
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from curator.text.spans import drag_edge, snap_to_words, step_edge, trim_span

TEXT = (
    "Ge Dongbo said: “The China International Industry Fair (CIIF) opened”, "
    "thanking «Fiera di Valmora» and ‘Zhang Machinery Co., Ltd.’ (a sponsor) and "
    "Valmora S.p.A. and Disney+, for a 12% rise worth €4.5 billion. (Tokyo) "
    '"Shanghai Electric" said (it was "great").'
)


def snapped(selection: str, occurrence: int = 0) -> str:
    """What a selection of exactly `selection` snaps to."""
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(selection, start + 1)
    begin, end = snap_to_words(TEXT, start, start + len(selection))
    return TEXT[begin:end]


@pytest.mark.parametrize(
    ("selection", "name"),
    [
        ("“The China", "The China"),  # an opening quote goes
        ("(CIIF) opened”,", "(CIIF) opened"),  # a pair inside the span stays
        ("Industry Fair (CIIF)", "Industry Fair (CIIF)"),  # a balanced pair inside stays
        ("(CIIF)", "CIIF"),  # brackets around the whole span go
        ("(CIIF", "CIIF"),
        ("CIIF)", "CIIF"),  # a lone ")" goes
        ("«Fiera di Valmora»", "Fiera di Valmora"),
        ("‘Zhang Machinery Co., Ltd.’", "Zhang Machinery Co., Ltd."),  # keeps its dot
        ("Zhang Machinery Co., Lt", "Zhang Machinery Co., Ltd."),  # takes in the dot
        ("(a sponsor)", "a sponsor"),
        ("Valmora S.p.A. ", "Valmora S.p.A."),
        ("12% ", "12%"),
        ("Disney+,", "Disney+"),
        ("€4.5 billion.", "€4.5 billion"),  # a full stop is not part of the amount
        ("(Tokyo) ", "Tokyo"),
        ('"Shanghai Electric"', "Shanghai Electric"),
        ('"great").', "great"),
        ("said: ", "said"),
    ],
)
def test_snapping_trims_what_is_not_part_of_the_name(selection: str, name: str) -> None:
    assert snapped(selection) == name


def test_snapping_still_widens_to_whole_words() -> None:
    start = TEXT.index("Dongbo")
    assert TEXT[slice(*snap_to_words(TEXT, start - 2, start + 2))] == "Ge Dongbo"
    marks = TEXT.index("”, ")
    begin, end = snap_to_words(TEXT, marks, marks + 3)  # '”, ' holds no word
    assert begin == end


def test_trim_only_trims() -> None:
    start = TEXT.index("“The")
    assert trim_span(TEXT, start, start + 5) == (start + 1, start + 4)
    assert trim_span(TEXT, 3, 3) == (3, 3)


BODY = "Anna Ferri, Deputy Director of the Valmora Trade Commission, thanked 1,200 exhibitors."


def quote(span: tuple[int, int]) -> str:
    return BODY[span[0] : span[1]]


def test_a_step_moves_one_edge_by_a_word_or_a_mark() -> None:
    name = (BODY.index("Valmora"), BODY.index(" Commission"))  # "Valmora Trade"
    assert quote(step_edge(BODY, *name, "end", 1)) == "Valmora Trade Commission"
    assert quote(step_edge(BODY, *name, "end", -1)) == "Valmora"
    assert quote(step_edge(BODY, *name, "start", -1)) == "the Valmora Trade"
    assert quote(step_edge(BODY, *name, "start", 1)) == "Trade"
    wide = (name[0], BODY.index(", thanked"))
    assert quote(step_edge(BODY, *wide, "end", 1)) == "Valmora Trade Commission,"
    figure = (BODY.index("thanked"), BODY.index(" 1,200"))
    assert quote(step_edge(BODY, *figure, "end", 1)) == "thanked 1,200"  # one number, one step


def test_a_step_never_empties_the_span_or_leaves_the_text() -> None:
    assert step_edge(BODY, 0, 4, "end", -1) == (0, 4)
    assert step_edge(BODY, 0, 4, "start", 1) == (0, 4)
    assert step_edge(BODY, 0, 4, "start", -1) == (0, 4)
    last = (BODY.index("exhibitors"), len(BODY))
    assert step_edge(BODY, *last, "end", 1) == last


def test_a_dragged_edge_snaps_to_words_and_cannot_cross_the_other() -> None:
    name = (BODY.index("Valmora"), BODY.index(" Commission"))
    assert quote(drag_edge(BODY, *name, "end", BODY.index("Commission") + 3)) == (
        "Valmora Trade Commission"
    )
    assert quote(drag_edge(BODY, *name, "end", BODY.index(", thanked") + 2)) == (
        "Valmora Trade Commission"
    )  # dropped after the comma: the comma is not taken in
    assert quote(drag_edge(BODY, *name, "start", BODY.index("the Valmora") + 1)) == (
        "the Valmora Trade"
    )
    assert drag_edge(BODY, *name, "end", name[0] - 5) == name
    assert drag_edge(BODY, *name, "start", name[1] + 5) == name


@pytest.fixture
def mention(library):  # type: ignore[no-untyped-def]
    article = import_parsed(library, [ParsedArticle("Fair", BODY, "f.txt", "en")]).imported[0]
    start = BODY.index("Valmora Trade")
    return annotations.add_annotation(library, article.id, start, start + 13, "ORG")


def test_moving_an_annotation_keeps_quote_context_and_writes_a_revision(library, mention) -> None:  # type: ignore[no-untyped-def]
    start, end = mention.start, BODY.index(",", mention.start)
    moved = annotations.move_annotation(library, mention.id, start, end)
    assert (moved.id, moved.type, moved.quote) == (mention.id, "ORG", "Valmora Trade Commission")
    assert moved.quote == BODY[moved.start : moved.end]
    assert moved.suffix.startswith(", thanked") and moved.version == mention.version + 1
    [revision] = [
        r for r in history.article_history(library, mention.article_id) if r.action == "update"
    ]
    assert revision.before["quote"] == "Valmora Trade"  # type: ignore[index]
    assert revision.after["end"] == end  # type: ignore[index]


def test_moving_an_annotation_off_the_text_is_refused(library, mention) -> None:  # type: ignore[no-untyped-def]
    for start, end in ((10, 10), (20, 5), (-1, 4), (0, len(BODY) + 1)):
        with pytest.raises(ValidationError):
            annotations.move_annotation(library, mention.id, start, end)
    assert annotations.get_annotation(library, mention.id).quote == "Valmora Trade"
