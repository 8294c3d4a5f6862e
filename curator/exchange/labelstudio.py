"""Label Studio JSON, both ways: one JSON array of tasks, written as it goes.

Each article is a task `{"id", "data": {"text", "title", "language", "url",
"published", "source"}, "annotations": [{"result": [...]}], "meta": {...}}`, for a
labelling config with `<Labels name="label" toName="text">`, `<Relations>` and a
per-region `<TextArea name="note" toName="text" perRegion="true">`:

- a span is `{"id": "a12", "from_name": "label", "to_name": "text", "type": "labels",
  "value": {"start", "end", "text", "labels": ["PERSON"]}}` (the id is "a" + the
  annotation id);
- a relation is `{"type": "relation", "from_id": "a12", "to_id": "a14",
  "direction": "right", "labels": ["holds"]}`;
- a note is a per-region text area: the span's id, `"type": "textarea"`,
  `"from_name": "note"`, `"value": {"start", "end", "text": ["the note"]}`;
- entity links and the entities, which Label Studio has no place for, go in
  `meta.curator` (`links`: region id → entity id; `entities`; `relation_ids`).

Beside the tasks goes that labelling config (`project.json` -> `project.config.xml`),
made from the library's tagset, to paste into the project's labelling interface.

Reading also takes Label Studio's JSON-MIN export (flat rows: the data fields at the top,
each labelling control's regions `[{start, end, text, labels}]` under its name; it has
no relations). Foreign label names are mapped on import (curator/exchange/label_map.py).

Reading takes completed annotations only: of each task, the first annotation that was
not cancelled; further annotations (other annotators) and predictions are reported as
skipped. Offsets are code points (Python string indexes); each span is checked against
the text and re-anchored on its quoted `text` when it moved, or reported.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO
from xml.etree import ElementTree

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
from curator.tagset import Tagset

MULTI_FILE = False
CONFIG_SUFFIX = ".config.xml"

_LABEL_TYPES = ("labels", "hypertextlabels", "paragraphlabels")


def write(articles: Iterable[ExportedArticle], out: TextIO, progress: Any) -> int:
    """Write the tasks as one JSON array, one task at a time; returns how many."""
    count = 0
    out.write("[")
    for article in articles:
        if progress.cancelled:
            raise ExportCancelled()
        out.write(",\n" if count else "\n")
        out.write(json.dumps(task(article), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def config_path(out: Path) -> Path:
    """Where the labelling config goes beside the tasks: project.json -> project.config.xml."""
    return out.with_name(out.stem + CONFIG_SUFFIX)


def labelling_config(tagset: Tagset) -> str:
    """The Label Studio labelling config for the tasks we write: one `<Label>` per type of
    the tagset (with its colour), one `<Relation>` per relation type, the per-region note."""
    view = ElementTree.Element("View")
    ElementTree.SubElement(view, "Header", value="$title")
    labels = ElementTree.SubElement(view, "Labels", name="label", toName="text")
    for entity_type in tagset.types:
        ElementTree.SubElement(
            labels, "Label", value=entity_type.name, background=entity_type.colour
        )
    ElementTree.SubElement(view, "Text", name="text", value="$text")
    relations = ElementTree.SubElement(view, "Relations")
    for relation in tagset.relations:
        ElementTree.SubElement(relations, "Relation", value=relation.name)
    ElementTree.SubElement(
        view, "TextArea", name="note", toName="text", perRegion="true", editable="true"
    )
    ElementTree.indent(view)
    return ElementTree.tostring(view, encoding="unicode") + "\n"


def companion_files(tagset: Tagset, out: Path) -> dict[Path, str]:
    """The files written beside the tasks: the labelling config to paste into the
    project's Settings ▸ Labeling Interface ▸ Code."""
    return {config_path(out): labelling_config(tagset)}


def _region_id(annotation_id: int) -> str:
    return f"a{annotation_id}"


def task(article: ExportedArticle) -> dict[str, Any]:
    result: list[dict[str, Any]] = []
    for a in article.annotations:
        result.append(
            {
                "id": _region_id(a.id),
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": {"start": a.start, "end": a.end, "text": a.text, "labels": [a.type]},
            }
        )
        if a.note:
            result.append(
                {
                    "id": _region_id(a.id),
                    "from_name": "note",
                    "to_name": "text",
                    "type": "textarea",
                    "value": {"start": a.start, "end": a.end, "text": [a.note]},
                }
            )
    for r in article.relations:
        result.append(
            {
                "from_id": _region_id(r.source_id),
                "to_id": _region_id(r.target_id),
                "type": "relation",
                "direction": "right",
                "labels": [r.type],
            }
        )
    data = {
        "text": article.body,
        "title": article.title,
        "language": article.language,
        "url": article.url,
        "published": article.published,
        "source": article.source_name,
        "tags": list(article.tags),
    }
    return {
        "id": article.id,
        "data": data,
        "annotations": [{"id": article.id, "result": result, "was_cancelled": False}],
        "predictions": [],
        "meta": {
            "curator": {
                "links": {
                    _region_id(a.id): a.entity_id
                    for a in article.annotations
                    if a.entity_id is not None
                },
                "entities": [entity_to_json(e) for e in article.entities],
                "relation_ids": [r.id for r in article.relations],
            }
        },
    }


