"""The one search box: runs the query as you type, after a short pause."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

DEBOUNCE_MS = 250


class SearchBox(QLineEdit):
    #: the query to run ("" when cleared), after typing paused
    query_changed = Signal(str)
    #: Esc or Enter: the user is done typing, focus goes back to the list
    done = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText('Search  (/)   e.g. chip "supply chain" tag:energy is:unread')
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.on_timeout)
        self.textChanged.connect(self.on_text_changed)
        self._last = ""

    def query(self) -> str:
        return self.text().strip()

    @Slot(str)
    def on_text_changed(self, _text: str) -> None:
        self._timer.start()

    @Slot()
    def on_timeout(self) -> None:
        self.flush()

    def reset(self) -> None:
        """Empty the box without running anything (the caller is changing the view)."""
        self._timer.stop()
        self.blockSignals(True)
        self.clear()
        self.blockSignals(False)
        self._last = ""

    def flush(self) -> None:
        """Run the pending query now (Enter, tests) instead of after the pause."""
        self._timer.stop()
        query = self.query()
        if query != self._last:
            self._last = query
            self.query_changed.emit(query)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Overrides Qt: Esc clears the box, Enter runs the query at once."""
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.flush()
            self.done.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.flush()
            self.done.emit()
            return
        super().keyPressEvent(event)
