"""The real main window in a child process, for gestures that might crash it.

A test runs `python -m tests.<module> ...` in a subprocess, so a segfault fails the
test (non-zero exit, the child's output shown) instead of killing pytest. This module
gives those child programs a private home, a library with the sample articles and some
annotations, and the shown, active main window.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

ALTERNATIVE_TEMPLATE = {
    "id": "brief",
    "version": 1,
    "name": "Brief",
    "fields": [
        {"key": "event_name", "label": "Event name", "type": "entity", "entity_types": ["EVENT"]},
        {"key": "edition", "label": "Edition", "type": "text"},
        {"key": "dates", "label": "Dates", "type": "date_range"},
        {"key": "summary", "label": "Summary", "type": "long_text"},
        {"key": "rating", "label": "Rating", "type": "choice", "choices": ["low", "high"]},
        {"key": "participants", "label": "Participants", "type": "group",
         "fields": [{"key": "person", "label": "Person", "type": "entity"}]},
        {"key": "figures", "label": "Figures", "type": "group",
         "fields": [{"key": "label", "label": "What", "type": "text"},
                    {"key": "quantity", "label": "Number", "type": "number_unit"},
                    {"key": "amount", "label": "Money", "type": "money"}]},
    ],
}  # fmt: skip


ESCAPED: list[str] = []  # exceptions raised in slots: Qt only prints them


def _note_escaped(kind, error, trace) -> None:  # type: ignore[no-untyped-def]
    text = "".join(traceback.format_exception(kind, error, trace))
    print(text, file=sys.stderr, flush=True)
    ESCAPED.append(text)


def private_home(root: Path) -> None:
    """Keep the child away from the user's library, settings and locale."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["CURATOR_DATA_DIR"] = str(root / "data")
    os.environ["CURATOR_CONFIG_DIR"] = str(root / "config")
    os.environ["CURATOR_LOCALE"] = "en_GB"


def open_window(root: Path):  # type: ignore[no-untyped-def]  # -> MainWindow
    """The sample library (with a few accepted annotations) in the shown main window.

    The editor also has a template of their own, "brief", to switch records to: some of
    its fields match the shipped template's, some have the same key and another type.
    """
    private_home(root)
    sys.excepthook = _note_escaped
    templates = root / "config" / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    (templates / "brief.json").write_text(json.dumps(ALTERNATIVE_TEMPLATE), encoding="utf-8")
    from curator import annotations
    from curator.i18n import set_locale
    from curator.sample import load_sample_library
    from db.library import Library
    from ui.app import create_application
    from ui.main_window import MainWindow
    from ui.settings import Settings

    set_locale("en_GB")
    library = Library.open(root / "library.sqlite", create=True)
    load_sample_library(library)
    for article in _article_ids(library)[:3]:
        body = _body(library, article)
        words = [i for i in range(1, len(body) - 12) if body[i - 1] == " "][:4]
        for start in words:
            annotations.add_annotation(library, article, start, start + 8, "ORG")
    app = create_application([sys.argv[0]])
    window = MainWindow(library, Settings(root / "settings.ini"))
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowExposed(window)
    app.processEvents()
    return window


def _article_ids(library) -> list[int]:  # type: ignore[no-untyped-def]
    from curator.articles import list_article_ids

    return list_article_ids(library)


def _body(library, article_id: int) -> str:  # type: ignore[no-untyped-def]
    from curator.articles import get_article

    return get_article(library, article_id).body


def wheel(widget: QWidget, steps: int = -1) -> None:
    """A mouse wheel turn over the middle of `widget` (negative: towards the user)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(QPoint(int(centre.x()), int(centre.y())))),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` into `widget` key by key; characters beyond ASCII as a keyboard layout would."""
    for char in text:
        if char.isascii():
            QTest.keyClick(widget, char)
        else:  # QTest only maps ASCII to keys: send what an input method delivers
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
                )


def settle() -> None:
    """Let queued events (deferred deletes, focus changes) happen."""
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
