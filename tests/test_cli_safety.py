"""history, backup and restore on the command line."""

from __future__ import annotations

import json

import main
from curator.articles import ArticleChanges, get_article, update_article
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from db.library import Library


def test_history_backup_and_restore(library_path, capsys) -> None:  # type: ignore[no-untyped-def]
    library = Library.open(library_path)
    article = (
        import_parsed(library, [ParsedArticle("Fair", "Fair\n\nOpen.", "f.txt", "en")])
        .imported[0]
        .id
    )
    library.close()
    db = ["--db", str(library_path)]
    assert main.main([*db, "backup", "--json"]) == 0
    taken = json.loads(capsys.readouterr().out)["path"]

    library = Library.open(library_path)
    update_article(library, article, ArticleChanges(title="Fair closes"))
    library.close()
    assert main.main([*db, "history", str(article), "--json"]) == 0
    revisions = json.loads(capsys.readouterr().out)
    assert [r["action"] for r in revisions] == ["update", "import"]
    assert revisions[0]["after"] == {"title": "Fair closes"}

    assert main.main([*db, "restore", taken, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["previous_state"]["path"] != taken
    library = Library.open(library_path)
    try:
        assert get_article(library, article).title == "Fair"
    finally:
        library.close()
    assert main.main([*db, "backup", "--list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_history_of_a_missing_article_is_one_line_and_exit_1(library_path, library, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main.main(["--db", str(library_path), "history", "42"]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
