"""The recommender learns from accepted annotations and suggests what it learnt."""

from __future__ import annotations

import pytest

from curator import annotations, recommender, suggestions
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed

FIRST = ["Anna", "Marco", "Lucia", "Paolo", "Giulia", "Wei", "Ling", "Tomás", "Sara", "Ivo"]
LAST = ["Ferri", "Conti", "Zhang", "Rossi", "Bianchi", "Li", "Moretti", "Chen", "Greco"]
ROLES = ["Deputy Director", "Vice President", "Chief Engineer", "Secretary General"]
ORGS = [
    "Valmora Trade Commission",
    "Aurelia Port Authority",
    "Norrbridge Textile Guild",
    "Pianoro Machinery Association",
    "Castelmonte Logistics Board",
]


def article(index: int) -> tuple[str, list[tuple[str, str]]]:
    """A press release and the mentions an editor marks in it."""
    people = [
        f"{FIRST[(index + k) % len(FIRST)]} {LAST[(index * 3 + k) % len(LAST)]}" for k in range(3)
    ]
    roles = [ROLES[(index + k) % len(ROLES)] for k in range(3)]
    orgs = [ORGS[(index + k) % len(ORGS)] for k in range(3)]
    lines = [f"Trade fair bulletin {index}", ""]
    marks = []
    for person, role, org in zip(people, roles, orgs, strict=True):
        lines.append(f"{person}, {role} of {org}, attended the meeting and spoke.")
        marks += [(person, "PERSON"), (role, "ROLE"), (org, "ORG")]
    return "\n".join(lines), marks


@pytest.fixture
def trained_library(library):  # type: ignore[no-untyped-def]
    texts = [article(i) for i in range(15)]
    report = import_parsed(
        library,
        [
            ParsedArticle(f"Bulletin {i}", body, f"b{i}.txt", "en")
            for i, (body, _marks) in enumerate(texts)
        ],
    )
    for item, (body, marks) in zip(report.imported, texts, strict=True):
        for text, type_name in marks:
            start = body.index(text)
            annotations.add_annotation(library, item.id, start, start + len(text), type_name)
    return library


def test_too_few_annotations_is_a_clear_refusal(library) -> None:  # type: ignore[no-untyped-def]
    assert not recommender.needs_training(library)
    with pytest.raises(ValueError, match="at least"):
        recommender.train(library)


def test_training_scores_itself_by_cross_validation_over_articles(trained_library) -> None:  # type: ignore[no-untyped-def]
    assert recommender.needs_training(trained_library)
    stats = recommender.train(trained_library)
    assert stats.annotations == 15 * 9
    assert stats.folds == 5 and stats.held_out_articles == stats.articles == 15
    assert stats.precision > 0.8 and stats.recall > 0.8
    assert set(stats.per_type) == {"PERSON", "ROLE", "ORG"}
    assert recommender.stats(trained_library) == stats  # kept in the library
    assert not recommender.needs_training(trained_library)


def test_the_model_suggests_unseen_names_in_a_new_article(trained_library) -> None:  # type: ignore[no-untyped-def]
    recommender.train(trained_library)
    body = (
        "Harbour forum closes\n\n"
        "Ottavio Nardini, Deputy Director of Valmora Trade Commission, attended the "
        "meeting and spoke."
    )
    [item] = import_parsed(
        trained_library, [ParsedArticle("Harbour forum closes", body, "new.txt", "en")]
    ).imported
    found = {
        (s.text, s.type)
        for s in suggestions.suggest(trained_library, item.id)
        if s.source == recommender.SOURCE
    }
    assert ("Ottavio Nardini", "PERSON") in found
    assert ("Deputy Director", "ROLE") in found


