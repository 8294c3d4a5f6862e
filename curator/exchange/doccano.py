"""doccano JSON Lines, both ways: one article per line.

Writing. An article without relations is written in doccano's sequence-labeling shape,
`{"id", "text", "label": [[start, end, "TYPE"], ...]}`; one with relations in the
relation-extraction shape doccano exports for projects with relations,
`{"id", "text", "entities": [{"id", "start_offset", "end_offset", "label"}],
"relations": [{"id", "from_id", "to_id", "type"}]}` (entity ids are the annotation ids).
So each line imports into the doccano project type that can hold it. The article's
metadata (`title`, `language`, `url`, `published`, `source`, `tags`) are top-level
fields, as doccano exports them (it keeps unknown columns as metadata on import).
What doccano has no place for — annotation notes, entity links and the entities —
goes in a top-level `"curator"` object (`annotations`: id, text, note, entity_id in the
order of the spans; `entities`), which doccano keeps as metadata and Curator reads back.

Reading accepts both shapes, and the metadata under `"meta"` too (older doccano).
Offsets are code points (Python string indexes); each span is checked against the text
and, when the `curator` quote is there, re-anchored if it moved; a span out of range is
reported per item, never dropped silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from curator.exchange.anchoring import (
    InputTooLarge,
    anchor_span,
    decode_utf8,
    entity_from_json,
    entity_to_json,
    plain_int,
    read_input_bytes,
    text_field,
    too_large_reason,
)
from curator.exchange.model import (
    ExportCancelled,
    ExportedAnnotation,
    ExportedArticle,
    ExportedEntity,
    ExportedRelation,
    ImportResult,
)
from curator.formats.base import ReadProblem
from curator.formats.plaintext import title_from_text
from curator.i18n import _

MULTI_FILE = False

_REPORTED = object()  # a span already reported as not understood
_META_FIELDS = ("title", "language", "url", "published", "source")


def write(articles: Iterable[ExportedArticle], out: TextIO, progress: Any) -> int:
    """One JSON object per line and article; returns how many were written."""
    count = 0
    for article in articles:
        if progress.cancelled:
            raise ExportCancelled()
        out.write(json.dumps(article_line(article), ensure_ascii=False) + "\n")
        count += 1
    return count


def article_line(article: ExportedArticle) -> dict[str, Any]:
    line: dict[str, Any] = {"id": article.id, "text": article.body}
    if article.relations:
        line["entities"] = [
            {
                "id": a.id,
                "start_offset": a.start,
                "end_offset": a.end,
                "label": a.type,
            }
            for a in article.annotations
        ]
        line["relations"] = [
            {"id": r.id, "from_id": r.source_id, "to_id": r.target_id, "type": r.type}
            for r in article.relations
        ]
    else:
        line["label"] = [[a.start, a.end, a.type] for a in article.annotations]
    line.update(
        {
            "title": article.title,
            "language": article.language,
            "url": article.url,
            "published": article.published,
            "source": article.source_name,
            "tags": list(article.tags),
        }
    )
    line["curator"] = {
        "annotations": [
            {"id": a.id, "text": a.text, "note": a.note, "entity_id": a.entity_id}
            for a in article.annotations
        ],
        "entities": [entity_to_json(entity) for entity in article.entities],
    }
    return line


# --------------------------------------------------------------------------- reading


def read(path: Path) -> ImportResult:
    """The articles of a doccano JSONL file; a problem for every line or span not taken."""
    result = ImportResult()
    name = path.name
    try:
        text = decode_utf8(read_input_bytes(path))
    except InputTooLarge:
        result.problems.append(ReadProblem(name, too_large_reason()))
        return result
    except UnicodeDecodeError:
        result.problems.append(ReadProblem(name, _("not UTF-8 text; it was not imported")))
        return result
    except OSError as error:
        result.problems.append(ReadProblem(name, _("cannot read: {error}").format(error=error)))
        return result
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{name}, line {number}"
        try:
            item = json.loads(line)
        except (ValueError, RecursionError) as error:
            result.problems.append(
                ReadProblem(where, _("not valid JSON: {error}").format(error=str(error)[:120]))
            )
            continue
        article = parse_item(item, number, where, result.problems)
        if article is not None:
            result.articles.append(article)
    return result


def parse_item(
    item: Any, number: int, where: str, problems: list[ReadProblem]
) -> ExportedArticle | None:
    """One article from one doccano object; None (with a problem) when it has no text."""
    if not isinstance(item, dict):
        problems.append(ReadProblem(where, _("not a JSON object; it was not imported")))
        return None
    body = text_field(item.get("text"))
    if body is None:
        body = text_field(item.get("data"))
    if body is None or not body.strip():
        problems.append(ReadProblem(where, _("no text; it was not imported")))
        return None
    meta = item.get("meta") if isinstance(item.get("meta"), dict) else {}
    fields = {key: text_field(item.get(key)) or text_field(meta.get(key)) for key in _META_FIELDS}
    article_id = plain_int(item.get("id"))
    extension = item.get("curator") if isinstance(item.get("curator"), dict) else {}
    spans = _raw_spans(item, where, problems)
    extra_by_index = (
        extension.get("annotations") if isinstance(extension.get("annotations"), list) else []
    )
    annotations: list[ExportedAnnotation] = []
    taken_ids: set[int] = set()
    for index, (span_id, start, end, label) in enumerate(spans):
        extra = extra_by_index[index] if index < len(extra_by_index) else None
        extra = extra if isinstance(extra, dict) else {}
        quote = text_field(extra.get("text"))
        span_where = f"{where}, span {index + 1}"
        if label is _REPORTED:
            continue
        if not isinstance(label, str) or not label.strip():
            problems.append(
                ReadProblem(span_where, _("the span has no label; it was not imported"))
            )
            continue
        anchored = anchor_span(body, start, end, quote, span_where)
        if anchored.problem is not None:
            problems.append(anchored.problem)
        if anchored.start is None or anchored.end is None:
            continue
        if span_id is None:
            span_id = plain_int(extra.get("id"))
        if span_id is None or span_id in taken_ids:
            span_id = max(taken_ids, default=0) + 1
        taken_ids.add(span_id)
        note = text_field(extra.get("note")) or ""
        annotations.append(
            ExportedAnnotation(
                id=span_id,
                type=label,
                start=anchored.start,
                end=anchored.end,
                text=body[anchored.start : anchored.end],
                entity_id=plain_int(extra.get("entity_id")),
                note=note,
            )
        )
    relations = _relations(item, {a.id for a in annotations}, where, problems)
    entities = _entities(extension, annotations)
    tags = item.get("tags") if isinstance(item.get("tags"), list) else meta.get("tags")
    return ExportedArticle(
        id=article_id if article_id is not None else number,
        title=fields["title"] or title_from_text(body),
        body=body,
        language=fields["language"],
        source_name=fields["source"],
        url=fields["url"],
        published=fields["published"],
        tags=tuple(tag for tag in tags if isinstance(tag, str)) if isinstance(tags, list) else (),
        annotations=tuple(annotations),
        relations=tuple(relations),
        entities=entities,
    )


def _raw_spans(
    item: dict[str, Any], where: str, problems: list[ReadProblem]
) -> list[tuple[int | None, Any, Any, Any]]:
    spans: list[tuple[int | None, Any, Any, Any]] = []
    entities = item.get("entities")
    labels = item.get("label", item.get("labels"))
    if isinstance(entities, list):
        for index, entity in enumerate(entities):
            if not isinstance(entity, dict):
                problems.append(
                    ReadProblem(
                        f"{where}, span {index + 1}",
                        _("a span not understood; it was not imported"),
                    )
                )
                spans.append((None, None, None, _REPORTED))
                continue
            spans.append(
                (
                    plain_int(entity.get("id")),
                    entity.get("start_offset"),
                    entity.get("end_offset"),
                    entity.get("label"),
                )
            )
    elif isinstance(labels, list):
        for index, label in enumerate(labels):
            if isinstance(label, list) and len(label) == 3:
                spans.append((None, label[0], label[1], label[2]))
            else:
                problems.append(
                    ReadProblem(
                        f"{where}, span {index + 1}",
                        _("a span not understood (expected [start, end, label]); not imported"),
                    )
                )
                spans.append((None, None, None, _REPORTED))
    elif labels is not None or entities is not None:
        problems.append(ReadProblem(where, _("the labels are not a list; none were imported")))
    return spans


def _relations(
    item: dict[str, Any], ids: set[int], where: str, problems: list[ReadProblem]
) -> list[ExportedRelation]:
    raw = item.get("relations")
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append(ReadProblem(where, _("the relations are not a list; none were imported")))
        return []
    relations = []
    used: set[int] = set()
    for index, relation in enumerate(raw):
        relation_where = f"{where}, relation {index + 1}"
        if not isinstance(relation, dict):
            problems.append(
                ReadProblem(relation_where, _("a relation not understood; it was not imported"))
            )
            continue
        source, target = plain_int(relation.get("from_id")), plain_int(relation.get("to_id"))
        kind = text_field(relation.get("type"))
        if source is None or target is None or not kind:
            problems.append(
                ReadProblem(relation_where, _("a relation not understood; it was not imported"))
            )
            continue
        if source not in ids or target not in ids:
            problems.append(
                ReadProblem(
                    relation_where,
                    _("the relation joins spans that were not imported; it was left out"),
                )
            )
            continue
        relation_id = plain_int(relation.get("id"))
        if relation_id is None or relation_id in used:
            relation_id = max(used, default=0) + 1
        used.add(relation_id)
        relations.append(ExportedRelation(relation_id, kind, source, target))
    return relations


def _entities(
    extension: dict[str, Any], annotations: list[ExportedAnnotation]
) -> tuple[ExportedEntity, ...]:
    linked = {a.entity_id for a in annotations if a.entity_id is not None}
    raw = extension.get("entities")
    found: dict[int, ExportedEntity] = {}
    if isinstance(raw, list):
        for value in raw:
            entity = entity_from_json(value)
            if entity is not None and entity.id in linked:
                found[entity.id] = entity
    for annotation in annotations:  # a link to an entity not described: named by its text
        if annotation.entity_id is not None and annotation.entity_id not in found:
            found[annotation.entity_id] = ExportedEntity(
                annotation.entity_id, annotation.type, annotation.text
            )
    return tuple(found.values())
