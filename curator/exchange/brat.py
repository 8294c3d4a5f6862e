"""brat standoff: a folder (or .zip) of `<id>.txt` + `<id>.ann` pairs, and annotation.conf.

Writing, for each article:

- `<id>.txt` holds the body exactly (UTF-8, line ends untouched), so brat's character
  offsets are Curator's offsets;
- `<id>.ann` holds one `T` line per annotation (`T12\tPERSON 10 20\tAnna Ferri`, the
  number is the annotation id; line breaks inside the quoted text become spaces, as brat
  cannot keep them), an `R` line per relation (`R3\tholds Arg1:T12 Arg2:T14`), a `#` line
  (`AnnotatorNotes`) per annotation note (line breaks become spaces), and `N` lines for
  entity links: `N1\tReference T12 Wikidata:Q90\tName` when the entity has a Wikidata
  id, and always `N2\tReference T12 Curator:7\tName` naming the library's entity, so a
  round trip keeps which annotations share an entity.
- Type and relation names cannot hold white space in brat; each run of it becomes "_".
- `annotation.conf` lists the entity types and relations used (with their argument types),
  written at the end so the articles can stream.

Reading takes a folder or a .zip; every `.ann` needs its `.txt` (a `.txt` alone is an
article without annotations). Each `T` span is checked against the text: one whose text
moved is re-anchored (the .ann text is the quote) and reported as a warning; one whose
text is nowhere is reported and left out, as is every malformed line, with file:line.
Events, attributes and equivalences (`E`, `A`, `M`, `*`) are reported as not imported.
Entities linked only to Wikidata get negative ids (the reader's own, not library ids).
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from curator.exchange.anchoring import (
    InputTooLarge,
    anchor_span,
    decode_utf8,
    read_input_bytes,
    too_large_reason,
)
from curator.exchange.model import (
    ExportCancelled,
    ExportedAnnotation,
    ExportedArticle,
    ExportedEntity,
    ExportedRelation,
    ImportResult,
)
from curator.formats.base import ReadProblem
from curator.formats.decoding import describe_size
from curator.formats.file_access import list_folder, open_regular, special_file_reason
from curator.formats.plaintext import title_from_text
from curator.formats.storable import MAX_BODY_BYTES
from curator.i18n import _

MULTI_FILE = True

CONF_NAME = "annotation.conf"
_SPACE = re.compile(r"\s+")
#: Bounds of one brat import (folder or zip): files, bytes of one file, bytes of all
#: members once unpacked. A .txt is one article, so it has the article size limit.
MAX_MEMBERS = 100_000
MAX_MEMBER_BYTES = MAX_BODY_BYTES
MAX_ARCHIVE_BYTES = 256 * 1024 * 1024


def brat_name(name: str) -> str:
    """A type or relation name as brat can hold it: no white space."""
    return _SPACE.sub("_", name.strip()) or "UNTYPED"


def _flat(text: str) -> str:
    return text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ").replace("\t", " ")


# --------------------------------------------------------------------------- writing


def write(articles: Iterable[ExportedArticle], out: Path, progress: Any) -> int:
    """Write each article as `<id>.txt` + `<id>.ann` into the folder `out`."""
    out.mkdir(parents=True, exist_ok=True)
    entity_types: set[str] = set()
    relation_args: dict[str, tuple[set[str], set[str]]] = {}
    count = 0
    for article in articles:
        if progress.cancelled:
            raise ExportCancelled()
        stem = str(article.id)
        with open(out / f"{stem}.txt", "w", encoding="utf-8", newline="") as txt:
            txt.write(article.body)
        with open(out / f"{stem}.ann", "w", encoding="utf-8", newline="") as ann:
            for line in ann_lines(article, entity_types, relation_args):
                ann.write(line + "\n")
        count += 1
    if progress.cancelled:
        raise ExportCancelled()
    with open(out / CONF_NAME, "w", encoding="utf-8", newline="") as conf:
        conf.write(_conf_text(entity_types, relation_args))
    return count


def ann_lines(
    article: ExportedArticle,
    entity_types: set[str] | None = None,
    relation_args: dict[str, tuple[set[str], set[str]]] | None = None,
) -> Iterator[str]:
    """The lines of one article's .ann file (without line ends)."""
    entity_types = set() if entity_types is None else entity_types
    relation_args = {} if relation_args is None else relation_args
    entities = {entity.id: entity for entity in article.entities}
    types: dict[int, str] = {}
    body = article.body
    for annotation in article.annotations:
        kind = brat_name(annotation.type)
        types[annotation.id] = kind
        entity_types.add(kind)
        quote = body[annotation.start : annotation.end]
        if not quote or quote != annotation.text:
            quote = annotation.text
        yield f"T{annotation.id}\t{kind} {annotation.start} {annotation.end}\t{_flat(quote)}"
    for relation in article.relations:
        if relation.source_id not in types or relation.target_id not in types:
            continue
        kind = brat_name(relation.type)
        first, second = relation_args.setdefault(kind, (set(), set()))
        first.add(types[relation.source_id])
        second.add(types[relation.target_id])
        yield f"R{relation.id}\t{kind} Arg1:T{relation.source_id} Arg2:T{relation.target_id}"
    note_number = 0
    for annotation in article.annotations:
        if annotation.note.strip():
            note_number += 1
            yield f"#{note_number}\tAnnotatorNotes T{annotation.id}\t{_flat(annotation.note)}"
    norm_number = 0
    for annotation in article.annotations:
        if annotation.entity_id is None:
            continue
        entity = entities.get(annotation.entity_id)
        name = _flat(entity.name) if entity is not None else ""
        if entity is not None and entity.external_id:
            norm_number += 1
            yield (
                f"N{norm_number}\tReference T{annotation.id} Wikidata:{entity.external_id}\t{name}"
            )
        norm_number += 1
        yield f"N{norm_number}\tReference T{annotation.id} Curator:{annotation.entity_id}\t{name}"


