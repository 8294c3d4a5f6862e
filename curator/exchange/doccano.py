"""doccano JSON Lines, both ways: one article per line.

Writing. One line shape per file, because doccano imports a file in one shape only (a
file mixing them fails in doccano with a database constraint error): when any article
has relations, every line is in the relation-extraction shape doccano exports for
projects with relations, `{"id", "text", "entities": [{"id", "start_offset",
"end_offset", "label"}], "relations": [{"id", "from_id", "to_id", "type"}]}`; otherwise
every line is in the sequence-labeling shape `{"id", "text", "label": [[start, end,
"TYPE"], ...]}`. The articles are spooled to a temporary file to learn which, so a
one-shot iterator is still read once. The article's metadata (`title`, `language`,
`url`, `published`, `source`, `tags`) are top-level fields, as doccano exports them (it
keeps unknown columns as metadata on import). What doccano has no place for goes in a
top-level `"curator"` object, which doccano keeps as metadata: `annotations` (id, type,
start, end, quoted text, note, entity_id of every span as it was written), `entities`,
and `"offsets": "utf-16"`.

Offsets. doccano's browser interface (v-annotator) counts UTF-16 code units — a
JavaScript string index — and its server stores and exports whatever the browser or
the imported file gave. So every offset in the file is in UTF-16 code units: a
character outside the Basic Multilingual Plane (🇨🇳 is two, 🏍️ one plus a selector) counts
two. Curator's offsets are code points; they are converted both ways. (doccano's optional
"count grapheme clusters" project setting is not supported; the quote check below
reports such spans.)

Reading accepts both shapes, and the metadata under `"meta"` too (older doccano). Each
returning span is matched to the `curator` annotation written at the same offsets — by
offsets and quote, never by its position in a list, and not by the span's id, which
doccano replaces with its own: a matched span keeps its Curator id, note and entity link
(a span relabelled in doccano takes the new type and loses the link to an entity of the
old type, with a warning); a span doccano deleted is absent; a span added in doccano is
new. Where the file carries a quote, the text at the converted offsets is checked
against it and the span re-anchored on the quote (a warning) or refused (an error) when
it disagrees. A `curator` object without `"offsets"` is from an older Curator, which
wrote code points and paired spans with its annotations by position; such files are
read in code points and matched on the quote.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
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
UTF16 = "utf-16"  # the unit of every offset in the file: doccano's browser counts so


def write(articles: Iterable[ExportedArticle], out: TextIO, progress: Any) -> int:
    """One JSON object per line and article, all in one shape; returns how many."""
    count = 0
    related = False
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n") as spool:
        for article in articles:
            if progress.cancelled:
                raise ExportCancelled()
            related = related or bool(article.relations)
            spool.write(json.dumps(article_line(article), ensure_ascii=False) + "\n")
            count += 1
        spool.seek(0)
        for text in spool:
            if progress.cancelled:
                raise ExportCancelled()
            line = json.loads(text)
            out.write(json.dumps(line if related else _label_shape(line), ensure_ascii=False))
            out.write("\n")
    return count


def article_line(article: ExportedArticle) -> dict[str, Any]:
    """The article in the relation-extraction shape, offsets in UTF-16 code units."""
    units = Utf16(article.body)
    line: dict[str, Any] = {"id": article.id, "text": article.body}
    line["entities"] = [
        {
            "id": a.id,
            "start_offset": units.from_index(a.start),
            "end_offset": units.from_index(a.end),
            "label": a.type,
        }
        for a in article.annotations
    ]
    line["relations"] = [
        {"id": r.id, "from_id": r.source_id, "to_id": r.target_id, "type": r.type}
        for r in article.relations
    ]
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
        "offsets": UTF16,
        "annotations": [
            {
                "id": a.id,
                "type": a.type,
                "start": units.from_index(a.start),
                "end": units.from_index(a.end),
                "text": a.text,
                "note": a.note,
                "entity_id": a.entity_id,
            }
            for a in article.annotations
        ],
        "entities": [entity_to_json(entity) for entity in article.entities],
    }
    return line


def _label_shape(line: dict[str, Any]) -> dict[str, Any]:
    """`line` in the sequence-labeling shape: `label` where `entities` and `relations` were."""
    shaped: dict[str, Any] = {}
    for key, value in line.items():
        if key == "entities":
            shaped["label"] = [[e["start_offset"], e["end_offset"], e["label"]] for e in value]
        elif key != "relations":
            shaped[key] = value
    return shaped


class Utf16:
    """Offsets in `text` counted in UTF-16 code units (doccano, JavaScript) and in code
    points (Python, Curator), both ways."""

    def __init__(self, text: str) -> None:
        self._units: list[int] | None = None  # code point index -> UTF-16 offset
        self._index: dict[int, int] = {}  # UTF-16 offset -> code point index
        if any(ord(char) > 0xFFFF for char in text):
            units = [0]
            for char in text:
                units.append(units[-1] + (2 if ord(char) > 0xFFFF else 1))
            self._units = units
            self._index = {unit: index for index, unit in enumerate(units)}

    def from_index(self, index: int) -> int:
        return index if self._units is None else self._units[index]

    def to_index(self, unit: Any) -> Any:
        """The code point index at UTF-16 offset `unit`; None when it cuts a character
        in two; anything else (out of range, not a number) as it was, for the checks."""
        if self._units is None or not isinstance(unit, int) or isinstance(unit, bool):
            return unit
        if unit < 0 or unit > self._units[-1]:
            return unit  # out of range in either unit
        return self._index.get(unit)


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
    # JSON Lines break at "\n" only: a U+2028 or U+0085 in a text is part of the line
    for number, line in enumerate(text.split("\n"), 1):
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


@dataclass(slots=True)
class _Written:
    """One span as Curator wrote it in the `curator` column (offsets in the file's unit)."""

    id: int | None
    type: str | None
    start: Any
    end: Any
    quote: str | None
    note: str
    entity_id: int | None


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
    # a curator column without "offsets" is from a Curator that wrote code points
    in_code_points = bool(extension) and extension.get("offsets") != UTF16
    written = _written(extension)
    annotations, by_file_id = _annotations(
        body, _raw_spans(item, where, problems), written, in_code_points, where, problems
    )
    relations = _relations(item, by_file_id, where, problems)
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


def _written(extension: dict[str, Any]) -> list[_Written]:
    raw = extension.get("annotations")
    written = []
    for value in raw if isinstance(raw, list) else []:
        if isinstance(value, dict):
            written.append(
                _Written(
                    plain_int(value.get("id")),
                    text_field(value.get("type")),
                    plain_int(value.get("start")),
                    plain_int(value.get("end")),
                    text_field(value.get("text")) or None,
                    text_field(value.get("note")) or "",
                    plain_int(value.get("entity_id")),
                )
            )
    return written


def _annotations(
    body: str,
    spans: list[tuple[int | None, Any, Any, Any]],
    written: list[_Written],
    in_code_points: bool,
    where: str,
    problems: list[ReadProblem],
) -> tuple[list[ExportedAnnotation], dict[int, int]]:
    """The spans as annotations, and the annotation id for each span id in the file."""
    units = Utf16("" if in_code_points else body)
    positions = [(units.to_index(start), units.to_index(end)) for _, start, end, _ in spans]
    matches = _match(body, spans, positions, written)
    reserved = {w.id for w in written if w.id is not None}
    taken: set[int] = set()
    fresh = max(reserved, default=0)  # new ids count up from above every written one
    annotations: list[ExportedAnnotation] = []
    by_file_id: dict[int, int] = {}
    for index, (file_id, raw_start, raw_end, label) in enumerate(spans):
        span_where = f"{where}, span {index + 1}"
        if label is _REPORTED:
            continue
        if not isinstance(label, str) or not label.strip():
            problems.append(
                ReadProblem(span_where, _("the span has no label; it was not imported"))
            )
            continue
        start, end = positions[index]
        match = matches.get(index)
        if (start is None or end is None) and (match is None or match.quote is None):
            problems.append(
                ReadProblem(
                    span_where,
                    _(
                        "the offsets {start}–{end} cut a character in two (doccano counts "
                        "UTF-16 code units); it was not imported"
                    ).format(start=raw_start, end=raw_end),
                )
            )
            continue
        anchored = anchor_span(body, start, end, match.quote if match else None, span_where)
        if anchored.problem is not None:
            problems.append(anchored.problem)
        if anchored.start is None or anchored.end is None:
            continue
        ident = match.id if match is not None else None
        if ident is None or ident in taken:
            ident = file_id if file_id is not None and file_id not in reserved else None
        while ident is None or ident in taken or (match is None and ident in reserved):
            fresh += 1
            ident = fresh
        taken.add(ident)
        if file_id is not None:
            by_file_id.setdefault(file_id, ident)
        entity_id = match.entity_id if match is not None else None
        if match is not None and match.type is not None and match.type != label:
            if entity_id is not None:
                problems.append(
                    ReadProblem(
                        span_where,
                        _(
                            "“{quote}” was relabelled from {old} to {new}; its link to an "
                            "entity of type {old} was dropped"
                        ).format(
                            quote=body[anchored.start : anchored.end], old=match.type, new=label
                        ),
                        "warning",
                    )
                )
            entity_id = None
        annotations.append(
            ExportedAnnotation(
                id=ident,
                type=label,
                start=anchored.start,
                end=anchored.end,
                text=body[anchored.start : anchored.end],
                entity_id=entity_id,
                note=match.note if match is not None else "",
            )
        )
    return annotations, by_file_id


def _match(
    body: str,
    spans: list[tuple[int | None, Any, Any, Any]],
    positions: list[tuple[Any, Any]],
    written: list[_Written],
) -> dict[int, _Written]:
    """Which span in the file is which span Curator wrote (by span index).

    A span is the one written at the same offsets, of the same type if there is one
    (else it was relabelled); spans from an older Curator, written without offsets,
    are matched on their quote. Whatever matches nothing was added in doccano.
    """
    buckets: dict[tuple[Any, ...], list[_Written]] = {}
    for span in written:
        if span.start is not None and span.end is not None:
            buckets.setdefault(("at", span.start, span.end), []).append(span)
        elif span.quote is not None:
            buckets.setdefault(("quote", span.quote), []).append(span)

    def places(index: int) -> list[tuple[Any, ...]]:
        start, end = spans[index][1:3]
        begin, finish = positions[index]
        found = []
        if _whole(start) and _whole(end):
            found.append(("at", start, end))
        if _whole(begin) and _whole(finish):
            found.append(("quote", body[begin:finish]))
        return found

    matches: dict[int, _Written] = {}
    for typed in (True, False):
        for index, (_file_id, _start, _end, label) in enumerate(spans):
            if index in matches:
                continue
            candidates = [(key, span) for key in places(index) for span in buckets.get(key, ())]
            for key, span in candidates:
                if not typed or span.type in (None, label):
                    matches[index] = span
                    buckets[key].remove(span)
                    break
    return matches


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


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
    item: dict[str, Any], ids: dict[int, int], where: str, problems: list[ReadProblem]
) -> list[ExportedRelation]:
    """The relations, joining annotation ids (`ids`: span id in the file -> annotation)."""
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
        relations.append(ExportedRelation(relation_id, kind, ids[source], ids[target]))
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
