"""Read articles from JSON (one array or object) and JSON Lines (one object per line).

Each object is read on its own: a bad item or line becomes a problem naming it
and the field at fault, and the rest of the batch is still read. A missing body
loses the item; a bad optional field (an unreadable date, a number where text
belongs) only loses that field and is reported as a warning.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from typing import Any

from curator.formats.base import FileReadResult, ParsedArticle, ReadProblem, Severity
from curator.formats.plaintext import title_from_text
from curator.text.dates import parse_date
from curator.text.language import detect_language, normalise_language_tag

#: Each field and the other names it is accepted under, preferred name first.
_FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "body": ("body", "text", "content"),
    "language": ("language", "lang"),
    "url": ("url",),
    "published": ("published", "date"),
    "source": ("source", "source_name"),
    "tags": ("tags",),
    "notes": ("notes",),
}

_TOO_DEEP = "not read: its JSON is nested too deeply"


def read_json(text: str, name: str) -> FileReadResult:
    """Articles from a JSON array of objects, one object, or {"articles": [...]}."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        reason = f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        return FileReadResult(problems=[ReadProblem(name, reason)])
    except RecursionError:
        return FileReadResult(problems=[ReadProblem(name, _TOO_DEEP)])
    if isinstance(data, dict) and "articles" in data:
        data = data["articles"]
        if not isinstance(data, list):
            reason = f"'articles' should be a list of articles, found {_kind(data)}"
            return FileReadResult(problems=[ReadProblem(name, reason)])
    items = data if isinstance(data, list) else [data]
    result = FileReadResult()
    for number, item in enumerate(items, start=1):
        where = f"{name}, item {number}" if isinstance(data, list) else name
        _read_item(item, where, result)
    _note_if_empty(result, name)
    return result


def read_jsonl(text: str, name: str) -> FileReadResult:
    """Articles from JSON Lines: one object per line, blank lines ignored."""
    result = FileReadResult()
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{name}, line {number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            reason = f"not valid JSON ({error.msg} at column {error.colno})"
            result.problems.append(ReadProblem(where, reason))
            continue
        except RecursionError:  # this line only: the file's other lines are still read
            result.problems.append(ReadProblem(where, _TOO_DEEP))
            continue
        _read_item(item, where, result)
    _note_if_empty(result, name)
    return result


def _note_if_empty(result: FileReadResult, name: str) -> None:
    if not result.articles and not result.problems:
        result.problems.append(ReadProblem(name, "the file holds no articles"))


def _read_item(item: Any, where: str, result: FileReadResult) -> None:
    if not isinstance(item, dict):
        result.problems.append(
            ReadProblem(where, f"expected an article object, found {_kind(item)}")
        )
        return
    fields = _ItemFields(item, where)
    body = fields.text("body")
    if fields.failed_body:
        result.problems.extend(fields.problems)
        return
    if not body or not body.strip():
        result.problems.extend([*fields.problems, ReadProblem(where, "no body text")])
        return
    body = _normalise(body).rstrip()
    language = normalise_language_tag(fields.text("language")) or detect_language(body)
    article = ParsedArticle(
        title=_normalise(fields.text("title") or "").strip() or title_from_text(body),
        body=body,
        origin=where,
        language=language,
        source_name=fields.text("source") or None,
        url=fields.text("url") or None,
        published=fields.date("published", language or "en"),
        tags=fields.tags(),
        notes=fields.text("notes") or "",
    )
    result.articles.append(article)
    result.problems.extend(fields.problems)


class _ItemFields:
    """Typed access to one item's fields, recording a problem for each bad value."""

    def __init__(self, item: dict[str, Any], where: str) -> None:
        self._item = item
        self._where = where
        self.problems: list[ReadProblem] = []
        self.failed_body = False

    def text(self, field: str) -> str | None:
        key, value = self._lookup(field)
        if value is None or isinstance(value, str):
            return value
        if field == "body":
            self.failed_body = True
            self._problem(key, f"expected text, found {_kind(value)}", "error")
        else:
            self._problem(key, f"expected text, found {_kind(value)}; ignored")
        return None

    def date(self, field: str, locale: str) -> dt.date | None:
        key, value = self._lookup(field)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self._problem(key, f"expected a date as text, found {_kind(value)}; ignored")
            return None
        parsed = parse_date(value, locale)
        if parsed is None:
            self._problem(key, f"cannot read '{value}' as a date")
        return parsed

    def tags(self) -> list[str]:
        key, value = self._lookup("tags")
        if value is None:
            return []
        if isinstance(value, str):
            tags = value.split(",")
        elif isinstance(value, list):
            tags = [tag for tag in value if isinstance(tag, str)]
            if len(tags) < len(value):
                self._problem(key, "some tags are not text; those were ignored")
        else:
            self._problem(key, f"expected a list of tags, found {_kind(value)}; ignored")
            return []
        cleaned = (_normalise(tag).strip() for tag in tags)
        return list(dict.fromkeys(tag for tag in cleaned if tag))

    def _lookup(self, field: str) -> tuple[str, Any]:
        """The key actually used for `field` (one of its aliases) and its value."""
        for key in _FIELD_NAMES[field]:
            if key in self._item:
                return key, self._item[key]
        return field, None

    def _problem(self, key: str, reason: str, severity: Severity = "warning") -> None:
        self.problems.append(ReadProblem(self._where, f"field '{key}': {reason}", severity))


def _normalise(text: str) -> str:
    """Newlines and Unicode form as in files read from disk, so offsets behave alike."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _kind(value: Any) -> str:
    """How a JSON value is described to an editor: "a number", "a list"..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"
