"""Importing files, folders and pasted text into a library."""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from curator import importer
from curator.articles import get_article, list_articles
from curator.formats import registry
from curator.importer import import_paths, import_text
from curator.progress import Progress
from db.models import Article, Tag
from tests.articles_for_tests import HARBOUR_EN, SALONE_IT

FORUM_MD = (
    "# Green Shipping Forum ends in Valmora\n"
    "\n"
    "The **Green Shipping Forum** ended on Thursday. Delegates discussed hydrogen ferries "
    "and the electrification of the port, and they agreed to meet again next spring.\n"
)

TEXTILE_HTML = (
    '<!doctype html><html lang="en"><head><title>Textile Week closes in Norrbridge</title>'
    "</head><body><nav>Home | News</nav><p>Textile Week in Norrbridge closed with buyers "
    "from forty countries. The organisers said it was the busiest edition so far.</p>"
    "</body></html>"
)

BATCH_JSON = [
    {
        "title": "Lantern Makers Meet at Quarry Lake",
        "body": "Lantern makers from six towns met at Quarry Lake for a weekend of workshops "
        "and a parade along the shore.",
        "language": "en",
        "tags": ["Lanterns", "lanterns", "Crafts"],
    },
    {
        "title": "Fiera delle Lanterne a Corvo",
        "body": "La fiera delle lanterne di Corvo ha riunito artigiani e famiglie per tre "
        "giorni di laboratori e una sfilata lungo il lago.",
        "language": "it",
        "tags": ["LANTERNS", "fiere"],
    },
]

FEED_LINES = [
    {
        "title": "Bread Forum in Ashford",
        "body": "Bakers from the whole county gathered in Ashford to talk about old grains "
        "and new ovens.",
    },
    {
        "title": "Cheese Fair returns to Millbrook",
        "body": "The Cheese Fair returned to Millbrook after five years, with sixty stalls "
        "and a tasting tent by the river.",
    },
]

# Articles the tree below holds: 1 txt + 1 nested txt + 1 md + 1 html + 2 json + 2 jsonl.
TREE_ARTICLES = 8


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _article_count(library) -> int:  # type: ignore[no-untyped-def]
    with library.session() as session:
        return session.scalar(select(func.count(Article.id))) or 0


def _by_title(library) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {row.title: row.id for row in list_articles(library)}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "releases"
    _write(root / "harbour.txt", HARBOUR_EN)
    _write(root / "nested" / "deeper" / "salone.txt", SALONE_IT)
    _write(root / "nested" / "forum.md", FORUM_MD)
    _write(root / "textile.html", TEXTILE_HTML)
    _write(root / "batch.json", json.dumps(BATCH_JSON, ensure_ascii=False))
    _write(root / "feed.jsonl", "\n".join(json.dumps(line) for line in FEED_LINES) + "\n")
    _write(root / ".hidden" / "secret.txt", "A secret draft about the Harbour Fair budget.\n")
    _write(root / "brochure.pdf", b"%PDF-1.4 not really a brochure")
    return root


# --- a folder tree ---------------------------------------------------------------------


def test_folder_tree_is_imported_with_subfolders(library, tree):
    report = import_paths(library, [tree])

    assert report.errors == []
    assert len(report.imported) == TREE_ARTICLES
    assert _article_count(library) == TREE_ARTICLES
    titles = set(_by_title(library))
    assert {
        "Harbour Robotics Fair opens in Porto Lindo",
        "Aperto il Salone della Robotica di Valmora",
        "Green Shipping Forum ends in Valmora",
        "Textile Week closes in Norrbridge",
        "Lantern Makers Meet at Quarry Lake",
        "Fiera delle Lanterne a Corvo",
        "Bread Forum in Ashford",
        "Cheese Fair returns to Millbrook",
    } == titles


def test_hidden_folder_is_ignored_and_pdf_is_skipped(library, tree):
    report = import_paths(library, [tree])

    assert not any("secret" in item.origin for item in report.imported)
    assert not any("secret" in title.lower() for title in _by_title(library))
    assert not any(".hidden" in problem.where for problem in report.problems + report.skipped)
    assert [Path(problem.where).name for problem in report.skipped] == ["brochure.pdf"]
    assert "skipped" in report.summary()


def test_plain_text_dateline_gives_date_and_first_line_gives_title(library, tree):
    import_paths(library, [tree / "harbour.txt"])

    [row] = list_articles(library)
    assert row.title == "Harbour Robotics Fair opens in Porto Lindo"
    assert row.published == dt.date(2025, 3, 14)
    assert get_article(library, row.id).body == HARBOUR_EN.rstrip()


def test_language_is_detected(library, tree):
    import_paths(library, [tree / "harbour.txt", tree / "nested" / "deeper" / "salone.txt"])

    languages = {row.title: row.language for row in list_articles(library)}
    assert languages == {
        "Harbour Robotics Fair opens in Porto Lindo": "en",
        "Aperto il Salone della Robotica di Valmora": "it",
    }


# --- duplicates ------------------------------------------------------------------------


