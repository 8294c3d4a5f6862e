"""A rough guide for the search: sentence pairs that surely belong together.

An anchor found in exactly one sentence on each side (a figure, a name, a rare word)
pairs those two sentences. The heaviest chain of such pairs that never crosses itself
(increasing on both sides) is where the alignment goes, give or take a few sentences;
the search band follows it. So a block the translation leaves out or adds (a page of
captions, a boxed note) bends the band instead of forcing it ever wider.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from curator.align.evidence import SharedAnchors


def guide_points(anchors: SharedAnchors) -> list[tuple[int, int]]:
    """(source sentence, target sentence) pairs, increasing on both sides."""
    source_holders: dict[int, list[int]] = defaultdict(list)
    target_holders: dict[int, list[int]] = defaultdict(list)
    for index, ids in enumerate(anchors.source):
        for anchor in ids.tolist():
            source_holders[anchor].append(index)
    for index, ids in enumerate(anchors.target):
        for anchor in ids.tolist():
            target_holders[anchor].append(index)
    pair_weight: dict[tuple[int, int], float] = defaultdict(float)
    for anchor, sources in source_holders.items():
        targets = target_holders.get(anchor, [])
        if len(sources) == 1 and len(targets) == 1:
            pair_weight[(sources[0], targets[0])] += float(anchors.weight[anchor])
    return _heaviest_chain(pair_weight)


def _heaviest_chain(pair_weight: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    """The heaviest set of pairs increasing strictly on both sides (weighted LIS)."""
    pairs = sorted(pair_weight)
    if not pairs:
        return []
    columns = sorted({t for _, t in pairs})
    rank = {t: r + 1 for r, t in enumerate(columns)}
    tree_value = [0.0] * (len(columns) + 1)  # Fenwick tree of (best chain weight, its end)
    tree_end = [-1] * (len(columns) + 1)
    best_weight = np.zeros(len(pairs))
    previous = np.full(len(pairs), -1, dtype=np.int64)
    index = 0
    while index < len(pairs):
        # pairs with the same source sentence must not chain with each other
        group_end = index
        while group_end < len(pairs) and pairs[group_end][0] == pairs[index][0]:
            group_end += 1
        for k in range(index, group_end):
            weight, end = _prefix_best(tree_value, tree_end, rank[pairs[k][1]] - 1)
            best_weight[k] = weight + pair_weight[pairs[k]]
            previous[k] = end
        for k in range(index, group_end):
            _raise(tree_value, tree_end, rank[pairs[k][1]], float(best_weight[k]), k)
        index = group_end
    chain = []
    at = int(best_weight.argmax())
    while at >= 0:
        chain.append(pairs[at])
        at = int(previous[at])
    chain.reverse()
    return chain


def _prefix_best(value: list[float], end: list[int], position: int) -> tuple[float, int]:
    best, best_end = 0.0, -1
    while position > 0:
        if value[position] > best:
            best, best_end = value[position], end[position]
        position -= position & -position
    return best, best_end


def _raise(value: list[float], end: list[int], position: int, weight: float, at: int) -> None:
    while position < len(value):
        if weight > value[position]:
            value[position], end[position] = weight, at
        position += position & -position
