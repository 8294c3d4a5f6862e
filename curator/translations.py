"""Translations: pairing articles, aligning their sentences, correcting the alignment by
hand, and writing a translation sentence by sentence against its source.

Storage (the existing tables; no schema change):

- A pair is a `Bitext`: its source article is the original, its target the translation.
- Its alignment is the pair's `Alignment` row. `Alignment.beads` is a JSON list, one
  object per bead in order::

      {"src": [4], "tgt": [4, 5],
       "src_sentences": [[start, end, "text"]], "tgt_sentences": [[...], [...]],
       "confidence": 0.93, "confirmed": false}

  Indices are 0-based over each side's sentences; each sentence is stored with its
  character offsets into its article's body and its text, so a stored alignment is read
  (and exported) without segmenting again, and survives a change of the segmenter.
  `Alignment.score` is the mean confidence; `Alignment.version` guards every edit.
- A translation being written. An article's body is immutable once stored (it is the
  evidence; a trigger refuses any UPDATE of it), so a translation cannot grow inside its
  article. `create_translation` makes a *draft*: a target article with an empty body
  (origin DRAFT_ORIGIN) that holds the record (title, language, tags, notes), paired
  with the source, and an alignment of one bead per source sentence whose target
  sentences are the translator's text, stored in the beads with no offsets (`null`).
  `finish_translation` assembles those sentences (keeping the source's paragraph
  breaks) into the body of a new article, stored like an import (content hash, revision),
  moves the pair, the record and the tags to it, and deletes the empty draft; the
  alignment then points into the new body, its beads confirmed (the translator wrote
  each target sentence for its source). The pair's id, which the editor holds, never
  changes; the translation's article id changes once, at finish.

Every edit checks the version the caller saw (EditConflictError otherwise), writes one
revision (object type "alignment") holding only the beads it changed, and returns the
new AlignmentView. Each edit is undone by its inverse: a merge by `set_beads` with the
beads before it (which restores confidence and confirmation exactly), a confirmation
by `set_confirmed`, a sentence written by `set_target_text` with the old text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from curator.align.aligner import align
from curator.align.anchors import AliasPair
from curator.align.beads import Alignment as AlignedTexts
from curator.align.beads import Bead, check_beads
from curator.align.facts import Fact, KnownName, sentence_facts
from curator.articles import link_translation
from curator.errors import CuratorError, EditConflictError, NotFoundError, ValidationError
from curator.formats import language_tags
from curator.formats.alignment_import import read_for_pair
from curator.formats.atomic_write import write_bytes_atomically
from curator.formats.base import ReadProblem
from curator.formats.bitext_tsv import write_bitext_tsv
from curator.formats.tmx import write_tmx
from curator.formats.xliff import write_xliff
from curator.i18n import _
from curator.importer import content_hash
from curator.progress import Progress
from curator.revisions import record_revision
from curator.text.language import detect_language, normalise_language_tag
from curator.text.segment import split_sentences
from db.library import Library
from db.models import (
    Alignment,
    Annotation,
    Article,
    Bitext,
    Entity,
    EntityAlias,
    Record,
    utcnow,
)

#: The origin of a translation being written (its body is empty until it is finished).
DRAFT_ORIGIN = "curator: translation draft"
#: The origin of a translation written in Curator and finished.
WRITTEN_ORIGIN = "curator: written translation"
#: Beads the aligner is less sure of than this are highlighted for a look.
LOW_CONFIDENCE = 0.9
SOURCE, TARGET = "source", "target"
UP, DOWN = "up", "down"
EXPORT_FORMATS = ("tmx", "xliff", "tsv")
UNDETERMINED = "und"


# --- what callers get back -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BeadView:
    """One row of the alignment: sentence indices and texts of both sides."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    source_texts: tuple[str, ...]
    target_texts: tuple[str, ...]
    confidence: float
    confirmed: bool

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.source), len(self.target)

    @property
    def low_confidence(self) -> bool:
        return not self.confirmed and self.confidence < LOW_CONFIDENCE

    def bead(self) -> Bead:
        return Bead(self.source, self.target, self.confidence, self.confirmed)


@dataclass(frozen=True, slots=True)
class AlignmentView:
    """A pair and its alignment as the editor shows it. `version` is 0 before the pair
    is first aligned (then `beads` is empty)."""

    bitext_id: int
    version: int
    source_article_id: int
    target_article_id: int
    source_title: str
    target_title: str
    source_language: str
    target_language: str
    is_draft: bool
    source_sentences: tuple[str, ...]
    target_sentences: tuple[str, ...]
    beads: tuple[BeadView, ...]
    score: float | None = None

    @property
    def aligned(self) -> bool:
        return self.version > 0

    @property
    def low_confidence_count(self) -> int:
        return sum(1 for bead in self.beads if bead.low_confidence)

    @property
    def confirmed_count(self) -> int:
        return sum(1 for bead in self.beads if bead.confirmed)

    @property
    def written_count(self) -> int:
        """Beads whose target side has some text (for a draft: segments translated)."""
        return sum(1 for bead in self.beads if any(t.strip() for t in bead.target_texts))

    def to_alignment(self) -> AlignedTexts:
        """The alignment as the exchange formats take it."""
        return AlignedTexts(
            self.source_language,
            self.target_language,
            self.source_sentences,
            self.target_sentences,
            tuple(bead.bead() for bead in self.beads),
        )


@dataclass(frozen=True, slots=True)
class PairView:
    """A pair of articles that translate each other, as a list shows it."""

    bitext_id: int
    source_article_id: int
    source_title: str
    source_language: str | None
    target_article_id: int
    target_title: str
    target_language: str | None
    is_draft: bool
    aligned: bool


