"""Articles: listing, reading and editing their curated metadata.

The body of an article is never changed here (it is evidence). Everything else an
editor changes goes through `update_article`, which checks the version the editor
saw, bumps it, and writes a revision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from curator.errors import EditConflictError, NotFoundError, ValidationError
from curator.i18n import _, ngettext
from curator.revisions import record_revision
from db.library import Library
from db.models import ARTICLE_STATUSES, Article, Bitext, Tag, article_tags, utcnow

STATUSES: tuple[str, ...] = ARTICLE_STATUSES
MAX_TITLE_LENGTH = 1000
MAX_TAG_LENGTH = 100


class ApprovalBlockedError(ValidationError):
    """Approving was refused: the article has open errors and no override reason."""

    def __init__(self, open_errors: int) -> None:
        super().__init__(
            "status",
            ngettext(
                "the article has {n} open error: correct it or dismiss it with a reason,"
                " or approve anyway with a reason",
                "the article has {n} open errors: correct them or dismiss them with a"
                " reason, or approve anyway with a reason",
                open_errors,
            ).format(n=open_errors),
        )
        self.open_errors = open_errors


def status_label(status: str) -> str:
    labels = {
        "new": _("New"),
        "in_progress": _("In progress"),
        "in_review": _("In review"),
        "approved": _("Approved"),
        "rejected": _("Rejected"),
    }
    return labels.get(status, status)


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """Which articles to show; None means any."""

    status: str | None = None
    language: str | None = None
    tag: str | None = None

    def apply(self, statement: Select[Any]) -> Select[Any]:
        if self.status:
            statement = statement.where(Article.status == self.status)
        if self.language:
            statement = statement.where(Article.language == self.language)
        if self.tag:
            tagged = (
                select(article_tags.c.article_id)
                .join(Tag, Tag.id == article_tags.c.tag_id)
                .where(Tag.name == self.tag)
            )
            statement = statement.where(Article.id.in_(tagged))
        return statement


SORT_COLUMNS = {
    "published": Article.published,
    "title": Article.title.collate("NOCASE"),
    "status": Article.status,
    "language": Article.language,
    "updated": Article.updated_at,
    "id": Article.id,
}


@dataclass(frozen=True, slots=True)
class ArticleOrder:
    """How the library list is sorted; ties are broken by id, newest first."""

    column: str = "published"
    descending: bool = True

    def clauses(self) -> tuple[Any, ...]:
        """ORDER BY terms; missing values (no date, no language) always come last.

        SQLite sorts NULL first, so descending order puts it last by itself and can be
        read straight off an index (the newest-first list at start-up is one).
        """
        column = SORT_COLUMNS.get(self.column, Article.published)
        if self.descending:
            return (column.desc(), Article.id.desc())
        return (column.asc().nulls_last(), Article.id.asc())


# Named orders for the command line.
SORT_ORDERS = {
    "newest": ArticleOrder("published", descending=True),
    "oldest": ArticleOrder("published", descending=False),
    "title": ArticleOrder("title", descending=False),
    "updated": ArticleOrder("updated", descending=True),
    "status": ArticleOrder("status", descending=False),
    "language": ArticleOrder("language", descending=False),
}


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What a row of the library list shows."""

    id: int
    title: str
    language: str | None
    published: dt.date | None
    status: str
    source_name: str | None
    tags: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "language": self.language,
            "published": self.published.isoformat() if self.published else None,
            "status": self.status,
            "source_name": self.source_name,
            "tags": list(self.tags),
        }


@dataclass(frozen=True, slots=True)
class TranslationLink:
    article_id: int
    title: str
    language: str | None
    is_source: bool  # True when the linked article is the original of this one


