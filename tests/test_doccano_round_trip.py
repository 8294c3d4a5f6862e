"""doccano round trips (issue 17, items 1-3): spans come back by offsets and quote, never
by their place in a list; one line shape per file; offsets in UTF-16 code units, as
doccano's browser interface counts them.

The files here are shaped as doccano 1.8 writes them: its sequence-labeling export
(`label: [[start, end, "TYPE"]]`, doccano's own example id, our columns kept as metadata)
and its relation export (`entities` with doccano's own span ids, `relations` joining
those ids).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from curator.exchange import doccano
from curator.exchange.model import (
    ExportedAnnotation,
    ExportedArticle,
    ExportedEntity,
    ExportedRelation,
)
from curator.progress import Progress
from tests.test_exchange_formats import _key, articles

BODY = "🇨🇳 中国电动车 — 🏍️ Ducati 在北京市发布新车。Anna Ferri 🙂 说：很好。"


def _at(quote: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = BODY.index(quote, start + 1)
    return start, start + len(quote)


def _utf16(index: int, text: str = BODY) -> int:
    """A code point index in UTF-16 code units, counted independently of the module."""
    return len(text[:index].encode("utf-16-le")) // 2


def _ann(ident: int, kind: str, quote: str, **extra: Any) -> ExportedAnnotation:
    start, end = _at(quote)
    return ExportedAnnotation(ident, kind, start, end, quote, **extra)


def emoji_article(relations: bool = True) -> ExportedArticle:
    """Flags, a motorcycle with a variation selector, CJK text and nested spans."""
    return ExportedArticle(
        id=31,
        title="中国电动车",
        body=BODY,
        language="zh",
        annotations=(
            _ann(1, "GPE", "中国"),
            _ann(2, "ORG", "Ducati", entity_id=5, note="Bologna"),
            _ann(3, "GPE", "北京市"),
            _ann(4, "CITY", "北京"),  # nested in 北京市
            _ann(5, "PERSON", "Anna Ferri", note="portavoce"),
        ),
        relations=(ExportedRelation(1, "located in", 2, 3),) if relations else (),
        entities=(ExportedEntity(5, "ORG", "Ducati", external_id="Q209"),),
    )


def _write(path: Path, items: list[ExportedArticle]) -> list[dict[str, Any]]:
    with open(path, "w", encoding="utf-8") as out:
        doccano.write(iter(items), out, Progress())
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def _save(path: Path, lines: list[dict[str, Any]]) -> None:
    path.write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8"
    )


def _spans(article: ExportedArticle) -> list[tuple[int, str, str, str]]:
    return sorted((a.id, a.type, a.text, a.note) for a in article.annotations)


def _u(quote: str, occurrence: int = 0) -> list[int]:
    start, end = _at(quote, occurrence)
    return [_utf16(start), _utf16(end)]


# ------------------------------------------------------------------ offsets (item 3)


def test_offsets_are_written_in_utf16_code_units(tmp_path: Path) -> None:
    [line] = _write(tmp_path / "out.jsonl", [emoji_article()])
    text16 = line["text"].encode("utf-16-le")
    for entity, written in zip(line["entities"], line["curator"]["annotations"], strict=True):
        start, end = entity["start_offset"], entity["end_offset"]
        # what doccano's browser draws: the UTF-16 units between the offsets
        assert text16[2 * start : 2 * end].decode("utf-16-le") == written["text"]
        assert (written["start"], written["end"]) == (start, end)
    assert line["curator"]["offsets"] == "utf-16"


def test_a_span_marked_in_the_browser_after_emoji_reads_at_its_place(tmp_path: Path) -> None:
    path = tmp_path / "browser.jsonl"
    _save(
        path,
        [
            {
                "id": 7,
                "text": BODY,
                "label": [[*_u("Ducati"), "ORG"], [*_u("Anna Ferri"), "PERSON"]],
                "Comments": [],
            }
        ],
    )
    result = doccano.read(path)
    assert result.problems == []
    [article] = result.articles
    assert [(a.type, a.text) for a in article.annotations] == [
        ("ORG", "Ducati"),
        ("PERSON", "Anna Ferri"),
    ]


def test_offsets_cutting_an_emoji_in_two_are_a_named_problem(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl"
    _save(path, [{"id": 1, "text": BODY, "label": [[1, 5, "GPE"], [*_u("中国"), "GPE"]]}])
    result = doccano.read(path)
    [article] = result.articles
    assert [a.text for a in article.annotations] == ["中国"]
    [problem] = result.problems
    assert problem.where == "cut.jsonl, line 1, span 1" and problem.severity == "error"
    assert "UTF-16" in problem.reason


def test_a_quote_that_disagrees_with_the_offsets_is_a_named_problem(tmp_path: Path) -> None:
    path = tmp_path / "shifted.jsonl"
    [line] = _write(path, [emoji_article()])
    # shifted by two units, as a code-point writer would have put "Ducati"
    line["entities"][1]["start_offset"] -= 2
    line["entities"][1]["end_offset"] -= 2
    line["curator"]["annotations"][1]["start"] -= 2
    line["curator"]["annotations"][1]["end"] -= 2
    _save(path, [line])
    result = doccano.read(path)
    [problem] = result.problems
    assert problem.where == "shifted.jsonl, line 1, span 2" and problem.severity == "warning"
    assert "Ducati" in problem.reason
    assert _key(result.articles[0]) == _key(emoji_article())


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_utf16_offsets_convert_both_ways(text: str) -> None:
    units = doccano.Utf16(text)
    for index in range(len(text) + 1):
        assert units.from_index(index) == _utf16(index, text)
        assert units.to_index(_utf16(index, text)) == index
        if index < len(text) and ord(text[index]) > 0xFFFF:  # between its two halves
            assert units.to_index(_utf16(index, text) + 1) is None


# ------------------------------------------------------------- one shape (item 2)


def test_one_line_shape_per_file(tmp_path: Path) -> None:
    mixed = _write(tmp_path / "mixed.jsonl", [emoji_article(relations=False), *articles()])
    assert all({"entities", "relations"} <= line.keys() for line in mixed)
    assert not any("label" in line for line in mixed)
    assert mixed[0]["relations"] == []
    plain = _write(tmp_path / "plain.jsonl", [emoji_article(relations=False)])
    assert [
        sorted(k for k in line if k in ("label", "entities", "relations")) for line in plain
    ] == [["label"]]
    assert plain[0]["label"][1] == [*_u("Ducati"), "ORG"]


def test_round_trip_loses_nothing(tmp_path: Path) -> None:
    for items in ([emoji_article(), *articles()], [emoji_article(relations=False)]):
        path = tmp_path / "round.jsonl"
        _write(path, items)
        result = doccano.read(path)
        assert result.problems == []
        assert [_key(a) for a in result.articles] == [_key(a) for a in items]
        assert result.articles[0].entities == emoji_article().entities


# ----------------------------------------------------- returning spans (item 1)


def _doccano_sequence_export(line: dict[str, Any]) -> dict[str, Any]:
    """What doccano 1.8 exports for our label-shaped line: its own example id, the
    labels in its own order, our other columns kept as they were."""
    exported = {"id": 4242, "text": line["text"], "label": list(reversed(line["label"]))}
    exported.update({k: v for k, v in line.items() if k not in ("id", "text", "label")})
    exported["Comments"] = []
    return exported


def _doccano_relation_export(line: dict[str, Any]) -> dict[str, Any]:
    """doccano 1.8's relation export: span and relation ids are its database ids."""
    new_id = {entity["id"]: 900 + index for index, entity in enumerate(line["entities"])}
    exported = {"id": 4242, "text": line["text"]}
    exported["entities"] = [{**e, "id": new_id[e["id"]]} for e in reversed(line["entities"])]
    exported["relations"] = [
        {**r, "id": 77, "from_id": new_id[r["from_id"]], "to_id": new_id[r["to_id"]]}
        for r in line["relations"]
    ]
    exported.update(
        {k: v for k, v in line.items() if k not in ("id", "text", "entities", "relations")}
    )
    return exported


