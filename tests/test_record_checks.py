"""Record checks: required fields, values outside their type, values without evidence."""

from __future__ import annotations

import json

import pytest

from curator import annotations, quality, records
from curator.articles import ArticleChanges, link_translation, update_article
from curator.errors import ValidationError
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from db.models import Record

BODY = "Valmora fair closes\n\nThe Valmora Robotics Fair closed on 14 March 2025."


@pytest.fixture
def article(library) -> int:  # type: ignore[no-untyped-def]
    return (
        import_parsed(library, [ParsedArticle("Valmora fair closes", BODY, "v.txt", "en")])
        .imported[0]
        .id
    )


def record_findings(library, article_id: int) -> dict[str, list]:  # type: ignore[no-untyped-def]
    quality.check_article(library, article_id)
    found: dict[str, list] = {}
    for finding in quality.list_findings(library, article_id):
        if finding.check_id in ("record-evidence", "required-field"):
            found.setdefault(finding.check_id, []).append(finding)
    return found


def test_an_article_without_a_record_has_no_record_findings(library, article) -> None:  # type: ignore[no-untyped-def]
    assert record_findings(library, article) == {}


def test_required_fields_and_values_without_evidence(library, article) -> None:  # type: ignore[no-untyped-def]
    records.set_cell(library, article, ("series",), {"value": "Valmora fairs"})
    found = record_findings(library, article)
    required = sorted(f.message for f in found["required-field"])
    assert len(required) == 2 and "Event name" in required[0] and "Start date" in required[1]
    [missing] = found["record-evidence"]
    assert "Series" in missing.message and missing.severity == "warning"


def test_evidence_points_the_finding_at_the_text_and_silences_the_warning(library, article) -> None:  # type: ignore[no-untyped-def]
    start = BODY.index("Valmora Robotics Fair")
    fair = annotations.add_annotation(library, article, start, start + 21, "EVENT")
    records.set_cell(
        library,
        article,
        ("event_name",),
        {
            "value": {"entity_id": None, "text": "Valmora Robotics Fair"},
            "evidence": [{"annotation_id": fair.id}],
        },
    )
    records.set_cell(library, article, ("start_date",), {"value": "2025-03-14"})
    found = record_findings(library, article)
    assert "required-field" not in found
    [missing] = found["record-evidence"]
    assert "Start date" in missing.message


def test_a_value_outside_its_type_is_an_error(library, article) -> None:  # type: ignore[no-untyped-def]
    records.set_cell(library, article, ("event_name",), {"value": {"text": "Valmora Fair"}})
    with library.session() as session:  # as an import from another tool might leave it
        row = session.query(Record).one()
        data = json.loads(row.data)
        data["start_date"] = {
            "value": "2025-02-30",
            "evidence": [],
            "status": "unverified",
            "comment": "",
        }
        row.data = json.dumps(data)
    messages = [f.message for f in record_findings(library, article)["required-field"]]
    assert any("Start date" in m and "not a date" in m for m in messages)


def test_a_shared_record_is_reported_on_the_original_only(library, article) -> None:  # type: ignore[no-untyped-def]
    [italian] = import_parsed(
        library, [ParsedArticle("Chiusa la fiera", "Chiusa la fiera\n\nÈ finita.", "it.txt", "it")]
    ).imported
    link_translation(library, article, italian.id)
    records.set_cell(library, italian.id, ("series",), {"value": "Valmora fairs"})
    assert record_findings(library, article)
    assert record_findings(library, italian.id) == {}


def test_an_empty_required_field_blocks_approval(library, article) -> None:  # type: ignore[no-untyped-def]
    records.set_cell(library, article, ("series",), {"value": "Valmora fairs"})
    with pytest.raises(ValidationError):
        update_article(library, article, ArticleChanges(status="approved"))
