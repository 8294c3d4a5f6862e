"""Near-duplicate articles: the same story imported twice with small differences.

Exact copies are refused at import (content hash); this finds the rest. A body becomes
its set of word 4-grams ("shingles", lower case, numbers kept), and two bodies are
near-duplicates when the Jaccard similarity of their shingle sets is at least
NEAR_DUPLICATE_SIMILARITY.

To stay fast on a large library, each body is summarised once by a 64-value MinHash
signature (bodies never change, so signatures are stored). Candidates come from
locality-sensitive hashing (16 bands of 4 values: pairs above about 0.5 similarity
almost always share a band, unrelated pairs almost never do), are screened by the
signatures' estimate, and only then compared exactly on their texts. For one new
article, its signature is compared with every stored one in a single vectorised step.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np

from curator.checks.finding import CheckInfo, Finding, finding_at
from curator.i18n import N_, _

NEAR_DUPLICATE = CheckInfo(
    "near-duplicate", N_("Articles that nearly duplicate another article in the library"), "warning"
)
CHECKS = (NEAR_DUPLICATE,)

#: Jaccard similarity of word 4-gram sets from which two articles are near-duplicates.
NEAR_DUPLICATE_SIMILARITY = 0.6
#: Signature agreement below which a candidate is not worth an exact comparison.
SCREEN_SIMILARITY = 0.45
SHINGLE_WORDS = 4
PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
#: A bucket bigger than this (many copies of one text) pairs each member with its
#: predecessors only up to this many, so a flood of copies stays linear.
BUCKET_PAIRS = 16
MOST_REPORTED = 3
SIGNATURE_DTYPE = np.dtype("<u4")

_WORD = re.compile(r"\w+")
_MERSENNE = np.uint64((1 << 61) - 1)
_LOW_32 = np.uint64(0xFFFFFFFF)
_generator = np.random.default_rng(20250601)  # fixed: stored signatures must stay comparable
_A = _generator.integers(1, 1 << 31, size=PERMUTATIONS, dtype=np.uint64)
_B = _generator.integers(0, 1 << 32, size=PERMUTATIONS, dtype=np.uint64)
_SHINGLE_MULTIPLIERS = _generator.integers(1, 1 << 63, size=SHINGLE_WORDS, dtype=np.uint64) | 1
_BAND_MULTIPLIERS = _generator.integers(1, 1 << 63, size=ROWS, dtype=np.uint64) | 1
_EMPTY = np.full(PERMUTATIONS, 0xFFFFFFFF, dtype=SIGNATURE_DTYPE)


def _words(body: str) -> list[str]:
    return _WORD.findall(body.casefold())


def _shingle_hashes(body: str) -> np.ndarray:
    """One 32-bit hash per distinct word 4-gram (a shorter body is one shingle)."""
    words = _words(body)
    if not words:
        return np.zeros(0, dtype=np.uint64)
    word_hashes = np.fromiter(
        (zlib.crc32(word.encode("utf-8")) for word in words), dtype=np.uint64, count=len(words)
    )
    width = min(SHINGLE_WORDS, len(words))
    count = len(words) - width + 1
    with np.errstate(over="ignore"):
        combined = np.zeros(count, dtype=np.uint64)
        for offset in range(width):
            combined += word_hashes[offset : offset + count] * _SHINGLE_MULTIPLIERS[offset]
    return np.unique(combined >> np.uint64(32))


def signature(body: str) -> bytes:
    """The MinHash signature of a body, as stored (64 little-endian 32-bit values)."""
    hashes = _shingle_hashes(body)
    if not len(hashes):
        return _EMPTY.tobytes()
    permuted = (np.outer(_A, hashes) + _B[:, None]) % _MERSENNE & _LOW_32
    return permuted.min(axis=1).astype(SIGNATURE_DTYPE).tobytes()


def signature_matrix(signatures: Sequence[bytes]) -> np.ndarray:
    """Stored signatures as one (n, 64) array."""
    if not signatures:
        return np.zeros((0, PERMUTATIONS), dtype=SIGNATURE_DTYPE)
    return np.frombuffer(b"".join(signatures), dtype=SIGNATURE_DTYPE).reshape(-1, PERMUTATIONS)


def estimated_similarities(one: bytes, matrix: np.ndarray) -> np.ndarray:
    """The signatures' estimate of the similarity of one body to each row of `matrix`."""
    mine = np.frombuffer(one, dtype=SIGNATURE_DTYPE)
    if not len(matrix):
        return np.zeros(0)
    estimate = (matrix == mine).mean(axis=1)
    if np.array_equal(mine, _EMPTY):
        estimate[:] = 0.0  # an empty body resembles nothing
    return estimate


def candidate_pairs(ids: Sequence[int], matrix: np.ndarray) -> set[tuple[int, int]]:
    """(earlier id, later id) pairs that share a band and whose estimate passes the screen."""
    ids_array = np.asarray(ids, dtype=np.int64)
    empty = (matrix == _EMPTY).all(axis=1) if len(matrix) else np.zeros(0, dtype=bool)
    wide = matrix.astype(np.uint64)
    pairs: set[tuple[int, int]] = set()
    for band in range(BANDS):
        rows = wide[:, band * ROWS : (band + 1) * ROWS]
        with np.errstate(over="ignore"):
            keys = (rows * _BAND_MULTIPLIERS).sum(axis=1, dtype=np.uint64)
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        shared = np.flatnonzero(sorted_keys[1:] == sorted_keys[:-1])
        if not len(shared):
            continue
        # Buckets of two or more: runs of equal keys, walked only where they exist.
        starts = shared[np.r_[True, np.diff(shared) > 1]]
        for start in starts.tolist():
            end = start + 1
            while end < len(sorted_keys) and sorted_keys[end] == sorted_keys[start]:
                end += 1
            members = sorted(int(row) for row in order[start:end] if not empty[row])
            pairs.update(_bucket_pairs(members))
    if not pairs:
        return set()
    rows = np.array(sorted(pairs), dtype=np.int64)
    agreement = (matrix[rows[:, 0]] == matrix[rows[:, 1]]).mean(axis=1)
    kept = ids_array[rows[agreement >= SCREEN_SIMILARITY]]
    return {(int(min(a, b)), int(max(a, b))) for a, b in kept.tolist()}


def _bucket_pairs(rows: Sequence[int]) -> Iterable[tuple[int, int]]:
    for position, row in enumerate(rows):
        for earlier in rows[max(0, position - BUCKET_PAIRS) : position]:
            yield earlier, row


def similarity(first: str, second: str) -> float:
    """The exact Jaccard similarity of two bodies' word 4-gram sets."""
    a, b = set(_shingle_hashes(first).tolist()), set(_shingle_hashes(second).tolist())
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def near_duplicate_finding(
    body: str, other_id: int, other_title: str, shared: float
) -> Finding | None:
    """The finding on `body` (the later article) that it nearly duplicates `other_id`."""
    stripped = body.lstrip()
    if not stripped:
        return None
    start = len(body) - len(stripped)
    line_end = body.find("\n", start)
    end = min(line_end if line_end >= 0 else len(body), start + 160)
    end = start + len(body[start:end].rstrip())
    message = _(
        "This article nearly duplicates article #{id} “{title}” ({percent}% of their wording"
        " is the same): keep one of them, or dismiss this if both are needed"
    ).format(id=other_id, title=other_title, percent=int(shared * 100))
    return replace(finding_at(NEAR_DUPLICATE, body, start, end, message), key=f"article:{other_id}")
