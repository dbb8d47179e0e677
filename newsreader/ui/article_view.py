"""The article table: columns sized for reading, rows selected whole, a context menu."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from .article_model import COLUMNS, PUBLISHED, SOURCE, STAR, TAGS, TITLE, ArticleListModel, View
from .copies_badge import CopiesBadgeDelegate

DEFAULT_WIDTHS = {STAR: 28, SOURCE: 130, PUBLISHED: 90, TAGS: 120}
#: In a narrow list the title keeps at least this share of the width: Source and Tags
#: at their default widths give way (down to NARROWEST each) rather than squeeze
#: titles to "S..."; a width the reader set by hand is kept.
TITLE_SHARE = 0.45
NARROWEST = 60
_MOVES = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End,
                    Qt.Key.Key_PageUp, Qt.Key.Key_PageDown})


class ArticleTableView(QTableView):
    #: Esc in the list: clear the search (the window decides)
    escape_pressed = Signal()

    def __init__(self, model: ArticleListModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setSortingEnabled(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        # drag rows onto a collection in the sidebar, or within a collection to reorder it
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.verticalHeader().hide()
        self.setItemDelegateForColumn(TITLE, CopiesBadgeDelegate(self))  # "3 copies"
        # Uniform row heights: the view never measures a million rows.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in DEFAULT_WIDTHS.items():
            header.resizeSection(column, width)
        self._by_hand: dict[int, int] = {}
        self._adjusting = False
        header.sectionResized.connect(self._remember_width)
        header.setSortIndicator(PUBLISHED, Qt.SortOrder.DescendingOrder)
        self._kept: tuple[list[int], int | None, int | None] | None = None
        model.modelAboutToBeReset.connect(self._keep_place)
        model.modelReset.connect(self._restore_place)

    def resizeEvent(self, event: Any) -> None:  # Qt's name
        super().resizeEvent(event)
        self._keep_titles_readable()

    def preferred_widths(self) -> list[int]:
        """Source and Tags widths the reader chose by hand, 0 for "not chosen" (saved
        with the window's layout: the defaults give way in a narrow list, these do not)."""
        return [self._by_hand.get(SOURCE, 0), self._by_hand.get(TAGS, 0)]

    def set_preferred_widths(self, widths: object) -> None:
        try:
            source, tags = (int(w) for w in widths)  # type: ignore[attr-defined]
        except (TypeError, ValueError):
            return  # nothing saved, or an INI file's odd shape: as restored
        self._by_hand = {column: width for column, width in ((SOURCE, source), (TAGS, tags))
                         if NARROWEST <= width <= 4000}
        self._keep_titles_readable()

    def _remember_width(self, column: int, _old: int, new: int) -> None:
        if not self._adjusting and column in (SOURCE, TAGS):
            self._by_hand[column] = new

    def _keep_titles_readable(self) -> None:
        """Source and Tags at their default widths, narrower while the list is narrow."""
        header = self.horizontalHeader()
        excess = (sum(header.sectionSize(c) for c in DEFAULT_WIDTHS if c not in (SOURCE, TAGS))
                  + sum(self._by_hand.get(c, DEFAULT_WIDTHS[c]) for c in (SOURCE, TAGS))
                  - (1 - TITLE_SHARE) * self.viewport().width())
        self._adjusting = True
        try:
            for column in (TAGS, SOURCE):
                if column in self._by_hand:
                    continue
                default = DEFAULT_WIDTHS[column]
                width = max(NARROWEST, round(default - max(0.0, excess)))
                excess -= default - width
                if header.sectionSize(column) != width:
                    header.resizeSection(column, width)
        finally:
            self._adjusting = False

    def _keep_place(self) -> None:
        """Before a refresh swaps the rows: the selected ids, the current one, the top one."""
        model = self.article_model()
        if not model.refreshing:
            self._kept = None
            return
        top = self.rowAt(0)
        self._kept = (self.selected_ids(), self.current_id(),
                      model.article_id(top) if top >= 0 else None)

    def _restore_place(self) -> None:
        """After the swap: the same articles selected and the same one at the top, where
        they still are. Selection signals are held back: nothing was chosen anew."""
        kept, self._kept = self._kept, None
        if kept is None:
            return
        selected, current, top = kept
        model = self.article_model()
        rows = model.rows_of([*selected, *(i for i in (current, top) if i is not None)])
        selection = QItemSelection()
        for article_id in selected:
            row = rows.get(article_id)
            if row is not None:
                selection.select(model.index(row, 0), model.index(row, model.columnCount() - 1))
        chooser = self.selectionModel()
        chooser.blockSignals(True)
        try:
            if current in rows:
                chooser.setCurrentIndex(model.index(rows[current], TITLE),
                                        QItemSelectionModel.SelectionFlag.NoUpdate)
            chooser.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            chooser.blockSignals(False)
        if top in rows:
            self.scrollTo(model.index(rows[top], TITLE), QAbstractItemView.ScrollHint.PositionAtTop)
        self.viewport().update()

    def moveCursor(self, action: QAbstractItemView.CursorAction,  # Qt's name
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Overrides Qt: in a list of articles, Home and End go to the first and the last
        article (a table would go to the first and last column)."""
        model = self.article_model()
        current = self.currentIndex()
        if action == QAbstractItemView.CursorAction.MoveHome and model.rowCount():
            return model.index(0, current.column() if current.isValid() else TITLE)
        if action == QAbstractItemView.CursorAction.MoveEnd and model.rowCount():
            return model.index(
                model.rowCount() - 1, current.column() if current.isValid() else TITLE
            )
        return super().moveCursor(action, modifiers)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt's name
        """Overrides Qt: while nothing is selected, the first move (an arrow, Home, End,
        Page Up/Down) selects the row the cursor is on, so it opens, even in a list of
        one, instead of moving past it; Esc is passed on to clear the search."""
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.escape_pressed.emit()  # an item view swallows Esc before the window's action
            event.accept()
            return
        model = self.article_model()
        if (event.key() in _MOVES and event.modifiers() == Qt.KeyboardModifier.NoModifier
                and model.rowCount() and not self.selectionModel().hasSelection()):
            current = self.currentIndex()
            self.select_row(current.row() if current.isValid() else 0)
            event.accept()
            return
        super().keyPressEvent(event)

    def article_model(self) -> ArticleListModel:
        model = self.model()
        assert isinstance(model, ArticleListModel)
        return model

    def selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.selectionModel().selectedRows()})

    def selected_ids(self) -> list[int]:
        model = self.article_model()
        return [model.article_id(row) for row in self.selected_rows()]

    def single_selected_row(self) -> int | None:
        """The row when exactly one is selected, else None (read from the selection's
        ranges: counting a million selected rows one by one would stall the window)."""
        ranges = self.selectionModel().selection()
        rows: set[int] = set()
        for part in (ranges.at(i) for i in range(ranges.count())):
            if part.bottom() > part.top() or len(rows) > 1:
                return None
            rows.add(part.top())
        return next(iter(rows)) if len(rows) == 1 else None

    def show_order(self, view: View) -> None:
        """The header's sort arrow for a view: on the sorted column, none for a collection
        in its own order or for search results in order of relevance. Setting it does not
        sort again (the view is already in that order)."""
        header = self.horizontalHeader()
        column = next((c for c, info in enumerate(COLUMNS) if info.sort_key == view.sort), None)
        header.blockSignals(True)
        try:
            if column is None:
                header.setSortIndicatorShown(False)
            else:
                order = (
                    Qt.SortOrder.DescendingOrder if view.descending else Qt.SortOrder.AscendingOrder
                )
                header.setSortIndicator(column, order)
                header.setSortIndicatorShown(True)
        finally:
            header.blockSignals(False)
        header.viewport().update()

    def current_id(self) -> int | None:
        index = self.currentIndex()
        return self.article_model().article_id(index.row()) if index.isValid() else None

    def select_row(self, row: int, *, centre: bool = False) -> None:
        """Select one row (it opens) and scroll it into view (to the middle: ``centre``)."""
        model = self.article_model()
        if not 0 <= row < model.rowCount():
            return
        # said outright: setCurrentIndex() would read the keyboard's modifiers, and a Ctrl
        # still held (or believed held) would toggle the row instead of selecting it alone
        flag = QItemSelectionModel.SelectionFlag
        self.selectionModel().setCurrentIndex(model.index(row, TITLE),
                                              flag.ClearAndSelect | flag.Rows)
        hint = QAbstractItemView.ScrollHint
        self.scrollTo(
            model.index(row, TITLE), hint.PositionAtCenter if centre else hint.EnsureVisible
        )

    def move_selection(self, step: int) -> bool:
        """Select the next (+1) or previous (-1) article; False at either end.

        A current row that is not selected (Qt sets one on focus) is where the
        reader is about to start, so the first move opens that row itself.
        """
        current = self.currentIndex()
        if not current.isValid():
            target = 0
        elif self.selectionModel().isRowSelected(current.row()):
            target = current.row() + step
        else:
            target = current.row()
        if not 0 <= target < self.article_model().rowCount():
            return False
        self.select_row(target)
        return True
