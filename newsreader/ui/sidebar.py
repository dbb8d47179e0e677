"""The sidebar: fixed views, collections and smart collections, each a query.

Every selectable item carries the query that shows its articles and a stable
key ("all", "tag:<name>", "suggested:<name>", "search:<name>") so the last selected view can be
restored after a restart even when counts or order have changed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal, Slot
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QIcon,
    QPainter,
    QPixmap,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import QAbstractItemView, QTreeView

from ..core.library import Library
from ..core.models import SidebarSnapshot
from ..core.query import Query
from .article_model import ARTICLE_IDS_MIME, dropped_ids
from .collection_colors import collection_color
from .tasks import Task, start

QUERY_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
COUNT_ROLE = Qt.ItemDataRole.UserRole + 3
DEFAULT_KEY = "all"
_FIXED = (("all", "All articles", ""), ("unread", "Unread", "is:unread"),
          ("starred", "Starred", "is:starred"))


def swatch(color: str | None, size: int = 12) -> QIcon:
    """A round colour dot (grey when there is no colour)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QBrush(QColor(color or "#9a9a9a")))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


def feed_status(feed) -> str:
    """The hover text of a feed: where it comes from and how its last refresh went."""
    lines = [feed.url, f"{feed.articles:,} articles, {feed.unread:,} unread"]
    lines.append(f"Last refreshed: {feed.last_success}" if feed.last_success
                 else "Not refreshed yet")
    if feed.last_error:
        lines.append(f"Last error: {feed.last_error}")
    if feed.full_text:
        lines.append("Fetches the full article for each item")
    return "\n".join(lines)


class SidebarModel(QStandardItemModel):
    def __init__(self, library: Library, parent: Any = None) -> None:
        super().__init__(parent)
        self._library = library
        self.refresh()

    def refresh(self, snapshot: SidebarSnapshot | None = None) -> None:
        """Rebuild from a snapshot of the library (read here when none is given)."""
        snapshot = snapshot or self._library.sidebar_snapshot()
        #: each collection's own colour (None: it has none), as last read
        self.colors: dict[str, str | None] = {tag.name: tag.color for tag in snapshot.tags}
        #: articles in the library, as last read
        self.total = snapshot.counts.all
        self.clear()
        counts = snapshot.counts
        library = self._section("Library")
        for (key, title, query), count in zip(
            _FIXED, (counts.all, counts.unread, counts.starred), strict=True
        ):
            library.appendRow(self._entry(title, key, query, count))
        collections = self._section("Collections")
        #: the collections that learn, and the rules, as last read
        self.learning = {name.casefold() for name in snapshot.learning}
        self.rules = dict(snapshot.rules)
        for tag in snapshot.tags:
            item = self._entry(tag.name, f"tag:{tag.name}", Query.collection(tag.name).text,
                               tag.count)
            item.setIcon(swatch(collection_color(tag.name, tag.color)))
            tips = [tag.description] if tag.description else []
            if tag.name in self.rules:
                tips.append(f"Rule: tags what matches  {self.rules[tag.name]}")
            if tag.name.casefold() in self.learning:
                tips.append("Learns from its stories")
                # its suggestions awaiting a decision, counted apart from its stories
                suggested = self._entry("Suggested", f"suggested:{tag.name}",
                                        Query.suggested(tag.name).text,
                                        snapshot.suggested.get(tag.name, 0))
                suggested.setToolTip(f"Articles “{tag.name}” is sure belong in it, not in it "
                                     "until you accept them (A) or reject them (R)")
                item.appendRow(suggested)
            if tips:
                item.setToolTip("\n".join(tips))
            collections.appendRow(item)
        self._add_feeds(snapshot.feeds)
        saved = snapshot.saved
        if saved:
            smart = self._section("Smart collections")
            for name, query in saved:
                item = self._entry(name, f"search:{name}", query, None)
                item.setToolTip(query)
                smart.appendRow(item)

    def _add_feeds(self, feeds: list) -> None:
        """Feeds by folder, each with its unread count and, on hover, its status."""
        if not feeds:
            return
        section = self._section("Feeds")
        folders: dict[str, QStandardItem] = {}
        for feed in feeds:  # the Library lists them in reading order
            parent = section
            if feed.folder:
                parent = folders.get(feed.folder.casefold()) or folders.setdefault(
                    feed.folder.casefold(),
                    self._entry(feed.folder, f"folder:{feed.folder}",
                                Query.folder(feed.folder).text, None))
                if parent.parent() is None and parent is not section:
                    section.appendRow(parent)
            item = self._entry(feed.name, f"feed:{feed.id}", f"feed:{feed.id}", feed.unread)
            item.setToolTip(feed_status(feed))
            if feed.last_error:
                item.setForeground(QColor("#c0392b"))
            parent.appendRow(item)

    def _section(self, title: str) -> QStandardItem:
        item = QStandardItem(title.upper())
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = item.font()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        font.setBold(True)
        item.setFont(font)
        item.setForeground(QColor("#808080"))
        self.appendRow(item)
        return item

    @staticmethod
    def _entry(title: str, key: str, query: str, count: int | None) -> QStandardItem:
        item = QStandardItem(title if count is None else f"{title}  ({count:,})")
        item.setData(query, QUERY_ROLE)
        item.setData(key, KEY_ROLE)
        item.setData(count, COUNT_ROLE)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        return item

    @property
    def library(self) -> Library:
        return self._library

    def find_key(self, key: str, parent: QModelIndex | None = None) -> QModelIndex:
        parent = parent or QModelIndex()
        for row in range(self.rowCount(parent)):
            index = self.index(row, 0, parent)
            if index.data(KEY_ROLE) == key:
                return index
            found = self.find_key(key, index)
            if found.isValid():
                return found
        return QModelIndex()


