"""A translation memory (TMX or XLIFF 2.0) read for one translation pair: in the pair's
languages or refused, naming the file and both languages."""

from __future__ import annotations

from curator.formats import language_tags
from curator.formats.alignment_result import AlignmentReadResult
from curator.formats.base import ReadProblem
from curator.formats.tmx import read_tmx
from curator.formats.xliff import read_xliff
from curator.i18n import _

IMPORT_FORMATS = ("tmx", "xliff")
SUFFIXES = {".tmx": "tmx", ".xlf": "xliff", ".xliff": "xliff"}


def format_of(name: str) -> str:
    """The format a file name's suffix says (TMX when it says none we know)."""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return SUFFIXES.get(suffix, "tmx")


def read_for_pair(
    data: bytes, name: str, fmt: str, source_language: str | None, target_language: str | None
) -> AlignmentReadResult:
    """The alignment the file holds from `source_language` into `target_language` (None:
    a language the pair does not know, which is not checked)."""
    if fmt == "tmx":
        return read_tmx(
            data, name, source_language=source_language, target_language=target_language
        )
    if fmt != "xliff":
        reason = _("“{value}” is not an alignment format; use tmx or xliff").format(value=fmt)
        return AlignmentReadResult(problems=[ReadProblem(name, reason)])
    result = read_xliff(data, name)
    alignment = result.alignment
    if alignment is None:
        return result
    found = (alignment.source_language, alignment.target_language)
    if not all(
        not tag or not wanted or language_tags.compatible(tag, wanted)
        for tag, wanted in zip(found, (source_language, target_language), strict=True)
    ):
        reason = _(
            "it is from {found_source} into {found_target}, not {source} into {target} "
            "as this pair is"
        ).format(
            found_source=found[0] or "?",
            found_target=found[1] or "?",
            source=source_language or "?",
            target=target_language or "?",
        )
        return AlignmentReadResult(problems=[ReadProblem(name, reason)])
    return result
