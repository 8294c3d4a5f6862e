"""Suggested annotations: gazetteer, rules, all occurrences; accepting and rejecting."""

from __future__ import annotations

import json

import pytest

import main
from curator import annotations, entities, suggestions
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed

FIRST = (
    "Valmora Robotics Fair closes\n\n"
    "On March 14, 2025 the Valmora Trade Commission closed the fair. Anna Ferri said "
    "that more than 1,200 exhibitors had signed contracts worth RMB 2.3 billion."
)
SECOND = (
    "Packaging forum opens\n\n"
    "The Valmora Trade Commission opened the packaging forum, where Anna Ferri spoke."
)
ITALIAN = (
    "Si apre il forum\n\n"
    "La Commissione per il Commercio di Valmora ha aperto il forum il 3 maggio 2025, "
    "con oltre 3.200 espositori."
)


@pytest.fixture
def ids(library) -> list[int]:  # type: ignore[no-untyped-def]
    report = import_parsed(
        library,
        [
            ParsedArticle("Fair closes", FIRST, "first.txt", "en"),
            ParsedArticle("Forum opens", SECOND, "second.txt", "en"),
            ParsedArticle("Si apre il forum", ITALIAN, "italian.txt", "it"),
        ],
    )
    return [item.id for item in report.imported]


def found(items) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(s.type, s.text, s.source.split(":")[0]) for s in items}


def test_rules_suggest_dates_money_and_figures(library, ids) -> None:  # type: ignore[no-untyped-def]
    english = found(suggestions.suggest(library, ids[0]))
    assert ("DATE", "March 14, 2025", "rule") in english
    assert ("MONEY", "RMB 2.3 billion", "rule") in english
    assert any(t == "FIGURE" and "1,200 exhibitors" in text for t, text, _ in english)
    italian = found(suggestions.suggest(library, ids[2]))
    assert ("DATE", "3 maggio 2025", "rule") in italian
    assert any(t == "FIGURE" and "3.200 espositori" in text for t, text, _ in italian)


def test_curated_entities_are_found_in_other_articles_in_both_languages(library, ids) -> None:  # type: ignore[no-untyped-def]
    commission = entities.create_entity(
        library,
        "ORG",
        "Valmora Trade Commission",
        aliases=[("Commissione per il Commercio di Valmora", "it")],
    )
    entities.create_entity(library, "PERSON", "Anna Ferri")
    second = suggestions.suggest(library, ids[1])
    assert found(second) >= {
        ("ORG", "Valmora Trade Commission", "gazetteer"),
        ("PERSON", "Anna Ferri", "gazetteer"),
    }
    linked = next(s for s in second if s.type == "ORG")
    assert linked.entity_id == commission.id
    italian = suggestions.suggest(library, ids[2])
    assert ("ORG", "Commissione per il Commercio di Valmora", "gazetteer") in found(italian)


def test_suggestions_are_pending_until_decided_and_rejections_stay_rejected(library, ids) -> None:  # type: ignore[no-untyped-def]
    stored = suggestions.suggest_and_store(library, ids[0])
    assert stored
    accepted = annotations.list_annotations(library, ids[0], statuses=("accepted",))
    assert accepted == []  # nothing becomes data without a decision
    pending = annotations.list_annotations(library, ids[0], statuses=("pending",))
    date = next(a for a in pending if a.type == "DATE")
    money = next(a for a in pending if a.type == "MONEY")
    assert suggestions.decide(library, [date.id], "accepted") == [date.id]
    assert suggestions.decide(library, [money.id], "rejected") == [money.id]
    assert suggestions.decide(library, [money.id], "rejected") == []  # already so
    again = found(suggestions.suggest(library, ids[0]))
    assert not any(t in ("DATE", "MONEY") for t, _text, _source in again)
    kinds = {a.type for a in annotations.list_annotations(library, ids[0], ("accepted",))}
    assert kinds == {"DATE"}


def test_accept_all_and_undo_it(library, ids) -> None:  # type: ignore[no-untyped-def]
    stored = suggestions.suggest_and_store(library, ids[0])
    changed = suggestions.decide(library, suggestions.pending_ids(library, ids[0]), "accepted")
    assert sorted(changed) == sorted(stored)
    assert suggestions.pending_ids(library, ids[0]) == []
    suggestions.decide(library, changed, "pending")  # what undo does
    assert sorted(suggestions.pending_ids(library, ids[0])) == sorted(stored)


def test_an_accepted_span_is_not_suggested_again(library, ids) -> None:  # type: ignore[no-untyped-def]
    start = FIRST.index("RMB 2.3 billion")
    annotations.add_annotation(library, ids[0], start, start + 15, "MONEY")
    assert not any(s.type == "MONEY" for s in suggestions.suggest(library, ids[0]))


def test_all_occurrences_in_the_article_and_the_library(library, ids) -> None:  # type: ignore[no-untyped-def]
    start = FIRST.index("Anna Ferri")
    marked = annotations.add_annotation(library, ids[0], start, start + 10, "PERSON")
    assert suggestions.all_occurrences(library, marked.id) == []  # only once in the article
    everywhere = suggestions.all_occurrences(library, marked.id, whole_library=True)
    assert [(s.article_id, s.text, s.type) for s in everywhere] == [
        (ids[1], "Anna Ferri", "PERSON")
    ]
    assert SECOND[everywhere[0].start : everywhere[0].end] == "Anna Ferri"


def test_cli_suggest_json(library_path, ids, capsys) -> None:  # type: ignore[no-untyped-def]
    assert (
        main.main(["--db", str(library_path), "suggest", "--article", str(ids[0]), "--json"]) == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert rows and set(rows[0]) >= {"article_id", "start", "end", "text", "type", "source"}
    assert all(FIRST[r["start"] : r["end"]] == r["text"] for r in rows)
    assert main.main(["--db", str(library_path), "suggest", "--store"]) == 0
    capsys.readouterr()
    assert main.main(["--db", str(library_path), "suggest", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # all stored as pending already


def test_an_alias_inside_a_longer_name_is_not_suggested(library) -> None:  # type: ignore[no-untyped-def]
    body = "Valmora talks\n\nThe Valmora Municipal Government met exhibitors in Valmora on Friday."
    [item] = import_parsed(library, [ParsedArticle("Valmora talks", body, "v.txt", "en")]).imported
    entities.create_entity(library, "LOCATION", "Valmora")
    places = [s for s in suggestions.suggest(library, item.id) if s.type == "LOCATION"]
    # The title and "in Valmora on Friday", not "The Valmora Municipal Government".
    assert [s.start for s in places] == [0, body.index("in Valmora") + 3]