def _conf_text(entity_types: set[str], relation_args: dict[str, tuple[set[str], set[str]]]) -> str:
    lines = ["# brat annotation configuration, written by Curator", "", "[entities]", ""]
    lines[-1:] = sorted(entity_types) or [""]
    lines += ["", "[relations]", ""]
    relation_lines = []
    for kind in sorted(relation_args):
        first, second = relation_args[kind]
        relation_lines.append(
            f"{kind}\tArg1:{'|'.join(sorted(first))}, Arg2:{'|'.join(sorted(second))}"
        )
    lines[-1:] = relation_lines or ["<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>"]
    lines += ["", "[events]", "", "[attributes]", ""]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- reading


class _Source:
    """The files of a folder or a zip archive, by relative POSIX name."""

    def names(self) -> list[str]:  # pragma: no cover - overridden
        raise NotImplementedError

    def read(self, name: str) -> bytes:  # pragma: no cover - overridden
        raise NotImplementedError

    def close(self) -> None:
        pass


class _FolderSource(_Source):
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[ReadProblem] = []

    def names(self) -> list[str]:
        listing = list_folder(self.root)  # links leaving the folder, FIFOs: reported
        self.problems = listing.problems
        found = [
            path.relative_to(self.root).as_posix()
            for path in listing.files
            if path.suffix in (".txt", ".ann")
        ]
        if len(found) > MAX_MEMBERS:
            raise ArchiveTooLarge(_too_many(len(found)))
        return found

    def read(self, name: str) -> bytes:
        return read_input_bytes(self.root / name, MAX_MEMBER_BYTES)


class _ZipSource(_Source):
    """A zip archive read within bounds: at most MAX_MEMBERS entries, each member at most
    MAX_MEMBER_BYTES and all of them together at most MAX_ARCHIVE_BYTES once unpacked.
    Sizes are counted as the bytes come out of the decompressor, never taken from the
    archive's headers, which a zip bomb can fill with anything."""

    def __init__(self, path: Path) -> None:
        with open_regular(path) as stream:
            entries = _entry_count(stream)
        if entries is not None and entries > MAX_MEMBERS:
            raise ArchiveTooLarge(_too_many(entries))
        self.archive = zipfile.ZipFile(path)
        self.unpacked = 0

    def names(self) -> list[str]:
        members = self.archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise ArchiveTooLarge(_too_many(len(members)))
        found = []
        for info in members:
            name = info.filename
            if info.is_dir() or name.startswith("__MACOSX/") or ".." in PurePosixPath(name).parts:
                continue
            if name.endswith((".txt", ".ann")):
                found.append(name)
        return found

    def read(self, name: str) -> bytes:
        info = self.archive.getinfo(name)
        if info.file_size > MAX_MEMBER_BYTES:  # the header says so: not even started
            raise InputTooLarge(name)
        allowed = min(MAX_MEMBER_BYTES, MAX_ARCHIVE_BYTES - self.unpacked)
        with self.archive.open(info) as member:
            data = member.read(allowed + 1)
        self.unpacked += len(data)
        if len(data) > MAX_MEMBER_BYTES:
            raise InputTooLarge(name)
        if len(data) > allowed:
            raise ArchiveTooLarge(
                _("the archive unpacks to more than {size}; nothing from it was imported").format(
                    size=describe_size(MAX_ARCHIVE_BYTES)
                )
            )
        return data

    def close(self) -> None:
        self.archive.close()


