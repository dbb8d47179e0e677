"""Noticing what other programs do to the open library, as Zotero does.

The CLI, the sqlite shell, sqlite-utils or Datasette may change the library while the
window shows it. SQLite counts the commits of every other connection
(``PRAGMA data_version``, read from shared memory: no disk access), so asking every
few seconds while the app is idle, and whenever it comes to the front, costs
nothing. The same look notices a library whose file or log was deleted or replaced
under the window: then nothing more can be saved, and the user must be told.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication

from ..core.errors import NewsreaderError
from ..core.library import Library

#: How often an idle window looks for other programs' changes.
POLL_MS = 2_500


class LibraryWatch(QObject):
    #: another program (or a background task) committed changes
    changed = Signal()
    #: the library file or its log was moved or deleted under the window (what to tell)
    files_lost = Signal(str)
    #: the library could not be read at all (what to tell)
    failed = Signal(str)

    def __init__(self, library: Library, parent: Any = None, *, interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self._library = library
        self._reported: str | None = None
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self.on_application_state)
        self.check()  # the baseline: later checks report what changed after it

    @Slot(Qt.ApplicationState)
    def on_application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive and self._timer.isActive():
            self.check()

    @Slot()
    def check(self) -> None:
        """Look once: report lost files, a read failure, or changes (in that order)."""
        problem = self._library.files_problem()
        if problem is not None:
            if problem != self._reported:
                self._reported = problem
                self.files_lost.emit(problem)
            return
        try:
            changed = self._library.changed_elsewhere()
        except NewsreaderError as error:
            message = str(error)
            if message != self._reported:
                self._reported = message
                self.failed.emit(message)
            return
        self._reported = None
        if changed:
            self.changed.emit()

    def stop(self) -> None:
        """Look no more (the window is closing, or its library closed)."""
        self._timer.stop()
