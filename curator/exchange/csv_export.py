"""CSV: five tables a spreadsheet opens — articles, annotations, entities, records, relations.

Written into a folder (or a .zip of it): articles.csv, annotations.csv, entities.csv,
records.csv (one row per record value: field path, value as text, status, comment,
evidence as "start-end" spans) and relations.csv. UTF-8 with "," by default; with
`excel=True`, a byte-order mark and, where the locale writes decimals with a comma,
";" as separator (as Excel expects there). Lists inside a cell are joined with " | ".

With `excel=True` a text cell that a spreadsheet would run as a formula — beginning
with = + - @, a tab or a carriage return (a title such as "=HYPERLINK(…)") — is
written with an apostrophe in front, which spreadsheets show as text and do not
display. Plain CSV (for programs) keeps every value exactly as it is.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from babel.numbers import get_decimal_symbol

from curator.exchange.json_export import check_cancel
from curator.exchange.model import ExportedArticle
from curator.i18n import current_locale
from curator.progress import Progress

MULTI_FILE = True
LIST_SEPARATOR = " | "

COLUMNS: dict[str, tuple[str, ...]] = {
    "articles.csv": (
        "id",
        "title",
        "language",
        "source_name",
        "url",
        "published",
        "status",
        "tags",
        "notes",
        "translations",
        "body",
    ),
    "annotations.csv": ("id", "article_id", "type", "start", "end", "text", "entity_id", "note"),
    "entities.csv": ("id", "type", "name", "aliases", "description", "external_id"),
    "records.csv": ("article_id", "template", "field", "value", "status", "comment", "evidence"),
    "relations.csv": ("id", "article_id", "type", "source_id", "target_id"),
}


def excel_delimiter() -> str:
    """ ";" where the user's locale writes 1,5 (Excel reads "," as a decimal sign there)."""
    return ";" if get_decimal_symbol(current_locale()) == "," else ","


def value_text(value: Any) -> str:
    """A record value as a spreadsheet shows it."""
    if value is None:
        return ""
    if isinstance(value, dict):
        if "entity_id" in value or "text" in value:
            return str(value.get("text") or "")
        if "start" in value or "end" in value:
            return f"{value.get('start') or ''}/{value.get('end') or ''}"
        if "amount" in value:
            parts = (value.get("qualifier"), value.get("amount"), value.get("currency"))
            return " ".join(str(part) for part in parts if part)
        if "unit" in value or "value" in value:
            parts = (value.get("qualifier"), value.get("value"), value.get("unit"))
            return " ".join(str(part) for part in parts if part)
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value_text(item) for item in value)
    return str(value)


def record_rows(record: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(field path, cell) for every value of a record: "city", "participants/0/person"."""
    for key, node in (record.get("fields") or {}).items():
        if isinstance(node, list):
            for index, item in enumerate(node):
                for child, cell in item.items():
                    yield f"{key}/{index}/{child}", cell
        elif isinstance(node, dict):
            yield key, node


def evidence_text(evidence: Iterable[dict[str, Any]]) -> str:
    spans = [f"{item['start']}-{item['end']}" for item in evidence if "start" in item]
    return " ".join(spans)


#: what makes Excel, LibreOffice or Google Sheets read a cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: Any) -> Any:
    """`cell`, with an apostrophe in front when a spreadsheet would run it as a formula."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


class _SpreadsheetWriter:
    """A csv writer whose text cells are spreadsheet_safe()."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([spreadsheet_safe(cell) for cell in row])


def write(
    articles: Iterable[ExportedArticle], out: Path, progress: Progress, *, excel: bool = False
) -> int:
    delimiter = excel_delimiter() if excel else ","
    encoding = "utf-8-sig" if excel else "utf-8"
    count = 0
    seen_entities: set[int] = set()
    with ExitStack() as stack:
        writers: dict[str, Any] = {}
        for name, columns in COLUMNS.items():
            handle = stack.enter_context(open(out / name, "w", encoding=encoding, newline=""))
            writer = csv.writer(handle, delimiter=delimiter)
            writer.writerow(columns)
            writers[name] = _SpreadsheetWriter(writer) if excel else writer
        for article in articles:
            check_cancel(progress, count)
            writers["articles.csv"].writerow(
                (
                    article.id,
                    article.title,
                    article.language or "",
                    article.source_name or "",
                    article.url or "",
                    article.published or "",
                    article.status,
                    LIST_SEPARATOR.join(article.tags),
                    article.notes,
                    LIST_SEPARATOR.join(
                        f"{link['role']}:{link['article_id']}" for link in article.translations
                    ),
                    article.body,
                )
            )
            for a in article.annotations:
                writers["annotations.csv"].writerow(
                    (a.id, article.id, a.type, a.start, a.end, a.text, a.entity_id or "", a.note)
                )
            for e in article.entities:
                if e.id in seen_entities:
                    continue
                seen_entities.add(e.id)
                aliases = LIST_SEPARATOR.join(
                    f"{alias}@{language}" if language else alias for alias, language in e.aliases
                )
                writers["entities.csv"].writerow(
                    (e.id, e.type, e.name, aliases, e.description, e.external_id or "")
                )
            if article.record is not None:
                for path, cell in record_rows(article.record):
                    writers["records.csv"].writerow(
                        (
                            article.id,
                            article.record.get("template", ""),
                            path,
                            value_text(cell.get("value")),
                            cell.get("status", ""),
                            cell.get("comment", ""),
                            evidence_text(cell.get("evidence") or ()),
                        )
                    )
            for r in article.relations:
                writers["relations.csv"].writerow(
                    (r.id, article.id, r.type, r.source_id, r.target_id)
                )
            count += 1
    return count
