"""The annotations and entities subcommands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import main
from curator import annotations, entities
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from db.library import Library

BODY = "Expo opens in Valmora\n\nMarta Conti opened the Valmora Expo on 3 May."


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "annotated.sqlite"
    library = Library.open(path)
    article = import_parsed(library, [ParsedArticle("Expo", BODY, "expo.txt", "en")]).imported[0]
    marta = entities.create_entity(library, "PERSON", "Marta Conti")
    start = BODY.index("Marta Conti")
    annotations.add_annotation(library, article.id, start, start + 11, "PERSON", entity_id=marta.id)
    start = BODY.index("3 May")
    annotations.add_annotation(
        library, article.id, start, start + 5, "DATE", status="pending", source="rule:date"
    )
    library.close()
    return path


def run_json(capsys, *argv: str):  # type: ignore[no-untyped-def]
    assert main.main(["--db", str(argv[0]), *argv[1:], "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_annotations_json_lists_spans_with_their_entity(database: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    rows = run_json(capsys, database, "annotations", "--article", "1")
    assert [(r["type"], r["quote"], r["entity_name"]) for r in rows] == [
        ("PERSON", "Marta Conti", "Marta Conti")
    ]
    assert BODY[rows[0]["start"] : rows[0]["end"]] == "Marta Conti"
    with_pending = run_json(capsys, database, "annotations", "--pending")
    assert {r["status"] for r in with_pending} == {"accepted", "pending"}


def test_entities_json_counts_mentions(database: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    rows = run_json(capsys, database, "entities")
    assert [(r["name"], r["type"], r["mentions"]) for r in rows] == [("Marta Conti", "PERSON", 1)]


def test_annotations_of_a_missing_article_is_an_error(database: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main.main(["--db", str(database), "annotations", "--article", "99"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "99" in err[0]
