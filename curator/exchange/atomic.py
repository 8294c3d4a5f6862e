"""Writing export output so that a crash or a cancel never leaves a half file.

Everything is written under a temporary name beside the destination and renamed into
place only when complete: a single file, a folder of files, or a .zip of that folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_UMASK_MODE = _default_mode()


@contextmanager
def atomic_file(destination: Path, mode: str = "w") -> Iterator:  # type: ignore[type-arg]
    """Open a temporary file beside `destination`; it replaces it only on success."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{destination.name}.", dir=destination.parent)
    os.close(handle)
    os.chmod(temporary, _UMASK_MODE)  # mkstemp makes 0600; an export is shared like any file
    try:
        encoding = None if "b" in mode else "utf-8"
        with open(temporary, mode, encoding=encoding, newline="" if encoding else None) as out:
            yield out
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_folder(destination: Path) -> Iterator[Path]:
    """A temporary folder to fill; it becomes `destination` (or `destination`.zip's
    content, when the name ends in .zip) only on success."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
    work.chmod(_UMASK_MODE | 0o111)  # mkdtemp makes 0700
    try:
        yield work
        if destination.suffix.lower() == ".zip":
            with (
                atomic_file(destination, "wb") as out,
                zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
            ):
                for path in sorted(work.rglob("*")):
                    if path.is_file():
                        archive.write(path, path.relative_to(work).as_posix())
        else:
            if destination.is_dir():
                shutil.rmtree(destination)
            elif destination.exists():
                destination.unlink()
            os.replace(work, destination)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
