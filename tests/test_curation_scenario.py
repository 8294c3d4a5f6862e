"""A whole press release curated in the real window, from the keyboard, in few gestures.

The editor's sequence runs in a child process (`tests/curation_scenario.py`), so a crash
fails this test with the child's output instead of killing pytest. Afterwards the
library is read as data: what the editor did must be there, exactly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from curator import annotations, records
from curator.articles import get_article, list_article_ids
from db.library import Library
from tests import scenario_article as story

REPO = Path(__file__).resolve().parent.parent
#: The issue's bar: seed 000's kind of article curated completely in at most 150 gestures.
GESTURE_BUDGET = 150


def _text(cell: dict | None) -> str | None:
    value = (cell or {}).get("value")
    return value.get("text") if isinstance(value, dict) else value


def test_an_editor_curates_a_press_release_from_the_keyboard(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "tests.curation_scenario", str(tmp_path)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-4000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["error"] == "", result["log"]
    assert result["escaped"] == []  # no exception escaped into Qt on the way
    assert result["gestures"] <= GESTURE_BUDGET, result["log"]

    library = Library.open(tmp_path / "library.sqlite")
    try:
        [article_id] = list_article_ids(library)
        assert get_article(library, article_id).status == "approved"
        marks = annotations.list_annotations(library, article_id)
        assert all(a.quote == story.BODY[a.start : a.end] for a in marks)
        accepted = {(a.type, a.quote) for a in marks if a.status == "accepted"}
        for person, (role, body) in story.EXPECTED_PEOPLE.items():
            assert {("PERSON", person), ("ROLE", role), ("ORG", body)} <= accepted
        assert {("ORG", name) for name in story.ORGANISATIONS} <= accepted
        assert {
            ("EVENT", "Valmora Industrial Supply Chain Expo"),
            ("LOCATION", "Valmora"),
            ("DATE", "14 March 2025"),
            ("MONEY", "nearly RMB 120 billion"),
            ("DOCUMENT", "Valmora Action Plan for Digital Supply Chains"),
        } <= accepted
        assert len([a for a in marks if (a.type, a.quote) == ("FIGURE", "Eight units")]) == 1
        lin = {a.quote: a.entity_id for a in marks if a.type == "PERSON"}
        assert lin["Lin Haoran"] is not None and lin["Mr. Lin"] == lin["Lin Haoran"]
        quote = {a.id: a.quote for a in marks}
        relations = {(r.type, quote[r.source_id], quote[r.target_id])
                     for r in annotations.list_relations(library, article_id)}  # fmt: skip
        for person, (role, body) in story.EXPECTED_PEOPLE.items():
            assert {("holds", person, role), ("at", role, body)} <= relations

        record = records.get_record(library, article_id)
        people = {
            _text(item.get("person")): (_text(item.get("role")), _text(item.get("organisation")))
            for item in record.items("participants")
        }
        assert people == story.EXPECTED_PEOPLE  # one participant for Lin, not two
        figures = {_text(item.get("label")) for item in record.items("figures")}
        assert figures == set(story.FIGURES)
        assert record.cell(("start_date",))["value"] == "2025-03-14"
        assert record.cell(("edition",))["value"] == {"qualifier": "", "value": "5", "unit": "th"}
        assert _text(record.cell(("series",))) == "Valmora Industrial Supply Chain Expo"
        assert _text(record.cell(("venue",))) == "Valmora Convention Centre"
        assert record.cell(("documents", 0, "kind"))["value"] == "plan"
        assert _text(record.cell(("summary",))).startswith("The fifth Expo closed")
        cells = [record.cell(("event_name",)), record.cell(("city",))] + [
            cell for item in record.items("participants") for cell in item.values()
        ]
        assert all(cell["evidence"] and cell["status"] == "verified" for cell in cells)
    finally:
        library.close()
