"""A strip across the top of the window for a state the editor must not miss."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class Banner(QLabel):
    """Word-wrapped, hidden while it has nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setWordWrap(True)
        self.hide()

    def say(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))


def with_banner(banner: Banner, content: QWidget) -> QWidget:
    """`content` with `banner` above it, as one widget."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(banner)
    layout.addWidget(content, 1)
    return holder