@dataclass(frozen=True, slots=True)
class ArticleDetail:
    """Everything the source and record panes show for one article."""

    id: int
    title: str
    language: str | None
    source_name: str | None
    url: str | None
    published: dt.date | None
    status: str
    tags: tuple[str, ...]
    notes: str
    body: str
    content_hash: str
    origin: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    translations: tuple[TranslationLink, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        for key in ("published", "created_at", "updated_at"):
            data[key] = data[key].isoformat() if data[key] else None
        data["tags"] = list(self.tags)
        data["translations"] = [
            {
                "article_id": link.article_id,
                "title": link.title,
                "language": link.language,
                "role": "source" if link.is_source else "translation",
            }
            for link in self.translations
        ]
        return data


@dataclass(frozen=True, slots=True)
class ArticleChanges:
    """Fields to change; a field left as None keeps its value, "" clears it."""

    title: Any = field(default=None)
    language: Any = field(default=None)
    source_name: Any = field(default=None)
    url: Any = field(default=None)
    published: Any = field(default=None)
    status: Any = field(default=None)
    tags: Any = field(default=None)
    notes: Any = field(default=None)


EDITABLE_FIELDS = tuple(f.name for f in fields(ArticleChanges))


def _listed_fields(article: Article) -> dict[str, Any]:
    """The fields a summary shows, which a detail shows too."""
    return {
        "id": article.id,
        "title": article.title,
        "language": article.language,
        "published": article.published,
        "status": article.status,
        "source_name": article.source_name,
        "tags": tuple(tag.name for tag in article.tags),
    }


def _summary(article: Article) -> ArticleSummary:
    return ArticleSummary(**_listed_fields(article))


def list_article_ids(
    library: Library,
    article_filter: ArticleFilter | None = None,
    order: ArticleOrder | None = None,
) -> list[int]:
    """Ids of the matching articles in display order (cheap even for 100,000 articles)."""
    statement = (article_filter or ArticleFilter()).apply(select(Article.id))
    statement = statement.order_by(*(order or ArticleOrder()).clauses())
    with library.reading() as session:
        return list(session.scalars(statement))


def get_summaries(library: Library, ids: Sequence[int]) -> list[ArticleSummary]:
    """Rows for the given ids, in the order given (missing ids are left out)."""
    if not ids:
        return []
    with library.reading() as session:
        articles = session.scalars(
            select(Article).where(Article.id.in_(ids)).options(selectinload(Article.tags))
        )
        by_id = {article.id: _summary(article) for article in articles}
    return [by_id[article_id] for article_id in ids if article_id in by_id]


def list_articles(
    library: Library,
    article_filter: ArticleFilter | None = None,
    order: ArticleOrder | None = None,
    limit: int | None = None,
) -> list[ArticleSummary]:
    statement = (article_filter or ArticleFilter()).apply(select(Article))
    statement = statement.order_by(*(order or ArticleOrder()).clauses())
    statement = statement.options(selectinload(Article.tags)).limit(limit)
    with library.reading() as session:
        return [_summary(article) for article in session.scalars(statement)]


def _load(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id, options=[selectinload(Article.tags)])
    if article is None:
        raise NotFoundError(_("No article with id {id}.").format(id=article_id))
    return article


def _translation_links(session: Session, article_id: int) -> tuple[TranslationLink, ...]:
    pairs = session.execute(
        select(Bitext.source_article_id, Bitext.target_article_id).where(
            (Bitext.source_article_id == article_id) | (Bitext.target_article_id == article_id)
        )
    ).all()
    links = []
    for source_id, target_id in pairs:
        other_id = target_id if source_id == article_id else source_id
        other = session.get(Article, other_id)
        if other is not None:
            links.append(
                TranslationLink(other.id, other.title, other.language, other_id == source_id)
            )
    return tuple(links)


def _detail(session: Session, article: Article) -> ArticleDetail:
    return ArticleDetail(
        **_listed_fields(article),
        url=article.url,
        notes=article.notes,
        body=article.body,
        content_hash=article.content_hash,
        origin=article.origin,
        created_at=article.created_at,
        updated_at=article.updated_at,
        version=article.version,
        translations=_translation_links(session, article.id),
    )


def get_article(library: Library, article_id: int) -> ArticleDetail:
    with library.reading() as session:
        return _detail(session, _load(session, article_id))


def normalise_tags(names: Iterable[str]) -> tuple[str, ...]:
    """Trimmed, de-duplicated (case-insensitively) tag names, in the order given."""
    seen: dict[str, str] = {}
    for name in names:
        cleaned = " ".join(str(name).split())
        if not cleaned:
            continue
        if len(cleaned) > MAX_TAG_LENGTH:
            raise ValidationError("tags", _("a tag is longer than 100 characters"))
        seen.setdefault(cleaned.casefold(), cleaned)
    return tuple(seen.values())


def tags_for_names(session: Session, names: Sequence[str]) -> list[Tag]:
    """The Tag rows for these names, creating the ones that do not exist yet."""
    if not names:
        return []
    existing = {
        tag.name.casefold(): tag for tag in session.scalars(select(Tag).where(Tag.name.in_(names)))
    }
    tags = []
    for name in names:
        tag = existing.get(name.casefold())
        if tag is None:
            tag = Tag(name=name)
            session.add(tag)
            existing[name.casefold()] = tag
        tags.append(tag)
    return tags


def _validated(changes: ArticleChanges) -> dict[str, Any]:
    """The changes given, checked and normalised; raises ValidationError naming the field."""
    values = {name: getattr(changes, name) for name in EDITABLE_FIELDS}
    values = {name: value for name, value in values.items() if value is not None}
    if "title" in values:
        title = " ".join(str(values["title"]).split())
        if not title:
            raise ValidationError("title", _("the title cannot be empty"))
        if len(title) > MAX_TITLE_LENGTH:
            raise ValidationError("title", _("the title is longer than 1,000 characters"))
        values["title"] = title
    if "status" in values and values["status"] not in STATUSES:
        raise ValidationError(
            "status",
            _("“{value}” is not a status; use one of: {choices}").format(
                value=values["status"], choices=", ".join(STATUSES)
            ),
        )
    if "language" in values:
        code = str(values["language"]).strip().lower()
        if code and not (2 <= len(code) <= 16 and code.replace("-", "").isalpha()):
            raise ValidationError(
                "language",
                _("“{value}” is not a language code such as en or it").format(value=code),
            )
        values["language"] = code or ""
    if "published" in values:
        value = values["published"]
        if value == "":
            values["published"] = ""
        elif not isinstance(value, dt.date):
            raise ValidationError("published", _("expected a date"))
    if "tags" in values:
        values["tags"] = normalise_tags(values["tags"])
    for name in ("source_name", "url", "notes"):
        if name in values:
            values[name] = str(values[name])
    return values


def _snapshot(article: Article, names: Iterable[str]) -> dict[str, Any]:
    snapshot: dict[str, Any] = {}
    for name in names:
        value = getattr(article, name)
        if name == "tags":
            value = [tag.name for tag in value]
        elif isinstance(value, dt.date):
            value = value.isoformat()
        snapshot[name] = value
    return snapshot


def update_article(
    library: Library,
    article_id: int,
    changes: ArticleChanges,
    expected_version: int | None = None,
    *,
    override_reason: str | None = None,
) -> ArticleDetail:
    """Save an editor's changes, refusing to overwrite a newer version.

    Empty strings clear optional fields (language, published, source, url, notes).
    Approving runs the data-quality checks first: an article with open errors is not
    approved (ApprovalBlockedError) unless `override_reason` says why, which the
    revision keeps. A new language or published date re-runs the checks.
    """
    from curator import quality  # the checks load numpy and more: only when editing

    values = _validated(changes)
    override_reason = " ".join((override_reason or "").split())
    try:
        with library.session() as session:
            article = _load(session, article_id)
            if expected_version is not None and article.version != expected_version:
                raise EditConflictError(
                    _(
                        "“{title}” was changed elsewhere since you opened it "
                        "(version {theirs}, you had {mine}); nothing was overwritten."
                    ).format(title=article.title, theirs=article.version, mine=expected_version)
                )
            before = _snapshot(article, values)
            for name, value in values.items():
                if name == "tags":
                    article.tags = tags_for_names(session, list(value))
                elif value == "" and name in ("language", "published", "source_name", "url"):
                    setattr(article, name, None)
                else:
                    setattr(article, name, value)
            after = _snapshot(article, values)
            changed = {name for name in values if before[name] != after[name]}
            if not changed:
                return _detail(session, article)
            article.updated_at = utcnow()
            recorded_after = {name: after[name] for name in changed}
            if "status" in changed and article.status == "approved":
                quality.refresh_findings(session, [article.id])
                errors = quality.count_open_errors(session, article.id)
                if errors and not override_reason:
                    raise ApprovalBlockedError(errors)
                if errors:
                    recorded_after["override_reason"] = override_reason
                    recorded_after["open_errors"] = errors
            elif changed & {"language", "published"}:
                quality.refresh_findings(session, [article.id])
            record_revision(
                session,
                "article",
                article.id,
                "update",
                {name: before[name] for name in changed},
                recorded_after,
            )
            session.flush()
            return _detail(session, article)
    except StaleDataError as error:
        raise EditConflictError(
            _("The article was changed elsewhere while saving; nothing was overwritten.")
        ) from error


def link_translation(library: Library, source_id: int, target_id: int) -> None:
    """Record that `target_id` translates `source_id`."""
    if source_id == target_id:
        raise ValidationError("translation", _("an article cannot be its own translation"))
    with library.session() as session:
        source, target = _load(session, source_id), _load(session, target_id)
        exists = session.scalar(
            select(func.count(Bitext.id)).where(
                ((Bitext.source_article_id == source.id) & (Bitext.target_article_id == target.id))
                | (
                    (Bitext.source_article_id == target.id)
                    & (Bitext.target_article_id == source.id)
                )
            )
        )
        if exists:
            return
        session.add(Bitext(source_article_id=source.id, target_article_id=target.id))
        session.flush()
        record_revision(
            session, "article", target.id, "link_translation", None, {"source": source.id}
        )
        from curator import quality  # the translation is now compared with its original

        quality.refresh_findings(session, [target.id])


def distinct_languages(library: Library) -> list[str]:
    with library.reading() as session:
        return list(
            session.scalars(
                select(Article.language)
                .where(Article.language.is_not(None))
                .distinct()
                .order_by(Article.language)
            )
        )


def tag_names(library: Library) -> list[str]:
    with library.reading() as session:
        return list(session.scalars(select(Tag.name).order_by(Tag.name)))
