"""The migration chain the program relies on when it opens a library."""

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from curator.search import search_articles
from db.library import Library
from db.migrations import VERSIONS_DIR, alembic_config, head_revision, known_revisions
from tests.data.make_first_release_library import ARTICLES


def test_file_names_agree_with_alembics_chain() -> None:
    """Opening a library trusts the file names; they must match Alembic's own view."""
    scripts = ScriptDirectory.from_config(alembic_config())
    chain = [script.revision for script in scripts.walk_revisions()]
    assert head_revision() == scripts.get_current_head()
    assert list(known_revisions()) == list(reversed(chain))
    for script in scripts.walk_revisions():
        assert script.path.split("/")[-1].startswith(f"{script.revision}_")


FIRST_RELEASE_LIBRARY = Path(__file__).parent / "data" / "first_release_library.sqlite"


def test_a_first_release_library_is_upgraded_with_title_weighting(tmp_path: Path) -> None:
    """Migration 0002 was edited after release (rank = bm25 with titles x10): a library
    made before the edit (tests/data/make_first_release_library.py) must rank a title
    hit first after opening, like a library made today."""
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIRST_RELEASE_LIBRARY, path)
    with sqlite3.connect(path) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
    library = Library.open(path)
    try:
        hits = search_articles(library, "Turin").hits
        assert [hit.title for hit in hits] == ["Turin fair opens", "Markets report"]
        fresh = Library.open(tmp_path / "new.sqlite")
        try:
            import_parsed(
                fresh,
                [
                    ParsedArticle(title=title, body=body, origin=str(i))
                    for i, (title, body) in enumerate(ARTICLES)
                ],
            )
            new_hits = search_articles(fresh, "Turin").hits
        finally:
            fresh.close()
        assert [hit.score for hit in hits] == pytest.approx([hit.score for hit in new_hits])
    finally:
        library.close()


#: sha256 of each released migration. A released migration is never edited (libraries
#: made with it never run the edit): change the schema with a new migration instead,
#: and add its hash here once it is released.
RELEASED = {
    "0001": "21bce3711ff36368c873feaa6ffa10590627609edb8ccc4e6beb5e71b1e73cfb",
    "0002": "21b5c6855333e2b679a2fe17fcfce0c51ab352dab519f5a1ab226ff1c96479bb",
    "0003": "beb9dbd788a0310cd171448f9a47f00c27d4f3f5e01bba66e3149fdea8f74a93",
    "0004": "774f1b6ffc9a510822a437454330cac87e326af84a610a4a9bbcab74d2a7ef7a",
}


def test_released_migrations_are_unchanged() -> None:
    found = {
        path.name[:4]: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in VERSIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py")
    }
    assert {revision: found.get(revision) for revision in RELEASED} == RELEASED
