"""Backups of a library: consistent copies made with SQLite's online backup API.

A backup is taken when a library is opened (at most once a day) and on demand, into
the data folder's backups/ (one subfolder per library), and rotated: every copy of the
last day is kept, and the newest of each of the last KEEP_DAILY days and KEEP_WEEKLY
weeks.
Restoring first backs up the current file, so a restore can itself be undone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from curator.errors import CuratorError
from curator.i18n import _
from curator.paths import data_dir
from db.library import Library, inspect_existing_file, read_only_uri

KEEP_DAILY = 7
KEEP_WEEKLY = 4
SUFFIX = ".sqlite"
# Microseconds too: two backups in one second (a restore's safety copy right after a
# backup) must never share a name, or the second would overwrite the first.
_STAMP = "%Y%m%d-%H%M%S%f"
_STAMP_LENGTH = 21


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    taken_at: dt.datetime
    size_bytes: int

    def to_json(self) -> dict[str, object]:
        return {"path": str(self.path), "taken_at": self.taken_at.isoformat(),
                "size_bytes": self.size_bytes}  # fmt: skip


def backup_folder(library_path: Path) -> Path:
    """Where one library's backups go: named after the file, keyed by its full path."""
    key = hashlib.sha1(str(library_path.resolve()).encode()).hexdigest()[:8]
    return data_dir() / "backups" / f"{library_path.stem}-{key}"


def _taken_at(path: Path) -> dt.datetime | None:
    """When a backup was taken, from its name: "<library>-20261122-021500123456.sqlite"."""
    try:
        return dt.datetime.strptime(path.stem[-_STAMP_LENGTH:], _STAMP)
    except ValueError:
        return None


def list_backups(library_path: Path) -> list[Backup]:
    """The library's backups, newest first."""
    folder = backup_folder(library_path)
    found = []
    for path in folder.glob(f"*{SUFFIX}") if folder.exists() else []:
        taken = _taken_at(path)
        if taken is not None:
            found.append(Backup(path, taken, path.stat().st_size))
    return sorted(found, key=lambda backup: backup.taken_at, reverse=True)


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of a live database, written to a temporary name then renamed."""
    partial = target.with_suffix(".partial")
    with (
        closing(sqlite3.connect(read_only_uri(source), uri=True)) as origin,
        closing(sqlite3.connect(partial)) as copy,
    ):
        origin.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    os.replace(partial, target)


def backup_now(
    library: Library, now: dt.datetime | None = None, *, rotate_after: bool = True
) -> Backup:
    """Copy the library now, then rotate the backups."""
    now = now or dt.datetime.now()
    folder = backup_folder(library.path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{library.path.stem}-{now.strftime(_STAMP)}{SUFFIX}"
    try:
        _copy(library.path, target)
    except (OSError, sqlite3.Error) as error:
        raise CuratorError(
            _("Could not back up {path}: {reason}").format(path=library.path, reason=error)
        ) from error
    if rotate_after:
        rotate(library.path, now)
    return Backup(target, now, target.stat().st_size)


def backup_if_due(library: Library, now: dt.datetime | None = None) -> Backup | None:
    """The once-a-day backup taken when a library is opened."""
    now = now or dt.datetime.now()
    latest = list_backups(library.path)
    if latest and latest[0].taken_at.date() == now.date():
        return None
    return backup_now(library, now)


def rotate(library_path: Path, now: dt.datetime | None = None) -> list[Path]:
    """Keep every backup of the last day, and the newest of each of the last 7 days and
    4 weeks; remove the rest."""
    now = now or dt.datetime.now()
    backups = list_backups(library_path)
    keep: set[Path] = {b.path for b in backups if now - b.taken_at < dt.timedelta(days=1)}
    days: dict[dt.date, Path] = {}
    weeks: dict[tuple[int, int], Path] = {}
    for backup in backups:  # newest first: the first seen per day or week is its newest
        days.setdefault(backup.taken_at.date(), backup.path)
        weeks.setdefault(backup.taken_at.isocalendar()[:2], backup.path)
    keep.update(list(days.values())[:KEEP_DAILY])
    keep.update(list(weeks.values())[:KEEP_WEEKLY])
    removed = []
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def restore(library: Library, backup_path: Path) -> tuple[Library, Backup]:
    """Replace the library with a backup; the current file is backed up first.

    Returns the reopened library and the backup of the state it replaced. The library
    given is closed.
    """
    inspect_existing_file(backup_path)  # refuses a file that is not a library
    safety = backup_now(library, rotate_after=False)  # rotating could remove backup_path
    if safety.path.resolve() == backup_path.resolve():  # cannot happen: names are unique
        raise CuratorError(_("The backup to restore was overwritten; nothing was changed."))
    path = library.path
    library.close()
    partial = path.with_suffix(".restoring")
    _copy(backup_path, partial)
    for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    os.replace(partial, path)
    rotate(path)
    return Library.open(path), safety
