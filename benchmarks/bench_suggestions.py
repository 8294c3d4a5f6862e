"""Suggestion quality and speed against hand-made gold annotations of real articles.

    python benchmarks/bench_suggestions.py --seeds ../shared/seeds --gold seeds-gold.json
    python benchmarks/bench_suggestions.py ... --curated 000_x.txt --details

The seeds are imported into a fresh temporary library. To simulate "the entities of one
article are curated", the gold PERSON, ORG, EVENT, LOCATION, ROLE and DOCUMENT mentions
of the curated article become entities (one per distinct mention text, of the gold
type) and accepted annotations linked to them. `suggest()` then runs on every other
article and its suggestions are scored against those articles' gold, per type, by exact
span and by overlap (same type, spans overlap), overall and by source (gazetteer,
rule:*). The rules alone (DATE, MONEY, FIGURE) are also scored on all articles, and the
time `suggest()` takes per article is measured (issue 3 asks for under 200 ms).

The gold file is a JSON list of {"file", "start", "end", "type", "text"} with offsets
into the stored article body; it and the seed texts stay outside the repository.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from curator.annotations import add_annotation  # noqa: E402
from curator.entities import create_entity  # noqa: E402
from curator.importer import import_paths  # noqa: E402
from curator.suggestions import suggest  # noqa: E402
from curator.text.recognisers import recognise  # noqa: E402
from db.library import Library  # noqa: E402
from db.models import Article  # noqa: E402

DEFAULT_CURATED = "000_9fd342bd66dc10d8.txt"
ENTITY_TYPES = ("PERSON", "ORG", "EVENT", "LOCATION", "ROLE", "DOCUMENT")
RULE_TYPES = ("DATE", "MONEY", "FIGURE")
ALL_TYPES = ("PERSON", "ORG", "EVENT", "LOCATION", "DATE", "MONEY", "FIGURE", "ROLE", "DOCUMENT")


@dataclass(frozen=True, slots=True)
class Span:
    file: str
    start: int
    end: int
    type: str
    text: str
    source: str = "gold"

    def overlaps(self, other: Span) -> bool:
        return (
            self.file == other.file
            and self.type == other.type
            and self.start < other.end
            and other.start < self.end
        )


def normalised(text: str) -> str:
    return " ".join(text.split())


# --- scoring ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Score:
    predicted: int
    gold: int
    exact_tp_pred: int
    exact_tp_gold: int
    overlap_tp_pred: int
    overlap_tp_gold: int

    @staticmethod
    def _prf(tp_pred: int, tp_gold: int, predicted: int, gold: int) -> list[str]:
        """Precision, recall and F1 as text; "–" where undefined (nothing to divide by)."""
        p = tp_pred / predicted if predicted else None
        r = tp_gold / gold if gold else None
        f = None
        if p is not None and r is not None:
            f = 2 * p * r / (p + r) if p + r else 0.0
        return ["–" if v is None else f"{v:.2f}" for v in (p, r, f)]

    def exact(self) -> list[str]:
        return self._prf(self.exact_tp_pred, self.exact_tp_gold, self.predicted, self.gold)

    def overlap(self) -> list[str]:
        return self._prf(self.overlap_tp_pred, self.overlap_tp_gold, self.predicted, self.gold)


def score(predicted: Sequence[Span], gold: Sequence[Span]) -> Score:
    gold_keys = {(g.file, g.start, g.end, g.type) for g in gold}
    pred_keys = {(p.file, p.start, p.end, p.type) for p in predicted}
    return Score(
        predicted=len(predicted),
        gold=len(gold),
        exact_tp_pred=sum((p.file, p.start, p.end, p.type) in gold_keys for p in predicted),
        exact_tp_gold=sum((g.file, g.start, g.end, g.type) in pred_keys for g in gold),
        overlap_tp_pred=sum(any(p.overlaps(g) for g in gold) for p in predicted),
        overlap_tp_gold=sum(any(g.overlaps(p) for p in predicted) for g in gold),
    )


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def score_table(
    predicted: Sequence[Span], gold: Sequence[Span], types: Sequence[str], label: str = "type"
) -> str:
    rows = []
    for type_name in [*types, "all"]:
        p = [s for s in predicted if type_name == "all" or s.type == type_name]
        g = [s for s in gold if type_name == "all" or s.type == type_name]
        if not p and not g:
            continue
        result = score(p, g)
        rows.append([type_name, result.gold, result.predicted, *result.exact(), *result.overlap()])
    headers = [label, "gold", "suggested", "P exact", "R exact", "F1 exact"]
    return table([*headers, "P overlap", "R overlap", "F1 overlap"], rows)


def source_table(predicted: Sequence[Span], gold: Sequence[Span]) -> str:
    """Per source and type: precision over that source's suggestions, recall over all gold
    of the type (what that source alone would find)."""
    rows = []
    for source in sorted({s.source for s in predicted}):
        mine = [s for s in predicted if s.source == source]
        for type_name in ALL_TYPES:
            p = [s for s in mine if s.type == type_name]
            if not p:
                continue
            result = score(p, [g for g in gold if g.type == type_name])
            rows.append(
                [
                    source,
                    type_name,
                    result.gold,
                    result.predicted,
                    *result.exact(),
                    *result.overlap(),
                ]
            )
    headers = ["source", "type", "gold", "suggested", "P exact", "R exact", "F1 exact"]
    return table([*headers, "P overlap", "R overlap", "F1 overlap"], rows)


def details(predicted: Sequence[Span], gold: Sequence[Span], limit: int = 60) -> str:
    """False positives and misses (overlap criterion), and exact-boundary mismatches."""
    lines = []
    false_positives = [p for p in predicted if not any(p.overlaps(g) for g in gold)]
    misses = [g for g in gold if not any(g.overlaps(p) for p in predicted)]
    gold_keys = {(g.file, g.start, g.end, g.type) for g in gold}
    boundary = [
        (p, [g for g in gold if p.overlaps(g)])
        for p in predicted
        if (p.file, p.start, p.end, p.type) not in gold_keys and any(p.overlaps(g) for g in gold)
    ]
    wrong_type = [
        p
        for p in false_positives
        if any(p.file == g.file and p.start < g.end and g.start < p.end for g in gold)
    ]
    lines.append(
        f"False positives ({len(false_positives)}, of which {len(wrong_type)} overlap gold"
        " of another type):"
    )
    lines += [
        f"  {p.file[:3]} {p.type:9} {p.source:12} {p.text!r}" for p in false_positives[:limit]
    ]
    lines.append(f"Misses ({len(misses)}):")
    lines += [f"  {g.file[:3]} {g.type:9} {g.text!r}" for g in misses[:limit]]
    lines.append(f"Boundary mismatches ({len(boundary)}):")
    lines += [
        f"  {p.file[:3]} {p.type:9} {p.source:12} {p.text!r} vs gold "
        + ", ".join(repr(g.text) for g in gs)
        for p, gs in boundary[:limit]
    ]
    return "\n".join(lines)


# --- the library -----------------------------------------------------------------------


def load_gold(path: Path) -> list[Span]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [Span(r["file"], r["start"], r["end"], r["type"], r["text"]) for r in rows]


def import_seeds(library: Library, seeds: Path) -> dict[str, tuple[int, str, str]]:
    """File name -> (article id, body, language)."""
    report = import_paths(library, [seeds])
    if report.errors:
        raise SystemExit(f"import failed: {report.errors}")
    with library.session() as session:
        rows = session.execute(
            select(Article.id, Article.origin, Article.body, Article.language)
        ).all()
    return {
        Path(origin).name: (id_, body, language or "en") for id_, origin, body, language in rows
    }


def check_gold(gold: Sequence[Span], articles: dict[str, tuple[int, str, str]]) -> None:
    for span in gold:
        if span.file not in articles:
            raise SystemExit(f"gold names {span.file}, which is not among the seeds")
        body = articles[span.file][1]
        if body[span.start : span.end] != span.text:
            raise SystemExit(
                f"gold span {span.file} {span.start}-{span.end} does not match the body"
            )


def curate(library: Library, article_id: int, mentions: Sequence[Span]) -> dict[str, str]:
    """One entity per distinct mention text; every mention accepted and linked.

    Returns the curated texts (white space normalised) with their types.
    """
    entities: dict[str, tuple[int, str]] = {}
    for mention in mentions:
        key = normalised(mention.text)
        if key not in entities:
            view = create_entity(library, mention.type, key)
            entities[key] = (view.id, mention.type)
        add_annotation(
            library,
            article_id,
            mention.start,
            mention.end,
            mention.type,
            entity_id=entities[key][0],
            snap=False,
        )
    return {text: type_name for text, (_id, type_name) in entities.items()}


def ceiling_table(gold: Sequence[Span], curated: dict[str, str]) -> str:
    rows = []
    for type_name in ENTITY_TYPES:
        mentions = [g for g in gold if g.type == type_name]
        if not mentions:
            continue
        same_text = sum(normalised(g.text) in curated for g in mentions)
        same_both = sum(curated.get(normalised(g.text)) == type_name for g in mentions)
        rows.append([type_name, len(mentions), same_text, same_both])
    return table(
        ["type", "gold mentions", "text among curated", "text and type among curated"], rows
    )


def time_suggestions(library: Library, article_ids: Sequence[int], repeat: int) -> list[float]:
    timings = []
    for _ in range(repeat):
        for article_id in article_ids:
            began = time.perf_counter()
            suggest(library, article_id)
            timings.append((time.perf_counter() - began) * 1000)
    return timings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, required=True, help="folder of seed articles")
    parser.add_argument("--gold", type=Path, required=True, help="gold annotations (JSON)")
    parser.add_argument(
        "--curated", default=DEFAULT_CURATED, help="file name of the curated article"
    )
    parser.add_argument("--repeat", type=int, default=20, help="timing runs per article")
    parser.add_argument("--details", action="store_true", help="list misses and false positives")
    args = parser.parse_args(argv)

    gold = load_gold(args.gold)
    with tempfile.TemporaryDirectory() as folder:
        library = Library.open(Path(folder) / "bench.sqlite")
        try:
            articles = import_seeds(library, args.seeds)
            check_gold(gold, articles)
            if args.curated not in articles:
                raise SystemExit(f"{args.curated} is not among the seeds")
            curated_id = articles[args.curated][0]
            curated_mentions = [
                g for g in gold if g.file == args.curated and g.type in ENTITY_TYPES
            ]
            curated = curate(library, curated_id, curated_mentions)
            others = sorted(name for name in articles if name != args.curated)
            other_gold = [g for g in gold if g.file in others]

            predicted = [
                Span(name, s.start, s.end, s.type, s.text, s.source)
                for name in others
                for s in suggest(library, articles[name][0])
            ]
            rules = [
                Span(name, s.start, s.end, s.type, s.text, s.source)
                for name, (_id, body, language) in sorted(articles.items())
                for s in recognise(body, language)
            ]
            timings = time_suggestions(
                library, [articles[name][0] for name in sorted(articles)], args.repeat
            )
        finally:
            library.close()

    print(f"# Suggestions against gold ({len(gold)} gold spans in {len(articles)} articles)\n")
    print(
        f"Curated article: {args.curated} — {len(curated_mentions)} mentions, "
        f"{len(curated)} entities. Scored on the {len(others)} other articles "
        f"({len(other_gold)} gold spans, {len(predicted)} suggestions).\n"
    )
    counts = Counter((g.file, g.type) for g in gold)
    print("## Gold spans per article\n")
    print(
        table(
            ["article", *ALL_TYPES, "all"],
            [
                [
                    name[:3],
                    *(counts[name, t] for t in ALL_TYPES),
                    sum(counts[name, t] for t in ALL_TYPES),
                ]
                for name in sorted(articles)
            ],
        )
    )
    print("\n## suggest() on the other articles, per type\n")
    print(score_table(predicted, other_gold, ALL_TYPES))
    print("\n## By source\n")
    print("Precision over the source's own suggestions; recall over all gold of the type.\n")
    print(source_table(predicted, other_gold))
    print("\n## Gazetteer ceiling (gold mentions in the other articles)\n")
    print(ceiling_table(other_gold, curated))
    print("\n## Rules alone on all articles\n")
    print(score_table(rules, [g for g in gold if g.type in RULE_TYPES], RULE_TYPES))
    print("\n## Time of suggest() per article\n")
    print(
        table(
            ["articles", "calls", "mean ms", "median ms", "max ms"],
            [
                [
                    len(articles),
                    len(timings),
                    f"{statistics.fmean(timings):.1f}",
                    f"{statistics.median(timings):.1f}",
                    f"{max(timings):.1f}",
                ]
            ],
        )
    )
    if args.details:
        print("\n## Details: suggest() on the other articles\n")
        print(details(predicted, other_gold))
        print("\n## Details: rules alone on all articles\n")
        print(details(rules, [g for g in gold if g.type in RULE_TYPES]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
