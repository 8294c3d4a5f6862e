"""Mouse wheel over an input the editor has not focused scrolls the page, not the value.

A combo box changes its value on a wheel turn even when it has no focus, so scrolling a
long form past one silently edits (and saves) it. Guarded inputs pass the wheel to the
scroll area around them instead and take focus only from a click or Tab.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QComboBox, QWidget


class _WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget):
            return False
        owner = _owner(watched)
        if owner.hasFocus():
            return False  # a focused input is the editor's choice: the wheel edits it
        area = _scroll_area_around(owner)
        if area is not None:
            QApplication.sendEvent(area.verticalScrollBar(), event)
        return True


_GUARD: _WheelGuard | None = None


def _owner(widget: QWidget) -> QWidget:
    """The input itself, also when the wheel arrives at its viewport (a text box)."""
    parent = widget.parentWidget()
    if isinstance(parent, QAbstractScrollArea) and parent.viewport() is widget:
        return parent
    return widget


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def scroll_not_spin(widget: QWidget) -> None:
    """Make a wheel turn over `widget` scroll its page unless the widget has focus."""
    global _GUARD
    if _GUARD is None:
        _GUARD = _WheelGuard()
    if isinstance(widget, QComboBox):
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # no focus from the wheel
    widget.installEventFilter(_GUARD)
    if isinstance(widget, QAbstractScrollArea):
        widget.viewport().installEventFilter(_GUARD)  # where a text box gets its wheel
