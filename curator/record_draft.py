"""Drafting a record from an article's accepted annotations and relations.

People go into participants with the role they hold and the organisation the role is
at; organisations that organise the event into organisers; money and counts into
figures; dates into the start and end; the event into the event name; documents into
documents. Mentions of one entity ("Ge Dongbo" ... "Mr. Ge", both linked to him) are
one participant, organiser or document, with every mention as its evidence. Only empty
fields are filled, each value unverified and pointing to the annotations it came from,
for the editor to check.
"""

from __future__ import annotations

from typing import Any

from curator.annotations import (
    AnnotationView,
    RelationView,
    get_annotation,
    list_annotations,
    list_relations,
)
from curator.articles import get_article
from curator.records import RecordView, _write, empty_cell
from curator.templates import FieldSpec, Template
from curator.text.recognisers import read_figure, recognise
from db.library import Library

_QUALIFIER_PREFIXES = (">=", "<=", ">", "<", "~")


def _split_qualifier(value: str) -> tuple[str, str]:
    for prefix in _QUALIFIER_PREFIXES:
        if value.startswith(prefix):
            return prefix, value[len(prefix) :]
    return "", value


def _cell(value: Any, *annotations: AnnotationView) -> dict[str, Any]:
    cell = empty_cell(value)
    cell["evidence"] = [{"annotation_id": a.id} for a in annotations]
    return cell


def _entity(annotation: AnnotationView) -> dict[str, Any]:
    return {"entity_id": annotation.entity_id, "text": annotation.entity_name or annotation.quote}


def _parsed(annotation: AnnotationView, language: str) -> str | None:
    """The normalised value the rules give the annotation's text (dates, money, figures).

    A figure the editor marked is read even where the rules would not propose it
    ("four consecutive times"): the editor has already said it is one.
    """
    found = [s for s in recognise(annotation.quote, language) if s.type == annotation.type]
    if found:
        return found[0].value
    reading = read_figure(annotation.quote, language) if annotation.type == "FIGURE" else None
    return reading.value if reading else None


def _figure(annotation: AnnotationView, language: str) -> dict[str, Any] | None:
    """A figures item: a count with its unit, or an amount of money (never both)."""
    value = _parsed(annotation, language)
    if annotation.type == "MONEY" and value and " " in value:
        currency, amount = value.split(" ", 1)
        qualifier, amount = _split_qualifier(amount)
        return {"label": _cell(annotation.quote, annotation),
                "amount": _cell({"qualifier": qualifier, "amount": amount,
                                 "currency": currency}, annotation)}  # fmt: skip
    if annotation.type == "FIGURE" and value:
        qualifier, number = _split_qualifier(value.rstrip("%"))
        reading = read_figure(annotation.quote, language)
        unit = "%" if value.endswith("%") else (reading.unit if reading else "")
        return {"label": _cell(annotation.quote, annotation),
                "quantity": _cell({"qualifier": qualifier, "value": number, "unit": unit},
                                  annotation)}  # fmt: skip
    return None


def _referents(mentions: list[AnnotationView]) -> list[list[AnnotationView]]:
    """Mentions grouped by what they refer to, in text order: the linked entity, or for
    an unlinked mention its words."""
    groups: dict[tuple[str, Any], list[AnnotationView]] = {}
    for mention in mentions:
        key = (
            ("entity", mention.entity_id)
            if mention.entity_id is not None
            else ("text", " ".join(mention.quote.casefold().split()))
        )
        groups.setdefault(key, []).append(mention)
    return list(groups.values())


def _participants(
    by_id: dict[int, AnnotationView], relations: list[RelationView]
) -> list[dict[str, Any]]:
    """One item per person and role they hold; a person with no role is one item too."""
    holds = {r.source_id: r.target_id for r in relations if r.type == "holds"}
    at = {r.source_id: r.target_id for r in relations if r.type == "at"}
    items = []
    for mentions in _referents([a for a in by_id.values() if a.type == "PERSON"]):
        person = _cell(_entity(mentions[0]), *mentions)
        roles = [role for m in mentions if (role := by_id.get(holds.get(m.id, -1))) is not None]
        for role_mentions in _referents(roles) or [[]]:
            item = {"person": person}
            if role_mentions:
                role = role_mentions[0]
                item["role"] = _cell(role.quote, *role_mentions)
                organisations = [
                    org for r in role_mentions if (org := by_id.get(at.get(r.id, -1))) is not None
                ]
                if organisations:
                    item["organisation"] = _cell(_entity(organisations[0]), *organisations)
            items.append(item)
    return items


