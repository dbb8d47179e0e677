"""Entities in the window: finding them in the background, the entity panel, the
watchlist, and pivoting from an entity to the articles that mention it.

The window hands this part its widgets (the panel, the reader) and asks it to search
through ``search_for(query, everywhere)``; it hears ``extraction_done``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSettings, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from ..core.library import Library
from ..core.query import Query
from .entity_panel import ARTICLE_SCOPE, LIST_SCOPE, EntityPanel
from .entity_tasks import extraction_op, top_entities_op
from .operations import Operations
from .reader import ReaderView
from .tasks import Task
from .watchlist_dialog import WatchlistDialog

log = logging.getLogger("newsreader.ui")


class EntitiesController(QObject):
    #: a background extraction ended (found, failed or cancelled)
    extraction_done = Signal()

    def __init__(self, library: Library, ops: Operations, window: QWidget, *,
                 panel: EntityPanel, reader: ReaderView, settings: QSettings,
                 status: Callable[[str, int], None], current_query: Callable[[], Query],
                 search_for: Callable[[Query, bool], None]) -> None:
        super().__init__(window)
        self.library, self.ops, self._window = library, ops, window
        self.panel, self.reader, self.settings = panel, reader, settings
        self._status, self._current_query, self._search_for = status, current_query, search_for
        self._list_task: Task | None = None
        #: an extraction asked for while another task ran ("pending" or "rerun")
        self._waiting: str | None = None
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.start_extraction)
        reader.set_count_provider(self.count_articles_mentioning)
        reader.entity_clicked.connect(self.on_entity_clicked)
        reader.labels_changed.connect(self.on_labels_changed)
        panel.entity_chosen.connect(self.on_entity_chosen)
        panel.scope_changed.connect(self.on_scope)

    # -- finding entities -------------------------------------------------------------
    def start_later(self, delay_ms: int) -> None:
        """Find pending entities a little after the window shows (not if it closed first)."""
        self._timer.start(delay_ms)

    def stop(self) -> None:
        self._timer.stop()

    def start_extraction(self, *, rerun: bool = False) -> Task | None:
        """Find entities in the background for articles that have none yet (or all again).
        While another task runs, this waits for it (an import's new articles get theirs)."""
        if self.library.read_only:
            return None
        if self.ops.busy:
            self._waiting = "rerun" if rerun else (self._waiting or "pending")
            return None
        if not rerun and self.library.pending_entities() == 0:
            return None
        return self.ops.run(extraction_op(rerun=rerun, on_failed=self.on_extraction_failed,
                                          on_done=self.on_extraction_done))

    @Slot()
    def on_task_ended(self) -> None:
        """The status bar's task ended: run the extraction that waited for it."""
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self.start_extraction(rerun=waiting == "rerun")

    @Slot(str)
    def on_extraction_failed(self, message: str) -> None:
        self._status(f"Entities not found: {message}", 15000)
        log.warning("entity extraction failed: %s", message)
        self.extraction_done.emit()

    @Slot(object)
    def on_extraction_done(self, count: Any) -> None:
        if count:
            self._status(f"Found the entities of {count:,} articles.", 5000)
        self.extraction_done.emit()

    @Slot()
    def on_find_again(self) -> None:
        if self.start_extraction(rerun=True) is None and self.ops.busy:
            self._status("Wait for the running task to finish first.", 5000)

    @Slot()
    def on_watchlist(self) -> None:
        dialog = WatchlistDialog(self.library, self._window)
        dialog.exec()
        if dialog.changed:
            self.start_extraction()

    # -- the panel and the reader ------------------------------------------------------
    @Slot(frozenset)
    def on_labels_changed(self, labels: frozenset) -> None:
        self.panel.set_visible_labels(labels)
        self.settings.setValue("reader/labels", sorted(labels))

    def count_articles_mentioning(self, entity_id: int) -> int:
        return self.library.entity_article_counts([entity_id]).get(entity_id, 0)

    @Slot(int)
    def on_entity_clicked(self, entity_id: int) -> None:
        """Every article in the library that mentions this entity."""
        text, _label = self.library.entity(entity_id)
        self._search_for(Query.entity(text), True)

    @Slot(str)
    def on_entity_chosen(self, text: str) -> None:
        """Narrow the current list to the articles that mention the entity."""
        self._search_for(Query.entity(text), False)

    @Slot(int)
    def on_scope(self, scope: int) -> None:
        if scope == LIST_SCOPE:
            self.refresh_list()
            return
        current = self.reader.current_article_id()
        self.panel.show_mentions(self.library.mentions(current) if current else [])

    def show_article(self, mentions: list) -> None:
        """The open article's mentions, when the panel shows the article's entities."""
        if self.panel.current_scope() == ARTICLE_SCOPE:
            self.panel.show_mentions(mentions)

    def list_changed(self) -> None:
        """The list or its entities changed: count again when the panel shows the list's."""
        if self.panel.current_scope() == LIST_SCOPE:
            self.refresh_list()

    def refresh_list(self) -> None:
        if self._list_task is not None:
            self._list_task.cancel()
        self.panel.show_status("Counting…")
        self._list_task = self.ops.run(top_entities_op(
            self._current_query(), on_done=self.on_list_counts, exclusive=False,
            on_failed=lambda message: self.panel.show_status(f"Not counted: {message}")))

    @Slot(object)
    def on_list_counts(self, result: Any) -> None:
        query, counts = result
        if query == self._current_query() and self.panel.current_scope() == LIST_SCOPE:
            self.panel.show_counts(counts)
