"""Make first_release_library.sqlite: a library written by Curator's first released schema.

Migration 0002 (full-text search) was edited after release (commit 0225d89 added the
FTS5 rank configuration, title hits worth ten body hits), so libraries created before
that commit lack it; migration 0005 restores it. This file is how the test fixture for
that upgrade was made, kept so it can be remade and checked:

    python tests/data/make_first_release_library.py

It exports db/ as of commit 944b717 (the first release, before the edit) from git into a
temporary folder, lets *that* code create the library (its migrations 0001-0002 with
the original 0002), adds five small articles with plain SQL (the first release had no
importer), and shrinks the file (512-byte pages, rollback journal, vacuumed) so the
committed file stays tiny. Needs git and the repository's history.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

FIRST_RELEASE = "944b717"
HERE = Path(__file__).resolve().parent
OUT = HERE / "first_release_library.sqlite"

#: (title, body). "Turin" is in the first title only and twice in the second body: the
#: title hit must rank first, which it does only with the title weighting.
ARTICLES = [
    ("Turin fair opens", "The book fair opened on Monday with visitors from abroad."),
    ("Markets report", "Turin traders said prices in Turin rose a little."),
    ("Weather", "Rain is expected across the north on Tuesday."),
    ("Football", "The home side won two to one after extra time."),
    ("Rail strike", "Trains were cancelled as staff walked out over pay."),
]

CREATE = """
import hashlib, sqlite3, sys
from db.library import Library
Library.open(sys.argv[1]).close()
connection = sqlite3.connect(sys.argv[1])
for title, body in ARTICLES:
    connection.execute(
        "INSERT INTO articles (title, body, content_hash, status, notes, created_at,"
        " updated_at, version) VALUES (?, ?, ?, 'new', '', '2026-11-22 01:30:00',"
        " '2026-11-22 01:30:00', 1)",
        (title, body, hashlib.sha256(body.encode()).hexdigest()),
    )
connection.commit()
connection.execute("PRAGMA journal_mode=DELETE")
connection.execute("PRAGMA page_size=512")
connection.execute("VACUUM")
connection.close()
"""


def main() -> None:
    root = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"],
        cwd=HERE,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as work:
        archive = subprocess.run(
            ["git", "archive", FIRST_RELEASE, "db"], cwd=root, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", work], input=archive, check=True)
        OUT.unlink(missing_ok=True)
        script = f"ARTICLES = {ARTICLES!r}\n{CREATE}"
        subprocess.run(
            [sys.executable, "-c", script, str(OUT)],
            cwd=work,
            check=True,
            env={"PYTHONPATH": work, "PATH": "/usr/bin:/bin"},
        )
    print(f"{OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
