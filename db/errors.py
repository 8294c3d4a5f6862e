"""Why a file cannot be opened as a library. Messages name the file and say what to do."""


class LibraryOpenError(Exception):
    """The file cannot be used as a library."""


class LibraryTooNewError(LibraryOpenError):
    """The library was written by a newer Curator; opening it could damage it."""


class NotALibraryError(LibraryOpenError):
    """The file is not a Curator library (or is damaged)."""
