"""What text a library can store: valid Unicode, no NUL characters, bodies within the
article size limit — checked on every article, whatever format it came from.

JSON can spell a lone surrogate (`"\\udc00"`) or a NUL (`"\\u0000"`) in any string;
neither can be encoded as UTF-8 for storage and hashing (a lone surrogate used to
crash the whole batch). A file read from disk is limited to 50 MB, and a body that
arrived inside another format (an exchange document, an archive) obeys the same limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from typing import Any

from curator.formats.base import FileReadResult, ParsedArticle, ReadProblem
from curator.formats.decoding import DEFAULT_MAX_BYTES, describe_size
from curator.i18n import _

#: The largest article body (UTF-8 bytes), the same as the largest article file.
MAX_BODY_BYTES = DEFAULT_MAX_BYTES


def text_problem(text: str) -> str | None:
    """Why `text` cannot be stored (a NUL, a lone surrogate), or None."""
    position = text.find("\x00")
    if position >= 0:
        return _("holds a NUL character at character {n}").format(n=position)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        reason = _("holds a lone surrogate (\\u{code:04x}) at character {n}: not valid Unicode")
        return reason.format(code=ord(text[error.start]), n=error.start)
    return None


def body_problem(body: str) -> str | None:
    """Why an article body cannot be stored: too large, or not storable text."""
    if len(body) * 4 > MAX_BODY_BYTES:  # only then can the encoded size exceed the limit
        size = len(body.encode("utf-8", errors="surrogatepass"))
        if size > MAX_BODY_BYTES:
            return _("the text is {size}; the limit for an article is {limit}").format(
                size=describe_size(size), limit=describe_size(MAX_BODY_BYTES)
            )
    return text_problem(body)


def value_problem(value: Any, path: str = "") -> tuple[str, str] | None:
    """The first string in a JSON-like value (or dataclass) that cannot be stored, as
    (path to it, reason); None when every string is fine."""
    for where, text in _strings(value, path):
        reason = text_problem(text)
        if reason:
            return where, reason
    return None


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    stack: list[tuple[str, Any]] = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            yield where, item
        elif isinstance(item, dict):
            for key, child in item.items():
                key_path = f"{where}.{key}" if where else str(key)
                if isinstance(key, str):
                    yield key_path, key
                stack.append((key_path, child))
        elif isinstance(item, list | tuple):
            stack.extend((f"{where}[{index}]", child) for index, child in enumerate(item))
        elif is_dataclass(item) and not isinstance(item, type):
            stack.extend(
                (f"{where}.{f.name}" if where else f.name, getattr(item, f.name))
                for f in fields(item)
            )


def article_problem(article: Any, where: str) -> ReadProblem | None:
    """Why an article (ParsedArticle or ExportedArticle) cannot be stored, naming the
    field; None when it can."""
    reason = body_problem(article.body)
    if reason:
        return ReadProblem(where, _("field “body”: {reason}").format(reason=reason))
    found = value_problem(article)
    if found:
        reason = _("field “{path}”: {reason}").format(path=found[0], reason=found[1])
        return ReadProblem(where, reason)
    return None


def screen(result: FileReadResult) -> FileReadResult:
    """`result` with every article that cannot be stored turned into a named problem."""
    kept: list[ParsedArticle] = []
    for article in result.articles:
        problem = article_problem(article, article.origin)
        if problem:
            result.problems.append(problem)
        else:
            kept.append(article)
    result.articles = kept
    return result
