"""W3C Web Annotation (JSON-LD): an AnnotationCollection of the articles' annotations.

Each annotation has the Web Annotation context, type "Annotation", a TextualBody with
the annotation type (purpose "tagging"), its note as a second TextualBody ("commenting")
and, when linked, its entity as a SpecificResource ("identifying",
urn:curator:entity:ID). Its target names the article (its URL, or
urn:curator:article:ID) with a TextQuoteSelector (exact, prefix, suffix) and a
TextPositionSelector (start, end).

Decision: the texts travel with the annotations. The collection carries, beside its
page of annotations, "curator:articles": the annotated articles as Curator JSON article
objects without their annotations (so relations, entities, the record and the
translations survive a round trip). Importing matches those texts to the library by
content; an annotation whose target is not among them is reported, never dropped
silently. Selectors are checked against the text and re-anchored on the quote
(curator.text.spans.reanchor) where the positions do not fit.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from curator.exchange.anchoring import MISSING, anchored, load_json_document
from curator.exchange.json_export import article_from_dict, article_to_dict, check_cancel, dumps
from curator.exchange.model import ExportedAnnotation, ExportedArticle, ImportResult
from curator.exchange.validation import article_problems
from curator.formats.base import ReadProblem
from curator.i18n import _
from curator.text.spans import context

MULTI_FILE = False
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ARTICLE_URN = "urn:curator:article:"
ANNOTATION_URN = "urn:curator:annotation:"
ENTITY_URN = "urn:curator:entity:"


def article_source(article: ExportedArticle) -> str:
    return article.url or f"{ARTICLE_URN}{article.id}"


def annotation_json(article: ExportedArticle, annotation: ExportedAnnotation) -> dict[str, Any]:
    """One annotation in the Web Annotation model."""
    prefix, suffix = context(article.body, annotation.start, annotation.end)
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "value": annotation.type, "purpose": "tagging"}
    ]
    if annotation.note:
        bodies.append({"type": "TextualBody", "value": annotation.note, "purpose": "commenting"})
    if annotation.entity_id is not None:
        bodies.append(
            {
                "type": "SpecificResource",
                "purpose": "identifying",
                "source": f"{ENTITY_URN}{annotation.entity_id}",
            }
        )
    return {
        "@context": CONTEXT,
        "id": f"{ANNOTATION_URN}{annotation.id}",
        "type": "Annotation",
        "motivation": "tagging",
        "body": bodies,
        "target": {
            "source": article_source(article),
            "curator:article": article.id,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": annotation.text,
                    "prefix": prefix,
                    "suffix": suffix,
                },
                {"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end},
            ],
        },
    }


def write(articles: Iterable[ExportedArticle], out: IO[str], progress: Any) -> int:
    out.write(
        f'{{"@context":"{CONTEXT}","id":"urn:curator:export","type":"AnnotationCollection",'
        '"label":"Curator export","first":{"type":"AnnotationPage","startIndex":0,"items":[\n'
    )
    count = annotations = 0
    with tempfile.TemporaryFile("w+", encoding="utf-8") as texts:
        for article in articles:
            check_cancel(progress, count)
            for annotation in article.annotations:
                if annotations:
                    out.write(",\n")
                out.write(dumps(annotation_json(article, annotation)))
                annotations += 1
            described = article_to_dict(article)
            described["annotations"] = []
            texts.write(("," if count else "") + dumps(described) + "\n")
            count += 1
        out.write(f'\n]}},"total":{annotations},"curator:articles":[\n')
        texts.seek(0)
        shutil.copyfileobj(texts, out)
    out.write("]}\n")
    return count


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _selectors(target: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    selectors = target.get("selector") or []
    if isinstance(selectors, dict):
        selectors = [selectors]
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), {})
    position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), {})
    return quote, position


def read(path: Path) -> ImportResult:
    result = ImportResult()
    problems = result.problems
    data = load_json_document(path, problems)
    if data is MISSING:
        return result
    if isinstance(data, dict) and data.get("type") == "AnnotationCollection":
        page = data.get("first") or {}
        items = page.get("items") or [] if isinstance(page, dict) else []
        described = data.get("curator:articles") or []
    elif isinstance(data, list):
        items, described = data, []
    else:
        problems.append(ReadProblem(path.name, _("not a Web Annotation collection")))
        return result
    if not isinstance(items, list) or not isinstance(described, list):
        problems.append(ReadProblem(path.name, _("not a Web Annotation collection")))
        return result
    refusals = [  # the texts are Curator article objects: checked against their schema
        problem
        for index, item in enumerate(described)
        for problem in article_problems(item, path.name, ("curator:articles", index))
    ]
    if refusals:
        problems.extend(refusals)
        return result
    articles: list[ExportedArticle] = []
    by_id: dict[int, int] = {}
    by_source: dict[str, int] = {}
    for index, item in enumerate(described):
        article = article_from_dict(item, f"{path.name}, article {index + 1}", problems)
        if article is None:
            continue
        by_id[article.id] = len(articles)
        by_source.setdefault(article_source(article), len(articles))
        articles.append(article)
    found: dict[int, list[ExportedAnnotation]] = {i: [] for i in range(len(articles))}
    for index, item in enumerate(items):
        where = f"{path.name}, annotation {index + 1}"
        target = item.get("target") if isinstance(item, dict) else None
        if isinstance(target, list):
            target = target[0] if target else None
        if not isinstance(target, dict) or item.get("type") != "Annotation":
            problems.append(ReadProblem(where, _("not an Annotation with a target")))
            continue
        position = by_id.get(_int(target.get("curator:article")) or -1)
        if position is None:
            position = by_source.get(str(target.get("source")))
        if position is None:
            problems.append(
                ReadProblem(
                    where,
                    _("its article “{source}” is not in the file; annotation left out").format(
                        source=target.get("source")
                    ),
                )
            )
            continue
        bodies = item.get("body") or []
        bodies = bodies if isinstance(bodies, list) else [bodies]
        kind = next(
            (
                b.get("value")
                for b in bodies
                if isinstance(b, dict) and b.get("purpose") == "tagging" and b.get("value")
            ),
            None,
        )
        if not kind:
            problems.append(ReadProblem(where, _("no tagging body gives its type")))
            continue
        note = "\n".join(
            str(b.get("value") or "")
            for b in bodies
            if isinstance(b, dict) and b.get("purpose") == "commenting"
        )
        entity = next(
            (
                str(b.get("source"))
                for b in bodies
                if isinstance(b, dict) and b.get("purpose") == "identifying"
            ),
            "",
        )
        quote, place = _selectors(target)
        exact = str(quote.get("exact") or "")
        start, end = _int(place.get("start")), _int(place.get("end"))
        if not exact and (start is None or end is None):
            problems.append(ReadProblem(where, _("no selector tells where the annotation is")))
            continue
        annotation_id = _int(str(item.get("id", "")).removeprefix(ANNOTATION_URN))
        annotation = ExportedAnnotation(
            annotation_id if annotation_id is not None else -(index + 1),
            str(kind),
            start if start is not None else -1,
            end if end is not None else -1,
            exact,
            _int(entity.removeprefix(ENTITY_URN)) if entity.startswith(ENTITY_URN) else None,
            note,
        )
        kept = anchored(
            articles[position].body,
            annotation,
            where,
            problems,
            str(quote.get("prefix") or ""),
            str(quote.get("suffix") or ""),
        )
        if kept is not None:
            found[position].append(kept)
    for position, article in enumerate(articles):
        result.articles.append(_with_annotations(article, tuple(found[position])))
    return result


def _with_annotations(
    article: ExportedArticle, annotations: tuple[ExportedAnnotation, ...]
) -> ExportedArticle:
    from dataclasses import replace

    return replace(article, annotations=annotations)
