"""full-text search of article titles and bodies (FTS5, external content)

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Bodies never change (a trigger forbids it), so only title updates need re-indexing.
STATEMENTS = [
    """CREATE VIRTUAL TABLE article_fts USING fts5(
        title, body, content='articles', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER article_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO article_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER article_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO article_fts(article_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER article_fts_title AFTER UPDATE OF title ON articles
    WHEN new.title IS NOT old.title BEGIN
        INSERT INTO article_fts(article_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO article_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    # ORDER BY rank is optimised by FTS5; rank = bm25 with a title hit worth ten body hits.
    "INSERT INTO article_fts(article_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)')",
    "INSERT INTO article_fts(article_fts) VALUES ('rebuild')",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for name in ("article_fts_insert", "article_fts_delete", "article_fts_title"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS article_fts")
