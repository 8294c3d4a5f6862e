"""What every reader of an alignment file returns: the alignment plus named problems."""

from __future__ import annotations

from dataclasses import dataclass, field

from curator.align.beads import Alignment
from curator.formats.base import ReadProblem


@dataclass(slots=True)
class AlignmentReadResult:
    """The alignment a file held (None when nothing usable was found) and the problems
    met while reading it."""

    alignment: Alignment | None = None
    problems: list[ReadProblem] = field(default_factory=list)
