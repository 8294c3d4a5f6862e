"""The synthetic benchmark corpus is deterministic, realistic in size and mix, and searchable."""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
import statistics
from pathlib import Path

import pytest

from benchmarks.corpus import SEARCH_QUERIES, SyntheticArticle, generate_articles, write_corpus

SAMPLE_SIZE = 2_000


@pytest.fixture(scope="module")
def sample() -> list[SyntheticArticle]:
    return list(generate_articles(SAMPLE_SIZE))


def query_terms(query: str) -> list[str]:
    """The words and "phrases" of a query, without operators, brackets or the prefix star."""
    phrases = re.findall(r'"([^"]+)"', query)
    rest = re.sub(r'"[^"]+"', " ", query).replace("(", " ").replace(")", " ")
    words = [w.rstrip("*") for w in rest.split() if w not in ("AND", "OR", "NOT")]
    return phrases + words


def test_same_seed_gives_same_articles_and_other_seed_differs() -> None:
    first = list(generate_articles(50, seed=7))
    assert first == list(generate_articles(50, seed=7))
    other = list(generate_articles(50, seed=8))
    assert [a.body for a in first] != [a.body for a in other]
    # A longer run starts with the same articles: generation is a stream.
    assert list(itertools.islice(generate_articles(500, seed=7), 50)) == first


def test_shape_of_articles(sample: list[SyntheticArticle]) -> None:
    assert len(sample) == SAMPLE_SIZE
    assert len({a.body for a in sample}) == SAMPLE_SIZE
    assert len({a.url for a in sample}) == SAMPLE_SIZE
    for article in sample[:200]:
        lines = article.body.split("\n")
        assert lines[0] == article.title
        assert lines[1] == ""
        assert re.fullmatch(r"Updated: [A-Z][a-z]{2} \d{1,2},\d{4} \d{1,2}:\d{2} [AP]M", lines[2])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", article.published)
        assert article.url.startswith("https://")
        assert article.tags and all(t == t.lower() for t in article.tags)


def test_length_and_language_mix(sample: list[SyntheticArticle]) -> None:
    mean = statistics.mean(len(a.body) for a in sample)
    assert 2_500 <= mean <= 3_500
    italian = sum(a.language == "it" for a in sample) / len(sample)
    assert {a.language for a in sample} == {"en", "it"}
    assert 0.11 <= italian <= 0.19


def test_every_search_term_occurs(sample: list[SyntheticArticle]) -> None:
    text = "\n".join(f"{a.title}\n{a.body}" for a in sample).casefold()
    assert 15 <= len(SEARCH_QUERIES) <= 30
    missing = [t for q in SEARCH_QUERIES for t in query_terms(q) if t.casefold() not in text]
    assert not missing


def test_every_search_query_finds_something_in_fts5(sample: list[SyntheticArticle]) -> None:
    con = sqlite3.connect(":memory:")
    try:
        con.execute(
            "CREATE VIRTUAL TABLE f USING fts5(title, body, "
            "tokenize='unicode61 remove_diacritics 2')"
        )
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no FTS5")
    con.executemany("INSERT INTO f VALUES (?, ?)", [(a.title, a.body) for a in sample])
    hits = {
        q: con.execute("SELECT count(*) FROM f WHERE f MATCH ?", (q,)).fetchone()[0]
        for q in SEARCH_QUERIES
    }
    assert all(hits.values()), hits
    # Both ends of the frequency range are represented.
    assert max(hits.values()) > SAMPLE_SIZE // 2
    assert min(hits.values()) < SAMPLE_SIZE // 100


def test_write_corpus_splits_files_at_10000(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path, 10_001, seed=3)
    assert len(paths) == 2
    lines = [p.read_text(encoding="utf-8").splitlines() for p in paths]
    assert [len(x) for x in lines] == [10_000, 1]
    first = json.loads(lines[0][0])
    assert set(first) == {"title", "body", "language", "url", "published", "tags"}
    expected = next(generate_articles(1, seed=3))
    assert first["body"] == expected.body
    assert first["tags"] == list(expected.tags)
    last = next(itertools.islice(generate_articles(10_001, seed=3), 10_000, None))
    assert json.loads(lines[1][0])["body"] == last.body


def test_write_corpus_small_and_json(tmp_path: Path) -> None:
    (jsonl,) = write_corpus(tmp_path / "a", 5)
    assert len(jsonl.read_text(encoding="utf-8").splitlines()) == 5
    (as_json,) = write_corpus(tmp_path / "b", 5, fmt="json")
    assert len(json.loads(as_json.read_text(encoding="utf-8"))) == 5
    with pytest.raises(ValueError):
        write_corpus(tmp_path / "c", 5, fmt="csv")
