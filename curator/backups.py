"""Backups of a library: consistent copies made with SQLite's online backup API.

A backup is taken when a library is opened (at most once a day) and on demand, into
the data folder's backups/ (one subfolder per library), and rotated: every copy of the
last day is kept, and the newest of each of the last KEEP_DAILY days and KEEP_WEEKLY
weeks.
Restoring first backs up the current file, so a restore can itself be undone. A backup
that fails (full disk, unwritable folder) leaves no .partial file, and those left by a
backup that was killed are removed by the next one.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from curator.errors import CuratorError, LibraryBusyError
from curator.i18n import _
from curator.paths import data_dir
from db import health, migrations
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


#: A .partial file untouched this long was left by a backup that was killed.
STALE_PARTIAL_S = 120
#: How long a restore waits for another program to finish saving.
RESTORE_WAIT_S = 10.0


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of a live database, written to a temporary name then renamed;
    the temporary file is removed whatever goes wrong."""
    partial = target.with_suffix(".partial")
    try:
        with (
            closing(sqlite3.connect(read_only_uri(source), uri=True)) as origin,
            closing(sqlite3.connect(partial)) as copy,
        ):
            origin.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        os.replace(partial, target)
    except BaseException:
        for leftover in (partial, Path(f"{partial}-journal")):
            leftover.unlink(missing_ok=True)
        raise


def remove_stale_partials(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the .partial files that backups killed half-way left behind."""
    now = time.time() if now is None else now
    removed = []
    for partial in folder.glob("*.partial*") if folder.is_dir() else []:
        try:
            if now - partial.stat().st_mtime > STALE_PARTIAL_S:
                partial.unlink()
                removed.append(partial)
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


def backup_now(
    library: Library, now: dt.datetime | None = None, *, rotate_after: bool = True
) -> Backup:
    """Copy the library now, then rotate the backups."""
    now = now or dt.datetime.now()
    folder = backup_folder(library.path)
    target = folder / f"{library.path.stem}-{now.strftime(_STAMP)}{SUFFIX}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale_partials(folder)
        _copy(library.path, target)
    except (OSError, sqlite3.Error) as error:
        raise CuratorError(
            _("Could not back up {path} into {folder}: {reason}").format(
                path=library.path.name, folder=folder, reason=_reason(error)
            )
        ) from error
    if rotate_after:
        rotate(library.path, now)
    return Backup(target, now, target.stat().st_size)


def _reason(error: OSError | sqlite3.Error) -> str:
    """Why a copy failed, in the editor's words."""
    name = getattr(error, "sqlite_errorname", "") or ""
    if name.startswith("SQLITE_FULL") or getattr(error, "errno", None) in (
        errno.ENOSPC,
        errno.EFBIG,
    ):
        return _("the disk is full; no backup was made. Free some space and try again.")
    if isinstance(error, OSError) and error.strerror:
        return _("{reason}; no backup was made.").format(reason=error.strerror)
    return _("{reason}; no backup was made.").format(reason=error)


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
    """Put a backup's contents into the library; the current state is backed up first.

    The backup is copied into the live database with SQLite's backup API, as one write
    transaction: other windows and processes keep their connections, see the restored
    state as they see any other change, and their later saves go into the restored
    library (a save over a version that the restore changed is a conflict, not a silent
    overwrite). Returns the library to use from now on and the safety backup.
    """
    revision = inspect_existing_file(backup_path)  # refuses a file that is not a library
    migrations.check_known(revision, backup_path)
    if (problem := health.check(read_only_uri(backup_path))) is not None:
        raise CuratorError(
            _("{path}: this backup is damaged ({problem}); nothing was changed.").format(
                path=backup_path, problem=problem
            )
        )
    safety = backup_now(library, rotate_after=False)  # rotating could remove backup_path
    if safety.path.resolve() == backup_path.resolve():  # cannot happen: names are unique
        raise CuratorError(_("The backup to restore was overwritten; nothing was changed."))
    path = library.path
    if library.damage is not None:  # too damaged to write into: replace the file
        library.close()
        _replace_file(backup_path, path)
    else:
        _copy_into_live(backup_path, path)
    rotate(path)
    if library.read_only or revision != migrations.head_revision():
        library.close()
        return Library.open(path), safety
    return library, safety


def _copy_into_live(backup_path: Path, path: Path) -> None:
    """Copy the backup's pages into the live library in one transaction (backup API)."""
    deadline = time.monotonic() + RESTORE_WAIT_S

    def give_up_when_busy(status: int, _remaining: int, _total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and (time.monotonic() > deadline):
            raise LibraryBusyError(
                _(
                    "{name}: another program kept the library busy for {seconds:.0f} s; "
                    "it was not restored. Try again."
                ).format(name=path.name, seconds=RESTORE_WAIT_S)
            )

    try:
        with (
            closing(sqlite3.connect(read_only_uri(backup_path), uri=True)) as origin,
            closing(sqlite3.connect(path, timeout=RESTORE_WAIT_S)) as live,
        ):
            highest = _highest_versions(live)
            origin.backup(live, progress=give_up_when_busy, sleep=0.05)
            _raise_versions(live, highest)
    except sqlite3.Error as error:
        raise CuratorError(
            _("Could not restore {name}: {reason}; the library was not changed.").format(
                name=path.name, reason=error
            )
        ) from error


#: The tables whose rows carry a version counter (a save names the version it read).
_VERSIONED = (
    "articles",
    "bitexts",
    "entities",
    "annotations",
    "relations",
    "records",
    "alignments",
)


def _highest_versions(live: sqlite3.Connection) -> dict[str, int]:
    """Each versioned table's highest version counter before the restore."""
    found = {}
    for table in _VERSIONED:
        try:
            found[table] = live.execute(f"SELECT MAX(version) FROM {table}").fetchone()[0] or 0
        except sqlite3.OperationalError:  # an older schema without this table
            continue
    return found


def _raise_versions(live: sqlite3.Connection, highest: dict[str, int]) -> None:
    """Lift every restored version counter above any the library had before.

    The backup's counters are older than the live ones: without this, a window still
    holding version 2 of an article could save over another's save of the restored
    version 1 (which is 2 again) without a conflict.
    """
    with live:
        live.execute("BEGIN IMMEDIATE")
        for table, offset in highest.items():
            try:
                live.execute(f"UPDATE {table} SET version = version + ?", (offset,))
            except sqlite3.OperationalError:  # an older backup without this table
                continue


def _replace_file(backup_path: Path, path: Path) -> None:
    partial = path.with_suffix(".restoring")
    _copy(backup_path, partial)
    for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    os.replace(partial, path)
