"""Data-quality checks as a service: run them, keep their findings, dismiss, configure.

`check_article` runs every enabled check on one article — the text checks
(curator.checks), and the checks that need the rest of the library: a figure or date
its translation states differently, names that nearly match an entity's alias,
near-duplicate articles, and the record checks registered in
curator.checks.record_checks — then stores the open findings in place of the
article's previous ones. A finding is recognised across runs by its fingerprint
(check id, key or text, and occurrence), so a dismissed finding stays dismissed, with
its reason, however often the checks run again.

Findings are derived data: storing them writes no revision. What editors do to them
(dismiss, reopen) and to the configuration does.

The configuration lives in the library setting "checks": per check id, whether it
runs and the severity it reports with. Stored findings follow a change at once
(a disabled check's open findings go; severities change); a check switched back on
reports again the next time the checks run.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import case, delete, func, insert, select, update
from sqlalchemy.orm import Session

from curator.checks import CHECKS as TEXT_CHECKS
from curator.checks import (
    CheckInfo,
    Finding,
    Severity,
    near_alias,
    near_duplicate,
    record_checks,
    run_text_checks,
    translation,
)
from curator.checks.near_alias import AliasIndex, check_near_aliases
from curator.checks.record_checks import RECORD_CHECKS
from curator.checks.translation import check_translation
from curator.errors import NotFoundError, ValidationError
from curator.i18n import _, ngettext
from curator.progress import Progress
from curator.revisions import current_author, record_revision
from db.library import Library
from db.models import (
    Article,
    ArticleSketch,
    Bitext,
    Entity,
    EntityAlias,
    LibrarySetting,
    QualityFinding,
    utcnow,
)

SETTING_KEY = "checks"
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}

#: Every check by id, text checks first: what it looks for and its default severity.
ALL_CHECKS: dict[str, CheckInfo] = {
    **TEXT_CHECKS,
    **{
        info.check_id: info
        for module in (translation, near_alias, near_duplicate, record_checks)
        for info in module.CHECKS
    },
}
#: Articles checked (and committed) per transaction in a library-wide run.
BATCH_SIZE = 200
SIGNATURE_BATCH = 1000


# --- what callers get back --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FindingView:
    """A stored finding, with its article's title."""

    id: int
    article_id: int
    article_title: str
    check_id: str
    severity: str
    start: int
    end: int
    text: str
    message: str
    status: str
    dismiss_reason: str
    dismissed_by: str | None
    dismissed_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "article_title": self.article_title,
            "check_id": self.check_id,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "status": self.status,
            "dismiss_reason": self.dismiss_reason or None,
            "dismissed_by": self.dismissed_by,
            "dismissed_at": self.dismissed_at.isoformat() if self.dismissed_at else None,
        }


@dataclass(frozen=True, slots=True)
class ProblemCount:
    """An article's open findings by severity (the library list's badge)."""

    errors: int = 0
    warnings: int = 0
    infos: int = 0

    def __bool__(self) -> bool:
        return bool(self.errors or self.warnings or self.infos)


@dataclass(frozen=True, slots=True)
class CheckSetting:
    """One check as a library configures it."""

    check_id: str
    enabled: bool
    severity: Severity

    @property
    def info(self) -> CheckInfo:
        return ALL_CHECKS[self.check_id]

    @property
    def is_default(self) -> bool:
        return self.enabled and self.severity == self.info.severity


@dataclass(frozen=True, slots=True)
class LibraryCheckReport:
    """What a library-wide run did."""

    articles: int
    errors: int
    warnings: int
    infos: int
    cancelled: bool
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "cancelled": self.cancelled,
            "seconds": round(self.seconds, 3),
        }


# --- configuration ---------------------------------------------------------------


def check_config(library: Library) -> dict[str, CheckSetting]:
    """Every check's setting in this library, in registry order."""
    with library.reading() as session:
        return _config(session)


