"""The real main window on a library, shown offscreen, for the window tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from db.library import Library
from ui.app import create_application
from ui.main_window import MainWindow
from ui.settings import Settings


def show_window(
    library: Library, qtbot: Any, tmp_path: Path, *, active: bool = False
) -> MainWindow:
    """Shown (and, with `active`, the active window, for shortcuts typed as keys)."""
    create_application([])
    window = MainWindow(library, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    if active:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
    return window