# --- the stored form -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Sentence:
    text: str
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class _Stored:
    source: list[_Sentence]
    target: list[_Sentence]
    beads: list[Bead]


def _parse(beads_json: str) -> _Stored:
    try:
        items = json.loads(beads_json or "[]")
        source: dict[int, _Sentence] = {}
        target: dict[int, _Sentence] = {}
        beads = []
        for item in items:
            for side, key, sentences in (
                ("src", "src_sentences", source),
                ("tgt", "tgt_sentences", target),
            ):
                for index, (start, end, text) in zip(item[side], item[key], strict=True):
                    sentences[int(index)] = _Sentence(str(text), start, end)
            beads.append(
                Bead(
                    tuple(int(i) for i in item["src"]),
                    tuple(int(j) for j in item["tgt"]),
                    float(item.get("confidence", 1.0)),
                    bool(item.get("confirmed", False)),
                )
            )
        stored = _Stored(
            [source[i] for i in range(len(source))],
            [target[j] for j in range(len(target))],
            beads,
        )
        check_beads(beads, len(source), len(target))
    except (ValueError, KeyError, TypeError) as error:
        raise ValidationError(
            "alignment", _("the stored alignment is damaged ({reason})").format(reason=error)
        ) from error
    return stored


def _dump(stored: _Stored) -> str:
    items = []
    for bead in stored.beads:
        items.append(
            {
                "src": list(bead.source),
                "tgt": list(bead.target),
                "src_sentences": [_sentence_json(stored.source[i]) for i in bead.source],
                "tgt_sentences": [_sentence_json(stored.target[j]) for j in bead.target],
                "confidence": round(bead.confidence, 3),
                "confirmed": bead.confirmed,
            }
        )
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))


def _sentence_json(sentence: _Sentence) -> list[Any]:
    return [sentence.start, sentence.end, sentence.text]


def _bead_json(bead: Bead) -> dict[str, Any]:
    """A bead as a revision records it (indices and flags; the texts do not change)."""
    return {
        "src": list(bead.source),
        "tgt": list(bead.target),
        "confidence": bead.confidence,
        "confirmed": bead.confirmed,
    }


def _score(beads: Sequence[Bead]) -> float | None:
    return round(sum(b.confidence for b in beads) / len(beads), 3) if beads else None


# --- loading ---------------------------------------------------------------------------


def _article(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id, options=[selectinload(Article.tags)])
    if article is None:
        raise NotFoundError(_("No article with id {id}.").format(id=article_id))
    return article


def _bitext(session: Session, bitext_id: int) -> Bitext:
    bitext = session.get(Bitext, bitext_id)
    if bitext is None:
        raise NotFoundError(_("No translation pair with id {id}.").format(id=bitext_id))
    return bitext


def _row(session: Session, bitext_id: int) -> Alignment | None:
    return session.scalar(select(Alignment).where(Alignment.bitext_id == bitext_id))


def is_draft_article(article: Article) -> bool:
    return article.origin == DRAFT_ORIGIN and not article.body


def _full_language(article: Article) -> str:
    """The article's whole language tag (en-GB, not en), standardised."""
    if article.language and article.language.strip():
        return language_tags.standard(article.language)
    return _language(article)


def _language(article: Article) -> str:
    if article.language:
        return normalise_language_tag(article.language) or article.language
    return detect_language(article.body) or UNDETERMINED


def _view(session: Session, bitext: Bitext, row: Alignment | None) -> AlignmentView:
    source = _article(session, bitext.source_article_id)
    target = _article(session, bitext.target_article_id)
    stored = _parse(row.beads) if row is not None else _Stored([], [], [])
    return AlignmentView(
        bitext_id=bitext.id,
        version=row.version if row is not None else 0,
        source_article_id=source.id,
        target_article_id=target.id,
        source_title=source.title,
        target_title=target.title,
        source_language=_language(source),
        target_language=_language(target),
        is_draft=is_draft_article(target),
        source_sentences=tuple(s.text for s in stored.source),
        target_sentences=tuple(s.text for s in stored.target),
        beads=tuple(
            BeadView(
                bead.source,
                bead.target,
                tuple(stored.source[i].text for i in bead.source),
                tuple(stored.target[j].text for j in bead.target),
                bead.confidence,
                bead.confirmed,
            )
            for bead in stored.beads
        ),
        score=row.score if row is not None else None,
    )


def _store_beads(
    session: Session,
    row: Alignment,
    stored: _Stored,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any],
) -> None:
    """Write the beads, their score and a revision of the change."""
    row.beads = _dump(stored)
    row.score = _score(stored.beads)
    row.updated_at = utcnow()
    session.flush()
    record_revision(session, "alignment", row.id, action, before, after)


def _check_version(row: Alignment | None, expected: int | None, title: str) -> None:
    current = row.version if row is not None else 0
    if expected is not None and current != expected:
        raise EditConflictError(
            _(
                "The alignment of “{title}” was changed elsewhere since you opened it "
                "(version {theirs}, you had {mine}); nothing was overwritten."
            ).format(title=title, theirs=current, mine=expected)
        )


# --- pairs -------------------------------------------------------------------------


def pair_articles(library: Library, source_id: int, target_id: int) -> int:
    """Mark `target_id` as the translation of `source_id`; the pair's id (an existing
    pair of the two, either way round, is returned as it is)."""
    link_translation(library, source_id, target_id)
    with library.session() as session:
        bitext_id = session.scalar(
            select(Bitext.id).where(
                or_(
                    (Bitext.source_article_id == source_id)
                    & (Bitext.target_article_id == target_id),
                    (Bitext.source_article_id == target_id)
                    & (Bitext.target_article_id == source_id),
                )
            )
        )
    assert bitext_id is not None
    return bitext_id