def _config(session: Session) -> dict[str, CheckSetting]:
    setting = session.get(LibrarySetting, SETTING_KEY)
    stored: dict[str, Any] = {}
    if setting is not None:
        try:
            loaded = json.loads(setting.value)
        except ValueError:
            loaded = {}
        stored = loaded if isinstance(loaded, dict) else {}
    config = {}
    for check_id, info in ALL_CHECKS.items():
        entry = stored.get(check_id)
        entry = entry if isinstance(entry, dict) else {}
        severity = entry.get("severity")
        config[check_id] = CheckSetting(
            check_id,
            bool(entry.get("enabled", True)),
            severity if severity in SEVERITIES else info.severity,
        )
    return config


def save_check_config(
    library: Library, config: Mapping[str, CheckSetting | Mapping[str, Any]]
) -> dict[str, CheckSetting]:
    """Change how checks run: {check id: CheckSetting or {"enabled": .., "severity": ..}}.

    Checks not named keep their setting. Stored findings follow at once: a disabled
    check's open findings are removed and changed severities apply to stored findings.
    """
    with library.session() as session:
        before = _config(session)
        after = dict(before)
        for check_id, change in config.items():
            if check_id not in ALL_CHECKS:
                raise ValidationError(
                    "checks",
                    _("“{id}” is not a check; use one of: {choices}").format(
                        id=check_id, choices=", ".join(ALL_CHECKS)
                    ),
                )
            if isinstance(change, CheckSetting):
                enabled, severity = change.enabled, change.severity
            else:
                enabled = bool(change.get("enabled", before[check_id].enabled))
                severity = change.get("severity", before[check_id].severity)
            if severity not in SEVERITIES:
                raise ValidationError(
                    "checks",
                    _("“{value}” is not a severity; use one of: {choices}").format(
                        value=severity, choices=", ".join(SEVERITIES)
                    ),
                )
            after[check_id] = CheckSetting(check_id, enabled, severity)
        if after == before:
            return after
        stored = {
            check_id: {"enabled": setting.enabled, "severity": setting.severity}
            for check_id, setting in after.items()
            if not setting.is_default
        }
        session.merge(LibrarySetting(key=SETTING_KEY, value=json.dumps(stored, sort_keys=True)))
        changed = [check_id for check_id in after if after[check_id] != before[check_id]]
        record_revision(
            session,
            "library_setting",
            0,
            "update_checks",
            {check_id: _setting_json(before[check_id]) for check_id in changed},
            {check_id: _setting_json(after[check_id]) for check_id in changed},
        )
        for check_id in changed:
            setting = after[check_id]
            if not setting.enabled:
                session.execute(
                    delete(QualityFinding).where(
                        QualityFinding.check_id == check_id, QualityFinding.status == "open"
                    )
                )
            session.execute(
                update(QualityFinding)
                .where(QualityFinding.check_id == check_id)
                .values(severity=setting.severity)
            )
        return after


def _setting_json(setting: CheckSetting) -> dict[str, Any]:
    return {"enabled": setting.enabled, "severity": setting.severity}


# --- running the checks --------------------------------------------------------------


