"""Export benchmark: a synthetic library of N articles (~10 annotations each) exported
as JSONL and CSV, beside a baseline of raw sqlite3 dumping the same rows to JSONL.

    python benchmarks/bench_export.py [--articles 100000] [--work DIR]

Reports, per export: seconds, MB written, MB/s, tracemalloc peak and the process's
maxrss (resource.getrusage). The library is built once in a child process (so its
memory is not counted) and kept in --work for later runs. Deterministic: the corpus
comes from benchmarks/corpus.py's seeded generator; annotations are the capitalised
words of each article, inserted directly. Target (issue 7): 100k articles in under 30 s
and under 300 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ANNOTATIONS_PER_ARTICLE = 10
CAPITALISED = re.compile(r"\b[A-Z][a-z]{3,}\b")
TYPES = ("ORG", "EVENT", "LOCATION", "PERSON")


def build(database: Path, count: int) -> None:
    """The synthetic library: articles through the importer, annotations inserted fast."""
    from benchmarks.corpus import generate_articles
    from curator.formats.base import ParsedArticle
    from curator.importer import import_parsed
    from db.library import Library

    library = Library.open(database)
    batch: list[ParsedArticle] = []
    for index, article in enumerate(generate_articles(count)):
        batch.append(
            ParsedArticle(
                title=article.title,
                body=article.body,
                origin=f"synthetic:{index}",
                language=article.language,
                url=article.url,
                published=dt.date.fromisoformat(article.published),
                tags=list(article.tags),
            )
        )
        if len(batch) == 5000:
            import_parsed(library, batch)
            batch = []
    if batch:
        import_parsed(library, batch)
    library.close()
    connection = sqlite3.connect(database)
    rows = []
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    for article_id, body in connection.execute("SELECT id, body FROM articles ORDER BY id"):
        for n, match in enumerate(CAPITALISED.finditer(body)):
            if n == ANNOTATIONS_PER_ARTICLE:
                break
            start, end = match.span()
            rows.append(
                (
                    article_id,
                    TYPES[n % len(TYPES)],
                    start,
                    end,
                    match.group(),
                    body[max(0, start - 32) : start],
                    body[end : end + 32],
                    now,
                    now,
                )
            )
        if len(rows) > 50_000:
            _insert(connection, rows)
            rows = []
    _insert(connection, rows)
    connection.commit()
    connection.close()


def _insert(connection: sqlite3.Connection, rows: list[tuple]) -> None:  # type: ignore[type-arg]
    connection.executemany(
        "INSERT INTO annotations (article_id, type, start, end, quote, prefix, suffix, note,"
        " status, source, created_at, updated_at, version)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, '', 'accepted', 'benchmark', ?, ?, 1)",
        rows,
    )


def raw_baseline(database: Path, out: Path) -> int:
    """The floor: sqlite3 and json only, the same articles and annotations as JSONL."""
    connection = sqlite3.connect(database)
    count = 0
    with out.open("w", encoding="utf-8") as stream:
        annotations = connection.cursor().execute(
            "SELECT article_id, id, type, start, end, quote, entity_id, note FROM annotations"
            " WHERE status = 'accepted' ORDER BY article_id, start"
        )
        pending = next(annotations, None)
        for row in connection.execute(
            "SELECT id, title, body, language, source_name, url, published, status, notes"
            " FROM articles ORDER BY id"
        ):
            found = []
            while pending is not None and pending[0] == row[0]:
                found.append(
                    dict(
                        zip(
                            ("id", "type", "start", "end", "text", "entity_id", "note"),
                            pending[1:],
                            strict=True,
                        )
                    )
                )
                pending = next(annotations, None)
            item = dict(
                zip(
                    (
                        "id",
                        "title",
                        "body",
                        "language",
                        "source_name",
                        "url",
                        "published",
                        "status",
                        "notes",
                    ),
                    row,
                    strict=True,
                )
            )
            item["annotations"] = found
            stream.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
    connection.close()
    return count


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*")) if path.is_dir() else path.stat().st_size


def measure(label: str, work, out: Path, traced: bool) -> dict:  # type: ignore[no-untyped-def]
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    count = work()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    if traced:
        tracemalloc.stop()
    megabytes = size(out) / 1e6
    return {
        "export": label,
        "articles": count,
        "seconds": round(seconds, 2),
        "MB": round(megabytes, 1),
        "MB/s": round(megabytes / seconds, 1),
        "tracemalloc_peak_MB": round(peak / 1e6, 1) if traced else None,
        "maxrss_MB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=None, help="keep the library here")
    parser.add_argument("--build-only", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_only:
        build(args.build_only, args.articles)
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-export-"))
    work.mkdir(parents=True, exist_ok=True)
    database = work / f"library-{args.articles}.sqlite"
    if not database.exists():
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--articles",
                str(args.articles),
                "--build-only",
                str(database),
            ],
            check=True,
        )
        print(f"built {database} in {time.perf_counter() - started:.0f} s", file=sys.stderr)

    from curator.exchange import service
    from db.library import Library

    library = Library.open(database)
    results = [
        measure(
            "raw sqlite3 → JSONL (baseline)",
            lambda: raw_baseline(database, work / "raw.jsonl"),
            work / "raw.jsonl",
            False,
        )
    ]
    for fmt, name in (("jsonl", "out.jsonl"), ("csv", "out-csv"), ("json", "out.json")):

        def run(fmt: str = fmt, name: str = name) -> int:
            return service.export(library, fmt, work / name, replace=True).count

        results.append(measure(f"Curator {fmt}", run, work / name, False))
        results.append(measure(f"Curator {fmt} (tracemalloc on)", run, work / name, True))
    library.close()
    print(
        f"| export ({args.articles:,} articles) | s | MB | MB/s | tracemalloc peak MB |"
        " maxrss MB |\n|---|---|---|---|---|---|"
    )
    for r in results:
        print(
            f"| {r['export']} | {r['seconds']} | {r['MB']} | {r['MB/s']} | "
            f"{r['tracemalloc_peak_MB'] if r['tracemalloc_peak_MB'] is not None else '–'} | "
            f"{r['maxrss_MB']} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
