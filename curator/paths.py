"""Where Curator keeps its files (from platformdirs; nothing is written beside the code)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path, user_log_path

APP_NAME = "Curator"
LIBRARY_FILE_NAME = "library.curator.sqlite"


def data_dir() -> Path:
    """Libraries and backups. CURATOR_DATA_DIR overrides it (tests, portable installs)."""
    override = os.environ.get("CURATOR_DATA_DIR")
    return Path(override) if override else user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    override = os.environ.get("CURATOR_CONFIG_DIR")
    return Path(override) if override else user_config_path(APP_NAME, appauthor=False)


def log_dir() -> Path:
    return user_log_path(APP_NAME, appauthor=False)


def default_library_path() -> Path:
    return data_dir() / LIBRARY_FILE_NAME