class _CheckRun:
    """What a run needs beyond each article: configuration, aliases, signatures.

    One run may span several transactions (a batch each): `session` is the current one,
    and what was loaded or worked out once is kept for the next batch.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.config = _config(session)
        self._aliases: AliasIndex | None = None
        self._signatures: tuple[np.ndarray, np.ndarray] | None = None  # ids, matrix
        self._translations: set[int] | None = None  # articles that translate another
        #: Set by a library-wide run: later article id -> [(earlier id, similarity)].
        self.duplicates: dict[int, list[tuple[int, float]]] | None = None

    def enabled(self, check_id: str) -> bool:
        setting = self.config.get(check_id)
        return setting is None or setting.enabled

    def aliases(self) -> AliasIndex:
        if self._aliases is None:
            rows = self.session.execute(
                select(EntityAlias.alias, Entity.name).join(
                    Entity, Entity.id == EntityAlias.entity_id
                )
            )
            self._aliases = AliasIndex.build((alias, name) for alias, name in rows)
        return self._aliases

    def findings(self, article: Article) -> list[Finding]:
        """Every enabled check's findings on `article`, with the library's severities."""
        found: list[Finding] = []
        language = article.language or ""
        if any(self.enabled(check_id) for check_id in TEXT_CHECKS):
            found.extend(run_text_checks(article.body, language, article.published))
        if self.enabled(translation.TRANSLATION_MISMATCH.check_id):
            for original in self._originals(article.id):
                found.extend(
                    check_translation(
                        original.body, original.language or "", article.body, language, original.id
                    )
                )
        if self.enabled(near_alias.NEAR_ALIAS.check_id):
            found.extend(check_near_aliases(article.body, language, self.aliases()))
        if self.enabled(near_duplicate.NEAR_DUPLICATE.check_id):
            found.extend(self._near_duplicates(article))
        return self._configured(found) + self.record_findings(article.id)

    def record_findings(self, article_id: int) -> list[Finding]:
        """The record checks' findings on the article, with the library's severities."""
        found = [
            f for record_check in RECORD_CHECKS for f in record_check(self.session, article_id)
        ]
        return self._configured(found)

    def _configured(self, found: list[Finding]) -> list[Finding]:
        kept = []
        for finding in found:
            setting = self.config.get(finding.check_id)
            if setting is None:
                kept.append(finding)
            elif setting.enabled:
                kept.append(replace(finding, severity=setting.severity))
        return kept

    def _originals(self, article_id: int) -> list[Article]:
        if self._translations is None:
            self._translations = set(self.session.scalars(select(Bitext.target_article_id)))
        if article_id not in self._translations:
            return []
        return list(
            self.session.scalars(
                select(Article)
                .join(Bitext, Bitext.source_article_id == Article.id)
                .where(Bitext.target_article_id == article_id)
            )
        )

    def _near_duplicates(self, article: Article) -> list[Finding]:
        if self.duplicates is not None:
            matches = self.duplicates.get(article.id, [])
        else:
            matches = self._earlier_near_duplicates(article)
        findings = []
        best = sorted(matches, key=lambda match: -match[1])[: near_duplicate.MOST_REPORTED]
        for other_id, shared in best:
            other_title = self.session.scalar(select(Article.title).where(Article.id == other_id))
            finding = near_duplicate.near_duplicate_finding(
                article.body, other_id, other_title or "", shared
            )
            if finding is not None:
                findings.append(finding)
        return findings

    def _earlier_near_duplicates(self, article: Article) -> list[tuple[int, float]]:
        """Articles imported before `article` that it nearly duplicates, with similarity."""
        if self._signatures is None:
            _sign_missing(self.session)
            rows = self.session.execute(
                select(ArticleSketch.article_id, ArticleSketch.minhash).order_by(
                    ArticleSketch.article_id
                )
            ).all()
            self._signatures = (
                np.array([row[0] for row in rows], dtype=np.int64),
                near_duplicate.signature_matrix([row[1] for row in rows]),
            )
        ids, matrix = self._signatures
        position = int(np.searchsorted(ids, article.id))
        if position >= len(ids) or ids[position] != article.id:
            return []
        mine = matrix[position].tobytes()
        estimates = near_duplicate.estimated_similarities(mine, matrix[:position])
        chosen = (estimates >= near_duplicate.SCREEN_SIMILARITY).nonzero()[0]
        pairs = [(int(ids[row]), article.id) for row in chosen]
        similar = _similarities(self.session, pairs, {article.id: article.body})
        return [
            (earlier, shared)
            for (earlier, _later), shared in zip(pairs, similar, strict=True)
            if shared >= near_duplicate.NEAR_DUPLICATE_SIMILARITY
        ]


def _sign_missing(session: Session, progress: Progress | None = None) -> int:
    """Store the MinHash signature of every article that has none yet; returns how many."""
    missing = list(
        session.scalars(
            select(Article.id)
            .where(~Article.id.in_(select(ArticleSketch.article_id)))
            .order_by(Article.id)
        )
    )
    for start in range(0, len(missing), SIGNATURE_BATCH):
        if progress is not None:
            if progress.cancelled:
                break
            progress.report(start, len(missing), _("Comparing articles…"))
        batch = missing[start : start + SIGNATURE_BATCH]
        rows = session.execute(select(Article.id, Article.body).where(Article.id.in_(batch)))
        session.execute(
            insert(ArticleSketch),
            [{"article_id": i, "minhash": near_duplicate.signature(body)} for i, body in rows],
        )
    return len(missing)


def _library_near_duplicates(
    session: Session, progress: Progress | None
) -> dict[int, list[tuple[int, float]]]:
    _sign_missing(session, progress)
    rows = session.execute(
        select(ArticleSketch.article_id, ArticleSketch.minhash).order_by(ArticleSketch.article_id)
    ).all()
    ids = [row[0] for row in rows]
    pairs = near_duplicate.candidate_pairs(
        ids, near_duplicate.signature_matrix([row[1] for row in rows])
    )
    found: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (earlier, later), shared in zip(
        sorted(pairs), _similarities(session, sorted(pairs), {}), strict=True
    ):
        if shared >= near_duplicate.NEAR_DUPLICATE_SIMILARITY:
            found[later].append((earlier, shared))
    return dict(found)


def _similarities(
    session: Session, pairs: Sequence[tuple[int, int]], bodies: dict[int, str]
) -> list[float]:
    needed = {article_id for pair in pairs for article_id in pair} - bodies.keys()
    for start in range(0, len(needed), 500):
        chunk = sorted(needed)[start : start + 500]
        rows = session.execute(select(Article.id, Article.body).where(Article.id.in_(chunk)))
        bodies.update({article_id: body for article_id, body in rows})
    return [near_duplicate.similarity(bodies[a], bodies[b]) for a, b in pairs]


def _fingerprint(check_id: str, key: str, occurrence: int) -> str:
    digest = hashlib.sha1(f"{check_id}\x1f{key}\x1f{occurrence}".encode(), usedforsecurity=False)
    return digest.hexdigest()


def _store(
    session: Session,
    article_id: int,
    findings: Iterable[Finding],
    only: Collection[str] | None = None,
) -> None:
    """Replace the article's open findings (of the checks `only` names, when given); a
    finding dismissed before stays dismissed."""
    dismissed = {
        row.fingerprint: row
        for row in session.scalars(
            select(QualityFinding).where(
                QualityFinding.article_id == article_id, QualityFinding.status == "dismissed"
            )
        )
    }
    replaced = delete(QualityFinding).where(
        QualityFinding.article_id == article_id, QualityFinding.status == "open"
    )
    if only is not None:
        replaced = replaced.where(QualityFinding.check_id.in_(list(only)))
    session.execute(replaced, execution_options={"synchronize_session": False})
    occurrences: Counter[tuple[str, str]] = Counter()
    fresh = []
    now = utcnow()
    for finding in sorted(findings, key=lambda f: (f.start, f.end, f.check_id, f.key)):
        key = finding.key or finding.text
        fingerprint = _fingerprint(finding.check_id, key, occurrences[finding.check_id, key])
        occurrences[finding.check_id, key] += 1
        values = {
            "severity": finding.severity,
            "start": finding.start,
            "end": finding.end,
            "text": finding.text,
            "message": finding.message,
        }
        if fingerprint in dismissed:
            for name, value in values.items():
                setattr(dismissed[fingerprint], name, value)
        else:
            fresh.append(
                {
                    **values,
                    "article_id": article_id,
                    "check_id": finding.check_id,
                    "fingerprint": fingerprint,
                    "status": "open",
                    "dismiss_reason": "",
                    "created_at": now,
                }
            )
    if fresh:
        session.execute(insert(QualityFinding), fresh)


def refresh_findings(
    session: Session, article_ids: Iterable[int], run: _CheckRun | None = None
) -> None:
    """Run the checks on these articles and store their findings, in the caller's session.

    For services that already hold a session (an article edit, the approval gate).
    """
    run = run or _CheckRun(session)
    wanted = list(article_ids)
    loaded = {
        article.id: article
        for start in range(0, len(wanted), 500)
        for article in session.scalars(
            select(Article).where(Article.id.in_(wanted[start : start + 500]))
        )
    }
    for article_id in wanted:
        if article_id in loaded:
            _store(session, article_id, run.findings(loaded[article_id]))
    session.flush()


def refresh_record_findings(session: Session, article_id: int) -> None:
    """After a record edit, in the caller's session: only the record checks run again
    (the text did not change, so neither did the other findings)."""
    run = _CheckRun(session)
    record_ids = {info.check_id for info in record_checks.CHECKS}
    _store(session, article_id, run.record_findings(article_id), only=record_ids)
    session.flush()


def count_open_errors(session: Session, article_id: int) -> int:
    """An article's open findings of severity error, in the caller's session."""
    return (
        session.scalar(
            select(func.count(QualityFinding.id)).where(
                QualityFinding.article_id == article_id,
                QualityFinding.status == "open",
                QualityFinding.severity == "error",
            )
        )
        or 0
    )


def check_article(library: Library, article_id: int) -> list[FindingView]:
    """Run every enabled check on one article, store the findings, return the open ones."""
    with library.session() as session:
        if session.get(Article, article_id) is None:
            raise NotFoundError(_("No article with id {id}.").format(id=article_id))
        refresh_findings(session, [article_id])
        return _views(session, article_id=article_id)


def check_articles(
    library: Library, article_ids: Sequence[int], progress: Progress | None = None
) -> bool:
    """Check these articles, a batch per transaction; False when cancelled."""
    run: _CheckRun | None = None
    for start in range(0, len(article_ids), BATCH_SIZE):
        if progress is not None:
            if progress.cancelled:
                return False
            progress.report(start, len(article_ids), _("Checking articles…"))
        with library.session() as session:
            if run is None:
                run = _CheckRun(session)
            run.session = session
            refresh_findings(session, article_ids[start : start + BATCH_SIZE], run)
    return True


def check_library(library: Library, progress: Progress | None = None) -> LibraryCheckReport:
    """Check every article; near-duplicates are compared library-wide in one pass.

    About 6 ms an article on one core (10,000 articles: about a minute), most of it the
    text checks; the near-duplicate pass over 10,000 articles takes about 4 s the first
    time (signatures are stored) and under a second after.
    """
    began = time.perf_counter()
    progress = progress or Progress()
    with library.session() as session:
        ids = list(session.scalars(select(Article.id).order_by(Article.id)))
        run = _CheckRun(session)
        if run.enabled(near_duplicate.NEAR_DUPLICATE.check_id):
            run.duplicates = _library_near_duplicates(session, progress)
    done = 0
    for start in range(0, len(ids), BATCH_SIZE):
        if progress.cancelled:
            break
        progress.report(start, len(ids), _("Checking articles…"))
        batch = ids[start : start + BATCH_SIZE]
        with library.session() as session:
            run.session = session
            refresh_findings(session, batch, run)
        done += len(batch)
    progress.report(done, len(ids), "")
    totals = _totals(library)
    return LibraryCheckReport(
        done,
        totals.errors,
        totals.warnings,
        totals.infos,
        progress.cancelled,
        time.perf_counter() - began,
    )


# --- reading findings ----------------------------------------------------------------


def _views(
    session: Session, article_id: int | None = None, include_dismissed: bool = False
) -> list[FindingView]:
    config = _config(session)
    disabled = [check_id for check_id, setting in config.items() if not setting.enabled]
    statement = select(QualityFinding, Article.title).join(
        Article, Article.id == QualityFinding.article_id
    )
    if article_id is not None:
        statement = statement.where(QualityFinding.article_id == article_id)
    if not include_dismissed:
        statement = statement.where(QualityFinding.status == "open")
    if disabled:
        statement = statement.where(QualityFinding.check_id.not_in(disabled))
    rank = case(
        *((QualityFinding.severity == name, order) for name, order in _SEVERITY_RANK.items()),
        else_=len(SEVERITIES),
    )
    statement = statement.order_by(
        QualityFinding.article_id, rank, QualityFinding.start, QualityFinding.id
    )
    return [_view(row, title) for row, title in session.execute(statement)]


def _view(row: QualityFinding, title: str) -> FindingView:
    return FindingView(
        id=row.id,
        article_id=row.article_id,
        article_title=title,
        check_id=row.check_id,
        severity=row.severity,
        start=row.start,
        end=row.end,
        text=row.text,
        message=row.message,
        status=row.status,
        dismiss_reason=row.dismiss_reason,
        dismissed_by=row.dismissed_by,
        dismissed_at=row.dismissed_at,
    )


def list_findings(
    library: Library, article_id: int | None = None, include_dismissed: bool = False
) -> list[FindingView]:
    """Stored findings (open ones, or all), by article, severity and position."""
    with library.reading() as session:
        return _views(session, article_id, include_dismissed)


def get_finding(library: Library, finding_id: int) -> FindingView:
    with library.reading() as session:
        row = _load(session, finding_id)
        return _view(row, _title(session, row.article_id))


def open_error_count(library: Library, article_id: int) -> int:
    with library.reading() as session:
        return count_open_errors(session, article_id)


def open_counts(
    library: Library, article_ids: Sequence[int] | None = None
) -> dict[int, ProblemCount]:
    """Open findings by severity for these articles (all when None); absent: none open."""
    statement = (
        select(QualityFinding.article_id, QualityFinding.severity, func.count())
        .where(QualityFinding.status == "open")
        .group_by(QualityFinding.article_id, QualityFinding.severity)
    )
    if article_ids is not None:
        if not article_ids:
            return {}
        statement = statement.where(QualityFinding.article_id.in_(list(article_ids)))
    with library.reading() as session:
        disabled = [c for c, setting in _config(session).items() if not setting.enabled]
        if disabled:
            statement = statement.where(QualityFinding.check_id.not_in(disabled))
        counts: dict[int, dict[str, int]] = defaultdict(dict)
        for article_id, severity, count in session.execute(statement):
            counts[article_id][severity] = count
    return {
        article_id: ProblemCount(by.get("error", 0), by.get("warning", 0), by.get("info", 0))
        for article_id, by in counts.items()
    }


def _totals(library: Library) -> ProblemCount:
    counts = list(open_counts(library).values())
    return ProblemCount(
        sum(count.errors for count in counts),
        sum(count.warnings for count in counts),
        sum(count.infos for count in counts),
    )


# --- what editors do -------------------------------------------------------------------


def _load(session: Session, finding_id: int) -> QualityFinding:
    row = session.get(QualityFinding, finding_id)
    if row is None:
        raise NotFoundError(_("No finding with id {id}.").format(id=finding_id))
    return row


def _title(session: Session, article_id: int) -> str:
    return session.scalar(select(Article.title).where(Article.id == article_id)) or ""


def _snapshot(row: QualityFinding) -> dict[str, Any]:
    return {
        "finding": row.id,
        "check_id": row.check_id,
        "text": row.text,
        "status": row.status,
        "reason": row.dismiss_reason or None,
    }


def dismiss(library: Library, finding_id: int, reason: str) -> FindingView:
    """Dismiss a finding, with the reason it is not a problem; kept across re-runs."""
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise ValidationError("reason", _("say why the finding is dismissed"))
    with library.session() as session:
        row = _load(session, finding_id)
        before = _snapshot(row)
        row.status = "dismissed"
        row.dismiss_reason = reason
        row.dismissed_by = current_author()
        row.dismissed_at = utcnow()
        after = _snapshot(row)
        record_revision(session, "article", row.article_id, "dismiss_finding", before, after)
        session.flush()
        return _view(row, _title(session, row.article_id))


def reopen(library: Library, finding_id: int, reason: str = "") -> FindingView:
    """Make a dismissed finding open again (undoing a dismissal, or on second thoughts)."""
    with library.session() as session:
        row = _load(session, finding_id)
        before = _snapshot(row)
        row.status = "open"
        row.dismiss_reason = ""
        row.dismissed_by = None
        row.dismissed_at = None
        after = _snapshot(row)
        if reason.strip():
            after["reason"] = " ".join(reason.split())
        record_revision(session, "article", row.article_id, "reopen_finding", before, after)
        session.flush()
        return _view(row, _title(session, row.article_id))


def check_label(check_id: str) -> str:
    """What a check looks for, in the editor's language."""
    info = ALL_CHECKS.get(check_id)
    return _(info.description) if info is not None else check_id


def severity_label(severity: str) -> str:
    labels = {"error": _("Error"), "warning": _("Warning"), "info": _("Info")}
    return labels.get(severity, severity)


def counts_text(errors: int, warnings: int, infos: int = 0) -> str:
    """ "2 errors, 1 warning": the counts that are not zero."""
    parts = []
    if errors:
        parts.append(ngettext("{n} error", "{n} errors", errors).format(n=errors))
    if warnings:
        parts.append(ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings))
    if infos:
        parts.append(ngettext("{n} note", "{n} notes", infos).format(n=infos))
    return ", ".join(parts)
