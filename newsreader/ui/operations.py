"""Work on the library from the window, and what it changed, on one path.

As Anki's ``CollectionOp``: a :class:`LibraryOp` runs ``work(library, task)`` off the GUI
thread on a connection of its own, shows its progress and lets it be cancelled in the
status bar, shows a failure to the user, and hands what the work changed (the
:class:`~newsreader.core.models.Changes` its Library announced) to ``Operations.changed``
on the GUI thread: during the work with each partial result (an import's batches),
and once at its end. The window's writes on its own Library announce theirs the same
way (``Library.subscribe``), and so do other programs' (the library watch), so the
window has one ``on_library_changed(changes)`` and no hand-made refreshes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from ..core.library import Library
from ..core.models import Changes
from .tasks import Task, start

Work = Callable[[Library, Task], Any]


class _Collected:
    """The changes a worker's Library announced, taken by the GUI thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._changes = Changes()

    def add(self, changes: Changes) -> None:
        with self._lock:
            self._changes = self._changes | changes

    def take(self) -> Changes:
        with self._lock:
            taken, self._changes = self._changes, Changes()
        return taken


class Operations(QObject):
    """Runs the window's LibraryOps: one at a time when they write (``exclusive``)."""

    #: what the library now holds differently (a Changes), always on the GUI thread
    changed = Signal(object)
    #: an operation ended: the last of what it changed (a Changes, maybe nothing), to be
    #: shown now rather than with the next batch of changes
    settled = Signal(object)
    #: an operation could not start because another is running (the reason, for the status bar)
    refused = Signal(str)

    def __init__(self, library: Library, progress: Any, show_error: Callable[[str], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self._progress = progress
        self._show_error = show_error
        self._unsubscribe = library.subscribe(self._announce)

    def close(self) -> None:
        """Stop hearing the Library (it may outlive the window)."""
        self._unsubscribe()

    def _announce(self, changes: Changes) -> None:
        self.changed.emit(changes)

    @property
    def busy(self) -> bool:
        return bool(self._progress.busy)

    def run(self, op: LibraryOp) -> Task | None:
        """Start ``op``; None when another operation holds the library (said on ``refused``)."""
        if op.exclusive and self.busy:
            self.refused.emit("Wait for the running task to finish first.")
            return None
        library, collected, work = self.library, _Collected(), op.work

        def job(task: Task) -> Any:
            with library.reopen() as own:
                own.subscribe(collected.add)
                return work(own, task)

        task = Task(job, name=op.name)
        if op.on_partial is not None:
            task.signals.partial.connect(op.on_partial)
        task.signals.partial.connect(lambda _piece: self._deliver(collected))
        # what the work changed shows before anyone hears it ended
        task.signals.succeeded.connect(lambda _result: self._deliver(collected, settled=True))
        task.signals.failed.connect(lambda _message: self._deliver(collected, settled=True))
        if op.on_done is not None:
            task.signals.succeeded.connect(op.on_done)
        task.signals.failed.connect(op.on_failed or self._show_error)
        if op.label is not None:
            self._progress.track(task, op.label)
        return start(task)

    def _deliver(self, collected: _Collected, *, settled: bool = False) -> None:
        changes = collected.take()
        if settled:
            self.settled.emit(changes)
        elif not changes.nothing:
            self.changed.emit(changes)


class LibraryOp:
    """One piece of background work on the library: ``work(library, task)`` with a
    Library of its own; ``label`` shows in the status bar with a Cancel button (None:
    quiet work such as reading suggestions); ``on_done(result)``, ``on_partial(piece)``
    and ``on_failed(message)`` run on the GUI thread."""

    def __init__(self, name: str, work: Work, *, label: str | None = None,
                 on_done: Callable[[Any], None] | None = None,
                 on_partial: Callable[[Any], None] | None = None,
                 on_failed: Callable[[str], None] | None = None,
                 exclusive: bool = True) -> None:
        self.name, self.work, self.label = name, work, label
        self.on_done, self.on_partial, self.on_failed = on_done, on_partial, on_failed
        self.exclusive = exclusive
