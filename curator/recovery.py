"""Recovering what can be read out of a damaged library into a new library."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from curator.errors import CuratorError
from curator.i18n import _, ngettext
from db import recovery
from db.library import Library, read_only_uri


@dataclass(frozen=True, slots=True)
class RecoveryReport:
    source: Path
    target: Path
    copied: dict[str, int]
    lost: dict[str, int]  # per table: unreadable ranges/rows and orphans dropped

    @property
    def articles(self) -> int:
        return self.copied.get("articles", 0)

    def summary(self) -> str:
        text = ngettext(
            "Recovered {n} article into {target}",
            "Recovered {n} articles into {target}",
            self.articles,
        ).format(n=f"{self.articles:,}", target=self.target)
        text += " " + ngettext(
            "({n} row in all).", "({n} rows in all).", sum(self.copied.values())
        ).format(n=f"{sum(self.copied.values()):,}")
        if self.lost:
            text += " " + _("Some parts could not be read: {tables}.").format(
                tables=", ".join(sorted(self.lost))
            )
        return text

    def to_json(self) -> dict[str, Any]:
        return {"source": str(self.source), "target": str(self.target),
                "copied": self.copied, "lost": self.lost}  # fmt: skip


def recover_library(source: Path | str, target: Path | str) -> RecoveryReport:
    """Copy what can be read from the library at `source` into a new library at `target`.

    The damaged file is only read. `target` must not exist yet; if nothing at all can be
    read, no library is left there.
    """
    source, target = Path(source).expanduser(), Path(target).expanduser()
    if not source.is_file():
        raise CuratorError(_("{path}: no library file here.").format(path=source))
    if target.exists():
        raise CuratorError(
            _("{path}: already exists; choose a new file for the recovered library.").format(
                path=target
            )
        )
    Library.open(target).close()  # a new, empty library of this version's schema
    try:
        found = recovery.copy_readable(read_only_uri(source), target)
    except sqlite3.Error as error:
        _remove(target)
        raise CuratorError(
            _("{path}: could not be recovered ({reason}).").format(path=source.name, reason=error)
        ) from error
    if not found.copied:
        _remove(target)
        raise CuratorError(
            _("{path}: nothing could be read from it; no library was made.").format(path=source)
        )
    return RecoveryReport(
        source,
        target,
        {name: table.copied for name, table in found.tables.items() if table.copied},
        {
            name: table.unreadable + table.orphans_dropped
            for name, table in found.tables.items()
            if table.unreadable or table.orphans_dropped
        },
    )


def _remove(target: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
