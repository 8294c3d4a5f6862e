"""Annotating an article: spans, context, overlap, relations, entities, undo data."""

from __future__ import annotations

import pytest

from curator import annotations, entities
from curator.errors import EditConflictError, ValidationError
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from curator.tagset import default_tagset, load_tagset, parse_tagset, save_tagset
from curator.text.spans import reanchor, snap_to_words, word_at

BODY = (
    "Closing ceremony of the Valmora Robotics Fair\n\n"
    "Anna Ferri, Deputy Director of the Valmora Trade Commission, said the fair had "
    "welcomed more than 1,200 exhibitors. The Valmora Trade Commission will publish "
    "its Action Plan for Service Robots in May."
)
ITALIAN = (
    "Chiusura della Fiera della Robotica di Valmora\n\n"
    "Anna Ferri, vicedirettrice della Commissione per il Commercio di Valmora, ha detto "
    "che la fiera ha accolto più di 1.200 espositori."
)


@pytest.fixture
def article(library) -> int:  # type: ignore[no-untyped-def]
    report = import_parsed(
        library,
        [
            ParsedArticle(title="Closing ceremony", body=BODY, origin="en.txt", language="en"),
            ParsedArticle(title="Chiusura", body=ITALIAN, origin="it.txt", language="it"),
        ],
    )
    return report.imported[0].id


def span_of(text: str, occurrence: int = 0, body: str = BODY) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = body.index(text, start + 1)
    return start, start + len(text)


def test_a_selection_snaps_to_whole_words() -> None:
    text = "Anna Ferri, Deputy Director"
    assert snap_to_words(text, 2, 8) == (0, 10)  # "na Fer" -> "Anna Ferri"
    assert snap_to_words(text, 10, 12) == (12, 12)  # ", " holds no word
    assert word_at(text, 14) == (12, 18)  # double-click in "Deputy"


def test_an_annotation_keeps_offsets_quote_and_context(library, article) -> None:  # type: ignore[no-untyped-def]
    start, end = span_of("Anna Ferri")
    view = annotations.add_annotation(library, article, start + 1, end - 2, "PERSON")
    assert (view.start, view.end, view.quote) == (start, end, "Anna Ferri")
    assert BODY[:start].endswith(view.prefix) and view.prefix
    assert view.suffix.startswith(", Deputy Director")
    stored = annotations.list_annotations(library, article)
    assert [(a.type, a.quote) for a in stored] == [("PERSON", "Anna Ferri")]


def test_reanchoring_finds_the_occurrence_whose_context_fits() -> None:
    start, end = span_of("Valmora Trade Commission", occurrence=1)
    prefix, suffix = BODY[start - 20 : start], BODY[end : end + 20]
    edited = BODY.replace("Closing ceremony", "The closing ceremony")  # offsets shift by 4
    found = reanchor(edited, "Valmora Trade Commission", prefix, suffix, hint=start)
    assert found is not None
    assert edited[found[0] : found[1]] == "Valmora Trade Commission"
    assert found[0] == start + 4  # the second occurrence, not the first
    assert reanchor(edited, "Milan Trade Commission", prefix, suffix) is None


def test_overlapping_and_nested_spans_are_allowed(library, article) -> None:  # type: ignore[no-untyped-def]
    outer = span_of("Deputy Director of the Valmora Trade Commission")
    inner = span_of("Valmora Trade Commission")
    role = annotations.add_annotation(library, article, *outer, "ROLE")
    org = annotations.add_annotation(library, article, *inner, "ORG")
    listed = annotations.list_annotations(library, article)
    assert [a.id for a in listed] == [role.id, org.id]  # outer first at the same region
    assert listed[0].start < listed[1].start < listed[1].end <= listed[0].end


def test_an_unknown_type_or_empty_span_is_refused(library, article) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="tagset"):
        annotations.add_annotation(library, article, 0, 5, "VEHICLE")
    with pytest.raises(ValidationError, match="select some text"):
        annotations.add_annotation(library, article, 10, 10, "ORG")


def test_type_and_note_change_and_a_stale_version_is_a_conflict(library, article) -> None:  # type: ignore[no-untyped-def]
    view = annotations.add_annotation(library, article, *span_of("Action Plan"), "EVENT")
    changed = annotations.update_annotation(
        library, view.id, type_name="DOCUMENT", note="check the title", expected_version=1
    )
    assert (changed.type, changed.note, changed.version) == ("DOCUMENT", "check the title", 2)
    with pytest.raises(EditConflictError):
        annotations.update_annotation(library, view.id, note="mine", expected_version=1)
    assert annotations.get_annotation(library, view.id).note == "check the title"


