"""Choosing what to export, in which shape, and where."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)
from .dialog_buttons import ok_cancel

FORMATS = (("folder", "Folder of Markdown files (one per article, with index.md)"),
           ("digest", "One Markdown digest"), ("json", "JSON"), ("csv", "CSV"))
SUFFIX = {"digest": ".md", "json": ".json", "csv": ".csv", "folder": ""}


class ExportDialog(QDialog):
    def __init__(self, sources: list[tuple[str, str]], default_name: str,
                 parent: Any = None) -> None:
        """``sources``: (label, key) pairs such as ("Collection “x”", "collection")."""
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.source = QComboBox(self)
        for text, key in sources:
            self.source.addItem(text, key)
        self.format = QComboBox(self)
        for key, text in FORMATS:
            self.format.addItem(text, key)
        self.target = QLineEdit(str(Path.home() / default_name), self)
        browse = QPushButton("Choose…", self)
        browse.clicked.connect(self.on_browse)
        self.format.currentIndexChanged.connect(self.on_format)
        row = QHBoxLayout()
        row.addWidget(self.target, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Export", self.source)
        form.addRow("As", self.format)
        form.addRow("To", row)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def choice(self) -> tuple[str, str, Path]:
        """(source key, format, target path)."""
        return self.source.currentData(), self.format.currentData(), Path(self.target.text())

    def on_format(self, _index: int) -> None:
        path = Path(self.target.text())
        stem = path.name.removesuffix(path.suffix) if path.suffix in SUFFIX.values() else path.name
        self.target.setText(str(path.with_name(stem + SUFFIX[self.format.currentData()])))

    def on_browse(self) -> None:
        if self.format.currentData() == "folder":
            chosen = QFileDialog.getExistingDirectory(self, "Export into folder",
                                                      str(Path(self.target.text()).parent))
            if chosen:
                self.target.setText(str(Path(chosen) / Path(self.target.text()).name))
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export to file", self.target.text())
            if chosen:
                self.target.setText(chosen)
