"""What every article reader returns: parsed articles plus named problems.

Readers never raise for bad input; they describe it. A problem names where it was
found (file, and line or item where there is one) and says why, in words an editor
understands.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """Something wrong with one input: `where` is e.g. "notes.jsonl, line 4"."""

    where: str
    reason: str
    severity: Severity = "error"

    def __post_init__(self) -> None:
        # a quote or title from a hostile file may hold a lone surrogate: shown escaped,
        # so printing or saving the problem cannot fail in its turn
        for name in ("where", "reason"):
            text = getattr(self, name)
            if isinstance(text, str) and not text.isascii():
                safe = text.encode("utf-8", "backslashreplace").decode("utf-8")
                object.__setattr__(self, name, safe)

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(slots=True)
class ParsedArticle:
    """One article as read from a file, before it is stored."""

    title: str
    body: str
    origin: str
    language: str | None = None
    source_name: str | None = None
    url: str | None = None
    published: dt.date | None = None
    tags: list[str] = field(default_factory=list)
    notes: str = ""


@dataclass(slots=True)
class FileReadResult:
    """The articles a file held and the problems met while reading it."""

    articles: list[ParsedArticle] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)
