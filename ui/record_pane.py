"""The structured record of the selected article: the fields an editor curates.

Editors commit a field when they leave it (Enter, Tab, a click elsewhere); the notes
box commits shortly after typing stops. Each commit is emitted as `edit_requested`
and turned into an undoable service call by the window.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from curator import articles
from curator.articles import ArticleDetail
from curator.i18n import _
from curator.locale_format import format_date, language_name, parse_date_input
from ui.wheel_guard import scroll_not_spin

NOTES_SAVE_DELAY_MS = 700
COMMON_LANGUAGES = ("en", "it", "zh", "fr", "de", "es", "pt")
EXAMPLE_DATE = dt.date(2025, 3, 27)


class NotesEdit(QPlainTextEdit):
    """A notes box that commits when typing pauses and when focus leaves it."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(NOTES_SAVE_DELAY_MS)
        self._timer.timeout.connect(self.commit)
        self.textChanged.connect(self._timer.start)
        self.setTabChangesFocus(True)

    def set_text_quietly(self, text: str) -> None:
        self.blockSignals(True)
        self.setPlainText(text)
        self.blockSignals(False)
        self._timer.stop()

    def commit(self) -> None:
        self._timer.stop()
        self.committed.emit(self.toPlainText())

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if self._timer.isActive():
            self.commit()
        super().focusOutEvent(event)


