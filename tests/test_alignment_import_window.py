"""The alignment editor's Import button (issue 17, item 7): an XLIFF 2.0 file is taken
as a TMX is, and an existing alignment is replaced only after a question answered Yes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from curator import translations
from db.library import Library
from tests.translation_pairs import FIERA_BEADS, import_fiera_pair
from ui.alignment_editor import AlignmentEditor, show_alignment_editor
from ui.app import create_application
from ui.main_window import MainWindow
from ui.settings import Settings


def shapes(view: translations.AlignmentView) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(bead.source, bead.target) for bead in view.beads]


@pytest.fixture
def editor(qtbot: QtBot, library: Library, tmp_path: Path) -> AlignmentEditor:
    italian, english = import_fiera_pair(library)
    bitext = translations.pair_articles(library, italian, english)
    aligned = translations.align_pair(library, bitext)
    # the file holds the aligner's beads; the stored alignment has since been corrected
    (tmp_path / "fiera.xlf").write_bytes(translations.export_alignment(library, bitext, "xliff"))
    translations.merge_beads(library, bitext, 0, aligned.version)
    create_application([])
    window = MainWindow(library, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    editor = show_alignment_editor(window, bitext)
    qtbot.waitExposed(editor)
    return editor


def click_import(
    editor: AlignmentEditor, monkeypatch: pytest.MonkeyPatch, path: Path, answer: object
) -> list[str]:
    """Click Import, choose `path` in the file dialog, answer the question; the questions."""
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *args: object) -> object:
        asked.append(text)
        return answer

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(path), ""))
    monkeypatch.setattr(QMessageBox, "question", question)
    # a refusal would be a modal box: recorded, so that the test fails instead of waiting
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: asked.append(text))
    QTest.mouseClick(editor.import_button, Qt.MouseButton.LeftButton)
    return asked


def test_xliff_replaces_the_alignment_only_after_yes(
    qtbot: QtBot,
    editor: AlignmentEditor,
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    bitext = editor.bitext_id
    xliff = tmp_path / "fiera.xlf"
    merged = translations.get_alignment(library, bitext)
    assert shapes(editor.view) == shapes(merged) != FIERA_BEADS

    asked = click_import(editor, monkeypatch, xliff, QMessageBox.StandardButton.No)

    assert len(asked) == 1 and "fiera.xlf" in asked[0]
    assert translations.get_alignment(library, bitext) == merged
    assert shapes(editor.view) == shapes(merged)

    asked = click_import(editor, monkeypatch, xliff, QMessageBox.StandardButton.Yes)

    assert len(asked) == 1
    assert shapes(translations.get_alignment(library, bitext)) == FIERA_BEADS
    qtbot.waitUntil(lambda: shapes(editor.view) == FIERA_BEADS)
    # the import is one step of the editor's undo history
    QTest.keyClick(editor.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: shapes(translations.get_alignment(library, bitext)) == shapes(merged))


def test_a_file_in_other_languages_is_refused_in_a_box_naming_it(
    editor: AlignmentEditor,
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    wrong = tmp_path / "fiera-de.xlf"
    wrong.write_bytes(
        (tmp_path / "fiera.xlf").read_bytes().replace(b'trgLang="en"', b'trgLang="de"')
    )
    before = translations.get_alignment(library, editor.bitext_id)

    shown = click_import(editor, monkeypatch, wrong, QMessageBox.StandardButton.Yes)

    assert len(shown) == 2  # the question, then the refusal
    assert "fiera-de.xlf" in shown[1] and "from it into de, not it into en" in shown[1]
    assert translations.get_alignment(library, editor.bitext_id) == before
