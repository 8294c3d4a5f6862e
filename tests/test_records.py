"""Structured records: typed values with evidence, groups, templates, the draft, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import main
from curator import annotations, entities, records
from curator.articles import link_translation
from curator.errors import EditConflictError, ValidationError
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from curator.record_draft import draft_from_annotations
from curator.templates import get_template, list_templates, parse_template

BODY = (
    "Valmora Robotics Fair closes\n\n"
    "The Valmora Robotics Fair closed on 14 March 2025 after running from March 11 to 14. "
    "Anna Ferri, Deputy Director of the Valmora Trade Commission, said that more than "
    "1,200 exhibitors had signed contracts worth RMB 2.3 billion. The Commission launched "
    "the Action Plan for Service Robots."
)
ITALIAN = "Chiusa la Fiera della Robotica di Valmora\n\nLa fiera si è chiusa il 14 marzo 2025."


@pytest.fixture
def article(library) -> int:  # type: ignore[no-untyped-def]
    report = import_parsed(
        library,
        [
            ParsedArticle(
                "Valmora Robotics Fair closes",
                BODY,
                "fair.txt",
                "en",
                published=__import__("datetime").date(2025, 3, 14),
            )
        ],
    )
    return report.imported[0].id


def span(text: str) -> tuple[int, int]:
    start = BODY.index(text)
    return start, start + len(text)


def mark(library, article: int, text: str, type_name: str):  # type: ignore[no-untyped-def]
    return annotations.add_annotation(library, article, *span(text), type_name)


def test_the_default_template_has_the_fields_of_an_event_report() -> None:
    template = get_template("event-report")
    keys = [spec.key for spec in template.fields]
    assert keys[:4] == ["event_name", "series", "edition", "start_date"]
    participants = template.field("participants")
    assert participants is not None and [f.key for f in participants.fields] == [
        "person",
        "role",
        "organisation",
    ]
    assert {spec.type for spec in template.fields} >= {
        "entity",
        "text",
        "number_unit",
        "date",
        "group",
        "long_text",
    }


@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [
        ("series", "Valmora fairs", "Valmora fairs"),
        ("summary", "A long\nsummary.", "A long\nsummary."),
        ("start_date", "2025-03-11", "2025-03-11"),
        (
            "edition",
            {"qualifier": ">", "value": "12", "unit": "th"},
            {"qualifier": ">", "value": "12", "unit": "th"},
        ),
        ("city", {"entity_id": None, "text": "Valmora"}, {"entity_id": None, "text": "Valmora"}),
    ],
)
def test_each_field_type_stores_its_value(library, article, key, value, stored) -> None:  # type: ignore[no-untyped-def]
    view = records.set_cell(library, article, (key,), {"value": value})
    assert view.cell((key,))["value"] == stored
    assert view.cell((key,))["status"] == "unverified"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("start_date", "2025-02-30", "not a date"),
        ("edition", {"value": "twelve"}, "not a number"),
        ("city", {"entity_id": 999}, "no entity"),
    ],
)
def test_a_value_outside_its_type_is_refused_naming_the_field(
    library, article, key, value, message
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match=message):
        records.set_cell(library, article, (key,), {"value": value})
    assert records.get_record(library, article).version == 0  # nothing stored


def test_money_date_range_and_choice_in_a_template_of_our_own(
    library, article, private_dirs
) -> None:  # type: ignore[no-untyped-def]
    folder = private_dirs / "config" / "templates"
    folder.mkdir(parents=True)
    (folder / "deal.json").write_text(
        json.dumps(
            {
                "id": "deal",
                "version": 2,
                "name": "Deal",
                "fields": [
                    {"key": "amount", "label": "Amount", "type": "money"},
                    {"key": "period", "label": "Period", "type": "date_range"},
                    {"key": "kind", "label": "Kind", "type": "choice", "choices": ["sale", "loan"]},
                    {"key": "buyer", "label": "Buyer", "type": "entity", "entity_types": ["ORG"]},
                ],
            }
        )
    )
    assert "deal" in [t.id for t in list_templates()]
    records.change_template(library, article, "deal")
    view = records.set_cell(
        library,
        article,
        ("amount",),
        {"value": {"qualifier": "~", "amount": "2300000000", "currency": "cny"}},
    )
    assert view.cell(("amount",))["value"] == {
        "qualifier": "~",
        "amount": "2300000000",
        "currency": "CNY",
    }
    with pytest.raises(ValidationError, match="ends before it starts"):
        records.set_cell(
            library, article, ("period",), {"value": {"start": "2025-03-14", "end": "2025-03-11"}}
        )
    with pytest.raises(ValidationError, match="choose one of"):
        records.set_cell(library, article, ("kind",), {"value": "gift"})
    person = entities.create_entity(library, "PERSON", "Anna Ferri")
    with pytest.raises(ValidationError, match="is a PERSON"):
        records.set_cell(library, article, ("buyer",), {"value": {"entity_id": person.id}})


def test_evidence_is_an_annotation_or_a_raw_span(library, article) -> None:  # type: ignore[no-untyped-def]
    fair = mark(library, article, "Valmora Robotics Fair", "EVENT")
    start, end = span("14 March 2025")
    records.set_cell(
        library,
        article,
        ("event_name",),
        {
            "value": {"entity_id": None, "text": "Valmora Robotics Fair"},
            "evidence": [{"annotation_id": fair.id}],
            "status": "verified",
        },
    )
    records.set_cell(
        library,
        article,
        ("start_date",),
        {
            "value": "2025-03-14",
            "evidence": [{"article_id": article, "start": start, "end": end}],
            "comment": "the closing day",
        },
    )
    data = records.record_json(library, article)
    assert data["fields"]["event_name"]["evidence"] == [
        {
            "annotation_id": fair.id,
            "article_id": article,
            "start": fair.start,
            "end": fair.end,
            "text": "Valmora Robotics Fair",
        }
    ]
    assert data["fields"]["start_date"]["evidence"][0]["text"] == "14 March 2025"
    assert data["fields"]["start_date"]["comment"] == "the closing day"
    with pytest.raises(ValidationError, match="not in the article"):
        records.set_cell(
            library,
            article,
            ("series",),
            {"value": "x", "evidence": [{"article_id": article, "start": 5, "end": 99999}]},
        )


def test_groups_add_remove_and_reorder_items(library, article) -> None:  # type: ignore[no-untyped-def]
    for name in ("Anna Ferri", "Marco Conti", "Wei Li"):
        view = records.add_item(library, article, "participants")
        index = len(view.items("participants")) - 1
        view = records.set_cell(
            library,
            article,
            ("participants", index, "person"),
            {"value": {"entity_id": None, "text": name}},
        )
    names = lambda v: [i["person"]["value"]["text"] for i in v.items("participants")]  # noqa: E731
    assert names(view) == ["Anna Ferri", "Marco Conti", "Wei Li"]
    view = records.move_item(library, article, "participants", 2, 0)
    assert names(view) == ["Wei Li", "Anna Ferri", "Marco Conti"]
    view, removed = records.remove_item(library, article, "participants", 1)
    assert names(view) == ["Wei Li", "Marco Conti"]
    view = records.add_item(library, article, "participants", removed, index=1)  # the undo
    assert names(view) == ["Wei Li", "Anna Ferri", "Marco Conti"]


def test_a_stale_version_is_a_conflict(library, article) -> None:  # type: ignore[no-untyped-def]
    view = records.set_cell(library, article, ("series",), {"value": "one"})
    records.set_cell(library, article, ("series",), {"value": "two"}, expected_version=view.version)
    with pytest.raises(EditConflictError):
        records.set_cell(
            library, article, ("series",), {"value": "three"}, expected_version=view.version
        )
    assert records.get_record(library, article).cell(("series",))["value"] == "two"


def test_changing_template_keeps_what_fits_and_sets_the_rest_aside(
    library, article, private_dirs
) -> None:  # type: ignore[no-untyped-def]
    folder = private_dirs / "config" / "templates"
    folder.mkdir(parents=True)
    (folder / "brief.json").write_text(
        json.dumps(
            {
                "id": "brief",
                "version": 1,
                "name": "Brief",
                "fields": [
                    {"key": "event_name", "label": "Event", "type": "entity"},
                    {"key": "summary", "label": "Summary", "type": "long_text"},
                ],
            }
        )
    )
    records.set_cell(library, article, ("event_name",), {"value": {"text": "Valmora Fair"}})
    records.set_cell(library, article, ("series",), {"value": "Valmora fairs"})
    view, set_aside = records.change_template(library, article, "brief")
    assert set_aside == ["series"]
    assert view.template.id == "brief" and view.cell(("event_name",)) is not None
    assert view.values[records.SET_ASIDE]["series"]["value"] == "Valmora fairs"
    view, set_aside = records.change_template(library, article, "event-report")
    assert set_aside == [] and view.cell(("series",))["value"] == "Valmora fairs"


def test_a_value_set_aside_comes_back_only_into_a_field_it_fits(
    library, article, private_dirs
) -> None:  # type: ignore[no-untyped-def]
    """Found by the monkey test: re-choosing a template put a number into a text field."""
    folder = private_dirs / "config" / "templates"
    folder.mkdir(parents=True)
    brief = {"id": "brief", "version": 1, "name": "Brief", "fields": [
        {"key": "edition", "label": "Edition", "type": "text"},
        {"key": "participants", "label": "People", "type": "group",
         "fields": [{"key": "person", "label": "Person", "type": "entity"}]},
    ]}  # fmt: skip
    (folder / "brief.json").write_text(json.dumps(brief))
    number = {"qualifier": "", "value": "12", "unit": "th"}
    records.set_cell(library, article, ("edition",), {"value": number})
    records.add_item(library, article, "participants")
    records.set_cell(library, article, ("participants", 0, "role"), {"value": "speaker"})
    view, aside = records.change_template(library, article, "brief")
    assert aside == ["edition", "participants"]
    view, aside = records.change_template(library, article, "brief")  # the same one again
    assert view.cell(("edition",)) is None and view.items("participants") == []
    records.set_cell(library, article, ("edition",), {"value": "twelfth"})
    view, aside = records.change_template(library, article, "event-report")
    kept = view.values[records.SET_ASIDE]
    assert view.cell(("edition",))["value"] == number  # the number came back where it fits
    assert kept["edition"]["value"] == "twelfth"  # and the text is kept aside, not lost
    assert view.items("participants")[0]["role"]["value"] == "speaker"


def test_an_article_and_its_translation_share_one_record(library, article) -> None:  # type: ignore[no-untyped-def]
    [italian] = import_parsed(
        library, [ParsedArticle("Chiusa la fiera", ITALIAN, "it.txt", "it")]
    ).imported
    link_translation(library, article, italian.id)
    records.set_cell(library, italian.id, ("series",), {"value": "Valmora fairs"})
    assert records.get_record(library, article).cell(("series",))["value"] == "Valmora fairs"
    assert records.get_record(library, italian.id).story_article_id == article


def test_draft_fills_an_empty_record_from_annotations_and_relations(library, article) -> None:  # type: ignore[no-untyped-def]
    mark(library, article, "Valmora Robotics Fair", "EVENT")
    mark(library, article, "March 11 to 14", "DATE")
    person = mark(library, article, "Anna Ferri", "PERSON")
    role = mark(library, article, "Deputy Director", "ROLE")
    org = mark(library, article, "Valmora Trade Commission", "ORG")
    mark(library, article, "more than 1,200 exhibitors", "FIGURE")
    mark(library, article, "RMB 2.3 billion", "MONEY")
    mark(library, article, "Action Plan for Service Robots", "DOCUMENT")
    annotations.add_relation(library, "holds", person.id, role.id)
    annotations.add_relation(library, "at", role.id, org.id)
    view = draft_from_annotations(library, article)
    assert view.cell(("event_name",))["value"]["text"] == "Valmora Robotics Fair"
    assert (view.cell(("start_date",))["value"], view.cell(("end_date",))["value"]) == (
        "2025-03-11",
        "2025-03-14",
    )  # the article's year
    [participant] = view.items("participants")
    assert [
        participant[k]["evidence"][0]["annotation_id"] for k in ("person", "role", "organisation")
    ] == [person.id, role.id, org.id]
    figures = {
        json.dumps(item.get("quantity", item.get("amount"))["value"], sort_keys=True)
        for item in view.items("figures")
    }
    assert figures == {
        json.dumps({"qualifier": ">", "value": "1200", "unit": "exhibitors"}, sort_keys=True),
        json.dumps({"qualifier": "", "amount": "2300000000", "currency": "CNY"}, sort_keys=True),
    }
    assert view.items("documents")[0]["document"]["value"]["text"] == (
        "Action Plan for Service Robots"
    )
    cells = [
        view.cell(("event_name",)),
        *(c for i in view.items("participants") for c in i.values()),
    ]
    assert all(cell["status"] == "unverified" for cell in cells)
    records.set_cell(library, article, ("series",), {"value": "kept"})
    again = draft_from_annotations(library, article)  # fills only what is empty
    assert again.cell(("series",))["value"] == "kept" and len(again.items("participants")) == 1


def test_cli_record_and_templates(library_path: Path, library, article, capsys) -> None:  # type: ignore[no-untyped-def]
    mark(library, article, "Valmora Robotics Fair", "EVENT")
    assert main.main(["--db", str(library_path), "record", str(article), "--draft", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    event = data["fields"]["event_name"]
    assert event["evidence"][0]["text"] == "Valmora Robotics Fair"
    assert {"article_id", "start", "end", "text"} <= set(event["evidence"][0])
    assert main.main(["templates", "--json"]) == 0
    assert "event-report" in [t["id"] for t in json.loads(capsys.readouterr().out)]
    assert main.main(["--db", str(library_path), "record", "999"]) == 1


def test_a_broken_user_template_is_reported_not_fatal(private_dirs) -> None:  # type: ignore[no-untyped-def]
    folder = private_dirs / "config" / "templates"
    folder.mkdir(parents=True)
    (folder / "broken.json").write_text('{"id": "broken", "fields": [{"type": "rocket"}]}')
    assert "broken" not in [t.id for t in list_templates()]
    with pytest.raises(ValidationError, match="version"):
        parse_template({"id": "x", "fields": []})


def test_a_number_in_words_keeps_its_unit(library) -> None:  # type: ignore[no-untyped-def]
    body = "Forum closes\n\nThe forum signed agreements with eight units from Valmora."
    [item] = import_parsed(library, [ParsedArticle("Forum closes", body, "f.txt", "en")]).imported
    start = body.index("eight units")
    annotations.add_annotation(library, item.id, start, start + 11, "FIGURE")
    [figure] = draft_from_annotations(library, item.id).items("figures")
    assert figure["quantity"]["value"] == {"qualifier": "", "value": "8", "unit": "units"}


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-inf", "sNaN"])
def test_a_number_that_is_not_finite_is_refused(library, article, number) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="not a number"):
        records.set_cell(library, article, ("edition",), {"value": {"value": number, "unit": "th"}})
    assert records.get_record(library, article).cell(("edition",)) is None
