"""The built-in sample library, written by us, shown on first launch."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path
from typing import Any

from curator.articles import ArticleChanges, link_translation, update_article
from curator.formats.base import ParsedArticle
from curator.importer import ImportReport, import_parsed
from curator.paths import default_library_path
from db.library import Library


def sample_items() -> list[dict[str, Any]]:
    source = resources.files("resources") / "sample" / "articles.json"
    return json.loads(source.read_text(encoding="utf-8"))


def _parsed(item: dict[str, Any]) -> ParsedArticle:
    return ParsedArticle(
        title=item["title"],
        body=item["body"],
        origin=f"sample: {item['key']}",
        language=item.get("language"),
        source_name=item.get("source_name"),
        url=item.get("url"),
        published=dt.date.fromisoformat(item["published"]) if item.get("published") else None,
        tags=list(item.get("tags", [])),
        notes=item.get("notes", ""),
    )


def load_sample_library(library: Library) -> ImportReport:
    """Import the sample articles with their statuses and translation link."""
    items = sample_items()
    report = import_parsed(library, [_parsed(item) for item in items])
    id_by_origin = {imported.origin: imported.id for imported in report.imported}
    id_by_key = {item["key"]: id_by_origin.get(f"sample: {item['key']}") for item in items}
    for item in items:
        article_id = id_by_key.get(item["key"])
        if article_id is None:
            continue
        if item.get("status", "new") != "new":
            update_article(library, article_id, ArticleChanges(status=item["status"]))
        if original := id_by_key.get(item.get("translation_of") or ""):
            link_translation(library, original, article_id)
    return report


def open_startup_library(path: Path | None) -> Library:
    """The library the window opens: `path`, or the default one.

    The default library is created on first launch holding the sample corpus, so a
    new editor sees real work at once; a new file named explicitly starts empty.
    """
    if path is not None:
        return Library.open(path)
    path = default_library_path()
    is_new = not path.exists()
    library = Library.open(path)
    if is_new:
        load_sample_library(library)
    return library
