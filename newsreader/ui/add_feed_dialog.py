"""Add feed: the address and the folder in one dialog."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit, QVBoxLayout

from .dialog_buttons import ok_cancel


class AddFeedDialog(QDialog):
    def __init__(self, folders: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add feed")
        self.address = QLineEdit(self)
        self.address.setPlaceholderText("https://example.com/feed.xml, or a site's home page")
        self.folder = QComboBox(self)
        self.folder.setEditable(True)
        self.folder.addItems(["", *folders])
        editor = self.folder.lineEdit()  # there is one: the box is editable
        if editor is not None:
            editor.setPlaceholderText("none (type a new one, or pick one)")
        form = QFormLayout()
        form.addRow("&Address:", self.address)
        form.addRow("&Folder:", self.folder)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self))
        self.resize(520, self.sizeHint().height())
        self.address.setFocus()

    def choice(self) -> tuple[str, str | None]:
        """(address, folder or None)."""
        return self.address.text().strip(), (self.folder.currentText().strip() or None)
