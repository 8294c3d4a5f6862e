"""SQLAlchemy models of a Curator library.

Every table that editors change carries a `version` counter used for optimistic
concurrency (`version_id_col`): a save over a row someone else changed meanwhile
raises StaleDataError instead of silently overwriting it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ARTICLE_STATUSES = ("new", "in_progress", "in_review", "approved", "rejected")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


article_tags = Table(
    "article_tags",
    Base.metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Article(Base):
    """A news article. `body` is immutable once imported: it is the evidence."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16), index=True)
    source_name: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    body: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    tags: Mapped[list[Tag]] = relationship(secondary=article_tags, order_by="Tag.name")

    __table_args__ = (
        CheckConstraint(
            "status IN ('new', 'in_progress', 'in_review', 'approved', 'rejected')",
            name="status",
        ),
    )
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100, collation="NOCASE"), unique=True)


class Bitext(Base):
    """Two articles that translate each other; `source` is the original."""

    __tablename__ = "bitexts"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    target_article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        UniqueConstraint("source_article_id", "target_article_id", name="pair"),
        CheckConstraint("source_article_id <> target_article_id", name="distinct_articles"),
    )
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Entity(Base):
    """A canonical thing (person, organisation, event...) that mentions refer to."""

    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    external_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


ANNOTATION_STATUSES = ("accepted", "pending", "rejected")


class EntityAlias(Base):
    """A name an entity goes by, in a language (None: any language)."""

    __tablename__ = "entity_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    alias: Mapped[str] = mapped_column(Text, index=True)
    language: Mapped[str | None] = mapped_column(String(16))

    __table_args__ = (UniqueConstraint("entity_id", "alias", "language", name="alias"),)


class Annotation(Base):
    """A typed span of an article's body, kept with its quote and context to re-anchor it.

    `status` is "accepted" for an editor's own annotations, "pending" for a suggestion
    awaiting a decision and "rejected" for a suggestion turned down (kept, so it is not
    suggested again). `source` says where it came from: "manual", "rule:date", ...
    """

    __tablename__ = "annotations"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(32))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(Text, default="")
    suffix: Mapped[str] = mapped_column(Text, default="")
    entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL"), index=True
    )
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="accepted")
    source: Mapped[str] = mapped_column(String(32), default="manual")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        CheckConstraint('start >= 0 AND start < "end"', name="span"),
        CheckConstraint("status IN ('accepted', 'pending', 'rejected')", name="status"),
        Index("ix_annotations_article_span", "article_id", "start"),
    )
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Relation(Base):
    """A typed link between two annotations: person -holds-> role, org -organises-> event."""

    __tablename__ = "relations"

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[int] = mapped_column(
        ForeignKey("annotations.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[int] = mapped_column(
        ForeignKey("annotations.id", ondelete="CASCADE"), index=True
    )
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        UniqueConstraint("type", "source_id", "target_id", name="link"),
        CheckConstraint("source_id <> target_id", name="distinct_ends"),
    )
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class LibrarySetting(Base):
    """Per-library configuration (the tagset, relation types, checks) as JSON."""

    __tablename__ = "library_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Record(Base):
    """The structured account of a story, filled from a template (values as JSON)."""

    __tablename__ = "records"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), unique=True
    )
    template: Mapped[str] = mapped_column(String(100))
    data: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Alignment(Base):
    """The sentence alignment of a bitext: its beads as JSON."""

    __tablename__ = "alignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    bitext_id: Mapped[int] = mapped_column(
        ForeignKey("bitexts.id", ondelete="CASCADE"), unique=True
    )
    beads: Mapped[str] = mapped_column(Text, default="[]")
    score: Mapped[float | None] = mapped_column(Float)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Revision(Base):
    """One change to one object: who, when, what, and the values before and after."""

    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(32))
    author: Mapped[str] = mapped_column(String(100))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_revisions_object", "object_type", "object_id"),)


FINDING_STATUSES = ("open", "dismissed")
FINDING_SEVERITIES = ("error", "warning", "info")


class QualityFinding(Base):
    """A data-quality problem a check found in an article (curator.quality stores them).

    `start`/`end` index the article's body and `text` is what they cover. `fingerprint`
    (check id, the finding's key and its occurrence) recognises the same finding when the
    checks run again, so a dismissed finding stays dismissed with its reason.
    """

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    check_id: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(16), server_default="warning")
    start: Mapped[int] = mapped_column(Integer, server_default="0")
    end: Mapped[int] = mapped_column(Integer, server_default="0")
    text: Mapped[str] = mapped_column(Text, default="", server_default="")
    message: Mapped[str] = mapped_column(Text, default="", server_default="")
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="open", server_default="open")
    dismiss_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    dismissed_by: Mapped[str | None] = mapped_column(String(100))
    dismissed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, server_default=sql_text("CURRENT_TIMESTAMP")
    )

    __table_args__ = (
        CheckConstraint("status IN ('open', 'dismissed')", name="status"),
        CheckConstraint("severity IN ('error', 'warning', 'info')", name="severity"),
        UniqueConstraint("article_id", "fingerprint", name="fingerprint"),
        # (article_id, status) first: an article's open findings; severity makes the
        # library list's per-article counts an index-only read.
        Index("ix_findings_article_status", "article_id", "status", "severity"),
    )


class ArticleSketch(Base):
    """A MinHash signature of an article's body, for finding near-duplicate articles.

    Bodies never change after import, so a signature is computed once and kept.
    """

    __tablename__ = "article_sketches"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    minhash: Mapped[bytes] = mapped_column(LargeBinary)
