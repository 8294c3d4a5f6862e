"""Window settings through one typed layer over QSettings, stored in the config dir."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from curator.paths import config_dir

SETTINGS_VERSION = 1


class Settings:
    """Typed access to the settings file; unknown or damaged values read as defaults."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or config_dir() / "settings.ini"
        self._store = QSettings(str(path), QSettings.Format.IniFormat)
        self._upgrade()

    def _upgrade(self) -> None:
        version = self._int("settings_version", 0)
        # Version 1 is the first; later versions rename or convert keys here.
        if version != SETTINGS_VERSION:
            self._store.setValue("settings_version", SETTINGS_VERSION)

    def _int(self, key: str, default: int) -> int:
        try:
            return int(self._store.value(key, default))
        except (TypeError, ValueError):
            return default

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def _text(self, key: str) -> str | None:
        value = self._store.value(key)
        return value if isinstance(value, str) and value else None

    def save_window(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
        self._store.setValue("window/geometry", window.saveGeometry())
        self._store.setValue("window/state", window.saveState())
        for name, splitter in splitters.items():
            self._store.setValue(f"splitters/{name}", splitter.saveState())
        self._store.sync()

    def restore_window(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> bool:
        """Put the window back where it was; False when there is nothing saved."""
        geometry = self._bytes("window/geometry")
        if geometry is not None:
            window.restoreGeometry(geometry)
        if (state := self._bytes("window/state")) is not None:
            window.restoreState(state)
        for name, splitter in splitters.items():
            if (saved := self._bytes(f"splitters/{name}")) is not None:
                splitter.restoreState(saved)
        return geometry is not None

    @property
    def last_import_dir(self) -> str | None:
        return self._text("import/last_dir")

    @last_import_dir.setter
    def last_import_dir(self, value: str) -> None:
        self._store.setValue("import/last_dir", value)

    @property
    def locale(self) -> str | None:
        return self._text("general/locale")

    @property
    def author(self) -> str | None:
        return self._text("general/author")

    def sync(self) -> None:
        self._store.sync()
