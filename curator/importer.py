"""Importing articles from files, folders and pasted text into a library.

Files are read one at a time and stored in batches, each batch one transaction, so a
folder of 100,000 articles streams through without being held in memory and a cancel
or crash keeps every batch already stored. Bad files are reported and skipped; the
rest of the batch goes on. The same body text imported twice is a duplicate, found by
its content hash.
"""

from __future__ import annotations

import hashlib
import time
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from curator.articles import normalise_tags, tags_for_names
from curator.errors import ValidationError
from curator.formats.base import FileReadResult, ParsedArticle, ReadProblem
from curator.formats.file_access import list_folder, special_file_reason
from curator.formats.html import read_html
from curator.formats.markdown import read_markdown
from curator.formats.plaintext import read_plain_text
from curator.formats.registry import is_supported, read_article_file
from curator.formats.storable import screen
from curator.i18n import _, ngettext
from curator.progress import Progress
from curator.revisions import record_revisions_bulk
from db.bulk import insert_articles, insert_rows
from db.errors import LibraryStorageError, LibraryWriteError
from db.library import Library
from db.models import Article, utcnow

BATCH_SIZE = 1000
#: Between batches stored back to back, the write lock is left free this long (longer
#: than SQLite's longest busy-handler sleep) at least every PAUSE_EVERY_S seconds.
WRITER_TURN_S = 0.12
PAUSE_EVERY_S = 1.0
PastedKind = Literal["plain", "markdown", "html"]


@dataclass(frozen=True, slots=True)
class ImportedArticle:
    id: int
    title: str
    origin: str


@dataclass(frozen=True, slots=True)
class DuplicateArticle:
    origin: str
    existing_id: int
    title: str


@dataclass(slots=True)
class ImportReport:
    """What an import did: stored, recognised as duplicates, refused, skipped."""

    imported: list[ImportedArticle] = field(default_factory=list)
    duplicates: list[DuplicateArticle] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)
    skipped: list[ReadProblem] = field(default_factory=list)
    files_read: int = 0
    cancelled: bool = False
    #: True when too many articles came in to check them now (curator.quality).
    checks_deferred: bool = False

    @property
    def errors(self) -> list[ReadProblem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    def summary(self) -> str:
        parts = [
            ngettext("{n} article imported", "{n} articles imported", len(self.imported)),
            ngettext("{n} duplicate", "{n} duplicates", len(self.duplicates)),
            ngettext("{n} refused", "{n} refused", len(self.errors)),
        ]
        text = ", ".join(
            part.format(n=count)
            for part, count in zip(
                parts, (len(self.imported), len(self.duplicates), len(self.errors)), strict=True
            )
        )
        if self.skipped:
            text += ", " + ngettext(
                "{n} file skipped", "{n} files skipped", len(self.skipped)
            ).format(n=len(self.skipped))
        if self.cancelled:
            text += " — " + _("cancelled; what was imported before is kept")
        if self.checks_deferred:
            text += " — " + _("not checked yet: run Check Library")
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "imported": [
                {"id": item.id, "title": item.title, "origin": item.origin}
                for item in self.imported
            ],
            "duplicates": [
                {"origin": item.origin, "existing_id": item.existing_id, "title": item.title}
                for item in self.duplicates
            ],
            "problems": [
                {"where": p.where, "reason": p.reason, "severity": p.severity}
                for p in self.problems
            ],
            "skipped": [{"where": p.where, "reason": p.reason} for p in self.skipped],
            "files_read": self.files_read,
            "cancelled": self.cancelled,
            "checks_deferred": self.checks_deferred,
        }


