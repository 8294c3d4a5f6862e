"""The Gale–Church length model: how likely two spans are translations, from lengths alone.

W. A. Gale and K. W. Church, "A Program for Aligning Sentences in Bilingual Corpora",
Computational Linguistics 19(1), 1993. A translation's length in characters is about
`ratio` times its source's, with a variance proportional to the length; the cost of a
bead is -log P(its shape) - log P(|delta| this large), in nats.

Costs come as numpy arrays so that the aligner can price a whole band of candidate
beads at once.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

Shape = tuple[int, int]

#: P(bead shape) as published (Gale & Church 1993, table 5). The paper gives one figure
#: for "1-0 or 0-1" and one for "2-1 or 1-2"; each direction gets half.
PUBLISHED_PRIORS: dict[Shape, float] = {
    (1, 1): 0.89,
    (1, 0): 0.0099 / 2,
    (0, 1): 0.0099 / 2,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
    (2, 2): 0.011,
}
CLASSIC_SHAPES: tuple[Shape, ...] = tuple(PUBLISHED_PRIORS)

#: Variance of the target length per source character (the paper's s^2).
VARIANCE = 6.8
#: Cost given to a length difference so large its probability underflows.
MAX_LENGTH_COST = 50.0


def prior_cost(probability: float) -> float:
    """-log P(shape)."""
    return -math.log(probability)


def length_cost(
    source_chars: ArrayLike, target_chars: ArrayLike, ratio: float = 1.0, variance: float = VARIANCE
) -> NDArray[np.float64]:
    """-log P(delta) for spans of these lengths (element-wise); 0 for two empty spans.

    delta = (target - ratio * source) / sqrt(variance * mean), where mean is the average
    of the source length and the target length measured in source characters, and
    P(delta) = 2 * (1 - Phi(|delta|)), the two-sided tail of the standard normal.
    """
    source = np.asarray(source_chars, dtype=np.float64)
    target = np.asarray(target_chars, dtype=np.float64)
    mean = (source + target / ratio) / 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.abs(target - ratio * source) / np.sqrt(variance * mean)
    delta = np.where(mean > 0, delta, 0.0)
    # 2 * (1 - Phi(z)) = erfc(z / sqrt(2))
    cost = -log_erfc(delta / math.sqrt(2.0))
    return np.clip(cost, 0.0, MAX_LENGTH_COST)


def log_erfc(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """log(erfc(x)) for x >= 0, accurate to about 1e-7 relative, even far in the tail.

    The Chebyshev fit of Numerical Recipes (erfcc), kept in log form so that large x
    do not underflow.
    """
    t = 1.0 / (1.0 + 0.5 * x)
    poly = np.zeros_like(t)
    for coefficient in reversed(_ERFCC_COEFFICIENTS):
        poly = coefficient + t * poly
    return np.log(t) - x * x + poly


_ERFCC_COEFFICIENTS = (
    -1.26551223,
    1.00002368,
    0.37409196,
    0.09678418,
    -0.18628806,
    0.27886807,
    -1.13520398,
    1.48851587,
    -0.82215223,
    0.17087277,
)
