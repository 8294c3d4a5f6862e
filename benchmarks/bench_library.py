"""Library benchmark: import throughput, search latency, and time to the window shown.

    python benchmarks/bench_library.py                 # 1k, 10k and 100k articles
    python benchmarks/bench_library.py --sizes 1000 10000

For each size, a deterministic synthetic corpus (about 3,000 characters an article) is
written as JSONL, then imported twice into fresh files: by a raw `sqlite3` baseline
(json.loads + executemany into a table with an FTS5 index, nothing else) and by
Curator's importer (reading, language detection, hashing, duplicate check, tags,
revisions, FTS5 through triggers). On the largest library it then measures search
latency over a fixed query set and the time from launching `main.py` to its window
being shown. Targets (issue 2): import >= half the baseline's rate; search p95 <= 100 ms
and window shown <= 1.5 s at 100k.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import SEARCH_QUERIES, write_corpus  # noqa: E402
from curator.importer import import_paths  # noqa: E402
from curator.search import search_article_ids, search_articles  # noqa: E402
from db.library import Library  # noqa: E402

BASELINE_SCHEMA = """
CREATE TABLE articles (
    id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, language TEXT,
    url TEXT, published TEXT, tags TEXT
);
CREATE VIRTUAL TABLE article_fts USING fts5(
    title, body, content='articles', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
"""


def corpus_megabytes(files: Sequence[Path]) -> float:
    return sum(path.stat().st_size for path in files) / 1_048_576


def raw_sqlite_import(files: Sequence[Path], database: Path) -> int:
    """The baseline: the least work that stores the same articles searchably."""
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.executescript(BASELINE_SCHEMA)
    count = 0
    for path in files:
        with path.open(encoding="utf-8") as handle:
            items = [json.loads(line) for line in handle if line.strip()]
        for start in range(0, len(items), 1000):
            chunk = items[start : start + 1000]
            with connection:
                cursor = connection.executemany(
                    "INSERT INTO articles(title, body, language, url, published, tags) "
                    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                    [
                        (
                            item["title"],
                            item["body"],
                            item["language"],
                            item["url"],
                            item["published"],
                            ",".join(item["tags"]),
                        )
                        for item in chunk
                    ],
                )
                ids = [row[0] for row in cursor.fetchall()] if cursor.description else []
                first_id = (
                    ids[0]
                    if ids
                    else connection.execute(
                        "SELECT max(id) - ? + 1 FROM articles", (len(chunk),)
                    ).fetchone()[0]
                )
                connection.executemany(
                    "INSERT INTO article_fts(rowid, title, body) VALUES (?, ?, ?)",
                    [
                        (first_id + offset, item["title"], item["body"])
                        for offset, item in enumerate(chunk)
                    ],
                )
        count += len(items)
    connection.close()
    return count


def curator_import(files: Sequence[Path], database: Path) -> int:
    library = Library.open(database)
    try:
        report = import_paths(library, list(files))
    finally:
        library.close()
    if report.errors:
        raise RuntimeError(f"import reported errors: {report.errors[:3]}")
    return len(report.imported)


def timed(function: Callable[[], int]) -> tuple[int, float]:
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def search_latencies(database: Path, rounds: int) -> dict[str, dict[str, float]]:
    """p50/p95 in ms for a page of hits with snippets, and for the list's ranked ids."""
    library = Library.open(database, create=False)
    results: dict[str, dict[str, float]] = {}
    try:
        for name, run in (
            ("hits (top 50 + snippets + count)", lambda q: search_articles(library, q)),
            ("list (best 1,000 ids + count)", lambda q: search_article_ids(library, q)),
        ):
            for query in SEARCH_QUERIES:  # warm the page cache once
                run(query)
            samples = []
            for _round in range(rounds):
                for query in SEARCH_QUERIES:
                    start = time.perf_counter()
                    run(query)
                    samples.append((time.perf_counter() - start) * 1000)
            results[name] = {
                "p50_ms": statistics.median(samples),
                "p95_ms": percentile(samples, 0.95),
                "max_ms": max(samples),
            }
    finally:
        library.close()
    return results


WINDOW_PROBE = """
import sys, time
from PySide6.QtCore import QTimer
from ui.app import create_application
from ui.main_window import MainWindow
from ui.settings import Settings
from db.library import Library
app = create_application([])
window = MainWindow(Library.open(sys.argv[1], create=False), Settings(sys.argv[2]))
window.show()
def shown():
    print(f"SHOWN {time.time():.6f} rows={window.model.rowCount()} total={window.model.total}")
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def window_shown_seconds(database: Path, runs: int) -> list[float]:
    """Wall time from starting the process to the window shown with the library listed."""
    times = []
    environment = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    with tempfile.TemporaryDirectory() as settings_dir:
        for _run in range(runs):
            started = time.time()
            output = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    WINDOW_PROBE,
                    str(database),
                    str(Path(settings_dir) / "settings.ini"),
                ],
                cwd=ROOT,
                env=environment,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            line = next(line for line in output.splitlines() if line.startswith("SHOWN"))
            times.append(float(line.split()[1]) - started)
    return times


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--rounds", type=int, default=5, help="search rounds over the queries")
    parser.add_argument("--window-runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="curator-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"python {sys.version.split()[0]}, sqlite {sqlite3.sqlite_version}, workdir {workdir}")
    print()
    print("| articles | corpus MB | raw sqlite3 | Curator import | ratio |")
    print("|---:|---:|---:|---:|---:|")
    largest: Path | None = None
    for size in args.sizes:
        files = write_corpus(workdir / f"corpus-{size}", size)
        megabytes = corpus_megabytes(files)
        raw_db, curator_db = workdir / f"raw-{size}.sqlite", workdir / f"curator-{size}.sqlite"
        for stale in workdir.glob(f"*-{size}.sqlite*"):
            stale.unlink()
        raw_count, raw_seconds = timed(partial(raw_sqlite_import, files, raw_db))
        count, seconds = timed(partial(curator_import, files, curator_db))
        assert raw_count == count == size, (raw_count, count, size)
        print(
            f"| {size:,} | {megabytes:.0f} | {size / raw_seconds:,.0f}/s ({raw_seconds:.1f} s) "
            f"| {size / seconds:,.0f}/s ({seconds:.1f} s, {megabytes / seconds:.1f} MB/s) "
            f"| {raw_seconds / seconds:.2f} |",
            flush=True,
        )
        largest = curator_db

    assert largest is not None
    print()
    print(
        f"Search latency on the {args.sizes[-1]:,}-article library "
        f"({len(SEARCH_QUERIES)} queries x {args.rounds} rounds):"
    )
    print()
    print("| query | p50 | p95 | max |")
    print("|---|---:|---:|---:|")
    for name, figures in search_latencies(largest, args.rounds).items():
        print(
            f"| {name} | {figures['p50_ms']:.1f} ms | {figures['p95_ms']:.1f} ms "
            f"| {figures['max_ms']:.1f} ms |"
        )
    print()
    times = window_shown_seconds(largest, args.window_runs)
    print(
        f"Launch to window shown ({args.sizes[-1]:,} articles, {args.window_runs} runs): "
        f"median {statistics.median(times):.2f} s, max {max(times):.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
