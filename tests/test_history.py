"""History: every change to an article, its annotations and its record, and restoring."""

from __future__ import annotations

import pytest

from curator import annotations, history, records
from curator.articles import ArticleChanges, get_article, update_article
from curator.errors import ValidationError
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from curator.revisions import set_author

BODY = "Valmora fair closes\n\nThe Valmora fair closed with 1,200 exhibitors."


@pytest.fixture
def article(library) -> int:  # type: ignore[no-untyped-def]
    return (
        import_parsed(library, [ParsedArticle("Valmora fair closes", BODY, "v.txt", "en")])
        .imported[0]
        .id
    )


def test_history_lists_who_changed_what_newest_first(library, article) -> None:  # type: ignore[no-untyped-def]
    set_author("Giulia (desk 3)")
    try:
        update_article(library, article, ArticleChanges(title="Valmora fair ends"))
        start = BODY.index("1,200 exhibitors")
        mark = annotations.add_annotation(library, article, start, start + 16, "FIGURE")
        annotations.delete_annotation(library, mark.id)
        records.set_cell(library, article, ("series",), {"value": "Valmora fairs"})
    finally:
        set_author(None)
    revisions = history.article_history(library, article)
    kinds = [(r.object_type, r.action) for r in revisions]
    assert kinds[:4] == [
        ("record", "set"),
        ("annotation", "delete"),
        ("annotation", "create"),
        ("article", "update"),
    ]
    assert kinds[-1] == ("article", "import")
    assert revisions[3].before == {"title": "Valmora fair closes"}
    assert revisions[3].after == {"title": "Valmora fair ends"}
    assert {r.author for r in revisions[:4]} == {"Giulia (desk 3)"}


def test_restoring_an_earlier_title_is_itself_a_revision(library, article) -> None:  # type: ignore[no-untyped-def]
    update_article(library, article, ArticleChanges(title="Valmora fair ends"))
    edit = next(r for r in history.article_history(library, article) if r.action == "update")
    history.restore_revision(library, edit.id, "before")
    assert get_article(library, article).title == "Valmora fair closes"
    newest = history.article_history(library, article)[0]
    assert (newest.before, newest.after) == (
        {"title": "Valmora fair ends"},
        {"title": "Valmora fair closes"},
    )


def test_restoring_a_record_and_an_annotation(library, article) -> None:  # type: ignore[no-untyped-def]
    records.set_cell(library, article, ("series",), {"value": "first"})
    records.set_cell(library, article, ("series",), {"value": "second"})
    change = history.article_history(library, article)[0]
    history.restore_revision(library, change.id, "before")
    assert records.get_record(library, article).cell(("series",))["value"] == "first"

    start = BODY.index("Valmora", 10)
    mark = annotations.add_annotation(library, article, start, start + 7, "ORG")
    annotations.update_annotation(library, mark.id, type_name="LOCATION")
    retype = history.article_history(library, article)[0]
    history.restore_revision(library, retype.id, "before")
    assert annotations.get_annotation(library, mark.id).type == "ORG"


def test_a_state_that_does_not_exist_cannot_be_restored(library, article) -> None:  # type: ignore[no-untyped-def]
    imported = history.article_history(library, article)[-1]
    with pytest.raises(ValidationError, match="no state before"):
        history.restore_revision(library, imported.id, "before")
