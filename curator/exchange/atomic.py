"""Writing export output so that a crash or a cancel never leaves a half file.

Everything is written under a temporary name beside the destination and renamed into
place only when complete: a single file, a folder of files, or a .zip of that folder.
A folder export also writes its manifest (curator/exchange/destination.py), which is
how a later export recognises it as replaceable. Before replacing anything the
destination is checked again (it may have changed during a long export), and nothing
is replaced without the caller's consent. Temporary names follow
curator/formats/atomic_write.py, so those a killed export left are swept by the next.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from curator.exchange.destination import MANIFEST_NAME, manifest_bytes, require_consent
from curator.formats.atomic_write import sweep_temporaries, temporary_name


@contextmanager
def atomic_file(
    destination: Path, mode: str = "w", *, replace: bool = False, zip_of: str = ""
) -> Iterator[IO[Any]]:
    """Open a temporary file beside `destination`; it takes its place only on success.

    An existing file there is replaced only when `replace` is true (ReplaceNeeded
    otherwise); `zip_of` names the format when the file is a .zip of a folder export.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    sweep_temporaries(destination.parent)
    temporary = temporary_name(destination)
    # 0o666 less the umask, like any new file (mkstemp would make it 0600)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        encoding = None if "b" in mode else "utf-8"
        with open(descriptor, mode, encoding=encoding, newline="" if encoding else None) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        require_consent(destination, zip_of, "zip" if zip_of else "file", replace)
        os.replace(temporary, destination)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_folder(destination: Path, fmt: str, *, replace: bool = False) -> Iterator[Path]:
    """A temporary folder to fill; it becomes `destination` (or `destination`.zip's
    content, when the name ends in .zip) only on success, with its manifest."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    sweep_temporaries(destination.parent)
    work = temporary_name(destination)
    work.mkdir()  # 0o777 less the umask, like any new folder
    try:
        yield work
        written = [p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file()]
        (work / MANIFEST_NAME).write_bytes(manifest_bytes(fmt, written))
        if destination.suffix.lower() == ".zip":
            with (
                atomic_file(destination, "wb", replace=replace, zip_of=fmt) as out,
                zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
            ):
                for path in sorted(work.rglob("*")):
                    if path.is_file():
                        archive.write(path, path.relative_to(work).as_posix())
        else:
            _put_folder_in_place(work, destination, fmt, replace)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)


def _put_folder_in_place(work: Path, destination: Path, fmt: str, replace: bool) -> None:
    """Rename `work` to `destination`, replacing an earlier export of `fmt` there."""
    if not require_consent(destination, fmt, "folder", replace):
        os.replace(work, destination)  # new, or an empty folder (replaced as a whole)
        return
    earlier = temporary_name(destination, "old")
    os.rename(destination, earlier)
    try:
        os.rename(work, destination)
    except BaseException:
        os.rename(earlier, destination)
        raise
    # `earlier` holds only what the earlier export wrote (checked just above)
    shutil.rmtree(earlier, ignore_errors=True)
