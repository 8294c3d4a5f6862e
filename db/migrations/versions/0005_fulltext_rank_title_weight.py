"""full-text rank: bm25 with title hits weighted, for libraries made before 0002 set it

Revision ID: 0005
Revises: 0004

Migration 0002 was edited after release to configure FTS5's rank column; libraries
created with the original 0002 never ran that statement and ranked title hits like
body hits. Setting the configuration again is harmless where it is already set.
Released migrations are never edited again: a change to the schema is a new migration.
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: the same as in 0002 (db/fulltext.py orders by this rank): a title hit is worth ten
#: body hits.
RANK = "bm25(10.0, 1.0)"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # FTS5 is SQLite's; other engines rank in their own search backend
    op.execute(f"INSERT INTO article_fts(article_fts, rank) VALUES ('rank', '{RANK}')")


def downgrade() -> None:
    """Nothing to undo: 0002 as released today sets the same configuration."""