def list_pairs(library: Library, article_id: int) -> list[PairView]:
    """The pairs an article belongs to, as original or as translation."""
    with library.reading() as session:
        _article(session, article_id)
        bitexts = session.scalars(
            select(Bitext)
            .where(
                or_(Bitext.source_article_id == article_id, Bitext.target_article_id == article_id)
            )
            .order_by(Bitext.id)
        ).all()
        aligned = set(
            session.scalars(
                select(Alignment.bitext_id).where(
                    Alignment.bitext_id.in_([bitext.id for bitext in bitexts])
                )
            )
        )
        pairs = []
        for bitext in bitexts:
            source = _article(session, bitext.source_article_id)
            target = _article(session, bitext.target_article_id)
            pairs.append(
                PairView(
                    bitext.id,
                    source.id,
                    source.title,
                    source.language,
                    target.id,
                    target.title,
                    target.language,
                    is_draft_article(target),
                    bitext.id in aligned,
                )
            )
        return pairs


def pair_for_article(library: Library, article_id: int) -> int:
    """The one pair an article belongs to; NotFoundError when it has none, and
    ValidationError naming the others when it has several."""
    pairs = list_pairs(library, article_id)
    if not pairs:
        raise NotFoundError(
            _("Article {id} is not paired with a translation.").format(id=article_id)
        )
    as_target = [pair for pair in pairs if pair.target_article_id == article_id]
    if len(as_target) == 1:
        return as_target[0].bitext_id
    if len(pairs) == 1:
        return pairs[0].bitext_id
    others = ", ".join(
        str(p.target_article_id if p.source_article_id == article_id else p.source_article_id)
        for p in pairs
    )
    raise ValidationError(
        "article",
        _("article {id} is paired with several articles ({others}); give one of those").format(
            id=article_id, others=others
        ),
    )


def create_translation(
    library: Library, source_id: int, language: str, title: str | None = None
) -> int:
    """A new, empty translation of an article, to be written in the editor.

    Returns the draft article's id. Its sentences are kept in the pair's alignment, one
    segment per source sentence, until `finish_translation`.
    """
    code = (normalise_language_tag(language) or language or "").strip().lower()
    if not (2 <= len(code) <= 16 and code.replace("-", "").isalpha()):
        raise ValidationError(
            "language", _("“{value}” is not a language code such as en or it").format(value=code)
        )
    with library.session() as session:
        source = _article(session, source_id)
        if not source.body:
            raise ValidationError("translation", _("an article with no text cannot be translated"))
        now = utcnow()
        draft = Article(
            title=title or f"{source.title} [{code}]",
            language=code,
            source_name=source.source_name,
            url=None,
            published=source.published,
            body="",
            # A draft's body is empty: its hash must not collide with another draft's.
            content_hash=content_hash(f"{DRAFT_ORIGIN} {source.id} {now.isoformat()}"),
            status="in_progress",
            notes="",
            origin=DRAFT_ORIGIN,
            created_at=now,
            updated_at=now,
        )
        session.add(draft)
        session.flush()
        bitext = Bitext(source_article_id=source.id, target_article_id=draft.id)
        session.add(bitext)
        session.flush()
        sentences = _segment(source.body, _language(source))
        stored = _Stored(
            sentences,
            [_Sentence("") for _sentence in sentences],
            [Bead((i,), (i,), 0.0) for i in range(len(sentences))],
        )
        row = Alignment(bitext_id=bitext.id, beads=_dump(stored), score=None, updated_at=now)
        session.add(row)
        session.flush()
        record_revision(
            session,
            "article",
            draft.id,
            "create_translation",
            None,
            {"source": source.id, "language": code, "bitext": bitext.id},
        )
        return draft.id


def finish_translation(
    library: Library, bitext_id: int, expected_version: int | None = None
) -> int:
    """Store the written translation as the text of its article; the new article's id.

    The draft's record, tags and pairs move to the new article and the empty draft is
    deleted. Empty segments are sentences left out of the translation (1-0 beads).
    """
    try:
        with library.session() as session:
            bitext = _bitext(session, bitext_id)
            draft = _article(session, bitext.target_article_id)
            source = _article(session, bitext.source_article_id)
            if not is_draft_article(draft):
                raise ValidationError("translation", _("this translation is already finished"))
            row = _row(session, bitext_id)
            if row is None:
                raise ValidationError("translation", _("this translation has no segments"))
            _check_version(row, expected_version, source.title)
            stored = _parse(row.beads)
            body, finished = _assemble(stored, source.body)
            if not body:
                raise ValidationError(
                    "translation", _("write at least one sentence before finishing")
                )
            digest = content_hash(body)
            duplicate = session.scalar(select(Article.id).where(Article.content_hash == digest))
            if duplicate is not None:
                raise ValidationError(
                    "translation",
                    _("article {id} already has exactly this text").format(id=duplicate),
                )
            now = utcnow()
            article = Article(
                title=draft.title,
                language=draft.language,
                source_name=draft.source_name,
                url=draft.url,
                published=draft.published,
                body=body,
                content_hash=digest,
                status=draft.status,
                notes=draft.notes,
                origin=WRITTEN_ORIGIN,
                created_at=now,
                updated_at=now,
            )
            article.tags = list(draft.tags)
            session.add(article)
            session.flush()
            for other in session.scalars(
                select(Bitext).where(
                    or_(Bitext.source_article_id == draft.id, Bitext.target_article_id == draft.id)
                )
            ):
                if other.source_article_id == draft.id:
                    other.source_article_id = article.id
                if other.target_article_id == draft.id:
                    other.target_article_id = article.id
            record = session.scalar(select(Record).where(Record.article_id == draft.id))
            if record is not None:
                record.article_id = article.id
            row.beads = _dump(finished)
            row.score = _score(finished.beads)
            row.updated_at = now
            session.flush()
            record_revision(
                session,
                "article",
                article.id,
                "finish_translation",
                None,
                {"bitext": bitext.id, "source": source.id, "draft": draft.id},
            )
            record_revision(
                session,
                "article",
                draft.id,
                "delete",
                {"title": draft.title},
                {"replaced_by": article.id},
            )
            record_revision(
                session,
                "alignment",
                row.id,
                "finish_translation",
                None,
                {"article": article.id, "beads": len(finished.beads)},
            )
            draft.tags = []
            session.flush()
            session.delete(draft)
            session.flush()
            return article.id
    except StaleDataError as error:
        raise EditConflictError(
            _("The translation was changed elsewhere while saving; nothing was overwritten.")
        ) from error


