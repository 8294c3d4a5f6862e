"""Curator JSON: one document {"format": "curator", "format_version": 1, "articles": [...]}.

Every field of an exported article is kept (annotations, relations, entities, the record
with its evidence, translations); resources/schemas/curator-export.schema.json describes
it. The document is written one article at a time, so memory stays flat.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from curator.exchange.anchoring import MISSING, anchored, load_json_document
from curator.exchange.model import (
    FORMAT_VERSION,
    ExportCancelled,
    ExportedAnnotation,
    ExportedArticle,
    ExportedEntity,
    ExportedRelation,
    ImportResult,
)
from curator.exchange.validation import document_problems
from curator.formats.base import ReadProblem
from curator.i18n import _
from curator.progress import Progress

MULTI_FILE = False
FORMAT_NAME = "curator"
CHECK_EVERY = 50


def article_to_dict(article: ExportedArticle) -> dict[str, Any]:
    """The JSON object of one article (the schema's "article")."""
    return {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "language": article.language,
        "source_name": article.source_name,
        "url": article.url,
        "published": article.published,
        "status": article.status,
        "tags": list(article.tags),
        "notes": article.notes,
        "annotations": [
            {
                "id": a.id,
                "type": a.type,
                "start": a.start,
                "end": a.end,
                "text": a.text,
                "entity_id": a.entity_id,
                "note": a.note,
            }
            for a in article.annotations
        ],
        "relations": [
            {"id": r.id, "type": r.type, "source_id": r.source_id, "target_id": r.target_id}
            for r in article.relations
        ],
        "entities": [
            {
                "id": e.id,
                "type": e.type,
                "name": e.name,
                "aliases": [
                    {"alias": alias, "language": language} for alias, language in e.aliases
                ],
                "description": e.description,
                "external_id": e.external_id,
            }
            for e in article.entities
        ],
        "record": article.record,
        "translations": [dict(link) for link in article.translations],
    }


def _text(value: Any, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _optional(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def article_from_dict(data: Any, where: str, problems: list[ReadProblem]) -> ExportedArticle | None:
    """An article read back from its JSON object; problems name every item not taken."""
    if not isinstance(data, dict):
        problems.append(ReadProblem(where, _("an article must be a JSON object")))
        return None
    body, title = data.get("body"), data.get("title")
    if not isinstance(body, str) or not body.strip():
        problems.append(ReadProblem(where, _("the article has no text (“body”)")))
        return None
    article_id = data.get("id") if isinstance(data.get("id"), int) else 0
    annotations: list[ExportedAnnotation] = []
    for index, item in enumerate(data.get("annotations") or []):
        place = f"{where}, annotation {index + 1}"
        try:
            annotation = ExportedAnnotation(
                int(item["id"]) if item.get("id") is not None else -(index + 1),
                str(item["type"]),
                int(item["start"]),
                int(item["end"]),
                str(item.get("text") or ""),
                int(item["entity_id"]) if item.get("entity_id") is not None else None,
                str(item.get("note") or ""),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            problems.append(ReadProblem(place, _("an annotation needs type, start and end")))
            continue
        kept = anchored(body, annotation, place, problems)
        if kept is not None:
            annotations.append(kept)
    relations: list[ExportedRelation] = []
    for index, item in enumerate(data.get("relations") or []):
        try:
            relations.append(
                ExportedRelation(
                    int(item.get("id") or 0),
                    str(item["type"]),
                    int(item["source_id"]),
                    int(item["target_id"]),
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            problems.append(
                ReadProblem(
                    f"{where}, relation {index + 1}",
                    _("a relation needs type, source_id and target_id"),
                )
            )
    entities: list[ExportedEntity] = []
    for index, item in enumerate(data.get("entities") or []):
        try:
            entities.append(
                ExportedEntity(
                    int(item["id"]),
                    str(item["type"]),
                    str(item["name"]),
                    tuple((str(a["alias"]), a.get("language")) for a in item.get("aliases") or []),
                    str(item.get("description") or ""),
                    _optional(item.get("external_id")),
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            problems.append(
                ReadProblem(f"{where}, entity {index + 1}", _("an entity needs id, type and name"))
            )
    record = data.get("record")
    if record is not None and not (
        isinstance(record, dict) and isinstance(record.get("fields"), dict)
    ):
        problems.append(ReadProblem(f"{where}, record", _("the record is not readable; left out")))
        record = None
    tags = data.get("tags") or []
    return ExportedArticle(
        id=article_id,
        title=_text(title) or body.strip().splitlines()[0][:120],
        body=body,
        language=_optional(data.get("language")),
        source_name=_optional(data.get("source_name")),
        url=_optional(data.get("url")),
        published=_optional(data.get("published")),
        status=_text(data.get("status"), "new") or "new",
        tags=tuple(str(tag) for tag in tags if isinstance(tag, str)),
        notes=_text(data.get("notes")),
        annotations=tuple(annotations),
        relations=tuple(relations),
        entities=tuple(entities),
        record=record,
        translations=tuple(
            link for link in data.get("translations") or [] if isinstance(link, dict)
        ),
    )


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def check_cancel(progress: Progress, count: int) -> None:
    if count % CHECK_EVERY == 0:
        if progress.cancelled:
            raise ExportCancelled
        progress.report(count, 0, "")


def write(articles: Iterable[ExportedArticle], out: IO[str], progress: Progress) -> int:
    out.write(f'{{"format":"{FORMAT_NAME}","format_version":{FORMAT_VERSION},"articles":[\n')
    count = 0
    for article in articles:
        check_cancel(progress, count)
        if count:
            out.write(",\n")
        out.write(dumps(article_to_dict(article)))
        count += 1
    out.write("\n]}\n")
    return count


def read(path: Path) -> ImportResult:
    result = ImportResult()
    data = load_json_document(path, result.problems)
    if data is MISSING:
        return result
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        result.problems.append(
            ReadProblem(path.name, _('not a Curator export (no "format": "curator")'))
        )
        return result
    version = data.get("format_version")
    if isinstance(version, int) and version > FORMAT_VERSION:  # any other oddity: the schema
        result.problems.append(
            ReadProblem(
                path.name,
                _("format version {version} is newer than this Curator reads").format(
                    version=version
                ),
            )
        )
        return result
    refusals = document_problems(data, path.name)
    if refusals:  # refused whole, before anything is stored
        result.problems.extend(refusals)
        return result
    for index, item in enumerate(data["articles"]):
        article = article_from_dict(item, f"{path.name}, article {index + 1}", result.problems)
        if article is not None:
            result.articles.append(article)
    return result
