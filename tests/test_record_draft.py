"""Draft from annotations: one participant per person, number words, figures as they are."""

from __future__ import annotations

import pytest

from curator import annotations, entities
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from curator.record_draft import draft_from_annotations
from curator.templates import get_template, shown_fields

BODY = (
    "Shanghai fair closes\n\n"
    "Ge Dongbo, Deputy Director of the Shanghai Municipal Commission of Commerce, opened "
    "the fair, which has won the national award four consecutive times. Mr. Ge said "
    "that 1,200 exhibitors signed deals worth RMB 2.3 billion. The Commission published "
    "the Shanghai Trade Plan; the Shanghai Trade Plan runs to 2030."
)


@pytest.fixture
def article(library) -> int:  # type: ignore[no-untyped-def]
    return import_parsed(library, [ParsedArticle("Fair", BODY, "f.txt", "en")]).imported[0].id


def mark(library, article: int, text: str, type_name: str, occurrence: int = 0, **link):  # type: ignore[no-untyped-def]
    start = -1
    for _ in range(occurrence + 1):
        start = BODY.index(text, start + 1)
    return annotations.add_annotation(library, article, start, start + len(text), type_name, **link)


def evidence(cell: dict) -> list[int]:  # type: ignore[type-arg]
    return [e["annotation_id"] for e in cell["evidence"]]


def test_a_coreferent_mention_is_the_same_participant(library, article) -> None:  # type: ignore[no-untyped-def]
    ge = entities.create_entity(library, "PERSON", "Ge Dongbo")
    full = mark(library, article, "Ge Dongbo", "PERSON", entity_id=ge.id)
    short = mark(library, article, "Mr. Ge", "PERSON", entity_id=ge.id)
    role = mark(library, article, "Deputy Director", "ROLE")
    org = mark(library, article, "Shanghai Municipal Commission of Commerce", "ORG")
    annotations.add_relation(library, "holds", full.id, role.id)
    annotations.add_relation(library, "at", role.id, org.id)
    [participant] = draft_from_annotations(library, article).items("participants")
    assert participant["person"]["value"] == {"entity_id": ge.id, "text": "Ge Dongbo"}
    assert evidence(participant["person"]) == [full.id, short.id]
    assert participant["role"]["value"] == "Deputy Director"
    assert evidence(participant["organisation"]) == [org.id]


def test_the_role_may_hang_on_any_mention_of_the_person(library, article) -> None:  # type: ignore[no-untyped-def]
    ge = entities.create_entity(library, "PERSON", "Ge Dongbo")
    mark(library, article, "Ge Dongbo", "PERSON", entity_id=ge.id)
    short = mark(library, article, "Mr. Ge", "PERSON", entity_id=ge.id)
    role = mark(library, article, "Deputy Director", "ROLE")
    annotations.add_relation(library, "holds", short.id, role.id)
    [participant] = draft_from_annotations(library, article).items("participants")
    assert participant["role"]["value"] == "Deputy Director"


def test_unlinked_people_stay_apart_and_repeated_documents_are_one(library, article) -> None:  # type: ignore[no-untyped-def]
    mark(library, article, "Ge Dongbo", "PERSON")
    mark(library, article, "Mr. Ge", "PERSON")  # not linked: nothing says it is him
    first = mark(library, article, "Shanghai Trade Plan", "DOCUMENT")
    again = mark(library, article, "Shanghai Trade Plan", "DOCUMENT", occurrence=1)
    view = draft_from_annotations(library, article)
    assert [p["person"]["value"]["text"] for p in view.items("participants")] == [
        "Ge Dongbo",
        "Mr. Ge",
    ]
    [document] = view.items("documents")
    assert evidence(document["document"]) == [first.id, again.id]


def test_number_words_are_figures_and_only_money_has_a_money_slot(library, article) -> None:  # type: ignore[no-untyped-def]
    times = mark(library, article, "four consecutive times", "FIGURE")
    mark(library, article, "1,200 exhibitors", "FIGURE")
    mark(library, article, "RMB 2.3 billion", "MONEY")
    figures = draft_from_annotations(library, article).items("figures")
    by_label = {item["label"]["value"]: item for item in figures}
    assert set(by_label) == {"four consecutive times", "1,200 exhibitors", "RMB 2.3 billion"}
    four = by_label["four consecutive times"]
    assert four["quantity"]["value"] == {"qualifier": "", "value": "4", "unit": "consecutive times"}
    assert evidence(four["quantity"]) == [times.id]
    spec = get_template("event-report").field("figures")
    assert spec is not None
    shown = {
        label: [f.key for f in shown_fields(spec.fields, item)] for label, item in by_label.items()
    }
    assert shown == {
        "four consecutive times": ["label", "quantity"],
        "1,200 exhibitors": ["label", "quantity"],
        "RMB 2.3 billion": ["label", "amount"],
    }
    assert [f.key for f in shown_fields(spec.fields, {})] == ["label", "quantity", "amount"]