def _assemble(stored: _Stored, source_body: str) -> tuple[str, _Stored]:
    """The translation's text, built from its segments with the source's paragraph
    breaks, and the alignment pointing into it (empty segments left out)."""
    parts: list[str] = []
    length = 0
    new_target: list[_Sentence] = []
    new_beads: list[Bead] = []
    previous_source_end: int | None = None
    for bead in stored.beads:
        gap = ""
        if bead.source:
            first = stored.source[bead.source[0]]
            if previous_source_end is not None and first.start is not None:
                gap = source_body[previous_source_end : first.start]
            last = stored.source[bead.source[-1]]
            previous_source_end = last.end if last.end is not None else previous_source_end
        indices = []
        for position, j in enumerate(bead.target):
            text = stored.target[j].text.strip()
            if not text:
                continue
            if parts:
                separator = _separator(gap) if position == 0 or not indices else " "
                parts.append(separator)
                length += len(separator)
            new_target.append(_Sentence(text, length, length + len(text)))
            parts.append(text)
            length += len(text)
            indices.append(len(new_target) - 1)
            gap = ""
        if bead.source or indices:
            new_beads.append(Bead(bead.source, tuple(indices), 1.0, True))
    return "".join(parts), _Stored(list(stored.source), new_target, new_beads)


def _separator(gap: str) -> str:
    newlines = gap.count("\n")
    return "\n\n" if newlines >= 2 else "\n" if newlines == 1 else " "


# --- aligning ----------------------------------------------------------------------


def _segment(text: str, language: str, cuts: Iterable[int] = ()) -> list[_Sentence]:
    """The sentences of a body, also cut at `cuts` (the edges of confirmed beads, so that
    a bead the translator confirmed is still made of whole sentences)."""
    cut_points = sorted(set(cuts))
    sentences: list[_Sentence] = []
    for sentence in split_sentences(text, language):
        inner = [c for c in cut_points if sentence.start < c < sentence.end]
        edges = [sentence.start, *inner, sentence.end]
        for start, end in pairwise(edges):
            piece = text[start:end]
            stripped = piece.strip()
            if not stripped:
                continue
            start += len(piece) - len(piece.lstrip())
            sentences.append(_Sentence(stripped, start, start + len(stripped)))
    return sentences


def _span(sentences: Sequence[_Sentence], indices: Sequence[int]) -> tuple[int, int] | None:
    if not indices:
        return None
    first, last = sentences[indices[0]], sentences[indices[-1]]
    if first.start is None or last.end is None:
        return None
    return first.start, last.end


def _covered(sentences: Sequence[_Sentence], span: tuple[int, int]) -> tuple[int, ...]:
    start, end = span
    return tuple(
        k
        for k, s in enumerate(sentences)
        if s.start is not None and s.end is not None and s.start >= start and s.end <= end
    )


def _kept_beads(
    stored: _Stored | None, source: list[_Sentence], target: list[_Sentence]
) -> list[Bead]:
    """The confirmed beads of a stored alignment, in the new sentences' indices."""
    if stored is None:
        return []
    kept = []
    for bead in stored.beads:
        if not bead.confirmed:
            continue
        sides = []
        for old, new, indices in (
            (stored.source, source, bead.source),
            (stored.target, target, bead.target),
        ):
            span = _span(old, indices)
            if indices and span is None:
                break
            sides.append(_covered(new, span) if span else ())
        else:
            if (bead.source and not sides[0]) or (bead.target and not sides[1]):
                continue
            kept.append(Bead(sides[0], sides[1], bead.confidence, True))
    return kept


def _confirmed_edges(stored: _Stored | None) -> tuple[list[int], list[int]]:
    source_cuts: list[int] = []
    target_cuts: list[int] = []
    if stored is None:
        return source_cuts, target_cuts
    for bead in stored.beads:
        if not bead.confirmed:
            continue
        for sentences, indices, cuts in (
            (stored.source, bead.source, source_cuts),
            (stored.target, bead.target, target_cuts),
        ):
            span = _span(sentences, indices)
            if span:
                cuts.extend(span)
    return source_cuts, target_cuts


def _alias_pairs(
    session: Session, article_ids: Sequence[int], source_language: str, target_language: str
) -> list[AliasPair]:
    """For each entity an editor linked in either article, its name in each language."""
    entity_ids = set(
        session.scalars(
            select(Annotation.entity_id).where(
                Annotation.article_id.in_(article_ids),
                Annotation.entity_id.is_not(None),
                Annotation.status == "accepted",
            )
        )
    )
    if not entity_ids:
        return []
    names = dict(
        session.execute(select(Entity.id, Entity.name).where(Entity.id.in_(entity_ids))).all()
    )
    by_language: dict[tuple[int, str | None], str] = {}
    for entity_id, alias, language in session.execute(
        select(EntityAlias.entity_id, EntityAlias.alias, EntityAlias.language)
        .where(EntityAlias.entity_id.in_(entity_ids))
        .order_by(EntityAlias.id)
    ):
        by_language.setdefault((entity_id, (language or "").split("-")[0] or None), alias)
    pairs = []
    for entity_id, name in sorted(names.items()):
        source_form = by_language.get((entity_id, source_language.split("-")[0]), name)
        target_form = by_language.get((entity_id, target_language.split("-")[0]), name)
        if source_form.casefold() != target_form.casefold():
            pairs.append((source_form, target_form))
    return pairs


