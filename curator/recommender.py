"""A recommender trained on the library's own accepted annotations (a linear-chain CRF).

It learns from what editors accepted and suggests the same kinds of mentions in other
articles. Before the final model is trained on everything, it is cross-validated over
articles: each fold of articles is tagged by a model trained on the others, so every
score comes from text the scoring model never saw, and the app can show how far its
suggestions deserve trust. With fewer than MIN_ARTICLES_TO_MEASURE annotated articles
there is nothing honest to measure, and the scores are None. The model is kept inside
the library (it travels with the file) together with those figures.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import tempfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pycrfsuite
from sqlalchemy import func, select

from curator.i18n import _, ngettext
from curator.progress import Progress
from db.library import Library
from db.models import Annotation, Article, LibrarySetting

MODEL_KEY = "recommender_model"
STATS_KEY = "recommender_stats"
SOURCE = "recommender"
RETRAIN_AFTER = 50  # new accepted annotations before the model is trained again
MIN_ANNOTATIONS = 20  # below this there is nothing worth learning
MIN_ARTICLES_TO_MEASURE = 3  # fewer annotated articles: no held-out text to score on
MAX_FOLDS = 5
MAX_SEQUENCE = 60
TOKEN = re.compile(r"\w+(?:[.,’'-]\w+)*|[^\w\s]")


@dataclass(frozen=True, slots=True)
class TypeScore:
    precision: float
    recall: float
    f1: float
    support: int  # held-out annotations of the type


@dataclass(frozen=True, slots=True)
class RecommenderStats:
    trained_at: str
    annotations: int  # accepted annotations it was trained on (outermost spans)
    articles: int
    held_out_articles: int  # articles scored by a model that did not see them
    precision: float | None  # None: too few annotated articles to measure
    recall: float | None
    f1: float | None
    per_type: dict[str, TypeScore] = field(default_factory=dict)
    folds: int = 0  # cross-validation folds (0: not measured, or an older single split)
    accepted: int = 0  # accepted annotations in the library when it was trained

    @property
    def measured(self) -> bool:
        return self.precision is not None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RecommenderStats:
        data = dict(data)
        per_type = {name: TypeScore(**score) for name, score in data.pop("per_type").items()}
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known, per_type=per_type)


@dataclass(frozen=True, slots=True)
class Recommendation:
    start: int
    end: int
    type: str
    text: str


# --- features --------------------------------------------------------------------


def _tokens(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in TOKEN.finditer(text)]


def _sequences(text: str) -> Iterator[list[tuple[int, int]]]:
    """Token spans in runs no longer than a paragraph or MAX_SEQUENCE tokens."""
    run: list[tuple[int, int]] = []
    for start, end in _tokens(text):
        if run and ("\n" in text[run[-1][1] : start] or len(run) >= MAX_SEQUENCE):
            yield run
            run = []
        run.append((start, end))
    if run:
        yield run


def _shape(word: str) -> str:
    shape = re.sub(r"[A-Z]", "X", word)
    shape = re.sub(r"[a-z]", "x", shape)
    shape = re.sub(r"\d", "d", shape)
    return re.sub(r"(.)\1{2,}", r"\1\1", shape)


def _word_features(word: str, prefix: str) -> list[str]:
    lower = word.lower()
    return [
        f"{prefix}w={lower}",
        f"{prefix}shape={_shape(word)}",
        f"{prefix}title={word[:1].isupper()}",
        f"{prefix}digit={any(c.isdigit() for c in word)}",
    ]


def _features(text: str, run: Sequence[tuple[int, int]]) -> list[list[str]]:
    words = [text[start:end] for start, end in run]
    rows = []
    for index, word in enumerate(words):
        lower = word.lower()
        row = [
            "bias",
            *_word_features(word, ""),
            f"suf3={lower[-3:]}",
            f"pre3={lower[:3]}",
            f"upper={word.isupper()}",
            f"len={min(len(word), 8)}",
        ]
        for offset in (-2, -1, 1, 2):
            position = index + offset
            if 0 <= position < len(words):
                row += _word_features(words[position], f"{offset:+d}:")
            else:
                row.append(f"{offset:+d}:edge")
        rows.append(row)
    return rows


def _labels(run: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int, str]]) -> list[str]:
    """BIO labels for the tokens of a run, from non-overlapping annotation spans."""
    labels = ["O"] * len(run)
    for start, end, type_name in spans:
        inside = [i for i, (s, e) in enumerate(run) if s >= start and e <= end]
        for position, index in enumerate(inside):
            labels[index] = f"{'B' if position == 0 else 'I'}-{type_name}"
    return labels


def _outermost(spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Nested or overlapping spans reduced to the outermost (longest first)."""
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept)


