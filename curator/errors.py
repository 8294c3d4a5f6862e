"""Errors the services raise. Each message is written for the editor who will read it."""

from db.errors import (
    CuratorError,
    DamagedLibraryFileError,
    LibraryBusyError,
    LibraryDamagedError,
    LibraryOpenError,
    LibraryStorageError,
    LibraryTooNewError,
    LibraryWriteError,
    NotALibraryError,
)

__all__ = [
    "CuratorError",
    "DamagedLibraryFileError",
    "EditConflictError",
    "LibraryBusyError",
    "LibraryDamagedError",
    "LibraryOpenError",
    "LibraryStorageError",
    "LibraryTooNewError",
    "LibraryWriteError",
    "NotALibraryError",
    "NotFoundError",
    "ValidationError",
]


class NotFoundError(CuratorError):
    pass


class ValidationError(CuratorError):
    """A value an editor entered is not acceptable; `field` names which."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class EditConflictError(CuratorError):
    """Someone else saved this object since it was loaded; nothing was overwritten."""