# --------------------------------------------------------------------------- reading


def read(path: Path) -> ImportResult:
    """The articles of a Label Studio JSON export; a problem for every item not taken."""
    result = ImportResult()
    name = path.name
    try:
        tasks = json.loads(decode_utf8(read_input_bytes(path)))
    except InputTooLarge:
        result.problems.append(ReadProblem(name, too_large_reason()))
        return result
    except UnicodeDecodeError:
        result.problems.append(ReadProblem(name, _("not UTF-8 text; it was not imported")))
        return result
    except (ValueError, RecursionError) as error:
        result.problems.append(
            ReadProblem(name, _("not valid JSON: {error}").format(error=str(error)[:120]))
        )
        return result
    except OSError as error:
        result.problems.append(ReadProblem(name, _("cannot read: {error}").format(error=error)))
        return result
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        result.problems.append(ReadProblem(name, _("not a list of Label Studio tasks")))
        return result
    for index, item in enumerate(tasks, 1):
        where = f"{name}, task {index}"
        article = parse_task(item, index, where, result.problems)
        if article is not None:
            result.articles.append(article)
    return result


def parse_task(
    item: Any, index: int, where: str, problems: list[ReadProblem]
) -> ExportedArticle | None:
    if not isinstance(item, dict):
        problems.append(ReadProblem(where, _("not a JSON object; it was not imported")))
        return None
    flat = _json_min_results(item)
    data = item.get("data") if isinstance(item.get("data"), dict) else {}
    if flat is not None:
        data = item
    body = text_field(data.get("text"))
    if body is None or not body.strip():
        problems.append(ReadProblem(where, _("no text; it was not imported")))
        return None
    predictions = item.get("predictions")
    if isinstance(predictions, list) and predictions:
        problems.append(
            ReadProblem(
                where, _("predictions are not imported, only completed annotations"), "warning"
            )
        )
    if flat is not None:
        results: list[Any] = flat
    else:
        results = _completed_result(item.get("annotations"), where, problems)
    meta = item.get("meta") if isinstance(item.get("meta"), dict) else {}
    extension = meta.get("curator") if isinstance(meta.get("curator"), dict) else {}
    links = extension.get("links") if isinstance(extension.get("links"), dict) else {}
    regions: dict[str, int] = {}  # Label Studio region id -> annotation id
    spans: dict[int, dict[str, Any]] = {}
    notes: list[tuple[str, str]] = []
    raw_relations: list[tuple[Any, Any, Any, str]] = []
    for number, region in enumerate(results, 1):
        region_where = f"{where}, result {number}"
        if not isinstance(region, dict):
            problems.append(
                ReadProblem(region_where, _("a result not understood; it was not imported"))
            )
            continue
        kind = region.get("type")
        value = region.get("value") if isinstance(region.get("value"), dict) else {}
        if kind == "relation":
            raw_relations.append(
                (region.get("from_id"), region.get("to_id"), region.get("labels"), region_where)
            )
        elif kind in _LABEL_TYPES:
            labels = value.get(kind)
            if not isinstance(labels, list) or not labels or not isinstance(labels[0], str):
                problems.append(
                    ReadProblem(region_where, _("the span has no label; it was not imported"))
                )
                continue
            if len(labels) > 1:
                problems.append(
                    ReadProblem(
                        region_where,
                        _("the span has several labels; only the first was kept"),
                        "warning",
                    )
                )
            quote = text_field(value.get("text"))
            anchored = anchor_span(body, value.get("start"), value.get("end"), quote, region_where)
            if anchored.problem is not None:
                problems.append(anchored.problem)
            if anchored.start is None or anchored.end is None:
                continue
            region_id = region.get("id")
            key = region_id if isinstance(region_id, str) else f"#{number}"
            annotation_id = _annotation_id(key, spans)
            regions[key] = annotation_id
            spans[annotation_id] = {
                "type": labels[0],
                "start": anchored.start,
                "end": anchored.end,
                "note": "",
            }
            link = plain_int(links.get(key))
            if link is not None:
                spans[annotation_id]["entity_id"] = link
        elif kind == "textarea":
            text = value.get("text")
            region_id = region.get("id")
            if (
                isinstance(region_id, str)
                and isinstance(text, list)
                and all(isinstance(t, str) for t in text)
            ):
                notes.append((region_id, "\n".join(text)))
            else:
                problems.append(
                    ReadProblem(
                        region_where,
                        _("a text area not understood; it was not imported"),
                        "warning",
                    )
                )
        else:
            problems.append(
                ReadProblem(
                    region_where,
                    _("results of type “{type}” are not imported").format(type=str(kind)[:40]),
                    "warning",
                )
            )
    for region_id, note in notes:
        if region_id in regions:
            span = spans[regions[region_id]]
            span["note"] = note if not span["note"] else span["note"] + "\n" + note
        else:
            problems.append(
                ReadProblem(
                    where, _("a note for a span that was not imported was left out"), "warning"
                )
            )
    annotations = [
        ExportedAnnotation(
            id=annotation_id,
            type=span["type"],
            start=span["start"],
            end=span["end"],
            text=body[span["start"] : span["end"]],
            entity_id=span.get("entity_id"),
            note=span["note"],
        )
        for annotation_id, span in spans.items()
    ]
    relation_ids = (
        extension.get("relation_ids") if isinstance(extension.get("relation_ids"), list) else []
    )
    relations = _relations(raw_relations, regions, relation_ids, problems)
    entities = _entities(extension, annotations)
    article_id = plain_int(item.get("id"))
    tags = data.get("tags")
    return ExportedArticle(
        id=article_id if article_id is not None else index,
        title=text_field(data.get("title")) or title_from_text(body),
        body=body,
        language=text_field(data.get("language")),
        source_name=text_field(data.get("source")),
        url=text_field(data.get("url")),
        published=text_field(data.get("published")),
        tags=tuple(tag for tag in tags if isinstance(tag, str)) if isinstance(tags, list) else (),
        annotations=tuple(sorted(annotations, key=lambda a: (a.start, a.id))),
        relations=tuple(relations),
        entities=entities,
    )


