"""Curator JSON Lines: one article object per line, each carrying "format_version".

The same article objects as curator/exchange/json_export.py (and its JSON Schema), so
a line can be fed to a pipeline on its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from curator.exchange.json_export import article_from_dict, article_to_dict, check_cancel, dumps
from curator.exchange.model import FORMAT_VERSION, ExportedArticle, ImportResult
from curator.formats.base import ReadProblem
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


def read(path: Path) -> ImportResult:
    result = ImportResult()
    try:
        handle = path.open("rb")  # line by line: a bad line is reported, the rest read
    except OSError as error:
        result.problems.append(ReadProblem(path.name, str(error)))
        return result
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            where = _("{file}, line {line}").format(file=path.name, line=number)
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
            article = article_from_dict(data, where, result.problems)
            if article is not None:
                result.articles.append(article)
    return result
