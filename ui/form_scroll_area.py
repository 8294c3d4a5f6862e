"""The record form's scroll area: it scrolls up and down only, so it is never narrower
than the form.

With the horizontal scroll bar off, a form wider than the area was still scrolled
sideways by Qt whenever the keyboard moved to a field at its right edge (Tab), and the
labels were cut off on the left with nothing to scroll them back. Asking for the form's
minimum width instead makes the window's splitter keep room for it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QScrollArea


class FormScrollArea(QScrollArea):
    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        form = self.widget()
        if form is None:
            return hint
        width = (
            form.minimumSizeHint().width()
            + self.verticalScrollBar().sizeHint().width()
            + 2 * self.frameWidth()
        )
        return QSize(max(hint.width(), width), hint.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # an item added or a template switched: a new minimum
        return super().eventFilter(watched, event)