class ArchiveTooLarge(Exception):
    """An archive (or folder) beyond the bounds: refused whole, `str()` says why."""


def _too_many(count: int) -> str:
    return _("it holds {count} files; the limit is {limit}; nothing from it was imported").format(
        count=count, limit=MAX_MEMBERS
    )


def _entry_count(stream: BinaryIO) -> int | None:
    """The number of entries the archive's end record announces, read before zipfile
    builds one object per entry (which, for millions of entries, is gigabytes)."""
    try:
        end = zipfile._EndRecData(stream)  # type: ignore[attr-defined]
    except (AttributeError, OSError, struct.error):
        return None
    return None if not end else int(end[zipfile._ECD_ENTRIES_TOTAL])  # type: ignore[attr-defined]


_READ_ERRORS = (
    OSError,
    zipfile.BadZipFile,
    zlib.error,
    RuntimeError,
    NotImplementedError,
    EOFError,
    ValueError,
    KeyError,
)


def read(path: Path) -> ImportResult:
    """The articles in a brat folder or .zip, with a problem for every item not taken."""
    result = ImportResult()
    where = path.name or str(path)
    try:
        special = special_file_reason(path)
        if special:  # a FIFO or device: never opened
            result.problems.append(ReadProblem(where, special))
            return result
        if path.is_dir():
            source: _Source = _FolderSource(path)
        elif path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
            source = _ZipSource(path)
        else:
            result.problems.append(
                ReadProblem(
                    where, _("a brat import needs a folder or a .zip of .txt and .ann files")
                )
            )
            return result
    except ArchiveTooLarge as error:
        result.problems.append(ReadProblem(where, str(error)))
        return result
    except _READ_ERRORS as error:
        result.problems.append(ReadProblem(where, _("cannot open: {error}").format(error=error)))
        return result
    try:
        _read_source(source, result)
    except ArchiveTooLarge as error:
        result.articles.clear()  # refused whole: a bomb imports nothing
        result.problems.append(ReadProblem(where, str(error)))
    except _READ_ERRORS as error:
        result.problems.append(ReadProblem(where, _("cannot read: {error}").format(error=error)))
    finally:
        source.close()
    return result


def _read_source(source: _Source, result: ImportResult) -> None:
    names = source.names()
    result.problems.extend(getattr(source, "problems", ()))
    texts = {name[:-4] for name in names if name.endswith(".txt")}
    anns = {name[:-4] for name in names if name.endswith(".ann")}
    texts.discard(CONF_NAME[:-5])
    next_id = 1
    for stem in sorted(texts | anns, key=_natural_key):
        txt_name, ann_name = f"{stem}.txt", f"{stem}.ann"
        if stem not in texts:
            result.problems.append(
                ReadProblem(ann_name, _("there is no {name} beside it").format(name=txt_name))
            )
            continue
        body = _decode(source, txt_name, result)
        if body is None:
            continue
        ann_text = "" if stem not in anns else _decode(source, ann_name, result)
        if ann_text is None:
            continue
        base = PurePosixPath(stem).name
        numbered = base.isascii() and base.isdigit() and len(base) < 12
        article_id = int(base) if numbered else next_id
        next_id = max(next_id, article_id) + 1
        result.articles.append(
            parse_ann(article_id, body, ann_text, PurePosixPath(ann_name).name, result.problems)
        )


def _natural_key(stem: str) -> tuple[int, int, str]:
    base = PurePosixPath(stem).name
    return (
        (0, int(base), stem)
        if base.isascii() and base.isdigit() and len(base) < 12
        else (
            1,
            0,
            stem,
        )
    )


