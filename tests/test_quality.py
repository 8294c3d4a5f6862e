"""Data-quality checks as a service (curator.quality) and the library-level checks:
translation mismatches, near-aliases and near-duplicates, in English and Italian;
dismissal across re-runs; the approval gate; configuration; the CLI; the migration."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

import main
from curator import entities, importer, quality
from curator.articles import (
    ApprovalBlockedError,
    ArticleChanges,
    get_article,
    link_translation,
    update_article,
)
from curator.checks.near_alias import AliasIndex, check_near_aliases
from curator.checks.near_duplicate import similarity
from curator.checks.translation import check_translation
from curator.errors import ValidationError
from curator.formats.base import ParsedArticle
from db.library import Library
from db.models import Revision

# --- our own texts ------------------------------------------------------------------------

EXPO_EN = (
    "The Valmora Packaging Expo closed on Sunday. Organisers said it attracted investment of"
    " 10.5 billion yuan. More than 1,200 exhibitors took part from 15 to 18 October 2024,"
    " and visitor numbers grew by 68%."
)
EXPO_IT_GOOD = (
    "L'Expo dell'Imballaggio di Valmora si è chiusa domenica. Secondo gli organizzatori ha"
    " attirato investimenti per 10,5 miliardi di yuan. Oltre 1.200 espositori hanno"
    " partecipato dal 15 al 18 ottobre 2024 e i visitatori sono cresciuti del 68%."
)
EXPO_IT_WRONG = EXPO_IT_GOOD.replace("10,5 miliardi", "105 miliardi").replace(
    "al 18 ottobre", "al 19 ottobre"
)
FIERA_IT = (
    "La Fiera della Meccanica di Porto Lindo si è conclusa sabato. Hanno partecipato 850"
    " aziende e 42.000 visitatori, con contratti per 2,3 miliardi di euro. La prossima"
    " edizione si terrà dal 3 al 6 marzo 2026."
)
FIERA_EN_GOOD = (
    "The Porto Lindo Mechanics Fair ended on Saturday. 850 companies and 42,000 visitors"
    " took part, with contracts worth 2.3 billion euros. The next edition will be held from"
    " 3 to 6 March 2026."
)
FIERA_EN_WRONG = FIERA_EN_GOOD.replace("42,000 visitors", "4,200 visitors")

GARBLED_EN = (
    "The Harbour Logistics Forum drew 515,15 visitors and more than 8,<> buyers to Porto"
    " Lindo, where the halls covered 10,5 square meters."
)
CLEAN_EN = (
    "The Harbour Logistics Forum drew 5,200 visitors and more than 800 buyers to Porto Lindo,"
    " where the halls covered 10,500 square meters."
)

MINISTRY = "Valmora Municipal Transport Administration"
CAMERA = "Camera di Commercio Industria Artigianato di Valmora"


def _article(title: str, body: str, language: str, published: dt.date | None = None):
    return ParsedArticle(
        title=title, body=body, origin=f"{title}.txt", language=language, published=published
    )


def add(library: Library, title: str, body: str, language: str = "en") -> int:
    report = importer.import_parsed(library, [_article(title, body, language)])
    assert report.imported, report.summary()
    return report.imported[0].id


def open_ids(library: Library, article_id: int, check_id: str | None = None) -> list[str]:
    return [
        f.text
        for f in quality.list_findings(library, article_id)
        if check_id is None or f.check_id == check_id
    ]


# --- translation mismatch ----------------------------------------------------------------


def test_an_english_original_and_a_wrong_italian_translation_are_reported_on_the_translation():
    findings = check_translation(EXPO_EN, "en", EXPO_IT_WRONG, "it", original_id=4)

    assert [f.text for f in findings] == ["105 miliardi di yuan", "dal 15 al 19 ottobre 2024"]
    for finding in findings:
        assert finding.check_id == "translation-mismatch"
        assert EXPO_IT_WRONG[finding.start : finding.end] == finding.text
    assert "10.5 billion yuan" in findings[0].message
    assert "105 miliardi di yuan" in findings[0].message
    assert "#4" in findings[0].message
    assert "from 15 to 18 October 2024" in findings[1].message


def test_a_faithful_italian_translation_raises_nothing():
    assert check_translation(EXPO_EN, "en", EXPO_IT_GOOD, "it") == []


def test_an_italian_original_and_a_wrong_english_translation_are_reported():
    findings = check_translation(FIERA_IT, "it", FIERA_EN_WRONG, "en")

    assert [f.text for f in findings] == ["4,200 visitors"]
    assert "42.000 visitatori" in findings[0].message


def test_a_faithful_english_translation_raises_nothing():
    assert check_translation(FIERA_IT, "it", FIERA_EN_GOOD, "en") == []


def test_a_figure_moved_to_another_sentence_is_not_a_mismatch():
    moved = (
        "The Porto Lindo Mechanics Fair ended on Saturday with 42,000 visitors. 850 companies"
        " took part, with contracts worth 2.3 billion euros. The next edition will be held"
        " from 3 to 6 March 2026."
    )
    assert check_translation(FIERA_IT, "it", moved, "en") == []


def test_the_service_checks_a_linked_translation(library: Library):
    original = add(library, "Valmora Packaging Expo", EXPO_EN, "en")
    translation = add(library, "Expo dell'Imballaggio", EXPO_IT_WRONG, "it")
    assert open_ids(library, translation, "translation-mismatch") == []  # not linked yet

    link_translation(library, original, translation)  # checks the translation again
    quality.check_article(library, original)

    assert open_ids(library, translation, "translation-mismatch") == [
        "105 miliardi di yuan",
        "dal 15 al 19 ottobre 2024",
    ]
    assert open_ids(library, original, "translation-mismatch") == []


# --- near-aliases ----------------------------------------------------------------------------


def _aliases(*names: str) -> AliasIndex:
    return AliasIndex.build((name, name) for name in names)


def test_a_misspelt_english_name_is_reported_with_the_alias():
    text = f"Li Ming, Director of {MINISTRY.replace('Valmora', 'Valmra')}, opened the show."
    findings = check_near_aliases(text, "en", _aliases(MINISTRY))

    assert [f.text for f in findings] == ["Valmra Municipal Transport Administration"]
    assert MINISTRY in findings[0].message
    assert findings[0].check_id == "near-alias"


def test_a_misspelt_word_of_a_name_is_reported_against_a_one_word_alias():
    text = "Wang Lei of the Shangha Municipal Commission of Commerce spoke first."
    findings = check_near_aliases(text, "en", _aliases("Shanghai"))

    assert [f.text for f in findings] == ["Shangha"]
    assert "Shanghai" in findings[0].message


def test_english_names_that_are_aliases_or_not_names_are_left_alone():
    text = (
        f"The {MINISTRY} and the Valmora Municipal Transport Authority met at Expo Valmora"
        " 2025; the shanghai delegation and the Italian Trade Agency of Germany came too."
    )
    index = _aliases(MINISTRY, "Expo Valmora 2024", "Shanghai", "Italia", "German")

    assert check_near_aliases(text, "en", index) == []


def test_a_misspelt_italian_name_is_reported():
    text = "Ha parlato il presidente della Camera di Commercio Industria Artigianato di Valmor."
    findings = check_near_aliases(text, "it", _aliases(CAMERA))

    assert [f.text for f in findings] == ["Camera di Commercio Industria Artigianato di Valmor"]
    assert CAMERA in findings[0].message


def test_a_correct_italian_name_and_an_adjective_are_left_alone():
    text = f"Il presidente della {CAMERA} ha salutato la Delegazione Italiana a Valmora."
    assert check_near_aliases(text, "it", _aliases(CAMERA, "Italia")) == []


def test_the_service_uses_the_entity_registry(library: Library):
    article = add(
        library,
        "Transport day",
        f"Li Ming, Director of {MINISTRY.replace('Valmora', 'Valmra')}, opened the day.",
    )
    assert open_ids(library, article, "near-alias") == []  # no entity yet

    entities.create_entity(library, "ORG", MINISTRY)
    quality.check_article(library, article)

    assert open_ids(library, article, "near-alias") == ["Valmra Municipal Transport Administration"]


# --- near-duplicates -------------------------------------------------------------------------

LONG_EN = (
    "The Northern Robotics Week opened in Valmora on Monday with four hundred exhibitors from"
    " twelve countries. Organisers expect thirty thousand visitors over five days, and the"
    " programme includes a conference on welding automation, a startup contest and guided"
    " tours of the new logistics hub beside the river. The mayor said the city would invest"
    " in training centres for technicians and in a second exhibition hall by next spring."
)
LONG_IT = (
    "La Settimana della Robotica del Nord si è aperta lunedì a Valmora con quattrocento"
    " espositori da dodici paesi. Gli organizzatori attendono trentamila visitatori in cinque"
    " giorni e il programma comprende un convegno sull'automazione della saldatura, un"
    " concorso per startup e visite guidate al nuovo polo logistico accanto al fiume. Il"
    " sindaco ha detto che la città investirà in centri di formazione per tecnici."
)


def test_near_duplicate_bodies_are_similar_and_different_ones_are_not():
    edited = LONG_EN.replace("Monday", "Tuesday").replace("river", "harbour")
    assert similarity(LONG_EN, edited) > 0.7
    assert similarity(LONG_EN, LONG_IT) < 0.1
    assert similarity(LONG_EN, "") == 0.0


@pytest.mark.parametrize(
    ("body", "edit", "language"),
    [
        (LONG_EN, ("Monday", "Tuesday"), "en"),
        (LONG_IT, ("lunedì", "martedì"), "it"),
    ],
)
def test_a_near_duplicate_is_reported_on_the_later_article(library: Library, body, edit, language):
    first = add(library, "First", body, language)
    other = add(library, "Other", CLEAN_EN, "en")
    later = add(library, "Later", body.replace(*edit) + " (Updated.)", language)

    assert open_ids(library, first, "near-duplicate") == []
    assert open_ids(library, other, "near-duplicate") == []
    findings = [f for f in quality.list_findings(library, later) if f.check_id == "near-duplicate"]
    assert len(findings) == 1
    assert f"#{first}" in findings[0].message and "“First”" in findings[0].message


def test_the_library_run_finds_near_duplicates_imported_in_bulk(library: Library, monkeypatch):
    monkeypatch.setattr(importer, "IMPORT_CHECK_LIMIT", 1)
    report = importer.import_parsed(
        library,
        [
            _article("One", LONG_EN, "en"),
            _article("Two", LONG_EN.replace("Monday", "Sunday"), "en"),
            _article("Three", LONG_IT, "it"),
        ],
    )
    assert report.checks_deferred
    assert "Check Library" in report.summary()
    assert quality.list_findings(library) == []

    result = quality.check_library(library)

    ids = [item.id for item in report.imported]
    assert result.articles == 3 and not result.cancelled
    assert open_ids(library, ids[1], "near-duplicate") and not open_ids(library, ids[0])
    assert open_ids(library, ids[2]) == []


# --- storing, dismissing, re-running ---------------------------------------------------------


def test_import_checks_new_articles_and_check_article_returns_open_findings(library: Library):
    article = add(library, "Garbled forum", GARBLED_EN)

    stored = quality.list_findings(library, article)
    assert [(f.check_id, f.text) for f in stored] == [
        ("number-grouping", "515,15"),
        ("placeholder-debris", "8,<>"),
        ("number-grouping", "10,5"),
    ]
    assert [f.id for f in quality.check_article(library, article)] != []
    assert quality.open_error_count(library, article) == 3
    assert quality.open_counts(library, [article])[article].errors == 3


def test_a_dismissed_finding_stays_dismissed_when_the_checks_run_again(library: Library):
    article = add(library, "Garbled forum", GARBLED_EN)
    finding = next(f for f in quality.list_findings(library, article) if f.text == "10,5")

    dismissed = quality.dismiss(library, finding.id, "  the original says 10,5 too  ")
    quality.check_article(library, article)
    quality.check_library(library)

    assert dismissed.dismiss_reason == "the original says 10,5 too"
    assert "10,5" not in open_ids(library, article)
    kept = [f for f in quality.list_findings(library, article, include_dismissed=True)]
    assert [(f.text, f.status) for f in kept if f.text == "10,5"] == [("10,5", "dismissed")]
    assert kept[-1].dismiss_reason == "the original says 10,5 too"
    assert quality.open_error_count(library, article) == 2


def test_dismissing_needs_a_reason_and_writes_history(library: Library):
    article = add(library, "Garbled forum", GARBLED_EN)
    finding = quality.list_findings(library, article)[0]

    for empty in ("", "   "):
        with pytest.raises(ValidationError):
            quality.dismiss(library, finding.id, empty)
    quality.dismiss(library, finding.id, "a typo in the source, accepted")
    quality.reopen(library, finding.id)

    with library.session() as session:
        revisions = session.scalars(
            select(Revision).where(Revision.object_id == article, Revision.object_type == "article")
        ).all()
    actions = [revision.action for revision in revisions]
    assert actions[-2:] == ["dismiss_finding", "reopen_finding"]
    assert json.loads(revisions[-2].after)["reason"] == "a typo in the source, accepted"
    assert finding.text in open_ids(library, article)


# --- the approval gate ------------------------------------------------------------------------


def test_approving_with_open_errors_is_refused_naming_the_count(library: Library):
    article = add(library, "Garbled forum", GARBLED_EN)

    with pytest.raises(ApprovalBlockedError) as refused:
        update_article(library, article, ArticleChanges(status="approved"))

    assert refused.value.open_errors == 3
    assert refused.value.field == "status"
    assert "3 open errors" in refused.value.message
    assert get_article(library, article).status == "new"


def test_an_override_reason_approves_and_is_recorded(library: Library):
    article = add(library, "Garbled forum", GARBLED_EN)
    before = get_article(library, article).version

    detail = update_article(
        library,
        article,
        ArticleChanges(status="approved"),
        expected_version=before,
        override_reason="figures checked by phone with the organiser",
    )

    assert detail.status == "approved" and detail.version == before + 1
    with library.session() as session:
        last = session.scalars(
            select(Revision).where(Revision.object_id == article).order_by(Revision.id.desc())
        ).first()
    assert last is not None and last.action == "update"
    after = json.loads(last.after)
    assert after["status"] == "approved"
    assert after["override_reason"] == "figures checked by phone with the organiser"
    assert after["open_errors"] == 3


def test_a_clean_article_or_one_whose_errors_are_dismissed_is_approved(library: Library):
    clean = add(library, "Clean forum", CLEAN_EN)
    garbled = add(library, "Garbled forum", GARBLED_EN)

    assert update_article(library, clean, ArticleChanges(status="approved")).status == "approved"
    for finding in quality.list_findings(library, garbled):
        quality.dismiss(library, finding.id, "checked against the printed programme")
    assert update_article(library, garbled, ArticleChanges(status="approved")).status == "approved"


def test_changing_the_language_checks_the_article_again(library: Library):
    article = add(library, "Forum", "Hanno partecipato 10,5 mila visitatori e 1.500 buyer.", "it")
    assert open_ids(library, article) == []

    update_article(library, article, ArticleChanges(language="en"))

    assert "10,5" in open_ids(library, article, "number-grouping")


# --- configuration ----------------------------------------------------------------------------


def test_a_disabled_check_is_not_reported_and_its_open_findings_go(library: Library):
    article = add(library, "Garbled forum", GARBLED_EN)

    quality.save_check_config(library, {"number-grouping": {"enabled": False}})
    assert open_ids(library, article) == ["8,<>"]
    quality.check_article(library, article)
    assert open_ids(library, article) == ["8,<>"]
    assert quality.check_config(library)["number-grouping"].enabled is False

    quality.save_check_config(library, {"number-grouping": {"enabled": True}})
    quality.check_article(library, article)
    assert open_ids(library, article) == ["515,15", "8,<>", "10,5"]


def test_a_changed_severity_is_stored_and_counts_for_the_gate(library: Library):
    article = add(library, "Garbled forum", GARBLED_EN)

    quality.save_check_config(
        library,
        {
            "number-grouping": quality.CheckSetting("number-grouping", True, "warning"),
            "placeholder-debris": {"severity": "info"},
        },
    )

    severities = {f.text: f.severity for f in quality.check_article(library, article)}
    assert severities == {"515,15": "warning", "8,<>": "info", "10,5": "warning"}
    assert update_article(library, article, ArticleChanges(status="approved")).status == "approved"


def test_bad_configuration_is_refused(library: Library):
    with pytest.raises(ValidationError):
        quality.save_check_config(library, {"no-such-check": {"enabled": False}})
    with pytest.raises(ValidationError):
        quality.save_check_config(library, {"near-alias": {"severity": "fatal"}})
    config = quality.check_config(library)
    assert set(config) >= {"translation-mismatch", "near-alias", "near-duplicate", "required-field"}
    assert all(setting.is_default for setting in config.values())


# --- command line -----------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main.main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def press(tmp_path: Path) -> Path:
    folder = tmp_path / "press"
    folder.mkdir()
    (folder / "garbled.txt").write_text("Garbled forum\n\n" + GARBLED_EN, encoding="utf-8")
    (folder / "clean.txt").write_text("Clean forum\n\n" + CLEAN_EN, encoding="utf-8")
    return folder


def test_cli_check_exits_1_on_open_errors_and_prints_json(capsys, tmp_path: Path, press: Path):
    db = tmp_path / "press.sqlite"
    assert run(capsys, "import", press, "--db", db)[0] == 0

    code, out, _err = run(capsys, "check", "--db", db, "--json")

    assert code == 1
    findings = json.loads(out)
    assert [f["text"] for f in findings] == ["515,15", "8,<>", "10,5"]
    assert set(findings[0]) >= {
        "id",
        "article_id",
        "check_id",
        "severity",
        "start",
        "end",
        "text",
        "message",
        "status",
    }
    assert findings[0]["severity"] == "error" and findings[0]["status"] == "open"

    code, out, _err = run(capsys, "check", "--db", db)
    assert code == 1
    assert "number-grouping" in out and "515,15" in out and "3 errors" in out


def test_cli_check_of_a_clean_article_and_dismiss(capsys, tmp_path: Path, press: Path):
    db = tmp_path / "press.sqlite"
    run(capsys, "import", press, "--db", db)
    findings = json.loads(run(capsys, "check", "--db", db, "--json")[1])
    garbled = findings[0]["article_id"]
    clean = ({1, 2} - {garbled}).pop()

    assert run(capsys, "check", "--db", db, "--article", clean, "--json")[:2] == (0, "[]\n")
    for finding in findings:
        code, out, _err = run(
            capsys, "dismiss", finding["id"], "--reason", "as printed", "--db", db
        )
        assert code == 0 and "as printed" in out
    assert run(capsys, "check", "--db", db, "--article", garbled)[0] == 0
    listed = json.loads(run(capsys, "check", "--db", db, "--all", "--json")[1])
    assert {f["status"] for f in listed} == {"dismissed"}

    code, _out, err = run(capsys, "dismiss", findings[0]["id"], "--reason", " ", "--db", db)
    assert code == 1 and "reason" in err
    with pytest.raises(SystemExit):
        run(capsys, "dismiss", findings[0]["id"], "--db", db)


# --- the migration ------------------------------------------------------------------------------


def test_a_0003_library_is_upgraded_and_checked(tmp_path: Path):
    from db import migrations
    from db.library import make_engine

    path = tmp_path / "old.sqlite"
    engine = make_engine(path)
    migrations.upgrade_to_head(engine, None, "0003")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO articles (title, language, body, content_hash, status, notes,"
            " created_at, updated_at, version) VALUES ('Old', 'en', ?, 'h', 'new', '',"
            " '2024-01-01 00:00:00', '2024-01-01 00:00:00', 1)",
            (GARBLED_EN,),
        )
    engine.dispose()

    library = Library.open(path)
    try:
        assert [f.text for f in quality.check_article(library, 1)] == ["515,15", "8,<>", "10,5"]
    finally:
        library.close()
    with sqlite3.connect(path) as connection:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        assert revision == (migrations.head_revision(),)
        connection.execute(
            "INSERT INTO findings (article_id, check_id, fingerprint) VALUES (1, 'x', 'f')"
        )
        row = connection.execute(
            "SELECT status, severity, dismiss_reason, created_at IS NOT NULL FROM findings"
            " WHERE fingerprint = 'f'"
        ).fetchone()
    assert row == ("open", "warning", "", 1)
