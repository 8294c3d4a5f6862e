"""Suggested annotations: from the gazetteer, the rules, and "annotate all occurrences".

A suggestion is stored as a *pending* annotation, drawn differently from accepted ones,
and becomes data only when an editor accepts it. A rejected suggestion stays stored as
*rejected*, so the same span is never suggested again.

Sources:
- gazetteer: every alias of every curated entity, wherever it appears (linked to it);
- rules: dates, money and figures in English and Italian (curator.text.recognisers);
- recommender: a model trained on the library's accepted annotations;
- all occurrences: the other places a selected mention's text appears.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select, update

from curator import recommender
from curator.entities import all_aliases
from curator.errors import NotFoundError
from curator.i18n import _
from curator.revisions import record_revision
from curator.text.recognisers import recognise
from curator.text.spans import context
from db.library import Library
from db.models import Annotation, Article, utcnow

GAZETTEER = "gazetteer"
_NAME_CONTINUES = re.compile(r"[ \u00a0][A-Z][a-z]")
ALL_OCCURRENCES = "all-occurrences"


@dataclass(frozen=True, slots=True)
class Suggestion:
    article_id: int
    start: int
    end: int
    text: str
    type: str
    source: str
    entity_id: int | None = None
    value: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class Gazetteer:
    """Finds the aliases of known entities in text (whole words, case as written)."""

    def __init__(self, entries: Iterable[tuple[int, str, str, str | None]]) -> None:
        self._by_alias: dict[str, tuple[int, str]] = {}
        for entity_id, type_name, alias, _language in entries:
            if len(alias) >= 2:
                self._by_alias.setdefault(alias, (entity_id, type_name))
        aliases = sorted(self._by_alias, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, aliases)) + r")(?!\w)")
            if aliases
            else None
        )

    def find(self, text: str, article_id: int) -> list[Suggestion]:
        if self._pattern is None:
            return []
        found = []
        for match in self._pattern.finditer(text):
            if _NAME_CONTINUES.match(text, match.end()):
                continue  # "Shanghai" in "Shanghai Municipal Government" is not the city
            entity_id, type_name = self._by_alias[match.group()]
            found.append(
                Suggestion(
                    article_id,
                    match.start(),
                    match.end(),
                    match.group(),
                    type_name,
                    GAZETTEER,
                    entity_id,
                )
            )
        return found


def _article(library: Library, article_id: int) -> tuple[str, str]:
    with library.session() as session:
        article = session.get(Article, article_id)
        if article is None:
            raise NotFoundError(_("No article with id {id}.").format(id=article_id))
        return article.body, article.language or "en"


class _KnownSpans:
    """What an article already holds, to decide whether a suggestion is new.

    Containment is answered per type from sorted starts and a running maximum of ends,
    so checking thousands of suggestions against thousands of annotations stays fast.
    """

    def __init__(self, library: Library, article_id: int) -> None:
        with library.session() as session:
            rows = session.execute(
                select(Annotation.start, Annotation.end, Annotation.type, Annotation.status)
                .where(Annotation.article_id == article_id)
                .order_by(Annotation.start)
            ).all()
        self.every = {(start, end, type_name) for start, end, type_name, _status in rows}
        accepted = [(s, e, t) for s, e, t, status in rows if status == "accepted"]
        self.accepted_spans = {(s, e) for s, e, _t in accepted}
        self.starts: dict[str, list[int]] = {}
        self.max_ends: dict[str, list[int]] = {}
        for start, end, type_name in accepted:  # already sorted by start
            ends = self.max_ends.setdefault(type_name, [])
            self.starts.setdefault(type_name, []).append(start)
            ends.append(max(end, ends[-1]) if ends else end)

    def is_new(self, suggestion: Suggestion) -> bool:
        """Not stored already (pending, accepted or rejected), not exactly on an accepted
        span, and not inside an accepted span of the same type."""
        span = (suggestion.start, suggestion.end)
        if (*span, suggestion.type) in self.every or span in self.accepted_spans:
            return False
        starts = self.starts.get(suggestion.type, [])
        index = bisect_right(starts, suggestion.start) - 1
        return index < 0 or self.max_ends[suggestion.type][index] < suggestion.end


def _without_overlaps(suggestions: Sequence[Suggestion]) -> list[Suggestion]:
    """Where suggestions overlap, keep the longest (gazetteer first on a tie)."""
    ranked = sorted(suggestions, key=lambda s: (-(s.end - s.start), s.source != GAZETTEER, s.start))
    starts: list[int] = []  # the kept spans, sorted by start; they never overlap
    ends: list[int] = []
    kept: list[Suggestion] = []
    for suggestion in ranked:
        index = bisect_right(starts, suggestion.start)
        before_clear = index == 0 or ends[index - 1] <= suggestion.start
        after_clear = index == len(starts) or starts[index] >= suggestion.end
        if before_clear and after_clear:
            starts.insert(index, suggestion.start)
            ends.insert(index, suggestion.end)
            kept.append(suggestion)
    return sorted(kept, key=lambda s: (s.start, s.end))


def suggest(
    library: Library, article_id: int, gazetteer: Gazetteer | None = None
) -> list[Suggestion]:
    """New suggestions for one article, in text order (nothing is stored)."""
    body, language = _article(library, article_id)
    gazetteer = gazetteer or Gazetteer(all_aliases(library))
    found = gazetteer.find(body, article_id)
    found += [
        Suggestion(article_id, r.start, r.end, r.text, r.type, r.source, None, r.value)
        for r in recognise(body, language)
    ]
    found += [
        Suggestion(article_id, r.start, r.end, r.text, r.type, recommender.SOURCE)
        for r in recommender.recommend(library, body)
    ]
    known = _KnownSpans(library, article_id)
    return [s for s in _without_overlaps(found) if known.is_new(s)]


def store_suggestions(library: Library, suggestions: Sequence[Suggestion]) -> list[int]:
    """Store suggestions as pending annotations; returns their ids."""
    if not suggestions:
        return []
    ids = []
    with library.session() as session:
        bodies: dict[int, str] = {}
        for suggestion in suggestions:
            if suggestion.article_id not in bodies:
                bodies[suggestion.article_id] = session.get(Article, suggestion.article_id).body  # type: ignore[union-attr]
            prefix, suffix = context(
                bodies[suggestion.article_id], suggestion.start, suggestion.end
            )
            annotation = Annotation(
                article_id=suggestion.article_id,
                type=suggestion.type,
                start=suggestion.start,
                end=suggestion.end,
                quote=suggestion.text,
                prefix=prefix,
                suffix=suffix,
                entity_id=suggestion.entity_id,
                status="pending",
                source=suggestion.source,
            )
            session.add(annotation)
            session.flush()
            ids.append(annotation.id)
        record_revision(
            session, "article", suggestions[0].article_id, "suggest", None, {"annotations": ids}
        )
    return ids


def suggest_and_store(library: Library, article_id: int) -> list[int]:
    return store_suggestions(library, suggest(library, article_id))


def decide(library: Library, annotation_ids: Sequence[int], status: str) -> list[int]:
    """Accept ("accepted"), reject ("rejected") or reopen ("pending") suggestions.

    Returns the ids whose status changed, so an undo can set exactly those back.
    """
    with library.session() as session:
        changed = list(
            session.scalars(
                select(Annotation.id).where(
                    Annotation.id.in_(annotation_ids), Annotation.status != status
                )
            )
        )
        if changed:
            session.execute(
                update(Annotation)
                .where(Annotation.id.in_(changed))
                .values(status=status, updated_at=utcnow(), version=Annotation.version + 1)
            )
            for annotation_id in changed:
                record_revision(
                    session, "annotation", annotation_id, "decide", None, {"status": status}
                )
    return changed


def pending_ids(library: Library, article_id: int) -> list[int]:
    with library.reading() as session:
        return list(
            session.scalars(
                select(Annotation.id)
                .where(Annotation.article_id == article_id, Annotation.status == "pending")
                .order_by(Annotation.start)
            )
        )


def all_occurrences(
    library: Library, annotation_id: int, whole_library: bool = False
) -> list[Suggestion]:
    """The other places the annotation's text appears, as suggestions of its type."""
    with library.session() as session:
        annotation = session.get(Annotation, annotation_id)
        if annotation is None:
            raise NotFoundError(_("No annotation with id {id}.").format(id=annotation_id))
        quote, type_name, entity_id = annotation.quote, annotation.type, annotation.entity_id
        statement = select(Article.id, Article.body)
        if not whole_library:
            statement = statement.where(Article.id == annotation.article_id)
        else:
            statement = statement.where(Article.body.contains(quote))
        articles = session.execute(statement).all()
    pattern = re.compile(r"(?<!\w)" + re.escape(quote) + r"(?!\w)")
    found = []
    for article_id, body in articles:
        known = _KnownSpans(library, article_id)
        for match in pattern.finditer(body):
            suggestion = Suggestion(
                article_id, match.start(), match.end(), quote, type_name, ALL_OCCURRENCES, entity_id
            )
            if known.is_new(suggestion):
                found.append(suggestion)
    return found


def withdraw(library: Library, annotation_ids: Sequence[int]) -> None:
    """Remove suggestions still pending (the undo of storing them)."""
    with library.session() as session:
        for annotation in session.scalars(
            select(Annotation).where(
                Annotation.id.in_(annotation_ids), Annotation.status == "pending"
            )
        ):
            session.delete(annotation)
