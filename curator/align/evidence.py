"""How much anchor evidence each candidate bead in the band has.

For a bead covering source sentences i-a..i-1 and target sentences j-b..j-1, the
evidence is the summed weight of the anchors found on both of its sides, each anchor
counted once however many of the bead's sentences hold it (so that merging sentences
earns nothing by itself). An anchor's weight is its kind's weight times its rarity: a
year found in two sentences of a long text says more than a word prefix found in fifty.

Computed for every bead shape at once with numpy: each pair (source sentence, target
sentence) sharing an anchor credits the beads that contain both and no earlier holder
of the anchor on either side.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from curator.align.anchors import KIND_WEIGHTS
from curator.align.band import Band

Shape = tuple[int, int]


@dataclass(frozen=True, slots=True)
class SharedAnchors:
    """Anchors present on both sides of the texts, with their weights."""

    weight: NDArray[np.float64]  # by anchor id
    source: list[NDArray[np.int64]]  # anchor ids of each source sentence
    target: list[NDArray[np.int64]]


def shared_anchors(
    source: Sequence[frozenset[str]],
    target: Sequence[frozenset[str]],
    kind_weights: dict[str, float] = KIND_WEIGHTS,
) -> SharedAnchors:
    """Keep the anchors both texts hold, weighted by kind and rarity."""
    source_df: Counter[str] = Counter(key for keys in source for key in keys)
    target_df: Counter[str] = Counter(key for keys in target for key in keys)
    sentences = max(len(source) + len(target), 2)
    ids: dict[str, int] = {}
    weights: list[float] = []
    for key in sorted(source_df.keys() & target_df.keys()):
        kind_weight = kind_weights.get(key.partition(":")[0], 0.0)
        rarity = math.log(sentences / (source_df[key] + target_df[key]))
        if kind_weight > 0 and rarity > 0:
            ids[key] = len(weights)
            weights.append(kind_weight * rarity)

    def as_ids(keys: frozenset[str]) -> NDArray[np.int64]:
        return np.array(sorted(ids[key] for key in keys if key in ids), dtype=np.int64)

    return SharedAnchors(
        weight=np.array(weights, dtype=np.float64),
        source=[as_ids(keys) for keys in source],
        target=[as_ids(keys) for keys in target],
    )


def sentence_evidence(anchors: SharedAnchors) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The summed weight of each sentence's shared anchors, source side and target side."""
    return (
        np.array([anchors.weight[ids].sum() for ids in anchors.source], dtype=np.float64),
        np.array([anchors.weight[ids].sum() for ids in anchors.target], dtype=np.float64),
    )


def bead_evidence(
    anchors: SharedAnchors, band: Band, shapes: Sequence[Shape]
) -> dict[Shape, NDArray[np.float64]]:
    """For each shape (a, b) with a, b >= 1: the evidence of the bead ending at each band
    cell, as an array of (rows, band.width) in band coordinates."""
    result = {shape: np.zeros((band.rows, band.width)) for shape in shapes if min(shape) >= 1}
    if not result or anchors.weight.size == 0:
        return result
    max_a = max(a for a, _ in result)
    max_b = max(b for _, b in result)
    source_ids, source_pos, source_prev = _occurrences(anchors.source)
    target_ids, target_pos, target_prev = _occurrences(anchors.target)
    if source_ids.size == 0 or target_ids.size == 0:
        return result
    src, tgt = _pairs_near_band(source_ids, source_pos, target_ids, target_pos, band, max_a, max_b)
    if src.size == 0:
        return result
    weight = anchors.weight[source_ids[src]]
    s, s_prev = source_pos[src], source_prev[src]
    t, t_prev = target_pos[tgt], target_prev[tgt]
    n, m = band.rows - 1, band.columns - 1
    for (a, b), evidence in result.items():
        flat = evidence.reshape(-1)
        for da in range(a):
            row = s + 1 + da
            row_ok = (row > s_prev + a) & (row <= n)
            for db in range(b):
                column = t + 1 + db
                ok = row_ok & (column > t_prev + b) & (column <= m)
                r, c = row[ok], column[ok]
                inside = band.inside(r, c)
                r, c = r[inside], c[inside]
                index = r * band.width + band.offsets(r, c)
                flat += np.bincount(index, weights=weight[ok][inside], minlength=flat.size)
    return result


def _occurrences(
    sentences: list[NDArray[np.int64]],
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """(anchor id, sentence, previous sentence holding the anchor or a large negative),
    sorted by anchor id then sentence."""
    lengths = [ids.size for ids in sentences]
    if not sum(lengths):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    ids = np.concatenate(sentences)
    positions = np.repeat(np.arange(len(sentences), dtype=np.int64), lengths)
    order = np.lexsort((positions, ids))
    ids, positions = ids[order], positions[order]
    previous = np.full(ids.size, -(10**9), dtype=np.int64)
    same = ids[1:] == ids[:-1]
    previous[1:][same] = positions[:-1][same]
    return ids, positions, previous


def _pairs_near_band(
    source_ids: NDArray[np.int64],
    source_pos: NDArray[np.int64],
    target_ids: NDArray[np.int64],
    target_pos: NDArray[np.int64],
    band: Band,
    max_a: int,
    max_b: int,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Indices (into the source and target occurrences) of the pairs sharing an anchor
    whose sentences are close enough to meet in a bead inside the band."""
    n, m = band.rows - 1, band.columns - 1
    stride = m + 2
    target_keys = target_ids * stride + target_pos  # sorted: by id, then position
    first_row = np.minimum(source_pos + 1, n)
    last_row = np.minimum(source_pos + max_a, n)
    low = np.maximum(band.lo[first_row] - max_b, 0)
    high = np.minimum(band.hi[last_row], m)
    start = np.searchsorted(target_keys, source_ids * stride + low, side="left")
    stop = np.searchsorted(target_keys, source_ids * stride + high, side="right")
    counts = np.maximum(stop - start, 0)
    total = int(counts.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    src = np.repeat(np.arange(source_ids.size, dtype=np.int64), counts)
    begins = np.repeat(start - np.cumsum(counts) + counts, counts)
    tgt = begins + np.arange(total, dtype=np.int64)
    return src, tgt
