"""Pick the reader for an article file by its suffix and run it.

This is the one entry point importers need: it never raises for a bad file,
it returns the file's articles and problems, each problem naming the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from curator.formats.base import FileReadResult, ReadProblem
from curator.formats.decoding import DEFAULT_MAX_BYTES, UnreadableFile, read_text_file
from curator.formats.html import read_html
from curator.formats.json_articles import read_json, read_jsonl
from curator.formats.markdown import read_markdown
from curator.formats.plaintext import read_plain_text
from curator.formats.storable import screen

ArticleReader = Callable[[str, str], FileReadResult]

_READERS: dict[str, ArticleReader] = {
    ".txt": read_plain_text,
    ".text": read_plain_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
}

#: Suffixes (lower case, with the dot) of the files Curator can import, in menu order.
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_READERS)


def is_supported(path: Path) -> bool:
    """Whether the file's suffix is one Curator can import (case does not matter)."""
    return path.suffix.lower() in _READERS


def read_article_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> FileReadResult:
    """The articles in the file at `path`, and the problems met; never raises for bad input."""
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        kind = f"a {path.suffix} file" if path.suffix else "a file without a suffix"
        reason = f"{kind} cannot be imported; use one of {', '.join(SUPPORTED_SUFFIXES)}"
        return FileReadResult(problems=[ReadProblem(path.name, reason)])
    try:
        text = read_text_file(path, max_bytes)
    except UnreadableFile as error:
        return FileReadResult(problems=[ReadProblem(path.name, error.reason)])
    try:
        return screen(reader(text, path.name))
    except Exception as error:  # a reader bug must not stop a batch import
        reason = f"could not be read because of an internal error ({type(error).__name__}: {error})"
        return FileReadResult(problems=[ReadProblem(path.name, reason)])
