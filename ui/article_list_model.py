"""The library list: a lazy table model over article ids.

The ids of all matching articles are fetched at once (a cheap indexed query), rows are
handed to the view in chunks through canFetchMore/fetchMore, and the row data is
loaded a page at a time only when the view asks for it, so a library of 100,000
articles costs what one screen costs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from curator import articles, quality, search
from curator.articles import ArticleFilter, ArticleOrder, ArticleSummary
from curator.i18n import N_, _, ngettext
from curator.locale_format import format_date, language_name
from db.library import Library

Index = QModelIndex | QPersistentModelIndex

CHUNK_SIZE = 500
PAGE_SIZE = 200


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # also the sort column in curator.articles.SORT_COLUMNS
    title: str


COLUMNS = (
    Column("title", N_("Title")),
    Column("status", N_("Status")),
    Column("published", N_("Published")),
    Column("problems", N_("Problems")),  # a badge: open errors / warnings of the checks
)
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
# The title cell's second line: (text, is_hit) parts of a search snippet, else source · tags.
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 3
# The problems cell: a curator.quality.ProblemCount (open findings by severity).
PROBLEMS_ROLE = Qt.ItemDataRole.UserRole + 4
PROBLEMS_COLUMN = 3
BADGE_COLOURS = {"error": "#c62828", "warning": "#ef8f00", "info": "#5b7fb8"}


@dataclass(frozen=True, slots=True)
class ListQuery:
    """What the list shows: a filter, an optional search, and an order."""

    article_filter: ArticleFilter = field(default_factory=ArticleFilter)
    search_text: str = ""
    order: ArticleOrder = field(default_factory=ArticleOrder)


class ArticleListModel(QAbstractTableModel):
    def __init__(self, library: Library, parent: Any = None) -> None:
        super().__init__(parent)
        self._library = library
        self._query = ListQuery()
        self._ids: list[int] = []
        self._total = 0  # in a search, every match; the list holds the best of them
        self._exposed = 0
        self._rows: dict[int, ArticleSummary] = {}
        self._snippets: dict[int, search.Snippet] = {}
        self._problems: dict[int, quality.ProblemCount] = {}  # loaded with the rows
        self._badges: dict[str, QIcon] = {}

    # --- loading -------------------------------------------------------------

    @property
    def query(self) -> ListQuery:
        return self._query

    def set_library(self, library: Library) -> None:
        self._library = library
        self.reload()

    def set_query(self, query: ListQuery) -> None:
        """Show the articles matching `query`; raises QuerySyntaxError for a bad search."""
        ids, total = self._fetch_ids(query)
        self._query = query
        self._replace_ids(ids, total)

    def reload(self) -> None:
        self._replace_ids(*self._fetch_ids(self._query))

    def _fetch_ids(self, query: ListQuery) -> tuple[list[int], int]:
        if query.search_text.strip():
            matches = search.search_article_ids(
                self._library, query.search_text, query.article_filter
            )
            return matches.ids, matches.total
        if query.order.column == "problems":
            ids = articles.list_article_ids(self._library, query.article_filter)
            counts = quality.open_counts(self._library)
            none = quality.ProblemCount()
            ids.sort(
                key=lambda i: (counts.get(i, none).errors, counts.get(i, none).warnings),
                reverse=query.order.descending,
            )
            return ids, len(ids)
        ids = articles.list_article_ids(self._library, query.article_filter, query.order)
        return ids, len(ids)

    def _replace_ids(self, ids: list[int], total: int) -> None:
        self.beginResetModel()
        self._ids = ids
        self._total = total
        self._exposed = min(len(ids), CHUNK_SIZE)
        self._rows.clear()
        self._snippets.clear()
        self._problems.clear()
        self.endResetModel()

    def refresh_article(self, article_id: int) -> None:
        """Re-read one article's row after it was edited."""
        self._rows.pop(article_id, None)
        self._problems.pop(article_id, None)
        row = self.row_of(article_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._exposed < len(self._ids)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = min(CHUNK_SIZE, len(self._ids) - self._exposed)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._exposed, self._exposed + more - 1)
        self._exposed += more
        self.endInsertRows()

    def _summary(self, row: int) -> ArticleSummary | None:
        article_id = self._ids[row]
        if article_id not in self._rows:
            self._load_page(row)
        return self._rows.get(article_id)

    def _load_page(self, row: int) -> None:
        first = (row // PAGE_SIZE) * PAGE_SIZE
        page = [i for i in self._ids[first : first + PAGE_SIZE] if i not in self._rows]
        for summary in articles.get_summaries(self._library, page):
            self._rows[summary.id] = summary
        if self._query.search_text.strip():
            self._snippets.update(search.snippets_for(self._library, self._query.search_text, page))

    # --- ids and rows ----------------------------------------------------------

    @property
    def total(self) -> int:
        """How many articles match, including rows not handed to the view yet."""
        return self._total

    @property
    def listed(self) -> int:
        """How many of them the list holds (a search lists only the best)."""
        return len(self._ids)

    def article_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < self._exposed else None

    def row_of(self, article_id: int) -> int | None:
        """The row showing `article_id`, exposing more rows when it lies further down."""
        try:
            row = self._ids.index(article_id)
        except ValueError:
            return None
        while row >= self._exposed:
            self.fetchMore()
        return row

    # --- Qt model interface ------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._exposed

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section].title) if 0 <= section < len(COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._exposed:
            return None
        if role == ARTICLE_ID_ROLE:
            return self._ids[index.row()]
        summary = self._summary(index.row())
        if summary is None:
            return None
        key = COLUMNS[index.column()].key
        if key == "problems":
            return self._problems_data(index.row(), summary.id, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(summary, key)
        if role == STATUS_ROLE:
            return summary.status
        if role == SUBTITLE_ROLE and key == "title":
            return self._subtitle(summary)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(summary, key)
        return None

    def refresh_problems(self) -> None:
        """Re-read every badge (after the checks ran on many articles)."""
        self._problems.clear()
        if self._exposed:
            last = self.index(self._exposed - 1, PROBLEMS_COLUMN)
            self.dataChanged.emit(self.index(0, PROBLEMS_COLUMN), last)

    def _load_problem_page(self, row: int) -> None:
        first = (row // PAGE_SIZE) * PAGE_SIZE
        page = [i for i in self._ids[first : first + PAGE_SIZE] if i not in self._problems]
        counts = quality.open_counts(self._library, page)
        self._problems.update({i: counts.get(i, quality.ProblemCount()) for i in page})

    def _problems_data(self, row: int, article_id: int, role: int) -> Any:
        if article_id not in self._problems:
            self._load_problem_page(row)
        count = self._problems.get(article_id, quality.ProblemCount())
        if role == PROBLEMS_ROLE:
            return count
        if not count:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(count.errors or count.warnings or count.infos)
        if role == Qt.ItemDataRole.DecorationRole:
            worst = "error" if count.errors else "warning" if count.warnings else "info"
            return self._badge(worst)
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [
                ngettext("{n} open error", "{n} open errors", count.errors),
                ngettext("{n} warning", "{n} warnings", count.warnings),
                ngettext("{n} note", "{n} notes", count.infos),
            ]
            numbers = (count.errors, count.warnings, count.infos)
            return ", ".join(part.format(n=n) for part, n in zip(parts, numbers, strict=True) if n)
        return None

    def _badge(self, severity: str) -> QIcon:
        """A coloured dot for the worst open finding."""
        if severity not in self._badges:
            pixmap = QPixmap(12, 12)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(BADGE_COLOURS[severity]))
            painter.drawEllipse(1, 1, 10, 10)
            painter.end()
            self._badges[severity] = QIcon(pixmap)
        return self._badges[severity]

    @staticmethod
    def _display(summary: ArticleSummary, key: str) -> str:
        if key == "title":
            return summary.title
        if key == "status":
            return articles.status_label(summary.status)
        if key == "published":
            return format_date(summary.published) if summary.published else "—"
        return ""

    def _subtitle(self, summary: ArticleSummary) -> search.Snippet:
        language = (summary.language or "?").upper()
        if snippet := self._snippets.get(summary.id):
            return ((f"{language} · ", False), *((_one_line(text), hit) for text, hit in snippet))
        parts = [language, summary.source_name or "", ", ".join(summary.tags)]
        return ((" · ".join(part for part in parts if part), False),)

    def _tooltip(self, summary: ArticleSummary, key: str) -> str:
        if key != "title":
            return ""
        lines = [f"<b>{_escape(summary.title)}</b>", language_name(summary.language)]
        if summary.tags:
            lines.append(_escape(", ".join(summary.tags)))
        if snippet := self._snippets.get(summary.id):
            lines.append(
                "".join(
                    f"<b>{_escape(text)}</b>" if hit else _escape(text) for text, hit in snippet
                )
            )
        return "<br>".join(lines)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or self._query.search_text.strip():
            return  # search results stay in order of relevance
        descending = order == Qt.SortOrder.DescendingOrder
        new_order = ArticleOrder(COLUMNS[column].key, descending)
        if new_order != self._query.order:
            self.set_query(ListQuery(self._query.article_filter, "", new_order))


def _one_line(text: str) -> str:
    """Runs of white space (newlines too) as one space, keeping a space at either end."""
    return re.sub(r"\s+", " ", text)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
