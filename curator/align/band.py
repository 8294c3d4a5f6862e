"""The band of the alignment grid that the search looks at.

Cell (i, j) of the grid stands for "the first i source sentences are aligned with the
first j target sentences". A translation stays near the diagonal, so row i only keeps
the columns lo[i]..hi[i] around i * m / n; the search costs n times the band's width
instead of n times m. Rows are stored left-aligned: column j of row i is at offset
j - lo[i].
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True, slots=True)
class Band:
    rows: int  # n + 1
    columns: int  # m + 1
    lo: NDArray[np.int64]  # first column of each row
    hi: NDArray[np.int64]  # last column of each row (inclusive)
    width: int  # the widest row

    @classmethod
    def around_diagonal(cls, n: int, m: int, half_width: int) -> Band:
        """Rows 0..n, each covering half_width columns either side of i * m / n."""
        return cls.around_points(n, m, [], half_width)

    @classmethod
    def around_points(cls, n: int, m: int, points: list[tuple[int, int]], half_width: int) -> Band:
        """Rows 0..n around a path through `points` (cells increasing on both sides).

        Between two points the path may run at the texts' overall slope and spend the
        difference in one block of 1-0 or 0-1 beads anywhere along the way, so each row
        covers every column such a path can reach there, plus half_width either side.
        """
        slope = m / n if n else float(m)
        margin = half_width + math.ceil(slope)
        lo = np.full(n + 1, m, dtype=np.int64)
        hi = np.zeros(n + 1, dtype=np.int64)
        corners = [(0, 0), *points, (n, m)]
        for (i1, j1), (i2, j2) in pairwise(corners):
            rows = np.arange(i1, i2 + 1)
            from_start = j1 + slope * (rows - i1)  # diagonal, then the block
            to_end = j2 - slope * (i2 - rows)  # the block, then diagonal
            low = np.clip(np.minimum(from_start, to_end), j1, j2)
            high = np.clip(np.maximum(from_start, to_end), j1, j2)
            lo[i1 : i2 + 1] = np.minimum(lo[i1 : i2 + 1], np.floor(low).astype(np.int64))
            hi[i1 : i2 + 1] = np.maximum(hi[i1 : i2 + 1], np.ceil(high).astype(np.int64))
        lo = np.clip(lo - margin, 0, m)
        hi = np.clip(hi + margin, 0, m)
        lo[0], hi[n] = 0, m
        return cls(n + 1, m + 1, lo, hi, int((hi - lo).max()) + 1)

    @classmethod
    def around_path(cls, n: int, m: int, cells: list[tuple[int, int]], half_width: int) -> Band:
        """Rows 0..n, each covering half_width columns either side of where a path
        (a list of (row, column) cells, from (0, 0) to (n, m)) crosses it."""
        first = np.full(n + 1, -1, dtype=np.int64)
        last = np.full(n + 1, -1, dtype=np.int64)
        for row, column in sorted([(0, 0), *cells]):
            if first[row] < 0:
                first[row] = column
            last[row] = column
        # A bead over several rows skips some: they lie between its two ends.
        for row in range(1, n + 1):
            if first[row] < 0:
                first[row] = last[row - 1]
        for row in range(n - 1, -1, -1):
            if last[row] < first[row]:
                last[row] = max(first[row], min(first[row + 1], m))
        lo = np.clip(first - half_width, 0, m)
        hi = np.clip(last + half_width, 0, m)
        lo[0], hi[n] = 0, m
        return cls(n + 1, m + 1, lo, hi, int((hi - lo).max()) + 1)

    @property
    def covers_everything(self) -> bool:
        return bool((self.lo == 0).all() and (self.hi == self.columns - 1).all())

    def offsets(self, row: NDArray[np.int64], column: NDArray[np.int64]) -> NDArray[np.int64]:
        """Offsets of columns within their rows (negative or too large when outside)."""
        return column - self.lo[row]

    def inside(self, row: NDArray[np.int64], column: NDArray[np.int64]) -> NDArray[np.bool_]:
        return (column >= self.lo[row]) & (column <= self.hi[row])

    def on_inner_edge(self, row: int, column: int) -> bool:
        """True when a cell lies on the band's edge where the grid goes on beyond it."""
        return (column == self.lo[row] and column > 0) or (
            column == self.hi[row] and column < self.columns - 1
        )
