"""Turn a file on disk into text, or say in plain words why it cannot be.

Every article reader starts here, so the rules are in one place: UTF-8 (with or
without a byte-order mark), or UTF-16/UTF-32 with a byte-order mark; nothing is
guessed. The text comes back with "\\n" newlines and in Unicode NFC, so that
character offsets into it stay stable.
"""

from __future__ import annotations

import codecs
import stat
import unicodedata
from pathlib import Path

from curator.formats.file_access import SpecialFile, open_regular

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_BINARY_SNIFF_BYTES = 8 * 1024

# UTF-32 first: its little-endian mark begins with UTF-16's.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


class UnreadableFile(Exception):
    """A file that cannot be read as text; `reason` says why, for the editor."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_text_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The file's text, normalised; raises UnreadableFile when it is not usable text."""
    data = _read_bytes(path, max_bytes)
    text = _decode(data)
    _refuse_nul(text)
    if not text.strip():
        raise UnreadableFile("file is empty")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def describe_size(size: int) -> str:
    """ "61.2 MB", "50 MB", "3.5 KB", "120 bytes"."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            amount = f"{size / factor:.1f}".removesuffix(".0")
            return f"{amount} {unit}"
    return f"{size} bytes" if size != 1 else "1 byte"


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile("is a folder, not a file")
        if info.st_size > max_bytes:
            raise UnreadableFile(_too_big(info.st_size, max_bytes))
        with open_regular(path) as stream:
            data = stream.read(max_bytes + 1)
    except SpecialFile as error:
        raise UnreadableFile(error.reason) from None
    except FileNotFoundError:
        raise UnreadableFile("file not found") from None
    except PermissionError:
        raise UnreadableFile("permission denied: Curator may not read this file") from None
    except IsADirectoryError:
        raise UnreadableFile("is a folder, not a file") from None
    except OSError as error:
        raise UnreadableFile(f"cannot read the file ({error.strerror or error})") from None
    if len(data) > max_bytes:  # it grew after stat()
        raise UnreadableFile(_too_big(len(data), max_bytes))
    if not data:
        raise UnreadableFile("file is empty")
    return data


def _too_big(size: int, max_bytes: int) -> str:
    return f"file is {describe_size(size)}; the limit is {describe_size(max_bytes)}"


def _decode(data: bytes) -> str:
    for mark, codec, label in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return _decode_as(data, codec, label, skip=len(mark))
    if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        raise UnreadableFile("looks like a binary file, not text")
    return _decode_as(data, "utf-8", "UTF-8")


def _refuse_nul(text: str) -> None:
    """A NUL character anywhere (not only in the first bytes sniffed) refuses the file."""
    position = text.find("\x00")
    if position >= 0:
        raise UnreadableFile(
            f"holds a NUL character at character {position}: looks like a binary file, not text"
        )


def _decode_as(data: bytes, codec: str, label: str, skip: int = 0) -> str:
    """Decode all after the first `skip` bytes; offsets in messages count from the file start."""
    try:
        return data[skip:].decode(codec)
    except UnicodeDecodeError as error:
        offset = skip + error.start
        bad = data[offset : offset + 1]
        where = f"bad byte 0x{bad.hex()} at offset {offset}" if bad else "it ends mid-character"
        raise UnreadableFile(f"not valid {label} ({where}); save it as UTF-8") from None