def align_pair(
    library: Library,
    bitext_id: int,
    progress: Progress | None = None,
    expected_version: int | None = None,
) -> AlignmentView:
    """Split both articles into sentences and align them, keeping confirmed beads.

    A translation being written is aligned by construction (one segment per source
    sentence) and comes back as it is. Runs in a worker: the slow part holds no session,
    and the result is stored only if nobody changed the alignment meanwhile.
    """
    progress = progress or Progress()
    with library.session() as session:
        bitext = _bitext(session, bitext_id)
        source = _article(session, bitext.source_article_id)
        target = _article(session, bitext.target_article_id)
        row = _row(session, bitext_id)
        _check_version(row, expected_version, source.title)
        if is_draft_article(target):
            return _view(session, bitext, row)
        seen_version = row.version if row is not None else 0
        stored = _parse(row.beads) if row is not None else None
        source_language, target_language = _language(source), _language(target)
        source_body, target_body, title = source.body, target.body, source.title
        aliases = _alias_pairs(session, [source.id, target.id], source_language, target_language)
    progress.report(0, 2, _("Splitting into sentences…"))
    source_cuts, target_cuts = _confirmed_edges(stored)
    source_sentences = _segment(source_body, source_language, source_cuts)
    target_sentences = _segment(target_body, target_language, target_cuts)
    fixed = _kept_beads(stored, source_sentences, target_sentences)
    if progress.cancelled:
        return get_alignment(library, bitext_id)
    progress.report(1, 2, _("Aligning sentences…"))
    beads = align(
        [s.text for s in source_sentences],
        [s.text for s in target_sentences],
        source_language,
        target_language,
        fixed,
        aliases=aliases,
    )
    if progress.cancelled:
        return get_alignment(library, bitext_id)
    result = _Stored(source_sentences, target_sentences, list(beads))
    try:
        with library.session() as session:
            bitext = _bitext(session, bitext_id)
            row = _row(session, bitext_id)
            _check_version(row, seen_version, title)
            if row is None:
                row = Alignment(bitext_id=bitext_id)
                session.add(row)
            _store_beads(
                session,
                row,
                result,
                "align",
                {"beads": len(stored.beads)} if stored else None,
                {"beads": len(result.beads), "kept_confirmed": len(fixed)},
            )
            progress.report(2, 2, "")
            return _view(session, bitext, row)
    except StaleDataError as error:
        raise EditConflictError(
            _("The alignment was changed elsewhere while aligning; nothing was overwritten.")
        ) from error


def get_alignment(library: Library, bitext_id: int) -> AlignmentView:
    """The pair's stored alignment (no beads and version 0 before it is first aligned)."""
    with library.reading() as session:
        bitext = _bitext(session, bitext_id)
        return _view(session, bitext, _row(session, bitext_id))


# --- editing -----------------------------------------------------------------------


def _edit(
    library: Library,
    bitext_id: int,
    expected_version: int | None,
    action: str,
    change: Any,
    *,
    draft_allowed: bool = True,
    finished_allowed: bool = True,
) -> AlignmentView:
    """Load, check, change (`change(stored)` returns the revision's before and after),
    store and return the new view, all in one transaction."""
    try:
        with library.session() as session:
            bitext = _bitext(session, bitext_id)
            row = _row(session, bitext_id)
            source = _article(session, bitext.source_article_id)
            if row is None:
                raise ValidationError(
                    "alignment", _("this pair is not aligned yet; align it first")
                )
            _check_version(row, expected_version, source.title)
            draft = is_draft_article(_article(session, bitext.target_article_id))
            if draft and not draft_allowed:
                raise ValidationError(
                    "alignment",
                    _(
                        "a translation being written keeps one segment per source sentence; "
                        "finish it to change its alignment"
                    ),
                )
            if not draft and not finished_allowed:
                raise ValidationError(
                    "alignment",
                    _("the translation is an article's text, which cannot be changed"),
                )
            stored = _parse(row.beads)
            before, after = change(stored)
            check_beads(stored.beads, len(stored.source), len(stored.target))
            _store_beads(session, row, stored, action, before, after)
            return _view(session, bitext, row)
    except StaleDataError as error:
        raise EditConflictError(
            _("The alignment was changed elsewhere while saving; nothing was overwritten.")
        ) from error


def _bead_at(stored: _Stored, index: int) -> Bead:
    if not 0 <= index < len(stored.beads):
        raise ValidationError("bead", _("there is no bead {number}").format(number=index + 1))
    return stored.beads[index]


def _replace(stored: _Stored, start: int, count: int, new: Sequence[Bead]) -> tuple[Any, Any]:
    old = stored.beads[start : start + count]
    stored.beads[start : start + count] = list(new)
    return (
        {"at": start, "beads": [_bead_json(b) for b in old]},
        {"at": start, "beads": [_bead_json(b) for b in new]},
    )


def merge_beads(
    library: Library, bitext_id: int, index: int, expected_version: int | None = None
) -> AlignmentView:
    """Merge bead `index` with the bead below it (bead index + 1) into one bead."""

    def change(stored: _Stored) -> tuple[Any, Any]:
        first, second = _bead_at(stored, index), _bead_at(stored, index + 1)
        merged = Bead(
            first.source + second.source,
            first.target + second.target,
            1.0,
            confirmed=True,
        )
        return _replace(stored, index, 2, [merged])

    return _edit(library, bitext_id, expected_version, "merge", change, draft_allowed=False)