def test_deleted_added_and_relabelled_spans_in_the_label_shape(tmp_path: Path) -> None:
    path = tmp_path / "seq.jsonl"
    [line] = _write(path, [emoji_article(relations=False)])
    exported = _doccano_sequence_export(line)
    exported["label"] = [
        span for span in exported["label"] if span != [*_u("中国"), "GPE"]
    ]  # deleted in doccano
    exported["label"] = [
        [*span[:2], "NAME"] if span == [*_u("Anna Ferri"), "PERSON"] else span
        for span in exported["label"]
    ]  # relabelled
    exported["label"].append([*_u("新车"), "PRODUCT"])  # added after the emoji
    _save(path, [exported])
    result = doccano.read(path)
    assert result.problems == []
    [article] = result.articles
    assert _spans(article) == [
        (2, "ORG", "Ducati", "Bologna"),
        (3, "GPE", "北京市", ""),
        (4, "CITY", "北京", ""),
        (5, "NAME", "Anna Ferri", "portavoce"),
        (6, "PRODUCT", "新车", ""),
    ]
    ducati = next(a for a in article.annotations if a.id == 2)
    assert (ducati.start, ducati.end, ducati.entity_id) == (*_at("Ducati"), 5)


def test_deleted_added_and_relabelled_spans_in_the_relation_shape(tmp_path: Path) -> None:
    path = tmp_path / "rel.jsonl"
    [line] = _write(path, [emoji_article()])
    exported = _doccano_relation_export(line)
    entities = exported["entities"]
    exported["entities"] = [e for e in entities if e["label"] != "CITY"]  # nested: dropped
    for entity in exported["entities"]:
        if entity["label"] == "ORG":
            entity["label"] = "COMPANY"  # relabelled; it was linked to an ORG entity
    start, end = _u("电动车")
    exported["entities"].append(
        {"id": 5, "start_offset": start, "end_offset": end, "label": "PRODUCT"}
    )  # added; doccano's id 5 is one of ours, it must not take over our span 5
    _save(path, [exported])
    result = doccano.read(path)
    [article] = result.articles
    assert _spans(article) == [
        (1, "GPE", "中国", ""),
        (2, "COMPANY", "Ducati", "Bologna"),
        (3, "GPE", "北京市", ""),
        (5, "PERSON", "Anna Ferri", "portavoce"),
        (6, "PRODUCT", "电动车", ""),
    ]
    assert [(r.type, r.source_id, r.target_id) for r in article.relations] == [("located in", 2, 3)]
    ducati = next(a for a in article.annotations if a.id == 2)
    assert ducati.entity_id is None
    [problem] = result.problems
    assert problem.severity == "warning" and problem.where == "rel.jsonl, line 1, span 3"
    assert "ORG" in problem.reason and "COMPANY" in problem.reason


