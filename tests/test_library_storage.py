"""How a library file is set up, upgraded, refused, and how edits are kept safe."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from curator.articles import ArticleChanges, get_article, update_article
from curator.errors import EditConflictError
from curator.importer import import_text
from curator.search import search_articles
from db import migrations
from db.errors import LibraryTooNewError, NotALibraryError
from db.library import Library, make_engine
from db.models import Revision

RELEASE = (
    "Quarry Lake Lantern Fair draws record crowds\n"
    "\n"
    "The Quarry Lake Lantern Fair closed on Sunday after three days. The organisers said "
    "that more than twelve thousand visitors came to see the paper lanterns made by "
    "local workshops.\n"
)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sidecars(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal")]


def _only_article_id(library: Library) -> int:
    report = import_text(library, RELEASE)
    assert len(report.imported) == 1
    return report.imported[0].id


# --- a new library ---------------------------------------------------------------------


def test_new_library_uses_wal_foreign_keys_and_busy_timeout(library, library_path):
    with library.session() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() >= 1000
    # WAL is a property of the file, seen by any other program opening it.
    with sqlite3.connect(library_path) as other:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_foreign_keys_are_enforced(library):
    with pytest.raises(IntegrityError), library.session() as session:
        session.execute(text("INSERT INTO article_tags (article_id, tag_id) VALUES (4242, 4343)"))
    with library.session() as session:
        assert session.execute(text("SELECT count(*) FROM article_tags")).scalar() == 0


# --- an older library is upgraded ---------------------------------------------------------


def test_library_at_first_revision_is_upgraded_and_its_articles_found(library_path):
    engine = make_engine(library_path)
    try:
        migrations.upgrade_to_head(engine, None, target="0001")
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO articles (title, language, body, content_hash, status, notes, "
                "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    "Old Lantern Fair",
                    "en",
                    "Paper lanterns from the Quarry Lake workshops were shown in 2019.",
                    "0" * 64,
                    "new",
                    "",
                    "2020-01-01 10:00:00",
                    "2020-01-01 10:00:00",
                    1,
                ),
            )
            tables = {
                row[0]
                for row in connection.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
            assert "article_fts" not in tables  # really an old library
    finally:
        engine.dispose()

    library = Library.open(library_path)
    try:
        results = search_articles(library, "workshops")
        assert [hit.title for hit in results.hits] == ["Old Lantern Fair"]
        with library.session() as session:
            stamped = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert stamped == migrations.head_revision()
    finally:
        library.close()


# --- files that must be refused and left alone ---------------------------------------


def test_library_from_a_newer_curator_is_refused_and_left_untouched(library_path):
    Library.open(library_path).close()
    with sqlite3.connect(library_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.close()
    assert not any(sidecar.exists() for sidecar in _sidecars(library_path))
    before = _sha256(library_path)

    with pytest.raises(LibraryTooNewError) as refused:
        Library.open(library_path)

    assert str(library_path) in str(refused.value)
    assert "newer" in str(refused.value)
    assert _sha256(library_path) == before
    assert not Path(f"{library_path}-wal").exists()
    assert not Path(f"{library_path}-shm").exists()


def test_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"Minutes of the Valmora Harbour Forum, not a database.\n")
    before = _sha256(path)

    with pytest.raises(NotALibraryError) as refused:
        Library.open(path)

    assert str(path) in str(refused.value)
    assert _sha256(path) == before
    assert not any(sidecar.exists() for sidecar in _sidecars(path))


def test_foreign_sqlite_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "exhibitors.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE exhibitors (name TEXT)")
        connection.execute("INSERT INTO exhibitors VALUES ('Corvo Lanterns')")
    connection.close()
    before = _sha256(path)

    with pytest.raises(NotALibraryError) as refused:
        Library.open(path)

    assert str(path) in str(refused.value)
    assert _sha256(path) == before
    assert not any(sidecar.exists() for sidecar in _sidecars(path))
    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert tables == {"exhibitors"}


# --- the body is evidence; edits are versioned -----------------------------------------


def test_article_body_cannot_be_changed(library):
    article_id = _only_article_id(library)
    with pytest.raises(IntegrityError, match="cannot be changed"), library.session() as session:
        session.execute(
            text("UPDATE articles SET body = 'rewritten' WHERE id = :id"), {"id": article_id}
        )
    assert get_article(library, article_id).body == RELEASE.rstrip()


def test_each_update_bumps_the_version(library):
    article_id = _only_article_id(library)
    first = get_article(library, article_id).version

    second = update_article(library, article_id, ArticleChanges(status="in_progress"), first)
    third = update_article(
        library, article_id, ArticleChanges(title="Lantern Fair closes"), second.version
    )

    assert second.version == first + 1
    assert third.version == first + 2
    assert get_article(library, article_id).version == third.version


def test_stale_version_is_refused_and_changes_nothing(library):
    article_id = _only_article_id(library)
    seen = get_article(library, article_id)
    update_article(library, article_id, ArticleChanges(title="Fair closes early"), seen.version)

    with pytest.raises(EditConflictError) as conflict:
        update_article(
            library,
            article_id,
            ArticleChanges(title="Fair closes late", status="approved"),
            seen.version,
        )

    assert "nothing was overwritten" in str(conflict.value)
    now = get_article(library, article_id)
    assert now.title == "Fair closes early"
    assert now.status == "new"
    assert now.version == seen.version + 1


def test_each_update_writes_a_revision_with_before_and_after(library):
    article_id = _only_article_id(library)
    original_title = get_article(library, article_id).title
    update_article(library, article_id, ArticleChanges(title="Lantern Fair closes"))
    update_article(library, article_id, ArticleChanges(status="in_review", tags=["lanterns"]))

    with library.session() as session:
        revisions = session.scalars(
            select(Revision)
            .where(Revision.object_id == article_id, Revision.action == "update")
            .order_by(Revision.id)
        ).all()
        changes = [(json.loads(r.before), json.loads(r.after), r.author) for r in revisions]

    assert len(changes) == 2
    assert changes[0][0] == {"title": original_title}
    assert changes[0][1] == {"title": "Lantern Fair closes"}
    assert changes[1][0] == {"status": "new", "tags": []}
    assert changes[1][1] == {"status": "in_review", "tags": ["lanterns"]}
    assert all(author for _before, _after, author in changes)


def test_a_truncated_library_is_refused_and_left_alone(library_path) -> None:  # type: ignore[no-untyped-def]
    from curator.formats.base import ParsedArticle
    from curator.importer import import_parsed
    from db.errors import NotALibraryError

    library = Library.open(library_path)
    import_parsed(library, [ParsedArticle(f"Fair {i}", f"Fair {i}\n\n" + "Text. " * 400,
                                          f"f{i}.txt", "en") for i in range(30)])
    library.close()
    data = library_path.read_bytes()
    library_path.write_bytes(data[: len(data) // 2])  # a copy cut short
    before = library_path.read_bytes()
    with pytest.raises(NotALibraryError, match="damaged"):
        Library.open(library_path)
    assert library_path.read_bytes() == before
    assert not Path(f"{library_path}-wal").exists()
