"""The article list model: the ids of the current view, and a cache of rows.

The ids of a view (a million for a big library: 8 MB as an array) arrive from a
worker in chunks, so the first rows paint at once and the GUI never waits on a
slow sort or search. Rows are fetched from the Library a page at a time when
the view first asks for them, and only a bounded number of pages are kept.
"""

from __future__ import annotations

import html
import json
from array import array
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from ..core.library import Library
from ..core.models import POSITION, RELEVANCE, SNIPPET_CLOSE, SNIPPET_OPEN, ArticleRow
from ..core.query import Query
from .tasks import Task, start

Index = QModelIndex | QPersistentModelIndex

PAGE_ROWS = 100
CACHED_PAGES = 64
FIRST_CHUNK = 400
CHUNK = 50_000
#: Dragged articles travel as a JSON list of ids under this type.
ARTICLE_IDS_MIME = "application/x-newsreader-article-ids"
#: data() role: how many copies the row's story has (1: a story of one)
COPIES_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    sort_key: str | None
    tip: str


COLUMNS = (
    Column("★", "starred", "Starred"),
    Column("Title", "title", "Title (unread in bold)"),
    Column("Source", "source", "Source"),
    Column("Published", "date", "Published date (an undated story sorts by when it was added)"),
    Column("Tags", None, "Collections"),
)
STAR, TITLE, SOURCE, PUBLISHED, TAGS = range(len(COLUMNS))


@dataclass(frozen=True, slots=True)
class View:
    """What the list shows: a query (parsed once; the Library compiles it once) and an order."""

    query: Query = field(default_factory=Query)
    sort: str = "date"
    descending: bool = True

    def __post_init__(self) -> None:
        if isinstance(self.query, str):  # a query's text (tests, saved views): read it once
            object.__setattr__(self, "query", Query.parse(self.query))


