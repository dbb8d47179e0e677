"""The main window: sidebar, article list and reader, wired to the Library."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QModelIndex,
    QPoint,
    QSettings,
    Qt,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import NewsreaderError, NotFoundError, QueryError
from ..core.library import Library
from ..core.models import POSITION, Changes, Suggestion
from ..core.query import Query
from .actions import WindowActions
from .article_model import COLUMNS, ArticleListModel, View, relevance_view
from .article_view import ArticleTableView
from .collections_controller import CollectionsController
from .details_dialog import DetailsDialog
from .dialogs import (
    MARK_READ_ON_OPEN,
    READER_FONT_SIZE,
    PreferencesDialog,
    ShortcutsDialog,
    read_bool,
)
from .entities_controller import EntitiesController
from .entity_menus import EntityMenus
from .entity_panel import EntityPanel
from .feeds_controller import FeedsController
from .learning_controller import LearningController
from .library_watch import LibraryWatch
from .operations import LibraryOp, Operations
from .reader import ReaderView, open_in_browser
from .search_box import SearchBox
from .search_index_keeper import SearchIndexKeeper
from .sidebar import DEFAULT_KEY, SidebarModel, SidebarView
from .stories_controller import StoriesController
from .task_progress import TaskProgress
from .tasks import Task, stop_all
from .transfer_controller import TransferController

log = logging.getLogger("newsreader.ui")
COUNTS_REFRESH_MS = 300
#: Changes that make the list read again (an import's batches, another program's writes)
#: are applied at most this often; row changes (a star, a tag) at once.
HEAVY_CHANGES_MS = 1000


class MainWindow(QMainWindow):
    #: an import started from this window ended (its ImportReport)
    import_finished = Signal(object)
    #: a background entity run ended
    entity_extraction_done = Signal()
    #: an export started from this window ended (its ExportResult)
    export_finished = Signal(object)

    def __init__(self, library: Library, settings: QSettings | None = None,
                 notice: str | None = None, *, open_first: bool = False) -> None:
        super().__init__()
        self.library = library
        self.settings = settings or QSettings()
        self.setWindowTitle(f"Newsreader — {library.path.name}")
        self.setAcceptDrops(True)
        #: the sidebar view's query, the search box's, and the list's (both): parsed once
        self._view_query = Query()
        self._typed = Query()
        self._current = Query()
        self._pending_select: int | None = None
        self._suggest_task: Task | None = None
        #: set when the user asked to restore a backup: the app swaps files after closing
        self.restore_from: Path | None = None

        self.sidebar = SidebarView(SidebarModel(library), self)
        self.model = ArticleListModel(library, self)
        self.table = ArticleTableView(self.model, self)
        self.reader = ReaderView(self)
        self.reader.set_tag_colors(self.sidebar.sidebar_model().colors)
        self.entities = EntityPanel(self)
        self.search = SearchBox(self)
        self.progress = TaskProgress(self)
        #: background work on the library, and what every write changed (one path)
        self.ops = Operations(library, self.progress, self.show_error, self)
        self.transfer = TransferController(
            library, self.ops, self, status=self.statusBar().showMessage,
            show_error=self.show_error, list_state=lambda: (
                self._view_query.single_collection, self._current, self.table.selected_ids()))
        self.feeds = FeedsController(library, self.ops, self, settings=self.settings,
                                     status=self.statusBar().showMessage,
                                     show_error=self.show_error)
        self.entity_work = EntitiesController(
            library, self.ops, self, panel=self.entities, reader=self.reader,
            settings=self.settings, status=self.statusBar().showMessage,
            current_query=self.current_query, search_for=self.search_for)
        self.stories = StoriesController(library, self.model, self.table, self.settings,
                                         open_article=self.open_article,
                                         reader_article=self.reader.current_article_id, parent=self)
        self.entity_menus = EntityMenus(
            library, self, reader=self.reader, panel=self.entities, show_error=self.show_error,
            status=self.statusBar().showMessage, search_for=self.search_for,
            select_article=self.select_article)
        self.learning = LearningController(
            library, self.ops, self, reader=self.reader, selected_ids=self.table.selected_ids,
            view_query=self.view_query, status=self.statusBar().showMessage,
            show_error=self.show_error)
        self.search_index = SearchIndexKeeper(library, self.ops, self)
        self.count_label = QLabel(self)
        self.collections = CollectionsController(self)
        self.window_actions = WindowActions(self)
        self._build_layout(notice)
        self._connect()
        self._counts_timer = QTimer(self, singleShot=True, interval=COUNTS_REFRESH_MS)
        self._counts_timer.timeout.connect(self.sidebar.refresh)
        self._heavy_changes = Changes()
        self._heavy_timer = QTimer(self, singleShot=True, interval=HEAVY_CHANGES_MS)
        self._heavy_timer.timeout.connect(self._apply_heavy_changes)
        self.ops.changed.connect(self.on_library_changed)
        self.ops.changed.connect(self.search_index.on_library_changed)
        self.ops.settled.connect(self.search_index.on_library_changed)
        self.ops.settled.connect(self.on_operation_settled)
        self.ops.refused.connect(lambda message: self.statusBar().showMessage(message, 5000))
        self._mark_read_id: int | None = None
        #: a library just made (the sample of a first start): open its first story once listed
        self._open_first = open_first
        self._mark_read_timer = QTimer(self, singleShot=True, interval=0)
        self._mark_read_timer.timeout.connect(self.on_mark_read_timer)
        self._restore_settings()
        self.reader.show_message("Select an article to read it.")
        #: what other programs do to the library reaches the views through this
        self.watch = LibraryWatch(library, self)
        self.watch.changed.connect(lambda: self.on_library_changed(Changes.everything()))
        self.watch.changed.connect(
            lambda: self.search_index.on_library_changed(Changes.everything()))
        self.search_index.start()
        self.watch.files_lost.connect(self.on_library_lost)
        self.watch.failed.connect(self.on_library_failed)

    # -- construction -------------------------------------------------------------
    def _build_layout(self, notice: str | None) -> None:
        list_pane = QWidget(self)
        list_layout = QVBoxLayout(list_pane)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.setSpacing(4)
        list_layout.addWidget(self.search)
        self.search_problem = QLabel(self)
        self.search_problem.setWordWrap(True)
        self.search_problem.setStyleSheet("color: #c0392b; padding: 0px 4px;")
        self.search_problem.hide()
        list_layout.addWidget(self.search_problem)
        list_layout.addWidget(self.table)
        self.left = QSplitter(Qt.Orientation.Vertical, self)
        self.left.addWidget(self.sidebar)
        self.left.addWidget(self.entities)
        self.left.setSizes([420, 380])
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        for widget in (self.left, list_pane, self.reader):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setSizes([220, 640, 560])
        self.left.setMinimumWidth(170)  # collection names and entity counts stay readable
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        self.notice = QLabel(notice or "", self)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("background: #fff3c4; color: #5a4500; padding: 6px; "
                                  "border-radius: 4px;")
        self.notice.setVisible(bool(notice))
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)  # the notice takes only the height it needs
        self.setCentralWidget(central)
        self.statusBar().addPermanentWidget(self.search_index.note)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.count_label)

    def _connect(self) -> None:
        self.sidebar.view_selected.connect(self.on_view_selected)
        self.search.query_changed.connect(self.on_search)
        self.search.done.connect(self.table.setFocus)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.table.activated.connect(self.on_row_activated)
        self.table.escape_pressed.connect(self.on_escape)
        self.table.customContextMenuRequested.connect(self.on_context_menu)
        self.table.doubleClicked.connect(lambda _index: self.on_open_original())
        self.table.horizontalHeader().sortIndicatorChanged.connect(self.on_sort_indicator)
        self.model.loaded.connect(self.on_list_loaded)
        self.model.rowsInserted.connect(self.on_rows_arrived)
        self.model.load_failed.connect(self.on_library_failed)
        self.model.refreshed.connect(self.on_list_refreshed)
        self.sidebar.failed.connect(self.on_library_failed)
        self.sidebar.colors_changed.connect(self.reader.set_tag_colors)
        self.progress.ended.connect(self.entity_work.on_task_ended)
        self.transfer.import_finished.connect(self.import_finished)
        self.transfer.import_finished.connect(lambda _report: self.entity_work.start_extraction())
        self.transfer.export_finished.connect(self.export_finished)
        self.transfer.restore_requested.connect(self.on_restore_requested)
        self.entity_work.extraction_done.connect(self.entity_extraction_done)
        self.feeds.arrived.connect(lambda: self.entity_work.start_extraction())
        self.transfer.import_finished.connect(self.learning.on_imported)
        self.feeds.new_articles.connect(self.learning.add_arrivals)
        self.entity_work.extraction_done.connect(self.learning.on_entities_done)
        self.feeds.page_imported.connect(self.transfer.on_import_done)
        self.reader.full_text_requested.connect(self.feeds.on_fetch_full_text)
        self.reader.action_requested.connect(self.on_welcome_action)
        self.reader.copy_clicked.connect(self.stories.on_copy_clicked)
        self.reader.link_refused.connect(
            lambda url: self.statusBar().showMessage(f"Not opened: {url} (only web links open)",
                                                     5000))

    # -- views and search ---------------------------------------------------------
    @Slot(str, str)
    def on_view_selected(self, key: str, query: str) -> None:
        self._view_query = self._current = self.library.query(query)
        self._typed = Query()
        self.settings.setValue("sidebar/last_view", key)
        self.search.reset()
        if self._view_query.single_collection is not None:  # a collection: its own order
            self._show(View(self._view_query, POSITION, False))
        else:
            self._show(View(self._view_query, *self._sort_choice()))

    @Slot(str)
    def on_search(self, text: str) -> None:
        """A search runs within the selected sidebar view; clearing returns to the view.
        A query the language cannot read says why under the box and changes nothing."""
        typed = self.library.query(text)  # read once, here, for everything below
        try:
            self.library.check_query(typed)
        except QueryError as error:
            self.search_problem.setText(str(error))
            self.search_problem.show()
            return
        self.search_problem.hide()
        self._typed = typed
        self._current = self._view_query.narrowed_by(typed)
        self.reader.set_search_terms(self.search_terms())
        if typed.is_empty:
            self._show(View(self._view_query, *self._sort_choice()))
        elif typed.has_words:
            self._show(relevance_view(self._current))
        else:  # operators only: nothing to rank by, the list keeps its order
            self._show(View(self._current, *self._sort_choice()))

    def search_terms(self) -> list[str]:
        """The words and phrases of the search box, to mark in the reader."""
        return self._typed.marked_terms

    def _show(self, view: View) -> None:
        self._pending_select = self.reader.current_article_id() or self.table.current_id()
        self.count_label.setText("Loading…")
        self.table.show_order(view)
        self.model.set_view(view)

    def _sort_choice(self) -> tuple[str, bool]:
        header = self.table.horizontalHeader()
        column = header.sortIndicatorSection()
        key = COLUMNS[column].sort_key if 0 <= column < len(COLUMNS) else None
        return key or "date", header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    def view_query(self) -> Query:
        """The selected sidebar view's query (without the search box)."""
        return self._view_query

    @Slot()
    def on_manual_order(self) -> None:
        """Show the collection in its curated order again (drag rows to change it)."""
        if self._view_query.single_collection is not None:
            self.search.reset()
            self._typed, self._current = Query(), self._view_query
            self._show(View(self._view_query, POSITION, False))

    @Slot(int, Qt.SortOrder)
    def on_sort_indicator(self, column: int, order: Qt.SortOrder) -> None:
        """A header click sorts (the table asks the model); the arrow shows from now on."""
        header = self.table.horizontalHeader()
        if COLUMNS[column].sort_key is None:  # not sortable: put the indicator back
            self.table.show_order(self.model.view)
            return
        header.setSortIndicatorShown(True)

    @Slot(QModelIndex, int, int)
    def on_rows_arrived(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        """The article that was open is selected again (and scrolled to) once it arrives."""
        if self._pending_select is not None and not self.table.currentIndex().isValid():
            row = self.model.row_of(self._pending_select)
            if row is not None:
                self._pending_select = None
                self.table.select_row(row, centre=True)

    @Slot(int)
    def on_list_loaded(self, count: int) -> None:
        if self.search.query():
            noun = "match" if count == 1 else "matches"
        else:
            noun = ("story" if count == 1 else "stories") if self.model.grouped \
                else ("article" if count == 1 else "articles")
        self.count_label.setText(f"{count:,} {noun}")
        self._pending_select = None
        self.entity_work.list_changed()
        if self._open_first and count:
            self._open_first = False  # the first start: one story open, not an empty pane
            self.table.select_row(0)
        elif (self.reader.current_article_id() is None
              and not self.table.selectionModel().hasSelection()):
            self.show_placeholder()

    # -- the current article --------------------------------------------------------
    @Slot()
    def on_selection_changed(self, *_args: object) -> None:
        """One selected row is the article to read: a click, the arrow keys, Home/End,
        Page Up/Down, J/K all select one. Selecting several (Ctrl/Shift+click) opens
        none of them; the reader keeps what it shows."""
        row = self.table.single_selected_row()
        if row is not None:
            self.open_row(row)
        elif not self.table.selectionModel().hasSelection():
            self.show_placeholder()

    @Slot(QModelIndex)
    def on_row_activated(self, index: QModelIndex) -> None:
        """Enter on a row opens it (also when it is the current row but not selected)."""
        if index.isValid() and self.table.single_selected_row() != index.row():
            self.table.select_row(index.row())

    def open_row(self, row: int) -> None:
        self.open_article(self.model.article_id(row))

    def open_article(self, article_id: int) -> None:
        """Show an article in the reader (and mark it, and its story, read)."""
        if article_id == self.reader.current_article_id():
            return  # shown already (selected again after a reload): keep the reader's place
        self.on_mark_read_timer()  # the previous article, if its mark is still pending
        try:
            article = self.library.article(article_id)
        except NewsreaderError as error:
            self.reader.show_message(str(error))
            return
        mentions = self.library.mentions(article_id)
        self.reader.show_article(article, mentions,
                                 collection_notes=self.collection_notes(article_id),
                                 search_terms=self.search_terms(),
                                 copies=self.stories.copies_of(article))
        if not article.tags:
            self.suggest_collections(article_id)
        self.entity_work.show_article(mentions)
        if (not article.is_read and not self.library.read_only
                and read_bool(self.settings, MARK_READ_ON_OPEN, True)):
            self._mark_read_id = article_id  # after the reader has painted
            self._mark_read_timer.start()

    def show_placeholder(self) -> None:
        """The reader with nothing selected: what to do in an empty library, else a hint."""
        if self.sidebar.sidebar_model().total == 0:
            self.reader.show_welcome(read_only=self.library.read_only)
        else:
            self.reader.show_message("Select an article to read it.")

    @Slot()
    def on_mark_read_timer(self) -> None:
        """Mark the opened article read; also run early when anything depends on it."""
        self._mark_read_timer.stop()
        if self._mark_read_id is not None:
            article_id, self._mark_read_id = self._mark_read_id, None
            self.stories.set_read([article_id], True, whole_story=True)  # read one, read all

    def select_article(self, article_id: int) -> bool:
        row = self.stories.row_for(article_id)
        if row is None:
            self._pending_select = article_id
            return False
        self.table.select_row(row)
        return True

    # -- actions --------------------------------------------------------------------
    def _set_flag(self, ids: list[int], flag: str, value: bool) -> None:
        if not ids:
            return
        if flag == "read":  # a row of the grouped list is a story
            self.stories.set_read(ids, value, whole_story=self.stories.grouped)
        else:
            self.library.set_starred(ids, value)

    @Slot()
    def on_next(self) -> None:
        self.table.move_selection(+1)

    @Slot()
    def on_previous(self) -> None:
        self.table.move_selection(-1)

    @Slot()
    def on_space(self) -> None:
        """Page through the article, then go on to the next one."""
        if self.reader.current_article_id() is None or not self.reader.page_down():
            self.table.move_selection(+1)

    @Slot()
    def on_toggle_read(self) -> None:
        self.on_mark_read_timer()
        rows = self.selected_article_rows()
        if rows:
            self._set_flag([r.id for r in rows], "read", not all(r.is_read for r in rows))

    @Slot()
    def on_toggle_star(self) -> None:
        rows = self.selected_article_rows()
        if rows:
            self._set_flag([r.id for r in rows], "star", not all(r.is_starred for r in rows))

    def selected_article_rows(self):
        rows = [self.model.article_row(r) for r in self.table.selected_rows()]
        return [r for r in rows if r is not None]

    def collection_notes(self, article_id: int) -> list[tuple[str, str]]:
        return [(name, note) for name, note, _ in self.library.collections_of(article_id) if note]

    def refresh_reader_extras(self) -> None:
        """After a collection change: the open article's notes now, suggestions again."""
        article_id = self.reader.current_article_id()
        if article_id is not None:
            self.reader.set_extras(collection_notes=self.collection_notes(article_id),
                                   suggestions=[])
            if not self.library.article(article_id).tags:
                self.suggest_collections(article_id)

    def suggest_collections(self, article_id: int) -> None:
        """For an article in no collection, ask a worker which collections it resembles
        (off the GUI thread: it scans the collections' mentions and the full-text index)."""
        self._suggest_task = self.ops.run(LibraryOp(
            "Suggesting collections",
            lambda library, _task: (article_id, library.suggest_collections(article_id)),
            on_done=self.on_suggestions, exclusive=False,
            on_failed=lambda message: log.warning("suggestions failed: %s", message)))

    @Slot(object)
    def on_suggestions(self, result: tuple[int, list[Suggestion]]) -> None:
        article_id, suggestions = result
        if suggestions and article_id == self.reader.current_article_id():
            self.reader.set_extras(suggestions=suggestions)

    @Slot()
    def on_open_original(self) -> None:
        for row in self.selected_article_rows()[:10]:
            if row.url and not open_in_browser(QUrl(row.url)):
                self.statusBar().showMessage(f"Not opened: {row.url}", 5000)

    @Slot()
    def on_edit_details(self) -> None:
        """F2: correct the open (or the one selected) article's title, date, author, source."""
        article_id = self.table.current_id() if self.table.single_selected_row() is not None \
            else self.reader.current_article_id()
        if article_id is None:
            return
        if self.library.read_only:
            self.show_error("This library is open read-only; nothing can be changed.")
            return
        dialog = DetailsDialog(self.library, self.library.article(article_id), self)
        dialog.exec()  # what it saved reaches the list and the reader as a change

    @Slot()
    def on_copy_link(self) -> None:
        urls = [r.url for r in self.selected_article_rows() if r.url]
        if urls:
            QGuiApplication.clipboard().setText("\n".join(urls))
            self.statusBar().showMessage(f"Copied {len(urls)} link{'s' * (len(urls) > 1)}", 3000)

    @Slot()
    def on_delete(self) -> None:
        rows = self.table.selected_rows()
        if not rows:
            return
        answer = QMessageBox.question(
            self, "Delete articles",
            f"Delete {len(rows)} article{'s' * (len(rows) > 1)} from the library? "
            "Their tags and notes go with them.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        ids = [self.model.article_id(r) for r in rows]
        self.library.delete_articles(ids)
        self.model.remove_rows(rows)
        self.table.select_row(min(rows[0], self.model.rowCount() - 1))

    @Slot(QPoint)
    def on_context_menu(self, position: QPoint) -> None:
        if self.table.selected_rows():
            self.build_context_menu().popup(self.table.viewport().mapToGlobal(position))

    def build_context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for action in self.window_actions.context_actions():
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        return menu

    @Slot()
    def on_find(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    @Slot()
    def on_escape(self) -> None:
        if self.search.text():
            self.search.clear()
            self.search.flush()
        self.table.setFocus()

    def search_for(self, query: Query, everywhere: bool) -> None:
        """Put ``query`` in the search box and run it: within the list shown, or over all
        articles (``everywhere``: an entity clicked in the reader)."""
        if everywhere:
            self.sidebar.select_key("all")
        self.search.setText(query.text)
        self.search.flush()

    @Slot(object)
    def on_restore_requested(self, backup: Path) -> None:
        """The app swaps the files once the window is closed, then opens it again."""
        self.restore_from = backup
        self.close()

    def current_query(self) -> Query:
        """The whole query the list shows: the sidebar view's and the search box's."""
        return self._current

    @Slot()
    def on_save_search(self) -> None:
        query = self.current_query()
        if not query:
            self.statusBar().showMessage("Type a search first, then save it.", 5000)
            return
        name, ok = QInputDialog.getText(self, "Save smart collection",
                                        f"Name for the search  {query}")
        if ok and name.strip():
            self.library.save_search(name, query)
            self.sidebar.refresh_now()
            self.sidebar.select_key(f"search:{' '.join(name.split())}")

    @Slot()
    def on_shortcuts(self) -> None:
        ShortcutsDialog(self.window_actions.all(), self).exec()

    @Slot()
    def on_about(self) -> None:
        from .about_dialog import AboutDialog

        AboutDialog(self.library, self).exec()

    @Slot()
    def on_preferences(self) -> None:
        dialog = PreferencesDialog(self.settings, self.library, self)
        if dialog.exec():
            self.apply_preferences()
            self.feeds.apply_interval()
            if dialog.engine_changed or dialog.rerun_requested:
                self.entity_work.start_extraction(rerun=True)

    def apply_preferences(self) -> None:
        size = self.settings.value(READER_FONT_SIZE)
        if size is not None:
            self.reader.set_text_size(float(size))

    # -- files dropped on the window ------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Overrides Qt: accept files and folders dragged from a file manager."""
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Overrides Qt: import what was dropped."""
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.transfer.start_import(paths)

    @Slot(str)
    def on_welcome_action(self, action: str) -> None:
        """A link of the empty library's page."""
        if action == "import":
            self.transfer.on_import_files()
        elif action == "add-feed":
            self.feeds.on_add_feed()
        elif action == "sample":
            self.library.add_sample()
            self._open_first = True
            self.model.reload()
            self.entity_work.start_extraction()

    # -- changes made elsewhere ------------------------------------------------------
    @Slot(object)
    def on_library_changed(self, changes: Changes) -> None:
        """The one way the views learn what changed: the window's own writes, its
        background work and other programs all arrive here. Row changes (a star, a tag,
        an edit) show at once; those that make the list read again (an import's batches,
        another program's writes, found entities) at most once a second, keeping the
        selection, the scroll position and the reader's place."""
        if changes.entities and not (changes.articles or changes.elsewhere):
            self._refresh_reader_for(changes)  # one article: at once
        if changes.articles or changes.entities or changes.elsewhere:
            self._heavy_changes = self._heavy_changes | changes
            if not self._heavy_timer.isActive():
                self._apply_heavy_changes()
                self._heavy_timer.start()
            return
        self._apply_changes(changes)

    @Slot(object)
    def on_operation_settled(self, changes: Changes) -> None:
        """A background operation ended: show all it changed now (not with the next
        second's batch)."""
        self._heavy_timer.stop()
        self._heavy_changes = self._heavy_changes | changes
        self._apply_heavy_changes()

    @Slot()
    def _apply_heavy_changes(self) -> None:
        changes, self._heavy_changes = self._heavy_changes, Changes()
        if not changes.nothing:
            self._apply_changes(changes)

    def _apply_changes(self, changes: Changes) -> None:
        if changes.articles or changes.elsewhere:
            self.model.refresh()  # the reader follows in on_list_refreshed
        elif changes.collections and self._current.uses("tag", "suggested"):
            self.model.refresh()  # who is in the list may have changed
        elif changes.rows:
            self.model.refresh_ids(sorted(changes.ids) if changes.ids else None)
        if changes.collections or changes.feeds or changes.settings or changes.articles:
            self.sidebar.refresh()
        elif changes.flags:
            self._counts_timer.start()
        if changes.collections and not (changes.articles or changes.elsewhere):
            self.refresh_reader_extras()
        if changes.entities or changes.articles:
            self.entity_work.list_changed()
        if not (changes.articles or changes.elsewhere):
            self._refresh_reader_for(changes)

    def _refresh_reader_for(self, changes: Changes) -> None:
        current = self.reader.current_article_id()
        if current is not None and (changes.entities or changes.details or changes.collections) \
                and (not changes.ids or current in changes.ids):
            self.refresh_reader()

    @Slot(int)
    def on_list_refreshed(self, _count: int) -> None:
        self.on_list_loaded(self.model.rowCount())
        self.refresh_reader()

    def refresh_reader(self) -> None:
        """Show the open article as the library now has it (where the reader was)."""
        article_id = self.reader.current_article_id()
        if article_id is None:
            return
        try:
            article = self.library.article(article_id)
        except NotFoundError:
            self.reader.show_message("This article was deleted by another program.")
            return
        mentions = self.library.mentions(article_id)
        if article != self.reader.article() or mentions != self.reader.mentions():
            self.reader.show_article(article, mentions, keep_position=True,
                                     collection_notes=self.collection_notes(article_id),
                                     copies=self.stories.copies_of(article))
        self.entity_work.show_article(mentions)

    @Slot(str)
    def on_library_lost(self, message: str) -> None:
        """The library's file or log was deleted under the window: say so, and stop."""
        self.show_notice(message)
        box = QMessageBox(QMessageBox.Icon.Critical, "Newsreader — the library is gone", message,
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    @Slot(str)
    def on_library_failed(self, message: str) -> None:
        """The library could not be read: say what happened and what to do."""
        self.show_notice(f"{message[:1].upper()}{message[1:]}. Quit Newsreader and open the "
                         "library again; if this keeps happening, restore a backup "
                         "(File ▸ Restore from backup…).")

    def show_notice(self, text: str) -> None:
        """A message that stays above the panes until the window closes."""
        log.warning("%s", text)
        shown = self.notice.text()
        if text not in shown:
            self.notice.setText(f"{shown}\n\n{text}" if shown else text)
        self.notice.setVisible(True)

    # -- errors, settings, closing --------------------------------------------------
    @Slot(str)
    def show_error(self, message: str) -> None:
        log.warning("%s", message)
        QMessageBox.warning(self, "Newsreader", message)

    def _restore_settings(self) -> None:
        settings = self.settings
        if not isinstance(settings.value("window/geometry"), QByteArray):
            self._fit_to_screen()
        header = self.table.horizontalHeader()
        for key, restore in (("window/geometry", self.restoreGeometry),
                             ("window/state", self.restoreState),
                             ("window/splitter", self.splitter.restoreState),
                             ("window/left", self.left.restoreState),
                             ("list/header", header.restoreState)):
            value = settings.value(key)
            if isinstance(value, QByteArray):
                header.blockSignals(True)  # a restored sort arrow must not re-sort the list
                try:
                    restore(value)
                finally:
                    header.blockSignals(False)
        scope = settings.value("entities/scope")
        if scope is not None and str(scope).isdigit():
            self.entities.scope.setCurrentIndex(int(scope))
        self.table.set_preferred_widths(settings.value("list/widths"))
        self.apply_preferences()
        labels = settings.value("reader/labels")
        if isinstance(labels, list):  # an INI file with one value gives a str: ignore it
            self.reader.set_visible_labels(frozenset(labels))
            self.entities.set_visible_labels(frozenset(labels))
        # a saved view that is gone (a deleted collection) falls back to All
        self.sidebar.select_key(str(settings.value("sidebar/last_view", DEFAULT_KEY)))

    def save_settings(self) -> None:
        settings = self.settings
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.setValue("window/left", self.left.saveState())
        settings.setValue("list/header", self.table.horizontalHeader().saveState())
        settings.setValue("list/widths", self.table.preferred_widths())
        settings.setValue("sidebar/last_view", self.sidebar.current_key())
        settings.setValue("entities/scope", self.entities.current_scope())
        settings.sync()

    def _fit_to_screen(self) -> None:
        """The first start: most of the screen (at most 1600×1000), centred, and panes in
        proportion, so titles and text are readable at once."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        width = min(1600, max(1000, round(room.width() * 0.85)))
        height = min(1000, max(600, round(room.height() * 0.85)))
        width, height = min(width, room.width()), min(height, room.height())
        self.resize(width, height)
        self.move(room.center().x() - width // 2, room.center().y() - height // 2)
        side = max(200, round(width * 0.18))
        listing = round((width - side) * 0.52)
        self.splitter.setSizes([side, listing, width - side - listing])

    def closeEvent(self, event: QCloseEvent) -> None:
        """Overrides Qt: remember the layout; stop background work."""
        self.save_settings()
        self.watch.stop()
        self.ops.close()
        self._heavy_timer.stop()
        self.entity_work.stop()
        self.learning.stop()
        self.search_index.stop()
        self.feeds.timer.stop()
        self.progress.on_cancel()
        stop_all()  # no task may report to a window that is going away
        super().closeEvent(event)