def default_split(shape: tuple[int, int]) -> tuple[int, int]:
    """Where a bead of this shape is split by default: (source, target) sentences kept in
    the first part. 2-2 -> (1, 1); 1-1 -> (1, 0), a sentence each with nothing."""
    n, m = shape
    a, b = (n + 1) // 2, (m + 1) // 2
    if (a, b) == (n, m):
        if m > 0:
            b = m - 1
        elif n > 0:
            a = n - 1
    return a, b


def split_bead(
    library: Library,
    bitext_id: int,
    index: int,
    source_count: int | None = None,
    target_count: int | None = None,
    expected_version: int | None = None,
) -> AlignmentView:
    """Split a bead in two: the first keeps `source_count` source and `target_count`
    target sentences (default_split when not given), the second the rest."""

    def change(stored: _Stored) -> tuple[Any, Any]:
        bead = _bead_at(stored, index)
        a, b = default_split(bead.shape)
        a = a if source_count is None else source_count
        b = b if target_count is None else target_count
        n, m = bead.shape
        if not (0 <= a <= n and 0 <= b <= m) or a + b == 0 or (n - a) + (m - b) == 0:
            raise ValidationError("bead", _("a bead of one sentence cannot be split"))
        parts = [
            Bead(bead.source[:a], bead.target[:b], 1.0, True),
            Bead(bead.source[a:], bead.target[b:], 1.0, True),
        ]
        return _replace(stored, index, 1, parts)

    return _edit(library, bitext_id, expected_version, "split", change, draft_allowed=False)


def move_sentence(
    library: Library,
    bitext_id: int,
    index: int,
    side: str,
    direction: str,
    expected_version: int | None = None,
) -> AlignmentView:
    """Move one sentence of a bead across its boundary with a neighbour: UP moves the
    bead's first `side` sentence to the end of the bead above, DOWN its last to the start
    of the bead below. A bead left with no sentence disappears."""
    if side not in (SOURCE, TARGET) or direction not in (UP, DOWN):
        raise ValueError(f"side {side!r}, direction {direction!r}")

    def change(stored: _Stored) -> tuple[Any, Any]:
        bead = _bead_at(stored, index)
        neighbour_index = index - 1 if direction == UP else index + 1
        if not 0 <= neighbour_index < len(stored.beads):
            raise ValidationError(
                "bead",
                _("there is no bead above this one")
                if direction == UP
                else _("there is no bead below this one"),
            )
        neighbour = stored.beads[neighbour_index]
        sentences = bead.source if side == SOURCE else bead.target
        if not sentences:
            raise ValidationError("bead", _("this side of the bead has no sentence to move"))
        moved = sentences[0] if direction == UP else sentences[-1]
        rest = sentences[1:] if direction == UP else sentences[:-1]
        theirs = neighbour.source if side == SOURCE else neighbour.target
        joined = (*theirs, moved) if direction == UP else (moved, *theirs)
        if side == SOURCE:
            new_bead = Bead(rest, bead.target, 1.0, True)
            new_neighbour = Bead(joined, neighbour.target, 1.0, True)
        else:
            new_bead = Bead(bead.source, rest, 1.0, True)
            new_neighbour = Bead(neighbour.source, joined, 1.0, True)
        pair = [new_neighbour, new_bead] if direction == UP else [new_bead, new_neighbour]
        pair = [b for b in pair if b.source or b.target]
        return _replace(stored, min(index, neighbour_index), 2, pair)

    return _edit(library, bitext_id, expected_version, "move_sentence", change, draft_allowed=False)


def insert_empty_side(
    library: Library,
    bitext_id: int,
    index: int,
    side: str,
    expected_version: int | None = None,
) -> AlignmentView:
    """Insert an empty cell on one side at a bead: its `side` sentences move down to a
    bead of their own, and the other side's stay, matched with nothing (side TARGET:
    n-m becomes n-0 then 0-m; side SOURCE: 0-m then n-0)."""
    if side not in (SOURCE, TARGET):
        raise ValueError(f"side {side!r}")

    def change(stored: _Stored) -> tuple[Any, Any]:
        bead = _bead_at(stored, index)
        if not bead.source or not bead.target:
            raise ValidationError("bead", _("this bead already has an empty side"))
        source_only = Bead(bead.source, (), 1.0, True)
        target_only = Bead((), bead.target, 1.0, True)
        parts = [source_only, target_only] if side == TARGET else [target_only, source_only]
        return _replace(stored, index, 1, parts)

    return _edit(
        library, bitext_id, expected_version, "insert_empty_side", change, draft_allowed=False
    )


def set_confirmed(
    library: Library,
    bitext_id: int,
    indices: Sequence[int],
    confirmed: bool,
    expected_version: int | None = None,
) -> AlignmentView:
    """Confirm (or no longer confirm) beads; confirmed beads survive re-aligning."""

    def change(stored: _Stored) -> tuple[Any, Any]:
        changed = sorted({i for i in indices if _bead_at(stored, i).confirmed != confirmed})
        for i in changed:
            bead = stored.beads[i]
            stored.beads[i] = Bead(bead.source, bead.target, bead.confidence, confirmed)
        return {"beads": changed, "confirmed": not confirmed}, {
            "beads": changed,
            "confirmed": confirmed,
        }

    return _edit(
        library, bitext_id, expected_version, "confirm" if confirmed else "unconfirm", change
    )


