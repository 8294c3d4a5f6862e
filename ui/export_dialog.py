"""File ▸ Export… and File ▸ Import Exchange File…: curated data out, and back in.

The dialog chooses a format, what to export (everything, the list as filtered and
searched now, or the selected article) and where (a file, or a folder/.zip for formats
made of several files). The export runs on the writer thread with the window's status
bar progress bar and Cancel button; a cancel or a failure leaves no file behind
(curator/exchange/service.py). Before the dialog closes, the destination is checked
(curator/exchange/destination.py): a place the export may not write is explained and
the dialog stays open; an earlier export there is replaced only when the editor says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from curator.articles import ArticleFilter
from curator.errors import CuratorError
from curator.exchange import service
from curator.exchange.destination import ReplaceNeeded
from curator.exchange.model import ExportCancelled
from curator.i18n import _
from ui import keys
from ui.workers import Job, start_job

if TYPE_CHECKING:
    from db.library import Library
    from ui.main_window import MainWindow

FORMAT_LABELS = {
    "json": "JSON (Curator)",
    "jsonl": "JSON Lines (Curator)",
    "csv": "CSV",
    "w3c": "W3C Web Annotation (JSON-LD)",
    "brat": "brat standoff",
    "conll": "CoNLL-2003 / IOB2",
    "doccano": "doccano JSONL",
    "labelstudio": "Label Studio JSON",
    "tmx": "TMX",
    "xliff": "XLIFF 2.0",
}


@dataclass(slots=True)
class ExportChoice:
    """What the dialog asked for: passed to curator.exchange.service.export."""

    fmt: str
    out: Path
    ids: list[int] | None = None
    article_filter: ArticleFilter | None = None
    query: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    replace: bool = False  # the editor agreed to replace the earlier export at `out`


def confirm_destination(parent: QWidget, library: Library, choice: ExportChoice) -> bool | None:
    """Whether the export replaces what is at its destination (the editor was asked),
    or None when it must not go there (the editor was told why, or said no)."""
    try:
        return service.check_destination(library, choice.fmt, choice.out)
    except ReplaceNeeded as needed:
        answer = QMessageBox.question(
            parent,
            _("Replace the earlier export?"),
            _("{reason}.\n\nReplace it with this export?").format(reason=needed),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return True if answer == QMessageBox.StandardButton.Yes else None
    except CuratorError as error:
        QMessageBox.warning(parent, _("Export"), str(error))
        return None


#: the file dialog does not ask "replace?": accept() does, knowing what is there.
_ASK_OURSELVES = QFileDialog.Option.DontConfirmOverwrite


class ExportDialog(QDialog):
    """Format, scope and destination of an export."""

    def __init__(
        self,
        parent: QWidget | None = None,
        list_filter: ArticleFilter | None = None,
        list_query: str = "",
        selected_id: int | None = None,
        folder: Path | None = None,
        library: Library | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export"))
        self._library = library  # to check the destination before closing
        self._replace = False
        self._list_filter = list_filter or ArticleFilter()
        self._list_query = list_query
        self._selected_id = selected_id
        self._folder = folder or Path.home()

        self.format_combo = QComboBox()
        for fmt in service.available_formats():
            self.format_combo.addItem(FORMAT_LABELS.get(fmt, fmt), fmt)
        self.scope_all = QRadioButton(_("&All articles"))
        self.scope_list = QRadioButton(_("The articles in the &list (its filters and search)"))
        self.scope_selected = QRadioButton(_("The &selected article"))
        self.scope_selected.setEnabled(selected_id is not None)
        self.scope_list.setChecked(True)
        self.scope_group = QButtonGroup(self)
        for button in (self.scope_all, self.scope_list, self.scope_selected):
            self.scope_group.addButton(button)
        self.destination = QLineEdit()
        self.browse_button = QPushButton(_("&Browse…"))
        self.excel_box = QCheckBox(_("For &Excel (byte-order mark; “;” where decimals use “,”)"))

        scope = QVBoxLayout()
        for button in (self.scope_all, self.scope_list, self.scope_selected):
            scope.addWidget(button)
        where = QHBoxLayout()
        where.addWidget(self.destination, 1)
        where.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(_("&Format:"), self.format_combo)
        form.addRow(_("Articles:"), scope)
        destination_label = QLabel(_("&Destination:"))
        destination_label.setBuddy(self.destination)  # a row holding a layout gets no buddy
        form.addRow(destination_label, where)
        form.addRow("", self.excel_box)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Export"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self.browse_button.clicked.connect(self._browse)
        self.destination.textChanged.connect(self._update_ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._format_changed()

    def fmt(self) -> str:
        return str(self.format_combo.currentData())

    def _format_changed(self) -> None:
        fmt = self.fmt()
        self.excel_box.setEnabled(fmt == "csv")
        current = self.destination.text().strip()
        name = service.default_name(fmt)
        if not current:
            self.destination.setText(str(self._folder / name))
        else:
            path = Path(current)
            if path.name.startswith("curator-export"):
                self.destination.setText(str(path.with_name(name)))
        self._update_ok()

    def _browse(self) -> None:
        current = self.destination.text().strip() or str(self._folder)
        if service.is_multi_file(self.fmt()):
            chosen = QFileDialog.getSaveFileName(
                self,
                _("Export to a folder or a .zip"),
                current,
                _("Zip archive (*.zip);;Folder (*)"),
                options=_ASK_OURSELVES,
            )[0]
        else:
            chosen = QFileDialog.getSaveFileName(
                self, _("Export to"), current, options=_ASK_OURSELVES
            )[0]
        if chosen:
            self.destination.setText(chosen)

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.destination.text().strip()) and self.format_combo.count() > 0)

    def accept(self) -> None:
        if self._library is not None:
            replace = confirm_destination(self, self._library, self.choice())
            if replace is None:
                self.destination.setFocus()
                return
            self._replace = replace
        super().accept()

    def choice(self) -> ExportChoice:
        fmt = self.fmt()
        choice = ExportChoice(fmt, Path(self.destination.text().strip()).expanduser())
        choice.replace = self._replace
        if self.scope_selected.isChecked() and self._selected_id is not None:
            choice.ids = [self._selected_id]
        elif self.scope_list.isChecked():
            choice.article_filter = self._list_filter
            choice.query = self._list_query
        if fmt == "csv" and self.excel_box.isChecked():
            choice.options = {"excel": True}
        return choice


class ExchangeController(QObject):
    """Runs exports and exchange imports for a window, with its progress bar and Cancel."""

    export_finished = Signal(object)  # service.ExportReport
    export_failed = Signal(str)  # a one-line message ("" when cancelled)
    import_finished = Signal(object)  # service.ExchangeImportReport

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.job: Job | None = None
        window.cancel_button.clicked.connect(self.cancel)

    # --- export --------------------------------------------------------------------

    def open_dialog(self) -> None:
        window = self.window
        query = window.library_pane.current_query()
        dialog = ExportDialog(
            window,
            query.article_filter,
            query.search_text,
            window.library_pane.selected_article_id(),
            window.library.path.parent,
            window.library,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.start_export(dialog.choice())

    def start_export(self, choice: ExportChoice) -> None:
        if self.job is not None or self.window._import_job is not None:
            self.window.statusBar().showMessage(_("Wait for the running job to finish."), 4000)
            return
        library = self.window.library

        def work(progress: Any) -> service.ExportReport | None:
            try:
                return service.export(
                    library,
                    choice.fmt,
                    choice.out,
                    ids=choice.ids,
                    article_filter=choice.article_filter,
                    query=choice.query,
                    progress=progress,
                    options=choice.options or None,
                    replace=choice.replace,
                )
            except ExportCancelled:
                return None

        self._busy(True)
        self.job = start_job(work, self._export_done, self._failed, self._progressed)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.progress.cancel()
            self.window.cancel_button.setEnabled(False)
            self.window.progress_bar.setFormat(_("Cancelling…"))

    def _progressed(self, done: int, total: int, _message: str) -> None:
        bar = self.window.progress_bar
        bar.setRange(0, max(total, 1))
        bar.setValue(done)
        bar.setFormat(_("Exporting %v of %m"))

    def _export_done(self, report: service.ExportReport | None) -> None:
        self.job = None
        self._busy(False)
        if report is None:
            self.window.statusBar().showMessage(_("Export cancelled; nothing was written."), 8000)
            self.export_failed.emit("")
            return
        self.window.statusBar().showMessage(
            _("Exported {count} to {path}").format(count=report.count, path=report.path), 8000
        )
        self.export_finished.emit(report)

    def _failed(self, message: str) -> None:
        self.job = None
        self._busy(False)
        self.export_failed.emit(message)
        QMessageBox.critical(self.window, _("Export failed"), message)

    def _busy(self, busy: bool) -> None:
        window = self.window
        window.progress_bar.setVisible(busy)
        window.cancel_button.setVisible(busy)
        window.cancel_button.setEnabled(busy)
        window.progress_bar.setRange(0, 0)

    # --- import --------------------------------------------------------------------

    def choose_import(self) -> None:
        readable = [fmt for fmt in service.FORMATS if service.can_import(fmt)]
        filters = ";;".join(f"{FORMAT_LABELS.get(fmt, fmt)} (*)" for fmt in readable)
        path, chosen = QFileDialog.getOpenFileName(
            self.window, _("Import Exchange File"), str(self.window.library.path.parent), filters
        )
        if not path:
            return
        labels = {f"{FORMAT_LABELS.get(fmt, fmt)} (*)": fmt for fmt in readable}
        self.start_import(labels.get(chosen, readable[0]), Path(path))

    def start_import(self, fmt: str, path: Path) -> None:
        if self.job is not None or self.window._import_job is not None:
            self.window.statusBar().showMessage(_("Wait for the running job to finish."), 4000)
            return
        library = self.window.library
        self._busy(True)
        self.job = start_job(
            lambda progress: service.import_file(library, fmt, path, progress),
            self._import_done,
            self._import_failed,
            self._import_progressed,
        )

    def _import_progressed(self, done: int, total: int, _message: str) -> None:
        bar = self.window.progress_bar
        bar.setRange(0, max(total, 1))
        bar.setValue(done)
        bar.setFormat(_("Importing %v of %m"))

    def _import_failed(self, message: str) -> None:
        self.job = None
        self._busy(False)
        QMessageBox.critical(self.window, _("Import failed"), message)

    def _import_done(self, report: service.ExchangeImportReport) -> None:
        self.job = None
        self._busy(False)
        window = self.window
        window.statusBar().showMessage(report.summary(), 8000)
        window.model.reload()
        if report.problems:
            box = QMessageBox(window)
            box.setWindowTitle(_("Import Exchange File"))
            box.setText(report.summary())
            box.setDetailedText("\n".join(f"{p.severity}: {p}" for p in report.problems))
            box.open()
        self.import_finished.emit(report)


def install_exchange(window: MainWindow) -> ExchangeController:
    """Add File ▸ Export… (Ctrl+Alt+E) and File ▸ Import Exchange File… to the window."""
    controller = ExchangeController(window)
    export_action = QAction(_("&Export…"), window)
    keys.bind(export_action, "export")
    export_action.setStatusTip(_("Export articles, annotations, entities and records"))
    export_action.triggered.connect(controller.open_dialog)
    import_action = QAction(_("Import E&xchange File…"), window)
    import_action.setStatusTip(_("Import a Curator JSON, JSONL or Web Annotation file"))
    import_action.triggered.connect(controller.choose_import)
    file_menu = window.menuBar().actions()[0].menu()
    first = file_menu.actions()[3] if len(file_menu.actions()) > 3 else None
    file_menu.insertActions(first, [export_action, import_action])
    window.export_action, window.import_exchange_action = export_action, import_action
    window.exchange = controller
    return controller
