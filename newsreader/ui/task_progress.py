"""The status-bar strip that shows a running task: what, how far, and Cancel.

The numbers are words in the label ("Importing  1,204 of 3,000"), not text painted
on the bar, where some styles draw it in the bar's own colour and it cannot be read.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QWidget

from .tasks import Task


class TaskProgress(QWidget):
    #: the tracked task ended and nothing is tracked now (another task may start)
    ended = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._task: Task | None = None
        self._title = ""
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setFixedWidth(160)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.cancel_button.clicked.connect(self.on_cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    def track(self, task: Task, title: str) -> None:
        """Show this task until it finishes; the bar is busy until progress arrives."""
        self._task = task
        self._title = title
        self.label.setText(title)
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        task.signals.progress.connect(self.on_progress)
        task.signals.finished.connect(self.on_finished)
        self.show()

    @property
    def busy(self) -> bool:
        return self._task is not None

    @Slot(int, int, str)
    def on_progress(self, done: int, total: int, _what: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        if self.cancel_button.isEnabled():  # "Cancelling…" stays until the task ends
            self.label.setText(f"{self._title}  {done:,} of {total:,}")

    @Slot()
    def on_cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText("Cancelling…")

    @Slot()
    def on_finished(self) -> None:
        self._task = None
        self.hide()
        self.ended.emit()
