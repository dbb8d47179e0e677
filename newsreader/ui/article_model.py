"""The article list model: rows arrive page by page through keyset queries.

The model keeps only list rows (no bodies) and asks the Library for the next page
when the view scrolls near the end, so opening a huge library costs one page.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ..core.library import Library
from ..core.models import ArticleRow
from ..core.store.queries import PageKey

PAGE_SIZE = 200
COLUMNS = ("Title", "Source", "Published")

Index = QModelIndex | QPersistentModelIndex


class ArticleTableModel(QAbstractTableModel):
    def __init__(self, library: Library, query: str | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._library = library
        self._query = query
        self._rows: list[ArticleRow] = []
        self._next: PageKey | None = None
        self._exhausted = False
        self._bold = QFont()
        self._bold.setBold(True)
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows, self._next = self._library.page(self._query, limit=PAGE_SIZE)
        self._exhausted = len(self._rows) < PAGE_SIZE
        self.endResetModel()

    def article_id(self, row: int) -> int:
        return self._rows[row].id

    # -- Qt overrides -----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        """Overrides Qt: rows fetched so far (a child index has none)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Overrides Qt."""
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:
        """Overrides Qt: another keyset page exists."""
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index) -> None:
        """Overrides Qt: append the next page after the last row shown."""
        if parent.isValid() or self._exhausted:
            return
        rows, after = self._library.page(self._query, after=self._next, limit=PAGE_SIZE)
        self._exhausted = len(rows) < PAGE_SIZE
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self._next = after
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Overrides Qt."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.title, row.source or "", (row.published_at or "")[:10])[index.column()]
        if role == Qt.ItemDataRole.FontRole and not row.is_read:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return row.title
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Overrides Qt."""
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section]
        return None
