"""Alembic environment: runs on the connection handed over by db.migrations."""

from alembic import context

from db.models import Base

FTS_TABLE_PREFIX = "article_fts"


def include_name(name, type_, parent_names):  # type: ignore[no-untyped-def]
    """Keep the FTS5 tables (made by hand in a migration) away from autogenerate."""
    return not (type_ == "table" and name and name.startswith(FTS_TABLE_PREFIX))


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through db.migrations.upgrade_to_head().")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