def test_reimport_reports_duplicates_and_stores_nothing_new(library, tree):
    first = import_paths(library, [tree])
    second = import_paths(library, [tree])

    assert second.imported == []
    assert len(second.duplicates) == TREE_ARTICLES
    assert _article_count(library) == TREE_ARTICLES
    first_ids = {item.id for item in first.imported}
    assert {dup.existing_id for dup in second.duplicates} == first_ids
    assert "duplicates" in second.summary()


def test_same_text_twice_in_one_batch_is_stored_once(library, tmp_path):
    _write(tmp_path / "a.txt", HARBOUR_EN)
    _write(tmp_path / "copy of a.txt", HARBOUR_EN)

    report = import_paths(library, [tmp_path])

    assert _article_count(library) == 1
    assert len(report.imported) == 1
    assert len(report.duplicates) == 1
    assert report.duplicates[0].existing_id == report.imported[0].id


# --- bad input -------------------------------------------------------------------------


def test_bad_files_are_refused_by_name_and_good_ones_imported(library, tmp_path, monkeypatch):
    limit = 1000  # bytes; read_article_file takes the limit as max_bytes
    monkeypatch.setattr(
        importer,
        "read_article_file",
        functools.partial(registry.read_article_file, max_bytes=limit),
    )
    _write(tmp_path / "good.txt", HARBOUR_EN)
    _write(tmp_path / "binary.txt", b"Fair\x00\x01\x02\x03 budget\x00")
    _write(tmp_path / "latin1.txt", "Città di Valmora: fiera aperta".encode("latin-1"))
    _write(tmp_path / "empty.txt", b"")
    _write(tmp_path / "huge.txt", SALONE_IT * 10)
    assert (tmp_path / "huge.txt").stat().st_size > limit > (tmp_path / "good.txt").stat().st_size

    report = import_paths(library, [tmp_path])

    assert [item.title for item in report.imported] == [
        "Harbour Robotics Fair opens in Porto Lindo"
    ]
    assert _article_count(library) == 1
    reasons = {problem.where: problem.reason for problem in report.errors}
    assert set(reasons) == {"binary.txt", "latin1.txt", "empty.txt", "huge.txt"}
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "limit" in reasons["huge.txt"]


def test_jsonl_with_a_broken_line_imports_the_others(library, tmp_path):
    lines = [json.dumps(FEED_LINES[0]), '{"title": "Broken", "body": ', json.dumps(FEED_LINES[1])]
    _write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")

    report = import_paths(library, [tmp_path / "feed.jsonl"])

    assert sorted(_by_title(library)) == [
        "Bread Forum in Ashford",
        "Cheese Fair returns to Millbrook",
    ]
    [problem] = report.errors
    assert problem.where == "feed.jsonl, line 2"


def test_json_tags_are_stored_once_each_whatever_their_case(library, tmp_path):
    _write(tmp_path / "batch.json", json.dumps(BATCH_JSON, ensure_ascii=False))

    import_paths(library, [tmp_path / "batch.json"])

    titles = _by_title(library)
    english = get_article(library, titles["Lantern Makers Meet at Quarry Lake"])
    italian = get_article(library, titles["Fiera delle Lanterne a Corvo"])
    assert [tag.casefold() for tag in english.tags] == ["crafts", "lanterns"]
    assert [tag.casefold() for tag in italian.tags] == ["fiere", "lanterns"]
    with library.session() as session:
        names = session.scalars(select(Tag.name)).all()
    assert sorted(name.casefold() for name in names) == ["crafts", "fiere", "lanterns"]


# --- cancelling ------------------------------------------------------------------------


def test_cancel_stops_the_import_and_keeps_what_was_stored(library, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "BATCH_SIZE", 1)
    for number, item in enumerate(FEED_LINES + BATCH_JSON, start=1):
        _write(tmp_path / f"{number:02}.txt", f"{item['title']}\n\n{item['body']}\n")
    files = 4
    progress_seen: list[int] = []

    def on_progress(done: int, total: int, _message: str) -> None:
        progress_seen.append(done)
        if done >= 1:
            progress.cancel()

    progress = Progress(on_progress)
    report = import_paths(library, [tmp_path], progress)

    assert report.cancelled
    assert "cancelled" in report.summary()
    stored = _article_count(library)
    assert 1 <= stored < files
    assert stored == len(report.imported)
    assert set(_by_title(library)) == {item.title for item in report.imported}


# --- pasted text -----------------------------------------------------------------------


def test_pasted_plain_text_is_imported(library):
    report = import_text(library, SALONE_IT.replace("\n", "\r\n"), "plain")

    [item] = report.imported
    detail = get_article(library, item.id)
    assert detail.title == "Aperto il Salone della Robotica di Valmora"
    assert detail.language == "it"
    assert detail.body == SALONE_IT.rstrip()  # Windows newlines made plain


def test_pasted_html_is_imported_as_visible_text(library):
    report = import_text(library, TEXTILE_HTML, "html")

    [item] = report.imported
    detail = get_article(library, item.id)
    assert detail.title == "Textile Week closes in Norrbridge"
    assert detail.language == "en"
    assert "forty countries" in detail.body
    assert "<p>" not in detail.body
    assert "Home | News" not in detail.body


def test_pasting_nothing_is_refused(library):
    report = import_text(library, "  \n\t\n", "plain")

    assert report.imported == []
    assert len(report.errors) == 1
    assert _article_count(library) == 0