def _json_min_results(item: dict[str, Any]) -> list[Any] | None:
    """The results of a JSON-MIN row (the data fields at the top level, each labelling
    control's regions `[{start, end, text, labels}]` under the control's name), in the
    full export's shape; None when the row is a full task (it has `data`)."""
    if isinstance(item.get("data"), dict) or not isinstance(item.get("text"), str):
        return None
    results: list[Any] = []
    for name, value in item.items():
        if not isinstance(value, list):
            continue
        for region in value:
            if not isinstance(region, dict) or "start" not in region or "end" not in region:
                continue
            kind = next((k for k in _LABEL_TYPES if k in region), None)
            if kind is not None:
                results.append(
                    {"id": region.get("id"), "from_name": name, "type": kind, "value": region}
                )
    return results


def _annotation_id(key: str, spans: dict[int, Any]) -> int:
    if key.startswith("a") and key[1:].isascii() and key[1:].isdigit() and len(key) < 12:
        wanted = int(key[1:])
        if wanted not in spans:
            return wanted
    return max(spans, default=0) + 1 if spans else 1


def _completed_result(annotations: Any, where: str, problems: list[ReadProblem]) -> list[Any]:
    if annotations is None:
        return []
    if not isinstance(annotations, list):
        problems.append(ReadProblem(where, _("the annotations are not a list; none were imported")))
        return []
    chosen: list[Any] | None = None
    skipped = 0
    for annotation in annotations:
        if not isinstance(annotation, dict) or annotation.get("was_cancelled") is True:
            skipped += 1
            continue
        result = annotation.get("result")
        if chosen is None and isinstance(result, list):
            chosen = result
        else:
            skipped += 1
    if skipped:
        problems.append(
            ReadProblem(
                where,
                _("{count} more or cancelled annotations were not imported, only the first").format(
                    count=skipped
                ),
                "warning",
            )
        )
    return chosen or []


def _relations(
    raw: list[tuple[Any, Any, Any, str]],
    regions: dict[str, int],
    relation_ids: list[Any],
    problems: list[ReadProblem],
) -> list[ExportedRelation]:
    relations = []
    used: set[int] = set()
    for index, (source, target, labels, where) in enumerate(raw):
        if labels is None or labels == []:
            labels = [""]  # unlabelled: the type is chosen from the tagset on import
        if not isinstance(labels, list) or not isinstance(labels[0], str):
            problems.append(ReadProblem(where, _("the relation has no label; it was not imported")))
            continue
        if (
            not isinstance(source, str)
            or not isinstance(target, str)
            or source not in regions
            or target not in regions
        ):
            problems.append(
                ReadProblem(
                    where, _("the relation joins spans that were not imported; it was left out")
                )
            )
            continue
        wanted = plain_int(relation_ids[index]) if index < len(relation_ids) else None
        relation_id = (
            wanted if wanted is not None and wanted not in used else max(used, default=0) + 1
        )
        used.add(relation_id)
        relations.append(ExportedRelation(relation_id, labels[0], regions[source], regions[target]))
    return relations


def _entities(
    extension: dict[str, Any], annotations: list[ExportedAnnotation]
) -> tuple[ExportedEntity, ...]:
    linked = {a.entity_id for a in annotations if a.entity_id is not None}
    found: dict[int, ExportedEntity] = {}
    raw = extension.get("entities")
    if isinstance(raw, list):
        for value in raw:
            entity = entity_from_json(value)
            if entity is not None and entity.id in linked:
                found[entity.id] = entity
    for annotation in annotations:
        if annotation.entity_id is not None and annotation.entity_id not in found:
            found[annotation.entity_id] = ExportedEntity(
                annotation.entity_id, annotation.type, annotation.text
            )
    return tuple(found.values())