def test_deleting_and_restoring_brings_back_relations(library, article) -> None:  # type: ignore[no-untyped-def]
    person = annotations.add_annotation(library, article, *span_of("Anna Ferri"), "PERSON")
    role = annotations.add_annotation(library, article, *span_of("Deputy Director"), "ROLE")
    holds = annotations.add_relation(library, "holds", person.id, role.id)
    deleted = annotations.delete_annotation(library, role.id)
    assert annotations.list_relations(library, article) == []
    assert [a.id for a in annotations.list_annotations(library, article)] == [person.id]

    restored = annotations.restore_annotation(library, deleted)
    assert restored.id == role.id and restored.quote == "Deputy Director"
    assert annotations.list_relations(library, article) == [holds]


def test_relations_follow_the_tagset(library, article) -> None:  # type: ignore[no-untyped-def]
    person = annotations.add_annotation(library, article, *span_of("Anna Ferri"), "PERSON")
    org = annotations.add_annotation(library, article, *span_of("Valmora Trade Commission"), "ORG")
    with pytest.raises(ValidationError, match="allowed here"):
        annotations.add_relation(library, "holds", person.id, org.id)


def test_mentions_in_two_languages_link_to_one_entity(library, article) -> None:  # type: ignore[no-untyped-def]
    commission = entities.create_entity(
        library,
        "ORG",
        "Valmora Trade Commission",
        aliases=[("Commissione per il Commercio di Valmora", "it")],
    )
    english = annotations.add_annotation(
        library,
        article,
        *span_of("Valmora Trade Commission"),
        "ORG",
        entity_id=commission.id,
    )
    italian_start = ITALIAN.index("Commissione per il Commercio di Valmora")
    italian = annotations.add_annotation(
        library,
        article + 1,
        italian_start,
        italian_start + len("Commissione per il Commercio di Valmora"),
        "ORG",
    )
    annotations.update_annotation(library, italian.id, entity_id=commission.id)
    found = entities.mentions(library, commission.id)
    assert {m.annotation_id for m in found} == {english.id, italian.id}
    assert entities.get_entity(library, commission.id).mentions == 2
    assert annotations.get_annotation(library, english.id).entity_name == (
        "Valmora Trade Commission"
    )


def test_type_ahead_matches_misspelt_and_foreign_names(library) -> None:  # type: ignore[no-untyped-def]
    commission = entities.create_entity(
        library,
        "ORG",
        "Valmora Trade Commission",
        aliases=[("Commissione per il Commercio di Valmora", "it")],
    )
    entities.create_entity(library, "PERSON", "Anna Ferri")
    assert entities.find_entities(library, "Valmra Trade Comission")[0].entity_id == (commission.id)
    italian = entities.find_entities(library, "commercio di valmora", type_name="ORG")
    assert italian[0].matched_alias == "Commissione per il Commercio di Valmora"
    assert entities.find_entities(library, "Ferri", type_name="ORG") == []


def test_merging_two_entities_and_undoing_it(library, article) -> None:  # type: ignore[no-untyped-def]
    english = entities.create_entity(library, "ORG", "Valmora Trade Commission")
    italian = entities.create_entity(
        library, "ORG", "Commissione per il Commercio di Valmora", external_id="Q4242"
    )
    mention = annotations.add_annotation(
        library, article, *span_of("Valmora Trade Commission"), "ORG", entity_id=italian.id
    )
    merged = entities.merge_entities(library, english.id, italian.id)
    kept = entities.get_entity(library, english.id)
    assert ("Commissione per il Commercio di Valmora", None) in kept.aliases
    assert kept.external_id == "Q4242"
    assert annotations.get_annotation(library, mention.id).entity_id == english.id
    assert [e.id for e in entities.list_entities(library)] == [english.id]

    entities.unmerge_entities(library, merged)
    assert annotations.get_annotation(library, mention.id).entity_id == italian.id
    assert entities.get_entity(library, english.id).external_id is None
    assert entities.get_entity(library, italian.id).external_id == "Q4242"


def test_an_invalid_external_id_is_refused(library) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="Wikidata"):
        entities.create_entity(library, "ORG", "Valmora Fair", external_id="wikidata:42")


def test_a_library_can_have_its_own_tagset(library) -> None:  # type: ignore[no-untyped-def]
    data = default_tagset().to_json()
    data["types"].append({"name": "PRODUCT", "label": "Product", "key": "U", "colour": "#e9fac8"})
    save_tagset(library, parse_tagset(data))
    assert load_tagset(library).type_for_key("u").name == "PRODUCT"
    data["types"].append({"name": "PLANT", "label": "Plant", "key": "U", "colour": "#e9fac8"})
    with pytest.raises(ValidationError, match="key"):
        parse_tagset(data)


