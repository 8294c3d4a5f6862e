"""The article's source text, exactly as imported (it is the evidence)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextBlockFormat, QTextCursor, QTextOption
from PySide6.QtWidgets import QLabel, QStackedLayout, QVBoxLayout, QWidget

from curator.articles import ArticleDetail
from curator.i18n import _, ngettext
from curator.locale_format import format_date, format_number, language_name
from ui.annotated_text import AnnotatedTextEdit
from ui.find_bar import FindBar

LINE_HEIGHT_PERCENT = 145


class SourcePane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourcePane")
        self.title_label = QLabel()
        self.title_label.setObjectName("articleTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta_label = QLabel()
        self.meta_label.setObjectName("articleMeta")
        self.meta_label.setWordWrap(True)

        self.text = AnnotatedTextEdit()
        self.text.setObjectName("sourceText")
        self.text.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)

        article_view = QWidget()
        article_layout = QVBoxLayout(article_view)
        article_layout.setContentsMargins(0, 0, 0, 0)
        article_layout.setSpacing(4)
        article_layout.addWidget(self.title_label)
        article_layout.addWidget(self.meta_label)
        article_layout.addSpacing(6)
        self.find_bar = FindBar(self.text)  # Ctrl+F: find in this article
        article_layout.addWidget(self.find_bar)
        article_layout.addWidget(self.text, 1)

        self.empty_label = QLabel(
            _(
                "Select an article in the list to read it here.\n\n"
                "Ctrl+Down and Ctrl+Up move through the list."
            )
        )
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)

        self.stack = QStackedLayout()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(article_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 10, 8)
        layout.addLayout(self.stack)
        self.article_id: int | None = None

    def show_article(self, article: ArticleDetail | None) -> None:
        if article is None:
            self.article_id = None
            self.text.clear()
            self.stack.setCurrentIndex(0)
            return
        same_article = article.id == self.article_id
        self.article_id = article.id
        self.title_label.setText(article.title)
        meta = [
            part
            for part in (
                article.source_name,
                format_date(article.published, style="long") if article.published else None,
                language_name(article.language),
                ngettext("{n} character", "{n} characters", len(article.body)).format(
                    n=format_number(len(article.body))
                ),
            )
            if part
        ]
        self.meta_label.setText("  ·  ".join(meta))
        if not same_article:  # the body never changes, so keep the scroll position
            self._set_body(article.body)
        self.stack.setCurrentIndex(1)

    def _set_body(self, body: str) -> None:
        self.text.set_annotations([])  # the new text's come from the window
        document = self.text.document()
        document.clear()
        block_format = QTextBlockFormat()
        block_format.setLineHeight(
            LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
        )
        block_format.setBottomMargin(2)
        cursor = QTextCursor(document)
        cursor.setBlockFormat(block_format)  # every block inserted below inherits it
        cursor.insertText(body)
        self.text.moveCursor(QTextCursor.MoveOperation.Start)
