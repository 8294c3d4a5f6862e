"""Export and import by format name: the one entry point the CLI and the window use.

`export()` chooses the articles (ids, filter, search, dates), streams them through the
format module and writes atomically (curator/exchange/atomic.py): a failure or a cancel
leaves no file at all, not even a partial one. It writes only where it may
(curator/exchange/destination.py): never over the library, its journals or backups,
never into a folder it did not write, and it replaces an earlier export only with
`replace=True`.

`import_file()` reads an exchange file and stores what it holds: articles matched by
content (the same text is the same article), annotations added as they were (no
snapping), entities matched by name and type or created, relations re-linked, records
restored with their evidence pointing to the new annotations. Every item that could
not be taken is reported by name.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import select

from curator import annotations as annotation_service
from curator import entities as entity_service
from curator.articles import ArticleChanges, ArticleFilter, link_translation, update_article
from curator.backups import backup_folder
from curator.errors import CuratorError
from curator.exchange.anchoring import plain_int
from curator.exchange.atomic import atomic_file, atomic_folder
from curator.exchange.collect import iter_articles, select_ids
from curator.exchange.destination import (
    Shape,
    protected_paths,
    refuse_protected,
    require_consent,
)
from curator.exchange.label_map import LabelOptions, map_labels
from curator.exchange.model import ExportCancelled, ExportedArticle, ImportResult
from curator.exchange.record_fit import fit_to_template
from curator.formats.base import ParsedArticle, ReadProblem
from curator.formats.file_access import special_file_reason
from curator.formats.storable import article_problem
from curator.i18n import _, ngettext
from curator.importer import content_hash, import_parsed
from curator.progress import Progress
from curator.records import SET_ASIDE, get_record, restore_record
from curator.tagset import load_tagset, save_tagset
from curator.templates import get_template
from db.library import Library
from db.models import Annotation, Article, Entity

#: format name -> module under curator.exchange (imported when first used).
MODULES: dict[str, str] = {
    "json": "json_export",
    "jsonl": "jsonl",
    "csv": "csv_export",
    "w3c": "w3c",
    "brat": "brat",
    "conll": "conll",
    "doccano": "doccano",
    "labelstudio": "labelstudio",
}
#: translation memories: one file per aligned pair (curator.translations.export_alignment).
ALIGNMENT_FORMATS = ("tmx", "xliff")
FORMATS: tuple[str, ...] = (*MODULES, *ALIGNMENT_FORMATS)
SUFFIXES = {
    "json": ".json",
    "jsonl": ".jsonl",
    "w3c": ".jsonld",
    "conll": ".conll",
    "doccano": ".jsonl",
    "labelstudio": ".json",
    "tmx": ".tmx",
    "xliff": ".xlf",
}


class ExchangeError(CuratorError):
    """An export or import that could not be done; the message is one line."""


@dataclass(frozen=True, slots=True)
class ExportReport:
    count: int  # articles (or translation pairs, for tmx/xliff)
    bytes: int
    path: Path

    def to_json(self) -> dict[str, Any]:
        return {"count": self.count, "bytes": self.bytes, "path": str(self.path)}


@dataclass(slots=True)
class ExchangeImportReport:
    """What importing an exchange file did, and every item it could not take."""

    imported: list[int] = field(default_factory=list)  # new article ids
    matched: list[int] = field(default_factory=list)  # already in the library (same text)
    annotations: int = 0
    relations: int = 0
    entities_created: int = 0
    entities_matched: int = 0
    records: int = 0
    problems: list[ReadProblem] = field(default_factory=list)
    cancelled: bool = False

    @property
    def errors(self) -> list[ReadProblem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    def summary(self) -> str:
        text = ", ".join(
            (
                ngettext(
                    "{n} article imported", "{n} articles imported", len(self.imported)
                ).format(n=len(self.imported)),
                ngettext(
                    "{n} already in the library", "{n} already in the library", len(self.matched)
                ).format(n=len(self.matched)),
                ngettext("{n} annotation", "{n} annotations", self.annotations).format(
                    n=self.annotations
                ),
                ngettext("{n} relation", "{n} relations", self.relations).format(n=self.relations),
                ngettext("{n} new entity", "{n} new entities", self.entities_created).format(
                    n=self.entities_created
                ),
                ngettext("{n} record", "{n} records", self.records).format(n=self.records),
                ngettext("{n} problem", "{n} problems", len(self.problems)).format(
                    n=len(self.problems)
                ),
            )
        )
        if self.cancelled:
            text += " — " + _("cancelled; what was imported before is kept")
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "matched": self.matched,
            "annotations": self.annotations,
            "relations": self.relations,
            "entities_created": self.entities_created,
            "entities_matched": self.entities_matched,
            "records": self.records,
            "problems": [
                {"where": p.where, "reason": p.reason, "severity": p.severity}
                for p in self.problems
            ],
            "cancelled": self.cancelled,
        }


# --- formats ---------------------------------------------------------------------------


def format_module(fmt: str) -> ModuleType:
    """The module writing (and perhaps reading) `fmt`; a clear error when there is none."""
    if fmt not in MODULES:
        raise ExchangeError(
            _("“{name}” is not an export format; use one of: {names}").format(
                name=fmt, names=", ".join(FORMATS)
            )
        )
    name = f"curator.exchange.{MODULES[fmt]}"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
        raise ExchangeError(_("format {name} is not available yet").format(name=fmt)) from None


def is_multi_file(fmt: str) -> bool:
    return fmt in MODULES and bool(getattr(format_module(fmt), "MULTI_FILE", False))


def can_import(fmt: str) -> bool:
    try:
        return hasattr(format_module(fmt), "read")
    except ExchangeError:
        return False


def available_formats() -> list[str]:
    """The formats that can be exported now (the other modules may come later)."""
    found = []
    for fmt in FORMATS:
        try:
            fmt in ALIGNMENT_FORMATS or format_module(fmt)
        except ExchangeError:
            continue
        found.append(fmt)
    return found


# --- export ----------------------------------------------------------------------------


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def _shape(fmt: str, out: Path) -> Shape:
    if out.suffix.lower() == ".zip" and (fmt in ALIGNMENT_FORMATS or is_multi_file(fmt)):
        return "zip"
    if fmt in ALIGNMENT_FORMATS:
        return "either"  # one pair is one file, several a folder
    return "folder" if is_multi_file(fmt) else "file"


def check_destination(library: Library, fmt: str, out: Path, replace: bool = False) -> bool:
    """Whether an export to `out` replaces an earlier one; raises DestinationRefused
    when it may not write there, ReplaceNeeded when it would replace without `replace`."""
    out = Path(out)
    if fmt not in ALIGNMENT_FORMATS:
        format_module(fmt)
    refuse_protected(out, protected_paths(library.path, backup_folder(library.path).parent))
    return require_consent(out, fmt, _shape(fmt, out), replace)


def _one_line(error: OSError, out: Path) -> str:
    reason = error.strerror or str(error)
    return _("cannot write {path}: {reason}").format(path=error.filename or out, reason=reason)


def export(
    library: Library,
    fmt: str,
    out: Path,
    *,
    ids: Sequence[int] | None = None,
    article_filter: ArticleFilter | None = None,
    query: str = "",
    published_from: str | None = None,
    published_to: str | None = None,
    progress: Progress | None = None,
    options: dict[str, Any] | None = None,
    replace: bool = False,
) -> ExportReport:
    """Write the chosen articles in `fmt` to `out`; all or nothing.

    Raises ExportCancelled when cancelled and ExchangeError when the file cannot be
    written; in both cases nothing is left at `out` (an earlier file there is kept).
    Raises DestinationRefused (ReplaceNeeded) as check_destination() says.
    """
    progress = progress or Progress()
    out = Path(out)
    for day in (published_from, published_to):
        if day:
            try:
                dt.date.fromisoformat(day)
            except ValueError:
                raise ExchangeError(
                    _("“{value}” is not a date (YYYY-MM-DD)").format(value=day)
                ) from None
    check_destination(library, fmt, out, replace)
    chosen = select_ids(library, article_filter, query, ids, published_from, published_to)
    if fmt in ALIGNMENT_FORMATS:
        return _export_alignments(library, fmt, out, chosen, progress, replace)
    module = format_module(fmt)
    total = len(chosen)

    def reporting(done: int, _total: int, message: str) -> None:
        progress.report(done, total, message)

    inner = _Relay(progress, reporting)
    articles = iter_articles(library, chosen)
    try:
        if getattr(module, "MULTI_FILE", False):
            with atomic_folder(out, fmt, replace=replace) as folder:
                count = module.write(articles, folder, inner, **(options or {}))
                _raise_if_cancelled(progress)
        else:
            companions = _companions(library, module, out, replace)
            with atomic_file(out, replace=replace) as stream:
                count = module.write(articles, stream, inner, **(options or {}))
                _raise_if_cancelled(progress)
            for path, (text, may_replace) in companions.items():
                with atomic_file(path, replace=may_replace) as companion:
                    companion.write(text)
    except OSError as error:
        raise ExchangeError(_one_line(error, out)) from None
    progress.report(total, total, "")
    return ExportReport(count, _size(out), out)


def _companions(
    library: Library, module: ModuleType, out: Path, replace: bool
) -> dict[Path, tuple[str, bool]]:
    """The files a format writes beside its one file (Label Studio's labelling config),
    each with whether it may replace what is there; checked like `out` before anything
    is written. One of ours there (same name, same first bytes) is replaced without
    asking."""
    companions = getattr(module, "companion_files", None)
    if companions is None:
        return {}
    checked = {}
    protected = protected_paths(library.path, backup_folder(library.path).parent)
    for path, text in companions(load_tagset(library), out).items():
        refuse_protected(path, protected)
        ours = path.is_file() and path.read_bytes()[:40] == text.encode("utf-8")[:40]
        require_consent(path, "", "file", replace or ours)
        checked[path] = (text, replace or ours)
    return checked


class _Relay(Progress):
    """The caller's Progress, with the total filled in for the format modules."""

    def __init__(self, outer: Progress, on_progress: Callable[[int, int, str], None]) -> None:
        super().__init__(on_progress)
        self._outer = outer

    @property
    def cancelled(self) -> bool:
        return self._outer.cancelled

    def cancel(self) -> None:
        self._outer.cancel()


def _raise_if_cancelled(progress: Progress) -> None:
    if progress.cancelled:
        raise ExportCancelled


def _export_alignments(
    library: Library,
    fmt: str,
    out: Path,
    chosen: Sequence[int],
    progress: Progress,
    replace: bool,
) -> ExportReport:
    from curator.translations import export_alignment, get_alignment, list_pairs

    pairs: dict[int, str] = {}
    for article_id in chosen:
        for pair in list_pairs(library, article_id):
            if pair.aligned and pair.bitext_id not in pairs:
                name = (
                    f"{pair.bitext_id}-{pair.source_language or 'und'}-"
                    f"{pair.target_language or 'und'}{SUFFIXES[fmt]}"
                )
                pairs[pair.bitext_id] = name
    if not pairs:
        raise ExchangeError(_("none of the chosen articles has an aligned translation"))
    try:
        if len(pairs) == 1 and out.suffix.lower() != ".zip":
            (bitext_id,) = pairs
            get_alignment(library, bitext_id)
            with atomic_file(out, "wb", replace=replace) as stream:
                stream.write(export_alignment(library, bitext_id, fmt))
                _raise_if_cancelled(progress)
        else:
            with atomic_folder(out, fmt, replace=replace) as folder:
                for done, (bitext_id, name) in enumerate(pairs.items()):
                    _raise_if_cancelled(progress)
                    progress.report(done, len(pairs), name)
                    (folder / name).write_bytes(export_alignment(library, bitext_id, fmt))
    except OSError as error:
        raise ExchangeError(_one_line(error, out)) from None
    return ExportReport(len(pairs), _size(out), out)


# --- import ----------------------------------------------------------------------------


def read_file(fmt: str, path: Path) -> ImportResult:
    """What the file holds; a missing file or a special one (a FIFO, a device: never
    opened) is a named problem, so one bad path among several stops nothing."""
    module = format_module(fmt)
    if not hasattr(module, "read"):
        raise ExchangeError(_("{name} files cannot be imported").format(name=fmt))
    path = Path(path)
    reason = special_file_reason(path)
    if reason is None and not path.exists():
        reason = _("no such file or folder")
    if reason is not None:
        return ImportResult(problems=[ReadProblem(str(path), reason)])
    return module.read(path)


def import_file(
    library: Library,
    fmt: str,
    path: Path,
    progress: Progress | None = None,
    labels: LabelOptions | None = None,
) -> ExchangeImportReport:
    """Store what an exchange file holds; each item not taken becomes a named problem.

    Foreign labels are mapped to the tagset's types first (curator/exchange/label_map.py);
    with `labels.add_types` the unknown ones are added to the library's tagset."""
    progress = progress or Progress()
    result = read_file(fmt, Path(path))
    report = ExchangeImportReport(problems=list(result.problems))
    name = Path(path).name
    mapped = map_labels(result.articles, load_tagset(library), labels or LabelOptions(), name)
    report.problems.extend(mapped.problems)
    if mapped.tagset is not None:
        save_tagset(library, mapped.tagset)
        report.problems.append(
            ReadProblem(
                name,
                _("added to the library's tagset: {names}").format(names=", ".join(mapped.added)),
                "warning",
            )
        )
    _Importer(library, report, name).run(_storable(mapped.articles, report, name), progress)
    return report


def _storable(
    articles: list[ExportedArticle], report: ExchangeImportReport, name: str
) -> list[ExportedArticle]:
    """The articles whose every text can be stored (every body within the article size
    limit, whatever the format); each other one is a named problem, checked before
    anything is stored."""
    kept = []
    for article in articles:
        where = _("{file}, article “{title}”").format(file=name, title=article.title[:80])
        problem = article_problem(article, where)
        if problem is None:
            kept.append(article)
        else:
            report.problems.append(problem)
    return kept


class _Importer:
    def __init__(self, library: Library, report: ExchangeImportReport, name: str) -> None:
        self.library = library
        self.report = report
        self.name = name
        self.entity_ids: dict[int, int] = {}  # file's entity id -> library id
        self.article_ids: dict[int, int] = {}  # file's article id -> library id
        self.annotation_ids: dict[int, int] = {}  # file's annotation id -> library id
        self.new_articles: set[int] = set()

    def problem(self, where: str, reason: str, severity: str = "error") -> None:
        self.report.problems.append(ReadProblem(where, reason, severity))  # type: ignore[arg-type]

    def run(self, articles: list[ExportedArticle], progress: Progress) -> None:
        stored = self._store_articles(articles)
        for done, (article, library_id) in enumerate(zip(articles, stored, strict=True)):
            if progress.cancelled:
                self.report.cancelled = True
                break
            progress.report(done, len(articles), article.title)
            if library_id is None:
                continue
            where = _("{file}, article “{title}”").format(file=self.name, title=article.title)
            self._entities(article, where)
            self._annotations(article, library_id, where)
            self._relations(article, where)
        else:
            for article, library_id in zip(articles, stored, strict=True):
                if library_id is not None:
                    where = _("{file}, article “{title}”").format(
                        file=self.name, title=article.title
                    )
                    self._record(article, library_id, where)
            self._translations(articles, stored)
        progress.report(len(articles), len(articles), "")

    def _store_articles(self, articles: list[ExportedArticle]) -> list[int | None]:
        hashes = [content_hash(article.body) for article in articles]
        with self.library.session() as session:
            existing = dict(
                session.execute(
                    select(Article.content_hash, Article.id).where(
                        Article.content_hash.in_(set(hashes))
                    )
                ).all()
            )
        parsed = []
        for index, (article, digest) in enumerate(zip(articles, hashes, strict=True)):
            if digest in existing:
                continue
            try:
                published = dt.date.fromisoformat(article.published) if article.published else None
            except ValueError:
                self.problem(
                    f"{self.name}, {article.title}",
                    _("“{value}” is not a date; left out").format(value=article.published),
                    "warning",
                )
                published = None
            parsed.append(
                ParsedArticle(
                    title=article.title,
                    body=article.body,
                    origin=f"{self.name}#{index}",
                    language=article.language,
                    source_name=article.source_name,
                    url=article.url,
                    published=published,
                    tags=list(article.tags),
                    notes=article.notes,
                )
            )
        stored_report = import_parsed(self.library, parsed) if parsed else None
        by_origin: dict[str, int] = {}
        if stored_report is not None:
            for item in stored_report.imported:
                by_origin[item.origin] = item.id
            for duplicate in stored_report.duplicates:
                by_origin[duplicate.origin] = duplicate.existing_id
            self.report.problems.extend(stored_report.problems)
        result: list[int | None] = []
        for index, (article, digest) in enumerate(zip(articles, hashes, strict=True)):
            library_id = existing.get(digest) or by_origin.get(f"{self.name}#{index}")
            if library_id is None:
                result.append(None)
                continue
            if digest in existing or library_id in self.article_ids.values():
                self.report.matched.append(library_id)
            else:
                self.report.imported.append(library_id)
                self.new_articles.add(library_id)
                if article.status != "new":
                    try:
                        update_article(
                            self.library, library_id, ArticleChanges(status=article.status)
                        )
                    except CuratorError as error:
                        self.problem(f"{self.name}, {article.title}", str(error), "warning")
            self.article_ids[article.id] = library_id
            result.append(library_id)
        return result

    def _entities(self, article: ExportedArticle, where: str) -> None:
        for entity in article.entities:
            if entity.id in self.entity_ids:
                continue
            with self.library.session() as session:
                found = session.scalar(
                    select(Entity.id)
                    .where(Entity.name == entity.name, Entity.type == entity.type)
                    .order_by(Entity.id)
                    .limit(1)
                )
            if found is not None:
                self.entity_ids[entity.id] = found
                self.report.entities_matched += 1
                continue
            try:
                view = entity_service.create_entity(
                    self.library,
                    entity.type,
                    entity.name,
                    entity.aliases,
                    entity.description,
                    entity.external_id,
                )
            except CuratorError as error:
                self.problem(f"{where}, {_('entity')} “{entity.name}”", str(error))
                continue
            self.entity_ids[entity.id] = view.id
            self.report.entities_created += 1

    def _annotations(self, article: ExportedArticle, library_id: int, where: str) -> None:
        with self.library.session() as session:
            existing = {
                (row.type, row.start, row.end): row.id
                for row in session.execute(
                    select(Annotation.id, Annotation.type, Annotation.start, Annotation.end).where(
                        Annotation.article_id == library_id
                    )
                )
            }
        for annotation in article.annotations:
            place = f"{where}, {_('annotation')} “{annotation.text}”"
            key = (annotation.type, annotation.start, annotation.end)
            if key in existing:
                self.annotation_ids[annotation.id] = existing[key]
                continue
            entity_id = None
            if annotation.entity_id is not None:
                entity_id = self.entity_ids.get(annotation.entity_id)
                if entity_id is None:
                    self.problem(
                        place, _("its entity is not in the file; kept without it"), "warning"
                    )
            try:
                view = annotation_service.add_annotation(
                    self.library,
                    library_id,
                    annotation.start,
                    annotation.end,
                    annotation.type,
                    note=annotation.note,
                    entity_id=entity_id,
                    source="import",
                    snap=False,
                )
            except CuratorError as error:
                self.problem(place, str(error))
                continue
            existing[key] = view.id
            self.annotation_ids[annotation.id] = view.id
            self.report.annotations += 1

    def _relations(self, article: ExportedArticle, where: str) -> None:
        present = {
            (r.type, r.source_id, r.target_id)
            for library_id in {self.annotation_ids.get(r.source_id) for r in article.relations}
            if library_id is not None
            for r in annotation_service.list_relations(self.library, self._article_of(library_id))
        }
        for relation in article.relations:
            source = self.annotation_ids.get(relation.source_id)
            target = self.annotation_ids.get(relation.target_id)
            place = f"{where}, {_('relation')} {relation.type}"
            if source is None or target is None:
                self.problem(place, _("one of its annotations was not imported; left out"))
                continue
            if (relation.type, source, target) in present:
                continue
            try:
                annotation_service.add_relation(self.library, relation.type, source, target)
            except CuratorError as error:
                self.problem(place, str(error))
                continue
            present.add((relation.type, source, target))
            self.report.relations += 1

    def _article_of(self, annotation_id: int) -> int:
        with self.library.session() as session:
            return int(session.get(Annotation, annotation_id).article_id)  # type: ignore[union-attr]

    def _record(self, article: ExportedArticle, library_id: int, where: str) -> None:
        record = article.record
        if record is None:
            return
        place = f"{where}, {_('record')}"
        story = record.get("story_article_id", record.get("article_id", article.id))
        if story != article.id:
            if story not in self.article_ids:
                self.problem(
                    place,
                    _(
                        "the record belongs to the original article, which is "
                        "not in the file; left out"
                    ),
                    "warning",
                )
            return  # imported with the original
        if get_record(self.library, library_id).version > 0 and library_id not in self.new_articles:
            self.problem(
                place, _("the article already has a record; the library's is kept"), "warning"
            )
            return
        values: dict[str, Any] = {}
        for key, node in (record.get("fields") or {}).items():
            if isinstance(node, list):
                values[key] = [
                    {child: self._cell(cell, place) for child, cell in item.items()}
                    for item in node
                    if isinstance(item, dict)
                ]
            elif isinstance(node, dict):
                values[key] = self._cell(node, place)
        if record.get("set_aside"):
            values[SET_ASIDE] = copy.deepcopy(record["set_aside"])
        try:
            template = get_template(str(record.get("template")))
            with self.library.session() as session:
                values, moved = fit_to_template(session, values, template)
            restore_record(  # checked with the library, as bulk imports are
                self.library, library_id, values, template.id, check=False
            )
        except (CuratorError, KeyError) as error:
            self.problem(place, str(error))
            return
        for key in moved:
            self.problem(
                place,
                _("field “{key}”: the value does not fit the template; kept aside").format(
                    key=key
                ),
                "warning",
            )
        self.report.records += 1

    def _cell(self, cell: dict[str, Any], place: str) -> dict[str, Any]:
        value = copy.deepcopy(cell.get("value"))  # the schema lets a value be any JSON
        if isinstance(value, dict) and value.get("entity_id") is not None:
            known = plain_int(value["entity_id"])
            mapped = None if known is None else self.entity_ids.get(known)
            if mapped is None:
                self.problem(
                    place,
                    _("entity of “{text}” not in the file; kept as text").format(
                        text=value.get("text", "")
                    ),
                    "warning",
                )
            value = {**value, "entity_id": mapped}
        evidence = []
        for item in cell.get("evidence") or []:
            if "annotation_id" in item and item["annotation_id"] in self.annotation_ids:
                evidence.append({"annotation_id": self.annotation_ids[item["annotation_id"]]})
            elif item.get("article_id") in self.article_ids and {"start", "end"} <= item.keys():
                evidence.append(
                    {
                        "article_id": self.article_ids[item["article_id"]],
                        "start": item["start"],
                        "end": item["end"],
                    }
                )
            else:
                self.problem(
                    place,
                    _("evidence “{text}” points outside the file; left out").format(
                        text=item.get("text", "")
                    ),
                    "warning",
                )
        return {
            "value": value,
            "evidence": evidence,
            "status": cell.get("status", "unverified"),
            "comment": cell.get("comment", ""),
        }

    def _translations(self, articles: list[ExportedArticle], stored: list[int | None]) -> None:
        for article, library_id in zip(articles, stored, strict=True):
            if library_id is None:
                continue
            for link in article.translations:
                if link.get("role") != "translation":
                    continue
                target = self.article_ids.get(plain_int(link.get("article_id")) or 0)
                if target is None:
                    self.problem(
                        f"{self.name}, {article.title}",
                        _("its translation is not in the file; the pair is left out"),
                        "warning",
                    )
                    continue
                try:
                    link_translation(self.library, library_id, target)
                except CuratorError as error:
                    self.problem(f"{self.name}, {article.title}", str(error), "warning")


def default_name(fmt: str) -> str:
    """A file (or folder) name for an export in `fmt`."""
    return "curator-export" + ("" if is_multi_file(fmt) else SUFFIXES.get(fmt, ".json"))
