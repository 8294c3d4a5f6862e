"""Schema migrations (Alembic), run programmatically when a library is opened."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from db.errors import LibraryTooNewError

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@cache
def _script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _script_directory().get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {script.revision for script in _script_directory().walk_revisions()}


def check_known(revision: str | None, path: Path) -> None:
    """Refuse a library whose schema this version of Curator does not know."""
    if revision is not None and revision not in known_revisions():
        raise LibraryTooNewError(
            f"{path}: was written by a newer version of Curator (schema {revision}). "
            "Update Curator to open it; the file was not changed."
        )


def upgrade_to_head(engine: Engine, current: str | None, target: str = "head") -> None:
    """Bring the library's schema up to `target`; a no-op when it is there already."""
    if target == "head" and current == head_revision():
        return
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)