def test_cli_train_prints_the_held_out_scores(trained_library, library_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    import main

    assert main.main(["--db", str(library_path), "train", "--json"]) == 0
    trained = json.loads(capsys.readouterr().out)
    assert trained["annotations"] == 135 and set(trained["per_type"]) == {"PERSON", "ROLE", "ORG"}


def test_cli_train_refuses_an_empty_library_in_one_line(library, library_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import main

    assert main.main(["--db", str(library_path), "train"]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_the_window_trains_in_the_background_and_shows_the_scores(
    trained_library,
    qtbot,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    from ui.app import create_application
    from ui.main_window import MainWindow
    from ui.settings import Settings

    create_application([])
    window = MainWindow(trained_library, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    assert (
        "has not learnt" in window.annotations_panel.recommender_label.text()
    )
    with qtbot.waitSignal(window.recommender_trained, timeout=30000):
        window.train_action.trigger()
    assert "precision" in window.annotations_panel.recommender_label.text()


def test_cli_suggest_after_train_uses_the_model_in_a_fresh_process(
    trained_library, library_path, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """`train` then `suggest`, each its own process as an editor runs them: no crash.

    The model is read from the library into memory; a tagger that outlived its bytes
    crashed the process (exit 139) on the first article it tagged.
    """
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    new = tmp_path / "harbour.txt"
    new.write_text(
        "Harbour forum closes\n\nOttavio Nardini, Deputy Director of Valmora Trade "
        "Commission, attended the meeting and spoke.\n",
        encoding="utf-8",
    )
    trained_library.close()
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(root / "main.py"), "--db", str(library_path), *argv],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip

    for argv in (["train"], ["import", str(new)]):
        assert run(*argv).returncode == 0
    done = run("suggest", "--json")
    assert done.returncode == 0, done.stderr
    found = {
        (s["text"], s["type"]) for s in json.loads(done.stdout) if s["source"] == "recommender"
    }
    assert ("Ottavio Nardini", "PERSON") in found
    assert ("Deputy Director", "ROLE") in found


def test_folds_score_every_article_once_and_never_on_its_own_model(trained_library) -> None:  # type: ignore[no-untyped-def]
    data = recommender._training_data(trained_library)
    folds = recommender._folds(data)
    scored = [item[0] for fold in folds for item in fold]
    assert sorted(scored) == sorted(item[0] for item in data)  # each article in one fold


def _annotate_one_article(library, copies: int) -> int:  # type: ignore[no-untyped-def]
    """`copies` bulletins in one article, every mention accepted."""
    parts = [article(i) for i in range(copies)]
    body = "\n\n".join(text for text, _marks in parts)
    [item] = import_parsed(library, [ParsedArticle("Digest", body, "d.txt", "en")]).imported
    offset = 0
    for text, marks in parts:
        for mention, type_name in marks:
            start = body.index(mention, offset)
            annotations.add_annotation(library, item.id, start, start + len(mention), type_name)
        offset += len(text) + 2
    return item.id


def test_one_annotated_article_is_not_enough_to_measure(library, library_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import main

    _annotate_one_article(library, 3)  # 27 accepted annotations, all in one article
    stats = recommender.train(library)
    assert stats.annotations >= recommender.MIN_ANNOTATIONS and stats.articles == 1
    assert not stats.measured and stats.precision is None and stats.held_out_articles == 0
    assert recommender.stats(library) == stats  # kept, and read back, without scores

    assert main.main(["--db", str(library_path), "train"]) == 0
    assert "not enough to measure yet" in capsys.readouterr().out


def test_scores_stored_by_an_earlier_version_still_read() -> None:
    earlier = {
        "trained_at": "2026-11-20T10:00:00+00:00", "annotations": 40, "articles": 9,
        "held_out_articles": 2, "precision": 0.9, "recall": 0.8, "f1": 0.85,
        "per_type": {"ORG": {"precision": 0.9, "recall": 0.8, "f1": 0.85, "support": 5}},
    }  # fmt: skip
    stats = recommender.RecommenderStats.from_json(earlier)
    assert stats.measured and stats.folds == 0 and stats.accepted == 0
    assert recommender.new_since_training(stats, 47) == 7  # counted from its annotations
