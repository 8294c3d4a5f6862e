"""Counts that describe a library at a glance."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from db.library import Library
from db.models import Article, Bitext, Tag, article_tags


@dataclass(frozen=True, slots=True)
class LibraryStats:
    path: str
    size_bytes: int
    articles: int
    by_status: dict[str, int]
    by_language: dict[str, int]
    top_tags: dict[str, int]
    translation_pairs: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _file_size(path: Path) -> int:
    return sum(
        candidate.stat().st_size for candidate in (path, Path(f"{path}-wal")) if candidate.exists()
    )


def library_stats(library: Library, tag_limit: int = 20) -> LibraryStats:
    with library.reading() as session:
        total = session.scalar(select(func.count(Article.id))) or 0
        by_status = dict(
            session.execute(select(Article.status, func.count()).group_by(Article.status)).all()
        )
        by_language = {
            (language or "unknown"): count
            for language, count in session.execute(
                select(Article.language, func.count()).group_by(Article.language)
            ).all()
        }
        top_tags = dict(
            session.execute(
                select(Tag.name, func.count())
                .join(article_tags, article_tags.c.tag_id == Tag.id)
                .group_by(Tag.name)
                .order_by(func.count().desc(), Tag.name)
                .limit(tag_limit)
            ).all()
        )
        pairs = session.scalar(select(func.count(Bitext.id))) or 0
    return LibraryStats(
        path=str(library.path),
        size_bytes=_file_size(library.path),
        articles=total,
        by_status=by_status,
        by_language=by_language,
        top_tags=top_tags,
        translation_pairs=pairs,
    )
