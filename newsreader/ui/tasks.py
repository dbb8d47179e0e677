"""Background work: a QRunnable that reports back to the GUI thread through signals.

The work function runs in QThreadPool, receives the task so it can report
progress, hand over partial results and notice a cancel; it must never touch a
widget, and opens its own Library connection (``library.reopen()``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..core.errors import NewsreaderError

log = logging.getLogger("newsreader.tasks")


class TaskSignals(QObject):
    progress = Signal(int, int, str)  # done, total, what
    partial = Signal(object)  # a piece of the result, delivered as it comes
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()  # after succeeded or failed, always


class Task(QRunnable):
    def __init__(self, work: Callable[[Task], Any], *, name: str = "task") -> None:
        super().__init__()
        self.signals = TaskSignals()
        self.name = name
        self._work = work
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report_progress(self, done: int, total: int, what: str = "") -> None:
        self.signals.progress.emit(done, total, what)

    def deliver(self, piece: object) -> None:
        self.signals.partial.emit(piece)

    def run(self) -> None:
        """Overrides Qt: run the work and report how it ended; never raise into Qt."""
        try:
            try:
                result = self._work(self)
            except NewsreaderError as error:
                self.signals.failed.emit(str(error))
            except Exception as error:  # a bug: log it with its traceback and tell the user
                log.exception("%s failed", self.name)
                self.signals.failed.emit(f"{self.name} failed: {type(error).__name__}: {error}")
            else:
                self.signals.succeeded.emit(result)
            self.signals.finished.emit()
        finally:
            with _RUNNING_GUARD:
                _RUNNING.discard(self)
                _ENDED.append(self)  # released by the GUI thread (see _ENDED)


#: Every started task until its run() returns. Qt's pool holds only the C++ half of a
#: task; without this, closing the window that referred to it frees the Python half,
#: signals included, while the work still runs ("Signal source has been deleted").
_RUNNING: set[Task] = set()
#: Tasks whose run() returned. A task's signals are a QObject of the GUI thread, and must
#: be destroyed there, so the worker never drops the last reference: start() does.
_ENDED: list[Task] = []
_RUNNING_GUARD = threading.Lock()


def start(task: Task, pool: QThreadPool | None = None) -> Task:
    with _RUNNING_GUARD:
        _RUNNING.add(task)
        ended = _ENDED[:]
        _ENDED.clear()
    del ended  # here, on the GUI thread
    (pool or QThreadPool.globalInstance()).start(task)
    return task


def stop_all(timeout_ms: int = 30_000) -> bool:
    """Cancel every running task, let none of them report back (whoever they would tell
    is going away), and wait for them to end; False if some did not within the time."""
    with _RUNNING_GUARD:
        running = list(_RUNNING)
    for task in running:
        task.cancel()
        task.signals.blockSignals(True)
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