class SidebarView(QTreeView):
    #: the user picked a view: (key, query)
    view_selected = Signal(str, str)
    #: articles were dropped on a collection: (collection name, ids)
    articles_dropped = Signal(str, list)
    #: the counts could not be read (what went wrong)
    failed = Signal(str)
    #: the collections' colours as the sidebar shows them ({name: colour or None})
    colors_changed = Signal(dict)

    def __init__(self, model: SidebarModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setIndentation(10)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.expandAll()
        self._task: Task | None = None
        self.selectionModel().currentChanged.connect(self.on_current_changed)

    def sidebar_model(self) -> SidebarModel:
        model = self.model()
        assert isinstance(model, SidebarModel)
        return model

    def current_key(self) -> str:
        return self.currentIndex().data(KEY_ROLE) or DEFAULT_KEY

    def select_key(self, key: str) -> bool:
        """Select a view by key (falls back to All); emits view_selected."""
        index = self.sidebar_model().find_key(key)
        found = index.isValid()
        if not found:
            index = self.sidebar_model().find_key(DEFAULT_KEY)
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        return found

    def refresh(self) -> None:
        """Read counts in a worker (seconds' worth at a million rows), then show them."""
        library = self.sidebar_model().library

        def work(_task: Task) -> SidebarSnapshot:
            with library.reopen() as own:
                return own.sidebar_snapshot()

        task = Task(work, name="Counting")
        task.signals.succeeded.connect(self.apply)
        task.signals.failed.connect(self.failed)
        self._task = start(task)

    def refresh_now(self) -> None:
        self.apply(self.sidebar_model().library.sidebar_snapshot())

    @Slot(object)
    def apply(self, snapshot: SidebarSnapshot) -> None:
        """Show new counts, keeping the selected view without re-emitting it."""
        key = self.current_key()
        self.selectionModel().blockSignals(True)
        self.sidebar_model().refresh(snapshot)
        self.colors_changed.emit(self.sidebar_model().colors)
        self.expandAll()
        index = self.sidebar_model().find_key(key)
        if index.isValid():
            self.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.selectionModel().blockSignals(False)

    def collection_at(self, position: QPoint) -> str | None:
        key = self.key_at(position)
        return key[4:] if key.startswith("tag:") else None

    def suggested_at(self, position: QPoint) -> str | None:
        """The learning collection whose "Suggested" entry is at ``position``, if any."""
        key = self.key_at(position)
        return key[10:] if key.startswith("suggested:") else None

    def key_at(self, position: QPoint) -> str:
        return self.indexAt(position).data(KEY_ROLE) or ""

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Overrides Qt: articles may be dragged over the sidebar."""
        if event.mimeData().hasFormat(ARTICLE_IDS_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Overrides Qt: only a collection takes them."""
        if (event.mimeData().hasFormat(ARTICLE_IDS_MIME)
                and self.collection_at(event.position().toPoint()) is not None):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """Overrides Qt: tag the dropped articles with the collection under the pointer."""
        name = self.collection_at(event.position().toPoint())
        ids = dropped_ids(event.mimeData())
        if name is None or not ids:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.articles_dropped.emit(name, ids)

    @Slot(QModelIndex, QModelIndex)
    def on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        key = current.data(KEY_ROLE)
        if key is not None:
            self.view_selected.emit(key, current.data(QUERY_ROLE) or "")