def _spans_from_labels(
    run: Sequence[tuple[int, int]], labels: Sequence[str]
) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    current: list[Any] | None = None
    for (start, end), label in zip(run, labels, strict=True):
        if label.startswith("B-") or (
            label.startswith("I-") and (current is None or current[2] != label[2:])
        ):
            if current:
                spans.append(tuple(current))  # type: ignore[arg-type]
            current = [start, end, label[2:]]
        elif label.startswith("I-") and current is not None:
            current[1] = end
        else:
            if current:
                spans.append(tuple(current))  # type: ignore[arg-type]
            current = None
    if current:
        spans.append(tuple(current))  # type: ignore[arg-type]
    return spans


# --- training ----------------------------------------------------------------------


def _training_data(library: Library) -> list[tuple[int, str, list[tuple[int, int, str]]]]:
    """(article id, body, outermost accepted spans) for every annotated article."""
    with library.session() as session:
        rows = session.execute(
            select(Annotation.article_id, Annotation.start, Annotation.end, Annotation.type)
            .where(Annotation.status == "accepted")
            .order_by(Annotation.article_id)
        ).all()
        spans: dict[int, list[tuple[int, int, str]]] = {}
        for article_id, start, end, type_name in rows:
            spans.setdefault(article_id, []).append((start, end, type_name))
        bodies = dict(
            session.execute(select(Article.id, Article.body).where(Article.id.in_(spans))).all()
        )
    return [(i, bodies[i], _outermost(spans[i])) for i in sorted(spans) if i in bodies]


