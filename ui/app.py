"""Starting the window: application object, locale, style, and the library to open."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from curator import backups, recovery
from curator.errors import CuratorError, DamagedLibraryFileError, LibraryOpenError
from curator.i18n import _, set_locale
from curator.paths import data_dir
from curator.revisions import set_author
from curator.sample import open_startup_library
from db import health
from db.library import Library
from ui import palette
from ui.main_window import MainWindow
from ui.platform_check import check_platform_libraries
from ui.settings import Settings
from ui.workers import start_job


def style_sheet() -> str:
    """The style sheet, with @ICONS@ pointing at the icon folder (QSS urls are not relative)."""
    icons = resources.files("resources") / "icons"
    text = (resources.files("resources") / "style.qss").read_text(encoding="utf-8")
    text = text.replace("@TEXT_SELECTION@", palette.TEXT_SELECTION)
    return text.replace("@ICONS@", Path(str(icons)).as_posix())


def app_icon() -> QIcon:
    return QIcon(str(resources.files("resources") / "icons" / "curator.svg"))


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("Curator")
    app.setOrganizationName("Curator")
    app.setWindowIcon(app_icon())
    app.setStyleSheet(style_sheet())
    return app


def install_translations(app: QApplication, settings: Settings) -> None:
    locale = set_locale(settings.locale or QLocale.system().name())
    translator = QTranslator(app)
    qt_translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{locale.language}", qt_translations):
        app.installTranslator(translator)


def ask_for_library(error: LibraryOpenError) -> Library | None:
    """Explain why the library cannot be opened and offer a way out."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("Cannot open the library"), str(error))
    open_button = box.addButton(_("Open Another Library…"), QMessageBox.ButtonRole.AcceptRole)
    new_button = box.addButton(_("Create a New Library…"), QMessageBox.ButtonRole.ActionRole)
    recover_button = None
    if isinstance(error, DamagedLibraryFileError):
        recover_button = box.addButton(
            _("Recover into a New Library…"), QMessageBox.ButtonRole.ActionRole
        )
    box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if recover_button is not None and clicked is recover_button:
        assert isinstance(error, DamagedLibraryFileError)
        return recover_from(error.path)
    if clicked is open_button:
        path, _filter = QFileDialog.getOpenFileName(None, _("Open Library"))
    elif clicked is new_button:
        path, _filter = QFileDialog.getSaveFileName(None, _("New Library"), "library.sqlite")
    else:
        return None
    if not path:
        return None
    return open_with_recovery(Path(path), create=clicked is new_button)


def recover_from(damaged: Path) -> Library | None:
    """Copy what can be read from a library too damaged to open into a new one; open it."""
    path, _filter = QFileDialog.getSaveFileName(
        None,
        _("Recover into New Library"),
        str(damaged.with_name(f"{damaged.stem}-recovered.sqlite")),
        _("Curator libraries (*.sqlite)"),
    )
    if not path:
        return None
    try:
        report = recovery.recover_library(damaged, Path(path))
    except CuratorError as error:
        return ask_for_library(LibraryOpenError(str(error)))
    return open_with_recovery(report.target, create=False)


def open_with_recovery(path: Path | None, create: bool = True) -> Library | None:
    try:
        if path is not None and not create:
            return Library.open(path, create=False)
        return open_startup_library(path)
    except LibraryOpenError as error:
        return ask_for_library(error)


def take_daily_backup(window: MainWindow) -> None:
    """The once-a-day backup on open, in the background so the window shows at once."""
    library = window.library
    start_job(
        lambda _progress: backups.backup_if_due(library),
        lambda taken: (
            taken
            and window.statusBar().showMessage(
                _("Daily backup saved to {path}").format(path=taken.path), 6000
            )
        ),
        lambda message: window.statusBar().showMessage(
            _("The daily backup failed: {reason}").format(reason=message), 10000
        ),
    )


def run_app(db_path: Path | None = None) -> int:
    if problem := check_platform_libraries():  # Qt's own message names the wrong package
        print(problem, file=sys.stderr)
        return 1
    app = create_application()
    settings = Settings()
    install_translations(app, settings)
    set_author(settings.author)
    health.remember_verified_in(data_dir() / "verified-libraries.json")
    library = open_with_recovery(db_path)
    if library is None:
        return 1
    window = MainWindow(library, settings)
    window.show()
    take_daily_backup(window)
    try:
        return app.exec()
    finally:
        library = window.library
        library.close()
