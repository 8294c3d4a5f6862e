"""Opening input files without being led astray: regular files only, folders walked
without following links out of them.

A named pipe (FIFO) would make `open()` wait forever for a writer, a device can be read
without end, and a link inside an imported folder can point anywhere on the disk (a
link to /etc/passwd is not an article). So every reader opens its input here: the file
is checked with `os.stat` (which follows links, so a link to a FIFO is caught too)
before it is opened, and once more on the open descriptor, which is opened
non-blocking so that even a FIFO swapped in between the two checks cannot hang.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from curator.formats.base import ReadProblem, Severity
from curator.i18n import _


class SpecialFile(OSError):
    """Not a regular file (a FIFO, a device, a socket): it is never read."""

    def __init__(self, reason: str) -> None:
        super().__init__(errno.EINVAL, reason)  # strerror is the reason, as callers show it
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


def special_kind(mode: int) -> str | None:
    """What a non-regular, non-folder file is, in words; None for a regular file or folder."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return _("a named pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a regular file")


def special_reason(kind: str) -> str:
    return _("is {kind}, not a file; it was not opened").format(kind=kind)


def special_file_reason(path: Path) -> str | None:
    """Why `path` (followed through links) is not opened, or None when it may be."""
    try:
        kind = special_kind(os.stat(path).st_mode)
    except OSError:
        return None
    return special_reason(kind) if kind else None


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for binary reading; raises SpecialFile for anything but a regular file
    (and the usual OSError subclasses when it is missing or not readable)."""
    kind = special_kind(os.stat(path).st_mode)
    if kind:
        raise SpecialFile(special_reason(kind))
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        kind = special_kind(os.fstat(descriptor).st_mode)
        if kind:
            raise SpecialFile(special_reason(kind))
        if stat.S_ISDIR(os.fstat(descriptor).st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


@dataclass(slots=True)
class FolderListing:
    """The regular files under a folder, and a problem for each entry left out."""

    files: list[Path] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)


def list_folder(root: Path, *, hidden: bool = False) -> FolderListing:
    """Every regular file under `root`, sorted, never following a link that leaves it.

    A link to a file inside the folder is listed; a link leading outside it, a link to a
    folder, a dangling link and a special file are each reported and left out. Hidden
    entries (a name starting with ".") are left out silently unless `hidden`.
    """
    listing = FolderListing()
    inside = root.resolve()
    for entry in sorted(_entries(root, hidden, listing.problems)):
        try:
            info = entry.lstat()
            if stat.S_ISLNK(info.st_mode):
                problem = _link_problem(entry, inside)
                if problem:  # a link to a folder is only not walked: a warning
                    severity: Severity = "warning" if entry.is_dir() else "error"
                    listing.problems.append(ReadProblem(str(entry), problem, severity))
                    continue
                info = entry.stat()
        except OSError:  # gone meanwhile
            continue
        kind = special_kind(info.st_mode)
        if kind:
            listing.problems.append(ReadProblem(str(entry), special_reason(kind)))
        elif stat.S_ISREG(info.st_mode):
            listing.files.append(entry)
    return listing


def _entries(root: Path, hidden: bool, problems: list[ReadProblem]) -> Iterator[Path]:
    def unreadable(error: OSError) -> None:
        reason = _("cannot look inside this folder ({reason})").format(
            reason=error.strerror or error
        )
        problems.append(ReadProblem(str(error.filename or root), reason))

    for folder, folders, names in os.walk(root, onerror=unreadable, followlinks=False):
        base = Path(folder)
        kept = [name for name in folders if hidden or not name.startswith(".")]
        folders[:] = [name for name in kept if not (base / name).is_symlink()]
        yield from (base / name for name in kept if (base / name).is_symlink())
        yield from (base / name for name in names if hidden or not name.startswith("."))


def _link_problem(link: Path, inside: Path) -> str | None:
    """Why a link is not followed, or None for a link to a file within the folder."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):
        return _("is a link to something that does not exist; not followed")
    if not target.is_relative_to(inside):
        reason = _("is a link leading outside the imported folder (to {target}); not followed")
        return reason.format(target=target)
    if target.is_dir():
        return _("is a link to a folder; not followed")
    return None
