"""Per-article text work that runs on every import and every suggestion: how long it takes.

    .venv/bin/python benchmarks/bench_text_speed.py

Targets (checked here, never by timed asserts in tests): language detection and the
date/money/figure rules each under 5 ms for a 3,000-character article. The baseline
measured in the same run is a plain regular-expression scan over the same text (what
any reader of the text costs at the least).
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import generate_articles  # noqa: E402
from curator.text.language import detect_language  # noqa: E402
from curator.text.recognisers import recognise  # noqa: E402

TARGET_SECONDS = 0.005
WORD = re.compile(r"\w+")


def per_call(function: Callable[[str], object], texts: list[str], rounds: int = 5) -> list[float]:
    """Seconds per call, one figure a round (each round calls it once per text)."""
    figures = []
    for _ in range(rounds):
        started = time.perf_counter()
        for text in texts:
            function(text)
        figures.append((time.perf_counter() - started) / len(texts))
    return figures


def main() -> int:
    texts = []
    for article in generate_articles(200, seed=3):
        body = article.body
        while len(body) < 3000:
            body += "\n\n" + body
        texts.append(body[:3000])
    rows = [
        ("baseline: regex word scan", lambda t: WORD.findall(t), None),
        ("detect_language", detect_language, TARGET_SECONDS),
        ("recognise (rules, en)", lambda t: recognise(t, "en"), TARGET_SECONDS),
    ]
    failed = False
    print(f"{'3,000-character article':<28} {'min ms':>8} {'median ms':>10} {'max ms':>8}  target")
    for name, function, target in rows:
        figures = per_call(function, texts)
        best, median, worst = min(figures), statistics.median(figures), max(figures)
        verdict = "" if target is None else ("met" if median < target else "MISSED")
        failed |= verdict == "MISSED"
        target_text = "" if target is None else f"< {target * 1000:.0f} ms {verdict}"
        print(f"{name:<28} {best * 1000:8.2f} {median * 1000:10.2f} {worst * 1000:8.2f}  "
              f"{target_text}")  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
