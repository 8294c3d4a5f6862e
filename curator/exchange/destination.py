"""Where an export may write: never over anything Curator did not write itself.

- The library file, its journal files (-wal, -shm, -journal) and the backups folder are
  never a destination, nor is a folder holding one of them, nor a place in the backups.
- A folder export (csv, brat, several translation pairs) goes to a new or empty folder,
  or replaces an earlier Curator export of the same format: a folder holding the
  manifest that export wrote (MANIFEST_NAME, listing its files) and nothing else.
- A .zip export replaces only an earlier Curator .zip of the same format (its manifest
  is inside); a one-file export replaces an existing file.
- Whatever would be replaced is replaced only with consent (`replace=True`: the window
  asks, the command line needs --replace); otherwise ReplaceNeeded is raised.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from curator.errors import CuratorError
from curator.i18n import _

MANIFEST_NAME = "curator-export.json"
JOURNAL_SUFFIXES = ("-wal", "-shm", "-journal")
_MAX_MANIFEST_BYTES = 64 << 20  # 100,000 brat articles list about 4 MB

#: what an export writes at its destination: one file, a folder, a .zip of a folder,
#: or (translation memories, before the pairs are counted) a file or a folder.
Shape = Literal["file", "folder", "zip", "either"]


class DestinationRefused(CuratorError):
    """The export may not write there; the message (one line) says why."""


class ReplaceNeeded(DestinationRefused):
    """The export may write there only by replacing what is there: ask first."""


def manifest_bytes(fmt: str, files: Sequence[str]) -> bytes:
    """The manifest of a folder export: its format and every file it wrote."""
    data = {"curator_export": 1, "format": fmt, "files": sorted(files)}
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _parse_manifest(data: bytes) -> tuple[str, set[str]] | None:
    try:
        manifest = json.loads(data)
        if manifest.get("curator_export") == 1:
            return str(manifest["format"]), {str(name) for name in manifest["files"]}
    except (ValueError, AttributeError, KeyError, TypeError):
        pass
    return None


def protected_paths(library_path: Path, backups_root: Path) -> list[Path]:
    """The library, its journals and the backups folder: never written by an export."""
    library = library_path.resolve()
    journals = [library.with_name(library.name + suffix) for suffix in JOURNAL_SUFFIXES]
    return [library, *journals, backups_root.resolve()]


def refuse_protected(out: Path, protected: Sequence[Path]) -> None:
    """Raise DestinationRefused when `out` is, holds or is inside a protected path."""
    target = out.resolve()
    library, *journals, backups = protected
    if target == library or target in journals or _same_file(out, [library, *journals]):
        raise DestinationRefused(
            _("{path}: is the library or one of its files; choose another place").format(path=out)
        )
    if target.is_relative_to(backups):
        raise DestinationRefused(
            _("{path}: is in the backups folder; choose another place").format(path=out)
        )
    for kept in protected:
        if kept.is_relative_to(target):
            raise DestinationRefused(
                _("{path}: holds {kept}; export into a new or empty folder").format(
                    path=out, kept=kept
                )
            )


def _same_file(out: Path, paths: Sequence[Path]) -> bool:
    """`out` is one of `paths` by another name (a hard link, another letter case)."""
    for path in paths:
        try:
            if os.path.samefile(out, path):
                return True
        except OSError:
            continue  # one of them does not exist
    return False


def will_replace(out: Path, fmt: str, shape: Shape) -> bool:
    """Whether writing `out` replaces an earlier export (or file) that may be replaced.

    Raises DestinationRefused when what is at `out` may not be replaced at all.
    """
    if not os.path.lexists(out):
        return False
    if out.is_symlink():
        raise DestinationRefused(
            _("{path}: is a link; give the folder or file itself").format(path=out)
        )
    if out.is_dir():
        if shape in ("file", "zip"):
            raise DestinationRefused(_("{path}: is a folder; give a file name").format(path=out))
        return _earlier_folder_export(out, fmt)
    if shape == "folder":
        raise DestinationRefused(
            _("{path}: is a file; give a folder name, or a name ending in .zip").format(path=out)
        )
    if shape == "zip":
        found = _zip_format(out)
        if found is None:
            raise DestinationRefused(
                _("{path}: exists and is not a Curator export; choose another name").format(
                    path=out
                )
            )
        _refuse_other_format(out, found, fmt)
    return True


def _refuse_other_format(out: Path, found: str, fmt: str) -> None:
    if found != fmt:
        raise DestinationRefused(
            _("{path}: holds a Curator {other} export, not {fmt}; choose another place").format(
                path=out, other=found, fmt=fmt
            )
        )


def require_consent(out: Path, fmt: str, shape: Shape, replace: bool) -> bool:
    """will_replace(), raising ReplaceNeeded when it would replace without `replace`."""
    replaces = will_replace(out, fmt, shape)
    if replaces and not replace:
        if out.is_dir() or shape == "zip":
            message = _("{path}: holds an earlier Curator {fmt} export").format(path=out, fmt=fmt)
        else:
            message = _("{path}: already exists").format(path=out)
        raise ReplaceNeeded(message)
    return replaces


def _earlier_folder_export(folder: Path, fmt: str) -> bool:
    """False for an empty folder, True for an earlier export of `fmt`; else refused."""
    entries = []
    for root, dirs, files in os.walk(folder):
        base = Path(root).relative_to(folder)
        entries.extend((base / name).as_posix() for name in files)
        entries.extend((base / name).as_posix() + "/" for name in dirs)
    if not entries:
        return False
    manifest = None
    if MANIFEST_NAME in entries:
        try:
            manifest = _parse_manifest((folder / MANIFEST_NAME).read_bytes())
        except OSError:
            manifest = None
    if manifest is None:
        raise DestinationRefused(
            _(
                "{path}: the folder is not empty and is not a Curator export; "
                "choose a new or empty folder"
            ).format(path=folder)
        )
    written_fmt, written = manifest
    _refuse_other_format(folder, written_fmt, fmt)
    folders = {parent.as_posix() + "/" for name in written for parent in Path(name).parents}
    for entry in sorted(entries):
        if entry != MANIFEST_NAME and entry not in written and entry not in folders:
            raise DestinationRefused(
                _(
                    "{path}: holds “{name}”, which the earlier export did not write; "
                    "move it away or choose another folder"
                ).format(path=folder, name=entry.rstrip("/"))
            )
    return True


def _zip_format(path: Path) -> str | None:
    """The format of a Curator .zip export at `path`, or None when it is not one."""
    try:
        with zipfile.ZipFile(path) as archive:
            if archive.getinfo(MANIFEST_NAME).file_size > _MAX_MANIFEST_BYTES:
                return None
            manifest = _parse_manifest(archive.read(MANIFEST_NAME))
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, RuntimeError):
        return None
    return manifest[0] if manifest else None
