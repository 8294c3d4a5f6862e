"""Adjusting the edges of a marked mention, from the keyboard and with the mouse.

With a mention selected, Alt+Shift+Left/Right moves its end and Ctrl+Alt+Left/Right
its start, one word or punctuation mark at a time; or drag either edge of its
highlight. The text widget asks for the new span; the window applies it as one
undoable step.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QTextEdit

from curator.annotations import AnnotationView

GRAB_PIXELS = 5  # how near an edge a press must land to take hold of it

_Mod = Qt.KeyboardModifier
EDGE_KEYS: dict[tuple[Qt.KeyboardModifier, Qt.Key], tuple[str, int]] = {
    (_Mod.AltModifier | _Mod.ShiftModifier, Qt.Key.Key_Left): ("end", -1),
    (_Mod.AltModifier | _Mod.ShiftModifier, Qt.Key.Key_Right): ("end", 1),
    (_Mod.ControlModifier | _Mod.AltModifier, Qt.Key.Key_Left): ("start", -1),
    (_Mod.ControlModifier | _Mod.AltModifier, Qt.Key.Key_Right): ("start", 1),
}


def edge_step(event: QKeyEvent) -> tuple[str, int] | None:
    """("start" or "end", -1 or +1) for an edge-adjusting key, else None."""
    modifiers = event.modifiers() & ~_Mod.KeypadModifier
    return EDGE_KEYS.get((modifiers, Qt.Key(event.key())))


@dataclass(slots=True)
class EdgeDrag:
    """An edge being dragged: which annotation, which edge, and the span so far."""

    annotation: AnnotationView
    edge: str  # "start" or "end"
    span: tuple[int, int]


def edge_rect(view: QTextEdit, position: int, edge: str) -> QRectF:
    """The thin upright strip, in viewport coordinates, where an edge is drawn.

    An end edge sits on the line of the character before it, so a span that ends at a
    line break is grabbed at the end of its last line, not at the start of the next.
    """
    document = view.document()
    anchor = max(position - 1, 0) if edge == "end" else position
    block = document.findBlock(anchor)
    layout = block.layout()
    line = layout.lineForTextPosition(anchor - block.position())
    if not line.isValid():
        cursor = QTextCursor(document)
        cursor.setPosition(position)
        return QRectF(view.cursorRect(cursor))
    x = line.cursorToX(position - block.position())
    x = x[0] if isinstance(x, tuple) else x
    origin = layout.position()
    scroll = QPoint(view.horizontalScrollBar().value(), view.verticalScrollBar().value())
    return QRectF(
        origin.x() + x - scroll.x() - GRAB_PIXELS,
        origin.y() + line.y() - scroll.y(),
        2 * GRAB_PIXELS,
        line.height(),
    )


def edge_under(view: QTextEdit, annotation: AnnotationView, point: QPoint) -> str | None:
    """Which edge of the annotation's highlight is under `point`, if either."""
    hits = [
        (abs(rect.center().x() - point.x()), edge)
        for edge, position in (("start", annotation.start), ("end", annotation.end))
        if (rect := edge_rect(view, position, edge)).contains(point.toPointF())
    ]
    return min(hits)[1] if hits else None
