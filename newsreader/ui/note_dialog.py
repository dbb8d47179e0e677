"""Writing why an article is in a collection: a box that wraps, Ctrl+Enter to save."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QVBoxLayout

from .dialog_buttons import ok_cancel


class NoteEdit(QPlainTextEdit):
    """Lines wrap at the box's width; Ctrl+Enter (Cmd+Enter) saves, Enter starts a line."""

    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Overrides Qt: Ctrl+Enter accepts the dialog."""
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self._dialog.accept()
            return
        super().keyPressEvent(event)


class NoteDialog(QDialog):
    def __init__(self, collection: str, text: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Collection note")
        self.edit = NoteEdit(self)
        self.edit.setPlainText(text)
        hint = QLabel("Ctrl+Enter saves.", self)
        hint.setStyleSheet("color: palette(mid);")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Why is this article in “{collection}”?", self))
        layout.addWidget(self.edit)
        layout.addWidget(hint)
        layout.addWidget(ok_cancel(self))
        self.resize(520, 280)
        self.edit.setFocus()

    def note(self) -> str:
        return self.edit.toPlainText().strip()