class ArticleListModel(QAbstractTableModel):
    #: the ids of the current view are all known (count, whether it is complete)
    loaded = Signal(int)
    load_failed = Signal(str)
    #: rows were dropped inside a collection shown in its own order: (collection, new id order)
    reorder_requested = Signal(str, list)
    #: refresh() swapped in the library's current ids (their count)
    refreshed = Signal(int)

    def __init__(self, library: Library, parent: Any = None) -> None:
        super().__init__(parent)
        self._library = library
        self._view = View()
        self._ids = array("q")
        self._pages: OrderedDict[int, list[ArticleRow | None]] = OrderedDict()
        self._snippets: dict[int, str] = {}
        #: the learning collections each listed article is suggested for (Tags column)
        self._suggested: dict[int, list[str]] = {}
        self._generation = 0
        self._task: Task | None = None
        self._complete = False
        #: one row per story (View ▸ Group copies): the copy that comes first in the order
        self._grouped = True
        #: a row's story shown through another copy the user chose: listed id -> chosen id
        self._chosen: dict[int, int] = {}
        self._sources: dict[int, list[str]] = {}
        #: True while refresh() resets the model: views keep their selection across it
        self.refreshing = False
        self._bold = QFont()
        self._bold.setBold(True)
        self._suggested_font = QFont()
        self._suggested_font.setItalic(True)

    # -- the view -----------------------------------------------------------------
    @property
    def view(self) -> View:
        return self._view

    @property
    def complete(self) -> bool:
        """Whether the list is all there and up to date: every id read, no refresh on its
        way (tests and the screenshot wait for this)."""
        return self._complete and self._task is None

    @property
    def grouped(self) -> bool:
        """Whether the list shows one row per story rather than one per article."""
        return self._grouped

    def set_grouped(self, grouped: bool) -> None:
        """One row per story, or every copy on a row of its own: the list is read again."""
        if grouped != self._grouped:
            self._grouped = grouped
            if self._task is not None or self._complete:  # a view is listed: list it again
                self.reload()

    def _list_ids(self, library: Library, view: View) -> Iterator[list[int]]:
        """The view's ids in order, in chunks (one per story when grouped)."""
        listing = library.iter_story_ids if self._grouped else library.iter_ids
        return listing(view.query, sort=view.sort, descending=view.descending, chunk=CHUNK)

    def set_view(self, view: View) -> None:
        """Show another query or order: clear, then let a worker stream the ids in."""
        if self._task is not None:
            self._task.cancel()
        self._generation += 1
        self.beginResetModel()
        self._view = view
        self._ids = array("q")
        self._pages.clear()
        self._snippets.clear()
        self._chosen.clear()
        self._sources.clear()
        self._suggested.clear()
        self._complete = False
        self.endResetModel()
        self._task = start(self._id_task(view, self._generation))

    def reload(self) -> None:
        self.set_view(self._view)

    def refresh(self) -> None:
        """The library changed under this view (another program, a background task):
        read the ids again and swap them in at once, so the rows, the selection and
        the scroll position stay put while the new list is read (``refreshing`` is True
        during the swap; ``refreshed`` follows it)."""
        if not self._complete:  # still streaming in: start over with the new state
            self.reload()
            return
        if self._task is not None:
            self._task.cancel()
        self._generation += 1
        generation, view, library = self._generation, self._view, self._library

        def work(_task: Task) -> tuple[int, array]:
            ids = array("q")
            with library.reopen() as own:
                for chunk in self._list_ids(own, view):
                    ids.extend(chunk)
            return generation, ids

        task = Task(work, name="Listing articles")
        task.signals.succeeded.connect(self.on_refreshed_ids)
        task.signals.failed.connect(self.load_failed)
        self._task = start(task)

    def on_refreshed_ids(self, result: tuple[int, array]) -> None:
        generation, ids = result
        if generation != self._generation:
            return
        self._task = None
        self._keep_chosen_copies(ids)
        self._sources.clear()
        if ids == self._ids:
            self._pages.clear()
            self._snippets.clear()
            self._suggested.clear()
            if ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(ids) - 1, len(COLUMNS) - 1))
        else:
            self.refreshing = True
            try:
                self.beginResetModel()
                self._ids = ids
                self._pages.clear()
                self._snippets.clear()
                self._suggested.clear()
                self.endResetModel()
            finally:
                self.refreshing = False
        self.refreshed.emit(len(ids))

    def _id_task(self, view: View, generation: int) -> Task:
        library = self._library

        def work(task: Task) -> tuple[int, int]:
            total = 0
            with library.reopen() as own:
                sizes = iter((FIRST_CHUNK,))
                for ids in self._list_ids(own, view):
                    first = next(sizes, None)
                    pieces = [ids[:first], ids[first:]] if first else [ids]
                    for piece in pieces:
                        if task.cancelled:
                            return generation, total
                        if piece:
                            task.deliver((generation, array("q", piece)))
                            total += len(piece)
            return generation, total

        task = Task(work, name="Listing articles")
        task.signals.partial.connect(self.on_ids)
        task.signals.succeeded.connect(self.on_ids_done)
        task.signals.failed.connect(self.load_failed)
        return task

    def on_ids(self, piece: tuple[int, array]) -> None:
        generation, ids = piece
        if generation != self._generation:
            return
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(ids) - 1)
        self._ids.extend(ids)
        self.endInsertRows()

    def on_ids_done(self, result: tuple[int, int]) -> None:
        generation, _total = result
        if generation != self._generation:
            return
        self._complete = True
        self._task = None
        self.loaded.emit(len(self._ids))

    # -- rows -----------------------------------------------------------------------
    def article_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, article_id: int) -> int | None:
        """Position of an id in the view (a linear scan: use for single lookups)."""
        try:
            return self._ids.index(article_id)
        except ValueError:
            return None

    def rows_of(self, article_ids: list[int]) -> dict[int, int]:
        """Positions of several ids in one pass over the view (those that are in it)."""
        wanted = set(article_ids)
        found: dict[int, int] = {}
        if not wanted:
            return found
        for row, article_id in enumerate(self._ids):
            if article_id in wanted:
                found[article_id] = row
                if len(found) == len(wanted):
                    break
        return found

    def article_row(self, row: int) -> ArticleRow | None:
        page_no = row // PAGE_ROWS
        page = self._pages.get(page_no)
        if page is None:
            page = self._fetch_page(page_no)
        else:
            self._pages.move_to_end(page_no)
        return page[row - page_no * PAGE_ROWS]

    def _fetch_page(self, page_no: int) -> list[ArticleRow | None]:
        ids = self._ids[page_no * PAGE_ROWS:(page_no + 1) * PAGE_ROWS].tolist()
        found = self._library.rows(ids)
        if self._view.query.has_words:
            self._snippets.update(self._library.snippets(self._view.query, ids))
        suggested = self._library.suggested_tags(ids)
        for article_id in ids:
            self._suggested.pop(article_id, None)
        self._suggested.update(suggested)
        page = [found.get(i) for i in ids]
        self._pages[page_no] = page
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    def refresh_ids(self, ids: list[int] | None) -> None:
        """Rows of these articles (None: of any) changed in the library: drop them from
        the cache."""
        wanted = set(ids or ())
        stale = [no for no, page in self._pages.items()
                 if ids is None or any(r is not None and r.id in wanted for r in page)]
        for page_no in stale:
            del self._pages[page_no]
        if self._ids:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    def remove_rows(self, rows: list[int]) -> None:
        """Take rows out of the view (their articles were deleted), last first."""
        for row in sorted(set(rows), reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._ids[row]
            self.endRemoveRows()
        self._pages.clear()

    def show_copy(self, row: int, article_id: int) -> None:
        """Show another copy of the row's story on the row: the one the user chose to read
        (what starring and tagging the row then act on). Kept while the list is read
        again; a new view shows each story's first copy again."""
        listed = self._ids[row]
        if listed == article_id:
            return
        first = next((k for k, v in self._chosen.items() if v == listed), listed)
        self._chosen.pop(first, None)
        if article_id != first:
            self._chosen[first] = article_id
        self._ids[row] = article_id
        self._pages.pop(row // PAGE_ROWS, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _keep_chosen_copies(self, ids: array) -> None:
        """In ids read again, the copies the user chose in place of the stories' first."""
        if not self._chosen:
            return
        places = {article_id: row for row, article_id in enumerate(ids)
                  if article_id in self._chosen}
        for first, chosen in list(self._chosen.items()):
            if first in places:
                ids[places[first]] = chosen
            else:
                del self._chosen[first]

    def copy_sources(self, row: ArticleRow) -> list[str]:
        """Where the row's story's other copies come from (asked on hover only)."""
        if row.story_size < 2:
            return []
        if row.id not in self._sources:
            if len(self._sources) > 256:
                self._sources.clear()
            self._sources[row.id] = [copy_label(c) for c in self._library.copies(row.id)]
        return self._sources[row.id]

    def snippet(self, article_id: int) -> str | None:
        return self._snippets.get(article_id)

    def reorderable_collection(self) -> str | None:
        """The collection whose manual order this list shows (drag to reorder), if any."""
        if self._view.sort != POSITION or not self._complete:
            return None
        return self._view.query.single_collection

    # -- drag and drop ----------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        """Overrides Qt: rows can be dragged (onto a collection, or to reorder one)."""
        flags = super().flags(index)
        if index.isValid():
            return flags | Qt.ItemFlag.ItemIsDragEnabled
        return flags | Qt.ItemFlag.ItemIsDropEnabled if self.reorderable_collection() else flags

    def mimeTypes(self) -> list[str]:
        """Overrides Qt."""
        return [ARTICLE_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """Overrides Qt: the dragged articles' ids, in list order."""
        rows = sorted({i.row() for i in indexes if i.isValid()})
        data = QMimeData()
        data.setData(ARTICLE_IDS_MIME, json.dumps([self._ids[r] for r in rows]).encode())
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        """Overrides Qt."""
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        """Overrides Qt."""
        return Qt.DropAction.MoveAction

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        """Overrides Qt: a drop inside a collection's own order asks for a new order.

        Returns False so the view removes nothing itself; the list reloads in the
        new order once the library has it.
        """
        collection = self.reorderable_collection()
        moved = dropped_ids(data)
        if collection is None or not moved:
            return False
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self._ids))
        anchor = next((i for i in self._ids[target:] if i not in set(moved)), None)
        order = [i for i in self._ids if i not in set(moved)]
        at = order.index(anchor) if anchor is not None else len(order)
        self.reorder_requested.emit(collection, order[:at] + moved + order[at:])
        return False

    # -- Qt overrides ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        """Overrides Qt: ids known so far (a child index has none)."""
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Overrides Qt."""
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Overrides Qt: fetches the row's page on first use."""
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        row = self.article_row(index.row())
        if row is None:  # deleted meanwhile
            return "…" if role == Qt.ItemDataRole.DisplayRole and index.column() == TITLE else None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TAGS:
                return tags_text(row.tags, self._suggested.get(row.id, ()))
            return _display(row, column)
        if column == TAGS and row.id in self._suggested:  # suggested: not in it yet
            if role == Qt.ItemDataRole.FontRole:
                return self._suggested_font
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor("#7a6a9a")
        if role == Qt.ItemDataRole.FontRole and not row.is_read and column == TITLE:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and column == STAR and row.is_starred:
            return QColor("#e0a100")
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == STAR:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == COPIES_ROLE:
            return row.story_size
        return None

    def _tooltip(self, row: ArticleRow, column: int) -> str | None:
        if column == STAR:
            return "Starred" if row.is_starred else None
        if column == PUBLISHED:
            added = f"added {row.added_at[:16].replace('T', ' ')}"
            return f"Published {row.published_at}; {added}" if row.published_at \
                else f"Undated; {added}"
        if column == TAGS and row.id in self._suggested:
            names = ", ".join(f"“{name}”" for name in self._suggested[row.id])
            return (f"Suggested for {names}, not in it yet: "
                    "Accept (A) puts it in, Reject (R) says it does not belong")
        if column != TITLE:
            return None
        tip = f"<b>{html.escape(row.title)}</b>"
        snippet = self._snippets.get(row.id)
        if snippet:
            marked = (html.escape(snippet).replace(SNIPPET_OPEN, "<b style='background:#ffe98a'>")
                      .replace(SNIPPET_CLOSE, "</b>"))
            tip += f"<br>{marked}"
        sources = self.copy_sources(row)
        if sources:
            tip += (f"<br><i>{len(sources) + 1} copies: also reported by "
                    f"{html.escape(', '.join(sources))}</i>")
        return tip

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Overrides Qt."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section].tip
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Overrides Qt: re-query in the new order (the library sorts, with its indexes)."""
        if not 0 <= column < len(COLUMNS) or COLUMNS[column].sort_key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        view = View(self._view.query, COLUMNS[column].sort_key or "date", descending)
        if view != self._view:
            self.set_view(view)


def _display(row: ArticleRow, column: int) -> str:
    if column == STAR:
        return "★" if row.is_starred else ""
    if column == TITLE:
        return row.title
    if column == SOURCE:
        return row.source or ""
    if column == PUBLISHED:  # an undated story shows no date (it sorts by when it was added)
        return (row.published_at or "")[:10]
    return ", ".join(row.tags)


def copy_label(row: ArticleRow) -> str:
    """How a copy of a story is named: its source, else its site, else its title."""
    if row.source and row.source.strip():
        return " ".join(row.source.split())
    try:
        host = urlsplit(row.url or "").hostname
    except ValueError:  # a stored URL that is not one
        host = None
    if host:
        return host.removeprefix("www.")
    return row.title or f"#{row.id}"


def copies_text(count: int) -> str:
    """The row's badge: "3 copies" (nothing for a story of one)."""
    return f"{count} copies" if count > 1 else ""


def tags_text(tags: list[str], suggested: Sequence[str] = ()) -> str:
    """The Tags column: the collections an article is in, then (marked ○, as in the
    reader) those that suggest it, awaiting Accept or Reject."""
    return ", ".join([*tags, *(f"○ {name}" for name in suggested)])


def relevance_view(query: Query) -> View:
    """A search: best matches first when it has words, else newest first."""
    return View(query, RELEVANCE, True)


def dropped_ids(data: QMimeData) -> list[int]:
    """Article ids carried by a drag, or [] for anything else."""
    if not data.hasFormat(ARTICLE_IDS_MIME):
        return []
    try:
        ids = json.loads(bytes(data.data(ARTICLE_IDS_MIME).data()).decode())
    except ValueError:
        return []
    return [i for i in ids if isinstance(i, int)]
