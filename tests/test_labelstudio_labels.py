"""Foreign label names on import (mapped, added or named) and Label Studio's own shapes:
a task as Label Studio's documentation shows it, its JSON-MIN export, and the labelling
config exported beside the tasks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from curator import annotations as annotation_service
from curator.exchange import service
from curator.exchange.destination import ReplaceNeeded
from curator.exchange.label_map import LabelOptions, map_relation, map_type
from curator.exchange.labelstudio import labelling_config
from curator.tagset import RelationType, Tagset, default_tagset, load_tagset
from db.library import Library

TEXT = "Elon Musk founded SpaceX in Hawthorne, California in 2002."


def _region(ident: str, start: int, end: int, label: str) -> dict:
    return {
        "value": {"start": start, "end": end, "text": TEXT[start:end], "labels": [label]},
        "id": ident,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "origin": "manual",
    }


def documented_task() -> list[dict]:
    """A task shaped as in Label Studio's 'Label Studio JSON format' documentation."""
    return [
        {
            "id": 1,
            "data": {"text": TEXT},
            "annotations": [
                {
                    "id": 1001,
                    "result": [
                        _region("n2xnPy8Rn2", 0, 9, "Person"),
                        _region("Xc1Ayh1LNB", 18, 24, "Organization"),
                        _region("q3pQ9yzT1r", 28, 37, "GPE"),
                        _region("Pe2f4rRRdx", 39, 49, "MISC"),
                        {
                            "from_id": "Xc1Ayh1LNB",
                            "to_id": "n2xnPy8Rn2",
                            "type": "relation",
                            "direction": "right",
                            "labels": ["foundedBy"],
                        },
                    ],
                    "was_cancelled": False,
                    "ground_truth": False,
                    "created_at": "2024-06-04T10:00:00.000000Z",
                    "lead_time": 12.5,
                }
            ],
            "predictions": [],
        }
    ]


def _spans(library: Library, article_id: int) -> list[tuple[str, str]]:
    return [(a.quote, a.type) for a in annotation_service.list_annotations(library, article_id)]