def _decode(source: _Source, name: str, result: ImportResult) -> str | None:
    try:
        return decode_utf8(source.read(name))
    except InputTooLarge:
        result.problems.append(ReadProblem(name, too_large_reason(MAX_MEMBER_BYTES)))
    except UnicodeDecodeError:
        result.problems.append(ReadProblem(name, _("not UTF-8 text; it was not imported")))
    except _READ_ERRORS as error:
        result.problems.append(ReadProblem(name, _("cannot read: {error}").format(error=error)))
    return None


_T_ID = re.compile(r"T(\d{1,12})")
_R_ID = re.compile(r"R(\d{1,12})")
_OFFSETS = re.compile(r"(\d{1,12}) (\d{1,12})")
_ARG = re.compile(r"[^:\s]+:(T\d{1,12})")
_WIKIDATA = re.compile(r"Q[1-9]\d{0,11}")


@dataclass
class _Span:
    type: str
    start: int
    end: int
    where: str
    note: str = ""
    refs: list[tuple[str, str, str, str]] = field(default_factory=list)  # db, id, name, where


def parse_ann(
    article_id: int, body: str, ann_text: str, file_name: str, problems: list[ReadProblem]
) -> ExportedArticle:
    """One article from its text and .ann content; problems are appended to `problems`."""
    spans: dict[int, _Span] = {}
    relations: list[tuple[int, str, int, int, str]] = []
    notes: list[tuple[int, str, str]] = []
    refs: list[tuple[int, str, str, str, str]] = []
    seen_ids: set[str] = set()
    for number, raw in enumerate(ann_text.split("\n"), 1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        where = f"{file_name}, line {number}"
        parts = line.split("\t")
        ident = parts[0].strip()
        if ident and ident[0] in "TR" and ident in seen_ids:
            problems.append(
                ReadProblem(
                    where,
                    _("the id {id} is used twice; this line was not imported").format(id=ident),
                )
            )
            continue
        seen_ids.add(ident)
        kind = ident[:1]
        if kind == "T":
            _parse_t(parts, body, where, spans, problems)
        elif kind == "R":
            _parse_r(parts, where, relations, problems)
        elif kind == "#":
            if (
                len(parts) >= 3
                and len(parts[1].split()) == 2
                and parts[1].split()[0] == "AnnotatorNotes"
            ):
                target = parts[1].split()[1]
                match = _T_ID.fullmatch(target)
                if match:
                    notes.append((int(match.group(1)), "\t".join(parts[2:]), where))
                    continue
            problems.append(
                ReadProblem(where, _("a note line not understood; it was not imported"), "warning")
            )
        elif kind == "N":
            fields = parts[1].split() if len(parts) >= 2 else []
            match = _T_ID.fullmatch(fields[1]) if len(fields) == 3 else None
            if match is None or ":" not in fields[2]:
                problems.append(
                    ReadProblem(
                        where, _("a normalization line not understood; it was not imported")
                    )
                )
                continue
            database, _sep, key = fields[2].partition(":")
            name = "\t".join(parts[2:]) if len(parts) >= 3 else ""
            refs.append((int(match.group(1)), database, key, name, where))
        elif kind in ("E", "A", "M", "*"):
            problems.append(
                ReadProblem(
                    where,
                    _("events, attributes and equivalences are not imported"),
                    "warning",
                )
            )
        else:
            problems.append(ReadProblem(where, _("a line not understood; it was not imported")))
    for target, note, where in notes:
        if target in spans:
            spans[target].note = (
                note if not spans[target].note else spans[target].note + "\n" + note
            )
        else:
            problems.append(
                ReadProblem(
                    where,
                    _("the note is for T{id}, which was not imported").format(id=target),
                    "warning",
                )
            )
    entities: dict[int, ExportedEntity] = {}
    links: dict[int, int] = {}
    _link_entities(spans, refs, entities, links, problems)
    for span_id, entity_id in links.items():  # an entity named nowhere: its span's text
        entity = entities[entity_id]
        if not entity.name.strip():
            span = spans[span_id]
            entities[entity_id] = replace(entity, name=body[span.start : span.end])
    annotations = tuple(
        ExportedAnnotation(
            id=span_id,
            type=span.type,
            start=span.start,
            end=span.end,
            text=body[span.start : span.end],
            entity_id=links.get(span_id),
            note=span.note,
        )
        for span_id, span in sorted(spans.items(), key=lambda item: (item[1].start, item[0]))
    )
    kept_relations = []
    for relation_id, kind, source, target, where in relations:
        missing = [f"T{t}" for t in (source, target) if t not in spans]
        if missing:
            problems.append(
                ReadProblem(
                    where,
                    _("the relation refers to {ids}, not imported; it was left out").format(
                        ids=", ".join(missing)
                    ),
                )
            )
            continue
        kept_relations.append(ExportedRelation(relation_id, kind, source, target))
    return ExportedArticle(
        id=article_id,
        title=title_from_text(body) or file_name,
        body=body,
        annotations=annotations,
        relations=tuple(kept_relations),
        entities=tuple(entities.values()),
        extra={"file": file_name},
    )


def _parse_t(
    parts: list[str], body: str, where: str, spans: dict[int, _Span], problems: list[ReadProblem]
) -> None:
    match = _T_ID.fullmatch(parts[0])
    if match is None or len(parts) < 3 or " " not in parts[1].strip():
        problems.append(ReadProblem(where, _("a span line not understood; it was not imported")))
        return
    kind, _sep, offsets = parts[1].strip().partition(" ")
    if ";" in offsets:
        problems.append(
            ReadProblem(where, _("discontinuous spans are not supported; it was not imported"))
        )
        return
    numbers = _OFFSETS.fullmatch(offsets.strip())
    if numbers is None:
        problems.append(
            ReadProblem(where, _("the span offsets are not understood; it was not imported"))
        )
        return
    quote = "\t".join(parts[2:])
    anchored = anchor_span(body, int(numbers.group(1)), int(numbers.group(2)), quote, where)
    if anchored.problem is not None:
        problems.append(anchored.problem)
    if anchored.start is None or anchored.end is None:
        return
    spans[int(match.group(1))] = _Span(kind, anchored.start, anchored.end, where)


def _parse_r(
    parts: list[str],
    where: str,
    relations: list[tuple[int, str, int, int, str]],
    problems: list[ReadProblem],
) -> None:
    match = _R_ID.fullmatch(parts[0])
    fields = parts[1].split() if len(parts) >= 2 else []
    args = [_ARG.fullmatch(item) for item in fields[1:]]
    if match is None or len(fields) != 3 or not all(args):
        problems.append(
            ReadProblem(where, _("a relation line not understood; it was not imported"))
        )
        return
    source, target = (int(arg.group(1)[1:]) for arg in args if arg is not None)
    relations.append((int(match.group(1)), fields[0], source, target, where))


def _link_entities(
    spans: dict[int, _Span],
    refs: list[tuple[int, str, str, str, str]],
    entities: dict[int, ExportedEntity],
    links: dict[int, int],
    problems: list[ReadProblem],
) -> None:
    by_span: dict[int, dict[str, tuple[str, str]]] = {}
    for target, database, key, name, where in refs:
        if target not in spans:
            problems.append(
                ReadProblem(
                    where,
                    _("the link is for T{id}, which was not imported").format(id=target),
                    "warning",
                )
            )
            continue
        database_name = database.lower()
        if database_name == "curator" and key.isascii() and key.isdigit():
            by_span.setdefault(target, {})["curator"] = (key, name)
        elif database_name == "wikidata" and _WIKIDATA.fullmatch(key):
            by_span.setdefault(target, {})["wikidata"] = (key, name)
        else:
            problems.append(
                ReadProblem(
                    where,
                    _("links to {database} are not imported; only Wikidata and Curator").format(
                        database=database
                    ),
                    "warning",
                )
            )
    by_qid: dict[str, int] = {}
    for target, found in by_span.items():
        qid, qname = found.get("wikidata", (None, ""))
        if "curator" in found:
            entity_id = int(found["curator"][0])
            name = found["curator"][1] or qname
        elif qid is not None:
            entity_id = by_qid.setdefault(qid, -(len(by_qid) + 1))
            name = qname
        else:  # pragma: no cover - by_span only holds the two kinds
            continue
        span = spans[target]
        links[target] = entity_id
        known = entities.get(entity_id)
        entities[entity_id] = ExportedEntity(
            id=entity_id,
            type=known.type if known else span.type,
            name=(known.name if known and known.name else name) or name,
            external_id=(known.external_id if known and known.external_id else qid),
        )