def _with_year(value: str, year: int | None) -> str:
    """A date without a year ("--10-15") takes the article's year, when it has one."""
    if year is None:
        return value
    return "/".join(f"{year}{part[1:]}" if part.startswith("--") else part
                    for part in value.split("/"))  # fmt: skip


def draft_from_annotations(library: Library, article_id: int) -> RecordView:
    """Fill the empty fields of the article's record from its accepted annotations.

    Dates given without a year ("October 15 to 18") take the article's publication year.
    """
    article = get_article(library, article_id)
    language = article.language or "en"
    year = article.published.year if article.published else None
    accepted = list_annotations(library, article_id, statuses=("accepted",))
    by_id = {a.id: a for a in accepted}
    relations = list_relations(library, article_id)
    of_type: dict[str, list[AnnotationView]] = {}
    for annotation in accepted:
        of_type.setdefault(annotation.type, []).append(annotation)

    def edit(values: dict[str, Any], template: Template) -> None:
        def fill(key: str, value: Any) -> None:
            if template.field(key) is not None and not values.get(key) and value:
                values[key] = value

        events = of_type.get("EVENT", [])
        if events:
            fill("event_name", _cell(_entity(events[0]), events[0]))
        dates = [
            (d, _with_year(value, year))
            for d in of_type.get("DATE", [])
            if (value := _parsed(d, language))
        ]
        ranges = [(d, v) for d, v in dates if v and "/" in v and not v.startswith("-")]
        singles = [(d, v) for d, v in dates if v and "/" not in v and not v.startswith("-")]
        if ranges:
            annotation, value = ranges[0]
            start, end = value.split("/")
            fill("start_date", _cell(start, annotation))
            fill("end_date", _cell(end, annotation))
        elif singles:
            annotation, value = singles[0]
            if len(value) == 10:
                fill("start_date", _cell(value, annotation))
        locations = of_type.get("LOCATION", [])
        if locations:
            fill("city", _cell(_entity(locations[0]), locations[0]))
        fill("participants", _participants(by_id, relations))
        organises = [r.source_id for r in relations if r.type == "organises"]
        organisers = _referents([by_id[i] for i in organises if i in by_id])
        fill("organisers", [{"organisation": _cell(_entity(o[0]), *o)} for o in organisers])
        figures = [
            figure
            for annotation in of_type.get("MONEY", []) + of_type.get("FIGURE", [])
            if (figure := _figure(annotation, language)) is not None
        ]
        fill("figures", figures)
        documents = _referents(of_type.get("DOCUMENT", []))
        fill("documents", [{"document": _cell(_entity(d[0]), *d)} for d in documents])

    with library.session() as session:
        return _write(session, article_id, None, "draft", edit)


def cell_for_field(library: Library, spec: FieldSpec, annotation_id: int) -> dict[str, Any]:
    """The cell an annotation gives a field it is dropped on: a value read from its text
    (or its linked entity) and the annotation itself as evidence."""
    annotation = get_annotation(library, annotation_id)
    article = get_article(library, annotation.article_id)
    language = article.language or "en"
    year = article.published.year if article.published else None
    value: Any = annotation.quote
    if spec.type == "entity":
        value = _entity(annotation)
    elif spec.type in ("date", "date_range"):
        parsed = _parsed(annotation, language)
        parsed = _with_year(parsed, year) if parsed else None
        if parsed and "/" in parsed:
            start, end = parsed.split("/")
            value = {"start": start, "end": end} if spec.type == "date_range" else start
        elif parsed and len(parsed) == 10:
            value = parsed if spec.type == "date" else {"start": parsed, "end": parsed}
        else:
            value = None
    elif spec.type in ("number_unit", "money"):
        figure = _figure(annotation, language) or {}
        cell = figure.get("quantity" if spec.type == "number_unit" else "amount")
        value = cell["value"] if cell else None
    elif spec.type == "choice":
        value = None
    return _cell(value, annotation)
