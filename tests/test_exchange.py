"""Export and import of exchange files: json, jsonl, csv, w3c; service, atomicity, CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest

from curator import annotations as annotation_service
from curator import entities as entity_service
from curator import records
from curator.articles import ArticleFilter, link_translation
from curator.exchange import service
from curator.exchange.model import ExportCancelled
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from curator.progress import Progress
from db.library import Library

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "resources/schemas/curator-export.schema.json").read_text()
)
BODY = "Marta Bianchi opened the Harbour Expo in Genoa on 4 June. Marta Bianchi chairs it."


@pytest.fixture
def curated(library: Library) -> dict[str, int]:
    report = import_parsed(
        library,
        [
            ParsedArticle(
                title="Expo opens",
                body=BODY,
                origin="a",
                language="en",
                url="https://example.org/expo",
                published=dt.date(2024, 6, 4),
                tags=["expos"],
                notes="checked",
            ),
            ParsedArticle(
                title="Apre l'Expo",
                body="Marta Bianchi apre l'Harbour Expo.",
                origin="b",
                language="it",
                published=dt.date(2024, 6, 5),
            ),
            ParsedArticle(
                title="Quiet day",
                body="Nothing happened at the quay today.",
                origin="c",
                language="en",
                published=dt.date(2023, 1, 2),
            ),
        ],
    )
    first, second, third = (item.id for item in report.imported)
    person = entity_service.create_entity(
        library, "PERSON", "Marta Bianchi", [("M. Bianchi", "en")], "chair", "Q42"
    )
    mention = annotation_service.add_annotation(
        library, first, 0, 13, "PERSON", entity_id=person.id, note="the chair"
    )
    expo = annotation_service.add_annotation(library, first, 25, 37, "EVENT")
    annotation_service.add_annotation(library, first, 41, 46, "LOCATION")
    annotation_service.add_relation(library, "speaks_at", mention.id, expo.id)
    records.set_cell(
        library,
        first,
        ("venue",),
        {
            "value": "Genoa",
            "status": "verified",
            "comment": "from the text",
            "evidence": [{"annotation_id": expo.id}, {"article_id": first, "start": 41, "end": 46}],
        },
    )
    records.set_cell(
        library,
        first,
        ("event_name",),
        {"value": {"entity_id": None, "text": "Harbour Expo"}, "evidence": []},
    )
    link_translation(library, first, second)
    return {"first": first, "second": second, "third": third, "person": person.id}


def _article(document: dict, title: str) -> dict:
    return next(item for item in document["articles"] if item["title"] == title)


def test_json_export_is_valid_against_the_schema(library, curated, tmp_path):
    report = service.export(library, "json", tmp_path / "out.json")
    document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert report.count == 3 and report.bytes == (tmp_path / "out.json").stat().st_size
    assert document["format"] == "curator" and document["format_version"] == 1
    first = _article(document, "Expo opens")
    assert [a["text"] for a in first["annotations"]] == ["Marta Bianchi", "Harbour Expo", "Genoa"]
    assert first["entities"][0]["external_id"] == "Q42"
    assert first["relations"][0]["type"] == "speaks_at"
    venue = first["record"]["fields"]["venue"]
    assert [e["text"] for e in venue["evidence"]] == ["Harbour Expo", "Genoa"]
    assert first["translations"] == [
        {"article_id": curated["second"], "language": "it", "role": "translation"}
    ]


def test_jsonl_lines_are_articles_with_a_format_version(library, curated, tmp_path):
    service.export(library, "jsonl", tmp_path / "out.jsonl")
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    article_schema = {"$defs": SCHEMA["$defs"], "$ref": "#/$defs/article"}
    for line in lines:
        item = json.loads(line)
        jsonschema.validate(item, article_schema, cls=jsonschema.Draft202012Validator)
        assert item["format_version"] == 1
    assert len(lines) == 3


def test_schema_rejects_a_broken_document():
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert not validator.is_valid(
        {"format": "curator", "format_version": 1, "articles": [{"id": 1, "title": "x"}]}
    )


def _rows(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def test_csv_tables_read_back_with_the_csv_module(library, curated, tmp_path):
    service.export(library, "csv", tmp_path / "tables")
    names = sorted(path.name for path in (tmp_path / "tables").glob("*.csv"))
    assert names == [
        "annotations.csv",
        "articles.csv",
        "entities.csv",
        "records.csv",
        "relations.csv",
    ]
    manifest = json.loads((tmp_path / "tables" / "curator-export.json").read_text("utf-8"))
    assert manifest["format"] == "csv" and manifest["files"] == names
    read = {name: _rows((tmp_path / "tables" / name).read_text(encoding="utf-8")) for name in names}
    assert {row["title"] for row in read["articles.csv"]} == {
        "Expo opens",
        "Apre l'Expo",
        "Quiet day",
    }
    assert read["articles.csv"][0]["body"] in {
        BODY,
        "Marta Bianchi apre l'Harbour Expo.",
        "Nothing happened at the quay today.",
    }
    assert [row["text"] for row in read["annotations.csv"]] == [
        "Marta Bianchi",
        "Harbour Expo",
        "Genoa",
    ]
    assert read["entities.csv"][0]["name"] == "Marta Bianchi"
    venue = next(row for row in read["records.csv"] if row["field"] == "venue")
    assert venue["value"] == "Genoa" and venue["status"] == "verified"
    assert venue["evidence"] == "25-37 41-46"
    assert read["relations.csv"][0]["type"] == "speaks_at"


def test_csv_zip_and_excel_variant(library, curated, tmp_path):
    from curator.i18n import set_locale

    set_locale("it_IT")  # decimals with a comma: Excel wants ";"
    service.export(library, "csv", tmp_path / "tables.zip", options={"excel": True})
    with zipfile.ZipFile(tmp_path / "tables.zip") as archive:
        raw = archive.read("articles.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = _rows(raw.decode("utf-8-sig"), ";")
    assert {row["title"] for row in rows} >= {"Expo opens"}
    set_locale("en_GB")
    service.export(library, "csv", tmp_path / "en", options={"excel": True})
    raw = (tmp_path / "en" / "articles.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.decode("utf-8-sig").startswith("id,title")


def test_w3c_annotations_have_the_web_annotation_shape(library, curated, tmp_path):
    service.export(library, "w3c", tmp_path / "out.jsonld")
    document = json.loads((tmp_path / "out.jsonld").read_text(encoding="utf-8"))
    assert document["type"] == "AnnotationCollection"
    assert document["first"]["type"] == "AnnotationPage"
    items = document["first"]["items"]
    assert document["total"] == len(items) == 3
    texts = {a["id"]: a["body"] for a in document["curator:articles"]}
    for item in items:
        assert item["@context"] == "http://www.w3.org/ns/anno.jsonld"
        assert item["type"] == "Annotation" and item["id"].startswith("urn:curator:annotation:")
        assert any(b["type"] == "TextualBody" and b["purpose"] == "tagging" for b in item["body"])
        target = item["target"]
        assert target["source"] == "https://example.org/expo"
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        text = texts[target["curator:article"]]
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])
    person = items[0]["body"]
    assert {"type": "TextualBody", "value": "the chair", "purpose": "commenting"} in person
    assert person[-1] == {
        "type": "SpecificResource",
        "purpose": "identifying",
        "source": f"urn:curator:entity:{curated['person']}",
    }


def _snapshot(library: Library) -> list[dict]:
    from curator.exchange.collect import iter_articles, select_ids

    found = []
    for article in iter_articles(library, select_ids(library)):
        found.append(
            {
                "title": article.title,
                "body": article.body,
                "tags": article.tags,
                "published": article.published,
                "language": article.language,
                "url": article.url,
                "annotations": [
                    (
                        a.type,
                        a.start,
                        a.end,
                        a.text,
                        a.note,
                        [e.name for e in article.entities if e.id == a.entity_id],
                    )
                    for a in article.annotations
                ],
                "relations": len(article.relations),
                "entities": [
                    (e.name, e.type, e.aliases, e.description, e.external_id)
                    for e in article.entities
                ],
                "record": {
                    key: [(x.get("text"), x.get("start")) for x in cell["evidence"]]
                    + [cell["value"], cell["status"], cell["comment"]]
                    for key, cell in (article.record or {}).get("fields", {}).items()
                    if isinstance(cell, dict)
                },
                "translations": [(t["role"], t["language"]) for t in article.translations],
            }
        )
    return sorted(found, key=lambda item: item["title"])


@pytest.mark.parametrize(
    ("fmt", "name"), [("json", "x.json"), ("jsonl", "x.jsonl"), ("w3c", "x.jsonld")]
)
def test_round_trip_into_a_fresh_library_loses_nothing(library, curated, tmp_path, fmt, name):
    service.export(library, fmt, tmp_path / name)
    fresh = Library.open(tmp_path / "fresh.sqlite")
    try:
        report = service.import_file(fresh, fmt, tmp_path / name)
        assert report.problems == []
        assert len(report.imported) == 3 and report.annotations == 3 and report.relations == 1
        assert report.records == 1 and report.entities_created == 1
        assert _snapshot(fresh) == _snapshot(library)
        again = service.import_file(fresh, fmt, tmp_path / name)  # idempotent
        assert len(again.matched) == 3 and again.annotations == 0 and again.relations == 0
        assert _snapshot(fresh) == _snapshot(library)
    finally:
        fresh.close()


def test_import_reanchors_and_reports_every_mismatch(library, tmp_path):
    document = {
        "format": "curator",
        "format_version": 1,
        "articles": [
            {
                "id": 9,
                "title": "T",
                "body": "The Ocean Forum meets in Bari.",
                "status": "new",
                "tags": [],
                "relations": [],
                "entities": [],
                "record": None,
                "translations": [],
                "annotations": [
                    {"id": 1, "type": "EVENT", "start": 0, "end": 5, "text": "Ocean Forum"},
                    {"id": 2, "type": "LOCATION", "start": 3, "end": 9, "text": "Naples"},
                    {"id": 3, "type": "NOT_A_TYPE", "start": 25, "end": 29, "text": "Bari"},
                ],
            }
        ],
    }
    (tmp_path / "in.json").write_text(json.dumps(document), encoding="utf-8")
    report = service.import_file(library, "json", tmp_path / "in.json")
    reasons = [(p.severity, p.reason) for p in report.problems]
    assert len(reasons) == 3
    assert reasons[0][0] == "warning" and "found it at 4–15" in reasons[0][1]
    assert reasons[1][0] == "error" and "Naples" in reasons[1][1]
    assert "annotation “Bari”" in report.problems[2].where
    (only,) = annotation_service.list_annotations(library)
    assert (only.start, only.end, only.quote) == (4, 15, "Ocean Forum")


def test_w3c_annotation_without_its_text_is_reported(tmp_path, library):
    document = {
        "type": "AnnotationCollection",
        "first": {
            "type": "AnnotationPage",
            "items": [
                {
                    "type": "Annotation",
                    "body": [{"type": "TextualBody", "value": "ORG", "purpose": "tagging"}],
                    "target": {
                        "source": "https://elsewhere.example/a",
                        "selector": [{"type": "TextQuoteSelector", "exact": "ACME"}],
                    },
                }
            ],
        },
    }
    (tmp_path / "w.jsonld").write_text(json.dumps(document), encoding="utf-8")
    report = service.import_file(library, "w3c", tmp_path / "w.jsonld")
    assert len(report.errors) == 1 and "not in the file" in report.errors[0].reason


def test_filters_search_dates_and_selection(library, curated, tmp_path):
    def titles(**kwargs) -> set[str]:
        service.export(library, "json", tmp_path / "f.json", replace=True, **kwargs)
        document = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
        return {item["title"] for item in document["articles"]}

    assert titles(article_filter=ArticleFilter(language="it")) == {"Apre l'Expo"}
    assert titles(article_filter=ArticleFilter(tag="expos")) == {"Expo opens"}
    assert titles(query="quay") == {"Quiet day"}
    assert titles(published_from="2024-01-01", published_to="2024-06-04") == {"Expo opens"}
    assert titles(ids=[curated["third"]]) == {"Quiet day"}
    with pytest.raises(service.ExchangeError):
        service.export(library, "json", tmp_path / "f.json", published_from="June")


def test_unwritable_destination_is_one_clear_error_and_no_file(library, curated, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    for fmt, out in (("json", blocker / "out.json"), ("csv", blocker / "tables")):
        with pytest.raises(service.ExchangeError) as raised:
            service.export(library, fmt, out)
        assert "\n" not in str(raised.value) and "cannot write" in str(raised.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a-file",
        "library.sqlite",
        "library.sqlite-shm",
        "library.sqlite-wal",
    ]


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("jsonl", "out.jsonl"), ("csv", "tables"), ("csv", "tables.zip"), ("w3c", "out.jsonld")],
)
def test_cancel_midway_leaves_no_file(library, tmp_path, fmt, name):
    import_parsed(
        library,
        [
            ParsedArticle(title=f"A{i}", body=f"Article number {i} here.", origin=str(i))
            for i in range(120)
        ],
    )
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "keep.txt").write_text("earlier")
    seen = []

    def on_progress(done: int, total: int, _message: str) -> None:
        seen.append((done, total))
        if done >= 50:
            progress.cancel()

    progress = Progress(on_progress)
    with pytest.raises(ExportCancelled):
        service.export(library, fmt, out_dir / name, progress=progress)
    assert [p.name for p in out_dir.iterdir()] == ["keep.txt"]
    assert seen[-1] == (50, 120)


def test_unknown_and_missing_formats_are_clear(monkeypatch, library, tmp_path):
    with pytest.raises(service.ExchangeError, match="not an export format"):
        service.format_module("docx")
    monkeypatch.setitem(service.MODULES, "conll", "not_written_yet")
    with pytest.raises(service.ExchangeError, match="format conll is not available yet"):
        service.export(library, "conll", tmp_path / "x.conll")
    assert "conll" not in service.available_formats()


def test_cli_export_and_import(library, curated, library_path, tmp_path, capsys):
    import main

    out = tmp_path / "cli.jsonl"
    code = main.main(
        [
            "--db",
            str(library_path),
            "export",
            "--format",
            "jsonl",
            "--out",
            str(out),
            "--lang",
            "en",
            "--from",
            "2024-01-01",
            "--json",
        ]
    )
    assert code == 0
    assert json.loads(capsys.readouterr().out)["count"] == 1
    assert (
        main.main(
            [
                "--db",
                str(library_path),
                "export",
                "--format",
                "csv",
                "--out",
                str(tmp_path / "c.zip"),
                "--ids",
                f"{curated['third']}",
                "--excel",
            ]
        )
        == 0
    )
    assert zipfile.ZipFile(tmp_path / "c.zip").read("articles.csv").startswith(b"\xef\xbb\xbf")
    capsys.readouterr()
    fresh = tmp_path / "fresh.sqlite"
    code = main.main(["--db", str(fresh), "import", "--format", "jsonl", str(out), "--json"])
    assert code == 0
    (report,) = json.loads(capsys.readouterr().out)
    assert len(report["imported"]) == 1 and report["annotations"] == 3
    assert (
        main.main(
            [
                "--db",
                str(library_path),
                "export",
                "--format",
                "json",
                "--out",
                str(tmp_path / "nowhere" / "x.json"),
            ]
        )
        == 0
    )  # folders are created
    (tmp_path / "blocker").write_text("x")
    capsys.readouterr()
    code = main.main(
        [
            "--db",
            str(library_path),
            "export",
            "--format",
            "json",
            "--out",
            str(tmp_path / "blocker" / "x.json"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("curator: error: cannot write") and err.count("\n") == 1
    plain = tmp_path / "plain.txt"
    plain.write_text("A plain article\n\nIts text, imported the old way.", encoding="utf-8")
    assert main.main(["--db", str(library_path), "import", str(plain)]) == 0
    assert "1 article imported" in capsys.readouterr().out


def test_tmx_and_xliff_export_the_aligned_pairs(library, tmp_path):
    from lxml import etree

    from curator.translations import align_pair, pair_articles
    from tests.translation_pairs import import_fiera_pair

    source, target = import_fiera_pair(library)
    align_pair(library, pair_articles(library, source, target))
    report = service.export(library, "tmx", tmp_path / "pair.tmx", ids=[source])
    assert report.count == 1
    assert etree.parse(str(tmp_path / "pair.tmx")).getroot().tag == "tmx"
    service.export(library, "xliff", tmp_path / "pairs.zip", ids=[source, target])
    with zipfile.ZipFile(tmp_path / "pairs.zip") as archive:
        (name,) = set(archive.namelist()) - {"curator-export.json"}
        assert name.endswith(".xlf") and b"<xliff" in archive.read(name)
    with pytest.raises(service.ExchangeError, match="aligned translation"):
        service.export(library, "tmx", tmp_path / "none.tmx", ids=[])


def test_tmx_and_xliff_exports_are_valid_against_the_official_dtd_and_schema(library, tmp_path):
    from lxml import etree

    from curator.translations import align_pair, pair_articles
    from tests.test_tmx_xliff import official_xliff_schemas, shared_schema
    from tests.translation_pairs import import_fiera_pair

    source, target = import_fiera_pair(library)
    align_pair(library, pair_articles(library, source, target))
    service.export(library, "tmx", tmp_path / "pair.tmx", ids=[source])
    service.export(library, "xliff", tmp_path / "pair.xlf", ids=[source])
    dtd = etree.DTD(str(shared_schema("schemas", "tmx", "tmx14.dtd")))
    tmx = etree.parse(str(tmp_path / "pair.tmx"))
    assert dtd.validate(tmx), dtd.error_log.filter_from_errors()
    assert len(tmx.findall("body/tu")) > 0
    xliff = etree.parse(str(tmp_path / "pair.xlf"))
    for schema in official_xliff_schemas():
        assert schema.validate(xliff), schema.error_log.filter_from_errors()


def test_exported_files_are_readable_like_any_other_file(library, curated, tmp_path):
    """Atomic writing goes through mkstemp (0600); the result must follow the umask."""
    import os
    import stat

    umask = os.umask(0o022)
    try:
        service.export(library, "json", tmp_path / "out.json")
        service.export(library, "brat", tmp_path / "brat")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "out.json").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "brat").stat().st_mode) == 0o755
