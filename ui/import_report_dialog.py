"""The report shown when an import ends: imported, duplicates, refused, skipped."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from curator.i18n import _
from curator.importer import ImportReport


class ImportReportDialog(QDialog):
    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import finished"))
        self.resize(760, 420)
        summary = QLabel(report.summary())
        summary.setObjectName("reportSummary")
        summary.setWordWrap(True)

        rows: list[tuple[str, str, str]] = []
        rows += [(_("Refused"), p.where, p.reason) for p in report.errors]
        rows += [
            (_("Warning"), p.where, p.reason) for p in report.problems if p.severity == "warning"
        ]
        rows += [
            (
                _("Duplicate"),
                d.origin,
                _("already in the library as #{id} “{title}”").format(
                    id=d.existing_id, title=d.title
                ),
            )
            for d in report.duplicates
        ]
        rows += [(_("Skipped"), p.where, p.reason) for p in report.skipped]
        rows += [(_("Imported"), i.origin, i.title) for i in report.imported]

        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels([_("Result"), _("File"), _("Details")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 260)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.row_count = len(rows)