def test_a_file_from_an_older_curator_in_code_points_still_reads(tmp_path: Path) -> None:
    """Older Curator wrote code points and a `curator` list without offsets."""
    path = tmp_path / "old.jsonl"
    spans = emoji_article(relations=False).annotations
    _save(
        path,
        [
            {
                "id": 31,
                "text": BODY,
                "label": [[a.start, a.end, a.type] for a in spans[1:]],  # one deleted
                "curator": {
                    "annotations": [
                        {"id": a.id, "text": a.text, "note": a.note, "entity_id": a.entity_id}
                        for a in spans
                    ],
                    "entities": [],
                },
            }
        ],
    )
    result = doccano.read(path)
    assert result.problems == []
    assert _spans(result.articles[0]) == [
        (2, "ORG", "Ducati", "Bologna"),
        (3, "GPE", "北京市", ""),
        (4, "CITY", "北京", ""),
        (5, "PERSON", "Anna Ferri", "portavoce"),
    ]


# ------------------------------------------------------- through the library


def test_library_to_doccano_and_back_into_a_fresh_library(library, tmp_path: Path) -> None:
    """Export from a library, edit as doccano would (one span deleted, one relabelled,
    one added after the emoji), import into a fresh library: each span as it should be."""
    from curator import annotations as annotation_service
    from curator import entities as entity_service
    from curator.exchange import service
    from curator.formats.base import ParsedArticle
    from curator.importer import import_parsed
    from db.library import Library

    [item] = import_parsed(
        library, [ParsedArticle(title="中国电动车", body=BODY, origin="z", language="zh")]
    ).imported
    ducati = entity_service.create_entity(library, "ORG", "Ducati", [], "", "Q209")
    added = {
        quote: annotation_service.add_annotation(
            library, item.id, *_at(quote), kind, entity_id=link, note=note, snap=False
        )
        for quote, kind, link, note in [
            ("中国", "LOCATION", None, ""),
            ("Ducati", "ORG", ducati.id, "Bologna"),
            ("北京市", "LOCATION", None, ""),
            ("在北京市发布新车", "EVENT", None, ""),  # 北京市 is nested in it
            ("Anna Ferri", "PERSON", None, "portavoce"),
        ]
    }
    annotation_service.add_relation(
        library, "organises", added["Ducati"].id, added["在北京市发布新车"].id
    )
    path = tmp_path / "out.jsonl"
    service.export(library, "doccano", path)
    [line] = json.loads("[" + path.read_text(encoding="utf-8").strip() + "]")
    exported = _doccano_relation_export(line)
    # doccano drops a nested span on import (projects without overlapping spans)
    exported["entities"] = [
        e for e in exported["entities"] if e["end_offset"] - e["start_offset"] != 3
    ]
    for entity in exported["entities"]:
        if entity["label"] == "PERSON":
            entity["label"] = "ROLE"
    start, end = _u("电动车")
    exported["entities"].append(
        {"id": 1, "start_offset": start, "end_offset": end, "label": "DOCUMENT"}
    )
    _save(path, [exported])
    fresh = Library.open(tmp_path / "fresh.sqlite")
    try:
        report = service.import_file(fresh, "doccano", path)
        assert report.problems == [] and report.relations == 1
        spans = annotation_service.list_annotations(fresh)
        assert sorted((a.type, a.quote, a.note, a.entity_name) for a in spans) == [
            ("DOCUMENT", "电动车", "", None),
            ("EVENT", "在北京市发布新车", "", None),
            ("LOCATION", "中国", "", None),
            ("ORG", "Ducati", "Bologna", "Ducati"),
            ("ROLE", "Anna Ferri", "portavoce", None),
        ]
        assert all(BODY[a.start : a.end] == a.quote for a in spans)
        [relation] = annotation_service.list_relations(fresh, spans[0].article_id)
        by_id = {a.id: a.quote for a in spans}
        assert (by_id[relation.source_id], by_id[relation.target_id]) == (
            "Ducati",
            "在北京市发布新车",
        )
    finally:
        fresh.close()
