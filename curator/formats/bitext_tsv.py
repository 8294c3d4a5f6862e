"""Bilingual TSV: one bead per line, "source<TAB>target<TAB>confidence".

Spreadsheets and scripts read it. A bead's sentences are joined with a space; a side
may be empty (a sentence left out or added). Tabs, newlines and backslashes inside the
text are escaped as \\t, \\n, \\r and \\\\, so that every bead stays on one line. The
file has no header. Reading gives one sentence a side per line (the file does not keep
sentence boundaries inside a bead); a missing confidence reads as 1.
"""

from __future__ import annotations

import re
from pathlib import Path

from curator.align.beads import Alignment
from curator.formats.alignment_result import AlignmentReadResult
from curator.formats.atomic_write import write_bytes_atomically
from curator.formats.base import ReadProblem
from curator.formats.bead_units import (
    BeadUnit,
    alignment_from_units,
    parse_confidence,
    units_from_alignment,
)

_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}
_ESCAPE = re.compile(r"[\\\t\n\r]")
_UNESCAPE = re.compile(r"\\.?", re.DOTALL)


def write_bitext_tsv(alignment: Alignment) -> str:
    """The alignment as TSV text, one line per bead, each line ending in a newline."""
    lines = []
    for unit in units_from_alignment(alignment):
        lines.append(
            f"{escape(unit.source_text)}\t{escape(unit.target_text)}\t{unit.confidence:.3f}\n"
        )
    return "".join(lines)


def save_bitext_tsv(path: Path, alignment: Alignment) -> None:
    """Write the alignment to `path` as UTF-8 TSV, atomically."""
    write_bytes_atomically(path, write_bitext_tsv(alignment).encode("utf-8"))


def read_bitext_tsv(
    text: str, name: str, source_language: str = "", target_language: str = ""
) -> AlignmentReadResult:
    """The beads of a TSV text, one per line; blank lines are skipped."""
    problems: list[ReadProblem] = []
    units = []
    # Only "\n" ends a line: the writer escapes the others, and str.splitlines() would
    # also break on characters a sentence may hold (U+2028, form feed).
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        where = f"{name}, line {number}"
        columns = line.split("\t")
        if len(columns) not in (2, 3):
            problems.append(
                ReadProblem(where, f"expected 2 or 3 tab-separated columns, found {len(columns)}")
            )
            continue
        try:
            source, target = unescape(columns[0]), unescape(columns[1])
        except ValueError as error:
            problems.append(ReadProblem(where, str(error)))
            continue
        confidence = parse_confidence(columns[2] if len(columns) == 3 else None, where, problems)
        if confidence is None:
            continue
        if source.strip() or target.strip():
            units.append(BeadUnit(source, target, confidence=confidence, where=where))
    if not units:
        problems.append(ReadProblem(name, "no bead found"))
        return AlignmentReadResult(problems=problems)
    alignment, more = alignment_from_units(units, source_language, target_language, name)
    return AlignmentReadResult(alignment, problems + more)


def escape(text: str) -> str:
    """A field with its tabs, newlines and backslashes escaped."""
    return _ESCAPE.sub(lambda match: _ESCAPES[match.group()], text)


def unescape(field: str) -> str:
    """The text of an escaped field; ValueError on an unknown escape such as "\\x"."""

    def replace(match: re.Match[str]) -> str:
        sequence = match.group()
        if sequence not in _UNESCAPES:
            raise ValueError(f"unknown escape {sequence!r}; use \\t, \\n, \\r or \\\\")
        return _UNESCAPES[sequence]

    return _UNESCAPE.sub(replace, field)
