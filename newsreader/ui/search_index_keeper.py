"""The search index, kept in step while the window is open.

The index beside the library (``Library.update_search_index``) answers searches of a
million articles in milliseconds once it holds every change. The window brings it up to
date in the background: when it opens, and a moment after any change to articles - its
own imports and edits, feed refreshes, another program's writes. Quietly: building it
for a big library takes a minute or more, and meanwhile everything else goes on (the
list and searches use SQLite's own index; the status bar shows how far it has got). It
stops when the window closes and goes on from there the next time.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QLabel, QWidget

from ..core.library import Library
from ..core.models import Changes
from .operations import LibraryOp, Operations
from .tasks import Task

log = logging.getLogger("newsreader.ui")

#: wait this long after a change for more to come before updating the index
SETTLE_MS = 1500
#: below this many changes the update is too short to be worth a word in the status bar
SAY_FROM = 5_000


class SearchIndexKeeper(QObject):
    """Updates the search index after changes, one update at a time."""

    def __init__(self, library: Library, ops: Operations, parent: QWidget) -> None:
        super().__init__(parent)
        self.library = library
        self.ops = ops
        #: the status bar's note while a long update runs
        self.note = QLabel(parent)
        self.note.hide()
        self._timer = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._timer.timeout.connect(self.update_now)
        self._task: Task | None = None
        self._again = False

    @property
    def running(self) -> bool:
        return self._task is not None

    def start(self) -> None:
        """Update soon after the window shows (it may have missed changes while closed)."""
        self._timer.start(0)

    def stop(self) -> None:
        self._timer.stop()
        if self._task is not None:
            self._task.cancel()

    def on_library_changed(self, changes: Changes) -> None:
        if changes.articles or changes.details or changes.elsewhere:
            self._timer.start(SETTLE_MS)

    @Slot()
    def update_now(self) -> None:
        if self._task is not None:
            self._again = True
            return
        if self.library.read_only:
            return
        status = self.library.search_index_status()
        if status is None or (status.exists and status.behind == 0):
            return
        building = not status.exists

        def work(library: Library, task: Task) -> Any:
            return library.update_search_index(task.report_progress, lambda: task.cancelled)

        op = LibraryOp("Search index", work, label=None, on_done=self._done,
                       on_failed=self._failed, exclusive=False)
        task = self.ops.run(op)
        if task is not None and (building or status.behind >= SAY_FROM):
            what = "Building" if building else "Updating"
            task.signals.progress.connect(
                lambda done, total, _what: self._say(what, done, total))
        self._task = task

    def _say(self, what: str, done: int, total: int) -> None:
        share = f"{100 * done // total}%" if total else ""
        self.note.setText(f"{what} the search index… {share}")
        self.note.show()

    def _done(self, report: Any) -> None:
        self._finished()
        if report is not None and report.skipped:
            log.info("search index not updated: %s", report.skipped)

    def _failed(self, message: str) -> None:
        log.warning("search index: %s", message)  # searches go on with SQLite's index
        self._finished()

    def _finished(self) -> None:
        self._task = None
        self.note.hide()
        if self._again:
            self._again = False
            self._timer.start(SETTLE_MS)
