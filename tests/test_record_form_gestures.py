"""The record form under an editor's hands, each gesture in a child process.

Gestures (a)-(d) used to kill the program (the form deleted the editor whose signal was
being delivered); a crash now fails the test with the child's output instead of
killing pytest. See tests/record_form_scenarios.py for the gestures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_scenario(name: str, folder: Path) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    child = subprocess.run(
        [sys.executable, "-m", "tests.record_form_scenarios", name, str(folder)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    lines = [line for line in child.stdout.splitlines() if line.startswith("RESULT ")]
    assert child.returncode == 0 and lines, (
        f"{name}: the window process ended with code {child.returncode}\n"
        f"{child.stdout[-2000:]}\n{child.stderr[-4000:]}"
    )
    result = json.loads(lines[-1].removeprefix("RESULT "))
    assert result.pop("alive"), f"{name}: the window is gone"
    escaped = result.pop("escaped")
    assert not escaped, f"{name}: an exception escaped into Qt:\n" + "\n".join(escaped)
    return result


@pytest.fixture
def scenario(tmp_path: Path):  # type: ignore[no-untyped-def]
    return lambda name: run_scenario(name, tmp_path)


def test_a_number_then_tab_to_its_unit_and_a_letter_is_saved(scenario) -> None:  # type: ignore[no-untyped-def]
    result = scenario("edition_unit")
    assert result["stored"] == {"qualifier": "", "value": "12", "unit": "x"}
    assert result["focus_after_number"] == ["edition", 2]  # Tab went on to the unit box


def test_a_kind_chosen_from_the_popup_is_saved(scenario) -> None:  # type: ignore[no-untyped-def]
    result = scenario("kind_popup")
    assert result["stored"] == "initiative" and result["shown"] == "initiative"


def test_a_summary_is_saved_when_the_editor_clicks_elsewhere(scenario) -> None:  # type: ignore[no-untyped-def]
    result = scenario("summary_click_away")
    assert result["stored"] == "The fair closed with 1,200 exhibitors."
    assert result["focus"] == ["venue", 0]  # the click landed where it was aimed


def test_the_wheel_scrolls_past_unfocused_combos_and_edits_a_focused_one(scenario) -> None:  # type: ignore[no-untyped-def]
    result = scenario("wheel_over_combos")
    unfocused = result["unfocused"]
    assert unfocused["stored"] is None and unfocused["shown"] is None
    assert unfocused["scrolled_by"] > 0  # the form scrolled instead
    assert result["template"] == "event-report"  # the template combo did not change either
    assert result["focused"] == {"stored": "plan", "shown": "plan"}
    assert result["article"] == {"status_kept": True, "language_kept": True}  # the Article tab too


def test_editing_low_in_the_form_keeps_its_scroll_position_and_focus(scenario) -> None:  # type: ignore[no-untyped-def]
    result = scenario("scroll_and_focus_kept")
    before = result["before"]
    assert before > 0
    assert result["stored"] == ["Best stand", "Valmora Robotics"]
    assert result["after_edit"]["scrolled"] == before
    assert result["after_edit"]["focus"][:3] == [
        "awards",
        0,
        "award",
    ]  # Tab stayed in the field's row
    assert result["after_back_tab"]["scrolled"] == before
    assert result["after_back_tab"]["focus"][:3] == ["awards", 0, "award"]
    assert result["after_verified"] == {"scrolled": before, "status_verified": True}
    assert result["after_add"]["scrolled"] >= before  # never back to the top
    assert result["after_add"]["focus"] == ["awards", 1, "award", 0]  # the new item's field
    assert result["after_add"]["focus_visible"]


def test_removing_an_item_is_one_undoable_step_away_from_the_checkmarks(scenario) -> None:  # type: ignore[no-untyped-def]
    result = scenario("remove_item")
    removed = result["after_remove"]
    assert removed["people"] == [["Marco Conti", "speaker"]]
    assert removed["steps"] == 1 and removed["scrolled"] == removed["before"]
    both = [["Anna Ferri", "speaker"], ["Marco Conti", "speaker"]]
    assert result["after_undo"] == both  # one Undo brings the item back, values and all
    assert result["shown_after_undo"] == ["Anna Ferri", "Marco Conti"]
    geometry = result["geometry"]
    assert geometry["remove_right"] < geometry["verified_left"] - 100  # not under ✓


def test_a_long_value_is_shown_from_its_beginning(scenario) -> None:  # type: ignore[no-untyped-def]
    result = scenario("long_value_from_start")
    assert result["stored"].startswith("The Valmora International")
    assert not result["fits"] and result["cursor"] == 0


def test_switching_template_and_back_keeps_the_scroll_position(scenario) -> None:  # type: ignore[no-untyped-def]
    result = scenario("template_switch_keeps_scroll")
    assert result["before"] == 120
    assert result["after_switch"] == {"template": "brief", "scrolled": 120}
    assert result["after_undo"] == {"template": "event-report", "scrolled": 120}


def test_a_value_typed_before_ctrl_down_is_saved_on_its_own_article(scenario) -> None:  # type: ignore[no-untyped-def]
    result = scenario("next_article_while_typing")
    assert result["moved"]
    assert result == {"moved": True, "first": "Valmora fairs", "second": None, "shown": ""}


def test_numbers_are_shown_in_full_and_odd_ones_refused(scenario) -> None:  # type: ignore[no-untyped-def]
    result = scenario("numbers_kept_exact")
    assert result["shown"] == "0.12345"  # not rounded to 0.123 (which Tab would then save)
    assert result["new_steps"] == 0  # Tab through the stored value and the three refusals
    kept = {"qualifier": "", "value": "0.12345", "unit": "t"}
    assert result["refused"] == {typed: [kept, True] for typed in ("NaN", "1,0001e30", "inf")}
