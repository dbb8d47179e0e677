"""Python's garbage collector runs on the GUI thread only.

A Qt object caught in a Python reference cycle (a dialog whose child refers back to
it, a slot closing over its widget) is destroyed when the collector frees the cycle,
in whatever thread happened to trigger the collection. In a worker thread that is a
Qt object destroyed outside its own thread: warnings at best ("QBasicTimer::stop:
Failed. Possibly trying to stop from a different thread"), a crash at worst; seen in
the tests with a worker listing article ids. So automatic collection is switched off
and the GUI thread collects on a timer instead, the young generations often (cheap),
everything now and then.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

YOUNG_EVERY_MS = 2_000
FULL_EVERY = 30  # young collections per full one: a minute


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._ticks = 0
        self._timer = QTimer(self, interval=YOUNG_EVERY_MS)
        self._timer.timeout.connect(self.collect)
        gc.disable()
        self._timer.start()

    def collect(self) -> None:
        self._ticks += 1
        gc.collect(2 if self._ticks % FULL_EVERY == 0 else 1)

    def stop(self) -> None:
        """Give collection back to Python (the app is ending)."""
        self._timer.stop()
        gc.collect()
        gc.enable()


def collect_on_gui_thread(app: QObject) -> GuiThreadCollector:
    """Start collecting on the GUI thread for as long as ``app`` lives."""
    return GuiThreadCollector(app)