def _train(data: Sequence[tuple[int, str, list[tuple[int, int, str]]]], path: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for _article_id, body, spans in data:
        for run in _sequences(body):
            trainer.append(_features(body, run), _labels(run, spans))
    trainer.set_params({"c1": 0.1, "c2": 0.05, "max_iterations": 120,
                        "feature.possible_transitions": True})  # fmt: skip
    trainer.train(str(path))


def _tag(tagger: pycrfsuite.Tagger, body: str) -> list[tuple[int, int, str]]:
    found = []
    for run in _sequences(body):
        found += _spans_from_labels(run, tagger.tag(_features(body, run)))
    return found


Tally = dict[str, list[int]]  # type -> [true positives, predicted, gold]


def _tally(
    tagger: pycrfsuite.Tagger, data: Sequence[tuple[int, str, list[tuple[int, int, str]]]],
    counts: Tally,
) -> None:
    """Add exact-span hits, predictions and gold spans of these articles to `counts`."""
    for _article_id, body, gold in data:
        predicted = set(_tag(tagger, body))
        expected = set(gold)
        for type_name in {t for *_s, t in predicted | expected}:
            tally = counts.setdefault(type_name, [0, 0, 0])
            tally[0] += len({s for s in predicted & expected if s[2] == type_name})
            tally[1] += len({s for s in predicted if s[2] == type_name})
            tally[2] += len({s for s in expected if s[2] == type_name})


def _prf(hit: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = hit / predicted if predicted else 0.0
    recall = hit / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 3), round(recall, 3), round(f1, 3)


def _folds(
    data: Sequence[tuple[int, str, list[tuple[int, int, str]]]],
) -> list[list[tuple[int, str, list[tuple[int, int, str]]]]]:
    """The annotated articles dealt into up to MAX_FOLDS folds (by a hash of the id, so a
    new article does not reshuffle the others)."""
    count = min(MAX_FOLDS, len(data))
    ordered = sorted(data, key=lambda item: (zlib.crc32(str(item[0]).encode()), item[0]))
    return [list(ordered[start::count]) for start in range(count)]


def _cross_validate(
    data: Sequence[tuple[int, str, list[tuple[int, int, str]]]],
    folder: Path,
    progress: Progress,
) -> tuple[float, float, float, dict[str, TypeScore], int]:
    """Micro-averaged scores over folds: each fold tagged by a model trained on the rest."""
    folds = _folds(data)
    counts: Tally = {}
    for index, held in enumerate(folds):
        progress.report(index, len(folds) + 1, _("Measuring on fold {n} of {total}").format(
            n=index + 1, total=len(folds)))  # fmt: skip
        rest = [item for other, fold in enumerate(folds) if other != index for item in fold]
        path = folder / f"fold{index}.crfsuite"
        _train(rest, path)
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        try:
            _tally(tagger, held, counts)
        finally:
            tagger.close()
    per_type = {name: TypeScore(*_prf(*tally), tally[2]) for name, tally in sorted(counts.items())}
    total = [sum(tally[i] for tally in counts.values()) for i in range(3)]
    return (*_prf(*total), per_type, len(folds))


def accepted_count(library: Library) -> int:
    with library.reading() as session:
        return (
            session.scalar(select(func.count(Annotation.id)).where(Annotation.status == "accepted"))
            or 0
        )


def train(library: Library, progress: Progress | None = None) -> RecommenderStats:
    """Cross-validate over articles, then train on all and keep the model in the library."""
    progress = progress or Progress()
    data = _training_data(library)
    annotations = sum(len(spans) for *_rest, spans in data)
    if annotations < MIN_ANNOTATIONS:
        raise ValueError(
            _("The recommender needs at least {n} accepted annotations to learn from.").format(
                n=MIN_ANNOTATIONS
            )
        )
    accepted = accepted_count(library)
    measured = len(data) >= MIN_ARTICLES_TO_MEASURE
    precision = recall = f1 = None
    per_type: dict[str, TypeScore] = {}
    folds = 0
    with tempfile.TemporaryDirectory() as folder:
        if measured:
            precision, recall, f1, per_type, folds = _cross_validate(data, Path(folder), progress)
        progress.report(folds, folds + 1, ngettext(
            "Training on {n} article", "Training on all {n} articles", len(data)
        ).format(n=len(data)))
        final = Path(folder) / "final.crfsuite"
        _train(data, final)
        model = base64.b64encode(final.read_bytes()).decode("ascii")
    stats = RecommenderStats(
        trained_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        annotations=annotations, articles=len(data),
        held_out_articles=len(data) if measured else 0,
        precision=precision, recall=recall, f1=f1, per_type=per_type,
        folds=folds, accepted=accepted,
    )  # fmt: skip
    with library.session() as session:
        session.merge(LibrarySetting(key=MODEL_KEY, value=model))
        session.merge(LibrarySetting(key=STATS_KEY, value=json.dumps(stats.to_json())))
    progress.report(folds + 1, folds + 1, "")
    return stats


def stats(library: Library) -> RecommenderStats | None:
    with library.reading() as session:
        setting = session.get(LibrarySetting, STATS_KEY)
        return RecommenderStats.from_json(json.loads(setting.value)) if setting else None


def new_since_training(current: RecommenderStats | None, accepted: int) -> int:
    """Accepted annotations added since the model was trained (all of them before)."""
    if current is None:
        return accepted
    return max(0, accepted - (current.accepted or current.annotations))


def needs_training(library: Library) -> bool:
    """Enough new accepted annotations since the last training (or none yet)."""
    current = stats(library)
    count = accepted_count(library)
    if current is None:
        return count >= MIN_ANNOTATIONS
    return new_since_training(current, count) >= RETRAIN_AFTER


class _LoadedModel:
    """A tagger together with the model bytes it reads.

    CRFsuite's in-memory model is not copied: the tagger reads the caller's buffer for
    as long as it is open, so the bytes must live exactly as long as the tagger.
    """

    def __init__(self, data: bytes) -> None:
        self._data = data
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open_inmemory(self._data)


_models: dict[tuple[str, str], _LoadedModel] = {}


def _tagger(library: Library) -> pycrfsuite.Tagger | None:
    """The library's model, loaded once per training (cached by its training time)."""
    current = stats(library)
    if current is None:
        return None
    key = (str(library.path), current.trained_at)
    if key not in _models:
        with library.session() as session:
            setting = session.get(LibrarySetting, MODEL_KEY)
            if setting is None:
                return None
            _models[key] = _LoadedModel(base64.b64decode(setting.value))
    return _models[key].tagger


def recommend(library: Library, body: str) -> list[Recommendation]:
    """What the trained model marks in a text (nothing before it is trained)."""
    tagger = _tagger(library)
    if tagger is None:
        return []
    return [Recommendation(s, e, t, body[s:e]) for s, e, t in _tag(tagger, body)]