class RecordPane(QWidget):
    edit_requested = Signal(str, object)  # field name, new value
    translation_clicked = Signal(int)  # article id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordPane")
        self.article: ArticleDetail | None = None
        self._build()
        self._connect()

    def _build(self) -> None:
        self.title_edit = QLineEdit()
        self.language_combo = QComboBox()
        self.published_edit = QLineEdit()
        self.published_edit.setPlaceholderText(
            _("e.g. {example}").format(example=format_date(EXAMPLE_DATE))
        )
        self.status_combo = QComboBox()
        for status in articles.STATUSES:
            self.status_combo.addItem(articles.status_label(status), status)
        for combo in (self.language_combo, self.status_combo):
            scroll_not_spin(combo)  # a wheel turn over them scrolls the pane, it does not save
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText(_("fair, robotics, Milan"))
        self.tags_completer = QCompleter([], self.tags_edit)
        self.tags_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.source_edit = QLineEdit()
        self.url_edit = QLineEdit()
        self.notes_edit = NotesEdit()
        self.notes_edit.setPlaceholderText(_("Notes for the team: doubts, sources to check…"))
        self.notes_edit.setMinimumHeight(90)
        self.translations_label = QLabel()
        self.translations_label.setObjectName("translations")
        self.translations_label.setWordWrap(True)
        self.info_label = QLabel()
        self.info_label.setObjectName("recordInfo")
        self.info_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        for label, editor in (
            (_("&Title"), self.title_edit),
            (_("&Status"), self.status_combo),
            (_("&Language"), self.language_combo),
            (_("&Published"), self.published_edit),
            (_("T&ags"), self.tags_edit),
            (_("S&ource"), self.source_edit),
            (_("&URL"), self.url_edit),
            (_("&Notes"), self.notes_edit),
            (_("Translations"), self.translations_label),
        ):
            form.addRow(label, editor)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(14, 12, 14, 12)
        content_layout.setSpacing(10)
        content_layout.addWidget(self.error_label)
        content_layout.addLayout(form)
        content_layout.addStretch(1)
        content_layout.addWidget(self.info_label)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)

        empty = QLabel(_("The record of the selected article appears here."))
        empty.setObjectName("emptyState")
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setWordWrap(True)
        self.stack = QStackedLayout()
        self.stack.addWidget(empty)
        self.stack.addWidget(scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.stack)

    def _connect(self) -> None:
        self.title_edit.editingFinished.connect(
            lambda: self._request("title", self.title_edit.text())
        )
        self.source_edit.editingFinished.connect(
            lambda: self._request("source_name", self.source_edit.text().strip())
        )
        self.url_edit.editingFinished.connect(
            lambda: self._request("url", self.url_edit.text().strip())
        )
        self.tags_edit.editingFinished.connect(self._commit_tags)
        self.published_edit.editingFinished.connect(self._commit_published)
        self.status_combo.activated.connect(
            lambda: self._request("status", self.status_combo.currentData())
        )
        self.language_combo.activated.connect(
            lambda: self._request("language", self.language_combo.currentData() or "")
        )
        self.notes_edit.committed.connect(lambda text: self._request("notes", text))
        self.translations_label.linkActivated.connect(
            lambda link: self.translation_clicked.emit(int(link))
        )

    # --- showing -----------------------------------------------------------------

    def set_tag_choices(self, tags: list[str]) -> None:
        self.tags_completer.model().setStringList(tags)  # type: ignore[attr-defined]

    def show_article(self, article: ArticleDetail | None) -> None:
        self.article = article
        self.clear_error()
        if article is None:
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex(1)
        for editor, value in (
            (self.title_edit, article.title),
            (self.source_edit, article.source_name or ""),
            (self.url_edit, article.url or ""),
            (self.tags_edit, ", ".join(article.tags)),
            (self.published_edit, format_date(article.published)),
        ):
            if editor.text() != value:
                editor.setText(value)
                editor.setCursorPosition(0)
        if self.notes_edit.toPlainText() != article.notes:
            self.notes_edit.set_text_quietly(article.notes)
        self.status_combo.setCurrentIndex(self.status_combo.findData(article.status))
        self._fill_languages(article.language)
        original = _("(original)")
        links = [
            f'<a href="{link.article_id}">{_link_label(link.language, link.title)}</a>'
            + (f" {original}" if link.is_source else "")
            for link in article.translations
        ]
        self.translations_label.setText("<br>".join(links) or _("None"))
        self.info_label.setText(
            _("Version {version} · imported {created} · updated {updated}").format(
                version=article.version,
                created=format_date(article.created_at.date()),
                updated=format_date(article.updated_at.date()),
            )
        )

    def _fill_languages(self, current: str | None) -> None:
        codes = list(COMMON_LANGUAGES)
        if current and current not in codes:
            codes.append(current)
        self.language_combo.clear()
        self.language_combo.addItem(_("Unknown"), None)
        for code in codes:
            self.language_combo.addItem(f"{language_name(code)} ({code})", code)
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(current), 0))

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def clear_error(self) -> None:
        self.error_label.hide()
        self.published_edit.setProperty("invalid", False)
        self.published_edit.style().polish(self.published_edit)

    # --- committing ----------------------------------------------------------------

    def flush_pending(self) -> None:
        """Commit a notes edit still waiting for its timer (before switching article)."""
        if self.article is not None and self.notes_edit.toPlainText() != self.article.notes:
            self.notes_edit.commit()

    def _request(self, field: str, value: Any) -> None:
        if self.article is None:
            return
        current = getattr(self.article, field)
        if (current or "") == (value or ""):
            return
        self.edit_requested.emit(field, value)

    def _commit_tags(self) -> None:
        names = [name.strip() for name in self.tags_edit.text().split(",")]
        tags = list(articles.normalise_tags(names))
        if self.article is not None and tuple(tags) != self.article.tags:
            self.edit_requested.emit("tags", tags)

    def _commit_published(self) -> None:
        if self.article is None:
            return
        try:
            value = parse_date_input(self.published_edit.text())
        except ValueError as error:
            self.published_edit.setProperty("invalid", True)
            self.published_edit.style().polish(self.published_edit)
            self.show_error(_("Published: {message}").format(message=error))
            return
        self.clear_error()
        if value != self.article.published:
            self.edit_requested.emit("published", value if value is not None else "")
        else:
            self.published_edit.setText(format_date(value))


def _link_label(language: str | None, title: str) -> str:
    short = title if len(title) <= 70 else title[:69] + "…"
    return f"{(language or '?').upper()} · {short}"
