"""Deterministically damaged copies of a small library: a few bits flipped in its pages.

`flipped_copies(source, folder, count)` writes `count` variants, each with 1 to 4 bits
flipped at positions drawn by a seeded RNG, so every run damages the same bytes. Most
flips land in a page's first 40 bytes (its b-tree header and cell pointers), where
SQLite can notice them; a flip in stored text is invisible to any check. The 100-byte
file header is left alone: the open-time checks cover it separately.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

SEED = 20261203


PAGE_SIZE = 4096


def flip_bits(data: bytes, rng: random.Random) -> bytes:
    damaged = bytearray(data)
    for _flip in range(rng.randint(1, 4)):
        page = rng.randrange(len(damaged) // PAGE_SIZE)
        start = page * PAGE_SIZE + (100 if page == 0 else 0)
        end = start + 40 if rng.random() < 0.7 else (page + 1) * PAGE_SIZE
        damaged[rng.randrange(start, end)] ^= 1 << rng.randrange(8)
    return bytes(damaged)


def flipped_copies(source: Path, folder: Path, count: int) -> list[Path]:
    data = source.read_bytes()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"damaged-{index:02}.sqlite"
        path.write_bytes(flip_bits(data, random.Random(SEED + index)))
        paths.append(path)
    return paths


def damage_free_space(path: Path, table: str = "articles") -> None:
    """Point the first free block of `table`'s root page into its cells: reads still work,
    `PRAGMA integrity_check` reports the page, as it would after a bad sector."""
    with sqlite3.connect(path) as connection:
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
    connection.close()
    data = bytearray(path.read_bytes())
    header = (root - 1) * PAGE_SIZE + (100 if root == 1 else 0)
    data[header + 1 : header + 3] = (PAGE_SIZE - 8).to_bytes(2, "big")
    path.write_bytes(bytes(data))