def set_target_text(
    library: Library,
    bitext_id: int,
    target_index: int,
    text: str,
    expected_version: int | None = None,
) -> AlignmentView:
    """Write one sentence of a translation being written (its segment `target_index`)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")

    def change(stored: _Stored) -> tuple[Any, Any]:
        if not 0 <= target_index < len(stored.target):
            raise ValidationError(
                "sentence", _("there is no segment {number}").format(number=target_index + 1)
            )
        old = stored.target[target_index].text
        stored.target[target_index] = _Sentence(text)
        return {"sentence": target_index, "text": old}, {"sentence": target_index, "text": text}

    return _edit(library, bitext_id, expected_version, "write", change, finished_allowed=False)


def set_beads(
    library: Library,
    bitext_id: int,
    beads: Sequence[Bead | BeadView],
    expected_version: int | None = None,
) -> AlignmentView:
    """Put back a whole list of beads (the inverse of any edit, for undo and redo).

    The beads must cover every sentence of both sides; only the beads that differ are
    recorded in the revision.
    """
    wanted = [b.bead() if isinstance(b, BeadView) else b for b in beads]

    def change(stored: _Stored) -> tuple[Any, Any]:
        try:
            check_beads(wanted, len(stored.source), len(stored.target))
        except ValueError as error:
            raise ValidationError("beads", str(error)) from error
        covered_source = sum(len(b.source) for b in wanted)
        covered_target = sum(len(b.target) for b in wanted)
        if covered_source != len(stored.source) or covered_target != len(stored.target):
            raise ValidationError("beads", _("the beads do not cover every sentence"))
        old = stored.beads
        start = 0
        while start < min(len(old), len(wanted)) and old[start] == wanted[start]:
            start += 1
        end_old, end_new = len(old), len(wanted)
        while end_old > start and end_new > start and old[end_old - 1] == wanted[end_new - 1]:
            end_old -= 1
            end_new -= 1
        return _replace(stored, start, end_old - start, wanted[start:end_new])

    return _edit(library, bitext_id, expected_version, "restore", change)


def stored_beads(library: Library, bitext_id: int) -> str:
    """The pair's whole stored alignment (sentences and beads) as an opaque string, to
    put back with `restore_stored_beads` (undoing a re-alignment or an import)."""
    with library.reading() as session:
        _bitext(session, bitext_id)
        row = _row(session, bitext_id)
        return row.beads if row is not None else "[]"


def restore_stored_beads(
    library: Library, bitext_id: int, beads_json: str, expected_version: int | None = None
) -> AlignmentView:
    """Put back a whole alignment taken with `stored_beads`."""
    wanted = _parse(beads_json)

    def change(stored: _Stored) -> tuple[Any, Any]:
        before = {"beads": len(stored.beads)}
        stored.source, stored.target, stored.beads = wanted.source, wanted.target, wanted.beads
        return before, {"beads": len(wanted.beads)}

    return _edit(library, bitext_id, expected_version, "restore", change)


# --- checking a translation --------------------------------------------------------


def bead_facts(
    library: Library, bitext_id: int, indices: Sequence[int] | None = None
) -> dict[int, tuple[Fact, ...]]:
    """The figures, dates and names of each bead's source, checked against its target.

    Names are the entities an editor linked in the source article (with all their
    aliases) and, besides those, capitalised words (curator.align.facts).
    """
    with library.session() as session:
        bitext = _bitext(session, bitext_id)
        source = _article(session, bitext.source_article_id)
        target = _article(session, bitext.target_article_id)
        row = _row(session, bitext_id)
        if row is None:
            return {}
        stored = _parse(row.beads)
        source_language, target_language = _language(source), _language(target)
        mentions = session.execute(
            select(Annotation.start, Annotation.end, Annotation.quote, Annotation.entity_id)
            .where(
                Annotation.article_id == source.id,
                Annotation.entity_id.is_not(None),
                Annotation.status == "accepted",
            )
            .order_by(Annotation.start)
        ).all()
        aliases: dict[int, list[str]] = {}
        entity_ids = {m.entity_id for m in mentions}
        if entity_ids:
            for entity_id, name in session.execute(
                select(Entity.id, Entity.name).where(Entity.id.in_(entity_ids))
            ):
                aliases.setdefault(entity_id, []).append(name)
            for entity_id, alias in session.execute(
                select(EntityAlias.entity_id, EntityAlias.alias).where(
                    EntityAlias.entity_id.in_(entity_ids)
                )
            ):
                aliases.setdefault(entity_id, []).append(alias)
    chosen = range(len(stored.beads)) if indices is None else indices
    result: dict[int, tuple[Fact, ...]] = {}
    for index in chosen:
        if not 0 <= index < len(stored.beads):
            continue
        bead = stored.beads[index]
        span = _span(stored.source, bead.source)
        names = [
            KnownName(m.quote, tuple(aliases.get(m.entity_id, ())))
            for m in mentions
            if span is not None and span[0] <= m.start and m.end <= span[1]
        ]
        result[index] = tuple(
            sentence_facts(
                " ".join(stored.source[i].text for i in bead.source),
                " ".join(stored.target[j].text for j in bead.target),
                source_language,
                target_language,
                names,
            )
        )
    return result


# --- exchange ------------------------------------------------------------------------


def export_alignment(library: Library, bitext_id: int, fmt: str) -> bytes:
    """The pair's alignment as TMX 1.4b, XLIFF 2.0 or a bilingual TSV (bytes)."""
    view = get_alignment(library, bitext_id)
    if not view.aligned:
        raise ValidationError("alignment", _("this pair is not aligned yet; align it first"))
    alignment = view.to_alignment()
    if fmt == "tmx":
        return write_tmx(alignment)
    if fmt == "xliff":
        return write_xliff(alignment)
    if fmt == "tsv":
        return write_bitext_tsv(alignment).encode("utf-8")
    raise ValidationError("format", _("“{value}” is not an export format").format(value=fmt))


