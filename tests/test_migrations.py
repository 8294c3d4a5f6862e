"""The migration chain the program relies on when it opens a library."""

from alembic.script import ScriptDirectory

from db.migrations import alembic_config, head_revision, known_revisions


def test_file_names_agree_with_alembics_chain() -> None:
    """Opening a library trusts the file names; they must match Alembic's own view."""
    scripts = ScriptDirectory.from_config(alembic_config())
    chain = [script.revision for script in scripts.walk_revisions()]
    assert head_revision() == scripts.get_current_head()
    assert list(known_revisions()) == list(reversed(chain))
    for script in scripts.walk_revisions():
        assert script.path.split("/")[-1].startswith(f"{script.revision}_")
