"""How sure the aligner is of one bead, as a number in [0, 1].

A logistic model over what the search saw of the bead: how much of the anchors its
sentences could share they do share (coverage), how much anchor weight is left
unmatched, how many figures stand on one side only, how far its lengths are from the
usual ratio, and whether it is one-sided or merges sentences. The coefficients come
from a logistic regression on the Text+Berg development set (German–French; label:
the bead is exactly right), rounded, with coverage and one-sidedness weighted a little
more than the fit says so that sentences with nothing in common stand out. The editor
uses confidence to highlight beads worth a look, so what matters most is the order it
puts beads in (on that set: ROC AUC 0.79, Brier 0.075).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Shape = tuple[int, int]

_INTERCEPT = 3.2
_COVERAGE = 1.0
_UNMATCHED = -0.2
_LENGTH = -0.22
_ONE_SIDED = -0.5
_MERGED = -1.3
_UNMATCHED_FIGURE = -0.6
_MAX_UNMATCHED_FIGURES = 4


@dataclass(frozen=True, slots=True)
class BeadSignals:
    """What the search knows about one bead."""

    shape: Shape
    length_cost: float  # Gale–Church, nats
    evidence: float  # weight of the anchors found on both sides of the bead
    source_weight: float  # weight of the source sentences' anchors that the target text has
    target_weight: float  # and the other way round
    unmatched_figures: int = 0  # figures on one side of the bead only


def bead_confidence(signals: BeadSignals) -> float:
    """P(the bead is right), roughly; lower for beads whose sides share nothing."""
    held = signals.source_weight + signals.target_weight
    coverage = min(1.0, 2.0 * signals.evidence / held) if held > 0 else 0.0
    unmatched = max(0.0, held - 2.0 * signals.evidence)
    a, b = signals.shape
    score = (
        _INTERCEPT
        + _COVERAGE * coverage
        + _UNMATCHED * math.log1p(unmatched)
        + _LENGTH * signals.length_cost
        + (_ONE_SIDED if a == 0 or b == 0 else 0.0)
        + (_MERGED if max(a, b) > 1 else 0.0)
        + _UNMATCHED_FIGURE * min(signals.unmatched_figures, _MAX_UNMATCHED_FIGURES)
    )
    return round(1.0 / (1.0 + math.exp(-score)), 3)