def _write(tmp_path: Path, value: object, name: str = "project.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def test_builtin_synonyms_are_case_insensitive_and_only_to_types_we_have() -> None:
    tagset = default_tagset()
    found = {
        label: map_type(label, tagset)
        for label in (
            "Person",
            "PER",
            "person",
            "Organization",
            "ORG",
            "GPE",
            "LOC",
            "FAC",
            "Location",
            "NORP",
            "DATE",
            "money",
            "CARDINAL",
            "PERCENT",
            "QUANTITY",
            "EVENT",
            "WORK_OF_ART",
            "Work of Art",
            "LAW",
            "Organisation",
        )
    }
    assert found == {
        "Person": "PERSON", "PER": "PERSON", "person": "PERSON", "Organization": "ORG",
        "ORG": "ORG", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION",
        "Location": "LOCATION", "NORP": "ORG", "DATE": "DATE", "money": "MONEY",
        "CARDINAL": "FIGURE", "PERCENT": "FIGURE", "QUANTITY": "FIGURE", "EVENT": "EVENT",
        "WORK_OF_ART": "DOCUMENT", "Work of Art": "DOCUMENT", "LAW": "DOCUMENT",
        "Organisation": "ORG",
    }  # fmt: skip
    assert map_type("MISC", tagset) is None
    assert map_type("Misc", tagset, {"misc": "EVENT"}) == "EVENT"
    assert map_relation("Speaks At", tagset) == "speaks_at"
    assert map_relation("foundedBy", tagset) is None


def test_documented_task_without_options_names_every_label_it_could_not_take(
    library: Library, tmp_path: Path
) -> None:
    path = _write(tmp_path, documented_task())
    report = service.import_file(library, "labelstudio", path)
    (article_id,) = report.imported
    assert _spans(library, article_id) == [
        ("Elon Musk", "PERSON"),
        ("SpaceX", "ORG"),
        ("Hawthorne", "LOCATION"),
    ]
    span, relation = (f"{p.where}: {p.reason}" for p in report.errors)
    assert "project.json, article 1" in span and "“California” (39–49)" in span
    assert "“MISC”" in span and "--map MISC=" in span and "--add-types" in span
    # the relation is named too (its label is not ours), not silently lost
    assert report.relations == 0
    assert "project.json, article 1" in relation and "foundedBy" in relation


def test_documented_task_with_map_and_add_types_keeps_all_four_spans_and_the_relation(
    library: Library, tmp_path: Path
) -> None:
    path = _write(tmp_path, documented_task())
    report = service.import_file(
        library, "labelstudio", path, labels=LabelOptions({"misc": "LOCATION"}, add_types=True)
    )
    (article_id,) = report.imported
    assert report.errors == []
    assert [t for _, t in _spans(library, article_id)] == ["PERSON", "ORG", "LOCATION", "LOCATION"]
    assert report.relations == 1
    (relation,) = annotation_service.list_relations(library, article_id)
    assert relation.type == "foundedBy"
    tagset = load_tagset(library)
    added = next(r for r in tagset.relations if r.name == "foundedBy")
    assert added.sources == ("ORG",) and added.targets == ("PERSON",)


def test_add_types_adds_an_unknown_span_label_as_a_type_with_its_own_key(
    library: Library, tmp_path: Path
) -> None:
    path = _write(tmp_path, documented_task())
    report = service.import_file(library, "labelstudio", path, labels=LabelOptions(add_types=True))
    assert report.errors == []
    (article_id,) = report.imported
    assert ("California", "MISC") in _spans(library, article_id)
    tagset = load_tagset(library)
    misc = tagset.type_named("MISC")
    assert misc is not None and misc.key not in {t.key for t in default_tagset().types}


def test_a_relation_whose_span_was_left_out_is_named(library: Library, tmp_path: Path) -> None:
    tasks = documented_task()
    tasks[0]["annotations"][0]["result"][4]["to_id"] = "Pe2f4rRRdx"  # the MISC span
    report = service.import_file(library, "labelstudio", _write(tmp_path, tasks))
    assert report.relations == 0
    assert any("foundedBy" in p.where and "spans was left out" in p.reason for p in report.errors)


def test_a_map_to_a_type_we_do_not_have_is_named(library: Library, tmp_path: Path) -> None:
    path = _write(tmp_path, documented_task())
    report = service.import_file(
        library, "labelstudio", path, labels=LabelOptions({"MISC": "NOPE"})
    )
    assert any(p.where == "--map MISC=NOPE" and "NOPE" in p.reason for p in report.errors)


def test_json_min_export_is_read(library: Library, tmp_path: Path) -> None:
    """Label Studio's JSON-MIN: flat objects, the data fields at the top, each control's
    regions under its name."""
    rows = [
        {
            "text": TEXT,
            "id": 7,
            "label": [
                {"start": 0, "end": 9, "text": "Elon Musk", "labels": ["Person"]},
                {"start": 18, "end": 24, "text": "SpaceX", "labels": ["Organization"]},
            ],
            "annotator": "someone@example.org",
            "annotation_id": 12,
            "created_at": "2024-06-04T10:00:00.000000Z",
            "updated_at": "2024-06-04T10:00:00.000000Z",
            "lead_time": 3.2,
        },
        {"text": "Nothing was labelled here.", "id": 8, "annotator": "x", "annotation_id": 13},
    ]
    report = service.import_file(library, "labelstudio", _write(tmp_path, rows, "min.json"))
    assert report.errors == []
    assert len(report.imported) == 2
    assert _spans(library, report.imported[0]) == [("Elon Musk", "PERSON"), ("SpaceX", "ORG")]


def test_cli_import_map_and_add_types(library_path: Path, tmp_path: Path, capsys) -> None:
    import main

    path = _write(tmp_path, documented_task())
    args = ["--db", str(library_path), "import", "--format", "labelstudio", str(path), "--json"]
    code = main.main([*args, "--map", "Misc=LOCATION", "--add-types"])
    (report,) = json.loads(capsys.readouterr().out)
    assert code == 0 and report["annotations"] == 4 and report["relations"] == 1
    with pytest.raises(SystemExit) as exit_info:
        main.main([*args, "--map", "MISC"])
    assert exit_info.value.code != 0
    assert "is not FOREIGN=OURS" in capsys.readouterr().err
    plain = ["--db", str(library_path), "import", str(path), "--add-types"]
    assert main.main(plain) == 1
    assert capsys.readouterr().err.strip() == "curator: error: --map and --add-types need --format"


def test_export_writes_a_labelling_config_that_matches_the_tasks(
    library: Library, tmp_path: Path
) -> None:
    """Label Studio takes tasks only when every result's from_name/to_name is a control
    of the config and every label is one of its choices: checked on the exported pair."""
    path = _write(tmp_path, documented_task())
    service.import_file(library, "labelstudio", path, labels=LabelOptions(add_types=True))
    out = tmp_path / "export" / "project.json"
    service.export(library, "labelstudio", out)
    config = etree.fromstring((tmp_path / "export" / "project.config.xml").read_bytes())
    assert config.tag == "View"
    (text,) = config.findall("Text")
    (labels,) = config.findall("Labels")
    assert labels.get("toName") == text.get("name") and text.get("value") == "$text"
    choices = [label.get("value") for label in labels.findall("Label")]
    assert choices == [t.name for t in load_tagset(library).types]
    assert "MISC" in choices
    relations = {r.get("value") for r in config.findall("Relations/Relation")}
    assert "foundedBy" in relations and "holds" in relations
    controls = {element.get("name") for element in config if element.get("toName")}
    (task,) = json.loads(out.read_text(encoding="utf-8"))
    results = task["annotations"][0]["result"]
    for result in results:
        if result["type"] == "relation":
            assert set(result["labels"]) <= relations
        else:
            assert result["from_name"] in controls and result["to_name"] == text.get("name")
            assert set(result["value"].get("labels", [])) <= set(choices)
    assert sum(r["type"] == "labels" for r in results) == 4
    # exporting again over the same name replaces our own config without asking
    service.export(library, "labelstudio", tmp_path / "export" / "project.json", replace=True)


def test_labelling_config_escapes_names() -> None:
    tagset = default_tagset()
    odd = RelationType('R&D "<x>"', "odd", ("ORG",), ("ORG",))
    xml = labelling_config(Tagset(tagset.types, (*tagset.relations, odd)))
    config = etree.fromstring(xml.encode("utf-8"))
    assert 'R&D "<x>"' in {r.get("value") for r in config.findall("Relations/Relation")}


def test_an_unlabelled_relation_takes_the_one_type_allowed_or_is_named(
    library: Library, tmp_path: Path
) -> None:
    """Label Studio draws relations without a label unless the config lists some."""
    text = "Marta Bianchi, mayor of Genoa, founded SpaceX."
    task = {
        "data": {"text": text},
        "annotations": [
            {
                "result": [
                    {"id": "p", "type": "labels", "from_name": "label", "to_name": "text",
                     "value": {"start": 0, "end": 13, "text": "Marta Bianchi", "labels": ["PER"]}},
                    {"id": "r", "type": "labels", "from_name": "label", "to_name": "text",
                     "value": {"start": 15, "end": 20, "text": "mayor", "labels": ["Role"]}},
                    {"id": "o", "type": "labels", "from_name": "label", "to_name": "text",
                     "value": {"start": 39, "end": 45, "text": "SpaceX", "labels": ["ORG"]}},
                    {"type": "relation", "from_id": "p", "to_id": "r", "direction": "right",
                     "labels": []},
                    {"type": "relation", "from_id": "o", "to_id": "p", "direction": "right"},
                ]
            }
        ],
    }  # fmt: skip
    report = service.import_file(library, "labelstudio", _write(tmp_path, [task]))
    (article_id,) = report.imported
    assert [r.type for r in annotation_service.list_relations(library, article_id)] == ["holds"]
    (error,) = report.errors
    assert "no single relation type goes from ORG to PERSON" in error.reason


def test_add_types_never_adds_a_second_type_of_an_existing_name(
    library: Library, tmp_path: Path
) -> None:
    tasks = documented_task()
    tasks[0]["annotations"][0]["result"][3]["value"]["labels"] = ["Date."]  # name: DATE
    report = service.import_file(
        library, "labelstudio", _write(tmp_path, tasks), labels=LabelOptions(add_types=True)
    )
    (article_id,) = report.imported
    assert ("California", "DATE") in _spans(library, article_id)
    names = [t.name for t in load_tagset(library).types]
    assert names == [t.name for t in default_tagset().types]


def test_the_config_beside_never_replaces_a_file_that_is_not_ours(
    library: Library, tmp_path: Path
) -> None:
    out = tmp_path / "project.json"
    config = tmp_path / "project.config.xml"
    config.write_text("my own notes", encoding="utf-8")
    with pytest.raises(ReplaceNeeded, match=r"project\.config\.xml"):
        service.export(library, "labelstudio", out)
    assert not out.exists() and config.read_text(encoding="utf-8") == "my own notes"
    config.unlink()
    service.export(library, "labelstudio", out)
    out.unlink()
    service.export(library, "labelstudio", out)  # our own config: replaced without asking
    assert etree.fromstring(config.read_bytes()).tag == "View"
