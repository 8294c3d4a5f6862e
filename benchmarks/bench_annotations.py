"""Annotation benchmark: a long, densely annotated article in the window, and suggestions.

    python benchmarks/bench_annotations.py [--chars 50000] [--annotations 2000]

Builds a deterministic article of about 50,000 characters holding 2,000 annotations
and 500 curated entities (two aliases each), then measures, offscreen:
- opening it in the window (text, record, highlights, the annotations list), beside
  opening the same article with no annotations (the baseline, in the same run);
- scrolling: painting the text page by page from top to bottom;
- suggestions for the article (gazetteer of 1,000 aliases + rules).
Targets (issue 3): open < 100 ms, suggestions < 200 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import generate_articles  # noqa: E402
from curator import annotations, entities, suggestions  # noqa: E402
from curator.formats.base import ParsedArticle  # noqa: E402
from curator.importer import import_parsed  # noqa: E402
from db.library import Library  # noqa: E402
from db.models import Annotation  # noqa: E402

TYPES = ("PERSON", "ORG", "EVENT", "LOCATION", "DATE", "MONEY", "FIGURE", "ROLE", "DOCUMENT")


def long_body(chars: int) -> str:
    parts, size = [], 0
    for article in generate_articles(1000, seed=77):
        parts.append(article.body)
        size += len(article.body)
        if size >= chars:
            break
    return "\n\n".join(parts)[:chars]


def build(library: Library, chars: int, count: int) -> tuple[int, int]:
    """(annotated article id, plain article id)."""
    body = long_body(chars)
    report = import_parsed(
        library,
        [
            ParsedArticle("Annotated", body, "annotated", "en"),
            ParsedArticle("Plain", body + "\n", "plain", "en"),
        ],
    )
    annotated, plain = (item.id for item in report.imported)
    words = [(m.start(), m.end()) for m in __import__("re").finditer(r"\w+", body)]
    rng = random.Random(5)
    chosen = sorted(rng.sample(range(len(words) - 3), count))
    with library.session() as session:
        session.add_all(
            Annotation(
                article_id=annotated,
                type=rng.choice(TYPES),
                start=words[i][0],
                end=words[i + rng.randint(0, 2)][1],
                quote=body[words[i][0] : words[i][1]],
                status="pending" if i % 10 == 0 else "accepted",
            )
            for i in chosen
        )
    names = sorted({body[s:e] for s, e in words if e - s > 6})[:500]
    for name in names:
        entities.create_entity(library, "ORG", name, aliases=[(name.upper(), "it")])
    return annotated, plain


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.1f} ms (max {max(samples) * 1000:.1f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=50_000)
    parser.add_argument("--annotations", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from ui.app import create_application
    from ui.main_window import MainWindow
    from ui.settings import Settings

    folder = Path(tempfile.mkdtemp(prefix="curator-bench-ann-"))
    library = Library.open(folder / "library.sqlite")
    annotated, plain = build(library, args.chars, args.annotations)
    stored = len(annotations.list_annotations(library, annotated))
    app = create_application([])
    window = MainWindow(library, Settings(folder / "settings.ini"))
    window.resize(1400, 900)
    window.show()
    app.processEvents()

    def open_article(article_id: int) -> float:
        window.show_article(None)
        app.processEvents()
        start = time.perf_counter()
        window.show_article(article_id)
        window.source_pane.text.viewport().repaint()
        return time.perf_counter() - start

    opened = [open_article(annotated) for _ in range(args.runs)]
    baseline = [open_article(plain) for _ in range(args.runs)]

    open_article(annotated)
    text = window.source_pane.text
    bar = text.verticalScrollBar()
    pages, start = 0, time.perf_counter()
    bar.setValue(0)
    while True:
        text.viewport().repaint()
        pages += 1
        if bar.value() >= bar.maximum():
            break
        bar.setValue(bar.value() + bar.pageStep())
    per_page = (time.perf_counter() - start) / pages

    gazetteer = suggestions.Gazetteer(entities.all_aliases(library))
    suggested = []
    timings = []
    for _ in range(args.runs):
        begin = time.perf_counter()
        suggested = suggestions.suggest(library, annotated)
        timings.append(time.perf_counter() - begin)
    with_cached = []
    for _ in range(args.runs):
        begin = time.perf_counter()
        suggestions.suggest(library, annotated, gazetteer)
        with_cached.append(time.perf_counter() - begin)

    print(
        f"article: {args.chars:,} characters, {stored:,} annotations, "
        f"{len(entities.all_aliases(library)):,} entity aliases"
    )
    print()
    print("| measure | median (max) | target |")
    print("|---|---:|---:|")
    print(f"| open, no annotations (baseline) | {median_ms(baseline)} | |")
    print(f"| open with {stored:,} annotations | {median_ms(opened)} | < 100 ms |")
    print(f"| scroll: paint one page ({pages} pages) | {per_page * 1000:.1f} ms | < 16 ms |")
    print(f"| suggestions ({len(suggested)} found) | {median_ms(timings)} | < 200 ms |")
    print(f"| suggestions, gazetteer kept | {median_ms(with_cached)} | |")
    window.close()
    library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
