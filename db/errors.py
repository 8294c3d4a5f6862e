"""Why a library cannot be opened or written. Messages name the file and say what to do."""


class CuratorError(Exception):
    """Base of the errors a service reports to its caller (defined here so that storage
    failures are among them; curator.errors re-exports it)."""


class LibraryWriteError(CuratorError):
    """A change could not be stored (read-only library, disk full, I/O error); it was
    rolled back, and the editor's input is kept to try again."""


class LibraryOpenError(Exception):
    """The file cannot be used as a library."""


class LibraryTooNewError(LibraryOpenError):
    """The library was written by a newer Curator; opening it could damage it."""


class NotALibraryError(LibraryOpenError):
    """The file is not a Curator library (or is damaged)."""