def content_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def expand_paths(paths: Iterable[Path], report: ImportReport) -> list[Path]:
    """The article files named, with folders walked recursively (hidden entries left out)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            listing = list_folder(path)  # links leaving the folder and FIFOs: reported
            report.problems.extend(listing.problems)
            for candidate in listing.files:
                if is_supported(candidate):
                    files.append(candidate)
                else:
                    report.skipped.append(
                        ReadProblem(str(candidate), _("not an article file type"), "warning")
                    )
        elif path.is_file():
            if is_supported(path):
                files.append(path)
            else:
                report.problems.extend(read_article_file(path).problems)
        else:
            reason = special_file_reason(path) or _("no such file or folder")
            report.problems.append(ReadProblem(str(path), reason))
    return files


class _BatchWriter:
    """Collects parsed articles and stores them, BATCH_SIZE at a time."""

    def __init__(self, library: Library, report: ImportReport) -> None:
        self.library = library
        self.report = report
        self.pending: list[ParsedArticle] = []
        self._released_at = self._paused_at = 0.0  # when the write lock was last let go

    def add(self, articles: Iterable[ParsedArticle]) -> None:
        self.pending.extend(articles)
        if len(self.pending) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        for start in range(0, len(pending), BATCH_SIZE):
            self._let_others_write()
            try:
                self._store_isolated(pending[start : start + BATCH_SIZE])
            except LibraryWriteError as error:  # the report holds only what was committed
                raise _stopped(self.library, self.report, error) from error
            finally:
                self._released_at = time.monotonic()

    def _let_others_write(self) -> None:
        """Leave the write lock free for a moment between back-to-back batches.

        SQLite's busy handler retries every 100 ms at most; a batch begun right after the
        last one committed could keep another writer waiting until its busy timeout.
        """
        now = time.monotonic()
        if now - self._released_at < WRITER_TURN_S and now - self._paused_at > PAUSE_EVERY_S:
            time.sleep(WRITER_TURN_S)
            self._paused_at = time.monotonic()

    def _store_isolated(self, batch: list[ParsedArticle]) -> None:
        """The batch in one transaction; should the library refuse some article in it
        (anything but the disk or a lock: those stop the import), each file's articles
        are stored on their own, so the file at fault is a named problem and the rest of
        the batch is kept."""
        if self._try_store(batch) is None:
            return
        for name, articles in groupby(batch, key=lambda article: _file_of(article.origin)):
            error = self._try_store(list(articles))
            if error is not None:
                reason = _("could not be stored ({error})").format(
                    error=f"{type(error).__name__}: {error}"
                )
                self.report.problems.append(ReadProblem(name, reason))

    def _try_store(self, batch: list[ParsedArticle]) -> Exception | None:
        """None when stored; the error when the library refused it (the report then
        says nothing of the batch)."""
        counts = (len(self.report.imported), len(self.report.duplicates), len(self.report.problems))
        try:
            with self.library.session() as session:
                self._store(session, batch)
        except Exception as error:  # rolled back: nothing of the batch was stored
            del self.report.imported[counts[0] :]
            del self.report.duplicates[counts[1] :]
            del self.report.problems[counts[2] :]
            if isinstance(error, (OperationalError, LibraryWriteError, LibraryStorageError)):
                raise  # the disk, a lock or damage: these stop the import
            return error
        return None

    def _store(self, session: Session, batch: list[ParsedArticle]) -> None:
        hashes = [content_hash(article.body) for article in batch]
        existing = {
            row.content_hash: (row.id, row.title)
            for row in session.execute(
                select(Article.id, Article.content_hash, Article.title).where(
                    Article.content_hash.in_(set(hashes))
                )
            )
        }
        now = utcnow()
        rows: list[dict[str, Any]] = []
        fresh: list[tuple[ParsedArticle, tuple[str, ...]]] = []
        first_in_batch: dict[str, ParsedArticle] = {}
        later_copies: list[tuple[ParsedArticle, str]] = []
        for article, digest in zip(batch, hashes, strict=True):
            if digest in existing:
                existing_id, title = existing[digest]
                self.report.duplicates.append(DuplicateArticle(article.origin, existing_id, title))
                continue
            if digest in first_in_batch:
                later_copies.append((article, digest))
                continue
            try:
                tags = normalise_tags(article.tags)
            except ValidationError as error:
                self.report.problems.append(ReadProblem(article.origin, error.message, "warning"))
                tags = ()
            first_in_batch[digest] = article
            fresh.append((article, tags))
            rows.append(
                {
                    "title": article.title,
                    "language": article.language,
                    "source_name": article.source_name,
                    "url": article.url,
                    "published": article.published,
                    "body": article.body,
                    "content_hash": digest,
                    "status": "new",
                    "notes": article.notes or "",
                    "origin": article.origin,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
            )
        if not rows:
            return
        insert_articles(session, rows)
        new_hashes = [row["content_hash"] for row in rows]
        id_by_hash: dict[str, int] = {
            digest: article_id
            for digest, article_id in session.execute(
                select(Article.content_hash, Article.id).where(Article.content_hash.in_(new_hashes))
            )
        }
        ids = [id_by_hash[digest] for digest in new_hashes]
        self._store_tags(session, ids, [tags for _article, tags in fresh])
        record_revisions_bulk(
            session,
            [
                {"object_id": new_id, "action": "import", "after": {"origin": article.origin}}
                for new_id, (article, _tags) in zip(ids, fresh, strict=True)
            ],
        )
        for new_id, (article, _tags) in zip(ids, fresh, strict=True):
            self.report.imported.append(ImportedArticle(new_id, article.title, article.origin))
        for article, digest in later_copies:
            self.report.duplicates.append(
                DuplicateArticle(article.origin, id_by_hash[digest], first_in_batch[digest].title)
            )

    @staticmethod
    def _store_tags(
        session: Session, ids: Sequence[int], tag_lists: Sequence[tuple[str, ...]]
    ) -> None:
        names = list(dict.fromkeys(name for tags in tag_lists for name in tags))
        if not names:
            return
        tags = {tag.name.casefold(): tag for tag in tags_for_names(session, names)}
        session.flush()
        insert_rows(
            session,
            "article_tags",
            ("article_id", "tag_id"),
            (
                (article_id, tags[name.casefold()].id)
                for article_id, names_of_article in zip(ids, tag_lists, strict=True)
                for name in names_of_article
            ),
        )


def _stopped(library: Library, report: ImportReport, error: LibraryWriteError) -> Exception:
    """The error for an import a failed write stopped, saying truthfully what was kept."""
    kept = len(report.imported)
    if not kept:
        return error  # "nothing was saved" is then the truth
    stored = ngettext(
        "{n} article stored before that is kept",
        "{n} articles stored before that are kept",
        kept,
    ).format(n=f"{kept:,}")
    message = _(
        "{name}: the import stopped because {reason}. The {stored}; the rest was not "
        "stored. Import again when this is fixed: what is already stored is recognised "
        "as a duplicate."
    ).format(name=library.path.name, reason=error.reason, stored=stored)
    return type(error)(message, error.reason)


def _file_of(origin: str) -> str:
    """The file an article came from: its origin without ", item 3" or ", line 12"."""
    return origin.split(", item ", 1)[0].split(", line ", 1)[0]


def _record(report: ImportReport, result: FileReadResult) -> Iterator[ParsedArticle]:
    report.problems.extend(result.problems)
    yield from result.articles


def _read_ahead(files: Sequence[Path]) -> Iterator[tuple[Path, FileReadResult]]:
    """Each file with what it held, the next one being read while this one is stored.

    Parsing is Python work and storing is mostly SQLite's, which releases the GIL, so
    on two cores the reading of file n+1 hides behind the indexing of file n.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="curator-read") as reader:
        upcoming = reader.submit(read_article_file, files[0]) if files else None
        for index, path in enumerate(files):
            assert upcoming is not None
            result = upcoming.result()
            if index + 1 < len(files):
                upcoming = reader.submit(read_article_file, files[index + 1])
            yield path, result


