"""The left side of the window: search, filters and the list of articles."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedLayout,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from curator import articles, search
from curator.articles import ArticleFilter
from curator.i18n import _, ngettext
from curator.locale_format import format_number, language_name
from curator.search_query import QuerySyntaxError
from ui.article_list_model import STATUS_ROLE, SUBTITLE_ROLE, ArticleListModel, ListQuery

SEARCH_DELAY_MS = 250
ROW_HEIGHT = 46

STATUS_COLOURS = {
    "new": ("#e8eefc", "#2f4a8a"),
    "in_progress": ("#fff3d6", "#7a5200"),
    "in_review": ("#efe6fb", "#5b3391"),
    "approved": ("#e2f4e6", "#1f6b35"),
    "rejected": ("#fbe5e5", "#8f2525"),
}


class StatusPillDelegate(QStyledItemDelegate):
    """Draws an article's status as a small coloured pill."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        status = index.data(STATUS_ROLE)
        if status not in STATUS_COLOURS:
            super().paint(painter, option, index)
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(option.rect, option.palette.highlight())
        background, foreground = STATUS_COLOURS[status]
        text = index.data(Qt.ItemDataRole.DisplayRole)
        metrics = option.fontMetrics
        width = min(metrics.horizontalAdvance(text) + 16, option.rect.width() - 8)
        height = metrics.height() + 4
        pill = QRect(
            option.rect.x() + 4,
            option.rect.y() + (option.rect.height() - height) // 2,
            width,
            height,
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(QColor(foreground))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 16, size.height())


