"""Why a library cannot be opened or written. Messages name the file and say what to do."""

from pathlib import Path


class CuratorError(Exception):
    """Base of the errors a service reports to its caller (defined here so that storage
    failures are among them; curator.errors re-exports it)."""


class LibraryWriteError(CuratorError):
    """A change could not be stored (read-only library, disk full, I/O error); it was
    rolled back, and the editor's input is kept to try again. `reason` is the cause
    alone ("the disk is full"), for callers that say themselves what was kept."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason or message


class LibraryOpenError(Exception):
    """The file cannot be used as a library."""


class LibraryTooNewError(LibraryOpenError):
    """The library was written by a newer Curator; opening it could damage it."""


class NotALibraryError(LibraryOpenError):
    """The file is not a Curator library (or is damaged)."""


class LibraryBusyError(LibraryWriteError):
    """Another program held the library's write lock for longer than the busy timeout;
    the change was rolled back and can simply be tried again."""


class LibraryDamagedError(LibraryWriteError):
    """The library file is damaged (SQLite found a malformed page or a missing table).
    Nothing is written to it (so a refused edit keeps the editor's input, as for any
    refused write); it can still be read where SQLite can read it, restored from a
    backup, or recovered into a new library."""

    def __init__(self, message: str, reason: str = "the library is damaged") -> None:
        super().__init__(message, reason)


class LibraryStorageError(CuratorError):
    """Any other failure of the database under a service, named and in one line."""


class DamagedLibraryFileError(NotALibraryError):
    """A library file too damaged to open (unreadable schema, missing version row, cut
    short); `path` names it, so a front end can offer to recover what can be read."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path
