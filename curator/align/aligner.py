"""Align the sentences of a text with those of its translation.

Dynamic programming over beads (1-1, 1-2, 2-1, 2-2, 1-0, 0-1 and, by default, 1-3,
3-1, 2-3, 3-2, 1-4 and 4-1, which edited translations contain), where a bead costs

    -log P(shape) + Gale–Church length cost - anchor_weight * shared-anchor evidence

(gale_church.py, anchors.py, evidence.py). Sentences left out or added cost less after
the first of a run (search.py). The search keeps to a band that follows the pairs of
sentences sharing a unique anchor (guide.py) and is widened around the best path while
that path runs along its edge (band.py). With numpy, one vectorised step per source
sentence: 2,000 x 2,000 sentences align in about half a second.

Each bead gets a confidence (confidence.py). Beads the translator confirmed (`fixed`)
are kept exactly as they are, and the sentences between them are aligned again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from curator.align.anchors import KIND_WEIGHTS, AliasPair, AnchorExtractor
from curator.align.band import Band
from curator.align.beads import Bead, check_beads
from curator.align.confidence import BeadSignals, bead_confidence
from curator.align.evidence import bead_evidence, sentence_evidence, shared_anchors
from curator.align.gale_church import CLASSIC_SHAPES, PUBLISHED_PRIORS, length_cost, prior_cost
from curator.align.guide import guide_points
from curator.align.search import BeadCosts, Path, cheapest_path

Shape = tuple[int, int]

#: The published Gale–Church priors, plus larger shapes with small priors: one sentence
#: translated as three or four, or two as three, are common in edited translations.
DEFAULT_PRIORS: dict[Shape, float] = {
    **PUBLISHED_PRIORS,
    (1, 3): 0.004,
    (3, 1): 0.004,
    (2, 3): 0.001,
    (3, 2): 0.001,
    (1, 4): 0.0005,
    (4, 1): 0.0005,
}


#: How many characters of evidence the 1:1 prior on the length ratio is worth.
RATIO_PRIOR_CHARACTERS = 2000.0
#: The length ratio is measured on the guide's sentence pairs when it has this many.
MIN_GUIDE_PAIRS_FOR_RATIO = 5


@dataclass(frozen=True, slots=True)
class AlignerSettings:
    """How the aligner weighs its evidence; the defaults suit news and essays."""

    priors: dict[Shape, float] = field(default_factory=lambda: dict(DEFAULT_PRIORS))
    anchor_weight: float = 0.7
    kind_weights: dict[str, float] = field(default_factory=lambda: dict(KIND_WEIGHTS))
    #: Columns either side of the diagonal searched at first; doubled while needed.
    band_half_width: int = 40
    #: Target characters per source character; None estimates it from the two texts.
    length_ratio: float | None = None
    #: P(a sentence left out or added is followed by another): what a translation drops
    #: or adds comes in blocks. None prices every such sentence at its prior.
    run_continues: float | None = 0.5
    #: How much the Gale–Church length cost counts for a sentence left out or added.
    one_sided_length_weight: float = 0.25


#: Gale and Church's method as published: lengths only, six shapes, ratio 1.
LENGTH_ONLY = AlignerSettings(
    priors={shape: PUBLISHED_PRIORS[shape] for shape in CLASSIC_SHAPES},
    anchor_weight=0.0,
    length_ratio=1.0,
    run_continues=None,
    one_sided_length_weight=1.0,
)


def align(
    source: Sequence[str],
    target: Sequence[str],
    source_lang: str,
    target_lang: str,
    fixed: Sequence[Bead] = (),
    *,
    aliases: Sequence[AliasPair] = (),
    settings: AlignerSettings | None = None,
) -> list[Bead]:
    """Beads covering every sentence of both sides, in order.

    `aliases` pairs names the caller knows to be the same (an entity's name in each
    language). Beads in `fixed` come back unchanged (marked confirmed); raises
    ValueError when they overlap, cross each other or point outside the texts.
    """
    settings = settings or AlignerSettings()
    check_beads(fixed, len(source), len(target))
    source_extractor = AnchorExtractor(source_lang, [pair[0] for pair in aliases])
    target_extractor = AnchorExtractor(target_lang, [pair[1] for pair in aliases])
    texts = _Texts(
        source_lengths=np.array([len(text) for text in source], dtype=np.float64),
        target_lengths=np.array([len(text) for text in target], dtype=np.float64),
        source_anchors=[source_extractor.anchors(text) for text in source],
        target_anchors=[target_extractor.anchors(text) for text in target],
        settings=settings,
    )
    beads: list[Bead] = []
    for piece in _pieces_between(fixed, len(source), len(target)):
        if isinstance(piece, Bead):
            beads.append(_confirmed(piece))
        else:
            beads.extend(texts.align_span(piece))
    return beads


def _confirmed(bead: Bead) -> Bead:
    return Bead(bead.source, bead.target, bead.confidence, confirmed=True)


class _Texts:
    """The two texts, measured once (lengths and anchors of every sentence); aligns spans
    of them."""

    def __init__(
        self,
        source_lengths: NDArray[np.float64],
        target_lengths: NDArray[np.float64],
        source_anchors: list[frozenset[str]],
        target_anchors: list[frozenset[str]],
        settings: AlignerSettings,
    ) -> None:
        self.source_lengths = source_lengths
        self.target_lengths = target_lengths
        self.source_anchors = source_anchors
        self.target_anchors = target_anchors
        self.settings = settings
        self.shapes: list[Shape] = [s for s in settings.priors if s != (0, 0)]

    def align_span(self, span: _Span) -> list[Bead]:
        """Align the sentences of one span, keeping its fixed one-sided beads."""
        n, m = len(span.source), len(span.target)
        fixed = {(bead.source, bead.target): _confirmed(bead) for bead in span.one_sided}
        if n == 0 or m == 0:  # one side only: nothing else is possible
            beads = [Bead((i,), (), 1.0) for i in span.source]
            beads += [Bead((), (j,), 1.0) for j in span.target]
            return [fixed.get((bead.source, bead.target), bead) for bead in beads]
        search = _SpanSearch(self, span)
        half_width = self.settings.band_half_width
        guide = [(i + 1, j + 1) for i, j in search.guide]
        band = Band.around_points(n, m, guide, half_width)
        while True:
            path, touches_edge = search.cheapest_path(band)
            if not touches_edge or band.covers_everything:
                if not path:
                    raise ValueError("these settings allow no alignment of the two texts")
                beads = search.beads(band, path)
                return [fixed.get((bead.source, bead.target), bead) for bead in beads]
            # The best path ran along the band's edge: look again around it, wider.
            half_width *= 2
            if path:
                band = Band.around_path(n, m, [(i, j) for i, j, _ in path], half_width)
            else:
                band = Band.around_points(n, m, guide, half_width)


class _SpanSearch:
    """Prices the beads of one span of sentences and finds the cheapest path."""

    def __init__(self, texts: _Texts, span: _Span) -> None:
        self.texts = texts
        self.settings = texts.settings
        self.source = list(span.source)
        self.target = list(span.target)
        left_out = {i for bead in span.one_sided for i in bead.source}
        added = {j for bead in span.one_sided for j in bead.target}
        #: How many sentences the translator fixed as left out (added) before each position.
        self.left_out_before = _running_count([i in left_out for i in self.source])
        self.added_before = _running_count([j in added for j in self.target])
        self.source_lengths = texts.source_lengths[self.source]
        self.target_lengths = texts.target_lengths[self.target]
        self.source_cumulative = np.concatenate(([0.0], np.cumsum(self.source_lengths)))
        self.target_cumulative = np.concatenate(([0.0], np.cumsum(self.target_lengths)))
        self.anchors = shared_anchors(
            [texts.source_anchors[i] for i in self.source],
            [texts.target_anchors[j] for j in self.target],
            self.settings.kind_weights,
        )
        self.evidence: dict[Shape, NDArray[np.float64]] = {}
        self.guide = guide_points(self.anchors) if self.settings.anchor_weight else []
        self.ratio = self.settings.length_ratio or self._measured_ratio()

    def _measured_ratio(self) -> float:
        """Target characters per source character, drawn towards 1 for short texts.

        With enough guide pairs, the median of the ratios of the stretches between
        consecutive pairs: a block that one side adds (captions, a note) skews one
        stretch, not the estimate, as it would skew the texts' totals.
        """
        source_chars = float(self.source_lengths.sum())
        target_chars = float(self.target_lengths.sum())
        if len(self.guide) >= MIN_GUIDE_PAIRS_FOR_RATIO:
            rows = np.array([0] + [i + 1 for i, _ in self.guide] + [len(self.source)])
            columns = np.array([0] + [j + 1 for _, j in self.guide] + [len(self.target)])
            source = np.diff(self.source_cumulative[rows])
            target = np.diff(self.target_cumulative[columns])
            keep = source > 0
            if keep.any():
                target_chars = float(np.median(target[keep] / source[keep])) * source_chars
        return (target_chars + RATIO_PRIOR_CHARACTERS) / (source_chars + RATIO_PRIOR_CHARACTERS)

    def cheapest_path(self, band: Band) -> tuple[Path, bool]:
        return cheapest_path(self._costs(band))

    def _costs(self, band: Band) -> BeadCosts:
        two_sided_shapes = [shape for shape in self.texts.shapes if min(shape) >= 1]
        self.evidence = bead_evidence(self.anchors, band, two_sided_shapes)
        return BeadCosts(
            band=band,
            two_sided={shape: self._two_sided_costs(band, shape) for shape in two_sided_shapes},
            **self._one_sided_costs(),
        )

    def _two_sided_costs(self, band: Band, shape: Shape) -> NDArray[np.float64]:
        """Cost of the `shape` bead ending at each band cell (inf where impossible)."""
        a, b = shape
        rows = np.arange(band.rows)[:, None]
        columns = band.lo[:, None] + np.arange(band.width)[None, :]
        ok = (columns <= band.hi[:, None]) & (rows >= a) & (columns >= b)
        columns = np.minimum(columns, band.columns - 1)
        first_row, first_column = np.maximum(rows - a, 0), np.maximum(columns - b, 0)
        # a sentence the translator fixed as left out or added is in no two-sided bead
        ok &= self.left_out_before[rows] == self.left_out_before[first_row]
        ok &= self.added_before[columns] == self.added_before[first_column]
        source_chars = self.source_cumulative[rows] - self.source_cumulative[first_row]
        target_chars = self.target_cumulative[columns] - self.target_cumulative[first_column]
        cost = prior_cost(self.settings.priors[shape]) + length_cost(
            source_chars, target_chars, self.ratio
        )
        if self.settings.anchor_weight:
            cost -= self.settings.anchor_weight * self.evidence[shape]
        return np.where(ok, cost, np.inf)

    def _one_sided_costs(self) -> dict[str, NDArray[np.float64]]:
        """Open and extend costs of 1-0 beads by row and of 0-1 beads by column."""
        settings = self.settings
        costs: dict[str, NDArray[np.float64]] = {}
        for name, shape, lengths in (
            ("left_out", (1, 0), self.source_lengths),
            ("added", (0, 1), self.target_lengths),
        ):
            if shape not in settings.priors:
                costs[f"{name}_open"] = np.full(lengths.size + 1, np.inf)
                costs[f"{name}_extend"] = np.zeros(lengths.size + 1)
                continue
            source_side = shape == (1, 0)
            length = settings.one_sided_length_weight * length_cost(
                lengths if source_side else np.zeros_like(lengths),
                np.zeros_like(lengths) if source_side else lengths,
                self.ratio,
            )
            opened = prior_cost(settings.priors[shape])
            extended = (
                opened if settings.run_continues is None else prior_cost(settings.run_continues)
            )
            costs[f"{name}_open"] = np.concatenate(([np.inf], opened + length))
            costs[f"{name}_extend"] = np.concatenate(([np.inf], extended + length))
        return costs

    def signals(self, band: Band, path: Path) -> list[BeadSignals]:
        """What the search knows of each bead of a path, for its confidence."""
        source_weight, target_weight = sentence_evidence(self.anchors)
        result = []
        for i, j, (a, b) in path:
            source_chars = self.source_cumulative[i] - self.source_cumulative[i - a]
            target_chars = self.target_cumulative[j] - self.target_cumulative[j - b]
            length = float(length_cost(source_chars, target_chars, self.ratio))
            if a and b:
                evidence = float(self.evidence[(a, b)][i, j - band.lo[i]])
                figures = _figures(self.texts.source_anchors, self.source[i - a : i])
                figures ^= _figures(self.texts.target_anchors, self.target[j - b : j])
            else:
                evidence, figures = 0.0, set()
                length *= self.settings.one_sided_length_weight
            result.append(
                BeadSignals(
                    shape=(a, b),
                    length_cost=length,
                    evidence=evidence,
                    source_weight=float(source_weight[i - a : i].sum()),
                    target_weight=float(target_weight[j - b : j].sum()),
                    unmatched_figures=len(figures),
                )
            )
        return result

    def beads(self, band: Band, path: Path) -> list[Bead]:
        return [
            Bead(
                tuple(self.source[i - a : i]),
                tuple(self.target[j - b : j]),
                bead_confidence(signals),
            )
            for (i, j, (a, b)), signals in zip(path, self.signals(band, path), strict=True)
        ]


def _figures(anchors: list[frozenset[str]], sentences: list[int]) -> set[str]:
    return {key for index in sentences for key in anchors[index] if key.startswith("n:")}


def _running_count(flags: list[bool]) -> NDArray[np.int64]:
    return np.concatenate(([0], np.cumsum(flags, dtype=np.int64))).astype(np.int64)


@dataclass(frozen=True, slots=True)
class _Span:
    """Consecutive sentences of both sides to align, and the one-sided beads among them
    that the translator fixed (a sentence left out, or added)."""

    source: range
    target: range
    one_sided: tuple[Bead, ...] = ()


def _pieces_between(
    fixed: Sequence[Bead], source_count: int, target_count: int
) -> list[Bead | _Span]:
    """The fixed beads with both sides, in order, and the spans to align between them.

    Such a bead pins the alignment: nothing crosses it. A fixed bead with one empty side
    stays inside its span, where the search must leave its sentence alone.
    """
    both = sorted((bead for bead in fixed if bead.source and bead.target), key=lambda b: b.source)
    for earlier, later in pairwise(both):
        if later.target[0] < earlier.target[-1]:
            raise ValueError(f"fixed beads cross each other: {earlier} and {later}")
    one_sided = [bead for bead in fixed if not (bead.source and bead.target)]
    pieces: list[Bead | _Span] = []
    source_at, target_at = 0, 0
    for stop in [*both, None]:
        source = range(source_at, stop.source[0] if stop else source_count)
        target = range(target_at, stop.target[0] if stop else target_count)
        inside = tuple(
            bead
            for bead in one_sided
            if (bead.source and bead.source[0] in source)
            or (bead.target and bead.target[0] in target)
        )
        if source or target:
            pieces.append(_Span(source, target, inside))
        if stop is not None:
            pieces.append(stop)
            source_at, target_at = stop.source[-1] + 1, stop.target[-1] + 1
    return pieces
