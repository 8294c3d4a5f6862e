"""Beads: the units of an alignment, and an alignment with its sentences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Bead:
    """Source sentences aligned with target sentences (0-based indices, in order).

    Either side may be empty (a sentence left out of the translation, or added by it).
    `confidence` is in [0, 1]; `confirmed` beads were checked by the translator and are
    kept as they are when the rest is aligned again.
    """

    source: tuple[int, ...]
    target: tuple[int, ...]
    confidence: float
    confirmed: bool = False

    @property
    def shape(self) -> tuple[int, int]:
        """(number of source sentences, number of target sentences): (1, 2) for 1-2."""
        return len(self.source), len(self.target)


@dataclass(frozen=True, slots=True)
class Alignment:
    """Two texts split into sentences, and the beads that pair them up."""

    source_language: str
    target_language: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    beads: tuple[Bead, ...]

    def bead_texts(self, bead: Bead, joiner: str = " ") -> tuple[str, str]:
        """The source and the target text of one bead, sentences joined by `joiner`."""
        return (
            joiner.join(self.source[index] for index in bead.source),
            joiner.join(self.target[index] for index in bead.target),
        )


def check_beads(beads: Sequence[Bead], source_count: int, target_count: int) -> None:
    """Raise ValueError unless the beads are well formed: indices in range, each side
    consecutive and increasing, no sentence in two beads, no bead empty on both sides."""
    seen_source: set[int] = set()
    seen_target: set[int] = set()
    for bead in beads:
        if not bead.source and not bead.target:
            raise ValueError(f"{bead}: a bead needs at least one sentence")
        if not 0.0 <= bead.confidence <= 1.0:
            raise ValueError(f"{bead}: confidence must be between 0 and 1")
        for side, count, seen in (
            (bead.source, source_count, seen_source),
            (bead.target, target_count, seen_target),
        ):
            if any(not 0 <= index < count for index in side):
                raise ValueError(f"{bead}: sentence index out of range (0..{count - 1})")
            if side and list(side) != list(range(side[0], side[0] + len(side))):
                raise ValueError(f"{bead}: sentences of one side must be consecutive")
            if seen.intersection(side):
                raise ValueError(f"{bead}: a sentence is in two beads")
            seen.update(side)