def save_alignment(library: Library, bitext_id: int, path: Path, fmt: str | None = None) -> None:
    """Write the pair's alignment to a file (format from its suffix when not given)."""
    fmt = fmt or {".xlf": "xliff", ".xliff": "xliff", ".tsv": "tsv"}.get(path.suffix.lower(), "tmx")
    write_bytes_atomically(path, export_alignment(library, bitext_id, fmt))


class ReplaceNeeded(CuratorError):
    """The pair is aligned already; an import replaces that only when asked to."""


def import_alignment(
    library: Library,
    bitext_id: int,
    data: bytes,
    name: str,
    fmt: str = "tmx",
    expected_version: int | None = None,
    *,
    replace: bool = False,
) -> tuple[AlignmentView | None, list[ReadProblem]]:
    """Restore the pair's alignment from a TMX or XLIFF 2.0 file (ours, or another tool's).

    The file must hold the pair's two languages (BCP 47: en-US is not en-GB, en is
    either), else it is refused, naming both. An existing alignment is replaced only
    with `replace` (ReplaceNeeded otherwise). Each unit's texts are found in the two
    articles in order (white space may differ); text of an article that no unit holds
    becomes sentences matched with nothing. When a unit's text is not in its article,
    nothing is stored and the problem says which.
    """
    with library.session() as session:
        bitext = _bitext(session, bitext_id)
        source = _article(session, bitext.source_article_id)
        target = _article(session, bitext.target_article_id)
        if is_draft_article(target):
            raise ValidationError(
                "alignment", _("finish the translation before importing an alignment for it")
            )
        _refuse_replacing(_row(session, bitext_id), replace, source.title, name)
        languages = (_language(source), _language(target))
        # a side whose language is unknown (not given, not detected) cannot be checked
        tags: list[str | None] = [_full_language(source), _full_language(target)]
        tags = [None if tag == UNDETERMINED else tag for tag in tags]
        bodies = (source.body, target.body)
        titles = (source.title, target.title)
    result = read_for_pair(data, name, fmt, *tags)
    problems = list(result.problems)
    if result.alignment is None:
        return None, problems
    located: list[list[_Sentence]] = []
    for sentences, body, title in zip(
        (result.alignment.source, result.alignment.target), bodies, titles, strict=True
    ):
        found, missing = _locate(sentences, body)
        if missing is not None:
            problems.append(
                ReadProblem(
                    name,
                    _("sentence {number} (“{text}”) is not in “{title}” at that point").format(
                        number=missing + 1, text=_shorten(sentences[missing]), title=title
                    ),
                )
            )
            return None, problems
        located.append(found)
    stored = _with_gaps(located, list(result.alignment.beads), bodies, languages)
    try:
        with library.session() as session:
            bitext = _bitext(session, bitext_id)
            row = _row(session, bitext_id)
            _check_version(row, expected_version, titles[0])
            _refuse_replacing(row, replace, titles[0], name)  # aligned meanwhile elsewhere
            before = {"beads": len(_parse(row.beads).beads)} if row is not None else None
            if row is None:
                row = Alignment(bitext_id=bitext_id)
                session.add(row)
            after = {"beads": len(stored.beads), "file": name}
            _store_beads(session, row, stored, f"import_{fmt}", before, after)
            return _view(session, bitext, row), problems
    except StaleDataError as error:
        raise EditConflictError(
            _("The alignment was changed elsewhere while saving; nothing was overwritten.")
        ) from error


def _refuse_replacing(row: Alignment | None, replace: bool, title: str, name: str) -> None:
    if not replace and row is not None and _parse(row.beads).beads:
        raise ReplaceNeeded(
            _("“{title}” is aligned already; importing {name} would replace that").format(
                title=title, name=name
            )
        )


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _locate(sentences: Sequence[str], body: str) -> tuple[list[_Sentence], int | None]:
    """Each sentence's place in the body, in order; (found, index of the first missing)."""
    found = []
    position = 0
    for index, text in enumerate(sentences):
        words = text.split()
        if not words:
            return found, index
        pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
        match = pattern.search(body, position)
        if match is None:
            return found, index
        found.append(_Sentence(match.group(), match.start(), match.end()))
        position = match.end()
    return found, None


def _with_gaps(
    located: list[list[_Sentence]],
    beads: list[Bead],
    bodies: tuple[str, str],
    languages: tuple[str, str],
) -> _Stored:
    """The stored alignment of located sentences, with the text between them (which
    no unit held) added as sentences matched with nothing, in place."""
    sides: tuple[list[_Sentence], list[_Sentence]] = ([], [])
    new_beads: list[Bead] = []
    at = [0, 0]

    def fill_gaps(stops: tuple[int, int]) -> None:
        for side in (0, 1):
            start, stop = at[side], stops[side]
            for piece in _segment(bodies[side][start:stop], languages[side]):
                assert piece.start is not None and piece.end is not None
                sides[side].append(_Sentence(piece.text, piece.start + start, piece.end + start))
                index = (len(sides[side]) - 1,)
                new_beads.append(Bead(index, (), 0.0) if side == 0 else Bead((), index, 0.0))
            at[side] = max(start, stop)

    for bead in beads:
        parts = (bead.source, bead.target)
        fill_gaps(
            tuple(  # type: ignore[arg-type]
                located[side][parts[side][0]].start if parts[side] else at[side] for side in (0, 1)
            )
        )
        new_indices: list[tuple[int, ...]] = []
        for side in (0, 1):
            indices = []
            for k in parts[side]:
                sentence = located[side][k]
                sides[side].append(sentence)
                indices.append(len(sides[side]) - 1)
                at[side] = sentence.end if sentence.end is not None else at[side]
            new_indices.append(tuple(indices))
        new_beads.append(Bead(new_indices[0], new_indices[1], bead.confidence, bead.confirmed))
    fill_gaps((len(bodies[0]), len(bodies[1])))
    return _Stored(sides[0], sides[1], new_beads)
