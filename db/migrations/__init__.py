"""Schema migrations (Alembic), run programmatically when a library is opened.

Migration files are named `NNNN_what_it_does.py` with revision id NNNN, one after
another. Opening an up-to-date library only compares ids taken from those names, so
Alembic itself (about 0.2 s to import) is loaded only when a library must be upgraded;
a test checks the names against Alembic's own view of the chain.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from db.errors import LibraryTooNewError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent
VERSIONS_DIR = MIGRATIONS_DIR / "versions"
_REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@cache
def known_revisions() -> tuple[str, ...]:
    """Revision ids of the migrations this version of Curator ships, oldest first."""
    names = (path.name for path in VERSIONS_DIR.iterdir())
    return tuple(sorted(match[1] for name in names if (match := _REVISION_FILE.match(name))))


def head_revision() -> str:
    return known_revisions()[-1]


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
