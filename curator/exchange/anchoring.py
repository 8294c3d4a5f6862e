"""What the interchange readers share: checking a span against its text, re-anchoring
it when the offsets no longer fit, and reading input files within a size limit.

Used by the brat, doccano and Label Studio modules. Offsets everywhere are Python
string indexes (Unicode code points), which is what brat, doccano and Label Studio use.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from curator.exchange.model import ExportedAnnotation, ExportedEntity
from curator.formats.base import ReadProblem
from curator.formats.file_access import open_regular
from curator.i18n import _
from curator.text.spans import reanchor

#: The largest input file the interchange readers take (bytes).
MAX_INPUT_BYTES = 200 * 1024 * 1024


class InputTooLarge(Exception):
    """A file bigger than MAX_INPUT_BYTES."""


def read_input_bytes(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of `path`; raises OSError when unreadable, InputTooLarge when too big."""
    with open_regular(path) as handle:  # a FIFO or device: SpecialFile, never opened
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(path.name)
    return data


def decode_utf8(data: bytes) -> str:
    """UTF-8 text without a byte-order mark; raises UnicodeDecodeError."""
    return data.decode("utf-8-sig")


def too_large_reason(limit: int = MAX_INPUT_BYTES) -> str:
    return _("the file is too large to import (more than {size} MB)").format(
        size=limit // (1024 * 1024)
    )


#: What load_json_document returns when there is no document (None is valid JSON).
MISSING: Any = object()


def load_json_document(path: Path, problems: list[ReadProblem]) -> Any:
    """The JSON value in `path`, or `MISSING` with a named problem (unreadable, too large,
    not UTF-8, not JSON, nested too deep)."""
    try:
        return json.loads(decode_utf8(read_input_bytes(path)))
    except InputTooLarge:
        problems.append(ReadProblem(path.name, too_large_reason()))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        problems.append(
            ReadProblem(path.name, _("not a readable JSON file: {error}").format(error=error))
        )
    return MISSING


def _comparable(text: str) -> str:
    # brat cannot keep line breaks in the quoted text of a T line, so they are compared
    # as spaces; the other formats quote exactly and lose nothing by this.
    return text.replace("\r", " ").replace("\n", " ").replace("\t", " ")


@dataclass(frozen=True, slots=True)
class Anchored:
    """Where a span ends up in the text, and a problem when it was moved or lost."""

    start: int | None
    end: int | None
    problem: ReadProblem | None

    @property
    def found(self) -> bool:
        return self.start is not None and self.end is not None


def anchor_span(
    text: str,
    start: Any,
    end: Any,
    quote: str | None,
    where: str,
    prefix: str = "",
    suffix: str = "",
) -> Anchored:
    """Check `text[start:end]` against `quote` and re-anchor when it does not fit.

    - offsets in range and the quote matching (or no quote given): taken as they are;
    - otherwise, with a quote: the quote is looked for in the text (nearest the given
      start) and the span moved there, reported as a warning;
    - otherwise: not found, reported as an error (the caller skips the item).
    """
    offsets_ok = (
        isinstance(start, int)
        and isinstance(end, int)
        and not isinstance(start, bool)
        and not isinstance(end, bool)
        and 0 <= start < end <= len(text)
    )
    if offsets_ok and (quote is None or _comparable(text[start:end]) == _comparable(quote)):
        return Anchored(start, end, None)
    if quote:
        hint = start if isinstance(start, int) and not isinstance(start, bool) else None
        found = reanchor(text, quote, prefix, suffix, hint=hint)
        if found is None and "\n" not in quote and " " in quote:
            # a quote from brat may have had its line breaks turned into spaces
            found = _find_with_breaks(text, quote, hint)
        if found is not None:
            return Anchored(
                found[0],
                found[1],
                ReadProblem(
                    where,
                    _("the span “{quote}” was not at {start}–{end}; found it at {new}").format(
                        quote=_shorten(quote), start=start, end=end, new=f"{found[0]}–{found[1]}"
                    ),
                    "warning",
                ),
            )
        return Anchored(
            None,
            None,
            ReadProblem(
                where,
                _("the span “{quote}” is not in the article text; it was not imported").format(
                    quote=_shorten(quote)
                ),
            ),
        )
    if offsets_ok:  # an empty quote: the offsets are all there is
        return Anchored(start, end, None)
    return Anchored(
        None,
        None,
        ReadProblem(
            where,
            _("the offsets {start}–{end} do not fit a text of {length} characters").format(
                start=_shorten(str(start)), end=_shorten(str(end)), length=len(text)
            ),
        ),
    )


def anchored(
    body: str,
    annotation: ExportedAnnotation,
    where: str,
    problems: list[ReadProblem],
    prefix: str = "",
    suffix: str = "",
) -> ExportedAnnotation | None:
    """`annotation` with offsets that fit `body`, or None; any move or loss goes in
    `problems`."""
    result = anchor_span(
        body, annotation.start, annotation.end, annotation.text or None, where, prefix, suffix
    )
    if result.problem is not None:
        problems.append(result.problem)
    if not result.found:
        return None
    assert result.start is not None and result.end is not None
    return ExportedAnnotation(
        annotation.id,
        annotation.type,
        result.start,
        result.end,
        body[result.start : result.end],
        annotation.entity_id,
        annotation.note,
    )


def _find_with_breaks(text: str, quote: str, hint: int | None) -> tuple[int, int] | None:
    flat = _comparable(text)
    if len(flat) != len(text):  # pragma: no cover - replacements keep the length
        return None
    return reanchor(flat, quote, hint=hint)


def _shorten(value: str, limit: int = 60) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


def entity_to_json(entity: ExportedEntity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "type": entity.type,
        "name": entity.name,
        "aliases": [list(alias) for alias in entity.aliases],
        "description": entity.description,
        "external_id": entity.external_id,
    }


def entity_from_json(value: Any) -> ExportedEntity | None:
    """An entity from its JSON form; None when it is not usable."""
    if not isinstance(value, dict):
        return None
    entity_id, name = value.get("id"), value.get("name")
    if not isinstance(entity_id, int) or isinstance(entity_id, bool) or not isinstance(name, str):
        return None
    kind = value.get("type")
    description = value.get("description")
    external = value.get("external_id")
    aliases: list[tuple[str, str | None]] = []
    raw_aliases = value.get("aliases")
    if isinstance(raw_aliases, list):
        for alias in raw_aliases:
            if (
                isinstance(alias, list)
                and len(alias) == 2
                and isinstance(alias[0], str)
                and (alias[1] is None or isinstance(alias[1], str))
            ):
                aliases.append((alias[0], alias[1]))
    return ExportedEntity(
        id=entity_id,
        type=kind if isinstance(kind, str) else "",
        name=name,
        aliases=tuple(aliases),
        description=description if isinstance(description, str) else "",
        external_id=external if isinstance(external, str) and external else None,
    )


def text_field(value: Any) -> str | None:
    """A string field, or None when it is missing or not text."""
    return value if isinstance(value, str) else None


def plain_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
