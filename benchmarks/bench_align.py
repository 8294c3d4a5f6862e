"""Alignment benchmark: bead precision/recall/F1 on a gold-aligned bitext, and speed.

    python benchmarks/bench_align.py PATH/TO/textberg-dev

The folder holds dev.de and dev.fr (one sentence per line) and dev.defr, the gold
beads, one per line, as "[i, j]:[k]" (0-based indices; "[]:[k]" is an insertion). Both
sides are aligned as `curator align --one-per-line` would (languages de and fr), by our
aligner and by the length-only Gale–Church baseline, in the same run. Scores follow
Sennrich & Volk (2011) as vecalign computes them: strict counts exact bead matches, lax
a bead that overlaps a gold bead on both sides; beads empty on one side count for
precision only. Then a deterministic synthetic pair of 2,000 x 2,000 sentences is timed.
The data is read from the given folder and never copied.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from curator.align.aligner import LENGTH_ONLY, AlignerSettings, align  # noqa: E402
from curator.align.beads import Bead  # noqa: E402

BeadKey = tuple[tuple[int, ...], tuple[int, ...]]
_GOLD_LINE = re.compile(r"\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]")


@dataclass(frozen=True)
class Scores:
    strict_precision: float
    strict_recall: float
    lax_precision: float
    lax_recall: float

    @property
    def strict_f1(self) -> float:
        return _f1(self.strict_precision, self.strict_recall)

    @property
    def lax_f1(self) -> float:
        return _f1(self.lax_precision, self.lax_recall)


def read_gold(path: Path) -> list[BeadKey]:
    beads = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        match = _GOLD_LINE.fullmatch(line.strip())
        if match is None:
            raise SystemExit(f"{path}, line {number}: not a bead: {line!r}")
        beads.append((_indices(match.group(1)), _indices(match.group(2))))
    return beads


def read_lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return text.removesuffix("\n").split("\n")


def score(gold: Sequence[BeadKey], test: Sequence[BeadKey]) -> Scores:
    """Strict and lax precision and recall, as in vecalign's score.py."""
    tp_strict, fp_strict, tp_lax, fp_lax = _precision_counts(gold, test)
    gold_both = [bead for bead in gold if bead[0] and bead[1]]
    test_both = [bead for bead in test if bead[0] and bead[1]]
    rtp_strict, rfp_strict, rtp_lax, rfp_lax = _precision_counts(test_both, gold_both)
    return Scores(
        strict_precision=_ratio(tp_strict, tp_strict + fp_strict),
        strict_recall=_ratio(rtp_strict, rtp_strict + rfp_strict),
        lax_precision=_ratio(tp_lax, tp_lax + fp_lax),
        lax_recall=_ratio(rtp_lax, rtp_lax + rfp_lax),
    )


def _precision_counts(
    gold: Sequence[BeadKey], test: Sequence[BeadKey]
) -> tuple[int, int, int, int]:
    gold_set = {bead for bead in gold if bead[0] or bead[1]}
    targets_of_source: dict[int, set[int]] = defaultdict(set)
    for source, target in gold_set:
        for index in source:
            targets_of_source[index].update(target)
    tp_strict = fp_strict = tp_lax = fp_lax = 0
    for bead in {bead for bead in test if bead[0] or bead[1]}:
        if bead in gold_set:
            tp_strict += 1
            tp_lax += 1
            continue
        fp_strict += 1
        reachable = set().union(*(targets_of_source[index] for index in bead[0]))
        if reachable.intersection(bead[1]):
            tp_lax += 1
        else:
            fp_lax += 1
    return tp_strict, fp_strict, tp_lax, fp_lax


