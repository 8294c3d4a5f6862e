"""The cheapest path of beads through a band of the alignment grid.

A bead ending at cell (i, j) moves the path there from (i - a, j - b). Two-sided beads
(a, b >= 1) are priced per cell. One-sided beads come in runs, because what a
translation leaves out or adds usually comes in blocks (captions, a boxed note, a
dateline): the first sentence of a run pays `open`, each further one `extend`
("affine gaps", as in sequence alignment).

One vectorised step per row: two-sided beads from earlier rows; a run of 1-0 beads
from the row above; then runs of 0-1 beads along the row, found for all columns at
once with a running minimum (D[j] = min over k < j of X[k] + run cost from k to j).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from curator.align.band import Band

Shape = tuple[int, int]
#: (row, column, shape) of the cell where each bead of a path ends.
Path = list[tuple[int, int, Shape]]

_LEFT_OUT = -2  # a 1-0 bead, in the code array
_NONE = -1


@dataclass(frozen=True, slots=True)
class BeadCosts:
    """What every bead in the band costs.

    `two_sided[shape]` is (band.rows, band.width), in band coordinates; `left_out_*` are
    indexed by the row a 1-0 bead ends at (its sentence is row - 1), `added_*` by the
    column a 0-1 bead ends at. Infinite costs forbid a bead.
    """

    band: Band
    two_sided: dict[Shape, NDArray[np.float64]]
    left_out_open: NDArray[np.float64]
    left_out_extend: NDArray[np.float64]
    added_open: NDArray[np.float64]
    added_extend: NDArray[np.float64]


def cheapest_path(costs: BeadCosts) -> tuple[Path, bool]:
    """The cheapest path from (0, 0) to (n, m), and whether it runs along an inner edge
    of the band (a wider band might then find a cheaper one). An empty path when none
    exists inside the band."""
    band = costs.band
    shapes = list(costs.two_sided)
    total = np.full((band.rows, band.width), np.inf)
    came_by = np.full((band.rows, band.width), _NONE, dtype=np.int8)
    run_from = np.full((band.rows, band.width), -1, dtype=np.int64)
    extends = np.zeros((band.rows, band.width), dtype=np.bool_)
    added_cumulative = np.concatenate(([0.0], np.cumsum(costs.added_extend[1:])))
    surcharge = np.append(costs.added_open[1:] - costs.added_extend[1:], np.inf)
    left_out_run = np.full(band.width, np.inf)  # best total ending with a 1-0 bead, by offset

    for i in range(band.rows):
        lo, count = int(band.lo[i]), int(band.hi[i] - band.lo[i]) + 1
        best = np.full(count, np.inf)
        best_by = np.full(count, _NONE, dtype=np.int8)
        if i == 0:
            best[0] = 0.0
        else:
            for index, shape in enumerate(shapes):
                _relax(band, total, costs.two_sided[shape], i, shape, index, best, best_by)
            left_out_run = _left_out_step(band, costs, total, left_out_run, i, extends)
            better = left_out_run[:count] < best
            best = np.where(better, left_out_run[:count], best)
            best_by = np.where(better, _LEFT_OUT, best_by)
        came_by[i, :count] = best_by
        # Runs of 0-1 beads along the row: from column k (no run) to column j > k.
        columns = np.arange(lo, lo + count)
        start_value = best + surcharge[columns] - added_cumulative[columns]
        running = np.minimum.accumulate(start_value)
        start = np.maximum.accumulate(np.where(start_value <= running, columns, -1))
        through_run = np.full(count, np.inf)
        through_run[1:] = added_cumulative[columns[1:]] + running[:-1]
        by_run = through_run < best
        total[i, :count] = np.where(by_run, through_run, best)
        run_from[i, 1:count] = np.where(by_run[1:], start[:-1], -1)
    return _trace(band, total, came_by, run_from, extends, shapes)


def _relax(
    band: Band,
    total: NDArray[np.float64],
    cost: NDArray[np.float64],
    i: int,
    shape: Shape,
    index: int,
    best: NDArray[np.float64],
    best_by: NDArray[np.int8],
) -> None:
    """Improve row i's best totals with beads of `shape` from earlier rows."""
    a, b = shape
    if a > i:
        return
    previous = i - a
    count = int(band.hi[i] - band.lo[i]) + 1
    shift = int(band.lo[i]) - b - int(band.lo[previous])  # previous offset = offset + shift
    previous_count = int(band.hi[previous] - band.lo[previous]) + 1
    k_from, k_to = max(0, -shift), min(count, previous_count - shift)
    if k_to <= k_from:
        return
    candidate = total[previous, k_from + shift : k_to + shift] + cost[i, k_from:k_to]
    better = candidate < best[k_from:k_to]
    best[k_from:k_to] = np.where(better, candidate, best[k_from:k_to])
    best_by[k_from:k_to] = np.where(better, index, best_by[k_from:k_to])


def _left_out_step(
    band: Band,
    costs: BeadCosts,
    total: NDArray[np.float64],
    previous_run: NDArray[np.float64],
    i: int,
    extends: NDArray[np.bool_],
) -> NDArray[np.float64]:
    """Best totals of row i ending with a 1-0 bead (same column, one row down)."""
    count = int(band.hi[i] - band.lo[i]) + 1
    shift = int(band.lo[i] - band.lo[i - 1])
    previous_count = int(band.hi[i - 1] - band.lo[i - 1]) + 1
    opened = np.full(band.width, np.inf)
    extended = np.full(band.width, np.inf)
    k_from, k_to = max(0, -shift), min(count, previous_count - shift)
    if k_to > k_from:
        opened[k_from:k_to] = total[i - 1, k_from + shift : k_to + shift] + costs.left_out_open[i]
        extended[k_from:k_to] = (
            previous_run[k_from + shift : k_to + shift] + (costs.left_out_extend[i])
        )
    extends[i] = extended < opened
    return np.minimum(opened, extended)


def _trace(
    band: Band,
    total: NDArray[np.float64],
    came_by: NDArray[np.int8],
    run_from: NDArray[np.int64],
    extends: NDArray[np.bool_],
    shapes: list[Shape],
) -> tuple[Path, bool]:
    i, j = band.rows - 1, band.columns - 1
    if not np.isfinite(total[i, j - band.lo[i]]):
        return [], True
    path: Path = []
    touches_edge = False
    state = "any"
    while i > 0 or j > 0:
        touches_edge = touches_edge or band.on_inner_edge(i, j)
        offset = j - int(band.lo[i])
        if state == "any" and run_from[i, offset] >= 0:
            start = int(run_from[i, offset])
            path.extend((i, column, (0, 1)) for column in range(j, start, -1))
            j, state = start, "bead"
            continue
        if state == "left out" or came_by[i, offset] == _LEFT_OUT:
            path.append((i, j, (1, 0)))
            state = "left out" if extends[i, offset] else "any"
            i -= 1
            continue
        a, b = shapes[int(came_by[i, offset])]
        path.append((i, j, (a, b)))
        i, j, state = i - a, j - b, "any"
    path.reverse()
    return path, touches_edge
