"""Asking for a collection name, completing existing ones and allowing new ones."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QDialog, QLabel, QLineEdit, QVBoxLayout

from .dialog_buttons import ok_cancel


class TagDialog(QDialog):
    def __init__(self, names: Sequence[str], prompt: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Collection")
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Type a collection, new or existing")
        completer = QCompleter(list(names), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edit.setCompleter(completer)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt, self))
        layout.addWidget(self.edit)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())
        self.edit.setFocus()

    @classmethod
    def ask(cls, names: Sequence[str], prompt: str, parent: Any = None) -> str | None:
        """The name typed, or None when cancelled (tests replace this)."""
        dialog = cls(names, prompt, parent)
        if dialog.exec() and dialog.edit.text().strip():
            return dialog.edit.text()
        return None