class TitleDelegate(QStyledItemDelegate):
    """Draws the title on one line and, below it, the search snippet or source and tags."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()
        title = option.text
        option.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        rect = option.rect.adjusted(8, 4, -6, -4)
        half = rect.height() // 2
        painter.save()
        title_font = QFont(option.font)
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        title_rect = QRect(rect.x(), rect.y(), rect.width(), half)
        painter.drawText(
            title_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(title_font).elidedText(title, Qt.TextElideMode.ElideRight, rect.width()),
        )
        self._paint_subtitle(
            painter,
            option,
            QRect(rect.x(), rect.y() + half, rect.width(), half),
            index.data(SUBTITLE_ROLE) or (),
        )
        painter.restore()

    @staticmethod
    def _paint_subtitle(
        painter: QPainter, option: QStyleOptionViewItem, rect: QRect, parts: tuple
    ) -> None:
        plain = QFont(option.font)
        plain.setPointSizeF(max(option.font.pointSizeF() - 1, 7))
        bold = QFont(plain)
        bold.setWeight(QFont.Weight.Bold)
        x, right = rect.x(), rect.right()
        for text, hit in parts:
            font = bold if hit else plain
            metrics = QFontMetrics(font)
            painter.setFont(font)
            painter.setPen(QColor("#1d1d1b" if hit else "#77766f"))
            width = metrics.horizontalAdvance(text)
            if x + width > right:
                text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, right - x)
                width = right - x
            painter.drawText(
                QRect(x, rect.y(), width, rect.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            x += width
            if x >= right:
                break


class LibraryPane(QWidget):
    """Emits `article_selected` with an article id (or None when nothing is selected)."""

    article_selected = Signal(object)
    query_changed = Signal()

    def __init__(self, model: ArticleListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._build()
        self._connect()

    def _build(self) -> None:
        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText(_("Search titles and text  (Ctrl+Shift+F)"))
        self.search_box.setToolTip(
            _(
                'Words, "exact phrases", prefix*, AND / OR / NOT, -word to leave out, '
                "title:word to search titles only."
            )
        )
        self.search_box.setClearButtonEnabled(True)
        self.search_error = QLabel()
        self.search_error.setObjectName("searchError")
        self.search_error.setWordWrap(True)
        self.search_error.hide()

        self.status_filter = QComboBox()
        self.status_filter.addItem(_("Any status"), None)
        for status in articles.STATUSES:
            self.status_filter.addItem(articles.status_label(status), status)
        self.language_filter = QComboBox()
        self.tag_filter = QComboBox()
        for combo, tip in (
            (self.status_filter, _("Show only articles with this status")),
            (self.language_filter, _("Show only articles in this language")),
            (self.tag_filter, _("Show only articles with this tag")),
        ):
            combo.setToolTip(tip)
            # Narrow windows squeeze the filters rather than the window's minimum width.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(3)

        filters = QHBoxLayout()
        filters.setSpacing(6)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.language_filter)
        filters.addWidget(self.tag_filter)

        self.view = QTableView()
        self.view.setObjectName("articleList")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setShowGrid(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        # The indicator first: enabling sorting sorts by it, and the model already
        # lists newest first, so no query runs here.
        self.view.horizontalHeader().setSortIndicator(2, Qt.SortOrder.DescendingOrder)
        self.view.setSortingEnabled(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths from the font: ResizeToContents would read every row.
        metrics = self.view.fontMetrics()
        status_width = max(
            metrics.horizontalAdvance(articles.status_label(s)) for s in articles.STATUSES
        )
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, status_width + 36)
        header.resizeSection(2, metrics.horizontalAdvance("00 Sept 0000") + 28)
        header.setHighlightSections(False)
        self.view.setItemDelegateForColumn(0, TitleDelegate(self.view))
        self.view.setItemDelegateForColumn(1, StatusPillDelegate(self.view))

        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.list_stack = QStackedLayout()
        self.list_stack.addWidget(self.view)
        self.list_stack.addWidget(self.empty_label)

        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.search_box)
        layout.addWidget(self.search_error)
        layout.addLayout(filters)
        layout.addLayout(self.list_stack, 1)
        layout.addWidget(self.count_label)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

    def _connect(self) -> None:
        self.search_box.textChanged.connect(self._search_timer.start)
        self.search_box.returnPressed.connect(self.apply_query)
        self._search_timer.timeout.connect(self.apply_query)
        for combo in (self.status_filter, self.language_filter, self.tag_filter):
            combo.activated.connect(self.apply_query)
        self.view.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.model.modelReset.connect(self._update_counts)
        self.model.rowsInserted.connect(self._update_counts)

    # --- filters ---------------------------------------------------------------

    def refresh_filter_choices(self, languages: list[str], tags: list[str]) -> None:
        """Fill the language and tag filters, keeping what is chosen."""
        for combo, any_label, values, label in (
            (self.language_filter, _("Any language"), languages, language_name),
            (self.tag_filter, _("Any tag"), tags, str),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(any_label, None)
            for value in values:
                combo.addItem(label(value), value)
            position = combo.findData(chosen)
            combo.setCurrentIndex(max(position, 0))
            combo.blockSignals(False)

    def current_query(self) -> ListQuery:
        return ListQuery(
            ArticleFilter(
                status=self.status_filter.currentData(),
                language=self.language_filter.currentData(),
                tag=self.tag_filter.currentData(),
            ),
            self.search_box.text().strip(),
            self.model.query.order,
        )

    def apply_query(self) -> None:
        self._search_timer.stop()
        selected = self.selected_article_id()
        try:
            self.model.set_query(self.current_query())
        except QuerySyntaxError as error:
            self.search_error.setText(str(error))
            self.search_error.show()
            return
        self.search_error.hide()
        sortable = not self.model.query.search_text
        if self.view.isSortingEnabled() != sortable:
            self.view.setSortingEnabled(sortable)
        if selected is not None and (row := self.model.row_of(selected)) is not None:
            self.select_row(row)
        elif self.model.rowCount():
            self.select_row(0)
        else:
            self.article_selected.emit(None)
        self.query_changed.emit()

    # --- selection ---------------------------------------------------------------

    def selected_article_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.article_id(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row, 0)
            self.view.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.view.scrollTo(index)

    def select_article(self, article_id: int) -> bool:
        row = self.model.row_of(article_id)
        if row is None:
            return False
        self.select_row(row)
        return True

    def step(self, delta: int) -> None:
        """Select the next (+1) or previous (-1) article."""
        current = self.view.currentIndex().row()
        target = 0 if current < 0 else current + delta
        if target >= self.model.rowCount() and self.model.canFetchMore():
            self.model.fetchMore()
        self.select_row(min(max(target, 0), self.model.rowCount() - 1))

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.article_selected.emit(self.model.article_id(current.row()))

    # --- empty states and counts -----------------------------------------------

    def _update_counts(self) -> None:
        total = self.model.total
        query = self.model.query
        filtered = bool(
            query.search_text
            or query.article_filter.status
            or query.article_filter.language
            or query.article_filter.tag
        )
        if total:
            text = (
                ngettext("{n} matching article", "{n} matching articles", total)
                if filtered
                else ngettext("{n} article", "{n} articles", total)
            ).format(n=format_number(total))
            if self.model.listed < total:
                text += " — " + _("showing the best {n}").format(n=format_number(self.model.listed))
            if query.search_text and total > search.RANK_WINDOW:
                text += " " + _("(ranked among the {n} newest)").format(
                    n=format_number(search.RANK_WINDOW)
                )
            self.count_label.setText(text)
            self.list_stack.setCurrentWidget(self.view)
            return
        self.count_label.setText("")
        if filtered:
            self.empty_label.setText(
                _(
                    "No article matches.\n\nTry fewer words, a prefix such as expo*, "
                    "or clear the filters."
                )
            )
        else:
            self.empty_label.setText(
                _(
                    "Your library is empty.\n\nImport articles with File ▸ Import (Ctrl+O), "
                    "drop files here, or paste an article with Ctrl+Shift+V."
                )
            )
        self.list_stack.setCurrentWidget(self.empty_label)

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()
