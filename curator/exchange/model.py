"""What an export carries for one article, independent of any file format.

Formats read from and write to these plain dataclasses only; the collector builds them
from the library (curator/exchange/collect.py) and the importer stores them back.
Offsets are character offsets into `body`, as everywhere in Curator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class ExportedEntity:
    id: int
    type: str
    name: str
    aliases: tuple[tuple[str, str | None], ...] = ()
    description: str = ""
    external_id: str | None = None


@dataclass(frozen=True, slots=True)
class ExportedAnnotation:
    id: int
    type: str
    start: int
    end: int
    text: str
    entity_id: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class ExportedRelation:
    id: int
    type: str
    source_id: int  # annotation ids
    target_id: int


@dataclass(frozen=True, slots=True)
class ExportedArticle:
    id: int
    title: str
    body: str
    language: str | None = None
    source_name: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date
    status: str = "new"
    tags: tuple[str, ...] = ()
    notes: str = ""
    annotations: tuple[ExportedAnnotation, ...] = ()
    relations: tuple[ExportedRelation, ...] = ()
    entities: tuple[ExportedEntity, ...] = ()  # those the annotations link to
    record: dict[str, Any] | None = None  # curator.records.record_json, when there is one
    translations: tuple[dict[str, Any], ...] = ()  # {"article_id", "language", "role"}
    extra: dict[str, Any] = field(default_factory=dict)  # format-specific leftovers on import


@dataclass(slots=True)
class ImportResult:
    """What a file held: the articles, and a problem for every item not taken as it was."""

    articles: list[ExportedArticle] = field(default_factory=list)
    problems: list[Any] = field(default_factory=list)  # curator.formats.base.ReadProblem


class ExportCancelled(Exception):
    """The editor cancelled; nothing was written."""