def import_paths(
    library: Library, paths: Sequence[Path | str], progress: Progress | None = None
) -> ImportReport:
    """Import files and folders; bad files are reported and the rest goes on."""
    progress = progress or Progress()
    report = ImportReport()
    files = expand_paths([Path(path) for path in paths], report)
    writer = _BatchWriter(library, report)
    for index, (path, result) in enumerate(_read_ahead(files)):
        if progress.cancelled:
            report.cancelled = True
            break
        progress.report(index, len(files), str(path))
        writer.add(_record(report, result))
        report.files_read += 1
    writer.flush()  # on cancel too: what was read is stored, so the report tells all
    _check_imported(library, report)
    progress.report(len(files), len(files), "")
    return report


#: An import of more articles than this leaves checking to `check_library` (the CLI's
#: `check`, the Problems panel's Check Library): checking costs about 5 ms an article.
IMPORT_CHECK_LIMIT = 200


def _check_imported(library: Library, report: ImportReport) -> None:
    """Run the data-quality checks on what came in, unless it is a bulk import."""
    imported = [item.id for item in report.imported]
    if len(imported) > IMPORT_CHECK_LIMIT:
        report.checks_deferred = True  # and the checks' half-second import is not paid
    elif imported:
        from curator import quality  # numpy and the checks: loaded only when needed

        try:
            quality.check_articles(library, imported)
        except LibraryWriteError:  # the articles are stored; only their findings are not
            report.checks_deferred = True


PASTED_READERS = {"plain": read_plain_text, "markdown": read_markdown, "html": read_html}


def import_text(
    library: Library, text: str, kind: PastedKind = "plain", name: str | None = None
) -> ImportReport:
    """Import one article from pasted or dropped text."""
    report = ImportReport()
    name = name or _("pasted text")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        report.problems.append(ReadProblem(name, _("there is no text to import")))
        return report
    writer = _BatchWriter(library, report)
    writer.add(_record(report, screen(PASTED_READERS[kind](text, name))))
    writer.flush()
    _check_imported(library, report)
    return report


def import_parsed(library: Library, articles: Sequence[ParsedArticle]) -> ImportReport:
    """Store articles already read by a caller (the sample library, other importers)."""
    report = ImportReport()
    writer = _BatchWriter(library, report)
    writer.add(articles)
    writer.flush()
    _check_imported(library, report)
    return report
