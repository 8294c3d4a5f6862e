"""Curator JSON Lines: one article object per line, each carrying "format_version".

The same article objects as curator/exchange/json_export.py (and its JSON Schema), so
a line can be fed to a pipeline on its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from curator.exchange.json_export import article_from_dict, article_to_dict, check_cancel, dumps
from curator.exchange.model import FORMAT_VERSION, ExportedArticle, ImportResult
from curator.exchange.validation import article_problems
from curator.formats.base import ReadProblem
from curator.formats.file_access import open_regular
from curator.i18n import _
from curator.progress import Progress

MULTI_FILE = False


def write(articles: Iterable[ExportedArticle], out: IO[str], progress: Progress) -> int:
    count = 0
    for article in articles:
        check_cancel(progress, count)
        out.write(dumps({"format_version": FORMAT_VERSION, **article_to_dict(article)}))
        out.write("\n")
        count += 1
    return count


#: The longest line read (bytes): an article of the largest size, with room for its
#: annotations; a longer line is reported and skipped without being held in memory.
MAX_LINE_BYTES = 100 * 1024 * 1024


def read(path: Path) -> ImportResult:
    result = ImportResult()
    try:
        handle = open_regular(path)  # line by line: a bad line is reported, the rest read
    except OSError as error:
        result.problems.append(ReadProblem(path.name, str(error)))
        return result
    with handle:
        for number, raw in enumerate(_lines(handle), start=1):
            where = _("{file}, line {line}").format(file=path.name, line=number)
            if raw is None:
                result.problems.append(ReadProblem(where, _("the line is too long; skipped")))
                continue
            if not raw.strip():
                continue
            try:
                data = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
            except (UnicodeDecodeError, ValueError, RecursionError) as error:
                result.problems.append(
                    ReadProblem(where, _("not valid JSON: {error}").format(error=error))
                )
                continue
            version = data.get("format_version") if isinstance(data, dict) else None
            if isinstance(version, int) and version > FORMAT_VERSION:
                result.problems.append(
                    ReadProblem(
                        where,
                        _("format version {version} is newer than this Curator reads").format(
                            version=version
                        ),
                    )
                )
                continue
            refusals = article_problems(data, where)
            if refusals:  # this line is refused whole; the others are still read
                result.problems.extend(refusals)
                continue
            article = article_from_dict(data, where, result.problems)
            if article is not None:
                result.articles.append(article)
    return result


def _lines(handle: IO[bytes]) -> Iterator[bytes | None]:
    """Each line of `handle`, or None for a line longer than MAX_LINE_BYTES (skipped)."""
    while True:
        line = handle.readline(MAX_LINE_BYTES)
        if not line:
            return
        if len(line) < MAX_LINE_BYTES or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = handle.readline(MAX_LINE_BYTES)
        yield None