def synthetic_pair(size: int, seed: int = 5) -> tuple[list[str], list[str], list[BeadKey]]:
    """Two texts of `size` sentences each, made up deterministically, with their beads.

    The target is a word-for-word "translation" through an invented dictionary, so only
    lengths, figures and names tie the two together; about one bead in twelve is a
    merge, a split or a sentence left out.
    """
    rng = random.Random(seed)
    vocabulary = [
        "".join(rng.choice("aeioulmnrstvpdc") for _ in range(rng.randint(2, 9)))
        for _ in range(3000)
    ]
    dictionary = {
        word: "".join(rng.choice("aeiouyhklmnrstwbg") for _ in range(len(word) + 1))
        for word in vocabulary
    }
    names = ["Trieste", "Lakeshore", "Brightwater", "Corvex", "Northwind", "Okafor", "Neri"]

    def sentence() -> tuple[str, str]:
        words = rng.choices(vocabulary, k=rng.randint(6, 30))
        source = [word for word in words]
        target = [dictionary[word] for word in words]
        if rng.random() < 0.5:
            figure = str(rng.randint(2, 5000))
            place = rng.randrange(len(source))
            source.insert(place, figure)
            target.insert(min(len(target), place + rng.randint(0, 2)), figure)
        if rng.random() < 0.3:
            name = rng.choice(names)
            source.insert(0, name)
            target.insert(rng.randint(0, 2), name)
        return " ".join(source).capitalize() + ".", " ".join(target).capitalize() + "."

    source: list[str] = []
    target: list[str] = []
    gold: list[BeadKey] = []
    while len(source) < size or len(target) < size:
        roll = rng.random()
        if len(source) >= size:
            shape = (0, 1)
        elif len(target) >= size:
            shape = (1, 0)
        elif roll < 0.92:
            shape = (1, 1)
        else:
            shape = (2, 1) if roll < 0.95 else (1, 2) if roll < 0.98 else (1, 0)
        pairs = [sentence() for _ in range(max(shape))]
        src = [s for s, _ in pairs] if shape[0] else []
        tgt = [t for _, t in pairs] if shape[1] else []
        if shape == (2, 1):
            tgt = [" ".join(tgt)]
        if shape == (1, 2):
            src = [" ".join(s for s, _ in pairs)]
        if len(source) + len(src) > size or len(target) + len(tgt) > size:
            src, tgt = src[: size - len(source)], tgt[: size - len(target)]
        if not src and not tgt:
            break
        gold.append(
            (
                tuple(range(len(source), len(source) + len(src))),
                tuple(range(len(target), len(target) + len(tgt))),
            )
        )
        source.extend(src)
        target.extend(tgt)
    return source, target, gold


def timed(run: Callable[[], list[Bead]]) -> tuple[list[Bead], float]:
    started = time.perf_counter()
    beads = run()
    return beads, time.perf_counter() - started


def keys(beads: Sequence[Bead]) -> list[BeadKey]:
    return [(bead.source, bead.target) for bead in beads]


def report_row(name: str, scores: Scores, seconds: float) -> str:
    return (
        f"{name:<26} {scores.strict_precision:6.3f} {scores.strict_recall:6.3f} "
        f"{scores.strict_f1:6.3f}   {scores.lax_precision:6.3f} {scores.lax_recall:6.3f} "
        f"{scores.lax_f1:6.3f}   {seconds:6.2f} s"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="folder with dev.de, dev.fr and dev.defr")
    parser.add_argument("--size", type=int, default=2000, help="synthetic pair size")
    args = parser.parse_args(argv)

    source = read_lines(args.folder / "dev.de")
    target = read_lines(args.folder / "dev.fr")
    gold = read_gold(args.folder / "dev.defr")
    print(
        f"Text+Berg dev: {len(source)} German x {len(target)} French sentences, "
        f"{len(gold)} gold beads"
    )
    print(
        f"{'':<26} {'strict P':>6} {'R':>6} {'F1':>6}   {'lax P':>6} {'R':>6} {'F1':>6}"
        f"   {'time':>8}"
    )
    runs: list[tuple[str, AlignerSettings | None]] = [
        ("Curator (lengths+anchors)", None),
        ("Gale–Church, length only", LENGTH_ONLY),
    ]
    for name, settings in runs:
        beads, seconds = timed(lambda s=settings: align(source, target, "de", "fr", settings=s))
        print(report_row(name, score(gold, keys(beads)), seconds))

    source, target, gold = synthetic_pair(args.size)
    align(source[:50], target[:50], "it", "en")  # warm up imports and caches
    beads, seconds = timed(lambda: align(source, target, "it", "en"))
    print(
        f"\nSynthetic {len(source)} x {len(target)} sentences: aligned in {seconds:.2f} s "
        f"(strict F1 {score(gold, keys(beads)).strict_f1:.3f})"
    )
    return 0


def _indices(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.replace(",", " ").split())


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


if __name__ == "__main__":
    sys.exit(main())
